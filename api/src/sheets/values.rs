//! `spreadsheets.values.get` and the mapping of Google's answers to [`SheetsError`].

use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use super::range::path_segment;
use super::retry::{describe, send};
use super::{SheetsClient, SheetsError};

/// Raw values (numbers stay numbers, booleans stay booleans), dates as the sheet shows them.
const QUERY: [(&str, &str); 2] = [
    ("valueRenderOption", "UNFORMATTED_VALUE"),
    ("dateTimeRenderOption", "FORMATTED_STRING"),
];

/// Longest piece of Google's own error message repeated in ours.
const MAX_MESSAGE: usize = 300;

/// The reply of `values.get`; `values` is absent when the range is empty.
#[derive(Deserialize)]
struct ValueRange {
    values: Option<Vec<Vec<Value>>>,
}

/// Google's error envelope: `{"error": {"code", "message", "status", "details"}}`.
#[derive(Deserialize, Default)]
struct ErrorReply {
    #[serde(default)]
    error: GoogleError,
}

#[derive(Deserialize, Default)]
struct GoogleError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    details: Vec<Value>,
}

impl GoogleError {
    fn parse(body: &[u8]) -> Self {
        serde_json::from_slice::<ErrorReply>(body)
            .unwrap_or_default()
            .error
    }

    /// The Sheets API is not enabled in the service account's Google Cloud project.
    fn service_disabled(&self) -> bool {
        self.details
            .iter()
            .any(|d| d.get("reason").and_then(Value::as_str) == Some("SERVICE_DISABLED"))
            || self.message.contains("has not been used in project")
    }

    fn short_message(&self) -> String {
        self.message.chars().take(MAX_MESSAGE).collect()
    }
}

impl SheetsClient {
    /// `values.get` of `range` (e.g. `Sheet1` or `'My Sheet'!A1:F`, see
    /// [`a1_range`](super::a1_range)): the rows as Google returns them, cells as JSON strings,
    /// numbers or booleans; trailing empty cells and rows are omitted, so rows may be short.
    ///
    /// 429 and 5xx are retried with backoff; a 401 drops the cached token and is retried
    /// once with a fresh one.
    #[tracing::instrument(skip(self), fields(client_email = %self.inner.tokens.key.client_email))]
    pub async fn values(
        &self,
        spreadsheet_id: &str,
        range: &str,
    ) -> Result<Vec<Vec<Value>>, SheetsError> {
        let url = format!(
            "{}/v4/spreadsheets/{}/values/{}",
            self.inner.api_base_url,
            path_segment(spreadsheet_id),
            path_segment(range)
        );
        let http = &self.inner.http;
        let mut token_refreshed = false;
        loop {
            let token = self.inner.tokens.token(http, &self.retry).await?;
            let response = send(&self.retry, "values.get", || {
                http.get(&url).query(&QUERY).bearer_auth(&token)
            })
            .await
            .map_err(|e| SheetsError::Upstream(describe(&e)))?;
            let status = response.status();
            let body = response
                .bytes()
                .await
                .map_err(|e| SheetsError::Upstream(describe(&e)))?;
            if status.is_success() {
                let reply: ValueRange = serde_json::from_slice(&body).map_err(|e| {
                    SheetsError::Upstream(format!("unexpected values.get reply: {e}"))
                })?;
                return match reply.values {
                    Some(rows) if !rows.is_empty() => Ok(rows),
                    _ => Err(SheetsError::EmptySheet),
                };
            }
            if status == StatusCode::UNAUTHORIZED && !token_refreshed {
                tracing::info!("access token refused, exchanging a fresh one");
                self.inner.tokens.forget(&token).await;
                token_refreshed = true;
                continue;
            }
            return Err(self.failure(status, &GoogleError::parse(&body), spreadsheet_id, range));
        }
    }

    fn failure(
        &self,
        status: StatusCode,
        error: &GoogleError,
        spreadsheet_id: &str,
        range: &str,
    ) -> SheetsError {
        let not_found = || SheetsError::NotFound {
            spreadsheet_id: spreadsheet_id.to_owned(),
            range: range.to_owned(),
        };
        match status {
            StatusCode::UNAUTHORIZED => SheetsError::Auth(format!(
                "a fresh access token was refused: {}",
                error.short_message()
            )),
            StatusCode::FORBIDDEN if error.service_disabled() => SheetsError::Auth(format!(
                "the Google Sheets API is not enabled for the service account's project: {}",
                error.short_message()
            )),
            StatusCode::FORBIDDEN => SheetsError::NotShared {
                client_email: self.inner.tokens.key.client_email.clone(),
            },
            StatusCode::NOT_FOUND => not_found(),
            // A worksheet name that does not exist is answered 400 "Unable to parse range".
            StatusCode::BAD_REQUEST if error.message.contains("parse range") => not_found(),
            StatusCode::TOO_MANY_REQUESTS => SheetsError::RateLimited,
            _ => SheetsError::Upstream(format!(
                "values.get answered {status}: {}",
                error.short_message()
            )),
        }
    }
}
