//! The `Deal` aggregate: `handle` decides and writes events, `apply` only folds them.

use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

use super::{DealCommand, DealError, DealEvent, DealServices, DealState, StageEntry};

/// A deal of the sales pipeline; `state` is `None` until it is created.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Deal {
    pub(super) state: Option<DealState>,
}

impl Deal {
    /// The current state, `None` before creation.
    pub fn state(&self) -> Option<&DealState> {
        self.state.as_ref()
    }

    pub(super) fn existing(&self) -> Result<&DealState, DealError> {
        self.state.as_ref().ok_or(DealError::NotFound)
    }
}

impl Aggregate for Deal {
    const TYPE: &'static str = "deal";
    type Command = DealCommand;
    type Event = DealEvent;
    type Error = DealError;
    type Services = DealServices;

    async fn handle(
        &mut self,
        command: Self::Command,
        services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        match command {
            DealCommand::CreateDeal {
                tenant_id,
                tenant_currency,
                input,
                today,
            } => {
                self.create(tenant_id, tenant_currency, input, today, services, sink)
                    .await
            }
            DealCommand::UpdateDeal { patch, today } => {
                self.update(patch, today, services, sink).await
            }
            DealCommand::MoveStage { stage, today } => self.move_stage(stage, today, sink).await,
            DealCommand::WinDeal { closed_on, today } => self.win(closed_on, today, sink).await,
            DealCommand::LoseDeal {
                reason,
                note,
                closed_on,
                today,
            } => self.lose(reason, note, closed_on, today, sink).await,
            DealCommand::ReopenDeal { stage, today } => self.reopen(stage, today, sink).await,
            DealCommand::LinkIo { io_id, today } => self.link_io(io_id, today, sink).await,
        }
    }

    fn apply(&mut self, event: Self::Event) {
        if let DealEvent::DealCreated {
            tenant_id,
            details,
            stage,
            created_on,
            recorded_on: _,
        } = event
        {
            self.state = Some(DealState {
                tenant_id,
                details,
                stage,
                stage_history: vec![StageEntry {
                    stage,
                    from: created_on,
                }],
                created_on,
                closed_on: None,
                loss: None,
                io_id: None,
                last_activity_on: created_on,
            });
        } else if let Some(state) = self.state.as_mut() {
            state.apply(event);
        }
    }
}
