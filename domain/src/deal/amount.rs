//! The amount of a deal.

use serde::{Deserialize, Serialize};

use crate::bounds::MAX_AMOUNT;
use crate::invalid::InvalidValue;

/// What a deal is worth: a positive integer count of minor units of its (tenant's)
/// currency, at most [`MAX_AMOUNT`].
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
pub struct DealAmount(i64);

impl DealAmount {
    /// An amount of `minor_units`; it must be greater than zero and at most [`MAX_AMOUNT`]
    /// (codes `not_positive`, `too_large`).
    pub fn new(minor_units: i64) -> Result<DealAmount, InvalidValue> {
        match minor_units {
            n if n <= 0 => Err(InvalidValue::new(
                "deal amount (a positive amount in minor units)",
                "not_positive",
                minor_units.to_string(),
            )),
            n if n > MAX_AMOUNT => Err(InvalidValue::new(
                "deal amount (at most 10,000,000,000,000 minor units)",
                "too_large",
                minor_units.to_string(),
            )),
            n => Ok(DealAmount(n)),
        }
    }

    /// The amount in minor units.
    pub fn minor_units(&self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for DealAmount {
    type Error = InvalidValue;

    fn try_from(minor_units: i64) -> Result<Self, Self::Error> {
        DealAmount::new(minor_units)
    }
}

impl From<DealAmount> for i64 {
    fn from(amount: DealAmount) -> i64 {
        amount.0
    }
}
