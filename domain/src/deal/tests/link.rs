//! Given/when/then: linking the draft IO of a won deal, exactly once.

use cqrs_es::Aggregate;

use super::fixtures::{created, deal_test, lost, today, won};
use crate::deal::{Deal, DealCommand, DealError, DealEvent, DealStage};
use crate::ids::IoId;

fn io(raw: &str) -> IoId {
    raw.parse().unwrap()
}

fn link(raw: &str) -> DealCommand {
    DealCommand::LinkIo {
        io_id: io(raw),
        today: today(),
    }
}

fn linked(raw: &str) -> DealEvent {
    DealEvent::DealIoLinked {
        io_id: io(raw),
        on: today(),
    }
}

fn reopened() -> DealEvent {
    DealEvent::DealReopened {
        from: DealStage::ClosedWon,
        stage: DealStage::Negotiation,
        on: today(),
    }
}

fn won_again() -> DealEvent {
    DealEvent::DealWon {
        from: DealStage::Negotiation,
        closed_on: today(),
        on: today(),
    }
}

#[test]
fn a_won_deal_records_its_io() {
    deal_test()
        .given(vec![created(), won()])
        .when(link("io-deal-1"))
        .then_expect_events(vec![linked("io-deal-1")]);
}

#[test]
fn linking_the_same_io_again_writes_nothing() {
    deal_test()
        .given(vec![created(), won(), linked("io-deal-1")])
        .when(link("io-deal-1"))
        .then_expect_events(vec![]);
}

#[test]
fn a_deal_has_one_io() {
    deal_test()
        .given(vec![created(), won(), linked("io-deal-1")])
        .when(link("io-other"))
        .then_expect_error(DealError::IoAlreadyLinked {
            linked: io("io-deal-1"),
        });
}

#[test]
fn a_deal_never_won_has_no_io_to_link() {
    deal_test()
        .given(vec![created()])
        .when(link("io-deal-1"))
        .then_expect_error(DealError::InvalidTransition {
            from: DealStage::Lead,
            action: "link_io",
        });
    deal_test()
        .given(vec![created(), lost()])
        .when(link("io-deal-1"))
        .then_expect_error(DealError::InvalidTransition {
            from: DealStage::ClosedLost,
            action: "link_io",
        });
}

#[test]
fn a_deal_reopened_after_winning_is_still_linked_and_keeps_its_io() {
    deal_test()
        .given(vec![created(), won(), reopened()])
        .when(link("io-deal-1"))
        .then_expect_events(vec![linked("io-deal-1")]);
    let mut deal = Deal::default();
    for event in [
        created(),
        won(),
        linked("io-deal-1"),
        reopened(),
        won_again(),
    ] {
        deal.apply(event);
    }
    assert_eq!(deal.state().unwrap().io_id, Some(io("io-deal-1")));
    deal_test()
        .given(vec![
            created(),
            won(),
            linked("io-deal-1"),
            reopened(),
            won_again(),
        ])
        .when(link("io-deal-1"))
        .then_expect_events(vec![]);
}
