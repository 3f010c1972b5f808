//! Prices per 1,000 impressions.

use serde::{Deserialize, Serialize};

use crate::invalid::InvalidValue;

/// A price per 1,000 impressions, as a positive integer count of minor units of the
/// (tenant's) currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Cpm(i64);

impl Cpm {
    /// A CPM of `minor_units`; it must be greater than zero.
    pub fn new(minor_units: i64) -> Result<Cpm, InvalidValue> {
        if minor_units > 0 {
            Ok(Cpm(minor_units))
        } else {
            Err(InvalidValue::new(
                "CPM (a positive amount in minor units)",
                "not_positive",
                minor_units.to_string(),
            ))
        }
    }

    /// The price of 1,000 impressions in minor units.
    pub fn minor_units(&self) -> i64 {
        self.0
    }

    /// The cost of `impressions` at this CPM in minor units, computed exactly and rounded once,
    /// half away from zero. Saturates at `i64::MAX`.
    pub fn cost_of(&self, impressions: u64) -> i64 {
        let exact = i128::from(impressions) * i128::from(self.0);
        let rounded = (exact + 500) / 1000;
        i64::try_from(rounded).unwrap_or(i64::MAX)
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
        assert_eq!(serde_json::from_str::<Cpm>("2500").unwrap(), Cpm(2500));
        assert!(serde_json::from_str::<Cpm>("0").is_err());
        assert_eq!(serde_json::to_string(&Cpm(7)).unwrap(), "7");
    }

    #[test]
    fn cpm_cost_rounds_half_away_from_zero() {
        let cpm = Cpm::new(2500).unwrap();
        assert_eq!(cpm.cost_of(1000), 2500);
        assert_eq!(cpm.cost_of(1), 3); // 2.5 -> 3
        assert_eq!(Cpm::new(1499).unwrap().cost_of(1), 1); // 1.499 -> 1
        assert_eq!(cpm.cost_of(0), 0);
    }
}
