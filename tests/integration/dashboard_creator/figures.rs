//! Every figure of the creator dashboard of the Night Shift / Day Shift creator, as of
//! 2026-03-31, against values worked out by hand.
//!
//! Downloads counted (after the correction): Night Shift 1,000 a day (megaphone only),
//! Day Shift 2,000 a day (every source), its two listed episodes 500 a day. Window:
//! 2026-03-02..=03-31, so "before the window" is through 03-01.

use axum::http::StatusCode;
use chrono::Utc;
use cuepoint_domain::tenancy::Role;
use serde_json::{json, Value};

use super::{dashboard, pacing, pacing_lines, scenario, AS_OF};

/// `{goal, delivered, expected, pacing_pct, status, projected_final}` of a pacing item.
fn figures(item: &Value) -> Value {
    json!({
        "goal": item["goal"], "delivered": item["delivered"], "expected": item["expected"],
        "pacing_pct": item["pacing_pct"], "status": item["status"],
        "projected_final": item["projected_final"],
    })
}

/// `(first day, last day, days, distinct values)` of a daily series.
fn series(item: &Value) -> (String, String, usize, Vec<u64>) {
    let daily = item["daily"].as_array().unwrap();
    let day = |i: usize| daily[i]["day"].as_str().unwrap().to_string();
    let mut values: Vec<u64> = daily
        .iter()
        .map(|d| d["delivered"].as_u64().unwrap())
        .collect();
    values.dedup();
    (day(0), day(daily.len() - 1), daily.len(), values)
}

fn range(
    first: &str,
    last: &str,
    days: usize,
    values: &[u64],
) -> (String, String, usize, Vec<u64>) {
    (first.to_string(), last.to_string(), days, values.to_vec())
}

#[tokio::test]
async fn a_creator_dashboard_with_every_status_a_window_can_hold_worked_by_hand() {
    let s = scenario().await;
    let creator = s.app.token(Role::Creator, &[&s.night, &s.day], None).await;
    let answer = dashboard(&s.app, &creator, &format!("?as_of={AS_OF}"), StatusCode::OK).await;
    assert_eq!(
        (
            &answer["as_of"],
            &answer["from"],
            &answer["to"],
            &answer["currency"]
        ),
        (
            &json!(AS_OF),
            &json!("2026-03-02"),
            &json!("2026-03-31"),
            &json!("USD")
        )
    );
    // Shown: the lines of the two signed IOs on Night and Day Shift that overlap the
    // window. Not IO 2's li-4 (starts 04-01, after as_of: it would read not_started, which
    // a line overlapping the window never is), nor li-5 (ended 03-01, the day before the
    // window), nor li-6 (Far Away); nothing of the cancelled, draft or sent IOs.
    let (io1, io2) = (s.io1.as_str(), s.io2.as_str());
    let mut expected: Vec<(String, String)> = [
        (io1, "li-1"),
        (io1, "li-2"),
        (io1, "li-3"),
        (io1, "li-4"),
        (io2, "li-1"),
        (io2, "li-2"),
        (io2, "li-3"),
    ]
    .iter()
    .map(|(io, line)| (io.to_string(), line.to_string()))
    .collect();
    expected.sort();
    assert_eq!(pacing_lines(&answer), expected);
    let starts: Vec<&str> = (answer["pacing"].as_array().unwrap().iter())
        .map(|p| p["flight"]["start"].as_str().unwrap())
        .collect();
    assert!(starts.is_sorted(), "by flight start: {starts:?}");

    // Behind: 2026-03-17..=04-15 (30 days), goal 40,000. Elapsed 03-17..=03-31 = 15 days:
    // expected 40,000 × 15 / 30 = 20,000; delivered 15 × 1,000 = 15,000 (megaphone only:
    // art19's 5,000 a day would make it 90,000), 75 %. Projected: the last 7 days average
    // 1,000 × 15 days left = 15,000 → 30,000.
    let behind = pacing(&answer, io1, "li-1");
    assert_eq!(
        figures(behind),
        json!({"goal": 40_000, "delivered": 15_000, "expected": 20_000.0, "pacing_pct": 75.0,
               "status": "behind", "projected_final": 30_000})
    );
    assert_eq!(
        series(behind),
        range("2026-03-17", "2026-03-31", 15, &[1_000])
    );
    assert_eq!(
        (
            &behind["advertiser_id"],
            &behind["advertiser_name"],
            &behind["show_id"]
        ),
        (&json!(s.brand_x), &json!("Brand X"), &json!(s.night))
    );
    assert_eq!(
        (&behind["placement"], &behind["pricing"], &behind["flight"]),
        (
            &json!("mid"),
            &json!("cpm"),
            &json!({"start": "2026-03-17", "end": "2026-04-15"})
        )
    );

    // On track: 03-22..=04-10 (20 days), goal 20,000; elapsed 10: expected 10,000,
    // delivered 10,000, 100 %; projected 10,000 + 1,000 × 10 = 20,000.
    let on_track = pacing(&answer, io1, "li-2");
    assert_eq!(
        figures(on_track),
        json!({"goal": 20_000, "delivered": 10_000, "expected": 10_000.0, "pacing_pct": 100.0,
               "status": "on_track", "projected_final": 20_000})
    );

    // Delivered: 02-15..=03-16 (14 + 16 = 30 days), goal 30,000, over: 30 × 1,000 =
    // 30,000 (03-10 counts the correction's 1,000, not 50,000), ≥ 27,000 (10 %
    // tolerance). Nothing left to project: 30,000. The series stops at the flight's end.
    let delivered = pacing(&answer, io1, "li-3");
    assert_eq!(
        figures(delivered),
        json!({"goal": 30_000, "delivered": 30_000, "expected": 30_000.0, "pacing_pct": 100.0,
               "status": "delivered", "projected_final": 30_000})
    );
    assert_eq!(
        series(delivered),
        range("2026-02-15", "2026-03-16", 30, &[1_000])
    );

    // A flat line: delivery and its series, nulls for the goal-based figures.
    let flat = pacing(&answer, io1, "li-4");
    assert_eq!(flat["pricing"], "flat");
    assert_eq!(
        figures(flat),
        json!({"goal": null, "delivered": 10_000, "expected": null, "pacing_pct": null,
               "status": null, "projected_final": null})
    );
    assert_eq!(
        series(flat),
        range("2026-03-22", "2026-03-31", 10, &[1_000])
    );

    // Ahead (Day Shift, every source: 2,000 a day): 03-12..=04-10 (30 days), goal 30,000;
    // elapsed 20: expected 20,000, delivered 40,000, 200 %; projected 40,000 + 2,000 × 10.
    let ahead = pacing(&answer, io2, "li-1");
    assert_eq!(
        figures(ahead),
        json!({"goal": 30_000, "delivered": 40_000, "expected": 20_000.0, "pacing_pct": 200.0,
               "status": "ahead", "projected_final": 60_000})
    );
    assert_eq!(ahead["advertiser_name"], "Brand Y");

    // Under-delivered, listing two episodes (500 a day; the show's 2,000 would have
    // delivered): 03-01..=03-20 (20 days), goal 20,000: 10,000 < 18,000, 50 %.
    let under = pacing(&answer, io2, "li-2");
    assert_eq!(
        figures(under),
        json!({"goal": 20_000, "delivered": 10_000, "expected": 20_000.0, "pacing_pct": 50.0,
               "status": "under_delivered", "projected_final": 10_000})
    );
    assert_eq!(series(under), range("2026-03-01", "2026-03-20", 20, &[500]));
    let day_flat = pacing(&answer, io2, "li-3");
    assert_eq!(
        series(day_flat),
        range("2026-03-22", "2026-03-31", 10, &[2_000])
    );
    assert_eq!(day_flat["delivered"], 20_000);

    // Revenue of 03-02..=03-31, each line rounded once, then summed:
    // Brand X: behind 15,000 × 20.00 / 1,000 = 30,000; on track 10,000 × 25.00 / 1,000 =
    //   25,000; delivered, cut by the window: 30,000 × 25.00 / 1,000 = 75,000 through
    //   03-31 less 15,000 (02-15..=03-01) × 25.00 / 1,000 = 37,500 before it → 37,500;
    //   flat 100,000 × 10 / 30 = 33,333.33 → 33,333. Sum 125,833.
    // Brand Y: ahead min(40,000, 30,000) × 15.00 / 1,000 = 45,000 (none past the goal);
    //   under-delivered 10,000 × 10.00 / 1,000 = 10,000 less 500 (03-01) → 9,500; flat
    //   33,333. Sum 87,833.
    // Total 213,666 (the sum of the rounded lines: the exact sum would round to 213,667).
    assert_eq!(
        answer["revenue"],
        json!({"total": 213_666, "by_advertiser": [
            {"advertiser_id": s.brand_x, "advertiser_name": "Brand X", "amount": 125_833},
            {"advertiser_id": s.brand_y, "advertiser_name": "Brand Y", "amount": 87_833}]})
    );

    // Pending on these shows: IO 1's mg-1 (mg-2 was resolved; IO 2's is on Far Away; the
    // cancelled IO's is gone with it), raised today.
    let today = Utc::now().date_naive().to_string();
    assert_eq!(
        answer["makegoods_pending"],
        json!([{"io_id": io1, "makegood_id": "mg-1", "line_item_id": "li-2",
                "show_id": s.night, "reason": "missing_ad", "impressions": 4_000,
                "raised_on": today, "automatic": false}])
    );
}

#[tokio::test]
async fn the_day_after_the_window_is_not_started_before_and_counted_after() {
    let s = scenario().await;
    // As of 04-01, IO 2's li-4 (04-01..=04-30, goal 10,000) has run one day without data:
    // expected 10,000 / 30 = 333.33, delivered 0, behind. As of 03-31 it is not shown.
    let answer = dashboard(&s.app, &s.app.admin, "?as_of=2026-04-01", StatusCode::OK).await;
    let first_day = pacing(&answer, &s.io2, "li-4");
    assert_eq!(first_day["status"], "behind");
    assert_eq!(first_day["delivered"], 0);
    assert_eq!(
        first_day["daily"],
        json!([{"day": "2026-04-01", "delivered": 0}])
    );
    let expected = first_day["expected"].as_f64().unwrap();
    assert!((expected - 10_000.0 / 30.0).abs() < 1e-9, "{expected}");
}
