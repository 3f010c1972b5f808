//! Cuepoint's business vocabulary: identifiers, money, tenancy, and the catalog of shows and
//! advertisers with their aggregates, commands, events, value types and rules.
//!
//! The crate is pure: no I/O, no database, no HTTP. Values are parsed once at the edge into
//! types that cannot hold invalid data; validation failures are collected per JSON field in
//! [`violation::Violations`] so a caller can report all of them at once.
//!
//! The dashboards' figures are pure rules here too, each found by its name: delivery,
//! pacing and revenue of a line in [`io`], audience fit in [`matching`], projections and
//! the inventory calendar in [`planning`], the 30-day window in [`window`].

// Tests may unwrap: a panic is the failure report.
#![cfg_attr(test, allow(clippy::unwrap_used))]

#[macro_use]
mod macros;

pub mod automation;
pub mod bounds;
pub mod catalog;
pub mod deal;
pub mod feature;
mod fields;
pub mod ids;
pub mod import;
pub mod invalid;
pub mod io;
pub mod matching;
pub mod money;
pub mod planning;
pub mod schema;
pub mod source;
pub mod tenancy;
pub mod text;
pub mod violation;
pub mod window;
