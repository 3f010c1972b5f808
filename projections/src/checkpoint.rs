//! Projection checkpoints: where each projection has got to.

use sqlx::PgConnection;

use crate::Position;

/// Makes sure the projection has a checkpoint row (at the start of the log).
pub async fn ensure(conn: &mut PgConnection, projection: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING",
    )
    .bind(projection)
    .execute(conn)
    .await?;
    Ok(())
}

/// Reads the checkpoint and locks its row until the end of the transaction, so that a
/// batch and a rebuild's switch never interleave.
pub async fn lock(conn: &mut PgConnection, projection: &str) -> sqlx::Result<Position> {
    let (tx_id, global_position): (i64, i64) = sqlx::query_as(
        "SELECT tx_id::text::int8, global_position FROM projection_checkpoints
          WHERE projection = $1 FOR UPDATE",
    )
    .bind(projection)
    .fetch_one(conn)
    .await?;
    Ok(Position {
        tx_id,
        global_position,
    })
}

/// Moves the checkpoint to `position` after `applied` more events.
pub async fn advance(
    conn: &mut PgConnection,
    projection: &str,
    position: Position,
    applied: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE projection_checkpoints
            SET tx_id = $2::int8::text::xid8, global_position = $3,
                events_applied = events_applied + $4, updated_at = now()
          WHERE projection = $1",
    )
    .bind(projection)
    .bind(position.tx_id)
    .bind(position.global_position)
    .bind(applied)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the checkpoint outright (after a rebuild).
pub async fn reset(
    conn: &mut PgConnection,
    projection: &str,
    position: Position,
    applied: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE projection_checkpoints
            SET tx_id = $2::int8::text::xid8, global_position = $3,
                events_applied = $4, updated_at = now()
          WHERE projection = $1",
    )
    .bind(projection)
    .bind(position.tx_id)
    .bind(position.global_position)
    .bind(applied)
    .execute(conn)
    .await?;
    Ok(())
}
