//! Crash: a worker process SIGKILLed while it is held inside a batch leaves no half-applied
//! batch. The worker is held, by a test-only trigger, at two points of a batch's
//! transaction: after its read-model writes (at the `rm_shows` row of a marker event) and
//! at its checkpoint write; each time `pg_stat_activity` shows its backend active in a
//! write transaction before the kill. After each kill the read model holds exactly what the
//! events up to the stored checkpoint say, every column; restarted, the worker applies
//! every event once, and the read model equals a rebuild.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use cuepoint_projections::read_models::catalog::CatalogProjection;
use cuepoint_projections::rebuild::rebuild;
use sqlx::PgPool;

use crate::catalog::{advertiser_body, show_body};
use crate::support::db::{bulk_name, bulk_show_events, catalog_contents};
use crate::support::from_log::assert_catalog_at_checkpoint;
use crate::support::process::Cuepoint;
use crate::support::TestApp;

/// Bulk shows, and events per bulk show: 3,000 events, in batches of [`BATCH`].
const BULK_SHOWS: i64 = 120;
const PER_SHOW: i64 = 25;
const BATCH: &str = "100";
/// The first worker is held after writing the `rm_shows` row of this bulk show's last
/// revision, in the batch that applies it.
const HELD_AT_ROW: i64 = 40;
/// The second is held at the checkpoint write of the batch that reaches this bulk show's
/// last event.
const HELD_AT_CHECKPOINT: i64 = 80;
/// How long the test waits for a worker or a backend to get somewhere.
const PATIENCE: Duration = Duration::from_secs(60);

/// Test-only triggers that hold a transaction for as long as their hold row exists: one on
/// the marker row of `rm_shows` (after the batch's upsert has run), one on the catalog's
/// checkpoint update that passes `checkpoint_at`.
async fn install_holds(pool: &PgPool, marker_name: &str, checkpoint_at: i64) {
    sqlx::raw_sql(&format!(
        "CREATE TABLE test_holds (hold text PRIMARY KEY);
         INSERT INTO test_holds VALUES ('row'), ('checkpoint');
         CREATE FUNCTION test_hold() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             WHILE EXISTS (SELECT 1 FROM test_holds WHERE hold = TG_ARGV[0]) LOOP
                 PERFORM pg_sleep(0.01);
             END LOOP;
             RETURN NEW;
         END $$;
         CREATE TRIGGER hold_row AFTER INSERT OR UPDATE ON rm_shows FOR EACH ROW
             WHEN (NEW.name = '{marker_name}') EXECUTE FUNCTION test_hold('row');
         CREATE TRIGGER hold_checkpoint BEFORE UPDATE ON projection_checkpoints FOR EACH ROW
             WHEN (NEW.projection = 'catalog' AND NEW.global_position >= {checkpoint_at}
                   AND OLD.global_position < {checkpoint_at})
             EXECUTE FUNCTION test_hold('checkpoint');"
    ))
    .execute(pool)
    .await
    .unwrap();
}

/// Waits until `worker`'s backend sleeps in a hold, active in a transaction that has
/// written (it has a transaction id), running a statement that starts with `statement`;
/// returns the backend's pid.
pub(crate) async fn held_backend(pool: &PgPool, worker: &Cuepoint, statement: &str) -> i32 {
    let application = format!("cuepoint-worker:{}", worker.pid());
    let deadline = Instant::now() + PATIENCE;
    loop {
        let held: Option<(i32, bool)> = sqlx::query_as(
            "SELECT pid, backend_xid IS NOT NULL FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = $1
                AND state = 'active' AND xact_start IS NOT NULL AND wait_event = 'PgSleep'
                AND query LIKE $2",
        )
        .bind(&application)
        .bind(format!("{statement}%"))
        .fetch_optional(pool)
        .await
        .unwrap();
        if let Some((pid, wrote)) = held {
            assert!(wrote, "the held transaction has written nothing");
            return pid;
        }
        assert!(
            Instant::now() < deadline,
            "the worker was never held in `{statement}`"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Lets the held transaction of a killed worker go on, and waits until its backend has
/// found its client gone and ended (rolling the transaction back).
pub(crate) async fn release(pool: &PgPool, hold: &str, backend: i32) {
    sqlx::query("DELETE FROM test_holds WHERE hold = $1")
        .bind(hold)
        .execute(pool)
        .await
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    loop {
        let alive: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)")
                .bind(backend)
                .fetch_one(pool)
                .await
                .unwrap();
        if !alive {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the killed worker's backend {backend} lives on"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The catalog's stored checkpoint: `(global_position, events_applied)`.
async fn checkpoint(pool: &PgPool) -> (i64, i64) {
    sqlx::query_as(
        "SELECT COALESCE(max(global_position), 0), COALESCE(max(events_applied), 0)
           FROM projection_checkpoints WHERE projection = 'catalog'",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The `global_position` of the last event of bulk show `show`.
async fn last_event_of(pool: &PgPool, tenant_id: &str, show: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT global_position FROM events WHERE aggregate_type = 'show' AND aggregate_id = $1
            AND sequence = $2",
    )
    .bind(format!("{tenant_id}:bulk-{show}"))
    .bind(PER_SHOW)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_inside_a_batch_leaves_no_half_batch_and_resumes_to_the_rebuilt_state() {
    let app = TestApp::without_workers().await;
    let pool = &app.db.pool;
    for (path, body) in [
        ("/api/v1/shows", show_body("Seed")),
        ("/api/v1/advertisers", advertiser_body("Brand")),
    ] {
        let reply = app.call(Method::POST, path, &app.admin, Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    }
    let tenant = &app.tenant.tenant_id;
    let total = 2 + bulk_show_events(pool, tenant, BULK_SHOWS, PER_SHOW).await;
    let row_marker = last_event_of(pool, tenant, HELD_AT_ROW).await;
    let checkpoint_marker = last_event_of(pool, tenant, HELD_AT_CHECKPOINT).await;
    install_holds(pool, &bulk_name(HELD_AT_ROW, PER_SHOW), checkpoint_marker).await;
    let url = app.db.url();
    let worker_args = ["worker", "--batch-size", BATCH];

    // Held after the batch's rm_shows upsert, before its checkpoint write.
    let mut worker = Cuepoint::start(&url, &worker_args);
    let backend = held_backend(pool, &worker, "INSERT INTO rm_shows").await;
    let stored = checkpoint(pool).await;
    worker.kill();
    release(pool, "row", backend).await;
    assert_eq!(checkpoint(pool).await, stored, "the held batch committed");
    let entries = assert_catalog_at_checkpoint(pool, "killed after the read-model writes").await;
    assert!(
        entries > 2,
        "held in the first batch; the test wants a later one"
    );
    assert!(
        stored.0 < row_marker,
        "the checkpoint ({stored:?}) passed the marker event ({row_marker}) of the held batch"
    );

    // Held at the checkpoint write, after the batch's read-model writes.
    let mut worker = Cuepoint::start(&url, &worker_args);
    let backend = held_backend(pool, &worker, "UPDATE projection_checkpoints").await;
    let stored = checkpoint(pool).await;
    worker.kill();
    release(pool, "checkpoint", backend).await;
    assert_eq!(checkpoint(pool).await, stored, "the held batch committed");
    assert_catalog_at_checkpoint(pool, "killed at the checkpoint write").await;
    assert!(
        row_marker <= stored.0 && stored.0 < checkpoint_marker,
        "the checkpoint ({stored:?}) is not between the markers ({row_marker}, {checkpoint_marker})"
    );

    // Restarted, it applies every event once.
    let worker = Cuepoint::start(&url, &worker_args);
    let deadline = Instant::now() + PATIENCE;
    while checkpoint(pool).await.1 < total {
        assert!(
            Instant::now() < deadline,
            "the restarted worker did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(worker);
    assert_eq!(checkpoint(pool).await.1, total, "every event applied once");
    assert_eq!(
        assert_catalog_at_checkpoint(pool, "caught up").await,
        2 + BULK_SHOWS
    );
    let resumed = catalog_contents(pool).await;
    rebuild(&app.db.options(), &CatalogProjection, 1000)
        .await
        .unwrap();
    assert_eq!(
        catalog_contents(pool).await,
        resumed,
        "rebuild equals resumed"
    );
}
