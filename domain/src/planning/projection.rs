//! Projected impressions, cost and CPM of a flight on a show (SPEC 7; docs/rules.md,
//! projections).
//!
//! > Projected impressions of a flight on a show: the show's downloads over the 30 days
//! > `as_of - 29 .. as_of` divided by 30 (days without data count as 0), times the
//! > flight's days, rounded to a whole impression. Projected cost: projected impressions *
//! > rate-card CPM / 1000. Projected CPM of a flat fee: fee * 1000 / projected impressions.
//!
//! Each figure is computed exactly and rounded once, half away from zero (all are
//! non-negative, so half up): impressions to a whole impression, money to the minor unit.
//! The 30-day total is [`total_in`](crate::window::total_in) over
//! [`last_30_days`](crate::window::last_30_days), counting the show's `metrics_source` as
//! delivered impressions do.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::bounds::Overflow;
use crate::io::{ExactAmount, Fee, Flight};
use crate::matching::over_budget;
use crate::money::Cpm;
use crate::window::WINDOW_DAYS;

/// Days in the default projection flight, `as_of + 1 ..= as_of + 30`.
pub const DEFAULT_FLIGHT_DAYS: u32 = 30;

/// The flight projected when none is given: the 30 days after `as_of`.
pub fn default_flight(as_of: NaiveDate) -> Flight {
    Flight::of_days(as_of.succ_opt().unwrap_or(as_of), DEFAULT_FLIGHT_DAYS)
}

/// `downloads_last_30_days / 30 × flight_days`, rounded to a whole impression (half up):
/// 1,001 downloads over a 15-day flight is 500.5 → 501. `downloads_last_30_days` is the
/// show's total over the 30 days through `as_of`, days without data counting 0.
pub fn projected_impressions(
    downloads_last_30_days: u64,
    flight_days: u32,
) -> Result<u64, Overflow> {
    let exact = u128::from(downloads_last_30_days) * u128::from(flight_days);
    let days = u128::from(WINDOW_DAYS);
    u64::try_from((2 * exact + days) / (2 * days))
        .map_err(|_| Overflow::of("projected impressions"))
}

/// `impressions × cpm / 1000` in minor units, rounded once half away from zero: the rule of
/// a CPM line's value, [`Cpm::cost_of`].
pub fn projected_cost(impressions: u64, cpm: Cpm) -> Result<i64, Overflow> {
    cpm.cost_of(impressions)
}

/// The CPM a flat fee amounts to, `fee × 1000 / impressions` in minor units, rounded once
/// half away from zero; `None` when no impressions are projected (the CPM does not exist).
pub fn projected_cpm(flat_fee: Fee, impressions: u64) -> Result<Option<i64>, Overflow> {
    if impressions == 0 {
        return Ok(None);
    }
    let exact = ExactAmount::new(
        i128::from(flat_fee.minor_units()) * 1000,
        i128::from(impressions),
    );
    exact.round().map(Some)
}

/// The projection of a flight on one show and placement. Field names are those of the
/// advertiser dashboard's `projection.items` (SPEC 7.1), less `show_id` and `placement`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct Projection {
    /// [`projected_impressions`] of the flight.
    pub projected_impressions: u64,
    /// The placement's rate-card CPM, in minor units.
    pub cpm: Cpm,
    /// [`projected_cost`] of the projected impressions at that CPM.
    pub projected_cost: i64,
    /// [`projected_cpm`] of the flat fee asked about; `None` without one (or with no
    /// projected impressions).
    pub projected_cpm: Option<i64>,
    /// Whether the rate-card CPM is over the advertiser's max CPM.
    pub over_budget: bool,
}

/// The [`Projection`] of `flight` on a show with `downloads_last_30_days`, at the rate-card
/// `cpm`, with the `flat_fee` the advertiser asks about and its `max_cpm`.
pub fn project(
    downloads_last_30_days: u64,
    flight: Flight,
    cpm: Cpm,
    flat_fee: Option<Fee>,
    max_cpm: Option<Cpm>,
) -> Result<Projection, Overflow> {
    let impressions = projected_impressions(downloads_last_30_days, flight.days())?;
    let projected_cpm = match flat_fee {
        Some(fee) => projected_cpm(fee, impressions)?,
        None => None,
    };
    Ok(Projection {
        projected_impressions: impressions,
        cpm,
        projected_cost: projected_cost(impressions, cpm)?,
        projected_cpm,
        over_budget: over_budget(cpm, max_cpm),
    })
}
