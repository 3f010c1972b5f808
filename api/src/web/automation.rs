//! `/automation`: the job runs, newest first, each job's next scheduled run with a run-now
//! button for staff, and the open alerts; `POST /automation/{job}`: run one job now (the
//! form action of the button). Every figure is the answer of the API route the page stands
//! for ([`automation::list_runs`], [`automation::schedule`], [`alerts::list`],
//! [`automation::run_job`]); with the automation flag off the page does not exist.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{DateTime, Utc};
use cuepoint_domain::automation::{Job, RunOutcome};
use cuepoint_projections::read_models::alerts::AlertRow;
use serde::Deserialize;
use serde_json::Value;

use super::error::WebError;
use super::render::{html, Layout};
use super::session::Session;
use crate::automation::runs::RunView;
use crate::automation::schedule::ScheduledJob;
use crate::http::alerts::{self, AlertParams};
use crate::http::auth::Principal;
use crate::http::automation::{self, RunParams, RunsParams};
use crate::http::error::ApiError;
use crate::http::path::Path;
use crate::http::query::Query;
use crate::http::state::AppState;

/// The page's template.
#[derive(askama::Template)]
#[template(path = "automation.html")]
struct AutomationPage {
    layout: Layout,
    ran: Option<String>,
    job_filter: Option<&'static str>,
    jobs: Vec<JobView>,
    runs: Vec<RunRow>,
    older: Option<String>,
    alerts: Vec<AlertView>,
}

/// One job of the schedule.
struct JobView {
    job: &'static str,
    schedule: String,
    enabled: bool,
    next_run: String,
}

/// One run.
struct RunRow {
    id: String,
    job: &'static str,
    trigger: &'static str,
    as_of: String,
    started_at: String,
    finished_at: String,
    outcome: &'static str,
    outcome_class: &'static str,
    summary: String,
}

/// One open alert.
struct AlertView {
    kind: &'static str,
    subject: String,
    since: String,
    raised_on: String,
}

/// The page's own parameter: the run a run-now button just made, to point it out.
#[derive(Deserialize)]
pub struct Ran {
    ran: Option<String>,
}

/// `GET /automation?job=&cursor=&ran=`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    params: Result<Query<RunsParams>, ApiError>,
    ran: Result<Query<Ran>, ApiError>,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Automation", &session, state.features, "/automation");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let (Query(params), Query(ran)) = (params.map_err(fail)?, ran.map_err(fail)?);
    let job_filter = params.job.map(|job| job.as_str());
    let axum::Json(runs) =
        automation::list_runs(State(state.clone()), principal.clone(), Query(params))
            .await
            .map_err(fail)?;
    let axum::Json(schedule) = automation::schedule(State(state.clone())).await;
    let open = AlertParams {
        open: Some(true),
        kind: None,
        limit: None,
    };
    let axum::Json(alerts) = alerts::list(State(state.clone()), principal, Query(open))
        .await
        .map_err(fail)?;
    let page = AutomationPage {
        ran: ran.ran,
        job_filter,
        jobs: schedule.jobs.iter().map(job_view).collect(),
        runs: runs.items.iter().map(run_row).collect(),
        older: runs.next_cursor,
        alerts: alerts.items.iter().map(alert_view).collect(),
        layout,
    };
    Ok(html(&page))
}

/// The run-now form: only the CSRF token (checked by the session layer).
#[derive(Deserialize)]
pub struct RunForm {
    #[serde(rename = "csrf")]
    _csrf: Option<String>,
}

/// `POST /automation/{job}`: runs the job now (as of yesterday, the API's default), then
/// shows the page with the run pointed out.
pub async fn run_now(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    job: Result<Path<Job>, ApiError>,
    form: Result<Form<RunForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Automation", &session, state.features, "/automation");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let job = job.map_err(fail)?;
    let Form(RunForm { .. }) = form
        .map_err(|rejection| fail(ApiError::bad_request("invalid_form", rejection.body_text())))?;
    let params = Query(RunParams { as_of: None });
    let axum::Json(run) = automation::run_job(State(state.clone()), principal, job, params)
        .await
        .map_err(fail)?;
    Ok(Redirect::to(&format!("/automation?ran={}", run.id)).into_response())
}

fn job_view(job: &ScheduledJob) -> JobView {
    JobView {
        job: job.job.as_str(),
        schedule: job.schedule.clone(),
        enabled: job.enabled,
        next_run: (job.next_run).map_or_else(
            || "not scheduled (a flag it needs is off)".to_string(),
            time_text,
        ),
    }
}

fn run_row(run: &RunView) -> RunRow {
    let (outcome, outcome_class) = match run.outcome {
        Some(RunOutcome::Succeeded) => ("succeeded", "good"),
        Some(RunOutcome::Failed) => ("failed", "bad"),
        None => ("running", "neutral"),
    };
    RunRow {
        id: run.id.clone(),
        job: run.job.as_str(),
        trigger: run.trigger.as_str(),
        as_of: run.as_of.to_string(),
        started_at: time_text(run.started_at),
        finished_at: run.finished_at.map_or_else(|| "—".to_string(), time_text),
        outcome,
        outcome_class,
        summary: summary_text(&run.summary),
    }
}

fn alert_view(alert: &AlertRow) -> AlertView {
    AlertView {
        kind: alert.kind.as_str(),
        subject: alert.subject_name.clone(),
        since: alert.since.to_string(),
        raised_on: alert.raised_on.to_string(),
    }
}

/// A moment as the page prints it (`2026-03-31 02:00 UTC`).
fn time_text(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A run's summary as one line: `raised: 1 · cleared: 0` (nested values as JSON).
fn summary_text(summary: &Value) -> String {
    match summary {
        Value::Object(fields) => (fields.iter())
            .map(|(key, value)| match value {
                Value::String(text) => format!("{key}: {text}"),
                other => format!("{key}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(" · "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_as_one_line() {
        let summary = serde_json::json!({"raised": 1, "cleared": 0, "error": "boom"});
        assert_eq!(
            summary_text(&summary),
            "cleared: 0 · error: boom · raised: 1"
        );
        assert_eq!(summary_text(&Value::Null), "");
    }
}
