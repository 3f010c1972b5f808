//! `/api/v1/webhooks`: register, list and delete the tenant's webhooks, and read a webhook's
//! deliveries with every attempt (admin).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json as JsonResponse;
use cuepoint_domain::automation::AlertKind;
use cuepoint_domain::violation::Violations;
use serde::{Deserialize, Serialize};

use super::auth::Principal;
use super::error::ApiError;
use super::json::Json;
use super::path::Path;
use super::state::AppState;
use crate::webhooks::store::{self, CreatedWebhook, Delivery, Webhook};

/// Longest webhook URL accepted.
const MAX_URL_LEN: usize = 2048;
/// Deliveries listed per webhook (the newest).
const DELIVERIES_LISTED: i64 = 100;

/// The body of `POST /api/v1/webhooks`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct WebhookInput {
    /// Where to POST the alerts: an `http` or `https` URL.
    pub url: Option<String>,
    /// The alert kinds to receive (at least one).
    pub kinds: Option<Vec<String>>,
}

/// The tenant's webhooks.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct WebhookList {
    /// Oldest first.
    pub items: Vec<Webhook>,
}

/// A webhook's deliveries.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DeliveryList {
    /// The newest 100, newest first, each with its attempts.
    pub items: Vec<Delivery>,
}

/// The URL and kinds of `input`, or every field at fault.
fn validate(input: WebhookInput) -> Result<(String, Vec<AlertKind>), ApiError> {
    let mut v = Violations::new();
    let url = match input.url.as_deref().map(str::trim) {
        None | Some("") => {
            v.add("url", "required", "the URL to POST alerts to");
            None
        }
        Some(raw) if raw.len() > MAX_URL_LEN => {
            v.add(
                "url",
                "too_long",
                format!("at most {MAX_URL_LEN} characters"),
            );
            None
        }
        Some(raw) => match reqwest::Url::parse(raw) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
                Some(url.to_string())
            }
            _ => {
                v.add("url", "invalid_url", "an absolute http or https URL");
                None
            }
        },
    };
    let mut kinds = Vec::new();
    match input.kinds.as_deref() {
        None | Some([]) => v.add("kinds", "required", "at least one alert kind"),
        Some(raw) => {
            for (i, kind) in raw.iter().enumerate() {
                match kind.parse::<AlertKind>() {
                    Ok(kind) if !kinds.contains(&kind) => kinds.push(kind),
                    Ok(_) => {}
                    Err(e) => v.add(format!("kinds[{i}]"), "unknown_alert_kind", e.to_string()),
                }
            }
        }
    }
    match url {
        Some(url) if v.is_empty() => Ok((url, kinds)),
        _ => Err(ApiError::invalid(v)),
    }
}

/// `POST /api/v1/webhooks`: registers a webhook; its secret is in this answer only.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    Json(input): Json<WebhookInput>,
) -> Result<(StatusCode, JsonResponse<CreatedWebhook>), ApiError> {
    let (url, kinds) = validate(input)?;
    let created = store::create(&state.pool, principal.tenant_id(), &url, &kinds).await?;
    Ok((StatusCode::CREATED, JsonResponse(created)))
}

/// `GET /api/v1/webhooks`
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<JsonResponse<WebhookList>, ApiError> {
    let items = store::list(&state.pool, principal.tenant_id()).await?;
    Ok(JsonResponse(WebhookList { items }))
}

/// `DELETE /api/v1/webhooks/{id}`: 204; it receives nothing more.
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if store::delete(&state.pool, principal.tenant_id(), &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("webhook"))
    }
}

/// `GET /api/v1/webhooks/{id}/deliveries`
pub async fn deliveries(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<JsonResponse<DeliveryList>, ApiError> {
    let items = store::deliveries(&state.pool, principal.tenant_id(), &id, DELIVERIES_LISTED)
        .await?
        .ok_or_else(|| ApiError::not_found("webhook"))?;
    Ok(JsonResponse(DeliveryList { items }))
}
