//! `pipeline-alerts`: raises the deal alerts of SPEC 5 that hold as of the day (the rule is
//! the domain's `deal_alerts`, read through the deals read model as the ops dashboard
//! reads it) and clears the open ones that no longer hold (the deal moved). Alerts are
//! events of their own aggregate, so they are never a deal's activity.

use chrono::NaiveDate;
use cuepoint_domain::automation::{AlertKind, AlertSubject};
use cuepoint_domain::deal::AlertKind as DealAlertKind;
use cuepoint_projections::read_models::alerts::{list_alerts, AlertFilter};
use cuepoint_projections::read_models::deals::deal_alerts_as_of;
use serde::Serialize;

use super::alerts::{AlertCounts, AlertWriter};
use super::JobContext;

/// What the run found.
#[derive(Debug, Serialize)]
pub struct PipelineAlertsSummary {
    /// Deal alerts that hold as of the day.
    pub holding: usize,
    /// Alerts raised and cleared.
    #[serde(flatten)]
    pub alerts: AlertCounts,
}

/// The alert kind of a deal alert.
fn kind_of(kind: DealAlertKind) -> AlertKind {
    match kind {
        DealAlertKind::Stale => AlertKind::DealStale,
        DealAlertKind::Overdue => AlertKind::DealOverdue,
    }
}

/// Runs the job for one tenant.
pub async fn run(
    context: &JobContext,
    tenant_id: &str,
    as_of: NaiveDate,
) -> anyhow::Result<PipelineAlertsSummary> {
    let holding = deal_alerts_as_of(&context.pool, tenant_id, as_of).await?;
    let mut alerts = AlertWriter::new(context, "pipeline-alerts", tenant_id, as_of)?;
    for alert in &holding {
        let subject = AlertSubject {
            id: alert.deal_id.clone(),
            name: alert.deal_name.clone(),
        };
        alerts
            .raise(kind_of(alert.kind), subject, alert.since)
            .await?;
    }
    let open = AlertFilter {
        open: Some(true),
        kinds: vec![AlertKind::DealStale, AlertKind::DealOverdue],
        limit: i64::MAX,
    };
    for open in list_alerts(&context.pool, tenant_id, &open).await? {
        let holds =
            (holding.iter()).any(|a| a.deal_id == open.subject_id && kind_of(a.kind) == open.kind);
        if !holds {
            alerts.clear(open.kind, &open.subject_id).await?;
        }
    }
    Ok(PipelineAlertsSummary {
        holding: holding.len(),
        alerts: alerts.counts,
    })
}
