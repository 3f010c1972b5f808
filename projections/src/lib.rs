//! Cuepoint's read side.
//!
//! Projection workers read the event log in commit order ([`log`]), apply each batch to
//! their read models in one transaction together with their checkpoint ([`checkpoint`],
//! [`worker`]), can be rebuilt from the log into a fresh copy that replaces the old one
//! atomically ([`rebuild`]), and report where they are ([`status`]). An event a projection
//! cannot apply is parked ([`parked`]) instead of stopping the projection. Queries that must
//! see a command's effect wait for the projections they read ([`consistency`]).
//!
//! Read models and their queries live in [`read_models`]; [`registry`] lists every
//! projection the service runs.

pub mod batch;
pub mod checkpoint;
pub mod consistency;
pub mod failure;
pub mod locks;
pub mod log;
pub mod parked;
pub mod projection;
pub mod read_models;
pub mod rebuild;
pub mod registry;
pub mod status;
pub mod worker;

pub use log::{Position, RecordedEvent};
pub use projection::Projection;
