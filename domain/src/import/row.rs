//! One accepted metric row and one rejected line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::ShowId;

/// An accepted row: the downloads (and listeners) of a show, or one of its episodes, on a
/// UTC day, as counted by a source. Its key is (show, episode, day, source); a later import
/// of the same key replaces the value.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct MetricRow {
    /// The line of the file (or row of the sheet, 1-based) it came from.
    pub line: u64,
    /// The UTC day.
    pub date: NaiveDate,
    /// The show, resolved from its id or slug.
    pub show_id: ShowId,
    /// The episode (id or GUID as the source names it), an
    /// [`EpisodeId`](crate::ids::EpisodeId) when accepted; `None` for a show-level figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episode: Option<String>,
    /// Downloads that day.
    pub downloads: i64,
    /// Listeners that day, where the source reports them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listeners: Option<i64>,
    /// The source (hosting platform) that counted them, lowercase.
    pub source: String,
}

/// A rejected row: its line and why.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct Rejection {
    /// The line of the file (or row of the sheet, 1-based).
    pub line: u64,
    /// The column at fault, where one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Why the row was rejected.
    pub reason: String,
}

impl Rejection {
    /// A rejection of `line` for a fault in `column`.
    pub fn in_column(line: u64, column: &str, reason: impl Into<String>) -> Self {
        Rejection {
            line,
            column: Some(column.to_string()),
            reason: reason.into(),
        }
    }

    /// A rejection of the whole row of `line`.
    pub fn row(line: u64, reason: impl Into<String>) -> Self {
        Rejection {
            line,
            column: None,
            reason: reason.into(),
        }
    }
}
