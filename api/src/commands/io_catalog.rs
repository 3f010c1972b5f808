//! The IO aggregate's catalog lookup, over the catalog read model. The read model lags the
//! event log by a projection batch: a show created a moment ago may not be found yet
//! (clients pass the show's consistency token to a catalog query first, or retry).

use std::sync::Arc;

use async_trait::async_trait;
use cuepoint_domain::ids::{AdvertiserId, ShowId, TenantId};
use cuepoint_domain::io::{CatalogLookup, IoServices, LookupFailed};
use cuepoint_projections::read_models::catalog::{get_advertiser, get_show};
use sqlx::PgPool;

/// Answers from `rm_shows` and `rm_advertisers`, by tenant.
pub struct ReadModelCatalog {
    pool: PgPool,
}

impl ReadModelCatalog {
    /// The lookup over `pool`.
    pub fn new(pool: &PgPool) -> ReadModelCatalog {
        ReadModelCatalog { pool: pool.clone() }
    }

    /// The lookup as the aggregate's services.
    pub fn shared(pool: &PgPool) -> IoServices {
        Arc::new(ReadModelCatalog::new(pool))
    }
}

fn failed(error: sqlx::Error) -> LookupFailed {
    tracing::warn!(%error, "catalog lookup failed");
    LookupFailed
}

#[async_trait]
impl CatalogLookup for ReadModelCatalog {
    async fn show_exists(&self, tenant: &TenantId, show: &ShowId) -> Result<bool, LookupFailed> {
        let found = get_show(&self.pool, tenant.as_str(), show.as_str()).await;
        found.map(|entry| entry.is_some()).map_err(failed)
    }

    async fn advertiser_exists(
        &self,
        tenant: &TenantId,
        advertiser: &AdvertiserId,
    ) -> Result<bool, LookupFailed> {
        let found = get_advertiser(&self.pool, tenant.as_str(), advertiser.as_str()).await;
        found.map(|entry| entry.is_some()).map_err(failed)
    }
}
