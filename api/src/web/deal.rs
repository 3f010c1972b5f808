//! `/pipeline/deals/{deal_id}`: one deal with its stage history (the JSON route's
//! [`pipeline::get`]), and the forms that move, win, lose and reopen it: each a `POST`
//! standing for the API's command route, calling its handler and leading back to the deal
//! with `?after=` so the page shows the change. A won deal links to its draft IO once the
//! won-deal process has made it.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cuepoint_domain::deal::{Deal as DealAggregate, DealStage, LossReason};
use cuepoint_domain::ids::DealId;
use cuepoint_projections::consistency::EventRef;
use cuepoint_projections::log::stream_id;
use cuepoint_projections::read_models::deals::DealSummary;
use serde::Deserialize;

use super::error::WebError;
use super::format::{label, money, ratio};
use super::render::{html, Layout};
use super::session::Session;
use crate::commands::{Actor, Committed};
use crate::http::auth::Principal;
use crate::http::deals::{self, LoseBody, StageBody, WinBody};
use crate::http::error::ApiError;
use crate::http::json::{Json, OptionalJson};
use crate::http::path::Path;
use crate::http::pipeline;
use crate::http::state::AppState;

/// The page's template.
#[derive(askama::Template)]
#[template(path = "deal.html")]
struct DealPage {
    layout: Layout,
    id: String,
    advertiser_id: String,
    stage: String,
    stage_class: &'static str,
    open: bool,
    won: bool,
    amount: String,
    probability: String,
    weighted: String,
    owner: String,
    shows: String,
    expected_close: String,
    closed_on: String,
    loss: String,
    io_link: Option<(String, String)>,
    /// Stage and the day it was entered, oldest first.
    history: Vec<(String, String)>,
    /// The open stages (value, words) a deal may be moved or reopened into.
    stages: Vec<(&'static str, String)>,
    /// The loss reasons (value, words).
    reasons: Vec<(&'static str, String)>,
}

/// `GET /pipeline/deals/{deal_id}`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    id: Result<Path<DealId>, ApiError>,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Deal", &session, state.features, "/pipeline");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let id = id.map_err(fail)?;
    let tenant_id = principal.tenant_id().to_string();
    let axum::Json(detail) = pipeline::get(State(state), principal, id)
        .await
        .map_err(fail)?;
    let deal = &detail.deal;
    let currency = deal.currency.as_str();
    let stage_class = match deal.stage {
        DealStage::ClosedWon => "good",
        DealStage::ClosedLost => "bad",
        _ => "neutral",
    };
    let loss = match (deal.loss_reason, &detail.loss_note) {
        (Some(reason), Some(note)) => format!("{}: {note}", label(reason.as_str())),
        (Some(reason), None) => label(reason.as_str()),
        _ => String::new(),
    };
    let page = DealPage {
        layout: Layout {
            title: deal.name.clone(),
            ..layout.clone()
        },
        id: deal.id.clone(),
        advertiser_id: deal.advertiser_id.clone(),
        stage: label(deal.stage.as_str()),
        stage_class,
        open: deal.stage.is_open(),
        won: deal.stage == DealStage::ClosedWon,
        amount: money(deal.amount, currency),
        probability: ratio(deal.probability),
        weighted: money(deal.weighted_amount, currency),
        owner: deal.owner.clone(),
        shows: deal.show_ids.join(", "),
        expected_close: deal.expected_close_date.to_string(),
        closed_on: deal.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        loss,
        io_link: (deal.io_id.as_ref()).map(|io| io_link(io, &tenant_id, deal)),
        history: (detail.stage_history.iter())
            .map(|s| (label(s.stage.as_str()), s.entered_on.to_string()))
            .collect(),
        stages: (DealStage::OPEN.iter())
            .filter(|s| **s != deal.stage)
            .map(|s| (s.as_str(), label(s.as_str())))
            .collect(),
        reasons: (LossReason::ALL.iter())
            .map(|r| (r.as_str(), label(r.as_str())))
            .collect(),
    };
    Ok(html(&page))
}

/// The form of the move and reopen actions.
#[derive(Debug, Deserialize)]
pub struct StageForm {
    /// The open stage to move into.
    pub stage: Option<String>,
}

/// The form of the lose action.
#[derive(Debug, Deserialize)]
pub struct LoseForm {
    /// Why it was lost.
    pub reason: Option<String>,
    /// Free text (blank is none).
    pub note: Option<String>,
}

/// `POST /pipeline/deals/{deal_id}/stage`: `POST /api/v1/deals/{id}/stage`.
pub async fn move_stage(
    State(state): State<AppState>,
    session: Session,
    actor: Actor,
    id: Result<Path<DealId>, ApiError>,
    form: Result<Form<StageForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, WebError> {
    let layout = action_layout(&session, &state);
    let (Path(id), Form(form)) = parts(id, form, &layout)?;
    let body = StageBody { stage: form.stage };
    let done = deals::move_stage(State(state), actor, Path(id.clone()), Json(body)).await;
    back_to(&id, done, layout)
}

/// `POST /pipeline/deals/{deal_id}/win`: `POST /api/v1/deals/{id}/win` (closed today).
pub async fn win(
    State(state): State<AppState>,
    session: Session,
    actor: Actor,
    id: Result<Path<DealId>, ApiError>,
) -> Result<Response, WebError> {
    let layout = action_layout(&session, &state);
    let Path(id) = id.map_err(|e| WebError::from(e).within(layout.clone()))?;
    let body = OptionalJson(WinBody::default());
    let done = deals::win(State(state), actor, Path(id.clone()), body).await;
    back_to(&id, done, layout)
}

/// `POST /pipeline/deals/{deal_id}/lose`: `POST /api/v1/deals/{id}/lose` (closed today).
pub async fn lose(
    State(state): State<AppState>,
    session: Session,
    actor: Actor,
    id: Result<Path<DealId>, ApiError>,
    form: Result<Form<LoseForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, WebError> {
    let layout = action_layout(&session, &state);
    let (Path(id), Form(form)) = parts(id, form, &layout)?;
    let body = LoseBody {
        reason: form.reason,
        note: form.note.filter(|note| !note.trim().is_empty()),
        closed_on: None,
    };
    let done = deals::lose(State(state), actor, Path(id.clone()), Json(body)).await;
    back_to(&id, done, layout)
}

/// `POST /pipeline/deals/{deal_id}/reopen`: `POST /api/v1/deals/{id}/reopen`.
pub async fn reopen(
    State(state): State<AppState>,
    session: Session,
    actor: Actor,
    id: Result<Path<DealId>, ApiError>,
    form: Result<Form<StageForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, WebError> {
    let layout = action_layout(&session, &state);
    let (Path(id), Form(form)) = parts(id, form, &layout)?;
    let body = StageBody { stage: form.stage };
    let done = deals::reopen(State(state), actor, Path(id.clone()), Json(body)).await;
    back_to(&id, done, layout)
}

fn action_layout(session: &Session, state: &AppState) -> Layout {
    Layout::signed_in("Deal", session, state.features, "/pipeline")
}

/// The deal's id and the form, or the error page: an unknown id is the API's 404, a form
/// that cannot be read a 400.
fn parts<T>(
    id: Result<Path<DealId>, ApiError>,
    form: Result<Form<T>, axum::extract::rejection::FormRejection>,
    layout: &Layout,
) -> Result<(Path<DealId>, Form<T>), WebError> {
    let id = id.map_err(|e| WebError::from(e).within(layout.clone()))?;
    let form = form.map_err(|rejection| {
        WebError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_form",
            rejection.body_text(),
        )
        .within(layout.clone())
    })?;
    Ok((id, form))
}

/// After a command: back to the deal's page reading its own write, or the API's error.
fn back_to(
    id: &DealId,
    done: Result<Committed, ApiError>,
    layout: Layout,
) -> Result<Response, WebError> {
    let committed = done.map_err(|e| WebError::from(e).within(layout))?;
    let target = format!(
        "/pipeline/deals/{id}?after={}",
        percent_encoding::utf8_percent_encode(
            &committed.consistency_token,
            percent_encoding::NON_ALPHANUMERIC
        )
    );
    Ok(Redirect::to(&target).into_response())
}

/// The draft IO of a won deal, `(id, href)`: its page read after the deal's last event (the
/// link), which follows the IO's creation in the log, so the IO page never answers 404 for
/// an IO the IO read model has not reached yet.
fn io_link(io_id: &str, tenant_id: &str, deal: &DealSummary) -> (String, String) {
    let token = EventRef {
        aggregate_type: <DealAggregate as cqrs_es::Aggregate>::TYPE.to_string(),
        sequence: deal.version,
        stream_id: stream_id(tenant_id, &deal.id),
    }
    .to_string();
    let after = percent_encoding::utf8_percent_encode(&token, percent_encoding::NON_ALPHANUMERIC);
    (io_id.to_string(), format!("/ios/{io_id}?after={after}"))
}
