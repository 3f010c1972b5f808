//! pipeline-alerts: the deal alerts of SPEC 5 raised once, as events of their own (never a
//! deal's activity), and cleared when the deal moves.

use cuepoint_domain::deal::DealPatch;
use serde_json::json;

use super::{alerts, get, run_job};
use crate::deals_read::Desk;
use crate::support::TestApp;

fn open(kind: &str, subject: &str, since: &str) -> (String, String, String, bool) {
    (
        kind.to_string(),
        subject.to_string(),
        since.to_string(),
        true,
    )
}

#[tokio::test]
async fn a_stale_and_an_overdue_deal_get_one_alert_each_cleared_after_the_deal_moves() {
    let app = TestApp::with_read_models().await;
    let desk = Desk::open(&app).await;
    // As of 03-20: `quiet` was last active on 03-01, on or before 03-20 - 14 = 03-06: stale
    // since 03-01 + 14 = 03-15. `late` was expected to close on 03-17, before 03-20:
    // overdue since 03-18 (and active on 03-15, after 03-06: not stale). `fine` neither.
    let quiet = desk
        .create(desk.input("Quiet", 10_000, "2026-06-30"), "2026-03-01")
        .await;
    let late = desk
        .create(desk.input("Late", 20_000, "2026-03-17"), "2026-03-15")
        .await;
    desk.create(desk.input("Fine", 30_000, "2026-06-30"), "2026-03-15")
        .await;

    let first = run_job(&app, "pipeline-alerts", "2026-03-20").await;
    assert_eq!(first, json!({"holding": 2, "raised": 2, "cleared": 0}));
    // The alert events are not the deals' activity: `quiet` is still stale, nothing new.
    let again = run_job(&app, "pipeline-alerts", "2026-03-20").await;
    assert_eq!(again, json!({"holding": 2, "raised": 0, "cleared": 0}));
    let deal = get(&app, &format!("/api/v1/deals/{quiet}")).await;
    assert_eq!(deal["last_activity_on"], "2026-03-01");
    assert_eq!(
        alerts(&app, "?open=true").await,
        [
            open("deal_overdue", late.as_str(), "2026-03-18"),
            open("deal_stale", quiet.as_str(), "2026-03-15"),
        ]
    );
    assert_eq!(alerts(&app, "?open=true&kind=deal_stale").await.len(), 1);

    // The deals move on 03-20: `quiet` to qualified, `late`'s close date to 04-30.
    desk.move_to(&quiet, "qualified", "2026-03-20").await;
    let later = DealPatch {
        expected_close_date: Some("2026-04-30".to_string()),
        ..DealPatch::default()
    };
    desk.update(&late, later, "2026-03-20").await;
    let moved = run_job(&app, "pipeline-alerts", "2026-03-20").await;
    assert_eq!(moved, json!({"holding": 0, "raised": 0, "cleared": 2}));
    assert!(alerts(&app, "?open=true").await.is_empty());
    let cleared = alerts(&app, "?open=false").await;
    assert_eq!(cleared.len(), 2, "{cleared:?}");
}
