//! Writing an import's events: the aggregate is kept in memory by the one process that
//! runs the import, so a batch of rows costs one INSERT, not a reload of the aggregate.

use cqrs_es::{Aggregate, DomainEvent};
use cuepoint_domain::import::{FailureReason, Import, ImportCommand, ImportError, ImportEvent};
use cuepoint_projections::consistency::EventRef;
use cuepoint_projections::log::stream_id;
use sqlx::types::Json;
use sqlx::{PgPool, Postgres, Transaction};

use crate::commands::Actor;

/// The event writer of one import. Nobody else writes to a new import's stream; should
/// anybody, the events primary key refuses the second writer.
#[derive(Clone)]
pub struct ImportWriter {
    pool: PgPool,
    tenant_id: String,
    stream: String,
    metadata: Json<std::collections::HashMap<String, String>>,
    import: Import,
    sequence: i64,
    content_hash: Option<String>,
    failure: Option<FailureReason>,
}

/// Writing failed: the command was refused, or the database failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The aggregate refused the command.
    #[error(transparent)]
    Refused(#[from] ImportError),
    /// The content hash is taken by a completed import.
    #[error("duplicate of import {0}")]
    Duplicate(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl ImportWriter {
    /// A writer for the new import `import_id` of the actor's tenant.
    pub fn new(pool: PgPool, actor: &Actor, import_id: &str) -> Self {
        ImportWriter {
            pool,
            tenant_id: actor.tenant_id.clone(),
            stream: stream_id(&actor.tenant_id, import_id),
            metadata: Json(actor.metadata()),
            import: Import::default(),
            sequence: 0,
            content_hash: None,
            failure: None,
        }
    }

    /// A writer that continues import `import_id` of the actor's tenant, whose events up to
    /// `sequence` fold into `import`.
    pub fn resume(
        pool: PgPool,
        actor: &Actor,
        import_id: &str,
        import: Import,
        sequence: i64,
    ) -> Self {
        ImportWriter {
            import,
            sequence,
            ..ImportWriter::new(pool, actor, import_id)
        }
    }

    /// The aggregate as written so far.
    pub fn import(&self) -> &Import {
        &self.import
    }

    /// Why the import failed, once it has.
    pub fn failure(&self) -> Option<&FailureReason> {
        self.failure.as_ref()
    }

    /// The import's stream in the store (`<tenant>:<import id>`).
    pub fn stream(&self) -> &str {
        &self.stream
    }

    /// The version written so far.
    pub fn version(&self) -> i64 {
        self.sequence
    }

    /// A consistency token naming the last event written.
    pub fn token(&self) -> String {
        EventRef {
            aggregate_type: Import::TYPE.to_string(),
            sequence: self.sequence,
            stream_id: self.stream.clone(),
        }
        .to_string()
    }

    /// Decides `commands` and writes all their events in one transaction.
    pub async fn execute(&mut self, commands: Vec<ImportCommand>) -> Result<(), WriteError> {
        let mut tx = self.pool.begin().await?;
        let mut state = self.import.clone();
        let mut sequence = self.sequence;
        let mut failure = None;
        for command in commands {
            if let ImportCommand::Fail { reason } = &command {
                failure = Some(reason.clone());
            }
            if let ImportCommand::Start(started) = &command {
                self.content_hash = Some(started.content_hash.clone());
            }
            let completes = matches!(command, ImportCommand::Complete);
            for event in state.decide(command)? {
                sequence += 1;
                insert(&mut tx, &self.stream, sequence, &event, &self.metadata).await?;
                state.apply(event);
            }
            if completes {
                self.claim_hash(&mut tx).await?;
            }
        }
        tx.commit().await?;
        self.import = state;
        self.sequence = sequence;
        self.failure = failure.or(self.failure.take());
        Ok(())
    }

    /// Records the content hash of a completing import; another completed import with the
    /// same hash makes this one a duplicate.
    async fn claim_hash(&self, tx: &mut Transaction<'_, Postgres>) -> Result<(), WriteError> {
        let hash = self.content_hash.as_deref().unwrap_or_default();
        let import_id = self.stream.split_once(':').map_or("", |(_, id)| id);
        let claimed: Option<String> = sqlx::query_scalar(
            "INSERT INTO import_hashes (tenant_id, content_hash, import_id) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING import_id",
        )
        .bind(&self.tenant_id)
        .bind(hash)
        .bind(import_id)
        .fetch_optional(&mut **tx)
        .await?;
        if claimed.is_some() {
            return Ok(());
        }
        let earlier: String = sqlx::query_scalar(
            "SELECT import_id FROM import_hashes WHERE tenant_id = $1 AND content_hash = $2",
        )
        .bind(&self.tenant_id)
        .bind(hash)
        .fetch_one(&mut **tx)
        .await?;
        Err(WriteError::Duplicate(earlier))
    }
}

async fn insert(
    tx: &mut Transaction<'_, Postgres>,
    stream: &str,
    sequence: i64,
    event: &ImportEvent,
    metadata: &Json<std::collections::HashMap<String, String>>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         VALUES ($1, $2, $3, $4, $5, $6::text::json, $7::jsonb::json)",
    )
    .bind(Import::TYPE)
    .bind(stream)
    .bind(sequence)
    .bind(event.event_type())
    .bind(event.event_version())
    // As text: PostgreSQL checks it as `json` without building a `jsonb` first.
    .bind(serde_json::to_string(event).map_err(|e| sqlx::Error::Encode(Box::new(e)))?)
    .bind(metadata)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
