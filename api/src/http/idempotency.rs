//! `Idempotency-Key` on command POSTs: a repeat with the same key (per tenant) returns the
//! first response and does not execute again.
//!
//! The key is reserved before the command runs and completed with the response after it
//! succeeds; a failed command releases it, so it can be retried. The key also goes into the
//! metadata of the events the command writes: if a process dies between the commit and
//! the recording of the response, a later repeat finds the events and answers from them.

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cuepoint_projections::consistency::EventRef;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use super::auth::Principal;
use super::consistency::TOKEN_HEADER;
use super::error::ApiError;
use super::state::AppState;

/// The request header.
pub const HEADER: &str = "idempotency-key";

/// A reservation older than this, still without a response, is presumed abandoned.
const ABANDONED_AFTER: Duration = Duration::from_secs(30);

/// The key of the current request, for the command's event metadata.
#[derive(Clone, Debug)]
pub struct IdempotencyKey(pub String);

/// Applies `Idempotency-Key` semantics to a command route.
pub async fn idempotent(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match run(&state, request, next).await {
        Ok(response) | Err(response) => response,
    }
}

async fn run(state: &AppState, request: Request, next: Next) -> Result<Response, Response> {
    let Some(key) = request.headers().get(HEADER) else {
        return Ok(next.run(request).await);
    };
    let key = parse_key(key).map_err(IntoResponse::into_response)?;
    let principal = request
        .extensions()
        .get::<Principal>()
        .cloned()
        .ok_or_else(|| {
            ApiError::from(anyhow::anyhow!("idempotency before authorization")).into_response()
        })?;
    let tenant = principal.tenant_id();
    let (mut parts, body) = request.into_parts();
    let body = to_bytes(body, state.settings.body_limit)
        .await
        .map_err(|_| {
            ApiError::client(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "request body too large",
            )
            .into_response()
        })?;
    let fingerprint = Sha256::new()
        .chain_update(parts.method.as_str())
        .chain_update(parts.uri.path_and_query().map_or("", |p| p.as_str()))
        .chain_update(&body)
        .finalize()
        .to_vec();

    let pool = &state.pool;
    match reserve(pool, tenant, &key, &fingerprint)
        .await
        .map_err(reply)?
    {
        Reservation::Taken => {}
        Reservation::Existing(existing) => {
            if existing.fingerprint != fingerprint {
                return Err(ApiError::client(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "this Idempotency-Key was used for a different request",
                )
                .into_response());
            }
            if let Some((status, body)) = existing.response {
                return Ok(replay(status, body));
            }
            if !existing.abandoned {
                return Err(ApiError::client(
                    StatusCode::CONFLICT,
                    "idempotency_key_in_progress",
                    "a request with this Idempotency-Key is still running",
                )
                .into_response());
            }
            if let Some(body) = recover(pool, tenant, &key).await.map_err(reply)? {
                complete(pool, tenant, &key, StatusCode::OK, &body)
                    .await
                    .map_err(reply)?;
                return Ok(replay(StatusCode::OK.as_u16(), body));
            }
            take_over(pool, tenant, &key).await.map_err(reply)?;
        }
    }

    parts.extensions.insert(IdempotencyKey(key.clone()));
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    if !response.status().is_success() {
        release(pool, tenant, &key).await.map_err(reply)?;
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX)
        .await
        .map_err(|e| ApiError::from(anyhow::anyhow!("reading a response: {e}")).into_response())?;
    let stored: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    complete(pool, tenant, &key, parts.status, &stored)
        .await
        .map_err(reply)?;
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

fn reply(error: sqlx::Error) -> Response {
    ApiError::from(error).into_response()
}

fn parse_key(value: &HeaderValue) -> Result<String, ApiError> {
    let key = value.to_str().unwrap_or_default().trim();
    if key.is_empty() || key.len() > 255 {
        return Err(ApiError::bad_request(
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 255 visible ASCII characters",
        ));
    }
    Ok(key.to_string())
}

fn replay(status: u16, body: Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = (status, axum::Json(&body)).into_response();
    let headers = response.headers_mut();
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    if let Some(token) = body.get("consistency_token").and_then(Value::as_str) {
        if let Ok(value) = HeaderValue::from_str(token) {
            headers.insert(TOKEN_HEADER, value);
        }
    }
    response
}

enum Reservation {
    Taken,
    Existing(Existing),
}

struct Existing {
    fingerprint: Vec<u8>,
    response: Option<(u16, Value)>,
    abandoned: bool,
}

/// A key's row: the request's fingerprint, the stored answer (status and body) once the
/// command finished, and whether its holder is presumed dead.
type KeyRow = (Vec<u8>, Option<i16>, Option<Value>, bool);

async fn reserve(
    pool: &PgPool,
    tenant: &str,
    key: &str,
    fingerprint: &[u8],
) -> sqlx::Result<Reservation> {
    // A request holding the key may release it between our insert and our read: then the
    // key is free again, and the insert is tried again.
    loop {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (tenant_id, idempotency_key, request_sha256)
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(tenant)
        .bind(key)
        .bind(fingerprint)
        .execute(pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Reservation::Taken);
        }
        let found: Option<KeyRow> = sqlx::query_as(
            "SELECT request_sha256, response_status, response_body,
                created_at < now() - make_interval(secs => $3)
           FROM idempotency_keys WHERE tenant_id = $1 AND idempotency_key = $2",
        )
        .bind(tenant)
        .bind(key)
        .bind(ABANDONED_AFTER.as_secs_f64())
        .fetch_optional(pool)
        .await?;
        let Some((fingerprint, status, body, abandoned)) = found else {
            continue;
        };
        return Ok(Reservation::Existing(Existing {
            fingerprint,
            response: status.map(|s| (s as u16, body.unwrap_or(Value::Null))),
            abandoned,
        }));
    }
}

/// The response of a command that committed under this key but died before recording it.
async fn recover(pool: &PgPool, tenant: &str, key: &str) -> sqlx::Result<Option<Value>> {
    let found: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT aggregate_type, aggregate_id, sequence FROM events
          WHERE tenant_id = $1 AND metadata ->> 'idempotency_key' = $2
          ORDER BY tx_id DESC, global_position DESC LIMIT 1",
    )
    .bind(tenant)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    Ok(found.map(|(aggregate_type, stream_id, sequence)| {
        let id = stream_id
            .split_once(':')
            .map_or("", |(_, id)| id)
            .to_string();
        let token = EventRef {
            aggregate_type,
            sequence,
            stream_id,
        };
        json!({"id": id, "version": sequence, "consistency_token": token.to_string()})
    }))
}

async fn take_over(pool: &PgPool, tenant: &str, key: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE idempotency_keys SET created_at = now() WHERE tenant_id = $1 AND idempotency_key = $2")
        .bind(tenant)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

async fn complete(
    pool: &PgPool,
    tenant: &str,
    key: &str,
    status: StatusCode,
    body: &Value,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET response_status = $3, response_body = $4
          WHERE tenant_id = $1 AND idempotency_key = $2",
    )
    .bind(tenant)
    .bind(key)
    .bind(status.as_u16() as i16)
    .bind(body)
    .execute(pool)
    .await?;
    Ok(())
}

async fn release(pool: &PgPool, tenant: &str, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM idempotency_keys WHERE tenant_id = $1 AND idempotency_key = $2 AND response_status IS NULL")
        .bind(tenant)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}
