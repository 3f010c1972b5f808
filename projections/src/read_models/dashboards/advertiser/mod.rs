//! The advertiser dashboard (SPEC 7, 7.1; docs/dashboards.md): the advertiser's
//! best-fitting shows and the excluded ones (the `matches` read model), and for the shows
//! covered — the best-fitting `limit`, or the one asked for — the projection of a flight
//! per show and placement (show profiles from the `catalog`, downloads from `metrics`) and
//! the inventory calendar (booked lines from `io`).

mod answer;
mod plan;

use std::collections::HashMap;

use chrono::NaiveDate;
use cuepoint_domain::catalog::{AdvertiserProfile, ShowProfile};
use cuepoint_domain::io::{Fee, Flight};
use cuepoint_domain::planning::{weeks_from, IsoWeek};
use cuepoint_domain::window::last_30_days;
use sqlx::PgPool;

pub use answer::{AdvertiserDashboard, FlightProjection, InventoryItem, ProjectionItem};
use plan::{inventory_items, projection_items, Plan};

use crate::read_models::catalog::show_profiles;
use crate::read_models::io::booked_lines;
use crate::read_models::metrics::{daily_by_show, ShowSource};
use crate::read_models::{matches, stored_value_error};

/// What the dashboard is asked for (validated by the caller).
#[derive(Clone, Copy, Debug)]
pub struct AdvertiserQuery<'a> {
    /// The tenant.
    pub tenant_id: &'a str,
    /// Its currency.
    pub currency: &'a str,
    /// The advertiser.
    pub advertiser_id: &'a str,
    /// Its profile (the max CPM).
    pub advertiser: &'a AdvertiserProfile,
    /// The last day of data counted.
    pub as_of: NaiveDate,
    /// The flight projected.
    pub flight: Flight,
    /// A flat fee whose CPM to project.
    pub flat_fee: Option<Fee>,
    /// How many ISO weeks the calendar shows, from the week holding `as_of + 1`.
    pub weeks: usize,
    /// How many fits (and excluded shows) to list, and shows to cover.
    pub limit: i64,
    /// Cover this show instead of the best-fitting ones.
    pub show_id: Option<&'a str>,
}

/// The advertiser dashboard.
pub async fn advertiser_dashboard(
    pool: &PgPool,
    query: &AdvertiserQuery<'_>,
) -> sqlx::Result<AdvertiserDashboard> {
    let (tenant, advertiser) = (query.tenant_id, query.advertiser_id);
    let (fit, excluded) = tokio::try_join!(
        matches::ranked(pool, tenant, advertiser, query.limit),
        matches::excluded(pool, tenant, advertiser, query.limit),
    )?;
    let covered: Vec<String> = match query.show_id {
        Some(show_id) => vec![show_id.to_string()],
        None => fit.iter().map(|f| f.show_id.clone()).collect(),
    };
    let weeks = calendar_weeks(query.as_of, query.weeks);
    let (first, last) = match (weeks.first(), weeks.last()) {
        (Some(first), Some(last)) => (first.start(), last.end()),
        _ => (query.as_of, query.as_of),
    };
    let (profiles, bookings) = tokio::try_join!(
        show_profiles(pool, tenant, &covered),
        booked_lines(pool, tenant, &covered, first, last),
    )?;
    let shows = in_order(&covered, profiles);
    let sources: Vec<ShowSource> = (shows.iter())
        .map(|(show_id, show)| ShowSource {
            show_id,
            source: show.metrics_source(),
        })
        .collect();
    let downloads = daily_by_show(pool, tenant, &sources, last_30_days(query.as_of)).await?;
    let plan = Plan {
        as_of: query.as_of,
        flight: query.flight,
        flat_fee: query.flat_fee,
        max_cpm: query.advertiser.max_cpm(),
    };
    let items = projection_items(&shows, &downloads, plan).map_err(stored_value_error)?;
    Ok(AdvertiserDashboard {
        as_of: query.as_of,
        advertiser_id: advertiser.to_string(),
        currency: query.currency.to_string(),
        fit,
        excluded,
        projection: FlightProjection {
            flight: query.flight,
            days: query.flight.days(),
            items,
        },
        inventory: inventory_items(&shows, &bookings, &weeks),
    })
}

/// The calendar's `n` weeks: from the week holding `as_of + 1`.
fn calendar_weeks(as_of: NaiveDate, n: usize) -> Vec<IsoWeek> {
    let first_day = as_of.succ_opt().unwrap_or(as_of);
    weeks_from(first_day, n)
}

/// The `profiles` of the `covered` shows, in that order (a show not found is left out).
fn in_order(
    covered: &[String],
    profiles: Vec<(String, ShowProfile)>,
) -> Vec<(String, ShowProfile)> {
    let mut by_id: HashMap<String, ShowProfile> = profiles.into_iter().collect();
    (covered.iter())
        .filter_map(|id| by_id.remove(id).map(|profile| (id.clone(), profile)))
        .collect()
}
