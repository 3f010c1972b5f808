//! A query-string extractor whose rejections use the API's error shape.

use axum::extract::{FromRequestParts, Query as AxumQuery};
use axum::http::request::Parts;
use cuepoint_domain::text::forbidden_char;
use cuepoint_projections::read_models::page::PageRequest;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::error::ApiError;

/// Like `axum::extract::Query`, answering a bad parameter with a 400 `invalid_query`.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        AxumQuery::<T>::from_request_parts(parts, state)
            .await
            .map(|AxumQuery(value)| Query(value))
            .map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))
    }
}

/// Paging parameters of a list: `limit` (1..=200, default 50) and `cursor` (the
/// `next_cursor` of the previous page).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct PageParams {
    /// Items per page.
    #[schemars(range(min = 1, max = cuepoint_projections::read_models::page::MAX_LIMIT))]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[schemars(pattern(cuepoint_domain::schema::ID_PATTERN))]
    pub cursor: Option<String>,
}

impl PageParams {
    /// The page request, or 400 `invalid_query` saying which parameter is wrong.
    pub fn page(self) -> Result<PageRequest, ApiError> {
        PageRequest::parse(self.limit, self.cursor)
            .map_err(|reason| ApiError::bad_request("invalid_query", reason))
    }
}

/// 400 `invalid_query` when the parameter `name` holds a control character (other than
/// tab), which no stored text holds (and PostgreSQL refuses NUL).
pub fn one_line(name: &str, value: Option<&str>) -> Result<(), ApiError> {
    match value.and_then(forbidden_char) {
        Some(c) => Err(ApiError::bad_request(
            "invalid_query",
            format!(
                "{name}: the control character U+{:04X} is not allowed",
                u32::from(c)
            ),
        )),
        None => Ok(()),
    }
}
