//! No import is left `running`: a failure midway finishes it as failed, and an import a
//! dead process left running is failed by the next process that starts.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use cuepoint_api::commands::import::fail_stale_imports;
use serde_json::Value;

use crate::etl_support::{imported, metrics_contents, read_after, show, upload};
use crate::support::process::Cuepoint;
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

/// Makes every import event look `minutes` old when written, and (while `crash` is set)
/// refuses every outcome event: the importing process "dies" before its import ends.
async fn simulate_dying_importer(app: &TestApp, minutes: i32, crash: bool) {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS test_clock (minutes int, crash bool);
         CREATE OR REPLACE FUNCTION dying_importer() RETURNS trigger LANGUAGE plpgsql AS $$
         DECLARE c test_clock;
         BEGIN
             SELECT * INTO c FROM test_clock;
             IF NEW.aggregate_type <> 'import' OR c IS NULL THEN RETURN NEW; END IF;
             NEW.recorded_at := now() - make_interval(mins => c.minutes);
             IF c.crash AND NEW.event_type IN ('ImportCompleted', 'ImportFailed') THEN
                 RAISE EXCEPTION 'simulated loss of the database';
             END IF;
             RETURN NEW;
         END $$;
         DROP TRIGGER IF EXISTS dying_importer ON events;
         CREATE TRIGGER dying_importer BEFORE INSERT ON events
             FOR EACH ROW EXECUTE FUNCTION dying_importer();
         DELETE FROM test_clock;",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO test_clock VALUES ($1, $2)")
        .bind(minutes)
        .bind(crash)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// Leaves an import `running` whose last event is `minutes` old; returns its id.
async fn abandoned_import(app: &TestApp, minutes: i32, csv: &str) -> String {
    simulate_dying_importer(app, minutes, true).await;
    let reply = upload(app, csv, "?source=hosting").await;
    assert_eq!(
        reply.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{:?}",
        reply.body
    );
    sqlx::raw_sql("DELETE FROM test_clock")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let list = imports(app).await;
    assert_eq!(list["items"][0]["status"], "running", "{list:?}");
    list["items"][0]["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_left_running_by_a_dead_process_are_failed_once_by_the_next_starts() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let stale = abandoned_import(&app, 120, &rows(1500)).await;
    let recent = abandoned_import(&app, 10, &rows(20)).await;

    // A process whose write conflicts with another's (the events key) counts it as done.
    sqlx::raw_sql(
        "CREATE FUNCTION other_process_first() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF NEW.event_type = 'ImportFailed' THEN
                 RAISE unique_violation USING MESSAGE = 'simulated write of another process';
             END IF;
             RETURN NEW;
         END $$;
         CREATE TRIGGER other_process_first BEFORE INSERT ON events
             FOR EACH ROW EXECUTE FUNCTION other_process_first();",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(fail_stale_imports(&app.db.pool, 60).await.unwrap(), 0);
    sqlx::raw_sql("DROP TRIGGER other_process_first ON events")
        .execute(&app.db.pool)
        .await
        .unwrap();

    // Two processes start at once against the database (default bound: 60 minutes).
    let url = app.db.url();
    let _first = Cuepoint::start(&url, &["worker"]);
    let _second = Cuepoint::start(&url, &["worker"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while outcomes(&app).await.is_empty() {
        assert!(Instant::now() < deadline, "the stale import was not failed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await; // room for a second (wrong) write
    let outcomes = outcomes(&app).await;
    assert_eq!(outcomes.len(), 1, "failed once: {outcomes:?}");
    let (stream, kind, payload) = &outcomes[0];
    assert!(stream.ends_with(&stale), "{stream}");
    assert_eq!(kind, "ImportFailed");
    let failed = &payload["ImportFailed"];
    assert_eq!(
        failed["reason"],
        serde_json::json!({"code": "abandoned", "minutes": 60})
    );
    assert_eq!(failed["accepted"], 1500, "the rows it had written");

    let list = imports(&app).await;
    let status_of = |id: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| (i["status"].clone(), i["failure"]["message"].clone()))
            .unwrap()
    };
    assert_eq!(
        status_of(&stale),
        (
            "failed".into(),
            "abandoned: no progress for 60 minutes".into()
        )
    );
    assert_eq!(
        status_of(&recent).0,
        "running",
        "within the bound: left alone"
    );
    // Nothing more to do for a later start; a bound of 0 turns the check off.
    assert_eq!(fail_stale_imports(&app.db.pool, 60).await.unwrap(), 0);
    assert_eq!(fail_stale_imports(&app.db.pool, 0).await.unwrap(), 0);
    assert_eq!(fail_stale_imports(&app.db.pool, 5).await.unwrap(), 1);
}
