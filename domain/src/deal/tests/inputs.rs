//! Given/when/then: the rules of a new deal's fields.

use super::fixtures::{create, created, deal_input, deal_test, pair, refused};
use crate::bounds::MAX_AMOUNT;
use crate::deal::{DealEvent, DealInput};

#[test]
fn every_required_field_is_named() {
    assert_eq!(
        refused(DealInput::default()),
        [
            pair("advertiser_id", "required"),
            pair("name", "required"),
            pair("amount", "required"),
            pair("expected_close_date", "required"),
            pair("owner", "required"),
        ]
    );
}

#[test]
fn the_amount_is_positive_and_bounded() {
    for (amount, code) in [
        (0, "not_positive"),
        (-5, "not_positive"),
        (MAX_AMOUNT + 1, "too_large"),
    ] {
        let mut input = deal_input();
        input.amount = Some(amount);
        assert_eq!(refused(input), [pair("amount", code)], "amount {amount}");
    }
    let mut input = deal_input();
    input.amount = Some(MAX_AMOUNT);
    let events = deal_test()
        .given_no_previous_events()
        .when(create(input))
        .inspect_result()
        .unwrap();
    let [DealEvent::DealCreated { details, .. }] = events.as_slice() else {
        panic!("expected DealCreated, got {events:?}");
    };
    assert_eq!(details.amount.minor_units(), MAX_AMOUNT);
}

#[test]
fn names_and_owners_are_free_text_of_at_most_200_characters() {
    let cases = [
        ("   ", "required"),
        ("a\u{0}b", "invalid_character"),
        ("bell\u{7}", "invalid_character"),
    ];
    for (raw, code) in cases {
        let mut input = deal_input();
        input.name = Some(raw.into());
        input.owner = Some(raw.into());
        assert_eq!(refused(input), [pair("name", code), pair("owner", code)]);
    }
    let mut input = deal_input();
    input.name = Some("n".repeat(201));
    input.owner = Some("o".repeat(201));
    assert_eq!(
        refused(input.clone()),
        [pair("name", "too_long"), pair("owner", "too_long")]
    );
    input.name = Some(format!("  {}  ", "n".repeat(200)));
    input.owner = Some("o".repeat(200));
    let events = deal_test()
        .given_no_previous_events()
        .when(create(input))
        .inspect_result()
        .unwrap();
    let [DealEvent::DealCreated { details, .. }] = events.as_slice() else {
        panic!("expected DealCreated, got {events:?}");
    };
    assert_eq!(details.name, "n".repeat(200));
}

#[test]
fn a_new_deal_starts_in_an_open_stage() {
    let mut input = deal_input();
    input.stage = Some("closed_won".into());
    assert_eq!(refused(input.clone()), [pair("stage", "not_open")]);
    input.stage = Some("won".into());
    assert_eq!(refused(input), [pair("stage", "unknown_stage")]);
}

#[test]
fn the_currency_is_the_tenants() {
    let mut input = deal_input();
    input.currency = Some("EUR".into());
    assert_eq!(
        refused(input.clone()),
        [pair("currency", "currency_mismatch")]
    );
    input.currency = Some("usd".into());
    deal_test()
        .given_no_previous_events()
        .when(create(input))
        .then_expect_events(vec![created()]);
}

#[test]
fn shows_are_ids_without_duplicates_and_at_most_100() {
    let mut input = deal_input();
    input.show_ids = vec!["bad id".into()];
    assert_eq!(refused(input.clone()), [pair("show_ids[0]", "invalid_id")]);
    input.show_ids = vec!["show-1".into(); 101];
    assert_eq!(refused(input.clone()), [pair("show_ids", "too_many")]);
    input.show_ids = vec!["show-1".into(), "show-1".into()];
    deal_test()
        .given_no_previous_events()
        .when(create(input))
        .then_expect_events(vec![created()]);
}

#[test]
fn a_malformed_expected_close_date_is_a_violation_a_past_one_is_not() {
    let mut input = deal_input();
    input.expected_close_date = Some("2026-02-30".into());
    assert_eq!(
        refused(input.clone()),
        [pair("expected_close_date", "invalid_date")]
    );
    input.expected_close_date = Some("2025-12-31".into());
    assert!(deal_test()
        .given_no_previous_events()
        .when(create(input))
        .inspect_result()
        .is_ok());
}
