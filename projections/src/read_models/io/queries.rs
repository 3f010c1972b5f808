//! Queries over the IO read model. Every query is filtered by tenant and by the caller's
//! scope (a creator's shows, an advertiser's advertiser).
//!
//! The status filter uses the *derived* status, computed in SQL from `stage`, `first_start`
//! and `last_end` against `today`, which the caller passes in (the API's UTC date) rather
//! than `CURRENT_DATE`, which would follow the session's time zone. This mirrors
//! `IoState::status_on`, which renders the status of each IO returned.

use chrono::{DateTime, NaiveDate, Utc};
use cuepoint_domain::io::{IoBooking, IoStatus};
use serde_json::Value;
use sqlx::PgPool;

use super::view::Stored;
use super::{IoDetail, IoSummary};
use crate::read_models::overflow;
use crate::read_models::page::{Page, PageRequest};

/// What a caller may see.
#[derive(Clone, Copy, Debug, Default)]
pub struct IoScope<'a> {
    /// Creator tokens: IOs with a line on one of these shows, and only those lines.
    pub shows: Option<&'a [String]>,
    /// Advertiser tokens: IOs of these advertisers.
    pub advertisers: Option<&'a [String]>,
}

/// The filters of the IO list; all optional.
#[derive(Clone, Debug, Default)]
pub struct IoFilter {
    /// The status as of `today` (derived: `live` and `completed` from the flights).
    pub status: Option<IoStatus>,
    /// The buying advertiser.
    pub advertiser_id: Option<String>,
    /// IOs with a line on this show.
    pub show_id: Option<String>,
    /// IOs with a line whose flight ends on or after this day...
    pub from: Option<NaiveDate>,
    /// ...and starts on or before this day (the flight overlaps `from..=to`). With
    /// `show_id`, or for a creator, that line must be on the show (or one of theirs).
    pub to: Option<NaiveDate>,
}

type StoredRow = (String, i64, Value, DateTime<Utc>, DateTime<Utc>);

/// Lists the tenant's IOs in id order (ids are time-ordered: oldest first).
pub async fn list_ios(
    pool: &PgPool,
    tenant_id: &str,
    scope: IoScope<'_>,
    filter: &IoFilter,
    today: NaiveDate,
    page: &PageRequest,
) -> sqlx::Result<Page<IoSummary>> {
    let limit = page.limit();
    let hidden_show = match (scope.shows, filter.show_id.as_deref()) {
        (Some(shows), Some(show)) => !shows.iter().any(|s| s == show),
        _ => false,
    };
    if hidden_show {
        return Ok(Page::from_overfetch(Vec::new(), limit, |s: &IoSummary| {
            s.id.clone()
        }));
    }
    let rows: Vec<StoredRow> = sqlx::query_as(
        "SELECT io_id, version, state, created_at, updated_at FROM rm_ios
          WHERE tenant_id = $1
            AND ($2::text[] IS NULL OR show_ids && $2)
            AND ($3::text[] IS NULL OR advertiser_id = ANY($3))
            AND ($4::text IS NULL OR advertiser_id = $4)
            AND ($5::text IS NULL OR $5 = ANY(show_ids))
            AND ($6::text IS NULL OR $6 = CASE
                    WHEN stage <> 'signed' THEN stage
                    WHEN last_end < $7 THEN 'completed'
                    WHEN first_start <= $7 THEN 'live'
                    ELSE 'signed' END)
            AND ($8::date IS NULL OR last_end >= $8)
            AND ($9::date IS NULL OR first_start <= $9)
            AND (($8::date IS NULL AND $9::date IS NULL) OR EXISTS (
                  SELECT 1 FROM jsonb_array_elements(state -> 'state' -> 'line_items') AS l
                   WHERE ($8::date IS NULL OR (l -> 'flight' ->> 'end')::date >= $8)
                     AND ($9::date IS NULL OR (l -> 'flight' ->> 'start')::date <= $9)
                     AND ($2::text[] IS NULL OR l ->> 'show_id' = ANY($2))
                     AND ($5::text IS NULL OR l ->> 'show_id' = $5)))
            AND ($10::text IS NULL OR io_id > $10)
          ORDER BY io_id LIMIT $11",
    )
    .bind(tenant_id)
    .bind(scope.shows)
    .bind(scope.advertisers)
    .bind(filter.advertiser_id.as_deref())
    .bind(filter.show_id.as_deref())
    .bind(filter.status.map(|s| s.as_str()))
    .bind(today)
    .bind(filter.from)
    .bind(filter.to)
    .bind(page.after.as_deref())
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    let items = (rows.into_iter())
        .map(|row| decode(row)?.summary(scope.shows, today).map_err(overflow))
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_overfetch(items, limit, |s| s.id.clone()))
}

/// One IO of the tenant, if the caller may see it (else `None`, as for an unknown id).
pub async fn get_io(
    pool: &PgPool,
    tenant_id: &str,
    scope: IoScope<'_>,
    id: &str,
    today: NaiveDate,
) -> sqlx::Result<Option<IoDetail>> {
    let row: Option<StoredRow> = sqlx::query_as(
        "SELECT io_id, version, state, created_at, updated_at FROM rm_ios
          WHERE tenant_id = $1 AND io_id = $2
            AND ($3::text[] IS NULL OR show_ids && $3)
            AND ($4::text[] IS NULL OR advertiser_id = ANY($4))",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(scope.shows)
    .bind(scope.advertisers)
    .fetch_optional(pool)
    .await?;
    row.map(|row| decode(row)?.detail(scope.shows, today).map_err(overflow))
        .transpose()
}

fn decode((id, version, state, created_at, updated_at): StoredRow) -> sqlx::Result<Stored> {
    let booking: IoBooking =
        serde_json::from_value(state).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let state = booking
        .state()
        .cloned()
        .ok_or_else(|| sqlx::Error::Decode("an IO row without state".into()))?;
    Ok(Stored {
        id,
        version,
        state,
        created_at,
        updated_at,
    })
}
