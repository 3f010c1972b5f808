//! Each rejection rule of a data row, and what is accepted.

use chrono::NaiveDate;

use crate::ids::ShowId;
use crate::import::{storable_label, Header, MetricRow, Rejection, RowRules};

fn rules(strict: bool) -> RowRules {
    RowRules {
        header: Header::parse(&[
            "date",
            "show",
            "episode",
            "downloads",
            "listeners",
            "source",
        ])
        .unwrap(),
        today: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
        default_source: "csv".into(),
        strict_width: strict,
    }
}

fn shows(name: &str) -> Option<ShowId> {
    match name {
        "show-1" | "night-shift" => Some("show-1".parse().unwrap()),
        _ => None,
    }
}

fn check(cells: &[&str]) -> Result<MetricRow, Rejection> {
    rules(true).check(7, cells, &shows)
}

fn reason(cells: &[&str]) -> (Option<String>, String) {
    let rejection = check(cells).unwrap_err();
    assert_eq!(rejection.line, 7);
    (rejection.column, rejection.reason)
}

#[test]
fn a_full_row_is_accepted_with_the_show_resolved_by_slug() {
    let row = check(&[
        "2026-03-19",
        "night-shift",
        "ep-9",
        " 120 ",
        "80",
        "Megaphone",
    ])
    .unwrap();
    assert_eq!(
        row,
        MetricRow {
            line: 7,
            date: NaiveDate::from_ymd_opt(2026, 3, 19).unwrap(),
            show_id: "show-1".parse().unwrap(),
            episode: Some("ep-9".into()),
            downloads: 120,
            listeners: Some(80),
            source: "megaphone".into(),
        }
    );
}

#[test]
fn optional_cells_may_be_empty() {
    let row = check(&["2026-03-20", "show-1", "", "0", "", ""]).unwrap();
    assert_eq!(row.episode, None);
    assert_eq!(row.listeners, None);
    assert_eq!(row.source, "csv");
    assert_eq!(row.downloads, 0);
}

#[test]
fn a_row_with_another_number_of_fields_is_unreadable() {
    let (column, reason) = reason(&["2026-03-19", "show-1", "", "5"]);
    assert_eq!(column, None);
    assert!(reason.starts_with("unreadable row"), "{reason}");
    assert!(check(&["2026-03-19", "show-1", "", "5", "", "", "x"]).is_err());
}

#[test]
fn short_rows_are_padded_where_the_width_is_not_strict() {
    let row = rules(false)
        .check(3, &["2026-03-19", "show-1", "", "5"], &shows)
        .unwrap();
    assert_eq!(row.downloads, 5);
    assert_eq!(row.source, "csv");
}

#[test]
fn an_unknown_show_is_rejected() {
    let (column, reason) = reason(&["2026-03-19", "nope", "", "5", "", ""]);
    assert_eq!(column.as_deref(), Some("show"));
    assert_eq!(reason, "unknown show \"nope\"");
    assert_eq!(
        reason_of(&["2026-03-19", "", "", "5", "", ""]),
        "missing show"
    );
}

fn reason_of(cells: &[&str]) -> String {
    reason(cells).1
}

#[test]
fn negative_and_non_integer_counts_are_rejected() {
    assert_eq!(
        reason(&["2026-03-19", "show-1", "", "-1", "", ""]),
        (Some("downloads".into()), "negative downloads: -1".into())
    );
    assert_eq!(
        reason_of(&["2026-03-19", "show-1", "", "1.5", "", ""]),
        "downloads is not an integer: \"1.5\""
    );
    assert_eq!(
        reason(&["2026-03-19", "show-1", "", "3", "many", ""]),
        (
            Some("listeners".into()),
            "listeners is not an integer: \"many\"".into()
        )
    );
    assert_eq!(
        reason_of(&["2026-03-19", "show-1", "", "", "", ""]),
        "missing downloads"
    );
}

#[test]
fn future_and_malformed_dates_are_rejected() {
    assert_eq!(
        reason(&["2026-03-21", "show-1", "", "3", "", ""]),
        (Some("date".into()), "2026-03-21 is in the future".into())
    );
    assert_eq!(
        reason_of(&["03/19/2026", "show-1", "", "3", "", ""]),
        "\"03/19/2026\" is not a date (expected YYYY-MM-DD)"
    );
    assert_eq!(reason_of(&["", "show-1", "", "3", "", ""]), "missing date");
}

#[test]
fn counts_above_the_bound_are_rejected_and_the_bound_itself_is_accepted() {
    assert_eq!(
        reason(&["2026-03-19", "show-1", "", "10000000001", "", ""]),
        (
            Some("downloads".into()),
            "downloads over the largest accepted count (10000000000): 10000000001".into()
        )
    );
    assert_eq!(
        reason_of(&["2026-03-19", "show-1", "", "1", "9223372036854775807", ""]),
        "listeners over the largest accepted count (10000000000): 9223372036854775807"
    );
    let row = check(&["2026-03-19", "show-1", "", "10000000000", "", ""]).unwrap();
    assert_eq!(row.downloads, 10_000_000_000);
}

#[test]
fn a_control_character_in_a_text_cell_rejects_the_row_naming_the_line_and_column() {
    // Given the header date,show,episode,downloads,listeners,source (rules(true)),
    for (cells, column, code) in [
        (
            ["2026-03-19", "show-1", "ep\u{0}9", "5", "", ""],
            "episode",
            "U+0000",
        ),
        (
            ["2026-03-19", "show-1", "", "5", "", "mega\u{0}"],
            "source",
            "U+0000",
        ),
        (
            ["2026-03-19", "night\u{0}shift", "", "5", "", ""],
            "show",
            "U+0000",
        ),
        (
            ["2026-03-19", "show-1", "ep\n9", "5", "", ""],
            "episode",
            "U+000A",
        ),
        (
            ["2026-03-19", "show-1", "", "5", "", "a\u{1b}[31m"],
            "source",
            "U+001B",
        ),
        (
            ["2026-03-19", "show-1", "ep\u{85}x", "5", "", ""],
            "episode",
            "U+0085",
        ),
    ] {
        // when line 7 holds a control character in a text cell,
        let rejection = check(&cells).unwrap_err();
        // then that line is rejected, naming the column and the character.
        assert_eq!(
            rejection,
            Rejection::in_column(
                7,
                column,
                format!("{column} contains the control character {code}")
            ),
            "{cells:?}"
        );
    }
}

#[test]
fn a_tab_inside_a_text_cell_and_whitespace_around_it_are_accepted() {
    // Given a row whose episode and source hold a tab and are padded with line breaks,
    let cells = ["2026-03-19", "show-1", "ep\t9 \r\n", "5", "", " a\tb "];
    // when it is checked,
    let row = check(&cells).unwrap();
    // then it is accepted, trimmed, with the tabs kept.
    assert_eq!(row.episode.as_deref(), Some("ep\t9"));
    assert_eq!(row.source, "a\tb");
}

#[test]
fn a_label_keeps_tabs_and_has_other_control_characters_replaced() {
    assert_eq!(
        storable_label("march\u{0}.csv\tv2\n"),
        "march\u{fffd}.csv\tv2\u{fffd}"
    );
    assert_eq!(storable_label("Sheet 1"), "Sheet 1");
}

#[test]
fn a_source_cell_follows_the_source_name_rule() {
    // Given a source cell in any case, padded, it is stored as the show's metrics_source is.
    let row = check(&["2026-03-19", "show-1", "", "5", "", " MegaPhone "]).unwrap();
    assert_eq!(row.source, "megaphone");
    // 64 characters are a source; 65 reject the row in the source column.
    let longest = "S".repeat(64);
    let row = check(&["2026-03-19", "show-1", "", "5", "", &longest]).unwrap();
    assert_eq!(row.source, "s".repeat(64));
    let too_long = "s".repeat(65);
    assert_eq!(
        reason(&["2026-03-19", "show-1", "", "5", "", &too_long]),
        (
            Some("source".into()),
            "source longer than 64 characters".into()
        )
    );
}

#[test]
fn an_episode_cell_follows_the_episode_id_rule_of_line_items() {
    // Given GUIDs and URLs as platforms name episodes, they are accepted as they are,
    for episode in [
        "urn:uuid:5f0c2b1e-8d3a-4c7e-9b1a-2f3e4d5c6b7a",
        "https://example.com/ep/12",
    ] {
        let row = check(&["2026-03-19", "show-1", episode, "5", "", ""]).unwrap();
        assert_eq!(row.episode.as_deref(), Some(episode));
        // and a line item can name them.
        assert!(episode.parse::<crate::ids::EpisodeId>().is_ok());
    }
    // 201 characters reject the row in the episode column.
    let too_long = "e".repeat(201);
    assert_eq!(
        reason(&["2026-03-19", "show-1", &too_long, "5", "", ""]),
        (
            Some("episode".into()),
            "episode longer than 200 characters".into()
        )
    );
}
