//! ISO weeks: labels, Mondays, year ends and flights overlapping weeks.

use chrono::NaiveDate;

use crate::io::Flight;
use crate::planning::{flight_overlaps_week, weeks_from, IsoWeek};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn labels(weeks: &[IsoWeek]) -> Vec<(String, NaiveDate)> {
    weeks.iter().map(|w| (w.label(), w.start())).collect()
}

#[test]
fn a_day_belongs_to_the_week_of_its_monday() {
    // 2026-01-01 is a Thursday, so 2026-W01 starts on Monday 2025-12-29; 2026-12-02, a
    // Wednesday, is 336 days later: week 49, from Monday 2026-11-30.
    let week = IsoWeek::containing(d("2026-12-02"));
    assert_eq!(
        (week.label(), week.start()),
        ("2026-W49".into(), d("2026-11-30"))
    );
    assert_eq!(week.end(), d("2026-12-06"));
    assert_eq!(IsoWeek::containing(d("2026-11-30")), week);
    assert_eq!(IsoWeek::containing(d("2026-12-06")), week);
    assert_eq!(IsoWeek::containing(d("2025-12-29")).label(), "2026-W01");
    assert_eq!(week.to_string(), "2026-W49");
}

#[test]
fn the_year_end_of_2026_has_a_week_53_that_ends_in_2027() {
    // From Sunday 2026-12-20: W51 (Dec 14..20), W52 (21..27), W53 (Dec 28..Jan 3), then
    // 2027-W01 from Monday 2027-01-04.
    assert_eq!(
        labels(&weeks_from(d("2026-12-20"), 4)),
        [
            ("2026-W51".into(), d("2026-12-14")),
            ("2026-W52".into(), d("2026-12-21")),
            ("2026-W53".into(), d("2026-12-28")),
            ("2027-W01".into(), d("2027-01-04")),
        ]
    );
    let w53 = IsoWeek::containing(d("2027-01-03"));
    assert_eq!(
        (w53.label(), w53.end()),
        ("2026-W53".into(), d("2027-01-03"))
    );
    assert_eq!(IsoWeek::containing(d("2027-01-01")), w53);
    // The ISO year can also start in December: 2024-12-30 is 2025-W01.
    assert_eq!(IsoWeek::containing(d("2024-12-31")).label(), "2025-W01");
    assert!(weeks_from(d("2026-12-20"), 0).is_empty());
}

#[test]
fn a_flight_overlaps_a_week_when_they_share_a_day() {
    let [w52, w53, w01] =
        [d("2026-12-21"), d("2026-12-28"), d("2027-01-04")].map(IsoWeek::containing);
    // Sunday 2026-12-27 alone is the last day of W52, not W53.
    let sunday = Flight::new(d("2026-12-27"), d("2026-12-27")).unwrap();
    assert!(flight_overlaps_week(&sunday, w52) && !flight_overlaps_week(&sunday, w53));
    // Sunday 2027-01-03 to Monday 2027-01-04 spans W53 and 2027-W01.
    let across = Flight::new(d("2027-01-03"), d("2027-01-04")).unwrap();
    assert!(flight_overlaps_week(&across, w53) && flight_overlaps_week(&across, w01));
    assert!(!flight_overlaps_week(&across, w52));
}
