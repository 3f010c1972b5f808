//! Read latency: a `GET` route from 1 and [`READ_CLIENTS`] keep-alive clients, each beside
//! the round trip of a plain primary-key `SELECT` from as many connections, measured in the
//! same run on the same server, and printed in the report's table with its target.

use std::time::Duration;

use anyhow::bail;
use reqwest::Method;
use sqlx::postgres::PgConnectOptions;

use crate::app::Caller;
use crate::baseline;
use crate::config::Config;
use crate::measure::{closed_loop, Operation, Run};
use crate::report::{count, ms, plural, rate, verdict};

/// The concurrency of the second measure of each read.
pub const READ_CLIENTS: usize = 8;

/// A measure at 1 and at [`READ_CLIENTS`] clients.
pub struct Pair {
    /// One client.
    pub one: Run,
    /// [`READ_CLIENTS`] clients.
    pub many: Run,
}

/// The primary-key `SELECT` baseline at 1 and [`READ_CLIENTS`] connections.
pub async fn selects(connect: &PgConnectOptions, config: &Config) -> anyhow::Result<Pair> {
    Ok(Pair {
        one: baseline::selects(connect, 1, config).await?,
        many: baseline::selects(connect, READ_CLIENTS, config).await?,
    })
}

/// The `SELECT` baseline, then each `(name, path, target p99)` read, as [`measure`]s.
pub async fn measure_all(
    caller: &Caller,
    connect: &PgConnectOptions,
    config: &Config,
    routes: Vec<(&str, String, Option<Duration>)>,
) -> anyhow::Result<(Pair, Vec<Read>)> {
    let selects = selects(connect, config).await?;
    let mut reads = Vec::with_capacity(routes.len());
    for (name, path, target) in routes {
        reads.push(measure(caller, name, &path, target, config).await?);
    }
    Ok((selects, reads))
}

/// A read route's latency and its target.
pub struct Read {
    /// What was read, for the report (`Ops dashboard`).
    pub name: String,
    /// The path asked, with its query.
    pub path: String,
    /// Bytes of one answer.
    pub bytes: usize,
    /// The latencies.
    pub runs: Pair,
    /// Target: p99 from one client.
    pub target_p99: Option<Duration>,
}

/// `GET path` from 1, then [`READ_CLIENTS`] clients, each for the configured window.
pub async fn measure(
    caller: &Caller,
    name: &str,
    path: &str,
    target_p99: Option<Duration>,
    config: &Config,
) -> anyhow::Result<Read> {
    let bytes = get(caller, path).await?;
    let clients = |n: usize| -> Vec<Get> {
        (0..n)
            .map(|_| Get {
                caller: caller.clone(),
                path: path.to_string(),
            })
            .collect()
    };
    let one = closed_loop(clients(1), config.window()).await?;
    let many = closed_loop(clients(READ_CLIENTS), config.window()).await?;
    Ok(Read {
        name: name.to_string(),
        path: path.to_string(),
        bytes,
        runs: Pair { one, many },
        target_p99,
    })
}

/// A client asking for one path.
struct Get {
    caller: Caller,
    path: String,
}

impl Operation for Get {
    async fn run(&mut self) -> anyhow::Result<()> {
        get(&self.caller, &self.path).await.map(|_| ())
    }
}

/// `GET path`, the whole answer read; its size. A status other than 200 is an error.
async fn get(caller: &Caller, path: &str) -> anyhow::Result<usize> {
    let response = caller.request(Method::GET, path).send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    if status != reqwest::StatusCode::OK {
        bail!(
            "GET {path}: HTTP {status}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    Ok(body.len())
}

/// Prints the reads as rows of the report's table, each latency beside the `SELECT`'s
/// at the same concurrency, then a note per read.
pub fn print(title: &str, reads: &[Read], selects: &Pair) {
    println!();
    println!("{title}");
    println!();
    println!("| Measure | Cuepoint | Baseline (plain PostgreSQL) | Ratio | Target | Result |");
    println!("|---|---|---|---|---|---|");
    for read in reads {
        for (clients, ours, theirs) in [
            (1, &read.runs.one, &selects.one),
            (READ_CLIENTS, &read.runs.many, &selects.many),
        ] {
            for (quantile, ours, theirs) in
                [("p50", ours.p50, theirs.p50), ("p99", ours.p99, theirs.p99)]
            {
                let (target, result) = match read.target_p99 {
                    Some(target) if clients == 1 && quantile == "p99" => {
                        (format!("< {}", ms(target)), verdict(ours < target))
                    }
                    _ => ("—".to_string(), "—"),
                };
                println!(
                    "| {} {quantile}, {clients} client{} | {} | {} (PK SELECT) | {:.1} | {target} | {result} |",
                    read.name,
                    plural(clients),
                    ms(ours),
                    ms(theirs),
                    ours.as_secs_f64() / theirs.as_secs_f64().max(1e-9),
                );
            }
        }
    }
    println!();
    for read in reads {
        println!(
            "- {} (`GET {}`, {} bytes): {} and {} requests/s at 1 and {READ_CLIENTS} clients, {} errors{}",
            read.name,
            read.path,
            count(read.bytes as u64),
            rate(read.runs.one.per_second),
            rate(read.runs.many.per_second),
            read.runs.one.errors + read.runs.many.errors,
            first_error(&read.runs),
        );
    }
    println!(
        "- PK SELECT: {} and {} selects/s at 1 and {READ_CLIENTS} connections",
        rate(selects.one.per_second),
        rate(selects.many.per_second),
    );
}

fn first_error(runs: &Pair) -> String {
    match runs
        .one
        .first_error
        .as_ref()
        .or(runs.many.first_error.as_ref())
    {
        Some(error) => format!(" (first: {error})"),
        None => String::new(),
    }
}
