//! The command side: executing commands on aggregates through cqrs-es and the PostgreSQL
//! event store, with bounded retries of concurrent writes.

mod actor;
mod aggregates;
mod bus;
mod cache;
mod catalog;
mod committed;
mod deal;
mod errors;
pub mod import;
mod io;
mod io_catalog;
mod store;
mod wakeup;

pub use actor::Actor;
pub use aggregates::Aggregates;
pub use bus::{CommandBus, CommandSettings};
pub use committed::Committed;
pub use io_catalog::ReadModelCatalog;
