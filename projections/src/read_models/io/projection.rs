//! The `io` projection: folds each IO's events with the aggregate's own `apply` and stores
//! the resulting state beside the columns the list filters on.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::Aggregate;
use cuepoint_domain::io::{IoBooking, IoState, Stage};
use serde_json::Value;
use sqlx::PgConnection;

use crate::read_models::folded::{fold_batch, Folded};
use crate::{Projection, RecordedEvent};

/// The read-model table.
pub(super) const TABLE: &str = "rm_ios";

/// Builds `rm_ios`.
pub struct IoProjection;

#[async_trait]
impl Projection for IoProjection {
    fn name(&self) -> &'static str {
        "io"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[IoBooking::TYPE]
    }

    fn tables(&self) -> &'static [&'static str] {
        &[TABLE]
    }

    /// Loads the batch's IOs once, applies every event newer than the stored version, and
    /// upserts each IO once.
    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        let rows = fold_batch::<IoBooking>(conn, TABLE, "io_id", events).await?;
        let changed: Vec<Row> = rows
            .iter()
            .filter(|(_, stored)| stored.changed)
            .filter_map(|((tenant_id, id), stored)| {
                let state = stored.aggregate.state()?;
                Some(Row::new(tenant_id, id, stored, state))
            })
            .collect::<anyhow::Result<_>>()?;
        upsert(conn, &changed).await?;
        Ok(())
    }
}

/// The columns of one IO.
struct Row<'a> {
    tenant_id: &'a str,
    id: &'a str,
    version: i64,
    advertiser_id: &'a str,
    stage: &'static str,
    show_ids: Value,
    first_start: Option<NaiveDate>,
    last_end: Option<NaiveDate>,
    state: Value,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl<'a> Row<'a> {
    fn new(
        tenant_id: &'a str,
        id: &'a str,
        stored: &'a Folded<IoBooking>,
        state: &'a IoState,
    ) -> anyhow::Result<Row<'a>> {
        let mut show_ids: Vec<&str> = (state.line_items.iter())
            .map(|l| l.show_id().as_str())
            .collect();
        show_ids.sort_unstable();
        show_ids.dedup();
        let flights = state.line_items.iter().map(|l| l.flight());
        Ok(Row {
            tenant_id,
            id,
            version: stored.version,
            advertiser_id: state.header.advertiser_id.as_str(),
            stage: stage_name(state.stage),
            show_ids: serde_json::to_value(show_ids)?,
            first_start: flights.clone().map(|f| f.start()).min(),
            last_end: flights.map(|f| f.end()).max(),
            state: serde_json::to_value(&stored.aggregate)?,
            created_at: stored.created_at,
            updated_at: stored.updated_at,
        })
    }
}

/// The stage as the `stage` column holds it.
pub(super) fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft => "draft",
        Stage::Sent => "sent",
        Stage::Signed => "signed",
        Stage::Cancelled => "cancelled",
    }
}

/// One statement for the batch. `show_ids` travel as JSON arrays (a `text[][]` parameter
/// cannot be unnested row by row).
async fn upsert(conn: &mut PgConnection, rows: &[Row<'_>]) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO rm_ios (tenant_id, io_id, version, advertiser_id, stage, show_ids,
                             first_start, last_end, state, created_at, updated_at)
         SELECT t, i, v, a, s, ARRAY(SELECT jsonb_array_elements_text(sh)), fs, le, st, c, u
           FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[], $6::jsonb[],
                       $7::date[], $8::date[], $9::jsonb[], $10::timestamptz[], $11::timestamptz[])
             AS batch(t, i, v, a, s, sh, fs, le, st, c, u)
         ON CONFLICT (tenant_id, io_id) DO UPDATE
            SET version = EXCLUDED.version, advertiser_id = EXCLUDED.advertiser_id,
                stage = EXCLUDED.stage, show_ids = EXCLUDED.show_ids,
                first_start = EXCLUDED.first_start, last_end = EXCLUDED.last_end,
                state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
          WHERE rm_ios.version < EXCLUDED.version",
    )
    .bind(rows.iter().map(|r| r.tenant_id).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.id).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.version).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.advertiser_id).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.stage).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| &r.show_ids).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.first_start).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.last_end).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| &r.state).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.created_at).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.updated_at).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}
