//! The scheduler inside `cuepoint serve` and `cuepoint worker`: every process runs it, and
//! each slot of each job runs once per tenant across all of them, because a run first
//! claims its (job, tenant, slot) row in `job_runs` and only the process whose insert wins
//! runs it.
//!
//! While a process is up it runs every slot that comes due (in order, should it fall
//! behind). At start it runs the latest slot of each job that falls within the catch-up
//! window, if no process ran it: a slot missed while every process was down runs once at
//! the next start; older missed slots are not run (they would all answer the same, later
//! `as_of`-less question). A scheduled run's `as_of` is the day before its slot (UTC).

use std::time::Duration;

use chrono::{DateTime, Days, TimeDelta, Utc};
use cuepoint_domain::automation::{Job, Trigger};
use cuepoint_domain::feature::Feature;
use tokio_util::sync::CancellationToken;

use super::clock::Clock;
use super::runs::{self, NewRun};
use super::schedule::{CronExpr, Schedules};
use super::{run, tenants, JobContext};

/// How the scheduler runs.
#[derive(Clone, Debug)]
pub struct SchedulerSettings {
    /// Each job's cron expression.
    pub schedules: Schedules,
    /// How far back, at start, a missed slot is still run.
    pub catch_up: TimeDelta,
    /// How often (real time) the scheduler looks at the clock.
    pub tick: Duration,
    /// The clock.
    pub clock: Clock,
}

/// Runs the scheduler until `shutdown`. Nothing runs (or is scheduled) when automation is
/// switched off, nor jobs whose own flag is off.
pub async fn run_scheduler(
    context: JobContext,
    settings: SchedulerSettings,
    shutdown: CancellationToken,
) {
    if !context.features.is_on(Feature::AutomationJobs) {
        tracing::info!("automation switched off: no scheduler");
        return;
    }
    let jobs = settings.schedules.enabled(&context.features);
    let start = settings.clock.now();
    // Per job: the last slot already handled by this process.
    let mut handled: Vec<(Job, CronExpr, DateTime<Utc>)> = (jobs.into_iter())
        .map(|(job, cron)| {
            let catch_up =
                (cron.last_at_or_before(start)).filter(|slot| *slot >= start - settings.catch_up);
            let handled = match catch_up {
                // One before the catch-up slot, so that it is run below.
                Some(slot) => slot - TimeDelta::seconds(1),
                None => start,
            };
            (job, cron, handled)
        })
        .collect();
    loop {
        if let Err(error) = runs::fail_abandoned(&context.pool, context.run_timeout).await {
            tracing::warn!(%error, "could not check for abandoned job runs");
        }
        let now = settings.clock.now();
        for (job, cron, last) in &mut handled {
            while let Some(slot) = cron.next_after(*last).filter(|slot| *slot <= now) {
                if shutdown.is_cancelled() {
                    return;
                }
                run_slot(&context, *job, slot).await;
                *last = slot;
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(settings.tick) => {}
        }
    }
}

/// Runs `job`'s `slot` for every tenant whose claim this process wins.
async fn run_slot(context: &JobContext, job: Job, slot: DateTime<Utc>) {
    let Some(as_of) = slot.date_naive().checked_sub_days(Days::new(1)) else {
        return;
    };
    let tenants = match tenants(&context.pool, None).await {
        Ok(tenants) => tenants,
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), %job, %slot, "could not list tenants");
            return;
        }
    };
    for tenant in tenants {
        let new_run = NewRun {
            job,
            tenant_id: &tenant.tenant_id,
            trigger: Trigger::Schedule,
            as_of,
            scheduled_for: Some(slot),
        };
        match run(context, new_run).await {
            Ok(Some(done)) => {
                tracing::info!(%job, %slot, tenant = %tenant.slug, outcome = ?done.outcome, "scheduled run")
            }
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(%error, %job, %slot, tenant = %tenant.slug, "scheduled run not recorded")
            }
        }
    }
}
