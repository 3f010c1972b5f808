//! Receiving an uploaded file: a `text/csv` body or a `multipart/form-data` part, spooled
//! to a temporary file as it arrives (see `commands::import::spool`).

use std::convert::Infallible;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, StatusCode};
use futures::TryStreamExt;
use serde_json::json;

use super::error::ApiError;
use super::openapi::{Operation, Part};
use super::state::AppState;
use crate::commands::import::{spool, Spool, SpoolError};

/// Content types accepted as a raw CSV body.
const CSV_TYPES: &[&str] = &[
    "text/csv",
    "application/csv",
    "text/tab-separated-values",
    "text/plain",
];

/// The request of an upload route, whose body is a file that [`receive`] spools.
pub struct UploadRequest(pub Request);

impl<S: Send + Sync> FromRequest<S> for UploadRequest {
    type Rejection = Infallible;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        Ok(UploadRequest(request))
    }
}

impl Part for UploadRequest {
    fn describe(operation: &mut Operation<'_>) {
        let file = json!({"type": "string", "contentMediaType": "text/csv"});
        let multipart = json!({"type": "object", "properties": {"file": file}, "required": ["file"], "additionalProperties": false});
        let mut content: Vec<(&str, _)> = CSV_TYPES
            .iter()
            .map(|&media| (media, json!({"type": "string"})))
            .collect();
        content.push(("multipart/form-data", multipart));
        operation.body(true, &content);
        operation.errors(&[
            StatusCode::BAD_REQUEST,
            StatusCode::PAYLOAD_TOO_LARGE,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ]);
    }
}

/// An uploaded file.
pub struct Upload {
    /// The content, spooled.
    pub spool: Spool,
    /// The file name the client gave, if any.
    pub file_name: Option<String>,
}

/// Spools the file of `request`, at most `limit` bytes: 415 for another content type, 413
/// past the limit, 400 for a multipart body without a file.
pub async fn receive(request: Request, state: &AppState, limit: u64) -> Result<Upload, ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if let Some(length) = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
    {
        if length > limit {
            return Err(spool_error(SpoolError::TooLarge(limit)));
        }
    }
    if CSV_TYPES.contains(&essence) {
        let chunks = request.into_body().into_data_stream();
        let spool = spool(chunks, limit).await.map_err(spool_error)?;
        return Ok(Upload {
            spool,
            file_name: None,
        });
    }
    if essence == "multipart/form-data" {
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|e| ApiError::bad_request("invalid_multipart", e.body_text()))?;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| ApiError::bad_request("invalid_multipart", e.body_text()))?
        {
            if field.file_name().is_none() && field.name() != Some("file") {
                continue;
            }
            let file_name = field.file_name().map(str::to_string);
            let chunks = field.map_err(|e| e.body_text());
            let spool = spool(Box::pin(chunks), limit).await.map_err(spool_error)?;
            return Ok(Upload { spool, file_name });
        }
        return Err(ApiError::bad_request(
            "missing_file",
            "the multipart body has no file part (name it `file`)",
        ));
    }
    Err(ApiError::client(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "expected Content-Type: text/csv or multipart/form-data",
    ))
}

fn spool_error(error: SpoolError) -> ApiError {
    match error {
        SpoolError::TooLarge(limit) => ApiError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the file is larger than the limit of {limit} bytes"),
        ),
        SpoolError::Body(message) => ApiError::bad_request("unreadable_body", message),
        SpoolError::Io(error) => ApiError::Unexpected(error.into()),
    }
}
