//! Helpers of the import tests: shows to import for, uploads, metrics reads.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::Value;

use crate::catalog::show_body;
use crate::support::app::Reply;
use crate::support::TestApp;

/// Creates a show (its slug is the name, kebab-cased) and returns its id.
pub async fn show(app: &TestApp, name: &str, metrics_source: Option<&str>) -> String {
    let mut body = show_body(name);
    if let Some(source) = metrics_source {
        body["metrics_source"] = source.into();
    }
    let reply = app
        .call(Method::POST, "/api/v1/shows", &app.admin, Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body["id"].as_str().unwrap().to_string()
}

/// Uploads `body` as `content_type` to `POST /api/v1/etl/csv{query}` as admin.
pub async fn upload_as(
    app: &TestApp,
    body: impl Into<Vec<u8>>,
    content_type: &str,
    query: &str,
) -> Reply {
    let (tenant, token) = (app.tenant.slug.as_str(), app.admin.as_str());
    upload_to(app, tenant, token, body, content_type, query).await
}

/// Uploads `body` as `content_type` to `POST /api/v1/etl/csv{query}` of `tenant` with
/// `token`.
pub async fn upload_to(
    app: &TestApp,
    tenant: &str,
    token: &str,
    body: impl Into<Vec<u8>>,
    content_type: &str,
    query: &str,
) -> Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/etl/csv{query}"))
        .header("x-tenant", tenant)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(Body::from(body.into()))
        .unwrap();
    app.send(request).await
}

/// Uploads a CSV body.
pub async fn upload(app: &TestApp, csv: &str, query: &str) -> Reply {
    upload_as(app, csv.as_bytes().to_vec(), "text/csv", query).await
}

/// Uploads a CSV that must complete; returns the answer.
pub async fn imported(app: &TestApp, csv: &str, query: &str) -> Value {
    let reply = upload(app, csv, query).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

/// `GET path` as admin after the consistency token of an import answer.
pub async fn read_after(app: &TestApp, path: &str, answer: &Value) -> Value {
    let token = answer["consistency_token"]
        .as_str()
        .or_else(|| answer["import"]["consistency_token"].as_str())
        .unwrap();
    let reply = app.get_after(path, token).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

/// The daily figures of a show as `(day, downloads)`, read after `answer`.
pub async fn daily(
    app: &TestApp,
    show_id: &str,
    extra: &str,
    answer: &Value,
) -> Vec<(String, i64)> {
    let path =
        format!("/api/v1/metrics/daily?show_id={show_id}&from=2026-01-01&to=2026-06-30{extra}");
    let body = read_after(app, &path, answer).await;
    body["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["day"].as_str().unwrap().to_string(),
                d["downloads"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Every row of the metrics tables, for "nothing changed" and rebuild comparisons.
pub async fn metrics_contents(app: &TestApp) -> (Vec<String>, Vec<String>) {
    let daily: Vec<String> = sqlx::query_scalar(
        "SELECT concat_ws('|', tenant_id, show_id, day, source, downloads, listeners)
           FROM rm_metrics_daily ORDER BY 1",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let episodes: Vec<String> = sqlx::query_scalar(
        "SELECT concat_ws('|', s.tenant_id, s.show_id, m.episode, m.day, m.source, m.downloads,
                          m.listeners, i.import_id)
           FROM rm_metrics_episode_daily m
           JOIN rm_metrics_shows s USING (show_no)
           JOIN rm_metrics_imports i USING (import_no)
          ORDER BY 1",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    (daily, episodes)
}

/// Asserts the service still answers.
pub async fn still_serving(app: &TestApp) {
    let reply = app
        .call(Method::GET, "/api/v1/shows", &app.admin, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}
