//! Automation (SPEC 8; docs/automation.md): the five jobs, each a function of (tenant,
//! `as_of`) that is safe to run again, run from the API, the command line or the
//! scheduler, every run recorded in `job_runs`.

mod alerts;
pub mod clock;
mod etl_health;
mod makegoods;
mod pipeline_alerts;
pub mod runs;
pub mod schedule;
pub mod scheduler;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cuepoint_domain::automation::{Job, RunOutcome};
use cuepoint_domain::feature::Feature;
use cuepoint_projections::read_models::matches::recalculate;
use cuepoint_projections::read_models::metrics::verify_metrics_daily;
use serde_json::{json, Value};
use sqlx::PgPool;

use self::runs::{NewRun, RunView};
use crate::commands::CommandBus;
use crate::features::FeatureFlags;
use crate::measure;

/// What a job needs: the database, the command bus, the flags, and how long a run may go
/// without a heartbeat before another process marks it failed.
#[derive(Clone)]
pub struct JobContext {
    /// The database.
    pub pool: PgPool,
    /// Executes the commands a job issues (alerts, makegoods).
    pub commands: Arc<CommandBus>,
    /// Which features are on.
    pub features: FeatureFlags,
    /// A running run whose heartbeat is older than this is marked failed.
    pub run_timeout: Duration,
}

/// Why a run did not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A flag the job needs is off.
    #[error("the job needs {0}, which is switched off")]
    FeatureDisabled(Feature),
    /// The run could not be recorded.
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// Runs `run.job` for `run.tenant_id` and records it; `None` when the run is a scheduled
/// slot another process already claimed. A job that fails is recorded as failed (its
/// error in the summary), not returned as an error.
pub async fn run(context: &JobContext, run: NewRun<'_>) -> Result<Option<RunView>, RunError> {
    if let Some(feature) = context.features.first_off(run.job.features()) {
        return Err(RunError::FeatureDisabled(feature));
    }
    let Some(run_id) = runs::start(&context.pool, &run).await? else {
        return Ok(None);
    };
    let beating = heartbeat(context, &run_id);
    let started = Instant::now();
    let result = execute(context, run.job, run.tenant_id, run.as_of).await;
    beating.abort();
    let (outcome, summary) = match result {
        Ok(summary) => (RunOutcome::Succeeded, summary),
        Err(error) => {
            tracing::warn!(job = %run.job, error = format!("{error:#}"), "job run failed");
            (RunOutcome::Failed, json!({ "error": format!("{error:#}") }))
        }
    };
    runs::finish(&context.pool, &run_id, outcome, &summary).await?;
    measure::job_run(run.job.as_str(), outcome.as_str(), started.elapsed());
    Ok(runs::get(&context.pool, run.tenant_id, &run_id).await?)
}

/// Beats for the run every quarter of the timeout until aborted.
fn heartbeat(context: &JobContext, run_id: &str) -> tokio::task::JoinHandle<()> {
    let (pool, run_id) = (context.pool.clone(), run_id.to_string());
    let every = (context.run_timeout / 4).max(Duration::from_millis(100));
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if let Err(error) = runs::heartbeat(&pool, &run_id).await {
                tracing::warn!(%error, "could not record a job run's heartbeat");
            }
        }
    })
}

/// The job's work for one tenant: its summary.
async fn execute(
    context: &JobContext,
    job: Job,
    tenant_id: &str,
    as_of: NaiveDate,
) -> anyhow::Result<Value> {
    let pool = &context.pool;
    Ok(match job {
        Job::EtlHealthCheck => json!(etl_health::run(context, tenant_id, as_of).await?),
        Job::RecalculateMatches => {
            let done = recalculate(pool, tenant_id).await?;
            json!({ "scores": done.scored, "changed": done.changed })
        }
        Job::RefreshMetricsDaily => json!(verify_metrics_daily(pool, tenant_id).await?),
        Job::PipelineAlerts => json!(pipeline_alerts::run(context, tenant_id, as_of).await?),
        Job::MakegoodDetection => json!(makegoods::run(context, tenant_id, as_of).await?),
    })
}

/// A tenant the scheduler or the command line runs jobs for.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TenantRef {
    /// Its id.
    pub tenant_id: String,
    /// Its slug.
    pub slug: String,
}

/// Every tenant, or the one named `slug` (an error naming it when there is none).
pub async fn tenants(pool: &PgPool, slug: Option<&str>) -> anyhow::Result<Vec<TenantRef>> {
    let found: Vec<TenantRef> = sqlx::query_as(
        "SELECT tenant_id, slug FROM tenants WHERE $1::text IS NULL OR slug = $1 ORDER BY slug",
    )
    .bind(slug)
    .fetch_all(pool)
    .await?;
    if let (Some(slug), true) = (slug, found.is_empty()) {
        anyhow::bail!("no tenant {slug}");
    }
    Ok(found)
}
