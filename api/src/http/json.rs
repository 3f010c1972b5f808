//! A JSON body extractor whose rejections use the API's error shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;

/// Like `axum::Json`, but a malformed body is a 400 (`malformed_json` / `invalid_body`,
/// naming the field serde reports) and a missing `Content-Type: application/json` is a 415,
/// both in the API's error shape. A number with a zero fraction (`700.0`, `7e2`) is an
/// integer, as JSON Schema counts it, so it fills an integer field.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(mut value) = axum::Json::<Value>::from_request(req, state)
            .await
            .map_err(reject)?;
        integral_floats_as_integers(&mut value);
        serde_path_to_error::deserialize(value)
            .map(Json)
            .map_err(|error| {
                let path = error.path().to_string();
                let message = match path.as_str() {
                    "." => error.inner().to_string(),
                    _ => format!("{path}: {}", error.inner()),
                };
                ApiError::bad_request("invalid_body", message)
            })
    }
}

/// A JSON body that may be left out: no body at all reads as `T::default()`; a body is
/// read as [`Json`] reads it.
pub struct OptionalJson<T>(pub T);

impl<S, T> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers();
        let no_body = !headers.contains_key(header::CONTENT_TYPE)
            && headers
                .get(header::CONTENT_LENGTH)
                .is_none_or(|length| length == "0");
        if no_body {
            return Ok(OptionalJson(T::default()));
        }
        Json::from_request(req, state)
            .await
            .map(|Json(value)| OptionalJson(value))
    }
}

/// Turns every number of `value` that is a float with a zero fraction, within `i64`, into
/// that integer.
fn integral_floats_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|_| number.is_f64()) {
                // Every float within these bounds with no fraction converts exactly.
                let in_range = (-9.0e18..=9.0e18).contains(&float);
                if in_range && float.fract() == 0.0 {
                    *value = Value::from(float as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

fn reject(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::client(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "expected Content-Type: application/json",
        ),
        JsonRejection::JsonSyntaxError(error) => {
            ApiError::bad_request("malformed_json", error.body_text())
        }
        JsonRejection::JsonDataError(error) => {
            ApiError::bad_request("invalid_body", error.body_text())
        }
        JsonRejection::BytesRejection(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::client(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                error.body_text(),
            )
        }
        other => ApiError::bad_request("invalid_body", other.body_text()),
    }
}
