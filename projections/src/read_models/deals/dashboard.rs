//! The deal figures of the ops dashboard as of a day (SPEC 5 and 7): the weighted forecast,
//! win/loss over the 90-day window and the alerts. The forecast is read as the projection
//! keeps it (`rm_deal_forecast`, by `forecast_by_month`); for the others SQL only selects
//! the rows each figure is about (the open deals an alert can hold for; the deals closed in
//! the window, by the domain's `win_loss_window`), and the figure is the domain's rule
//! applied to those rows.

use chrono::{Days, NaiveDate};
use cuepoint_domain::deal::{
    deal_alerts, win_loss, win_loss_window, AlertFacts, AlertKind, ClosedDeal, DealStage,
    LossReason, MonthForecast, Outcome, WinLoss, STALE_AFTER_DAYS,
};
use serde::Serialize;
use sqlx::PgPool;

use super::decode::parse;
use super::forecast::stored_forecast;
use crate::read_models::overflow;

/// An alert on an open deal, as of the day asked.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
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

/// An open deal that may have an alert as of the day asked.
#[derive(sqlx::FromRow)]
struct AlertRow {
    deal_id: String,
    name: String,
    stage: String,
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
/// `as_of` places the window and the day the alerts are judged on (the forecast is of the
/// open deals, whatever the day). The three reads run side by side, each on a connection
/// of its own.
pub async fn deal_figures(
    pool: &PgPool,
    tenant_id: &str,
    as_of: NaiveDate,
) -> sqlx::Result<DealFigures> {
    let forecast = stored_forecast(pool, tenant_id);
    let alerting = deal_alerts_as_of(pool, tenant_id, as_of);
    let window = win_loss_window(as_of);
    let closed = sqlx::query_as::<_, ClosedRow>(
        "SELECT stage, amount, created_on, closed_on, loss_reason
           FROM rm_deals WHERE tenant_id = $1 AND closed_on BETWEEN $2 AND $3",
    )
    .bind(tenant_id)
    .bind(window.start())
    .bind(window.end())
    .fetch_all(pool);
    let (forecast, alerting, closed) = tokio::try_join!(forecast, alerting, closed)?;

    let closed = (closed.into_iter())
        .map(ClosedRow::closed_deal)
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(DealFigures {
        forecast,
        win_loss: win_loss(as_of, closed.into_iter().flatten()).map_err(overflow)?,
        alerts: alerting,
    })
}

/// The alerts of the tenant's open deals as of `as_of`, by `deal_alerts`, oldest `since`
/// first, then stale before overdue, then by deal id: what the ops dashboard shows and
/// the pipeline-alerts job raises.
pub async fn deal_alerts_as_of(
    pool: &PgPool,
    tenant_id: &str,
    as_of: NaiveDate,
) -> sqlx::Result<Vec<DealAlert>> {
    let open_stages: Vec<&str> = DealStage::OPEN.iter().map(DealStage::as_str).collect();
    // Only the open deals an alert can hold for are read: last active on or before
    // as_of - 14 days, or expected to close before as_of; `deal_alerts` decides. (An open
    // deal has no closed_on: the partial indexes of that predicate find them.) Each side of
    // the OR is read through its own covering index, the second without the deals the
    // first has, so that no deal is read twice.
    let stale_cutoff = as_of.checked_sub_days(Days::new(STALE_AFTER_DAYS));
    let rows = sqlx::query_as::<_, AlertRow>(
        "SELECT deal_id, name, stage, expected_close_date, last_activity_on FROM rm_deals
          WHERE tenant_id = $1 AND closed_on IS NULL AND stage = ANY($2)
            AND last_activity_on <= $3::date
         UNION ALL
         SELECT deal_id, name, stage, expected_close_date, last_activity_on FROM rm_deals
          WHERE tenant_id = $1 AND closed_on IS NULL AND stage = ANY($2)
            AND expected_close_date < $4 AND ($3::date IS NULL OR last_activity_on > $3)",
    )
    .bind(tenant_id)
    .bind(&open_stages)
    .bind(stale_cutoff)
    .bind(as_of)
    .fetch_all(pool)
    .await?;
    alerts(as_of, rows)
}

/// The alerts of `rows` as of `as_of`, by `deal_alerts`, in the dashboard's order.
fn alerts(as_of: NaiveDate, rows: Vec<AlertRow>) -> sqlx::Result<Vec<DealAlert>> {
    let mut alerts = Vec::new();
    for row in rows {
        let facts = AlertFacts {
            stage: parse(&row.stage)?,
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
    Ok(alerts)
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
