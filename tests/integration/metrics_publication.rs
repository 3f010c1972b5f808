//! Publication of imports' rows by the `metrics` projection: rows are staged as their
//! `RowsAccepted` events arrive and become visible only when their import completes, in
//! completion order (a later completion replaces the values of its keys, the last line
//! winning within an import), whatever order the imports staged in; a failed import leaves
//! nothing; a worker killed in the middle of a publication leaves nothing of it, and its
//! successor publishes it whole; a batch rolled back after staging's connections committed
//! its rows is applied again to the same figures. Each test ends with the refresh job's check (the totals
//! recomputed from the events) finding no difference, and a rebuild giving the same tables.
//!
//! The imports' events are written straight into the log, one transaction per event as the
//! importer writes them, so that imports can interleave in a chosen order.

use std::time::{Duration, Instant};

use cuepoint_domain::import::ImportEvent;
use cuepoint_projections::read_models::metrics::{verify_metrics_daily, MetricsProjection};
use cuepoint_projections::rebuild::rebuild;
use cuepoint_projections::registry;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::crash::{held_backend, release};
use crate::etl_support::metrics_contents;
use crate::support::app::tenant_with_admin;
use crate::support::process::Cuepoint;
use crate::support::TestApp;

/// A row of an import: (line, day of March 2026, show, episode, downloads, listeners).
type Row<'a> = (u64, u32, &'a str, &'a str, i64, Option<i64>);

/// One import's events, appended to the log in order.
struct Import<'a> {
    pool: &'a PgPool,
    tenant: &'a str,
    id: &'static str,
    sequence: i64,
}

impl<'a> Import<'a> {
    /// Starts import `id` of `app`'s tenant.
    async fn start(app: &'a TestApp, id: &'static str) -> Import<'a> {
        Import::start_in(&app.db.pool, &app.tenant.tenant_id, id).await
    }

    /// Starts import `id` of `tenant`.
    async fn start_in(pool: &'a PgPool, tenant: &'a str, id: &'static str) -> Import<'a> {
        let mut import = Import {
            pool,
            tenant,
            id,
            sequence: 0,
        };
        import
            .append(json!({"ImportStarted": {
                "source": "hosting", "origin": format!("{id}.csv"),
                "content_hash": id, "by": "test"}}))
            .await;
        import
    }

    /// Appends one event, checked against the domain's event type, as the domain stores it.
    async fn append(&mut self, event: Value) {
        let event: ImportEvent = serde_json::from_value(event).expect("an import event");
        self.append_as_is(serde_json::to_value(&event).unwrap())
            .await;
    }

    /// Appends `event` as given, in its own transaction.
    async fn append_as_is(&mut self, event: Value) {
        let event_type = event.as_object().unwrap().keys().next().unwrap().clone();
        self.sequence += 1;
        sqlx::query(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                                 event_version, payload, metadata)
             VALUES ('import', $1, $2, $3, '1', $4::json, json_build_object('tenant_id', $5::text))",
        )
        .bind(format!("{}:{}", self.tenant, self.id))
        .bind(self.sequence)
        .bind(event_type)
        .bind(event.to_string())
        .bind(self.tenant)
        .execute(self.pool)
        .await
        .unwrap();
    }

    /// Accepts rows.
    async fn accept(&mut self, rows: &[Row<'_>]) {
        self.append(accepted(rows)).await;
    }

    /// Accepts rows stored as objects, as events written before rows were stored as arrays
    /// have them.
    async fn accept_as_objects(&mut self, rows: &[Row<'_>]) {
        let event = accepted(rows);
        serde_json::from_value::<ImportEvent>(event.clone()).expect("an import event");
        self.append_as_is(event).await;
    }

    async fn complete(&mut self) {
        self.append(json!({"ImportCompleted": {"accepted": 1, "rejected": 0, "last_day": null}}))
            .await;
    }

    async fn fail(&mut self) {
        self.append(json!({"ImportFailed": {"reason": {"code": "interrupted"}, "accepted": 1, "rejected": 0}}))
            .await;
    }
}

/// A `RowsAccepted` event of `rows`, each row an object.
fn accepted(rows: &[Row<'_>]) -> Value {
    let rows: Vec<Value> = (rows.iter())
        .map(|&(line, day, show, episode, downloads, listeners)| {
            let mut row = json!({"line": line, "date": format!("2026-03-{day:02}"),
                "show_id": show, "episode": episode, "downloads": downloads,
                "source": "hosting"});
            if let Some(listeners) = listeners {
                row["listeners"] = listeners.into();
            }
            row
        })
        .collect();
    json!({"RowsAccepted": {"rows": rows}})
}

/// The visible episode rows, as `show episode day downloads listeners`.
async fn visible(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT concat_ws(' ', s.show_id, m.episode, to_char(m.day, 'DD'), m.downloads,
                          m.listeners)
           FROM rm_metrics_episode_daily m
           JOIN rm_metrics_published p USING (import_no)
           JOIN rm_metrics_shows s USING (show_no)
          ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// The show totals, as `show day downloads listeners`.
async fn totals(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT concat_ws(' ', show_id, to_char(day, 'DD'), downloads, listeners)
           FROM rm_metrics_daily ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Rows kept for running imports (staged, unseen).
async fn kept(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM rm_metrics_episode_daily m
          WHERE NOT EXISTS (SELECT 1 FROM rm_metrics_published p WHERE p.import_no = m.import_no)",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Once every import has ended: nothing is kept for them, the refresh job's check finds the
/// totals the events give, and a rebuild gives the same tables.
async fn assert_settled(app: &TestApp) {
    let pool = &app.db.pool;
    assert_eq!(kept(pool).await, 0, "rows kept after every import ended");
    let check = verify_metrics_daily(pool, &app.tenant.tenant_id)
        .await
        .unwrap();
    assert_eq!(check.differing, 0, "{check:?}");
    let incremental = metrics_contents(app).await;
    rebuild(&app.db.options(), &MetricsProjection::default(), 2)
        .await
        .unwrap();
    assert_eq!(
        metrics_contents(app).await,
        incremental,
        "rebuild equals incremental"
    );
}

#[tokio::test]
async fn imports_become_visible_in_completion_order_whatever_order_they_staged_in() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let mut a = Import::start(&app, "a").await;
    a.accept(&[
        (2, 1, "s1", "e1", 10, Some(1)),
        (3, 1, "s1", "e2", 20, None),
    ])
    .await;
    let mut b = Import::start(&app, "b").await;
    b.accept(&[
        (2, 1, "s1", "e1", 100, Some(5)),
        (3, 1, "s1", "e3", 300, None),
    ])
    .await;
    app.caught_up().await;
    assert!(
        visible(pool).await.is_empty(),
        "rows of running imports are visible"
    );
    assert!(totals(pool).await.is_empty());
    assert_eq!(kept(pool).await, 4, "a's e1 and e2 beside b's e1 and e3");

    // b completes first: its values become visible.
    b.complete().await;
    app.caught_up().await;
    assert_eq!(visible(pool).await, ["s1 e1 01 100 5", "s1 e3 01 300"]);
    assert_eq!(totals(pool).await, ["s1 01 400 5"]);

    // a completes last: its e1 replaces b's; its later line of e2, staged in a batch of its
    // own, replaces its earlier one.
    a.accept(&[(4, 2, "s1", "e4", 40, None), (5, 1, "s1", "e2", 25, None)])
        .await;
    a.complete().await;
    app.caught_up().await;
    assert_eq!(
        visible(pool).await,
        [
            "s1 e1 01 10 1",
            "s1 e2 01 25",
            "s1 e3 01 300",
            "s1 e4 02 40"
        ]
    );
    // Day 1: 10 + 25 + 300 downloads, and a's listener of e1.
    assert_eq!(totals(pool).await, ["s1 01 335 1", "s1 02 40"]);
    assert_settled(&app).await;
}

#[tokio::test]
async fn an_import_replacing_rows_stays_unseen_while_an_import_of_other_shows_completes() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let mut first = Import::start(&app, "first").await;
    first
        .accept(&[
            (2, 1, "s1", "e1", 10, Some(2)),
            (3, 2, "s1", "e1", 20, Some(3)),
        ])
        .await;
    first.complete().await;

    let mut replacing = Import::start(&app, "replacing").await;
    replacing
        .accept(&[
            (2, 1, "s1", "e1", 15, Some(4)),
            (3, 1, "s1", "e2", 5, Some(1)),
        ])
        .await;
    let mut other = Import::start(&app, "other").await;
    other.accept(&[(2, 1, "s2", "e1", 7, None)]).await;
    other.complete().await;
    app.caught_up().await;
    assert_eq!(
        visible(pool).await,
        ["s1 e1 01 10 2", "s1 e1 02 20 3", "s2 e1 01 7"]
    );
    assert_eq!(totals(pool).await, ["s1 01 10 2", "s1 02 20 3", "s2 01 7"]);

    // A failed import with a value for a published key and one for a new key leaves nothing.
    let mut failing = Import::start(&app, "failing").await;
    failing
        .accept(&[(2, 1, "s1", "e2", 99, None), (3, 3, "s1", "e9", 1, None)])
        .await;
    failing.fail().await;
    app.caught_up().await;
    assert_eq!(totals(pool).await, ["s1 01 10 2", "s1 02 20 3", "s2 01 7"]);

    replacing.complete().await;
    app.caught_up().await;
    assert_eq!(
        visible(pool).await,
        [
            "s1 e1 01 15 4",
            "s1 e1 02 20 3",
            "s1 e2 01 5 1",
            "s2 e1 01 7"
        ]
    );
    // Day 1 of s1: 15 + 5 downloads, 4 + 1 listeners.
    assert_eq!(totals(pool).await, ["s1 01 20 5", "s1 02 20 3", "s2 01 7"]);
    assert_settled(&app).await;
}

#[tokio::test]
async fn rows_stored_as_objects_and_another_tenants_rows_of_the_same_ids_are_published_apart() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let (other, _) = tenant_with_admin(&app.db, "other-network").await;
    // Written before rows were stored as arrays.
    let mut earlier = Import::start(&app, "a").await;
    earlier
        .accept_as_objects(&[(2, 1, "s1", "e1", 10, Some(1)), (3, 1, "s1", "e2", 4, None)])
        .await;
    earlier.complete().await;
    // Another tenant's import and show of the same ids.
    let mut theirs = Import::start_in(pool, &other.tenant_id, "a").await;
    theirs.accept(&[(2, 1, "s1", "e1", 70, None)]).await;
    theirs.complete().await;
    // Ours again, as arrays: replaces our e1 only.
    let mut later = Import::start(&app, "b").await;
    later.accept(&[(2, 1, "s1", "e1", 12, Some(2))]).await;
    later.complete().await;
    app.caught_up().await;
    assert_eq!(
        visible(pool).await,
        ["s1 e1 01 12 2", "s1 e1 01 70", "s1 e2 01 4"]
    );
    // Ours: 12 + 4 downloads and e1's 2 listeners; theirs: 70.
    assert_eq!(totals(pool).await, ["s1 01 16 2", "s1 01 70"]);
    let theirs_checked = verify_metrics_daily(pool, &other.tenant_id).await.unwrap();
    assert_eq!((theirs_checked.checked, theirs_checked.differing), (1, 0));
    assert_settled(&app).await;
}

#[tokio::test]
async fn a_total_loses_its_listeners_when_the_last_row_that_had_them_is_replaced_without() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let mut first = Import::start(&app, "first").await;
    first
        .accept(&[(2, 1, "s1", "e1", 10, Some(3)), (3, 1, "s1", "e2", 5, None)])
        .await;
    first.complete().await;
    app.caught_up().await;
    assert_eq!(totals(pool).await, ["s1 01 15 3"]);

    // e1 again, without a listener figure: no row of the day has one any more.
    let mut without = Import::start(&app, "without").await;
    without.accept(&[(2, 1, "s1", "e1", 12, None)]).await;
    without.complete().await;
    app.caught_up().await;
    assert_eq!(totals(pool).await, ["s1 01 17"], "12 + 5, no listeners");

    // e2 again, with one: 12 + 6 downloads, and e2's 2 listeners.
    let mut with = Import::start(&app, "with").await;
    with.accept(&[(2, 1, "s1", "e2", 6, Some(2))]).await;
    with.complete().await;
    app.caught_up().await;
    assert_eq!(totals(pool).await, ["s1 01 18 2"]);
    assert_eq!(visible(pool).await, ["s1 e1 01 12", "s1 e2 01 6 2"]);
    assert_settled(&app).await;
}

/// Holds any transaction that writes a show total for as long as the hold row exists.
async fn hold_publication(pool: &PgPool) {
    sqlx::raw_sql(
        "CREATE TABLE test_holds (hold text PRIMARY KEY);
         INSERT INTO test_holds VALUES ('publication');
         CREATE FUNCTION test_hold() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             WHILE EXISTS (SELECT 1 FROM test_holds WHERE hold = TG_ARGV[0]) LOOP
                 PERFORM pg_sleep(0.01);
             END LOOP;
             RETURN NEW;
         END $$;
         CREATE TRIGGER hold_publication AFTER INSERT OR UPDATE ON rm_metrics_daily
             FOR EACH ROW EXECUTE FUNCTION test_hold('publication');",
    )
    .execute(pool)
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_in_the_middle_of_a_publication_leaves_nothing_of_it() {
    let app = TestApp::without_workers().await;
    let pool = &app.db.pool;
    let mut import = Import::start(&app, "big").await;
    for (part, episode) in (0u64..).zip(["e1", "e2", "e3"]) {
        let rows: Vec<_> = (0..50u64)
            .map(|i| {
                (
                    2 + part * 50 + i,
                    1 + (i % 28) as u32,
                    "s1",
                    episode,
                    1,
                    None,
                )
            })
            .collect();
        import.accept(&rows).await;
    }
    import.complete().await;
    hold_publication(pool).await;
    // Batches of two events: the completion is applied in a batch of its own, after the
    // rows were staged and committed.
    let url = app.db.url();
    let args = ["worker", "--batch-size", "2"];
    let mut worker = Cuepoint::start(&url, &args);
    let backend = held_backend(pool, &worker, "WITH gone AS").await;
    worker.kill();
    release(pool, "publication", backend).await;
    assert!(
        visible(pool).await.is_empty(),
        "a half publication is visible"
    );
    assert!(totals(pool).await.is_empty());
    // 50 lines of 28 days per episode: the last line of each of the 3 × 28 keys.
    assert_eq!(
        kept(pool).await,
        84,
        "the staged rows are kept for the successor"
    );

    let worker = Cuepoint::start(&url, &args);
    let deadline = Instant::now() + Duration::from_secs(60);
    while totals(pool).await.len() < 28 {
        assert!(
            Instant::now() < deadline,
            "the restarted worker did not publish"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.caught_up().await;
    drop(worker);
    // Three episodes of 50 rows of 1 download, row i on day 1 + i % 28: days 1..=22 have
    // two rows of each episode, the later replacing the earlier, so every day counts 3.
    let expected: Vec<String> = (1..=28).map(|day| format!("s1 {day:02} 3")).collect();
    assert_eq!(totals(pool).await, expected);
    assert_settled(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_applied_again_after_its_rows_were_committed_beside_it_gives_the_same_figures() {
    let mut app = TestApp::without_workers().await;
    let pool = app.db.pool.clone();
    let mut import = Import::start(&app, "a").await;
    // Eight shows, whose rows staging shares between its two connections; show n has
    // 10 n downloads and n listeners, but s1's later line has 15 downloads and no listeners.
    let shows = ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"];
    let rows: Vec<Row> = (1..)
        .zip(shows)
        .map(|(n, show)| (1 + n, 1, show, "e1", 10 * n as i64, Some(n as i64)))
        .collect();
    import.accept(&rows).await;
    import.accept(&[(10, 1, "s1", "e1", 15, None)]).await;
    import.complete().await;
    // The metrics worker's first checkpoint write fails: the batch that staged and published
    // the import is rolled back, after the staging connections committed the rows.
    sqlx::raw_sql(
        "CREATE SEQUENCE test_fail_once;
         CREATE FUNCTION test_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF NEW.projection = 'metrics' AND nextval('test_fail_once') = 1 THEN
                 RAISE EXCEPTION 'the first metrics checkpoint fails';
             END IF;
             RETURN NEW;
         END $$;
         CREATE TRIGGER test_fail_once BEFORE UPDATE ON projection_checkpoints
             FOR EACH ROW EXECUTE FUNCTION test_fail_once();",
    )
    .execute(&pool)
    .await
    .unwrap();

    app.run_workers(registry::all());
    app.caught_up().await;
    let checkpoint_writes: i64 = sqlx::query_scalar("SELECT last_value FROM test_fail_once")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(checkpoint_writes >= 2, "the batch was not applied again");
    let writers: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT m.xmin::text) FROM rm_metrics_episode_daily m
           JOIN rm_metrics_imports i USING (import_no) WHERE i.import_id = 'a'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(writers, 2, "the rows were not staged on two connections");
    let beside: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'cuepoint metrics staging'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(beside, 2, "two staging connections beside the worker's");

    let expected = |episode: bool| -> Vec<String> {
        let s1 = if episode { "s1 e1 01 15" } else { "s1 01 15" };
        let others = (2..=8).map(|n| {
            let episode = if episode { " e1" } else { "" };
            format!("s{n}{episode} 01 {} {n}", 10 * n)
        });
        std::iter::once(s1.to_string()).chain(others).collect()
    };
    assert_eq!(visible(&pool).await, expected(true));
    assert_eq!(totals(&pool).await, expected(false));
    assert_settled(&app).await;
}
