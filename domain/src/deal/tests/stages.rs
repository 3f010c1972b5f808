//! Given/when/then: moving an open deal between open stages.

use super::fixtures::{created, deal_test, lost, moved, pair, today, violations, won};
use crate::deal::{DealCommand, DealError, DealStage};

fn move_to(stage: &str) -> DealCommand {
    DealCommand::MoveStage {
        stage: Some(stage.into()),
        today: today(),
    }
}

#[test]
fn an_open_deal_moves_between_open_stages_in_any_order() {
    use DealStage::{Lead, Negotiation, Qualified};
    deal_test()
        .given(vec![created()])
        .when(move_to("negotiation"))
        .then_expect_events(vec![moved(Lead, Negotiation)]);
    deal_test()
        .given(vec![created(), moved(Lead, Negotiation)])
        .when(move_to("qualified"))
        .then_expect_events(vec![moved(Negotiation, Qualified)]);
    deal_test()
        .given(vec![created(), moved(Lead, Qualified)])
        .when(move_to("lead"))
        .then_expect_events(vec![moved(Qualified, Lead)]);
}

#[test]
fn moving_to_the_stage_the_deal_is_in_writes_nothing() {
    deal_test()
        .given(vec![created()])
        .when(move_to("lead"))
        .then_expect_events(vec![]);
}

#[test]
fn the_stage_to_move_to_is_a_known_open_stage() {
    for (stage, code) in [
        (Some("closed_won"), "not_open"),
        (Some("closed_lost"), "not_open"),
        (Some("Proposal"), "unknown_stage"),
        (None, "required"),
    ] {
        let result = deal_test()
            .given(vec![created()])
            .when(DealCommand::MoveStage {
                stage: stage.map(str::to_owned),
                today: today(),
            })
            .inspect_result();
        assert_eq!(violations(result), [pair("stage", code)], "{stage:?}");
    }
}

#[test]
fn a_closed_deals_stage_does_not_move_until_it_is_reopened() {
    deal_test()
        .given(vec![created(), won()])
        .when(move_to("proposal"))
        .then_expect_error(DealError::InvalidTransition {
            from: DealStage::ClosedWon,
            action: "move_stage",
        });
    deal_test()
        .given(vec![created(), lost()])
        .when(move_to("proposal"))
        .then_expect_error(DealError::InvalidTransition {
            from: DealStage::ClosedLost,
            action: "move_stage",
        });
}
