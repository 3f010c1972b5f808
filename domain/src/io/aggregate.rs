//! The `IoBooking` aggregate: `handle` decides and writes events, `apply` only folds them.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

use super::commands::LineItemChange;
use super::{IoCommand, IoError, IoEvent, IoServices, IoState, IoStatus, Stage};

/// An insertion order; `state` is `None` until it is created.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct IoBooking {
    pub(super) state: Option<IoState>,
}

impl IoBooking {
    /// The current state, `None` before creation.
    pub fn state(&self) -> Option<&IoState> {
        self.state.as_ref()
    }

    /// The status the IO reads as on `day` (`None` before creation); see
    /// [`IoState::status_on`].
    pub fn status_on(&self, day: NaiveDate) -> Option<IoStatus> {
        self.state.as_ref().map(|s| s.status_on(day))
    }

    pub(super) fn existing(&self) -> Result<&IoState, IoError> {
        self.state.as_ref().ok_or(IoError::NotFound)
    }
}

impl Aggregate for IoBooking {
    const TYPE: &'static str = "io_booking";
    type Command = IoCommand;
    type Event = IoEvent;
    type Error = IoError;
    type Services = IoServices;

    async fn handle(
        &mut self,
        command: Self::Command,
        services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        match command {
            IoCommand::Create {
                tenant_id,
                tenant_currency,
                input,
            } => {
                self.create(tenant_id, tenant_currency, input, services, sink)
                    .await
            }
            IoCommand::AddLineItem { input, today } => {
                let changes = vec![LineItemChange::Add(input)];
                self.change_lines(changes, None, today, "", services, sink)
                    .await
            }
            IoCommand::ChangeLineItem {
                line_item_id,
                patch,
                today,
            } => {
                self.existing()?
                    .line(&line_item_id)
                    .ok_or(IoError::NotFound)?;
                let changes = vec![LineItemChange::Change {
                    line_item_id,
                    patch,
                }];
                self.change_lines(changes, None, today, "", services, sink)
                    .await
            }
            IoCommand::RemoveLineItem {
                line_item_id,
                today,
            } => {
                self.existing()?
                    .line(&line_item_id)
                    .ok_or(IoError::NotFound)?;
                let changes = vec![LineItemChange::Remove { line_item_id }];
                self.change_lines(changes, None, today, "", services, sink)
                    .await
            }
            IoCommand::Amend {
                changes,
                note,
                today,
            } => {
                self.change_lines(changes, note, today, "changes", services, sink)
                    .await
            }
            IoCommand::Send => self.send(sink).await,
            IoCommand::Sign => self.sign(sink).await,
            IoCommand::Cancel { reason, today } => self.cancel(reason, today, sink).await,
            IoCommand::RaiseMakegood { input, today } => {
                self.raise_makegood(input, today, sink).await
            }
            IoCommand::DetectUnderDelivery {
                line_item_id,
                delivered,
                as_of,
                today,
            } => {
                self.detect_under_delivery(line_item_id, delivered, as_of, today, sink)
                    .await
            }
            IoCommand::ResolveMakegood { makegood_id, input } => {
                self.resolve_makegood(makegood_id, input, sink).await
            }
            IoCommand::ExportPdf { by } => self.export_pdf(by, sink).await,
        }
    }

    fn apply(&mut self, event: Self::Event) {
        if let IoEvent::IoCreated {
            tenant_id,
            header,
            line_items,
            total: _,
        } = event
        {
            self.state = Some(IoState {
                tenant_id,
                header,
                stage: Stage::Draft,
                revision: 1,
                lines_created: line_items.len(),
                line_items,
                revisions: Vec::new(),
                makegoods: Vec::new(),
                ever_signed: false,
                cancel_reason: None,
            });
        } else if let Some(state) = self.state.as_mut() {
            state.apply(event);
        }
    }
}
