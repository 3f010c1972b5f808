//! A path-parameter extractor whose rejections use the API's error shape.

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path as AxumPath};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Like `axum::extract::Path`. A parameter that cannot be what the route expects (an id
/// with a character ids never hold, say) names no resource: 404 `not_found` in the error
/// shape, as an unknown id is.
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match AxumPath::<T>::from_request_parts(parts, state).await {
            Ok(AxumPath(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(error)) => {
                Err(ApiError::not_found_because(error.body_text()))
            }
            Err(other) => Err(ApiError::Unexpected(anyhow::anyhow!(
                "path parameters: {}",
                other.body_text()
            ))),
        }
    }
}
