//! The metrics projection's connections of its own, beside its batch's transaction, on which
//! staging writes the rows of each chunk (`staging.rs`): the insert of a large import's rows
//! is the database's work, one core per backend, so the rows are shared between
//! [`CONNECTIONS`] backends, each writing a part at the same time. Their transactions are
//! short (one chunk each), where the batch's lasts the whole batch: the same insert took
//! about half as long again in the batch's transaction (docs/benchmarks.md).
//!
//! The connections are opened on first use, with the options the projection's runner gave
//! ([`crate::Projection::connect_with`]), and dropped after any failure on one of them, to be
//! opened again by the next chunk.

use std::sync::{Mutex, PoisonError};

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::sync::MutexGuard;

/// Connections staging writes on at the same time (this machine's cores: docs/benchmarks.md).
pub(super) const CONNECTIONS: usize = 2;

/// How to open the connections, and the connections once opened.
#[derive(Default)]
pub(super) struct Beside {
    connect: Mutex<Option<PgConnectOptions>>,
    conns: tokio::sync::Mutex<Vec<PgConnection>>,
}

impl Beside {
    /// Opens the connections with `connect` from now on.
    pub(super) fn connect_with(&self, connect: &PgConnectOptions) {
        let connect = connect.clone().application_name("cuepoint metrics staging");
        *self.connect.lock().unwrap_or_else(PoisonError::into_inner) = Some(connect);
    }

    /// The [`CONNECTIONS`] connections, held by one chunk's staging at a time and opened if
    /// they are not yet; `None` if the projection was never told how to open them (staging
    /// then writes on the batch's connection).
    pub(super) async fn hold(&self) -> sqlx::Result<Option<MutexGuard<'_, Vec<PgConnection>>>> {
        let mut held = self.conns.lock().await;
        if held.len() < CONNECTIONS {
            let connect = self
                .connect
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            let Some(connect) = connect else {
                return Ok(None);
            };
            while held.len() < CONNECTIONS {
                held.push(PgConnection::connect_with(&connect).await?);
            }
        }
        Ok(Some(held))
    }
}
