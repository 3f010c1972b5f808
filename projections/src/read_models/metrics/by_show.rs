//! Daily downloads of several shows at once, each counted as the show's delivered
//! impressions are: only its `metrics_source` where it has one, else every source summed.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use cuepoint_domain::window::DailyCounts;
use sqlx::PgPool;

use crate::read_models::stored_value_error;

/// A show and the source counted for it (`None`: every source).
#[derive(Clone, Copy, Debug)]
pub struct ShowSource<'a> {
    /// The show.
    pub show_id: &'a str,
    /// Its `metrics_source`, if it has one.
    pub source: Option<&'a str>,
}

/// The downloads of each of `shows` per day within `days`, by show id; a show or day
/// without data is absent (it counts 0).
pub async fn daily_by_show(
    pool: &PgPool,
    tenant_id: &str,
    shows: &[ShowSource<'_>],
    days: RangeInclusive<NaiveDate>,
) -> sqlx::Result<HashMap<String, DailyCounts>> {
    let rows: Vec<(String, NaiveDate, i64)> = sqlx::query_as(
        "SELECT m.show_id, m.day, sum(m.downloads)::int8
           FROM UNNEST($2::text[], $3::text[]) AS s(show_id, source)
           JOIN rm_metrics_daily m
             ON m.tenant_id = $1 AND m.show_id = s.show_id
            AND m.day BETWEEN $4 AND $5 AND (s.source IS NULL OR m.source = s.source)
          GROUP BY m.show_id, m.day",
    )
    .bind(tenant_id)
    .bind(shows.iter().map(|s| s.show_id).collect::<Vec<_>>())
    .bind(shows.iter().map(|s| s.source).collect::<Vec<_>>())
    .bind(*days.start())
    .bind(*days.end())
    .fetch_all(pool)
    .await?;
    let mut by_show: HashMap<String, DailyCounts> = HashMap::new();
    for (show_id, day, downloads) in rows {
        let downloads = u64::try_from(downloads).map_err(stored_value_error)?;
        by_show.entry(show_id).or_default().insert(day, downloads);
    }
    Ok(by_show)
}
