//! The facts an import records.

use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::{FailureReason, MetricRow, Rejection, SourceSummary};

/// What an import is about: recorded by `ImportStarted`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ImportStarted {
    /// The default source of its rows (`csv`, `megaphone`, ...), lowercase.
    pub source: String,
    /// Where the rows come from: a file name, or `<spreadsheet id>/<worksheet>`.
    pub origin: String,
    /// SHA-256 of the content, lowercase hex: the same content twice is a duplicate.
    pub content_hash: String,
    /// Who started it (a token id, or `system:<job>`).
    pub by: String,
}

/// Facts about an import.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum ImportEvent {
    /// The import started.
    ImportStarted(ImportStarted),
    /// Rows were accepted. They become visible in the read models only when the import
    /// completes.
    RowsAccepted {
        /// The rows, in file order, stored as arrays of their fields
        /// ([`STORED_FIELDS`](super::STORED_FIELDS)).
        #[serde(serialize_with = "super::stored_rows::serialize")]
        rows: Vec<MetricRow>,
    },
    /// Rows were rejected.
    RowsRejected {
        /// The lines and why.
        rejections: Vec<Rejection>,
    },
    /// The import completed: its accepted rows count.
    ///
    /// Version 2 added `sources`; a version 1 event reads with none, which
    /// [`ImportEvent::counted_sources`] takes as the import's own source.
    ImportCompleted {
        /// Rows accepted in all.
        accepted: u64,
        /// Rows rejected in all.
        rejected: u64,
        /// The latest day among the accepted rows.
        last_day: Option<NaiveDate>,
        /// What it carried of each source, by source.
        #[serde(default)]
        sources: Vec<SourceSummary>,
    },
    /// The import failed as a whole: none of its rows count.
    ImportFailed {
        /// Why.
        reason: FailureReason,
        /// Rows accepted before the failure (none of them count).
        accepted: u64,
        /// Rows rejected before the failure.
        rejected: u64,
    },
}

impl DomainEvent for ImportEvent {
    fn event_type(&self) -> String {
        match self {
            ImportEvent::ImportStarted(_) => "ImportStarted",
            ImportEvent::RowsAccepted { .. } => "RowsAccepted",
            ImportEvent::RowsRejected { .. } => "RowsRejected",
            ImportEvent::ImportCompleted { .. } => "ImportCompleted",
            ImportEvent::ImportFailed { .. } => "ImportFailed",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        match self {
            ImportEvent::ImportCompleted { .. } => "2",
            _ => "1",
        }
        .to_owned()
    }
}

impl ImportEvent {
    /// The sources this event makes its import count for in ETL health (SPEC 6), given
    /// the import's own (default) source: for `ImportCompleted` every source it carried
    /// rows of (for an event written before those were recorded, the import's own source
    /// with all its rows); for `ImportFailed` its own source, with none of its rows; none
    /// for the other events.
    pub fn counted_sources(&self, own_source: &str) -> Vec<SourceSummary> {
        let own = |accepted, last_day| {
            vec![SourceSummary {
                source: own_source.to_string(),
                accepted,
                last_day,
            }]
        };
        match self {
            ImportEvent::ImportCompleted { sources, .. } if !sources.is_empty() => sources.clone(),
            ImportEvent::ImportCompleted {
                accepted, last_day, ..
            } => own(*accepted, *last_day),
            ImportEvent::ImportFailed { .. } => own(0, None),
            _ => Vec::new(),
        }
    }
}
