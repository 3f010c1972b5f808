//! The service describes itself: every route of the table is in its OpenAPI document with
//! the parameters its handler reads, its request body's schema and a schema for each
//! status it answers; and `/api/docs` serves the documentation UI from the binary.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use cuepoint_api::http::routes::{routes, Kind};
use serde_json::Value;
use tower::ServiceExt;

use crate::support::app::request;
use crate::support::TestApp;

/// The query parameters each route's handler reads (its `Query` struct), besides `after`.
/// A route not listed reads none.
const QUERY_PARAMETERS: &[(&str, &str, &[&str])] = &[
    ("GET", "/api/v1/shows", &["limit", "cursor"]),
    ("GET", "/api/v1/advertisers", &["limit", "cursor"]),
    ("POST", "/api/v1/etl/csv", &["source", "file_name"]),
    ("GET", "/api/v1/etl/imports", &["limit", "cursor"]),
    ("GET", "/api/v1/etl/imports/{id}", &["limit", "cursor"]),
    ("GET", "/api/v1/etl/health", &["as_of"]),
    (
        "GET",
        "/api/v1/metrics/daily",
        &["show_id", "from", "to", "episode"],
    ),
    (
        "GET",
        "/api/v1/io",
        &[
            "status",
            "advertiser_id",
            "show_id",
            "from",
            "to",
            "limit",
            "cursor",
        ],
    ),
    (
        "GET",
        "/api/v1/deals",
        &[
            "stage",
            "owner",
            "advertiser_id",
            "close_from",
            "close_to",
            "limit",
            "cursor",
        ],
    ),
    ("GET", "/api/v1/dashboard/ops", &["as_of"]),
    ("GET", "/api/v1/matches", &["advertiser_id", "limit"]),
    (
        "GET",
        "/api/v1/dashboard/advertiser",
        &[
            "advertiser_id",
            "as_of",
            "flight_start",
            "flight_end",
            "flat_fee",
            "weeks",
            "limit",
            "show_id",
        ],
    ),
    ("GET", "/api/v1/dashboard/creator", &["show_id", "as_of"]),
    ("POST", "/api/v1/automation/run-all", &["as_of"]),
    ("POST", "/api/v1/automation/{job}", &["as_of"]),
    (
        "GET",
        "/api/v1/automation/runs",
        &["job", "limit", "cursor"],
    ),
    ("GET", "/api/v1/alerts", &["open", "kind", "limit"]),
];

/// Routes whose handler reads a body, with its schema's name.
const BODIES: &[(&str, &str, &str)] = &[
    ("POST", "/api/v1/shows", "ShowInput"),
    ("PATCH", "/api/v1/shows/{id}", "ShowPatch"),
    ("POST", "/api/v1/shows/{id}", "ShowPatch"),
    ("POST", "/api/v1/advertisers", "AdvertiserInput"),
    ("PATCH", "/api/v1/advertisers/{id}", "AdvertiserPatch"),
    ("POST", "/api/v1/advertisers/{id}", "AdvertiserPatch"),
    ("POST", "/api/v1/etl/google-sheets", "SheetImport"),
    ("POST", "/api/v1/io", "IoInput"),
    ("POST", "/api/v1/io/{id}/line-items", "LineItemInput"),
    (
        "PATCH",
        "/api/v1/io/{id}/line-items/{line_id}",
        "LineItemPatch",
    ),
    ("POST", "/api/v1/io/{id}/cancel", "CancelBody"),
    ("POST", "/api/v1/io/{id}/amend", "AmendBody"),
    ("POST", "/api/v1/io/{id}/makegoods", "MakegoodInput"),
    (
        "POST",
        "/api/v1/io/{id}/makegoods/{makegood_id}/resolve",
        "ResolveInput",
    ),
    ("POST", "/api/v1/deals", "DealInput"),
    ("PATCH", "/api/v1/deals/{id}", "DealPatch"),
    ("POST", "/api/v1/deals/{id}/stage", "StageBody"),
    ("POST", "/api/v1/deals/{id}/win", "WinBody"),
    ("POST", "/api/v1/deals/{id}/lose", "LoseBody"),
    ("POST", "/api/v1/deals/{id}/reopen", "StageBody"),
    ("POST", "/api/v1/tokens", "NewToken"),
    ("POST", "/api/v1/webhooks", "WebhookInput"),
];

/// Routes that answer 201 when they succeed.
const CREATING: &[(&str, &str)] = &[
    ("POST", "/api/v1/shows"),
    ("POST", "/api/v1/advertisers"),
    ("POST", "/api/v1/etl/csv"),
    ("POST", "/api/v1/etl/google-sheets"),
    ("POST", "/api/v1/io"),
    ("POST", "/api/v1/deals"),
    ("POST", "/api/v1/tokens"),
    ("POST", "/api/v1/webhooks"),
];

/// Routes that answer 204 without a body when they succeed.
const EMPTYING: &[(&str, &str)] = &[
    ("DELETE", "/api/v1/tokens/{id}"),
    ("DELETE", "/api/v1/webhooks/{id}"),
];

/// The OpenAPI document the router serves.
pub async fn document(app: &TestApp) -> Value {
    let reply = app
        .send(request(
            Method::GET,
            "/api/v1/openapi.json",
            None,
            None,
            None,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.body
}

fn names(parameters: &Value, place: &str) -> Vec<String> {
    let all = parameters.as_array().cloned().unwrap_or_default();
    all.iter()
        .filter(|p| p["in"] == place)
        .map(|p| p["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Follows `$ref` to the component it names.
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(target) => document
            .pointer(target.trim_start_matches('#'))
            .unwrap_or(&Value::Null),
        None => schema,
    }
}

#[tokio::test]
async fn every_route_has_its_parameters_body_and_a_schema_for_each_answer() {
    let app = TestApp::without_workers().await;
    let document = document(&app).await;
    assert_eq!(document["openapi"], "3.1.0");
    for route in routes() {
        let method = route.method.as_str();
        let label = format!("{method} {}", route.path);
        let operation = &document["paths"][route.path][method.to_ascii_lowercase()];
        assert!(operation.is_object(), "{label}: no operation");
        let parameters = &operation["parameters"];

        let in_path: Vec<&str> = (route.path.split('/'))
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        assert_eq!(
            names(parameters, "path"),
            in_path,
            "{label}: path parameters"
        );

        let mut expected: Vec<&str> = QUERY_PARAMETERS
            .iter()
            .find(|(m, p, _)| *m == method && *p == route.path)
            .map_or(Vec::new(), |(_, _, names)| names.to_vec());
        let headers = names(parameters, "header");
        match route.kind {
            Kind::Query(_) => {
                expected.push("after");
                assert!(
                    headers.contains(&"consistency-token".to_string()),
                    "{label}"
                );
            }
            Kind::Command => {
                assert!(headers.contains(&"Idempotency-Key".to_string()), "{label}");
            }
            _ => {}
        }
        let mut found = names(parameters, "query");
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{label}: query parameters");

        let body = BODIES
            .iter()
            .find(|(m, p, _)| *m == method && *p == route.path);
        let content = &operation["requestBody"]["content"];
        match (body, route.path) {
            (Some((_, _, name)), _) => {
                let schema = &content["application/json"]["schema"];
                assert_eq!(
                    schema["$ref"],
                    format!("#/components/schemas/{name}"),
                    "{label}: body schema"
                );
                assert!(
                    resolve(&document, schema).is_object(),
                    "{label}: {name} missing"
                );
            }
            (None, "/api/v1/etl/csv") => {
                assert!(content["text/csv"]["schema"].is_object());
                assert!(content["multipart/form-data"]["schema"]["properties"]["file"].is_object());
            }
            (None, _) => assert!(operation["requestBody"].is_null(), "{label}: a body"),
        }

        let responses = operation["responses"].as_object().expect("responses");
        let success = if CREATING.contains(&(method, route.path)) {
            "201"
        } else if EMPTYING.contains(&(method, route.path)) {
            "204"
        } else {
            "200"
        };
        let succeeds = responses.contains_key(success)
            || (route.path == "/api/docs" && responses.contains_key("308"));
        assert!(succeeds, "{label}: no {success} answer");
        for (status, response) in responses {
            assert!(
                response["description"].is_string(),
                "{label} {status}: no description"
            );
            if status == "204" || status == "308" {
                continue;
            }
            let media = response["content"].as_object().expect("content");
            assert!(!media.is_empty(), "{label} {status}: no content");
            for (media_type, content) in media {
                assert!(
                    content["schema"].is_object(),
                    "{label} {status} {media_type}: no schema"
                );
            }
            if status.starts_with('4') || status.starts_with('5') {
                let error = resolve(&document, &media["application/json"]["schema"]);
                let error = match error["anyOf"].as_array() {
                    Some(alternatives) => resolve(&document, &alternatives[0]),
                    None => error,
                };
                assert!(
                    error["properties"]["error"].is_object(),
                    "{label} {status}: not the error shape"
                );
            }
        }
        if !matches!(route.kind, Kind::Public) {
            for status in ["400", "401", "404", "503"] {
                assert!(responses.contains_key(status), "{label}: no {status}");
            }
            let roles: Vec<&str> = route.roles.iter().map(|r| r.as_str()).collect();
            assert_eq!(operation["x-roles"], serde_json::json!(roles), "{label}");
        }
        if matches!(route.kind, Kind::Command) {
            for status in ["409", "422"] {
                assert!(responses.contains_key(status), "{label}: no {status}");
            }
        }
    }
    let upload = &document["paths"]["/api/v1/etl/csv"]["post"]["responses"];
    for status in ["201", "409", "413", "415", "422"] {
        assert!(upload[status].is_object(), "the CSV upload's {status}");
    }
    let created = &document["paths"]["/api/v1/shows"]["post"]["responses"]["201"];
    assert_eq!(created["description"], "Created");
    assert!(created["headers"]["consistency-token"].is_object());
}

/// Every `$ref` anywhere in `value`.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get("$ref") {
                found.push(target.clone());
            }
            object.values().for_each(|v| references(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_names_a_schema_and_answers_are_typed() {
    let app = TestApp::without_workers().await;
    let document = document(&app).await;
    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(found.len() > 50, "{} references", found.len());
    for target in found {
        assert!(target.starts_with("#/components/schemas/"), "{target}");
        assert!(
            document.pointer(target.trim_start_matches('#')).is_some(),
            "{target} does not resolve"
        );
    }
    let schemas = &document["components"]["schemas"];
    // Answers are described from their types: a few fields worked out from the structs.
    let io = &schemas["IoDetail"]["properties"];
    assert_eq!(io["id"]["type"], "string");
    assert!(io["line_items"].is_object());
    let committed = &schemas["Committed"];
    assert_eq!(
        committed["required"],
        serde_json::json!(["id", "version", "consistency_token"])
    );
    let daily = &document["paths"]["/api/v1/metrics/daily"]["get"]["parameters"];
    let from = daily
        .as_array()
        .and_then(|all| all.iter().find(|p| p["name"] == "from"))
        .expect("from");
    assert_eq!(from["required"], true);
    assert_eq!(from["schema"]["format"], "date");
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, Option<String>, String) {
    let request = Request::builder()
        .uri(path)
        .body(Body::empty())
        .expect("request");
    let response = app.router.clone().oneshot(request).await.expect("answer");
    let status = response.status();
    let location = (response.headers().get(header::LOCATION))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    (
        status,
        location,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn the_docs_ui_is_served_from_the_binary_and_reads_the_document() {
    let app = TestApp::without_workers().await;
    let (status, location, _) = get(&app, "/api/docs").await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(location.as_deref(), Some("/api/docs/index.html"));

    let (status, _, page) = get(&app, "/api/docs/index.html").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("swagger-ui"), "{page}");
    // Nothing is loaded from another host.
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "{page}"
    );

    let (status, _, initializer) = get(&app, "/api/docs/swagger-initializer.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        initializer.contains("/api/v1/openapi.json"),
        "{initializer}"
    );

    let (status, _, bundle) = get(&app, "/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        bundle.len() > 100_000,
        "the bundle is {} bytes",
        bundle.len()
    );

    let (status, _, missing) = get(&app, "/api/docs/no-such-file.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("not_found"), "{missing}");
}
