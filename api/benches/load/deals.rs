//! The deals phase (issue 9): 50,000 deals in one tenant (`deal_seed.rs`), projected by the
//! real workers (the won-deal process making each won deal's draft IO included); then the
//! ops dashboard and the pipeline from 1 and 8 clients beside a primary-key `SELECT`, and
//! deal commands over HTTP from `BENCH_CLIENTS` clients beside the plain INSERT commits.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use sqlx::postgres::PgConnectOptions;

use crate::app::{App, Caller};
use crate::config::Config;
use crate::deal_seed;
use crate::http::{create_advertisers, send};
use crate::measure::{closed_loop, Operation, Run};
use crate::reads::{self, Read};
use crate::report::{count, ms, rate};

/// Deals seeded.
const DEALS: usize = 50_000;
/// Advertisers the deals are with.
const ADVERTISERS: usize = 200;
/// Target: the ops dashboard's p99 from one client.
const TARGET_OPS_P99: Duration = Duration::from_millis(20);
/// How long the workers may take to project the seeded deals.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(1800);

/// What the phase measured.
pub struct Deals {
    /// Events written in bulk, and the time of the inserts.
    pub events: (usize, Duration),
    /// From the first insert until every projection had read every event.
    pub seeded: Duration,
    /// The `VACUUM (ANALYZE)` after the seeding.
    pub vacuum: Duration,
    /// The primary-key `SELECT` baseline.
    pub selects: reads::Pair,
    /// The ops dashboard and the pipeline.
    pub reads: Vec<Read>,
    /// Deal commands from `BENCH_CLIENTS` clients.
    pub commands: Run,
}

/// Runs the phase in a tenant of its own.
pub async fn run(connect: &PgConnectOptions, config: &Config) -> anyhow::Result<Deals> {
    let app = App::start(connect.clone(), "bench-deals").await?;
    let advertisers = create_advertisers(&app, ADVERTISERS).await?;
    app.settle(SETTLE_TIMEOUT).await?;
    println!("Writing the events of {DEALS} deals, then projecting them…");
    let started = Instant::now();
    let events = deal_seed::write(connect, &app.tenant_id, "USD", &advertisers, DEALS).await?;
    app.settle(SETTLE_TIMEOUT).await?;
    let seeded = started.elapsed();
    let vacuum = app.vacuum().await?;

    println!("Ops dashboard and pipeline beside a primary-key SELECT…");
    let routes = vec![
        (
            "Ops dashboard",
            "/api/v1/dashboard/ops".to_string(),
            Some(TARGET_OPS_P99),
        ),
        ("Pipeline", "/api/v1/pipeline".to_string(), None),
    ];
    let (selects, measured) = reads::measure_all(&app.caller, connect, config, routes).await?;
    println!("Deal commands, {} clients…", config.clients);
    let clients = (0..config.clients)
        .map(|n| DealClient {
            caller: app.caller.clone(),
            advertiser: advertisers[n % advertisers.len()].clone(),
            deal: String::new(),
            step: 0,
            won: n % 2 == 0,
        })
        .collect();
    let commands = closed_loop(clients, config.window()).await?;
    app.stop().await?;
    Ok(Deals {
        events,
        seeded,
        vacuum,
        selects,
        reads: measured,
        commands,
    })
}

/// A client working deals through their life, one command per operation: create, move to
/// `proposal`, change the amount, then win or lose (by turns); then the next deal.
struct DealClient {
    caller: Caller,
    advertiser: String,
    /// The deal being worked (from step 1 on).
    deal: String,
    /// The next command: 0 create, 1 move, 2 update, 3 close.
    step: u8,
    won: bool,
}

impl Operation for DealClient {
    async fn run(&mut self) -> anyhow::Result<()> {
        let at = |path: &str| format!("/api/v1/deals/{}{path}", self.deal);
        let request = match self.step {
            0 => {
                let close = chrono::Utc::now().date_naive() + chrono::Days::new(60);
                let body = json!({"advertiser_id": self.advertiser, "name": "Bench deal",
                                  "amount": 250_000, "expected_close_date": close,
                                  "owner": "Rep 1"});
                self.caller
                    .request(Method::POST, "/api/v1/deals")
                    .json(&body)
            }
            1 => (self.caller.request(Method::POST, &at("/stage")))
                .json(&json!({"stage": "proposal"})),
            2 => (self.caller.request(Method::PATCH, &at(""))).json(&json!({"amount": 300_000})),
            _ if self.won => self
                .caller
                .request(Method::POST, &at("/win"))
                .json(&json!({})),
            _ => {
                (self.caller.request(Method::POST, &at("/lose"))).json(&json!({"reason": "timing"}))
            }
        };
        match send(request).await {
            Ok(committed) => {
                if self.step == 0 {
                    self.deal = committed.id;
                }
                self.step = (self.step + 1) % 4;
                if self.step == 0 {
                    self.won = !self.won;
                }
                Ok(())
            }
            Err(error) => {
                // The next operation starts a new deal: one failure cannot repeat forever.
                self.step = 0;
                Err(error)
            }
        }
    }
}

/// Prints the phase: the reads beside the `SELECT`, the commands beside the INSERTs.
pub fn print(deals: &Deals, inserts: Option<&Run>) {
    let title = format!(
        "Deals (issue 9): {} deals in one tenant, seeded as {} events in {:.1} s, projected \
         (won deals' draft IOs included) {:.1} s after the first insert; then VACUUM (ANALYZE) \
         in {:.1} s",
        count(DEALS as u64),
        count(deals.events.0 as u64),
        deals.events.1.as_secs_f64(),
        deals.seeded.as_secs_f64(),
        deals.vacuum.as_secs_f64(),
    );
    reads::print(&title, &deals.reads, &deals.selects);
    let c = &deals.commands;
    println!();
    println!("| Measure | Cuepoint | Baseline (plain PostgreSQL) | Ratio | p50 | p99 | Errors |");
    println!("|---|---|---|---|---|---|---|");
    let (baseline, ratio) = match inserts {
        Some(inserts) => (
            format!("{} INSERT commits/s", rate(inserts.per_second)),
            format!("{:.2}", c.per_second / inserts.per_second.max(1e-9)),
        ),
        None => ("—".to_string(), "—".to_string()),
    };
    println!(
        "| Deal commands (create, move, update, win or lose), {} clients | {} commands/s | {baseline} | {ratio} | {} | {} | {} |",
        c.clients,
        rate(c.per_second),
        ms(c.p50),
        ms(c.p99),
        c.errors,
    );
    if let Some(error) = &c.first_error {
        println!("- first error: {error}");
    }
}
