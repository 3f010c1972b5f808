//! `/pipeline`: the deal pipeline as columns, one per stage with its totals (the JSON
//! route's [`pipeline::by_stage`]) and its deals (the deal list, [`pipeline::list`]), each
//! opening its page (`deal`).

use axum::extract::State;
use axum::response::Response;
use cuepoint_domain::deal::DealStage;
use cuepoint_projections::read_models::page::MAX_LIMIT;

use super::error::WebError;
use super::format::{count, label, money};
use super::render::{html, Layout};
use super::session::Session;
use crate::http::auth::Principal;
use crate::http::error::ApiError;
use crate::http::pipeline::{self, ListParams};
use crate::http::query::Query;
use crate::http::state::AppState;

/// The page's template.
#[derive(askama::Template)]
#[template(path = "pipeline.html")]
struct PipelinePage {
    layout: Layout,
    columns: Vec<Column>,
    /// Whether more deals exist than a column shows.
    truncated: bool,
}

/// One stage's column.
struct Column {
    stage: &'static str,
    name: String,
    deals: String,
    amount: String,
    weighted: String,
    cards: Vec<Card>,
}

/// One deal in its column.
struct Card {
    id: String,
    name: String,
    amount: String,
    owner: String,
    close: String,
}

/// `GET /pipeline`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Pipeline", &session, state.features, "/pipeline");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let axum::Json(report) = pipeline::by_stage(State(state.clone()), principal.clone())
        .await
        .map_err(fail)?;
    let mut columns = Vec::new();
    let mut truncated = false;
    for total in &report.stages {
        let (cards, more) = deals_in(&state, &principal, total.stage)
            .await
            .map_err(fail)?;
        truncated |= more;
        let currency = report.currency.as_str();
        columns.push(Column {
            stage: total.stage.as_str(),
            name: label(total.stage.as_str()),
            deals: count(total.deals),
            amount: money(total.amount, currency),
            weighted: money(total.weighted_amount, currency),
            cards,
        });
    }
    Ok(html(&PipelinePage {
        layout,
        columns,
        truncated,
    }))
}

/// The first page of the deals in `stage`, through the API's list route; and whether there
/// are more.
async fn deals_in(
    state: &AppState,
    principal: &Principal,
    stage: DealStage,
) -> Result<(Vec<Card>, bool), ApiError> {
    let params = ListParams {
        stage: Some(stage),
        owner: None,
        advertiser_id: None,
        close_from: None,
        close_to: None,
        limit: Some(MAX_LIMIT),
        cursor: None,
    };
    let axum::Json(page) =
        pipeline::list(State(state.clone()), principal.clone(), Query(params)).await?;
    let cards = (page.items.iter())
        .map(|deal| Card {
            id: deal.id.clone(),
            name: deal.name.clone(),
            amount: money(deal.amount, &deal.currency),
            owner: deal.owner.clone(),
            close: (deal.closed_on).map_or_else(
                || format!("closes {}", deal.expected_close_date),
                |d| format!("closed {d}"),
            ),
        })
        .collect();
    Ok((cards, page.next_cursor.is_some()))
}
