//! `/api/v1/etl/...`: imports of listener metrics and ETL health.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json as JsonResponse;
use chrono::{Days, NaiveDate, Utc};
use cuepoint_domain::ids::ImportId;
use cuepoint_domain::source::SourceName;
use cuepoint_projections::read_models::imports::{self, ImportSummary, RejectedRow, SourceHealth};
use cuepoint_projections::read_models::page::Page;
use serde::{Deserialize, Serialize};

use super::auth::Principal;
use super::error::ApiError;
use super::path::Path;
use super::query::{PageParams, Query};
use super::state::AppState;
use super::upload::{receive, UploadRequest};
use crate::commands::import::{run_import, ImportOutcome, ImportRequest, RowSource};
use crate::commands::Actor;

/// The source of an import without `?source=`.
pub const DEFAULT_CSV_SOURCE: &str = "csv";

/// Parameters of `POST /api/v1/etl/csv`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CsvParams {
    /// The source of rows without a `source` column (default `csv`).
    #[schemars(with = "Option<SourceName>")]
    pub source: Option<String>,
    /// The file name to record (a multipart part's own name wins).
    pub file_name: Option<String>,
}

/// `POST /api/v1/etl/csv`: imports a CSV file.
pub async fn import_csv(
    State(state): State<AppState>,
    actor: Actor,
    Query(params): Query<CsvParams>,
    UploadRequest(request): UploadRequest,
) -> Result<ImportOutcome, ApiError> {
    let source = source_name(params.source.as_deref())?;
    let upload = receive(request, &state, state.settings.upload_limit).await?;
    let origin = upload
        .file_name
        .or(params.file_name)
        .unwrap_or_else(|| "upload.csv".to_string());
    let request = ImportRequest {
        source,
        origin,
        content_hash: upload.spool.content_hash,
    };
    run_import(
        &state.pool,
        &actor,
        request,
        RowSource::Csv(upload.spool.file),
        None,
    )
    .await
}

/// The source an import is started with (`?source=`, default `csv`; a sheet's `source`):
/// the domain's one source-name rule, [`SourceName::parse`] (trimmed, lowercased, 1 to 64
/// characters, no control character); anything else is 400 `invalid_query`.
pub fn source_name(raw: Option<&str>) -> Result<String, ApiError> {
    SourceName::parse(raw.unwrap_or(DEFAULT_CSV_SOURCE))
        .map(String::from)
        .map_err(|e| ApiError::bad_request("invalid_query", format!("source: {e}")))
}

/// `GET /api/v1/etl/imports`: the tenant's imports, newest first.
pub async fn list_imports(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<PageParams>,
) -> Result<JsonResponse<Page<ImportSummary>>, ApiError> {
    let page = imports::list_imports(&state.pool, principal.tenant_id(), &params.page()?).await?;
    Ok(JsonResponse(page))
}

/// One import with a page of its rejected rows.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ImportDetail {
    /// The import.
    #[serde(flatten)]
    pub import: ImportSummary,
    /// Its rejected rows by line (`?limit=&cursor=` pages them).
    pub rejections: Page<RejectedRow>,
}

/// `GET /api/v1/etl/imports/{id}`
pub async fn get_import(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<ImportId>,
    Query(params): Query<PageParams>,
) -> Result<JsonResponse<ImportDetail>, ApiError> {
    let tenant = principal.tenant_id();
    let import = imports::get_import(&state.pool, tenant, id.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found("import"))?;
    let rejections =
        imports::list_rejections(&state.pool, tenant, id.as_str(), &params.page()?).await?;
    Ok(JsonResponse(ImportDetail { import, rejections }))
}

/// Parameters of `GET /api/v1/etl/health`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct HealthParams {
    /// The day to judge freshness against (default yesterday, UTC).
    pub as_of: Option<NaiveDate>,
}

/// The ETL health of every source.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct HealthReport {
    /// The day judged against.
    pub as_of: NaiveDate,
    /// One entry per source.
    pub sources: Vec<SourceHealth>,
}

/// `GET /api/v1/etl/health?as_of=`
pub async fn health(
    State(state): State<AppState>,
    principal: Principal,
    Query(params): Query<HealthParams>,
) -> Result<JsonResponse<HealthReport>, ApiError> {
    let as_of = params.as_of.unwrap_or_else(yesterday);
    let sources = imports::etl_health(&state.pool, principal.tenant_id(), as_of).await?;
    Ok(JsonResponse(HealthReport { as_of, sources }))
}

/// Yesterday (UTC), the last complete day of data: the default `as_of`.
pub fn yesterday() -> NaiveDate {
    let today = Utc::now().date_naive();
    today.checked_sub_days(Days::new(1)).unwrap_or(today)
}

/// 400 for a query parameter that breaks a rule.
pub fn bad_param(message: impl Into<String>) -> ApiError {
    ApiError::client(StatusCode::BAD_REQUEST, "invalid_query", message)
}
