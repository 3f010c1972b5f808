//! Tests of the import rules and aggregate.

mod aggregate;
mod csv_properties;
mod header;
mod health;
mod row_properties;
mod rules;
mod sources;
mod stored_rows;
mod strategies;
