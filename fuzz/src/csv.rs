//! A CSV file through the import's reader and row rules.

use chrono::NaiveDate;
use cuepoint_domain::bounds::MAX_DAILY_COUNT;
use cuepoint_domain::ids::ShowId;
use cuepoint_domain::import::{read_csv, RowRules};

/// Reads `file` as an upload of a tenant with the shows `show-1` (slug `night-shift`) and
/// `show-2`, today 2026-03-20. Checks that each accepted row is within the rules (a known
/// show, a day not in the future, counts from 0 to the bound) and that rows come in line
/// order, each numbered within the file.
pub fn import(file: &[u8]) {
    let today = NaiveDate::from_ymd_opt(2026, 3, 20).expect("a date");
    let shows = |name: &str| -> Option<ShowId> {
        let id = match name {
            "show-1" | "night-shift" => "show-1",
            "show-2" => "show-2",
            _ => return None,
        };
        id.parse().ok()
    };
    let rules = |header| RowRules {
        header,
        today,
        default_source: "csv".into(),
        strict_width: true,
    };
    let lines = 1 + file.iter().filter(|b| matches!(b, b'\n' | b'\r')).count() as u64;
    let mut last_line = 1;
    let _ = read_csv(file, rules, &shows, |row, _| {
        let line = match row {
            Ok(row) => {
                assert!(row.date <= today, "{row:?}");
                assert!(["show-1", "show-2"].contains(&row.show_id.as_str()));
                assert!((0..=MAX_DAILY_COUNT).contains(&row.downloads), "{row:?}");
                assert!(row
                    .listeners
                    .is_none_or(|n| (0..=MAX_DAILY_COUNT).contains(&n)));
                assert!(!row.source.is_empty());
                row.line
            }
            Err(rejection) => rejection.line,
        };
        assert!(
            last_line < line && line <= lines,
            "line {line} after {last_line} of {lines}"
        );
        last_line = line;
        true
    });
}
