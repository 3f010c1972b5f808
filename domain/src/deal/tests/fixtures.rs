//! Shared fixtures.

use chrono::NaiveDate;

/// A UTC day from `YYYY-MM-DD`.
pub fn d(raw: &str) -> NaiveDate {
    raw.parse().unwrap()
}
