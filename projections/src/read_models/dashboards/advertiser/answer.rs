//! The advertiser dashboard's answer, with the field names of SPEC 7.1.

use chrono::NaiveDate;
use cuepoint_domain::catalog::Placement;
use cuepoint_domain::io::Flight;
use cuepoint_domain::planning::{InventoryWeek, Projection};
use serde::Serialize;

use crate::read_models::matches::{ExcludedShow, ShowFit};

/// `GET /api/v1/dashboard/advertiser`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct AdvertiserDashboard {
    /// The day the figures are as of.
    pub as_of: NaiveDate,
    /// The advertiser.
    pub advertiser_id: String,
    /// The tenant's currency, of every money figure.
    pub currency: String,
    /// The best-fitting shows: by score descending, then show name.
    pub fit: Vec<ShowFit>,
    /// The shows the advertiser cannot run on, by show name.
    pub excluded: Vec<ExcludedShow>,
    /// The flight projected on the shows covered.
    pub projection: FlightProjection,
    /// The inventory calendar of the shows covered.
    pub inventory: Vec<InventoryItem>,
}

/// A flight projected on each show and placement.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FlightProjection {
    /// The flight (`{"start", "end"}`).
    pub flight: Flight,
    /// Its days.
    pub days: u32,
    /// One item per show (in fit order) and priced placement (`pre`, `mid`, `post`).
    pub items: Vec<ProjectionItem>,
}

/// The projection of the flight on one show's placement.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ProjectionItem {
    /// The show.
    pub show_id: String,
    /// The placement.
    pub placement: Placement,
    /// Projected impressions, rate-card CPM, projected cost and CPM, over budget.
    #[serde(flatten)]
    pub projection: Projection,
}

/// One ISO week of one show's placement.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct InventoryItem {
    /// The show.
    pub show_id: String,
    /// The placement.
    pub placement: Placement,
    /// The week, its slots, booked, available and overbooked.
    #[serde(flatten)]
    pub week: InventoryWeek,
}
