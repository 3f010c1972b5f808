//! The request body limit: `CUEPOINT_BODY_LIMIT` for every route but file uploads, which
//! are streamed to disk and bounded by `CUEPOINT_UPLOAD_LIMIT` in their handler.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::Limited;

use super::error::ApiError;
use super::state::AppState;

/// Paths whose bodies are uploads (not held in memory).
pub const UPLOAD_PATHS: &[&str] = &["/api/v1/etl/csv"];

/// Limits the body of every request but uploads: 413 when `Content-Length` says it is too
/// large, and a body that grows past the limit fails to read (the extractors answer 413).
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if UPLOAD_PATHS.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let limit = state.settings.body_limit;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return ApiError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the request body is larger than {limit} bytes"),
        )
        .into_response();
    }
    let (parts, body) = request.into_parts();
    next.run(Request::from_parts(
        parts,
        Body::new(Limited::new(body, limit)),
    ))
    .await
}
