//! What a projection is.

use async_trait::async_trait;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgConnection;

use crate::RecordedEvent;

/// A read model built from the event log.
///
/// A projection is applied in batches, each inside the transaction that also moves its
/// checkpoint. It writes its tables by their unqualified names: a rebuild runs the same
/// code with `search_path` pointing at a fresh copy of the tables.
#[async_trait]
pub trait Projection: Send + Sync + 'static {
    /// Stable name: the checkpoint key and the name given to `cuepoint rebuild`.
    fn name(&self) -> &'static str;

    /// The aggregate types whose events this projection reads; other events only move its
    /// checkpoint.
    fn aggregate_types(&self) -> &'static [&'static str];

    /// The event types whose payloads this projection reads; `None` (the default) for all of
    /// its aggregate types. Events of other types still reach [`Projection::apply`], without
    /// a payload: a projection that only counts or reacts to large events need not load them.
    fn payload_types(&self) -> Option<&'static [&'static str]> {
        None
    }

    /// The tables this projection owns (created by migrations in the `public` schema).
    fn tables(&self) -> &'static [&'static str];

    /// How to open connections of the projection's own, for work beside its batch's
    /// transaction (the metrics projection stages half of each chunk of rows on one). Whatever
    /// runs the projection (a worker, a rebuild) calls it before the first batch; a projection
    /// that opens none ignores it (the default).
    fn connect_with(&self, _connect: &PgConnectOptions) {}

    /// Applies a batch of events (only of [`Projection::aggregate_types`], in commit order).
    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()>;
}
