//! Running a projection while this process owns it: batches, the in-memory cursor past
//! other projections' events, and bounded retries of a failing batch before its failing
//! events are parked.

use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::WorkerOptions;
use crate::batch::{apply_next, Apply};
use crate::checkpoint::{self, Applied};
use crate::failure::{error_text, is_connection_lost};
use crate::log::read_after;
use crate::{Position, Projection};

/// Times a failing batch is tried as a whole before it is applied event by event.
pub const BATCH_ATTEMPTS: u32 = 3;

/// The pause after a batch's first failure; it doubles after each further one.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// Applies batches while there are events; waits for a wake-up or the poll interval when
/// caught up, and then, if that batch read events, for the rest of the batch interval since
/// it started. A failing batch is tried [`BATCH_ATTEMPTS`] times, then applied event by
/// event with the failing events parked. Returns `Ok` on shutdown and an error when the
/// connection fails.
pub(super) async fn run_owned(
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
    let mut failures = 0;
    let mut named_before = *wake.borrow();
    loop {
        let started = Instant::now();
        // A notification that named a type this projection reads means events to apply: the
        // batch is read at once, without a look first.
        let named_now = *wake.borrow_and_update();
        let named = named_now != named_before;
        named_before = named_now;
        let how = if failures < BATCH_ATTEMPTS {
            Apply::Whole
        } else {
            Apply::EachEvent
        };
        let step = step(
            &mut conn,
            projection,
            options.batch_size,
            &mut cursor,
            how,
            named,
        );
        let read = match step.await {
            Ok(read) => read,
            Err(error) if how == Apply::EachEvent || is_connection_lost(&error) => {
                return Err(error)
            }
            Err(error) => {
                failures += 1;
                tracing::warn!(
                    projection = name,
                    attempt = failures,
                    error = error_text(&error),
                    "batch failed"
                );
                tokio::select! {
                    _ = tokio::time::sleep(FIRST_BACKOFF * 2_u32.pow(failures - 1)) => continue,
                    _ = shutdown.cancelled() => return Ok(()),
                }
            }
        };
        failures = 0;
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
        // Only a step that read events spaces the next: an idle worker's polls do not delay
        // the wake-up of the next command.
        let rest = match read {
            0 => Duration::ZERO,
            _ => options.batch_interval.saturating_sub(started.elapsed()),
        };
        if !rest.is_zero() {
            tokio::select! {
                _ = tokio::time::sleep(rest) => {}
                _ = shutdown.cancelled() => return Ok(()),
            }
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

/// Unless `named` (a notification named a type the projection reads), first reads the next
/// events after the cursor without their payloads: if none is this projection's (and the
/// skipped position was stored recently), only the cursor moves. Otherwise the batch is
/// applied, as `how` says, in one transaction with the checkpoint. Returns the number of
/// events read.
async fn step(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    batch_size: i64,
    cursor: &mut Cursor,
    how: Apply,
    named: bool,
) -> anyhow::Result<usize> {
    if named {
        return apply_one_batch(conn, projection, batch_size, cursor, how).await;
    }
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
    apply_one_batch(conn, projection, batch_size, cursor, how).await
}

/// One batch in one transaction with the checkpoint, from the later of the stored
/// checkpoint (a rebuild may have moved it) and the cursor. Returns the number of events read.
async fn apply_one_batch(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    batch_size: i64,
    cursor: &mut Cursor,
    how: Apply,
) -> anyhow::Result<usize> {
    let name = projection.name();
    let mut tx = conn.begin().await?;
    let stored = checkpoint::lock(&mut tx, name).await?;
    let after = stored.max(cursor.read_to);
    let batch = apply_next(&mut tx, projection, after, batch_size, how).await?;
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
            parked = batch.parked,
            "batch applied"
        );
    }
    Ok(batch.read)
}
