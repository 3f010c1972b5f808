//! The metrics read models rebuilt from the log equal the incrementally built ones, after
//! imports with corrections.

use cuepoint_projections::read_models::metrics::MetricsProjection;
use cuepoint_projections::rebuild::rebuild;

use crate::etl_support::{imported, metrics_contents, show, upload};
use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_metrics_model_equals_the_incremental_one() {
    let app = TestApp::spawn().await;
    let a = show(&app, "Night Shift", None).await;
    show(&app, "Build Log", Some("megaphone")).await;
    app.caught_up().await;
    for round in 0..4 {
        let mut csv = String::from("date,show,episode,downloads,listeners,source\n");
        for day in 1..=20 {
            let value = 100 * round + day;
            csv.push_str(&format!("2026-03-{day:02},{a},,{value},{day},\n"));
            csv.push_str(&format!(
                "2026-03-{day:02},build-log,e{},{value},,megaphone\n",
                day % 3
            ));
            csv.push_str(&format!(
                "2026-03-{day:02},build-log,e{},{},,spotify\n",
                day % 3,
                value + 1
            ));
        }
        imported(&app, &csv, "?source=hosting").await;
    }
    // A failed import in between leaves nothing.
    upload(&app, "date,show,downloads\n2026-03-01,nope,1\n", "").await;
    app.caught_up().await;
    let incremental = metrics_contents(&app).await;
    assert_eq!(incremental.0.len(), 20 + 20 * 2);
    assert!(incremental.0.contains(&format!(
        "{}|{a}|2026-03-05|hosting|305|5",
        app.tenant.tenant_id
    )));

    let report = rebuild(&app.db.options(), &MetricsProjection::default(), 3)
        .await
        .unwrap();
    assert!(report.events_applied > 0);
    assert_eq!(metrics_contents(&app).await, incremental);
}
