//! The per-process aggregate cache (docs/decisions.md, "The aggregate cache"): a second app
//! or process writing to the same aggregates leaves this one's cache behind, and a command
//! decided on a cached aggregate must never be answered or committed on that stale state.

mod processes;

use axum::http::{Method, StatusCode};
use chrono::{Days, Utc};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::catalog::{advertiser_body, show_body};
use crate::support::app::{request, send_to, serve_args, Reply};
use crate::support::TestApp;

/// The profile a show's event `sequence` carries (every show event carries the whole profile).
async fn profile_at(pool: &PgPool, tenant_id: &str, show: &str, sequence: i64) -> Value {
    sqlx::query_scalar(
        "SELECT COALESCE(payload -> 'ShowCreated', payload -> 'ShowUpdated') -> 'profile'
           FROM events WHERE aggregate_type = 'show' AND aggregate_id = $1 AND sequence = $2",
    )
    .bind(format!("{tenant_id}:{show}"))
    .bind(sequence)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The number of events of the aggregate `id` of type `kind`.
async fn events_of(pool: &PgPool, tenant_id: &str, kind: &str, id: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM events WHERE aggregate_type = $1 AND aggregate_id = $2",
    )
    .bind(kind)
    .bind(format!("{tenant_id}:{id}"))
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Asserts `reply` is a success answering `version`.
fn answered(reply: &Reply, version: i64) {
    assert!(reply.status.is_success(), "{:?}", reply.body);
    assert_eq!(reply.body["version"], version, "{:?}", reply.body);
}

#[tokio::test]
async fn a_command_on_an_aggregate_another_app_changed_is_decided_on_the_stored_one() {
    let a = TestApp::spawn().await;
    // A second app on the same database, with a command bus and a cache of its own, as
    // another `cuepoint serve` process has.
    let b_router =
        cuepoint_api::http::app(cuepoint_api::serve::state(a.db.pool.clone(), &serve_args()));
    let b = |method: Method, path: String, body: Option<Value>| {
        let request = request(method, &path, Some(&a.tenant.slug), Some(&a.admin), body);
        send_to(&b_router, request)
    };
    let tenant = a.tenant.tenant_id.clone();
    let pool = &a.db.pool;

    // An update: A holds the show at version 2 in its cache; B renames it (version 3).
    let created = a
        .call(
            Method::POST,
            "/api/v1/shows",
            &a.admin,
            Some(show_body("Night Shift")),
        )
        .await;
    answered(&created, 1);
    let show = created.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/shows/{show}");
    let patch = |body: Value| Some(body);
    answered(
        &a.call(
            Method::PATCH,
            &path,
            &a.admin,
            patch(json!({"episodes_per_week": 3})),
        )
        .await,
        2,
    );
    answered(
        &b(
            Method::PATCH,
            path.clone(),
            patch(json!({"name": "Renamed by B"})),
        )
        .await,
        3,
    );
    // A's next update is decided on version 3, not its cached version 2: B's name stays.
    answered(
        &a.call(
            Method::PATCH,
            &path,
            &a.admin,
            patch(json!({"episodes_per_week": 4})),
        )
        .await,
        4,
    );
    let profile = profile_at(pool, &tenant, &show, 4).await;
    assert_eq!(profile["name"], "Renamed by B");
    assert_eq!(profile["episodes_per_week"], 4.0);

    // A no-op on a stale cache: A holds 4 episodes per week; B sets 5; A's "4" is a change.
    answered(
        &b(
            Method::PATCH,
            path.clone(),
            patch(json!({"episodes_per_week": 5})),
        )
        .await,
        5,
    );
    answered(
        &a.call(
            Method::PATCH,
            &path,
            &a.admin,
            patch(json!({"episodes_per_week": 4})),
        )
        .await,
        6,
    );
    assert_eq!(
        profile_at(pool, &tenant, &show, 6).await["episodes_per_week"],
        4.0
    );
    // A no-op on the current version answers that version and writes nothing.
    answered(
        &a.call(
            Method::PATCH,
            &path,
            &a.admin,
            patch(json!({"episodes_per_week": 4})),
        )
        .await,
        6,
    );
    assert_eq!(events_of(pool, &tenant, "show", &show).await, 6);

    // A refusal on a stale cache: A holds a draft IO; B sends it; A's signature is decided
    // on the sent IO.
    let advertiser = a
        .call(
            Method::POST,
            "/api/v1/advertisers",
            &a.admin,
            Some(advertiser_body("Brand X")),
        )
        .await;
    let token = advertiser.body["consistency_token"].as_str().unwrap();
    a.get_after("/api/v1/shows", token).await;
    let start = Utc::now().date_naive() + Days::new(5);
    let line = json!({
        "show_id": show, "placement": "pre", "format": "announcer",
        "flight": {"start": start.to_string(), "end": (start + Days::new(5)).to_string()},
        "pricing": {"type": "flat", "fee": 1000}
    });
    let body = json!({"advertiser_id": advertiser.body["id"], "payment_terms": "net_45", "line_items": [line]});
    let io = a
        .call(Method::POST, "/api/v1/io", &a.admin, Some(body))
        .await;
    answered(&io, 1);
    let io = io.body["id"].as_str().unwrap().to_string();
    answered(
        &b(Method::POST, format!("/api/v1/io/{io}/send"), None).await,
        2,
    );
    let signed = a
        .call(
            Method::POST,
            &format!("/api/v1/io/{io}/sign"),
            &a.admin,
            None,
        )
        .await;
    answered(&signed, 3);
    // B holds the sent IO: its signature meets A's on the primary key, and is then refused
    // on the stored, signed IO.
    let again = b(Method::POST, format!("/api/v1/io/{io}/sign"), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    assert_eq!(again.code(), "invalid_transition");
    assert_eq!(events_of(pool, &tenant, "io_booking", &io).await, 3);
}
