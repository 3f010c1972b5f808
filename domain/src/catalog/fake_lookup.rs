//! In-memory catalog lookups for the tests of the aggregates that name catalog entries (and,
//! with the `test-catalog` feature, for the fuzz targets).

use async_trait::async_trait;

use super::{CatalogLookup, LookupFailed};
use crate::ids::{AdvertiserId, ShowId, TenantId};

/// A catalog holding the shows `show-1`, `show-2` and the advertiser `adv-1`.
pub struct TestCatalog;

#[async_trait]
impl CatalogLookup for TestCatalog {
    async fn show_exists(&self, _: &TenantId, show: &ShowId) -> Result<bool, LookupFailed> {
        Ok(["show-1", "show-2"].contains(&show.as_str()))
    }

    async fn advertiser_exists(
        &self,
        _: &TenantId,
        advertiser: &AdvertiserId,
    ) -> Result<bool, LookupFailed> {
        Ok(advertiser.as_str() == "adv-1")
    }
}

/// A catalog whose lookups fail.
pub struct DownCatalog;

#[async_trait]
impl CatalogLookup for DownCatalog {
    async fn show_exists(&self, _: &TenantId, _: &ShowId) -> Result<bool, LookupFailed> {
        Err(LookupFailed)
    }

    async fn advertiser_exists(
        &self,
        _: &TenantId,
        _: &AdvertiserId,
    ) -> Result<bool, LookupFailed> {
        Err(LookupFailed)
    }
}
