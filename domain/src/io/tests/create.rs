//! Given/when/then: creating an IO.

use std::sync::Arc;

use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};

use super::fixtures::{
    cpm_line_input, created, flat_line_input, io_input, io_test, pair, tenant, violations,
    DownCatalog,
};
use crate::io::{IoBooking, IoCommand, IoError, IoEvent, IoServices, IoStatus};
use crate::money::Currency;

fn create(input: crate::io::IoInput) -> IoCommand {
    IoCommand::Create {
        tenant_id: tenant(),
        tenant_currency: Currency::USD,
        input,
    }
}

#[test]
fn create_writes_io_created_with_computed_total() {
    io_test()
        .given_no_previous_events()
        .when(create(io_input()))
        .then_expect_events(vec![created()]);
}

#[test]
fn create_without_line_items_is_a_draft_with_total_zero() {
    let mut input = io_input();
    input.line_items.clear();
    let events = io_test()
        .given_no_previous_events()
        .when(create(input))
        .inspect_result()
        .unwrap();
    let [IoEvent::IoCreated {
        line_items, total, ..
    }] = events.as_slice()
    else {
        panic!("expected IoCreated, got {events:?}");
    };
    assert!(line_items.is_empty());
    assert_eq!(*total, 0);
}

#[test]
fn creating_an_existing_io_is_refused() {
    io_test()
        .given(vec![created()])
        .when(create(io_input()))
        .then_expect_error(IoError::AlreadyExists);
}

#[test]
fn a_currency_other_than_the_tenants_is_a_violation() {
    let mut input = io_input();
    input.currency = Some("EUR".into());
    let result = io_test()
        .given_no_previous_events()
        .when(create(input.clone()))
        .inspect_result();
    assert_eq!(violations(result), [pair("currency", "currency_mismatch")]);
    // The same currency, spelled in lowercase, is accepted.
    input.currency = Some("usd".into());
    io_test()
        .given_no_previous_events()
        .when(create(input))
        .then_expect_events(vec![created()]);
}

#[test]
fn unknown_show_and_advertiser_are_violations_beside_parse_errors() {
    let mut ghost_show = flat_line_input();
    ghost_show.show_id = Some("show-9".into());
    let mut bad_flight = cpm_line_input();
    bad_flight.flight.as_mut().unwrap().end = Some("2026-02-01".into());
    let mut input = io_input();
    input.advertiser_id = Some("adv-9".into());
    input.line_items = vec![bad_flight, ghost_show];
    let result = io_test()
        .given_no_previous_events()
        .when(create(input))
        .inspect_result();
    assert_eq!(
        violations(result),
        [
            pair("line_items[0].flight.end", "end_before_start"),
            pair("advertiser_id", "unknown_advertiser"),
            pair("line_items[1].show_id", "unknown_show"),
        ]
    );
}

#[test]
fn an_unreachable_catalog_is_its_own_error() {
    let services: IoServices = Arc::new(DownCatalog);
    TestFramework::<IoBooking>::with(services)
        .given_no_previous_events()
        .when(create(io_input()))
        .then_expect_error(IoError::CatalogUnavailable);
    assert_eq!(IoError::CatalogUnavailable.code(), "catalog_unavailable");
}

#[test]
fn commands_on_a_missing_io_are_not_found() {
    for command in [
        IoCommand::Send,
        IoCommand::Sign,
        IoCommand::ExportPdf { by: "ops".into() },
    ] {
        io_test()
            .given_no_previous_events()
            .when(command)
            .then_expect_error(IoError::NotFound);
    }
}

#[test]
fn events_are_named_versioned_and_round_trip() {
    let event = created();
    assert_eq!(event.event_type(), "IoCreated");
    assert_eq!(event.event_version(), "1");
    let json = serde_json::to_string(&event).unwrap();
    assert_eq!(serde_json::from_str::<IoEvent>(&json).unwrap(), event);
    assert_eq!(IoBooking::TYPE, "io_booking");
    let mut io = IoBooking::default();
    assert!(io.state().is_none());
    io.apply(event);
    let state = io.state().unwrap();
    assert_eq!(state.revision, 1);
    assert_eq!(state.total(), Ok(75_000));
    assert_eq!(state.stage_status(), IoStatus::Draft);
    let snapshot = serde_json::to_string(&io).unwrap();
    assert_eq!(serde_json::from_str::<IoBooking>(&snapshot).unwrap(), io);
}

#[test]
fn error_codes_are_stable() {
    use crate::violation::Violations;
    assert_eq!(IoError::AlreadyExists.code(), "already_exists");
    assert_eq!(IoError::NotFound.code(), "not_found");
    assert_eq!(
        IoError::Invalid(Violations::new()).code(),
        "validation_failed"
    );
    let transition = IoError::InvalidTransition {
        from: IoStatus::Draft,
        action: "sign",
    };
    assert_eq!(transition.code(), "invalid_transition");
    assert_eq!(transition.to_string(), "cannot sign an IO that is draft");
    assert_eq!(IoError::AlreadyResolved.code(), "already_resolved");
}
