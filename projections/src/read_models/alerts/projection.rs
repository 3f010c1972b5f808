//! The `alerts` projection: one `rm_alerts` row per alert, raised again in place when a
//! cleared alert's condition returns.

use async_trait::async_trait;
use cqrs_es::Aggregate;
use cuepoint_domain::automation::{Alert, AlertEvent};
use sqlx::PgConnection;

use crate::{Projection, RecordedEvent};

/// Builds `rm_alerts`.
pub struct AlertsProjection;

#[async_trait]
impl Projection for AlertsProjection {
    fn name(&self) -> &'static str {
        "alerts"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[Alert::TYPE]
    }

    fn tables(&self) -> &'static [&'static str] {
        &["rm_alerts"]
    }

    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        for event in events {
            let Some(payload) = &event.payload else {
                continue;
            };
            match payload.decode::<AlertEvent>()? {
                AlertEvent::AlertRaised {
                    kind,
                    subject,
                    since,
                    raised_on,
                    ..
                } => {
                    sqlx::query(
                        "INSERT INTO rm_alerts (tenant_id, alert_id, kind, subject_id,
                                                subject_name, since, raised_on, raised_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                         ON CONFLICT (tenant_id, alert_id) DO UPDATE
                            SET subject_name = EXCLUDED.subject_name, since = EXCLUDED.since,
                                raised_on = EXCLUDED.raised_on, raised_at = EXCLUDED.raised_at,
                                cleared_on = NULL, cleared_at = NULL,
                                raised_count = rm_alerts.raised_count + 1",
                    )
                    .bind(&event.tenant_id)
                    .bind(&event.aggregate_id)
                    .bind(kind.as_str())
                    .bind(&subject.id)
                    .bind(&subject.name)
                    .bind(since)
                    .bind(raised_on)
                    .bind(event.recorded_at)
                    .execute(&mut *conn)
                    .await?;
                }
                AlertEvent::AlertCleared { cleared_on } => {
                    sqlx::query(
                        "UPDATE rm_alerts SET cleared_on = $3, cleared_at = $4
                          WHERE tenant_id = $1 AND alert_id = $2",
                    )
                    .bind(&event.tenant_id)
                    .bind(&event.aggregate_id)
                    .bind(cleared_on)
                    .bind(event.recorded_at)
                    .execute(&mut *conn)
                    .await?;
                }
            }
        }
        Ok(())
    }
}
