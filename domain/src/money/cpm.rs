//! Prices per 1,000 impressions.

use serde::{Deserialize, Serialize};

use crate::bounds::{Overflow, MAX_CPM};
use crate::invalid::InvalidValue;

/// A price per 1,000 impressions, as a positive integer count of minor units of the
/// (tenant's) currency, at most [`MAX_CPM`].
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
pub struct Cpm(i64);

impl Cpm {
    /// A CPM of `minor_units`; it must be greater than zero and at most [`MAX_CPM`].
    pub fn new(minor_units: i64) -> Result<Cpm, InvalidValue> {
        match minor_units {
            n if n <= 0 => Err(InvalidValue::new(
                "CPM (a positive amount in minor units)",
                "not_positive",
                minor_units.to_string(),
            )),
            n if n > MAX_CPM => Err(InvalidValue::new(
                "CPM (at most 1,000,000,000 minor units)",
                "too_large",
                minor_units.to_string(),
            )),
            n => Ok(Cpm(n)),
        }
    }

    /// The price of 1,000 impressions in minor units.
    pub fn minor_units(&self) -> i64 {
        self.0
    }

    /// The cost of `impressions` at this CPM in minor units, computed exactly and rounded once,
    /// half away from zero; an [`Overflow`] if it does not fit an `i64`.
    pub fn cost_of(&self, impressions: u64) -> Result<i64, Overflow> {
        let exact = i128::from(impressions) * i128::from(self.0);
        let rounded = (exact + 500) / 1000;
        i64::try_from(rounded).map_err(|_| Overflow::of("cost"))
    }
}

impl TryFrom<i64> for Cpm {
    type Error = InvalidValue;

    fn try_from(minor_units: i64) -> Result<Self, Self::Error> {
        Cpm::new(minor_units)
    }
}

impl From<Cpm> for i64 {
    fn from(cpm: Cpm) -> i64 {
        cpm.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpm_must_be_positive() {
        assert_eq!(Cpm::new(2500).unwrap().minor_units(), 2500);
        assert_eq!(Cpm::new(0).unwrap_err().code(), "not_positive");
        assert!(Cpm::new(-1).is_err());
        assert!(Cpm::new(MAX_CPM).is_ok());
        assert_eq!(Cpm::new(MAX_CPM + 1).unwrap_err().code(), "too_large");
        assert!(serde_json::from_str::<Cpm>("1000000001").is_err());
        assert_eq!(serde_json::from_str::<Cpm>("2500").unwrap(), Cpm(2500));
        assert!(serde_json::from_str::<Cpm>("0").is_err());
        assert_eq!(serde_json::to_string(&Cpm(7)).unwrap(), "7");
    }

    #[test]
    fn cpm_cost_rounds_half_away_from_zero() {
        let cpm = Cpm::new(2500).unwrap();
        assert_eq!(cpm.cost_of(1000), Ok(2500));
        assert_eq!(cpm.cost_of(1), Ok(3)); // 2.5 -> 3
        assert_eq!(Cpm::new(1499).unwrap().cost_of(1), Ok(1)); // 1.499 -> 1
        assert_eq!(cpm.cost_of(0), Ok(0));
        assert!(Cpm::new(MAX_CPM).unwrap().cost_of(u64::MAX).is_err());
    }
}
