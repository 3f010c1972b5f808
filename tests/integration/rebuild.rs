//! Rebuild: a read model rebuilt from the log equals the one built incrementally, and
//! queries keep answering from the old copy while the rebuild runs. The rebuild is paused
//! (by the projection it runs, inside a batch) while its copy is partly built; each read
//! compares the full show and advertiser lists with what the incremental copy answered.
//! A rebuild that reads ahead while commands keep writing ends, after the switch, with
//! what the log says (the oracle the live worker is held to in `crash.rs`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use axum::http::{Method, StatusCode};
use cuepoint_projections::read_models::catalog::CatalogProjection;
use cuepoint_projections::rebuild::rebuild;
use cuepoint_projections::{Projection, RecordedEvent};
use serde_json::{json, Value};
use sqlx::PgConnection;
use tokio::sync::{mpsc, Mutex};

use crate::catalog::{advertiser_body, show_body};
use crate::support::db::{bulk_show_events, catalog_contents};
use crate::support::from_log::assert_catalog_at_checkpoint;
use crate::support::TestApp;

/// The catalog projection, paused before applying the batches numbered in `pause_at` (in
/// the batch's transaction, the earlier batches committed) until the test resumes it.
struct Pausing {
    calls: AtomicUsize,
    pause_at: &'static [usize],
    paused: mpsc::UnboundedSender<usize>,
    resume: Mutex<mpsc::UnboundedReceiver<()>>,
}

#[async_trait]
impl Projection for Pausing {
    fn name(&self) -> &'static str {
        CatalogProjection.name()
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        CatalogProjection.aggregate_types()
    }

    fn payload_types(&self) -> Option<&'static [&'static str]> {
        CatalogProjection.payload_types()
    }

    fn tables(&self) -> &'static [&'static str] {
        CatalogProjection.tables()
    }

    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if self.pause_at.contains(&call) {
            self.paused.send(call)?;
            self.resume.lock().await.recv().await;
        }
        CatalogProjection.apply(conn, events).await
    }
}

/// The full show and advertiser lists, as the API answers them.
async fn lists(app: &TestApp) -> [Value; 2] {
    let mut out = [Value::Null, Value::Null];
    for (n, path) in ["/api/v1/shows?limit=200", "/api/v1/advertisers?limit=200"]
        .into_iter()
        .enumerate()
    {
        let page = app.call(Method::GET, path, &app.admin, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {:?}", page.body);
        assert!(page.body["next_cursor"].is_null(), "{path}: not one page");
        out[n] = page.body;
    }
    out
}

/// Asserts that `read` (from [`lists`]) is what the incremental copy answered.
fn assert_same(read: &[Value; 2], answered: &[Value; 2], when: &str) {
    for (list, (read, answered)) in ["shows", "advertisers"]
        .iter()
        .zip(read.iter().zip(answered))
    {
        let (got, want) = (&read["items"], &answered["items"]);
        let count = |items: &Value| items.as_array().map_or(0, Vec::len);
        assert_eq!(count(got), count(want), "{when}: {list} listed");
        assert!(
            got == want,
            "{when}: {list} differ from the incremental copy's"
        );
    }
}

/// Rows in the rebuild's copy so far (committed batches).
async fn copy_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM rebuild_catalog.rm_shows)
              + (SELECT count(*) FROM rebuild_catalog.rm_advertisers)",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_read_model_equals_the_incremental_one_and_queries_keep_answering() {
    let app = TestApp::spawn().await;
    for n in 0..12 {
        let show = app
            .call(
                Method::POST,
                "/api/v1/shows",
                &app.admin,
                Some(show_body(&format!("Show {n}"))),
            )
            .await;
        let id = show.body["id"].as_str().unwrap();
        for version in 0..3 {
            patch_show(&app, id, json!({"episodes_per_week": version + 1})).await;
        }
        app.call(
            Method::POST,
            "/api/v1/advertisers",
            &app.admin,
            Some(advertiser_body(&format!("Brand {n}"))),
        )
        .await;
    }
    let bulk = bulk_show_events(&app.db.pool, &app.tenant.tenant_id, 100, 20).await;
    app.caught_up().await;
    let incremental = catalog_contents(&app.db.pool).await;
    let entries = incremental.len() as i64;
    assert_eq!(entries, 12 + 12 + 100);
    let answered = lists(&app).await;
    assert_eq!(answered[0]["items"].as_array().unwrap().len(), 112);
    assert_eq!(answered[1]["items"].as_array().unwrap().len(), 12);

    // Rebuild in small batches (many transactions), paused twice while its copy is partly
    // built, while a reader keeps listing.
    let (paused_tx, mut paused) = mpsc::unbounded_channel();
    let (resume, resume_rx) = mpsc::unbounded_channel();
    let projection = Arc::new(Pausing {
        calls: AtomicUsize::new(0),
        // The first two batches hold every advertiser and the first bulk shows.
        pause_at: &[3, 20],
        paused: paused_tx,
        resume: Mutex::new(resume_rx),
    });
    let options = app.db.options();
    let rebuilding = tokio::spawn({
        let projection = projection.clone();
        async move { rebuild(&options, &*projection, 50).await }
    });
    let (mut reads, mut partial_copies) = (0, Vec::new());
    while !rebuilding.is_finished() {
        if let Ok(batch) = paused.try_recv() {
            let read = lists(&app).await;
            assert_same(&read, &answered, &format!("paused at batch {batch}"));
            let copied = copy_rows(&app).await;
            assert!(
                0 < copied && copied < entries,
                "paused at batch {batch}: the copy is not partly built ({copied} of {entries} rows)"
            );
            partial_copies.push(copied);
            resume.send(()).unwrap();
        }
        assert_same(&lists(&app).await, &answered, "during the rebuild");
        reads += 1;
    }
    let report = rebuilding.await.unwrap().unwrap();
    assert_eq!(
        partial_copies.len(),
        2,
        "reads while the copy was partly built"
    );
    assert!(partial_copies[0] < partial_copies[1], "{partial_copies:?}");
    assert!(reads > 2);
    assert_eq!(report.events_read as i64, 12 * 4 + 12 + bulk);

    assert_eq!(
        catalog_contents(&app.db.pool).await,
        incremental,
        "rebuild equals incremental"
    );
    assert_eq!(
        lists(&app).await,
        answered,
        "the rebuilt copy answers the same"
    );

    // The live worker carries on writing into the switched-in tables.
    let after = app
        .call(
            Method::POST,
            "/api/v1/advertisers",
            &app.admin,
            Some(advertiser_body("After")),
        )
        .await;
    let page = app
        .get_after(
            "/api/v1/advertisers?limit=200",
            after.body["consistency_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 13);
    let leftovers: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'rebuild_%' OR schema_name LIKE 'retired_%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(leftovers, 0);
}

/// Changes a show's profile (the `n`-th change of the test; consecutive changes of one show
/// differ).
async fn change_show(app: &TestApp, shows: &[String], n: usize) {
    let patch = json!({"episodes_per_week": (n / shows.len()) % 5 + 1});
    patch_show(app, &shows[n % shows.len()], patch).await;
}

/// Updates show `id` with `patch`, which must succeed.
async fn patch_show(app: &TestApp, id: &str, patch: serde_json::Value) {
    let path = format!("/api/v1/shows/{id}");
    let reply = app
        .call(Method::PATCH, &path, &app.admin, Some(patch))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_reading_ahead_while_events_keep_arriving_holds_what_the_log_says() {
    let app = TestApp::spawn().await;
    let mut shows = Vec::new();
    for n in 0..4 {
        let body = show_body(&format!("Live {n}"));
        let show = app
            .call(Method::POST, "/api/v1/shows", &app.admin, Some(body))
            .await;
        assert_eq!(show.status, StatusCode::CREATED, "{:?}", show.body);
        shows.push(show.body["id"].as_str().unwrap().to_string());
    }
    bulk_show_events(&app.db.pool, &app.tenant.tenant_id, 100, 20).await;
    app.caught_up().await;
    let logged = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM events")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    let before = logged().await;

    // Small batches (many reads ahead); held in its second batch, with the next one read
    // ahead, while more commands commit; and commands keep committing until it switches.
    let (paused_tx, mut paused) = mpsc::unbounded_channel();
    let (resume, resume_rx) = mpsc::unbounded_channel();
    let projection = Arc::new(Pausing {
        calls: AtomicUsize::new(0),
        pause_at: &[2],
        paused: paused_tx,
        resume: Mutex::new(resume_rx),
    });
    let options = app.db.options();
    let rebuilding = tokio::spawn({
        let projection = projection.clone();
        async move { rebuild(&options, &*projection, 50).await }
    });
    let mut changes = 0;
    while !rebuilding.is_finished() {
        if paused.try_recv().is_ok() {
            for _ in 0..10 {
                change_show(&app, &shows, changes).await;
                changes += 1;
            }
            resume.send(()).unwrap();
        }
        change_show(&app, &shows, changes).await;
        changes += 1;
    }
    let report = rebuilding.await.unwrap().unwrap();
    // What arrived while it was held is read by the rebuild or, when the copy's own open
    // transaction kept it below the reader's horizon until the switch, by the live worker
    // after it: either way the catalog must say what the log says (below).
    assert!(
        report.events_read as i64 >= before,
        "the rebuild read {} events, fewer than the log held before it ({before})",
        report.events_read
    );

    // The live worker carries on from the switch; the catalog holds what the log says.
    app.caught_up().await;
    assert_eq!(logged().await, before + changes as i64);
    let entries =
        assert_catalog_at_checkpoint(&app.db.pool, "rebuilt while events kept arriving").await;
    assert_eq!(entries, 4 + 100);
}
