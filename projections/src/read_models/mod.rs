//! Read models: the tables the API reads, each written by one projection, and the queries
//! over them.

pub mod alerts;
pub mod catalog;
pub mod dashboards;
pub mod deals;
mod folded;
pub mod imports;
pub mod io;
pub mod matches;
pub mod metrics;
pub mod page;

use cuepoint_domain::bounds::Overflow;

/// A stored figure whose sums do not fit (only data from before the bounds): an error of the
/// query, answered as a 500, never a panic or a wrapped figure.
pub(crate) fn overflow(error: Overflow) -> sqlx::Error {
    stored_value_error(error)
}

/// A stored value the domain does not accept, or a figure that does not fit: an error of the
/// query (answered as a 500), never a panic.
pub(crate) fn stored_value_error(
    error: impl std::error::Error + Send + Sync + 'static,
) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(error))
}
