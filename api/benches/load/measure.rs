//! Timing a phase: a warm-up, then a measured window; latencies go into HDR histograms
//! (microseconds), one per client, merged at the end.

use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::Context;
use hdrhistogram::Histogram;

use crate::cpu::CpuUse;

/// The time span of a phase: operations that start after the warm-up and finish before
/// the end are counted.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    measured_from: Instant,
    end: Instant,
}

impl Window {
    /// A window starting now: `warmup`, then `measure`.
    pub fn starting_now(warmup: Duration, measure: Duration) -> Window {
        let measured_from = Instant::now() + warmup;
        Window {
            measured_from,
            end: measured_from + measure,
        }
    }

    /// Whether clients should stop.
    pub fn is_over(&self) -> bool {
        Instant::now() >= self.end
    }

    /// Whether an operation that ran from `started` to `finished` counts.
    pub fn counts(&self, started: Instant, finished: Instant) -> bool {
        started >= self.measured_from && finished <= self.end
    }

    /// The length of the measured part.
    pub fn measured(&self) -> Duration {
        self.end - self.measured_from
    }

    /// When the measured part starts (the warm-up ends).
    pub fn measured_from(&self) -> Instant {
        self.measured_from
    }

    /// When the window ends.
    pub fn end(&self) -> Instant {
        self.end
    }
}

/// What one client saw.
pub struct Tally {
    /// Latencies of counted operations, in microseconds.
    pub latencies: Histogram<u64>,
    /// Failed operations (counted or not).
    pub errors: u64,
    /// The first error, for the report.
    pub first_error: Option<String>,
}

impl Tally {
    /// An empty tally.
    pub fn new() -> anyhow::Result<Tally> {
        Ok(Tally {
            latencies: histogram()?,
            errors: 0,
            first_error: None,
        })
    }

    /// Records an operation that ran from `started` to now, if `window` counts it; returns
    /// when it finished if it counted.
    pub fn record(&mut self, window: &Window, started: Instant) -> Option<Instant> {
        let finished = Instant::now();
        if !window.counts(started, finished) {
            return None;
        }
        let micros = u64::try_from((finished - started).as_micros()).unwrap_or(u64::MAX);
        self.latencies.saturating_record(micros.max(1));
        Some(finished)
    }

    /// Records a failed operation.
    pub fn fail(&mut self, error: impl std::fmt::Display) {
        self.errors += 1;
        if self.first_error.is_none() {
            self.first_error = Some(error.to_string());
        }
    }
}

/// A histogram of microseconds from 1 µs to 10 min, 3 significant digits.
pub fn histogram() -> anyhow::Result<Histogram<u64>> {
    Ok(Histogram::new_with_bounds(1, 600_000_000, 3)?)
}

/// The result of a throughput phase.
#[derive(Debug)]
pub struct Run {
    /// Concurrent clients.
    pub clients: usize,
    /// Operations counted.
    pub count: u64,
    /// Failed operations.
    pub errors: u64,
    /// The first error seen, if any.
    pub first_error: Option<String>,
    /// Counted operations per second.
    pub per_second: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th-percentile latency.
    pub p99: Duration,
    /// CPU time over the measured window, where the phase read it.
    pub cpu: Option<CpuUse>,
}

impl Run {
    /// Merges the clients' tallies of a phase measured over `window`.
    pub fn merge(clients: usize, window: &Window, tallies: Vec<Tally>) -> anyhow::Result<Run> {
        let mut all = histogram()?;
        let (mut errors, mut first_error) = (0, None);
        for tally in tallies {
            all.add(&tally.latencies)?;
            errors += tally.errors;
            first_error = first_error.or(tally.first_error);
        }
        Ok(Run {
            clients,
            count: all.len(),
            errors,
            first_error,
            per_second: all.len() as f64 / window.measured().as_secs_f64(),
            p50: micros(all.value_at_quantile(0.5)),
            p99: micros(all.value_at_quantile(0.99)),
            cpu: None,
        })
    }
}

/// One client's operation, repeated by [`closed_loop`]: the client keeps its own state
/// (a connection, the deal it is working on).
pub trait Operation: Send + 'static {
    /// Runs the operation once; an error counts as a failed operation.
    fn run(&mut self) -> impl Future<Output = anyhow::Result<()>> + Send;
}

/// Each of `clients` runs its operation back to back (a closed loop: one in flight per
/// client) until the window is over; the counted operations of all of them.
pub async fn closed_loop<O: Operation>(clients: Vec<O>, window: Window) -> anyhow::Result<Run> {
    let count = clients.len();
    let tasks: Vec<_> = (clients.into_iter())
        .map(|mut client| {
            tokio::spawn(async move {
                let mut tally = Tally::new()?;
                while !window.is_over() {
                    let started = Instant::now();
                    match client.run().await {
                        Ok(()) => {
                            tally.record(&window, started);
                        }
                        Err(error) => tally.fail(error),
                    }
                }
                anyhow::Ok(tally)
            })
        })
        .collect();
    let mut tallies = Vec::with_capacity(count);
    for task in tasks {
        tallies.push(task.await.context("a client panicked")??);
    }
    Run::merge(count, &window, tallies)
}

/// A latency summary (used for the projection lag).
#[derive(Debug)]
pub struct Latency {
    /// Samples.
    pub count: u64,
    /// Median.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Largest.
    pub max: Duration,
}

impl Latency {
    /// The summary of `histogram` (microseconds).
    pub fn of(histogram: &Histogram<u64>) -> Latency {
        Latency {
            count: histogram.len(),
            p50: micros(histogram.value_at_quantile(0.5)),
            p99: micros(histogram.value_at_quantile(0.99)),
            max: micros(histogram.max()),
        }
    }
}

fn micros(value: u64) -> Duration {
    Duration::from_micros(value)
}

/// Resets the process's peak resident size (VmHWM) to its current size.
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A `kB` figure of /proc/self/status.
pub fn status_kb(field: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no {field} in /proc/self/status"))
}
