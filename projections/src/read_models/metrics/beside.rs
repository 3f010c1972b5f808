//! The metrics projection's connection of its own, beside its batch's transaction, on which
//! staging writes half of each chunk of rows (`staging.rs`): the insert of a large import's
//! rows is the database's work, and a second backend puts the machine's other cores to it.
//!
//! The connection is opened on first use, with the options the projection's runner gave
//! ([`crate::Projection::connect_with`]), and dropped after any failure on it, to be opened
//! again by the next chunk.

use std::sync::{Mutex, PoisonError};

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::sync::{MappedMutexGuard, MutexGuard};

/// How to open the connection, and the connection once opened.
#[derive(Default)]
pub(super) struct Beside {
    connect: Mutex<Option<PgConnectOptions>>,
    conn: tokio::sync::Mutex<Option<PgConnection>>,
}

impl Beside {
    /// Opens the connection with `connect` from now on.
    pub(super) fn connect_with(&self, connect: &PgConnectOptions) {
        let connect = connect.clone().application_name("cuepoint metrics staging");
        *self.connect.lock().unwrap_or_else(PoisonError::into_inner) = Some(connect);
    }

    /// The connection, held by one chunk's staging at a time and opened if it is not yet;
    /// `None` if the projection was never told how to open one (staging then writes on the
    /// batch's connection alone).
    pub(super) async fn hold(&self) -> sqlx::Result<Option<MappedMutexGuard<'_, PgConnection>>> {
        let mut held = self.conn.lock().await;
        if held.is_none() {
            let connect = self
                .connect
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            let Some(connect) = connect else {
                return Ok(None);
            };
            *held = Some(PgConnection::connect_with(&connect).await?);
        }
        Ok(MutexGuard::try_map(held, Option::as_mut).ok())
    }

    /// Drops the connection after a failure on it: the next chunk opens a fresh one.
    pub(super) async fn forget(&self) {
        *self.conn.lock().await = None;
    }
}
