//! Reading the event log in commit order.
//!
//! Positions are `(tx_id, global_position)` pairs: the id of the transaction that wrote an
//! event and its identity value. Readers only see events of transactions older than the
//! oldest transaction still running (`pg_snapshot_xmin`), so an event whose transaction
//! took an earlier identity value but committed later is never skipped: the reader waits
//! for it instead. See docs/architecture.md.

use std::fmt;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use sqlx::PgConnection;

mod row;

use row::recorded_event;

/// A place in the commit-ordered event log. Ordered by transaction, then identity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The 64-bit id (`xid8`) of the transaction that wrote the event.
    pub tx_id: i64,
    /// The event's `global_position` identity value.
    pub global_position: i64,
}

impl Position {
    /// Before the first event.
    pub const START: Position = Position {
        tx_id: 0,
        global_position: 0,
    };
}

/// `"<tx_id>.<global_position>"`, as the status view shows it.
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.tx_id, self.global_position)
    }
}

/// One event as read from the log.
#[derive(Clone, Debug)]
pub struct RecordedEvent {
    /// Where the event is in commit order.
    pub position: Position,
    /// The tenant the event belongs to.
    pub tenant_id: String,
    /// The aggregate type (`Aggregate::TYPE`).
    pub aggregate_type: String,
    /// The aggregate's id within its tenant (the store's id without the tenant prefix).
    pub aggregate_id: String,
    /// The event's sequence number within its aggregate: the aggregate's version after it.
    pub sequence: i64,
    /// The event's type name.
    pub event_type: String,
    /// The serialized event; `None` for events of aggregate types the reader did not ask for.
    pub payload: Option<EventPayload>,
    /// When the event was written.
    pub recorded_at: DateTime<Utc>,
}

impl RecordedEvent {
    /// The payload decoded into `T`; an error when it was not read or does not decode.
    pub fn decode<T: DeserializeOwned>(&self) -> anyhow::Result<T> {
        let payload = (self.payload.as_ref()).with_context(|| {
            format!(
                "{} event {} without payload",
                self.aggregate_type, self.position
            )
        })?;
        Ok(payload.decode()?)
    }
}

/// An event's payload as stored: its JSON text, decoded only by the projection that reads
/// it, straight into the type it reads. A batch carries many payloads its projection never
/// looks at (the catalog reads only the newest event of each entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventPayload(String);

impl EventPayload {
    /// Decodes the payload into `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(&self.0)
    }
}

/// The aggregate id as stored: `"<tenant_id>:<id>"`, unique per tenant.
pub fn stream_id(tenant_id: &str, aggregate_id: &str) -> String {
    format!("{tenant_id}:{aggregate_id}")
}

/// The columns of a [`RecordedEvent`], in the order [`recorded_event`] reads them; payloads
/// only for the aggregate types in `$1` and, of those, only for the event types in `$2` when
/// it is not NULL.
const SELECT_EVENTS: &str = "SELECT events.tx_id, events.global_position,
        tenant_id, aggregate_type, aggregate_id, sequence, event_type, recorded_at,
        CASE WHEN aggregate_type = ANY($1)
              AND ($2::text[] IS NULL OR event_type = ANY($2)) THEN payload::text END AS payload
   FROM events";

/// Reads up to `limit` events after `after`, in commit order, stopping below the oldest
/// transaction still running. Payloads are fetched only for `aggregate_types`, and of
/// those only for `payload_types` when it is given.
pub async fn read_after(
    conn: &mut PgConnection,
    after: Position,
    limit: i64,
    aggregate_types: &[&str],
    payload_types: Option<&[&str]>,
) -> sqlx::Result<Vec<RecordedEvent>> {
    let sql = format!(
        "{SELECT_EVENTS}
          WHERE (tx_id, global_position) > ($3::int8::text::xid8, $4)
            AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY events.tx_id, events.global_position
          LIMIT $5"
    );
    sqlx::query(&sql)
        .bind(owned(aggregate_types))
        .bind(payload_types.map(owned))
        .bind(after.tx_id)
        .bind(after.global_position)
        .bind(limit)
        .try_map(|row| recorded_event(&row))
        .fetch_all(conn)
        .await
}

/// Reads the events at `positions`, in commit order (positions without an event are left
/// out). Payloads as for [`read_after`].
pub async fn read_at(
    conn: &mut PgConnection,
    positions: &[Position],
    aggregate_types: &[&str],
    payload_types: Option<&[&str]>,
) -> sqlx::Result<Vec<RecordedEvent>> {
    let sql = format!(
        "{SELECT_EVENTS}
           JOIN UNNEST($3::int8[], $4::int8[]) AS wanted(tx_id, global_position)
             ON events.tx_id = wanted.tx_id::text::xid8
            AND events.global_position = wanted.global_position
          ORDER BY events.tx_id, events.global_position"
    );
    sqlx::query(&sql)
        .bind(owned(aggregate_types))
        .bind(payload_types.map(owned))
        .bind(positions.iter().map(|p| p.tx_id).collect::<Vec<_>>())
        .bind(
            positions
                .iter()
                .map(|p| p.global_position)
                .collect::<Vec<_>>(),
        )
        .try_map(|row| recorded_event(&row))
        .fetch_all(conn)
        .await
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

/// The newest position a reader can see now: the head of the log below the oldest running
/// transaction, or [`Position::START`] for an empty log.
pub async fn head(conn: &mut PgConnection) -> sqlx::Result<Position> {
    let head: Option<(i64, i64)> = sqlx::query_as(
        "SELECT tx_id::text::int8, global_position FROM events
          WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY tx_id DESC, global_position DESC LIMIT 1",
    )
    .fetch_optional(conn)
    .await?;
    Ok(
        head.map_or(Position::START, |(tx_id, global_position)| Position {
            tx_id,
            global_position,
        }),
    )
}
