//! Rebuild throughput: a large log written in bulk, then the `catalog` projection rebuilt
//! from it, beside a plain ordered scan of the same rows.

use std::time::{Duration, Instant};

use anyhow::Context;
use cuepoint_projections::read_models::catalog::CatalogProjection;
use cuepoint_projections::rebuild::{RebuildReport, BATCH_SIZE};
use futures::TryStreamExt;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection};

/// Events per bulk stream (sequences 1..=100 of one show).
const STREAM_LEN: u64 = 100;

/// Streams written per statement (100,000 events).
const STREAMS_PER_STATEMENT: u64 = 1000;

/// The bulk write.
#[derive(Debug)]
pub struct Bulk {
    /// Events written.
    pub events: u64,
    /// Time of the inserts.
    pub elapsed: Duration,
    /// Time of the `VACUUM (ANALYZE)` after them.
    pub vacuum: Duration,
}

/// A plain scan of the log.
#[derive(Debug)]
pub struct Scan {
    /// Rows read.
    pub rows: u64,
    /// Time taken.
    pub elapsed: Duration,
}

/// The rebuild, and the size of the log it read.
#[derive(Debug)]
pub struct Rebuild {
    /// What `rebuild` reported.
    pub report: RebuildReport,
    /// Rows in `events` (every aggregate type).
    pub log_size: u64,
}

/// Writes about `events` show events (streams of 100) by copying the newest show event, a
/// few statements of 100,000 rows, then vacuums and analyzes `events` (as autovacuum would
/// before long), so that the scan and the rebuild read the same settled table.
pub async fn write_bulk(connect: &PgConnectOptions, events: u64) -> anyhow::Result<Bulk> {
    let mut conn = PgConnection::connect_with(connect).await?;
    let (tenant_id, event_type, event_version, payload): (String, String, String, String) =
        sqlx::query_as(
            "SELECT tenant_id, event_type, event_version, payload::text FROM events
              WHERE aggregate_type = 'show' ORDER BY global_position DESC LIMIT 1",
        )
        .fetch_one(&mut conn)
        .await
        .context("no show event to copy")?;
    let streams = (events / STREAM_LEN).max(1);
    let started = Instant::now();
    let mut written = 0;
    let mut first = 1;
    while first <= streams {
        let last = (first + STREAMS_PER_STATEMENT - 1).min(streams);
        let inserted = sqlx::query(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                                 payload, metadata)
             SELECT 'show', $1 || ':bulk-' || s, q, $2, $3, $4::json,
                    json_build_object('tenant_id', $1::text)
               FROM generate_series($5::int8, $6::int8) s, generate_series(1, $7::int8) q",
        )
        .bind(&tenant_id)
        .bind(&event_type)
        .bind(&event_version)
        .bind(&payload)
        .bind(i64::try_from(first)?)
        .bind(i64::try_from(last)?)
        .bind(i64::try_from(STREAM_LEN)?)
        .execute(&mut conn)
        .await?;
        written += inserted.rows_affected();
        first = last + 1;
    }
    let elapsed = started.elapsed();
    let started = Instant::now();
    conn.execute("VACUUM (ANALYZE) events").await?;
    let vacuum = started.elapsed();
    conn.close().await?;
    Ok(Bulk {
        events: written,
        elapsed,
        vacuum,
    })
}

/// The baseline: every event's columns in commit order, streamed and counted.
pub async fn scan(connect: &PgConnectOptions) -> anyhow::Result<Scan> {
    let mut conn = PgConnection::connect_with(connect).await?;
    let started = Instant::now();
    let mut rows = 0;
    {
        let mut stream = sqlx::query(
            "SELECT aggregate_type, aggregate_id, sequence, event_type, payload, metadata
               FROM events ORDER BY tx_id, global_position",
        )
        .fetch(&mut conn);
        while stream.try_next().await?.is_some() {
            rows += 1;
        }
    }
    let elapsed = started.elapsed();
    conn.close().await?;
    Ok(Scan { rows, elapsed })
}

/// Rebuilds the catalog from the whole log (in batches of `cuepoint rebuild`'s default
/// size), with no worker running.
pub async fn rebuild(connect: &PgConnectOptions) -> anyhow::Result<Rebuild> {
    let report =
        cuepoint_projections::rebuild::rebuild(connect, &CatalogProjection, BATCH_SIZE).await?;
    let mut conn = PgConnection::connect_with(connect).await?;
    let log_size: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    Ok(Rebuild {
        report,
        log_size: u64::try_from(log_size)?,
    })
}
