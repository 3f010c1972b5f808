//! The parameters of `GET /api/v1/dashboard/advertiser`, checked against their bounds: a
//! value out of bounds is 400 `invalid_query` saying which.

use chrono::{Days, NaiveDate};
use cuepoint_domain::ids::{AdvertiserId, ShowId};
use cuepoint_domain::io::{Fee, Flight};
use cuepoint_domain::planning::default_flight;
use cuepoint_domain::planning::projection::DEFAULT_FLIGHT_DAYS;
use serde::Deserialize;

use crate::http::error::ApiError;
use crate::http::etl::{bad_param, yesterday};

/// The most ISO weeks the inventory calendar shows.
pub const MAX_WEEKS: i64 = 52;
/// Weeks shown by default.
pub const DEFAULT_WEEKS: i64 = 8;
/// The most shows covered (and fits and exclusions listed).
pub const MAX_LIMIT: i64 = 200;
/// Shows covered by default.
pub const DEFAULT_LIMIT: i64 = 20;
/// The longest flight projected, in days.
pub const MAX_FLIGHT_DAYS: u32 = 366;

/// The query string, as sent.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct AdvertiserParams {
    /// The advertiser: staff name one; an advertiser token reads its own (the default).
    pub advertiser_id: Option<AdvertiserId>,
    /// The last day of data (default yesterday, UTC).
    pub as_of: Option<NaiveDate>,
    /// The flight's first day (default `as_of + 1`).
    pub flight_start: Option<NaiveDate>,
    /// The flight's last day (default: 30 days from its start).
    pub flight_end: Option<NaiveDate>,
    /// A flat fee, in minor units, whose projected CPM to show.
    #[schemars(range(min = 1, max = cuepoint_domain::bounds::MAX_AMOUNT))]
    pub flat_fee: Option<i64>,
    /// ISO weeks in the calendar (1..=52, default 8).
    #[schemars(range(min = 1, max = MAX_WEEKS))]
    pub weeks: Option<i64>,
    /// Shows covered (1..=200, default 20).
    #[schemars(range(min = 1, max = MAX_LIMIT))]
    pub limit: Option<i64>,
    /// Cover this show instead of the best-fitting ones.
    pub show_id: Option<ShowId>,
}

/// The parameters within their bounds, defaults applied.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Checked {
    /// The last day of data.
    pub as_of: NaiveDate,
    /// The flight projected.
    pub flight: Flight,
    /// The flat fee, if any.
    pub flat_fee: Option<Fee>,
    /// Weeks in the calendar.
    pub weeks: usize,
    /// Shows covered.
    pub limit: i64,
}

impl AdvertiserParams {
    /// The checked parameters, or 400 `invalid_query` naming the first one at fault.
    pub fn check(&self) -> Result<Checked, ApiError> {
        let as_of = self.as_of.unwrap_or_else(yesterday);
        let weeks = within("weeks", self.weeks, 1, MAX_WEEKS, DEFAULT_WEEKS)?;
        let limit = within("limit", self.limit, 1, MAX_LIMIT, DEFAULT_LIMIT)?;
        // Fee::new holds the bounds, 1..=MAX_AMOUNT.
        let flat_fee = (self.flat_fee.map(Fee::new).transpose())
            .map_err(|e| bad_param(format!("flat_fee: {e}")))?;
        Ok(Checked {
            as_of,
            flight: self.flight(as_of)?,
            flat_fee,
            weeks: usize::try_from(weeks).map_err(|e| bad_param(format!("weeks: {e}")))?,
            limit,
        })
    }

    /// The flight asked for: `flight_start ..= flight_end`, a missing start being
    /// `as_of + 1` and a missing end 30 days from the start; neither given, the default
    /// flight `as_of + 1 ..= as_of + 30` (`planning::default_flight`). A date so late that
    /// the flight would run past the last date known is refused rather than clamped.
    fn flight(&self, as_of: NaiveDate) -> Result<Flight, ApiError> {
        let too_late = |name: &str| bad_param(format!("{name}: too late a date to project"));
        let after_as_of = as_of.succ_opt().ok_or_else(|| too_late("as_of"))?;
        let thirty_days_from = |start: NaiveDate, name: &str| {
            let days = Days::new(u64::from(DEFAULT_FLIGHT_DAYS - 1));
            start.checked_add_days(days).ok_or_else(|| too_late(name))
        };
        let flight = match (self.flight_start, self.flight_end) {
            (None, None) => {
                thirty_days_from(after_as_of, "as_of")?;
                default_flight(as_of)
            }
            (start, end) => {
                let start = start.unwrap_or(after_as_of);
                let end = match end {
                    Some(end) => end,
                    None => thirty_days_from(start, "flight_start")?,
                };
                Flight::new(start, end)
                    .map_err(|_| bad_param("flight_end: must not be before flight_start"))?
            }
        };
        if flight.days() > MAX_FLIGHT_DAYS {
            return Err(bad_param(format!(
                "flight: at most {MAX_FLIGHT_DAYS} days, not {}",
                flight.days()
            )));
        }
        Ok(flight)
    }
}

/// `value` (default `default`) if within `min..=max`, else 400 naming `name`.
fn within(
    name: &str,
    value: Option<i64>,
    min: i64,
    max: i64,
    default: i64,
) -> Result<i64, ApiError> {
    match value {
        None => Ok(default),
        Some(v) if (min..=max).contains(&v) => Ok(v),
        Some(v) => Err(bad_param(format!(
            "{name}: must be within {min}..={max}, not {v}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use cuepoint_domain::bounds::MAX_AMOUNT;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn checked(params: AdvertiserParams) -> Result<Checked, String> {
        params.check().map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_are_a_30_day_flight_after_as_of_8_weeks_and_20_shows() {
        let params = AdvertiserParams {
            as_of: Some(d("2026-10-31")),
            ..Default::default()
        };
        let c = checked(params).unwrap();
        assert_eq!(
            c.flight,
            Flight::new(d("2026-11-01"), d("2026-11-30")).unwrap()
        );
        assert_eq!((c.weeks, c.limit, c.flat_fee), (8, 20, None));
        let start_only = AdvertiserParams {
            as_of: Some(d("2026-10-31")),
            flight_start: Some(d("2026-12-01")),
            ..Default::default()
        };
        let c = checked(start_only).unwrap();
        assert_eq!(
            c.flight,
            Flight::new(d("2026-12-01"), d("2026-12-30")).unwrap()
        );
        let end_only = AdvertiserParams {
            as_of: Some(d("2026-10-31")),
            flight_end: Some(d("2026-11-05")),
            ..Default::default()
        };
        let c = checked(end_only).unwrap();
        assert_eq!(
            c.flight,
            Flight::new(d("2026-11-01"), d("2026-11-05")).unwrap()
        );
    }

    #[test]
    fn values_out_of_bounds_are_refused_by_name() {
        let cases = [
            (
                AdvertiserParams {
                    weeks: Some(0),
                    ..Default::default()
                },
                "weeks",
            ),
            (
                AdvertiserParams {
                    weeks: Some(53),
                    ..Default::default()
                },
                "weeks",
            ),
            (
                AdvertiserParams {
                    limit: Some(201),
                    ..Default::default()
                },
                "limit",
            ),
            (
                AdvertiserParams {
                    flat_fee: Some(0),
                    ..Default::default()
                },
                "flat_fee",
            ),
            (
                AdvertiserParams {
                    flat_fee: Some(MAX_AMOUNT + 1),
                    ..Default::default()
                },
                "flat_fee",
            ),
            (
                AdvertiserParams {
                    flight_start: Some(d("2026-11-02")),
                    flight_end: Some(d("2026-11-01")),
                    ..Default::default()
                },
                "flight_end",
            ),
            (
                // 2026-11-01 ..= 2027-11-02 is 367 days.
                AdvertiserParams {
                    flight_start: Some(d("2026-11-01")),
                    flight_end: Some(d("2027-11-02")),
                    ..Default::default()
                },
                "flight",
            ),
            (
                AdvertiserParams {
                    as_of: Some(NaiveDate::MAX),
                    ..Default::default()
                },
                "as_of",
            ),
        ];
        for (params, field) in cases {
            let refused = checked(params).unwrap_err();
            assert!(refused.starts_with(field), "{refused}");
        }
        let year = AdvertiserParams {
            flight_start: Some(d("2026-11-01")),
            flight_end: Some(d("2027-11-01")),
            flat_fee: Some(MAX_AMOUNT),
            weeks: Some(52),
            limit: Some(200),
            ..Default::default()
        };
        assert_eq!(checked(year).unwrap().flight.days(), 366);
    }
}
