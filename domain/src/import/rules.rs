//! The rules of one data row (SPEC 6): what is accepted and why a row is rejected.

use chrono::NaiveDate;

use super::{Column, Header, MetricRow, Rejection};
use crate::bounds::MAX_DAILY_COUNT;
use crate::ids::{EpisodeId, ShowId, MAX_EPISODE_ID_LEN};
use crate::invalid::InvalidValue;
use crate::source::{SourceName, MAX_SOURCE_LEN};
use crate::text::is_forbidden_in_line;

/// Resolves the `show` cell of a row, an id or a slug, to a show of the tenant.
pub trait ShowLookup {
    /// The show named `id_or_slug`, if the tenant has it.
    fn resolve(&self, id_or_slug: &str) -> Option<ShowId>;
}

impl<F: Fn(&str) -> Option<ShowId>> ShowLookup for F {
    fn resolve(&self, id_or_slug: &str) -> Option<ShowId> {
        self(id_or_slug)
    }
}

/// Checks data rows against a header.
#[derive(Clone, Debug)]
pub struct RowRules {
    /// The matched header.
    pub header: Header,
    /// Today (UTC): a later date is in the future.
    pub today: NaiveDate,
    /// The source of rows without a `source` cell (the import's source), a
    /// [`SourceName`] already.
    pub default_source: String,
    /// Whether a row must have exactly as many cells as the header (CSV). Sheets omit
    /// trailing empty cells, so for them a short row is padded instead.
    pub strict_width: bool,
}

impl RowRules {
    /// The accepted row, or why `cells` (found at `line`) is rejected. The first fault
    /// found is reported.
    pub fn check<S: AsRef<str>>(
        &self,
        line: u64,
        cells: &[S],
        shows: &impl ShowLookup,
    ) -> Result<MetricRow, Rejection> {
        let width = self.header.width();
        if cells.len() > width || (self.strict_width && cells.len() != width) {
            return Err(Rejection::row(
                line,
                format!(
                    "unreadable row: {} fields where the header has {width}",
                    cells.len()
                ),
            ));
        }
        let cell = |column: Column| -> &str {
            self.header
                .position(column)
                .and_then(|i| cells.get(i))
                .map_or("", |c| c.as_ref().trim())
        };
        let date = self.date(line, cell(Column::Date))?;
        let show = text(line, Column::Show, cell(Column::Show))?;
        if show.is_empty() {
            return Err(Rejection::in_column(line, "show", "missing show"));
        }
        let show_id = shows
            .resolve(show)
            .ok_or_else(|| Rejection::in_column(line, "show", format!("unknown show {show:?}")))?;
        let downloads = count(line, Column::Downloads, cell(Column::Downloads))?
            .ok_or_else(|| Rejection::in_column(line, "downloads", "missing downloads"))?;
        let listeners = count(line, Column::Listeners, cell(Column::Listeners))?;
        let episode = match text(line, Column::Episode, cell(Column::Episode))? {
            "" => None,
            // Trimmed, not blank and free of control characters by now: only the length
            // of the episode id rule can fail.
            episode => Some(String::from(EpisodeId::parse(episode).map_err(|_| {
                Rejection::in_column(
                    line,
                    "episode",
                    format!("episode longer than {MAX_EPISODE_ID_LEN} characters"),
                )
            })?)),
        };
        let source = match text(line, Column::Source, cell(Column::Source))? {
            "" => self.default_source.clone(),
            source => SourceName::parse(source)
                .map(String::from)
                .map_err(|e| source_rejection(line, &e))?,
        };
        Ok(MetricRow {
            line,
            date,
            show_id,
            episode,
            downloads,
            listeners,
            source,
        })
    }

    fn date(&self, line: u64, raw: &str) -> Result<NaiveDate, Rejection> {
        if raw.is_empty() {
            return Err(Rejection::in_column(line, "date", "missing date"));
        }
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
            Rejection::in_column(
                line,
                "date",
                format!("{raw:?} is not a date (expected YYYY-MM-DD)"),
            )
        })?;
        if date > self.today {
            return Err(Rejection::in_column(
                line,
                "date",
                format!("{date} is in the future"),
            ));
        }
        Ok(date)
    }
}

/// A label of an import (a file or worksheet name) as it can be stored: every character
/// it may not hold replaced by U+FFFD. A label only names the import, so it is mended
/// rather than refused.
pub fn storable_label(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if is_forbidden_in_line(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// A text cell as it will be stored, or its rejection when it holds a character it may
/// not hold.
fn text(line: u64, column: Column, raw: &str) -> Result<&str, Rejection> {
    match raw.chars().find(|c| is_forbidden_in_line(*c)) {
        None => Ok(raw),
        Some(c) => Err(Rejection::in_column(
            line,
            column.name(),
            format!(
                "{} contains the control character U+{:04X}",
                column.name(),
                u32::from(c)
            ),
        )),
    }
}

/// The rejection of a `source` cell that is not a [`SourceName`] (control characters are
/// caught before, by [`text`], with the message every text cell has).
fn source_rejection(line: u64, error: &InvalidValue) -> Rejection {
    let reason = match error.code() {
        "too_long" => format!("source longer than {MAX_SOURCE_LEN} characters"),
        _ => format!("source: {error}"),
    };
    Rejection::in_column(line, "source", reason)
}

/// An optional non-negative integer count.
fn count(line: u64, column: Column, raw: &str) -> Result<Option<i64>, Rejection> {
    if raw.is_empty() {
        return Ok(None);
    }
    let name = column.name();
    match raw.parse::<i64>() {
        Ok(n) if n < 0 => Err(Rejection::in_column(
            line,
            name,
            format!("negative {name}: {n}"),
        )),
        Ok(n) if n > MAX_DAILY_COUNT => Err(Rejection::in_column(
            line,
            name,
            format!("{name} over the largest accepted count ({MAX_DAILY_COUNT}): {n}"),
        )),
        Ok(n) => Ok(Some(n)),
        Err(_) => Err(Rejection::in_column(
            line,
            name,
            format!("{name} is not an integer: {raw:?}"),
        )),
    }
}
