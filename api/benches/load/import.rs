//! The import phase: a CSV of `BENCH_IMPORT_ROWS` rows (default 1,000,000) imported end to
//! end (accepted, evented, visible in metrics_daily) beside `COPY` of the same file into a
//! plain table, with the importer's peak memory at two file sizes (the second a quarter of
//! the first, `BENCH_IMPORT_SMALL_ROWS`). `BENCH_IMPORT_ROWS=0` skips the phase.
//!
//! The importer runs with no projection worker in the process, so the peak resident memory
//! measured (VmHWM, reset before each import through /proc/self/clear_refs) is the
//! importer's; then the workers catch up (batches of `BENCH_IMPORT_WORKER_BATCH` events)
//! and the time until every row is in the read models is added: end to end is the sum,
//! an upper bound of the two running side by side.

use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

use crate::measure::{reset_peak, status_kb};
use anyhow::{bail, Context};
use cuepoint_api::commands::import::{hash_file, run_import, ImportRequest, RowSource};
use cuepoint_api::commands::Actor;
use cuepoint_api::config::ServeArgs;
use cuepoint_api::tenancy::create_tenant;
use cuepoint_projections::registry;
use cuepoint_projections::worker::{self, WorkerOptions};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};
use tokio_util::sync::CancellationToken;

/// Shows the rows are spread over.
const SHOWS: usize = 50;

/// One file imported.
#[derive(Clone, Debug)]
pub struct ImportRun {
    /// Rows in the file.
    pub rows: u64,
    /// Its size.
    pub bytes: u64,
    /// Hashing, parsing, validating and writing the events.
    pub import: Duration,
    /// From the end of the import until the rows are in metrics_daily.
    pub projections: Duration,
    /// `COPY` of the same file into a plain table with a primary key.
    pub copy: Duration,
    /// Resident memory before the import.
    pub rss_before_kb: u64,
    /// Peak resident memory during the import.
    pub importer_peak_kb: u64,
    /// Peak resident memory while the workers caught up.
    pub worker_peak_kb: u64,
}

impl ImportRun {
    /// End to end: import plus catch-up.
    pub fn end_to_end(&self) -> Duration {
        self.import + self.projections
    }
}

/// Runs the phase at the two sizes, smaller first.
pub async fn run(connect: &PgConnectOptions) -> anyhow::Result<Vec<ImportRun>> {
    let rows: u64 = env("BENCH_IMPORT_ROWS", 1_000_000)?;
    if rows == 0 {
        return Ok(Vec::new());
    }
    let small: u64 = env("BENCH_IMPORT_SMALL_ROWS", (rows / 4).max(1))?;
    let batch: i64 = env("BENCH_IMPORT_WORKER_BATCH", 20)?;
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .connect_with(connect.clone())
        .await?;
    let tenant = create_tenant(
        &pool,
        &"bench-import".parse()?,
        "Bench imports",
        &"USD".parse()?,
    )
    .await?;
    let actor = Actor::system(&tenant.tenant_id, "bench");
    let state = cuepoint_api::serve::state(pool.clone(), &ServeArgs::from_env()?);
    for n in 0..SHOWS {
        let input = serde_json::from_value(show(n))?;
        state
            .commands
            .create_show(&actor, input)
            .await
            .map_err(|e| anyhow::anyhow!("creating a show: {e}"))?;
    }
    catch_up(connect, &pool, batch).await?;
    let mut runs = Vec::new();
    for (index, size) in [small, rows].into_iter().enumerate() {
        println!("Import of {size} rows…");
        runs.push(one(connect, &pool, &actor, size, index, batch).await?);
    }
    pool.close().await;
    Ok(runs)
}

async fn one(
    connect: &PgConnectOptions,
    pool: &PgPool,
    actor: &Actor,
    rows: u64,
    round: usize,
    batch: i64,
) -> anyhow::Result<ImportRun> {
    let file = tempfile::NamedTempFile::new()?;
    write_csv(file.path(), rows, round)?;
    let bytes = std::fs::metadata(file.path())?.len();

    reset_peak();
    let rss_before_kb = status_kb("VmRSS")?;
    let started = Instant::now();
    let path = file.path().to_path_buf();
    let spool = tokio::task::spawn_blocking(move || hash_file(&path)).await??;
    let request = ImportRequest {
        source: "bench".to_string(),
        origin: format!("bench-{round}.csv"),
        content_hash: spool.content_hash,
    };
    let outcome = run_import(pool, actor, request, RowSource::Csv(spool.file), None)
        .await
        .map_err(|e| anyhow::anyhow!("import: {e}"))?;
    let import = started.elapsed();
    let importer_peak_kb = status_kb("VmHWM")?;
    if outcome.accepted != rows {
        bail!(
            "{} of {rows} rows accepted: {:?}",
            outcome.accepted,
            outcome.rejections
        );
    }

    reset_peak();
    let started = Instant::now();
    catch_up(connect, pool, batch).await?;
    let projections = started.elapsed();
    let worker_peak_kb = status_kb("VmHWM")?;
    let visible: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM rm_metrics_episode_daily WHERE tenant_id = $1 AND import_id = $2",
    )
    .bind(&actor.tenant_id)
    .bind(&outcome.id)
    .fetch_one(pool)
    .await?;
    if visible as u64 != rows {
        bail!("{visible} of {rows} rows visible in metrics_daily");
    }
    let copy = copy_file(connect, file.path(), round).await?;
    Ok(ImportRun {
        rows,
        bytes,
        import,
        projections,
        copy,
        rss_before_kb,
        importer_peak_kb,
        worker_peak_kb,
    })
}

/// Runs every projection until none is behind.
async fn catch_up(connect: &PgConnectOptions, pool: &PgPool, batch: i64) -> anyhow::Result<()> {
    let shutdown = CancellationToken::new();
    let options = WorkerOptions {
        connect: connect.clone(),
        batch_size: batch,
        poll_interval: Duration::from_millis(50),
        takeover_interval: Duration::from_millis(200),
        worker_name: "bench-import".to_string(),
    };
    let workers = tokio::spawn(worker::run(options, registry::all(), shutdown.clone()));
    let names = registry::names();
    loop {
        let statuses = cuepoint_projections::status::status(pool, &names).await?;
        if statuses.iter().all(|s| s.events_behind == 0) {
            break;
        }
        if workers.is_finished() {
            bail!("the workers stopped");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    shutdown.cancel();
    workers.await.context("the workers panicked")??;
    Ok(())
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
    println!("CSV import, end to end (accepted, evented, visible in metrics_daily) vs COPY");
    println!(
        "{:>10} {:>9} {:>9} {:>11} {:>10} {:>8} {:>7} {:>12} {:>12} {:>12}",
        "rows",
        "MB",
        "import s",
        "project s",
        "e2e s",
        "COPY s",
        "ratio",
        "rss0 MB",
        "import MB",
        "worker MB"
    );
    for run in runs {
        let ratio = run.end_to_end().as_secs_f64() / run.copy.as_secs_f64().max(1e-9);
        println!(
            "{:>10} {:>9.1} {:>9.2} {:>11.2} {:>10.2} {:>8.2} {:>7.2} {:>12.1} {:>12.1} {:>12.1}",
            run.rows,
            run.bytes as f64 / 1e6,
            run.import.as_secs_f64(),
            run.projections.as_secs_f64(),
            run.end_to_end().as_secs_f64(),
            run.copy.as_secs_f64(),
            ratio,
            run.rss_before_kb as f64 / 1024.0,
            run.importer_peak_kb as f64 / 1024.0,
            run.worker_peak_kb as f64 / 1024.0,
        );
    }
    println!(
        "  targets: end to end within 3x COPY; importer peak under 150 MB, independent of size"
    );
}
