//! Generators of the property tests: flights, days around them, and lines.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::json;

use super::fixtures::{d, line};
use crate::io::{Flight, LineItem, LineItemInput};

/// A flight of 1 to 400 days starting within ten years of 2020-01-01.
pub fn flight() -> impl Strategy<Value = Flight> {
    (0_u64..3650, 1_u32..=400).prop_map(|(offset, days)| {
        let start = d("2020-01-01") + Days::new(offset);
        Flight::of_days(start, days)
    })
}

/// A day from ten days before `flight` to ten days after it.
pub fn day_around(flight: Flight) -> impl Strategy<Value = NaiveDate> {
    let days = i64::from(flight.days());
    (-10..days + 10).prop_map(move |offset| shift(flight.start(), offset))
}

/// `day` moved by `offset` days (either way).
pub fn shift(day: NaiveDate, offset: i64) -> NaiveDate {
    day + chrono::Duration::days(offset)
}

/// A line over `flight` priced by `pricing` (`{"type": ...}` as the API takes it).
pub fn line_over(flight: Flight, pricing: serde_json::Value) -> LineItem {
    let input: LineItemInput = serde_json::from_value(json!({
        "show_id": "show-1", "placement": "mid", "format": "host_read",
        "flight": {"start": flight.start(), "end": flight.end()},
        "pricing": pricing,
    }))
    .unwrap();
    line(1, &input)
}
