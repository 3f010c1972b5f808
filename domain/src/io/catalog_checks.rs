//! Checks against the tenant's catalog: unknown shows and advertisers are violations.

use super::{IoError, IoServices, LookupFailed};
use crate::ids::{AdvertiserId, ShowId, TenantId};
use crate::violation::Violations;

/// Records `unknown_advertiser` on `field` when `raw` names an advertiser that does not
/// exist in the tenant's catalog (a malformed id is reported by parsing, not here).
pub(super) async fn advertiser(
    services: &IoServices,
    tenant: &TenantId,
    field: &str,
    raw: Option<&str>,
    v: &mut Violations,
) -> Result<(), IoError> {
    let Some(id) = raw.and_then(|r| r.parse::<AdvertiserId>().ok()) else {
        return Ok(());
    };
    let exists = services.advertiser_exists(tenant, &id).await;
    let message = format!("no advertiser {id} in the catalog");
    record(exists, field, "unknown_advertiser", message, v)
}

/// Records `unknown_show` on `field` when `raw` names a show that does not exist in the
/// tenant's catalog.
pub(super) async fn show(
    services: &IoServices,
    tenant: &TenantId,
    field: &str,
    raw: Option<&str>,
    v: &mut Violations,
) -> Result<(), IoError> {
    let Some(id) = raw.and_then(|r| r.parse::<ShowId>().ok()) else {
        return Ok(());
    };
    let exists = services.show_exists(tenant, &id).await;
    record(
        exists,
        field,
        "unknown_show",
        format!("no show {id} in the catalog"),
        v,
    )
}

/// Records `code` on `field` when the catalog says the entry does not exist.
fn record(
    exists: Result<bool, LookupFailed>,
    field: &str,
    code: &str,
    message: String,
    v: &mut Violations,
) -> Result<(), IoError> {
    if !exists.map_err(|_| IoError::CatalogUnavailable)? {
        v.add(field, code, message);
    }
    Ok(())
}

/// Adds every violation of `more` to `v`.
pub(super) fn merge(v: &mut Violations, more: Violations) {
    for violation in more {
        v.push(violation);
    }
}
