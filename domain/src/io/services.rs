//! What the IO aggregate asks of the outside world: whether catalog entries exist.

use crate::catalog::CatalogServices;

/// The services of the [`IoBooking`](super::IoBooking) aggregate: a shared catalog lookup.
pub type IoServices = CatalogServices;
