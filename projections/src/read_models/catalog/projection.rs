//! The `catalog` projection: upserts the latest profile of each show and advertiser.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use cuepoint_domain::catalog::{Advertiser, AdvertiserEvent, Show, ShowEvent};
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

    /// Every event carries the entry's full profile, so only the last event of each entry
    /// in the batch is decoded; the first one gives its creation time.
    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        let mut latest: HashMap<(&str, &str, &str), (DateTime<Utc>, &RecordedEvent)> =
            HashMap::new();
        for event in events {
            let key = (
                event.aggregate_type.as_str(),
                event.tenant_id.as_str(),
                event.aggregate_id.as_str(),
            );
            let created_at = latest.get(&key).map_or(event.recorded_at, |(at, _)| *at);
            latest.insert(key, (created_at, event));
        }
        let mut rows: HashMap<Kind, Vec<Row>> = HashMap::new();
        for (created_at, event) in latest.into_values() {
            let (kind, profile) = profile_of(event)?;
            rows.entry(kind).or_default().push(Row {
                tenant_id: &event.tenant_id,
                id: &event.aggregate_id,
                version: event.sequence,
                profile,
                created_at,
                updated_at: event.recorded_at,
            });
        }
        for (kind, rows) in rows {
            upsert(conn, kind, &rows).await?;
        }
        Ok(())
    }
}

/// The newest state of one catalog entry within a batch.
struct Row<'a> {
    tenant_id: &'a str,
    id: &'a str,
    version: i64,
    profile: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The full profile a catalog event carries, as JSON text (the domain's form of it), with
/// the kind of entry it describes (also read by the `matches` projection).
pub(crate) fn profile_of(event: &RecordedEvent) -> anyhow::Result<(Kind, String)> {
    if event.aggregate_type == Show::TYPE {
        let profile = match event.decode::<ShowEvent>()? {
            ShowEvent::ShowCreated { profile } | ShowEvent::ShowUpdated { profile } => profile,
        };
        Ok((Kind::Show, serde_json::to_string(&profile)?))
    } else {
        let profile = match event.decode::<AdvertiserEvent>()? {
            AdvertiserEvent::AdvertiserCreated { profile }
            | AdvertiserEvent::AdvertiserUpdated { profile } => profile,
        };
        Ok((Kind::Advertiser, serde_json::to_string(&profile)?))
    }
}

/// One statement for all rows of a kind; an older version never replaces a newer one.
async fn upsert(conn: &mut PgConnection, kind: Kind, rows: &[Row<'_>]) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let (table, id) = (kind.table(), kind.id_column());
    let sql = format!(
        "INSERT INTO {table} (tenant_id, {id}, version, name, profile, created_at, updated_at)
         SELECT t, i, v, p ->> 'name', p, c, u
           FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[]::jsonb[], $5::timestamptz[],
                       $6::timestamptz[])
             AS batch(t, i, v, p, c, u)
         ON CONFLICT (tenant_id, {id}) DO UPDATE
            SET version = EXCLUDED.version, name = EXCLUDED.name, profile = EXCLUDED.profile,
                updated_at = EXCLUDED.updated_at
          WHERE {table}.version < EXCLUDED.version"
    );
    sqlx::query(&sql)
        .bind(rows.iter().map(|r| r.tenant_id).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.id).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.version).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.profile.as_str()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.created_at).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.updated_at).collect::<Vec<_>>())
        .execute(conn)
        .await?;
    Ok(())
}
