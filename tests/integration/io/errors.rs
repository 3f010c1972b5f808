//! Each error class in the API's shape (400, 404, 409, 422), and idempotent commands.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

use super::{catalog, cpm_line, create, flat_line, ids, ok, token, Catalog};
use crate::support::app::{request, tenant_with_admin};
use crate::support::TestApp;

#[tokio::test]
async fn each_error_class_is_answered_in_the_api_shape() {
    let app = TestApp::spawn().await;
    let Catalog {
        shows: [show_a, _],
        advertisers: [brand_x, _],
    } = catalog(&app).await;

    // 400: malformed JSON, an unknown field, a body of the wrong type.
    let malformed = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/io")
                .header("x-tenant", "acme")
                .header("authorization", format!("Bearer {}", app.admin))
                .header("content-type", "application/json")
                .body(Body::from("{\"advertiser_id\": "))
                .unwrap(),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.code(), "malformed_json");
    let unknown_field = json!({"advertiser_id": brand_x, "colour": "red"});
    let reply = ok(&app, Method::POST, "/api/v1/io", Some(unknown_field), 400).await;
    assert_eq!(reply.code(), "invalid_body");
    let amend = json!({"changes": [{"op": "rename"}]});
    let reply = ok(
        &app,
        Method::POST,
        "/api/v1/io/some-io/amend",
        Some(amend),
        400,
    )
    .await;
    assert_eq!(reply.code(), "invalid_body");

    // 422 with the fields at fault.
    let mut line = cpm_line(&show_a, 10, 5, 2500, 0);
    line["placement"] = json!("middle");
    let body = json!({"advertiser_id": "no-such-brand", "currency": "EUR", "line_items": [line]});
    let reply = ok(&app, Method::POST, "/api/v1/io", Some(body), 422).await;
    assert_eq!(reply.code(), "validation_failed");
    let details = reply.body["error"]["details"].as_array().unwrap();
    let find = |field: &str| {
        (details.iter())
            .find(|d| d["field"] == field)
            .unwrap_or_else(|| panic!("no violation of {field}: {details:?}"))["code"]
            .clone()
    };
    assert_eq!(find("line_items[0].flight.end"), "end_before_start");
    assert_eq!(find("currency"), "currency_mismatch");
    assert!(details
        .iter()
        .any(|d| d["field"] == "line_items[0].pricing.goal"));
    assert!(details
        .iter()
        .any(|d| d["field"] == "line_items[0].placement"));
    let unknown_show =
        json!({"advertiser_id": brand_x, "line_items": [cpm_line("no-such-show", 1, 2, 100, 100)]});
    let reply = ok(&app, Method::POST, "/api/v1/io", Some(unknown_show), 422).await;
    assert_eq!(
        reply.body["error"]["details"][0]["field"],
        "line_items[0].show_id"
    );

    // 409: signing a cancelled IO; cancelling needs a reason (422).
    let io = create(&app, &brand_x, vec![cpm_line(&show_a, 1, 30, 2500, 1000)]).await;
    let cancel = format!("/api/v1/io/{io}/cancel");
    let reply = ok(&app, Method::POST, &cancel, Some(json!({})), 422).await;
    assert_eq!(reply.body["error"]["details"][0]["field"], "reason");
    let cancelled = ok(
        &app,
        Method::POST,
        &cancel,
        Some(json!({"reason": "budget cut"})),
        200,
    )
    .await;
    let reply = ok(
        &app,
        Method::POST,
        &format!("/api/v1/io/{io}/sign"),
        None,
        409,
    )
    .await;
    assert_eq!(reply.code(), "invalid_transition");
    assert!(reply.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cancelled"));
    let reply = ok(
        &app,
        Method::POST,
        &cancel,
        Some(json!({"reason": "again"})),
        409,
    )
    .await;
    assert_eq!(reply.code(), "invalid_transition");
    let detail = app
        .get_after(&format!("/api/v1/io/{io}"), &token(&cancelled))
        .await;
    assert_eq!(detail.body["status"], "cancelled");
    assert_eq!(detail.body["cancel_reason"], "budget cut");

    // 404: an unknown IO, a line item it does not have, another tenant's IO.
    ok(&app, Method::POST, "/api/v1/io/no-such-io/send", None, 404).await;
    ok(&app, Method::GET, "/api/v1/io/no-such-io", None, 404).await;
    ok(&app, Method::GET, "/api/v1/io/not%20an%20id", None, 404).await;
    let draft = create(&app, &brand_x, vec![cpm_line(&show_a, 1, 30, 2500, 1000)]).await;
    let patch = json!({"format": "announcer"});
    let reply = ok(
        &app,
        Method::PATCH,
        &format!("/api/v1/io/{draft}/line-items/li-9"),
        Some(patch),
        404,
    )
    .await;
    assert_eq!(reply.code(), "not_found");
    let (_, globex) = tenant_with_admin(&app.db, "globex").await;
    let as_globex =
        |method: Method, path: String| request(method, &path, Some("globex"), Some(&globex), None);
    let foreign = app
        .send(as_globex(Method::GET, format!("/api/v1/io/{draft}")))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(foreign.code(), "not_found");
    let foreign = app
        .send(as_globex(Method::POST, format!("/api/v1/io/{draft}/send")))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let mine = ok(
        &app,
        Method::POST,
        &format!("/api/v1/io/{draft}/send"),
        None,
        200,
    )
    .await;
    assert_eq!(
        mine.body["version"], 2,
        "globex's attempt wrote nothing on acme's IO"
    );
}

#[tokio::test]
async fn a_repeated_command_with_the_same_idempotency_key_is_answered_once() {
    let app = TestApp::spawn().await;
    let Catalog {
        shows: [show_a, _],
        advertisers: [brand_x, _],
    } = catalog(&app).await;
    let body = json!({"advertiser_id": brand_x, "line_items": [flat_line(&show_a, 1, 2, 500)]});
    let post = || {
        let mut req = request(
            Method::POST,
            "/api/v1/io",
            Some("acme"),
            Some(&app.admin),
            Some(body.clone()),
        );
        req.headers_mut()
            .insert("idempotency-key", "io-create-1".parse().unwrap());
        req
    };
    let first = app.send(post()).await;
    let second = app.send(post()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(first.body["id"], second.body["id"]);
    let listed = app.get_after("/api/v1/io", &token(&first)).await;
    assert_eq!(ids(&listed).len(), 1);
}
