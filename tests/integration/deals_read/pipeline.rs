//! The pipeline by stage: every stage in order, empty ones too, with the sum of each deal's
//! rounded weighted amount.

use serde_json::json;

use super::{read, Desk};
use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_stage_with_its_deals_amount_and_rounded_weighted_amount() {
    let app = TestApp::with_read_models().await;
    let empty = read(&app, "/api/v1/pipeline").await;
    let stages = [
        "lead",
        "qualified",
        "proposal",
        "negotiation",
        "closed_won",
        "closed_lost",
    ];
    let zero: Vec<_> = (stages.iter())
        .map(|s| json!({"stage": s, "deals": 0, "amount": 0, "weighted_amount": 0}))
        .collect();
    assert_eq!(empty, json!({"currency": "USD", "stages": zero}));

    let desk = Desk::open(&app).await;
    for (name, amount, stage) in [
        ("q1", 10_001, "qualified"), // 2,500.25 -> 2,500
        ("q2", 10_001, "qualified"), // 2,500: 5,000 in all, not 5,000.5 -> 5,001
        ("l1", 5, "lead"),           // 0.5 -> 1
        ("l2", 5, "lead"),           // 1: 2 in all, not 1.0 -> 1
        ("p1", 10_001, "proposal"),  // 5,000.5 -> 5,001
        ("won", 7_000, "lead"),
        ("lost", 9_999, "negotiation"),
    ] {
        let mut input = desk.input(name, amount, "2026-06-30");
        input.stage = Some(stage.to_string());
        let id = desk.create(input, "2026-03-01").await;
        match name {
            "won" => desk.win(&id, "2026-03-02", "2026-03-02").await,
            "lost" => desk.lose(&id, "timing", "2026-03-02", "2026-03-02").await,
            _ => {}
        }
    }
    let pipeline = read(&app, "/api/v1/pipeline").await;
    assert_eq!(
        pipeline,
        json!({"currency": "USD", "stages": [
            {"stage": "lead", "deals": 2, "amount": 10, "weighted_amount": 2},
            {"stage": "qualified", "deals": 2, "amount": 20_002, "weighted_amount": 5_000},
            {"stage": "proposal", "deals": 1, "amount": 10_001, "weighted_amount": 5_001},
            {"stage": "negotiation", "deals": 0, "amount": 0, "weighted_amount": 0},
            {"stage": "closed_won", "deals": 1, "amount": 7_000, "weighted_amount": 7_000},
            {"stage": "closed_lost", "deals": 1, "amount": 9_999, "weighted_amount": 0},
        ]})
    );
}
