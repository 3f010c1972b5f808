//! Given/when/then: reopening a closed deal.

use cqrs_es::Aggregate;

use super::fixtures::{created, d, deal_test, lost, pair, today, violations, won};
use crate::deal::{Deal, DealCommand, DealError, DealEvent, DealStage};

fn reopen(stage: Option<&str>) -> DealCommand {
    DealCommand::ReopenDeal {
        stage: stage.map(str::to_owned),
        today: today(),
    }
}

#[test]
fn a_won_or_lost_deal_reopens_into_an_open_stage() {
    for (given, from) in [
        (won(), DealStage::ClosedWon),
        (lost(), DealStage::ClosedLost),
    ] {
        deal_test()
            .given(vec![created(), given])
            .when(reopen(Some("negotiation")))
            .then_expect_events(vec![DealEvent::DealReopened {
                from,
                stage: DealStage::Negotiation,
                on: today(),
            }]);
    }
}

#[test]
fn reopening_clears_closed_on_and_the_loss() {
    let mut deal = Deal::default();
    for event in [created(), lost()] {
        deal.apply(event);
    }
    let state = deal.state().unwrap();
    assert_eq!(state.closed_on, Some(today()));
    assert!(state.loss.is_some());
    deal.apply(DealEvent::DealReopened {
        from: DealStage::ClosedLost,
        stage: DealStage::Qualified,
        on: d("2026-03-12"),
    });
    let state = deal.state().unwrap();
    assert_eq!(state.stage, DealStage::Qualified);
    assert_eq!(state.closed_on, None);
    assert_eq!(state.loss, None);
    assert_eq!(state.closed_deal(), None);
}

#[test]
fn an_open_deal_cannot_be_reopened() {
    deal_test()
        .given(vec![created()])
        .when(reopen(Some("proposal")))
        .then_expect_error(DealError::InvalidTransition {
            from: DealStage::Lead,
            action: "reopen",
        });
}

#[test]
fn reopening_needs_an_open_stage() {
    for (stage, code) in [
        (Some("closed_lost"), "not_open"),
        (Some("closed_won"), "not_open"),
        (Some("open"), "unknown_stage"),
        (None, "required"),
    ] {
        let result = deal_test()
            .given(vec![created(), won()])
            .when(reopen(stage))
            .inspect_result();
        assert_eq!(violations(result), [pair("stage", code)], "{stage:?}");
    }
}

#[test]
fn a_reopened_deal_can_be_won_again() {
    let reopened = DealEvent::DealReopened {
        from: DealStage::ClosedLost,
        stage: DealStage::Proposal,
        on: today(),
    };
    deal_test()
        .given(vec![created(), lost(), reopened])
        .when(DealCommand::WinDeal {
            closed_on: None,
            today: today(),
        })
        .then_expect_events(vec![DealEvent::DealWon {
            from: DealStage::Proposal,
            closed_on: today(),
            on: today(),
        }]);
}
