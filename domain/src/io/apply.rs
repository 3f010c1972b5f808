//! Folding events into an existing IO's state (no rules here: events are facts).

use super::{IoEvent, IoState, Stage};

impl IoState {
    /// Folds one event (other than `IoCreated`) into the state.
    pub(super) fn apply(&mut self, event: IoEvent) {
        match event {
            IoEvent::IoCreated { .. } | IoEvent::IoPdfExported { .. } => {}
            IoEvent::LineItemAdded { line_item, .. } => {
                self.lines_created += 1;
                self.line_items.push(line_item);
            }
            IoEvent::LineItemChanged { line_item, .. } => {
                if let Some(line) = (self.line_items.iter_mut()).find(|l| l.id() == line_item.id())
                {
                    *line = line_item;
                }
            }
            IoEvent::LineItemRemoved { line_item_id } => {
                self.line_items.retain(|l| l.id() != &line_item_id);
            }
            IoEvent::IoSent { snapshot } | IoEvent::IoAmended { snapshot, .. } => {
                self.stage = Stage::Sent;
                self.revision = snapshot.revision;
                self.revisions.push(snapshot);
            }
            IoEvent::IoSigned { .. } => {
                self.stage = Stage::Signed;
                self.ever_signed = true;
            }
            IoEvent::IoCancelled { reason, .. } => {
                self.stage = Stage::Cancelled;
                self.cancel_reason = Some(reason);
            }
            IoEvent::MakegoodRaised { makegood } => self.makegoods.push(makegood),
            IoEvent::MakegoodResolved {
                makegood_id,
                remedy,
                note,
            } => {
                if let Some(m) = self.makegoods.iter_mut().find(|m| m.id == makegood_id) {
                    m.remedy = Some(remedy);
                    m.resolution_note = note;
                }
            }
        }
    }
}
