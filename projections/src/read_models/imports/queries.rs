//! Queries over the imports read models. Every query is filtered by tenant.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;

use crate::read_models::page::{Page, PageRequest};

/// An import as the API lists it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct ImportSummary {
    /// The import's id.
    pub id: String,
    /// Its default source.
    pub source: String,
    /// The file name or sheet.
    pub origin: String,
    /// SHA-256 of the content.
    pub content_hash: String,
    /// Who started it.
    pub started_by: String,
    /// `running`, `completed` or `failed`.
    pub status: String,
    /// Rows accepted (known when it finished).
    pub accepted: i64,
    /// Rows rejected (known when it finished).
    pub rejected: i64,
    /// The latest day among its accepted rows.
    pub last_day: Option<NaiveDate>,
    /// Why it failed: `{"code", "message", ...}`.
    pub failure: Option<Value>,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it completed or failed.
    pub finished_at: Option<DateTime<Utc>>,
}

/// A rejected row of an import.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct RejectedRow {
    /// The line of the file (row of the sheet).
    pub line: i64,
    /// The column at fault, where one is.
    pub column: Option<String>,
    /// Why.
    pub reason: String,
}

const COLUMNS: &str = "import_id AS id, source, origin, content_hash, started_by, status,
    accepted, rejected, last_day, failure, started_at, finished_at";

/// The tenant's imports, newest first (ids are time-ordered).
pub async fn list_imports(
    pool: &PgPool,
    tenant_id: &str,
    page: &PageRequest,
) -> sqlx::Result<Page<ImportSummary>> {
    let limit = page.limit();
    let sql = format!(
        "SELECT {COLUMNS} FROM rm_imports
          WHERE tenant_id = $1 AND ($2::text IS NULL OR import_id < $2)
          ORDER BY import_id DESC LIMIT $3"
    );
    let items: Vec<ImportSummary> = sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(page.after.as_deref())
        .bind(limit + 1)
        .fetch_all(pool)
        .await?;
    Ok(Page::from_overfetch(items, limit, |i| i.id.clone()))
}

/// One import of the tenant.
pub async fn get_import(
    pool: &PgPool,
    tenant_id: &str,
    import_id: &str,
) -> sqlx::Result<Option<ImportSummary>> {
    let sql = format!("SELECT {COLUMNS} FROM rm_imports WHERE tenant_id = $1 AND import_id = $2");
    sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(import_id)
        .fetch_optional(pool)
        .await
}

/// The rejected rows of an import, by line; the cursor is the last line of a page.
pub async fn list_rejections(
    pool: &PgPool,
    tenant_id: &str,
    import_id: &str,
    page: &PageRequest,
) -> sqlx::Result<Page<RejectedRow>> {
    let limit = page.limit();
    let after: Option<i64> = page.after.as_deref().and_then(|a| a.parse().ok());
    let items: Vec<RejectedRow> = sqlx::query_as(
        "SELECT line, \"column\", reason FROM rm_import_rejections
          WHERE tenant_id = $1 AND import_id = $2 AND ($3::int8 IS NULL OR line > $3)
          ORDER BY line LIMIT $4",
    )
    .bind(tenant_id)
    .bind(import_id)
    .bind(after)
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    Ok(Page::from_overfetch(items, limit, |r| r.line.to_string()))
}
