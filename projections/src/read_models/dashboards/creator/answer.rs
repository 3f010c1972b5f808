//! The creator dashboard's answer, in the shape of SPEC 7.1: field names are the contract.

use chrono::NaiveDate;
use cuepoint_domain::catalog::Placement;
use cuepoint_domain::ids::{AdvertiserId, LineItemId, MakegoodId, ShowId};
use cuepoint_domain::io::{LineReport, MakegoodReason, RevenueSummary};
use serde::Serialize;

/// `GET /api/v1/dashboard/creator`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct CreatorDashboard {
    /// The day the figures are as of.
    pub as_of: NaiveDate,
    /// The first day of the 30-day window, `as_of - 29`.
    pub from: NaiveDate,
    /// Its last day, `as_of`.
    pub to: NaiveDate,
    /// ISO-4217 currency of every amount (the tenant's).
    pub currency: String,
    /// Every visible line of a signed IO whose flight overlaps the window.
    pub pacing: Vec<PacingLine>,
    /// Revenue of the window, in total and by advertiser.
    pub revenue: RevenueSummary,
    /// Makegoods still owed on the visible shows.
    pub makegoods_pending: Vec<PendingMakegood>,
}

/// One line of `pacing`: who and where, then the domain's [`LineReport`] (pricing, flight,
/// goal, delivered, expected, pacing_pct, status, projected_final, daily).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PacingLine {
    /// The IO.
    pub io_id: String,
    /// The line within it.
    pub line_item_id: LineItemId,
    /// The IO's advertiser.
    pub advertiser_id: AdvertiserId,
    /// Its name.
    pub advertiser_name: String,
    /// The line's show.
    pub show_id: ShowId,
    /// `pre`, `mid` or `post`.
    pub placement: Placement,
    /// The figures.
    #[serde(flatten)]
    pub report: LineReport,
}

/// One item of `makegoods_pending`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PendingMakegood {
    /// The IO.
    pub io_id: String,
    /// The makegood within it.
    pub makegood_id: MakegoodId,
    /// The line it is owed on.
    pub line_item_id: LineItemId,
    /// The show it belongs to (`IoState::makegood_show`).
    pub show_id: Option<ShowId>,
    /// Why it is owed.
    pub reason: MakegoodReason,
    /// The impressions owed.
    pub impressions: u64,
    /// The UTC day it was raised; `null` where that is not known.
    pub raised_on: Option<NaiveDate>,
    /// Whether the system raised it (under-delivery) rather than a person.
    pub automatic: bool,
}
