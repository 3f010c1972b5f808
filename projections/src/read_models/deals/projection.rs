//! The `deals` projection: folds each deal's events with the aggregate's own `apply` (the
//! domain's one rule for stage history days, the last activity day and what reopening
//! clears), stores the folded aggregate (`rm_deal_states`), the columns that the list, the
//! pipeline and the ops dashboard read (`rm_deals`), and the stages it entered
//! (`rm_deal_stages`), and keeps the forecast by month ready (`rm_deal_forecast`).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::Aggregate;
use cuepoint_domain::deal::{Deal, DealState, Month};
use serde_json::Value;
use sqlx::PgConnection;

use super::forecast;
use crate::read_models::folded::{fold_batch, Folded};
use crate::{Projection, RecordedEvent};

/// The folded aggregates.
const STATES: &str = "rm_deal_states";
/// The deals table.
const DEALS: &str = "rm_deals";
/// The stage history table.
const STAGES: &str = "rm_deal_stages";
/// The forecast by month.
const FORECAST: &str = "rm_deal_forecast";

/// Builds `rm_deal_states`, `rm_deals`, `rm_deal_stages` and `rm_deal_forecast`.
pub struct DealsProjection;

#[async_trait]
impl Projection for DealsProjection {
    fn name(&self) -> &'static str {
        "deals"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[Deal::TYPE]
    }

    fn tables(&self) -> &'static [&'static str] {
        &[STATES, DEALS, STAGES, FORECAST]
    }

    /// Loads the batch's deals once, applies every event newer than the stored version,
    /// writes each changed deal once with its stage history, then recomputes the forecast
    /// of every month a changed deal left or entered.
    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        let folded = fold_batch::<Deal>(conn, STATES, "deal_id", events).await?;
        let changed: Vec<Row> = (folded.iter())
            .filter(|(_, stored)| stored.changed)
            .filter_map(|((tenant_id, id), stored)| {
                let state = stored.aggregate.state()?;
                Some(Row::new(tenant_id, id, stored, state))
            })
            .collect::<anyhow::Result<_>>()?;
        let keys: Vec<(&str, &str)> = changed.iter().map(|r| (r.tenant_id, r.id)).collect();
        let mut months = forecast::stored_months(conn, &keys).await?;
        upsert_states(conn, &changed).await?;
        upsert_deals(conn, &changed).await?;
        upsert_stages(conn, &changed).await?;
        let expected = |r: &Row| Month::of(r.deal.details.expected_close_date);
        months.extend(
            changed
                .iter()
                .map(|r| (r.tenant_id.to_string(), expected(r))),
        );
        forecast::refresh(conn, &months).await?;
        Ok(())
    }
}

/// The columns of one deal, and its state for the stage history.
struct Row<'a> {
    tenant_id: &'a str,
    id: &'a str,
    version: i64,
    deal: &'a DealState,
    show_ids: Value,
    aggregate: Value,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl<'a> Row<'a> {
    fn new(
        tenant_id: &'a str,
        id: &'a str,
        stored: &'a Folded<Deal>,
        deal: &'a DealState,
    ) -> anyhow::Result<Row<'a>> {
        let show_ids: Vec<&str> = deal.details.show_ids.iter().map(|s| s.as_str()).collect();
        Ok(Row {
            tenant_id,
            id,
            version: stored.version,
            deal,
            show_ids: serde_json::to_value(show_ids)?,
            aggregate: serde_json::to_value(&stored.aggregate)?,
            created_at: stored.created_at,
            updated_at: stored.updated_at,
        })
    }
}

/// One column of every row.
fn column<'r, T>(rows: &'r [Row<'_>], value: impl Fn(&'r Row<'_>) -> T) -> Vec<T> {
    rows.iter().map(value).collect()
}

/// One statement for the batch's folded deals.
async fn upsert_states(conn: &mut PgConnection, rows: &[Row<'_>]) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO rm_deal_states (tenant_id, deal_id, version, state, created_at, updated_at)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::jsonb[],
                              $5::timestamptz[], $6::timestamptz[])
         ON CONFLICT (tenant_id, deal_id) DO UPDATE
            SET version = EXCLUDED.version, state = EXCLUDED.state,
                updated_at = EXCLUDED.updated_at
          WHERE rm_deal_states.version < EXCLUDED.version",
    )
    .bind(column(rows, |r| r.tenant_id))
    .bind(column(rows, |r| r.id))
    .bind(column(rows, |r| r.version))
    .bind(column(rows, |r| &r.aggregate))
    .bind(column(rows, |r| r.created_at))
    .bind(column(rows, |r| r.updated_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// One statement for the batch's deals. `show_ids` travel as JSON arrays (a `text[][]`
/// parameter cannot be unnested row by row).
async fn upsert_deals(conn: &mut PgConnection, rows: &[Row<'_>]) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO rm_deals (tenant_id, deal_id, version, advertiser_id, name, amount,
                               currency, stage, owner, show_ids, expected_close_date,
                               created_on, closed_on, loss_reason, loss_note, io_id,
                               last_activity_on, created_at, updated_at)
         SELECT t, i, v, a, n, am, cu, st, o, ARRAY(SELECT jsonb_array_elements_text(sh)),
                ec, cr, cl, lr, ln, io, la, ca, ua
           FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[],
                       $6::int8[], $7::text[], $8::text[], $9::text[], $10::jsonb[],
                       $11::date[], $12::date[], $13::date[], $14::text[], $15::text[],
                       $16::text[], $17::date[], $18::timestamptz[], $19::timestamptz[])
             AS batch(t, i, v, a, n, am, cu, st, o, sh, ec, cr, cl, lr, ln, io, la, ca, ua)
         ON CONFLICT (tenant_id, deal_id) DO UPDATE
            SET version = EXCLUDED.version, advertiser_id = EXCLUDED.advertiser_id,
                name = EXCLUDED.name, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
                stage = EXCLUDED.stage, owner = EXCLUDED.owner, show_ids = EXCLUDED.show_ids,
                expected_close_date = EXCLUDED.expected_close_date,
                created_on = EXCLUDED.created_on, closed_on = EXCLUDED.closed_on,
                loss_reason = EXCLUDED.loss_reason, loss_note = EXCLUDED.loss_note,
                io_id = EXCLUDED.io_id, last_activity_on = EXCLUDED.last_activity_on,
                updated_at = EXCLUDED.updated_at
          WHERE rm_deals.version < EXCLUDED.version",
    )
    .bind(column(rows, |r| r.tenant_id))
    .bind(column(rows, |r| r.id))
    .bind(column(rows, |r| r.version))
    .bind(column(rows, |r| r.deal.details.advertiser_id.as_str()))
    .bind(column(rows, |r| r.deal.details.name.as_str()))
    .bind(column(rows, |r| r.deal.amount()))
    .bind(column(rows, |r| r.deal.details.currency.as_str()))
    .bind(column(rows, |r| r.deal.stage.as_str()))
    .bind(column(rows, |r| r.deal.details.owner.as_str()))
    .bind(column(rows, |r| &r.show_ids))
    .bind(column(rows, |r| r.deal.details.expected_close_date))
    .bind(column(rows, |r| r.deal.created_on))
    .bind(column(rows, |r| r.deal.closed_on))
    .bind(column(rows, |r| {
        r.deal.loss.as_ref().map(|l| l.reason.as_str())
    }))
    .bind(column(rows, |r| {
        r.deal.loss.as_ref().and_then(|l| l.note.as_deref())
    }))
    .bind(column(rows, |r| {
        r.deal.io_id.as_ref().map(|io| io.as_str())
    }))
    .bind(column(rows, |r| r.deal.last_activity_on))
    .bind(column(rows, |r| r.created_at))
    .bind(column(rows, |r| r.updated_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// Every stage entry of the batch's deals. The history only grows, so the entries already
/// stored are equal and left as they are: only new entries are written.
async fn upsert_stages(conn: &mut PgConnection, rows: &[Row<'_>]) -> sqlx::Result<()> {
    let entries: Vec<(&str, &str, i32, &str, NaiveDate)> = (rows.iter())
        .flat_map(|row| {
            (row.deal.stage_history.iter().zip(1..)).map(move |(entry, seq)| {
                let stage = entry.stage.as_str();
                (row.tenant_id, row.id, seq, stage, entry.from)
            })
        })
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO rm_deal_stages (tenant_id, deal_id, seq, stage, entered_on)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::int4[], $4::text[], $5::date[])
         ON CONFLICT (tenant_id, deal_id, seq) DO UPDATE
            SET stage = EXCLUDED.stage, entered_on = EXCLUDED.entered_on
          WHERE (rm_deal_stages.stage, rm_deal_stages.entered_on)
                IS DISTINCT FROM (EXCLUDED.stage, EXCLUDED.entered_on)",
    )
    .bind(entries.iter().map(|e| e.0).collect::<Vec<_>>())
    .bind(entries.iter().map(|e| e.1).collect::<Vec<_>>())
    .bind(entries.iter().map(|e| e.2).collect::<Vec<_>>())
    .bind(entries.iter().map(|e| e.3).collect::<Vec<_>>())
    .bind(entries.iter().map(|e| e.4).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}
