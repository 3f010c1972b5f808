//! Staging the rows of `RowsAccepted` events, set-based, before their import completes.
//!
//! A row takes its key's place in `rm_metrics_episode_daily` when the place is free, marked
//! with its import (invisible until the import is in `rm_metrics_published`), and adds to
//! its import's `rm_metrics_pending_totals`. A row whose place is taken waits in
//! `rm_metrics_contested`: by a published value, by another running import's row, or by an
//! earlier line of its own import (within one statement, the first row of a key in log
//! order is the one that tries for the place).

use sqlx::PgConnection;

use crate::RecordedEvent;

/// The rows of the event `e`, as the relation `r`.
pub(super) const ROWS: &str = "json_to_recordset(e.payload -> 'RowsAccepted' -> 'rows')
    AS r(line int8, date date, show_id text, episode text, downloads int8, listeners int8,
         source text)";

/// The rows of the `RowsAccepted` events of the import whose stored id is parameter
/// `param`, as a relation `r`.
pub(super) fn rows_of(param: &str) -> String {
    format!(
        "events e CROSS JOIN LATERAL {ROWS}
         WHERE e.aggregate_type = 'import' AND e.aggregate_id = {param}
           AND e.event_type = 'RowsAccepted'"
    )
}

/// Stages the rows of `events` (`RowsAccepted` events, in log order) in one statement.
pub(super) async fn stage(conn: &mut PgConnection, events: &[&RecordedEvent]) -> sqlx::Result<()> {
    let sql = format!(
        "WITH input AS MATERIALIZED (
             SELECT s.tenant_id, s.import_id, r.show_id, r.date AS day, r.source,
                    COALESCE(r.episode, '') AS episode, r.line, r.downloads, r.listeners,
                    row_number() OVER (
                        PARTITION BY s.tenant_id, r.show_id, r.date, r.source,
                                     COALESCE(r.episode, '')
                        ORDER BY s.ord, r.line) AS nth
               FROM UNNEST($1::text[], $2::text[], $3::int8[]) WITH ORDINALITY
                    AS s(tenant_id, import_id, sequence, ord)
               JOIN events e
                 ON e.aggregate_type = 'import'
                AND e.aggregate_id = s.tenant_id || ':' || s.import_id
                AND e.sequence = s.sequence
              CROSS JOIN LATERAL {ROWS}),
         placed AS (
             INSERT INTO rm_metrics_episode_daily
                    (tenant_id, show_id, episode, day, source, downloads, listeners, import_id)
             SELECT tenant_id, show_id, episode, day, source, downloads, listeners, import_id
               FROM input WHERE nth = 1
              ORDER BY tenant_id, show_id, day, source, episode
             ON CONFLICT DO NOTHING
             RETURNING tenant_id, import_id, show_id, day, source, episode, downloads,
                       listeners),
         pending AS (
             INSERT INTO rm_metrics_pending_totals AS t
                    (tenant_id, import_id, show_id, day, source, row_count, downloads,
                     listener_rows, listeners)
             SELECT tenant_id, import_id, show_id, day, source, count(*), sum(downloads),
                    count(listeners), COALESCE(sum(listeners), 0)
               FROM placed GROUP BY tenant_id, import_id, show_id, day, source
             ON CONFLICT (tenant_id, import_id, show_id, day, source) DO UPDATE
                SET row_count = t.row_count + EXCLUDED.row_count,
                    downloads = t.downloads + EXCLUDED.downloads,
                    listener_rows = t.listener_rows + EXCLUDED.listener_rows,
                    listeners = t.listeners + EXCLUDED.listeners)
         INSERT INTO rm_metrics_contested
                (tenant_id, import_id, show_id, day, source, episode, line, downloads,
                 listeners)
         SELECT i.tenant_id, i.import_id, i.show_id, i.day, i.source, i.episode, i.line,
                i.downloads, i.listeners
           FROM input i
          WHERE i.nth > 1
             OR NOT EXISTS (
                    SELECT 1 FROM placed p
                     WHERE (p.tenant_id, p.show_id, p.day, p.source, p.episode)
                         = (i.tenant_id, i.show_id, i.day, i.source, i.episode))"
    );
    sqlx::query(&sql)
        .bind(events.iter().map(|e| &e.tenant_id).collect::<Vec<_>>())
        .bind(events.iter().map(|e| &e.aggregate_id).collect::<Vec<_>>())
        .bind(events.iter().map(|e| e.sequence).collect::<Vec<_>>())
        .execute(conn)
        .await?;
    Ok(())
}
