//! The weighted forecast kept ready for the ops dashboard (`rm_deal_forecast`): after each
//! batch, every month a changed deal left or entered is recomputed from that month's open
//! deals with the domain's `forecast_by_month`, so that the dashboard reads one row a month
//! instead of every open deal.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};
use cuepoint_domain::deal::{forecast_by_month, DealStage, ForecastDeal, Month, MonthForecast};
use sqlx::{PgConnection, PgPool};

use super::decode::parse;

/// A month of one tenant.
pub(super) type TenantMonth = (String, Month);

/// The first day of `month`.
fn first_day(month: Month) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(month.year(), month.month(), 1)
}

/// The months the deals `keys` (tenant, deal) were expected to close in before the batch.
pub(super) async fn stored_months(
    conn: &mut PgConnection,
    keys: &[(&str, &str)],
) -> sqlx::Result<BTreeSet<TenantMonth>> {
    let rows: Vec<(String, NaiveDate)> = sqlx::query_as(
        "SELECT d.tenant_id, d.expected_close_date FROM rm_deals d
           JOIN UNNEST($1::text[], $2::text[]) AS k(t, i)
             ON d.tenant_id = k.t AND d.deal_id = k.i",
    )
    .bind(keys.iter().map(|k| k.0).collect::<Vec<_>>())
    .bind(keys.iter().map(|k| k.1).collect::<Vec<_>>())
    .fetch_all(conn)
    .await?;
    Ok((rows.into_iter())
        .map(|(tenant, day)| (tenant, Month::of(day)))
        .collect())
}

/// Recomputes `months` from the open deals in `rm_deals`: one row per month that has any.
pub(super) async fn refresh(
    conn: &mut PgConnection,
    months: &BTreeSet<TenantMonth>,
) -> anyhow::Result<()> {
    if months.is_empty() {
        return Ok(());
    }
    let mut bounds = (Vec::new(), Vec::new(), Vec::new());
    for (tenant, month) in months {
        let start = first_day(*month).ok_or_else(|| anyhow::anyhow!("month {month}"))?;
        let end = (start.checked_add_months(Months::new(1))).unwrap_or(NaiveDate::MAX);
        bounds.0.push(tenant.as_str());
        bounds.1.push(start);
        bounds.2.push(end);
    }
    let open: Vec<&str> = DealStage::OPEN.iter().map(DealStage::as_str).collect();
    let rows: Vec<(String, String, i64, NaiveDate)> = sqlx::query_as(
        "SELECT d.tenant_id, d.stage, d.amount, d.expected_close_date FROM rm_deals d
           JOIN UNNEST($1::text[], $2::date[], $3::date[]) AS k(t, s, e)
             ON d.tenant_id = k.t AND d.expected_close_date >= k.s
            AND d.expected_close_date < k.e
          WHERE d.closed_on IS NULL AND d.stage = ANY($4)",
    )
    .bind(&bounds.0)
    .bind(&bounds.1)
    .bind(&bounds.2)
    .bind(&open)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_tenant: BTreeMap<String, Vec<ForecastDeal>> = BTreeMap::new();
    for (tenant, stage, amount, expected_close_date) in rows {
        by_tenant.entry(tenant).or_default().push(ForecastDeal {
            amount,
            stage: parse(&stage)?,
            expected_close_date,
        });
    }
    let mut fresh = Vec::new();
    for (tenant, deals) in by_tenant {
        for month in forecast_by_month(deals)? {
            let start = first_day(month.month).ok_or_else(|| anyhow::anyhow!("month"))?;
            fresh.push((tenant.clone(), start, month));
        }
    }
    sqlx::query(
        "DELETE FROM rm_deal_forecast f USING UNNEST($1::text[], $2::date[]) AS k(t, m)
          WHERE f.tenant_id = k.t AND f.month = k.m",
    )
    .bind(&bounds.0)
    .bind(&bounds.1)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO rm_deal_forecast (tenant_id, month, deals, amount, weighted_amount)
         SELECT * FROM UNNEST($1::text[], $2::date[], $3::int8[], $4::int8[], $5::int8[])",
    )
    .bind(fresh.iter().map(|f| f.0.as_str()).collect::<Vec<_>>())
    .bind(fresh.iter().map(|f| f.1).collect::<Vec<_>>())
    .bind(
        fresh
            .iter()
            .map(|f| i64::try_from(f.2.deals))
            .collect::<Result<Vec<_>, _>>()?,
    )
    .bind(fresh.iter().map(|f| f.2.amount).collect::<Vec<_>>())
    .bind(
        fresh
            .iter()
            .map(|f| f.2.weighted_amount)
            .collect::<Vec<_>>(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The tenant's forecast of the open deals by month of expected close, ascending.
pub(super) async fn stored_forecast(
    pool: &PgPool,
    tenant_id: &str,
) -> sqlx::Result<Vec<MonthForecast>> {
    let rows: Vec<(NaiveDate, i64, i64, i64)> = sqlx::query_as(
        "SELECT month, deals, amount, weighted_amount FROM rm_deal_forecast
          WHERE tenant_id = $1 ORDER BY month",
    )
    .bind(tenant_id)
    .fetch_all(pool)
    .await?;
    (rows.into_iter())
        .map(|(month, deals, amount, weighted_amount)| {
            Ok(MonthForecast {
                month: Month::of(month),
                deals: u64::try_from(deals).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                amount,
                weighted_amount,
            })
        })
        .collect()
}
