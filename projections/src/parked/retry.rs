//! Retrying parked events after a fix.

use serde::Serialize;
use sqlx::{Connection, PgConnection};

use super::{ParkedEvent, SELECT_PARKED};
use crate::batch::in_savepoint;
use crate::failure::error_text;
use crate::log::read_at;
use crate::{checkpoint, Position, Projection};

/// What a retry did with one parked event.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// It applied: it is no longer parked.
    Applied,
    /// It failed again: it stays parked with this error.
    Failed {
        /// The new failure.
        error: String,
        /// Failed applications of the event so far.
        attempts: i32,
    },
    /// The log has no event at its position (it stays listed, for an operator to look at).
    Missing,
}

/// One parked event and what its retry did.
#[derive(Clone, Debug, Serialize)]
pub struct Retried {
    /// The event as it was parked.
    pub event: ParkedEvent,
    /// What happened.
    pub outcome: Outcome,
}

/// Applies the parked events of `projection` again, in log order, on top of its read model
/// as it is now. One transaction locks the projection's checkpoint (the live worker pauses
/// between two batches), and each event applies in a savepoint: one that applies leaves the
/// table, one that fails stays with its attempts and error updated.
pub async fn retry(
    conn: &mut PgConnection,
    projection: &dyn Projection,
) -> anyhow::Result<Vec<Retried>> {
    let name = projection.name();
    let mut tx = conn.begin().await?;
    checkpoint::ensure(&mut tx, name).await?;
    checkpoint::lock(&mut tx, name).await?;
    let parked: Vec<ParkedEvent> = sqlx::query_as(&format!(
        "{SELECT_PARKED} WHERE projection = $1
          ORDER BY parked_events.tx_id, global_position FOR UPDATE"
    ))
    .bind(name)
    .fetch_all(&mut *tx)
    .await?;
    let positions: Vec<Position> = parked.iter().map(ParkedEvent::position).collect();
    let events = read_at(
        &mut tx,
        &positions,
        projection.aggregate_types(),
        projection.payload_types(),
    )
    .await?;
    let mut retried = Vec::with_capacity(parked.len());
    for row in parked {
        let outcome = match events.iter().find(|e| e.position == row.position()) {
            None => Outcome::Missing,
            Some(event) => {
                match in_savepoint(&mut tx, projection, std::slice::from_ref(event)).await? {
                    Ok(()) => {
                        unpark(&mut tx, &row).await?;
                        Outcome::Applied
                    }
                    Err(error) => {
                        let error = error_text(&error);
                        failed_again(&mut tx, &row, &error).await?;
                        Outcome::Failed {
                            error,
                            attempts: row.attempts + 1,
                        }
                    }
                }
            }
        };
        retried.push(Retried {
            event: row,
            outcome,
        });
    }
    tx.commit().await?;
    Ok(retried)
}

async fn unpark(conn: &mut PgConnection, row: &ParkedEvent) -> sqlx::Result<()> {
    tracing::info!(
        projection = %row.projection,
        tenant_id = %row.tenant_id,
        position = %row.position(),
        "parked event applied on retry"
    );
    sqlx::query("DELETE FROM parked_events WHERE projection = $1 AND global_position = $2")
        .bind(&row.projection)
        .bind(row.global_position)
        .execute(conn)
        .await?;
    Ok(())
}

async fn failed_again(conn: &mut PgConnection, row: &ParkedEvent, error: &str) -> sqlx::Result<()> {
    tracing::error!(
        projection = %row.projection,
        tenant_id = %row.tenant_id,
        position = %row.position(),
        event_type = %row.event_type,
        error,
        "parked event failed again on retry"
    );
    sqlx::query(
        "UPDATE parked_events SET error = $3, attempts = attempts + 1
          WHERE projection = $1 AND global_position = $2",
    )
    .bind(&row.projection)
    .bind(row.global_position)
    .bind(error)
    .execute(conn)
    .await?;
    Ok(())
}
