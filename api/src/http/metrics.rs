//! `GET /api/v1/metrics/daily`: downloads per day of a show or episode.

use axum::extract::State;
use axum::Json as JsonResponse;
use chrono::NaiveDate;
use cuepoint_projections::read_models::catalog;
use cuepoint_projections::read_models::metrics::{self, DailyFigure, DailyQuery};
use serde::{Deserialize, Serialize};

use cuepoint_domain::bounds::checked_sum;
use cuepoint_domain::ids::ShowId;

use super::auth::Principal;
use super::error::ApiError;
use super::etl::bad_param;
use super::query::{one_line, Query};
use super::state::AppState;

/// The longest range one request may ask for, in days.
pub const MAX_DAYS: i64 = 731;

/// Parameters of `GET /api/v1/metrics/daily`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct DailyParams {
    /// The show.
    pub show_id: ShowId,
    /// First day, inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// Only this episode.
    pub episode: Option<String>,
}

/// The answer.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DailyReport {
    /// The show.
    pub show_id: String,
    /// The episode, if one was asked for.
    pub episode: Option<String>,
    /// The source counted (the show's `metrics_source`), or `null`: all sources summed.
    pub source: Option<String>,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Each day with data, in order.
    pub days: Vec<DailyFigure>,
    /// Sum of `downloads` over `days`.
    pub total_downloads: i64,
}

/// `GET /api/v1/metrics/daily?show_id=&from=&to=[&episode=]`: counts only the show's
/// `metrics_source` where it has one, else all sources (docs/rules.md, delivered impressions).
pub async fn daily(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<DailyParams>,
) -> Result<JsonResponse<DailyReport>, ApiError> {
    if params.to < params.from {
        return Err(bad_param("to: must not be before from"));
    }
    if (params.to - params.from).num_days() >= MAX_DAYS {
        return Err(bad_param(format!("at most {MAX_DAYS} days per request")));
    }
    one_line("episode", params.episode.as_deref())?;
    if !principal.may_see_show(params.show_id.as_str()) {
        return Err(ApiError::not_found("show"));
    }
    let tenant = principal.tenant_id();
    let show = catalog::get_show(&state.pool, tenant, params.show_id.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found("show"))?;
    let source = show.profile["metrics_source"].as_str().map(str::to_string);
    let query = DailyQuery {
        tenant_id: tenant,
        show_id: params.show_id.as_str(),
        episode: params.episode.as_deref(),
        source: source.as_deref(),
        from: params.from,
        to: params.to,
    };
    let days = metrics::daily(&state.pool, &query).await?;
    let total_downloads = checked_sum(days.iter().map(|d| d.downloads), "total downloads")
        .map_err(|overflow| ApiError::Unexpected(overflow.into()))?;
    Ok(JsonResponse(DailyReport {
        total_downloads,
        show_id: params.show_id.into(),
        episode: params.episode,
        source,
        from: params.from,
        to: params.to,
        days,
    }))
}
