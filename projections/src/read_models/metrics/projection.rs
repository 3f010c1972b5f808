//! The `metrics` projection: publishes an import's rows when the import completes, so the
//! rows of a failed or unfinished import are never visible.
//!
//! The rows are read, at completion, from the import's own `RowsAccepted` events in the
//! store (one index range of the events key, parsed by PostgreSQL), rather than kept in a
//! staging table as each batch goes by: the log is the durable staging area already, and
//! the rows are written once, into their final tables.

use async_trait::async_trait;
use cqrs_es::Aggregate;
use cuepoint_domain::import::Import;
use sqlx::PgConnection;

use crate::log::stream_id;
use crate::{Projection, RecordedEvent};

/// Builds `rm_metrics_daily` and `rm_metrics_episode_daily`.
pub struct MetricsProjection;

#[async_trait]
impl Projection for MetricsProjection {
    fn name(&self) -> &'static str {
        "metrics"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[Import::TYPE]
    }

    /// None: completions are recognized by type, and the rows are read in SQL.
    fn payload_types(&self) -> Option<&'static [&'static str]> {
        Some(&[])
    }

    fn tables(&self) -> &'static [&'static str] {
        &["rm_metrics_episode_daily", "rm_metrics_daily"]
    }

    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        for event in events {
            if event.event_type == "ImportCompleted" {
                publish(conn, &event.tenant_id, &event.aggregate_id).await?;
            }
        }
        Ok(())
    }
}

/// The rows of the `RowsAccepted` events of the import whose stored id is parameter
/// `param`, as a relation `r`.
pub(super) fn rows_of(param: &str) -> String {
    format!(
        "events e
         CROSS JOIN LATERAL json_to_recordset(e.payload -> 'RowsAccepted' -> 'rows')
               AS r(line int8, date date, show_id text, episode text, downloads int8,
                    listeners int8, source text)
         WHERE e.aggregate_type = 'import' AND e.aggregate_id = {param}
           AND e.event_type = 'RowsAccepted'"
    )
}

/// Publishes a completed import: its rows replace the values of their keys (the last line
/// wins within the import), then the show totals of the keys it touched are recomputed.
async fn publish(conn: &mut PgConnection, tenant: &str, import: &str) -> sqlx::Result<()> {
    let stream = stream_id(tenant, import);
    let rows = rows_of("$3");
    let upsert = format!(
        "INSERT INTO rm_metrics_episode_daily
                (tenant_id, show_id, episode, day, source, downloads, listeners, import_id)
         SELECT DISTINCT ON (r.show_id, COALESCE(r.episode, ''), r.date, r.source)
                $1, r.show_id, COALESCE(r.episode, ''), r.date, r.source, r.downloads,
                r.listeners, $2
           FROM {rows}
          ORDER BY r.show_id, COALESCE(r.episode, ''), r.date, r.source, r.line DESC
         ON CONFLICT (tenant_id, show_id, day, source, episode) DO UPDATE
            SET downloads = EXCLUDED.downloads, listeners = EXCLUDED.listeners,
                import_id = EXCLUDED.import_id"
    );
    sqlx::query(&upsert)
        .bind(tenant)
        .bind(import)
        .bind(&stream)
        .execute(&mut *conn)
        .await?;
    // One index range of the key per touched (show, day, source): a plan that does not
    // depend on statistics.
    let rows = rows_of("$2");
    let totals = format!(
        "INSERT INTO rm_metrics_daily (tenant_id, show_id, day, source, downloads, listeners)
         SELECT $1, touched.show_id, touched.date, touched.source, total.downloads,
                total.listeners
           FROM (SELECT DISTINCT r.show_id, r.date, r.source FROM {rows}) touched
          CROSS JOIN LATERAL (
                SELECT sum(m.downloads) AS downloads, sum(m.listeners) AS listeners
                  FROM rm_metrics_episode_daily m
                 WHERE m.tenant_id = $1 AND m.show_id = touched.show_id
                   AND m.day = touched.date AND m.source = touched.source) total
         ON CONFLICT (tenant_id, show_id, day, source) DO UPDATE
            SET downloads = EXCLUDED.downloads, listeners = EXCLUDED.listeners"
    );
    sqlx::query(&totals)
        .bind(tenant)
        .bind(&stream)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
