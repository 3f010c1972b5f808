//! What every handler can reach.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;

use super::credential_cache::CredentialCache;
use crate::automation::schedule::Schedules;
use crate::automation::JobContext;
use crate::commands::CommandBus;
use crate::features::FeatureFlags;
use crate::pdf::PdfRenderer;

/// Shared, cheap-to-clone application state. Servers keep no other state: any number of
/// them can run against one database.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
    /// Executes commands on aggregates.
    pub commands: Arc<CommandBus>,
    /// Recently verified tokens.
    pub credentials: Arc<CredentialCache>,
    /// HTTP settings.
    pub settings: Arc<HttpSettings>,
    /// Renders IO PDFs.
    pub pdf: PdfRenderer,
    /// The Google Sheets client of imports.
    pub sheets: Arc<super::sheets_import::SheetsSource>,
    /// Which features are on (read once at start).
    pub features: FeatureFlags,
    /// What the automation jobs run with.
    pub jobs: JobContext,
    /// The jobs' schedules.
    pub schedules: Arc<Schedules>,
}

/// Settings of the HTTP layer.
#[derive(Clone, Debug)]
pub struct HttpSettings {
    /// The domain under which sub-domains name tenants (`acme.<base_domain>`).
    pub base_domain: Option<String>,
    /// How long a query given a consistency token waits for the read models.
    pub consistency_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Largest uploaded file (CSV import), in bytes.
    pub upload_limit: u64,
    /// Whether every request is counted and timed for `GET /metrics` (the metrics layer, with
    /// the process's Prometheus recorder installed). `cuepoint serve` always sets it; the
    /// load benchmark turns it off to measure what it costs (docs/benchmarks.md).
    pub metrics: bool,
}
