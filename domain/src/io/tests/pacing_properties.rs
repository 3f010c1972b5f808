//! Properties of the pacing rule over generated flights, goals and deliveries.

use proptest::prelude::*;

use super::strategies::{day_around, flight};
use crate::bounds::MAX_IMPRESSIONS;
use crate::io::{pacing, Flight, MakegoodTolerance, PacingStatus};

/// A flight, a day around it, a goal, delivered impressions (often near the expected
/// figure, where the thresholds are) and a tolerance.
fn case() -> impl Strategy<Value = (Flight, chrono::NaiveDate, u64, u64, MakegoodTolerance)> {
    let goal = prop_oneof![1..=1_000_u64, 1..=MAX_IMPRESSIONS];
    (flight(), goal, 0..=10_000_i64).prop_flat_map(|(flight, goal, tolerance)| {
        let tolerance = MakegoodTolerance::from_basis_points(tolerance).unwrap();
        let delivery = (0_u64..=150, 0..=goal.saturating_mul(3), any::<bool>());
        (day_around(flight), delivery).prop_map(move |(day, (percent, anything, near_expected))| {
            // `percent` % of the expected delivery (of the goal once the flight ended).
            let elapsed = u128::from(flight.elapsed(day).max(1));
            let expected = u128::from(goal) * elapsed / u128::from(flight.days());
            let near = u64::try_from(expected * u128::from(percent) / 100).unwrap();
            let delivered = if near_expected { near } else { anything };
            (flight, day, goal, delivered, tolerance)
        })
    })
}

/// Behind < on track < ahead.
fn rank(status: PacingStatus) -> u8 {
    match status {
        PacingStatus::Behind => 0,
        PacingStatus::OnTrack => 1,
        PacingStatus::Ahead => 2,
        other => panic!("{other:?} is not an in-flight status"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_status_follows_the_day_and_the_percentage((flight, day, goal, delivered, tolerance) in case()) {
        let p = pacing(flight, goal, tolerance, delivered, &[], day).unwrap();
        prop_assert!(p.elapsed <= p.flight_days && p.expected <= goal as f64);
        prop_assert_eq!(p.status == PacingStatus::NotStarted, day < flight.start());
        if flight.has_ended(day) {
            // delivered >= goal * (1 - tolerance), with the tolerance in basis points.
            let bps = u128::from(tolerance.basis_points());
            let met = u128::from(delivered) * 10_000 >= u128::from(goal) * (10_000 - bps);
            prop_assert_eq!(p.status == PacingStatus::Delivered, met);
            prop_assert!(p.status == PacingStatus::Delivered || p.status == PacingStatus::UnderDelivered);
        } else if let Some(pct) = p.pacing_pct.filter(|_| day >= flight.start()) {
            // Away from the thresholds (where floating point may differ from the exact
            // comparison), the percentage decides.
            let expected = if pct < 89.999 {
                Some(PacingStatus::Behind)
            } else if pct > 110.001 {
                Some(PacingStatus::Ahead)
            } else if (90.001..109.999).contains(&pct) {
                Some(PacingStatus::OnTrack)
            } else {
                None
            };
            if let Some(expected) = expected {
                prop_assert_eq!(p.status, expected, "{}%", pct);
            }
        }
    }

    #[test]
    fn exactly_90_and_110_percent_are_on_track(
        (flight, day) in flight().prop_flat_map(|f| (Just(f), day_around(f))),
        per_tenth in 1..=1_000_000_u64,
    ) {
        prop_assume!(flight.runs_on(day));
        // A goal of 10 × per_tenth impressions a flight day: expected is a whole number.
        let (days, elapsed) = (u64::from(flight.days()), u64::from(flight.elapsed(day)));
        let goal = 10 * per_tenth * days;
        let status = |delivered| {
            pacing(flight, goal, MakegoodTolerance::DEFAULT, delivered, &[], day).unwrap().status
        };
        let (at_90, at_110) = (9 * per_tenth * elapsed, 11 * per_tenth * elapsed);
        prop_assert_eq!(status(at_90 - 1), PacingStatus::Behind);
        prop_assert_eq!(status(at_90), PacingStatus::OnTrack);
        prop_assert_eq!(status(at_110), PacingStatus::OnTrack);
        prop_assert_eq!(status(at_110 + 1), PacingStatus::Ahead);
    }

    #[test]
    fn more_delivery_never_lowers_the_in_flight_status((flight, day, goal, delivered, tolerance) in case(), more in 0..=1_000_000_u64) {
        prop_assume!(flight.runs_on(day));
        let less = pacing(flight, goal, tolerance, delivered, &[], day).unwrap();
        let more = pacing(flight, goal, tolerance, delivered + more, &[], day).unwrap();
        prop_assert!(rank(less.status) <= rank(more.status));
    }

    #[test]
    fn a_steady_daily_delivery_projects_to_that_delivery_every_flight_day(
        (flight, day) in flight().prop_flat_map(|f| (Just(f), day_around(f))),
        per_day in 0..=10_000_000_u64,
    ) {
        let elapsed = flight.elapsed(day);
        let delivered = per_day * u64::from(elapsed);
        let daily = vec![per_day; elapsed as usize];
        let p = pacing(flight, 1_000, MakegoodTolerance::DEFAULT, delivered, &daily, day).unwrap();
        let expected = if elapsed == 0 { 0 } else { per_day * u64::from(flight.days()) };
        prop_assert_eq!(p.projected_final, expected);
    }

    #[test]
    fn the_projection_adds_the_recent_mean_over_the_remaining_days(
        (flight, day) in flight().prop_flat_map(|f| (Just(f), day_around(f))),
        daily in proptest::collection::vec(0..=MAX_IMPRESSIONS, 0..=10),
    ) {
        let delivered: u64 = daily.iter().sum();
        let p = pacing(flight, 1_000, MakegoodTolerance::DEFAULT, delivered, &daily, day).unwrap();
        let n = p.elapsed.min(7) as usize;
        let recent: u64 = daily[daily.len().saturating_sub(n)..].iter().sum();
        let remaining = f64::from(p.flight_days - p.elapsed);
        let mean = if n == 0 { 0.0 } else { recent as f64 / n as f64 };
        let projected = delivered as f64 + mean * remaining;
        prop_assert!((p.projected_final as f64 - projected).abs() <= 0.5 + projected * 1e-12);
        prop_assert!(p.projected_final >= delivered);
    }
}
