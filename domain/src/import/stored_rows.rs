//! How a `RowsAccepted` event stores its rows: each row an array of its fields, in
//! [`STORED_FIELDS`] order, not an object. As objects, the seven field names were half of a
//! row's bytes, and an import's rows are the largest thing the event log holds: the log
//! checks, compresses, writes and reads back those bytes, and the metrics projection
//! decodes them (docs/decisions.md, "Accepted rows stored as arrays").
//!
//! Rows stored as objects, by events written before, read the same: a [`MetricRow`]
//! deserializes from an object or from an array of its fields in their declared order.

use serde::Serializer;

use super::MetricRow;

/// A stored row's fields, in their order in its array: [`MetricRow`]'s declared order,
/// which its array form deserializes by.
pub const STORED_FIELDS: [&str; 7] = [
    "line",
    "date",
    "show_id",
    "episode",
    "downloads",
    "listeners",
    "source",
];

/// Serializes `rows` as arrays of their fields (`null` for an absent episode or listener
/// figure).
pub(super) fn serialize<S: Serializer>(
    rows: &[MetricRow],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(rows.iter().map(|row| {
        (
            row.line,
            row.date,
            &row.show_id,
            &row.episode,
            row.downloads,
            row.listeners,
            &row.source,
        )
    }))
}
