//! Faults schemathesis found by sending what the OpenAPI document allows (docs/api.md,
//! "Schemathesis in CI"): each answered through the real router as the document says.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use futures::future::join_all;
use serde_json::json;

use crate::catalog::show_body;
use crate::support::TestApp;

/// JSON Schema counts `2.0` as an integer: an integer field takes it; `2.5` is still 400.
#[tokio::test]
async fn a_number_with_a_zero_fraction_fills_an_integer_field() {
    let app = TestApp::without_workers().await;
    let mut body = show_body("Night Shift");
    body["slots_per_episode"] = json!({"pre": 1.0, "mid": 2e0});
    body["rate_card"] = json!({"pre": 2000.0, "mid": 2500});
    let created = (app.call(Method::POST, "/api/v1/shows", &app.admin, Some(body))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);

    let mut body = show_body("Day Shift");
    body["rate_card"] = json!({"pre": 2000.5, "mid": 2500});
    let refused = (app.call(Method::POST, "/api/v1/shows", &app.admin, Some(body))).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.code(), "invalid_body");
    let message = refused.body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("rate_card.pre: "), "{message}");
}

/// A patch's slug with a NUL was looked up in the read model before the show's rules
/// refused it, and PostgreSQL refused the NUL: a 500. It is the rules' 422 now.
#[tokio::test]
async fn a_slug_with_a_nul_character_is_refused_by_the_rules_not_the_database() {
    let app = TestApp::without_workers().await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Night Shift")),
        )
        .await;
    let path = format!("/api/v1/shows/{}", created.body["id"].as_str().unwrap());
    let patch = json!({"slug": "night\u{0}shift"});
    let refused = app
        .call(Method::PATCH, &path, &app.admin, Some(patch))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        refused.body
    );
    assert_eq!(refused.body["error"]["details"][0]["field"], "slug");
}

/// Two requests with one `Idempotency-Key`: when the first failed and freed the key
/// between the second's attempt to take it and its read of the holder, the second found
/// no row and answered 500. It takes the key again now.
#[tokio::test]
async fn requests_racing_for_a_key_freed_by_a_failure_are_answered_by_the_command() {
    let app = TestApp::without_workers().await;
    for round in 0..20 {
        let key = format!("race-{round}");
        let requests = (0..4).map(|_| {
            let request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/advertisers")
                .header("x-tenant", "acme")
                .header("authorization", format!("Bearer {}", app.admin))
                .header("idempotency-key", &key)
                .header("content-type", "application/json")
                .body(Body::from(r#"{"name": false}"#))
                .unwrap();
            app.send(request)
        });
        for reply in join_all(requests).await {
            assert!(
                [StatusCode::BAD_REQUEST, StatusCode::CONFLICT].contains(&reply.status),
                "round {round}: {} {:?}",
                reply.status,
                reply.body
            );
        }
    }
}

/// A deal list's `owner` with a NUL reached PostgreSQL, which refused it: a 500. A control
/// character in a text parameter is 400 `invalid_query` now, as in `episode` of metrics.
#[tokio::test]
async fn a_control_character_in_the_deal_owner_filter_is_a_bad_query() {
    let app = TestApp::without_workers().await;
    let path = "/api/v1/deals?owner=Ana%00Lee";
    let refused = app.call(Method::GET, path, &app.admin, None).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(refused.code(), "invalid_query");
    let message = refused.body["error"]["message"].as_str().unwrap();
    assert_eq!(
        message,
        "owner: the control character U+0000 is not allowed"
    );
}

/// A command's query is part of the request its `Idempotency-Key` stands for: the key of
/// a run as of one day, sent again with another `as_of`, replayed the first run (a 200 for
/// a request it did not answer, here `as_of=null`). It is 422 `idempotency_key_reused`
/// now; the same request again still replays the first answer.
#[tokio::test]
async fn a_key_sent_again_with_another_query_is_a_reused_key() {
    let app = TestApp::without_workers().await;
    let run = |as_of: &str| {
        let request = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/automation/etl-health-check?as_of={as_of}"))
            .header("x-tenant", "acme")
            .header("authorization", format!("Bearer {}", app.admin))
            .header("idempotency-key", "nightly")
            .body(Body::empty())
            .unwrap();
        app.send(request)
    };
    let first = run("2026-11-01").await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(first.body["as_of"], "2026-11-01");

    for other in ["2026-11-02", "null"] {
        let reused = run(other).await;
        assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY, "{other}");
        assert_eq!(reused.code(), "idempotency_key_reused");
    }
    let again = run("2026-11-01").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["id"], first.body["id"]);
}

/// `-2251799813685247.0` was read as `-2251799813685247.2` (serde_json's fast float
/// parsing), so a whole number sent with `.0` missed the integer field `amount`: a 400. It
/// is read exactly now, and the deal's rules refuse the negative amount: a 422 on `amount`.
#[tokio::test]
async fn a_large_whole_number_with_a_zero_fraction_is_read_exactly() {
    let app = TestApp::without_workers().await;
    let body = json!({"advertiser_id": "no-such", "name": "Spring campaign",
                      "amount": -2251799813685247.0, "expected_close_date": "2026-12-15",
                      "owner": "dana"});
    let refused = (app.call(Method::POST, "/api/v1/deals", &app.admin, Some(body))).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        refused.body
    );
    let fields: Vec<&str> = (refused.body["error"]["details"].as_array().unwrap().iter())
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"amount"), "{fields:?}");
}

/// A blank `owner` filter is no filter (as a form's empty field sends it), and the
/// document's pattern for it now says so: it required a character other than white space.
#[tokio::test]
async fn a_blank_owner_filter_lists_every_deal_and_the_document_allows_it() {
    let app = TestApp::without_workers().await;
    let blank = app
        .call(Method::GET, "/api/v1/deals?owner=", &app.admin, None)
        .await;
    assert_eq!(blank.status, StatusCode::OK, "{:?}", blank.body);
    assert_eq!(blank.body["items"], json!([]));

    let document = crate::openapi::document(&app).await;
    let parameters = document["paths"]["/api/v1/deals"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let owner = parameters.iter().find(|p| p["name"] == "owner").unwrap();
    let pattern = owner["schema"]["pattern"].as_str().unwrap();
    assert!(
        pattern.starts_with('^') && pattern.ends_with("]*$"),
        "a blank value matches {pattern}"
    );
}
