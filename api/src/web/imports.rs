//! `/imports`: the imports of listener metrics, newest first, with the ETL health of every
//! source and the CSV uploader; `/imports/{import_id}`: one import with its rejected rows by
//! line; `POST /imports/upload`: the uploader's target, which answers the API's JSON
//! (`app.js` renders it in place). Every figure is the answer of the API route the page
//! stands for ([`etl::list_imports`], [`etl::health`], [`etl::get_import`],
//! [`etl::import_csv`]).

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use cuepoint_domain::ids::ImportId;
use cuepoint_projections::read_models::imports::{ImportSummary, RejectedRow, SourceHealth};

use super::error::WebError;
use super::format::{count, etl_status, percent};
use super::render::{html, Layout};
use super::session::Session;
use crate::commands::Actor;
use crate::http::auth::Principal;
use crate::http::error::ApiError;
use crate::http::etl::{self, CsvParams, HealthParams, ImportDetail};
use crate::http::path::Path;
use crate::http::query::{PageParams, Query};
use crate::http::state::AppState;
use crate::http::upload::UploadRequest;

/// The list page's template.
#[derive(askama::Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    layout: Layout,
    upload_limit: u64,
    upload_limit_text: String,
    health_as_of: String,
    sources: Vec<SourceView>,
    imports: Vec<ImportView>,
    older: Option<String>,
}

/// The detail page's template.
#[derive(askama::Template)]
#[template(path = "import.html")]
struct ImportPage {
    layout: Layout,
    import: ImportView,
    failure: Option<String>,
    rejections: Vec<RejectionView>,
    more: Option<String>,
}

/// One source's ETL health as the page shows it.
struct SourceView {
    source: String,
    status: &'static str,
    status_class: &'static str,
    last_import_id: Option<String>,
    last_import_status: String,
    last_import_at: String,
    last_success_at: String,
    imports_last_7_days: String,
    failures_last_7_days: String,
    rejected_share: String,
    latest_day: String,
}

/// One import as the pages show it.
struct ImportView {
    id: String,
    origin: String,
    source: String,
    status: String,
    status_class: &'static str,
    accepted: String,
    rejected: String,
    last_day: String,
    started_at: String,
    finished_at: String,
    started_by: String,
}

/// One rejected row.
struct RejectionView {
    line: i64,
    column: String,
    reason: String,
}

/// `GET /imports?as_of=&limit=&cursor=`: the imports and the ETL health as of `as_of`.
pub async fn list(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    paging: Result<Query<PageParams>, ApiError>,
    health: Result<Query<HealthParams>, ApiError>,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Imports", &session, state.features, "/imports");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let (paging, health) = (paging.map_err(fail)?, health.map_err(fail)?);
    let axum::Json(imports) = etl::list_imports(State(state.clone()), principal.clone(), paging)
        .await
        .map_err(fail)?;
    let axum::Json(report) = etl::health(State(state.clone()), principal, health)
        .await
        .map_err(fail)?;
    let limit = state.settings.upload_limit;
    let page = ImportsPage {
        upload_limit: limit,
        upload_limit_text: size_text(limit),
        health_as_of: report.as_of.to_string(),
        sources: report.sources.iter().map(source_view).collect(),
        imports: imports.items.iter().map(import_view).collect(),
        older: imports.next_cursor,
        layout,
    };
    Ok(html(&page))
}

/// `GET /imports/{import_id}?cursor=`: one import and a page of its rejected rows.
pub async fn detail(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    id: Result<Path<ImportId>, ApiError>,
    paging: Result<Query<PageParams>, ApiError>,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("Import", &session, state.features, "/imports");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let (id, paging) = (id.map_err(fail)?, paging.map_err(fail)?);
    let axum::Json(ImportDetail { import, rejections }) =
        etl::get_import(State(state.clone()), principal, id, paging)
            .await
            .map_err(fail)?;
    let mut layout = layout;
    layout.title = format!("Import of {}", import.origin);
    let failure = (import.failure.as_ref()).map(|f| {
        f["message"]
            .as_str()
            .unwrap_or("the import failed")
            .to_string()
    });
    let page = ImportPage {
        import: import_view(&import),
        failure,
        rejections: rejections.items.iter().map(rejection_view).collect(),
        more: rejections.next_cursor,
        layout,
    };
    Ok(html(&page))
}

/// `POST /imports/upload?source=&file_name=`: the uploader's file, imported by the API's
/// own handler; the answer is the API's (201 with the outcome, 422 a failed import, 409
/// `duplicate_import`, 413 past the upload limit, …) for the page's script to show.
pub async fn upload(
    state: State<AppState>,
    actor: Actor,
    params: Query<CsvParams>,
    request: Request,
) -> Response {
    etl::import_csv(state, actor, params, UploadRequest(request))
        .await
        .into_response()
}

fn source_view(health: &SourceHealth) -> SourceView {
    let (status, status_class) = etl_status(health.status);
    SourceView {
        source: health.source.clone(),
        status,
        status_class,
        last_import_id: health.last_import_id.clone(),
        last_import_status: health.last_import_status.clone().unwrap_or_default(),
        last_import_at: time_text(health.last_import_at),
        last_success_at: time_text(health.last_success_at),
        imports_last_7_days: count(health.imports_last_7_days.max(0) as u64),
        failures_last_7_days: count(health.failures_last_7_days.max(0) as u64),
        rejected_share: percent(Some(health.rejected_share * 100.0)),
        latest_day: (health.latest_day).map_or_else(|| "—".to_string(), |d| d.to_string()),
    }
}

fn import_view(import: &ImportSummary) -> ImportView {
    ImportView {
        id: import.id.clone(),
        origin: import.origin.clone(),
        source: import.source.clone(),
        status: import.status.clone(),
        status_class: match import.status.as_str() {
            "completed" => "good",
            "failed" => "bad",
            _ => "neutral",
        },
        accepted: count(import.accepted.max(0) as u64),
        rejected: count(import.rejected.max(0) as u64),
        last_day: (import.last_day).map_or_else(|| "—".to_string(), |d| d.to_string()),
        started_at: time_text(Some(import.started_at)),
        finished_at: time_text(import.finished_at),
        started_by: import.started_by.clone(),
    }
}

fn rejection_view(row: &RejectedRow) -> RejectionView {
    RejectionView {
        line: row.line,
        column: row.column.clone().unwrap_or_else(|| "—".to_string()),
        reason: row.reason.clone(),
    }
}

/// A moment as the pages print it (`2026-03-31 14:05 UTC`), or a dash.
fn time_text(time: Option<DateTime<Utc>>) -> String {
    time.map_or_else(
        || "—".to_string(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// A size in bytes as people read it (`256 MiB`, `64 KiB`, `900 bytes`).
fn size_text(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let whole = bytes / unit;
            return if bytes.is_multiple_of(unit) {
                format!("{whole} {name}")
            } else {
                format!("{:.1} {name}", bytes as f64 / unit as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(256 << 20), "256 MiB");
        assert_eq!(size_text(64 * 1024), "64 KiB");
        assert_eq!(size_text(1536), "1.5 KiB");
        assert_eq!(size_text(900), "900 bytes");
    }
}
