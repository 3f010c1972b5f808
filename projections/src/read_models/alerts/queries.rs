//! Listing a tenant's alerts.

use chrono::{DateTime, NaiveDate, Utc};
use cuepoint_domain::automation::AlertKind;
use serde::Serialize;
use sqlx::PgPool;

use crate::read_models::stored_value_error;

/// Which alerts to list.
#[derive(Clone, Debug, Default)]
pub struct AlertFilter {
    /// Only open ones (`true`) or only cleared ones (`false`).
    pub open: Option<bool>,
    /// Only these kinds (all when empty).
    pub kinds: Vec<AlertKind>,
    /// At most this many, newest raised first.
    pub limit: i64,
}

/// One alert as listed.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct AlertRow {
    /// `<kind>:<subject id>`: one alert per kind and subject.
    pub id: String,
    /// What it is about.
    pub kind: AlertKind,
    /// The deal id, the source, or `<io id>/<makegood id>`.
    pub subject_id: String,
    /// The deal's name, the source, or the makegood.
    pub subject_name: String,
    /// The first day its condition held.
    pub since: NaiveDate,
    /// The `as_of` day of the run that (last) raised it.
    pub raised_on: NaiveDate,
    /// When it was (last) raised.
    pub raised_at: DateTime<Utc>,
    /// Whether it is open (not cleared since).
    pub open: bool,
    /// The `as_of` day of the run that cleared it; null while open.
    pub cleared_on: Option<NaiveDate>,
    /// When it was cleared; null while open.
    pub cleared_at: Option<DateTime<Utc>>,
}

type Row = (
    String,
    String,
    String,
    String,
    NaiveDate,
    NaiveDate,
    DateTime<Utc>,
    Option<NaiveDate>,
    Option<DateTime<Utc>>,
);

/// The tenant's alerts matching `filter`, newest raised first, then by id.
pub async fn list_alerts(
    pool: &PgPool,
    tenant_id: &str,
    filter: &AlertFilter,
) -> sqlx::Result<Vec<AlertRow>> {
    let kinds: Vec<&str> = filter.kinds.iter().map(AlertKind::as_str).collect();
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT alert_id, kind, subject_id, subject_name, since, raised_on, raised_at,
                cleared_on, cleared_at
           FROM rm_alerts
          WHERE tenant_id = $1
            AND ($2::bool IS NULL OR (cleared_on IS NULL) = $2)
            AND (cardinality($3::text[]) = 0 OR kind = ANY($3))
          ORDER BY raised_at DESC, alert_id
          LIMIT $4",
    )
    .bind(tenant_id)
    .bind(filter.open)
    .bind(&kinds)
    .bind(filter.limit)
    .fetch_all(pool)
    .await?;
    (rows.into_iter())
        .map(
            |(
                id,
                kind,
                subject_id,
                subject_name,
                since,
                raised_on,
                raised_at,
                cleared_on,
                cleared_at,
            )| {
                Ok(AlertRow {
                    id,
                    kind: kind.parse().map_err(stored_value_error)?,
                    subject_id,
                    subject_name,
                    since,
                    raised_on,
                    raised_at,
                    open: cleared_on.is_none(),
                    cleared_on,
                    cleared_at,
                })
            },
        )
        .collect()
}
