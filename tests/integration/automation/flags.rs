//! The seven feature flags (SPEC 9): switched off, every route the route table puts under a
//! flag answers 404 `feature_disabled` naming it, and its jobs do not run; a bad value
//! stops the start.

use std::process::Command;

use axum::http::{Method, StatusCode};
use cuepoint_api::features::FeatureFlags;
use cuepoint_api::http::routes::routes;
use cuepoint_domain::feature::Feature;

use crate::deals::advertiser;
use crate::etl_support::show;
use crate::support::app::{request, serve_args};
use crate::support::TestApp;
use crate::tenancy::concrete;

#[tokio::test]
async fn each_flag_switched_off_answers_feature_disabled_on_each_route_it_governs() {
    for feature in Feature::ALL {
        let mut args = serve_args();
        args.features = FeatureFlags::all_on().with(feature, false).args();
        let mut app = TestApp::with_args(args).await;
        let governed: Vec<_> = routes()
            .into_iter()
            .filter(|r| r.feature == Some(feature))
            .collect();
        assert!(!governed.is_empty(), "{feature} governs no route");
        for route in &governed {
            let path = concrete(route.path);
            // No token either: a switched-off feature is not there for anyone.
            for token in [Some(app.admin.as_str()), None] {
                let sent = request(route.method.clone(), &path, Some("acme"), token, None);
                let reply = app.send(sent).await;
                assert_eq!(
                    reply.status,
                    StatusCode::NOT_FOUND,
                    "{} {path}",
                    route.method
                );
                assert_eq!(reply.code(), "feature_disabled", "{} {path}", route.method);
                assert_eq!(
                    reply.body["error"]["details"][0]["field"],
                    feature.variable()
                );
                assert!(reply.body["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains(feature.variable()));
            }
        }
        // The other features' routes still answer (here: one the flag does not govern).
        let other = app
            .call(Method::GET, "/api/v1/shows", &app.admin, None)
            .await;
        assert_eq!(other.status, StatusCode::OK);
        jobs_do_not_run(&app, feature).await;
        if feature == Feature::Matchmaking {
            app.start_workers();
            the_advertiser_dashboard_has_no_fit(&app).await;
        }
    }
}

/// With matchmaking off, the advertiser dashboard answers without its fit part, and still
/// projects the shows.
async fn the_advertiser_dashboard_has_no_fit(app: &TestApp) {
    show(app, "Night Shift", None).await;
    let brand = advertiser(app).await;
    app.caught_up().await;
    let path = format!("/api/v1/dashboard/advertiser?advertiser_id={brand}&as_of=2026-03-01");
    let reply = app.call(Method::GET, &path, &app.admin, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["fit"], serde_json::json!([]));
    assert_eq!(reply.body["excluded"], serde_json::json!([]));
    assert!(!reply.body["projection"]["items"]
        .as_array()
        .unwrap()
        .is_empty());
}

/// With `feature` off, the jobs that need it are refused or skipped, and none is recorded.
async fn jobs_do_not_run(app: &TestApp, feature: Feature) {
    if feature == Feature::AutomationJobs {
        // Every automation route answers feature_disabled (checked above).
    } else {
        let reply = app
            .call(Method::POST, "/api/v1/automation/run-all", &app.admin, None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        let skipped: Vec<&str> = (reply.body["skipped"].as_array().unwrap().iter())
            .map(|s| s["job"].as_str().unwrap())
            .collect();
        let ran = reply.body["runs"].as_array().unwrap().len();
        for job in cuepoint_domain::automation::Job::ALL {
            let needs = job.features().contains(&feature);
            assert_eq!(
                skipped.contains(&job.as_str()),
                needs,
                "{job} with {feature} off"
            );
            if needs {
                let path = format!("/api/v1/automation/{job}");
                let alone = app.call(Method::POST, &path, &app.admin, None).await;
                assert_eq!(alone.status, StatusCode::NOT_FOUND, "{path}");
                assert_eq!(alone.code(), "feature_disabled");
                assert_eq!(
                    alone.body["error"]["details"][0]["field"],
                    feature.variable()
                );
            }
        }
        assert_eq!(ran + skipped.len(), 5);
        // Nor are they scheduled.
        let schedule = app
            .call(Method::GET, "/api/v1/automation/schedule", &app.admin, None)
            .await;
        for entry in schedule.body["jobs"].as_array().unwrap() {
            let job: cuepoint_domain::automation::Job =
                entry["job"].as_str().unwrap().parse().unwrap();
            let needs = job.features().contains(&feature);
            assert_eq!(entry["enabled"], !needs, "{job} with {feature} off");
            assert_eq!(
                entry["next_run"].is_null(),
                needs,
                "{job} with {feature} off"
            );
        }
    }
    let recorded: Vec<String> = sqlx::query_scalar("SELECT DISTINCT job FROM job_runs")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    for job in recorded {
        let job: cuepoint_domain::automation::Job = job.parse().unwrap();
        assert!(
            !job.features().contains(&feature),
            "{job} ran with {feature} off"
        );
    }
}

/// Starts `cuepoint COMMAND` with `variable=value`, which must stop it before it touches
/// the database; answers its standard error.
fn refused_start(command: &str, variable: &str, value: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_cuepoint"))
        .arg(command)
        .env(variable, value)
        .env("DATABASE_URL", "postgres://127.0.0.1:1/unused")
        .output()
        .unwrap();
    assert!(
        !output.status.success(),
        "{command} started with {variable}={value}"
    );
    String::from_utf8_lossy(&output.stderr).to_string()
}

#[test]
fn a_bad_flag_value_stops_the_start_naming_the_variable() {
    for command in ["serve", "worker", "run"] {
        let stderr = refused_start(command, "ENABLE_IO_BOOKINGS", "sometimes");
        assert!(stderr.contains("ENABLE_IO_BOOKINGS"), "{stderr}");
        assert!(stderr.contains("sometimes"), "{stderr}");
    }
}

#[test]
fn an_invalid_schedule_stops_the_start() {
    let stderr = refused_start("worker", "CUEPOINT_SCHEDULE_PIPELINE_ALERTS", "0 0 2 * * *");
    assert!(stderr.contains("--schedule-pipeline-alerts"), "{stderr}");
    assert!(stderr.contains("0 0 2 * * *"), "{stderr}");
    assert!(stderr.contains("5 (minute hour"), "{stderr}");
}
