//! The service's Prometheus metrics (docs/automation.md, metrics): every name and label in
//! one place. Labels never hold tenant data: routes are the matched patterns, never raw
//! paths; aggregates, projections, jobs and outcomes are closed sets.

use std::sync::OnceLock;
use std::time::Duration;

use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Histogram buckets, in seconds: HTTP requests and job runs.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// The process's recorder, installed on first use; `None` if another recorder was installed
/// first (then nothing is recorded here).
pub fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new().set_buckets(BUCKETS).ok()?;
            match builder.install_recorder() {
                Ok(handle) => Some(handle),
                Err(error) => {
                    tracing::warn!(%error, "no Prometheus recorder");
                    None
                }
            }
        })
        .as_ref()
}

/// An HTTP request answered: by method, matched route (`unmatched` for none) and status.
pub fn http_request(method: &str, route: &str, status: u16, elapsed: Duration) {
    let (method, route, status) = (method.to_string(), route.to_string(), status.to_string());
    counter!("cuepoint_http_requests_total", "method" => method.clone(),
             "route" => route.clone(), "status" => status.clone())
    .increment(1);
    histogram!("cuepoint_http_request_duration_seconds", "method" => method,
               "route" => route, "status" => status)
    .record(elapsed.as_secs_f64());
}

/// A command executed on an aggregate type: `committed`, `unchanged` (it wrote nothing) or
/// `refused` (a rule, a conflict that could not be retried, or an error).
pub fn command(aggregate: &'static str, outcome: &'static str) {
    counter!("cuepoint_commands_total", "aggregate" => aggregate, "outcome" => outcome)
        .increment(1);
}

/// A command that met a concurrent write to its aggregate (retried or answered 409).
pub fn command_conflict(aggregate: &'static str) {
    counter!("cuepoint_command_conflicts_total", "aggregate" => aggregate).increment(1);
}

/// A command decided on an aggregate from this process's cache that another process had
/// written to since: decided again on the stored aggregate.
pub fn command_cache_stale(aggregate: &'static str) {
    counter!("cuepoint_command_cache_stale_total", "aggregate" => aggregate).increment(1);
}

/// Rows an import accepted and rejected.
pub fn import_rows(accepted: u64, rejected: u64) {
    counter!("cuepoint_import_rows_total", "outcome" => "accepted").increment(accepted);
    counter!("cuepoint_import_rows_total", "outcome" => "rejected").increment(rejected);
}

/// A job run that ended: by job and outcome, with its duration.
pub fn job_run(job: &'static str, outcome: &'static str, elapsed: Duration) {
    counter!("cuepoint_job_runs_total", "job" => job, "outcome" => outcome).increment(1);
    histogram!("cuepoint_job_run_duration_seconds", "job" => job, "outcome" => outcome)
        .record(elapsed.as_secs_f64());
}

/// A webhook delivery attempt: `succeeded` or `failed`.
pub fn webhook_attempt(outcome: &'static str) {
    counter!("cuepoint_webhook_deliveries_total", "outcome" => outcome).increment(1);
}

/// A projection's position (events applied since its last rebuild), lag and parked events,
/// as last read.
pub fn projection(name: &str, applied: i64, behind: i64, lag_seconds: f64, parked: i64) {
    let name = name.to_string();
    gauge!("cuepoint_projection_events_applied", "projection" => name.clone()).set(applied as f64);
    gauge!("cuepoint_projection_events_behind", "projection" => name.clone()).set(behind as f64);
    gauge!("cuepoint_projection_lag_seconds", "projection" => name.clone()).set(lag_seconds);
    gauge!("cuepoint_projection_parked_events", "projection" => name).set(parked as f64);
}
