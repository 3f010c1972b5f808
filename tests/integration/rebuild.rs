//! Rebuild: a read model rebuilt from the log equals the one built incrementally, and
//! queries keep answering from the old copy while the rebuild runs.

use axum::http::{Method, StatusCode};
use cuepoint_projections::read_models::catalog::CatalogProjection;
use cuepoint_projections::rebuild::rebuild;
use serde_json::json;

use crate::catalog::{advertiser_body, show_body};
use crate::support::db::{bulk_show_events, catalog_contents};
use crate::support::TestApp;

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
            let patch = json!({"episodes_per_week": version + 1});
            let reply = app
                .call(
                    Method::PATCH,
                    &format!("/api/v1/shows/{id}"),
                    &app.admin,
                    Some(patch),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
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
    assert_eq!(incremental.len(), 12 + 12 + 100);

    // Rebuild in small batches (many transactions) while a reader keeps listing.
    let options = app.db.options();
    let rebuilding = tokio::spawn(async move { rebuild(&options, &CatalogProjection, 50).await });
    let mut answered = 0;
    while !rebuilding.is_finished() {
        let page = app
            .call(
                Method::GET,
                "/api/v1/advertisers?limit=200",
                &app.admin,
                None,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            page.body["items"].as_array().unwrap().len(),
            12,
            "the old copy answers during the rebuild"
        );
        answered += 1;
    }
    let report = rebuilding.await.unwrap().unwrap();
    assert!(answered > 0);
    assert_eq!(report.events_read as i64, 12 * 4 + 12 + bulk);

    assert_eq!(
        catalog_contents(&app.db.pool).await,
        incremental,
        "rebuild equals incremental"
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
