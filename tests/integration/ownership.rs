//! Two worker processes against one database while events keep being written: each
//! projection is owned by exactly one of them, only the owner moves its checkpoint (a
//! test-only trigger records, for every checkpoint move, whether the moving session held
//! the projection's ownership lock), killing the owner hands its projections to the other,
//! which carries on; in the end every event was applied exactly once and every read model
//! equals a rebuild.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use cuepoint_api::won_deals::worker_projections;
use cuepoint_projections::rebuild::rebuild;
use cuepoint_projections::status::status;
use cuepoint_projections::{locks, registry, Projection};
use serde_json::json;
use sqlx::PgPool;

use crate::catalog::{advertiser_body, show_body};
use crate::etl_support::upload;
use crate::support::db::table_contents;
use crate::support::process::Cuepoint;
use crate::support::TestApp;

const PATIENCE: Duration = Duration::from_secs(30);

/// The pid of each named projection's owner, once every one has an owner.
async fn owners(pool: &PgPool, names: &[&str]) -> Vec<u32> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let statuses = status(pool, names).await.unwrap();
        let owners: Vec<Option<u32>> = statuses
            .iter()
            .map(|s| {
                let owner = s.owner.as_deref()?;
                owner
                    .strip_prefix("cuepoint-worker:")?
                    .split(' ')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect();
        if owners.iter().all(Option::is_some) {
            return owners.into_iter().flatten().collect();
        }
        assert!(
            Instant::now() < deadline,
            "projections left without an owner: {statuses:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn ownership_locks(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::int8::oid
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .bind(i64::from(locks::OWNER_CLASS))
    .fetch_one(pool)
    .await
    .unwrap()
}

/// A test-only trigger that records every checkpoint move: the projection, the moving
/// session's `application_name`, whether that session held the projection's ownership lock,
/// and the positions and applied count before and after.
async fn audit_checkpoint_moves(pool: &PgPool, names: &[&str]) {
    let keys: Vec<i32> = names.iter().map(|name| locks::key(name)).collect();
    sqlx::raw_sql(&format!(
        "CREATE TABLE test_owner_keys (projection text PRIMARY KEY, key int4 NOT NULL);
         CREATE TABLE test_checkpoint_moves (
             projection text, application text, owned bool, from_position int8,
             to_position int8, applied int8, at timestamptz DEFAULT clock_timestamp());
         CREATE FUNCTION test_audit_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             INSERT INTO test_checkpoint_moves
                    (projection, application, owned, from_position, to_position, applied)
             VALUES (NEW.projection, current_setting('application_name'),
                     EXISTS (SELECT 1 FROM pg_locks l
                               JOIN test_owner_keys k ON k.projection = NEW.projection
                              WHERE l.locktype = 'advisory' AND l.granted
                                AND l.pid = pg_backend_pid() AND l.objsubid = 2
                                AND l.classid = {class}::oid AND l.objid = k.key::oid),
                     OLD.global_position, NEW.global_position,
                     NEW.events_applied - OLD.events_applied);
             RETURN NULL;
         END $$;
         CREATE TRIGGER test_audit AFTER UPDATE ON projection_checkpoints
             FOR EACH ROW EXECUTE FUNCTION test_audit_checkpoint();",
        class = locks::OWNER_CLASS,
    ))
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO test_owner_keys SELECT * FROM UNNEST($1::text[], $2::int4[])")
        .bind(names)
        .bind(&keys)
        .execute(pool)
        .await
        .unwrap();
}

/// Asserts that every checkpoint move so far was made by a session holding the
/// projection's ownership lock.
async fn assert_only_owners_moved(pool: &PgPool, when: &str) {
    let unowned: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT projection, application, count(*) FROM test_checkpoint_moves WHERE NOT owned
          GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(
        unowned.is_empty(),
        "{when}: checkpoints moved by sessions that did not hold the ownership lock (projection, session, moves): {unowned:?}"
    );
}

/// Writes events of every projection's aggregate types until `stop`: show updates, new
/// advertisers, IO drafts, won deals, CSV imports. Returns the number of rounds.
async fn write_until(app: Arc<TestApp>, show: String, brand: String, stop: Arc<AtomicBool>) -> u64 {
    let mut round = 0_u64;
    while !stop.load(Ordering::Relaxed) {
        round += 1;
        let patch = json!({"episodes_per_week": round % 7 + 1});
        let path = format!("/api/v1/shows/{show}");
        let reply = app
            .call(Method::PATCH, &path, &app.admin, Some(patch))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        if round.is_multiple_of(3) {
            let body = advertiser_body(&format!("Brand {round}"));
            let reply = app
                .call(Method::POST, "/api/v1/advertisers", &app.admin, Some(body))
                .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        }
        if round.is_multiple_of(4) {
            let body = json!({"advertiser_id": brand, "payment_terms": "net_30", "line_items": []});
            let reply = app
                .call(Method::POST, "/api/v1/io", &app.admin, Some(body))
                .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        }
        if round.is_multiple_of(6) {
            // A won deal: the won-deal process (a projection too) then makes its draft IO.
            let body = json!({"advertiser_id": brand, "name": format!("Deal {round}"),
                              "amount": 10_000 + round, "expected_close_date": "2026-12-15",
                              "owner": "dana"});
            let reply = app
                .call(Method::POST, "/api/v1/deals", &app.admin, Some(body))
                .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
            let path = format!("/api/v1/deals/{}/win", reply.body["id"].as_str().unwrap());
            let reply = app
                .call(Method::POST, &path, &app.admin, Some(json!({})))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        }
        if round.is_multiple_of(5) {
            let csv =
                format!("date,show,downloads\n2026-03-01,{show},{round}\n2026-03-02,{show},1\n");
            let reply = upload(&app, &csv, "?source=hosting").await;
            assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
            // The source is failing as of 03-20 and healthy as of 03-03: each run raises or
            // clears an alert (events of the alerts read model and the webhook outbox).
            let as_of = if round.is_multiple_of(10) {
                "03-03"
            } else {
                "03-20"
            };
            let path = format!("/api/v1/automation/etl-health-check?as_of=2026-{as_of}");
            let reply = app.call(Method::POST, &path, &app.admin, None).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        }
    }
    round
}

/// Per projection: events of its aggregate types in the log, and events it applied.
async fn written_and_applied(pool: &PgPool, projection: &dyn Projection) -> (i64, i64) {
    let types: Vec<&str> = projection.aggregate_types().to_vec();
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM events WHERE aggregate_type = ANY($1)),
                COALESCE((SELECT events_applied FROM projection_checkpoints
                           WHERE projection = $2), 0)",
    )
    .bind(&types)
    .bind(projection.name())
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_owner_at_a_time_under_writes_and_a_killed_owner_hands_over_without_loss() {
    let app = Arc::new(TestApp::without_workers().await);
    let pool = app.db.pool.clone();
    let projections = worker_projections(app.state.commands.clone());
    let names: Vec<&str> = projections.iter().map(|p| p.name()).collect();
    audit_checkpoint_moves(&pool, &names).await;
    let show = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Night Shift")),
        )
        .await;
    let show = show.body["id"].as_str().unwrap().to_string();
    let brand = app
        .call(
            Method::POST,
            "/api/v1/advertisers",
            &app.admin,
            Some(advertiser_body("Brand")),
        )
        .await;
    let (brand, token) = (
        brand.body["id"].as_str().unwrap().to_string(),
        brand.body["consistency_token"]
            .as_str()
            .unwrap()
            .to_string(),
    );

    let url = app.db.url();
    let args = ["worker", "--takeover-interval-ms", "200"];
    let mut first = Cuepoint::start(&url, &args);
    let mut second = Cuepoint::start(&url, &args);
    let pids = [first.pid(), second.pid()];
    let before = owners(&pool, &names).await;
    assert!(before.iter().all(|pid| pids.contains(pid)));
    // The IO and import commands check the catalog read model.
    let reply = app.get_after("/api/v1/advertisers", &token).await;
    assert!(reply.headers.get("consistency").is_none(), "not caught up");

    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn(write_until(app.clone(), show, brand, stop.clone()));
    tokio::time::sleep(Duration::from_millis(800)).await; // writes and take-over attempts
    assert_eq!(owners(&pool, &names).await, before, "ownership is stable");
    assert_eq!(
        ownership_locks(&pool).await,
        names.len() as i64,
        "one owner per projection"
    );
    assert_only_owners_moved(&pool, "with both processes running").await;

    let owner = before[0];
    let survivor = if owner == pids[0] {
        first.kill();
        pids[1]
    } else {
        second.kill();
        pids[0]
    };
    let killed_at: chrono::DateTime<chrono::Utc> = sqlx::query_scalar("SELECT clock_timestamp()")
        .fetch_one(&pool)
        .await
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    loop {
        let now = owners(&pool, &names).await;
        if now.iter().all(|pid| *pid == survivor) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the survivor did not take over: {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ownership_locks(&pool).await, names.len() as i64);
    tokio::time::sleep(Duration::from_millis(800)).await; // writes under the survivor
    stop.store(true, Ordering::Relaxed);
    let rounds = writer.await.unwrap();
    assert!(rounds >= 10, "only {rounds} rounds of writes");

    // Caught up: every event applied, none twice.
    let deadline = Instant::now() + PATIENCE;
    for projection in &projections {
        loop {
            let (written, applied) = written_and_applied(&pool, &**projection).await;
            if applied >= written {
                assert_eq!(
                    applied,
                    written,
                    "{}: events applied twice",
                    projection.name()
                );
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{} did not catch up after the kill: {applied} of {written} events applied",
                projection.name()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let statuses = status(&pool, &names).await.unwrap();
    assert!(
        statuses.iter().all(|s| s.parked_events == 0),
        "{statuses:?}"
    );

    // Only owners moved checkpoints, and the survivor moved each one written to after the
    // kill.
    assert_only_owners_moved(&pool, "in the end").await;
    let survivor_name = format!("cuepoint-worker:{survivor}");
    for projection in &projections {
        let types: Vec<&str> = projection.aggregate_types().to_vec();
        let (written_after, moved_after): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM events
                      WHERE aggregate_type = ANY($1) AND recorded_at > $3),
                    (SELECT count(*) FROM test_checkpoint_moves
                      WHERE projection = $2 AND application = $4 AND owned AND at > $3
                        AND to_position > from_position AND applied > 0)",
        )
        .bind(&types)
        .bind(projection.name())
        .bind(killed_at)
        .bind(&survivor_name)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(
            written_after > 0,
            "{}: none of its events written after the kill",
            projection.name()
        );
        assert!(
            written_after == 0 || moved_after > 0,
            "{}: {written_after} events written after the kill, but the survivor applied none",
            projection.name()
        );
    }

    // Every read model equals a rebuild.
    drop((first, second));
    sqlx::raw_sql("DROP TRIGGER test_audit ON projection_checkpoints")
        .execute(&pool)
        .await
        .unwrap();
    for projection in registry::all() {
        let mut incremental = Vec::new();
        for table in projection.tables() {
            incremental.push(table_contents(&pool, table).await);
        }
        rebuild(&app.db.options(), &*projection, 7).await.unwrap();
        for (table, before) in projection.tables().iter().zip(incremental) {
            assert_eq!(
                table_contents(&pool, table).await,
                before,
                "{table}: incremental and rebuilt differ"
            );
        }
    }
}
