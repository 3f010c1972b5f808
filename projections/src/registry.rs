//! Every projection the service runs.

use std::sync::Arc;

use crate::read_models::alerts::AlertsProjection;
use crate::read_models::catalog::CatalogProjection;
use crate::read_models::deals::DealsProjection;
use crate::read_models::imports::ImportsProjection;
use crate::read_models::io::IoProjection;
use crate::read_models::matches::MatchesProjection;
use crate::read_models::metrics::MetricsProjection;
use crate::Projection;

/// All projections, in no particular order.
pub fn all() -> Vec<Arc<dyn Projection>> {
    vec![
        Arc::new(AlertsProjection),
        Arc::new(CatalogProjection),
        Arc::new(DealsProjection),
        Arc::new(ImportsProjection),
        Arc::new(IoProjection),
        Arc::new(MatchesProjection),
        Arc::new(MetricsProjection::default()),
    ]
}

/// The projection called `name`.
pub fn by_name(name: &str) -> Option<Arc<dyn Projection>> {
    all()
        .into_iter()
        .find(|projection| projection.name() == name)
}

/// The names of all projections.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|projection| projection.name()).collect()
}
