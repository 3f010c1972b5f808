//! A line's figures on the creator dashboard (SPEC 7 and 7.1): delivery, pacing and
//! window revenue, through the rules [`pacing`](super::pacing::pacing) and
//! [`revenue_in_window`].

use std::ops::RangeInclusive;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::delivery::{daily_delivery, delivered, DailyDelivery};
use super::pacing::{line_pacing, PacingStatus};
use super::revenue::revenue_in_window;
use super::{Flight, LineItem, MakegoodTolerance};
use crate::bounds::Overflow;
use crate::window::DailyCounts;

/// A line's delivery and pacing as of a day. Field names are those of the creator
/// dashboard's `pacing` items (SPEC 7.1), less the ids and names. A CPM line carries
/// every figure; a flat line carries `delivered` and `daily`, and `None` (`null`) for the
/// goal-based ones.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct LineReport {
    /// `cpm` or `flat`.
    pub pricing: String,
    /// The flight, `{"start", "end"}`.
    pub flight: Flight,
    /// The impressions goal.
    pub goal: Option<u64>,
    /// Delivered impressions as of the day.
    pub delivered: u64,
    /// `goal × elapsed / flight_days`.
    pub expected: Option<f64>,
    /// `100 × delivered / expected`; `None` also for a CPM line before its flight.
    pub pacing_pct: Option<f64>,
    /// The pacing status.
    pub status: Option<PacingStatus>,
    /// The projected final delivery.
    pub projected_final: Option<u64>,
    /// Every flight day through `min(as_of, end)`, zeros included.
    pub daily: Vec<DailyDelivery>,
}

/// The [`LineReport`] of `line` as of `as_of`, from `daily`: the downloads of its show per
/// day (only its episodes where it lists some, the show's `metrics_source` where one is
/// set). The projection averages the last `min(7, elapsed)` days of the daily series.
pub fn line_report(
    line: &LineItem,
    tolerance: MakegoodTolerance,
    daily: &DailyCounts,
    as_of: NaiveDate,
) -> Result<LineReport, Overflow> {
    let flight = line.flight();
    let series = daily_delivery(flight, daily, as_of);
    let delivered = delivered(flight, daily, as_of)?;
    let recent: Vec<u64> = series.iter().map(|d| d.delivered).collect();
    let pacing = line_pacing(line, tolerance, delivered, &recent, as_of)?;
    Ok(LineReport {
        pricing: line.pricing().kind().to_string(),
        flight,
        goal: line.pricing().goal(),
        delivered,
        expected: pacing.map(|p| p.expected),
        pacing_pct: pacing.and_then(|p| p.pacing_pct),
        status: pacing.map(|p| p.status),
        projected_final: pacing.map(|p| p.projected_final),
        daily: series,
    })
}

/// The revenue of `line` in `window` (such as the last 30 days), in minor units:
/// [`revenue_in_window`] with the delivery through the window's last day and through the
/// day before its first, both from `daily`. Whether the IO recognizes revenue at all is
/// [`IoStatus::recognizes_revenue`](super::IoStatus::recognizes_revenue).
pub fn window_revenue(
    line: &LineItem,
    daily: &DailyCounts,
    window: &RangeInclusive<NaiveDate>,
) -> Result<i64, Overflow> {
    let (from, to) = (*window.start(), *window.end());
    let flight = line.flight();
    let through_to = delivered(flight, daily, to)?;
    let before = match from.checked_sub_days(Days::new(1)) {
        Some(day_before) => delivered(flight, daily, day_before)?,
        None => 0,
    };
    revenue_in_window(line, from, to, through_to, before)
}
