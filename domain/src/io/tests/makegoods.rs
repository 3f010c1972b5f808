//! Given/when/then: makegoods raised by hand or by under-delivery, resolved once.

use cqrs_es::Aggregate;

use super::fixtures::{created, d, io_test, pair, sent, signed, violations};
use crate::io::{
    makegood_id, IoBooking, IoCommand, IoError, IoEvent, IoStatus, Makegood, MakegoodInput,
    MakegoodReason, MakegoodStatus, Remedy, ResolveInput, Stage,
};

fn raise(line: &str, reason: &str, impressions: i64) -> IoCommand {
    IoCommand::RaiseMakegood {
        input: MakegoodInput {
            line_item_id: Some(line.into()),
            reason: Some(reason.into()),
            impressions: Some(impressions),
            note: Some("ep 12 ran without the read".into()),
        },
    }
}

pub(super) fn by_hand() -> Makegood {
    Makegood {
        id: makegood_id(1),
        line_item_id: "li-1".parse().unwrap(),
        reason: MakegoodReason::MissingAd,
        impressions: 5_000,
        note: Some("ep 12 ran without the read".into()),
        automatic: false,
        remedy: None,
        resolution_note: None,
    }
}

pub(super) fn automatic(n: usize, impressions: u64) -> Makegood {
    Makegood {
        id: makegood_id(n),
        reason: MakegoodReason::UnderDelivery,
        impressions,
        note: None,
        automatic: true,
        ..by_hand()
    }
}

pub(super) fn raised(makegood: Makegood) -> IoEvent {
    IoEvent::MakegoodRaised { makegood }
}

fn resolve(remedy: &str) -> IoCommand {
    IoCommand::ResolveMakegood {
        makegood_id: makegood_id(1),
        input: ResolveInput {
            remedy: Some(remedy.into()),
            note: None,
        },
    }
}

#[test]
fn ops_raise_a_makegood_by_hand_on_a_signed_io() {
    io_test()
        .given(vec![created(), sent(), signed()])
        .when(raise("li-1", "missing_ad", 5_000))
        .then_expect_events(vec![raised(by_hand())]);
}

#[test]
fn a_makegood_needs_a_signed_io() {
    io_test()
        .given(vec![created(), sent()])
        .when(raise("li-1", "missing_ad", 5_000))
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Sent,
            action: "raise_makegood",
        });
    let cancelled = IoEvent::IoCancelled {
        reason: "x".into(),
        previous_stage: Stage::Signed,
        on: d("2026-03-02"),
    };
    let result = io_test()
        .given(vec![created(), sent(), signed(), cancelled])
        .when(raise("li-1", "missing_ad", 5_000))
        .inspect_result();
    assert_eq!(violations(result), [pair("status", "io_cancelled")]);
}

#[test]
fn a_bad_makegood_reports_every_field() {
    let result = io_test()
        .given(vec![created(), sent(), signed()])
        .when(raise("li-9", "bad_weather", 0))
        .inspect_result();
    assert_eq!(
        violations(result),
        [
            pair("line_item_id", "unknown_line_item"),
            pair("reason", "unknown_reason"),
            pair("impressions", "not_positive"),
        ]
    );
}

#[test]
fn a_pending_makegood_is_resolved_once() {
    let given = vec![created(), sent(), signed(), raised(by_hand())];
    io_test()
        .given(given.clone())
        .when(resolve("bonus_spots"))
        .then_expect_events(vec![IoEvent::MakegoodResolved {
            makegood_id: makegood_id(1),
            remedy: Remedy::BonusSpots,
            note: None,
        }]);
    let resolved = IoEvent::MakegoodResolved {
        makegood_id: makegood_id(1),
        remedy: Remedy::Credit,
        note: None,
    };
    io_test()
        .given([given.clone(), vec![resolved.clone()]].concat())
        .when(resolve("waived"))
        .then_expect_error(IoError::AlreadyResolved);
    let result = io_test()
        .given(given.clone())
        .when(resolve("refund"))
        .inspect_result();
    assert_eq!(violations(result), [pair("remedy", "unknown_remedy")]);
    let mut io = IoBooking::default();
    for event in given {
        io.apply(event);
    }
    assert_eq!(
        io.state().unwrap().makegoods[0].status(),
        MakegoodStatus::Pending
    );
    io.apply(resolved);
    assert_eq!(
        io.state().unwrap().makegoods[0].status(),
        MakegoodStatus::Resolved
    );
}

#[test]
fn resolving_an_unknown_makegood_is_not_found() {
    io_test()
        .given(vec![created(), sent(), signed()])
        .when(resolve("credit"))
        .then_expect_error(IoError::NotFound);
}
