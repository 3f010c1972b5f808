//! The dashboards phase (issue 10): 1,000 shows and 200 advertisers over HTTP, 1,000 days
//! of metrics for every show through the CSV import over HTTP (1,000,000 show-days), and
//! 10,000 IOs of 3 lines created, sent and signed over HTTP, all projected by the real
//! workers; then the creator dashboard of one show (30 lines in its window), the
//! advertiser dashboard (default limit) and the matches from 1 and 8 clients, beside a
//! primary-key `SELECT`.

use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

use anyhow::bail;
use chrono::{Days, NaiveDate, Utc};
use futures::{StreamExt, TryStreamExt};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::postgres::PgConnectOptions;

use crate::app::App;
use crate::config::{Config, Phase};
use crate::http::{create_advertisers, create_all, send, CATEGORIES};
use crate::reads::{self, Read};
use crate::report::count;
use crate::web;

/// Shows, each with [`DAYS`] days of metrics.
const SHOWS: usize = 1_000;
/// Days of metrics per show, through yesterday.
const DAYS: u64 = 1_000;
/// Advertisers.
const ADVERTISERS: usize = 200;
/// Signed IOs, of [`LINES`] lines each.
const IOS: usize = 10_000;
/// Lines per IO, each on another show: every show gets `IOS × LINES / SHOWS` = 30 lines.
const LINES: usize = 3;
/// IOs created, sent and signed at once.
const IO_CONCURRENCY: usize = 16;
/// Target: the creator dashboard's p99 from one client.
const TARGET_CREATOR_P99: Duration = Duration::from_millis(20);
/// Target: the advertiser dashboard's p99 from one client.
const TARGET_ADVERTISER_P99: Duration = Duration::from_millis(30);
/// How long the workers may take to project what was seeded.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(3600);

/// What the phase measured.
pub struct Dashboards {
    /// Shows and advertisers created and in the read models.
    pub catalog: Duration,
    /// The import: POST of the file until every projection has read its events.
    pub import: Duration,
    /// The IOs: created, sent and signed, until every projection has read their events.
    pub ios: Duration,
    /// The `VACUUM (ANALYZE)` after the seeding.
    pub vacuum: Duration,
    /// The primary-key `SELECT` baseline.
    pub selects: reads::Pair,
    /// The creator and advertiser dashboards and the matches.
    pub reads: Vec<Read>,
    /// The dashboards' web pages beside their JSON routes (the `web` phase).
    pub web: Option<web::WebPages>,
}

/// Runs the phase in a tenant of its own.
pub async fn run(connect: &PgConnectOptions, config: &Config) -> anyhow::Result<Dashboards> {
    let app = App::start(connect.clone(), "bench-dash").await?;
    let started = Instant::now();
    let shows = create_all(&app, "/api/v1/shows", (0..SHOWS).map(show)).await?;
    let advertisers = create_advertisers(&app, ADVERTISERS).await?;
    app.settle(SETTLE_TIMEOUT).await?;
    let catalog = started.elapsed();

    let yesterday = Utc::now().date_naive() - Days::new(1);
    println!("Importing {} show-days of metrics…", SHOWS as u64 * DAYS);
    let file = tempfile::NamedTempFile::new()?;
    write_metrics(file.path(), yesterday)?;
    let started = Instant::now();
    let (status, answer) = (app.caller)
        .post_csv(
            "/api/v1/etl/csv?source=bench&file_name=metrics.csv",
            file.path(),
        )
        .await?;
    if status != 201 {
        bail!("the metrics import answered {status}: {answer}");
    }
    app.settle(SETTLE_TIMEOUT).await?;
    let import = started.elapsed();

    println!("Creating, sending and signing {IOS} IOs of {LINES} lines…");
    let started = Instant::now();
    futures::stream::iter(0..IOS)
        .map(|n| book(&app, &shows, &advertisers, n, yesterday))
        .buffer_unordered(IO_CONCURRENCY)
        .try_collect::<()>()
        .await?;
    app.settle(SETTLE_TIMEOUT).await?;
    let ios = started.elapsed();
    let vacuum = app.vacuum().await?;

    println!("Creator and advertiser dashboards and matches beside a primary-key SELECT…");
    let routes = vec![
        (
            "Creator dashboard",
            format!("/api/v1/dashboard/creator?show_id={}", shows[0]),
            Some(TARGET_CREATOR_P99),
        ),
        (
            "Advertiser dashboard",
            format!(
                "/api/v1/dashboard/advertiser?advertiser_id={}",
                advertisers[0]
            ),
            Some(TARGET_ADVERTISER_P99),
        ),
        (
            "Matches",
            format!("/api/v1/matches?advertiser_id={}", advertisers[0]),
            None,
        ),
    ];
    let (selects, measured) = reads::measure_all(&app.caller, connect, config, routes).await?;
    let web = if config.runs(Phase::Web) {
        Some(web::run(&app, config, &shows[0], &advertisers[0]).await?)
    } else {
        None
    };
    app.stop().await?;
    Ok(Dashboards {
        catalog,
        import,
        ios,
        vacuum,
        selects,
        reads: measured,
        web,
    })
}

/// Show `n`: categories, audiences, cadence and rates varying with `n`.
fn show(n: usize) -> Value {
    let young = (n % 10) as f64 / 10.0;
    json!({
        "name": format!("Dash Show {n}"),
        "categories": [CATEGORIES[n % 6], CATEGORIES[(n / 6) % 6]],
        "audience": {"age": {"18-24": young, "25-34": 1.0 - young},
                     "gender": {"female": 0.5, "male": 0.5},
                     "country": {"US": 0.8, "CA": 0.2}},
        "episodes_per_week": 1 + n % 3,
        "slots_per_episode": {"pre": 1, "mid": 2},
        "rate_card": {"pre": 1500 + 100 * (n % 10), "mid": 2500 + 100 * (n % 10)},
        "block_list": if n.is_multiple_of(50) { json!(["gambling"]) } else { json!([]) }
    })
}

/// The metrics file: every show, every day of the [`DAYS`] through `last`, one episode.
fn write_metrics(path: &std::path::Path, last: NaiveDate) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "date,show,episode,downloads,listeners")?;
    for back in (0..DAYS).rev() {
        let day = last - Days::new(back);
        for show in 0..SHOWS {
            let downloads = 500 + (show as u64 * 7 + back * 13) % 1000;
            writeln!(
                out,
                "{day},dash-show-{show},ep-1,{downloads},{}",
                downloads / 2
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// IO `n`: lines on shows `n`, `n + 333` and `n + 667` (mod 1,000), with flights of 30 to
/// 90 days that started 0 to 39 days before `as_of` (so every line is in the creator
/// dashboard's 30 days), two priced by CPM and one flat; created, sent and signed.
async fn book(
    app: &App,
    shows: &[String],
    advertisers: &[String],
    n: usize,
    as_of: NaiveDate,
) -> anyhow::Result<()> {
    let start = as_of - Days::new((n % 40) as u64);
    let end = start + Days::new(29 + 30 * (n % 3) as u64);
    let lines: Vec<Value> = (0..LINES)
        .map(|k| {
            let pricing = if k == 2 {
                json!({"type": "flat", "fee": 150_000})
            } else {
                json!({"type": "cpm", "cpm": 2500, "goal": 40_000})
            };
            json!({"show_id": shows[(n + k * 333 + k / 2) % SHOWS],
                   "placement": if k == 1 { "mid" } else { "pre" }, "format": "host_read",
                   "flight": {"start": start, "end": end}, "pricing": pricing})
        })
        .collect();
    let body = json!({"advertiser_id": advertisers[n % ADVERTISERS], "line_items": lines});
    let io = send(app.caller.request(Method::POST, "/api/v1/io").json(&body)).await?;
    for action in ["send", "sign"] {
        let path = format!("/api/v1/io/{}/{action}", io.id);
        send(app.caller.request(Method::POST, &path)).await?;
    }
    Ok(())
}

/// Prints the phase: the seeding times, then the reads beside the `SELECT`.
pub fn print(dashboards: &Dashboards) {
    let title = format!(
        "Dashboards (issue 10): {} shows × {} days of metrics ({} show-days), {} signed IOs × \
         {LINES} lines, {} advertisers. Seeded over HTTP: shows and advertisers {:.1} s; the \
         metrics import, POST until projected, {:.1} s; the IOs created, sent and signed, until \
         projected, {:.1} s; then VACUUM (ANALYZE) in {:.1} s",
        count(SHOWS as u64),
        count(DAYS),
        count(SHOWS as u64 * DAYS),
        count(IOS as u64),
        count(ADVERTISERS as u64),
        dashboards.catalog.as_secs_f64(),
        dashboards.import.as_secs_f64(),
        dashboards.ios.as_secs_f64(),
        dashboards.vacuum.as_secs_f64(),
    );
    reads::print(&title, &dashboards.reads, &dashboards.selects);
    if let Some(pages) = &dashboards.web {
        web::print(pages);
    }
}
