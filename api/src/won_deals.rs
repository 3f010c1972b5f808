//! The won-deal process: every `DealWon` in the log becomes the deal's draft IO, exactly
//! once. It runs as a projection (in commit order, with its own checkpoint, owned by one
//! worker at a time) whose "read model" is the IO and the link on the deal, written through
//! the command path. Each step is idempotent ([`CommandBus::make_draft_io`]): the IO's id is
//! derived from the deal's, so a crash between creating the IO and linking it, a replay, a
//! second worker or a deal won again after a reopen all leave one IO per deal.

use std::sync::Arc;

use async_trait::async_trait;
use cuepoint_domain::deal::DealEvent;
use cuepoint_domain::ids::DealId;
use cuepoint_projections::log::stream_id;
use cuepoint_projections::{registry, Projection, RecordedEvent};
use sqlx::PgConnection;

use crate::commands::{Actor, CommandBus};
use crate::webhooks::outbox::WebhookOutbox;

/// The won-deal process over the command bus.
pub struct WonDeals {
    commands: Arc<CommandBus>,
}

impl WonDeals {
    /// The process, writing through `commands`.
    pub fn new(commands: Arc<CommandBus>) -> WonDeals {
        WonDeals { commands }
    }
}

/// Every projection a worker runs: the read models, the won-deal process and the webhook
/// outbox.
pub fn worker_projections(commands: Arc<CommandBus>) -> Vec<Arc<dyn Projection>> {
    let mut all = registry::all();
    all.push(Arc::new(WonDeals::new(commands)));
    all.push(Arc::new(WebhookOutbox));
    all
}

#[async_trait]
impl Projection for WonDeals {
    fn name(&self) -> &'static str {
        "won_deals"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &["deal"]
    }

    fn payload_types(&self) -> Option<&'static [&'static str]> {
        Some(&[])
    }

    fn tables(&self) -> &'static [&'static str] {
        &[]
    }

    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        for won in events.iter().filter(|e| e.event_type == "DealWon") {
            let deal: DealId = won.aggregate_id.parse()?;
            let details = match created(conn, &won.tenant_id, &deal).await? {
                DealEvent::DealCreated { details, .. } => details,
                other => anyhow::bail!("deal {deal} starts with {other:?}, not DealCreated"),
            };
            let actor = Actor::system(&won.tenant_id, "won-deals");
            let io = self
                .commands
                .make_draft_io(&actor, &deal, &details.advertiser_id, details.currency)
                .await
                .map_err(|e| anyhow::anyhow!("the draft IO of deal {deal}: {e}"))?;
            tracing::info!(%deal, %io, tenant = %won.tenant_id, "won deal has its draft IO");
        }
        Ok(())
    }
}

/// The deal's first event (its creation: advertiser and currency never change after it).
async fn created(
    conn: &mut PgConnection,
    tenant: &str,
    deal: &DealId,
) -> anyhow::Result<DealEvent> {
    let payload: serde_json::Value = sqlx::query_scalar(
        "SELECT payload::jsonb FROM events
          WHERE aggregate_type = 'deal' AND aggregate_id = $1 AND sequence = 1",
    )
    .bind(stream_id(tenant, deal.as_str()))
    .fetch_one(conn)
    .await?;
    Ok(serde_json::from_value(payload)?)
}
