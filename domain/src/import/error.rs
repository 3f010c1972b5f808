//! Why an import command was refused, and why a whole import failed.

use serde::{Deserialize, Serialize};

/// Why a whole file (or sheet) failed: recorded in `ImportFailed`, tagged by its
/// [`code`](FailureReason::code).
#[derive(
    Serialize, Deserialize, Clone, Debug, PartialEq, Eq, thiserror::Error, schemars::JsonSchema,
)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FailureReason {
    /// The file is empty: not even a header row.
    #[error("the file is empty")]
    #[serde(rename = "empty_file")]
    Empty,
    /// The header row lacks required columns.
    #[error("no usable header: missing column(s) {}", missing.join(", "))]
    NoUsableHeader {
        /// The required columns not found (`date`, `show`, `downloads`).
        missing: Vec<String>,
    },
    /// Every data row was rejected (or there was none).
    #[error("no valid row")]
    NoValidRow,
    /// A file with the same content was imported (and completed) in the meantime.
    #[error("duplicate of import {import_id}")]
    #[serde(rename = "duplicate_import")]
    Duplicate {
        /// The earlier import.
        import_id: String,
    },
    /// The file could not be read to its end.
    #[error("unreadable: {message}")]
    #[serde(rename = "unreadable_file")]
    Unreadable {
        /// What went wrong.
        message: String,
    },
    /// A server error (the database, a crash of the reader) stopped the import midway.
    /// What went wrong is in the server's log, not here.
    #[error("interrupted by a server error")]
    Interrupted,
    /// The import made no progress for this long and nobody was finishing it (its process
    /// died): failed by a process at its start.
    #[error("abandoned: no progress for {minutes} minutes")]
    Abandoned {
        /// The bound it exceeded, in minutes.
        minutes: u64,
    },
}

impl FailureReason {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            FailureReason::Empty => "empty_file",
            FailureReason::NoUsableHeader { .. } => "no_usable_header",
            FailureReason::NoValidRow => "no_valid_row",
            FailureReason::Duplicate { .. } => "duplicate_import",
            FailureReason::Unreadable { .. } => "unreadable_file",
            FailureReason::Interrupted => "interrupted",
            FailureReason::Abandoned { .. } => "abandoned",
        }
    }
}

/// Why a command on an import was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// `Start` on an import that has already started.
    #[error("the import has already started")]
    AlreadyStarted,
    /// A command other than `Start` on an import that has not started.
    #[error("the import has not started")]
    NotStarted,
    /// A command on an import that already completed or failed.
    #[error("the import is already finished")]
    Finished,
    /// `Complete` on an import without a single accepted row.
    #[error("no valid row")]
    NoValidRow,
    /// More rows in one command than one event may carry.
    #[error("too many rows in one batch ({0})")]
    BatchTooLarge(usize),
    /// Rows that would make the import carry more than
    /// [`MAX_SOURCES_PER_IMPORT`](super::MAX_SOURCES_PER_IMPORT) sources.
    #[error(
        "rows of more than {} sources in one import",
        super::MAX_SOURCES_PER_IMPORT
    )]
    TooManySources,
}
