//! Webhooks against a local HTTP receiver: deliveries signed with the webhook's secret,
//! retried with backoff, every attempt recorded; registration rules.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use cuepoint_api::webhooks::sender::{run_sender, SenderSettings};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tokio_util::sync::CancellationToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{get, run_job};
use crate::etl_support::{imported, show};
use crate::support::TestApp;

/// Registers a webhook for `kinds` at `url`; answers the creation's body.
async fn register(app: &TestApp, url: &str, kinds: &[&str]) -> Value {
    let body = json!({"url": url, "kinds": kinds});
    let reply = app
        .call(Method::POST, "/api/v1/webhooks", &app.admin, Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

/// Raises one `etl_failing` alert: data through 2026-03-01, judged as of 03-30.
async fn failing_source(app: &TestApp) {
    show(app, "Night Shift", None).await;
    app.caught_up().await;
    imported(
        app,
        "date,show,downloads,source\n2026-03-01,night-shift,10,megaphone\n",
        "",
    )
    .await;
    let summary = run_job(app, "etl-health-check", "2026-03-30").await;
    assert_eq!(summary["raised"], 1);
}

/// Runs a sender with quick retries (50 ms, doubling) until the token is cancelled.
fn start_sender(app: &TestApp) -> CancellationToken {
    let sending = CancellationToken::new();
    let settings = SenderSettings {
        max_attempts: 5,
        backoff_base: Duration::from_millis(50),
        request_timeout: Duration::from_secs(5),
        poll_interval: Duration::from_millis(20),
    };
    tokio::spawn(run_sender(app.db.pool.clone(), settings, sending.clone()));
    sending
}

/// The deliveries of `hook` once its newest is delivered.
async fn delivered(app: &TestApp, hook: &Value) -> Value {
    let deliveries = format!(
        "/api/v1/webhooks/{}/deliveries",
        hook["id"].as_str().unwrap()
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let body = get(app, &deliveries).await;
        if body["items"][0]["status"] == "delivered" {
            return body;
        }
        assert!(Instant::now() < deadline, "not delivered: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The attempts of the newest delivery as (attempt, outcome, status code).
fn attempts(deliveries: &Value) -> Vec<(i64, String, Option<i64>)> {
    (deliveries["items"][0]["attempts"]
        .as_array()
        .unwrap()
        .iter())
    .map(|a| {
        (
            a["attempt"].as_i64().unwrap(),
            a["outcome"].as_str().unwrap().to_string(),
            a["status_code"].as_i64(),
        )
    })
    .collect()
}

#[tokio::test]
async fn a_receiver_failing_twice_then_succeeding_gets_the_alert_once_with_three_attempts() {
    let app = TestApp::spawn().await;
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&receiver)
        .await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&receiver)
        .await;
    let hook = register(
        &app,
        &format!("{}/hook", receiver.uri()),
        &["etl_failing", "etl_degraded"],
    )
    .await;
    let secret = hook["secret"].as_str().unwrap().to_string();
    let other = register(&app, &format!("{}/other", receiver.uri()), &["deal_stale"]).await;
    let sending = tokio_util::sync::CancellationToken::new();
    let settings = SenderSettings {
        max_attempts: 5,
        backoff_base: Duration::from_millis(50),
        request_timeout: Duration::from_secs(5),
        poll_interval: Duration::from_millis(20),
    };
    tokio::spawn(run_sender(app.db.pool.clone(), settings, sending.clone()));

    failing_source(&app).await;
    let deliveries = format!(
        "/api/v1/webhooks/{}/deliveries",
        hook["id"].as_str().unwrap()
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let delivered = loop {
        let body = get(&app, &deliveries).await;
        if body["items"][0]["status"] == "delivered" {
            break body;
        }
        assert!(Instant::now() < deadline, "not delivered: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    sending.cancel();

    let items = delivered["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "one delivery: {items:?}");
    let expected = [
        (1, "failed", Some(503)),
        (2, "failed", Some(503)),
        (3, "succeeded", Some(204)),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(n, o, c)| (*n, o.to_string(), *c))
        .collect();
    assert_eq!(attempts(&delivered), expected);

    let received = receiver.received_requests().await.unwrap();
    assert_eq!(received.len(), 3, "three POSTs, to /hook only");
    for request in &received {
        assert_eq!(request.url.path(), "/hook");
        let signature = request
            .headers
            .get("cuepoint-signature")
            .unwrap()
            .to_str()
            .unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(&request.body);
        let expected: String = (mac.finalize().into_bytes().iter())
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(signature, format!("sha256={expected}"));
        let alert: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(alert["event"], "alert.raised");
        assert_eq!(alert["tenant"], "acme");
        assert_eq!(alert["alert"]["kind"], "etl_failing");
        assert_eq!(alert["alert"]["subject_id"], "megaphone");
        assert_eq!(alert["alert"]["since"], "2026-03-30");
    }
    let other = get(
        &app,
        &format!(
            "/api/v1/webhooks/{}/deliveries",
            other["id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(other["items"], json!([]));
}

#[tokio::test]
async fn webhooks_are_registered_listed_without_secrets_and_deleted() {
    let app = TestApp::spawn().await;
    let bad = json!({"url": "ftp://example.test/x", "kinds": ["deal_stale", "lunch"]});
    let reply = app
        .call(Method::POST, "/api/v1/webhooks", &app.admin, Some(bad))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = (reply.body["error"]["details"].as_array().unwrap().iter())
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["url", "kinds[1]"]);
    let empty = app
        .call(
            Method::POST,
            "/api/v1/webhooks",
            &app.admin,
            Some(json!({})),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    let created = register(&app, "https://hooks.example.test/cuepoint", &["deal_stale"]).await;
    assert!(created["secret"].as_str().unwrap().starts_with("whsec_"));
    let listed = get(&app, "/api/v1/webhooks").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(listed["items"][0].get("secret").is_none());
    assert_eq!(listed["items"][0]["kinds"], json!(["deal_stale"]));

    let path = format!("/api/v1/webhooks/{}", created["id"].as_str().unwrap());
    let deleted = app.call(Method::DELETE, &path, &app.admin, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&app, "/api/v1/webhooks").await["items"], json!([]));
    let again = app.call(Method::DELETE, &path, &app.admin, None).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    // Ops may not manage webhooks.
    let ops = app
        .token(cuepoint_domain::tenancy::Role::Ops, &[], None)
        .await;
    let reply = app.call(Method::GET, "/api/v1/webhooks", &ops, None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_attempt_whose_sender_died_is_recorded_once_as_interrupted_then_retried() {
    let app = TestApp::spawn().await;
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let hook = register(&app, &receiver.uri(), &["etl_failing"]).await;
    failing_source(&app).await;
    app.caught_up().await;
    // A sender claimed the delivery (attempt 1 recorded as sending, the delivery leased) and
    // died before it could record an answer; its lease has run out.
    let claimed = sqlx::raw_sql(
        "INSERT INTO webhook_attempts (delivery_id, attempt)
         SELECT delivery_id, 1 FROM webhook_deliveries;
         UPDATE webhook_deliveries SET attempts = 1, next_attempt_at = now();",
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while sqlx::query_scalar::<_, i64>("SELECT count(*) FROM webhook_deliveries")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        == 0
    {
        assert!(Instant::now() < deadline, "the outbox wrote no delivery");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    claimed.execute(&app.db.pool).await.unwrap();

    let sending = start_sender(&app);
    let delivered = delivered(&app, &hook).await;
    sending.cancel();
    let expected = vec![
        (1, "interrupted".to_string(), None),
        (2, "succeeded".to_string(), Some(200)),
    ];
    assert_eq!(attempts(&delivered), expected);
    assert_eq!(receiver.received_requests().await.unwrap().len(), 1);
}
