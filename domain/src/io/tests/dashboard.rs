//! The creator dashboard's figures of a line: delivery with missing days, the daily
//! series, pacing and projection, window revenue cutting a flight, revenue by advertiser.

use serde_json::json;

use super::fixtures::{cpm_line_input, d, flat_line_input, line};
use crate::io::{
    daily_delivery, delivered, line_report, overlaps_window, revenue_by_advertiser, window_revenue,
    DailyDelivery, Flight, LineRevenue, MakegoodTolerance, PacingStatus,
};
use crate::window::{last_30_days, DailyCounts};

/// The CPM line's show (2026-03-01..=03-30, goal 30,000, CPM 25.00): 1,000 downloads a
/// day 03-01..=03-10 except 03-06 (no data), 5,000 the day before the flight and 7,000 on
/// 03-11.
fn downloads() -> DailyCounts {
    let mut daily: DailyCounts = (1..=10)
        .filter(|&day| day != 6)
        .map(|day| (d(&format!("2026-03-{day:02}")), 1_000))
        .collect();
    daily.insert(d("2026-02-28"), 5_000);
    daily.insert(d("2026-03-11"), 7_000);
    daily
}

/// `per_day` downloads on every day of March 2026.
fn every_day(per_day: u64) -> DailyCounts {
    (1..=31)
        .map(|day| (d(&format!("2026-03-{day:02}")), per_day))
        .collect()
}

#[test]
fn delivery_counts_the_flight_days_through_as_of_with_missing_days_as_zero() {
    let flight = line(1, &cpm_line_input()).flight();
    // 03-01..=03-10: nine days of 1,000; not 02-28 (before) nor 03-11 (after as_of).
    assert_eq!(delivered(flight, &downloads(), d("2026-03-10")), Ok(9_000));
    let series = daily_delivery(flight, &downloads(), d("2026-03-10"));
    assert_eq!(series.len(), 10);
    assert_eq!(
        series[5],
        DailyDelivery {
            day: d("2026-03-06"),
            delivered: 0
        }
    );
    // After the flight the series stops at its end: 30 days.
    assert_eq!(
        daily_delivery(flight, &downloads(), d("2026-05-01")).len(),
        30
    );
    // Before it: nothing.
    assert!(daily_delivery(flight, &downloads(), d("2026-02-28")).is_empty());
    assert_eq!(delivered(flight, &downloads(), d("2026-02-28")), Ok(0));
}

#[test]
fn a_cpm_line_reports_pacing_and_a_projection_from_its_series() {
    let cpm = line(1, &cpm_line_input());
    let r = line_report(
        &cpm,
        MakegoodTolerance::DEFAULT,
        &downloads(),
        d("2026-03-10"),
    )
    .unwrap();
    // expected = 30,000 × 10 / 30 = 10,000; 9,000 is 90 %: on track.
    assert_eq!(
        (r.goal, r.delivered, r.expected),
        (Some(30_000), 9_000, Some(10_000.0))
    );
    assert_eq!(
        (r.pacing_pct, r.status),
        (Some(90.0), Some(PacingStatus::OnTrack))
    );
    // The last 7 days (03-04..=03-10) hold 6,000 (03-06 is 0): 6,000 / 7 × 20 days left
    // = 17,142.86 -> 17,143; projected final 9,000 + 17,143.
    assert_eq!(r.projected_final, Some(26_143));
    assert_eq!(r.daily.len(), 10);
    let before = line_report(
        &cpm,
        MakegoodTolerance::DEFAULT,
        &downloads(),
        d("2026-02-28"),
    );
    let before = before.unwrap();
    assert_eq!(
        (before.status, before.pacing_pct),
        (Some(PacingStatus::NotStarted), None)
    );
    assert!(before.daily.is_empty());
}

#[test]
fn a_flat_line_reports_delivery_and_nulls_for_the_goal_based_figures() {
    let flat = line(2, &flat_line_input()); // 2026-03-10..=03-19
    let r = line_report(
        &flat,
        MakegoodTolerance::DEFAULT,
        &downloads(),
        d("2026-03-12"),
    )
    .unwrap();
    // 03-10 (1,000) and 03-11 (7,000); nothing on 03-12.
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({
            "pricing": "flat", "flight": {"start": "2026-03-10", "end": "2026-03-19"},
            "goal": null, "delivered": 8000, "expected": null, "pacing_pct": null,
            "status": null, "projected_final": null,
            "daily": [{"day": "2026-03-10", "delivered": 1000},
                      {"day": "2026-03-11", "delivered": 7000},
                      {"day": "2026-03-12", "delivered": 0}]
        })
    );
}

#[test]
fn window_revenue_counts_only_the_part_of_the_flight_in_the_window() {
    let cpm = line(1, &cpm_line_input()); // 2026-03-01..=03-30, goal 30,000, CPM 25.00
                                          // As of 2026-04-10 the window is 03-12..=04-10: delivered 30,000 through it, 11,000
                                          // through 03-11; (30,000 - 11,000) × 2,500 / 1,000 = 47,500.
    let window = last_30_days(d("2026-04-10"));
    assert_eq!(*window.start(), d("2026-03-12"));
    assert_eq!(window_revenue(&cpm, &every_day(1_000), &window), Ok(47_500));
    // Over-delivery is not billed: at 1,100 a day the 33,000 delivered count as the goal,
    // 30,000, and 12,100 were delivered through 03-11: 17,900 × 2,500 / 1,000 = 44,750.
    assert_eq!(window_revenue(&cpm, &every_day(1_100), &window), Ok(44_750));
    // A flat line (150,000 over 03-10..=03-19): as of 04-12 the window starts 03-14, so
    // the 4 days before it are out: 150,000 - 150,000 × 4 / 10 = 90,000.
    let flat = line(2, &flat_line_input());
    let window = last_30_days(d("2026-04-12"));
    assert_eq!(
        window_revenue(&flat, &DailyCounts::new(), &window),
        Ok(90_000)
    );
    let whole = last_30_days(d("2026-03-25"));
    assert_eq!(
        window_revenue(&flat, &DailyCounts::new(), &whole),
        Ok(150_000)
    );
}

#[test]
fn a_line_is_on_the_creator_dashboard_while_its_flight_overlaps_the_30_days() {
    let flight = Flight::new(d("2026-03-01"), d("2026-03-30")).unwrap();
    // As of 04-28 the window 03-30..=04-28 holds the flight's last day; as of 04-29 not.
    assert!(overlaps_window(flight, &last_30_days(d("2026-04-28"))));
    assert!(!overlaps_window(flight, &last_30_days(d("2026-04-29"))));
    assert!(overlaps_window(flight, &last_30_days(d("2026-03-01"))));
    assert!(!overlaps_window(flight, &last_30_days(d("2026-02-28"))));
}

#[test]
fn revenue_by_advertiser_sums_rounded_lines_and_sorts_by_amount_then_name() {
    let revenue = |id: &str, name: &str, amount: i64| LineRevenue {
        advertiser_id: id.parse().unwrap(),
        advertiser_name: name.into(),
        amount,
    };
    let summary = revenue_by_advertiser([
        revenue("adv-1", "Acme", 47_500),
        revenue("adv-2", "Brightside", 90_000),
        revenue("adv-3", "Zed", 0),
        revenue("adv-1", "Acme", 33_333),
        revenue("adv-4", "Able", 90_000),
    ])
    .unwrap();
    assert_eq!(
        serde_json::to_value(&summary).unwrap(),
        json!({"total": 260_833, "by_advertiser": [
            {"advertiser_id": "adv-4", "advertiser_name": "Able", "amount": 90_000},
            {"advertiser_id": "adv-2", "advertiser_name": "Brightside", "amount": 90_000},
            {"advertiser_id": "adv-1", "advertiser_name": "Acme", "amount": 80_833},
            {"advertiser_id": "adv-3", "advertiser_name": "Zed", "amount": 0}
        ]})
    );
    let overflow = revenue_by_advertiser([revenue("a", "A", i64::MAX), revenue("a", "A", 1)]);
    assert_eq!(overflow.unwrap_err().what(), "revenue");
    assert_eq!(revenue_by_advertiser([]).unwrap().total, 0);
}
