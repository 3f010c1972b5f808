//! The `catalog` projection: upserts the latest profile of each show and advertiser.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use cuepoint_domain::catalog::{Advertiser, AdvertiserEvent, Show, ShowEvent};
use serde_json::Value;
use sqlx::PgConnection;

use super::Kind;
use crate::{Projection, RecordedEvent};

/// Builds `rm_shows` and `rm_advertisers`.
pub struct CatalogProjection;

#[async_trait]
impl Projection for CatalogProjection {
    fn name(&self) -> &'static str {
        "catalog"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[Show::TYPE, Advertiser::TYPE]
    }

    fn tables(&self) -> &'static [&'static str] {
        const TABLES: &[&str] = &[Kind::Show.table(), Kind::Advertiser.table()];
        TABLES
    }

    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        let mut latest: HashMap<(Kind, &str, &str), Row> = HashMap::new();
        for event in events {
            let (kind, profile) = profile_of(event)?;
            let key = (kind, event.tenant_id.as_str(), event.aggregate_id.as_str());
            let created_at = latest
                .get(&key)
                .map_or(event.recorded_at, |row| row.created_at);
            latest.insert(
                key,
                Row {
                    version: event.sequence,
                    profile,
                    created_at,
                    updated_at: event.recorded_at,
                },
            );
        }
        for kind in [Kind::Show, Kind::Advertiser] {
            let rows: Vec<_> = latest
                .iter()
                .filter(|((k, _, _), _)| *k == kind)
                .map(|((_, tenant, id), row)| (*tenant, *id, row))
                .collect();
            upsert(conn, kind, &rows).await?;
        }
        Ok(())
    }
}

/// The newest state of one catalog entry within a batch.
struct Row {
    version: i64,
    profile: Value,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The full profile an event carries.
fn profile_of(event: &RecordedEvent) -> anyhow::Result<(Kind, Value)> {
    let payload = event.payload.clone().unwrap_or(Value::Null);
    if event.aggregate_type == Show::TYPE {
        let profile = match serde_json::from_value::<ShowEvent>(payload)? {
            ShowEvent::ShowCreated { profile } | ShowEvent::ShowUpdated { profile } => profile,
        };
        Ok((Kind::Show, serde_json::to_value(profile)?))
    } else {
        let profile = match serde_json::from_value::<AdvertiserEvent>(payload)? {
            AdvertiserEvent::AdvertiserCreated { profile }
            | AdvertiserEvent::AdvertiserUpdated { profile } => profile,
        };
        Ok((Kind::Advertiser, serde_json::to_value(profile)?))
    }
}

/// One statement for all rows of a kind; an older version never replaces a newer one.
async fn upsert(
    conn: &mut PgConnection,
    kind: Kind,
    rows: &[(&str, &str, &Row)],
) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let (table, id) = (kind.table(), kind.id_column());
    let sql = format!(
        "INSERT INTO {table} (tenant_id, {id}, version, name, profile, created_at, updated_at)
         SELECT t, i, v, p ->> 'name', p, c, u
           FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::jsonb[], $5::timestamptz[], $6::timestamptz[])
             AS batch(t, i, v, p, c, u)
         ON CONFLICT (tenant_id, {id}) DO UPDATE
            SET version = EXCLUDED.version, name = EXCLUDED.name, profile = EXCLUDED.profile,
                updated_at = EXCLUDED.updated_at
          WHERE {table}.version < EXCLUDED.version"
    );
    sqlx::query(&sql)
        .bind(rows.iter().map(|r| r.0).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.1).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.2.version).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.2.profile.clone()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.2.created_at).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.2.updated_at).collect::<Vec<_>>())
        .execute(conn)
        .await?;
    Ok(())
}
