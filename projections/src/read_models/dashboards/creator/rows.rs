//! What the creator dashboard reads from the IO and catalog read models, filtered by
//! tenant and by the shows shown.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use cuepoint_domain::io::{IoBooking, IoState};
use cuepoint_domain::source::normalize_source;
use sqlx::types::Json;
use sqlx::PgPool;

/// An IO with its advertiser's name.
pub(super) struct IoRow {
    /// The IO id.
    pub io_id: String,
    /// Its folded state.
    pub state: IoState,
    /// The advertiser's name (its id if the catalog does not have it).
    pub advertiser_name: String,
}

/// The IOs that may have something to show: not cancelled, with a current line on one of
/// `shows` (every show when `None`, as the IO list filters them), and either signed with a
/// flight within `window` or holding makegoods. A superset: which lines and makegoods are
/// shown is decided on the decoded state by the domain's rules.
pub(super) async fn candidate_ios(
    pool: &PgPool,
    tenant_id: &str,
    shows: Option<&[String]>,
    window: &RangeInclusive<NaiveDate>,
) -> sqlx::Result<Vec<IoRow>> {
    let rows: Vec<(String, Json<IoBooking>, String)> = sqlx::query_as(
        "SELECT r.io_id, r.state, COALESCE(a.name, r.advertiser_id)
           FROM rm_ios r
           LEFT JOIN rm_advertisers a
             ON a.tenant_id = r.tenant_id AND a.advertiser_id = r.advertiser_id
          WHERE r.tenant_id = $1 AND r.stage <> 'cancelled'
            AND ($2::text[] IS NULL OR r.show_ids && $2)
            AND ((r.stage = 'signed' AND r.first_start <= $4 AND r.last_end >= $3)
                 OR jsonb_array_length(r.state -> 'state' -> 'makegoods') > 0)
          ORDER BY r.io_id",
    )
    .bind(tenant_id)
    .bind(shows)
    .bind(window.start())
    .bind(window.end())
    .fetch_all(pool)
    .await?;
    (rows.into_iter())
        .map(|(io_id, Json(booking), advertiser_name)| {
            let state = (booking.state().cloned())
                .ok_or_else(|| sqlx::Error::Decode("an IO row without state".into()))?;
            Ok(IoRow {
                io_id,
                state,
                advertiser_name,
            })
        })
        .collect()
}

/// The `metrics_source` of each of `shows` that has one, by show id, folded by the rule of
/// source names (`normalize_source`: a catalog row projected before that rule may still
/// hold it as typed).
pub(super) async fn metrics_sources(
    pool: &PgPool,
    tenant_id: &str,
    shows: &[&str],
) -> sqlx::Result<HashMap<String, String>> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT show_id, profile ->> 'metrics_source' FROM rm_shows
          WHERE tenant_id = $1 AND show_id = ANY($2)",
    )
    .bind(tenant_id)
    .bind(shows)
    .fetch_all(pool)
    .await?;
    Ok((rows.into_iter())
        .filter_map(|(show, source)| {
            let source = normalize_source(source.as_deref()?);
            (!source.is_empty()).then_some((show, source))
        })
        .collect())
}
