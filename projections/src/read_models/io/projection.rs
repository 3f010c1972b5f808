//! The `io` projection: folds each IO's events with the aggregate's own `apply` and stores
//! the resulting state beside the columns the list filters on.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::Aggregate;
use cuepoint_domain::io::{IoBooking, IoEvent, IoState, Stage};
use serde_json::Value;
use sqlx::PgConnection;

use crate::read_models::folded::{fold_batch_with, Folded};
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
        let dated = |event, recorded: &RecordedEvent| dated(event, recorded.recorded_at);
        let rows = fold_batch_with::<IoBooking, _>(conn, TABLE, "io_id", events, dated).await?;
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

/// `event`, with the day a makegood was raised filled in where the event does not record
/// it (makegoods raised before `raised_on` existed): the UTC day the event was recorded,
/// which is the day it was raised. Other events are returned as they are.
fn dated(event: IoEvent, recorded_at: DateTime<Utc>) -> IoEvent {
    match event {
        IoEvent::MakegoodRaised { mut makegood } => {
            makegood.raised_on.get_or_insert(recorded_at.date_naive());
            IoEvent::MakegoodRaised { makegood }
        }
        other => other,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn raised(raised_on: Option<&str>) -> IoEvent {
        serde_json::from_value(serde_json::json!({"MakegoodRaised": {"makegood": {
            "id": "mg-1", "line_item_id": "li-1", "raised_on": raised_on,
            "reason": "missing_ad", "impressions": 10, "note": null, "automatic": false,
            "remedy": null, "resolution_note": null}}}))
        .unwrap()
    }

    fn raised_on(event: IoEvent) -> Option<NaiveDate> {
        match event {
            IoEvent::MakegoodRaised { makegood } => makegood.raised_on,
            _ => None,
        }
    }

    #[test]
    fn a_makegood_without_its_day_gets_the_utc_day_its_event_was_recorded() {
        // 23:30 at UTC-5 on March 4th is already March 5th in UTC.
        let recorded = DateTime::parse_from_rfc3339("2026-03-04T23:30:00-05:00").unwrap();
        let recorded = recorded.with_timezone(&Utc);
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            raised_on(dated(raised(None), recorded)),
            Some(day("2026-03-05"))
        );
        assert_eq!(
            raised_on(dated(raised(Some("2026-03-01")), recorded)),
            Some(day("2026-03-01"))
        );
    }
}
