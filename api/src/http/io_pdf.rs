//! `GET /api/v1/io/{id}/export/pdf`: the IO as a signed-ready PDF, rendered by typst from
//! the IO read model, and recorded as an `IoPdfExported` event.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use cuepoint_domain::ids::IoId;
use cuepoint_domain::io::Pricing;
use cuepoint_domain::money::{group_thousands, Currency, Money};
use cuepoint_projections::read_models::catalog;
use cuepoint_projections::read_models::io::{self, IoDetail, IoScope};
use serde_json::json;

use super::auth::Principal;
use super::error::ApiError;
use super::openapi::{Answer, Operation};
use super::path::Path;
use super::state::AppState;
use crate::commands::Actor;
use crate::pdf::{IoDocument, IoDocumentLine};

/// `GET /api/v1/io/{id}/export/pdf`
pub async fn export(
    State(state): State<AppState>,
    principal: Principal,
    actor: Actor,
    Path(io_id): Path<IoId>,
) -> Result<Pdf, ApiError> {
    let today = Utc::now().date_naive();
    let scope = IoScope {
        shows: principal.show_scope(),
        advertisers: principal.advertiser_scope(),
    };
    let tenant = principal.tenant_id();
    let detail = io::get_io(&state.pool, tenant, scope, io_id.as_str(), today)
        .await?
        .ok_or_else(|| ApiError::not_found("IO"))?;
    let document = document(&state, &principal, &detail, today).await?;
    let pdf = state
        .pdf
        .render(document)
        .await
        .map_err(|error| ApiError::Unexpected(error.into()))?;
    state.commands.export_io_pdf(&actor, &io_id).await?;
    Ok(Pdf {
        bytes: pdf,
        file_name: format!("IO-{}-r{}.pdf", detail.id, detail.revision),
    })
}

/// A PDF file, answered as an attachment.
pub struct Pdf {
    /// The document.
    pub bytes: Vec<u8>,
    /// The name to save it under.
    pub file_name: String,
}

impl IntoResponse for Pdf {
    fn into_response(self) -> Response {
        let disposition = format!("attachment; filename=\"{}\"", self.file_name);
        let mut response = (StatusCode::OK, self.bytes).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/pdf"),
        );
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        response
    }
}

impl Answer for Pdf {
    fn describe(operation: &mut Operation<'_>) {
        let pdf = json!({"type": "string", "contentMediaType": "application/pdf"});
        let success = operation.success;
        operation.answer(success, &[("application/pdf", pdf)]);
        operation.answer_header(
            success,
            "Content-Disposition",
            "attachment; filename=\"IO-<id>-r<revision>.pdf\"",
        );
    }
}

/// What the PDF prints: names looked up in the catalog, amounts formatted for the currency.
async fn document(
    state: &AppState,
    principal: &Principal,
    detail: &IoDetail,
    issued_on: NaiveDate,
) -> Result<IoDocument, ApiError> {
    let tenant = principal.tenant_id();
    let currency: Currency = detail
        .currency
        .parse()
        .map_err(|_| anyhow::anyhow!("IO {} has currency {}", detail.id, detail.currency))?;
    let money = |minor_units: i64| Money::new(minor_units, currency).format();
    let advertiser = catalog::get_advertiser(&state.pool, tenant, &detail.advertiser_id).await?;
    let mut shows = HashMap::new();
    for view in &detail.line_items {
        let id = view.line_item.show_id().as_str();
        if !shows.contains_key(id) {
            let show = catalog::get_show(&state.pool, tenant, id).await?;
            shows.insert(id, name_of(show.as_ref(), id));
        }
    }
    let lines = detail
        .line_items
        .iter()
        .map(|view| {
            let line = &view.line_item;
            let flight = line.flight();
            let (pricing, goal) = match line.pricing() {
                Pricing::Cpm { cpm, goal } => (
                    format!("CPM {}", money(cpm.minor_units())),
                    format!("{} impressions", group_thousands(&goal.get().to_string())),
                ),
                Pricing::Flat { .. } => ("Flat fee".to_string(), "—".to_string()),
            };
            IoDocumentLine {
                show: shows[line.show_id().as_str()].clone(),
                placement: title_case(line.placement().as_str()),
                format: title_case(line.format().as_str()),
                flight: format!("{} – {}", flight.start(), flight.end()),
                pricing,
                goal,
                total: money(view.line_total),
            }
        })
        .collect();
    Ok(IoDocument {
        tenant_name: principal.tenant.name.clone(),
        advertiser_name: name_of(advertiser.as_ref(), &detail.advertiser_id),
        io_number: detail.id.clone(),
        revision: detail.revision,
        status: title_case(detail.status.as_str()),
        currency: detail.currency.clone(),
        lines,
        total: money(detail.total),
        payment_terms: payment_terms(&detail.payment_terms),
        makegood_tolerance: percent(detail.makegood_tolerance_bps),
        issued_on: issued_on.to_string(),
    })
}

fn name_of(entry: Option<&catalog::CatalogEntry>, id: &str) -> String {
    entry
        .and_then(|e| e.profile["name"].as_str())
        .unwrap_or(id)
        .to_string()
}

/// `host_read` → `Host read`.
fn title_case(snake: &str) -> String {
    let spaced = snake.replace('_', " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `net_30` → `Net 30 days`; `prepaid` → `Prepaid`.
fn payment_terms(terms: &str) -> String {
    match terms.strip_prefix("net_") {
        Some(days) => format!("Net {days} days"),
        None => title_case(terms),
    }
}

/// Basis points as a percentage: 1000 → `10%`, 250 → `2.5%`.
fn percent(bps: u16) -> String {
    let whole = bps / 100;
    match bps % 100 {
        0 => format!("{whole}%"),
        rest if rest % 10 == 0 => format!("{whole}.{}%", rest / 10),
        rest => format!("{whole}.{rest:02}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_people_write_them() {
        assert_eq!(title_case("host_read"), "Host read");
        assert_eq!(payment_terms("net_45"), "Net 45 days");
        assert_eq!(payment_terms("prepaid"), "Prepaid");
        assert_eq!(percent(1000), "10%");
        assert_eq!(percent(250), "2.5%");
        assert_eq!(percent(1234), "12.34%");
    }
}
