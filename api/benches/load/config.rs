//! The sizes and durations of a run, overridable by environment variables for quick runs.

use std::time::Duration;

use anyhow::Context;

/// What a run does.
#[derive(Clone, Debug)]
pub struct Config {
    /// Measured seconds of each throughput phase (`BENCH_SECONDS`, default 10).
    pub measure: Duration,
    /// Unmeasured warm-up before each phase (`BENCH_WARMUP_SECONDS`, default 1).
    pub warmup: Duration,
    /// Shows created, and updated at random (`BENCH_SHOWS`, default 1,000).
    pub shows: usize,
    /// Events written in bulk before the rebuild (`BENCH_EVENTS`, default 1,000,000).
    pub events: u64,
    /// Concurrent clients of the high-concurrency phases (`BENCH_CLIENTS`, default 16).
    pub clients: usize,
}

impl Config {
    /// The defaults, overridden by the environment.
    pub fn from_env() -> anyhow::Result<Config> {
        Ok(Config {
            measure: Duration::from_secs_f64(var("BENCH_SECONDS", 10.0)?),
            warmup: Duration::from_secs_f64(var("BENCH_WARMUP_SECONDS", 1.0)?),
            shows: var("BENCH_SHOWS", 1000)?.max(1),
            events: var("BENCH_EVENTS", 1_000_000)?,
            clients: var("BENCH_CLIENTS", 16)?.max(1),
        })
    }
}

/// The variable `name` parsed, or `default` when it is unset.
fn var<T>(name: &str, default: T) -> anyhow::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match std::env::var(name) {
        Ok(raw) => raw
            .trim()
            .parse()
            .with_context(|| format!("{name}={raw:?} is not valid")),
        Err(_) => Ok(default),
    }
}
