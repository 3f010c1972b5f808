//! Rebuilding a read model from the event log.
//!
//! The copy is built in a schema of its own (`rebuild_<name>`) with tables made `LIKE` the
//! live ones, by the projection's own code run with `search_path` pointing there, while the
//! live tables keep serving queries and the live worker keeps them current. When the copy
//! has caught up, one transaction locks the checkpoint (pausing the live worker between
//! batches), applies the last events to the copy, moves the copy's tables into `public` in
//! place of the old ones, and sets the checkpoint to the copy's position. Readers see the
//! old tables or the new ones, never a mix.
//!
//! While one batch applies to the copy, the next ones are read on a connection of their own
//! ([`read_ahead`]).
//!
//! An event that fails is parked as the live worker parks it (see [`crate::parked`]), into
//! a copy of `parked_events` in the rebuild's schema; on the switch, the projection's
//! parked events become exactly the ones the rebuild parked.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection};

use crate::batch::{apply_next, apply_read, Apply, Batch};
use crate::checkpoint::{self, Applied};
use crate::{locks, parked, Position, Projection, RecordedEvent};

mod read_ahead;

use read_ahead::ReadAhead;

/// Events per batch of a rebuild unless told otherwise: more than a live worker's, since a
/// batch writes each row it touches once, however many of its events touch it (a replay of
/// a long log writes fewer times), and a rebuild holds three batches in memory at a time
/// (one being read, one read ahead, one being applied; about 1 KB an event).
pub const BATCH_SIZE: i64 = 20_000;

/// What a rebuild did.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RebuildReport {
    /// The projection rebuilt.
    pub projection: &'static str,
    /// Events read from the log.
    pub events_read: u64,
    /// Events the projection applied.
    pub events_applied: u64,
    /// Events that failed and were parked.
    pub events_parked: u64,
    /// Wall time of the whole rebuild.
    pub elapsed: Duration,
}

/// Rebuilds `projection` into a fresh copy and switches to it atomically.
pub async fn rebuild(
    connect: &PgConnectOptions,
    projection: &dyn Projection,
    batch_size: i64,
) -> anyhow::Result<RebuildReport> {
    let started = Instant::now();
    let name = projection.name();
    projection.connect_with(connect);
    let mut conn = PgConnection::connect_with(connect).await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
        .bind(locks::REBUILD_CLASS)
        .bind(locks::key(name))
        .fetch_one(&mut conn)
        .await?;
    if !locked {
        bail!("a rebuild of {name} is already running");
    }
    let copy = Copy::new(name);
    copy.create(&mut conn, projection.tables()).await?;

    let mut progress = Progress::default();
    let mut batches = ReadAhead::start(connect, projection, progress.position, batch_size).await?;
    while let Some(events) = batches.next().await? {
        let mut tx = conn.begin().await?;
        copy.batch_in(&mut tx).await?;
        progress.apply(&mut tx, projection, events).await?;
        tx.commit().await?;
    }

    let mut tx = conn.begin().await?;
    checkpoint::ensure(&mut tx, name).await?;
    checkpoint::lock(&mut tx, name).await?;
    copy.use_in(&mut tx).await?;
    while progress.step(&mut tx, projection, batch_size).await? {}
    parked::replace_with_copy(&mut tx, name, &copy.schema).await?;
    copy.switch(&mut tx, projection.tables()).await?;
    checkpoint::store(
        &mut tx,
        name,
        progress.position,
        Applied::Total(progress.applied as i64),
    )
    .await?;
    tx.commit().await.context("switching to the rebuilt copy")?;

    Ok(RebuildReport {
        projection: name,
        events_read: progress.read,
        events_applied: progress.applied,
        events_parked: progress.parked,
        elapsed: started.elapsed(),
    })
}

/// How far the copy has got.
#[derive(Default)]
struct Progress {
    position: Position,
    read: u64,
    applied: u64,
    parked: u64,
}

/// Each batch applies whole in a savepoint, else event by event, parking the events that
/// fail.
const HOW: Apply = Apply::WholeElseEachEvent;

impl Progress {
    /// Applies a batch read ahead.
    async fn apply(
        &mut self,
        conn: &mut PgConnection,
        projection: &dyn Projection,
        events: Vec<RecordedEvent>,
    ) -> anyhow::Result<()> {
        let batch = apply_read(conn, projection, events, HOW).await?;
        self.add(batch);
        Ok(())
    }

    /// Reads and applies the next batch; true when the batch was full (there may be more).
    async fn step(
        &mut self,
        conn: &mut PgConnection,
        projection: &dyn Projection,
        batch_size: i64,
    ) -> anyhow::Result<bool> {
        let batch = apply_next(conn, projection, self.position, batch_size, HOW).await?;
        self.add(batch);
        Ok(batch.read as i64 == batch_size)
    }

    fn add(&mut self, batch: Batch) {
        if let Some(last) = batch.last {
            self.position = last;
        }
        self.read += batch.read as u64;
        self.applied += batch.applied as u64;
        self.parked += batch.parked as u64;
    }
}

/// The schemas a rebuild works in.
struct Copy {
    schema: String,
    retired: String,
}

impl Copy {
    fn new(projection: &str) -> Self {
        Copy {
            schema: format!("rebuild_{projection}"),
            retired: format!("retired_{projection}"),
        }
    }

    /// A fresh, empty copy of the projection's tables and of the parked events.
    async fn create(&self, conn: &mut PgConnection, tables: &[&str]) -> sqlx::Result<()> {
        let schema = &self.schema;
        let mut ddl = format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};");
        for table in tables.iter().chain([&parked::TABLE]) {
            ddl.push_str(&format!(
                "CREATE TABLE {schema}.{table} (LIKE public.{table} INCLUDING ALL);"
            ));
        }
        conn.execute(ddl.as_str()).await?;
        Ok(())
    }

    /// Points the transaction's unqualified table names at the copy.
    async fn use_in(&self, conn: &mut PgConnection) -> sqlx::Result<()> {
        let set = format!("SET LOCAL search_path TO {}, public", self.schema);
        conn.execute(set.as_str()).await?;
        Ok(())
    }

    /// [`Copy::use_in`] for a transaction that only fills the copy, whose commit need not
    /// wait for the disk: a crash loses the copy anyway (a rebuild starts with a fresh one),
    /// and the switch's commit, which waits, makes every earlier commit durable with it.
    async fn batch_in(&self, conn: &mut PgConnection) -> sqlx::Result<()> {
        self.use_in(conn).await?;
        conn.execute("SET LOCAL synchronous_commit TO off").await?;
        Ok(())
    }

    /// Puts the copy's tables in place of the live ones and drops the old ones.
    async fn switch(&self, conn: &mut PgConnection, tables: &[&str]) -> sqlx::Result<()> {
        let (schema, retired) = (&self.schema, &self.retired);
        let mut ddl = format!("DROP SCHEMA IF EXISTS {retired} CASCADE; CREATE SCHEMA {retired};");
        for table in tables {
            ddl.push_str(&format!(
                "ALTER TABLE public.{table} SET SCHEMA {retired};
                 ALTER TABLE {schema}.{table} SET SCHEMA public;"
            ));
        }
        ddl.push_str(&format!(
            "DROP SCHEMA {retired} CASCADE; DROP SCHEMA {schema} CASCADE; SET LOCAL search_path TO public;"
        ));
        conn.execute(ddl.as_str()).await?;
        Ok(())
    }
}
