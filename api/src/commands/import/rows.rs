//! Where an import's rows come from: a CSV file or a grid of cells (a Google Sheet), both
//! read through one validation path into batches of accepted and rejected rows.

use std::collections::HashMap;
use std::fs::File;

use cuepoint_domain::ids::ShowId;
use cuepoint_domain::import::{
    read_csv as read_csv_rows, FailureReason, Header, MetricRow, Rejection, RowRules, SourceTally,
    MAX_ROWS_PER_EVENT,
};
use tokio::sync::mpsc;

/// The rows of an import.
pub enum RowSource {
    /// A CSV file (any of `,` `;` tab; a BOM and CRLF are fine), read from its start.
    Csv(File),
    /// Cells, header row first (a sheet omits trailing empty cells: short rows are padded).
    Grid(Vec<Vec<String>>),
}

/// What the reader sends the writer.
#[derive(Debug)]
pub enum Parsed {
    /// Accepted rows (at most [`MAX_ROWS_PER_EVENT`]).
    Accepted(Vec<MetricRow>),
    /// Rejected rows (at most [`MAX_ROWS_PER_EVENT`]).
    Rejected(Vec<Rejection>),
    /// The whole input is unusable.
    Failed(FailureReason),
    /// Bytes of the file read so far (for a progress bar).
    Progress(u64),
}

/// The settings of a read.
pub struct ReadSettings {
    /// Today (UTC).
    pub today: chrono::NaiveDate,
    /// The import's source.
    pub default_source: String,
    /// The tenant's shows by id and by slug.
    pub shows: HashMap<String, ShowId>,
}

/// Reads every row of `source` and sends batches to `out` (blocking: run it off the async
/// runtime). Stops early if the receiver is gone.
pub fn read_rows(source: RowSource, settings: ReadSettings, out: mpsc::Sender<Parsed>) {
    let result = match source {
        RowSource::Csv(file) => read_csv(file, &settings, &out),
        RowSource::Grid(cells) => read_grid(cells, &settings, &out),
    };
    if let Err(reason) = result {
        let _ = out.blocking_send(Parsed::Failed(reason));
    }
}

/// Collects rows into batches and sends full ones. A row of a source past the import's
/// bound of sources is rejected here, where the rows pass in file order.
struct Batcher<'a> {
    out: &'a mpsc::Sender<Parsed>,
    accepted: Vec<MetricRow>,
    rejected: Vec<Rejection>,
    sources: SourceTally,
}

impl<'a> Batcher<'a> {
    fn new(out: &'a mpsc::Sender<Parsed>) -> Self {
        Batcher {
            out,
            accepted: Vec::new(),
            rejected: Vec::new(),
            sources: SourceTally::default(),
        }
    }

    fn push(&mut self, row: Result<MetricRow, Rejection>) -> bool {
        match row.and_then(|row| self.sources.admit(row)) {
            Ok(row) => {
                self.accepted.push(row);
                if self.accepted.len() == MAX_ROWS_PER_EVENT {
                    let batch = std::mem::take(&mut self.accepted);
                    return self.out.blocking_send(Parsed::Accepted(batch)).is_ok();
                }
            }
            Err(rejection) => {
                self.rejected.push(rejection);
                if self.rejected.len() == MAX_ROWS_PER_EVENT {
                    let batch = std::mem::take(&mut self.rejected);
                    return self.out.blocking_send(Parsed::Rejected(batch)).is_ok();
                }
            }
        }
        true
    }

    fn finish(self) {
        if !self.accepted.is_empty() {
            let _ = self.out.blocking_send(Parsed::Accepted(self.accepted));
        }
        if !self.rejected.is_empty() {
            let _ = self.out.blocking_send(Parsed::Rejected(self.rejected));
        }
    }
}

fn rules(header: Header, settings: &ReadSettings, strict_width: bool) -> RowRules {
    RowRules {
        header,
        today: settings.today,
        default_source: settings.default_source.clone(),
        strict_width,
    }
}

fn read_csv(
    file: File,
    settings: &ReadSettings,
    out: &mpsc::Sender<Parsed>,
) -> Result<(), FailureReason> {
    let shows = |name: &str| settings.shows.get(name).cloned();
    let mut batcher = Batcher::new(out);
    let mut rows = 0u64;
    read_csv_rows(
        file,
        |header| rules(header, settings, true),
        &shows,
        |row, bytes_read| {
            // The receiver is gone: stop reading.
            if !batcher.push(row) {
                return false;
            }
            rows += 1;
            if rows.is_multiple_of(50_000) {
                let _ = out.blocking_send(Parsed::Progress(bytes_read));
            }
            true
        },
    )?;
    batcher.finish();
    Ok(())
}

fn read_grid(
    cells: Vec<Vec<String>>,
    settings: &ReadSettings,
    out: &mpsc::Sender<Parsed>,
) -> Result<(), FailureReason> {
    let mut rows = cells.into_iter().enumerate();
    let header = loop {
        match rows.next() {
            None => return Err(FailureReason::Empty),
            Some((_, row)) if row.iter().all(|c| c.trim().is_empty()) => continue,
            Some((_, row)) => break Header::parse(&row)?,
        }
    };
    let rules = rules(header, settings, false);
    let shows = |name: &str| settings.shows.get(name).cloned();
    let mut batcher = Batcher::new(out);
    for (index, row) in rows {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if !batcher.push(rules.check(index as u64 + 1, &row, &shows)) {
            return Ok(());
        }
    }
    batcher.finish();
    Ok(())
}
