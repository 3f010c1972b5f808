//! `GET /api/v1/matches`: an advertiser's shows ranked by audience fit, with the parts of
//! the score, and the shows excluded for it (the `matches` read model; docs/dashboards.md).

use axum::extract::State;
use axum::Json as JsonResponse;
use cuepoint_domain::ids::AdvertiserId;
use cuepoint_projections::read_models::catalog;
use cuepoint_projections::read_models::matches::{self, ExcludedShow, ShowFit};
use serde::{Deserialize, Serialize};

use super::auth::Principal;
use super::error::ApiError;
use super::etl::bad_param;
use super::query::{PageParams, Query};
use super::state::AppState;

/// Parameters of `GET /api/v1/matches`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct MatchesParams {
    /// The advertiser: staff name one; an advertiser token reads its own (the default).
    pub advertiser_id: Option<AdvertiserId>,
    /// At most this many shows in each list (1..=200, default 50).
    #[schemars(range(min = 1, max = cuepoint_projections::read_models::page::MAX_LIMIT))]
    pub limit: Option<i64>,
}

/// The answer.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct MatchesReport {
    /// The advertiser.
    pub advertiser_id: String,
    /// Its best-fitting shows: by score descending, then show name.
    pub matches: Vec<ShowFit>,
    /// The shows it cannot run on, by show name.
    pub excluded: Vec<ExcludedShow>,
}

/// `GET /api/v1/matches?advertiser_id=&limit=`
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<MatchesParams>,
) -> Result<JsonResponse<MatchesReport>, ApiError> {
    let limit = PageParams {
        limit: params.limit,
        cursor: None,
    }
    .page()?
    .limit();
    let advertiser_id = advertiser_in_scope(&principal, params.advertiser_id)?;
    let tenant = principal.tenant_id();
    catalog::get_advertiser(&state.pool, tenant, &advertiser_id)
        .await?
        .ok_or_else(|| ApiError::not_found("advertiser"))?;
    let (matches, excluded) = tokio::try_join!(
        matches::ranked(&state.pool, tenant, &advertiser_id, limit),
        matches::excluded(&state.pool, tenant, &advertiser_id, limit),
    )?;
    Ok(JsonResponse(MatchesReport {
        advertiser_id,
        matches,
        excluded,
    }))
}

/// The advertiser a request is about: for an advertiser token its own (naming another is
/// 404, as for an unknown one); staff must name one (400 `invalid_query`).
pub fn advertiser_in_scope(
    principal: &Principal,
    named: Option<AdvertiserId>,
) -> Result<String, ApiError> {
    match (named.map(String::from), principal.advertiser_scope()) {
        (Some(id), _) if principal.may_see_advertiser(&id) => Ok(id),
        (Some(_), _) => Err(ApiError::not_found("advertiser")),
        (None, Some(own)) => {
            (own.first().cloned()).ok_or_else(|| ApiError::not_found("advertiser"))
        }
        (None, None) => Err(bad_param("advertiser_id: name the advertiser")),
    }
}
