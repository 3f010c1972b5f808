//! Delivered impressions of a line (SPEC 4; docs/rules.md, delivered impressions) and its
//! daily series, from the daily downloads of its show.
//!
//! > Delivered impressions of a line as of day D: the sum of downloads in metrics_daily
//! > for its show (only its episodes, where it lists some) on days from `start` to
//! > `min(D, end)`, counting the show's `metrics_source` only where one is set, else all
//! > sources.
//!
//! The selection of downloads (show, episodes, source) is the read model's query; these
//! rules take its result as [`DailyCounts`], a day without data counting as 0.

use std::ops::RangeInclusive;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Flight;
use crate::bounds::Overflow;
use crate::window::{total_in, DailyCounts};

/// One day of a line's delivery (the creator dashboard's `daily` items).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct DailyDelivery {
    /// The UTC day.
    pub day: NaiveDate,
    /// Impressions delivered that day (0 without data).
    pub delivered: u64,
}

/// The flight days delivered as of `as_of`: `start ..= min(as_of, end)`, empty before the
/// flight.
pub fn delivery_days(flight: Flight, as_of: NaiveDate) -> RangeInclusive<NaiveDate> {
    flight.start()..=as_of.min(flight.end())
}

/// Delivered impressions of a line with `flight` as of `as_of`: `daily` summed over
/// [`delivery_days`]; an [`Overflow`] if the sum does not fit.
pub fn delivered(flight: Flight, daily: &DailyCounts, as_of: NaiveDate) -> Result<u64, Overflow> {
    total_in(daily, delivery_days(flight, as_of), "delivered impressions")
}

/// The daily series of a line as of `as_of`: one entry for every flight day through
/// `min(as_of, end)`, in order, zeros included (empty before the flight).
pub fn daily_delivery(flight: Flight, daily: &DailyCounts, as_of: NaiveDate) -> Vec<DailyDelivery> {
    let days = delivery_days(flight, as_of);
    let (first, last) = (*days.start(), *days.end());
    first
        .iter_days()
        .take_while(|day| *day <= last)
        .map(|day| DailyDelivery {
            day,
            delivered: daily.get(&day).copied().unwrap_or(0),
        })
        .collect()
}

/// Whether `flight` shares a day with `window` (a line is on the creator dashboard when
/// its flight overlaps the 30 days through `as_of`,
/// [`last_30_days`](crate::window::last_30_days)).
pub fn overlaps_window(flight: Flight, window: &RangeInclusive<NaiveDate>) -> bool {
    flight.overlaps(*window.start(), *window.end())
}
