//! Given/when/then: draft -> sent -> signed, derived live/completed, cancel, export.

use cqrs_es::Aggregate;

use super::fixtures::{
    created, d, flat_line_input, io_test, line, pair, sent, signed, snapshot, violations,
};
use crate::io::{IoBooking, IoCommand, IoError, IoEvent, IoStatus};

fn empty_created() -> IoEvent {
    let IoEvent::IoCreated {
        tenant_id, header, ..
    } = created()
    else {
        unreachable!()
    };
    IoEvent::IoCreated {
        tenant_id,
        header,
        line_items: vec![],
        total: 0,
    }
}

#[test]
fn send_fixes_revision_one() {
    io_test()
        .given(vec![created()])
        .when(IoCommand::Send)
        .then_expect_events(vec![sent()]);
}

#[test]
fn sending_an_empty_draft_is_a_violation() {
    let result = io_test()
        .given(vec![empty_created()])
        .when(IoCommand::Send)
        .inspect_result();
    assert_eq!(violations(result), [pair("line_items", "required")]);
}

#[test]
fn send_is_only_from_draft() {
    io_test()
        .given(vec![created(), sent()])
        .when(IoCommand::Send)
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Sent,
            action: "send",
        });
}

#[test]
fn sign_records_the_revision_signed() {
    io_test()
        .given(vec![created(), sent()])
        .when(IoCommand::Sign)
        .then_expect_events(vec![signed()]);
}

#[test]
fn sign_needs_a_sent_io() {
    io_test()
        .given(vec![created()])
        .when(IoCommand::Sign)
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Draft,
            action: "sign",
        });
    io_test()
        .given(vec![created(), sent(), signed()])
        .when(IoCommand::Sign)
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Signed,
            action: "sign",
        });
}

#[test]
fn signing_an_io_without_line_items_is_a_violation() {
    let empty_sent = IoEvent::IoSent {
        snapshot: snapshot(1, vec![], None),
    };
    let result = io_test()
        .given(vec![empty_created(), empty_sent])
        .when(IoCommand::Sign)
        .inspect_result();
    assert_eq!(violations(result), [pair("line_items", "required")]);
}

#[test]
fn live_and_completed_are_read_from_the_date() {
    // li-1 runs 2026-03-01..=03-30; li-2 (flat) 2026-03-10..=03-19.
    let added = IoEvent::LineItemAdded {
        line_item: line(2, &flat_line_input()),
        line_total: 150_000,
    };
    let mut io = IoBooking::default();
    for event in [created(), added] {
        io.apply(event);
    }
    assert_eq!(io.status_on(d("2026-03-05")), Some(IoStatus::Draft));
    io.apply(IoEvent::IoSent {
        snapshot: snapshot(1, io.state().unwrap().line_items.clone(), None),
    });
    assert_eq!(io.status_on(d("2026-03-05")), Some(IoStatus::Sent));
    io.apply(signed());
    assert_eq!(io.status_on(d("2026-02-28")), Some(IoStatus::Signed));
    assert_eq!(io.status_on(d("2026-03-01")), Some(IoStatus::Live));
    assert_eq!(io.status_on(d("2026-03-25")), Some(IoStatus::Live)); // li-2 ended, li-1 runs
    assert_eq!(io.status_on(d("2026-03-30")), Some(IoStatus::Live));
    assert_eq!(io.status_on(d("2026-03-31")), Some(IoStatus::Completed));
    assert!(IoStatus::Completed.recognizes_revenue() && IoStatus::Live.recognizes_revenue());
    assert!(!IoStatus::Sent.recognizes_revenue() && !IoStatus::Cancelled.recognizes_revenue());
    assert_eq!(IoBooking::default().status_on(d("2026-03-01")), None);
}

#[test]
fn export_records_the_current_revision_and_who() {
    io_test()
        .given(vec![created(), sent()])
        .when(IoCommand::ExportPdf {
            by: "ops@acme".into(),
        })
        .then_expect_events(vec![IoEvent::IoPdfExported {
            revision: 1,
            by: "ops@acme".into(),
        }]);
    let result = io_test()
        .given(vec![created()])
        .when(IoCommand::ExportPdf { by: " ".into() })
        .inspect_result();
    assert_eq!(violations(result), [pair("by", "required")]);
}
