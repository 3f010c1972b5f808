//! Reading the log ahead of a rebuild: a task on a connection of its own reads the next
//! batches while the current one applies, so that the scan of the log and the writes of the
//! copy overlap.
//!
//! Reading outside the copy's transactions is safe: [`read_after`] only returns events of
//! transactions older than the oldest one still running, which can no longer change.

use anyhow::Context;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::log::read_after;
use crate::{Position, Projection, RecordedEvent};

/// Batches read and not yet taken, at most. With the one being read and the one being
/// applied, three batches are in memory; the reader is faster than the writes, so one more
/// would only hold memory.
const BATCHES_AHEAD: usize = 1;

/// The batches of the log after a position, read ahead, up to the first batch that is not
/// full (the head of the log when the reader got there).
pub(super) struct ReadAhead {
    batches: mpsc::Receiver<sqlx::Result<Vec<RecordedEvent>>>,
    /// The reading task; dropping the set (with the rebuild) stops it.
    reader: JoinSet<()>,
}

impl ReadAhead {
    /// Starts reading the log after `after`, in batches of up to `batch_size` events, with
    /// the payloads `projection` reads.
    pub(super) async fn start(
        connect: &PgConnectOptions,
        projection: &dyn Projection,
        after: Position,
        batch_size: i64,
    ) -> sqlx::Result<Self> {
        let conn = PgConnection::connect_with(connect).await?;
        let (sender, batches) = mpsc::channel(BATCHES_AHEAD);
        let mut reader = JoinSet::new();
        reader.spawn(read(
            conn,
            Reading {
                after,
                batch_size,
                aggregate_types: projection.aggregate_types(),
                payload_types: projection.payload_types(),
            },
            sender,
        ));
        Ok(ReadAhead { batches, reader })
    }

    /// The next batch, in log order; `None` after the last one.
    pub(super) async fn next(&mut self) -> anyhow::Result<Option<Vec<RecordedEvent>>> {
        match self.batches.recv().await {
            Some(batch) => Ok(Some(batch?)),
            None => {
                if let Some(ended) = self.reader.join_next().await {
                    ended.context("the rebuild's log reader failed")?;
                }
                Ok(None)
            }
        }
    }
}

/// What the reading task reads.
struct Reading {
    after: Position,
    batch_size: i64,
    aggregate_types: &'static [&'static str],
    payload_types: Option<&'static [&'static str]>,
}

/// Sends batch after batch until one is not full, a read fails (the error is sent), or the
/// receiver is gone.
async fn read(
    mut conn: PgConnection,
    mut reading: Reading,
    sender: mpsc::Sender<sqlx::Result<Vec<RecordedEvent>>>,
) {
    loop {
        let batch = read_after(
            &mut conn,
            reading.after,
            reading.batch_size,
            reading.aggregate_types,
            reading.payload_types,
        )
        .await;
        let more = match &batch {
            Ok(events) => {
                if let Some(last) = events.last() {
                    reading.after = last.position;
                }
                events.len() as i64 == reading.batch_size
            }
            Err(_) => false,
        };
        if sender.send(batch).await.is_err() || !more {
            break;
        }
    }
    // Closing politely is a courtesy to the server; a failure changes nothing here.
    let _ = conn.close().await;
}
