//! The automation page: each job's next scheduled run, a run-now button that runs the job
//! and shows its run, the open alerts it raised; and no page at all with the flag off.

use axum::http::StatusCode;
use chrono::{Days, NaiveTime, Utc};
use cuepoint_domain::tenancy::Role;

use super::fixture;
use crate::support::app::serve_args;
use crate::support::web::WebSession;
use crate::support::TestApp;

#[tokio::test]
async fn staff_run_a_job_now_and_see_its_run_and_the_alert_it_raised() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Ops)).await;
    let page = session.get("/automation").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("No job has run yet."));
    assert!(page.body.contains("No open alert."));
    // refresh-metrics-daily runs at 02:00 UTC: today's slot if it is still ahead, else
    // tomorrow's.
    let now = Utc::now();
    let two = NaiveTime::from_hms_opt(2, 0, 0).unwrap();
    let mut day = now.date_naive();
    if now.time() >= two {
        day = day.checked_add_days(Days::new(1)).unwrap();
    }
    let row = page
        .body
        .split(r#"<tr data-job="refresh-metrics-daily">"#)
        .nth(1)
        .unwrap();
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(&format!(r#"data-figure="next_run">{day} 02:00 UTC<"#)),
        "{row}"
    );
    assert!(row.contains(r#"action="/automation/refresh-metrics-daily""#));

    // Run the ETL health check now (as of yesterday): the fixture's csv data ends
    // 2026-03-31, over a week before, so the source is failing and an alert is raised.
    let ran = session.post("/automation/etl-health-check", &[]).await;
    assert_eq!(ran.status, StatusCode::SEE_OTHER, "{}", ran.body);
    let location = ran.location().to_string();
    let run_id = location.strip_prefix("/automation?ran=").unwrap();
    fixture.app.caught_up().await;
    let page = session.get(&location).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!(r#"data-ran="{run_id}""#)));
    let run = page
        .body
        .split(&format!(r#"<tr data-run="{run_id}" class="current">"#))
        .nth(1)
        .unwrap_or_else(|| panic!("{}", page.body));
    let run = &run[..run.find("</tr>").unwrap()];
    assert!(run.contains("etl-health-check"), "{run}");
    assert!(run.contains(r#"data-status="succeeded""#), "{run}");
    assert!(run.contains("<td>api</td>"), "{run}");
    let alert = page
        .body
        .split(r#"<tr data-alert="etl_failing">"#)
        .nth(1)
        .unwrap_or_else(|| panic!("no alert: {}", page.body));
    assert!(alert.contains("<td>csv</td>"), "{alert}");
}

#[tokio::test]
async fn an_unknown_job_is_a_404_page() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Admin)).await;
    let answer = session.post("/automation/make-coffee", &[]).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    assert!(answer.body.contains("Sign out"));
}

#[tokio::test]
async fn with_the_automation_flag_off_there_is_no_page_and_no_menu_entry() {
    let mut args = serve_args();
    args.features.enable_automation_jobs = false;
    let app = TestApp::with_args(args).await;
    let session = WebSession::sign_in(&app, &app.admin).await;
    let imports = session.get("/imports").await;
    assert_eq!(imports.status, StatusCode::OK);
    assert!(imports.body.contains(r#"href="/imports""#));
    assert!(
        !imports.body.contains(r#"href="/automation""#),
        "{}",
        imports.body
    );
    let page = session.get("/automation").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let run = session.post("/automation/etl-health-check", &[]).await;
    assert_eq!(run.status, StatusCode::NOT_FOUND);
}
