//! Wake-ups of the projection workers: a notification names the aggregate types committed,
//! whether the command bus sends it after a command or the events trigger sends it for any
//! other writer (the importer, a hand-written insert), so that a process wakes only the
//! workers that read them.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use sqlx::postgres::PgListener;

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
