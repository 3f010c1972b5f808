//! The pacing rule of a CPM line (docs/rules.md, pacing).
//!
//! > `flight_days = end - start + 1`; `elapsed = clamp(D - start + 1, 0, flight_days)`;
//! > `expected = goal * elapsed / flight_days`; `pacing_pct = 100 * delivered / expected`
//! > (null while expected is 0). Status: `not_started` (D < start), `behind` (< 90),
//! > `on_track` (90..=110), `ahead` (> 110), and after the flight `delivered`
//! > (delivered >= goal * (1 - tolerance)) or `under_delivered`.
//! > `projected_final = delivered + avg * (flight_days - elapsed)`, where `avg` is the mean
//! > daily delivery over the last `min(7, elapsed)` elapsed flight days (0 while elapsed is
//! > 0), rounded to a whole impression.
//!
//! Status thresholds are compared exactly in integers; `expected` and `pacing_pct` are
//! reported as floating-point figures for display only.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Flight, MakegoodTolerance};
use crate::bounds::Overflow;

/// How many trailing days the projection averages, at most.
pub const PROJECTION_WINDOW_DAYS: u32 = 7;

/// Where a line stands against its goal.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PacingStatus {
    /// The day is before the flight.
    NotStarted,
    /// Under 90 % of expected.
    Behind,
    /// 90 % to 110 % of expected, inclusive.
    OnTrack,
    /// Over 110 % of expected.
    Ahead,
    /// The flight ended and delivery met the goal within the makegood tolerance.
    Delivered,
    /// The flight ended short of the goal beyond the tolerance.
    UnderDelivered,
}

/// The pacing of a line as of a day.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, schemars::JsonSchema)]
pub struct Pacing {
    /// `end - start + 1`.
    pub flight_days: u32,
    /// `clamp(D - start + 1, 0, flight_days)`.
    pub elapsed: u32,
    /// `goal * elapsed / flight_days` impressions.
    pub expected: f64,
    /// `100 * delivered / expected`; `None` while expected is 0.
    pub pacing_pct: Option<f64>,
    /// The status.
    pub status: PacingStatus,
    /// `delivered + avg * (flight_days - elapsed)`, rounded to a whole impression.
    pub projected_final: u64,
}

/// The pacing of a line with `goal` impressions over `flight`, as of `as_of`, having
/// `delivered` impressions. `recent_daily` holds daily deliveries ending on the last elapsed
/// day (`min(as_of, end)`); its last `min(7, elapsed)` entries are averaged, and days it does
/// not cover count as 0. An [`Overflow`] if the projected final does not fit a `u64`.
pub fn pacing(
    flight: Flight,
    goal: u64,
    tolerance: MakegoodTolerance,
    delivered: u64,
    recent_daily: &[u64],
    as_of: NaiveDate,
) -> Result<Pacing, Overflow> {
    let flight_days = flight.days();
    let elapsed = flight.elapsed(as_of);
    let (g, d, fd, el) = (
        u128::from(goal),
        u128::from(delivered),
        u128::from(flight_days),
        u128::from(elapsed),
    );
    let expected = expected_by(flight, goal, as_of);
    let pacing_pct = (goal > 0 && elapsed > 0).then(|| 100.0 * delivered as f64 / expected);
    // pct < 90  <=>  100 * d * fd < 90 * g * el (and likewise for 110).
    let status = if as_of < flight.start() {
        PacingStatus::NotStarted
    } else if flight.has_ended(as_of) {
        if tolerance.is_met(goal, delivered) {
            PacingStatus::Delivered
        } else {
            PacingStatus::UnderDelivered
        }
    } else if 100 * d * fd < 90 * g * el {
        PacingStatus::Behind
    } else if 100 * d * fd > 110 * g * el {
        PacingStatus::Ahead
    } else {
        PacingStatus::OnTrack
    };
    let projected_final = delivered
        .checked_add(projection(recent_daily, elapsed, flight_days)?)
        .ok_or(Overflow::of("projected final"))?;
    Ok(Pacing {
        flight_days,
        elapsed,
        expected,
        pacing_pct,
        status,
        projected_final,
    })
}

/// The impressions a line with `goal` over `flight` is expected to have delivered by the
/// end of `day`: `goal * elapsed / flight_days` (0 before the flight, the goal after it).
pub fn expected_by(flight: Flight, goal: u64, day: NaiveDate) -> f64 {
    goal as f64 * f64::from(flight.elapsed(day)) / f64::from(flight.days())
}

/// `avg * (flight_days - elapsed)` rounded half up, exactly: the sum of the last
/// `n = min(7, elapsed)` days times the remaining days, over `n`.
fn projection(recent_daily: &[u64], elapsed: u32, flight_days: u32) -> Result<u64, Overflow> {
    let n = elapsed.min(PROJECTION_WINDOW_DAYS);
    if n == 0 {
        return Ok(0);
    }
    let skip = recent_daily.len().saturating_sub(n as usize);
    let sum: u128 = recent_daily[skip..].iter().map(|&x| u128::from(x)).sum();
    let remaining = u128::from(flight_days - elapsed);
    let n = u128::from(n);
    u64::try_from((2 * sum * remaining + n) / (2 * n)).map_err(|_| Overflow::of("projected final"))
}

/// The pacing of `line` (see [`pacing`]); `None` for a flat line, which has no goal.
pub fn line_pacing(
    line: &super::LineItem,
    tolerance: MakegoodTolerance,
    delivered: u64,
    recent_daily: &[u64],
    as_of: NaiveDate,
) -> Result<Option<Pacing>, Overflow> {
    let Some(goal) = line.pricing().goal() else {
        return Ok(None);
    };
    let flight = line.flight();
    pacing(flight, goal, tolerance, delivered, recent_daily, as_of).map(Some)
}
