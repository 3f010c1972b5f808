//! The metrics read models: downloads and listeners per show and day and per episode and
//! day, per source (docs/rules.md), built from completed imports.

mod beside;
mod by_show;
mod delivery;
mod numbers;
mod projection;
mod publication;
mod queries;
mod staging;
mod verify;

pub use by_show::{daily_by_show, ShowSource};
pub use delivery::{delivery_counts, Deliveries, DeliverySelection};
pub use projection::MetricsProjection;
pub use queries::{daily, DailyFigure, DailyQuery};
pub use verify::{verify_metrics_daily, MetricsVerification};

/// Whether the row `m` of `rm_metrics_episode_daily` is visible: its import has completed
/// (a running import's rows are staged in place, unseen). Every reader of the table filters
/// by it; `rm_metrics_daily` sums visible rows only.
const VISIBLE: &str =
    "EXISTS (SELECT 1 FROM rm_metrics_published p WHERE p.import_no = m.import_no)";
