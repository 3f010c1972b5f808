//! Moving an open deal between open stages, and reopening a closed one.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;

use super::field_rules::open_stage;
use super::{Deal, DealError, DealEvent, DealStage};
use crate::violation::Violations;

/// The 409 of an action the deal's stage does not allow.
pub(super) fn refuse(from: DealStage, action: &'static str) -> DealError {
    DealError::InvalidTransition { from, action }
}

impl Deal {
    /// An open stage to another open stage, in any order; to the stage it is in writes
    /// nothing. A closed deal must be reopened first (409).
    pub(super) async fn move_stage(
        &mut self,
        stage: Option<String>,
        today: NaiveDate,
        sink: &EventSink<Self>,
    ) -> Result<(), DealError> {
        let from = self.existing()?.stage;
        if !from.is_open() {
            return Err(refuse(from, "move_stage"));
        }
        let mut v = Violations::new();
        let Some(to) = open_stage("stage", stage.as_deref(), &mut v) else {
            return Err(DealError::Invalid(v));
        };
        if to == from {
            return Ok(());
        }
        let event = DealEvent::DealStageMoved {
            from,
            to,
            on: today,
        };
        sink.write(event, self).await;
        Ok(())
    }

    /// A closed deal (won or lost) back into an open stage; it loses its `closed_on` (and
    /// its loss reason) but keeps its IO. An open deal cannot be reopened (409).
    pub(super) async fn reopen(
        &mut self,
        stage: Option<String>,
        today: NaiveDate,
        sink: &EventSink<Self>,
    ) -> Result<(), DealError> {
        let from = self.existing()?.stage;
        if from.is_open() {
            return Err(refuse(from, "reopen"));
        }
        let mut v = Violations::new();
        let Some(stage) = open_stage("stage", stage.as_deref(), &mut v) else {
            return Err(DealError::Invalid(v));
        };
        let event = DealEvent::DealReopened {
            from,
            stage,
            on: today,
        };
        sink.write(event, self).await;
        Ok(())
    }
}
