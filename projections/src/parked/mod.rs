//! Parked events: the events a projection could not apply, set aside so that the rest of
//! the log keeps flowing (see [`crate::batch::Apply::EachEvent`]).
//!
//! A parked event stays in the log; its row in `parked_events` says which projection
//! skipped it, where it is, whose it is and why it failed. [`retry`] applies a projection's
//! parked events again, after a fix, on top of the read model as it is now — that is, after
//! the later events. `cuepoint rebuild NAME` gives the exact in-order result instead.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgExecutor};

use crate::failure::error_text;
use crate::{Position, RecordedEvent};

mod retry;

pub use retry::{retry, Outcome, Retried};

/// The table of parked events. Written by its unqualified name, so that a rebuild, whose
/// `search_path` starts with its own schema, parks into its own copy.
pub const TABLE: &str = "parked_events";

/// One parked event.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ParkedEvent {
    /// The projection that parked it.
    pub projection: String,
    /// The transaction id of the event's place in the log.
    pub tx_id: i64,
    /// The event's `global_position`.
    pub global_position: i64,
    /// The tenant the event belongs to.
    pub tenant_id: String,
    /// Its aggregate type.
    pub aggregate_type: String,
    /// Its aggregate's id within the tenant.
    pub aggregate_id: String,
    /// Its event type.
    pub event_type: String,
    /// The last failure.
    pub error: String,
    /// Failed applications of the event on its own (1 when parked, one more per failed retry).
    pub attempts: i32,
    /// When it was parked.
    pub parked_at: DateTime<Utc>,
}

impl ParkedEvent {
    /// The event's place in the log.
    pub fn position(&self) -> Position {
        Position {
            tx_id: self.tx_id,
            global_position: self.global_position,
        }
    }
}

/// Parks `event` for `projection` after `error`, in the caller's transaction, and logs it.
pub(crate) async fn park(
    conn: &mut PgConnection,
    projection: &str,
    event: &RecordedEvent,
    error: &anyhow::Error,
) -> sqlx::Result<()> {
    let error = error_text(error);
    tracing::error!(
        projection,
        tenant_id = %event.tenant_id,
        position = %event.position,
        aggregate_type = %event.aggregate_type,
        aggregate_id = %event.aggregate_id,
        event_type = %event.event_type,
        error = %error,
        "event parked: the projection could not apply it"
    );
    sqlx::query(
        "INSERT INTO parked_events (projection, tx_id, global_position, aggregate_type,
                                    aggregate_id, event_type, tenant_id, error)
         VALUES ($1, $2::int8::text::xid8, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (projection, global_position) DO UPDATE
            SET error = EXCLUDED.error, attempts = parked_events.attempts + 1,
                parked_at = EXCLUDED.parked_at",
    )
    .bind(projection)
    .bind(event.position.tx_id)
    .bind(event.position.global_position)
    .bind(&event.aggregate_type)
    .bind(&event.aggregate_id)
    .bind(&event.event_type)
    .bind(&event.tenant_id)
    .bind(&error)
    .execute(conn)
    .await?;
    Ok(())
}

/// The columns of a [`ParkedEvent`], from `parked_events`.
pub(crate) const SELECT_PARKED: &str =
    "SELECT projection, tx_id::text::int8 AS tx_id, global_position, tenant_id, aggregate_type,
            aggregate_id, event_type, error, attempts, parked_at
       FROM parked_events";

/// The parked events of `projection` (of every projection with `None`), by projection and
/// in log order.
pub async fn list<'c>(
    executor: impl PgExecutor<'c>,
    projection: Option<&str>,
) -> sqlx::Result<Vec<ParkedEvent>> {
    sqlx::query_as(&format!(
        "{SELECT_PARKED} WHERE $1::text IS NULL OR projection = $1
          ORDER BY projection, parked_events.tx_id, global_position"
    ))
    .bind(projection)
    .fetch_all(executor)
    .await
}

/// On a rebuild's switch: the projection's parked events become exactly those the rebuild
/// parked into its copy in `schema` (the others were parked against the old tables).
pub(crate) async fn replace_with_copy(
    conn: &mut PgConnection,
    projection: &str,
    schema: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM public.parked_events WHERE projection = $1")
        .bind(projection)
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO public.parked_events SELECT * FROM {schema}.parked_events WHERE projection = $1"
    ))
    .bind(projection)
    .execute(conn)
    .await?;
    Ok(())
}
