//! `GET /api/v1/alerts`: the tenant's alerts (SPEC 8), newest raised first.

use axum::extract::State;
use axum::Json;
use cuepoint_domain::automation::AlertKind;
use cuepoint_projections::read_models::alerts::{list_alerts, AlertFilter, AlertRow};
use cuepoint_projections::read_models::page::MAX_LIMIT;
use serde::{Deserialize, Serialize};

use super::auth::Principal;
use super::error::ApiError;
use super::query::Query;
use super::state::AppState;

/// Parameters of `GET /api/v1/alerts`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AlertParams {
    /// `true`: open alerts only; `false`: cleared ones only; absent: both.
    pub open: Option<bool>,
    /// Only alerts of this kind (`deal_stale`, `deal_overdue`, `etl_degraded`, `etl_failing`,
    /// `makegood_raised`); several separated by commas.
    pub kind: Option<String>,
    /// At most this many (1..=200, default 50).
    #[schemars(range(min = 1, max = MAX_LIMIT))]
    pub limit: Option<i64>,
}

/// The answer of `GET /api/v1/alerts`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AlertList {
    /// The alerts, newest raised first.
    pub items: Vec<AlertRow>,
}

/// `GET /api/v1/alerts?open=&kind=&limit=`
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<AlertParams>,
) -> Result<Json<AlertList>, ApiError> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_query",
            format!("limit must be within 1..={MAX_LIMIT}, not {limit}"),
        ));
    }
    let kinds = (params.kind.as_deref().unwrap_or_default().split(','))
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| k.parse::<AlertKind>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::bad_request("invalid_query", format!("kind: {e}")))?;
    let filter = AlertFilter {
        open: params.open,
        kinds,
        limit,
    };
    let items = list_alerts(&state.pool, principal.tenant_id(), &filter).await?;
    Ok(Json(AlertList { items }))
}
