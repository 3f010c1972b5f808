//! Queries over the catalog read models. Every query is filtered by tenant.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;

use crate::read_models::page::{Page, PageRequest};

/// Which catalog table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `rm_shows`.
    Show,
    /// `rm_advertisers`.
    Advertiser,
}

impl Kind {
    /// The read-model table.
    pub const fn table(self) -> &'static str {
        match self {
            Kind::Show => "rm_shows",
            Kind::Advertiser => "rm_advertisers",
        }
    }

    /// The id column of the table.
    pub const fn id_column(self) -> &'static str {
        match self {
            Kind::Show => "show_id",
            Kind::Advertiser => "advertiser_id",
        }
    }
}

/// A show or advertiser as the API returns it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct CatalogEntry {
    /// The id.
    pub id: String,
    /// The aggregate version this entry reflects.
    pub version: i64,
    /// The profile (see the domain's `ShowProfile` / `AdvertiserProfile`).
    #[serde(flatten)]
    pub profile: Value,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Lists shows; `only` restricts to those ids (creator tokens).
pub async fn list_shows(
    pool: &PgPool,
    tenant_id: &str,
    only: Option<&[String]>,
    page: &PageRequest,
) -> sqlx::Result<Page<CatalogEntry>> {
    list(pool, Kind::Show, tenant_id, only, page).await
}

/// Lists advertisers; `only` restricts to those ids (advertiser tokens).
pub async fn list_advertisers(
    pool: &PgPool,
    tenant_id: &str,
    only: Option<&[String]>,
    page: &PageRequest,
) -> sqlx::Result<Page<CatalogEntry>> {
    list(pool, Kind::Advertiser, tenant_id, only, page).await
}

/// One show of the tenant.
pub async fn get_show(
    pool: &PgPool,
    tenant_id: &str,
    id: &str,
) -> sqlx::Result<Option<CatalogEntry>> {
    get(pool, Kind::Show, tenant_id, id).await
}

/// One advertiser of the tenant.
pub async fn get_advertiser(
    pool: &PgPool,
    tenant_id: &str,
    id: &str,
) -> sqlx::Result<Option<CatalogEntry>> {
    get(pool, Kind::Advertiser, tenant_id, id).await
}

/// The show of the tenant with this slug.
pub async fn show_id_by_slug(
    pool: &PgPool,
    tenant_id: &str,
    slug: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT show_id FROM rm_shows WHERE tenant_id = $1 AND profile ->> 'slug' = $2 LIMIT 1",
    )
    .bind(tenant_id)
    .bind(slug)
    .fetch_optional(pool)
    .await
}

async fn list(
    pool: &PgPool,
    kind: Kind,
    tenant_id: &str,
    only: Option<&[String]>,
    page: &PageRequest,
) -> sqlx::Result<Page<CatalogEntry>> {
    let (table, id) = (kind.table(), kind.id_column());
    let limit = page.limit();
    let sql = format!(
        "SELECT {id} AS id, version, profile, created_at, updated_at FROM {table}
          WHERE tenant_id = $1 AND ($2::text[] IS NULL OR {id} = ANY($2))
            AND ($3::text IS NULL OR {id} > $3)
          ORDER BY {id} LIMIT $4"
    );
    let items: Vec<CatalogEntry> = sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(only)
        .bind(page.after.as_deref())
        .bind(limit + 1)
        .fetch_all(pool)
        .await?;
    Ok(Page::from_overfetch(items, limit, |entry| entry.id.clone()))
}

async fn get(
    pool: &PgPool,
    kind: Kind,
    tenant_id: &str,
    id: &str,
) -> sqlx::Result<Option<CatalogEntry>> {
    let (table, id_column) = (kind.table(), kind.id_column());
    let sql = format!(
        "SELECT {id_column} AS id, version, profile, created_at, updated_at FROM {table}
          WHERE tenant_id = $1 AND {id_column} = $2"
    );
    sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(pool)
        .await
}
