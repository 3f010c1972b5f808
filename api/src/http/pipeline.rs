//! `/api/v1/deals` and `/api/v1/pipeline`: the deal list and detail and the pipeline by
//! stage, read from the `deals` read model. Staff only: the route table hides these routes
//! from creators and advertisers (404), the sales pipeline being the sales team's.

use axum::extract::State;
use axum::Json as JsonResponse;
use chrono::NaiveDate;
use cuepoint_domain::deal::{DealStage, StageTotal};
use cuepoint_domain::ids::{AdvertiserId, DealId};
use cuepoint_projections::read_models::deals::{self, DealDetail, DealFilter, DealSummary};
use cuepoint_projections::read_models::page::Page;
use serde::{Deserialize, Serialize};

use super::auth::Principal;
use super::error::ApiError;
use super::path::Path;
use super::query::{one_line, PageParams, Query};
use super::state::AppState;

/// Filters and paging of `GET /api/v1/deals`. (`after`, the consistency token, is read by
/// the route's consistency layer.)
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListParams {
    /// Deals in this stage.
    pub stage: Option<DealStage>,
    /// Deals of this owner (the exact name, trimmed; blank is no filter).
    #[schemars(with = "Option<cuepoint_domain::schema::LineOrBlank>")]
    pub owner: Option<String>,
    /// Deals with this advertiser.
    pub advertiser_id: Option<AdvertiserId>,
    /// Deals expected to close on or after this day.
    pub close_from: Option<NaiveDate>,
    /// Deals expected to close on or before this day.
    pub close_to: Option<NaiveDate>,
    /// Items per page (1..=200, default 50).
    #[schemars(range(min = 1, max = cuepoint_projections::read_models::page::MAX_LIMIT))]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[schemars(pattern(cuepoint_domain::schema::ID_PATTERN))]
    pub cursor: Option<String>,
}

/// `GET /api/v1/deals`
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<ListParams>,
) -> Result<JsonResponse<Page<DealSummary>>, ApiError> {
    if let (Some(from), Some(to)) = (params.close_from, params.close_to) {
        if to < from {
            return Err(ApiError::bad_request(
                "invalid_query",
                "`close_to` is before `close_from`",
            ));
        }
    }
    one_line("owner", params.owner.as_deref())?;
    let owner = (params.owner.as_deref().map(str::trim)).filter(|o| !o.is_empty());
    let filter = DealFilter {
        stage: params.stage,
        owner: owner.map(str::to_string),
        advertiser_id: params.advertiser_id.map(String::from),
        close_from: params.close_from,
        close_to: params.close_to,
    };
    let page = PageParams {
        limit: params.limit,
        cursor: params.cursor,
    }
    .page()?;
    let found = deals::list_deals(&state.pool, principal.tenant_id(), &filter, &page);
    Ok(JsonResponse(found.await?))
}

/// `GET /api/v1/deals/{id}`
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<DealId>,
) -> Result<JsonResponse<DealDetail>, ApiError> {
    deals::get_deal(&state.pool, principal.tenant_id(), id.as_str())
        .await?
        .map(JsonResponse)
        .ok_or_else(|| ApiError::not_found("deal"))
}

/// The pipeline by stage.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PipelineReport {
    /// ISO-4217 currency of every amount (the tenant's).
    pub currency: String,
    /// Every stage in stage order (`lead` to `closed_lost`), empty ones included.
    pub stages: Vec<StageTotal>,
}

/// `GET /api/v1/pipeline`
pub async fn by_stage(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<JsonResponse<PipelineReport>, ApiError> {
    let stages = deals::pipeline(&state.pool, principal.tenant_id()).await?;
    Ok(JsonResponse(PipelineReport {
        currency: principal.tenant.currency.clone(),
        stages,
    }))
}
