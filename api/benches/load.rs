//! Load benchmark of Cuepoint: command throughput and latency over HTTP, projection lag and
//! rebuild throughput, each beside a plain-PostgreSQL baseline measured in the same run on
//! the same server.
//!
//! Run with `cargo bench -p cuepoint-api --bench load`. `DATABASE_URL` names a server to use
//! (a fresh database is created there and dropped at the end); without it a private, durable
//! (fsync on) cluster is started in a temporary directory. `BENCH_SECONDS`,
//! `BENCH_WARMUP_SECONDS`, `BENCH_SHOWS`, `BENCH_EVENTS` and `BENCH_CLIENTS` shrink or grow
//! the run (see `load/config.rs`); `BENCH_IMPORT_ROWS` sizes the CSV import phase
//! (`load/import.rs`).

#![allow(clippy::print_stdout)]

#[path = "load/app.rs"]
mod app;
#[path = "load/baseline.rs"]
mod baseline;
#[path = "load/config.rs"]
mod config;
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
#[path = "load/rebuild.rs"]
mod rebuild;
#[path = "load/report.rs"]
mod report;
#[path = "load/server.rs"]
mod server;

use anyhow::Context;

use self::app::App;
use self::config::Config;
use self::report::Report;
use self::server::Server;

fn main() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let server = Server::start().context("starting PostgreSQL")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("building the tokio runtime")?;
    let outcome = runtime.block_on(run(&config, &server));
    let stopped = runtime.block_on(server.drop_database());
    drop(runtime);
    let stopped = stopped.and(server.stop());
    let (report, imports, ios) = outcome?;
    stopped?;
    report.print();
    import::print(&imports);
    if let (Some(io_commands), Some(inserts)) = (&ios.0, &report.inserts_n) {
        io::print(io_commands, inserts, &ios.1);
    }
    Ok(())
}

/// Every phase, in order, against one database.
async fn run(
    config: &Config,
    server: &Server,
) -> anyhow::Result<(
    Report,
    Vec<import::ImportRun>,
    (Option<measure::Run>, io::Renders),
)> {
    let connect = server.create_database().await?;
    let mut report = Report::new(config, server.describe(), &connect).await?;

    let app = App::start(connect.clone(), "bench").await?;
    println!("Creating {} shows over HTTP…", config.shows);
    let shows = http::create_shows(&app, config.shows).await?;
    println!("Commands, 1 client…");
    report.commands_1 = Some(http::commands(&app, &shows, 1, config, None).await?);
    println!("Commands, {} clients, with projection lag…", config.clients);
    let sampler = lag::Sampler::start(&connect).await?;
    let lag = Some(sampler.sender());
    report.commands_n = Some(http::commands(&app, &shows, config.clients, config, lag).await?);
    report.lag = Some(sampler.finish().await?);
    println!("IO bookings, {} clients…", config.clients);
    let io_commands = Some(io::commands(&app, &shows, config).await?);
    app.stop().await?;
    println!("PDF renders…");
    let renders = tokio::task::block_in_place(io::renders)?;

    println!("Plain INSERT baseline…");
    report.inserts_1 = Some(baseline::inserts(&connect, 1, config).await?);
    report.inserts_n = Some(baseline::inserts(&connect, config.clients, config).await?);

    println!("CSV imports beside COPY…");
    let imports = import::run(&connect).await?;

    println!("Writing {} events in bulk…", config.events);
    report.bulk = Some(rebuild::write_bulk(&connect, config.events).await?);
    println!("Plain scan of the log, then rebuild of the catalog…");
    report.scan = Some(rebuild::scan(&connect).await?);
    report.rebuild = Some(rebuild::rebuild(&connect).await?);
    Ok((report, imports, (io_commands, renders)))
}
