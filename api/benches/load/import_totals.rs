//! The checks of the import phase (`import.rs`): the totals a file should give, computed
//! from its `COPY` table, and whether `rm_metrics_daily` holds them.

use anyhow::{bail, Context};
use sqlx::PgPool;

use crate::import::SOURCE;

/// The file's totals per (show id, day) from its `COPY` table, kept in a table of their own;
/// returns their number and the sum of downloads.
pub async fn expected_totals(
    pool: &PgPool,
    tenant: &str,
    round: usize,
    rows: u64,
) -> anyhow::Result<(i64, i64)> {
    let (copied, joined): (i64, i64) = sqlx::query_as(&format!(
        "SELECT (SELECT count(*) FROM bench_copy_{round}),
                (SELECT count(*) FROM bench_copy_{round} c
                   JOIN rm_shows s ON s.tenant_id = $1 AND s.profile ->> 'slug' = c.show)"
    ))
    .bind(tenant)
    .fetch_one(pool)
    .await?;
    if copied as u64 != rows || joined != copied {
        bail!("{copied} rows copied, {joined} of them of a known show, of {rows}");
    }
    sqlx::query(&format!(
        "CREATE TABLE bench_expected_{round} AS
         SELECT s.show_id, c.day, sum(c.downloads)::int8 AS downloads,
                sum(c.listeners)::int8 AS listeners
           FROM bench_copy_{round} c
           JOIN rm_shows s ON s.tenant_id = $1 AND s.profile ->> 'slug' = c.show
          GROUP BY 1, 2"
    ))
    .bind(tenant)
    .execute(pool)
    .await?;
    Ok(sqlx::query_as(&format!(
        "SELECT count(*), sum(downloads)::int8 FROM bench_expected_{round}"
    ))
    .fetch_one(pool)
    .await?)
}

/// The log position of the import's `ImportCompleted` event.
pub async fn completion(
    pool: &PgPool,
    tenant: &str,
    answer: &serde_json::Value,
) -> anyhow::Result<(i64, i64)> {
    let id = answer["id"]
        .as_str()
        .context("no import id in the answer")?;
    Ok(sqlx::query_as(
        "SELECT tx_id::text::int8, global_position FROM events
          WHERE aggregate_type = 'import' AND aggregate_id = $1
            AND event_type = 'ImportCompleted'",
    )
    .bind(format!("{tenant}:{id}"))
    .fetch_one(pool)
    .await?)
}

/// Whether the metrics projection's checkpoint is at or past `position`.
pub async fn metrics_past(pool: &PgPool, position: (i64, i64)) -> anyhow::Result<bool> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE((SELECT (tx_id::text::int8, global_position) >= ($1, $2)
                            FROM projection_checkpoints WHERE projection = 'metrics'), false)",
    )
    .bind(position.0)
    .bind(position.1)
    .fetch_one(pool)
    .await?)
}

/// Whether `rm_metrics_daily` holds as many keys and as many downloads as expected: a cheap
/// check before the one of every key.
pub async fn cheap_match(
    pool: &PgPool,
    tenant: &str,
    expected: (i64, i64),
) -> anyhow::Result<bool> {
    let found: (i64, Option<i64>) = sqlx::query_as(
        "SELECT count(*), sum(downloads)::int8 FROM rm_metrics_daily
          WHERE tenant_id = $1 AND source = $2",
    )
    .bind(tenant)
    .bind(SOURCE)
    .fetch_one(pool)
    .await?;
    Ok((found.0, found.1.unwrap_or(0)) == expected)
}

/// The (show, day) keys whose downloads or listeners in `rm_metrics_daily` differ from the
/// expected totals (or are missing on either side).
pub async fn differing(pool: &PgPool, tenant: &str, round: usize) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT count(*)
           FROM bench_expected_{round} e
           FULL JOIN (SELECT show_id, day, downloads, listeners FROM rm_metrics_daily
                       WHERE tenant_id = $1 AND source = $2) a USING (show_id, day)
          WHERE (e.downloads, e.listeners) IS DISTINCT FROM (a.downloads, a.listeners)"
    ))
    .bind(tenant)
    .bind(SOURCE)
    .fetch_one(pool)
    .await?)
}
