//! How `RowsAccepted` events store their rows: arrays now, objects before; both read back
//! to the same rows.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::import::{ImportEvent, MetricRow, STORED_FIELDS};

fn rows() -> Vec<MetricRow> {
    vec![
        MetricRow {
            line: 2,
            date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            show_id: "show-1".parse().unwrap(),
            episode: Some("ep-7".into()),
            downloads: 1_250,
            listeners: Some(900),
            source: "megaphone".into(),
        },
        MetricRow {
            line: 3,
            date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            show_id: "show-1".parse().unwrap(),
            episode: None,
            downloads: 40,
            listeners: None,
            source: "csv".into(),
        },
    ]
}

#[test]
fn accepted_rows_are_stored_as_arrays_of_their_fields_in_the_stored_order() {
    let stored = serde_json::to_value(ImportEvent::RowsAccepted { rows: rows() }).unwrap();
    assert_eq!(
        stored,
        json!({"RowsAccepted": {"rows": [
            [2, "2026-03-01", "show-1", "ep-7", 1250, 900, "megaphone"],
            [3, "2026-03-02", "show-1", null, 40, null, "csv"],
        ]}})
    );
    // Each array's items are the row's fields named by STORED_FIELDS, as the row's own
    // (object) form has them.
    for row in rows() {
        let object = serde_json::to_value(&row).unwrap();
        let stored = serde_json::to_value(ImportEvent::RowsAccepted { rows: vec![row] }).unwrap();
        let array = stored["RowsAccepted"]["rows"][0]
            .as_array()
            .unwrap()
            .clone();
        for (field, item) in STORED_FIELDS.iter().zip(array) {
            assert_eq!(
                object.get(*field).cloned().unwrap_or(Value::Null),
                item,
                "{field}"
            );
        }
    }
}

#[test]
fn rows_stored_as_arrays_or_as_objects_read_back_the_same() {
    let arrays = serde_json::to_string(&ImportEvent::RowsAccepted { rows: rows() }).unwrap();
    let objects = json!({"RowsAccepted": {"rows": [
        {"line": 2, "date": "2026-03-01", "show_id": "show-1", "episode": "ep-7",
         "downloads": 1250, "listeners": 900, "source": "megaphone"},
        {"line": 3, "date": "2026-03-02", "show_id": "show-1", "downloads": 40,
         "source": "csv"},
    ]}});
    let expected = ImportEvent::RowsAccepted { rows: rows() };
    assert_eq!(
        serde_json::from_str::<ImportEvent>(&arrays).unwrap(),
        expected
    );
    assert_eq!(
        serde_json::from_value::<ImportEvent>(objects).unwrap(),
        expected
    );
}

#[test]
fn a_stored_row_with_a_field_missing_or_an_invalid_show_is_refused() {
    for rows in [
        json!([[2, "2026-03-01", "show-1", null, 40, null]]),
        json!([[2, "2026-03-01", "", null, 40, null, "csv"]]),
    ] {
        let event = json!({"RowsAccepted": {"rows": rows}});
        assert!(
            serde_json::from_value::<ImportEvent>(event).is_err(),
            "{rows}"
        );
    }
}
