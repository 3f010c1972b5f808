//! `/api/v1/dashboard/...`: the personas' dashboards (SPEC 7), each answered from read
//! models as of a day (`as_of`, default yesterday, UTC).

use axum::extract::State;
use axum::Json as JsonResponse;
use chrono::NaiveDate;
use cuepoint_domain::deal::{MonthForecast, WinLoss};
use cuepoint_projections::read_models::deals::{self, DealAlert};
use cuepoint_projections::read_models::imports::{self, SourceHealth};
use serde::{Deserialize, Serialize};

use super::auth::Principal;
use super::error::ApiError;
use super::etl::yesterday;
use super::query::Query;
use super::state::AppState;

/// The day a dashboard is asked for.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AsOfParams {
    /// `YYYY-MM-DD`; default yesterday (UTC), the last complete day of data.
    pub as_of: Option<NaiveDate>,
}

/// The ops dashboard (SPEC 7.1).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct OpsDashboard {
    /// The day asked.
    pub as_of: NaiveDate,
    /// ISO-4217 currency of every amount (the tenant's).
    pub currency: String,
    /// The weighted forecast of the open deals, by month of expected close, ascending.
    pub forecast: Vec<MonthForecast>,
    /// Deals closed in the 90 days through `as_of`, by `closed_on`.
    pub win_loss: WinLoss,
    /// Stale and overdue open deals as of `as_of`: oldest `since` first.
    pub alerts: Vec<DealAlert>,
    /// ETL health per source as of `as_of`, as `GET /api/v1/etl/health` gives it.
    pub etl_health: Vec<SourceHealth>,
}

/// `GET /api/v1/dashboard/ops?as_of=`
pub async fn ops(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<AsOfParams>,
) -> Result<JsonResponse<OpsDashboard>, ApiError> {
    let as_of = params.as_of.unwrap_or_else(yesterday);
    let tenant = principal.tenant_id();
    let (figures, etl_health) = tokio::try_join!(
        deals::deal_figures(&state.pool, tenant, as_of),
        imports::etl_health(&state.pool, tenant, as_of),
    )?;
    Ok(JsonResponse(OpsDashboard {
        as_of,
        currency: principal.tenant.currency.clone(),
        forecast: figures.forecast,
        win_loss: figures.win_loss,
        alerts: figures.alerts,
        etl_health,
    }))
}
