//! Raising and resolving makegoods.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;

use super::handle_lines::cancelled;
use super::makegood::makegood_id;
use super::under_delivery::owed_makegood;
use super::{IoBooking, IoError, IoEvent, Makegood, MakegoodInput, MakegoodReason, ResolveInput};
use super::{IoStatus, Stage};
use crate::bounds::MAX_IMPRESSIONS;
use crate::fields::{at_most, id, parse_required, positive, required, text, MAX_TEXT_CHARS};
use crate::ids::{LineItemId, MakegoodId};
use crate::violation::Violations;

impl IoBooking {
    /// Raises a makegood by hand on a line of an IO that was signed, on `today`.
    pub(super) async fn raise_makegood(
        &mut self,
        input: MakegoodInput,
        today: NaiveDate,
        sink: &EventSink<Self>,
    ) -> Result<(), IoError> {
        let state = self.existing()?;
        if state.stage == Stage::Cancelled {
            return Err(cancelled());
        }
        if !state.ever_signed {
            let from = state.stage_status();
            return Err(IoError::InvalidTransition {
                from,
                action: "raise_makegood",
            });
        }
        let mut v = Violations::new();
        let raw_line = required("line_item_id", input.line_item_id.as_deref(), &mut v);
        let line = raw_line.and_then(|raw| id::<LineItemId>("line_item_id", raw, &mut v));
        let line = line.filter(|l| {
            let known = state.line(l).is_some();
            if !known {
                v.add(
                    "line_item_id",
                    "unknown_line_item",
                    "no such line item in this IO",
                );
            }
            known
        });
        let reason = parse_required::<MakegoodReason>("reason", input.reason.as_deref(), &mut v);
        let impressions = positive("impressions", input.impressions, &mut v)
            .filter(|&n| at_most("impressions", n, MAX_IMPRESSIONS, &mut v));
        let note = text("note", input.note.as_deref(), MAX_TEXT_CHARS, &mut v);
        let (Some(line_item_id), Some(reason), Some(impressions), true) =
            (line, reason, impressions, v.is_empty())
        else {
            return Err(IoError::Invalid(v));
        };
        let show_id = state.line(&line_item_id).map(|l| l.show_id().clone());
        let makegood = Makegood {
            id: makegood_id(state.makegoods.len() + 1),
            line_item_id,
            show_id,
            raised_on: Some(today),
            reason,
            impressions,
            note,
            automatic: false,
            remedy: None,
            resolution_note: None,
        };
        sink.write(IoEvent::MakegoodRaised { makegood }, self).await;
        Ok(())
    }

    /// Raises the automatic `under_delivery` makegood of a signed IO's CPM line whose flight
    /// ended under-delivered, once; otherwise writes nothing. `delivered` was counted through
    /// `as_of`; the makegood is raised on `today` (UTC).
    pub(super) async fn detect_under_delivery(
        &mut self,
        line_item_id: LineItemId,
        delivered: u64,
        as_of: NaiveDate,
        today: NaiveDate,
        sink: &EventSink<Self>,
    ) -> Result<(), IoError> {
        let state = self.existing()?;
        let line = state.line(&line_item_id).ok_or(IoError::NotFound)?;
        let already =
            (state.makegoods.iter()).any(|m| m.automatic && m.line_item_id == line_item_id);
        if state.stage != Stage::Signed || already {
            return Ok(());
        }
        let tolerance = state.header.makegood_tolerance;
        let Some(owed) = owed_makegood(line, tolerance, delivered, as_of) else {
            return Ok(());
        };
        let makegood = Makegood {
            id: makegood_id(state.makegoods.len() + 1),
            show_id: Some(line.show_id().clone()),
            raised_on: Some(today),
            line_item_id,
            reason: MakegoodReason::UnderDelivery,
            impressions: owed,
            note: None,
            automatic: true,
            remedy: None,
            resolution_note: None,
        };
        sink.write(IoEvent::MakegoodRaised { makegood }, self).await;
        Ok(())
    }

    /// Resolves a pending makegood with a remedy.
    pub(super) async fn resolve_makegood(
        &mut self,
        makegood_id: MakegoodId,
        input: ResolveInput,
        sink: &EventSink<Self>,
    ) -> Result<(), IoError> {
        let state = self.existing()?;
        let makegood = state.makegood(&makegood_id).ok_or(IoError::NotFound)?;
        if state.stage_status() == IoStatus::Cancelled {
            return Err(cancelled());
        }
        if makegood.remedy.is_some() {
            return Err(IoError::AlreadyResolved);
        }
        let mut v = Violations::new();
        let remedy = parse_required("remedy", input.remedy.as_deref(), &mut v);
        let note = text("note", input.note.as_deref(), MAX_TEXT_CHARS, &mut v);
        let (Some(remedy), true) = (remedy, v.is_empty()) else {
            return Err(IoError::Invalid(v));
        };
        let event = IoEvent::MakegoodResolved {
            makegood_id,
            remedy,
            note,
        };
        sink.write(event, self).await;
        Ok(())
    }
}
