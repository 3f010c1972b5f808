//! What a new token may be granted: a clean name, and shows or an advertiser that exist in
//! the tenant's catalog.

use cuepoint_domain::ids::{AdvertiserId, ShowId, TenantId};
use cuepoint_domain::io::{CatalogLookup, LookupFailed};
use cuepoint_domain::tenancy::Role;
use cuepoint_domain::text::forbidden_char;
use cuepoint_domain::violation::Violations;

use crate::commands::ReadModelCatalog;
use crate::tenancy::{Grant, TenancyError};

/// The longest token name, in characters.
pub const MAX_TOKEN_NAME_CHARS: usize = 200;

/// Checks a token's name and grant against the tenant's catalog: every violation, by field
/// (`name`, `show_ids[i]`, `advertiser_id`).
pub async fn check_grant(
    catalog: &ReadModelCatalog,
    tenant: &TenantId,
    name: &str,
    grant: &Grant,
) -> Result<(), TenancyError> {
    let mut v = Violations::new();
    if name.trim().is_empty() || name.chars().count() > MAX_TOKEN_NAME_CHARS {
        v.add(
            "name",
            "invalid_name",
            "a token name has 1 to 200 characters",
        );
    } else if let Some(c) = forbidden_char(name) {
        let message = format!(
            "the control character U+{:04X} is not allowed",
            u32::from(c)
        );
        v.add("name", "invalid_character", message);
    }
    match grant.role {
        Role::Creator if grant.show_ids.is_empty() => v.add(
            "show_ids",
            "required",
            "a creator token needs at least one show",
        ),
        Role::Advertiser if grant.advertiser_id.is_none() => v.add(
            "advertiser_id",
            "required",
            "an advertiser token needs an advertiser",
        ),
        _ => {}
    }
    for (i, raw) in grant.show_ids.iter().enumerate() {
        let known = match raw.parse::<ShowId>() {
            Ok(show) => catalog
                .show_exists(tenant, &show)
                .await
                .map_err(unavailable)?,
            Err(_) => false,
        };
        if !known {
            v.add(
                format!("show_ids[{i}]"),
                "unknown_show",
                format!("no show {raw:?} in this tenant"),
            );
        }
    }
    if let Some(raw) = &grant.advertiser_id {
        let known = match raw.parse::<AdvertiserId>() {
            Ok(advertiser) => {
                (catalog.advertiser_exists(tenant, &advertiser).await).map_err(unavailable)?
            }
            Err(_) => false,
        };
        if !known {
            let message = format!("no advertiser {raw:?} in this tenant");
            v.add("advertiser_id", "unknown_advertiser", message);
        }
    }
    if v.is_empty() {
        Ok(())
    } else {
        Err(TenancyError::InvalidGrant(v))
    }
}

fn unavailable(_: LookupFailed) -> TenancyError {
    TenancyError::CatalogUnavailable
}
