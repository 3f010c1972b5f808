//! The imports read models: each import with its outcome and rejected rows, and the ETL
//! health of each source computed from them.

mod health;
mod projection;
mod queries;

pub use health::{etl_health, SourceHealth};
pub use projection::ImportsProjection;
pub use queries::{get_import, list_imports, list_rejections, ImportSummary, RejectedRow};
