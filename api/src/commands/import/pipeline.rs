//! The one import path: duplicate check, start, rows in batches, completion or failure.

use axum::http::StatusCode;
use chrono::Utc;
use cuepoint_domain::import::{
    storable_label, FailureReason, ImportCommand, ImportError, ImportStarted, Rejection,
};
use cuepoint_domain::violation::FieldViolation;
use sqlx::PgPool;
use tokio::sync::mpsc;

use super::outcome::{Failure, ImportOutcome, FIRST_REJECTIONS};
use super::rows::{read_rows, Parsed, ReadSettings, RowSource};
use super::running::Running;
use super::shows::directory;
use super::writer::{ImportWriter, WriteError};
use crate::commands::Actor;
use crate::http::error::ApiError;

/// What is imported.
#[derive(Clone, Debug)]
pub struct ImportRequest {
    /// The default source of the rows (lowercase).
    pub source: String,
    /// The file name or sheet.
    pub origin: String,
    /// SHA-256 of the content.
    pub content_hash: String,
}

/// Called with the bytes of the file read so far.
pub type Progress<'a> = &'a (dyn Fn(u64) + Send + Sync);

/// Events written per transaction at most (each carries up to 1,000 rows).
const EVENTS_PER_TRANSACTION: usize = 8;

/// Imports `rows` for the actor's tenant. A content already imported is 409
/// `duplicate_import`; an import that fails as a whole is recorded and answered with its
/// reason (see [`ImportOutcome`]). Once started, an import always ends completed or failed:
/// an error midway fails it (`interrupted`) before the error is answered.
pub async fn run_import(
    pool: &PgPool,
    actor: &Actor,
    request: ImportRequest,
    rows: RowSource,
    progress: Option<Progress<'_>>,
) -> Result<ImportOutcome, ApiError> {
    if let Some(earlier) =
        completed_with_hash(pool, &actor.tenant_id, &request.content_hash).await?
    {
        return Err(duplicate(&earlier));
    }
    let settings = ReadSettings {
        today: Utc::now().date_naive(),
        default_source: request.source.clone(),
        shows: directory(pool, &actor.tenant_id).await?,
    };
    let import_id = uuid::Uuid::now_v7().to_string();
    let mut writer = ImportWriter::new(pool.clone(), actor, &import_id);
    let start = ImportCommand::Start(ImportStarted {
        source: request.source,
        origin: storable_label(&request.origin),
        content_hash: request.content_hash,
        by: actor.by.clone(),
    });
    writer.execute(vec![start]).await.map_err(write_error)?;

    let mut running = Running::new(writer);
    let result = match write_rows(running.writer(), rows, settings, progress).await {
        Ok(read) => end(running.writer(), &import_id, read).await,
        Err(error) => Err(error),
    };
    let outcome = running.settle(result).await;
    if let Ok(done) = &outcome {
        crate::measure::import_rows(done.accepted, done.rejected);
    }
    outcome
}

/// What reading the rows found, besides the rows the writer recorded.
struct Read {
    /// The first rejected rows, by line.
    first_rejections: Vec<Rejection>,
    /// Why the input is unusable as a whole, if it is.
    failure: Option<FailureReason>,
}

/// Reads `rows` off the async runtime and records them in batches as they come.
async fn write_rows(
    writer: &mut ImportWriter,
    rows: RowSource,
    settings: ReadSettings,
    progress: Option<Progress<'_>>,
) -> Result<Read, ApiError> {
    let (sender, mut receiver) = mpsc::channel(EVENTS_PER_TRANSACTION * 2);
    let reader = tokio::task::spawn_blocking(move || read_rows(rows, settings, sender));
    let mut first_rejections: Vec<Rejection> = Vec::new();
    let mut failure: Option<FailureReason> = None;
    while let Some(first) = receiver.recv().await {
        let mut commands = Vec::new();
        let mut next = Some(first);
        while let Some(parsed) = next.take() {
            match parsed {
                Parsed::Accepted(rows) => commands.push(ImportCommand::AcceptRows { rows }),
                Parsed::Rejected(rejections) => {
                    let room = FIRST_REJECTIONS.saturating_sub(first_rejections.len());
                    first_rejections.extend(rejections.iter().take(room).cloned());
                    commands.push(ImportCommand::RejectRows { rejections });
                }
                Parsed::Failed(reason) => failure = Some(reason),
                Parsed::Progress(bytes) => {
                    if let Some(report) = progress {
                        report(bytes);
                    }
                }
            }
            if commands.len() < EVENTS_PER_TRANSACTION {
                next = receiver.try_recv().ok();
            }
        }
        if !commands.is_empty() {
            writer.execute(commands).await.map_err(write_error)?;
        }
    }
    reader
        .await
        .map_err(|e| anyhow::anyhow!("the row reader stopped: {e}"))?;
    first_rejections.sort_by_key(|r| r.line);
    Ok(Read {
        first_rejections,
        failure,
    })
}

/// Writes the import's outcome: completed, or failed for the reason found (a completion
/// that finds its content completed by another import in the meantime is a duplicate).
async fn end(
    writer: &mut ImportWriter,
    import_id: &str,
    read: Read,
) -> Result<ImportOutcome, ApiError> {
    let ending = match read.failure {
        Some(reason) => ImportCommand::Fail { reason },
        None if writer.import().accepted() == 0 => ImportCommand::Fail {
            reason: FailureReason::NoValidRow,
        },
        None => ImportCommand::Complete,
    };
    match writer.execute(vec![ending]).await {
        Ok(()) => {}
        Err(WriteError::Duplicate(earlier)) => {
            let reason = FailureReason::Duplicate {
                import_id: earlier.clone(),
            };
            writer
                .execute(vec![ImportCommand::Fail { reason }])
                .await
                .map_err(write_error)?;
            return Err(duplicate(&earlier));
        }
        Err(error) => return Err(write_error(error)),
    }
    Ok(outcome(import_id, writer, read.first_rejections))
}

fn outcome(import_id: &str, writer: &ImportWriter, rejections: Vec<Rejection>) -> ImportOutcome {
    let import = writer.import();
    let failure = writer.failure().map(Failure::from);
    ImportOutcome {
        id: import_id.to_string(),
        version: writer.version(),
        consistency_token: writer.token(),
        status: if failure.is_some() {
            "failed"
        } else {
            "completed"
        },
        accepted: import.accepted(),
        rejected: import.rejected(),
        rejections,
        failure,
    }
}

/// The completed import of the tenant with this content hash.
async fn completed_with_hash(
    pool: &PgPool,
    tenant_id: &str,
    content_hash: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT import_id FROM import_hashes WHERE tenant_id = $1 AND content_hash = $2",
    )
    .bind(tenant_id)
    .bind(content_hash)
    .fetch_optional(pool)
    .await
}

fn duplicate(earlier: &str) -> ApiError {
    ApiError::Client {
        status: StatusCode::CONFLICT,
        code: "duplicate_import",
        message: format!("the same content was already imported by import {earlier}"),
        details: vec![FieldViolation::new(
            "import_id",
            "duplicate_import",
            earlier.to_string(),
        )],
    }
}

fn write_error(error: WriteError) -> ApiError {
    match error {
        WriteError::Database(error) => error.into(),
        WriteError::Duplicate(earlier) => duplicate(&earlier),
        WriteError::Refused(ImportError::NoValidRow) => ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_valid_row",
            "no valid row",
        ),
        WriteError::Refused(error) => ApiError::Unexpected(anyhow::anyhow!("import: {error}")),
    }
}
