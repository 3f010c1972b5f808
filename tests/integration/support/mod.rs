//! Test support: a database per test, the application around it, worker processes.
#![allow(dead_code)]

pub mod app;
pub mod db;
pub mod demo;
pub mod process;

pub use app::TestApp;
pub use db::TestDb;
