//! The IO list item and the IO detail, rendered from the stored state for one caller: a
//! creator sees only the lines on its shows (and totals of those lines).

use chrono::{DateTime, NaiveDate, Utc};
use cuepoint_domain::bounds::{checked_sum, Overflow};
use cuepoint_domain::io::{IoState, IoStatus, LineItem, Makegood, MakegoodStatus};
use serde::Serialize;

/// A line item with its booked value.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct LineItemView {
    /// The line, as the domain serializes it.
    #[serde(flatten)]
    pub line_item: LineItem,
    /// Its booked value in minor units.
    pub line_total: i64,
}

/// One revision sent to the advertiser.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RevisionView {
    /// The revision number (1 is the first version sent).
    pub revision: u32,
    /// What the amendment changed.
    pub note: Option<String>,
    /// The sum of the line totals shown.
    pub total: i64,
    /// The revision's line items.
    pub line_items: Vec<LineItemView>,
}

/// A makegood with its status.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct MakegoodView {
    /// The makegood, as the domain serializes it.
    #[serde(flatten)]
    pub makegood: Makegood,
    /// `pending` or `resolved`.
    pub status: MakegoodStatus,
}

/// An IO as the list shows it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct IoSummary {
    /// The IO id.
    pub id: String,
    /// The aggregate version this reflects.
    pub version: i64,
    /// The buying advertiser.
    pub advertiser_id: String,
    /// ISO-4217 currency of every amount.
    pub currency: String,
    /// The status as of today (UTC).
    pub status: IoStatus,
    /// The current revision.
    pub revision: u32,
    /// How many current line items the caller sees.
    pub line_item_count: usize,
    /// The sum of those lines' totals, in minor units.
    pub total: i64,
    /// The shows of those lines.
    pub show_ids: Vec<String>,
    /// The earliest flight start of those lines.
    pub first_start: Option<NaiveDate>,
    /// The latest flight end of those lines.
    pub last_end: Option<NaiveDate>,
    /// Makegoods still owed on those lines.
    pub pending_makegoods: usize,
    /// When the IO was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// An IO with its line items, revision history and makegoods.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct IoDetail {
    /// The IO id.
    pub id: String,
    /// The aggregate version this reflects.
    pub version: i64,
    /// The buying advertiser.
    pub advertiser_id: String,
    /// ISO-4217 currency of every amount.
    pub currency: String,
    /// `prepaid` or `net_<days>`.
    pub payment_terms: String,
    /// The makegood tolerance in basis points.
    pub makegood_tolerance_bps: u16,
    /// The deal this IO closes.
    pub deal_id: Option<String>,
    /// The status as of today (UTC).
    pub status: IoStatus,
    /// The current revision.
    pub revision: u32,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// The current line items the caller sees.
    pub line_items: Vec<LineItemView>,
    /// The sum of their totals, in minor units.
    pub total: i64,
    /// Every revision sent, oldest first.
    pub revisions: Vec<RevisionView>,
    /// The makegoods on lines the caller sees, oldest first.
    pub makegoods: Vec<MakegoodView>,
    /// When the IO was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// The stored row an IO is rendered from.
pub(super) struct Stored {
    pub id: String,
    pub version: i64,
    pub state: IoState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which lines a caller sees: all, or those on some shows (creator tokens).
struct Visible<'a>(Option<&'a [String]>);

impl Visible<'_> {
    fn line(&self, line: &LineItem) -> bool {
        self.0
            .is_none_or(|shows| shows.iter().any(|s| s == line.show_id().as_str()))
    }

    fn lines(&self, lines: &[LineItem]) -> Result<Vec<LineItemView>, Overflow> {
        (lines.iter())
            .filter(|l| self.line(l))
            .map(|l| {
                Ok(LineItemView {
                    line_item: l.clone(),
                    line_total: l.total()?,
                })
            })
            .collect()
    }

    /// The makegoods of the visible shows (each belongs to the show it was raised on).
    fn makegoods<'s>(&self, state: &'s IoState) -> Vec<&'s Makegood> {
        (state.makegoods.iter())
            .filter(|m| {
                self.0.is_none_or(|shows| {
                    let show = state.makegood_show(m);
                    show.is_some_and(|show| shows.iter().any(|s| s == show.as_str()))
                })
            })
            .collect()
    }
}

fn total(lines: &[LineItemView]) -> Result<i64, Overflow> {
    checked_sum(lines.iter().map(|l| l.line_total), "IO total")
}

impl Stored {
    /// The list item for a caller limited to `shows` (creators), as of `today`; an
    /// [`Overflow`] if its total does not fit (stored data from before the bounds).
    pub(super) fn summary(
        self,
        shows: Option<&[String]>,
        today: NaiveDate,
    ) -> Result<IoSummary, Overflow> {
        let visible = Visible(shows);
        let lines = visible.lines(&self.state.line_items)?;
        let mut show_ids: Vec<String> = (lines.iter())
            .map(|l| l.line_item.show_id().to_string())
            .collect();
        show_ids.sort_unstable();
        show_ids.dedup();
        let flights = lines.iter().map(|l| l.line_item.flight());
        let pending = (visible.makegoods(&self.state).iter())
            .filter(|m| m.status() == MakegoodStatus::Pending)
            .count();
        Ok(IoSummary {
            id: self.id,
            version: self.version,
            advertiser_id: self.state.header.advertiser_id.to_string(),
            currency: self.state.header.currency.to_string(),
            status: self.state.status_on(today),
            revision: self.state.revision,
            line_item_count: lines.len(),
            total: total(&lines)?,
            show_ids,
            first_start: flights.clone().map(|f| f.start()).min(),
            last_end: flights.map(|f| f.end()).max(),
            pending_makegoods: pending,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }

    /// The detail for a caller limited to `shows` (creators), as of `today`; an
    /// [`Overflow`] if a total does not fit (stored data from before the bounds).
    pub(super) fn detail(
        self,
        shows: Option<&[String]>,
        today: NaiveDate,
    ) -> Result<IoDetail, Overflow> {
        let visible = Visible(shows);
        let state = &self.state;
        let line_items = visible.lines(&state.line_items)?;
        let revisions = (state.revisions.iter())
            .map(|r| {
                let line_items = visible.lines(&r.line_items)?;
                Ok(RevisionView {
                    revision: r.revision,
                    note: r.note.clone(),
                    total: total(&line_items)?,
                    line_items,
                })
            })
            .collect::<Result<_, Overflow>>()?;
        let makegoods = (visible.makegoods(state).into_iter())
            .map(|m| MakegoodView {
                makegood: m.clone(),
                status: m.status(),
            })
            .collect();
        let header = &state.header;
        Ok(IoDetail {
            id: self.id.clone(),
            version: self.version,
            advertiser_id: header.advertiser_id.to_string(),
            currency: header.currency.to_string(),
            payment_terms: header.payment_terms.as_str(),
            makegood_tolerance_bps: header.makegood_tolerance.basis_points(),
            deal_id: header.deal_id.as_ref().map(ToString::to_string),
            status: state.status_on(today),
            revision: state.revision,
            cancel_reason: state.cancel_reason.clone(),
            total: total(&line_items)?,
            line_items,
            revisions,
            makegoods,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
