//! Win/loss over a period (SPEC 5 and 7): deals closed in it by `closed_on`, won and lost,
//! the win rate, the amounts, the average cycle time and the loss reasons.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{average_cycle_days, cycle_days, win_loss_window, win_rate, LossReason};
use crate::bounds::{checked_sum, Overflow};

/// How a closed deal ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Won.
    Won,
    /// Lost, for this reason.
    Lost(LossReason),
}

/// What win/loss needs of a closed deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClosedDeal {
    /// Its amount, in minor units.
    pub amount: i64,
    /// The day it was created.
    pub created_on: NaiveDate,
    /// The day it closed.
    pub closed_on: NaiveDate,
    /// Won or lost.
    pub outcome: Outcome,
}

/// The lost deals of one reason.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct LossReasonTotal {
    /// The reason.
    pub reason: LossReason,
    /// How many deals were lost for it.
    pub deals: u64,
    /// The sum of their amounts, in minor units.
    pub amount: i64,
}

/// Win/loss of the deals closed in `from ..= to`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct WinLoss {
    /// The first day of the period.
    pub from: NaiveDate,
    /// The last day of the period.
    pub to: NaiveDate,
    /// Deals won in it.
    pub won: u64,
    /// Deals lost in it.
    pub lost: u64,
    /// `won / (won + lost)`; `None` when none closed.
    pub win_rate: Option<f64>,
    /// The sum of the won deals' amounts, in minor units.
    pub won_amount: i64,
    /// The sum of the lost deals' amounts, in minor units.
    pub lost_amount: i64,
    /// The mean cycle time of the deals closed in it, won and lost; `None` when none.
    pub average_cycle_days: Option<f64>,
    /// The lost deals by reason, only reasons that occur: most deals first, then the larger
    /// amount, then in the order of [`LossReason::ALL`].
    pub loss_reasons: Vec<LossReasonTotal>,
}

/// Win/loss over the 90 days through `as_of` ([`win_loss_window`]) of the closed deals among
/// `deals` (those closed outside the window are left out); an [`Overflow`] if a sum does not
/// fit.
pub fn win_loss(
    as_of: NaiveDate,
    deals: impl IntoIterator<Item = ClosedDeal>,
) -> Result<WinLoss, Overflow> {
    let window = win_loss_window(as_of);
    let closed: Vec<ClosedDeal> = (deals.into_iter())
        .filter(|d| window.contains(&d.closed_on))
        .collect();
    let won: Vec<i64> = (closed.iter())
        .filter(|d| d.outcome == Outcome::Won)
        .map(|d| d.amount)
        .collect();
    let mut by_reason: BTreeMap<LossReason, Vec<i64>> = BTreeMap::new();
    for deal in &closed {
        if let Outcome::Lost(reason) = deal.outcome {
            by_reason.entry(reason).or_default().push(deal.amount);
        }
    }
    let mut loss_reasons = (by_reason.into_iter())
        .map(|(reason, amounts)| {
            Ok(LossReasonTotal {
                reason,
                deals: amounts.len() as u64,
                amount: checked_sum(amounts, "lost amount")?,
            })
        })
        .collect::<Result<Vec<_>, Overflow>>()?;
    // A stable sort: equal counts and amounts stay in reason order (the map's order).
    loss_reasons.sort_by_key(|r| (Reverse(r.deals), Reverse(r.amount)));
    let lost = (closed.len() - won.len()) as u64;
    let won_count = won.len() as u64;
    Ok(WinLoss {
        from: *window.start(),
        to: *window.end(),
        won: won_count,
        lost,
        win_rate: win_rate(won_count, lost),
        won_amount: checked_sum(won, "won amount")?,
        lost_amount: checked_sum(loss_reasons.iter().map(|r| r.amount), "lost amount")?,
        average_cycle_days: average_cycle_days(
            closed.iter().map(|d| cycle_days(d.created_on, d.closed_on)),
        ),
        loss_reasons,
    })
}
