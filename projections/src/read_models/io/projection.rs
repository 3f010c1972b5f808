//! The `io` projection: folds each IO's events with the aggregate's own `apply` and stores
//! the resulting state beside the columns the list filters on.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::Aggregate;
use cuepoint_domain::io::{IoBooking, IoEvent, IoState, Stage};
use serde::Deserialize;
use serde_json::Value;
use sqlx::PgConnection;

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
        let keys: HashSet<(&str, &str)> = (events.iter())
            .map(|e| (e.tenant_id.as_str(), e.aggregate_id.as_str()))
            .collect();
        let mut rows = load(conn, &keys).await?;
        for event in events {
            let key = (event.tenant_id.clone(), event.aggregate_id.clone());
            let row = rows.entry(key).or_insert_with(|| Stored {
                version: 0,
                booking: IoBooking::default(),
                created_at: event.recorded_at,
                updated_at: event.recorded_at,
                changed: false,
            });
            if event.sequence <= row.version {
                continue;
            }
            let payload = (event.payload.as_ref())
                .with_context(|| format!("IO event {} without payload", event.position))?;
            let decoded = IoEvent::deserialize(payload)?;
            row.booking.apply(decoded);
            row.version = event.sequence;
            row.updated_at = event.recorded_at;
            row.changed = true;
        }
        let changed: Vec<Row> = rows
            .iter()
            .filter(|(_, stored)| stored.changed)
            .filter_map(|((tenant_id, id), stored)| {
                let state = stored.booking.state()?;
                Some(Row::new(tenant_id, id, stored, state))
            })
            .collect::<anyhow::Result<_>>()?;
        upsert(conn, &changed).await?;
        Ok(())
    }
}

/// One IO as stored, while a batch is applied.
struct Stored {
    version: i64,
    booking: IoBooking,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    changed: bool,
}

/// The stored IOs among `keys`, by (tenant, id).
async fn load(
    conn: &mut PgConnection,
    keys: &HashSet<(&str, &str)>,
) -> anyhow::Result<HashMap<(String, String), Stored>> {
    let tenants: Vec<&str> = keys.iter().map(|(t, _)| *t).collect();
    let ids: Vec<&str> = keys.iter().map(|(_, i)| *i).collect();
    let found: Vec<StoredRow> = sqlx::query_as(
        "SELECT r.tenant_id, r.io_id, r.version, r.state, r.created_at, r.updated_at
           FROM rm_ios r
           JOIN UNNEST($1::text[], $2::text[]) AS k(t, i) ON r.tenant_id = k.t AND r.io_id = k.i",
    )
    .bind(&tenants)
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut rows = HashMap::with_capacity(found.len());
    for row in found {
        let stored = Stored {
            version: row.version,
            booking: serde_json::from_value(row.state)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
            changed: false,
        };
        rows.insert((row.tenant_id, row.io_id), stored);
    }
    Ok(rows)
}

/// An IO as read back at the start of a batch.
#[derive(sqlx::FromRow)]
struct StoredRow {
    tenant_id: String,
    io_id: String,
    version: i64,
    state: Value,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
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
        stored: &'a Stored,
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
            state: serde_json::to_value(&stored.booking)?,
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
