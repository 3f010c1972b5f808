//! How an ad is voiced.

use std::str::FromStr;

use crate::invalid::InvalidValue;

/// The format of a line item's ad; serialized `host_read`, `announcer`, `programmatic`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Read by the show's host.
    HostRead,
    /// Read by an announcer (a produced spot).
    Announcer,
    /// Inserted programmatically.
    Programmatic,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::HostRead, Format::Announcer, Format::Programmatic];

    /// The snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::HostRead => "host_read",
            Format::Announcer => "announcer",
            Format::Programmatic => "programmatic",
        }
    }
}

impl FromStr for Format {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == raw)
            .ok_or_else(|| {
                InvalidValue::new(
                    "format (host_read, announcer, programmatic)",
                    "unknown_format",
                    raw,
                )
            })
    }
}

serde_via_str!(
    Format,
    crate::schema::one_of(Format::ALL.iter().map(Format::as_str))
);
