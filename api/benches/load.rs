//! Load benchmark of Cuepoint: command throughput and latency over HTTP, projection lag,
//! rebuild throughput, CSV imports, PDF renders, and the dashboards' read latency at scale
//! (50,000 deals; 1,000,000 show-days of metrics and 10,000 IOs), each beside a
//! plain-PostgreSQL baseline measured in the same run on the same server.
//!
//! Run with `cargo bench -p cuepoint-api --bench load`. `DATABASE_URL` names a server to use
//! (a fresh database is created there and dropped at the end); without it a private, durable
//! (fsync on) cluster is started in a temporary directory. `BENCH_SECONDS`,
//! `BENCH_WARMUP_SECONDS`, `BENCH_SHOWS`, `BENCH_EVENTS` and `BENCH_CLIENTS` shrink or grow
//! the run (see `load/config.rs`); `BENCH_IMPORT_ROWS` sizes the CSV import phase
//! (`load/import.rs`).
//!
//! `BENCH_PHASES` runs only the phases it names, comma-separated, in the usual order
//! (default: all): `commands`, `io`, `pdf`, `inserts`, `import`, `rebuild`, `deals`,
//! `dashboards`, `metrics`, `web` (`load/config.rs`, [`config::Phase`]). The plain INSERT baseline also runs
//! whenever a command phase is chosen (`commands`, `io`, `deals`), and every read phase
//! measures its own primary-key `SELECT` baseline. For example
//! `BENCH_PHASES=deals,dashboards cargo bench -p cuepoint-api --bench load` runs the
//! issue 9 and 10 measures (`load/deals.rs`, `load/dashboards.rs`) without the rest, and
//! `BENCH_PHASES=metrics` the issue 11 one (`load/metrics.rs`: commands with and without
//! the metrics layer and the scheduler, each run in a child process of this one).
//! `BENCH_PHASES=web` seeds and measures the dashboards phase, then each dashboard's web
//! page beside its JSON route (`load/web.rs`, issue 12).
//! With `DATABASE_URL`, `BENCH_KEEP_DATABASE` keeps the database at the end
//! (`load/server.rs`), to study the seeded read models.
//!
//! The `commands` phase runs the service in each mode `BENCH_SERVICE` names (default
//! `both`): `in-process` (the router and the workers in this process, beside the load
//! generator) and `process` (the release `cuepoint serve` binary as a process of its own on
//! the benchmark's database, `load/service.rs`), reading the CPU time of the service's
//! process, of this one and of the machine over each measured window (`load/cpu.rs`).

#![allow(clippy::print_stdout)]

#[path = "load/app.rs"]
mod app;
#[path = "load/baseline.rs"]
mod baseline;
#[path = "load/config.rs"]
mod config;
#[path = "load/cpu.rs"]
mod cpu;
#[path = "load/dashboards.rs"]
mod dashboards;
#[path = "load/deal_seed.rs"]
mod deal_seed;
#[path = "load/deals.rs"]
mod deals;
#[path = "load/http.rs"]
mod http;
#[path = "load/import.rs"]
mod import;
#[path = "load/import_totals.rs"]
mod import_totals;
#[path = "load/io.rs"]
mod io;
#[path = "load/lag.rs"]
mod lag;
#[path = "load/measure.rs"]
mod measure;
#[path = "load/metrics.rs"]
mod metrics;
#[path = "load/reads.rs"]
mod reads;
#[path = "load/rebuild.rs"]
mod rebuild;
#[path = "load/report.rs"]
mod report;
#[path = "load/server.rs"]
mod server;
#[path = "load/service.rs"]
mod service;
#[path = "load/web.rs"]
mod web;

use anyhow::Context;

use self::app::App;
use self::config::{Config, Phase};
use self::report::{CommandFigures, Report};
use self::server::Server;
use self::service::Mode;
use sqlx::postgres::PgConnectOptions;

fn main() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    if let Some(child) = metrics::child()? {
        return runtime()?.block_on(child.run(&config));
    }
    let server = Server::start().context("starting PostgreSQL")?;
    let runtime = runtime()?;
    let outcome = runtime.block_on(run(&config, &server));
    let stopped = runtime.block_on(server.drop_database());
    drop(runtime);
    let stopped = stopped.and(server.stop());
    let outcome = outcome?;
    stopped?;
    outcome.print();
    Ok(())
}

/// The multi-threaded tokio runtime the benchmark runs in.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("building the tokio runtime")
}

/// What the phases measured.
struct Outcome {
    report: Report,
    imports: Vec<import::ImportRun>,
    io_commands: Option<measure::Run>,
    renders: Option<io::Renders>,
    deals: Option<deals::Deals>,
    dashboards: Option<dashboards::Dashboards>,
    metrics: Option<metrics::MetricsCost>,
}

impl Outcome {
    fn print(&self) {
        self.report.print();
        import::print(&self.imports);
        if let (Some(io_commands), Some(inserts)) = (&self.io_commands, &self.report.inserts_n) {
            io::print_commands(io_commands, inserts);
        }
        if let Some(renders) = &self.renders {
            io::print_renders(renders);
        }
        if let Some(deals) = &self.deals {
            deals::print(deals, self.report.inserts_n.as_ref());
        }
        if let Some(dashboards) = &self.dashboards {
            dashboards::print(dashboards);
        }
        if let Some(metrics) = &self.metrics {
            metrics::print(metrics);
        }
    }
}

/// The chosen phases, in order, against one database.
async fn run(config: &Config, server: &Server) -> anyhow::Result<Outcome> {
    let connect = server.create_database().await?;
    let mut report = Report::new(config, server.describe(), &connect).await?;
    if config.runs(Phase::Commands) {
        for &mode in &config.modes {
            report
                .commands
                .push(commands(config, server, &connect, mode).await?);
        }
    }
    let io_commands = if config.runs(Phase::Io) {
        let app = App::start(connect.clone(), "bench-io").await?;
        println!("Creating {} shows over HTTP…", config.shows);
        let shows = http::create_shows(&app, config.shows).await?;
        println!("IO bookings, {} clients…", config.clients);
        let run = io::commands(&app, &shows, config).await?;
        app.stop().await?;
        Some(run)
    } else {
        None
    };
    let renders = if config.runs(Phase::Pdf) {
        println!("PDF renders…");
        Some(tokio::task::block_in_place(io::renders)?)
    } else {
        None
    };
    if config.needs_inserts() {
        println!("Plain INSERT baseline…");
        report.inserts_1 = Some(baseline::inserts(&connect, 1, config).await?);
        report.inserts_n = Some(baseline::inserts(&connect, config.clients, config).await?);
    }
    let imports = if config.runs(Phase::Import) {
        println!("CSV imports beside COPY…");
        import::run(&connect).await?
    } else {
        Vec::new()
    };
    if config.runs(Phase::Rebuild) {
        println!("Writing {} events in bulk…", config.events);
        report.bulk = Some(rebuild::write_bulk(&connect, config.events).await?);
        println!("Plain scan of the log, then rebuild of the catalog…");
        report.scan = Some(rebuild::scan(&connect).await?);
        report.rebuild = Some(rebuild::rebuild(&connect).await?);
    }
    let deals = if config.runs(Phase::Deals) {
        println!("Deals…");
        Some(deals::run(&connect, config).await?)
    } else {
        None
    };
    let dashboards = if config.runs(Phase::Dashboards) || config.runs(Phase::Web) {
        println!("Dashboards…");
        Some(dashboards::run(&connect, config).await?)
    } else {
        None
    };
    let metrics = if config.runs(Phase::Metrics) {
        println!("Metrics layer and scheduler…");
        Some(metrics::run(server).await?)
    } else {
        None
    };
    Ok(Outcome {
        report,
        imports,
        io_commands,
        renders,
        deals,
        dashboards,
        metrics,
    })
}

/// The command phase with the service in `mode`: a tenant of its own with the configured
/// shows, updates at 1 client, then at `clients` clients with the projection lag sampled.
async fn commands(
    config: &Config,
    server: &Server,
    connect: &PgConnectOptions,
    mode: Mode,
) -> anyhow::Result<CommandFigures> {
    let app = match mode {
        Mode::InProcess => App::start(connect.clone(), "bench").await?,
        Mode::Process => {
            let url = server.database_url()?;
            App::start_process(connect.clone(), &url, "bench-process").await?
        }
    };
    let name = mode.name();
    println!("Creating {} shows over HTTP ({name})…", config.shows);
    let shows = http::create_shows(&app, config.shows).await?;
    println!("Commands, 1 client ({name})…");
    let one = http::commands(&app, &shows, 1, config, None).await?;
    println!(
        "Commands, {} clients, with projection lag ({name})…",
        config.clients
    );
    let sampler = lag::Sampler::start(connect).await?;
    let lag = Some(sampler.sender());
    let many = http::commands(&app, &shows, config.clients, config, lag).await?;
    let lag = sampler.finish().await?;
    app.stop().await?;
    Ok(CommandFigures {
        mode,
        one,
        many,
        lag,
    })
}
