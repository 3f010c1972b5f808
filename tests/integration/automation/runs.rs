//! The run history (newest first, by job, paginated, per tenant), the schedule, and who may
//! run jobs.

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, Timelike, Utc};
use cuepoint_domain::tenancy::Role;

use super::{get, run_job};
use crate::support::app::{request, tenant_with_admin};
use crate::support::TestApp;

#[tokio::test]
async fn runs_are_listed_newest_first_by_job_and_page() {
    let app = TestApp::spawn().await;
    run_job(&app, "etl-health-check", "2026-03-01").await;
    run_job(&app, "pipeline-alerts", "2026-03-02").await;
    run_job(&app, "etl-health-check", "2026-03-03").await;

    let all = get(&app, "/api/v1/automation/runs").await;
    let items = all["items"].as_array().unwrap();
    let days: Vec<&str> = items.iter().map(|r| r["as_of"].as_str().unwrap()).collect();
    assert_eq!(days, ["2026-03-03", "2026-03-02", "2026-03-01"]);
    let run = &items[0];
    assert_eq!(run["tenant"], "acme");
    assert_eq!(run["trigger"], "api");
    assert!(run["scheduled_for"].is_null());
    assert!(run["started_at"].as_str().unwrap() <= run["finished_at"].as_str().unwrap());
    assert_eq!(run["summary"]["sources"], 0);

    let etl = get(&app, "/api/v1/automation/runs?job=etl-health-check&limit=1").await;
    assert_eq!(etl["items"].as_array().unwrap().len(), 1);
    assert_eq!(etl["items"][0]["as_of"], "2026-03-03");
    let cursor = etl["next_cursor"].as_str().unwrap();
    let next = get(
        &app,
        &format!("/api/v1/automation/runs?job=etl-health-check&limit=1&cursor={cursor}"),
    )
    .await;
    assert_eq!(next["items"][0]["as_of"], "2026-03-01");
    assert!(next["next_cursor"].is_null());

    let id = run["id"].as_str().unwrap();
    assert_eq!(
        &get(&app, &format!("/api/v1/automation/runs/{id}")).await,
        run
    );

    // Another tenant sees neither the run nor the list.
    let (other, token) = tenant_with_admin(&app.db, "other").await;
    let path = format!("/api/v1/automation/runs/{id}");
    let reply = app
        .send(request(
            Method::GET,
            &path,
            Some(&other.slug),
            Some(&token),
            None,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let list = request(
        Method::GET,
        "/api/v1/automation/runs",
        Some(&other.slug),
        Some(&token),
        None,
    );
    assert_eq!(app.send(list).await.body["items"], serde_json::json!([]));
}

#[tokio::test]
async fn run_all_runs_every_job_and_unknown_jobs_are_not_found() {
    let app = TestApp::spawn().await;
    app.caught_up().await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/automation/run-all?as_of=2026-03-01",
            &app.admin,
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let jobs: Vec<&str> = (reply.body["runs"].as_array().unwrap().iter())
        .map(|r| r["job"].as_str().unwrap())
        .collect();
    assert_eq!(
        jobs,
        [
            "etl-health-check",
            "recalculate-matches",
            "refresh-metrics-daily",
            "pipeline-alerts",
            "makegood-detection"
        ]
    );
    assert_eq!(reply.body["skipped"], serde_json::json!([]));

    let unknown = app
        .call(
            Method::POST,
            "/api/v1/automation/make-coffee",
            &app.admin,
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{:?}", unknown.body);
    let bad_day = app
        .call(
            Method::POST,
            "/api/v1/automation/pipeline-alerts?as_of=2026-13-01",
            &app.admin,
            None,
        )
        .await;
    assert_eq!(bad_day.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_day.code(), "invalid_query");
}

#[tokio::test]
async fn only_staff_run_jobs_and_read_runs() {
    let app = TestApp::spawn().await;
    let ops = app.token(Role::Ops, &[], None).await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/automation/etl-health-check",
            &ops,
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let creator = app.token(Role::Creator, &["s"], None).await;
    for (method, path) in [
        (Method::POST, "/api/v1/automation/etl-health-check"),
        (Method::POST, "/api/v1/automation/run-all"),
        (Method::GET, "/api/v1/automation/runs"),
        (Method::GET, "/api/v1/alerts"),
    ] {
        let reply = app.call(method, path, &creator, None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn the_schedule_shows_each_expression_and_next_run() {
    let app = TestApp::spawn().await;
    let body = get(&app, "/api/v1/automation/schedule").await;
    let jobs = body["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 5);
    let refresh = jobs
        .iter()
        .find(|j| j["job"] == "refresh-metrics-daily")
        .unwrap();
    assert_eq!(refresh["schedule"], "0 2 * * *");
    assert_eq!(refresh["enabled"], true);
    // The next 02:00 UTC: within a day from now.
    let next: DateTime<Utc> = refresh["next_run"].as_str().unwrap().parse().unwrap();
    assert_eq!((next.hour(), next.minute(), next.second()), (2, 0, 0));
    let now = Utc::now();
    assert!(next > now && next <= now + Duration::days(1), "{next}");
}
