//! What the deal aggregate asks of the outside world: whether catalog entries exist.

use crate::catalog::CatalogServices;

/// The services of the [`Deal`](super::Deal) aggregate: the same shared catalog lookup as
/// the IO's ([`IoServices`](crate::io::IoServices) is the same type).
pub type DealServices = CatalogServices;
