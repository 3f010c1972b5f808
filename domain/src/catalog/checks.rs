//! Checks against the tenant's catalog: unknown shows and advertisers are violations.
//! A lookup that fails is the caller's error (each aggregate answers it as "catalog
//! unavailable", 503).

use super::{CatalogServices, LookupFailed};
use crate::ids::{AdvertiserId, ShowId, TenantId};
use crate::violation::Violations;

/// Records `unknown_advertiser` on `field` when `raw` names an advertiser that does not
/// exist in the tenant's catalog (a malformed id is reported by parsing, not here).
pub(crate) async fn advertiser(
    services: &CatalogServices,
    tenant: &TenantId,
    field: &str,
    raw: Option<&str>,
    v: &mut Violations,
) -> Result<(), LookupFailed> {
    let Some(id) = raw.and_then(|r| r.parse::<AdvertiserId>().ok()) else {
        return Ok(());
    };
    let exists = services.advertiser_exists(tenant, &id).await?;
    let message = format!("no advertiser {id} in the catalog");
    record(exists, field, "unknown_advertiser", message, v);
    Ok(())
}

/// Records `unknown_show` on `field` when `raw` names a show that does not exist in the
/// tenant's catalog (a malformed id is reported by parsing, not here).
pub(crate) async fn show(
    services: &CatalogServices,
    tenant: &TenantId,
    field: &str,
    raw: Option<&str>,
    v: &mut Violations,
) -> Result<(), LookupFailed> {
    let Some(id) = raw.and_then(|r| r.parse::<ShowId>().ok()) else {
        return Ok(());
    };
    let exists = services.show_exists(tenant, &id).await?;
    let message = format!("no show {id} in the catalog");
    record(exists, field, "unknown_show", message, v);
    Ok(())
}

/// Records `code` on `field` when the catalog says the entry does not exist.
fn record(exists: bool, field: &str, code: &str, message: String, v: &mut Violations) {
    if !exists {
        v.add(field, code, message);
    }
}
