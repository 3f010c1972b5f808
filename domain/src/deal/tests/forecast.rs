//! The weighted forecast by month against sums worked out by hand.

use super::fixtures::d;
use crate::bounds::Overflow;
use crate::deal::{forecast_by_month, DealStage, ForecastDeal, MonthForecast};

fn deal(amount: i64, stage: DealStage, close: &str) -> ForecastDeal {
    ForecastDeal {
        amount,
        stage,
        expected_close_date: d(close),
    }
}

fn month(raw: &str, deals: u64, amount: i64, weighted_amount: i64) -> MonthForecast {
    MonthForecast {
        month: raw.parse().unwrap(),
        deals,
        amount,
        weighted_amount,
    }
}

#[test]
fn open_deals_are_summed_by_month_of_expected_close_from_rounded_weights() {
    use DealStage::*;
    let deals = [
        deal(5, Lead, "2026-12-31"),              // 0.5 -> 1
        deal(200_000, Negotiation, "2026-06-15"), // 150,000
        deal(10_001, Qualified, "2026-04-10"),    // 2,500.25 -> 2,500
        deal(500_000, ClosedWon, "2026-04-20"),   // closed: left out
        deal(10_001, Proposal, "2026-04-30"),     // 5,000.5 -> 5,001
        deal(70_000, ClosedLost, "2026-05-01"),   // closed: left out
        deal(3, Lead, "2026-04-01"),              // 0.3 -> 0
        deal(5, Lead, "2026-12-01"),              // 0.5 -> 1
    ];
    assert_eq!(
        forecast_by_month(deals),
        Ok(vec![
            // 2,500 + 5,001 + 0
            month("2026-04", 3, 20_005, 7_501),
            month("2026-06", 1, 200_000, 150_000),
            // 1 + 1: the sum of rounded figures, not 0.5 + 0.5 rounded (1).
            month("2026-12", 2, 10, 2),
        ])
    );
}

#[test]
fn no_open_deal_no_forecast() {
    assert_eq!(forecast_by_month([]), Ok(vec![]));
    let closed = deal(100, DealStage::ClosedWon, "2026-04-01");
    assert_eq!(forecast_by_month([closed]), Ok(vec![]));
}

#[test]
fn a_month_whose_sum_does_not_fit_is_an_overflow() {
    let huge = [
        deal(i64::MAX, DealStage::Lead, "2026-04-01"),
        deal(1, DealStage::Lead, "2026-04-02"),
    ];
    assert_eq!(
        forecast_by_month(huge),
        Err(Overflow::of("forecast amount"))
    );
}

#[test]
fn a_month_serializes_in_the_dashboard_shape() {
    let json = serde_json::to_value(month("2026-12", 2, 10, 2)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"month": "2026-12", "deals": 2, "amount": 10, "weighted_amount": 2})
    );
}
