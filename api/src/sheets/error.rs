//! What can go wrong between Cuepoint and Google Sheets, each with a stable code.

use std::path::PathBuf;

/// An error of the Sheets client. Messages are safe to show to the person who asked for the
/// import: they name files, addresses and ranges, never tokens or key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetsError {
    /// The service-account key file is missing, unreadable or not a usable key (a server
    /// configuration problem, not the caller's).
    #[error("Google service-account key file {}: {reason}", path.display())]
    KeyFile {
        /// The configured path (`GOOGLE_SHEETS_CREDENTIALS_PATH`).
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Google refused the token exchange, or refused the token it had issued.
    #[error("Google refused the service account's credentials: {0}")]
    Auth(String),
    /// 403 on `values.get`: the spreadsheet is not shared with the service account.
    #[error(
        "the spreadsheet is not shared with the service account: share it (Viewer is enough) \
         with {client_email}"
    )]
    NotShared {
        /// The service account's address, to share the spreadsheet with.
        client_email: String,
    },
    /// 404 (or an unparseable range): no such spreadsheet, or no such worksheet or range.
    #[error("spreadsheet {spreadsheet_id} or range {range} not found")]
    NotFound {
        /// The spreadsheet id asked for.
        spreadsheet_id: String,
        /// The A1 range asked for.
        range: String,
    },
    /// The range holds no values at all.
    #[error("the sheet range is empty")]
    EmptySheet,
    /// Google kept answering 429 (quota) after every retry.
    #[error("Google Sheets rate limit: still refused after retries, try again later")]
    RateLimited,
    /// Google failed (5xx after retries), could not be reached, or answered something
    /// unexpected.
    #[error("Google Sheets is unavailable: {0}")]
    Upstream(String),
}

impl SheetsError {
    /// A stable snake_case code for API responses and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::KeyFile { .. } => "sheets_key_file_invalid",
            Self::Auth(_) => "sheets_auth_failed",
            Self::NotShared { .. } => "sheet_not_shared",
            Self::NotFound { .. } => "sheet_not_found",
            Self::EmptySheet => "sheet_empty",
            Self::RateLimited => "sheets_rate_limited",
            Self::Upstream(_) => "sheets_upstream_error",
        }
    }

    pub(crate) fn key_file(path: &std::path::Path, reason: impl Into<String>) -> Self {
        Self::KeyFile {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}
