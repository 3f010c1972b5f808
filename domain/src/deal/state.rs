//! The folded state of an existing deal and the questions asked of it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    deal_alerts, weighted_amount, Alert, AlertFacts, ClosedDeal, DealDetails, DealStage,
    ForecastDeal, LossReason, Outcome,
};
use crate::ids::{IoId, TenantId};

/// A stage a deal entered, and the day it entered it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageEntry {
    /// The stage.
    pub stage: DealStage,
    /// The day the deal entered it: `created_on` for the first stage, `closed_on` for a
    /// closed stage, else the day of the move or reopening.
    pub from: NaiveDate,
}

/// Why a closed-lost deal was lost.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Loss {
    /// The reason.
    pub reason: LossReason,
    /// Free text.
    pub note: Option<String>,
}

/// The state of a created deal.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct DealState {
    /// The owning tenant.
    pub tenant_id: TenantId,
    /// Its fields.
    pub details: DealDetails,
    /// The stage it is in.
    pub stage: DealStage,
    /// Every stage it entered, oldest first (the current one last).
    pub stage_history: Vec<StageEntry>,
    /// The day it was created.
    pub created_on: NaiveDate,
    /// The day it closed, while it is closed.
    pub closed_on: Option<NaiveDate>,
    /// Why it was lost, while it is closed lost.
    pub loss: Option<Loss>,
    /// The draft IO made when it was won; kept when the deal is reopened.
    pub io_id: Option<IoId>,
    /// The latest of `created_on` and the days of its later events.
    pub last_activity_on: NaiveDate,
}

impl DealState {
    /// Whether the deal was ever won (reopened or not).
    pub fn was_won(&self) -> bool {
        (self.stage_history.iter()).any(|e| e.stage == DealStage::ClosedWon)
    }

    /// Its amount in minor units.
    pub fn amount(&self) -> i64 {
        self.details.amount.minor_units()
    }

    /// Its amount weighted by the probability of its stage, rounded once.
    pub fn weighted_amount(&self) -> i64 {
        weighted_amount(self.amount(), self.stage)
    }

    /// What the alerts are judged on.
    pub fn alert_facts(&self) -> AlertFacts {
        AlertFacts {
            stage: self.stage,
            last_activity_on: self.last_activity_on,
            expected_close_date: self.details.expected_close_date,
        }
    }

    /// Its alerts as of `as_of` (none once closed).
    pub fn alerts(&self, as_of: NaiveDate) -> Vec<Alert> {
        deal_alerts(as_of, self.alert_facts())
    }

    /// What the forecast needs of it.
    pub fn forecast_deal(&self) -> ForecastDeal {
        ForecastDeal {
            amount: self.amount(),
            stage: self.stage,
            expected_close_date: self.details.expected_close_date,
        }
    }

    /// What win/loss needs of it, while it is closed.
    pub fn closed_deal(&self) -> Option<ClosedDeal> {
        let outcome = match (self.stage, &self.loss) {
            (DealStage::ClosedWon, _) => Outcome::Won,
            (DealStage::ClosedLost, Some(loss)) => Outcome::Lost(loss.reason),
            _ => return None,
        };
        Some(ClosedDeal {
            amount: self.amount(),
            created_on: self.created_on,
            closed_on: self.closed_on?,
            outcome,
        })
    }
}
