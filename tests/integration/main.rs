//! Integration tests: the real router, the real binary and a real PostgreSQL, each test in
//! its own database. See `support` for how the server is found or started.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod admin;
mod automation;
mod browser;
mod catalog;
mod command_cache;
mod commands;
mod crash;
mod dashboard_advertiser;
mod dashboard_creator;
mod deals;
mod deals_read;
mod embedded;
mod etl_csv;
mod etl_health;
mod etl_interrupted;
mod etl_lines;
mod etl_sheets;
mod etl_sources;
mod etl_support;
mod etl_text;
mod fuzzed_inputs;
mod hardening;
mod io;
mod matches;
mod metrics_publication;
mod metrics_rebuild;
mod openapi;
mod ordering;
mod ownership;
mod parked;
mod rebuild;
mod schemathesis_found;
mod tenancy;
mod unavailable;
mod wakeups;
mod web;
