//! The jobs and the vocabulary of their runs.

use crate::feature::Feature;

snake_enum!(
    /// A job: what `POST /api/v1/automation/{job}` and `cuepoint run JOB` name.
    Job, "job (etl-health-check, recalculate-matches, refresh-metrics-daily, pipeline-alerts, makegood-detection)", "unknown_job", {
        /// Raises an alert when a metrics source turns degraded or failing, clears it when
        /// the source is healthy again.
        EtlHealthCheck => "etl-health-check",
        /// Recomputes every audience-fit score of the tenant, counting those that changed.
        RecalculateMatches => "recalculate-matches",
        /// Checks metrics_daily against the completed imports and repairs what differs.
        RefreshMetricsDaily => "refresh-metrics-daily",
        /// Raises and clears the deal alerts (stale, overdue).
        PipelineAlerts => "pipeline-alerts",
        /// Raises the automatic makegood of every under-delivered CPM line whose flight has
        /// ended.
        MakegoodDetection => "makegood-detection",
    }
);

impl Job {
    /// The flags that must be on for the job to run (and be scheduled): automation always,
    /// and the feature whose data the job works on.
    pub fn features(self) -> &'static [Feature] {
        match self {
            Job::EtlHealthCheck | Job::RefreshMetricsDaily => &[Feature::AutomationJobs],
            Job::RecalculateMatches => &[Feature::AutomationJobs, Feature::Matchmaking],
            Job::PipelineAlerts => &[Feature::AutomationJobs, Feature::DealPipeline],
            Job::MakegoodDetection => &[Feature::AutomationJobs, Feature::IoBookings],
        }
    }

    /// The cron expression (5 fields, UTC) of the job when none is configured:
    /// `refresh-metrics-daily` at 02:00, the others later in the night, each once a day.
    pub fn default_schedule(self) -> &'static str {
        match self {
            Job::RefreshMetricsDaily => "0 2 * * *",
            Job::EtlHealthCheck => "30 2 * * *",
            Job::RecalculateMatches => "0 3 * * *",
            Job::MakegoodDetection => "30 3 * * *",
            Job::PipelineAlerts => "0 4 * * *",
        }
    }
}

snake_enum!(
    /// How a run was started.
    Trigger, "trigger (api, cli, schedule)", "unknown_trigger", {
        /// `POST /api/v1/automation/...`.
        Api => "api",
        /// `cuepoint run`.
        Cli => "cli",
        /// The scheduler, for one slot of the job's cron expression.
        Schedule => "schedule",
    }
);

snake_enum!(
    /// How a run ended.
    RunOutcome, "outcome (succeeded, failed)", "unknown_outcome", {
        /// It did its work; the summary says what.
        Succeeded => "succeeded",
        /// It stopped on an error (or its process died); the summary says why.
        Failed => "failed",
    }
);
