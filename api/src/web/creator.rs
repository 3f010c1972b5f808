//! `/creator`: the creator dashboard as a page: each sponsor line's pacing (a chart of
//! cumulative delivery against the expected line over the flight, the status as a badge,
//! the projected final), the 30-day revenue by advertiser, and the makegoods pending. The
//! figures are the JSON route's answer ([`dashboard_creator::creator`]).

use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use cuepoint_domain::io::{expected_by, LineReport};
use cuepoint_projections::read_models::dashboards::creator::{CreatorDashboard, PacingLine};

use super::chart::{BarChart, LineChart, Series};
use super::error::WebError;
use super::format::{approx_count, count, money, pacing_status, percent};
use super::render::{html, Layout};
use super::session::Session;
use crate::http::auth::Principal;
use crate::http::dashboard_creator::{self, CreatorParams};
use crate::http::error::ApiError;
use crate::http::query::Query;
use crate::http::state::AppState;

/// The page's template.
#[derive(askama::Template)]
#[template(path = "creator.html")]
struct CreatorPage {
    layout: Layout,
    as_of: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    show_id: Option<String>,
    lines: Vec<LineView>,
    revenue_total: String,
    revenue_chart: String,
    revenue: Vec<(String, String)>,
    makegoods: Vec<MakegoodView>,
}

/// One sponsor line as the page shows it.
struct LineView {
    io_id: String,
    advertiser: String,
    show_id: String,
    placement: &'static str,
    flight: String,
    goal: String,
    delivered: String,
    expected: String,
    pacing: String,
    status: &'static str,
    status_class: &'static str,
    projected_final: String,
    chart: String,
    days: Vec<DayView>,
}

/// One flight day of a line's figures table.
struct DayView {
    day: NaiveDate,
    delivered: String,
    cumulative: String,
    expected: String,
}

/// One pending makegood.
struct MakegoodView {
    io_id: String,
    show_id: String,
    reason: String,
    impressions: String,
    raised_on: String,
    automatic: bool,
}

/// `GET /creator?as_of=&show_id=`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    params: Result<Query<CreatorParams>, ApiError>,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Pacing", &session, state.features, "/creator");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let Query(params) = params.map_err(fail)?;
    let show_id = params.show_id.as_ref().map(ToString::to_string);
    let axum::Json(dashboard) =
        dashboard_creator::creator(State(state.clone()), principal, Query(params))
            .await
            .map_err(fail)?;
    Ok(html(&view(layout, show_id, dashboard)))
}

fn view(layout: Layout, show_id: Option<String>, dashboard: CreatorDashboard) -> CreatorPage {
    let currency = dashboard.currency.as_str();
    let by_advertiser = &dashboard.revenue.by_advertiser;
    let bars: Vec<(String, f64)> = (by_advertiser.iter())
        .map(|a| (a.advertiser_name.clone(), a.amount as f64))
        .collect();
    let to_money = |minor: f64| money(minor.round() as i64, currency);
    CreatorPage {
        as_of: dashboard.as_of,
        from: dashboard.from,
        to: dashboard.to,
        show_id,
        lines: (dashboard.pacing.iter())
            .map(|line| line_view(line, dashboard.as_of))
            .collect(),
        revenue_total: money(dashboard.revenue.total, currency),
        revenue_chart: BarChart::of("Revenue by advertiser, last 30 days", &bars, to_money).svg(),
        revenue: (by_advertiser.iter())
            .map(|a| (a.advertiser_name.clone(), money(a.amount, currency)))
            .collect(),
        makegoods: (dashboard.makegoods_pending.iter())
            .map(|m| MakegoodView {
                io_id: m.io_id.clone(),
                show_id: m
                    .show_id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                reason: m.reason.to_string(),
                impressions: count(m.impressions),
                raised_on: m.raised_on.map(|d| d.to_string()).unwrap_or_default(),
                automatic: m.automatic,
            })
            .collect(),
        layout,
    }
}

fn line_view(line: &PacingLine, as_of: NaiveDate) -> LineView {
    let report = &line.report;
    let (status, status_class) = pacing_status(report.status);
    let days = day_views(report);
    LineView {
        io_id: line.io_id.clone(),
        advertiser: line.advertiser_name.clone(),
        show_id: line.show_id.to_string(),
        placement: line.placement.as_str(),
        flight: format!("{} – {}", report.flight.start(), report.flight.end()),
        goal: report.goal.map_or_else(|| "—".to_string(), count),
        delivered: count(report.delivered),
        expected: report
            .expected
            .map_or_else(|| "—".to_string(), approx_count),
        pacing: percent(report.pacing_pct),
        status,
        status_class,
        projected_final: report
            .projected_final
            .map_or_else(|| "—".to_string(), count),
        chart: delivery_chart(line, as_of),
        days,
    }
}

/// Cumulative delivery through the last delivered day, against the expected line over the
/// whole flight (the pacing rule's [`expected_by`]); a flat line has no expected line.
fn delivery_chart(line: &PacingLine, as_of: NaiveDate) -> String {
    let report = &line.report;
    let flight = report.flight;
    let days: Vec<NaiveDate> = flight
        .start()
        .iter_days()
        .take(flight.days() as usize)
        .collect();
    let mut series = vec![Series {
        name: "Delivered".into(),
        class: "delivered",
        values: cumulative(report).into_iter().map(|c| c as f64).collect(),
    }];
    if let Some(goal) = report.goal {
        series.push(Series {
            name: "Expected".into(),
            class: "expected",
            values: days
                .iter()
                .map(|&day| expected_by(flight, goal, day))
                .collect(),
        });
    }
    let label = format!(
        "{} on {} ({}), delivery as of {as_of}",
        line.advertiser_name,
        line.show_id,
        line.placement.as_str()
    );
    LineChart::over_days(label, &days, series, approx_count).svg()
}

/// Delivered impressions to the end of each delivered flight day (saturating: the domain's
/// `delivered` is the checked total).
fn cumulative(report: &LineReport) -> Vec<u64> {
    (report.daily.iter())
        .scan(0_u64, |sum, day| {
            *sum = sum.saturating_add(day.delivered);
            Some(*sum)
        })
        .collect()
}

fn day_views(report: &LineReport) -> Vec<DayView> {
    (report.daily.iter().zip(cumulative(report)))
        .map(|(day, cumulative)| DayView {
            day: day.day,
            delivered: count(day.delivered),
            cumulative: count(cumulative),
            expected: (report.goal).map_or_else(
                || "—".to_string(),
                |goal| approx_count(expected_by(report.flight, goal, day.day)),
            ),
        })
        .collect()
}
