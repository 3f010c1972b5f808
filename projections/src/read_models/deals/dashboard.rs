//! The deal figures of the ops dashboard as of a day (SPEC 5 and 7): the weighted forecast,
//! win/loss over the 90-day window and the alerts. SQL only selects the rows each figure
//! is about (the open deals; the deals closed in the window, by the domain's
//! `win_loss_window`); every figure is the domain's rule applied to those rows.

use chrono::NaiveDate;
use cuepoint_domain::deal::{
    deal_alerts, forecast_by_month, win_loss, win_loss_window, AlertFacts, AlertKind, ClosedDeal,
    DealStage, ForecastDeal, LossReason, MonthForecast, Outcome, WinLoss,
};
use serde::Serialize;
use sqlx::PgPool;

use super::decode::parse;
use crate::read_models::overflow;

/// An alert on an open deal, as of the day asked.
#[derive(Clone, Debug, Serialize)]
pub struct DealAlert {
    /// The deal.
    pub deal_id: String,
    /// Its name.
    pub deal_name: String,
    /// `stale` or `overdue`.
    pub kind: AlertKind,
    /// The first day on which the alert holds.
    pub since: NaiveDate,
}

/// The deal parts of the ops dashboard.
#[derive(Clone, Debug)]
pub struct DealFigures {
    /// The open deals by month of expected close, ascending.
    pub forecast: Vec<MonthForecast>,
    /// Deals closed in the 90 days through the day asked.
    pub win_loss: WinLoss,
    /// Alerts of the open deals: oldest `since` first, then stale before overdue, then by
    /// deal id.
    pub alerts: Vec<DealAlert>,
}

/// An open deal: what the forecast and the alerts need.
#[derive(sqlx::FromRow)]
struct OpenRow {
    deal_id: String,
    name: String,
    stage: String,
    amount: i64,
    expected_close_date: NaiveDate,
    last_activity_on: NaiveDate,
}

/// A closed deal: what win/loss needs.
#[derive(sqlx::FromRow)]
struct ClosedRow {
    stage: String,
    amount: i64,
    created_on: NaiveDate,
    closed_on: NaiveDate,
    loss_reason: Option<String>,
}

/// The tenant's forecast, win/loss and alerts as of `as_of`. The deals are as they are now:
/// `as_of` places the window and the day the alerts are judged on.
pub async fn deal_figures(
    pool: &PgPool,
    tenant_id: &str,
    as_of: NaiveDate,
) -> sqlx::Result<DealFigures> {
    let open_stages: Vec<&str> = DealStage::OPEN.iter().map(DealStage::as_str).collect();
    let window = win_loss_window(as_of);
    let open = sqlx::query_as::<_, OpenRow>(
        "SELECT deal_id, name, stage, amount, expected_close_date, last_activity_on
           FROM rm_deals WHERE tenant_id = $1 AND stage = ANY($2)",
    )
    .bind(tenant_id)
    .bind(&open_stages)
    .fetch_all(pool);
    let closed = sqlx::query_as::<_, ClosedRow>(
        "SELECT stage, amount, created_on, closed_on, loss_reason
           FROM rm_deals WHERE tenant_id = $1 AND closed_on BETWEEN $2 AND $3",
    )
    .bind(tenant_id)
    .bind(window.start())
    .bind(window.end())
    .fetch_all(pool);
    let (open, closed) = tokio::try_join!(open, closed)?;

    let mut forecast_deals = Vec::with_capacity(open.len());
    let mut alerts = Vec::new();
    for row in open {
        let stage: DealStage = parse(&row.stage)?;
        forecast_deals.push(ForecastDeal {
            amount: row.amount,
            stage,
            expected_close_date: row.expected_close_date,
        });
        let facts = AlertFacts {
            stage,
            last_activity_on: row.last_activity_on,
            expected_close_date: row.expected_close_date,
        };
        alerts.extend(
            deal_alerts(as_of, facts)
                .into_iter()
                .map(|alert| DealAlert {
                    deal_id: row.deal_id.clone(),
                    deal_name: row.name.clone(),
                    kind: alert.kind,
                    since: alert.since,
                }),
        );
    }
    alerts.sort_by(|a, b| (a.since, a.kind, &a.deal_id).cmp(&(b.since, b.kind, &b.deal_id)));
    let closed = (closed.into_iter())
        .map(ClosedRow::closed_deal)
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(DealFigures {
        forecast: forecast_by_month(forecast_deals).map_err(overflow)?,
        win_loss: win_loss(as_of, closed.into_iter().flatten()).map_err(overflow)?,
        alerts,
    })
}

impl ClosedRow {
    /// The closed deal win/loss counts, as `DealState::closed_deal` gives it: `None` for a
    /// row that is not closed won or closed lost with a reason.
    fn closed_deal(self) -> sqlx::Result<Option<ClosedDeal>> {
        let reason: Option<LossReason> = self.loss_reason.as_deref().map(parse).transpose()?;
        let outcome = match (parse::<DealStage>(&self.stage)?, reason) {
            (DealStage::ClosedWon, _) => Outcome::Won,
            (DealStage::ClosedLost, Some(reason)) => Outcome::Lost(reason),
            _ => return Ok(None),
        };
        Ok(Some(ClosedDeal {
            amount: self.amount,
            created_on: self.created_on,
            closed_on: self.closed_on,
            outcome,
        }))
    }
}
