//! Changing line items: free in a draft, an amendment (new revision, back to `sent`) after.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;

use super::commands::LineItemChange;
use super::header::{line_item_id, MAX_LINE_ITEMS};
use super::state::total_of;
use super::{IoBooking, IoError, IoEvent, IoServices, IoStatus, LineItem, RevisionSnapshot, Stage};
use crate::catalog::checks::show;
use crate::fields::{text, MAX_TEXT_CHARS};
use crate::violation::Violations;

/// The violation answered for any change to a cancelled IO.
pub(super) fn cancelled() -> IoError {
    let mut v = Violations::new();
    v.add("status", "io_cancelled", "a cancelled IO cannot change");
    IoError::Invalid(v)
}

impl IoBooking {
    /// Applies `changes` to a working copy, validating each (paths under `root[i].`, or at
    /// the top when `root` is empty), then writes the line events and, after `sent`, one
    /// `IoAmended`. Changes that change nothing write nothing.
    pub(super) async fn change_lines(
        &mut self,
        changes: Vec<LineItemChange>,
        note: Option<String>,
        today: NaiveDate,
        root: &str,
        services: &IoServices,
        sink: &EventSink<Self>,
    ) -> Result<(), IoError> {
        let state = self.existing()?;
        match state.status_on(today) {
            IoStatus::Cancelled => return Err(cancelled()),
            IoStatus::Completed => {
                let (from, action) = (IoStatus::Completed, "amend");
                return Err(IoError::InvalidTransition { from, action });
            }
            _ => {}
        }
        let tenant = state.tenant_id.clone();
        let mut v = Violations::new();
        let note = text("note", note.as_deref(), MAX_TEXT_CHARS, &mut v);
        let mut lines = state.line_items.clone();
        let mut created = state.lines_created;
        let mut events = Vec::new();
        for (i, change) in changes.into_iter().enumerate() {
            let p = if root.is_empty() {
                String::new()
            } else {
                format!("{root}[{i}].")
            };
            let unknown = |v: &mut Violations| {
                let field = format!("{p}line_item_id");
                v.add(field, "unknown_line_item", "no such line item in this IO");
            };
            match change {
                LineItemChange::Add(input) => {
                    created += 1;
                    let id = line_item_id(created);
                    let field = format!("{p}show_id");
                    show(services, &tenant, &field, input.show_id.as_deref(), &mut v).await?;
                    if let Some(line) = LineItem::parse_at(id, &input, &p, &mut v) {
                        lines.push(line.clone());
                        events.push(IoEvent::LineItemAdded {
                            line_total: line.total()?,
                            line_item: line,
                        });
                    }
                }
                LineItemChange::Change {
                    line_item_id,
                    patch,
                } => {
                    let Some(at) = lines.iter().position(|l| l.id() == &line_item_id) else {
                        unknown(&mut v);
                        continue;
                    };
                    if let Some(raw) = patch.show_id.as_deref() {
                        show(services, &tenant, &format!("{p}show_id"), Some(raw), &mut v).await?;
                    }
                    let input = lines[at].to_input().patched(patch);
                    let Some(line) = LineItem::parse_at(line_item_id, &input, &p, &mut v) else {
                        continue;
                    };
                    if line != lines[at] {
                        lines[at] = line.clone();
                        events.push(IoEvent::LineItemChanged {
                            line_total: line.total()?,
                            line_item: line,
                        });
                    }
                }
                LineItemChange::Remove { line_item_id } => {
                    if lines.iter().any(|l| l.id() == &line_item_id) {
                        lines.retain(|l| l.id() != &line_item_id);
                        events.push(IoEvent::LineItemRemoved { line_item_id });
                    } else {
                        unknown(&mut v);
                    }
                }
            }
        }
        let stage = state.stage;
        if stage != Stage::Draft && lines.is_empty() {
            v.add(
                "line_items",
                "required",
                "a sent IO keeps at least one line item",
            );
        }
        if lines.len() > MAX_LINE_ITEMS {
            v.add(
                "line_items",
                "too_many",
                "an IO holds at most 200 line items",
            );
        }
        if !v.is_empty() {
            return Err(IoError::Invalid(v));
        }
        if events.is_empty() {
            return Ok(());
        }
        if stage != Stage::Draft {
            events.push(IoEvent::IoAmended {
                snapshot: RevisionSnapshot {
                    revision: state.revision + 1,
                    total: total_of(&lines)?,
                    line_items: lines,
                    note,
                },
                previous_stage: stage,
            });
        }
        for event in events {
            sink.write(event, self).await;
        }
        Ok(())
    }
}
