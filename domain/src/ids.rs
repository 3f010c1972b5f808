//! Newtype identifiers of aggregates. Ids are opaque strings; new ones are UUID v7.
//! Episodes are named by their hosting platform, so [`EpisodeId`] has a rule of its own.

use std::str::FromStr;

mod episode;

pub use episode::{EpisodeId, MAX_EPISODE_ID_LEN};

/// The longest accepted id, in characters.
pub const MAX_ID_LEN: usize = 64;

/// A string that is not a valid id: empty, longer than [`MAX_ID_LEN`], or holding a character
/// outside `[A-Za-z0-9_-]`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid id: expected 1 to 64 characters of [A-Za-z0-9_-]")]
pub struct InvalidId(pub String);

/// Whether `raw` has the form of an id: 1 to [`MAX_ID_LEN`] characters of `[A-Za-z0-9_-]`.
pub fn is_valid_id(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= MAX_ID_LEN
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// A new, time-ordered id: a UUID v7, lowercase and hyphenated.
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                if is_valid_id(raw) {
                    Ok(Self(raw.to_owned()))
                } else {
                    Err(InvalidId(raw.to_owned()))
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        serde_via_str!($name, $crate::schema::pattern($crate::schema::ID_PATTERN));
    };
}

id_type!(
    /// The id of a tenant (a podcast network or sales house).
    TenantId
);
id_type!(
    /// The id of a show (a podcast) in the catalog.
    ShowId
);
id_type!(
    /// The id of an advertiser in the catalog.
    AdvertiserId
);
id_type!(
    /// The id of an insertion order (an `IoBooking` aggregate).
    IoId
);
id_type!(
    /// The id of a line item within its insertion order (assigned by the IO: `li-1`, `li-2`...).
    LineItemId
);
id_type!(
    /// The id of a makegood within its insertion order (assigned by the IO: `mg-1`, `mg-2`...).
    MakegoodId
);
id_type!(
    /// The id of a deal in the sales pipeline.
    DealId
);
id_type!(
    /// The id of an import of listener metrics.
    ImportId
);
id_type!(
    /// The id of an API token (not its secret).
    TokenId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_lowercase_uuid_v7() {
        let id = ShowId::generate();
        let uuid = uuid::Uuid::parse_str(id.as_str()).unwrap();
        assert_eq!(uuid.get_version_num(), 7);
        assert_eq!(id.as_str(), id.as_str().to_lowercase());
        assert_eq!(id.as_str().len(), 36);
        assert_ne!(ShowId::generate(), ShowId::generate());
    }

    #[test]
    fn parsing_accepts_the_id_alphabet_only() {
        assert!("abc_DEF-123".parse::<TenantId>().is_ok());
        assert!("a".repeat(64).parse::<TenantId>().is_ok());
        assert_eq!("".parse::<TenantId>(), Err(InvalidId(String::new())));
        assert!("a".repeat(65).parse::<TenantId>().is_err());
        assert!("a b".parse::<TenantId>().is_err());
        assert!("a/b".parse::<TenantId>().is_err());
        assert!("é".parse::<TenantId>().is_err());
    }

    #[test]
    fn serde_is_a_validated_string() {
        let id: AdvertiserId = serde_json::from_str("\"adv-1\"").unwrap();
        assert_eq!(id.to_string(), "adv-1");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"adv-1\"");
        assert!(serde_json::from_str::<AdvertiserId>("\"bad id\"").is_err());
        assert!(serde_json::from_str::<AdvertiserId>("\"\"").is_err());
    }
}
