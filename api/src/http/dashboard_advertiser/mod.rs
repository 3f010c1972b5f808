//! `GET /api/v1/dashboard/advertiser` (SPEC 7, 7.1; docs/dashboards.md): the advertiser's
//! audience-fit summary, the excluded shows, the projection of a flight and the inventory
//! calendar of the shows covered.

mod params;

use axum::extract::State;
use axum::Json as JsonResponse;
use cuepoint_projections::read_models::catalog;
use cuepoint_projections::read_models::dashboards::advertiser::{
    advertiser_dashboard, AdvertiserDashboard, AdvertiserQuery,
};

pub use params::{AdvertiserParams, Checked};

use super::auth::Principal;
use super::error::ApiError;
use super::matches::advertiser_in_scope;
use super::query::Query;
use super::state::AppState;
use cuepoint_domain::feature::Feature;

/// `GET /api/v1/dashboard/advertiser?advertiser_id=&as_of=&flight_start=&flight_end=&flat_fee=&weeks=&limit=&show_id=`:
/// parameters out of bounds are 400; an advertiser token reads its own advertiser only
/// (another's, or an unknown one, is 404); an unknown `show_id` is 404.
pub async fn dashboard(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<AdvertiserParams>,
) -> Result<JsonResponse<AdvertiserDashboard>, ApiError> {
    let checked = params.check()?;
    let advertiser_id = advertiser_in_scope(&principal, params.advertiser_id)?;
    let tenant = principal.tenant_id();
    let advertiser = catalog::advertiser_profile(&state.pool, tenant, &advertiser_id)
        .await?
        .ok_or_else(|| ApiError::not_found("advertiser"))?;
    let show_id = params.show_id.as_ref().map(|id| id.as_str());
    if let Some(show_id) = show_id {
        catalog::get_show(&state.pool, tenant, show_id)
            .await?
            .ok_or_else(|| ApiError::not_found("show"))?;
    }
    let query = AdvertiserQuery {
        tenant_id: tenant,
        currency: &principal.tenant.currency,
        advertiser_id: &advertiser_id,
        advertiser: &advertiser,
        as_of: checked.as_of,
        flight: checked.flight,
        flat_fee: checked.flat_fee,
        weeks: checked.weeks,
        limit: checked.limit,
        show_id,
    };
    let mut answer = advertiser_dashboard(&state.pool, &query).await?;
    // With matchmaking switched off (SPEC 9) the fit part is empty; the projection and the
    // inventory still cover the shows in fit order.
    if !state.features.is_on(Feature::Matchmaking) {
        answer.fit.clear();
        answer.excluded.clear();
    }
    Ok(JsonResponse(answer))
}
