//! What the aggregates that name catalog entries (IOs, deals) ask of the outside world:
//! whether a show or an advertiser exists in a tenant's catalog.

use std::sync::Arc;

use async_trait::async_trait;

use crate::ids::{AdvertiserId, ShowId, TenantId};

/// The catalog could not be consulted (e.g. the database is unreachable).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the catalog lookup failed")]
pub struct LookupFailed;

/// Answers whether shows and advertisers exist in a tenant's catalog. The API implements it
/// over the catalog read model; tests use an in-memory list.
#[async_trait]
pub trait CatalogLookup: Send + Sync {
    /// Whether `show` exists in `tenant`'s catalog.
    async fn show_exists(&self, tenant: &TenantId, show: &ShowId) -> Result<bool, LookupFailed>;

    /// Whether `advertiser` exists in `tenant`'s catalog.
    async fn advertiser_exists(
        &self,
        tenant: &TenantId,
        advertiser: &AdvertiserId,
    ) -> Result<bool, LookupFailed>;
}

/// A shared catalog lookup: the services of the aggregates that name catalog entries
/// ([`IoServices`](crate::io::IoServices), [`DealServices`](crate::deal::DealServices)).
pub type CatalogServices = Arc<dyn CatalogLookup>;
