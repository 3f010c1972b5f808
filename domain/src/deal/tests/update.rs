//! Given/when/then: updating a deal's fields.

use super::fixtures::{created, d, deal_test, details, pair, today, violations, won};
use crate::deal::{DealAmount, DealCommand, DealEvent, DealPatch};

fn update(patch: DealPatch) -> DealCommand {
    DealCommand::UpdateDeal {
        patch,
        today: today(),
    }
}

#[test]
fn an_update_carries_every_resulting_field() {
    let patch = DealPatch {
        name: Some(" Spring audio push, extended ".into()),
        amount: Some(1_500_000),
        expected_close_date: Some("2026-05-15".into()),
        ..DealPatch::default()
    };
    let mut expected = details();
    expected.name = "Spring audio push, extended".into();
    expected.amount = DealAmount::new(1_500_000).unwrap();
    expected.expected_close_date = d("2026-05-15");
    deal_test()
        .given(vec![created()])
        .when(update(patch))
        .then_expect_events(vec![DealEvent::DealUpdated {
            details: expected,
            on: today(),
        }]);
}

#[test]
fn an_update_that_changes_nothing_writes_nothing() {
    deal_test()
        .given(vec![created()])
        .when(update(DealPatch::default()))
        .then_expect_events(vec![]);
    let same = DealPatch {
        name: Some("Spring audio push".into()),
        owner: Some(" Dana ".into()),
        show_ids: Some(vec!["show-1".into()]),
        ..DealPatch::default()
    };
    deal_test()
        .given(vec![created()])
        .when(update(same))
        .then_expect_events(vec![]);
}

#[test]
fn shows_are_replaced_whole_and_checked_against_the_catalog() {
    let mut expected = details();
    expected.show_ids.clear();
    let clear = DealPatch {
        show_ids: Some(vec![]),
        ..DealPatch::default()
    };
    deal_test()
        .given(vec![created()])
        .when(update(clear))
        .then_expect_events(vec![DealEvent::DealUpdated {
            details: expected,
            on: today(),
        }]);
    let ghost = DealPatch {
        show_ids: Some(vec!["show-2".into(), "show-9".into()]),
        ..DealPatch::default()
    };
    let result = deal_test()
        .given(vec![created()])
        .when(update(ghost))
        .inspect_result();
    assert_eq!(violations(result), [pair("show_ids[1]", "unknown_show")]);
}

#[test]
fn every_broken_field_of_a_patch_is_named() {
    let patch = DealPatch {
        name: Some(" ".into()),
        amount: Some(0),
        expected_close_date: Some("soon".into()),
        owner: Some("D\u{1b}ana".into()),
        show_ids: Some(vec!["no/slash".into()]),
    };
    let result = deal_test()
        .given(vec![created()])
        .when(update(patch))
        .inspect_result();
    assert_eq!(
        violations(result),
        [
            pair("name", "required"),
            pair("amount", "not_positive"),
            pair("expected_close_date", "invalid_date"),
            pair("owner", "invalid_character"),
            pair("show_ids[0]", "invalid_id"),
        ]
    );
}

#[test]
fn a_closed_deal_can_still_be_corrected() {
    let patch = DealPatch {
        amount: Some(900_000),
        ..DealPatch::default()
    };
    let mut expected = details();
    expected.amount = DealAmount::new(900_000).unwrap();
    deal_test()
        .given(vec![created(), won()])
        .when(update(patch))
        .then_expect_events(vec![DealEvent::DealUpdated {
            details: expected,
            on: today(),
        }]);
}

#[test]
fn a_patch_names_only_the_fields_an_update_may_change() {
    let ok: DealPatch = serde_json::from_str(r#"{"owner": "Sam"}"#).unwrap();
    assert_eq!(ok.owner.as_deref(), Some("Sam"));
    assert!(serde_json::from_str::<DealPatch>(r#"{"stage": "lead"}"#).is_err());
    assert!(serde_json::from_str::<DealPatch>(r#"{"advertiser_id": "adv-2"}"#).is_err());
    assert_eq!(serde_json::to_string(&ok).unwrap(), r#"{"owner":"Sam"}"#);
}
