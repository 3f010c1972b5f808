//! `?after=TOKEN` (or the `Consistency-Token` header): a query waits, boundedly, until the
//! read models it reads have caught up with the command that returned the token.

use axum::extract::{Query as AxumQuery, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cuepoint_projections::consistency::{wait_for, EventRef};
use cuepoint_projections::Position;
use serde::Deserialize;

use super::auth::Principal;
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
    let tenant = request
        .extensions()
        .get::<Principal>()
        .map(|p| p.tenant_id().to_string());
    let token = match token(&request) {
        Ok(token) => token,
        Err(error) => return error.into_response(),
    };
    let target = match target(&state, token, tenant.as_deref()).await {
        Ok(target) => target,
        Err(error) => return error.into_response(),
    };
    let Some(target) = target else {
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

/// The log position the request's token names, if it has a token.
async fn target(
    state: &AppState,
    token: Option<String>,
    tenant: Option<&str>,
) -> Result<Option<Position>, ApiError> {
    let Some(raw) = token else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::bad_request(
            "invalid_consistency_token",
            format!("not a consistency token of this tenant: {raw}"),
        )
    };
    let event: EventRef = raw.parse().map_err(|_| invalid())?;
    if tenant != Some(event.tenant_id()) {
        return Err(invalid());
    }
    match event.resolve(&state.pool).await? {
        Some(position) => Ok(Some(position)),
        None => Err(invalid()),
    }
}

/// The `after` query parameter; every other parameter is the handler's.
#[derive(Deserialize)]
struct After {
    after: Option<String>,
}

/// The request's token: `?after=` (decoded as every query parameter is, so a
/// percent-encoded token reads the same), else the `Consistency-Token` header.
fn token(request: &Request) -> Result<Option<String>, ApiError> {
    let AxumQuery(After { after }) = AxumQuery::try_from_uri(request.uri())
        .map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))?;
    let from_header = || {
        request
            .headers()
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Ok(after.or_else(from_header))
}
