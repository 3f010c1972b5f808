//! Parked events: a projection that fails on one event parks it and carries on for every
//! tenant; the tenant sees it in its projection status, the operator lists it, and
//! `cuepoint projections retry` applies it once the cause is fixed. A rebuild parks the
//! same way and keeps only the events it parked itself.
//!
//! The failure is made on purpose with a CHECK constraint on a read-model table, which
//! refuses one name: unlike a trigger, `CREATE TABLE ... (LIKE ... INCLUDING ALL)` copies
//! it, so a rebuild's copy fails the same way.

use axum::http::{Method, StatusCode};
use cuepoint_projections::read_models::catalog::CatalogProjection;
use cuepoint_projections::rebuild::rebuild;
use cuepoint_projections::registry;
use serde_json::Value;

use crate::catalog::{advertiser_body, show_body};
use crate::support::app::{request, tenant_with_admin};
use crate::support::process::run;
use crate::support::TestApp;

/// Makes `table` refuse rows named "poison", as a bug in a projection would.
async fn poison(app: &TestApp, table: &str) {
    sqlx::query(&format!(
        "ALTER TABLE {table} ADD CONSTRAINT {table}_poison CHECK (name <> 'poison')"
    ))
    .execute(&app.db.pool)
    .await
    .unwrap();
}

/// The fix.
async fn cure(app: &TestApp, table: &str) {
    sqlx::query(&format!(
        "ALTER TABLE {table} DROP CONSTRAINT {table}_poison"
    ))
    .execute(&app.db.pool)
    .await
    .unwrap();
}

/// Creates a catalog entry of the app's tenant; returns its id.
async fn create(app: &TestApp, path: &str, body: Value) -> String {
    let created = app.call(Method::POST, path, &app.admin, Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    created.body["id"].as_str().unwrap().to_string()
}

/// The names in a list of the app's tenant.
async fn names(app: &TestApp, path: &str) -> Vec<String> {
    let list = app.call(Method::GET, path, &app.admin, None).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let mut names: Vec<String> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

/// `GET /api/v1/projections` as an admin of `tenant`: the catalog's entry, after checking
/// that no entry says more than the tenant's own figures.
async fn catalog_status(app: &TestApp, tenant: &str, admin: &str) -> Value {
    let reply = app
        .send(request(
            Method::GET,
            "/api/v1/projections",
            Some(tenant),
            Some(admin),
            None,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let entries = reply.body.as_array().unwrap();
    assert_eq!(entries.len(), registry::all().len());
    for entry in entries {
        let mut keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["caught_up", "lag_seconds", "name", "parked_events"],
            "no positions, counts or owners: {entry}"
        );
    }
    entries
        .iter()
        .find(|entry| entry["name"] == "catalog")
        .unwrap()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_event_is_parked_the_rest_flows_and_retry_applies_it_after_the_fix() {
    let app = TestApp::spawn().await;
    let (globex, globex_admin) = tenant_with_admin(&app.db, "globex").await;
    poison(&app, "rm_shows").await;

    create(&app, "/api/v1/shows", show_body("Before")).await;
    let poisoned = create(&app, "/api/v1/shows", show_body("poison")).await;
    create(&app, "/api/v1/shows", show_body("After")).await;
    let globex_show = app
        .send(request(
            Method::POST,
            "/api/v1/shows",
            Some(&globex.slug),
            Some(&globex_admin),
            Some(show_body("Globex Hour")),
        ))
        .await;
    assert_eq!(globex_show.status, StatusCode::CREATED);
    app.caught_up().await;

    // The projection went on past the bad event, for this tenant and the other one.
    assert_eq!(names(&app, "/api/v1/shows").await, ["After", "Before"]);
    let show_path = format!("/api/v1/shows/{poisoned}");
    let missing = app.call(Method::GET, &show_path, &app.admin, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let globex_list = app
        .send(request(
            Method::GET,
            "/api/v1/shows",
            Some(&globex.slug),
            Some(&globex_admin),
            None,
        ))
        .await;
    assert_eq!(globex_list.body["items"][0]["name"], "Globex Hour");

    // The tenant sees its parked event; the other tenant sees none.
    let acme = catalog_status(&app, &app.tenant.slug, &app.admin).await;
    assert_eq!(acme["parked_events"], 1);
    assert_eq!(acme["caught_up"], true);
    let other = catalog_status(&app, &globex.slug, &globex_admin).await;
    assert_eq!(other["parked_events"], 0);

    // The operator sees it, with its tenant, event and error.
    let url = app.db.url();
    let overview = run(&url, &["projections"]).await;
    let catalog_line = overview.lines().find(|l| l.starts_with("catalog")).unwrap();
    assert!(catalog_line.contains(" 1  "), "{overview}");
    let listed = run(&url, &["projections", "parked"]).await;
    for expected in [
        "catalog",
        "tenant acme",
        &poisoned,
        "ShowCreated",
        "rm_shows_poison",
    ] {
        assert!(listed.contains(expected), "{expected} in {listed}");
    }

    // A retry before the fix fails again and keeps it parked.
    let again = run(&url, &["projections", "retry", "catalog"]).await;
    assert!(again.contains("0 applied, 1 still parked"), "{again}");
    let listed = run(&url, &["projections", "parked", "catalog"]).await;
    assert!(listed.contains("attempts 2"), "{listed}");

    // After the fix, the retry applies it.
    cure(&app, "rm_shows").await;
    let fixed = run(&url, &["projections", "retry", "catalog"]).await;
    assert!(fixed.contains("1 applied, 0 still parked"), "{fixed}");
    let found = app.call(Method::GET, &show_path, &app.admin, None).await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    assert_eq!(found.body["name"], "poison");
    assert_eq!(
        run(&url, &["projections", "parked"]).await.trim(),
        "no parked events"
    );
    let acme = catalog_status(&app, &app.tenant.slug, &app.admin).await;
    assert_eq!(acme["parked_events"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_parks_a_failing_event_completes_and_drops_the_old_parked_rows() {
    let app = TestApp::spawn().await;
    poison(&app, "rm_shows").await;
    poison(&app, "rm_advertisers").await;
    create(&app, "/api/v1/shows", show_body("Steady")).await;
    create(&app, "/api/v1/shows", show_body("poison")).await;
    create(&app, "/api/v1/advertisers", advertiser_body("poison")).await;
    create(&app, "/api/v1/advertisers", advertiser_body("Brand")).await;
    app.caught_up().await;
    let parked = cuepoint_projections::parked::list(&app.db.pool, Some("catalog"))
        .await
        .unwrap();
    assert_eq!(parked.len(), 2, "{parked:?}");

    // The advertisers' table is fixed; the shows' is not. A rebuild parks the show's event
    // again, applies the advertiser's, and keeps only what it parked itself.
    cure(&app, "rm_advertisers").await;
    let report = rebuild(&app.db.options(), &CatalogProjection, 2)
        .await
        .unwrap();
    assert_eq!(report.events_parked, 1);
    assert_eq!(report.events_applied, 3);
    let parked = cuepoint_projections::parked::list(&app.db.pool, Some("catalog"))
        .await
        .unwrap();
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert_eq!(parked[0].aggregate_type, "show");
    assert_eq!(names(&app, "/api/v1/shows").await, ["Steady"]);
    assert_eq!(
        names(&app, "/api/v1/advertisers").await,
        ["Brand", "poison"]
    );

    // The same through the binary, with the count in its report.
    let url = app.db.url();
    let rebuilt = run(&url, &["rebuild", "catalog"]).await;
    assert!(rebuilt.contains("3 applied, 1 parked"), "{rebuilt}");
}
