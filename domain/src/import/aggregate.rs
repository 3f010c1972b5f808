//! The import aggregate: one file or sheet of listener metrics, from start to outcome.

use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

use super::{
    FailureReason, ImportError, ImportEvent, ImportStarted, MetricRow, Rejection, SourceTally,
};

/// The most rows one `RowsAccepted` (or rejections one `RowsRejected`) event carries.
pub const MAX_ROWS_PER_EVENT: usize = 1000;

/// Commands on an import.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportCommand {
    /// Starts the import.
    Start(ImportStarted),
    /// Records a batch of accepted rows (at most [`MAX_ROWS_PER_EVENT`]).
    AcceptRows {
        /// The rows.
        rows: Vec<MetricRow>,
    },
    /// Records a batch of rejected rows (at most [`MAX_ROWS_PER_EVENT`]).
    RejectRows {
        /// The rejections.
        rejections: Vec<Rejection>,
    },
    /// Ends the import successfully; refused without an accepted row.
    Complete,
    /// Ends the import as failed.
    Fail {
        /// Why.
        reason: FailureReason,
    },
}

/// Where an import is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Not started.
    #[default]
    New,
    /// Started, rows coming in.
    Running,
    /// Completed.
    Completed,
    /// Failed.
    Failed,
}

/// The import aggregate. It keeps counts, not rows.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Import {
    status: ImportStatus,
    accepted: u64,
    rejected: u64,
    #[serde(default)]
    sources: SourceTally,
}

impl Import {
    /// Where the import is.
    pub fn status(&self) -> ImportStatus {
        self.status
    }

    /// Rows accepted so far.
    pub fn accepted(&self) -> u64 {
        self.accepted
    }

    /// Rows rejected so far.
    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    /// The sources of the rows accepted so far.
    pub fn sources(&self) -> &SourceTally {
        &self.sources
    }

    /// The events `command` produces, or why it is refused. Pure: `handle` and the
    /// streaming importer (which keeps the aggregate in memory) both decide through it.
    pub fn decide(&self, command: ImportCommand) -> Result<Vec<ImportEvent>, ImportError> {
        match (self.status, command) {
            (ImportStatus::New, ImportCommand::Start(started)) => {
                Ok(vec![ImportEvent::ImportStarted(started)])
            }
            (_, ImportCommand::Start(_)) => Err(ImportError::AlreadyStarted),
            (ImportStatus::New, _) => Err(ImportError::NotStarted),
            (ImportStatus::Completed | ImportStatus::Failed, _) => Err(ImportError::Finished),
            (ImportStatus::Running, command) => self.decide_running(command),
        }
    }

    fn decide_running(&self, command: ImportCommand) -> Result<Vec<ImportEvent>, ImportError> {
        Ok(match command {
            ImportCommand::AcceptRows { rows } => {
                if rows.len() > MAX_ROWS_PER_EVENT {
                    return Err(ImportError::BatchTooLarge(rows.len()));
                }
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                if !self.sources.fits(&rows) {
                    return Err(ImportError::TooManySources);
                }
                vec![ImportEvent::RowsAccepted { rows }]
            }
            ImportCommand::RejectRows { rejections } => {
                if rejections.len() > MAX_ROWS_PER_EVENT {
                    return Err(ImportError::BatchTooLarge(rejections.len()));
                }
                if rejections.is_empty() {
                    return Ok(Vec::new());
                }
                vec![ImportEvent::RowsRejected { rejections }]
            }
            ImportCommand::Complete => {
                if self.accepted == 0 {
                    return Err(ImportError::NoValidRow);
                }
                vec![ImportEvent::ImportCompleted {
                    accepted: self.accepted,
                    rejected: self.rejected,
                    last_day: self.sources.last_day(),
                    sources: self.sources.summaries(),
                }]
            }
            ImportCommand::Fail { reason } => vec![ImportEvent::ImportFailed {
                reason,
                accepted: self.accepted,
                rejected: self.rejected,
            }],
            ImportCommand::Start(_) => return Err(ImportError::AlreadyStarted),
        })
    }
}

impl Aggregate for Import {
    const TYPE: &'static str = "import";
    type Command = ImportCommand;
    type Event = ImportEvent;
    type Error = ImportError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        for event in self.decide(command)? {
            sink.write(event, self).await;
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            ImportEvent::ImportStarted(_) => self.status = ImportStatus::Running,
            ImportEvent::RowsAccepted { rows } => {
                self.accepted += rows.len() as u64;
                for row in &rows {
                    self.sources.record(row);
                }
            }
            ImportEvent::RowsRejected { rejections } => {
                self.rejected += rejections.len() as u64;
            }
            ImportEvent::ImportCompleted { .. } => self.status = ImportStatus::Completed,
            ImportEvent::ImportFailed { .. } => self.status = ImportStatus::Failed,
        }
    }
}
