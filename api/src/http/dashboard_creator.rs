//! `GET /api/v1/dashboard/creator?as_of=&show_id=`: pacing, 30-day revenue and makegoods
//! pending (SPEC 7.1; docs/dashboards.md). A creator token sees its shows (another show's
//! `show_id` is 404); staff see every show, or the one named.

use axum::extract::State;
use axum::Json as JsonResponse;
use chrono::NaiveDate;
use cuepoint_domain::ids::ShowId;
use cuepoint_projections::read_models::catalog;
use cuepoint_projections::read_models::dashboards::creator::{
    creator_dashboard, CreatorDashboard, CreatorQuery,
};
use serde::Deserialize;

use super::auth::Principal;
use super::error::ApiError;
use super::etl::yesterday;
use super::query::Query;
use super::state::AppState;

/// Parameters of the creator dashboard. (`after`, the consistency token, is read by the
/// route's consistency layer.)
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CreatorParams {
    /// The day the figures are as of (default yesterday, UTC).
    pub as_of: Option<NaiveDate>,
    /// Only this show.
    pub show_id: Option<ShowId>,
}

/// `GET /api/v1/dashboard/creator`
pub async fn creator(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<CreatorParams>,
) -> Result<JsonResponse<CreatorDashboard>, ApiError> {
    let shows = shown(&state, &principal, params.show_id).await?;
    let query = CreatorQuery {
        tenant_id: principal.tenant_id(),
        currency: &principal.tenant.currency,
        shows: shows.as_deref(),
        as_of: params.as_of.unwrap_or_else(yesterday),
    };
    Ok(JsonResponse(creator_dashboard(&state.pool, &query).await?))
}

/// The shows to show: the one named, if the caller may see it and the catalog has it (else
/// 404); otherwise a creator's shows, or `None` (every show) for staff.
async fn shown(
    state: &AppState,
    principal: &Principal,
    show_id: Option<ShowId>,
) -> Result<Option<Vec<String>>, ApiError> {
    let Some(show_id) = show_id else {
        return Ok(principal.show_scope().map(<[String]>::to_vec));
    };
    if !principal.may_see_show(show_id.as_str()) {
        return Err(ApiError::not_found("show"));
    }
    catalog::get_show(&state.pool, principal.tenant_id(), show_id.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found("show"))?;
    Ok(Some(vec![show_id.into()]))
}
