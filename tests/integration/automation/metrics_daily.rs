//! refresh-metrics-daily: metrics_daily checked against the completed imports' events, a
//! corrupted row reported and repaired.

use serde_json::json;

use super::run_job;
use crate::etl_support::{imported, show};
use crate::support::TestApp;

/// Night Shift's rows of rm_metrics_daily as (day, downloads).
async fn stored(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT day::text, downloads FROM rm_metrics_daily WHERE tenant_id = $1 ORDER BY day",
    )
    .bind(&app.tenant.tenant_id)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_corrupted_metrics_daily_row_is_reported_and_repaired() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let first = "date,show,downloads\n2026-03-01,night-shift,100\n2026-03-02,night-shift,200\n2026-03-03,night-shift,300\n";
    imported(&app, first, "").await;
    // A later import corrects 03-02: the later completed import wins.
    imported(
        &app,
        "date,show,downloads\n2026-03-02,night-shift,250\n",
        "",
    )
    .await;
    app.caught_up().await;
    let right = vec![
        ("2026-03-01".to_string(), 100),
        ("2026-03-02".to_string(), 250),
        ("2026-03-03".to_string(), 300),
    ];
    assert_eq!(stored(&app).await, right);
    let job = "refresh-metrics-daily";
    let clean = run_job(&app, job, "2026-03-31").await;
    assert_eq!(clean, json!({"checked": 3, "differing": 0, "repaired": 0}));

    // Three kinds of damage: a wrong figure, a missing row, a row no import gave.
    sqlx::raw_sql(&format!(
        "UPDATE rm_metrics_daily SET downloads = 999 WHERE day = '2026-03-01';
         DELETE FROM rm_metrics_daily WHERE day = '2026-03-03';
         INSERT INTO rm_metrics_daily (tenant_id, show_id, day, source, downloads)
         SELECT tenant_id, show_id, '2026-03-05', source, 42 FROM rm_metrics_daily
          WHERE tenant_id = '{}' AND day = '2026-03-02';",
        app.tenant.tenant_id
    ))
    .execute(&app.db.pool)
    .await
    .unwrap();
    // Compared: the 3 totals the events give and the extra stored row.
    let repaired = run_job(&app, job, "2026-03-31").await;
    assert_eq!(
        repaired,
        json!({"checked": 4, "differing": 3, "repaired": 3})
    );
    assert_eq!(stored(&app).await, right);
    let after = run_job(&app, job, "2026-03-31").await;
    assert_eq!(after, json!({"checked": 3, "differing": 0, "repaired": 0}));
}
