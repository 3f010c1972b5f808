//! Projection workers.
//!
//! Every process that runs workers (`cuepoint serve`, `cuepoint worker`) tries to own every
//! projection. Ownership is a session advisory lock held by a dedicated connection: one
//! process owns a projection at a time, and when its connection dies (the process was
//! killed, the network went away) PostgreSQL releases the lock and another process takes
//! over at its next attempt. The owner applies batches, each in one transaction with the
//! checkpoint; it wakes on `NOTIFY cuepoint_events` and polls as a fallback.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{Connection, PgConnection};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::batch::apply_next;
use crate::checkpoint::{self, Applied};
use crate::log::read_after;
use crate::{locks, Position, Projection};

/// How workers run.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// Where the database is.
    pub connect: PgConnectOptions,
    /// Events per batch (and per transaction).
    pub batch_size: i64,
    /// How often an idle owner looks for events without a notification.
    pub poll_interval: Duration,
    /// How often a process that owns nothing tries to take a projection over.
    pub takeover_interval: Duration,
    /// Shown as the owner in the status view (`application_name` of the owning connection).
    pub worker_name: String,
}

/// Runs workers for `projections` until `shutdown` is cancelled.
pub async fn run(
    options: WorkerOptions,
    projections: Vec<Arc<dyn Projection>>,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let (wake_tx, wake_rx) = watch::channel(0_u64);
    let mut tasks = JoinSet::new();
    tasks.spawn(listen(options.connect.clone(), wake_tx, shutdown.clone()));
    for projection in projections {
        tasks.spawn(own_and_run(
            projection,
            options.clone(),
            wake_rx.clone(),
            shutdown.clone(),
        ));
    }
    while let Some(joined) = tasks.join_next().await {
        joined.context("a projection worker task panicked")?;
    }
    Ok(())
}

/// Turns `NOTIFY cuepoint_events` into wake-ups of the local owners.
async fn listen(connect: PgConnectOptions, wake: watch::Sender<u64>, shutdown: CancellationToken) {
    while !shutdown.is_cancelled() {
        if let Err(error) = listen_once(&connect, &wake, &shutdown).await {
            tracing::warn!(%error, "event notifications unavailable; polling");
            wake.send_modify(|n| *n += 1);
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = shutdown.cancelled() => {}
            }
        }
    }
}

async fn listen_once(
    connect: &PgConnectOptions,
    wake: &watch::Sender<u64>,
    shutdown: &CancellationToken,
) -> anyhow::Result<()> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(connect.clone())
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen("cuepoint_events").await?;
    loop {
        tokio::select! {
            notification = listener.recv() => {
                notification?;
                wake.send_modify(|n| *n += 1);
            }
            _ = shutdown.cancelled() => return Ok(()),
        }
    }
}

/// Tries to own `projection` until shutdown; runs it while owned.
async fn own_and_run(
    projection: Arc<dyn Projection>,
    options: WorkerOptions,
    wake: watch::Receiver<u64>,
    shutdown: CancellationToken,
) {
    let name = projection.name();
    while !shutdown.is_cancelled() {
        match try_own(&options, name).await {
            Ok(Some(conn)) => {
                tracing::info!(projection = name, worker = %options.worker_name, "owning projection");
                let run = run_owned(conn, &*projection, &options, wake.clone(), &shutdown);
                if let Err(error) = run.await {
                    tracing::warn!(
                        projection = name,
                        error = format!("{error:#}"),
                        "projection worker stopped; will retry"
                    );
                }
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(projection = name, %error, "cannot reach the database"),
        }
        tokio::select! {
            _ = tokio::time::sleep(options.takeover_interval) => {}
            _ = shutdown.cancelled() => {}
        }
    }
}

/// A connection holding the projection's ownership lock, or `None` if another process owns it.
async fn try_own(options: &WorkerOptions, name: &str) -> sqlx::Result<Option<PgConnection>> {
    let connect = options
        .connect
        .clone()
        .application_name(&options.worker_name);
    let mut conn = PgConnection::connect_with(&connect).await?;
    let owned: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
        .bind(locks::OWNER_CLASS)
        .bind(locks::key(name))
        .fetch_one(&mut conn)
        .await?;
    Ok(owned.then_some(conn))
}

/// Applies batches while there are events; waits for a wake-up or the poll interval when
/// caught up. Returns `Ok` on shutdown and an error when the connection fails.
async fn run_owned(
    mut conn: PgConnection,
    projection: &dyn Projection,
    options: &WorkerOptions,
    mut wake: watch::Receiver<u64>,
    shutdown: &CancellationToken,
) -> anyhow::Result<()> {
    let name = projection.name();
    checkpoint::ensure(&mut conn, name).await?;
    let stored = checkpoint::read(&mut conn, name).await?;
    let mut cursor = Cursor {
        read_to: stored,
        stored,
        stored_at: Instant::now(),
    };
    loop {
        wake.borrow_and_update();
        let read = step(&mut conn, projection, options.batch_size, &mut cursor).await?;
        if shutdown.is_cancelled() {
            return Ok(());
        }
        if read == options.batch_size as usize {
            continue;
        }
        tokio::select! {
            _ = wake.changed() => {}
            _ = tokio::time::sleep(options.poll_interval) => {}
            _ = shutdown.cancelled() => return Ok(()),
        }
    }
}

/// How long a worker may hold, in memory only, a position past events of other
/// projections before it stores it.
const STORE_SKIPPED_AFTER: Duration = Duration::from_secs(1);

/// Where an owner has read to. Events of other projections are skipped without a write
/// (every commit wakes every projection; a checkpoint write each time would cost each of
/// them a transaction), so the position read to can run ahead of the stored checkpoint:
/// everything between the two is known to be of no interest to this projection.
struct Cursor {
    read_to: Position,
    stored: Position,
    stored_at: Instant,
}

/// Reads the next events after the cursor, without their payloads. If none is this
/// projection's (and the skipped position was stored recently), only the cursor moves;
/// otherwise the batch is applied in one transaction with the checkpoint. Returns the number
/// of events read.
async fn step(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    batch_size: i64,
    cursor: &mut Cursor,
) -> anyhow::Result<usize> {
    let types = projection.aggregate_types();
    let peeked = read_after(conn, cursor.read_to, batch_size, types, Some(&[])).await?;
    let relevant = peeked
        .iter()
        .any(|event| types.contains(&event.aggregate_type.as_str()));
    let store_due =
        cursor.read_to > cursor.stored && cursor.stored_at.elapsed() >= STORE_SKIPPED_AFTER;
    if !relevant && !store_due {
        if let Some(last) = peeked.last() {
            cursor.read_to = last.position;
        }
        return Ok(peeked.len());
    }
    apply_one_batch(conn, projection, batch_size, cursor).await
}

/// One batch in one transaction with the checkpoint, from the later of the stored
/// checkpoint (a rebuild may have moved it) and the cursor. Returns the number of events read.
async fn apply_one_batch(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    batch_size: i64,
    cursor: &mut Cursor,
) -> anyhow::Result<usize> {
    let name = projection.name();
    let mut tx = conn.begin().await?;
    let stored = checkpoint::lock(&mut tx, name).await?;
    let after = stored.max(cursor.read_to);
    let batch = apply_next(&mut tx, projection, after, batch_size).await?;
    let read_to = batch.last.unwrap_or(after);
    if read_to > stored {
        checkpoint::store(&mut tx, name, read_to, Applied::More(batch.applied as i64)).await?;
    }
    tx.commit().await?;
    *cursor = Cursor {
        read_to,
        stored: read_to,
        stored_at: Instant::now(),
    };
    if batch.read > 0 {
        tracing::debug!(
            projection = name,
            read = batch.read,
            applied = batch.applied,
            "batch applied"
        );
    }
    Ok(batch.read)
}
