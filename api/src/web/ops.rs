//! `/ops`: the ops dashboard as a page: the weighted forecast of the open deals by month
//! (bar chart and table), win/loss of the last 90 days with the loss reasons, the deal
//! alerts and the ETL health of each source. The figures are the JSON route's answer
//! ([`dashboard::ops`]).

use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use chrono::NaiveDate;

use super::chart::BarChart;
use super::error::WebError;
use super::form_query::form_query;
use super::format::{count, etl_status, label, money, percent, ratio};
use super::render::{html, Layout};
use super::session::Session;
use crate::http::auth::Principal;
use crate::http::dashboard::{self, AsOfParams, OpsDashboard};
use crate::http::error::ApiError;
use crate::http::query::Query;
use crate::http::state::AppState;

/// The page's template.
#[derive(askama::Template)]
#[template(path = "ops.html")]
struct OpsPage {
    layout: Layout,
    as_of: NaiveDate,
    forecast_chart: String,
    /// Month, deals, amount, weighted amount.
    forecast: Vec<[String; 4]>,
    win_loss: WinLossView,
    /// Reason, deals, amount.
    loss_reasons: Vec<[String; 3]>,
    alerts: Vec<AlertView>,
    sources: Vec<SourceView>,
}

/// Win/loss of the 90 days through `as_of`.
struct WinLossView {
    from: String,
    to: String,
    won: String,
    lost: String,
    win_rate: String,
    won_amount: String,
    lost_amount: String,
    cycle_days: String,
}

/// One deal alert.
struct AlertView {
    deal_id: String,
    deal_name: String,
    kind: String,
    since: String,
}

/// One source's ETL health.
struct SourceView {
    source: String,
    status: &'static str,
    status_class: &'static str,
    last_import: String,
    last_success: String,
    imports: String,
    failures: String,
    rejected: String,
    latest_day: String,
}

/// `GET /ops?as_of=`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    uri: Uri,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Ops", &session, state.features, "/ops");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let params: AsOfParams = form_query(&uri).map_err(fail)?;
    let axum::Json(answer) = dashboard::ops(State(state.clone()), principal, Query(params))
        .await
        .map_err(fail)?;
    Ok(html(&view(layout, answer)))
}

fn view(layout: Layout, answer: OpsDashboard) -> OpsPage {
    let currency = answer.currency.as_str();
    let to_money = |minor: f64| money(minor.round() as i64, currency);
    let bars: Vec<(String, f64)> = (answer.forecast.iter())
        .map(|m| (m.month.to_string(), m.weighted_amount as f64))
        .collect();
    let wl = &answer.win_loss;
    let dash = || "—".to_string();
    let moment = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map_or_else(dash, |at| at.format("%Y-%m-%d %H:%M UTC").to_string())
    };
    OpsPage {
        as_of: answer.as_of,
        forecast_chart: BarChart::of(
            "Weighted forecast by month of expected close",
            &bars,
            to_money,
        )
        .svg(),
        forecast: (answer.forecast.iter())
            .map(|m| {
                [
                    m.month.to_string(),
                    count(m.deals),
                    money(m.amount, currency),
                    money(m.weighted_amount, currency),
                ]
            })
            .collect(),
        win_loss: WinLossView {
            from: wl.from.to_string(),
            to: wl.to.to_string(),
            won: count(wl.won),
            lost: count(wl.lost),
            win_rate: wl.win_rate.map_or_else(dash, ratio),
            won_amount: money(wl.won_amount, currency),
            lost_amount: money(wl.lost_amount, currency),
            cycle_days: wl
                .average_cycle_days
                .map_or_else(dash, |d| format!("{d:.1}")),
        },
        loss_reasons: (wl.loss_reasons.iter())
            .map(|r| {
                [
                    label(r.reason.as_str()),
                    count(r.deals),
                    money(r.amount, currency),
                ]
            })
            .collect(),
        alerts: (answer.alerts.iter())
            .map(|a| AlertView {
                deal_id: a.deal_id.clone(),
                deal_name: a.deal_name.clone(),
                kind: label(a.kind.as_str()),
                since: a.since.to_string(),
            })
            .collect(),
        sources: (answer.etl_health.iter())
            .map(|s| {
                let (status, status_class) = etl_status(s.status);
                SourceView {
                    source: s.source.clone(),
                    status,
                    status_class,
                    last_import: match (&s.last_import_status, s.last_import_at) {
                        (Some(outcome), at) => format!("{} ({})", moment(at), outcome),
                        (None, _) => dash(),
                    },
                    last_success: moment(s.last_success_at),
                    imports: s.imports_last_7_days.to_string(),
                    failures: s.failures_last_7_days.to_string(),
                    rejected: percent(Some(s.rejected_share * 100.0)),
                    latest_day: s.latest_day.map_or_else(dash, |d| d.to_string()),
                }
            })
            .collect(),
        layout,
    }
}
