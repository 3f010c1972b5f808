//! The aggregates of one type: their event store, this process's cache of them and the
//! services their commands consult; one attempt at a command.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, AggregateError};
use sqlx::PgPool;

use super::cache::{AggregateCache, Versioned};
use super::store::{AppendError, Store};

/// The aggregates of type `A`.
pub struct Aggregates<A: Aggregate> {
    store: Store<A>,
    cache: AggregateCache<A>,
    services: A::Services,
}

/// How one attempt at a command ended.
#[derive(Debug)]
pub enum Attempt<E> {
    /// Its events were written; the aggregate's new version.
    Committed(i64),
    /// It wrote nothing, decided on the aggregate's current version (given).
    Unchanged(i64),
    /// The aggregate's rules refused it, on its current version.
    Refused(E),
    /// It was decided on a cached aggregate that turned out to be behind the log: nothing
    /// was written; decide again on the stored aggregate.
    Stale,
    /// Another command wrote to the aggregate since it was loaded from the database:
    /// nothing was written.
    Conflict,
}

/// Where the aggregate an attempt decides on comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// This process's cache, falling back to the database.
    Cache,
    /// The database.
    Database,
}

impl<A> Aggregates<A>
where
    A: Aggregate + Clone,
{
    /// The aggregates over `pool`, a snapshot every `snapshot_every` events, up to
    /// `cached` of them kept in this process, their commands given `services`.
    pub(super) fn new(
        pool: &PgPool,
        snapshot_every: usize,
        cached: usize,
        services: A::Services,
    ) -> Self {
        Aggregates {
            store: Store::new(pool.clone(), snapshot_every),
            cache: AggregateCache::new(cached),
            services,
        }
    }

    /// Decides `command` on the aggregate of `stream` and commits its events.
    ///
    /// A command decided on a cached aggregate is never answered unchecked: its events
    /// commit only if the primary key finds the aggregate where the cache had it, and an
    /// outcome that wrote nothing is compared with the stored version; either way a cache
    /// behind the log ends the attempt as [`Attempt::Stale`].
    pub(super) async fn attempt(
        &self,
        stream: &str,
        command: A::Command,
        metadata: &str,
        source: Source,
    ) -> Result<Attempt<A::Error>, AggregateError<A::Error>> {
        let cached = match source {
            Source::Cache => self.cache.get(stream),
            Source::Database => None,
        };
        let from_cache = cached.is_some();
        let Versioned {
            mut aggregate,
            sequence,
            snapshot,
        } = match cached {
            Some(entry) => entry,
            None => {
                let loaded = self.store.load(stream).await?;
                self.cache.put(stream, loaded.clone());
                loaded
            }
        };
        let sink = EventSink::default();
        let decided = aggregate.handle(command, &self.services, &sink).await;
        let events = sink.collect().await;
        match decided {
            Ok(()) if !events.is_empty() => {
                let before = (sequence, snapshot);
                (self.commit(stream, before, &events, aggregate, metadata, from_cache)).await
            }
            Ok(()) => {
                let unchanged = Attempt::Unchanged(sequence);
                self.unless_stale(stream, sequence, from_cache, unchanged)
                    .await
            }
            Err(error) => {
                let refused = Attempt::Refused(error);
                self.unless_stale(stream, sequence, from_cache, refused)
                    .await
            }
        }
    }

    /// `outcome`, decided on the aggregate at `sequence`, unless it came from the cache and
    /// the stored aggregate is past it.
    async fn unless_stale(
        &self,
        stream: &str,
        sequence: i64,
        from_cache: bool,
        outcome: Attempt<A::Error>,
    ) -> Result<Attempt<A::Error>, AggregateError<A::Error>> {
        if from_cache && self.store.version(stream).await? != sequence {
            self.cache.forget(stream);
            return Ok(Attempt::Stale);
        }
        Ok(outcome)
    }

    /// Appends `events` decided on the aggregate at `before`; the cache gets the aggregate
    /// after them, or loses it if the append failed.
    async fn commit(
        &self,
        stream: &str,
        before: (i64, Option<i64>),
        events: &[A::Event],
        after: A,
        metadata: &str,
        from_cache: bool,
    ) -> Result<Attempt<A::Error>, AggregateError<A::Error>> {
        match self
            .store
            .append(stream, before, events, after, metadata)
            .await
        {
            Ok(stored) => {
                let version = stored.sequence;
                self.cache.put(stream, stored);
                Ok(Attempt::Committed(version))
            }
            Err(AppendError::Conflict) => {
                self.cache.forget(stream);
                Ok(if from_cache {
                    Attempt::Stale
                } else {
                    Attempt::Conflict
                })
            }
            Err(AppendError::Failed(error)) => {
                self.cache.forget(stream);
                Err(AggregateError::UnexpectedError(error))
            }
        }
    }
}
