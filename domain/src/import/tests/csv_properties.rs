//! Properties of reading a CSV file: whatever its delimiter, line breaks, BOM, quoting and
//! blank lines, every valid row is accepted and every invalid one rejected, each with the
//! line it is on.

use proptest::prelude::*;

use super::strategies::{columns, row_values, rules, shows, RowValues};
use crate::import::{read_csv, Column, MetricRow};

/// How a generated file is written.
#[derive(Clone, Debug)]
struct Layout {
    delimiter: char,
    line_break: &'static str,
    bom: bool,
    columns: Vec<(Column, String)>,
    /// Where a column Cuepoint does not read goes, its name holding another candidate
    /// delimiter once (`notes;x` in a comma-separated file), its cells empty.
    extra: Option<usize>,
}

impl Layout {
    /// The header row's cells, or a data row's from `cell`.
    fn cells(&self, cell: impl Fn(Column, &str) -> String) -> Vec<String> {
        let mut cells: Vec<String> = self.columns.iter().map(|(c, n)| cell(*c, n)).collect();
        if let Some(at) = self.extra_at() {
            cells.insert(at, String::new());
        }
        cells
    }

    /// The index of the extra column in a row.
    fn extra_at(&self) -> Option<usize> {
        self.extra.map(|at| at % (self.columns.len() + 1))
    }

    fn header(&self) -> String {
        let other = [',', ';', '\t']
            .into_iter()
            .find(|d| *d != self.delimiter)
            .unwrap();
        let mut cells = self.cells(|_, name| name.to_string());
        if let Some(at) = self.extra_at() {
            cells[at] = format!("notes{other}x");
        }
        cells.join(&self.delimiter.to_string())
    }
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop_oneof![Just(','), Just(';'), Just('\t')],
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        any::<bool>(),
        columns(),
        proptest::option::of(0_usize..7),
    )
        .prop_map(|(delimiter, line_break, bom, columns, extra)| Layout {
            delimiter,
            line_break,
            bom,
            columns,
            extra,
        })
}

/// One data row: its values, whether its downloads are made negative (a rejected row),
/// whether its cells are quoted, and how many blank lines come before it.
type Row = (RowValues, bool, bool, usize);

fn row() -> impl Strategy<Value = Row> {
    (
        row_values(),
        prop::bool::weighted(0.2),
        any::<bool>(),
        0_usize..=2,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn each_row_is_accepted_or_rejected_with_its_line(
        layout in layout(),
        rows in proptest::collection::vec(row(), 0..=20),
    ) {
        let mut file = String::from(if layout.bom { "\u{feff}" } else { "" });
        file += &layout.header();
        let (mut line, mut accepted, mut rejected) = (1_u64, Vec::new(), Vec::new());
        for (values, negative, quoted, blanks) in &rows {
            file += &layout.line_break.repeat(blanks + 1);
            line += *blanks as u64 + 1;
            let cells = layout.cells(|column, _| {
                let cell = match column {
                    Column::Downloads if *negative => format!("-{}", values.downloads + 1),
                    _ => values.cell(column),
                };
                if *quoted { format!("\"{cell}\"") } else { cell }
            });
            file += &cells.join(&layout.delimiter.to_string());
            if *negative { rejected.push(line) } else { accepted.push(values.accepted(line)) }
        }
        let (mut got_accepted, mut got_rejected) = (Vec::<MetricRow>::new(), Vec::new());
        read_csv(file.as_bytes(), rules, &shows, |row, _| {
            match row {
                Ok(row) => got_accepted.push(row),
                Err(rejection) => got_rejected.push((rejection.line, rejection.column)),
            }
            true
        })
        .unwrap();
        prop_assert_eq!(got_accepted, accepted);
        let downloads = Some("downloads".to_string());
        prop_assert_eq!(got_rejected, rejected.into_iter().map(|l| (l, downloads.clone())).collect::<Vec<_>>());
    }
}
