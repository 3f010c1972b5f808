//! Where each projection is: for the operator, its position, lag, owner and parked events
//! across all tenants ([`status`]); for a tenant, only whether its own events have been
//! read and its own parked events ([`tenant_status`]).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

use crate::{locks, Position, Projection};

/// The state of one projection, across all tenants (for the operator).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
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
    /// Events it parked (see `crate::parked`), of every tenant.
    pub parked_events: i64,
    /// The worker that owns it (`application_name` and backend pid), if any.
    pub owner: Option<String>,
    /// When its checkpoint last moved.
    pub updated_at: Option<DateTime<Utc>>,
}

/// The state of one projection as one tenant sees it: nothing about other tenants' events,
/// the log's positions or the workers.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct TenantProjectionStatus {
    /// The projection's name.
    pub name: String,
    /// Whether it has read every committed event of the tenant that it reads.
    pub caught_up: bool,
    /// Age in seconds of the tenant's oldest event it has not read yet (0 when caught up).
    pub lag_seconds: f64,
    /// The tenant's events it parked.
    pub parked_events: i64,
}

/// The status of each named projection (a projection that never ran is at the start).
pub async fn status(pool: &PgPool, names: &[&str]) -> sqlx::Result<Vec<ProjectionStatus>> {
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        out.push(one(pool, name).await?);
    }
    Ok(out)
}

/// The status of each projection for `tenant_id`: the tenant's events of the projection's
/// aggregate types after its checkpoint, and the tenant's parked events.
pub async fn tenant_status(
    pool: &PgPool,
    tenant_id: &str,
    projections: &[Arc<dyn Projection>],
) -> sqlx::Result<Vec<TenantProjectionStatus>> {
    let mut out = Vec::with_capacity(projections.len());
    for projection in projections {
        let name = projection.name();
        let (position, _) = checkpoint(pool, name).await?;
        let types: Vec<String> = projection
            .aggregate_types()
            .iter()
            .map(|t| t.to_string())
            .collect();
        let (caught_up, lag_seconds, parked_events): (bool, f64, i64) = sqlx::query_as(
            "SELECT min(e.recorded_at) IS NULL,
                    COALESCE(EXTRACT(EPOCH FROM now() - min(e.recorded_at))::float8, 0),
                    (SELECT count(*) FROM parked_events p
                      WHERE p.projection = $4 AND p.tenant_id = $3)
               FROM events e
              WHERE (e.tx_id, e.global_position) > ($1::int8::text::xid8, $2)
                AND e.tenant_id = $3 AND e.aggregate_type = ANY($5)",
        )
        .bind(position.tx_id)
        .bind(position.global_position)
        .bind(tenant_id)
        .bind(name)
        .bind(&types)
        .fetch_one(pool)
        .await?;
        out.push(TenantProjectionStatus {
            name: name.to_string(),
            caught_up,
            lag_seconds: lag_seconds.max(0.0),
            parked_events,
        });
    }
    Ok(out)
}

/// The projection's checkpoint, events applied and last move; the start if it never ran.
async fn checkpoint(
    pool: &PgPool,
    name: &str,
) -> sqlx::Result<(Position, Option<(i64, DateTime<Utc>)>)> {
    let row: Option<(i64, i64, i64, DateTime<Utc>)> = sqlx::query_as(
        "SELECT tx_id::text::int8, global_position, events_applied, updated_at
           FROM projection_checkpoints WHERE projection = $1",
    )
    .bind(name)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some((tx_id, global_position, applied, at)) => (
            Position {
                tx_id,
                global_position,
            },
            Some((applied, at)),
        ),
        None => (Position::START, None),
    })
}

async fn one(pool: &PgPool, name: &str) -> sqlx::Result<ProjectionStatus> {
    let (position, progress) = checkpoint(pool, name).await?;
    let (events_behind, lag_seconds, parked_events): (i64, f64, i64) = sqlx::query_as(
        "SELECT count(*),
                COALESCE(EXTRACT(EPOCH FROM now() - min(recorded_at))::float8, 0),
                (SELECT count(*) FROM parked_events WHERE projection = $3)
           FROM (SELECT recorded_at FROM events
                  WHERE (tx_id, global_position) > ($1::int8::text::xid8, $2)
                  LIMIT 1000000) behind",
    )
    .bind(position.tx_id)
    .bind(position.global_position)
    .bind(name)
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
        events_applied: progress.map_or(0, |(applied, _)| applied),
        events_behind,
        lag_seconds: lag_seconds.max(0.0),
        parked_events,
        owner,
        updated_at: progress.map(|(_, at)| at),
    })
}
