//! The request body limit, `CUEPOINT_BODY_LIMIT`: the route table puts it on every route
//! but file uploads (`Kind::Upload`), which are streamed to disk and bounded by
//! `CUEPOINT_UPLOAD_LIMIT` in their handler.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::Limited;

use super::error::ApiError;
use super::state::AppState;

/// Limits the request body: 413 when `Content-Length` says it is too
/// large, and a body that grows past the limit fails to read (the extractors answer 413).
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
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
