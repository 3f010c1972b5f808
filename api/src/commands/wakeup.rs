//! Waking the projection workers after commands commit, outside the commits.
//!
//! A `NOTIFY` in a transaction holds a cluster-wide lock until after its commit is flushed,
//! so commits that notify are serialized (migration `20261128200000`). The command path's
//! commits do not notify; after each one, this process sends `pg_notify('cuepoint_events')`
//! from a task of its own, one at a time: every commit made while one is being sent is
//! covered by the next. The notification's transaction writes no WAL, so it is cheap. Its
//! payload names the aggregate types committed since the last one, so that only the workers
//! reading them wake ([`cuepoint_projections::worker::wake`]).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use cuepoint_projections::worker::wake;
use sqlx::PgPool;
use tokio::sync::mpsc;

/// The wake-ups of one command bus.
pub struct Wakeup {
    pool: PgPool,
    /// The aggregate types committed and not yet named by a notification.
    committed: Arc<Mutex<BTreeSet<&'static str>>>,
    /// A wake-up is pending when the channel holds its one slot; started on first use (inside
    /// the runtime of the commands that use it).
    pending: OnceLock<mpsc::Sender<()>>,
}

impl Wakeup {
    /// Wake-ups sent over `pool`.
    pub fn new(pool: &PgPool) -> Self {
        Wakeup {
            pool: pool.clone(),
            committed: Arc::default(),
            pending: OnceLock::new(),
        }
    }

    /// Events of `aggregate_type` were committed: the workers reading it will be woken (now,
    /// or right after the wake-up being sent).
    pub fn committed(&self, aggregate_type: &'static str) {
        lock(&self.committed).insert(aggregate_type);
        let pending = self.pending.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(1);
            let committed = Arc::clone(&self.committed);
            tokio::spawn(send_wakeups(self.pool.clone(), committed, receiver));
            sender
        });
        // A full channel is a wake-up not yet sent, which will cover this commit too.
        let _ = pending.try_send(());
    }
}

/// Sends a notification naming the types committed for each pending wake-up, until the bus
/// is gone. A wake-up whose types an earlier notification already named sends nothing.
async fn send_wakeups(
    pool: PgPool,
    committed: Arc<Mutex<BTreeSet<&'static str>>>,
    mut pending: mpsc::Receiver<()>,
) {
    while pending.recv().await.is_some() {
        let types = std::mem::take(&mut *lock(&committed));
        if types.is_empty() {
            continue;
        }
        let sent = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(wake::CHANNEL)
            .bind(wake::payload(types))
            .execute(&pool)
            .await;
        if let Err(error) = sent {
            // The workers' poll picks the events up instead.
            tracing::warn!(%error, "could not wake the projection workers");
        }
    }
}

/// The set, whether or not a thread panicked holding it (a set of names stays whole).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
