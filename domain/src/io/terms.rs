//! The commercial terms of an IO: payment terms and makegood tolerance.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::invalid::InvalidValue;

/// The longest payment term, in days.
pub const MAX_NET_DAYS: u16 = 180;

/// When the advertiser pays. Serialized `prepaid` or `net_<days>` (`net_30`, `net_45`,
/// `net_60`...), with 1..=180 days after the invoice. The default is `net_30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaymentTerms {
    /// Paid before the flight starts.
    Prepaid,
    /// Paid this many days after the invoice.
    Net(u16),
}

impl PaymentTerms {
    /// The name: `prepaid` or `net_<days>`.
    pub fn as_str(&self) -> String {
        match self {
            PaymentTerms::Prepaid => "prepaid".to_owned(),
            PaymentTerms::Net(days) => format!("net_{days}"),
        }
    }
}

impl Default for PaymentTerms {
    fn default() -> Self {
        PaymentTerms::Net(30)
    }
}

impl FromStr for PaymentTerms {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        if raw == "prepaid" {
            return Ok(PaymentTerms::Prepaid);
        }
        raw.strip_prefix("net_")
            .filter(|d| !d.starts_with('0') && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u16>().ok())
            .filter(|d| (1..=MAX_NET_DAYS).contains(d))
            .map(PaymentTerms::Net)
            .ok_or_else(|| {
                InvalidValue::new(
                    "payment terms (prepaid or net_1..net_180)",
                    "unknown_payment_terms",
                    raw,
                )
            })
    }
}

impl std::fmt::Display for PaymentTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str())
    }
}

string_schema!(
    PaymentTerms,
    crate::schema::pattern("^(prepaid|net_([1-9][0-9]?|1[0-7][0-9]|180))$")
);

impl Serialize for PaymentTerms {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.as_str())
    }
}

impl<'de> Deserialize<'de> for PaymentTerms {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

/// How far below its goal a CPM line may deliver and still count as `delivered`, in basis
/// points of the goal (1000 = 10 %, the default; 0..=10000).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(try_from = "i64", into = "u16")]
pub struct MakegoodTolerance(u16);

impl MakegoodTolerance {
    /// The default tolerance, 10 %.
    pub const DEFAULT: MakegoodTolerance = MakegoodTolerance(1000);

    /// A tolerance of `basis_points` (0..=10000).
    pub fn from_basis_points(basis_points: i64) -> Result<Self, InvalidValue> {
        u16::try_from(basis_points)
            .ok()
            .filter(|bps| *bps <= 10_000)
            .map(MakegoodTolerance)
            .ok_or_else(|| {
                InvalidValue::new(
                    "makegood tolerance (0..=10000 basis points)",
                    "out_of_range",
                    basis_points.to_string(),
                )
            })
    }

    /// The tolerance in basis points.
    pub fn basis_points(&self) -> u16 {
        self.0
    }

    /// Whether `delivered` meets `goal` within the tolerance:
    /// `delivered >= goal * (1 - tolerance)`, computed exactly.
    pub fn is_met(&self, goal: u64, delivered: u64) -> bool {
        u128::from(delivered) * 10_000 >= u128::from(goal) * u128::from(10_000 - self.0)
    }
}

impl Default for MakegoodTolerance {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<i64> for MakegoodTolerance {
    type Error = InvalidValue;

    fn try_from(basis_points: i64) -> Result<Self, Self::Error> {
        MakegoodTolerance::from_basis_points(basis_points)
    }
}

impl From<MakegoodTolerance> for u16 {
    fn from(tolerance: MakegoodTolerance) -> u16 {
        tolerance.0
    }
}
