//! Commands on an IO. Bodies are unvalidated inputs; the aggregate parses them so that one
//! answer lists every violation, catalog checks included. Commands whose rule depends on the
//! day carry `today` (the UTC date from the service's clock), keeping the aggregate pure.

use chrono::NaiveDate;

use super::{IoInput, LineItemInput, LineItemPatch, MakegoodInput, ResolveInput};
use crate::ids::{LineItemId, MakegoodId, TenantId};
use crate::money::Currency;

/// One change to the line items, as part of an amendment.
#[derive(Clone, Debug, PartialEq)]
pub enum LineItemChange {
    /// Add a line.
    Add(LineItemInput),
    /// Change a line.
    Change {
        /// Which line.
        line_item_id: LineItemId,
        /// The fields to change.
        patch: LineItemPatch,
    },
    /// Remove a line.
    Remove {
        /// Which line.
        line_item_id: LineItemId,
    },
}

/// A command on an IO.
#[derive(Clone, Debug, PartialEq)]
pub enum IoCommand {
    /// Create the IO as a draft.
    Create {
        /// The tenant creating it.
        tenant_id: TenantId,
        /// The tenant's currency; the IO must be priced in it.
        tenant_currency: Currency,
        /// The body.
        input: IoInput,
    },
    /// Add a line (in `draft`; an amendment after `sent`).
    AddLineItem {
        /// The line.
        input: LineItemInput,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Change a line (in `draft`; an amendment after `sent`).
    ChangeLineItem {
        /// Which line.
        line_item_id: LineItemId,
        /// The fields to change.
        patch: LineItemPatch,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Remove a line (in `draft`; an amendment after `sent`).
    RemoveLineItem {
        /// Which line.
        line_item_id: LineItemId,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Several line changes as one revision (after `sent`), or at once in a draft.
    Amend {
        /// The changes, applied in order.
        changes: Vec<LineItemChange>,
        /// What the amendment is about.
        note: Option<String>,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Send the draft for signature.
    Send,
    /// Record the advertiser's signature.
    Sign,
    /// Cancel the IO (any time before it is completed).
    Cancel {
        /// Why; required.
        reason: Option<String>,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Raise a makegood by hand.
    RaiseMakegood {
        /// The body.
        input: MakegoodInput,
        /// Today (UTC): the day the makegood is raised on.
        today: NaiveDate,
    },
    /// Raise the automatic makegood of a CPM line whose flight ended under-delivered; does
    /// nothing when none is owed or it was already raised (idempotent).
    DetectUnderDelivery {
        /// The line.
        line_item_id: LineItemId,
        /// Impressions delivered over the whole flight.
        delivered: u64,
        /// The day of the check.
        as_of: NaiveDate,
        /// Today (UTC): the day the makegood is raised on, if one is.
        today: NaiveDate,
    },
    /// Resolve a pending makegood.
    ResolveMakegood {
        /// Which one.
        makegood_id: MakegoodId,
        /// The body.
        input: ResolveInput,
    },
    /// Record a PDF export of the current revision.
    ExportPdf {
        /// Who exported it.
        by: String,
    },
}
