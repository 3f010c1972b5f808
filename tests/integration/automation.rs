//! Automation (SPEC 8 and 9) through the router against PostgreSQL: each job with
//! hand-worked outcomes, the run history and schedule, the command line, the scheduler in
//! two real worker processes, and the feature flags. This file holds the shared helpers.

mod cli;
mod etl_health;
mod flags;
mod makegoods;
mod matches;
mod metrics_daily;
mod pipeline_alerts;
mod prometheus;
mod runs;
mod scheduler;
mod webhooks;

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::support::TestApp;

/// `POST /api/v1/automation/{job}?as_of=` as admin once the read models have caught up;
/// asserts a succeeded run and answers its summary.
pub async fn run_job(app: &TestApp, job: &str, as_of: &str) -> Value {
    app.caught_up().await;
    let path = format!("/api/v1/automation/{job}?as_of={as_of}");
    let reply = app.call(Method::POST, &path, &app.admin, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    assert_eq!(reply.body["job"], job);
    assert_eq!(reply.body["outcome"], "succeeded", "{:?}", reply.body);
    assert_eq!(reply.body["as_of"], as_of);
    reply.body["summary"].clone()
}

/// `GET path` as admin once every projection has caught up, asserting a 200.
pub async fn get(app: &TestApp, path: &str) -> Value {
    app.caught_up().await;
    let reply = app.call(Method::GET, path, &app.admin, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

/// The alerts of `GET /api/v1/alerts{query}` as (kind, subject id, since, open), sorted.
pub async fn alerts(app: &TestApp, query: &str) -> Vec<(String, String, String, bool)> {
    let body = get(app, &format!("/api/v1/alerts{query}")).await;
    let mut alerts: Vec<_> = (body["items"].as_array().unwrap().iter())
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_string(),
                a["subject_id"].as_str().unwrap().to_string(),
                a["since"].as_str().unwrap().to_string(),
                a["open"].as_bool().unwrap(),
            )
        })
        .collect();
    alerts.sort();
    alerts
}
