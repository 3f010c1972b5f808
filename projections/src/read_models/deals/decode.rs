//! Reading the domain's values back from the text columns that hold them.

use std::str::FromStr;

/// The value a column holds by its name (a stage, a loss reason); a name the domain does
/// not know is a decode error of the query (a 500), never a panic.
pub(super) fn parse<T>(raw: &str) -> sqlx::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    raw.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
