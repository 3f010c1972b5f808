//! Deals: the sales pipeline's values and the pure rules of the ops dashboard (SPEC 5).
//!
//! # Rules
//!
//! [`weighted_amount`], [`cycle_days`], [`win_rate`], [`average_cycle_days`],
//! [`win_loss_window`], [`win_loss`], [`deal_alerts`] and [`forecast_by_month`].

mod alerts;
mod amount;
mod forecast;
mod month;
mod rules;
mod stage;
mod win_loss;

#[cfg(test)]
mod tests;

pub use alerts::{deal_alerts, Alert, AlertFacts, AlertKind, STALE_AFTER_DAYS};
pub use amount::DealAmount;
pub use forecast::{forecast_by_month, ForecastDeal, MonthForecast};
pub use month::Month;
pub use rules::{
    average_cycle_days, cycle_days, weighted_amount, win_loss_window, win_rate,
    WIN_LOSS_WINDOW_DAYS,
};
pub use stage::{DealStage, LossReason};
pub use win_loss::{win_loss, ClosedDeal, LossReasonTotal, Outcome, WinLoss};
