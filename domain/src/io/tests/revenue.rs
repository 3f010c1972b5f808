//! Revenue recognition against figures worked out by hand.

use serde_json::json;

use super::fixtures::{cpm_line_input, d, flat_line_input, line};
use crate::io::{revenue_in_window, revenue_through, ExactAmount, LineItem, LineItemInput};

/// A flat fee of 1,000.00 over 2026-03-01..=2026-03-30.
fn flat_30_days() -> LineItem {
    let input: LineItemInput = serde_json::from_value(json!({
        "show_id": "show-1", "placement": "post", "format": "programmatic",
        "flight": {"start": "2026-03-01", "end": "2026-03-30"},
        "pricing": {"type": "flat", "fee": 100000}
    }))
    .unwrap();
    line(3, &input)
}

#[test]
fn cpm_revenue_is_delivered_capped_at_goal_times_cpm() {
    let cpm = line(1, &cpm_line_input()); // CPM 25.00, goal 30,000
                                          // 9,000 * 2,500 / 1,000 = 22,500 (225.00).
    assert_eq!(
        revenue_through(&cpm, 9_000, d("2026-03-10")).round(),
        Ok(22_500)
    );
    // Over-delivery is not billed: min(40,000, 30,000) * 2,500 / 1,000 = 75,000.
    assert_eq!(
        revenue_through(&cpm, 40_000, d("2026-04-10")).round(),
        Ok(75_000)
    );
    // 1,001 impressions: 2,502.5 exactly, kept as a fraction.
    let exact = revenue_through(&cpm, 1_001, d("2026-03-02"));
    assert_eq!((exact.numerator(), exact.denominator()), (2_502_500, 1_000));
    assert_eq!(exact.round(), Ok(2_503));
}

#[test]
fn flat_revenue_is_fee_times_elapsed_over_flight_days() {
    let flat = line(2, &flat_line_input()); // 1,500.00 over 2026-03-10..=03-19 (10 days)
    assert_eq!(revenue_through(&flat, 0, d("2026-03-09")).round(), Ok(0));
    assert_eq!(
        revenue_through(&flat, 0, d("2026-03-12")).round(),
        Ok(45_000)
    ); // 3/10
    assert_eq!(
        revenue_through(&flat, 0, d("2026-05-01")).round(),
        Ok(150_000)
    );
}

#[test]
fn a_window_is_exact_through_its_end_minus_exact_before_it_rounded_once() {
    let flat = flat_30_days();
    // Days 11..=20: 100,000 * 20 / 30 - 100,000 * 10 / 30 = 33,333.33 -> 33,333.
    // (Rounding each side first would give 66,667 - 33,333 = 33,334.)
    assert_eq!(
        revenue_in_window(&flat, d("2026-03-11"), d("2026-03-20"), 0, 0),
        Ok(33_333)
    );
    // The last 30 days as of 2026-03-31 cover the whole flight.
    assert_eq!(
        revenue_in_window(&flat, d("2026-03-02"), d("2026-03-31"), 0, 0),
        Ok(100_000 - 3_333)
    );
    let cpm = line(1, &cpm_line_input());
    // 2,502.5 - 2.5 = 2,500 (delivered 1,001 through the end, 1 before the start).
    assert_eq!(
        revenue_in_window(&cpm, d("2026-03-02"), d("2026-03-31"), 1_001, 1),
        Ok(2_500)
    );
    // 1,003 - 1 impressions: 2,507.5 - 2.5 = 2,505.0; beyond the goal nothing more is billed.
    assert_eq!(
        revenue_in_window(&cpm, d("2026-03-02"), d("2026-03-31"), 1_003, 1),
        Ok(2_505)
    );
    assert_eq!(
        revenue_in_window(&cpm, d("2026-04-01"), d("2026-04-30"), 35_000, 30_000),
        Ok(0)
    );
}

#[test]
fn exact_amounts_round_half_away_from_zero() {
    assert_eq!(ExactAmount::new(5, 2).round(), Ok(3));
    assert_eq!(ExactAmount::new(-5, 2).round(), Ok(-3));
    assert_eq!(ExactAmount::new(-12, 5).round(), Ok(-2));
    assert_eq!(ExactAmount::new(1, -2).round(), Ok(-1));
    assert_eq!(ExactAmount::new(7, 0).round(), Ok(0));
    assert_eq!(
        ExactAmount::new(1, 3).minus(ExactAmount::new(1, 2)),
        Ok(ExactAmount::new(-1, 6))
    );
    let huge = ExactAmount::new(i128::MAX, 1);
    assert!(huge.round().is_err());
    assert!(huge.minus(ExactAmount::new(-1, 1)).is_err());
    assert!(huge.minus(ExactAmount::new(1, 3)).is_err());
}
