//! The pipeline's figures against numbers worked out by hand.

use chrono::NaiveDate;

use super::fixtures::d;
use crate::bounds::MAX_AMOUNT;
use crate::deal::{
    average_cycle_days, cycle_days, weighted_amount, win_loss_window, win_rate, DealStage,
};

#[test]
fn the_weighted_amount_is_rounded_once_half_away_from_zero() {
    use DealStage::*;
    // 10,001 minor units at each probability.
    assert_eq!(weighted_amount(10_001, Lead), 1_000); // 1,000.1
    assert_eq!(weighted_amount(10_001, Qualified), 2_500); // 2,500.25
    assert_eq!(weighted_amount(10_001, Proposal), 5_001); // 5,000.5
    assert_eq!(weighted_amount(10_001, Negotiation), 7_501); // 7,500.75
    assert_eq!(weighted_amount(10_001, ClosedWon), 10_001);
    assert_eq!(weighted_amount(10_001, ClosedLost), 0);
    // Halves go away from zero; less than a half goes to zero.
    assert_eq!(weighted_amount(5, Lead), 1); // 0.5
    assert_eq!(weighted_amount(2, Qualified), 1); // 0.5
    assert_eq!(weighted_amount(1, Qualified), 0); // 0.25
    assert_eq!(weighted_amount(-10_001, Proposal), -5_001); // -5,000.5
                                                            // The largest amount is exact.
    assert_eq!(weighted_amount(MAX_AMOUNT, Negotiation), 7_500_000_000_000);
    assert_eq!(weighted_amount(i64::MAX, ClosedWon), i64::MAX);
    assert_eq!(weighted_amount(i64::MIN, ClosedWon), i64::MIN);
}

#[test]
fn cycle_time_counts_days_from_creation_to_close() {
    assert_eq!(cycle_days(d("2026-03-02"), d("2026-03-02")), 0);
    // 16 days to 31 January, 28 in February, 12 in March.
    assert_eq!(cycle_days(d("2026-01-15"), d("2026-03-12")), 56);
    assert_eq!(cycle_days(d("2024-02-28"), d("2024-03-01")), 2); // leap day
    assert_eq!(cycle_days(d("2025-12-20"), d("2026-01-01")), 12);
}

#[test]
fn the_win_rate_is_won_over_closed_and_absent_when_none_closed() {
    assert_eq!(win_rate(3, 2), Some(0.6));
    assert_eq!(win_rate(0, 4), Some(0.0));
    assert_eq!(win_rate(4, 0), Some(1.0));
    assert_eq!(win_rate(1, 2), Some(1.0 / 3.0));
    assert_eq!(win_rate(0, 0), None);
    assert_eq!(win_rate(u64::MAX, u64::MAX), Some(0.5));
}

#[test]
fn the_average_cycle_is_the_unrounded_mean() {
    assert_eq!(average_cycle_days([56, 0, 7]), Some(21.0));
    assert_eq!(average_cycle_days([1, 2]), Some(1.5));
    assert_eq!(average_cycle_days([]), None);
}

#[test]
fn the_win_loss_window_is_the_90_days_through_as_of() {
    // 31 days of January, 28 of February, 31 of March.
    let window = win_loss_window(d("2026-03-31"));
    assert_eq!(window, d("2026-01-01")..=d("2026-03-31"));
    assert!(window.contains(&d("2026-01-01")));
    assert!(window.contains(&d("2026-03-31")));
    assert!(!window.contains(&d("2025-12-31")));
    assert!(!window.contains(&d("2026-04-01")));
    let days = (*window.end() - *window.start()).num_days() + 1;
    assert_eq!(days, 90);
    let earliest = win_loss_window(NaiveDate::MIN);
    assert_eq!(*earliest.start(), NaiveDate::MIN);
}
