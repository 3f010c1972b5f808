//! The query string of a `GET` form as an API route's parameters. A form sends every field,
//! a blank one as `name=`; the API reads a blank as a value (and refuses it), so the fields
//! left blank are dropped first: a blank field means "not given", as a person means it.

use axum::extract::Query;
use axum::http::Uri;
use serde::de::DeserializeOwned;

use crate::http::error::ApiError;

/// The parameters of `uri`'s query string without its blank fields, or the API's 400
/// `invalid_query` naming what is wrong (read as the API's `Query` extractor reads them).
pub fn form_query<T: DeserializeOwned>(uri: &Uri) -> Result<T, ApiError> {
    let bad = |message: String| ApiError::bad_request("invalid_query", message);
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(uri.query().unwrap_or_default())
        .map_err(|e| bad(format!("Failed to deserialize query string: {e}")))?;
    let given: Vec<(String, String)> = (fields.into_iter())
        .filter(|(_, value)| !value.trim().is_empty())
        .collect();
    let query = serde_urlencoded::to_string(given).map_err(|e| bad(e.to_string()))?;
    let given: Uri = format!("{}?{query}", uri.path())
        .parse()
        .map_err(|e: axum::http::uri::InvalidUri| bad(e.to_string()))?;
    Query::try_from_uri(&given)
        .map(|Query(params)| params)
        .map_err(|rejection| bad(rejection.body_text()))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Params {
        status: Option<u8>,
        from: Option<String>,
    }

    #[test]
    fn blank_fields_are_not_given() {
        let uri: Uri = "/ios?status=&from=2026-03-01".parse().unwrap();
        let params: Params = form_query(&uri).unwrap();
        assert_eq!(
            params,
            Params {
                status: None,
                from: Some("2026-03-01".into())
            }
        );
        let bad: Uri = "/ios?status=x".parse().unwrap();
        let refused = form_query::<Params>(&bad).unwrap_err().to_string();
        assert!(refused.contains("status"), "{refused}");
    }
}
