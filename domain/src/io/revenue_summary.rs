//! Sponsor revenue of a window by advertiser (SPEC 7 and 7.1, the creator dashboard's
//! `revenue`): each line's window revenue rounded once
//! ([`window_revenue`](super::line_report::window_revenue)), then summed.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bounds::{checked_sum, Overflow};
use crate::ids::AdvertiserId;

/// The rounded window revenue of one line, with its advertiser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRevenue {
    /// The IO's advertiser.
    pub advertiser_id: AdvertiserId,
    /// The advertiser's name, as the dashboard shows it.
    pub advertiser_name: String,
    /// The line's window revenue, in minor units.
    pub amount: i64,
}

/// One advertiser's revenue in the window (`by_advertiser` items).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct AdvertiserRevenue {
    /// The advertiser.
    pub advertiser_id: AdvertiserId,
    /// Its name.
    pub advertiser_name: String,
    /// The sum of its lines' rounded window revenues, in minor units.
    pub amount: i64,
}

/// The `revenue` of the creator dashboard: `{"total", "by_advertiser"}`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default, schemars::JsonSchema)]
pub struct RevenueSummary {
    /// The sum of every line's rounded window revenue, in minor units.
    pub total: i64,
    /// Per advertiser, by amount descending, then name, then id.
    pub by_advertiser: Vec<AdvertiserRevenue>,
}

/// Sums `lines` per advertiser and in total (sums of rounded line figures, checked); an
/// advertiser whose lines earned nothing in the window is listed with 0.
pub fn revenue_by_advertiser(
    lines: impl IntoIterator<Item = LineRevenue>,
) -> Result<RevenueSummary, Overflow> {
    let mut per: BTreeMap<AdvertiserId, (String, Vec<i64>)> = BTreeMap::new();
    for line in lines {
        let entry = per
            .entry(line.advertiser_id)
            .or_insert_with(|| (line.advertiser_name, Vec::new()));
        entry.1.push(line.amount);
    }
    let mut by_advertiser = (per.into_iter())
        .map(|(advertiser_id, (advertiser_name, amounts))| {
            Ok(AdvertiserRevenue {
                advertiser_id,
                advertiser_name,
                amount: checked_sum(amounts, "revenue")?,
            })
        })
        .collect::<Result<Vec<_>, Overflow>>()?;
    by_advertiser.sort_by(|a, b| {
        (Reverse(a.amount), &a.advertiser_name, &a.advertiser_id).cmp(&(
            Reverse(b.amount),
            &b.advertiser_name,
            &b.advertiser_id,
        ))
    });
    let total = checked_sum(by_advertiser.iter().map(|a| a.amount), "revenue")?;
    Ok(RevenueSummary {
        total,
        by_advertiser,
    })
}
