//! The webhook outbox: every `AlertRaised` in the log becomes one delivery per webhook of
//! the tenant that takes the alert's kind, written in the transaction that moves this
//! process's checkpoint (a projection in commit order, owned by one worker at a time). The
//! unique (webhook, event) key makes a replay write nothing new. It is not a read model:
//! `cuepoint rebuild` leaves it alone (a rebuild would send every alert again).

use async_trait::async_trait;
use cqrs_es::Aggregate;
use cuepoint_domain::automation::{Alert, AlertEvent};
use cuepoint_projections::log::stream_id;
use cuepoint_projections::{Projection, RecordedEvent};
use serde_json::json;
use sqlx::PgConnection;

/// The outbox process.
pub struct WebhookOutbox;

#[async_trait]
impl Projection for WebhookOutbox {
    fn name(&self) -> &'static str {
        "webhook_outbox"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[Alert::TYPE]
    }

    fn payload_types(&self) -> Option<&'static [&'static str]> {
        Some(&["AlertRaised"])
    }

    fn tables(&self) -> &'static [&'static str] {
        &[]
    }

    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        for event in events {
            let Some(payload) = &event.payload else {
                continue;
            };
            let AlertEvent::AlertRaised {
                kind,
                subject,
                since,
                raised_on,
                ..
            } = payload.decode()?
            else {
                continue;
            };
            let alert = json!({
                "id": event.aggregate_id,
                "kind": kind,
                "subject_id": subject.id,
                "subject_name": subject.name,
                "since": since,
                "raised_on": raised_on,
                "raised_at": event.recorded_at,
                "open": true,
            });
            sqlx::query(
                "INSERT INTO webhook_deliveries (delivery_id, tenant_id, webhook_id, alert_id,
                                                 event_stream, event_sequence, payload)
                 SELECT gen_random_uuid()::text, w.tenant_id, w.webhook_id, $2, $3, $4,
                        jsonb_build_object('event', 'alert.raised', 'tenant', t.slug,
                                           'alert', $5::jsonb)
                   FROM webhooks w JOIN tenants t USING (tenant_id)
                  WHERE w.tenant_id = $1 AND w.deleted_at IS NULL AND $6 = ANY(w.kinds)
                 ON CONFLICT (webhook_id, event_stream, event_sequence) DO NOTHING",
            )
            .bind(&event.tenant_id)
            .bind(&event.aggregate_id)
            .bind(stream_id(&event.tenant_id, &event.aggregate_id))
            .bind(event.sequence)
            .bind(&alert)
            .bind(kind.as_str())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}
