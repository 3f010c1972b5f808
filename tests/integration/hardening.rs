//! Regressions of the hardening issue: each input that once stopped a projection, crashed a
//! request or answered outside the error shape, now refused clearly while the service, the
//! import list and every projection keep working.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

use crate::catalog::show_body;
use crate::etl_support::{daily, imported, show, still_serving};
use crate::support::app::{request, tenant_with_admin};
use crate::support::TestApp;

#[tokio::test]
async fn counts_past_the_bound_are_rejected_rows_and_metrics_keep_flowing_for_every_tenant() {
    let app = TestApp::spawn().await;
    let id = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let csv = "date,show,downloads\n\
               2026-03-01,night-shift,9223372036854775807\n\
               2026-03-01,night-shift,9223372036854775807\n\
               2026-03-02,night-shift,10000000000\n";
    let answer = imported(&app, csv, "").await;
    assert_eq!(
        (answer["accepted"].as_u64(), answer["rejected"].as_u64()),
        (Some(1), Some(2))
    );
    let lines: Vec<i64> = (answer["rejections"].as_array().unwrap().iter())
        .map(|r| r["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3]);
    assert_eq!(answer["rejections"][0]["column"], "downloads");
    assert_eq!(
        daily(&app, &id, "", &answer).await,
        [("2026-03-02".to_string(), 10_000_000_000)]
    );

    // A later import of this tenant and one of another tenant both become visible.
    let later = imported(&app, "date,show,downloads\n2026-03-03,night-shift,7\n", "").await;
    assert_eq!(daily(&app, &id, "", &later).await.len(), 2);
    let (other, other_token) = tenant_with_admin(&app.db, "other").await;
    let slug = other.slug.as_str();
    let created = app
        .send(request(
            Method::POST,
            "/api/v1/shows",
            Some(slug),
            Some(&other_token),
            Some(show_body("Other Show")),
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    app.caught_up().await;
    let upload = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/etl/csv")
        .header("x-tenant", slug)
        .header("authorization", format!("Bearer {other_token}"))
        .header("content-type", "text/csv")
        .body(Body::from("date,show,downloads\n2026-03-01,other-show,5\n"))
        .unwrap();
    let reply = app.send(upload).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    app.caught_up().await;
    let other_show = created.body["id"].as_str().unwrap();
    let path = format!("/api/v1/metrics/daily?show_id={other_show}&from=2026-03-01&to=2026-03-31");
    let metrics = app
        .send(request(
            Method::GET,
            &path,
            Some(slug),
            Some(&other_token),
            None,
        ))
        .await;
    assert_eq!(metrics.body["total_downloads"], 5, "{:?}", metrics.body);
}

#[tokio::test]
async fn control_characters_are_422_on_their_field_and_malformed_ids_404() {
    let app = TestApp::without_workers().await;
    let mut body = show_body("Night\u{0}Shift");
    body["metrics_source"] = json!("mega\u{0}phone");
    let reply = app
        .call(Method::POST, "/api/v1/shows", &app.admin, Some(body))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reply.body
    );
    let fields: Vec<(&str, &str)> = (reply.body["error"]["details"].as_array().unwrap().iter())
        .map(|d| (d["field"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("name", "invalid_character"),
            ("metrics_source", "invalid_character")
        ]
    );

    for path in [
        "/api/v1/io/%00",
        "/api/v1/shows/l%3B",
        "/api/v1/etl/imports/%00",
    ] {
        let reply = app.call(Method::GET, path, &app.admin, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.code(), "not_found", "{path}");
    }
    for (method, path) in [
        (Method::POST, "/api/v1/shows/l%3B"),
        (Method::PATCH, "/api/v1/advertisers/a%20b"),
    ] {
        let reply = app
            .call(method, path, &app.admin, Some(json!({"name": "x"})))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.code(), "not_found", "{path}: {:?}", reply.body);
    }
    still_serving(&app).await;
}

#[tokio::test]
async fn paging_and_query_parameters_are_checked_not_clamped() {
    let app = TestApp::without_workers().await;
    for query in ["limit=0", "limit=201", "cursor=%00", "limit=x"] {
        for list in ["/api/v1/shows", "/api/v1/io", "/api/v1/etl/imports"] {
            let reply = app
                .call(Method::GET, &format!("{list}?{query}"), &app.admin, None)
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{list}?{query}");
            assert_eq!(reply.code(), "invalid_query", "{list}?{query}");
        }
    }
    let reply = app
        .call(Method::GET, "/api/v1/io?show_id=%00", &app.admin, None)
        .await;
    assert_eq!(reply.code(), "invalid_query");
    let ok = app
        .call(Method::GET, "/api/v1/shows?limit=200", &app.admin, None)
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn a_percent_encoded_consistency_token_reads_as_the_plain_one() {
    let app = TestApp::spawn().await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Night Shift")),
        )
        .await;
    let token = created.body["consistency_token"].as_str().unwrap();
    let encoded = token.replace(':', "%3A");
    assert_ne!(encoded, token, "the token holds a ':' to encode");
    let id = created.body["id"].as_str().unwrap();
    let reply = app
        .call(
            Method::GET,
            &format!("/api/v1/shows/{id}?after={encoded}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["id"], id);
    assert!(
        reply.headers.get("consistency").is_none(),
        "it waited for the token"
    );
}

#[tokio::test]
async fn wrong_methods_and_long_uris_answer_in_the_error_shape() {
    let app = TestApp::without_workers().await;
    let reply = app
        .call(Method::DELETE, "/api/v1/shows", &app.admin, None)
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.code(), "method_not_allowed");
    let long = format!("/api/v1/shows?cursor={}", "a".repeat(9000));
    let reply = app.call(Method::GET, &long, &app.admin, None).await;
    assert_eq!(reply.status, StatusCode::URI_TOO_LONG);
    assert_eq!(reply.code(), "uri_too_long");
    still_serving(&app).await;
}

#[tokio::test]
async fn tokens_are_granted_only_shows_and_advertisers_that_exist() {
    let app = TestApp::spawn().await;
    let grant = |body| app.call(Method::POST, "/api/v1/tokens", &app.admin, Some(body));
    let reply = grant(json!({"name": "c", "role": "creator", "show_ids": ["no-such-show"]})).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reply.body
    );
    assert_eq!(reply.body["error"]["details"][0]["field"], "show_ids[0]");
    assert_eq!(reply.body["error"]["details"][0]["code"], "unknown_show");
    let reply = grant(json!({"name": "a", "role": "advertiser", "advertiser_id": "nope"})).await;
    assert_eq!(
        reply.body["error"]["details"][0]["code"],
        "unknown_advertiser"
    );
    let reply = grant(json!({"name": "bad\u{0}name", "role": "admin"})).await;
    assert_eq!(
        reply.body["error"]["details"][0]["code"],
        "invalid_character"
    );

    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Night Shift")),
        )
        .await;
    let id = created.body["id"].as_str().unwrap();
    app.caught_up().await;
    let reply = grant(json!({"name": "c", "role": "creator", "show_ids": [id]})).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
}

#[tokio::test]
async fn token_create_help_lists_the_roles_and_refuses_another() {
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_cuepoint"))
        .args(["token", "create", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("[possible values: admin, ops, creator, advertiser]"),
        "{text}"
    );
    let wrong = std::process::Command::new(env!("CARGO_BIN_EXE_cuepoint"))
        .args(["token", "create", "--tenant", "demo", "--role", "owner"])
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("possible values"));
}
