//! The alerts read model (SPEC 8): every alert of a tenant as last raised, open or
//! cleared, built from the `alert` aggregate's events.

mod projection;
mod queries;

pub use projection::AlertsProjection;
pub use queries::{list_alerts, AlertFilter, AlertRow};
