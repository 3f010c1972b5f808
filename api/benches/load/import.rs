//! The import phase: a CSV of `BENCH_IMPORT_ROWS` rows (default 1,000,000), and first one
//! of a quarter of that size (`BENCH_IMPORT_SMALL_ROWS`), each imported into the running
//! service — the server and the projection workers in this process, with serve's settings —
//! and timed as one span: from the first byte of the HTTP POST of the file to the moment
//! `rm_metrics_daily` holds the file's total per (show, day). The workers run beside the
//! import throughout, as they do in production.
//!
//! Before each import the same file is `COPY`'d into a plain table with a primary key; the
//! expected totals are a `SUM` over that table, grouped by show and day. The span ends when
//! the metrics projection's checkpoint (polled every 20 ms) passes the import's completion,
//! whose totals commit with it; `rm_metrics_daily` must then hold exactly the expected totals
//! (downloads and listeners, every key), or the phase fails. The peak resident memory of the process over the span (VmHWM, reset
//! through /proc/self/clear_refs before it) covers everything in it: server, importer,
//! workers and the client, which streams the file from disk. `BENCH_IMPORT_ROWS=0` skips
//! the phase.

use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

use crate::app::App;
use crate::import_totals::{cheap_match, completion, differing, expected_totals, metrics_past};
use crate::measure::{reset_peak, status_kb};
use anyhow::{bail, Context};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

/// Shows the rows are spread over.
const SHOWS: usize = 50;
/// The source the imports are recorded under.
pub const SOURCE: &str = "bench";
/// How long the rows may take to become visible before the phase gives up.
const GIVE_UP_AFTER: Duration = Duration::from_secs(1800);

/// One file imported.
#[derive(Clone, Debug)]
pub struct ImportRun {
    /// Rows in the file.
    pub rows: u64,
    /// Its size.
    pub bytes: u64,
    /// From the first byte of the POST to the HTTP answer (the rows accepted and evented).
    pub answered: Duration,
    /// From the first byte of the POST until `rm_metrics_daily` holds the file's totals.
    pub end_to_end: Duration,
    /// `COPY` of the same file into a plain table with a primary key.
    pub copy: Duration,
    /// Resident memory of the process before the span.
    pub rss_before_kb: u64,
    /// Peak resident memory of the process during the span.
    pub peak_kb: u64,
}

/// Runs the phase at the two sizes, smaller first.
pub async fn run(connect: &PgConnectOptions) -> anyhow::Result<Vec<ImportRun>> {
    let rows: u64 = env("BENCH_IMPORT_ROWS", 1_000_000)?;
    if rows == 0 {
        return Ok(Vec::new());
    }
    let small: u64 = env("BENCH_IMPORT_SMALL_ROWS", (rows / 4).max(1))?;
    if small > rows {
        // The second file's totals replace the first's only if the first's keys are its own.
        bail!("BENCH_IMPORT_SMALL_ROWS ({small}) must not exceed BENCH_IMPORT_ROWS ({rows})");
    }
    let app = App::start(connect.clone(), "bench-import").await?;
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(connect.clone())
        .await?;
    for n in 0..SHOWS {
        let reply = app
            .caller
            .request(reqwest::Method::POST, "/api/v1/shows")
            .json(&show(n))
            .send()
            .await?;
        if !reply.status().is_success() {
            bail!("creating a show: {}", reply.text().await?);
        }
    }
    // The importer finds shows by slug in the catalog read model.
    let deadline = Instant::now() + Duration::from_secs(60);
    while shows_in_catalog(&pool, &app.tenant_id).await? < SHOWS as i64 {
        if Instant::now() > deadline {
            bail!("the shows did not reach the catalog read model");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut runs = Vec::new();
    for (round, size) in [small, rows].into_iter().enumerate() {
        println!("Import of {size} rows…");
        runs.push(one(&app, connect, &pool, size, round).await?);
    }
    pool.close().await;
    app.stop().await?;
    Ok(runs)
}

async fn shows_in_catalog(pool: &PgPool, tenant: &str) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM rm_shows WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_one(pool)
            .await?,
    )
}

async fn one(
    app: &App,
    connect: &PgConnectOptions,
    pool: &PgPool,
    rows: u64,
    round: usize,
) -> anyhow::Result<ImportRun> {
    let file = tempfile::NamedTempFile::new()?;
    write_csv(file.path(), rows, round)?;
    let bytes = std::fs::metadata(file.path())?.len();
    let copy = copy_file(connect, file.path(), round).await?;
    let expected = expected_totals(pool, &app.tenant_id, round, rows).await?;

    reset_peak();
    let rss_before_kb = status_kb("VmRSS")?;
    let started = Instant::now();
    let path = format!("/api/v1/etl/csv?source={SOURCE}&file_name=bench-{round}.csv");
    let (status, answer) = app.caller.post_csv(&path, file.path()).await?;
    let answered = started.elapsed();
    if status != 201 || answer["accepted"].as_u64() != Some(rows) {
        bail!("the import of {rows} rows answered {status}: {answer}");
    }
    let completed = completion(pool, &app.tenant_id, &answer).await?;
    // The completion's rows and the metrics checkpoint commit together, so the span ends
    // when the checkpoint is past the completion; only the checkpoint is polled (reading
    // the totals every 20 ms would take the workers' CPU), and the totals are checked once.
    while !metrics_past(pool, completed).await? {
        if started.elapsed() > GIVE_UP_AFTER {
            bail!("the rows were not in rm_metrics_daily after {GIVE_UP_AFTER:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let end_to_end = started.elapsed();
    let wrong = differing(pool, &app.tenant_id, round).await?;
    if wrong != 0 || !cheap_match(pool, &app.tenant_id, expected).await? {
        bail!(
            "the import is published, but rm_metrics_daily differs from the sums over the \
             COPY table at {wrong} (show, day) keys"
        );
    }
    let peak_kb = status_kb("VmHWM")?;
    Ok(ImportRun {
        rows,
        bytes,
        answered,
        end_to_end,
        copy,
        rss_before_kb,
        peak_kb,
    })
}

/// `COPY` of the file into a fresh plain table keyed like the metrics.
async fn copy_file(
    connect: &PgConnectOptions,
    path: &std::path::Path,
    round: usize,
) -> anyhow::Result<Duration> {
    let mut conn = PgConnection::connect_with(connect).await?;
    let table = format!("bench_copy_{round}");
    sqlx::query(&format!(
        "CREATE TABLE {table} (day date, show text, episode text, downloads bigint,
                               listeners bigint, PRIMARY KEY (show, episode, day))"
    ))
    .execute(&mut conn)
    .await?;
    let started = Instant::now();
    let mut copy = conn
        .copy_in_raw(&format!(
            "COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)"
        ))
        .await?;
    let file = tokio::fs::File::open(path).await?;
    copy.read_from(file).await?;
    copy.finish().await?;
    let elapsed = started.elapsed();
    conn.close().await?;
    Ok(elapsed)
}

/// `rows` distinct keys: shows × days × episodes, with values that differ per round.
fn write_csv(path: &std::path::Path, rows: u64, round: usize) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "date,show,episode,downloads,listeners")?;
    let first = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).context("date")?;
    for n in 0..rows {
        let show = n % SHOWS as u64;
        let day = (n / SHOWS as u64) % 365;
        let episode = n / (SHOWS as u64 * 365);
        let date = first + chrono::Days::new(day);
        let downloads = (n * 7919 + round as u64) % 5000;
        writeln!(
            out,
            "{date},bench-show-{show},ep-{episode},{downloads},{}",
            downloads / 2
        )?;
    }
    out.flush()?;
    Ok(())
}

fn show(n: usize) -> serde_json::Value {
    serde_json::json!({
        "name": format!("Bench Show {n}"), "categories": ["Technology"],
        "audience": {"age": {"25-34": 1.0}, "gender": {"female": 0.5, "male": 0.5}, "country": {"US": 1.0}},
        "episodes_per_week": 1, "slots_per_episode": {"pre": 1}, "rate_card": {"pre": 1000}
    })
}

fn env<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(raw) => raw
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={raw:?} is not valid")),
        Err(_) => Ok(default),
    }
}

/// Prints the phase.
pub fn print(runs: &[ImportRun]) {
    if runs.is_empty() {
        return;
    }
    println!();
    println!(
        "CSV import over HTTP, one span: POST of the file until rm_metrics_daily holds its \
         per-(show, day) sums (workers running beside it), vs COPY"
    );
    println!(
        "{:>10} {:>9} {:>10} {:>10} {:>8} {:>7} {:>10} {:>10}",
        "rows", "MB", "answer s", "e2e s", "COPY s", "ratio", "rss0 MB", "peak MB"
    );
    for run in runs {
        let ratio = run.end_to_end.as_secs_f64() / run.copy.as_secs_f64().max(1e-9);
        println!(
            "{:>10} {:>9.1} {:>10.2} {:>10.2} {:>8.2} {:>7.2} {:>10.1} {:>10.1}",
            run.rows,
            run.bytes as f64 / 1e6,
            run.answered.as_secs_f64(),
            run.end_to_end.as_secs_f64(),
            run.copy.as_secs_f64(),
            ratio,
            run.rss_before_kb as f64 / 1024.0,
            run.peak_kb as f64 / 1024.0,
        );
    }
    println!(
        "  target: end to end within 3x COPY; peak is the whole process (server, importer, \
         workers, client)"
    );
}
