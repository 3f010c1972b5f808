//! Given/when/then: makegoods raised by hand or by under-delivery, resolved once.

use cqrs_es::Aggregate;
use serde_json::json;

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
        today: d("2026-03-05"),
    }
}

pub(super) fn by_hand() -> Makegood {
    Makegood {
        id: makegood_id(1),
        line_item_id: "li-1".parse().unwrap(),
        show_id: Some("show-1".parse().unwrap()),
        raised_on: Some(d("2026-03-05")),
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
        raised_on: Some(d("2026-04-03")),
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
fn makegood_impressions_past_their_bound_are_refused() {
    let result = io_test()
        .given(vec![created(), sent(), signed()])
        .when(raise("li-1", "missing_ad", 100_000_000_001))
        .inspect_result();
    assert_eq!(violations(result), [pair("impressions", "too_large")]);
}

#[test]
fn a_makegood_stays_with_the_show_it_was_raised_on() {
    let mut io = IoBooking::default();
    for event in [created(), sent(), signed(), raised(by_hand())] {
        io.apply(event);
    }
    let mut moved = io.state().unwrap().line_items[0].clone().to_input();
    moved.show_id = Some("show-9".into());
    let moved = super::fixtures::line(1, &moved);
    io.apply(IoEvent::LineItemChanged {
        line_total: moved.total().unwrap(),
        line_item: moved,
    });
    let state = io.state().unwrap();
    assert_eq!(state.line_items[0].show_id().as_str(), "show-9");
    let makegood = &state.makegoods[0];
    assert_eq!(state.makegood_show(makegood).unwrap().as_str(), "show-1");
    // A makegood stored before its show was recorded reads the line's show.
    let legacy = Makegood {
        show_id: None,
        ..by_hand()
    };
    assert_eq!(state.makegood_show(&legacy).unwrap().as_str(), "show-9");
}

#[test]
fn a_makegood_stored_before_its_day_was_recorded_reads_without_one() {
    let mut stored = serde_json::to_value(by_hand()).unwrap();
    assert_eq!(stored["raised_on"], "2026-03-05");
    stored.as_object_mut().unwrap().remove("raised_on");
    let legacy: Makegood = serde_json::from_value(stored).unwrap();
    assert_eq!(legacy.raised_on, None);
    assert_eq!(
        serde_json::to_value(&legacy).unwrap()["raised_on"],
        json!(null)
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
