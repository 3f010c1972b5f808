//! Verifying `rm_metrics_daily` against the events it comes from (the refresh-metrics-daily
//! job, SPEC 8). Cuepoint projects continuously, so this is a check: every total per show,
//! day and source is recomputed from the `RowsAccepted` events of the tenant's completed
//! imports (a later completed import replacing the values of its keys, the last line
//! winning within an import, as the projection publishes them), compared with the stored
//! row, and a row that differs (or is missing, or should not be there) is rewritten.
//!
//! Only imports the `metrics` projection has published are compared: the job locks the
//! projection's checkpoint for its transaction and reads the completions at or before it,
//! so an import completing meanwhile is neither reported nor half-compared.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::PgPool;

use super::staging::rows_of;
use crate::checkpoint;

/// What a verification found and did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MetricsVerification {
    /// Totals (show, day, source) compared: those the events give and those stored.
    pub checked: i64,
    /// Totals that differed from what the events give (wrong, missing or extra).
    pub differing: i64,
    /// Stored rows rewritten or removed to match the events.
    pub repaired: u64,
}

/// One total that differs: show, day, source, and what the events give: downloads, the sum
/// of the listener figures and how many rows have one (`None` downloads: there should be no
/// row).
type Difference = (String, NaiveDate, String, Option<i64>, i64, i64);

/// A difference found, with the number of totals compared in all.
type Found = (i64, String, NaiveDate, String, Option<i64>, i64, i64);

/// Compares the tenant's `rm_metrics_daily` with its completed imports' events and repairs
/// the rows that differ.
pub async fn verify_metrics_daily(
    pool: &PgPool,
    tenant_id: &str,
) -> anyhow::Result<MetricsVerification> {
    let mut tx = pool.begin().await?;
    checkpoint::ensure(&mut tx, "metrics").await?;
    let published = checkpoint::lock(&mut tx, "metrics").await?;
    let rows = rows_of("d.stream");
    let compare = format!(
        "WITH done AS (
             SELECT c.aggregate_id AS stream, c.tx_id::text::int8 AS tx, c.global_position AS pos
               FROM events c
              WHERE c.aggregate_type = 'import' AND c.event_type = 'ImportCompleted'
                AND c.tenant_id = $1
                AND (c.tx_id::text::int8, c.global_position) <= ($2, $3)),
         latest AS (
             SELECT DISTINCT ON (r.show_id, COALESCE(r.episode, ''), r.date, r.source)
                    r.show_id, r.date, r.source, r.downloads, r.listeners
               FROM done d CROSS JOIN LATERAL (SELECT r.* FROM {rows}) r
              ORDER BY r.show_id, COALESCE(r.episode, ''), r.date, r.source,
                       d.tx DESC, d.pos DESC, r.line DESC),
         expected AS (
             SELECT show_id, date AS day, source, sum(downloads)::int8 AS downloads,
                    COALESCE(sum(listeners), 0)::int8 AS listener_sum,
                    count(listeners) AS listener_rows
               FROM latest GROUP BY show_id, date, source),
         stored AS (SELECT show_id, day, source, downloads, listener_sum, listener_rows
                      FROM rm_metrics_daily WHERE tenant_id = $1),
         compared AS (
             SELECT COALESCE(x.show_id, s.show_id) AS show_id, COALESCE(x.day, s.day) AS day,
                    COALESCE(x.source, s.source) AS source, x.downloads,
                    COALESCE(x.listener_sum, 0) AS listener_sum,
                    COALESCE(x.listener_rows, 0) AS listener_rows,
                    (x.show_id IS NULL OR s.show_id IS NULL
                     OR (x.downloads, x.listener_sum, x.listener_rows)
                        IS DISTINCT FROM (s.downloads, s.listener_sum, s.listener_rows))
                      AS differs
               FROM expected x FULL JOIN stored s USING (show_id, day, source))
         SELECT (SELECT count(*) FROM compared), show_id, day, source, downloads,
                listener_sum, listener_rows
           FROM compared WHERE differs
          ORDER BY show_id, day, source"
    );
    let found: Vec<Found> = sqlx::query_as(&compare)
        .bind(tenant_id)
        .bind(published.tx_id)
        .bind(published.global_position)
        .fetch_all(&mut *tx)
        .await?;
    let checked = match found.first() {
        Some(first) => first.0,
        None => {
            let stored: i64 =
                sqlx::query_scalar("SELECT count(*) FROM rm_metrics_daily WHERE tenant_id = $1")
                    .bind(tenant_id)
                    .fetch_one(&mut *tx)
                    .await?;
            tx.commit().await?;
            return Ok(MetricsVerification {
                checked: stored,
                ..MetricsVerification::default()
            });
        }
    };
    let differences: Vec<Difference> = (found.into_iter())
        .map(|(_, show, day, source, downloads, sum, rows)| {
            (show, day, source, downloads, sum, rows)
        })
        .collect();
    let repaired = repair(&mut tx, tenant_id, &differences).await?;
    tx.commit().await?;
    Ok(MetricsVerification {
        checked,
        differing: differences.len() as i64,
        repaired,
    })
}

/// Writes what the events give for each difference: the total, or no row.
async fn repair(
    conn: &mut sqlx::PgConnection,
    tenant_id: &str,
    differences: &[Difference],
) -> sqlx::Result<u64> {
    let column = |f: fn(&Difference) -> String| differences.iter().map(f).collect::<Vec<_>>();
    let shows = column(|d| d.0.clone());
    let sources = column(|d| d.2.clone());
    let days: Vec<NaiveDate> = differences.iter().map(|d| d.1).collect();
    let downloads: Vec<Option<i64>> = differences.iter().map(|d| d.3).collect();
    let listener_sums: Vec<i64> = differences.iter().map(|d| d.4).collect();
    let listener_rows: Vec<i64> = differences.iter().map(|d| d.5).collect();
    let removed = sqlx::query(
        "DELETE FROM rm_metrics_daily m
          USING UNNEST($2::text[], $3::date[], $4::text[], $5::int8[]) AS d(show_id, day, source, downloads)
          WHERE m.tenant_id = $1 AND m.show_id = d.show_id AND m.day = d.day
            AND m.source = d.source AND d.downloads IS NULL",
    )
    .bind(tenant_id)
    .bind(&shows)
    .bind(&days)
    .bind(&sources)
    .bind(&downloads)
    .execute(&mut *conn)
    .await?;
    let written = sqlx::query(
        "INSERT INTO rm_metrics_daily
                (tenant_id, show_id, day, source, downloads, listener_sum, listener_rows)
         SELECT $1, show_id, day, source, downloads, listener_sum, listener_rows
           FROM UNNEST($2::text[], $3::date[], $4::text[], $5::int8[], $6::int8[],
                       $7::int8[])
             AS d(show_id, day, source, downloads, listener_sum, listener_rows)
          WHERE downloads IS NOT NULL
         ON CONFLICT (tenant_id, show_id, day, source) DO UPDATE
            SET downloads = EXCLUDED.downloads, listener_sum = EXCLUDED.listener_sum,
                listener_rows = EXCLUDED.listener_rows",
    )
    .bind(tenant_id)
    .bind(&shows)
    .bind(&days)
    .bind(&sources)
    .bind(&downloads)
    .bind(&listener_sums)
    .bind(&listener_rows)
    .execute(&mut *conn)
    .await?;
    Ok(removed.rows_affected() + written.rows_affected())
}
