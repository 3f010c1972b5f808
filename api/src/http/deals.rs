//! Deal commands over HTTP: create, change, move between open stages, win, lose, reopen.
//! (The reads are in `pipeline`.)

use axum::extract::State;
use cuepoint_domain::deal::{DealInput, DealPatch};
use cuepoint_domain::ids::DealId;
use cuepoint_domain::money::Currency;
use serde::Deserialize;

use super::auth::Principal;
use super::error::ApiError;
use super::json::{Json, OptionalJson};
use super::path::Path;
use super::state::AppState;
use crate::commands::{Actor, Committed};

/// Body of `POST /api/v1/deals/{id}/stage` and `.../reopen`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageBody {
    /// An open stage: `lead`, `qualified`, `proposal` or `negotiation`.
    pub stage: Option<String>,
}

/// Body of `POST /api/v1/deals/{id}/win` (optional).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WinBody {
    /// The day it closed, `YYYY-MM-DD`; default today (UTC).
    pub closed_on: Option<String>,
}

/// Body of `POST /api/v1/deals/{id}/lose`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoseBody {
    /// `price`, `timing`, `competitor`, `no_budget`, `no_fit` or `other`.
    pub reason: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// The day it closed, `YYYY-MM-DD`; default today (UTC).
    pub closed_on: Option<String>,
}

/// `POST /api/v1/deals`: creates a deal (201).
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    actor: Actor,
    Json(input): Json<DealInput>,
) -> Result<Committed, ApiError> {
    let currency: Currency = (principal.tenant.currency.parse())
        .map_err(|e| anyhow::anyhow!("the tenant's currency: {e}"))?;
    state.commands.create_deal(&actor, currency, input).await
}

/// `PATCH /api/v1/deals/{id}`: changes the fields given.
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<DealId>,
    Json(patch): Json<DealPatch>,
) -> Result<Committed, ApiError> {
    state.commands.update_deal(&actor, &id, patch).await
}

/// `POST /api/v1/deals/{id}/stage`: moves an open deal to another open stage.
pub async fn move_stage(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<DealId>,
    Json(body): Json<StageBody>,
) -> Result<Committed, ApiError> {
    state
        .commands
        .move_deal_stage(&actor, &id, body.stage)
        .await
}

/// `POST /api/v1/deals/{id}/win`: wins an open deal; its draft IO follows.
pub async fn win(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<DealId>,
    OptionalJson(body): OptionalJson<WinBody>,
) -> Result<Committed, ApiError> {
    state.commands.win_deal(&actor, &id, body.closed_on).await
}

/// `POST /api/v1/deals/{id}/lose`: loses an open deal, with a reason.
pub async fn lose(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<DealId>,
    Json(body): Json<LoseBody>,
) -> Result<Committed, ApiError> {
    let LoseBody {
        reason,
        note,
        closed_on,
    } = body;
    (state.commands)
        .lose_deal(&actor, &id, reason, note, closed_on)
        .await
}

/// `POST /api/v1/deals/{id}/reopen`: reopens a closed deal into an open stage.
pub async fn reopen(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<DealId>,
    Json(body): Json<StageBody>,
) -> Result<Committed, ApiError> {
    state.commands.reopen_deal(&actor, &id, body.stage).await
}
