//! etl-health-check: an alert while a source is degraded or failing, cleared when it is
//! healthy again.

use serde_json::json;

use super::{alerts, run_job};
use crate::etl_support::{imported, show};
use crate::support::TestApp;

#[tokio::test]
async fn a_source_turning_failing_raises_one_alert() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    // One import today (by the clock), no rejected row, data through 2026-03-19.
    let mut csv = String::from("date,show,downloads,source\n");
    for day in 10..=19 {
        csv.push_str(&format!("2026-03-{day},night-shift,100,megaphone\n"));
    }
    imported(&app, &csv, "").await;
    let job = "etl-health-check";
    // 03-20: latest day 03-19 >= 03-20 - 3: healthy.
    let healthy =
        json!({"sources": 1, "healthy": 1, "degraded": 0, "failing": 0, "raised": 0, "cleared": 0});
    assert_eq!(run_job(&app, job, "2026-03-20").await, healthy);
    // 03-24: 03-19 is before 03-21 (as_of - 3) but not before 03-17 (as_of - 7): degraded.
    let degraded = run_job(&app, job, "2026-03-24").await;
    assert_eq!(
        degraded,
        json!({"sources": 1, "healthy": 0, "degraded": 1, "failing": 0, "raised": 1, "cleared": 0})
    );
    // 03-30: 03-19 is before 03-23 (as_of - 7): failing; the degraded alert is cleared.
    let failing =
        json!({"sources": 1, "healthy": 0, "degraded": 0, "failing": 1, "raised": 1, "cleared": 1});
    assert_eq!(run_job(&app, job, "2026-03-30").await, failing);
    let again = run_job(&app, job, "2026-03-30").await;
    assert_eq!(again["raised"], 0, "one alert: {again}");
    assert_eq!(again["cleared"], 0);
    assert_eq!(
        alerts(&app, "?open=true").await,
        [(
            "etl_failing".to_string(),
            "megaphone".to_string(),
            "2026-03-30".to_string(),
            true
        )]
    );
    // Healthy again (as of 03-20): the failing alert is cleared.
    let recovered = run_job(&app, job, "2026-03-20").await;
    assert_eq!(recovered["cleared"], 1);
    assert!(alerts(&app, "?open=true").await.is_empty());
}
