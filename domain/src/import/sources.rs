//! The sources an import carried rows of. ETL health is judged per source of the rows (a
//! row's `source`, else its import's): an import counts for every source it carried.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{MetricRow, Rejection};

/// The most sources one import may carry rows of. A row of a further source is rejected,
/// so an import's completion event and its ETL health entries stay small whatever the
/// file holds.
pub const MAX_SOURCES_PER_IMPORT: usize = 100;

/// What an import carried of one source: recorded by `ImportCompleted`, one per source.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct SourceSummary {
    /// The source, lowercase.
    pub source: String,
    /// Rows of the source the import accepted.
    pub accepted: u64,
    /// The latest day among them (`None` only where no row counts: a failed import).
    pub last_day: Option<NaiveDate>,
}

/// Accepted rows and latest day of one source.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
struct Tally {
    accepted: u64,
    last_day: NaiveDate,
}

/// The sources of the rows accepted so far, each with its row count and latest day.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, schemars::JsonSchema)]
pub struct SourceTally(BTreeMap<String, Tally>);

impl SourceTally {
    /// Whether rows of `source` may join: it is carried already, or fewer than
    /// [`MAX_SOURCES_PER_IMPORT`] are.
    pub fn admits(&self, source: &str) -> bool {
        self.0.contains_key(source) || self.0.len() < MAX_SOURCES_PER_IMPORT
    }

    /// Whether all of `rows` together stay within [`MAX_SOURCES_PER_IMPORT`] sources.
    pub fn fits(&self, rows: &[MetricRow]) -> bool {
        let new: BTreeSet<&str> = rows
            .iter()
            .map(|r| r.source.as_str())
            .filter(|s| !self.0.contains_key(*s))
            .collect();
        self.0.len() + new.len() <= MAX_SOURCES_PER_IMPORT
    }

    /// Counts an accepted row.
    pub fn record(&mut self, row: &MetricRow) {
        self.0
            .entry(row.source.clone())
            .and_modify(|t| {
                t.accepted += 1;
                t.last_day = t.last_day.max(row.date);
            })
            .or_insert(Tally {
                accepted: 1,
                last_day: row.date,
            });
    }

    /// Counts `row` if its source is admitted; else rejects it in the `source` column.
    pub fn admit(&mut self, row: MetricRow) -> Result<MetricRow, Rejection> {
        if !self.admits(&row.source) {
            return Err(Rejection::in_column(
                row.line,
                "source",
                format!(
                    "source {:?} would be more than {MAX_SOURCES_PER_IMPORT} sources in one import",
                    row.source
                ),
            ));
        }
        self.record(&row);
        Ok(row)
    }

    /// The latest day of any source.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.0.values().map(|t| t.last_day).max()
    }

    /// One summary per source, by source.
    pub fn summaries(&self) -> Vec<SourceSummary> {
        self.0
            .iter()
            .map(|(source, t)| SourceSummary {
                source: source.clone(),
                accepted: t.accepted,
                last_day: Some(t.last_day),
            })
            .collect()
    }
}
