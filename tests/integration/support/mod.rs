//! Test support: a database per test, the application around it, worker processes.
#![allow(dead_code)]

pub mod app;
pub mod browser;
pub mod db;
pub mod demo;
pub mod from_log;
pub mod process;
pub mod web;

pub use app::TestApp;
pub use db::TestDb;
