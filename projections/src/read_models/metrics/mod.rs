//! The metrics read models: downloads and listeners per show and day and per episode and
//! day, per source (docs/rules.md), built from completed imports.

mod by_show;
mod delivery;
mod projection;
mod queries;
mod verify;

pub use by_show::{daily_by_show, ShowSource};
pub use delivery::{delivery_counts, Deliveries, DeliverySelection};
pub use projection::MetricsProjection;
pub use queries::{daily, DailyFigure, DailyQuery};
pub use verify::{verify_metrics_daily, MetricsVerification};
