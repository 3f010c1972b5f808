//! Folding events into an existing deal's state (no rules here: events are facts).

use chrono::NaiveDate;

use super::{DealEvent, DealStage, DealState, Loss, StageEntry};

impl DealState {
    /// Folds one event after `DealCreated` into the state; each one's day counts towards
    /// the last activity day.
    pub(super) fn apply(&mut self, event: DealEvent) {
        let day = event.day();
        match event {
            // Creation is `Deal::apply`'s; a second one changes nothing.
            DealEvent::DealCreated { .. } => return,
            DealEvent::DealUpdated { details, .. } => self.details = details,
            DealEvent::DealStageMoved { to, on, .. } => self.enter(to, on),
            DealEvent::DealWon { closed_on, .. } => {
                self.enter(DealStage::ClosedWon, closed_on);
                self.closed_on = Some(closed_on);
                self.loss = None;
            }
            DealEvent::DealLost {
                reason,
                note,
                closed_on,
                ..
            } => {
                self.enter(DealStage::ClosedLost, closed_on);
                self.closed_on = Some(closed_on);
                self.loss = Some(Loss { reason, note });
            }
            DealEvent::DealReopened { stage, on, .. } => {
                self.enter(stage, on);
                self.closed_on = None;
                self.loss = None;
            }
            DealEvent::DealIoLinked { io_id, .. } => self.io_id = Some(io_id),
        }
        self.last_activity_on = self.last_activity_on.max(day);
    }

    /// Moves to `stage` from `day`, recording it in the history.
    fn enter(&mut self, stage: DealStage, day: NaiveDate) {
        self.stage = stage;
        self.stage_history.push(StageEntry { stage, from: day });
    }
}
