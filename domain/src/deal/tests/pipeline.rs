//! The pipeline by stage against sums worked out by hand.

use crate::bounds::Overflow;
use crate::deal::{pipeline_by_stage, DealStage, StageTotal};

fn total(stage: DealStage, deals: u64, amount: i64, weighted_amount: i64) -> StageTotal {
    StageTotal {
        stage,
        deals,
        amount,
        weighted_amount,
    }
}

#[test]
fn every_stage_in_order_with_the_sum_of_rounded_weights() {
    use DealStage::*;
    let deals = [
        (Qualified, 10_001), // 2,500.25 -> 2,500
        (Lead, 5),           // 0.5 -> 1
        (Qualified, 10_001), // 2,500
        (Lead, 5),           // 1: 2 in all, not 1.0 rounded once (1)
        (ClosedWon, 7_000),  // 100 %
        (ClosedLost, 9_999), // 0 %
    ];
    assert_eq!(
        pipeline_by_stage(deals),
        Ok(vec![
            total(Lead, 2, 10, 2),
            total(Qualified, 2, 20_002, 5_000),
            total(Proposal, 0, 0, 0),
            total(Negotiation, 0, 0, 0),
            total(ClosedWon, 1, 7_000, 7_000),
            total(ClosedLost, 1, 9_999, 0),
        ])
    );
}

#[test]
fn no_deal_still_lists_every_stage() {
    let empty = pipeline_by_stage([]).unwrap();
    let stages: Vec<DealStage> = empty.iter().map(|t| t.stage).collect();
    assert_eq!(stages, DealStage::ALL);
    assert!(empty.iter().all(|t| t.deals == 0 && t.amount == 0));
}

#[test]
fn a_stage_whose_sum_does_not_fit_is_an_overflow() {
    let huge = [(DealStage::Lead, i64::MAX), (DealStage::Lead, 1)];
    assert_eq!(pipeline_by_stage(huge), Err(Overflow::of("stage amount")));
}
