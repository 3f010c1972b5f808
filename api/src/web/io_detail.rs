//! `/ios/{io_id}`: one IO with its lines, its revisions and its makegoods (the JSON route's
//! [`io::get`], scoped as it is: a creator sees only the lines on its shows), and
//! `/ios/{io_id}/pdf`, the IO as a PDF (the API's [`io_pdf::export`], answered as it is).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use cuepoint_domain::ids::IoId;
use cuepoint_domain::io::{LineItem, MakegoodStatus, Pricing};
use cuepoint_projections::read_models::io::LineItemView;

use super::error::WebError;
use super::format::{count, label, money};
use super::ios::io_status;
use super::render::{html, Layout};
use super::session::Session;
use crate::commands::Actor;
use crate::http::auth::Principal;
use crate::http::error::ApiError;
use crate::http::path::Path;
use crate::http::routes::{PDF_READERS, STAFF};
use crate::http::state::AppState;
use crate::http::{io, io_pdf};

/// The page's template.
#[derive(askama::Template)]
#[template(path = "io_detail.html")]
struct IoPage {
    layout: Layout,
    id: String,
    advertiser_id: String,
    status: String,
    status_class: &'static str,
    revision: String,
    total: String,
    payment_terms: String,
    tolerance: String,
    cancel_reason: Option<String>,
    /// The deal it came from, and whether the role may open the deal's page.
    deal: Option<(String, bool)>,
    lines: Vec<LineView>,
    revisions: Vec<RevisionView>,
    makegoods: Vec<MakegoodView>,
    /// Whether the role may download the PDF.
    pdf: bool,
}

/// One line item.
struct LineView {
    id: String,
    show: String,
    placement: &'static str,
    format: &'static str,
    flight: String,
    pricing: String,
    total: String,
}

/// One revision sent.
struct RevisionView {
    revision: String,
    note: String,
    total: String,
    lines: Vec<LineView>,
}

/// One makegood.
struct MakegoodView {
    id: String,
    line: String,
    reason: String,
    impressions: String,
    raised_on: String,
    pending: bool,
    remedy: String,
    note: String,
}

/// `GET /ios/{io_id}`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    id: Result<Path<IoId>, ApiError>,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("IO", &session, state.features, "/ios");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let id = id.map_err(fail)?;
    let role = principal.grant.role;
    let axum::Json(detail) = io::get(State(state), principal, id).await.map_err(fail)?;
    let currency = detail.currency.as_str();
    let (status, status_class) = io_status(detail.status);
    let lines = |items: &[LineItemView]| -> Vec<LineView> {
        items.iter().map(|l| line_view(l, currency)).collect()
    };
    let page = IoPage {
        layout: Layout {
            title: format!("IO {}", detail.id),
            ..layout.clone()
        },
        id: detail.id.clone(),
        advertiser_id: detail.advertiser_id.clone(),
        status,
        status_class,
        revision: detail.revision.to_string(),
        total: money(detail.total, currency),
        payment_terms: detail.payment_terms.clone(),
        tolerance: format!("{:.2} %", f64::from(detail.makegood_tolerance_bps) / 100.0),
        cancel_reason: detail.cancel_reason.clone(),
        deal: (detail.deal_id.clone()).map(|deal| (deal, STAFF.contains(&role))),
        lines: lines(&detail.line_items),
        revisions: (detail.revisions.iter().rev())
            .map(|r| RevisionView {
                revision: r.revision.to_string(),
                note: r.note.clone().unwrap_or_default(),
                total: money(r.total, currency),
                lines: lines(&r.line_items),
            })
            .collect(),
        makegoods: (detail.makegoods.iter())
            .map(|m| {
                let makegood = &m.makegood;
                MakegoodView {
                    id: makegood.id.to_string(),
                    line: makegood.line_item_id.to_string(),
                    reason: label(makegood.reason.as_str())
                        + if makegood.automatic {
                            " (automatic)"
                        } else {
                            ""
                        },
                    impressions: count(makegood.impressions),
                    raised_on: (makegood.raised_on).map_or_else(String::new, |d| d.to_string()),
                    pending: m.status == MakegoodStatus::Pending,
                    remedy: (makegood.remedy).map_or_else(String::new, |r| label(r.as_str())),
                    note: [&makegood.note, &makegood.resolution_note]
                        .into_iter()
                        .flatten()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" · "),
                }
            })
            .collect(),
        pdf: PDF_READERS.contains(&role),
    };
    Ok(html(&page))
}

fn line_view(view: &LineItemView, currency: &str) -> LineView {
    let line: &LineItem = &view.line_item;
    let flight = line.flight();
    LineView {
        id: line.id().to_string(),
        show: line.show_id().to_string(),
        placement: line.placement().as_str(),
        format: line.format().as_str(),
        flight: format!(
            "{} – {} ({} days)",
            flight.start(),
            flight.end(),
            flight.days()
        ),
        pricing: match line.pricing() {
            Pricing::Cpm { cpm, goal } => format!(
                "{} CPM × {} impressions",
                money(cpm.minor_units(), currency),
                count(goal.get())
            ),
            Pricing::Flat { fee } => format!("{} flat", money(fee.minor_units(), currency)),
        },
        total: money(view.line_total, currency),
    }
}

/// `GET /ios/{io_id}/pdf`: the API's PDF export, its bytes, content type and file name
/// as the API answers them; a failure is an error page.
pub async fn pdf(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    actor: Actor,
    id: Result<Path<IoId>, ApiError>,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("IO", &session, state.features, "/ios");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let id = id.map_err(fail)?;
    let pdf = io_pdf::export(State(state), principal, actor, id)
        .await
        .map_err(fail)?;
    Ok(pdf.into_response())
}
