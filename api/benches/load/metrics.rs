//! The metrics layer's and the scheduler's cost on the command path (issue 11): the show
//! command workload of the `commands` phase at `clients` clients, against the app as
//! `cuepoint serve` runs it (the metrics layer and the Prometheus recorder, the scheduler
//! and the webhook sender) and against the app without them, alternated (with, without,
//! with, without) so that drift (the log growing, the machine's other work) falls on both.
//!
//! The recorder is process-wide and cannot be removed once installed, so each run is a
//! child process of this benchmark (`BENCH_METRICS_CHILD` names its variant), against the
//! same database, with a tenant and shows of its own.

use std::process::Stdio;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::PgConnectOptions;

use crate::app::{App, Extras};
use crate::config::Config;
use crate::http;
use crate::measure::Run;
use crate::report::{count, ms, rate, verdict};
use crate::server::Server;

/// Target: commands/s without the metrics layer and the scheduler, and with them, less than
/// this share apart.
const TARGET_GAP: f64 = 0.05;

/// The child's variables: its variant, the server's URL and the database's name.
const CHILD: &str = "BENCH_METRICS_CHILD";
const CHILD_URL: &str = "BENCH_METRICS_URL";
const CHILD_DATABASE: &str = "BENCH_METRICS_DATABASE";
/// The start of the child's answer line on its standard output.
const ANSWER: &str = "metrics-run";

/// The app a run measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// As `cuepoint serve` runs it: the metrics layer and recorder, the scheduler.
    With,
    /// Without the metrics layer, the recorder and the scheduler.
    Without,
}

/// The order of the runs.
const ORDER: [Variant; 4] = [
    Variant::With,
    Variant::Without,
    Variant::With,
    Variant::Without,
];

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::With => "with",
            Variant::Without => "without",
        }
    }

    fn extras(self) -> Extras {
        match self {
            Variant::With => Extras::SERVE,
            Variant::Without => Extras::NONE,
        }
    }
}

/// The runs, in order.
pub struct MetricsCost {
    runs: Vec<(Variant, Run)>,
}

/// Runs [`ORDER`], each in a child process against the benchmark's database.
pub async fn run(server: &Server) -> anyhow::Result<MetricsCost> {
    let exe = std::env::current_exe().context("finding the benchmark's executable")?;
    let (url, database) = server.for_child();
    let mut runs = Vec::with_capacity(ORDER.len());
    for (n, variant) in ORDER.into_iter().enumerate() {
        println!(
            "Commands, {} the metrics layer and the scheduler (run {} of {})…",
            variant.name(),
            n + 1,
            ORDER.len()
        );
        let output = tokio::process::Command::new(&exe)
            .env(CHILD, format!("{}:{n}", variant.name()))
            .env(CHILD_URL, url)
            .env(CHILD_DATABASE, database)
            .stderr(Stdio::inherit())
            .output()
            .await?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            anyhow::bail!("run {} failed ({}): {stdout}", n + 1, output.status);
        }
        let line = (stdout.lines())
            .find_map(|line| line.strip_prefix(ANSWER))
            .with_context(|| format!("run {} gave no answer: {stdout}", n + 1))?;
        runs.push((variant, parse(line)?));
    }
    Ok(MetricsCost { runs })
}

/// A child's run, when this process is one (`BENCH_METRICS_CHILD=with:0`): starts the app
/// of its variant with a tenant of its own, creates the shows, runs the command workload at
/// the configured clients, and prints the figures on one line.
pub fn child() -> anyhow::Result<Option<ChildRun>> {
    let Ok(raw) = std::env::var(CHILD) else {
        return Ok(None);
    };
    let (name, n) = raw.split_once(':').context("BENCH_METRICS_CHILD")?;
    let variant = (ORDER.into_iter())
        .find(|v| v.name() == name)
        .context("BENCH_METRICS_CHILD names no variant")?;
    let url = std::env::var(CHILD_URL).context(CHILD_URL)?;
    let database = std::env::var(CHILD_DATABASE).context(CHILD_DATABASE)?;
    let connect = url.parse::<PgConnectOptions>()?.database(&database);
    Ok(Some(ChildRun {
        variant,
        slug: format!("metrics-{n}"),
        connect,
    }))
}

/// One run, in a child process.
pub struct ChildRun {
    variant: Variant,
    slug: String,
    connect: PgConnectOptions,
}

impl ChildRun {
    /// Runs it and prints the answer line.
    pub async fn run(self, config: &Config) -> anyhow::Result<()> {
        let app = App::start_with(self.connect, &self.slug, self.variant.extras()).await?;
        let shows = http::create_shows(&app, config.shows).await?;
        let run = http::commands(&app, &shows, config.clients, config, None).await?;
        app.stop().await?;
        println!(
            "{ANSWER} {} {} {} {} {} {}",
            run.clients,
            run.per_second,
            run.count,
            run.errors,
            run.p50.as_micros(),
            run.p99.as_micros(),
        );
        if let Some(error) = run.first_error {
            eprintln!("first error: {error}");
        }
        Ok(())
    }
}

/// The figures of an answer line.
fn parse(line: &str) -> anyhow::Result<Run> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [clients, per_second, count, errors, p50, p99] = fields[..] else {
        anyhow::bail!("an answer line of {} fields: {line}", fields.len());
    };
    Ok(Run {
        clients: clients.parse()?,
        per_second: per_second.parse()?,
        count: count.parse()?,
        errors: errors.parse()?,
        first_error: None,
        p50: Duration::from_micros(p50.parse()?),
        p99: Duration::from_micros(p99.parse()?),
        cpu: None,
    })
}

/// Prints the runs, each variant's mean, and the gap against the target.
pub fn print(cost: &MetricsCost) {
    let clients = cost.runs.first().map_or(0, |(_, run)| run.clients);
    println!();
    println!("## Metrics layer and scheduler on the command path, {clients} clients");
    println!();
    println!("| Run | App | Commands/s | p50 | p99 | Counted | Errors |");
    println!("|---|---|---|---|---|---|---|");
    for (n, (variant, run)) in cost.runs.iter().enumerate() {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            n + 1,
            variant.name(),
            rate(run.per_second),
            ms(run.p50),
            ms(run.p99),
            count(run.count),
            run.errors
        );
    }
    let with = cost.mean(Variant::With);
    let without = cost.mean(Variant::Without);
    for (variant, mean) in [(Variant::With, &with), (Variant::Without, &without)] {
        println!(
            "| mean | {} | {} | {} | {} | — | — |",
            variant.name(),
            rate(mean.per_second),
            ms(mean.p50),
            ms(mean.p99)
        );
    }
    let gap = (without.per_second - with.per_second) / without.per_second;
    println!();
    println!(
        "- Difference: {:+.1} % commands/s with the metrics layer and the scheduler (target: under {:.0} % apart): {}",
        -gap * 100.0,
        TARGET_GAP * 100.0,
        verdict(gap.abs() < TARGET_GAP)
    );
}

/// A variant's means over its runs (commands/s, p50, p99).
struct Mean {
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

impl MetricsCost {
    fn mean(&self, variant: Variant) -> Mean {
        let runs: Vec<&Run> = (self.runs.iter())
            .filter(|(v, _)| *v == variant)
            .map(|(_, run)| run)
            .collect();
        let n = runs.len().max(1) as f64;
        let mean = |f: fn(&Run) -> f64| runs.iter().map(|run| f(run)).sum::<f64>() / n;
        Mean {
            per_second: mean(|run| run.per_second),
            p50: Duration::from_secs_f64(mean(|run| run.p50.as_secs_f64())),
            p99: Duration::from_secs_f64(mean(|run| run.p99.as_secs_f64())),
        }
    }
}
