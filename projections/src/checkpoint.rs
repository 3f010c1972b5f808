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

/// Reads the checkpoint without locking it.
pub async fn read(conn: &mut PgConnection, projection: &str) -> sqlx::Result<Position> {
    select(conn, projection, "").await
}

/// Reads the checkpoint and locks its row until the end of the transaction, so that a
/// batch and a rebuild's switch never interleave.
pub async fn lock(conn: &mut PgConnection, projection: &str) -> sqlx::Result<Position> {
    select(conn, projection, "FOR UPDATE").await
}

async fn select(
    conn: &mut PgConnection,
    projection: &str,
    locking: &str,
) -> sqlx::Result<Position> {
    let sql = format!(
        "SELECT tx_id::text::int8, global_position FROM projection_checkpoints
          WHERE projection = $1 {locking}"
    );
    let (tx_id, global_position): (i64, i64) = sqlx::query_as(&sql)
        .bind(projection)
        .fetch_one(conn)
        .await?;
    Ok(Position {
        tx_id,
        global_position,
    })
}

/// How a stored checkpoint counts applied events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// This many more (after a batch).
    More(i64),
    /// This many in all (after a rebuild).
    Total(i64),
}

/// Moves the checkpoint to `position`.
pub async fn store(
    conn: &mut PgConnection,
    projection: &str,
    position: Position,
    applied: Applied,
) -> sqlx::Result<()> {
    let (count, add) = match applied {
        Applied::More(n) => (n, true),
        Applied::Total(n) => (n, false),
    };
    sqlx::query(
        "UPDATE projection_checkpoints
            SET tx_id = $2::int8::text::xid8, global_position = $3,
                events_applied = CASE WHEN $5 THEN events_applied + $4 ELSE $4 END,
                updated_at = now()
          WHERE projection = $1",
    )
    .bind(projection)
    .bind(position.tx_id)
    .bind(position.global_position)
    .bind(count)
    .bind(add)
    .execute(conn)
    .await?;
    Ok(())
}
