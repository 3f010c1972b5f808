//! Administration: projection status and API tokens.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json as JsonResponse;
use cuepoint_domain::ids::TokenId;
use cuepoint_domain::tenancy::Role;
use cuepoint_projections::registry;
use cuepoint_projections::status::{tenant_status, TenantProjectionStatus};
use serde::Deserialize;

use super::auth::Principal;
use super::error::ApiError;
use super::json::Json;
use super::path::Path;
use super::state::AppState;
use crate::tenancy::{
    create_token, list_tokens, revoke_token, Grant, IssuedToken, TenancyError, TokenInfo,
};

/// `GET /api/v1/projections`: for the caller's tenant only, whether each read model has read
/// the tenant's events, how far behind it is, and how many of the tenant's events it parked.
/// Log positions, event counts and workers are the operator's (`cuepoint projections`).
pub async fn projections(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<JsonResponse<Vec<TenantProjectionStatus>>, ApiError> {
    let statuses = tenant_status(&state.pool, principal.tenant_id(), &registry::all()).await?;
    Ok(JsonResponse(statuses))
}

/// Body of `POST /api/v1/tokens`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// A label for the token.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Creator tokens: the shows it may see.
    #[serde(default)]
    pub show_ids: Vec<String>,
    /// Advertiser tokens: its advertiser.
    pub advertiser_id: Option<String>,
}

/// `POST /api/v1/tokens`: a new token of the caller's tenant; the secret is in this answer only.
pub async fn issue_token(
    State(state): State<AppState>,
    principal: Principal,
    Json(body): Json<NewToken>,
) -> Result<(StatusCode, JsonResponse<IssuedToken>), ApiError> {
    let grant = Grant {
        role: body.role,
        show_ids: body.show_ids,
        advertiser_id: body.advertiser_id,
    };
    match create_token(&state.pool, &principal.tenant.slug, &body.name, &grant).await {
        Ok(issued) => Ok((StatusCode::CREATED, JsonResponse(issued))),
        Err(TenancyError::InvalidGrant(violations)) => Err(ApiError::invalid(violations)),
        Err(TenancyError::CatalogUnavailable) => Err(ApiError::Unavailable(
            "the catalog read model is unreachable".to_string(),
        )),
        Err(TenancyError::Database(error)) => Err(error.into()),
        Err(other) => Err(ApiError::Unexpected(other.into())),
    }
}

/// `GET /api/v1/tokens`: the tenant's tokens, without their secrets.
pub async fn tokens(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<JsonResponse<Vec<TokenInfo>>, ApiError> {
    Ok(JsonResponse(
        list_tokens(&state.pool, principal.tenant_id()).await?,
    ))
}

/// `DELETE /api/v1/tokens/{id}`: revokes a token (204). This process stops accepting it at
/// once; other processes within `CUEPOINT_AUTH_CACHE_SECONDS`.
pub async fn revoke(
    State(state): State<AppState>,
    principal: Principal,
    Path(token_id): Path<TokenId>,
) -> Result<StatusCode, ApiError> {
    if !revoke_token(&state.pool, principal.tenant_id(), token_id.as_str()).await? {
        return Err(ApiError::not_found("token"));
    }
    state.credentials.clear();
    Ok(StatusCode::NO_CONTENT)
}
