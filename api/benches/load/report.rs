//! The printed report: each figure beside its baseline and its target.

use std::time::Duration;

use cuepoint_domain::money::group_thousands;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

use crate::config::Config;
use crate::cpu::CpuUse;
use crate::measure::{Latency, Run};
use crate::rebuild::{Bulk, Rebuild, Scan};
use crate::service::Mode;

/// Target: commands/s at high concurrency, as a share of plain INSERT commits/s.
const TARGET_COMMAND_SHARE: f64 = 0.4;
/// Target: p50 command latency at one client.
const TARGET_P50: Duration = Duration::from_millis(1);
/// Target: p99 projection lag under load.
const TARGET_LAG_P99: Duration = Duration::from_millis(100);
/// Target: rebuild events/s.
const TARGET_REBUILD_RATE: f64 = 50_000.0;

/// The command phase in one service mode.
pub struct CommandFigures {
    /// Where the service ran.
    pub mode: Mode,
    /// Commands at one client.
    pub one: Run,
    /// Commands at `config.clients` clients.
    pub many: Run,
    /// Projection lag during `many`.
    pub lag: Latency,
}

impl CommandFigures {
    /// ` (in-process)`, the suffix of the mode's rows.
    fn label(&self) -> String {
        format!(" ({})", self.mode.name())
    }
}

/// Everything measured, filled in phase by phase.
pub struct Report {
    config: Config,
    machine: String,
    postgres: String,
    server: String,
    settings: String,
    /// The command phase, in each service mode run.
    pub commands: Vec<CommandFigures>,
    /// Plain INSERTs at one connection.
    pub inserts_1: Option<Run>,
    /// Plain INSERTs at `config.clients` connections.
    pub inserts_n: Option<Run>,
    /// The bulk write before the rebuild.
    pub bulk: Option<Bulk>,
    /// The plain scan of the log.
    pub scan: Option<Scan>,
    /// The rebuild.
    pub rebuild: Option<Rebuild>,
}

impl Report {
    /// An empty report, with the machine and the server described.
    pub async fn new(
        config: &Config,
        server: String,
        connect: &PgConnectOptions,
    ) -> anyhow::Result<Report> {
        let mut conn = PgConnection::connect_with(connect).await?;
        let postgres: String = sqlx::query_scalar("SELECT version()")
            .fetch_one(&mut conn)
            .await?;
        let settings: String = sqlx::query_scalar(
            "SELECT string_agg(name || '=' || setting || COALESCE(unit, ''), ', ' ORDER BY name)
               FROM pg_settings
              WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'wal_sync_method',
                             'max_connections')",
        )
        .fetch_one(&mut conn)
        .await?;
        conn.close().await?;
        Ok(Report {
            config: config.clone(),
            machine: machine(),
            postgres,
            server,
            settings,
            commands: Vec::new(),
            inserts_1: None,
            inserts_n: None,
            bulk: None,
            scan: None,
            rebuild: None,
        })
    }

    /// Prints the report as markdown.
    pub fn print(&self) {
        let c = &self.config;
        println!();
        println!("## Cuepoint load benchmark");
        println!();
        println!("- Machine: {}", self.machine);
        println!("- PostgreSQL: {}", self.postgres);
        println!("- Server: {} ({})", self.server, self.settings);
        println!(
            "- Run: {} shows; {:.1} s measured after {:.1} s warm-up per phase; 1 and {} clients; {} bulk events",
            c.shows,
            c.measure.as_secs_f64(),
            c.warmup.as_secs_f64(),
            c.clients,
            c.events
        );
        println!();
        println!("| Measure | Cuepoint | Baseline (plain PostgreSQL) | Ratio | Target | Result |");
        println!("|---|---|---|---|---|---|");
        self.throughput_rows();
        self.latency_rows();
        self.lag_rows();
        self.rebuild_row();
        println!();
        self.cpu_rows();
        self.notes();
    }

    fn throughput_rows(&self) {
        let n = self.config.clients;
        for figures in &self.commands {
            for (clients, commands, inserts, target) in [
                (1, &figures.one, &self.inserts_1, false),
                (n, &figures.many, &self.inserts_n, true),
            ] {
                let Some(inserts) = inserts else { continue };
                let ratio = commands.per_second / inserts.per_second;
                let (target, result) = if target {
                    (
                        format!("≥ {TARGET_COMMAND_SHARE:.2} × INSERT"),
                        verdict(ratio >= TARGET_COMMAND_SHARE),
                    )
                } else {
                    ("—".to_string(), "—")
                };
                println!(
                    "| Throughput, {clients} client{}{} | {} commands/s | {} INSERT commits/s | {ratio:.2} | {target} | {result} |",
                    plural(clients),
                    figures.label(),
                    rate(commands.per_second),
                    rate(inserts.per_second),
                );
            }
        }
    }

    fn latency_rows(&self) {
        let n = self.config.clients;
        for figures in &self.commands {
            for (clients, commands, inserts) in [
                (1, &figures.one, &self.inserts_1),
                (n, &figures.many, &self.inserts_n),
            ] {
                let Some(inserts) = inserts else { continue };
                for (quantile, ours, theirs) in [
                    ("p50", commands.p50, inserts.p50),
                    ("p99", commands.p99, inserts.p99),
                ] {
                    let (target, result) = if clients == 1 && quantile == "p50" {
                        (format!("< {}", ms(TARGET_P50)), verdict(ours < TARGET_P50))
                    } else {
                        ("—".to_string(), "—")
                    };
                    println!(
                        "| Latency {quantile}, {clients} client{}{} | {} | {} | {:.1} | {target} | {result} |",
                        plural(clients),
                        figures.label(),
                        ms(ours),
                        ms(theirs),
                        ours.as_secs_f64() / theirs.as_secs_f64(),
                    );
                }
            }
        }
    }

    fn lag_rows(&self) {
        let n = self.config.clients;
        for figures in &self.commands {
            let (lag, label) = (&figures.lag, figures.label());
            println!(
                "| Projection lag p50, {n} clients{label} | {} | — | — | — | — |",
                ms(lag.p50)
            );
            println!(
                "| Projection lag p99, {n} clients{label} | {} | — | — | < {} | {} |",
                ms(lag.p99),
                ms(TARGET_LAG_P99),
                verdict(lag.p99 < TARGET_LAG_P99)
            );
        }
    }

    /// Where the CPU went during each command run: the service's process, this one (the
    /// load generator) and the machine, per command and as cores busy.
    fn cpu_rows(&self) {
        if self.commands.is_empty() {
            return;
        }
        println!("CPU over the measured windows (µs per command; cores busy on average):");
        println!();
        println!("| Run | Service process | Load generator (bench process) | Whole machine |");
        println!("|---|---|---|---|");
        for figures in &self.commands {
            for run in [&figures.one, &figures.many] {
                let Some(cpu) = &run.cpu else { continue };
                let per = |d| CpuUse::per_operation(d, run.count);
                let cores = |d: Duration| d.as_secs_f64() / cpu.wall.as_secs_f64();
                let bench = if cpu.same_process {
                    "(the same process)".to_string()
                } else {
                    format!("{:.0} µs ({:.2} cores)", per(cpu.bench), cores(cpu.bench))
                };
                println!(
                    "| {} client{}{} | {:.0} µs ({:.2} cores) | {bench} | {:.0} µs ({:.2} cores) |",
                    run.clients,
                    plural(run.clients),
                    figures.label(),
                    per(cpu.service),
                    cores(cpu.service),
                    per(cpu.machine),
                    cores(cpu.machine),
                );
            }
        }
        println!();
    }

    fn rebuild_row(&self) {
        let (Some(rebuild), Some(scan)) = (&self.rebuild, &self.scan) else {
            return;
        };
        let ours = per_second(rebuild.report.events_read, rebuild.report.elapsed);
        let theirs = per_second(scan.rows, scan.elapsed);
        println!(
            "| Rebuild of catalog, {} events | {} events/s | {} rows/s (ordered scan) | {:.2} | ≥ {} events/s | {} |",
            count(rebuild.report.events_read),
            rate(ours),
            rate(theirs),
            ours / theirs,
            count(TARGET_REBUILD_RATE as u64),
            verdict(ours >= TARGET_REBUILD_RATE)
        );
    }

    fn notes(&self) {
        let commands = (self.commands.iter())
            .flat_map(|f| [(f.mode.name(), &f.one), (f.mode.name(), &f.many)])
            .map(|(mode, run)| (format!("commands {mode}, clients"), Some(run)));
        let inserts = [
            ("INSERTs, connections", &self.inserts_1),
            ("INSERTs, connections", &self.inserts_n),
        ]
        .map(|(name, run)| (name.to_string(), run.as_ref()));
        for (name, run) in commands.chain(inserts) {
            if let Some(run) = run {
                print!(
                    "- {name}={}: {} counted, {} errors",
                    run.clients,
                    count(run.count),
                    run.errors
                );
                match &run.first_error {
                    Some(error) => println!(" (first: {error})"),
                    None => println!(),
                }
            }
        }
        for figures in &self.commands {
            println!(
                "- projection lag ({}): {} tokens resolved, max {}",
                figures.mode.name(),
                count(figures.lag.count),
                ms(figures.lag.max)
            );
        }
        if let Some(bulk) = &self.bulk {
            println!(
                "- bulk write: {} events in {:.1} s ({} events/s), then VACUUM (ANALYZE) in {:.1} s",
                count(bulk.events),
                bulk.elapsed.as_secs_f64(),
                rate(per_second(bulk.events, bulk.elapsed)),
                bulk.vacuum.as_secs_f64()
            );
        }
        if let Some(scan) = &self.scan {
            println!(
                "- plain scan: {} rows in {:.2} s",
                count(scan.rows),
                scan.elapsed.as_secs_f64()
            );
        }
        if let Some(rebuild) = &self.rebuild {
            println!(
                "- rebuild: {} events read, {} applied (log: {} events, including the HTTP-phase updates) in {:.2} s",
                count(rebuild.report.events_read),
                count(rebuild.report.events_applied),
                count(rebuild.log_size),
                rebuild.report.elapsed.as_secs_f64()
            );
        }
    }
}

/// `nproc`, the CPU model and the memory.
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map_or("unknown CPU", |(_, model)| model.trim());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kb: u64 = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    format!(
        "nproc = {cpus}, {model}, {:.1} GiB RAM",
        memory_kb as f64 / 1024.0 / 1024.0
    )
}

/// `PASS` or `MISS`.
pub fn verdict(pass: bool) -> &'static str {
    if pass {
        "PASS"
    } else {
        "MISS"
    }
}

/// The plural `s` of `n` things.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `n` over `elapsed`.
pub fn per_second(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64()
}

/// `12.34 ms`.
pub fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// A rate, rounded, with thousands grouped.
pub fn rate(per_second: f64) -> String {
    count(per_second.round() as u64)
}

/// `1234567` as `1,234,567`.
pub fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}
