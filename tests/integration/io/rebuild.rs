//! Rebuilding the IO read model from the log.

use axum::http::Method;
use serde_json::{json, Value};

use super::{act, catalog, cpm_line, create, flat_line, ok, Catalog};
use crate::support::TestApp;

async fn io_contents(app: &TestApp) -> Vec<Value> {
    sqlx::query_scalar("SELECT to_jsonb(r) FROM rm_ios r ORDER BY tenant_id, io_id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_io_model_equals_the_incremental_one() {
    let app = TestApp::spawn().await;
    let Catalog {
        shows: [show_a, show_b],
        advertisers: [brand_x, brand_y],
    } = catalog(&app).await;
    for n in 0..4 {
        let brand = if n % 2 == 0 { &brand_x } else { &brand_y };
        let line = cpm_line(&show_a, n, n + 30, 2000 + n, 10_000);
        let io = create(&app, brand, vec![line]).await;
        let lines = format!("/api/v1/io/{io}/line-items");
        let flat = flat_line(&show_b, 1, 9, 5_000);
        ok(&app, Method::POST, &lines, Some(flat), 200).await;
        act(&app, &io, "send").await;
        if n > 0 {
            act(&app, &io, "sign").await;
            let patch = json!({"talking_points": ["new point"]});
            ok(
                &app,
                Method::PATCH,
                &format!("{lines}/li-2"),
                Some(patch),
                200,
            )
            .await;
        }
    }
    app.caught_up().await;
    let incremental = io_contents(&app).await;
    assert_eq!(incremental.len(), 4);
    // Batches of 3 events split each IO's events over several batches.
    let report = cuepoint_projections::rebuild::rebuild(
        &app.db.options(),
        &cuepoint_projections::read_models::io::IoProjection,
        3,
    )
    .await
    .unwrap();
    // The first IO: created, line added, sent. The others also signed, then amended (the
    // line change and `IoAmended`).
    assert_eq!(report.events_applied, 3 + 3 * 6);
    assert_eq!(
        io_contents(&app).await,
        incremental,
        "rebuild equals incremental"
    );
}
