//! The configuration of the automation: each job's schedule, the catch-up window, the run
//! timeout, and the scheduler's clock (`serve` and `worker`).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use clap::Args;
use cuepoint_domain::automation::Job;

use crate::automation::clock::Clock;
use crate::automation::schedule::{CronExpr, Schedules};
use crate::automation::scheduler::SchedulerSettings;
use crate::webhooks::sender::SenderSettings;

/// Schedules (cron, 5 fields, UTC) and run settings of the automation jobs.
#[derive(Clone, Debug, Args)]
pub struct AutomationArgs {
    /// Schedule of etl-health-check.
    #[arg(long, env = "CUEPOINT_SCHEDULE_ETL_HEALTH_CHECK", default_value = Job::EtlHealthCheck.default_schedule())]
    pub schedule_etl_health_check: CronExpr,
    /// Schedule of recalculate-matches.
    #[arg(long, env = "CUEPOINT_SCHEDULE_RECALCULATE_MATCHES", default_value = Job::RecalculateMatches.default_schedule())]
    pub schedule_recalculate_matches: CronExpr,
    /// Schedule of refresh-metrics-daily.
    #[arg(long, env = "CUEPOINT_SCHEDULE_REFRESH_METRICS_DAILY", default_value = Job::RefreshMetricsDaily.default_schedule())]
    pub schedule_refresh_metrics_daily: CronExpr,
    /// Schedule of pipeline-alerts.
    #[arg(long, env = "CUEPOINT_SCHEDULE_PIPELINE_ALERTS", default_value = Job::PipelineAlerts.default_schedule())]
    pub schedule_pipeline_alerts: CronExpr,
    /// Schedule of makegood-detection.
    #[arg(long, env = "CUEPOINT_SCHEDULE_MAKEGOOD_DETECTION", default_value = Job::MakegoodDetection.default_schedule())]
    pub schedule_makegood_detection: CronExpr,
    /// Minutes back, at start, within which a slot missed while every process was down
    /// still runs (once).
    #[arg(long, env = "CUEPOINT_SCHEDULE_CATCH_UP_MINUTES", default_value_t = 1440,
          value_parser = clap::value_parser!(u32).range(0..=525_600))]
    pub schedule_catch_up_minutes: u32,
    /// Seconds without a heartbeat after which a running job run is marked failed (its
    /// process died).
    #[arg(long, env = "CUEPOINT_JOB_TIMEOUT_SECONDS", default_value_t = 600,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub job_timeout_seconds: u64,
    /// Milliseconds between the scheduler's looks at the clock.
    #[arg(long, env = "CUEPOINT_SCHEDULER_TICK_MS", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub scheduler_tick_ms: u64,
    /// Attempts at a webhook delivery before it is given up.
    #[arg(long, env = "CUEPOINT_WEBHOOK_MAX_ATTEMPTS", default_value_t = 8,
          value_parser = clap::value_parser!(i32).range(1..=50))]
    pub webhook_max_attempts: i32,
    /// Milliseconds before retrying a failed webhook delivery; doubled after each further
    /// failure (at most an hour).
    #[arg(long, env = "CUEPOINT_WEBHOOK_BACKOFF_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub webhook_backoff_ms: u64,
    /// Milliseconds a webhook receiver has to answer.
    #[arg(long, env = "CUEPOINT_WEBHOOK_TIMEOUT_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(100..=300_000))]
    pub webhook_timeout_ms: u64,
    /// Tests only: the scheduler's clock starts at this instant (RFC 3339) at the real
    /// instant --test-clock-real-start and runs --test-clock-speed times faster.
    #[arg(
        long,
        env = "CUEPOINT_TEST_CLOCK_ORIGIN",
        requires = "test_clock_real_start"
    )]
    pub test_clock_origin: Option<DateTime<Utc>>,
    /// Tests only: the real instant (RFC 3339) of --test-clock-origin.
    #[arg(long, env = "CUEPOINT_TEST_CLOCK_REAL_START")]
    pub test_clock_real_start: Option<DateTime<Utc>>,
    /// Tests only: scheduler seconds per real second.
    #[arg(long, env = "CUEPOINT_TEST_CLOCK_SPEED", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub test_clock_speed: u32,
}

impl Default for AutomationArgs {
    fn default() -> Self {
        let default = |job: Job| {
            (job.default_schedule().parse())
                .unwrap_or_else(|e| panic!("the default schedule of {job}: {e}"))
        };
        AutomationArgs {
            schedule_etl_health_check: default(Job::EtlHealthCheck),
            schedule_recalculate_matches: default(Job::RecalculateMatches),
            schedule_refresh_metrics_daily: default(Job::RefreshMetricsDaily),
            schedule_pipeline_alerts: default(Job::PipelineAlerts),
            schedule_makegood_detection: default(Job::MakegoodDetection),
            schedule_catch_up_minutes: 1440,
            job_timeout_seconds: 600,
            scheduler_tick_ms: 1000,
            webhook_max_attempts: 8,
            webhook_backoff_ms: 10_000,
            webhook_timeout_ms: 10_000,
            test_clock_origin: None,
            test_clock_real_start: None,
            test_clock_speed: 1,
        }
    }
}

impl AutomationArgs {
    /// Every job's schedule.
    pub fn schedules(&self) -> Schedules {
        let expression = |job| match job {
            Job::EtlHealthCheck => &self.schedule_etl_health_check,
            Job::RecalculateMatches => &self.schedule_recalculate_matches,
            Job::RefreshMetricsDaily => &self.schedule_refresh_metrics_daily,
            Job::PipelineAlerts => &self.schedule_pipeline_alerts,
            Job::MakegoodDetection => &self.schedule_makegood_detection,
        };
        Schedules {
            jobs: (Job::ALL.iter())
                .map(|job| (*job, expression(*job).clone()))
                .collect(),
        }
    }

    /// How long a run may go without a heartbeat.
    pub fn run_timeout(&self) -> Duration {
        Duration::from_secs(self.job_timeout_seconds)
    }

    /// The scheduler's clock.
    pub fn clock(&self) -> Clock {
        match (self.test_clock_origin, self.test_clock_real_start) {
            (Some(origin), Some(real_start)) => Clock::Scaled {
                origin,
                real_start,
                speed: self.test_clock_speed,
            },
            _ => Clock::System,
        }
    }

    /// The webhook sender's settings (it looks for due deliveries every scheduler tick).
    pub fn sender(&self) -> SenderSettings {
        SenderSettings {
            max_attempts: self.webhook_max_attempts,
            backoff_base: Duration::from_millis(self.webhook_backoff_ms),
            request_timeout: Duration::from_millis(self.webhook_timeout_ms),
            poll_interval: Duration::from_millis(self.scheduler_tick_ms),
        }
    }

    /// The scheduler's settings.
    pub fn scheduler(&self) -> SchedulerSettings {
        SchedulerSettings {
            schedules: self.schedules(),
            catch_up: TimeDelta::minutes(i64::from(self.schedule_catch_up_minutes)),
            tick: Duration::from_millis(self.scheduler_tick_ms),
            clock: self.clock(),
        }
    }
}
