//! Facts about an IO. Stored data: past tense, version "1", never renamed. Each carries the
//! computed results (line totals, IO totals, revision numbers, snapshots) so read models
//! never re-apply the rules.

use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{IoHeader, LineItem, Makegood, Remedy, Stage};
use crate::ids::{LineItemId, MakegoodId, TenantId};

/// The line items of one revision of an IO, with its total.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RevisionSnapshot {
    /// The revision number (1 is the first version sent).
    pub revision: u32,
    /// The line items of the revision.
    pub line_items: Vec<LineItem>,
    /// The sum of the line totals, in minor units.
    pub total: i64,
    /// What the amendment changed, in ops' words (none for revision 1).
    pub note: Option<String>,
}

/// Something that happened to an IO.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum IoEvent {
    /// The IO was created as a draft (revision 1) with its first line items.
    IoCreated {
        /// The tenant that owns the IO.
        tenant_id: TenantId,
        /// Advertiser, currency and terms.
        header: IoHeader,
        /// The first line items (possibly none).
        line_items: Vec<LineItem>,
        /// Their total, in minor units.
        total: i64,
    },
    /// A line item was added.
    LineItemAdded {
        /// The new line.
        line_item: LineItem,
        /// Its booked value in minor units.
        line_total: i64,
    },
    /// A line item was changed; carries the whole resulting line.
    LineItemChanged {
        /// The line after the change.
        line_item: LineItem,
        /// Its booked value in minor units.
        line_total: i64,
    },
    /// A line item was removed.
    LineItemRemoved {
        /// The removed line.
        line_item_id: LineItemId,
    },
    /// The IO was sent for signature for the first time; its revision 1 is fixed.
    IoSent {
        /// Revision 1 as sent.
        snapshot: RevisionSnapshot,
    },
    /// The IO was signed.
    IoSigned {
        /// The revision signed.
        revision: u32,
    },
    /// Line items changed after the IO was sent: a new revision, back to `sent`. Follows the
    /// `LineItem*` events of the change.
    IoAmended {
        /// The new revision with its line items.
        snapshot: RevisionSnapshot,
        /// The stage the IO was in before the amendment (`sent` or `signed`).
        previous_stage: Stage,
    },
    /// The IO was cancelled.
    IoCancelled {
        /// Why.
        reason: String,
        /// The stage it was in.
        previous_stage: Stage,
        /// The UTC day of the cancellation.
        on: NaiveDate,
    },
    /// A makegood was raised, by hand or by under-delivery detection.
    MakegoodRaised {
        /// The makegood (pending).
        makegood: Makegood,
    },
    /// A makegood was resolved.
    MakegoodResolved {
        /// Which one.
        makegood_id: MakegoodId,
        /// How.
        remedy: Remedy,
        /// Free text.
        note: Option<String>,
    },
    /// The IO was exported to PDF.
    IoPdfExported {
        /// The revision exported.
        revision: u32,
        /// Who exported it (a user or token label).
        by: String,
    },
}

impl DomainEvent for IoEvent {
    fn event_type(&self) -> String {
        match self {
            IoEvent::IoCreated { .. } => "IoCreated",
            IoEvent::LineItemAdded { .. } => "LineItemAdded",
            IoEvent::LineItemChanged { .. } => "LineItemChanged",
            IoEvent::LineItemRemoved { .. } => "LineItemRemoved",
            IoEvent::IoSent { .. } => "IoSent",
            IoEvent::IoSigned { .. } => "IoSigned",
            IoEvent::IoAmended { .. } => "IoAmended",
            IoEvent::IoCancelled { .. } => "IoCancelled",
            IoEvent::MakegoodRaised { .. } => "MakegoodRaised",
            IoEvent::MakegoodResolved { .. } => "MakegoodResolved",
            IoEvent::IoPdfExported { .. } => "IoPdfExported",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
