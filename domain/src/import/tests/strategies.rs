//! Generators of the import property tests: rows of valid values and the header they sit
//! under.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use crate::bounds::MAX_DAILY_COUNT;
use crate::ids::ShowId;
use crate::import::{Column, Header, MetricRow, RowRules};

/// Today in the property tests.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()
}

/// The tenant's shows: `show-1` by id or by its slug `night-shift`.
pub fn shows(name: &str) -> Option<ShowId> {
    matches!(name, "show-1" | "night-shift").then(|| "show-1".parse().unwrap())
}

/// The rules of a CSV file (strict width) with `header`, the import's source `csv`.
pub fn rules(header: Header) -> RowRules {
    RowRules {
        header,
        today: today(),
        default_source: "csv".into(),
        strict_width: true,
    }
}

/// The values of one valid row.
#[derive(Clone, Debug)]
pub struct RowValues {
    /// The day, on or before [`today`].
    pub date: NaiveDate,
    /// `show-1` or `night-shift`.
    pub show: &'static str,
    /// An episode id, or none.
    pub episode: Option<String>,
    /// 0..=MAX_DAILY_COUNT.
    pub downloads: i64,
    /// 0..=MAX_DAILY_COUNT, or none.
    pub listeners: Option<i64>,
    /// A source as written (any case), or none.
    pub source: Option<String>,
}

impl RowValues {
    /// The cell of `column` as written in a file.
    pub fn cell(&self, column: Column) -> String {
        match column {
            Column::Date => self.date.to_string(),
            Column::Show => self.show.to_string(),
            Column::Episode => self.episode.clone().unwrap_or_default(),
            Column::Downloads => self.downloads.to_string(),
            Column::Listeners => self.listeners.map(|n| n.to_string()).unwrap_or_default(),
            Column::Source => self.source.clone().unwrap_or_default(),
        }
    }

    /// The row accepted from these values at `line`.
    pub fn accepted(&self, line: u64) -> MetricRow {
        MetricRow {
            line,
            date: self.date,
            show_id: "show-1".parse().unwrap(),
            episode: self.episode.clone(),
            downloads: self.downloads,
            listeners: self.listeners,
            source: (self.source.as_deref()).map_or_else(|| "csv".to_string(), str::to_lowercase),
        }
    }
}

/// A count within the bound, small ones often.
fn count() -> impl Strategy<Value = i64> {
    prop_oneof![0..=100_i64, 0..=MAX_DAILY_COUNT]
}

/// Valid values of a row.
pub fn row_values() -> impl Strategy<Value = RowValues> {
    (
        0_u64..3650,
        prop_oneof![Just("show-1"), Just("night-shift")],
        proptest::option::of("[A-Za-z0-9][A-Za-z0-9_.:-]{0,40}"),
        count(),
        proptest::option::of(count()),
        proptest::option::of("[A-Za-z][A-Za-z0-9_.-]{0,20}"),
    )
        .prop_map(
            |(back, show, episode, downloads, listeners, source)| RowValues {
                date: today() - Days::new(back),
                show,
                episode,
                downloads,
                listeners,
                source,
            },
        )
}

/// The spellings of each column a header may use (any case, `_` `-` or spaces between
/// words).
pub fn spelling(column: Column) -> impl Strategy<Value = String> {
    let names: &[&str] = match column {
        Column::Date => &["date", "Day"],
        Column::Show => &["show", "podcast", "Show ID", "show_slug", "podcast-id"],
        Column::Episode => &["episode", "Episode ID", "episode_guid", "GUID"],
        Column::Downloads => &["downloads", "Total Downloads", "download_count"],
        Column::Listeners => &["listeners", "Unique Listeners"],
        Column::Source => &["source", "SOURCE"],
    };
    (proptest::sample::select(names), any::<bool>(), " {0,2}").prop_map(|(name, upper, pad)| {
        let name = if upper {
            name.to_uppercase()
        } else {
            name.to_string()
        };
        format!("{pad}{name}{pad}")
    })
}

/// Every column in some order, each spelled some way.
pub fn columns() -> impl Strategy<Value = Vec<(Column, String)>> {
    Just(Column::ALL.to_vec())
        .prop_shuffle()
        .prop_flat_map(|order| {
            order
                .into_iter()
                .map(|column| spelling(column).prop_map(move |name| (column, name)))
                .collect::<Vec<_>>()
        })
}
