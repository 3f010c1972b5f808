//! Projection workers.
//!
//! Every process that runs workers (`cuepoint serve`, `cuepoint worker`) tries to own every
//! projection. Ownership is a session advisory lock held by a dedicated connection: one
//! process owns a projection at a time, and when its connection dies (the process was
//! killed, the network went away) PostgreSQL releases the lock and another process takes
//! over at its next attempt. The owner applies batches, each in one transaction with the
//! checkpoint; it wakes on `NOTIFY cuepoint_events` naming a type it reads ([`wake`]) and
//! polls as a fallback.
//!
//! A batch that fails is tried again a few times with a short pause ([`BATCH_ATTEMPTS`]),
//! then applied event by event: the events that still fail are parked (see
//! [`crate::parked`]) and the rest of the log keeps flowing, for every tenant. A lost
//! connection is not such a failure: it ends the owner's run, and the process reconnects.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{Connection, Executor, PgConnection};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::{locks, Projection};

mod owned;
pub mod wake;

use owned::run_owned;
pub use owned::BATCH_ATTEMPTS;
use wake::Wakeups;

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
    /// The least time between the starts of two batches of a projection that is caught up:
    /// woken sooner after a batch that read events, the owner waits out the rest, so that
    /// under a steady stream of commits one batch applies the events of that time instead
    /// of one batch per commit. A projection behind reads its next batch at once; one woken
    /// after a quiet spell (or after polls that found nothing), too.
    pub batch_interval: Duration,
    /// Shown as the owner in the status view (`application_name` of the owning connection).
    pub worker_name: String,
}

/// Runs workers for `projections` until `shutdown` is cancelled.
pub async fn run(
    options: WorkerOptions,
    projections: Vec<Arc<dyn Projection>>,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let mut wakeups = Wakeups::new();
    let mut tasks = JoinSet::new();
    for projection in projections {
        let wake = wakeups.subscribe(projection.aggregate_types());
        tasks.spawn(own_and_run(
            projection,
            options.clone(),
            wake,
            shutdown.clone(),
        ));
    }
    tasks.spawn(listen(options.connect.clone(), wakeups, shutdown.clone()));
    while let Some(joined) = tasks.join_next().await {
        joined.context("a projection worker task panicked")?;
    }
    Ok(())
}

/// Turns `NOTIFY cuepoint_events` into wake-ups of the local owners.
async fn listen(connect: PgConnectOptions, wakeups: Wakeups, shutdown: CancellationToken) {
    while !shutdown.is_cancelled() {
        if let Err(error) = listen_once(&connect, &wakeups, &shutdown).await {
            tracing::warn!(%error, "event notifications unavailable; polling");
            wakeups.all();
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = shutdown.cancelled() => {}
            }
        }
    }
}

async fn listen_once(
    connect: &PgConnectOptions,
    wakeups: &Wakeups,
    shutdown: &CancellationToken,
) -> anyhow::Result<()> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(connect.clone())
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(wake::CHANNEL).await?;
    loop {
        tokio::select! {
            notification = listener.recv() => wakeups.notified(notification?.payload()),
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
    projection.connect_with(&options.connect);
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
    if !owned {
        return Ok(None);
    }
    // A read model and its checkpoint commit together and are derived from events already
    // durable, so a batch need not wait for its WAL flush: a crash of the server loses the
    // last batches whole, and the worker applies them again (docs/decisions.md).
    conn.execute("SET synchronous_commit = off").await?;
    Ok(Some(conn))
}
