//! ETL health per source (SPEC 6), computed from the imports read model.
//!
//! A source is the source of the rows (a row's `source`, else its import's). An import
//! counts for every source it carried rows of, and a failed import for its own source
//! (`rm_import_sources`, one row per finished import and source); a running import counts
//! once it has finished, when its sources are known. The last import of a source is the
//! last finished import that counts for it, and the rejected share is that import's
//! (`rejected / (accepted + rejected)` of all its rows: a rejected row may have no
//! readable source).

use chrono::{DateTime, NaiveDate, Utc};
use cuepoint_domain::import::health::{EtlStatus, HealthFacts};
use serde::Serialize;
use sqlx::PgPool;

/// The health of one source.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SourceHealth {
    /// The source.
    pub source: String,
    /// `healthy`, `degraded` or `failing` as of the day asked.
    pub status: EtlStatus,
    /// The last finished import that counts for the source.
    pub last_import_id: Option<String>,
    /// `completed` or `failed`.
    pub last_import_status: Option<String>,
    /// When the last import finished.
    pub last_import_at: Option<DateTime<Utc>>,
    /// When the last successful import finished.
    pub last_success_at: Option<DateTime<Utc>>,
    /// Finished imports counting for the source, started in the last 7 days (by the clock).
    pub imports_last_7_days: i64,
    /// Failed imports of the source started in the last 7 days.
    pub failures_last_7_days: i64,
    /// `rejected / (accepted + rejected)` of the last import (all its rows).
    pub rejected_share: f64,
    /// The latest day with data from the source.
    pub latest_day: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct Row {
    source: String,
    last_import_id: Option<String>,
    last_import_status: Option<String>,
    last_import_at: Option<DateTime<Utc>>,
    last_accepted: Option<i64>,
    last_rejected: Option<i64>,
    last_success_at: Option<DateTime<Utc>>,
    imports_7d: i64,
    failures_7d: i64,
    latest_day: Option<NaiveDate>,
}

/// Every source of the tenant, judged as of `as_of`.
pub async fn etl_health(
    pool: &PgPool,
    tenant_id: &str,
    as_of: NaiveDate,
) -> sqlx::Result<Vec<SourceHealth>> {
    let rows: Vec<Row> = sqlx::query_as(
        "WITH counted AS (
             SELECT s.source, s.last_day, i.import_id, i.status, i.started_at, i.finished_at,
                    i.accepted, i.rejected
               FROM rm_import_sources s
               JOIN rm_imports i USING (tenant_id, import_id)
              WHERE s.tenant_id = $1),
         last AS (
             SELECT DISTINCT ON (source) source, import_id, status, finished_at, accepted,
                    rejected
               FROM counted
              ORDER BY source, finished_at DESC, import_id DESC),
         agg AS (
             SELECT source,
                    max(finished_at) FILTER (WHERE status = 'completed') AS last_success_at,
                    count(*) FILTER (WHERE started_at > now() - interval '7 days') AS imports_7d,
                    count(*) FILTER (WHERE status = 'failed'
                                      AND started_at > now() - interval '7 days') AS failures_7d,
                    max(last_day) FILTER (WHERE status = 'completed') AS latest_day
               FROM counted
              GROUP BY source)
         SELECT agg.source, last.import_id AS last_import_id, last.status AS last_import_status,
                last.finished_at AS last_import_at, last.accepted AS last_accepted,
                last.rejected AS last_rejected, agg.last_success_at, agg.imports_7d,
                agg.failures_7d, agg.latest_day
           FROM agg JOIN last ON last.source = agg.source
          ORDER BY agg.source",
    )
    .bind(tenant_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| judge(row, as_of)).collect())
}

fn judge(row: Row, as_of: NaiveDate) -> SourceHealth {
    let facts = HealthFacts {
        last_import_failed: row.last_import_status.as_deref() == Some("failed"),
        imports_last_7_days: row.imports_7d.max(0) as u64,
        last_accepted: row.last_accepted.unwrap_or(0).max(0) as u64,
        last_rejected: row.last_rejected.unwrap_or(0).max(0) as u64,
        latest_day: row.latest_day,
    };
    SourceHealth {
        source: row.source,
        status: facts.status(as_of),
        last_import_id: row.last_import_id,
        last_import_status: row.last_import_status,
        last_import_at: row.last_import_at,
        last_success_at: row.last_success_at,
        imports_last_7_days: row.imports_7d,
        failures_last_7_days: row.failures_7d,
        rejected_share: facts.rejected_share(),
        latest_day: row.latest_day,
    }
}
