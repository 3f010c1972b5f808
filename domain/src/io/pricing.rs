//! How a line item is priced: per thousand impressions against a goal, or a flat fee.

use std::num::NonZeroU64;

use serde::{Deserialize, Serialize};

use crate::bounds::{Overflow, MAX_AMOUNT};
use crate::invalid::InvalidValue;
use crate::money::Cpm;

/// A flat fee: a positive integer count of minor units of the IO's currency, at most
/// [`MAX_AMOUNT`].
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
#[serde(try_from = "i64", into = "i64")]
pub struct Fee(i64);

impl Fee {
    /// A fee of `minor_units`; it must be greater than zero and at most [`MAX_AMOUNT`].
    pub fn new(minor_units: i64) -> Result<Fee, InvalidValue> {
        match minor_units {
            n if n <= 0 => Err(InvalidValue::new(
                "fee (a positive amount in minor units)",
                "not_positive",
                minor_units.to_string(),
            )),
            n if n > MAX_AMOUNT => Err(InvalidValue::new(
                "fee (at most 10,000,000,000,000 minor units)",
                "too_large",
                minor_units.to_string(),
            )),
            n => Ok(Fee(n)),
        }
    }

    /// The fee in minor units.
    pub fn minor_units(&self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for Fee {
    type Error = InvalidValue;

    fn try_from(minor_units: i64) -> Result<Self, Self::Error> {
        Fee::new(minor_units)
    }
}

impl From<Fee> for i64 {
    fn from(fee: Fee) -> i64 {
        fee.0
    }
}

/// The price of a line item. Serialized with a `type` tag:
/// `{"type": "cpm", "cpm": 2500, "goal": 30000}` or `{"type": "flat", "fee": 150000}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Pricing {
    /// A price per 1,000 delivered impressions, up to an impressions goal.
    Cpm {
        /// Minor units per 1,000 impressions.
        cpm: Cpm,
        /// The impressions booked (> 0).
        goal: NonZeroU64,
    },
    /// A fixed fee for the whole flight.
    Flat {
        /// The fee in minor units (> 0).
        fee: Fee,
    },
}

impl Pricing {
    /// The booked value of the line in minor units, rounded once half away from zero:
    /// `goal * cpm / 1000` for a CPM line, the fee for a flat line; an [`Overflow`] if it
    /// does not fit (the edge refuses lines worth more than [`MAX_AMOUNT`]).
    pub fn total(&self) -> Result<i64, Overflow> {
        match self {
            Pricing::Cpm { cpm, goal } => cpm.cost_of(goal.get()),
            Pricing::Flat { fee } => Ok(fee.minor_units()),
        }
    }

    /// The impressions goal of a CPM line; `None` for a flat line.
    pub fn goal(&self) -> Option<u64> {
        match self {
            Pricing::Cpm { goal, .. } => Some(goal.get()),
            Pricing::Flat { .. } => None,
        }
    }

    /// `cpm` or `flat`.
    pub fn kind(&self) -> &'static str {
        match self {
            Pricing::Cpm { .. } => "cpm",
            Pricing::Flat { .. } => "flat",
        }
    }
}
