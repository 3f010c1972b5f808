//! `/healthz` (the process is up) and `/readyz` (the database answers and is migrated).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::error::ApiError;
use super::state::AppState;

/// `GET /healthz`
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz`: 200 when the database is reachable and every migration is applied.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
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
    Ok(Json(json!({"status": "ready", "migrations": applied})))
}
