//! Read models: the tables the API reads, each written by one projection, and the queries
//! over them.

pub mod catalog;
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
    sqlx::Error::Decode(Box::new(error))
}
