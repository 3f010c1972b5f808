//! Crash: a worker process killed (SIGKILL) in the middle of its batches leaves no
//! half-applied batch; restarted, it continues, and the read model equals a rebuild.

use std::time::{Duration, Instant};

use axum::http::Method;
use cuepoint_projections::read_models::catalog::CatalogProjection;
use cuepoint_projections::rebuild::rebuild;
use sqlx::PgPool;

use crate::catalog::show_body;
use crate::support::db::{bulk_show_events, catalog_contents};
use crate::support::process::Cuepoint;
use crate::support::TestApp;

/// The read model must hold exactly what the events up to the checkpoint say.
async fn assert_matches_checkpoint(pool: &PgPool) -> i64 {
    let (applied, mismatched): (i64, i64) = sqlx::query_as(
        "WITH cp AS (SELECT tx_id, global_position, events_applied FROM projection_checkpoints WHERE projection = 'catalog'),
              expected AS (
                SELECT split_part(aggregate_id, ':', 2) AS id, max(sequence) AS version FROM events, cp
                 WHERE aggregate_type = 'show' AND (events.tx_id, events.global_position) <= (cp.tx_id, cp.global_position)
                 GROUP BY 1)
         SELECT (SELECT events_applied FROM cp),
                (SELECT count(*) FROM expected e FULL JOIN rm_shows r ON r.show_id = e.id
                  WHERE r.version IS DISTINCT FROM e.version)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        mismatched, 0,
        "read model and checkpoint disagree: a half-applied batch"
    );
    applied
}

async fn applied(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT COALESCE((SELECT events_applied FROM projection_checkpoints WHERE projection = 'catalog'), 0)")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_leaves_no_half_batch_and_resumes_to_the_rebuilt_state() {
    let app = TestApp::without_workers().await;
    app.call(
        Method::POST,
        "/api/v1/shows",
        &app.admin,
        Some(show_body("Seed")),
    )
    .await;
    let total = 1 + bulk_show_events(&app.db.pool, &app.tenant.tenant_id, 400, 50).await;
    let url = app.db.url();

    let mut last = 0;
    for _kill in 0..3 {
        let mut worker = Cuepoint::start(&url, &["worker", "--batch-size", "200"]);
        let deadline = Instant::now() + Duration::from_secs(60);
        // Let it get going, then kill it while it is busy.
        while applied(&app.db.pool).await <= last && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
        worker.kill();
        last = assert_matches_checkpoint(&app.db.pool).await;
        if last >= total {
            break;
        }
    }
    assert!(
        last < total,
        "the worker finished before it could be killed mid-run; make the log longer"
    );

    let _worker = Cuepoint::start(&url, &["worker"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while applied(&app.db.pool).await < total {
        assert!(
            Instant::now() < deadline,
            "the restarted worker did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(assert_matches_checkpoint(&app.db.pool).await, total);
    let resumed = catalog_contents(&app.db.pool).await;
    drop(_worker);
    rebuild(&app.db.options(), &CatalogProjection, 1000)
        .await
        .unwrap();
    assert_eq!(catalog_contents(&app.db.pool).await, resumed);
}
