//! Command behaviour: Idempotency-Key, exhausted conflict retries, malformed requests.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

use crate::catalog::show_body;
use crate::support::TestApp;

fn post_with_key(app: &TestApp, key: &str, body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/api/v1/shows")
        .header("x-tenant", &app.tenant.slug)
        .header("authorization", format!("Bearer {}", app.admin))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_repeated_idempotency_key_returns_the_first_response_and_executes_once() {
    let app = TestApp::without_workers().await;
    let first = app
        .send(post_with_key(&app, "key-1", show_body("Once")))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let second = app
        .send(post_with_key(&app, "key-1", show_body("Once")))
        .await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(second.body, first.body);
    assert_eq!(second.headers["idempotent-replayed"], "true");
    assert_eq!(count(&app, "SELECT count(*) FROM events").await, 1);

    let other_body = app
        .send(post_with_key(&app, "key-1", show_body("Different")))
        .await;
    assert_eq!(other_body.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other_body.code(), "idempotency_key_reused");

    let new_key = app
        .send(post_with_key(&app, "key-2", show_body("Twice")))
        .await;
    assert_eq!(new_key.status, StatusCode::CREATED);
    assert_ne!(new_key.body["id"], first.body["id"]);
    assert_eq!(count(&app, "SELECT count(*) FROM events").await, 2);
}

#[tokio::test]
async fn a_failed_command_releases_its_key_for_a_retry() {
    let app = TestApp::without_workers().await;
    let mut bad = show_body("Retry");
    bad["episodes_per_week"] = json!(-1);
    let failed = app.send(post_with_key(&app, "k", bad)).await;
    assert_eq!(failed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fixed = app.send(post_with_key(&app, "k", show_body("Retry"))).await;
    assert_eq!(fixed.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_command_that_keeps_conflicting_is_409_after_the_bounded_retries() {
    let app = TestApp::without_workers().await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Contended")),
        )
        .await;
    let id = created.body["id"].as_str().unwrap();
    // Every further write to events now fails as a concurrent writer would make it fail:
    // with a unique violation. A sequence (not rolled back) counts the attempts.
    sqlx::raw_sql(
        "CREATE SEQUENCE attempts;
         CREATE FUNCTION always_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM nextval('attempts');
               RAISE unique_violation USING MESSAGE = 'simulated concurrent write'; END $$;
         CREATE TRIGGER always_conflict BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION always_conflict();",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let reply = app
        .call(
            Method::PATCH,
            &format!("/api/v1/shows/{id}"),
            &app.admin,
            Some(json!({"name": "Renamed"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.code(), "concurrent_write");
    let attempts: i64 = count(&app, "SELECT last_value FROM attempts").await;
    // The first attempt is decided on the show this process cached when it created it; its
    // conflict says the cache may be behind, so the command is decided again at once on the
    // stored show (docs/decisions.md, "The aggregate cache"), which is then retried as
    // configured.
    assert_eq!(
        attempts,
        1 + 1 + 3,
        "one attempt on the cached show, one on the stored show and the configured three retries"
    );
}

#[tokio::test]
async fn malformed_requests_are_400_or_415_in_the_error_shape() {
    let app = TestApp::without_workers().await;
    let send_raw = |body: &'static str, content_type: Option<&'static str>| {
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/shows")
            .header("x-tenant", &app.tenant.slug)
            .header("authorization", format!("Bearer {}", app.admin));
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        builder.body(Body::from(body)).unwrap()
    };
    let syntax = app
        .send(send_raw("{\"name\": ", Some("application/json")))
        .await;
    assert_eq!(syntax.status, StatusCode::BAD_REQUEST);
    assert_eq!(syntax.code(), "malformed_json");
    assert!(syntax.body["error"]["message"].is_string());

    let mut unknown = show_body("X");
    unknown["colour"] = json!("red");
    let unknown = app
        .call(Method::POST, "/api/v1/shows", &app.admin, Some(unknown))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.code(), "invalid_body");
    assert!(unknown.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("colour"));

    let no_type = app.send(send_raw("{}", None)).await;
    assert_eq!(no_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(no_type.code(), "unsupported_media_type");

    let bad_token = app
        .call(Method::GET, "/api/v1/shows?after=banana", &app.admin, None)
        .await;
    assert_eq!(bad_token.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_token.code(), "invalid_consistency_token");

    let unknown_route = app
        .call(Method::GET, "/api/v1/nothing-here", &app.admin, None)
        .await;
    assert_eq!(unknown_route.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown_route.code(), "not_found");
}
