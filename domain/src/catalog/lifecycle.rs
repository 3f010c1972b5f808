//! The rules every catalog entry follows, shared by [`Show`](super::Show) and
//! [`Advertiser`](super::Advertiser): an entry is created once, only an existing entry can
//! be changed, and a change that changes nothing records nothing.

use crate::violation::Violations;

use super::CatalogError;

/// The profile to record when creating an entry that may already exist.
pub(super) fn create<P>(existing: Option<&P>, profile: P) -> Result<P, CatalogError> {
    match existing {
        Some(_) => Err(CatalogError::AlreadyExists),
        None => Ok(profile),
    }
}

/// The profile to record after applying `patch` to an entry, or `None` if it changes
/// nothing. `patched` lays the patch over the current profile and validates the result.
pub(super) fn update<P: PartialEq, X>(
    existing: Option<&P>,
    patch: X,
    patched: impl FnOnce(&P, X) -> Result<P, Violations>,
) -> Result<Option<P>, CatalogError> {
    let current = existing.ok_or(CatalogError::NotFound)?;
    let profile = patched(current, patch)?;
    Ok((profile != *current).then_some(profile))
}
