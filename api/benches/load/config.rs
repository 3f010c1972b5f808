//! The sizes and durations of a run, overridable by environment variables for quick runs.

use std::time::Duration;

use anyhow::Context;

use crate::measure::Window;
use crate::service::Mode;

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
    /// The phases to run (`BENCH_PHASES`, comma-separated names of [`Phase`]; default all).
    pub phases: Vec<Phase>,
    /// Where the `commands` phase runs the service (`BENCH_SERVICE`: `in-process`,
    /// `process` or `both`, the default).
    pub modes: Vec<Mode>,
}

/// A part of the run that can be chosen alone with `BENCH_PHASES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Show commands over HTTP at 1 and `clients` clients, with projection lag.
    Commands,
    /// IO bookings over HTTP.
    Io,
    /// PDF renders.
    Pdf,
    /// Plain INSERT commits (also run whenever a phase compares against them).
    Inserts,
    /// CSV imports beside `COPY`.
    Import,
    /// The bulk log and the catalog rebuild beside a plain scan.
    Rebuild,
    /// 50,000 deals: the ops dashboard and deal commands (issue 9).
    Deals,
    /// 1,000 shows of metrics, 10,000 IOs: the creator and advertiser dashboards and
    /// matches (issue 10).
    Dashboards,
    /// Commands at `clients` clients with and without the metrics layer and the scheduler
    /// (issue 11).
    Metrics,
    /// The dashboards' web pages beside their JSON routes, on the dashboards phase's data
    /// set (issue 12; runs the dashboards phase too).
    Web,
}

impl Phase {
    /// Every phase, in the order of a run.
    pub const ALL: [Phase; 10] = [
        Phase::Commands,
        Phase::Io,
        Phase::Pdf,
        Phase::Inserts,
        Phase::Import,
        Phase::Rebuild,
        Phase::Deals,
        Phase::Dashboards,
        Phase::Metrics,
        Phase::Web,
    ];

    /// The name `BENCH_PHASES` uses.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Commands => "commands",
            Phase::Io => "io",
            Phase::Pdf => "pdf",
            Phase::Inserts => "inserts",
            Phase::Import => "import",
            Phase::Rebuild => "rebuild",
            Phase::Deals => "deals",
            Phase::Dashboards => "dashboards",
            Phase::Metrics => "metrics",
            Phase::Web => "web",
        }
    }

    /// `commands,deals` as phases; an unknown name is an error listing the known ones.
    fn parse_list(raw: &str) -> anyhow::Result<Vec<Phase>> {
        let mut phases = Vec::new();
        for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let phase = (Phase::ALL.into_iter())
                .find(|p| p.name() == name)
                .with_context(|| {
                    let known: Vec<_> = Phase::ALL.iter().map(|p| p.name()).collect();
                    format!(
                        "BENCH_PHASES: unknown phase {name:?} (known: {})",
                        known.join(", ")
                    )
                })?;
            phases.push(phase);
        }
        if phases.is_empty() {
            anyhow::bail!("BENCH_PHASES={raw:?} names no phase");
        }
        Ok(phases)
    }
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
            phases: match std::env::var("BENCH_PHASES") {
                Ok(raw) => Phase::parse_list(&raw)?,
                Err(_) => Phase::ALL.to_vec(),
            },
            modes: match std::env::var("BENCH_SERVICE").as_deref() {
                Err(_) | Ok("both") => Mode::ALL.to_vec(),
                Ok(name) => vec![(Mode::ALL.into_iter())
                    .find(|mode| mode.name() == name)
                    .with_context(|| {
                        format!("BENCH_SERVICE={name:?}: in-process, process or both")
                    })?],
            },
        })
    }

    /// The window of a measured phase starting now: warm-up, then the measured seconds.
    pub fn window(&self) -> Window {
        Window::starting_now(self.warmup, self.measure)
    }

    /// Whether `phase` is to run.
    pub fn runs(&self, phase: Phase) -> bool {
        self.phases.contains(&phase)
    }

    /// Whether the plain-INSERT baseline is needed: by itself, or as the baseline of a
    /// command phase.
    pub fn needs_inserts(&self) -> bool {
        [Phase::Inserts, Phase::Commands, Phase::Io, Phase::Deals]
            .into_iter()
            .any(|phase| self.runs(phase))
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
