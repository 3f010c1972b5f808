//! Given/when/then: cancelling, and the refusal of changes to a cancelled IO.

use super::fixtures::{cpm_line_input, created, d, io_test, pair, sent, signed, violations};
use crate::io::{IoCommand, IoError, IoEvent, IoStatus, Stage};

fn cancel(reason: Option<&str>, today: &str) -> IoCommand {
    IoCommand::Cancel {
        reason: reason.map(str::to_owned),
        today: d(today),
    }
}

#[test]
fn cancel_needs_a_reason() {
    for reason in [None, Some("   ")] {
        let result = io_test()
            .given(vec![created()])
            .when(cancel(reason, "2026-02-15"))
            .inspect_result();
        assert_eq!(violations(result), [pair("reason", "required")]);
    }
}

#[test]
fn cancel_from_draft_sent_or_live_records_the_stage() {
    for (given, stage) in [
        (vec![created()], Stage::Draft),
        (vec![created(), sent()], Stage::Sent),
        (vec![created(), sent(), signed()], Stage::Signed),
    ] {
        io_test()
            .given(given)
            .when(cancel(Some(" budget cut "), "2026-03-15"))
            .then_expect_events(vec![IoEvent::IoCancelled {
                reason: "budget cut".into(),
                previous_stage: stage,
                on: d("2026-03-15"),
            }]);
    }
}

#[test]
fn cancel_after_completed_or_twice_is_refused() {
    io_test()
        .given(vec![created(), sent(), signed()])
        .when(cancel(Some("late"), "2026-03-31"))
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Completed,
            action: "cancel",
        });
    let cancelled = IoEvent::IoCancelled {
        reason: "x".into(),
        previous_stage: Stage::Draft,
        on: d("2026-02-01"),
    };
    io_test()
        .given(vec![created(), cancelled])
        .when(cancel(Some("again"), "2026-02-02"))
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Cancelled,
            action: "cancel",
        });
}

#[test]
fn a_change_to_a_cancelled_io_is_refused() {
    let cancelled = IoEvent::IoCancelled {
        reason: "x".into(),
        previous_stage: Stage::Sent,
        on: d("2026-02-01"),
    };
    let given = vec![created(), sent(), cancelled];
    let result = io_test()
        .given(given.clone())
        .when(IoCommand::AddLineItem {
            input: cpm_line_input(),
            today: d("2026-02-02"),
        })
        .inspect_result();
    assert_eq!(violations(result), [pair("status", "io_cancelled")]);
    io_test()
        .given(given.clone())
        .when(IoCommand::Sign)
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Cancelled,
            action: "sign",
        });
    io_test()
        .given(given)
        .when(IoCommand::Send)
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Cancelled,
            action: "send",
        });
}
