//! Applying the next batch of the log to a projection.

use sqlx::{Executor, PgConnection};

use crate::failure::{error_text, is_connection_lost};
use crate::log::read_after;
use crate::{parked, Position, Projection, RecordedEvent};

/// How a batch is given to the projection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Apply {
    /// All its events in one call: a failure fails the batch (and its transaction).
    Whole,
    /// Event by event, each in a savepoint: an event that fails is rolled back to its
    /// savepoint and parked, and the others apply.
    EachEvent,
    /// Whole, inside a savepoint; if that fails other than by a lost connection, rolled back
    /// and applied [`Apply::EachEvent`] in the same transaction.
    WholeElseEachEvent,
}

/// What one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// Events read from the log (of any aggregate type).
    pub read: usize,
    /// Events the projection applied.
    pub applied: usize,
    /// Events that failed and were parked instead.
    pub parked: usize,
    /// The position of the last event read; the checkpoint to store.
    pub last: Option<Position>,
}

/// Reads up to `limit` events after `after` and applies those the projection reads, as
/// `how` says. The caller owns the transaction and stores the checkpoint in it.
pub async fn apply_next(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    after: Position,
    limit: i64,
    how: Apply,
) -> anyhow::Result<Batch> {
    let types = projection.aggregate_types();
    let events = read_after(conn, after, limit, types, projection.payload_types()).await?;
    apply_read(conn, projection, events, how).await
}

/// Applies the events of `events` (a batch read from the log, in commit order, of any
/// aggregate type) that the projection reads, as `how` says. The caller owns the transaction
/// and stores the checkpoint in it.
pub async fn apply_read(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    events: Vec<RecordedEvent>,
    how: Apply,
) -> anyhow::Result<Batch> {
    let types = projection.aggregate_types();
    let last = events.last().map(|event| event.position);
    let read = events.len();
    let relevant: Vec<_> = events
        .into_iter()
        .filter(|event| types.contains(&event.aggregate_type.as_str()))
        .collect();
    let parked = if relevant.is_empty() {
        0
    } else {
        match how {
            Apply::Whole => {
                projection.apply(conn, &relevant).await?;
                0
            }
            Apply::EachEvent => apply_each(conn, projection, &relevant).await?,
            Apply::WholeElseEachEvent => match in_savepoint(conn, projection, &relevant).await? {
                Ok(()) => 0,
                Err(error) => {
                    tracing::warn!(
                        projection = projection.name(),
                        error = error_text(&error),
                        "batch failed; applying it event by event"
                    );
                    apply_each(conn, projection, &relevant).await?
                }
            },
        }
    };
    Ok(Batch {
        read,
        applied: relevant.len() - parked,
        parked,
        last,
    })
}

/// Applies each event in a savepoint and parks those that fail. Returns how many it parked.
async fn apply_each(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    events: &[RecordedEvent],
) -> anyhow::Result<usize> {
    let mut parked = 0;
    for event in events {
        if let Err(error) = in_savepoint(conn, projection, std::slice::from_ref(event)).await? {
            parked::park(conn, projection.name(), event, &error).await?;
            parked += 1;
        }
    }
    Ok(parked)
}

/// Applies `events` inside a savepoint of the current transaction. The outer error is one
/// the transaction cannot survive (a lost connection, a failed savepoint command); the inner
/// one is the projection's failure, already rolled back to the savepoint.
pub(crate) async fn in_savepoint(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    events: &[RecordedEvent],
) -> anyhow::Result<anyhow::Result<()>> {
    conn.execute("SAVEPOINT cuepoint_apply").await?;
    match projection.apply(conn, events).await {
        Ok(()) => {
            conn.execute("RELEASE SAVEPOINT cuepoint_apply").await?;
            Ok(Ok(()))
        }
        Err(error) if is_connection_lost(&error) => Err(error),
        Err(error) => {
            conn.execute("ROLLBACK TO SAVEPOINT cuepoint_apply; RELEASE SAVEPOINT cuepoint_apply")
                .await?;
            Ok(Err(error))
        }
    }
}
