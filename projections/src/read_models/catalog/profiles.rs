//! Catalog profiles decoded into the domain's types, for the rules the dashboards apply.

use cuepoint_domain::catalog::{AdvertiserProfile, ShowProfile};
use serde_json::Value;
use sqlx::PgPool;

use crate::read_models::stored_value_error;

/// The profiles of the tenant's shows among `ids`, by id (an unknown id is left out).
pub async fn show_profiles(
    pool: &PgPool,
    tenant_id: &str,
    ids: &[String],
) -> sqlx::Result<Vec<(String, ShowProfile)>> {
    let rows: Vec<(String, Value)> = sqlx::query_as(
        "SELECT show_id, profile FROM rm_shows
          WHERE tenant_id = $1 AND show_id = ANY($2) ORDER BY show_id",
    )
    .bind(tenant_id)
    .bind(ids)
    .fetch_all(pool)
    .await?;
    (rows.into_iter())
        .map(|(id, profile)| Ok((id, decode(profile)?)))
        .collect()
}

/// The profile of one advertiser of the tenant.
pub async fn advertiser_profile(
    pool: &PgPool,
    tenant_id: &str,
    id: &str,
) -> sqlx::Result<Option<AdvertiserProfile>> {
    let profile: Option<Value> = sqlx::query_scalar(
        "SELECT profile FROM rm_advertisers WHERE tenant_id = $1 AND advertiser_id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    profile.map(decode).transpose()
}

fn decode<T: serde::de::DeserializeOwned>(profile: Value) -> sqlx::Result<T> {
    serde_json::from_value(profile).map_err(stored_value_error)
}
