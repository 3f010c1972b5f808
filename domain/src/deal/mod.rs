//! Deals: the sales pipeline's aggregate [`Deal`], its values, and the pure rules of the ops
//! dashboard (SPEC 5; docs/deals.md).
//!
//! # Lifecycle
//!
//! A deal is created in an open stage (`lead` by default) and moves between the open stages
//! `lead` (10 %), `qualified` (25 %), `proposal` (50 %) and `negotiation` (75 %) in any order.
//! It closes by being won (`closed_won`, 100 %) or lost with a [`LossReason`]
//! (`closed_lost`, 0 %) on its `closed_on` day, and a closed deal can be reopened into an
//! open stage (which clears `closed_on`). Its fields change in any stage. Winning makes a
//! draft IO, linked back with `LinkIo`, once: reopening keeps the link.
//!
//! # Commands ([`DealCommand`]) and events ([`DealEvent`], all version "1")
//!
//! | command | allowed | events |
//! |---|---|---|
//! | `CreateDeal` | new deal | `DealCreated` |
//! | `UpdateDeal` | any stage | `DealUpdated`, or nothing when nothing changes |
//! | `MoveStage` | open | `DealStageMoved`, or nothing to the same stage |
//! | `WinDeal` | open | `DealWon` |
//! | `LoseDeal` | open, reason required | `DealLost` |
//! | `ReopenDeal` | closed | `DealReopened` |
//! | `LinkIo` | ever won; idempotent | `DealIoLinked`, or nothing for the same IO |
//!
//! # Errors ([`DealError`])
//!
//! `Invalid` (422, every violation with its field), `InvalidTransition` (409),
//! `IoAlreadyLinked` (409), `NotFound` (404), `AlreadyExists`, `CatalogUnavailable` (503).
//!
//! # Rules
//!
//! [`weighted_amount`], [`cycle_days`], [`win_rate`], [`average_cycle_days`],
//! [`win_loss_window`], [`win_loss`], [`deal_alerts`], [`forecast_by_month`] and
//! [`pipeline_by_stage`].

mod aggregate;
mod alerts;
mod amount;
mod apply;
mod commands;
mod details;
mod draft_io;
mod error;
mod events;
mod field_rules;
mod forecast;
mod handle_close;
mod handle_create;
mod handle_link;
mod handle_stage;
mod input;
mod month;
mod pipeline;
mod rules;
mod services;
mod stage;
mod state;
mod win_loss;

#[cfg(test)]
mod tests;

pub use aggregate::Deal;
pub use alerts::{deal_alerts, Alert, AlertFacts, AlertKind, STALE_AFTER_DAYS};
pub use amount::DealAmount;
pub use commands::DealCommand;
pub use details::{DealDetails, NewDeal};
pub use draft_io::draft_io_id;
pub use error::DealError;
pub use events::DealEvent;
pub use field_rules::{MAX_DEAL_NAME_CHARS, MAX_DEAL_SHOWS, MAX_OWNER_CHARS};
pub use forecast::{forecast_by_month, ForecastDeal, MonthForecast};
pub use input::{DealInput, DealPatch};
pub use month::Month;
pub use pipeline::{pipeline_by_stage, StageTotal};
pub use rules::{
    average_cycle_days, cycle_days, weighted_amount, win_loss_window, win_rate,
    WIN_LOSS_WINDOW_DAYS,
};
pub use services::DealServices;
pub use stage::{DealStage, LossReason};
pub use state::{DealState, Loss, StageEntry};
pub use win_loss::{win_loss, ClosedDeal, LossReasonTotal, Outcome, WinLoss};
