//! No import is left `running`: a failure midway finishes it as failed.

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::etl_support::{imported, metrics_contents, read_after, show, upload};
use crate::support::TestApp;

/// A CSV of `rows` valid rows of show `night-shift`.
fn rows(rows: usize) -> String {
    let mut csv = String::from("date,show,episode,downloads\n");
    for i in 0..rows {
        csv.push_str(&format!("2026-02-{:02},night-shift,e{i},{i}\n", i % 28 + 1));
    }
    csv
}

/// The outcome events (`ImportCompleted` / `ImportFailed`) of every import, by import.
async fn outcomes(app: &TestApp) -> Vec<(String, String, Value)> {
    sqlx::query_as::<_, (String, String, sqlx::types::Json<Value>)>(
        "SELECT aggregate_id, event_type, payload::jsonb FROM events
          WHERE aggregate_type = 'import' AND event_type IN ('ImportCompleted', 'ImportFailed')
          ORDER BY global_position",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, kind, payload)| (id, kind, payload.0))
    .collect()
}

async fn imports(app: &TestApp) -> Value {
    app.caught_up().await;
    let reply = app
        .call(Method::GET, "/api/v1/etl/imports", &app.admin, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_database_failure_midway_fails_the_import_and_answers_an_opaque_500() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    // The second batch of accepted rows cannot be written.
    sqlx::raw_sql(
        "CREATE SEQUENCE batches;
         CREATE FUNCTION fail_second_batch() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF NEW.event_type = 'RowsAccepted' THEN
                 IF nextval('batches') = 2 THEN
                     RAISE EXCEPTION 'simulated failure writing a batch';
                 END IF;
             END IF;
             RETURN NEW;
         END $$;
         CREATE TRIGGER fail_second_batch BEFORE INSERT ON events
             FOR EACH ROW EXECUTE FUNCTION fail_second_batch();",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let reply = upload(&app, &rows(2500), "?source=hosting").await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.code(), "internal_error");
    assert!(
        !reply.body.to_string().contains("simulated"),
        "opaque: {:?}",
        reply.body
    );

    let list = imports(&app).await;
    assert_eq!(list["items"][0]["status"], "failed", "{list:?}");
    assert_eq!(list["items"][0]["failure"]["code"], "interrupted");
    let outcomes = outcomes(&app).await;
    assert_eq!(outcomes.len(), 1, "{outcomes:?}");
    assert_eq!(outcomes[0].1, "ImportFailed");
    assert_eq!(
        metrics_contents(&app).await,
        (vec![], vec![]),
        "nothing visible"
    );

    // The next import (the trigger lets it through) completes; health saw the failure.
    let answer = imported(&app, &rows(10), "?source=hosting").await;
    let health = read_after(&app, "/api/v1/etl/health?as_of=2026-03-01", &answer).await;
    assert_eq!(health["sources"][0]["imports_last_7_days"], 2);
    assert_eq!(health["sources"][0]["failures_last_7_days"], 1);
}
