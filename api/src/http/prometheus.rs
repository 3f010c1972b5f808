//! `GET /metrics`: the Prometheus text exposition of [`crate::measure`], and the layer that
//! counts and times every HTTP request by method, matched route and status.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cuepoint_projections::status::status;

use super::error::ApiError;
use super::openapi::{Answer, Operation};
use super::state::AppState;
use crate::measure;
use crate::won_deals::worker_projections;

/// Counts and times the request under its matched route (`unmatched` when no route took it),
/// its parameters written `:id` (`/api/v1/shows/:id`): braces in label values trip some
/// Prometheus tooling.
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = (request.extensions().get::<MatchedPath>()).map_or_else(
        || "unmatched".to_string(),
        |path| path.as_str().replace('{', ":").replace('}', ""),
    );
    let response = next.run(request).await;
    measure::http_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// `GET /metrics`: every metric, with each projection's position, lag and parked events
/// read now.
pub async fn metrics(State(state): State<AppState>) -> Result<Exposition, ApiError> {
    let names: Vec<&str> = (worker_projections(state.commands.clone()).iter())
        .map(|p| p.name())
        .collect();
    for projection in status(&state.pool, &names).await? {
        measure::projection(
            &projection.name,
            projection.events_applied,
            projection.events_behind,
            projection.lag_seconds,
            projection.parked_events,
        );
    }
    Ok(Exposition(
        measure::handle().map(|h| h.render()).unwrap_or_default(),
    ))
}

/// The Prometheus text exposition format's media type.
const EXPOSITION_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Metrics in the Prometheus text exposition format.
pub struct Exposition(String);

impl IntoResponse for Exposition {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, EXPOSITION_TYPE)], self.0).into_response()
    }
}

impl Answer for Exposition {
    fn describe(operation: &mut Operation<'_>) {
        let success = operation.success;
        operation.answer(
            success,
            &[("text/plain", serde_json::json!({"type": "string"}))],
        );
    }
}
