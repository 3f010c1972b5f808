//! Commands on a deal. Their values are unvalidated (strings as sent) so that the aggregate
//! answers every violation at once, catalog checks included. Each carries `today`, the UTC
//! date from the service's clock: the rules on days need it and the events record it (the
//! last activity day), keeping the aggregate pure.

use chrono::NaiveDate;

use super::{DealInput, DealPatch};
use crate::ids::{IoId, TenantId};
use crate::money::Currency;

/// A command on a deal.
#[derive(Clone, Debug, PartialEq)]
pub enum DealCommand {
    /// Create the deal in an open stage (default `lead`).
    CreateDeal {
        /// The tenant creating it.
        tenant_id: TenantId,
        /// The tenant's currency; the deal's amount is in it.
        tenant_currency: Currency,
        /// The body.
        input: DealInput,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Change some of the deal's fields (in any stage).
    UpdateDeal {
        /// The fields to change.
        patch: DealPatch,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Move an open deal to another open stage (any order); to its own stage does nothing.
    MoveStage {
        /// The open stage to move to. Required.
        stage: Option<String>,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Win an open deal.
    WinDeal {
        /// The day it closed, `YYYY-MM-DD`; default today.
        closed_on: Option<String>,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Lose an open deal, with a reason.
    LoseDeal {
        /// A [`LossReason`](super::LossReason). Required.
        reason: Option<String>,
        /// Free text.
        note: Option<String>,
        /// The day it closed, `YYYY-MM-DD`; default today.
        closed_on: Option<String>,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Reopen a closed deal into an open stage.
    ReopenDeal {
        /// The open stage to reopen into. Required.
        stage: Option<String>,
        /// Today (UTC).
        today: NaiveDate,
    },
    /// Record the draft IO made for the won deal (sent by the won-deal process); the same
    /// IO again does nothing.
    LinkIo {
        /// The IO.
        io_id: IoId,
        /// Today (UTC).
        today: NaiveDate,
    },
}
