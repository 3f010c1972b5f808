//! A1 ranges and their quoting.

use crate::sheets::a1_range;
use crate::sheets::range::path_segment;

#[test]
fn plain_names_stay_bare_and_others_are_quoted() {
    assert_eq!(a1_range("Sheet1", None), "Sheet1");
    assert_eq!(a1_range("Sheet1", Some("A1:F")), "Sheet1!A1:F");
    assert_eq!(a1_range("Sheet1", Some("  ")), "Sheet1");
    assert_eq!(a1_range("My Sheet", Some("A1:F")), "'My Sheet'!A1:F");
    assert_eq!(a1_range("Bob's", None), "'Bob''s'");
    assert_eq!(a1_range("Données", None), "'Données'");
    assert_eq!(a1_range("2026", None), "'2026'");
    assert_eq!(a1_range("a-b", None), "'a-b'");
}

#[test]
fn names_that_read_as_cells_are_quoted() {
    for name in ["Q1", "AB12", "r1c1", "R2C", "C3"] {
        assert_eq!(a1_range(name, None), format!("'{name}'"), "{name}");
    }
    for name in ["Data", "Metrics", "Cat", "Sheet_2", "ABCD1"] {
        assert_eq!(a1_range(name, None), name, "{name}");
    }
}

#[test]
fn path_segments_encode_everything_but_unreserved_characters() {
    assert_eq!(path_segment("'My Sheet'!A1:F"), "%27My%20Sheet%27%21A1%3AF");
    assert_eq!(path_segment("a/b?c#d%"), "a%2Fb%3Fc%23d%25");
    assert_eq!(path_segment("1AbC-x_y.z~"), "1AbC-x_y.z~");
}
