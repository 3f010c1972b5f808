//! The `Alert` aggregate: one per (kind, subject) of a tenant, raised once while its
//! condition holds and cleared when it stops holding. Raising an open alert or clearing a
//! cleared one writes nothing, so the jobs that drive it can run any number of times.
//! Alerts are an aggregate of their own: their events are never a deal's (or a source's)
//! activity.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::ids::TenantId;

snake_enum!(
    /// What an alert is about (SPEC 8).
    AlertKind, "alert kind (deal_stale, deal_overdue, etl_degraded, etl_failing, makegood_raised)", "unknown_alert_kind", {
        /// An open deal without activity for 14 days (SPEC 5).
        DealStale => "deal_stale",
        /// An open deal past its expected close date (SPEC 5).
        DealOverdue => "deal_overdue",
        /// A metrics source whose ETL health is `degraded` (SPEC 6).
        EtlDegraded => "etl_degraded",
        /// A metrics source whose ETL health is `failing` (SPEC 6).
        EtlFailing => "etl_failing",
        /// An automatic makegood was raised on an under-delivered line (SPEC 4).
        MakegoodRaised => "makegood_raised",
    }
);

/// What an alert is on: a deal, a metrics source, or an IO's makegood.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AlertSubject {
    /// The deal id, the source name, or `<io id>/<makegood id>`.
    pub id: String,
    /// For people: the deal's name, the source, or the IO's makegood.
    pub name: String,
}

impl AlertKind {
    /// The aggregate id of the alert of this kind on `subject`: one per kind and subject.
    pub fn alert_id(self, subject: &AlertSubject) -> String {
        format!("{}:{}", self.as_str(), subject.id)
    }
}

/// Commands on an alert.
#[derive(Clone, Debug, PartialEq)]
pub enum AlertCommand {
    /// Raise the alert, unless it is open.
    Raise {
        /// The tenant.
        tenant_id: TenantId,
        /// What it is about.
        kind: AlertKind,
        /// On what.
        subject: AlertSubject,
        /// The first day on which its condition holds.
        since: NaiveDate,
        /// The `as_of` day of the run that raises it.
        raised_on: NaiveDate,
    },
    /// Clear the alert, if it is open.
    Clear {
        /// The `as_of` day of the run that clears it.
        cleared_on: NaiveDate,
    },
}

/// Events of an alert (stored data: never renamed).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum AlertEvent {
    /// The alert was raised (again, after it had been cleared, when its condition returned).
    AlertRaised {
        /// The tenant.
        tenant_id: TenantId,
        /// What it is about.
        kind: AlertKind,
        /// On what.
        subject: AlertSubject,
        /// The first day on which its condition holds.
        since: NaiveDate,
        /// The `as_of` day of the run that raised it.
        raised_on: NaiveDate,
    },
    /// The alert's condition stopped holding.
    AlertCleared {
        /// The `as_of` day of the run that cleared it.
        cleared_on: NaiveDate,
    },
}

impl DomainEvent for AlertEvent {
    fn event_type(&self) -> String {
        match self {
            AlertEvent::AlertRaised { .. } => "AlertRaised",
            AlertEvent::AlertCleared { .. } => "AlertCleared",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}

/// Why an alert command was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AlertError {
    /// A raise of another kind or subject than the alert's own (a wrong aggregate id).
    #[error("the alert is of another kind or subject")]
    Mismatch,
}

/// An alert as raised, and whether it is open.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct AlertState {
    /// What it is about.
    pub kind: AlertKind,
    /// On what.
    pub subject: AlertSubject,
    /// Whether it has not been cleared since it was last raised.
    pub open: bool,
}

/// An alert; `state` is `None` until it is first raised.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Alert {
    state: Option<AlertState>,
}

impl Aggregate for Alert {
    const TYPE: &'static str = "alert";
    type Command = AlertCommand;
    type Event = AlertEvent;
    type Error = AlertError;
    type Services = ();

    async fn handle(
        &mut self,
        command: AlertCommand,
        _services: &(),
        sink: &EventSink<Self>,
    ) -> Result<(), AlertError> {
        let event = match (command, &self.state) {
            (AlertCommand::Raise { kind, subject, .. }, Some(state))
                if state.kind != kind || state.subject.id != subject.id =>
            {
                return Err(AlertError::Mismatch)
            }
            (AlertCommand::Raise { .. }, Some(state)) if state.open => return Ok(()),
            (
                AlertCommand::Raise {
                    tenant_id,
                    kind,
                    subject,
                    since,
                    raised_on,
                },
                _,
            ) => AlertEvent::AlertRaised {
                tenant_id,
                kind,
                subject,
                since,
                raised_on,
            },
            (AlertCommand::Clear { cleared_on }, Some(state)) if state.open => {
                AlertEvent::AlertCleared { cleared_on }
            }
            (AlertCommand::Clear { .. }, _) => return Ok(()),
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: AlertEvent) {
        match event {
            AlertEvent::AlertRaised { kind, subject, .. } => {
                self.state = Some(AlertState {
                    kind,
                    subject,
                    open: true,
                });
            }
            AlertEvent::AlertCleared { .. } => {
                if let Some(state) = self.state.as_mut() {
                    state.open = false;
                }
            }
        }
    }
}
