//! Audience shares as exact integers, so that the fit score is computed without floating
//! point error.
//!
//! A share arrives as the decimal a user typed (`0.35`), held in an `f64`. It is read to
//! nine decimal places, i.e. in parts per billion ([`SHARE_SCALE`]): `(share × 10^9)` rounded
//! to the nearest integer, which is exact for every decimal of up to nine places. All the
//! arithmetic after that is on integers.

use std::collections::BTreeMap;

/// Parts per whole of a [`Share`]: one billion.
pub const SHARE_SCALE: i64 = 1_000_000_000;

/// A share of listeners in parts per billion, `0..=SHARE_SCALE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Share(i64);

impl Share {
    /// The whole audience: what a dimension the advertiser does not target counts.
    pub const WHOLE: Share = Share(SHARE_SCALE);

    /// `fraction` read to nine decimal places, clamped to `0..=1` (profiles may sum to
    /// 1.01; a non-number counts 0).
    pub fn of(fraction: f64) -> Share {
        if fraction.is_nan() {
            return Share(0);
        }
        let ppb = (fraction.clamp(0.0, 1.0) * SHARE_SCALE as f64).round();
        // In 0..=10^9 after the clamp, so the conversion is exact.
        Share(ppb as i64)
    }

    /// The share of listeners whose label is one of `targets`: the sum of their shares,
    /// each read to nine places, at most the whole (0 when the profile does not know the
    /// dimension).
    pub fn of_targets<K: Ord>(profile: &BTreeMap<K, f64>, targets: &[K]) -> Share {
        let sum: i64 = (profile.iter())
            .filter(|(label, _)| targets.contains(label))
            .map(|(_, &share)| Share::of(share).0)
            .sum();
        Share(sum.min(SHARE_SCALE))
    }

    /// Parts per billion.
    pub fn ppb(&self) -> i64 {
        self.0
    }

    /// The share as a number `0..=1`, for display.
    pub fn as_f64(&self) -> f64 {
        self.0 as f64 / SHARE_SCALE as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_read_to_nine_places_and_clamped() {
        assert_eq!(Share::of(0.35).ppb(), 350_000_000);
        assert_eq!(Share::of(0.123456789).ppb(), 123_456_789);
        assert_eq!(Share::of(1.2), Share::WHOLE);
        assert_eq!(Share::of(-0.1).ppb(), 0);
        assert_eq!(Share::of(f64::NAN).ppb(), 0);
        let profile = BTreeMap::from([("a", 0.7), ("b", 0.2), ("c", 0.1)]);
        assert_eq!(Share::of_targets(&profile, &["a", "c"]).ppb(), 800_000_000);
        assert_eq!(Share::of_targets(&profile, &["z"]).ppb(), 0);
        assert_eq!(Share::of(0.8).as_f64(), 0.8);
    }
}
