//! `/api/v1/shows` and `/api/v1/advertisers`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json as JsonResponse;
use cuepoint_domain::catalog::{
    AdvertiserCommand, AdvertiserInput, AdvertiserPatch, AdvertiserProfile, ShowCommand, ShowInput,
    ShowPatch, ShowProfile,
};
use cuepoint_domain::ids::{AdvertiserId, ShowId};
use cuepoint_domain::violation::{FieldViolation, Violations};
use cuepoint_projections::read_models::catalog::{self, CatalogEntry};
use cuepoint_projections::read_models::page::{Page, PageRequest};
use serde::Deserialize;

use super::auth::Principal;
use super::error::ApiError;
use super::json::Json;
use super::query::Query;
use super::state::AppState;
use crate::commands::{Actor, Committed};

/// Paging parameters of a list. (`after`, the consistency token, is read by the route's
/// consistency layer; unknown parameters are ignored.)
#[derive(Debug, Deserialize)]
pub struct ListParams {
    /// Items per page (1..=200, default 50).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListParams {
    fn page(self) -> PageRequest {
        PageRequest {
            limit: self.limit,
            after: self.cursor,
        }
    }
}

/// `POST /api/v1/shows`
pub async fn create_show(
    State(state): State<AppState>,
    actor: Actor,
    Json(input): Json<ShowInput>,
) -> Result<Committed, ApiError> {
    let profile = ShowProfile::parse(input).map_err(ApiError::invalid)?;
    let id = ShowId::generate();
    ensure_slug_free(&state, &actor, profile.slug().as_str(), None).await?;
    let bus = &state.commands;
    bus.execute(
        &bus.shows,
        &actor,
        id.as_str(),
        ShowCommand::Create { profile },
        StatusCode::CREATED,
    )
    .await
}

/// `PATCH /api/v1/shows/{id}` (also `POST`): changes the fields given.
pub async fn update_show(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<ShowId>,
    Json(patch): Json<ShowPatch>,
) -> Result<Committed, ApiError> {
    if let Some(slug) = patch.slug.as_deref() {
        ensure_slug_free(&state, &actor, slug, Some(&id)).await?;
    }
    let bus = &state.commands;
    bus.execute(
        &bus.shows,
        &actor,
        id.as_str(),
        ShowCommand::Update { patch },
        StatusCode::OK,
    )
    .await
}

/// `GET /api/v1/shows`
pub async fn list_shows(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<ListParams>,
) -> Result<JsonResponse<Page<CatalogEntry>>, ApiError> {
    let page = catalog::list_shows(
        &state.pool,
        principal.tenant_id(),
        principal.show_scope(),
        &params.page(),
    )
    .await?;
    Ok(JsonResponse(page))
}

/// `GET /api/v1/shows/{id}`
pub async fn get_show(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<JsonResponse<CatalogEntry>, ApiError> {
    if !principal.may_see_show(&id) {
        return Err(ApiError::not_found("show"));
    }
    catalog::get_show(&state.pool, principal.tenant_id(), &id)
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
    let profile = AdvertiserProfile::parse(input).map_err(ApiError::invalid)?;
    let id = AdvertiserId::generate();
    let bus = &state.commands;
    let command = AdvertiserCommand::Create { profile };
    bus.execute(
        &bus.advertisers,
        &actor,
        id.as_str(),
        command,
        StatusCode::CREATED,
    )
    .await
}

/// `PATCH /api/v1/advertisers/{id}` (also `POST`): changes the fields given.
pub async fn update_advertiser(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<AdvertiserId>,
    Json(patch): Json<AdvertiserPatch>,
) -> Result<Committed, ApiError> {
    let bus = &state.commands;
    let command = AdvertiserCommand::Update { patch };
    bus.execute(
        &bus.advertisers,
        &actor,
        id.as_str(),
        command,
        StatusCode::OK,
    )
    .await
}

/// `GET /api/v1/advertisers`
pub async fn list_advertisers(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<ListParams>,
) -> Result<JsonResponse<Page<CatalogEntry>>, ApiError> {
    let page = catalog::list_advertisers(
        &state.pool,
        principal.tenant_id(),
        principal.advertiser_scope(),
        &params.page(),
    )
    .await?;
    Ok(JsonResponse(page))
}

/// `GET /api/v1/advertisers/{id}`
pub async fn get_advertiser(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<JsonResponse<CatalogEntry>, ApiError> {
    if !principal.may_see_advertiser(&id) {
        return Err(ApiError::not_found("advertiser"));
    }
    catalog::get_advertiser(&state.pool, principal.tenant_id(), &id)
        .await?
        .map(JsonResponse)
        .ok_or_else(|| ApiError::not_found("advertiser"))
}

/// Imports name shows by slug, so a slug names one show per tenant. Checked against the
/// read model: two creations racing with one slug can both pass (see docs/decisions.md).
async fn ensure_slug_free(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    except: Option<&ShowId>,
) -> Result<(), ApiError> {
    let owner: Option<String> = sqlx::query_scalar(
        "SELECT show_id FROM rm_shows WHERE tenant_id = $1 AND profile ->> 'slug' = $2 LIMIT 1",
    )
    .bind(&actor.tenant_id)
    .bind(slug)
    .fetch_optional(&state.pool)
    .await?;
    match owner {
        Some(owner) if except.is_none_or(|id| id.as_str() != owner) => {
            let mut violations = Violations::new();
            violations.push(FieldViolation::new(
                "slug",
                "slug_taken",
                format!("another show uses the slug {slug}"),
            ));
            Err(ApiError::invalid(violations))
        }
        _ => Ok(()),
    }
}
