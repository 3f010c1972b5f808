//! The `job_runs` table: every run of a job, and the once-only claim of a scheduled slot
//! (migrations/20261128000050_automation.sql says how).

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use cuepoint_domain::automation::{Job, RunOutcome, Trigger};
use cuepoint_projections::read_models::page::{Page, PageRequest};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;

/// A run as answered and listed (SPEC 8).
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct RunView {
    /// The run's id (time-ordered).
    pub id: String,
    /// The job.
    pub job: Job,
    /// The tenant's slug.
    pub tenant: String,
    /// How it was started.
    pub trigger: Trigger,
    /// The day it ran as of.
    pub as_of: NaiveDate,
    /// The slot of a scheduled run; null for the others.
    pub scheduled_for: Option<DateTime<Utc>>,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended; null while running.
    pub finished_at: Option<DateTime<Utc>>,
    /// `succeeded` or `failed`; null while running.
    pub outcome: Option<RunOutcome>,
    /// What it found and did (per job), or `{"error": ...}` for a failed run.
    pub summary: Value,
}

/// A run to record.
#[derive(Clone, Debug)]
pub struct NewRun<'a> {
    /// The job.
    pub job: Job,
    /// The tenant's id.
    pub tenant_id: &'a str,
    /// How it was started.
    pub trigger: Trigger,
    /// The day it runs as of.
    pub as_of: NaiveDate,
    /// The slot, for a scheduled run.
    pub scheduled_for: Option<DateTime<Utc>>,
}

/// The name this process records as the runner of its runs.
pub fn runner() -> String {
    format!("cuepoint:{}", std::process::id())
}

/// Records the start of a run and answers its id. A scheduled run claims its slot: `None`
/// when another process already claimed (job, tenant, slot).
pub async fn start(pool: &PgPool, run: &NewRun<'_>) -> sqlx::Result<Option<String>> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query_scalar(
        "INSERT INTO job_runs (run_id, job, tenant_id, trigger, as_of, scheduled_for, runner)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (job, tenant_id, scheduled_for) WHERE scheduled_for IS NOT NULL
         DO NOTHING
         RETURNING run_id",
    )
    .bind(&id)
    .bind(run.job.as_str())
    .bind(run.tenant_id)
    .bind(run.trigger.as_str())
    .bind(run.as_of)
    .bind(run.scheduled_for)
    .bind(runner())
    .fetch_optional(pool)
    .await
}

/// Marks a running run alive (see [`fail_abandoned`]).
pub async fn heartbeat(pool: &PgPool, run_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE job_runs SET heartbeat_at = now() WHERE run_id = $1 AND finished_at IS NULL",
    )
    .bind(run_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records how a run ended. A run already marked failed as abandoned keeps that record.
pub async fn finish(
    pool: &PgPool,
    run_id: &str,
    outcome: RunOutcome,
    summary: &Value,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE job_runs SET finished_at = now(), outcome = $2, summary = $3
          WHERE run_id = $1 AND finished_at IS NULL",
    )
    .bind(run_id)
    .bind(outcome.as_str())
    .bind(summary)
    .execute(pool)
    .await?;
    Ok(())
}

/// Marks failed the runs whose process stopped beating for `timeout` (it died mid-run);
/// answers how many.
pub async fn fail_abandoned(pool: &PgPool, timeout: Duration) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE job_runs
            SET finished_at = now(), outcome = 'failed',
                summary = jsonb_build_object('error',
                    'abandoned: its process stopped before the run ended (' || runner || ')')
          WHERE finished_at IS NULL
            AND heartbeat_at < now() - make_interval(secs => $1)",
    )
    .bind(timeout.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

const SELECT_RUNS: &str = "SELECT r.run_id, r.job, t.slug, r.trigger, r.as_of, r.scheduled_for,
        r.started_at, r.finished_at, r.outcome, r.summary
   FROM job_runs r JOIN tenants t ON t.tenant_id = r.tenant_id";

type Row = (
    String,
    String,
    String,
    String,
    NaiveDate,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<String>,
    Value,
);

fn view(row: Row) -> sqlx::Result<RunView> {
    let bad = |e: cuepoint_domain::invalid::InvalidValue| sqlx::Error::Decode(Box::new(e));
    let (id, job, tenant, trigger, as_of, scheduled_for, started_at, finished_at, outcome, summary) =
        row;
    Ok(RunView {
        id,
        job: job.parse().map_err(bad)?,
        tenant,
        trigger: trigger.parse().map_err(bad)?,
        as_of,
        scheduled_for,
        started_at,
        finished_at,
        outcome: (outcome.as_deref().map(str::parse::<RunOutcome>).transpose()).map_err(bad)?,
        summary,
    })
}

/// One run of the tenant.
pub async fn get(pool: &PgPool, tenant_id: &str, run_id: &str) -> sqlx::Result<Option<RunView>> {
    let sql = format!("{SELECT_RUNS} WHERE r.tenant_id = $1 AND r.run_id = $2");
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(run_id)
        .fetch_optional(pool)
        .await?;
    row.map(view).transpose()
}

/// The tenant's runs, newest first, of one job or all.
pub async fn list(
    pool: &PgPool,
    tenant_id: &str,
    job: Option<Job>,
    page: &PageRequest,
) -> sqlx::Result<Page<RunView>> {
    let sql = format!(
        "{SELECT_RUNS}
          WHERE r.tenant_id = $1 AND ($2::text IS NULL OR r.job = $2)
            AND ($3::text IS NULL OR r.run_id < $3)
          ORDER BY r.run_id DESC LIMIT $4"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(job.map(|j| j.as_str()))
        .bind(page.after.as_deref())
        .bind(page.limit() + 1)
        .fetch_all(pool)
        .await?;
    let runs = rows
        .into_iter()
        .map(view)
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_overfetch(runs, page.limit(), |run| {
        run.id.clone()
    }))
}
