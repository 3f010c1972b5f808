//! Revenue recognition of a line (docs/rules.md, revenue).
//!
//! > Revenue recognized through D: CPM line `min(delivered, goal) * cpm / 1000`; flat line
//! > `fee * elapsed / flight_days`. Revenue of a line in a window (such as the last 30 days:
//! > D-29..D) is its exact revenue through D minus its exact revenue through the day before
//! > the window, then rounded. Only signed IOs (including live and completed) recognize
//! > revenue.
//!
//! Amounts stay exact fractions of a minor unit until the one rounding, half away from
//! zero. Whether the IO recognizes revenue at all is
//! [`IoStatus::recognizes_revenue`](super::IoStatus::recognizes_revenue).

use chrono::{Days, NaiveDate};

use super::{LineItem, Pricing};
use crate::bounds::Overflow;

/// An exact amount of minor units: `numerator / denominator`, `denominator > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExactAmount {
    numerator: i128,
    denominator: i128,
}

impl ExactAmount {
    /// `numerator / denominator` minor units; a zero denominator reads as zero.
    pub fn new(numerator: i128, denominator: i128) -> ExactAmount {
        match denominator {
            0 => ExactAmount::new(0, 1),
            d if d < 0 => ExactAmount::new(-numerator, -d),
            d => ExactAmount {
                numerator,
                denominator: d,
            },
        }
    }

    /// The numerator.
    pub fn numerator(&self) -> i128 {
        self.numerator
    }

    /// The denominator (> 0).
    pub fn denominator(&self) -> i128 {
        self.denominator
    }

    /// `self - other`, exactly; an [`Overflow`] if it does not fit.
    pub fn minus(self, other: ExactAmount) -> Result<ExactAmount, Overflow> {
        let overflow = || Overflow::of("revenue");
        if self.denominator == other.denominator {
            let n = self
                .numerator
                .checked_sub(other.numerator)
                .ok_or_else(overflow)?;
            return Ok(ExactAmount::new(n, self.denominator));
        }
        let left = self.numerator.checked_mul(other.denominator);
        let right = other.numerator.checked_mul(self.denominator);
        let n = left.zip(right).and_then(|(l, r)| l.checked_sub(r));
        let d = self.denominator.checked_mul(other.denominator);
        Ok(ExactAmount::new(
            n.ok_or_else(overflow)?,
            d.ok_or_else(overflow)?,
        ))
    }

    /// Rounded once to whole minor units, half away from zero; an [`Overflow`] if the result
    /// does not fit an `i64`.
    pub fn round(self) -> Result<i64, Overflow> {
        let (n, d) = (self.numerator, self.denominator);
        let overflow = || Overflow::of("revenue");
        let twice = n.unsigned_abs().checked_mul(2).ok_or_else(overflow)?;
        let d = d.unsigned_abs();
        let magnitude = twice.checked_add(d).ok_or_else(overflow)? / (2 * d);
        let magnitude = i64::try_from(magnitude).map_err(|_| overflow())?;
        Ok(if n < 0 { -magnitude } else { magnitude })
    }
}

/// The exact revenue of `line` recognized through `day`, given `delivered` impressions from
/// its start through `min(day, end)`: `min(delivered, goal) * cpm / 1000` for a CPM line,
/// `fee * elapsed / flight_days` for a flat line.
pub fn revenue_through(line: &LineItem, delivered: u64, day: NaiveDate) -> ExactAmount {
    match line.pricing() {
        Pricing::Cpm { cpm, goal } => {
            let billable = i128::from(delivered.min(goal.get()));
            ExactAmount::new(billable * i128::from(cpm.minor_units()), 1000)
        }
        Pricing::Flat { fee } => {
            let flight = line.flight();
            ExactAmount::new(
                i128::from(fee.minor_units()) * i128::from(flight.elapsed(day)),
                i128::from(flight.days()),
            )
        }
    }
}

/// The revenue of `line` in the window `from..=to`, in minor units: the exact revenue
/// through `to` minus the exact revenue through the day before `from`, rounded once.
/// `delivered_through_to` and `delivered_before_from` are the line's delivered impressions
/// through `to` and through `from - 1`.
pub fn revenue_in_window(
    line: &LineItem,
    from: NaiveDate,
    to: NaiveDate,
    delivered_through_to: u64,
    delivered_before_from: u64,
) -> Result<i64, Overflow> {
    let through_to = revenue_through(line, delivered_through_to, to);
    let day_before = from.checked_sub_days(Days::new(1)).unwrap_or(from);
    let before = revenue_through(line, delivered_before_from, day_before);
    through_to.minus(before)?.round()
}
