//! `/api/v1/automation/...`: run a job or all of them now, the run history, the schedule.

use axum::extract::State;
use axum::Json;
use chrono::{NaiveDate, Utc};
use cuepoint_domain::automation::{Job, Trigger};
use cuepoint_projections::read_models::page::Page;
use serde::{Deserialize, Serialize};

use super::auth::Principal;
use super::error::ApiError;
use super::etl::yesterday;
use super::path::Path;
use super::query::{PageParams, Query};
use super::state::AppState;
use crate::automation::runs::{self, NewRun, RunView};
use crate::automation::schedule::ScheduledJob;
use crate::automation::{run, RunError};

/// Parameters of `POST /api/v1/automation/{job}` and `.../run-all`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RunParams {
    /// The day to run as of (default yesterday, UTC).
    pub as_of: Option<NaiveDate>,
}

/// The answer of `POST /api/v1/automation/run-all`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RunAllAnswer {
    /// The runs, in job order.
    pub runs: Vec<RunView>,
    /// Jobs not run because a flag they need is off.
    pub skipped: Vec<SkippedJob>,
}

/// A job `run-all` did not run.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SkippedJob {
    /// The job.
    pub job: Job,
    /// The flag that is off.
    pub flag: &'static str,
}

impl From<RunError> for ApiError {
    fn from(error: RunError) -> Self {
        match error {
            RunError::FeatureDisabled(feature) => ApiError::feature_disabled(feature),
            RunError::Store(error) => error.into(),
        }
    }
}

/// Runs `job` for the caller's tenant.
async fn run_now(
    state: &AppState,
    principal: &Principal,
    job: Job,
    as_of: NaiveDate,
) -> Result<RunView, ApiError> {
    let new_run = NewRun {
        job,
        tenant_id: principal.tenant_id(),
        trigger: Trigger::Api,
        as_of,
        scheduled_for: None,
    };
    run(&state.jobs, new_run)
        .await?
        .ok_or_else(|| anyhow::anyhow!("an API run without its record").into())
}

/// `POST /api/v1/automation/{job}?as_of=`: runs the job now; answers the run.
pub async fn run_job(
    State(state): State<AppState>,
    principal: Principal,
    Path(job): Path<Job>,
    Query(params): Query<RunParams>,
) -> Result<Json<RunView>, ApiError> {
    let as_of = params.as_of.unwrap_or_else(yesterday);
    let done = run_now(&state, &principal, job, as_of).await?;
    Ok(Json(done))
}

/// `POST /api/v1/automation/run-all?as_of=`: runs every job whose flags are on.
pub async fn run_all(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<RunParams>,
) -> Result<Json<RunAllAnswer>, ApiError> {
    let as_of = params.as_of.unwrap_or_else(yesterday);
    let mut answer = RunAllAnswer {
        runs: Vec::new(),
        skipped: Vec::new(),
    };
    for job in Job::ALL {
        if let Some(feature) = state.features.first_off(job.features()) {
            answer.skipped.push(SkippedJob {
                job: *job,
                flag: feature.variable(),
            });
            continue;
        }
        answer
            .runs
            .push(run_now(&state, &principal, *job, as_of).await?);
    }
    Ok(Json(answer))
}

/// Parameters of `GET /api/v1/automation/runs`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RunsParams {
    /// Only this job's runs.
    pub job: Option<Job>,
    /// Runs per page (1..=200, default 50).
    #[schemars(range(min = 1, max = cuepoint_projections::read_models::page::MAX_LIMIT))]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[schemars(pattern(cuepoint_domain::schema::ID_PATTERN))]
    pub cursor: Option<String>,
}

/// `GET /api/v1/automation/runs?job=&limit=&cursor=`: the tenant's runs, newest first.
pub async fn list_runs(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<RunsParams>,
) -> Result<Json<Page<RunView>>, ApiError> {
    let page = PageParams {
        limit: params.limit,
        cursor: params.cursor,
    }
    .page()?;
    let runs = runs::list(&state.pool, principal.tenant_id(), params.job, &page).await?;
    Ok(Json(runs))
}

/// `GET /api/v1/automation/runs/{id}`
pub async fn get_run(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Json<RunView>, ApiError> {
    runs::get(&state.pool, principal.tenant_id(), &id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("run"))
}

/// The answer of `GET /api/v1/automation/schedule`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ScheduleAnswer {
    /// Each job's cron expression (5 fields, UTC) and next run.
    pub jobs: Vec<ScheduledJob>,
}

/// `GET /api/v1/automation/schedule`
pub async fn schedule(State(state): State<AppState>) -> Json<ScheduleAnswer> {
    Json(ScheduleAnswer {
        jobs: state.schedules.view(&state.features, Utc::now()),
    })
}
