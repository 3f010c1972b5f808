//! Projected impressions, cost and CPM against figures worked out by hand.

use chrono::NaiveDate;
use serde_json::json;

use crate::io::Fee;
use crate::money::Cpm;
use crate::planning::{
    default_flight, project, projected_cost, projected_cpm, projected_impressions,
};
use crate::window::{last_30_days, total_in, DailyCounts};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// As of 2026-03-31: 1,500 downloads a day on 2026-03-02..=03-21 (20 days), nothing on
/// the 10 days after, and 99,999 on 03-01, the day before the window.
fn downloads() -> DailyCounts {
    let mut daily: DailyCounts = (2..=21)
        .map(|day| (NaiveDate::from_ymd_opt(2026, 3, day).unwrap(), 1_500))
        .collect();
    daily.insert(d("2026-03-01"), 99_999);
    daily
}

#[test]
fn days_without_data_count_as_zero_in_the_30_day_base() {
    let total = total_in(&downloads(), last_30_days(d("2026-03-31")), "downloads").unwrap();
    assert_eq!(total, 30_000); // 20 × 1,500; 03-01 is outside the window
                               // 30,000 / 30 = 1,000 a day (not 1,500: the 10 empty days count), × 14 days.
    assert_eq!(projected_impressions(total, 14), Ok(14_000));
    // The default flight: 2026-04-01..=04-30, 30 days.
    let flight = default_flight(d("2026-03-31"));
    assert_eq!(
        (flight.start(), flight.end()),
        (d("2026-04-01"), d("2026-04-30"))
    );
    assert_eq!(projected_impressions(total, flight.days()), Ok(30_000));
}

#[test]
fn impressions_round_once_to_a_whole_impression_half_up() {
    assert_eq!(projected_impressions(1_000, 7), Ok(233)); // 233.33
    assert_eq!(projected_impressions(1_001, 15), Ok(501)); // 500.5
    assert_eq!(projected_impressions(1_003, 15), Ok(502)); // 501.5
    assert_eq!(projected_impressions(1_000, 8), Ok(267)); // 266.67
    assert_eq!(projected_impressions(0, 30), Ok(0));
    assert_eq!(
        projected_impressions(u64::MAX, 31).unwrap_err().what(),
        "projected impressions"
    );
}

#[test]
fn cost_is_impressions_times_cpm_rounded_once() {
    let cpm = Cpm::new(2_500).unwrap();
    assert_eq!(projected_cost(14_000, cpm), Ok(35_000)); // 350.00
    assert_eq!(projected_cost(501, cpm), Ok(1_253)); // 1,252.5 -> 1,253
}

#[test]
fn the_cpm_of_a_flat_fee_is_fee_times_1000_over_impressions_rounded_once() {
    // A fee of 5,000.00: 500,000 × 1,000 / 14,000 = 35,714.29 -> 35,714 (357.14 a thousand).
    let fee = Fee::new(500_000).unwrap();
    assert_eq!(projected_cpm(fee, 14_000), Ok(Some(35_714)));
    // 1 × 1,000 / 2,000 = 0.5 -> 1; 1 × 1,000 / 2,001 = 0.4998 -> 0.
    let cent = Fee::new(1).unwrap();
    assert_eq!(projected_cpm(cent, 2_000), Ok(Some(1)));
    assert_eq!(projected_cpm(cent, 2_001), Ok(Some(0)));
    // No impressions: no CPM.
    assert_eq!(projected_cpm(fee, 0), Ok(None));
}

#[test]
fn a_projection_item_carries_every_figure_with_the_dashboard_names() {
    let cpm = Cpm::new(3_000).unwrap();
    let flight = crate::io::Flight::new(d("2026-04-01"), d("2026-04-14")).unwrap();
    let fee = Fee::new(500_000).unwrap();
    let item = project(
        30_000,
        flight,
        cpm,
        Some(fee),
        Some(Cpm::new(2_500).unwrap()),
    )
    .unwrap();
    // 14,000 impressions; 14,000 × 3,000 / 1,000 = 42,000; over the max of 2,500.
    assert_eq!(
        serde_json::to_value(item).unwrap(),
        json!({"projected_impressions": 14000, "cpm": 3000, "projected_cost": 42000,
               "projected_cpm": 35714, "over_budget": true})
    );
    let without_fee = project(30_000, flight, cpm, None, None).unwrap();
    assert_eq!(
        (without_fee.projected_cpm, without_fee.over_budget),
        (None, false)
    );
}
