//! The pipeline's figures (SPEC 5): a deal's weighted amount, its cycle time, the win rate
//! and the 90-day win/loss window. Money stays in integer minor units; the weighted amount
//! is rounded once, half away from zero.

use std::ops::RangeInclusive;

use chrono::{Days, NaiveDate};

use super::DealStage;
use crate::io::ExactAmount;

/// The days of the ops dashboard's win/loss window, `as_of` included.
pub const WIN_LOSS_WINDOW_DAYS: u64 = 90;

/// `amount × probability` of `stage`, in minor units, computed exactly and rounded once half
/// away from zero: 25 % of 10,001 is 2,500.25 → 2,500; 50 % of 10,001 is 5,000.5 → 5,001.
pub fn weighted_amount(amount: i64, stage: DealStage) -> i64 {
    let percent = i128::from(stage.probability_pct());
    let exact = ExactAmount::new(i128::from(amount) * percent, 100);
    // |amount × percent / 100| <= |amount| as percent <= 100, so the rounded figure always
    // fits an i64; the fallback cannot happen.
    exact.round().unwrap_or(amount)
}

/// Cycle time: the days from creation to close, `closed_on - created_on` (0 for a deal
/// closed the day it was created).
pub fn cycle_days(created_on: NaiveDate, closed_on: NaiveDate) -> i64 {
    closed_on.signed_duration_since(created_on).num_days()
}

/// `won / (won + lost)` among deals closed in a period, as a ratio (0.6, not 60); `None`
/// when none closed.
pub fn win_rate(won: u64, lost: u64) -> Option<f64> {
    let closed = u128::from(won) + u128::from(lost);
    (closed > 0).then(|| won as f64 / closed as f64)
}

/// The mean of the cycle times of closed deals, in days (unrounded); `None` when there is
/// none.
pub fn average_cycle_days(cycles: impl IntoIterator<Item = i64>) -> Option<f64> {
    let (sum, count) = (cycles.into_iter()).fold((0_i128, 0_u64), |(sum, n), days| {
        (sum + i128::from(days), n + 1)
    });
    (count > 0).then(|| sum as f64 / count as f64)
}

/// The 90 days through `as_of` that the ops dashboard's win/loss covers, by close date:
/// `as_of - 89 ..= as_of` (clamped at the earliest date chrono knows).
pub fn win_loss_window(as_of: NaiveDate) -> RangeInclusive<NaiveDate> {
    let from = as_of
        .checked_sub_days(Days::new(WIN_LOSS_WINDOW_DAYS - 1))
        .unwrap_or(NaiveDate::MIN);
    from..=as_of
}
