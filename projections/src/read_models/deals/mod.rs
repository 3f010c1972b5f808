//! The deal read models: one row per deal (`rm_deals`; the folded aggregate in
//! `rm_deal_states`), its stage history (`rm_deal_stages`) and the forecast by month
//! (`rm_deal_forecast`), rendered as the deal list and detail, summed as the pipeline by
//! stage, and read by the ops dashboard. See docs/deals.md.

mod dashboard;
mod decode;
mod forecast;
mod pipeline;
mod projection;
mod queries;
mod view;

pub use dashboard::{deal_alerts_as_of, deal_figures, DealAlert, DealFigures};
pub use pipeline::pipeline;
pub use projection::DealsProjection;
pub use queries::{get_deal, list_deals, DealFilter};
pub use view::{DealDetail, DealSummary, StageView};
