//! The `metrics` projection: stages an import's rows as its `RowsAccepted` events arrive and
//! publishes them when the import completes, so the rows of a failed or unfinished import
//! are never visible (docs/architecture.md, "Publishing an import's rows").
//!
//! The worker reads the events without their payloads; staging reads a chunk's payloads
//! back in one query and decodes them with the domain's types (`staging.rs`).

use async_trait::async_trait;
use cqrs_es::Aggregate;
use cuepoint_domain::import::{Import, ImportEvent};
use sqlx::postgres::PgConnectOptions;
use sqlx::PgConnection;

use super::beside::Beside;
use super::{publication, staging};
use crate::{Projection, RecordedEvent};

/// `RowsAccepted` events staged per statement (each carries up to 1,000 rows).
const EVENTS_PER_STAGING: usize = 16;

/// Builds `rm_metrics_episode_daily` and `rm_metrics_daily`, with the published imports.
#[derive(Default)]
pub struct MetricsProjection {
    /// The connection staging writes half of the rows on.
    beside: Beside,
}

#[async_trait]
impl Projection for MetricsProjection {
    fn name(&self) -> &'static str {
        "metrics"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[Import::TYPE]
    }

    /// Only completions' (their row counts): staging reads the rows back.
    fn payload_types(&self) -> Option<&'static [&'static str]> {
        Some(&["ImportCompleted"])
    }

    fn connect_with(&self, connect: &PgConnectOptions) {
        self.beside.connect_with(connect);
    }

    fn tables(&self) -> &'static [&'static str] {
        &[
            "rm_metrics_episode_daily",
            "rm_metrics_daily",
            "rm_metrics_published",
            "rm_metrics_shows",
            "rm_metrics_imports",
        ]
    }

    /// In log order: consecutive `RowsAccepted` events are staged together, up to
    /// [`EVENTS_PER_STAGING`] at a time; a completion or failure ends the run before it.
    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        let mut accepted: Vec<&RecordedEvent> = Vec::new();
        for event in events {
            let ends = match event.event_type.as_str() {
                "RowsAccepted" => {
                    accepted.push(event);
                    accepted.len() == EVENTS_PER_STAGING
                }
                "ImportCompleted" | "ImportFailed" => true,
                _ => false,
            };
            if ends && !accepted.is_empty() {
                staging::stage(conn, &self.beside, &accepted).await?;
                accepted.clear();
            }
            match event.event_type.as_str() {
                "ImportCompleted" => {
                    let ImportEvent::ImportCompleted { accepted, .. } = event.decode()? else {
                        anyhow::bail!("event {} is not an ImportCompleted event", event.position);
                    };
                    publication::publish(conn, &event.tenant_id, &event.aggregate_id, accepted)
                        .await?
                }
                "ImportFailed" => {
                    publication::discard(conn, &event.tenant_id, &event.aggregate_id).await?
                }
                _ => {}
            }
        }
        if !accepted.is_empty() {
            staging::stage(conn, &self.beside, &accepted).await?;
        }
        Ok(())
    }
}
