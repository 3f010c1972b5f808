//! Facts about a deal. Stored data: past tense, version "1", never renamed. Every event
//! after `DealCreated` carries `on`, the UTC day of the command (the deal's last activity
//! day is the latest of these and `created_on`).

use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{DealDetails, DealStage, LossReason};
use crate::ids::{IoId, TenantId};

/// Something that happened to a deal.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum DealEvent {
    /// The deal was created.
    DealCreated {
        /// The tenant that owns the deal.
        tenant_id: TenantId,
        /// Its fields.
        details: DealDetails,
        /// The open stage it starts in.
        stage: DealStage,
        /// The day it was created (the day given for a carried-over deal, else `recorded_on`).
        created_on: NaiveDate,
        /// The UTC day it was recorded in Cuepoint.
        recorded_on: NaiveDate,
    },
    /// Fields of the deal changed; carries all of them as they now are.
    DealUpdated {
        /// The fields after the change.
        details: DealDetails,
        /// The UTC day of the change.
        on: NaiveDate,
    },
    /// The deal moved from one open stage to another.
    DealStageMoved {
        /// The stage it was in.
        from: DealStage,
        /// The stage it is in now.
        to: DealStage,
        /// The UTC day of the move.
        on: NaiveDate,
    },
    /// The deal was won.
    DealWon {
        /// The open stage it was won from.
        from: DealStage,
        /// The day it closed.
        closed_on: NaiveDate,
        /// The UTC day it was recorded.
        on: NaiveDate,
    },
    /// The deal was lost.
    DealLost {
        /// The open stage it was lost from.
        from: DealStage,
        /// Why.
        reason: LossReason,
        /// Free text.
        note: Option<String>,
        /// The day it closed.
        closed_on: NaiveDate,
        /// The UTC day it was recorded.
        on: NaiveDate,
    },
    /// The closed deal was reopened; it has no `closed_on` any more.
    DealReopened {
        /// The closed stage it was in.
        from: DealStage,
        /// The open stage it is in now.
        stage: DealStage,
        /// The UTC day it was reopened.
        on: NaiveDate,
    },
    /// The draft IO made for the won deal was linked to it.
    DealIoLinked {
        /// The IO.
        io_id: IoId,
        /// The UTC day of the link.
        on: NaiveDate,
    },
}

impl DealEvent {
    /// The UTC day the event happened on: `recorded_on` for `DealCreated`, else `on`.
    pub fn day(&self) -> NaiveDate {
        match self {
            DealEvent::DealCreated { recorded_on, .. } => *recorded_on,
            DealEvent::DealUpdated { on, .. }
            | DealEvent::DealStageMoved { on, .. }
            | DealEvent::DealWon { on, .. }
            | DealEvent::DealLost { on, .. }
            | DealEvent::DealReopened { on, .. }
            | DealEvent::DealIoLinked { on, .. } => *on,
        }
    }
}

impl DomainEvent for DealEvent {
    fn event_type(&self) -> String {
        match self {
            DealEvent::DealCreated { .. } => "DealCreated",
            DealEvent::DealUpdated { .. } => "DealUpdated",
            DealEvent::DealStageMoved { .. } => "DealStageMoved",
            DealEvent::DealWon { .. } => "DealWon",
            DealEvent::DealLost { .. } => "DealLost",
            DealEvent::DealReopened { .. } => "DealReopened",
            DealEvent::DealIoLinked { .. } => "DealIoLinked",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
