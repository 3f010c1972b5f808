//! Waking the projection workers after commands commit, outside the commits.
//!
//! A `NOTIFY` in a transaction holds a cluster-wide lock until after its commit is flushed,
//! so commits that notify are serialized (migration `20261128200000`). The command path's
//! commits do not notify; after each one, this process sends `pg_notify('cuepoint_events')`
//! from a task of its own, one at a time: every commit made while one is being sent is
//! covered by the next. The notification's transaction writes no WAL, so it is cheap.

use std::sync::OnceLock;

use sqlx::PgPool;
use tokio::sync::mpsc;

/// The wake-ups of one command bus.
pub struct Wakeup {
    pool: PgPool,
    /// A wake-up is pending when the channel holds its one slot; started on first use (inside
    /// the runtime of the commands that use it).
    pending: OnceLock<mpsc::Sender<()>>,
}

impl Wakeup {
    /// Wake-ups sent over `pool`.
    pub fn new(pool: &PgPool) -> Self {
        Wakeup {
            pool: pool.clone(),
            pending: OnceLock::new(),
        }
    }

    /// Events were committed: the workers will be woken (now, or right after the wake-up
    /// being sent).
    pub fn committed(&self) {
        let pending = self.pending.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(1);
            tokio::spawn(send_wakeups(self.pool.clone(), receiver));
            sender
        });
        // A full channel is a wake-up not yet sent, which will cover this commit too.
        let _ = pending.try_send(());
    }
}

/// Sends a notification for each pending wake-up until the bus is gone.
async fn send_wakeups(pool: PgPool, mut pending: mpsc::Receiver<()>) {
    while pending.recv().await.is_some() {
        let sent = sqlx::query("SELECT pg_notify('cuepoint_events', '')")
            .execute(&pool)
            .await;
        if let Err(error) = sent {
            // The workers' poll picks the events up instead.
            tracing::warn!(%error, "could not wake the projection workers");
        }
    }
}
