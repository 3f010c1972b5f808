//! A calendar month, the unit of the weighted forecast.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::invalid::InvalidValue;

/// A calendar month, written `YYYY-MM` (`2026-12`); ordered in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month holding `day`.
    pub fn of(day: NaiveDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month of the year, 1..=12.
    pub fn month(&self) -> u32 {
        self.month
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = InvalidValue;

    /// Parses `YYYY-MM` (four-digit year, two-digit month 01..=12).
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidValue::new("month (YYYY-MM)", "invalid_month", raw);
        let (year, month) = raw.split_once('-').ok_or_else(invalid)?;
        let digits = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let month = month.parse().map_err(|_| invalid())?;
        NaiveDate::from_ymd_opt(year, month, 1)
            .map(Month::of)
            .ok_or_else(invalid)
    }
}

string_schema!(Month, crate::schema::pattern("^[0-9]{4}-(0[1-9]|1[0-2])$"));

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <String as serde::Deserialize>::deserialize(deserializer)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}
