//! `/api/docs`: Swagger UI over `/api/v1/openapi.json`. Its files are built into the binary
//! (`utoipa-swagger-ui` with its vendored copy), so the page works with no network access.

use std::sync::{Arc, LazyLock};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use utoipa_swagger_ui::Config;

use super::error::ApiError;
use super::openapi::{Answer, Operation};
use super::path::Path;

/// Where the UI's files are served.
pub const DOCS_PATH: &str = "/api/docs";

/// `GET /api/docs`: to the UI's page.
pub async fn home() -> DocsRedirect {
    DocsRedirect
}

/// `GET /api/docs/{file}`: a file of the UI (`index.html`, its scripts and styles).
pub async fn file(Path(name): Path<String>) -> Result<DocsFile, ApiError> {
    // No validator badge: Swagger UI would send the document to its public validator.
    static CONFIG: LazyLock<Arc<Config<'static>>> =
        LazyLock::new(|| Arc::new(Config::new(["/api/v1/openapi.json"]).validator_url("none")));
    match utoipa_swagger_ui::serve(&name, CONFIG.clone()) {
        Ok(Some(file)) => Ok(DocsFile {
            bytes: file.bytes.into_owned(),
            content_type: file.content_type,
            gzipped: file.gzpipped,
        }),
        Ok(None) => Err(ApiError::not_found("file")),
        Err(error) => Err(ApiError::Unexpected(anyhow::anyhow!(
            "the docs UI: {error}"
        ))),
    }
}

/// The redirect of `/api/docs` to the UI's page.
pub struct DocsRedirect;

impl IntoResponse for DocsRedirect {
    fn into_response(self) -> Response {
        Redirect::permanent(&format!("{DOCS_PATH}/index.html")).into_response()
    }
}

impl Answer for DocsRedirect {
    fn describe(operation: &mut Operation<'_>) {
        operation.answer(StatusCode::PERMANENT_REDIRECT, &[]);
        operation.answer_header(
            StatusCode::PERMANENT_REDIRECT,
            "Location",
            "The UI's page, /api/docs/index.html",
        );
    }
}

/// A file of the UI.
pub struct DocsFile {
    bytes: Vec<u8>,
    content_type: String,
    gzipped: bool,
}

impl IntoResponse for DocsFile {
    fn into_response(self) -> Response {
        let mut response = (StatusCode::OK, self.bytes).into_response();
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&self.content_type) {
            headers.insert(header::CONTENT_TYPE, value);
        }
        if self.gzipped {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        response
    }
}

impl Answer for DocsFile {
    fn describe(operation: &mut Operation<'_>) {
        let text = json!({"type": "string"});
        operation.answer(
            StatusCode::OK,
            &[
                ("text/html", text.clone()),
                ("text/css", text.clone()),
                ("text/javascript", text),
            ],
        );
    }
}
