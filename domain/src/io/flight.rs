//! The flight of a line item: the UTC days on which it runs.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::invalid::InvalidValue;

/// An inclusive range of UTC days, `start..=end`, with `end >= start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "FlightRepr")]
pub struct Flight {
    start: NaiveDate,
    end: NaiveDate,
}

/// The serialized form, validated into a [`Flight`] on the way in.
#[derive(Deserialize, schemars::JsonSchema)]
struct FlightRepr {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<FlightRepr> for Flight {
    type Error = InvalidValue;

    fn try_from(repr: FlightRepr) -> Result<Self, Self::Error> {
        Flight::new(repr.start, repr.end)
    }
}

impl Flight {
    /// The flight `start..=end`; refused (`end_before_start`) when `end < start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Flight, InvalidValue> {
        if end < start {
            return Err(InvalidValue::new(
                "flight end (on or after its start)",
                "end_before_start",
                end.to_string(),
            ));
        }
        Ok(Flight { start, end })
    }

    /// The flight of `days` days from `start` (at least one; it ends on the last date chrono
    /// knows at the latest): `of_days(d, 30)` is `d ..= d + 29`.
    pub fn of_days(start: NaiveDate, days: u32) -> Flight {
        let end = start
            .checked_add_days(Days::new(u64::from(days.max(1) - 1)))
            .unwrap_or(NaiveDate::MAX);
        Flight { start, end }
    }

    /// The first day of the flight.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day of the flight (inclusive).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// `flight_days = end - start + 1`.
    pub fn days(&self) -> u32 {
        let days = (self.end - self.start).num_days() + 1;
        u32::try_from(days).unwrap_or(u32::MAX)
    }

    /// `elapsed = clamp(day - start + 1, 0, flight_days)`: the flight days up to and including
    /// `day`.
    pub fn elapsed(&self, day: NaiveDate) -> u32 {
        let raw = (day - self.start).num_days() + 1;
        let clamped = raw.clamp(0, i64::from(self.days()));
        u32::try_from(clamped).unwrap_or(0)
    }

    /// Whether `day` is one of the flight's days.
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// Whether the flight has ended before `day` (its last day is behind `day`).
    pub fn has_ended(&self, day: NaiveDate) -> bool {
        self.end < day
    }

    /// Whether the flight shares at least one day with `from..=to`.
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start <= to && from <= self.end
    }
}
