//! Given/when/then: line items change freely in a draft.

use serde_json::json;

use super::fixtures::{
    cpm_line_input, created, d, flat_line_input, io_test, line, pair, violations,
};
use crate::io::{IoCommand, IoError, IoEvent, LineItemChange, LineItemPatch};

fn patch(value: serde_json::Value) -> LineItemPatch {
    serde_json::from_value(value).unwrap()
}

fn today() -> chrono::NaiveDate {
    d("2026-02-15")
}

#[test]
fn adding_a_line_in_draft_numbers_it_and_carries_its_total() {
    io_test()
        .given(vec![created()])
        .when(IoCommand::AddLineItem {
            input: flat_line_input(),
            today: today(),
        })
        .then_expect_events(vec![IoEvent::LineItemAdded {
            line_item: line(2, &flat_line_input()),
            line_total: 150_000,
        }]);
}

#[test]
fn line_ids_are_never_reused_after_a_removal() {
    let removed = IoEvent::LineItemRemoved {
        line_item_id: "li-1".parse().unwrap(),
    };
    io_test()
        .given(vec![created(), removed])
        .when(IoCommand::AddLineItem {
            input: cpm_line_input(),
            today: today(),
        })
        .then_expect_events(vec![IoEvent::LineItemAdded {
            line_item: line(2, &cpm_line_input()),
            line_total: 75_000,
        }]);
}

#[test]
fn changing_a_line_in_draft_writes_the_whole_line() {
    let p = patch(json!({"pricing": {"type": "cpm", "cpm": 3000, "goal": 40000}}));
    let expected = line(1, &cpm_line_input()).patched(p.clone()).unwrap();
    io_test()
        .given(vec![created()])
        .when(IoCommand::ChangeLineItem {
            line_item_id: "li-1".parse().unwrap(),
            patch: p,
            today: today(),
        })
        .then_expect_events(vec![IoEvent::LineItemChanged {
            line_item: expected,
            line_total: 120_000, // 40,000 * 30.00 / 1000
        }]);
}

#[test]
fn a_change_that_changes_nothing_writes_nothing() {
    io_test()
        .given(vec![created()])
        .when(IoCommand::ChangeLineItem {
            line_item_id: "li-1".parse().unwrap(),
            patch: patch(json!({"placement": "mid"})),
            today: today(),
        })
        .then_expect_events(vec![]);
}

#[test]
fn removing_a_line_in_draft_may_leave_it_empty() {
    io_test()
        .given(vec![created()])
        .when(IoCommand::RemoveLineItem {
            line_item_id: "li-1".parse().unwrap(),
            today: today(),
        })
        .then_expect_events(vec![IoEvent::LineItemRemoved {
            line_item_id: "li-1".parse().unwrap(),
        }]);
}

#[test]
fn an_unknown_line_in_the_path_is_not_found() {
    io_test()
        .given(vec![created()])
        .when(IoCommand::RemoveLineItem {
            line_item_id: "li-7".parse().unwrap(),
            today: today(),
        })
        .then_expect_error(IoError::NotFound);
    io_test()
        .given(vec![created()])
        .when(IoCommand::ChangeLineItem {
            line_item_id: "li-7".parse().unwrap(),
            patch: LineItemPatch::default(),
            today: today(),
        })
        .then_expect_error(IoError::NotFound);
}

#[test]
fn an_invalid_or_unknown_show_line_is_refused_with_its_fields() {
    let mut input = flat_line_input();
    input.show_id = Some("show-9".into());
    input.pricing.as_mut().unwrap().fee = Some(0);
    let result = io_test()
        .given(vec![created()])
        .when(IoCommand::AddLineItem {
            input,
            today: today(),
        })
        .inspect_result();
    assert_eq!(
        violations(result),
        [
            pair("show_id", "unknown_show"),
            pair("pricing.fee", "not_positive")
        ]
    );
    let result = io_test()
        .given(vec![created()])
        .when(IoCommand::ChangeLineItem {
            line_item_id: "li-1".parse().unwrap(),
            patch: patch(json!({"show_id": "show-9"})),
            today: today(),
        })
        .inspect_result();
    assert_eq!(violations(result), [pair("show_id", "unknown_show")]);
}

#[test]
fn an_amend_in_draft_applies_every_change_without_a_revision() {
    let result = io_test()
        .given(vec![created()])
        .when(IoCommand::Amend {
            changes: vec![
                LineItemChange::Add(flat_line_input()),
                LineItemChange::Remove {
                    line_item_id: "li-1".parse().unwrap(),
                },
            ],
            note: Some("swap".into()),
            today: today(),
        })
        .inspect_result()
        .unwrap();
    let types: Vec<String> = result
        .iter()
        .map(cqrs_es::DomainEvent::event_type)
        .collect();
    assert_eq!(types, ["LineItemAdded", "LineItemRemoved"]);
}

#[test]
fn amend_violations_are_under_their_change_index() {
    let mut bad = flat_line_input();
    bad.flight.as_mut().unwrap().end = Some("2026-03-01".into());
    let result = io_test()
        .given(vec![created()])
        .when(IoCommand::Amend {
            changes: vec![
                LineItemChange::Remove {
                    line_item_id: "li-5".parse().unwrap(),
                },
                LineItemChange::Add(bad),
            ],
            note: None,
            today: today(),
        })
        .inspect_result();
    assert_eq!(
        violations(result),
        [
            pair("changes[0].line_item_id", "unknown_line_item"),
            pair("changes[1].flight.end", "end_before_start"),
        ]
    );
}
