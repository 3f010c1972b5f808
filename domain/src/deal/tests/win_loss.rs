//! Win/loss over the 90 days through as_of (2026-01-01 ..= 2026-03-31 for 2026-03-31),
//! against figures worked out by hand.

use super::fixtures::d;
use crate::deal::{win_loss, ClosedDeal, LossReason, LossReasonTotal, Outcome};

fn closed(amount: i64, created: &str, closed: &str, outcome: Outcome) -> ClosedDeal {
    ClosedDeal {
        amount,
        created_on: d(created),
        closed_on: d(closed),
        outcome,
    }
}

fn reason(reason: LossReason, deals: u64, amount: i64) -> LossReasonTotal {
    LossReasonTotal {
        reason,
        deals,
        amount,
    }
}

#[test]
fn deals_closed_on_the_windows_first_and_last_day_count_the_days_outside_do_not() {
    use LossReason::{Competitor, Price, Timing};
    use Outcome::{Lost, Won};
    let deals = [
        closed(100_000, "2025-12-20", "2026-01-01", Won), // first day; 12 days
        closed(50_000, "2026-03-01", "2026-03-31", Won),  // last day; 30 days
        closed(30_000, "2026-02-01", "2026-02-11", Lost(Price)), // 10 days
        closed(20_000, "2026-01-10", "2026-03-01", Lost(Timing)), // 50 days
        closed(10_000, "2026-03-20", "2026-03-20", Lost(Price)), // 0 days
        closed(999_999, "2025-11-01", "2025-12-31", Won), // the day before: out
        closed(7_000, "2026-03-01", "2026-04-01", Lost(Competitor)), // after as_of: out
    ];
    let report = win_loss(d("2026-03-31"), deals).unwrap();
    assert_eq!((report.from, report.to), (d("2026-01-01"), d("2026-03-31")));
    assert_eq!((report.won, report.lost), (2, 3));
    assert_eq!(report.win_rate, Some(0.4)); // 2 / 5
    assert_eq!(report.won_amount, 150_000);
    assert_eq!(report.lost_amount, 60_000);
    assert_eq!(report.average_cycle_days, Some(20.4)); // (12 + 30 + 10 + 50 + 0) / 5
    assert_eq!(
        report.loss_reasons,
        [reason(Price, 2, 40_000), reason(Timing, 1, 20_000)]
    );
}

#[test]
fn loss_reasons_rank_by_deals_then_amount_then_the_reasons_order() {
    use LossReason::{Competitor, NoBudget, Other, Timing};
    let lost = |amount, r| closed(amount, "2026-03-01", "2026-03-02", Outcome::Lost(r));
    let deals = [
        lost(5_000, NoBudget),
        lost(9_000, Timing),
        lost(5_000, Competitor),
        lost(1_000, Other),
        lost(1_000, Other),
    ];
    let report = win_loss(d("2026-03-31"), deals).unwrap();
    assert_eq!(
        report.loss_reasons,
        [
            reason(Other, 2, 2_000),
            reason(Timing, 1, 9_000),
            reason(Competitor, 1, 5_000),
            reason(NoBudget, 1, 5_000),
        ]
    );
    assert_eq!(report.win_rate, Some(0.0));
}

#[test]
fn nothing_closed_gives_zeros_and_nulls() {
    let report = win_loss(d("2026-03-31"), []).unwrap();
    assert_eq!((report.won, report.lost), (0, 0));
    assert_eq!(report.win_rate, None);
    assert_eq!(report.average_cycle_days, None);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "from": "2026-01-01", "to": "2026-03-31", "won": 0, "lost": 0,
            "win_rate": null, "won_amount": 0, "lost_amount": 0,
            "average_cycle_days": null, "loss_reasons": []
        })
    );
}
