//! Reading a CSV file into checked rows (SPEC 6): the delimiter judged from the first line,
//! the first non-blank record as the header, then every further record through the
//! [`RowRules`], each numbered by the line it starts on.

use std::io::{Cursor, Read};

use super::line_breaks::LineBreaks;
use super::{detect_delimiter, FailureReason, Header, MetricRow, Rejection, RowRules, ShowLookup};

/// How many bytes of the file the delimiter is judged from (its first line, at most).
const DELIMITER_SAMPLE: u64 = 8192;

/// Reads the CSV file `input` (any of `,` `;` tab; a UTF-8 BOM, CRLF and blank lines are
/// fine): matches its header, makes the [`RowRules`] of it with `rules`, and hands each data
/// row to `each` as accepted or rejected, with the bytes read so far. `each` answers whether
/// to go on. A file without a usable header, or that cannot be read to its end, fails as a
/// whole; a record that is not CSV or not UTF-8 is a rejected row.
pub fn read_csv(
    mut input: impl Read,
    rules: impl FnOnce(Header) -> RowRules,
    shows: &impl ShowLookup,
    mut each: impl FnMut(Result<MetricRow, Rejection>, u64) -> bool,
) -> Result<(), FailureReason> {
    let unreadable = |e: &dyn std::fmt::Display| FailureReason::Unreadable {
        message: e.to_string(),
    };
    let mut head = Vec::new();
    (&mut input)
        .take(DELIMITER_SAMPLE)
        .read_to_end(&mut head)
        .map_err(|e| unreadable(&e))?;
    let delimiter = detect_delimiter(&head);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(LineBreaks::new(Cursor::new(head).chain(input)));
    let mut record = csv::StringRecord::new();
    let header = loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Err(FailureReason::Empty),
            Ok(true) if record.iter().all(|c| c.trim().is_empty()) => continue,
            Ok(true) => {
                let cells: Vec<&str> = record
                    .iter()
                    .map(|c| c.trim_start_matches('\u{feff}'))
                    .collect();
                break Header::parse(&cells)?;
            }
            Err(e) => return Err(unreadable(&e)),
        }
    };
    let rules = rules(header);
    loop {
        let line = reader.position().line() + 1;
        let row = match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line());
                if record.len() == 1 && record[0].trim().is_empty() {
                    continue;
                }
                rules.check(line, &record.iter().collect::<Vec<_>>(), shows)
            }
            // The file itself failed: the import cannot go on.
            Err(error) if matches!(error.kind(), csv::ErrorKind::Io(_)) => {
                return Err(unreadable(&error));
            }
            // A record that is not valid UTF-8 or not CSV: the row is unreadable.
            Err(error) => {
                let line = error.position().map_or(line, |p| p.line());
                Err(Rejection::row(line, format!("unreadable row: {error}")))
            }
        };
        if !each(row, reader.position().byte()) {
            return Ok(());
        }
    }
}
