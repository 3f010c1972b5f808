//! `/healthz` (the process is up) and `/readyz` (the database answers and is migrated).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use schemars::JsonSchema;
use serde::Serialize;

use super::error::ApiError;
use super::state::AppState;

/// The answer of `/healthz`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

/// The answer of `/readyz`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Readiness {
    /// Always `ready`.
    pub status: &'static str,
    /// How many migrations are applied.
    pub migrations: i64,
}

/// `GET /healthz`
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// `GET /readyz`: 200 when the database is reachable and every migration is applied.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Readiness>, ApiError> {
    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&state.pool)
        .await?;
    let expected = crate::db::MIGRATOR.iter().count() as i64;
    if applied < expected {
        return Err(ApiError::client(
            StatusCode::SERVICE_UNAVAILABLE,
            "migrations_pending",
            format!("{applied} of {expected} migrations applied"),
        ));
    }
    Ok(Json(Readiness {
        status: "ready",
        migrations: applied,
    }))
}
