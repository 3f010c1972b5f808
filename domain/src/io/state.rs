//! The folded state of an existing IO and the questions asked of it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{IoHeader, IoStatus, LineItem, Makegood, RevisionSnapshot, Stage};
use crate::bounds::{checked_sum, Overflow};
use crate::ids::{LineItemId, MakegoodId, ShowId, TenantId};

/// The state of a created IO.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct IoState {
    /// The owning tenant.
    pub tenant_id: TenantId,
    /// Advertiser, currency and terms.
    pub header: IoHeader,
    /// The stage commands moved it to.
    pub stage: Stage,
    /// The current revision (1 until the first amendment).
    pub revision: u32,
    /// The current line items.
    pub line_items: Vec<LineItem>,
    /// How many line items were ever added (the next id is `li-<lines_created + 1>`).
    pub lines_created: usize,
    /// Every revision sent, oldest first.
    pub revisions: Vec<RevisionSnapshot>,
    /// Every makegood, oldest first.
    pub makegoods: Vec<Makegood>,
    /// Whether the IO was ever signed (makegoods need it).
    pub ever_signed: bool,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
}

impl IoState {
    /// The status the IO reads as on `day`: a signed IO is `completed` once every flight has
    /// ended, `live` from the first flight's start (gaps between flights included), else
    /// `signed`.
    pub fn status_on(&self, day: NaiveDate) -> IoStatus {
        match self.stage {
            Stage::Draft => IoStatus::Draft,
            Stage::Sent => IoStatus::Sent,
            Stage::Cancelled => IoStatus::Cancelled,
            Stage::Signed => {
                let flights = self.line_items.iter().map(LineItem::flight);
                let first_start = flights.clone().map(|f| f.start()).min();
                let all_ended = flights.clone().all(|f| f.has_ended(day));
                match first_start {
                    Some(_) if all_ended => IoStatus::Completed,
                    Some(start) if start <= day => IoStatus::Live,
                    _ => IoStatus::Signed,
                }
            }
        }
    }

    /// The status of the stage alone, for refusals that do not depend on the day.
    pub fn stage_status(&self) -> IoStatus {
        match self.stage {
            Stage::Draft => IoStatus::Draft,
            Stage::Sent => IoStatus::Sent,
            Stage::Signed => IoStatus::Signed,
            Stage::Cancelled => IoStatus::Cancelled,
        }
    }

    /// The current line `id`.
    pub fn line(&self, id: &LineItemId) -> Option<&LineItem> {
        self.line_items.iter().find(|l| l.id() == id)
    }

    /// The makegood `id`.
    pub fn makegood(&self, id: &MakegoodId) -> Option<&Makegood> {
        self.makegoods.iter().find(|m| &m.id == id)
    }

    /// The IO total: the sum of the rounded line totals, in minor units.
    pub fn total(&self) -> Result<i64, Overflow> {
        total_of(&self.line_items)
    }

    /// The show a makegood belongs to: the one recorded when it was raised, else (makegoods
    /// from before that was recorded) the show its line is on now, or was on in the latest
    /// revision that had it.
    pub fn makegood_show<'a>(&'a self, makegood: &'a Makegood) -> Option<&'a ShowId> {
        let line_now = self.line(&makegood.line_item_id);
        let line_in_revision = || {
            (self.revisions.iter().rev())
                .flat_map(|r| &r.line_items)
                .find(|l| l.id() == &makegood.line_item_id)
        };
        makegood
            .show_id
            .as_ref()
            .or_else(|| line_now.or_else(line_in_revision).map(LineItem::show_id))
    }

    /// The line items of revision `n`, if it was sent.
    pub fn revision(&self, n: u32) -> Option<&RevisionSnapshot> {
        self.revisions.iter().find(|r| r.revision == n)
    }
}

/// The sum of the rounded line totals, in minor units; an [`Overflow`] if it does not fit.
pub fn total_of(lines: &[LineItem]) -> Result<i64, Overflow> {
    let totals = lines
        .iter()
        .map(LineItem::total)
        .collect::<Result<Vec<_>, _>>()?;
    checked_sum(totals, "IO total")
}
