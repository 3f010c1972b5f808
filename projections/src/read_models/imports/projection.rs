//! The `imports` projection: one row per import, and its rejected rows.

use async_trait::async_trait;
use cqrs_es::Aggregate;
use cuepoint_domain::import::{Import, ImportEvent, SourceSummary};
use sqlx::PgConnection;

use crate::{Projection, RecordedEvent};

/// Builds `rm_imports`, `rm_import_rejections` and `rm_import_sources`.
pub struct ImportsProjection;

#[async_trait]
impl Projection for ImportsProjection {
    fn name(&self) -> &'static str {
        "imports"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[Import::TYPE]
    }

    /// All but `RowsAccepted`: accepted rows are counted by the completion event, and their
    /// payloads are most of the log's bytes.
    fn payload_types(&self) -> Option<&'static [&'static str]> {
        Some(&[
            "ImportStarted",
            "RowsRejected",
            "ImportCompleted",
            "ImportFailed",
        ])
    }

    fn tables(&self) -> &'static [&'static str] {
        &["rm_imports", "rm_import_rejections", "rm_import_sources"]
    }

    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        for event in events {
            // Events read without payload (`RowsAccepted`) change nothing here.
            let Some(payload) = &event.payload else {
                continue;
            };
            apply_one(conn, event, payload.decode()?).await?;
        }
        Ok(())
    }
}

async fn apply_one(
    conn: &mut PgConnection,
    event: &RecordedEvent,
    import_event: ImportEvent,
) -> anyhow::Result<()> {
    let (tenant, import, at) = (&event.tenant_id, &event.aggregate_id, event.recorded_at);
    if matches!(
        import_event,
        ImportEvent::ImportCompleted { .. } | ImportEvent::ImportFailed { .. }
    ) {
        let own = own_source(conn, event).await?;
        counted_for(conn, event, &import_event.counted_sources(&own)).await?;
    }
    match import_event {
        ImportEvent::ImportStarted(started) => {
            sqlx::query(
                "INSERT INTO rm_imports (tenant_id, import_id, source, origin, content_hash,
                                         started_by, status, started_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 'running', $7)
                 ON CONFLICT DO NOTHING",
            )
            .bind(tenant)
            .bind(import)
            .bind(&started.source)
            .bind(&started.origin)
            .bind(&started.content_hash)
            .bind(&started.by)
            .bind(at)
            .execute(conn)
            .await?;
        }
        ImportEvent::RowsRejected { rejections } => {
            sqlx::query(
                "INSERT INTO rm_import_rejections (tenant_id, import_id, line, \"column\", reason)
                 SELECT $1, $2, l, c, r FROM UNNEST($3::int8[], $4::text[], $5::text[]) AS b(l, c, r)
                 ON CONFLICT DO NOTHING",
            )
            .bind(tenant)
            .bind(import)
            .bind(rejections.iter().map(|r| r.line as i64).collect::<Vec<_>>())
            .bind(rejections.iter().map(|r| r.column.clone()).collect::<Vec<_>>())
            .bind(rejections.iter().map(|r| r.reason.clone()).collect::<Vec<_>>())
            .execute(conn)
            .await?;
        }
        ImportEvent::ImportCompleted {
            accepted,
            rejected,
            last_day,
            ..
        } => {
            finish(conn, event, "completed", accepted, rejected, last_day, None).await?;
        }
        ImportEvent::ImportFailed {
            reason,
            accepted,
            rejected,
        } => {
            let mut failure = serde_json::to_value(&reason)?;
            failure["message"] = reason.to_string().into();
            finish(
                conn,
                event,
                "failed",
                accepted,
                rejected,
                None,
                Some(failure),
            )
            .await?;
        }
        ImportEvent::RowsAccepted { .. } => {}
    }
    Ok(())
}

async fn finish(
    conn: &mut PgConnection,
    event: &RecordedEvent,
    status: &str,
    accepted: u64,
    rejected: u64,
    last_day: Option<chrono::NaiveDate>,
    failure: Option<serde_json::Value>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE rm_imports
            SET status = $3, accepted = $4, rejected = $5, last_day = $6, failure = $7,
                finished_at = $8
          WHERE tenant_id = $1 AND import_id = $2",
    )
    .bind(&event.tenant_id)
    .bind(&event.aggregate_id)
    .bind(status)
    .bind(accepted as i64)
    .bind(rejected as i64)
    .bind(last_day)
    .bind(failure)
    .bind(event.recorded_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The import's own (default) source, as `ImportStarted` recorded it.
async fn own_source(conn: &mut PgConnection, event: &RecordedEvent) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT source FROM rm_imports WHERE tenant_id = $1 AND import_id = $2")
        .bind(&event.tenant_id)
        .bind(&event.aggregate_id)
        .fetch_one(conn)
        .await
}

/// Records the sources a finished import counts for in ETL health.
async fn counted_for(
    conn: &mut PgConnection,
    event: &RecordedEvent,
    sources: &[SourceSummary],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO rm_import_sources (tenant_id, import_id, source, accepted, last_day)
         SELECT $1, $2, s, a, d FROM UNNEST($3::text[], $4::int8[], $5::date[]) AS b(s, a, d)
         ON CONFLICT DO NOTHING",
    )
    .bind(&event.tenant_id)
    .bind(&event.aggregate_id)
    .bind(sources.iter().map(|s| s.source.clone()).collect::<Vec<_>>())
    .bind(
        sources
            .iter()
            .map(|s| s.accepted as i64)
            .collect::<Vec<_>>(),
    )
    .bind(sources.iter().map(|s| s.last_day).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}
