//! Wake-ups of the projection workers: a notification names the aggregate types committed,
//! whether the command bus sends it after a command or the events trigger sends it for any
//! other writer (the importer, a hand-written insert), so that a process wakes only the
//! workers that read them; and a worker woken soon after a batch waits out the batch
//! interval.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use cuepoint_projections::read_models::catalog::CatalogProjection;
use cuepoint_projections::worker::{self, WorkerOptions};
use sqlx::postgres::PgListener;
use tokio_util::sync::CancellationToken;

use crate::catalog::show_body;
use crate::support::TestApp;

/// The payload of the next notification on the workers' channel.
async fn next_payload(listener: &mut PgListener) -> String {
    let notification = tokio::time::timeout(Duration::from_secs(10), listener.recv())
        .await
        .expect("a notification within 10 s")
        .unwrap();
    notification.payload().to_string()
}

#[tokio::test]
async fn a_notification_names_the_aggregate_types_its_commit_wrote() {
    let app = TestApp::without_workers().await;
    let mut listener = PgListener::connect_with(&app.db.pool).await.unwrap();
    listener.listen("cuepoint_events").await.unwrap();

    let reply = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Woken")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(next_payload(&mut listener).await, "show", "sent by the bus");

    // One statement writing two types, as a writer other than the bus would.
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                             event_version, payload, metadata)
         SELECT kind, $1 || ':x', 1, 'Noted', '1', '{}'::json,
                json_build_object('tenant_id', $1::text)
           FROM UNNEST(ARRAY['io', 'deal']) AS k(kind)",
    )
    .bind(&app.tenant.tenant_id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        next_payload(&mut listener).await,
        "deal,io",
        "sent by the trigger"
    );
}

/// Creates a show over HTTP and waits until the catalog holds it; returns how long that took.
async fn create_and_see(app: &TestApp, name: &str) -> Duration {
    let started = Instant::now();
    let reply = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body(name)),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let id = reply.body["id"].as_str().unwrap();
    while sqlx::query("SELECT 1 FROM rm_shows WHERE show_id = $1")
        .bind(id)
        .fetch_optional(&app.db.pool)
        .await
        .unwrap()
        .is_none()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{name} never projected"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_woken_within_the_batch_interval_waits_out_its_rest_and_one_woken_later_does_not()
{
    const INTERVAL: Duration = Duration::from_secs(4);
    let app = TestApp::without_workers().await;
    let shutdown = CancellationToken::new();
    let options = WorkerOptions {
        connect: app.db.options(),
        batch_size: 100,
        // Polls that find nothing do not space the batches; they pick up events the log
        // held back while another test's transaction was older than them.
        poll_interval: Duration::from_millis(100),
        takeover_interval: Duration::from_millis(100),
        batch_interval: INTERVAL,
        worker_name: "batch-interval-test".to_string(),
    };
    let projections: Vec<Arc<dyn cuepoint_projections::Projection>> =
        vec![Arc::new(CatalogProjection)];
    tokio::spawn(worker::run(options, projections, shutdown.clone()));

    // The batch that applies the first show starts after its command; the next batch starts
    // an interval after that one at the soonest, so the second show, sent as soon as the
    // first is seen, is seen no sooner than an interval after the first was sent.
    let first_sent = Instant::now();
    create_and_see(&app, "First").await;
    create_and_see(&app, "Second").await;
    assert!(
        first_sent.elapsed() >= INTERVAL,
        "the second batch came {:?} after the first command",
        first_sent.elapsed()
    );

    // After a quiet spell longer than the interval (its polls read nothing), a wake-up is
    // served at once.
    tokio::time::sleep(INTERVAL + Duration::from_millis(500)).await;
    let third = create_and_see(&app, "Third").await;
    assert!(third < INTERVAL / 2, "the third show took {third:?}");
    shutdown.cancel();
}
