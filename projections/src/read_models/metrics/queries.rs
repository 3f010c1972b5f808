//! Queries over the metrics read models. Every query is filtered by tenant.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::PgPool;

use super::VISIBLE;

/// One day of a show (or episode).
#[derive(Clone, Debug, Serialize, PartialEq, Eq, sqlx::FromRow, schemars::JsonSchema)]
pub struct DailyFigure {
    /// The UTC day.
    pub day: NaiveDate,
    /// Downloads that day.
    pub downloads: i64,
    /// Listeners that day, where reported.
    pub listeners: Option<i64>,
}

/// What [`daily`] reads.
#[derive(Clone, Debug)]
pub struct DailyQuery<'a> {
    /// The tenant.
    pub tenant_id: &'a str,
    /// The show.
    pub show_id: &'a str,
    /// Only this episode; `None` for the show's totals.
    pub episode: Option<&'a str>,
    /// Only this source (the show's `metrics_source`); `None` sums all sources.
    pub source: Option<&'a str>,
    /// First day, inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
}

/// The figures of each day with data in the range, in day order.
pub async fn daily(pool: &PgPool, query: &DailyQuery<'_>) -> sqlx::Result<Vec<DailyFigure>> {
    // The episode rows name their show by its number (`numbers.rs`).
    let (rows, episode_filter) = match query.episode {
        Some(_) => (
            "rm_metrics_shows s JOIN rm_metrics_episode_daily m ON m.show_no = s.show_no",
            format!("AND m.episode = $6 AND {VISIBLE}"),
        ),
        None => ("rm_metrics_daily s", "AND $6::text IS NULL".to_string()),
    };
    let sql = format!(
        "SELECT day, sum(downloads)::int8 AS downloads, sum(listeners)::int8 AS listeners
           FROM {rows}
          WHERE s.tenant_id = $1 AND s.show_id = $2 AND day BETWEEN $3 AND $4
            AND ($5::text IS NULL OR source = $5) {episode_filter}
          GROUP BY day ORDER BY day"
    );
    sqlx::query_as(&sql)
        .bind(query.tenant_id)
        .bind(query.show_id)
        .bind(query.from)
        .bind(query.to)
        .bind(query.source)
        .bind(query.episode)
        .fetch_all(pool)
        .await
}
