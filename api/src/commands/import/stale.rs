//! Imports abandoned by a process that died (killed, or its database gone midway): a
//! process fails them as `abandoned` when it starts.

use cqrs_es::Aggregate;
use cuepoint_domain::import::{FailureReason, Import, ImportCommand, ImportEvent, ImportStatus};
use cuepoint_projections::log::stream_id;
use futures::TryStreamExt;
use sqlx::types::Json;
use sqlx::PgPool;

use super::writer::{ImportWriter, WriteError};
use crate::commands::Actor;

/// Who fails abandoned imports, in their events' metadata.
const JOB: &str = "stale-imports";

/// Fails, in every tenant, the imports still `running` whose last event is older than
/// `after_minutes` (0: none), and returns how many this process failed. Two processes
/// starting at once may both try one import: the second write conflicts on the events key
/// and counts as done. An import that cannot be failed now is left for the next start,
/// after the others were tried, and named in the error.
pub async fn fail_stale_imports(pool: &PgPool, after_minutes: u64) -> anyhow::Result<usize> {
    if after_minutes == 0 {
        return Ok(0);
    }
    let minutes = i64::try_from(after_minutes)?;
    // The imports read model names the candidates; the event log decides.
    let candidates: Vec<(String, String)> = sqlx::query_as(
        "SELECT tenant_id, import_id FROM rm_imports
          WHERE status = 'running' AND started_at < now() - $1 * interval '1 minute'
          ORDER BY started_at",
    )
    .bind(minutes)
    .fetch_all(pool)
    .await?;
    let (mut failed, mut errors) = (0, Vec::new());
    for (tenant_id, import_id) in candidates {
        match fail_if_stale(pool, &tenant_id, &import_id, minutes, after_minutes).await {
            Ok(true) => {
                tracing::warn!(%tenant_id, %import_id, "failed an abandoned import");
                failed += 1;
            }
            Ok(false) => {}
            Err(error) => errors.push(format!("import {import_id}: {error}")),
        }
    }
    if errors.is_empty() {
        return Ok(failed);
    }
    anyhow::bail!(
        "failed {failed} abandoned import(s), could not fail {}: {}",
        errors.len(),
        errors.join("; ")
    )
}

/// Fails the import if its events show it running with no progress for `minutes`.
async fn fail_if_stale(
    pool: &PgPool,
    tenant_id: &str,
    import_id: &str,
    minutes: i64,
    after_minutes: u64,
) -> Result<bool, WriteError> {
    let Some((import, sequence)) = stale_state(pool, &stream_id(tenant_id, import_id), minutes)
        .await?
        .filter(|(import, _)| import.status() == ImportStatus::Running)
    else {
        return Ok(false);
    };
    let actor = Actor::system(tenant_id, JOB);
    let mut writer = ImportWriter::resume(pool.clone(), &actor, import_id, import, sequence);
    let fail = ImportCommand::Fail {
        reason: FailureReason::Abandoned {
            minutes: after_minutes,
        },
    };
    match writer.execute(vec![fail]).await {
        Ok(()) => Ok(true),
        // Another process wrote the next event first: it failed the import, or the import
        // is alive after all. Either way, nothing is left to do here.
        Err(WriteError::Database(sqlx::Error::Database(error))) if error.is_unique_violation() => {
            tracing::info!(%tenant_id, %import_id, "an abandoned import was failed by another process");
            Ok(false)
        }
        Err(error) => Err(error),
    }
}

/// The import folded from its events, one at a time, and its last sequence, if its last
/// event is older than `minutes`.
async fn stale_state(
    pool: &PgPool,
    stream: &str,
    minutes: i64,
) -> sqlx::Result<Option<(Import, i64)>> {
    let mut events = sqlx::query_as::<_, (i64, Json<ImportEvent>, bool)>(
        "SELECT sequence, payload,
                recorded_at < now() - $3 * interval '1 minute'
           FROM events WHERE aggregate_type = $1 AND aggregate_id = $2
          ORDER BY sequence",
    )
    .bind(Import::TYPE)
    .bind(stream)
    .bind(minutes)
    .fetch(pool);
    let mut import = Import::default();
    let mut last = None;
    while let Some((sequence, Json(event), stale)) = events.try_next().await? {
        import.apply(event);
        last = Some((sequence, stale));
    }
    Ok(match last {
        Some((sequence, true)) => Some((import, sequence)),
        _ => None,
    })
}
