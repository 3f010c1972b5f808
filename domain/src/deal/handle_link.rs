//! Linking the draft IO made for a won deal.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;

use super::handle_stage::refuse;
use super::{Deal, DealError, DealEvent};
use crate::ids::IoId;

impl Deal {
    /// Records the deal's IO. The same IO again writes nothing (the won-deal process may
    /// retry); another IO when one is linked is 409; a deal never won has no IO to link
    /// (409). A deal reopened after it was won may still be linked: its IO was made then.
    pub(super) async fn link_io(
        &mut self,
        io_id: IoId,
        today: NaiveDate,
        sink: &EventSink<Self>,
    ) -> Result<(), DealError> {
        let state = self.existing()?;
        match &state.io_id {
            Some(linked) if *linked == io_id => return Ok(()),
            Some(linked) => {
                let linked = linked.clone();
                return Err(DealError::IoAlreadyLinked { linked });
            }
            None if !state.was_won() => return Err(refuse(state.stage, "link_io")),
            None => {}
        }
        let event = DealEvent::DealIoLinked { io_id, on: today };
        sink.write(event, self).await;
        Ok(())
    }
}
