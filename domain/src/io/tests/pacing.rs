//! The pacing rule against figures worked out by hand.

use super::fixtures::d;
use crate::io::{pacing, Flight, MakegoodTolerance, Pacing, PacingStatus};

/// 2026-03-01..=2026-03-30: 30 days.
fn march() -> Flight {
    Flight::new(d("2026-03-01"), d("2026-03-30")).unwrap()
}

fn pace(delivered: u64, daily: &[u64], as_of: &str) -> Pacing {
    pacing(
        march(),
        30_000,
        MakegoodTolerance::DEFAULT,
        delivered,
        daily,
        d(as_of),
    )
    .unwrap()
}

#[test]
fn on_day_ten_of_thirty_9000_of_30000_is_on_track() {
    // expected = 30,000 * 10 / 30 = 10,000; pacing = 100 * 9,000 / 10,000 = 90.0.
    // avg of the last 7 days = 900; projected = 9,000 + 900 * (30 - 10) = 27,000.
    let p = pace(9_000, &[900; 10], "2026-03-10");
    assert_eq!(
        p,
        Pacing {
            flight_days: 30,
            elapsed: 10,
            expected: 10_000.0,
            pacing_pct: Some(90.0),
            status: PacingStatus::OnTrack,
            projected_final: 27_000,
        }
    );
}

#[test]
fn the_thresholds_are_90_and_110_inclusive() {
    // Day 10: expected 10,000; 8,999 is 89.99 %, 11,000 is 110.0 %, 11,001 is 110.01 %.
    assert_eq!(pace(8_999, &[], "2026-03-10").status, PacingStatus::Behind);
    assert_eq!(
        pace(11_000, &[], "2026-03-10").status,
        PacingStatus::OnTrack
    );
    assert_eq!(pace(11_001, &[], "2026-03-10").status, PacingStatus::Ahead);
    // Day 7: expected 7,000; 6,299 is 89.99 %.
    let p = pace(6_299, &[], "2026-03-07");
    assert_eq!((p.expected, p.status), (7_000.0, PacingStatus::Behind));
}

#[test]
fn before_the_flight_it_has_not_started_and_no_percentage() {
    let p = pace(0, &[], "2026-02-28");
    assert_eq!((p.elapsed, p.expected, p.pacing_pct), (0, 0.0, None));
    assert_eq!((p.status, p.projected_final), (PacingStatus::NotStarted, 0));
}

#[test]
fn after_the_flight_the_tolerance_decides() {
    // 27,000 = 30,000 * (1 - 10 %): delivered. One less: under-delivered.
    let p = pace(27_000, &[1_000; 7], "2026-04-05");
    assert_eq!((p.elapsed, p.status), (30, PacingStatus::Delivered));
    assert_eq!(p.pacing_pct, Some(90.0));
    assert_eq!(p.projected_final, 27_000); // no days remain
    assert_eq!(
        pace(26_999, &[], "2026-03-31").status,
        PacingStatus::UnderDelivered
    );
    // On the last day the flight still runs: pacing, not a verdict.
    assert_eq!(pace(26_999, &[], "2026-03-30").status, PacingStatus::Behind);
    let strict = MakegoodTolerance::from_basis_points(0).unwrap();
    let p = pacing(march(), 30_000, strict, 29_999, &[], d("2026-03-31")).unwrap();
    assert_eq!(p.status, PacingStatus::UnderDelivered);
}

#[test]
fn the_projection_averages_at_most_the_last_seven_days() {
    // Day 3: n = 3, avg = (100 + 200 + 400) / 3; projected = 700 + 700 * 27 / 3 = 7,000.
    assert_eq!(
        pace(700, &[100, 200, 400], "2026-03-03").projected_final,
        7_000
    );
    // Day 10 with ten days given: only the last 7 (all 50) count, not the first three 1,000s.
    let daily = [1_000, 1_000, 1_000, 50, 50, 50, 50, 50, 50, 50];
    assert_eq!(
        pace(3_350, &daily, "2026-03-10").projected_final,
        3_350 + 50 * 20
    );
    // Day 10 with one day given: the six missing days count as 0: 700 / 7 = 100 a day.
    assert_eq!(
        pace(700, &[700], "2026-03-10").projected_final,
        700 + 100 * 20
    );
    // Day 7: 1,000 * 23 / 7 = 3,285.71 -> 3,286.
    assert_eq!(
        pace(1_000, &[1_000, 0, 0, 0, 0, 0, 0], "2026-03-07").projected_final,
        4_286
    );
}

#[test]
fn the_projection_rounds_half_up() {
    // A 3-day flight on day 2 with days [1, 2]: avg 1.5 * 1 remaining day = 1.5 -> 2.
    let flight = Flight::new(d("2026-03-01"), d("2026-03-03")).unwrap();
    let p = pacing(
        flight,
        300,
        MakegoodTolerance::DEFAULT,
        3,
        &[1, 2],
        d("2026-03-02"),
    )
    .unwrap();
    assert_eq!(p.projected_final, 5);
    assert_eq!(p.expected, 200.0);
    assert_eq!(p.status, PacingStatus::Behind);
}

#[test]
fn a_line_paces_against_its_goal_and_flat_lines_do_not_pace() {
    use super::fixtures::{cpm_line_input, flat_line_input, line};
    use crate::io::line_pacing;
    let tolerance = MakegoodTolerance::DEFAULT;
    let cpm = line(1, &cpm_line_input());
    let p = line_pacing(&cpm, tolerance, 9_000, &[900; 10], d("2026-03-10"))
        .unwrap()
        .unwrap();
    assert_eq!(p, pace(9_000, &[900; 10], "2026-03-10"));
    let flat = line(2, &flat_line_input());
    assert_eq!(
        line_pacing(&flat, tolerance, 9_000, &[], d("2026-03-10")),
        Ok(None)
    );
}

#[test]
fn a_projected_final_that_does_not_fit_is_an_error_not_a_capped_figure() {
    let p = pacing(
        march(),
        30_000,
        MakegoodTolerance::DEFAULT,
        u64::MAX,
        &[u64::MAX; 7],
        d("2026-03-10"),
    );
    assert_eq!(p.unwrap_err().what(), "projected final");
}
