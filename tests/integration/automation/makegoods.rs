//! makegood-detection: one automatic makegood per under-delivered line, however often the
//! job runs.

use axum::http::Method;
use serde_json::json;

use super::{alerts, get, run_job};
use crate::deals::advertiser;
use crate::etl_support::{imported, show};
use crate::support::TestApp;

/// A signed IO with two CPM lines on Night Shift, flights 2026-03-01..=03-10:
/// - line 1: goal 10,000; Night Shift delivers 500 a day, 5,000 in all: under 9,000
///   (goal less the 10 % tolerance), so 10,000 - 5,000 = 5,000 impressions are owed;
/// - line 2: goal 5,000: 5,000 delivered, nothing owed.
///
/// Answers the app and the IO id.
async fn booked() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    let night = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let brand = advertiser(&app).await;
    let mut csv = String::from("date,show,downloads,source\n");
    for day in 1..=10 {
        csv.push_str(&format!("2026-03-{day:02},night-shift,500,megaphone\n"));
    }
    imported(&app, &csv, "").await;
    app.caught_up().await;
    let line = |goal: i64| {
        json!({"show_id": night, "placement": "mid", "format": "host_read",
               "flight": {"start": "2026-03-01", "end": "2026-03-10"},
               "pricing": {"type": "cpm", "cpm": 2500, "goal": goal}})
    };
    let body = json!({"advertiser_id": brand, "line_items": [line(10_000), line(5_000)]});
    let created = app
        .call(Method::POST, "/api/v1/io", &app.admin, Some(body))
        .await;
    assert!(created.status.is_success(), "{:?}", created.body);
    let io = created.body["id"].as_str().unwrap().to_string();
    for action in ["send", "sign"] {
        let path = format!("/api/v1/io/{io}/{action}");
        let reply = app.call(Method::POST, &path, &app.admin, None).await;
        assert!(reply.status.is_success(), "{action}: {:?}", reply.body);
    }
    (app, io)
}

#[tokio::test]
async fn an_under_delivered_line_gets_one_automatic_makegood_after_three_runs() {
    let (app, io) = booked().await;
    // On the flight's last day it has not ended: nothing is owed yet.
    let summary = run_job(&app, "makegood-detection", "2026-03-10").await;
    assert_eq!(summary, json!({"lines_checked": 2, "makegoods_raised": 0}));

    let first = run_job(&app, "makegood-detection", "2026-03-11").await;
    assert_eq!(first, json!({"lines_checked": 2, "makegoods_raised": 1}));
    for _ in 0..2 {
        let again = run_job(&app, "makegood-detection", "2026-03-11").await;
        assert_eq!(again, json!({"lines_checked": 2, "makegoods_raised": 0}));
    }

    let detail = get(&app, &format!("/api/v1/io/{io}")).await;
    let makegoods = detail["makegoods"].as_array().unwrap();
    assert_eq!(makegoods.len(), 1, "{makegoods:?}");
    let line_1 = detail["line_items"][0]["id"].as_str().unwrap();
    assert_eq!(makegoods[0]["line_item_id"], line_1);
    assert_eq!(makegoods[0]["impressions"], 5_000);
    assert_eq!(makegoods[0]["reason"], "under_delivery");
    assert_eq!(makegoods[0]["automatic"], true);

    let raised = alerts(&app, "?kind=makegood_raised").await;
    let subject = format!("{io}/{line_1}");
    assert_eq!(
        raised,
        [(
            "makegood_raised".to_string(),
            subject,
            "2026-03-11".to_string(),
            true
        )]
    );
}
