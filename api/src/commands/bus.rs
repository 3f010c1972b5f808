//! Executing commands.

use std::time::Duration;

use axum::http::StatusCode;
use cqrs_es::Aggregate;
use cuepoint_domain::automation::Alert;
use cuepoint_domain::catalog::{Advertiser, Show};
use cuepoint_domain::deal::Deal;
use cuepoint_domain::io::IoBooking;
use cuepoint_projections::consistency::EventRef;
use cuepoint_projections::log::stream_id;
use rand::Rng;
use sqlx::PgPool;

use super::aggregates::{Aggregates, Attempt, Source};
use super::errors::from_aggregate;
use super::io_catalog::ReadModelCatalog;
use super::wakeup::Wakeup;
use super::{Actor, Committed};
use crate::http::error::ApiError;
use crate::measure;

/// How commands are executed.
#[derive(Clone, Copy, Debug)]
pub struct CommandSettings {
    /// Extra attempts after a concurrent write to the same aggregate, before answering 409.
    pub conflict_retries: u32,
    /// An aggregate snapshot is written every this many events.
    pub snapshot_every: usize,
    /// Aggregates of each type this process keeps in memory between commands (0: none).
    pub cached_aggregates: usize,
}

/// Every aggregate type's store, cache and services.
pub struct CommandBus {
    pub(super) pool: PgPool,
    settings: CommandSettings,
    /// Wakes the projection workers after commits.
    wakeup: Wakeup,
    /// Shows.
    pub shows: Aggregates<Show>,
    /// Advertisers.
    pub advertisers: Aggregates<Advertiser>,
    /// Insertion orders, checking shows and advertisers against the catalog read model.
    pub ios: Aggregates<IoBooking>,
    /// Deals, checking advertisers and shows against the catalog read model.
    pub deals: Aggregates<Deal>,
    /// Alerts raised and cleared by the automation jobs.
    pub alerts: Aggregates<Alert>,
}

impl CommandBus {
    /// The aggregates of every type, over `pool`.
    pub fn new(pool: PgPool, settings: CommandSettings) -> Self {
        let catalog = || ReadModelCatalog::shared(&pool);
        CommandBus {
            shows: aggregates(&pool, settings, ()),
            advertisers: aggregates(&pool, settings, ()),
            ios: aggregates(&pool, settings, catalog()),
            deals: aggregates(&pool, settings, catalog()),
            alerts: aggregates(&pool, settings, ()),
            wakeup: Wakeup::new(&pool),
            pool,
            settings,
        }
    }

    /// Executes `command` on the aggregate `id` of the actor's tenant. A command decided on
    /// a cached aggregate that was behind the log is decided again at once on the stored
    /// one; a concurrent write is retried (re-loading the aggregate) up to the configured
    /// number of times.
    pub async fn execute<A>(
        &self,
        aggregates: &Aggregates<A>,
        actor: &Actor,
        id: &str,
        command: A::Command,
        status: StatusCode,
    ) -> Result<Committed, ApiError>
    where
        A: Aggregate + Clone,
        A::Command: Clone,
        ApiError: From<A::Error>,
    {
        let stream = stream_id(&actor.tenant_id, id);
        let metadata = serde_json::to_string(&actor.metadata()).map_err(anyhow::Error::from)?;
        let mut source = Source::Cache;
        let mut conflicts = 0;
        let (version, written) = loop {
            let attempt = aggregates.attempt(&stream, command.clone(), &metadata, source);
            match attempt.await {
                Ok(Attempt::Committed(version)) => break (version, true),
                Ok(Attempt::Unchanged(version)) => break (version, false),
                Ok(Attempt::Stale) => {
                    measure::command_cache_stale(A::TYPE);
                    source = Source::Database;
                }
                Ok(Attempt::Conflict) if conflicts < self.settings.conflict_retries => {
                    measure::command_conflict(A::TYPE);
                    conflicts += 1;
                    let jitter = rand::rng().random_range(0..=conflicts * 2);
                    tokio::time::sleep(Duration::from_millis(u64::from(jitter))).await;
                }
                Ok(Attempt::Conflict) => {
                    measure::command_conflict(A::TYPE);
                    measure::command(A::TYPE, "refused");
                    let conflict = cqrs_es::AggregateError::AggregateConflict;
                    return Err(from_aggregate(conflict, ApiError::from));
                }
                Ok(Attempt::Refused(error)) => {
                    measure::command(A::TYPE, "refused");
                    return Err(ApiError::from(error));
                }
                Err(error) => {
                    measure::command(A::TYPE, "refused");
                    return Err(from_aggregate(error, ApiError::from));
                }
            }
        };
        if written {
            self.wakeup.committed(A::TYPE);
        }
        measure::command(A::TYPE, if written { "committed" } else { "unchanged" });
        Ok(committed(A::TYPE, &stream, id, version, written, status))
    }
}

/// The answer: the version the command wrote, or the current one if it wrote nothing, and
/// a token naming that event.
fn committed(
    aggregate_type: &str,
    stream: &str,
    id: &str,
    version: i64,
    written: bool,
    status: StatusCode,
) -> Committed {
    let token = EventRef {
        aggregate_type: aggregate_type.to_string(),
        sequence: version,
        stream_id: stream.to_string(),
    };
    Committed {
        id: id.to_string(),
        version,
        consistency_token: token.to_string(),
        status,
        written,
    }
}

/// The aggregates of type `A` with these settings, their commands given `services`.
fn aggregates<A: Aggregate + Clone>(
    pool: &PgPool,
    settings: CommandSettings,
    services: A::Services,
) -> Aggregates<A> {
    Aggregates::new(
        pool,
        settings.snapshot_every,
        settings.cached_aggregates,
        services,
    )
}
