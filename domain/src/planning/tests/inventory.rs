//! The inventory calendar: slots, booked, available and overbooked weeks.

use chrono::NaiveDate;
use serde_json::json;

use crate::io::Flight;
use crate::planning::{calendar, inventory, weeks_from, InventoryWeek, IsoWeek};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn figures(w: &InventoryWeek) -> (f64, f64, f64, bool) {
    (w.slots, w.booked, w.available, w.overbooked)
}

fn week() -> IsoWeek {
    IsoWeek::containing(d("2026-12-02"))
}

#[test]
fn slots_are_episodes_times_slots_and_each_line_books_an_episodes_worth() {
    // 2 episodes a week × 2 mid slots = 4 slots; one line takes 2 (one per episode).
    let w = inventory(2.0, 2, 1, week());
    assert_eq!(figures(&w), (4.0, 2.0, 2.0, false));
    // Two lines fill it exactly: available 0 is not overbooked.
    assert_eq!(
        figures(&inventory(2.0, 2, 2, week())),
        (4.0, 4.0, 0.0, false)
    );
    // Three lines: 4 - 6 = -2, overbooked.
    assert_eq!(
        figures(&inventory(2.0, 2, 3, week())),
        (4.0, 6.0, -2.0, true)
    );
    assert_eq!(
        serde_json::to_value(&w).unwrap(),
        json!({"week": "2026-W49", "week_start": "2026-11-30", "slots": 4.0,
               "booked": 2.0, "available": 2.0, "overbooked": false})
    );
}

#[test]
fn fractional_episodes_keep_the_fraction_to_two_places() {
    // Fortnightly (0.5 a week) with 2 slots: 1 slot a week on average; a line takes 0.5.
    assert_eq!(
        figures(&inventory(0.5, 2, 1, week())),
        (1.0, 0.5, 0.5, false)
    );
    // 0.1 × 3 is 0.3 exactly as printed (not 0.30000000000000004), and 0.1 - 0.4 = -0.3.
    assert_eq!(
        figures(&inventory(0.1, 3, 4, week())),
        (0.3, 0.4, -0.1, true)
    );
    // A third of an episode a week is read as 0.33.
    assert_eq!(
        figures(&inventory(1.0 / 3.0, 3, 0, week())),
        (0.99, 0.0, 0.99, false)
    );
    // A show that publishes nothing has no slots and cannot be overbooked.
    assert_eq!(
        figures(&inventory(0.0, 2, 5, week())),
        (0.0, 0.0, 0.0, false)
    );
    // Out of the profile's bounds: the nearest bound.
    assert_eq!(inventory(80.0, 1, 0, week()).slots, 50.0);
    assert_eq!(inventory(f64::NAN, 1, 0, week()).slots, 0.0);
}

#[test]
fn the_calendar_counts_the_flights_overlapping_each_week_across_the_year_end() {
    // A weekly-twice show with 1 mid slot per episode: 2 slots a week.
    let booked = [
        // Sunday 2026-12-20 to Sunday 2026-12-27: W51 (its last day) and W52.
        Flight::new(d("2026-12-20"), d("2026-12-27")).unwrap(),
        // 2026-12-28 to 2027-01-10: W53 and 2027-W01.
        Flight::new(d("2026-12-28"), d("2027-01-10")).unwrap(),
        // New Year's Eve and Day: W53 only.
        Flight::new(d("2026-12-31"), d("2027-01-01")).unwrap(),
    ];
    let weeks = weeks_from(d("2026-12-14"), 5);
    let rows: Vec<(String, f64, f64, bool)> = calendar(2.0, 1, &booked, &weeks)
        .iter()
        .map(|w| (w.week.clone(), w.booked, w.available, w.overbooked))
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-W51".into(), 2.0, 0.0, false),
            ("2026-W52".into(), 2.0, 0.0, false),
            ("2026-W53".into(), 4.0, -2.0, true),
            ("2027-W01".into(), 2.0, 0.0, false),
            ("2027-W02".into(), 0.0, 2.0, false),
        ]
    );
}
