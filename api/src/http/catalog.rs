//! `/api/v1/shows` and `/api/v1/advertisers`.

use axum::extract::State;
use axum::Json as JsonResponse;
use cuepoint_domain::catalog::{AdvertiserInput, AdvertiserPatch, ShowInput, ShowPatch};
use cuepoint_domain::ids::{AdvertiserId, ShowId};
use cuepoint_projections::read_models::catalog::{self, CatalogEntry};
use cuepoint_projections::read_models::page::Page;

use super::auth::Principal;
use super::error::ApiError;
use super::json::Json;
use super::path::Path;
use super::query::{PageParams, Query};
use super::state::AppState;
use crate::commands::{Actor, Committed};

/// `POST /api/v1/shows`
pub async fn create_show(
    State(state): State<AppState>,
    actor: Actor,
    Json(input): Json<ShowInput>,
) -> Result<Committed, ApiError> {
    state.commands.create_show(&actor, input).await
}

/// `PATCH /api/v1/shows/{id}` (also `POST`): changes the fields given.
pub async fn update_show(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<ShowId>,
    Json(patch): Json<ShowPatch>,
) -> Result<Committed, ApiError> {
    state.commands.update_show(&actor, &id, patch).await
}

/// `GET /api/v1/shows`
pub async fn list_shows(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<PageParams>,
) -> Result<JsonResponse<Page<CatalogEntry>>, ApiError> {
    let page = catalog::list_shows(
        &state.pool,
        principal.tenant_id(),
        principal.show_scope(),
        &params.page()?,
    )
    .await?;
    Ok(JsonResponse(page))
}

/// `GET /api/v1/shows/{id}`
pub async fn get_show(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<ShowId>,
) -> Result<JsonResponse<CatalogEntry>, ApiError> {
    if !principal.may_see_show(id.as_str()) {
        return Err(ApiError::not_found("show"));
    }
    catalog::get_show(&state.pool, principal.tenant_id(), id.as_str())
        .await?
        .map(JsonResponse)
        .ok_or_else(|| ApiError::not_found("show"))
}

/// `POST /api/v1/advertisers`
pub async fn create_advertiser(
    State(state): State<AppState>,
    actor: Actor,
    Json(input): Json<AdvertiserInput>,
) -> Result<Committed, ApiError> {
    state.commands.create_advertiser(&actor, input).await
}

/// `PATCH /api/v1/advertisers/{id}` (also `POST`): changes the fields given.
pub async fn update_advertiser(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<AdvertiserId>,
    Json(patch): Json<AdvertiserPatch>,
) -> Result<Committed, ApiError> {
    state.commands.update_advertiser(&actor, &id, patch).await
}

/// `GET /api/v1/advertisers`
pub async fn list_advertisers(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<PageParams>,
) -> Result<JsonResponse<Page<CatalogEntry>>, ApiError> {
    let page = catalog::list_advertisers(
        &state.pool,
        principal.tenant_id(),
        principal.advertiser_scope(),
        &params.page()?,
    )
    .await?;
    Ok(JsonResponse(page))
}

/// `GET /api/v1/advertisers/{id}`
pub async fn get_advertiser(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<AdvertiserId>,
) -> Result<JsonResponse<CatalogEntry>, ApiError> {
    if !principal.may_see_advertiser(id.as_str()) {
        return Err(ApiError::not_found("advertiser"));
    }
    catalog::get_advertiser(&state.pool, principal.tenant_id(), id.as_str())
        .await?
        .map(JsonResponse)
        .ok_or_else(|| ApiError::not_found("advertiser"))
}
