//! Where each projection is: position, lag and owner.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

use crate::{locks, Position};

/// The state of one projection.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectionStatus {
    /// The projection's name.
    pub name: String,
    /// Its checkpoint, in consistency-token form.
    pub position: String,
    /// Events applied since it was last rebuilt.
    pub events_applied: i64,
    /// Committed events it has not read yet (counted up to 1,000,000).
    pub events_behind: i64,
    /// Age in seconds of the oldest event it has not read yet (0 when caught up).
    pub lag_seconds: f64,
    /// The worker that owns it (`application_name` and backend pid), if any.
    pub owner: Option<String>,
    /// When its checkpoint last moved.
    pub updated_at: Option<DateTime<Utc>>,
}

/// The status of each named projection (a projection that never ran is at the start).
pub async fn status(pool: &PgPool, names: &[&str]) -> sqlx::Result<Vec<ProjectionStatus>> {
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        out.push(one(pool, name).await?);
    }
    Ok(out)
}

async fn one(pool: &PgPool, name: &str) -> sqlx::Result<ProjectionStatus> {
    let checkpoint: Option<(i64, i64, i64, DateTime<Utc>)> = sqlx::query_as(
        "SELECT tx_id::text::int8, global_position, events_applied, updated_at
           FROM projection_checkpoints WHERE projection = $1",
    )
    .bind(name)
    .fetch_optional(pool)
    .await?;
    let (position, events_applied, updated_at) = match checkpoint {
        Some((tx_id, global_position, applied, at)) => (
            Position {
                tx_id,
                global_position,
            },
            applied,
            Some(at),
        ),
        None => (Position::START, 0, None),
    };
    let (events_behind, lag_seconds): (i64, f64) = sqlx::query_as(
        "SELECT count(*),
                COALESCE(EXTRACT(EPOCH FROM now() - min(recorded_at))::float8, 0)
           FROM (SELECT recorded_at FROM events
                  WHERE (tx_id, global_position) > ($1::int8::text::xid8, $2)
                  LIMIT 1000000) behind",
    )
    .bind(position.tx_id)
    .bind(position.global_position)
    .fetch_one(pool)
    .await?;
    let owner: Option<String> = sqlx::query_scalar(
        "SELECT a.application_name || ' (pid ' || a.pid || ')'
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
            AND l.classid = $1::int8::oid AND l.objid = $2::int8::oid
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .bind(i64::from(locks::OWNER_CLASS))
    .bind(i64::from(locks::key(name)))
    .fetch_optional(pool)
    .await?;
    Ok(ProjectionStatus {
        name: name.to_string(),
        position: position.to_string(),
        events_applied,
        events_behind,
        lag_seconds: lag_seconds.max(0.0),
        owner,
        updated_at,
    })
}
