//! `/advertiser`: the advertiser dashboard as a page: the shows that fit best with the
//! score's parts and the placements over budget, the shows excluded and why, the flight
//! picked in a form projected on each show and placement, and the inventory calendar as a
//! grid. The figures are the JSON route's answer ([`dashboard_advertiser::dashboard`]);
//! staff pick the advertiser, an advertiser token reads its own.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use cuepoint_domain::matching::Excluded;
use cuepoint_projections::read_models::dashboards::advertiser::{
    AdvertiserDashboard, ProjectionItem,
};

use super::calendar::{calendar, Calendar};
use super::choices::{self, Choice};
use super::error::WebError;
use super::form_query::form_query;
use super::format::{count, money, ratio};
use super::render::{html, Layout};
use super::session::Session;
use crate::http::auth::Principal;
use crate::http::dashboard_advertiser::{self, AdvertiserParams};
use crate::http::error::ApiError;
use crate::http::query::Query;
use crate::http::state::AppState;

/// The page's template.
#[derive(askama::Template)]
#[template(path = "advertiser.html")]
struct AdvertiserPage {
    layout: Layout,
    /// Staff's choice of advertiser (`None` for an advertiser token: it reads its own).
    picker: Option<Vec<Choice>>,
    /// The dashboard, once an advertiser is named.
    dashboard: Option<DashboardView>,
}

/// The dashboard's figures as the page shows them.
struct DashboardView {
    advertiser_id: String,
    as_of: String,
    flight_start: String,
    flight_end: String,
    flight_days: String,
    flat_fee: String,
    fit: Vec<FitView>,
    excluded: Vec<(String, &'static str)>,
    projection: Vec<ProjectionView>,
    calendar: Calendar,
}

/// One show of the fit table.
struct FitView {
    show: String,
    score: String,
    category: String,
    demo: String,
    geo: String,
    over_budget: String,
}

/// One show and placement of the projected flight.
struct ProjectionView {
    show: String,
    placement: &'static str,
    impressions: String,
    cpm: String,
    cost: String,
    flat_fee_cpm: String,
    over_budget: bool,
}

/// `GET /advertiser?advertiser_id=&as_of=&flight_start=&flight_end=&flat_fee=`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    uri: Uri,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Advertiser", &session, state.features, "/advertiser");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let params: AdvertiserParams = form_query(&uri).map_err(fail)?;
    let named = params.advertiser_id.as_ref().map(ToString::to_string);
    let flat_fee = params
        .flat_fee
        .map(|fee| fee.to_string())
        .unwrap_or_default();
    let picker = match principal.advertiser_scope() {
        Some(_) => None,
        None => Some(
            choices::advertisers(&state, &principal, named.as_deref())
                .await
                .map_err(fail)?,
        ),
    };
    let dashboard = if picker.is_some() && named.is_none() {
        None
    } else {
        let axum::Json(answer) =
            dashboard_advertiser::dashboard(State(state.clone()), principal, Query(params))
                .await
                .map_err(fail)?;
        Some(view(answer, flat_fee))
    };
    Ok(html(&AdvertiserPage {
        layout,
        picker,
        dashboard,
    }))
}

fn view(answer: AdvertiserDashboard, flat_fee: String) -> DashboardView {
    let currency = answer.currency.as_str();
    let mut names: HashMap<&str, &str> = HashMap::new();
    for fit in &answer.fit {
        names.insert(&fit.show_id, &fit.show_name);
    }
    let name = |id: &str| names.get(id).copied().unwrap_or(id).to_string();
    let flight = answer.projection.flight;
    DashboardView {
        advertiser_id: answer.advertiser_id.clone(),
        as_of: answer.as_of.to_string(),
        flight_start: flight.start().to_string(),
        flight_end: flight.end().to_string(),
        flight_days: count(u64::from(answer.projection.days)),
        flat_fee,
        fit: (answer.fit.iter())
            .map(|show| FitView {
                show: show.show_name.clone(),
                score: show.fit.score.to_string(),
                category: ratio(show.fit.category),
                demo: ratio(show.fit.demo),
                geo: ratio(show.fit.geo),
                over_budget: (show.fit.over_budget.iter())
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        excluded: (answer.excluded.iter())
            .map(|show| (show.show_name.clone(), reason(show.reason)))
            .collect(),
        projection: (answer.projection.items.iter())
            .map(|item| projection_view(item, &name(&item.show_id), currency))
            .collect(),
        calendar: calendar(&answer.inventory, name),
    }
}

fn projection_view(item: &ProjectionItem, show: &str, currency: &str) -> ProjectionView {
    let p = &item.projection;
    ProjectionView {
        show: show.to_string(),
        placement: item.placement.as_str(),
        impressions: count(p.projected_impressions),
        cpm: money(p.cpm.minor_units(), currency),
        cost: money(p.projected_cost, currency),
        flat_fee_cpm: p
            .projected_cpm
            .map_or_else(|| "—".to_string(), |cpm| money(cpm, currency)),
        over_budget: p.over_budget,
    }
}

/// Why a show is excluded, for people.
fn reason(reason: Excluded) -> &'static str {
    match reason {
        Excluded::BlockedCategory => "The show blocks the advertiser's category",
    }
}
