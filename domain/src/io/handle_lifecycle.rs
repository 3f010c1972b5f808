//! Sending, signing, cancelling and exporting an IO.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;

use super::state::total_of;
use super::{IoBooking, IoError, IoEvent, IoStatus, RevisionSnapshot, Stage};
use crate::fields::{required_text, MAX_TEXT_CHARS};
use crate::violation::Violations;

fn refuse(from: IoStatus, action: &'static str) -> IoError {
    IoError::InvalidTransition { from, action }
}

fn no_line_items() -> IoError {
    let mut v = Violations::new();
    v.add(
        "line_items",
        "required",
        "an IO needs at least one line item",
    );
    IoError::Invalid(v)
}

impl IoBooking {
    /// `draft -> sent`: fixes revision 1. Needs at least one line item.
    pub(super) async fn send(&mut self, sink: &EventSink<Self>) -> Result<(), IoError> {
        let state = self.existing()?;
        if state.stage != Stage::Draft {
            return Err(refuse(state.stage_status(), "send"));
        }
        if state.line_items.is_empty() {
            return Err(no_line_items());
        }
        let snapshot = RevisionSnapshot {
            revision: state.revision,
            line_items: state.line_items.clone(),
            total: total_of(&state.line_items)?,
            note: None,
        };
        sink.write(IoEvent::IoSent { snapshot }, self).await;
        Ok(())
    }

    /// `sent -> signed`. Needs at least one line item.
    pub(super) async fn sign(&mut self, sink: &EventSink<Self>) -> Result<(), IoError> {
        let state = self.existing()?;
        if state.stage != Stage::Sent {
            return Err(refuse(state.stage_status(), "sign"));
        }
        if state.line_items.is_empty() {
            return Err(no_line_items());
        }
        let revision = state.revision;
        sink.write(IoEvent::IoSigned { revision }, self).await;
        Ok(())
    }

    /// Any status before `completed` (and not already cancelled) `-> cancelled`, with a
    /// reason.
    pub(super) async fn cancel(
        &mut self,
        reason: Option<String>,
        today: NaiveDate,
        sink: &EventSink<Self>,
    ) -> Result<(), IoError> {
        let state = self.existing()?;
        let status = state.status_on(today);
        if matches!(status, IoStatus::Cancelled | IoStatus::Completed) {
            return Err(refuse(status, "cancel"));
        }
        let mut v = Violations::new();
        let reason = required_text("reason", reason.as_deref(), MAX_TEXT_CHARS, &mut v);
        let Some(reason) = reason.filter(|_| v.is_empty()) else {
            return Err(IoError::Invalid(v));
        };
        let event = IoEvent::IoCancelled {
            reason,
            previous_stage: state.stage,
            on: today,
        };
        sink.write(event, self).await;
        Ok(())
    }

    /// Records an export of the current revision, in any status.
    pub(super) async fn export_pdf(
        &mut self,
        by: String,
        sink: &EventSink<Self>,
    ) -> Result<(), IoError> {
        let revision = self.existing()?.revision;
        let mut v = Violations::new();
        let Some(by) = required_text("by", Some(&by), 200, &mut v) else {
            return Err(IoError::Invalid(v));
        };
        sink.write(IoEvent::IoPdfExported { revision, by }, self)
            .await;
        Ok(())
    }
}
