//! The largest counts and amounts Cuepoint accepts, and the error of a sum that does not fit.
//!
//! Every bound is chosen so that the sums the product computes fit in an `i64` with room to
//! spare, and so that money figures stay exact in a JSON number (below 2^53 ≈ 9.007 × 10^15,
//! the largest integer a JavaScript client reads exactly):
//!
//! | value | largest accepted | why it is enough, and what it keeps in range |
//! |---|---|---|
//! | downloads or listeners of one metrics row (a show or episode, a day, a source) | [`MAX_DAILY_COUNT`] = 10^10 | more than every person alive, per day; a show's total over 100 years of days is under 4 × 10^14 per row key |
//! | impressions (a CPM line's goal, a makegood) | [`MAX_IMPRESSIONS`] = 10^11 | ten years of a top show's downloads |
//! | CPM | [`MAX_CPM`] = 10^9 minor units | 10,000,000.00 per thousand, even in high-nominal currencies |
//! | a money amount (a flat fee, a CPM line's value `goal × CPM / 1000`, a deal) | [`MAX_AMOUNT`] = 10^13 minor units | 100 billion dollars in cents |
//! | line items of an IO | [`MAX_LINE_ITEMS`](crate::io::MAX_LINE_ITEMS) = 200 | an IO total is at most 2 × 10^15 < 2^53 |
//!
//! Larger inputs are refused at the edge (422 on the field, or a rejected import row with
//! its line). Arithmetic on money and counts is checked all the same: a sum that does not
//! fit is an [`Overflow`] error, never a wrapped or capped figure.

/// The most downloads (or listeners) one metrics row may carry.
pub const MAX_DAILY_COUNT: i64 = 10_000_000_000;

/// The most impressions a CPM line's goal or a makegood may name.
pub const MAX_IMPRESSIONS: u64 = 100_000_000_000;

/// The highest CPM, in minor units.
pub const MAX_CPM: i64 = 1_000_000_000;

/// The largest money amount of one line, fee or deal, in minor units.
pub const MAX_AMOUNT: i64 = 10_000_000_000_000;

/// A sum or product of money or counts that does not fit its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what} is out of range")]
pub struct Overflow {
    what: &'static str,
}

impl Overflow {
    /// An overflow of the figure named `what` (e.g. `"IO total"`).
    pub fn of(what: &'static str) -> Overflow {
        Overflow { what }
    }

    /// The figure that did not fit.
    pub fn what(&self) -> &'static str {
        self.what
    }
}

/// The sum of `values`, or an [`Overflow`] of `what` if it does not fit an `i64`.
pub fn checked_sum(
    values: impl IntoIterator<Item = i64>,
    what: &'static str,
) -> Result<i64, Overflow> {
    values.into_iter().try_fold(0_i64, |sum, value| {
        sum.checked_add(value).ok_or(Overflow::of(what))
    })
}

/// The sum of `values`, or an [`Overflow`] of `what` if it does not fit a `u64`.
pub fn checked_count(
    values: impl IntoIterator<Item = u64>,
    what: &'static str,
) -> Result<u64, Overflow> {
    values.into_iter().try_fold(0_u64, |sum, value| {
        sum.checked_add(value).ok_or(Overflow::of(what))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::MAX_LINE_ITEMS;

    #[test]
    fn the_largest_io_total_is_exact_in_json() {
        let largest = i64::try_from(MAX_LINE_ITEMS).unwrap() * MAX_AMOUNT;
        assert!(largest < 1 << 53);
    }

    #[test]
    fn the_largest_cpm_line_value_fits_before_its_bound_is_checked() {
        let product = i128::from(MAX_IMPRESSIONS) * i128::from(MAX_CPM);
        assert!(product / 1000 < i128::from(i64::MAX));
    }

    #[test]
    fn sums_that_do_not_fit_are_errors() {
        assert_eq!(checked_sum([1, 2, 3], "total"), Ok(6));
        assert_eq!(
            checked_sum([i64::MAX, 1], "IO total"),
            Err(Overflow::of("IO total"))
        );
        assert_eq!(checked_count([u64::MAX, 0], "delivered"), Ok(u64::MAX));
        assert_eq!(
            checked_count([u64::MAX, 1], "delivered")
                .unwrap_err()
                .what(),
            "delivered"
        );
    }
}
