//! The creator dashboard (SPEC 7 and 7.1; docs/dashboards.md, creator): pacing of each
//! line, the 30-day sponsor revenue by advertiser, and the makegoods pending, for some shows
//! or all of a tenant's.
//!
//! Three reads, whatever the number of lines: the candidate IOs (with their advertisers'
//! names), the shows' `metrics_source`, and the downloads of every line in one statement
//! ([`delivery_counts`]). Every figure is then the domain's: [`overlaps_window`] picks the
//! lines, [`IoStatus::recognizes_revenue`](cuepoint_domain::io::IoStatus) the IOs,
//! [`line_report`] gives delivery and pacing, [`window_revenue`] and
//! [`revenue_by_advertiser`] the revenue, [`IoState::makegood_show`] a makegood's show.

mod answer;
mod rows;

use std::collections::HashMap;

use chrono::NaiveDate;
use cuepoint_domain::ids::ShowId;
use cuepoint_domain::io::{
    delivery_days, line_report, overlaps_window, revenue_by_advertiser, window_revenue, LineItem,
    LineRevenue, MakegoodStatus,
};
use cuepoint_domain::window::last_30_days;
use sqlx::PgPool;

pub use answer::{CreatorDashboard, PacingLine, PendingMakegood};
use rows::IoRow;

use crate::read_models::metrics::{delivery_counts, Deliveries, DeliverySelection};
use crate::read_models::stored_value_error;

/// What to answer.
#[derive(Clone, Copy, Debug)]
pub struct CreatorQuery<'a> {
    /// The tenant.
    pub tenant_id: &'a str,
    /// The tenant's currency, answered beside the amounts.
    pub currency: &'a str,
    /// The shows whose lines and makegoods are shown; `None`: every show of the tenant.
    pub shows: Option<&'a [String]>,
    /// The day the figures are as of.
    pub as_of: NaiveDate,
}

impl CreatorQuery<'_> {
    /// Whether `show`'s lines and makegoods are shown.
    fn visible(&self, show: &ShowId) -> bool {
        (self.shows).is_none_or(|shows| shows.iter().any(|s| s == show.as_str()))
    }
}

/// The creator dashboard of `query`.
pub async fn creator_dashboard(
    pool: &PgPool,
    query: &CreatorQuery<'_>,
) -> sqlx::Result<CreatorDashboard> {
    let (as_of, window) = (query.as_of, last_30_days(query.as_of));
    let ios = rows::candidate_ios(pool, query.tenant_id, query.shows, &window).await?;
    let lines: Vec<(&IoRow, &LineItem)> = (ios.iter())
        .filter(|io| io.state.status_on(as_of).recognizes_revenue())
        .flat_map(|io| io.state.line_items.iter().map(move |line| (io, line)))
        .filter(|(_, line)| query.visible(line.show_id()))
        .filter(|(_, line)| overlaps_window(line.flight(), &window))
        .collect();
    let line_items: Vec<&LineItem> = lines.iter().map(|(_, line)| *line).collect();
    let deliveries = line_deliveries(pool, query.tenant_id, &line_items, as_of).await?;
    let mut pacing = Vec::with_capacity(lines.len());
    let mut revenues = Vec::with_capacity(lines.len());
    for (index, (io, line)) in lines.into_iter().enumerate() {
        let daily = deliveries.of(index);
        let tolerance = io.state.header.makegood_tolerance;
        let report = line_report(line, tolerance, daily, as_of).map_err(stored_value_error)?;
        let advertiser_id = io.state.header.advertiser_id.clone();
        revenues.push(LineRevenue {
            advertiser_id: advertiser_id.clone(),
            advertiser_name: io.advertiser_name.clone(),
            amount: window_revenue(line, daily, &window).map_err(stored_value_error)?,
        });
        pacing.push(PacingLine {
            io_id: io.io_id.clone(),
            line_item_id: line.id().clone(),
            advertiser_id,
            advertiser_name: io.advertiser_name.clone(),
            show_id: line.show_id().clone(),
            placement: line.placement(),
            report,
        });
    }
    // Built in IO id order, then line order; the sort keeps that order within a day.
    pacing.sort_by_key(|line| line.report.flight.start());
    Ok(CreatorDashboard {
        as_of,
        from: *window.start(),
        to: *window.end(),
        currency: query.currency.to_string(),
        pacing,
        revenue: revenue_by_advertiser(revenues).map_err(stored_value_error)?,
        makegoods_pending: pending_makegoods(query, &ios),
    })
}

/// The downloads of every line (by its index in `lines`) over its delivery days as of
/// `as_of`: its show, its episodes where it lists some, the show's `metrics_source` where it
/// has one. Shared by the dashboards and the makegood-detection job.
pub(crate) async fn line_deliveries(
    pool: &PgPool,
    tenant_id: &str,
    lines: &[&LineItem],
    as_of: NaiveDate,
) -> sqlx::Result<Deliveries> {
    if lines.is_empty() {
        return Ok(Deliveries::default());
    }
    let mut shows: Vec<&str> = lines.iter().map(|l| l.show_id().as_str()).collect();
    shows.sort_unstable();
    shows.dedup();
    let sources: HashMap<String, String> = rows::metrics_sources(pool, tenant_id, &shows).await?;
    let selections: Vec<DeliverySelection> = (lines.iter())
        .map(|line| DeliverySelection {
            show_id: line.show_id().as_str(),
            source: sources.get(line.show_id().as_str()).map(String::as_str),
            episodes: line.episode_ids().iter().map(|e| e.as_str()).collect(),
            days: delivery_days(line.flight(), as_of),
        })
        .collect();
    delivery_counts(pool, tenant_id, &selections).await
}

/// The pending makegoods of `ios` on the shows shown, in IO id order, then in the order
/// they were raised.
fn pending_makegoods(query: &CreatorQuery<'_>, ios: &[IoRow]) -> Vec<PendingMakegood> {
    let mut pending = Vec::new();
    for io in ios {
        let owed = (io.state.makegoods.iter()).filter(|m| m.status() == MakegoodStatus::Pending);
        for makegood in owed {
            let show_id = io.state.makegood_show(makegood);
            if query.shows.is_some() && !show_id.is_some_and(|show| query.visible(show)) {
                continue;
            }
            pending.push(PendingMakegood {
                io_id: io.io_id.clone(),
                makegood_id: makegood.id.clone(),
                line_item_id: makegood.line_item_id.clone(),
                show_id: show_id.cloned(),
                reason: makegood.reason,
                impressions: makegood.impressions,
                raised_on: makegood.raised_on,
                automatic: makegood.automatic,
            });
        }
    }
    pending
}
