//! Read models: the tables the API reads, each written by one projection, and the queries
//! over them.

pub mod catalog;
pub mod imports;
pub mod io;
pub mod metrics;
pub mod page;
