//! Executing commands.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::store::Store;
use async_trait::async_trait;
use axum::http::StatusCode;
use cqrs_es::{Aggregate, AggregateError, CqrsFramework, EventEnvelope, Query};
use cuepoint_domain::automation::Alert;
use cuepoint_domain::catalog::{Advertiser, Show};
use cuepoint_domain::deal::Deal;
use cuepoint_domain::io::IoBooking;
use cuepoint_projections::consistency::EventRef;
use cuepoint_projections::log::stream_id;
use rand::Rng;
use sqlx::PgPool;

use super::errors::from_aggregate;
use super::io_catalog::ReadModelCatalog;
use super::{Actor, Committed};
use crate::http::error::ApiError;
use crate::measure;

/// cqrs-es over the PostgreSQL event store, for aggregate `A`.
pub type Cqrs<A> = CqrsFramework<A, Store<A>>;

/// How commands are executed.
#[derive(Clone, Copy, Debug)]
pub struct CommandSettings {
    /// Extra attempts after a concurrent write to the same aggregate, before answering 409.
    pub conflict_retries: u32,
    /// An aggregate snapshot is written every this many events.
    pub snapshot_every: usize,
}

/// One cqrs-es framework per aggregate type over the PostgreSQL event store.
pub struct CommandBus {
    pub(super) pool: PgPool,
    settings: CommandSettings,
    /// Shows.
    pub shows: Cqrs<Show>,
    /// Advertisers.
    pub advertisers: Cqrs<Advertiser>,
    /// Insertion orders, checking shows and advertisers against the catalog read model.
    pub ios: Cqrs<IoBooking>,
    /// Deals, checking advertisers and shows against the catalog read model.
    pub deals: Cqrs<Deal>,
    /// Alerts raised and cleared by the automation jobs.
    pub alerts: Cqrs<Alert>,
}

tokio::task_local! {
    /// The sequence of the last event the current command committed.
    static COMMITTED_SEQUENCE: Arc<AtomicI64>;
}

/// Reports the committed sequence to the command that wrote it. cqrs-es calls queries in
/// the request, after the commit; this one only passes a number back (nothing durable).
struct CommittedSequence;

#[async_trait]
impl<A: Aggregate> Query<A> for CommittedSequence {
    async fn dispatch(&self, _aggregate_id: &str, events: &[EventEnvelope<A>]) {
        if let Some(last) = events.last() {
            let _ = COMMITTED_SEQUENCE
                .try_with(|seq| seq.store(last.sequence as i64, Ordering::SeqCst));
        }
    }
}

impl CommandBus {
    /// Frameworks for every aggregate, over `pool`.
    pub fn new(pool: PgPool, settings: CommandSettings) -> Self {
        CommandBus {
            shows: framework(&pool, settings),
            advertisers: framework(&pool, settings),
            ios: framework_with(&pool, settings, ReadModelCatalog::shared(&pool)),
            deals: framework_with(&pool, settings, ReadModelCatalog::shared(&pool)),
            alerts: framework(&pool, settings),
            pool,
            settings,
        }
    }

    /// Executes `command` on the aggregate `id` of the actor's tenant. A concurrent write is
    /// retried (re-loading the aggregate) up to the configured number of times.
    pub async fn execute<A>(
        &self,
        cqrs: &Cqrs<A>,
        actor: &Actor,
        id: &str,
        command: A::Command,
        status: StatusCode,
    ) -> Result<Committed, ApiError>
    where
        A: Aggregate,
        A::Command: Clone,
        ApiError: From<A::Error>,
    {
        let stream = stream_id(&actor.tenant_id, id);
        let metadata = actor.metadata();
        let mut attempt = 0;
        let sequence = loop {
            let committed = Arc::new(AtomicI64::new(0));
            let run = cqrs.execute_with_metadata(&stream, command.clone(), metadata.clone());
            match COMMITTED_SEQUENCE.scope(committed.clone(), run).await {
                Ok(()) => break committed.load(Ordering::SeqCst),
                Err(AggregateError::AggregateConflict)
                    if attempt < self.settings.conflict_retries =>
                {
                    measure::command_conflict(A::TYPE);
                    attempt += 1;
                    let jitter = rand::rng().random_range(0..=attempt * 2);
                    tokio::time::sleep(Duration::from_millis(u64::from(jitter))).await;
                }
                Err(error) => {
                    if matches!(error, AggregateError::AggregateConflict) {
                        measure::command_conflict(A::TYPE);
                    }
                    measure::command(A::TYPE, "refused");
                    return Err(from_aggregate(error, ApiError::from));
                }
            }
        };
        measure::command(
            A::TYPE,
            if sequence > 0 {
                "committed"
            } else {
                "unchanged"
            },
        );
        self.committed(A::TYPE, &stream, id, sequence, status).await
    }

    /// The answer: the version the command wrote and a token naming its last event. A
    /// command that wrote nothing answers with the aggregate's current version.
    async fn committed(
        &self,
        aggregate_type: &str,
        stream: &str,
        id: &str,
        sequence: i64,
        status: StatusCode,
    ) -> Result<Committed, ApiError> {
        let version = if sequence > 0 {
            sequence
        } else {
            sqlx::query_scalar(
                "SELECT COALESCE(max(sequence), 0) FROM events
                  WHERE aggregate_type = $1 AND aggregate_id = $2",
            )
            .bind(aggregate_type)
            .bind(stream)
            .fetch_one(&self.pool)
            .await?
        };
        let token = EventRef {
            aggregate_type: aggregate_type.to_string(),
            sequence: version,
            stream_id: stream.to_string(),
        };
        Ok(Committed {
            id: id.to_string(),
            version,
            consistency_token: token.to_string(),
            status,
            written: sequence > 0,
        })
    }
}

fn framework<A: Aggregate>(pool: &PgPool, settings: CommandSettings) -> Cqrs<A>
where
    A::Services: Default,
{
    framework_with(pool, settings, A::Services::default())
}

/// A framework whose aggregate is given `services`.
fn framework_with<A: Aggregate>(
    pool: &PgPool,
    settings: CommandSettings,
    services: A::Services,
) -> Cqrs<A> {
    let store = Store::new(pool.clone(), settings.snapshot_every);
    CqrsFramework::new(store, vec![Box::new(CommittedSequence)], services)
}
