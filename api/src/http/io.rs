//! `/api/v1/io`: IO booking commands and the IO list and detail. Ids in paths that are not
//! valid ids are unknown resources (404), like ids of another tenant.

use axum::extract::State;
use axum::Json as JsonResponse;
use chrono::{NaiveDate, Utc};
use cuepoint_domain::ids::{AdvertiserId, IoId, LineItemId, MakegoodId, ShowId};
use cuepoint_domain::io::{
    IoInput, IoStatus, LineItemChange, LineItemInput, LineItemPatch, MakegoodInput, ResolveInput,
};
use cuepoint_domain::money::Currency;
use cuepoint_projections::read_models::io::{self, IoDetail, IoFilter, IoScope, IoSummary};
use cuepoint_projections::read_models::page::Page;
use serde::Deserialize;

use super::auth::Principal;
use super::error::ApiError;
use super::json::Json;
use super::path::Path;
use super::query::{PageParams, Query};
use super::state::AppState;
use crate::commands::{Actor, Committed};

/// The body of `POST /api/v1/io/{id}/cancel`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    /// Why; required (a missing reason is a 422).
    #[serde(default)]
    pub reason: Option<String>,
}

/// The body of `POST /api/v1/io/{id}/amend`: changes applied in order as one revision.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AmendBody {
    /// The changes.
    pub changes: Vec<ChangeBody>,
    /// What the amendment is about.
    #[serde(default)]
    pub note: Option<String>,
}

/// One change of an amendment: `{"op": "add", "line_item": {...}}`,
/// `{"op": "change", "line_item_id": "li-1", "patch": {...}}` or
/// `{"op": "remove", "line_item_id": "li-2"}`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ChangeBody {
    /// Add a line.
    Add {
        /// The line.
        line_item: LineItemInput,
    },
    /// Change a line's fields.
    Change {
        /// Which line.
        line_item_id: LineItemId,
        /// The fields to change.
        patch: LineItemPatch,
    },
    /// Remove a line.
    Remove {
        /// Which line.
        line_item_id: LineItemId,
    },
}

impl From<ChangeBody> for LineItemChange {
    fn from(body: ChangeBody) -> Self {
        match body {
            ChangeBody::Add { line_item } => LineItemChange::Add(line_item),
            ChangeBody::Change {
                line_item_id,
                patch,
            } => LineItemChange::Change {
                line_item_id,
                patch,
            },
            ChangeBody::Remove { line_item_id } => LineItemChange::Remove { line_item_id },
        }
    }
}

/// Filters and paging of `GET /api/v1/io`. (`after`, the consistency token, is read by the
/// route's consistency layer.)
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListParams {
    /// The status as of today: `draft`, `sent`, `signed`, `live`, `completed`, `cancelled`.
    pub status: Option<IoStatus>,
    /// The buying advertiser.
    pub advertiser_id: Option<AdvertiserId>,
    /// IOs with a line on this show.
    pub show_id: Option<ShowId>,
    /// IOs with a line flight overlapping `from..=to` (either bound may be left out).
    pub from: Option<NaiveDate>,
    /// See `from`.
    pub to: Option<NaiveDate>,
    /// Items per page (1..=200, default 50).
    #[schemars(range(min = 1, max = cuepoint_projections::read_models::page::MAX_LIMIT))]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[schemars(pattern(cuepoint_domain::schema::ID_PATTERN))]
    pub cursor: Option<String>,
}

fn scope(principal: &Principal) -> IoScope<'_> {
    IoScope {
        shows: principal.show_scope(),
        advertisers: principal.advertiser_scope(),
    }
}

/// `POST /api/v1/io`: creates a draft (201).
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    actor: Actor,
    Json(input): Json<IoInput>,
) -> Result<Committed, ApiError> {
    let currency: Currency = (principal.tenant.currency.parse())
        .map_err(|e| anyhow::anyhow!("the tenant's currency: {e}"))?;
    state.commands.create_io(&actor, currency, input).await
}

/// `POST /api/v1/io/{id}/line-items`
pub async fn add_line_item(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<IoId>,
    Json(input): Json<LineItemInput>,
) -> Result<Committed, ApiError> {
    state.commands.add_line_item(&actor, &id, input).await
}

/// `PATCH /api/v1/io/{id}/line-items/{line_id}`
pub async fn change_line_item(
    State(state): State<AppState>,
    actor: Actor,
    Path((id, line)): Path<(IoId, LineItemId)>,
    Json(patch): Json<LineItemPatch>,
) -> Result<Committed, ApiError> {
    state
        .commands
        .change_line_item(&actor, &id, line, patch)
        .await
}

/// `DELETE /api/v1/io/{id}/line-items/{line_id}`
pub async fn remove_line_item(
    State(state): State<AppState>,
    actor: Actor,
    Path((id, line)): Path<(IoId, LineItemId)>,
) -> Result<Committed, ApiError> {
    state.commands.remove_line_item(&actor, &id, line).await
}

/// `POST /api/v1/io/{id}/send`
pub async fn send(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<IoId>,
) -> Result<Committed, ApiError> {
    state.commands.send_io(&actor, &id).await
}

/// `POST /api/v1/io/{id}/sign`
pub async fn sign(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<IoId>,
) -> Result<Committed, ApiError> {
    state.commands.sign_io(&actor, &id).await
}

/// `POST /api/v1/io/{id}/cancel`
pub async fn cancel(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<IoId>,
    Json(body): Json<CancelBody>,
) -> Result<Committed, ApiError> {
    state.commands.cancel_io(&actor, &id, body.reason).await
}

/// `POST /api/v1/io/{id}/amend`
pub async fn amend(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<IoId>,
    Json(body): Json<AmendBody>,
) -> Result<Committed, ApiError> {
    let changes = body.changes.into_iter().map(Into::into).collect();
    state
        .commands
        .amend_io(&actor, &id, changes, body.note)
        .await
}

/// `POST /api/v1/io/{id}/makegoods`
pub async fn raise_makegood(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<IoId>,
    Json(input): Json<MakegoodInput>,
) -> Result<Committed, ApiError> {
    state.commands.raise_makegood(&actor, &id, input).await
}

/// `POST /api/v1/io/{id}/makegoods/{makegood_id}/resolve`
pub async fn resolve_makegood(
    State(state): State<AppState>,
    actor: Actor,
    Path((id, makegood)): Path<(IoId, MakegoodId)>,
    Json(input): Json<ResolveInput>,
) -> Result<Committed, ApiError> {
    state
        .commands
        .resolve_makegood(&actor, &id, makegood, input)
        .await
}

/// `GET /api/v1/io`
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<ListParams>,
) -> Result<JsonResponse<Page<IoSummary>>, ApiError> {
    if let (Some(from), Some(to)) = (params.from, params.to) {
        if to < from {
            return Err(ApiError::bad_request(
                "invalid_query",
                "`to` is before `from`",
            ));
        }
    }
    let filter = IoFilter {
        status: params.status,
        advertiser_id: params.advertiser_id.map(String::from),
        show_id: params.show_id.map(String::from),
        from: params.from,
        to: params.to,
    };
    let page = PageParams {
        limit: params.limit,
        cursor: params.cursor,
    }
    .page()?;
    let today = Utc::now().date_naive();
    let tenant = principal.tenant_id();
    let found = io::list_ios(
        &state.pool,
        tenant,
        scope(&principal),
        &filter,
        today,
        &page,
    );
    Ok(JsonResponse(found.await?))
}

/// `GET /api/v1/io/{id}`
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<IoId>,
) -> Result<JsonResponse<IoDetail>, ApiError> {
    let today = Utc::now().date_naive();
    let tenant = principal.tenant_id();
    io::get_io(&state.pool, tenant, scope(&principal), id.as_str(), today)
        .await?
        .map(JsonResponse)
        .ok_or_else(|| ApiError::not_found("IO"))
}
