//! Imports of listener metrics (SPEC 6): the [`Import`] aggregate, and the pure rules that
//! turn a table of cells (a CSV file or a Google Sheet, header row first) into accepted
//! [`MetricRow`]s and line-numbered [`Rejection`]s.
//!
//! The flow, whatever the source: [`detect_delimiter`] (CSV only), [`Header::parse`] on
//! the first row (a file without `date`, `show` and `downloads` columns fails as a whole),
//! then [`RowRules::check`] on each further row; [`read_csv`] does all three for a CSV
//! file, numbering each row by the line it starts on. The [`Import`] aggregate records what
//! happened, including which sources its rows came from ([`SourceTally`]); the ETL
//! [`health`] rule judges each source by the imports that carried it
//! ([`ImportEvent::counted_sources`]).

mod aggregate;
mod csv_reader;
mod delimiter;
mod error;
mod events;
mod header;
pub mod health;
mod line_breaks;
mod row;
mod rules;
mod sources;
mod stored_rows;

#[cfg(test)]
mod tests;

pub use aggregate::{Import, ImportCommand, ImportStatus, MAX_ROWS_PER_EVENT};
pub use csv_reader::read_csv;
pub use delimiter::detect_delimiter;
pub use error::{FailureReason, ImportError};
pub use events::{ImportEvent, ImportStarted};
pub use header::{Column, Header};
pub use row::{MetricRow, Rejection};
pub use rules::{storable_label, RowRules, ShowLookup};
pub use sources::{SourceSummary, SourceTally, MAX_SOURCES_PER_IMPORT};
pub use stored_rows::STORED_FIELDS;
