//! `etl-health-check`: an alert per metrics source while its ETL health (SPEC 6) is
//! `degraded` or `failing`, cleared when the source is `healthy` again. A source going from
//! degraded to failing clears the one and raises the other.

use chrono::NaiveDate;
use cuepoint_domain::automation::{AlertKind, AlertSubject};
use cuepoint_domain::import::health::EtlStatus;
use cuepoint_projections::read_models::imports::etl_health;
use serde::Serialize;

use super::alerts::{AlertCounts, AlertWriter};
use super::JobContext;

/// What the run found.
#[derive(Debug, Serialize)]
pub struct EtlHealthSummary {
    /// Sources judged.
    pub sources: usize,
    /// Of those, healthy, degraded and failing.
    pub healthy: usize,
    /// Degraded sources.
    pub degraded: usize,
    /// Failing sources.
    pub failing: usize,
    /// Alerts raised and cleared.
    #[serde(flatten)]
    pub alerts: AlertCounts,
}

/// Runs the check for one tenant.
pub async fn run(
    context: &JobContext,
    tenant_id: &str,
    as_of: NaiveDate,
) -> anyhow::Result<EtlHealthSummary> {
    let sources = etl_health(&context.pool, tenant_id, as_of).await?;
    let mut alerts = AlertWriter::new(context, "etl-health-check", tenant_id, as_of)?;
    let count = |status| sources.iter().filter(|s| s.status == status).count();
    let summary = (
        count(EtlStatus::Healthy),
        count(EtlStatus::Degraded),
        count(EtlStatus::Failing),
    );
    for source in &sources {
        let (raise, clear) = match source.status {
            EtlStatus::Healthy => (None, [AlertKind::EtlDegraded, AlertKind::EtlFailing]),
            EtlStatus::Degraded => (Some(AlertKind::EtlDegraded), [AlertKind::EtlFailing; 2]),
            EtlStatus::Failing => (Some(AlertKind::EtlFailing), [AlertKind::EtlDegraded; 2]),
        };
        for kind in clear {
            alerts.clear(kind, &source.source).await?;
        }
        if let Some(kind) = raise {
            let subject = AlertSubject {
                id: source.source.clone(),
                name: source.source.clone(),
            };
            alerts.raise(kind, subject, as_of).await?;
        }
    }
    Ok(EtlHealthSummary {
        sources: sources.len(),
        healthy: summary.0,
        degraded: summary.1,
        failing: summary.2,
        alerts: alerts.counts,
    })
}
