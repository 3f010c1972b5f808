//! Applying the next batch of the log to a projection.

use sqlx::PgConnection;

use crate::log::read_after;
use crate::{Position, Projection};

/// What one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// Events read from the log (of any aggregate type).
    pub read: usize,
    /// Events given to the projection.
    pub applied: usize,
    /// The position of the last event read; the checkpoint to store.
    pub last: Option<Position>,
}

/// Reads up to `limit` events after `after` and applies those the projection reads. The
/// caller owns the transaction and stores the checkpoint in it.
pub async fn apply_next(
    conn: &mut PgConnection,
    projection: &dyn Projection,
    after: Position,
    limit: i64,
) -> anyhow::Result<Batch> {
    let types = projection.aggregate_types();
    let events = read_after(conn, after, limit, types, projection.payload_types()).await?;
    let last = events.last().map(|event| event.position);
    let read = events.len();
    let relevant: Vec<_> = events
        .into_iter()
        .filter(|event| types.contains(&event.aggregate_type.as_str()))
        .collect();
    if !relevant.is_empty() {
        projection.apply(conn, &relevant).await?;
    }
    Ok(Batch {
        read,
        applied: relevant.len(),
        last,
    })
}
