//! `cuepoint projections`: the operator's view of the projections (global positions, lag,
//! owners, parked events of every tenant) and the handling of parked events. Tenants see
//! only their own figures, through `GET /api/v1/projections`.
#![allow(clippy::print_stdout)]

use std::collections::HashMap;

use cuepoint_projections::parked::{self, Outcome, ParkedEvent};
use cuepoint_projections::{registry, status};
use sqlx::PgPool;

use crate::cli::projection_named;
use crate::config::{ProjectionsArgs, ProjectionsCommand};

/// `cuepoint projections [parked [NAME] | retry NAME]`
pub async fn projections(pool: &PgPool, args: ProjectionsArgs) -> anyhow::Result<()> {
    match args.command {
        None => overview(pool).await,
        Some(ProjectionsCommand::Parked { name }) => {
            if let Some(name) = &name {
                projection_named(name)?;
            }
            list_parked(pool, name.as_deref()).await
        }
        Some(ProjectionsCommand::Retry { name }) => retry(pool, &name).await,
    }
}

/// Each projection's position, lag, owner and parked events.
async fn overview(pool: &PgPool) -> anyhow::Result<()> {
    println!(
        "{:<16} {:>24} {:>10} {:>10} {:>9} {:>7}  owner",
        "projection", "position", "applied", "behind", "lag (s)", "parked"
    );
    for s in status::status(pool, &registry::names()).await? {
        println!(
            "{:<16} {:>24} {:>10} {:>10} {:>9.3} {:>7}  {}",
            s.name,
            s.position,
            s.events_applied,
            s.events_behind,
            s.lag_seconds,
            s.parked_events,
            s.owner.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}

/// The parked events, in log order per projection, with their errors.
async fn list_parked(pool: &PgPool, name: Option<&str>) -> anyhow::Result<()> {
    let events = parked::list(pool, name).await?;
    if events.is_empty() {
        println!("no parked events");
        return Ok(());
    }
    let slugs = tenant_slugs(pool).await?;
    for event in &events {
        println!("{}", describe(event, &slugs));
        println!("    error: {}", event.error);
    }
    Ok(())
}

/// `cuepoint projections retry NAME`
async fn retry(pool: &PgPool, name: &str) -> anyhow::Result<()> {
    let projection = projection_named(name)?;
    let mut conn = pool.acquire().await?;
    let retried = parked::retry(&mut conn, &*projection).await?;
    if retried.is_empty() {
        println!("{name}: no parked events");
        return Ok(());
    }
    let slugs = tenant_slugs(pool).await?;
    let mut still_parked = 0;
    for retried in &retried {
        let what = match &retried.outcome {
            Outcome::Applied => "applied".to_string(),
            Outcome::Failed { error, attempts } => {
                still_parked += 1;
                format!("failed again (attempt {attempts}), still parked: {error}")
            }
            Outcome::Missing => {
                still_parked += 1;
                "not in the event log, still parked".to_string()
            }
        };
        println!("{}\n    {what}", describe(&retried.event, &slugs));
    }
    println!(
        "{name}: {} applied, {still_parked} still parked",
        retried.len() - still_parked
    );
    Ok(())
}

/// One line naming a parked event: projection, position, tenant, aggregate, event type,
/// attempts and when it was parked.
fn describe(event: &ParkedEvent, slugs: &HashMap<String, String>) -> String {
    let tenant = slugs.get(&event.tenant_id).map_or("?", String::as_str);
    format!(
        "{} {} tenant {tenant} ({}) {} {} {} attempts {} parked {}",
        event.projection,
        event.position(),
        event.tenant_id,
        event.aggregate_type,
        event.aggregate_id,
        event.event_type,
        event.attempts,
        event
            .parked_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// Tenant ids to slugs, for display.
async fn tenant_slugs(pool: &PgPool) -> sqlx::Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT tenant_id, slug FROM tenants")
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().collect())
}
