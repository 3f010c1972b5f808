//! Cuepoint's API service: the HTTP edge, the command side, tenancy, configuration and the
//! private PostgreSQL it can run. The binary (`src/main.rs`) only parses the command line
//! and calls into this library.

pub mod automation;
pub mod automation_config;
pub mod cli;
pub mod commands;
pub mod config;
pub mod db;
pub mod demo;
pub mod embedded_pg;
pub mod features;
pub mod http;
pub mod import_cli;
pub mod measure;
pub mod pdf;
pub mod projections_cli;
pub mod run_cli;
pub mod serve;
pub mod sheets;
pub mod telemetry;
pub mod tenancy;
pub mod tenancy_grant;
pub mod web;
pub mod webhooks;
pub mod won_deals;
