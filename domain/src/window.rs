//! Windows of UTC days that the dashboards read, and sums of daily figures over them
//! (SPEC 7).
//!
//! Daily figures (a show's downloads, a line's delivery) are passed as a map from day to
//! count; a day missing from the map had no data and counts as 0.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::{Days, NaiveDate};

use crate::bounds::{checked_count, Overflow};

/// Days in the dashboards' trailing window: `as_of - 29 ..= as_of`.
pub const WINDOW_DAYS: u32 = 30;

/// Daily counts by UTC day; a day absent had no data (0).
pub type DailyCounts = BTreeMap<NaiveDate, u64>;

/// The 30 days through `as_of`, `as_of - 29 ..= as_of` (clamped at the earliest date
/// chrono knows): the creator dashboard's lines and revenue, and the downloads a
/// projection is based on.
pub fn last_30_days(as_of: NaiveDate) -> RangeInclusive<NaiveDate> {
    let from = as_of
        .checked_sub_days(Days::new(u64::from(WINDOW_DAYS - 1)))
        .unwrap_or(NaiveDate::MIN);
    from..=as_of
}

/// The sum of `daily` over `days` (days without data count as 0); an [`Overflow`] of
/// `what` if it does not fit a `u64`.
pub fn total_in(
    daily: &DailyCounts,
    days: RangeInclusive<NaiveDate>,
    what: &'static str,
) -> Result<u64, Overflow> {
    if days.is_empty() {
        return Ok(0);
    }
    checked_count(daily.range(days).map(|(_, &n)| n), what)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_last_30_days_end_on_as_of() {
        // 2026-03-01 back 29 days: 28 in February (2026 is not a leap year), then 31 January.
        assert_eq!(
            last_30_days(d("2026-03-01")),
            d("2026-01-31")..=d("2026-03-01")
        );
        assert_eq!(
            last_30_days(d("2026-12-31")),
            d("2026-12-02")..=d("2026-12-31")
        );
        assert_eq!(*last_30_days(NaiveDate::MIN).start(), NaiveDate::MIN);
    }

    #[test]
    fn a_total_counts_the_days_in_the_range_and_missing_days_as_zero() {
        let daily = DailyCounts::from([
            (d("2026-01-30"), 1_000), // the day before the window
            (d("2026-01-31"), 10),
            (d("2026-02-15"), 20),
            (d("2026-03-01"), 30),
            (d("2026-03-02"), 1_000), // after it
        ]);
        let total = total_in(&daily, last_30_days(d("2026-03-01")), "downloads");
        assert_eq!(total, Ok(60));
        let empty = d("2026-03-02")..=d("2026-03-01");
        assert_eq!(total_in(&daily, empty, "downloads"), Ok(0));
        let huge = DailyCounts::from([(d("2026-01-01"), u64::MAX), (d("2026-01-02"), 1)]);
        let all = d("2026-01-01")..=d("2026-01-02");
        assert_eq!(
            total_in(&huge, all, "downloads").unwrap_err().what(),
            "downloads"
        );
    }
}
