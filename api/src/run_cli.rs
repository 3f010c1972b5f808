//! `cuepoint run JOB|--all [--tenant SLUG] [--as-of DAY]`: runs jobs now, recorded in
//! `job_runs` with trigger `cli`, and prints each run as a JSON line.
#![allow(clippy::print_stdout)]

use std::sync::Arc;

use cuepoint_domain::automation::{Job, RunOutcome, Trigger};
use sqlx::PgPool;

use crate::automation::runs::NewRun;
use crate::automation::{run, tenants, JobContext, RunError};
use crate::automation_config::AutomationArgs;
use crate::config::RunArgs;
use crate::features::FeatureFlags;
use crate::http::etl::yesterday;

/// Runs the jobs; fails (after running the others) when a run failed, and when a job named
/// alone is switched off.
pub async fn run_jobs(pool: &PgPool, args: RunArgs) -> anyhow::Result<()> {
    let features = FeatureFlags::from(&args.features);
    let context = JobContext {
        pool: pool.clone(),
        commands: Arc::new(args.commands.bus(pool)),
        features,
        run_timeout: AutomationArgs::default().run_timeout(),
    };
    let jobs: Vec<Job> = match args.job {
        Some(job) => vec![job],
        None => Job::ALL.to_vec(),
    };
    let as_of = args.as_of.unwrap_or_else(yesterday);
    let mut failed = 0;
    for tenant in tenants(pool, args.tenant.as_deref()).await? {
        for job in &jobs {
            let new_run = NewRun {
                job: *job,
                tenant_id: &tenant.tenant_id,
                trigger: Trigger::Cli,
                as_of,
                scheduled_for: None,
            };
            match run(&context, new_run).await {
                Ok(Some(done)) => {
                    failed += usize::from(done.outcome == Some(RunOutcome::Failed));
                    println!("{}", serde_json::to_string(&done)?);
                }
                Ok(None) => {}
                Err(RunError::FeatureDisabled(feature)) if args.all => {
                    eprintln!("{job}: skipped, {feature} is off");
                }
                Err(error) => return Err(error.into()),
            }
        }
    }
    if failed > 0 {
        anyhow::bail!("{failed} run(s) failed");
    }
    Ok(())
}
