//! Properties of revenue recognition over generated lines and deliveries: the windows of
//! a line add up to the whole within the rounding of each, and revenue never exceeds what
//! was booked.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::json;

use super::strategies::{day_around, flight, line_over, shift};
use crate::bounds::{MAX_AMOUNT, MAX_CPM, MAX_IMPRESSIONS};
use crate::io::{revenue_through, window_revenue, Flight, LineItem};
use crate::window::DailyCounts;

/// A flat line (fee up to the bound) or a CPM line (CPM and goal up to theirs, with the
/// line's value within the bound).
fn priced_line(flight: Flight) -> impl Strategy<Value = LineItem> {
    let flat = (1..=MAX_AMOUNT).prop_map(|fee| json!({"type": "flat", "fee": fee}));
    let cpm = prop_oneof![1..=10_000_i64, 1..=MAX_CPM].prop_flat_map(|cpm| {
        // The line's value `goal * cpm / 1000` within the largest amount.
        let most = u64::try_from(i128::from(MAX_AMOUNT) * 1000 / i128::from(cpm)).unwrap();
        (1..=most.min(MAX_IMPRESSIONS))
            .prop_map(move |goal| json!({"type": "cpm", "cpm": cpm, "goal": goal}))
    });
    prop_oneof![flat, cpm].prop_map(move |pricing| line_over(flight, pricing))
}

/// Daily deliveries on the flight's days (some days without data).
fn daily(flight: Flight) -> impl Strategy<Value = DailyCounts> {
    let days = u64::from(flight.days());
    proptest::collection::btree_map(0..days, 0..=10_000_000_u64, 0..=40).prop_map(move |days| {
        days.into_iter()
            .map(|(offset, n)| (flight.start() + Days::new(offset), n))
            .collect()
    })
}

/// A line, its deliveries, and cut days splitting the time around its flight into windows.
fn case() -> impl Strategy<Value = (LineItem, DailyCounts, Vec<NaiveDate>)> {
    flight().prop_flat_map(|flight| {
        let cuts = proptest::collection::vec(day_around(flight), 0..=12);
        (priced_line(flight), daily(flight), cuts)
    })
}

/// The windows from ten days before the line's flight to ten days after it, split before
/// each of `cuts`.
fn windows(line: &LineItem, cuts: &[NaiveDate]) -> Vec<(NaiveDate, NaiveDate)> {
    let flight = line.flight();
    let (first, last) = (shift(flight.start(), -10), shift(flight.end(), 10));
    let mut starts: Vec<NaiveDate> = cuts.iter().copied().filter(|d| *d > first).collect();
    starts.push(first);
    starts.sort();
    starts.dedup();
    let ends = starts.iter().skip(1).map(|d| shift(*d, -1)).chain([last]);
    starts.iter().copied().zip(ends).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn window_revenues_add_up_to_the_whole_within_their_rounding((line, daily, cuts) in case()) {
        let windows = windows(&line, &cuts);
        let parts: Vec<i64> = windows
            .iter()
            .map(|(from, to)| window_revenue(&line, &daily, &(*from..=*to)).unwrap())
            .collect();
        let (from, to) = (windows[0].0, windows[windows.len() - 1].1);
        let whole = window_revenue(&line, &daily, &(from..=to)).unwrap();
        // Each window is off its exact amount by at most half a minor unit, the whole too.
        let k = i64::try_from(parts.len()).unwrap();
        let sum: i64 = parts.iter().sum();
        prop_assert!(2 * (sum - whole).abs() <= k + 1, "{parts:?} vs {whole}");
        prop_assert!(parts.iter().all(|p| *p >= 0));
    }

    #[test]
    fn revenue_never_exceeds_what_was_booked(
        (line, day, delivered) in flight().prop_flat_map(|f| {
            (priced_line(f), day_around(f), prop_oneof![0..=1_000_u64, 0..=2 * MAX_IMPRESSIONS])
        }),
    ) {
        let booked = line.pricing().total().unwrap();
        let revenue = revenue_through(&line, delivered, day).round().unwrap();
        prop_assert!((0..=booked).contains(&revenue), "{revenue} of {booked}");
        // After the flight, with the goal delivered, all of it.
        let goal = line.pricing().goal().unwrap_or(0);
        if line.flight().has_ended(day) && delivered >= goal {
            prop_assert_eq!(revenue, booked);
        }
    }

    #[test]
    fn revenue_grows_with_the_day_and_the_delivery(
        (line, a, b) in flight().prop_flat_map(|f| (priced_line(f), day_around(f), day_around(f))),
        less in 0..=MAX_IMPRESSIONS,
        extra in 0..=MAX_IMPRESSIONS,
    ) {
        let (early, late) = (a.min(b), a.max(b));
        let before = revenue_through(&line, less, early).round().unwrap();
        let after = revenue_through(&line, less + extra, late).round().unwrap();
        prop_assert!(before <= after);
    }
}
