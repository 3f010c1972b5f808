//! `GET /metrics`: Prometheus text that a parser reads, with counters that move with the
//! requests, commands, imports and job runs the test makes, and no tenant data.

use axum::http::{Method, StatusCode};
use prometheus_parse::{Scrape, Value};
use tower::ServiceExt;

use super::run_job;
use crate::catalog::show_body;
use crate::etl_support::{imported, show};
use crate::support::app::request;
use crate::support::TestApp;

/// The metrics, parsed, and their text.
async fn scrape(app: &TestApp) -> (Scrape, String) {
    let answer = (app.router.clone())
        .oneshot(request(Method::GET, "/metrics", None, None, None))
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let content_type = answer.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let bytes = axum::body::to_bytes(answer.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let lines = text.lines().map(|l| Ok(l.to_string()));
    (Scrape::parse(lines).expect("Prometheus text"), text)
}

/// The value of `name` with `labels` (0 when absent): a counter, gauge or histogram count.
fn value(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    (scrape.samples.iter())
        .filter(|s| s.metric == name)
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match &s.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
            Value::Histogram(buckets) => buckets.last().map_or(0.0, |b| b.count),
            Value::Summary(_) => 0.0,
        })
        .sum()
}

#[tokio::test]
async fn metrics_parse_as_prometheus_text_and_move_with_the_requests() {
    let app = TestApp::spawn().await;
    let night = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let (before, _) = scrape(&app).await;
    let shows = [
        ("method", "GET"),
        ("route", "/api/v1/shows/:id"),
        ("status", "200"),
    ];
    for _ in 0..3 {
        let reply = app
            .call(
                Method::GET,
                &format!("/api/v1/shows/{night}"),
                &app.admin,
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Day Shift")),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    imported(&app, "date,show,downloads\n2026-03-01,night-shift,5\n2026-03-02,night-shift,6\n2026-03-03,nowhere,7\n", "").await;
    run_job(&app, "pipeline-alerts", "2026-03-20").await;
    let (after, text) = scrape(&app).await;

    let moved = |name: &str, labels: &[(&str, &str)]| {
        value(&after, name, labels) - value(&before, name, labels)
    };
    assert!(moved("cuepoint_http_requests_total", &shows) >= 3.0);
    assert!(moved("cuepoint_http_request_duration_seconds", &shows) >= 3.0);
    assert!(
        moved(
            "cuepoint_commands_total",
            &[("aggregate", "show"), ("outcome", "committed")]
        ) >= 1.0
    );
    assert!(moved("cuepoint_import_rows_total", &[("outcome", "accepted")]) >= 2.0);
    assert!(moved("cuepoint_import_rows_total", &[("outcome", "rejected")]) >= 1.0);
    let job = [("job", "pipeline-alerts"), ("outcome", "succeeded")];
    assert!(moved("cuepoint_job_runs_total", &job) >= 1.0);
    assert!(moved("cuepoint_job_run_duration_seconds", &job) >= 1.0);
    assert!(
        value(
            &after,
            "cuepoint_projection_events_applied",
            &[("projection", "catalog")]
        ) >= 2.0
    );
    assert!(text.contains("cuepoint_projection_parked_events{projection=\"alerts\"}"));
    // Routes by pattern, never the raw path; no tenant in any label.
    assert!(!text.contains(&night), "a raw path in the labels");
    assert!(!text.contains("acme") && !text.contains(&app.tenant.tenant_id));
}
