//! Tenants and roles.

use std::str::FromStr;

use crate::invalid::InvalidValue;

/// Whether `raw` matches `[a-z0-9-]{2,40}`, the rule of tenant and show slugs.
pub fn is_valid_slug(raw: &str) -> bool {
    (2..=40).contains(&raw.len())
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The short name of a tenant used in its sub-domain or `X-Tenant` header: `[a-z0-9-]{2,40}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantSlug(String);

impl TenantSlug {
    /// The slug as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for TenantSlug {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        if is_valid_slug(raw) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidValue::new(
                "slug ([a-z0-9-]{2,40})",
                "invalid_slug",
                raw,
            ))
        }
    }
}

serde_via_str!(
    TenantSlug,
    crate::schema::pattern(crate::schema::SLUG_PATTERN)
);

/// The role of an API token within its tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Everything in the tenant, including tenant and token administration.
    Admin,
    /// Everything but tenant and token administration.
    Ops,
    /// Read access scoped to a list of shows.
    Creator,
    /// Read access scoped to one advertiser.
    Advertiser,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Ops, Role::Creator, Role::Advertiser];

    /// The snake_case name of the role.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Ops => "ops",
            Role::Creator => "creator",
            Role::Advertiser => "advertiser",
        }
    }
}

impl FromStr for Role {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == raw)
            .ok_or_else(|| InvalidValue::new("role", "unknown_role", raw))
    }
}

serde_via_str!(
    Role,
    crate::schema::one_of(Role::ALL.iter().map(Role::as_str))
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_pattern() {
        assert!("acme".parse::<TenantSlug>().is_ok());
        assert!("a-1".parse::<TenantSlug>().is_ok());
        assert!("a".repeat(40).parse::<TenantSlug>().is_ok());
        assert!("a".parse::<TenantSlug>().is_err());
        assert!("a".repeat(41).parse::<TenantSlug>().is_err());
        assert!("Acme".parse::<TenantSlug>().is_err());
        assert!("ac_me".parse::<TenantSlug>().is_err());
        assert!(serde_json::from_str::<TenantSlug>("\"AC\"").is_err());
        let slug: TenantSlug = serde_json::from_str("\"acme\"").unwrap();
        assert_eq!(slug.to_string(), "acme");
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!("Admin".parse::<Role>().unwrap_err().code(), "unknown_role");
    }
}
