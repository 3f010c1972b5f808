//! `?after=TOKEN` (or the `Consistency-Token` header): a query waits, boundedly, until the
//! read models it reads have caught up with the command that returned the token.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cuepoint_projections::consistency::wait_for;
use cuepoint_projections::Position;

use super::error::ApiError;
use super::state::AppState;

/// Header carrying a consistency token, on command responses and query requests.
pub const TOKEN_HEADER: &str = "consistency-token";

/// Waits for `projections` to pass the request's token, if it has one. A response that
/// could not wait long enough carries `Consistency: stale`.
pub async fn read_after(
    State(state): State<AppState>,
    projections: &'static [&'static str],
    request: Request,
    next: Next,
) -> Response {
    let token = match token(&request) {
        Ok(token) => token,
        Err(error) => return error.into_response(),
    };
    let Some(target) = token else {
        return next.run(request).await;
    };
    let timeout = state.settings.consistency_timeout;
    match wait_for(&state.pool, projections, target, timeout).await {
        Ok(true) => next.run(request).await,
        Ok(false) => {
            let mut response = next.run(request).await;
            response
                .headers_mut()
                .insert("consistency", HeaderValue::from_static("stale"));
            response
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

fn token(request: &Request) -> Result<Option<Position>, ApiError> {
    let from_query = request.uri().query().and_then(|query| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("after="))
            .map(str::to_string)
    });
    let from_header = || {
        request
            .headers()
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    match from_query.or_else(from_header) {
        None => Ok(None),
        Some(raw) => raw.parse().map(Some).map_err(|_| {
            ApiError::bad_request(
                "invalid_consistency_token",
                format!("not a consistency token: {raw}"),
            )
        }),
    }
}
