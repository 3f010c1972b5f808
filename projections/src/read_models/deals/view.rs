//! The deal list item and the deal detail, rendered from the `rm_deals` columns with the
//! domain's figures (probability, weighted amount).

use chrono::{DateTime, NaiveDate, Utc};
use cuepoint_domain::deal::{weighted_amount, DealStage, LossReason};
use serde::Serialize;

use super::decode::parse;

/// A deal as the list shows it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DealSummary {
    /// The deal id.
    pub id: String,
    /// The aggregate version this reflects.
    pub version: i64,
    /// The advertiser the deal is with.
    pub advertiser_id: String,
    /// What the deal is called.
    pub name: String,
    /// What it is worth, in minor units of `currency`.
    pub amount: i64,
    /// ISO-4217 (the tenant's).
    pub currency: String,
    /// Where it stands.
    pub stage: DealStage,
    /// The chance of winning it in its stage, as a ratio (0.25 for `qualified`).
    pub probability: f64,
    /// `amount × probability`, rounded once (`weighted_amount`).
    pub weighted_amount: i64,
    /// Who on the sales team owns it.
    pub owner: String,
    /// The shows it is about.
    pub show_ids: Vec<String>,
    /// The day it is expected to close.
    pub expected_close_date: NaiveDate,
    /// The day it was created.
    pub created_on: NaiveDate,
    /// The day it closed, while it is closed.
    pub closed_on: Option<NaiveDate>,
    /// Why it was lost, while it is closed lost.
    pub loss_reason: Option<LossReason>,
    /// The draft IO made when it was won (kept when reopened).
    pub io_id: Option<String>,
    /// The latest of `created_on` and the days of its later events.
    pub last_activity_on: NaiveDate,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A stage the deal entered.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct StageView {
    /// The stage.
    pub stage: DealStage,
    /// The day it entered it: `created_on` for the first stage, `closed_on` for a closed
    /// one, else the day of the move or reopening.
    pub entered_on: NaiveDate,
}

/// A deal with its loss note and stage history.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DealDetail {
    /// The fields of the list item.
    #[serde(flatten)]
    pub deal: DealSummary,
    /// The note given when it was lost, while it is closed lost.
    pub loss_note: Option<String>,
    /// Every stage it entered, oldest first (the current one last).
    pub stage_history: Vec<StageView>,
}

/// The `rm_deals` columns of a list item or detail.
#[derive(sqlx::FromRow)]
pub(super) struct DealRow {
    deal_id: String,
    version: i64,
    advertiser_id: String,
    name: String,
    amount: i64,
    currency: String,
    stage: String,
    owner: String,
    show_ids: Vec<String>,
    expected_close_date: NaiveDate,
    created_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    loss_reason: Option<String>,
    pub(super) loss_note: Option<String>,
    io_id: Option<String>,
    last_activity_on: NaiveDate,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The columns [`DealRow`] reads.
pub(super) const DEAL_COLUMNS: &str = "deal_id, version, advertiser_id, name, amount, currency,
    stage, owner, show_ids, expected_close_date, created_on, closed_on, loss_reason, loss_note,
    io_id, last_activity_on, created_at, updated_at";

impl DealRow {
    /// The list item, with the figures of its stage.
    pub(super) fn summary(self) -> sqlx::Result<DealSummary> {
        let stage: DealStage = parse(&self.stage)?;
        Ok(DealSummary {
            id: self.deal_id,
            version: self.version,
            advertiser_id: self.advertiser_id,
            name: self.name,
            amount: self.amount,
            currency: self.currency,
            stage,
            probability: f64::from(stage.probability_pct()) / 100.0,
            weighted_amount: weighted_amount(self.amount, stage),
            owner: self.owner,
            show_ids: self.show_ids,
            expected_close_date: self.expected_close_date,
            created_on: self.created_on,
            closed_on: self.closed_on,
            loss_reason: self.loss_reason.as_deref().map(parse).transpose()?,
            io_id: self.io_id,
            last_activity_on: self.last_activity_on,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
