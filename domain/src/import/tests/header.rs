//! Header matching and delimiter detection.

use crate::import::{detect_delimiter, Column, FailureReason, Header};

#[test]
fn aliases_match_trimmed_and_case_insensitively() {
    for (cell, column) in [
        ("date", Column::Date),
        (" Day ", Column::Date),
        ("Podcast", Column::Show),
        ("show_id", Column::Show),
        ("SHOW_SLUG", Column::Show),
        ("show", Column::Show),
        ("Episode GUID", Column::Episode),
        ("episode_id", Column::Episode),
        ("Total Downloads", Column::Downloads),
        ("total_downloads", Column::Downloads),
        ("downloads", Column::Downloads),
        ("Listeners", Column::Listeners),
        ("source", Column::Source),
    ] {
        assert_eq!(Column::from_header(cell), Some(column), "{cell}");
    }
    assert_eq!(Column::from_header("impressions"), None);
}

#[test]
fn a_reordered_header_with_extra_columns_is_usable() {
    let header = Header::parse(&["Total Downloads", "notes", "Podcast", "DAY"]).unwrap();
    assert_eq!(header.position(Column::Downloads), Some(0));
    assert_eq!(header.position(Column::Show), Some(2));
    assert_eq!(header.position(Column::Date), Some(3));
    assert_eq!(header.position(Column::Episode), None);
    assert_eq!(header.width(), 4);
}

#[test]
fn a_header_without_required_columns_is_unusable() {
    assert_eq!(
        Header::parse(&["day", "episode", "listeners"]),
        Err(FailureReason::NoUsableHeader {
            missing: vec!["show".into(), "downloads".into()]
        })
    );
    assert!(Header::parse::<&str>(&[]).is_err());
}

#[test]
fn the_delimiter_is_the_most_frequent_candidate_outside_quotes() {
    assert_eq!(detect_delimiter(b"date,show,downloads\n"), b',');
    assert_eq!(detect_delimiter(b"date;show;downloads\r\n"), b';');
    assert_eq!(detect_delimiter(b"date\tshow\tdownloads"), b'\t');
    assert_eq!(detect_delimiter(b"\"a;b;c\",show,downloads"), b',');
    assert_eq!(detect_delimiter(b"date"), b',');
    assert_eq!(detect_delimiter(b"date;show\nx,y,z,w"), b';');
}
