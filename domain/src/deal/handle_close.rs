//! Winning and losing an open deal.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;

use super::field_rules::closed_on;
use super::handle_stage::refuse;
use super::{Deal, DealError, DealEvent, LossReason};
use crate::fields::{parse_required, text, MAX_TEXT_CHARS};
use crate::violation::Violations;

impl Deal {
    /// An open deal `-> closed_won` on `closed_on` (default today; not before `created_on`,
    /// not in the future). A closed deal must be reopened first (409).
    pub(super) async fn win(
        &mut self,
        raw_closed_on: Option<String>,
        today: NaiveDate,
        sink: &EventSink<Self>,
    ) -> Result<(), DealError> {
        let state = self.existing()?;
        let from = state.stage;
        if !from.is_open() {
            return Err(refuse(from, "win"));
        }
        let mut v = Violations::new();
        let closed = closed_on(raw_closed_on.as_deref(), state.created_on, today, &mut v);
        let Some(closed_on) = closed else {
            return Err(DealError::Invalid(v));
        };
        let event = DealEvent::DealWon {
            from,
            closed_on,
            on: today,
        };
        sink.write(event, self).await;
        Ok(())
    }

    /// An open deal `-> closed_lost`, with a reason (required), an optional note, on
    /// `closed_on` (as for winning). A closed deal must be reopened first (409).
    pub(super) async fn lose(
        &mut self,
        reason: Option<String>,
        note: Option<String>,
        raw_closed_on: Option<String>,
        today: NaiveDate,
        sink: &EventSink<Self>,
    ) -> Result<(), DealError> {
        let state = self.existing()?;
        let from = state.stage;
        if !from.is_open() {
            return Err(refuse(from, "lose"));
        }
        let mut v = Violations::new();
        let reason = parse_required::<LossReason>("reason", reason.as_deref(), &mut v);
        let note = text("note", note.as_deref(), MAX_TEXT_CHARS, &mut v);
        let closed = closed_on(raw_closed_on.as_deref(), state.created_on, today, &mut v);
        let (Some(reason), Some(closed_on), true) = (reason, closed, v.is_empty()) else {
            return Err(DealError::Invalid(v));
        };
        let event = DealEvent::DealLost {
            from,
            reason,
            note,
            closed_on,
            on: today,
        };
        sink.write(event, self).await;
        Ok(())
    }
}
