//! Read-your-writes: waiting until projections have passed a command's position.

use std::time::Duration;

use sqlx::PgPool;
use tokio::time::Instant;

use crate::Position;

/// Waits until every named projection's checkpoint is at or after `target`, for at most
/// `timeout`. Returns whether they caught up.
pub async fn wait_for(
    pool: &PgPool,
    projections: &[&str],
    target: Position,
    timeout: Duration,
) -> sqlx::Result<bool> {
    let deadline = Instant::now() + timeout;
    let names: Vec<String> = projections.iter().map(|p| p.to_string()).collect();
    let mut pause = Duration::from_millis(1);
    loop {
        let caught_up: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM projection_checkpoints
              WHERE projection = ANY($1)
                AND (tx_id, global_position) >= ($2::int8::text::xid8, $3)",
        )
        .bind(&names)
        .bind(target.tx_id)
        .bind(target.global_position)
        .fetch_one(pool)
        .await?;
        if caught_up as usize == names.len() {
            return Ok(true);
        }
        if Instant::now() + pause > deadline {
            return Ok(false);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}
