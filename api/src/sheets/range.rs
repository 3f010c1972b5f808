//! A1 notation for worksheet ranges, and its encoding into a URL path segment.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is encoded, so a range (with its `!`, `:`,
/// quotes, spaces or `/`) is always exactly one path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The A1 range for `worksheet`, optionally narrowed to `range` (e.g. `A1:F`): `Sheet1`,
/// `Sheet1!A1:F`, `'My Sheet'!A1:F`, `'Bob''s'`.
///
/// The worksheet name is quoted (single quotes, inner quotes doubled) unless it is a plain
/// identifier that cannot be mistaken for a cell reference: `Q1` or `R1C1` alone would mean
/// a cell of the first sheet, so such names are quoted too.
pub fn a1_range(worksheet: &str, range: Option<&str>) -> String {
    let sheet = if needs_quotes(worksheet) {
        format!("'{}'", worksheet.replace('\'', "''"))
    } else {
        worksheet.to_owned()
    };
    match range.map(str::trim).filter(|r| !r.is_empty()) {
        Some(range) => format!("{sheet}!{range}"),
        None => sheet,
    }
}

fn needs_quotes(name: &str) -> bool {
    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    !plain || looks_like_cell(name)
}

/// `A1`-style (`AB12`) or `R1C1`-style (`R2C3`, `R1`, `C4`) references.
fn looks_like_cell(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let letters = upper.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = &upper[letters..];
    let a1 =
        (1..=3).contains(&letters) && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit());
    let r1c1 = upper
        .strip_prefix('R')
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
        .map_or(upper.as_str(), |r| r)
        .strip_prefix('C')
        .is_some_and(|c| c.chars().all(|c| c.is_ascii_digit()));
    a1 || r1c1
}

/// `text` percent-encoded as one URL path segment.
pub(crate) fn path_segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}
