//! Tests of the import rules and aggregate.

mod aggregate;
mod header;
mod health;
mod rules;
mod sources;
