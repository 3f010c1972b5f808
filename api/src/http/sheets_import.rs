//! `POST /api/v1/etl/google-sheets`: a worksheet's cells through the one import path.

use axum::extract::State;
use axum::http::StatusCode;
use cuepoint_domain::text::forbidden_char;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::OnceCell;

use super::error::ApiError;
use super::etl::source_name;
use super::json::Json;
use super::state::AppState;
use crate::commands::import::{hash_cells, run_import, ImportOutcome, ImportRequest, RowSource};
use crate::commands::Actor;
use crate::sheets::{a1_range, SheetsClient, SheetsConfig, SheetsError};

/// The source of a sheet import without `source`.
pub const DEFAULT_SHEETS_SOURCE: &str = "google_sheets";

/// The Sheets client of the process, made on first use from the configuration (so a bad
/// key file is reported to the import that needs it, and fixed without a restart), then
/// shared: one cached access token for all imports.
pub struct SheetsSource {
    config: Option<SheetsConfig>,
    client: OnceCell<SheetsClient>,
}

impl SheetsSource {
    /// A source for `config`; `None` when no key file is configured.
    pub fn new(config: Option<SheetsConfig>) -> Self {
        SheetsSource {
            config,
            client: OnceCell::new(),
        }
    }

    async fn client(&self) -> Result<&SheetsClient, ApiError> {
        let config = self.config.as_ref().ok_or_else(|| {
            ApiError::client(
                StatusCode::SERVICE_UNAVAILABLE,
                "sheets_not_configured",
                "Google Sheets imports are not configured (GOOGLE_SHEETS_CREDENTIALS_PATH)",
            )
        })?;
        self.client
            .get_or_try_init(|| async { SheetsClient::new(config.clone()) })
            .await
            .map_err(sheets_error)
    }
}

/// The body of `POST /api/v1/etl/google-sheets`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetImport {
    /// The spreadsheet's id (from its URL).
    #[schemars(with = "cuepoint_domain::schema::TextLine")]
    pub spreadsheet_id: String,
    /// The worksheet (tab) name.
    #[schemars(with = "cuepoint_domain::schema::TextLine")]
    pub worksheet: String,
    /// An A1 range within the worksheet (`A1:F`); the whole worksheet without it.
    #[schemars(with = "Option<cuepoint_domain::schema::TextLine>")]
    pub range: Option<String>,
    /// The source of rows without a `source` column (default `google_sheets`).
    #[schemars(with = "Option<cuepoint_domain::source::SourceName>")]
    pub source: Option<String>,
}

/// `POST /api/v1/etl/google-sheets`
pub async fn import_sheet(
    State(state): State<AppState>,
    actor: Actor,
    Json(body): Json<SheetImport>,
) -> Result<ImportOutcome, ApiError> {
    let source = source_name(Some(
        body.source.as_deref().unwrap_or(DEFAULT_SHEETS_SOURCE),
    ))?;
    let cells = [
        Some(&body.spreadsheet_id),
        Some(&body.worksheet),
        body.range.as_ref(),
    ];
    if cells
        .into_iter()
        .flatten()
        .any(|cell| forbidden_char(cell).is_some())
    {
        return Err(ApiError::bad_request(
            "invalid_body",
            "spreadsheet_id, worksheet and range may not hold control characters",
        ));
    }
    if body.spreadsheet_id.trim().is_empty() || body.worksheet.trim().is_empty() {
        return Err(ApiError::bad_request(
            "invalid_body",
            "spreadsheet_id and worksheet must not be empty",
        ));
    }
    let client = state.sheets.client().await?;
    let range = a1_range(&body.worksheet, body.range.as_deref());
    let values = client
        .values(&body.spreadsheet_id, &range)
        .await
        .map_err(sheets_error)?;
    let cells: Vec<Vec<String>> = values
        .into_iter()
        .map(|row| row.into_iter().map(cell_text).collect())
        .collect();
    let request = ImportRequest {
        source,
        origin: format!("{}/{range}", body.spreadsheet_id),
        content_hash: hash_cells(&cells),
    };
    run_import(&state.pool, &actor, request, RowSource::Grid(cells), None).await
}

/// A cell as text: strings as they are, whole numbers without a fraction (`120`, also
/// when Google sends `120.0`), other numbers and booleans as JSON prints them.
pub fn cell_text(cell: Value) -> String {
    match cell {
        Value::String(text) => text,
        Value::Null => String::new(),
        Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(whole), _) => whole.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
            _ => number.to_string(),
        },
        other => other.to_string(),
    }
}

fn sheets_error(error: SheetsError) -> ApiError {
    let status = match &error {
        SheetsError::NotShared { .. } | SheetsError::NotFound { .. } | SheetsError::EmptySheet => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        SheetsError::KeyFile { .. } | SheetsError::RateLimited => StatusCode::SERVICE_UNAVAILABLE,
        SheetsError::Auth(_) | SheetsError::Upstream(_) => StatusCode::BAD_GATEWAY,
    };
    ApiError::client(status, error.code(), error.to_string())
}

#[cfg(test)]
mod tests {
    use super::cell_text;
    use serde_json::json;

    #[test]
    fn cells_become_text() {
        assert_eq!(cell_text(json!("2026-03-01")), "2026-03-01");
        assert_eq!(cell_text(json!(120)), "120");
        assert_eq!(cell_text(json!(120.0)), "120");
        assert_eq!(cell_text(json!(1.5)), "1.5");
        assert_eq!(cell_text(json!(-3)), "-3");
        assert_eq!(cell_text(json!(true)), "true");
        assert_eq!(cell_text(json!(null)), "");
    }
}
