//! Given/when/then: winning and losing a deal.

use super::fixtures::{
    created, created_day, d, deal_test, lost, moved, pair, today, violations, won,
};
use crate::deal::{DealCommand, DealError, DealEvent, DealStage, LossReason};

fn win(closed_on: Option<&str>) -> DealCommand {
    DealCommand::WinDeal {
        closed_on: closed_on.map(str::to_owned),
        today: today(),
    }
}

fn lose(reason: Option<&str>, note: Option<&str>, closed_on: Option<&str>) -> DealCommand {
    DealCommand::LoseDeal {
        reason: reason.map(str::to_owned),
        note: note.map(str::to_owned),
        closed_on: closed_on.map(str::to_owned),
        today: today(),
    }
}

#[test]
fn winning_closes_the_deal_today_by_default() {
    let negotiating = moved(DealStage::Lead, DealStage::Negotiation);
    deal_test()
        .given(vec![created(), negotiating])
        .when(win(None))
        .then_expect_events(vec![DealEvent::DealWon {
            from: DealStage::Negotiation,
            closed_on: today(),
            on: today(),
        }]);
}

#[test]
fn closed_on_may_be_any_day_from_creation_through_today() {
    for day in ["2026-03-02", "2026-03-05", "2026-03-10"] {
        deal_test()
            .given(vec![created()])
            .when(win(Some(day)))
            .then_expect_events(vec![DealEvent::DealWon {
                from: DealStage::Lead,
                closed_on: d(day),
                on: today(),
            }]);
    }
    assert_eq!(d("2026-03-02"), created_day());
}

#[test]
fn closed_on_before_creation_in_the_future_or_malformed_is_a_violation() {
    for (day, code) in [
        ("2026-03-01", "before_created_on"),
        ("2026-03-11", "in_future"),
        ("yesterday", "invalid_date"),
    ] {
        for command in [win(Some(day)), lose(Some("price"), None, Some(day))] {
            let result = deal_test()
                .given(vec![created()])
                .when(command)
                .inspect_result();
            assert_eq!(violations(result), [pair("closed_on", code)], "{day}");
        }
    }
}

#[test]
fn a_closed_deal_cannot_be_won_without_reopening() {
    for (given, from) in [
        (won(), DealStage::ClosedWon),
        (lost(), DealStage::ClosedLost),
    ] {
        deal_test()
            .given(vec![created(), given])
            .when(win(None))
            .then_expect_error(DealError::InvalidTransition {
                from,
                action: "win",
            });
    }
}

#[test]
fn losing_records_the_reason_note_and_day() {
    let proposing = moved(DealStage::Lead, DealStage::Proposal);
    deal_test()
        .given(vec![created(), proposing])
        .when(lose(
            Some("competitor"),
            Some(" Went with another network "),
            Some("2026-03-09"),
        ))
        .then_expect_events(vec![DealEvent::DealLost {
            from: DealStage::Proposal,
            reason: LossReason::Competitor,
            note: Some("Went with another network".into()),
            closed_on: d("2026-03-09"),
            on: today(),
        }]);
    deal_test()
        .given(vec![created()])
        .when(lose(Some("price"), Some("  "), None))
        .then_expect_events(vec![lost()]);
}

#[test]
fn losing_needs_a_known_reason_and_a_clean_note() {
    let result = deal_test()
        .given(vec![created()])
        .when(lose(None, Some("a\u{0}"), Some("2026-04-01")))
        .inspect_result();
    assert_eq!(
        violations(result),
        [
            pair("reason", "required"),
            pair("note", "invalid_character"),
            pair("closed_on", "in_future"),
        ]
    );
    let long_note = "n".repeat(501);
    let result = deal_test()
        .given(vec![created()])
        .when(lose(Some("budget"), Some(&long_note), None))
        .inspect_result();
    assert_eq!(
        violations(result),
        [pair("reason", "unknown_reason"), pair("note", "too_long")]
    );
}

#[test]
fn a_closed_deal_cannot_be_lost_without_reopening() {
    for (given, from) in [
        (won(), DealStage::ClosedWon),
        (lost(), DealStage::ClosedLost),
    ] {
        deal_test()
            .given(vec![created(), given])
            .when(lose(Some("timing"), None, None))
            .then_expect_error(DealError::InvalidTransition {
                from,
                action: "lose",
            });
    }
}
