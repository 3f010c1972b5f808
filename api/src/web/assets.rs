//! The web app's own CSS and JavaScript (`api/web/assets`), embedded in the binary (read
//! from disk in debug builds, so a change shows on reload), served at `/assets/{file}`.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

/// The files.
#[derive(RustEmbed)]
#[folder = "web/assets/"]
struct Assets;

/// `GET /assets/{file}`.
pub async fn file(Path(name): Path<String>) -> Response {
    let Some(file) = Assets::get(&name) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let mut response = (StatusCode::OK, file.data.into_owned()).into_response();
    let headers = response.headers_mut();
    if let Ok(kind) = HeaderValue::from_str(file.metadata.mimetype()) {
        headers.insert(header::CONTENT_TYPE, kind);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
