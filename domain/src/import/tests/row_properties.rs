//! Properties of the row rules over generated rows: valid rows are accepted as written,
//! whatever the header's spelling and order; a row breaking one rule is rejected naming
//! its column.

use proptest::prelude::*;

use super::strategies::{columns, row_values, rules, shows, today};
use crate::bounds::MAX_DAILY_COUNT;
use crate::import::{Column, FailureReason, Header, MetricRow, Rejection};

/// Checks, at line 9, the row holding `cells(column)` under each of `columns` (a header
/// spelled and ordered as generated).
fn check_with(
    columns: &[(Column, String)],
    cells: impl Fn(Column) -> String,
) -> Result<MetricRow, Rejection> {
    let names: Vec<&str> = columns.iter().map(|(_, name)| name.as_str()).collect();
    let header = Header::parse(&names).unwrap();
    let row: Vec<String> = columns.iter().map(|(c, _)| cells(*c)).collect();
    rules(header).check(9, &row, &shows)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_valid_row_is_accepted_as_written(
        columns in columns(),
        values in row_values(),
        pad in " {0,2}",
    ) {
        let row = check_with(&columns, |c| format!("{pad}{}{pad}", values.cell(c)));
        prop_assert_eq!(row, Ok(values.accepted(9)));
    }

    #[test]
    fn a_count_is_accepted_exactly_when_it_is_an_integer_from_0_to_the_bound(
        columns in columns(),
        values in row_values(),
        downloads in prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            (-5..=MAX_DAILY_COUNT + 5).prop_map(|n| n.to_string()),
            (-2..=2_i64).prop_map(|n| n.to_string()),
            (MAX_DAILY_COUNT - 2..=MAX_DAILY_COUNT + 2).prop_map(|n| n.to_string()),
            "[-+ 0-9.,eE_x]{0,12}",
            ".{0,8}",
        ],
    ) {
        let row = check_with(&columns, |c| match c {
            Column::Downloads => downloads.clone(),
            _ => values.cell(c),
        });
        let within = downloads.trim().parse::<i64>().ok().filter(|n| (0..=MAX_DAILY_COUNT).contains(n));
        match (within, row) {
            (Some(n), Ok(row)) => prop_assert_eq!(row.downloads, n),
            (None, Err(rejection)) => prop_assert_eq!(rejection.column.as_deref(), Some("downloads")),
            (expected, row) => prop_assert!(false, "{downloads:?}: expected {expected:?}, got {row:?}"),
        }
    }

    #[test]
    fn a_date_is_accepted_exactly_when_it_is_not_after_today(
        columns in columns(),
        values in row_values(),
        offset in prop_oneof![-2_i64..=2, -4000_i64..=4000],
    ) {
        let date = today() + chrono::Duration::days(offset);
        let row = check_with(&columns, |c| match c {
            Column::Date => date.to_string(),
            _ => values.cell(c),
        });
        if date <= today() {
            prop_assert_eq!(row.map(|r| r.date), Ok(date));
        } else {
            let rejection = row.unwrap_err();
            prop_assert_eq!(rejection.column.as_deref(), Some("date"));
            prop_assert_eq!(rejection.reason, format!("{date} is in the future"));
        }
    }

    #[test]
    fn a_row_of_another_width_is_unreadable(
        columns in columns(),
        values in row_values(),
        width in 0_usize..12,
    ) {
        prop_assume!(width != columns.len());
        let names: Vec<&str> = columns.iter().map(|(_, name)| name.as_str()).collect();
        let mut row: Vec<String> = columns.iter().map(|(c, _)| values.cell(*c)).collect();
        row.resize(width, String::new());
        let rejection = rules(Header::parse(&names).unwrap()).check(4, &row, &shows).unwrap_err();
        prop_assert_eq!((rejection.line, rejection.column), (4, None));
        prop_assert!(rejection.reason.starts_with("unreadable row"));
    }

    #[test]
    fn a_show_the_tenant_lacks_is_rejected(
        columns in columns(),
        values in row_values(),
        show in "[a-z0-9-]{1,20}",
    ) {
        prop_assume!(shows(&show).is_none());
        let row = check_with(&columns, |c| match c {
            Column::Show => show.clone(),
            _ => values.cell(c),
        });
        prop_assert_eq!(row.unwrap_err().column, Some("show".to_string()));
    }

    #[test]
    fn a_header_lacking_a_required_column_names_it(
        columns in columns(),
        dropped in proptest::sample::subsequence(vec![Column::Date, Column::Show, Column::Downloads], 1..=3),
    ) {
        let names: Vec<&str> = columns
            .iter()
            .filter(|(c, _)| !dropped.contains(c))
            .map(|(_, name)| name.as_str())
            .collect();
        let missing = dropped.iter().map(|c| c.name().to_string()).collect();
        prop_assert_eq!(Header::parse(&names), Err(FailureReason::NoUsableHeader { missing }));
    }
}
