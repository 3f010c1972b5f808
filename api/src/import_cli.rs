//! `cuepoint import csv FILE --tenant SLUG [--source NAME]`: the HTTP import path, from
//! the command line, with a progress bar on a terminal.
#![allow(clippy::print_stdout)]

use std::io::IsTerminal;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::PgPool;

use crate::commands::import::{hash_file, run_import, ImportOutcome, ImportRequest, RowSource};
use crate::commands::Actor;
use crate::config::ImportCommand;
use crate::http::error::ApiError;
use crate::http::etl::source_name;
use crate::tenancy::tenant_by_slug;

/// `cuepoint import ...`
pub async fn import(pool: &PgPool, command: ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::Csv {
        file,
        tenant,
        source,
    } = command;
    let tenant = tenant_by_slug(pool, &tenant)
        .await?
        .with_context(|| format!("no tenant {tenant}"))?;
    let source = source_name(source.as_deref()).map_err(describe)?;
    let path = file.clone();
    let spool = tokio::task::spawn_blocking(move || hash_file(&path))
        .await?
        .with_context(|| format!("cannot read {}", file.display()))?;
    let bar = progress_bar(spool.bytes);
    let report = |bytes: u64| {
        if let Some(bar) = &bar {
            bar.set_position(bytes);
        }
    };
    let request = ImportRequest {
        source,
        origin: file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        content_hash: spool.content_hash,
    };
    let actor = Actor::system(&tenant.tenant_id, "cli-import");
    let outcome = run_import(
        pool,
        &actor,
        request,
        RowSource::Csv(spool.file),
        Some(&report),
    )
    .await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let outcome = outcome.map_err(describe)?;
    print_summary(&outcome);
    match &outcome.failure {
        None => Ok(()),
        Some(failure) => anyhow::bail!("the import failed: {}", failure.message),
    }
}

fn progress_bar(total: u64) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total);
    let style =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// The same summary as the HTTP answer.
fn print_summary(outcome: &ImportOutcome) {
    println!("import {} {}", outcome.id, outcome.status);
    println!("  accepted: {}", outcome.accepted);
    println!("  rejected: {}", outcome.rejected);
    if let Some(failure) = &outcome.failure {
        println!("  failure:  {} ({})", failure.message, failure.code);
    }
    for rejection in &outcome.rejections {
        let column = rejection
            .column
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        println!("  line {}{column}: {}", rejection.line, rejection.reason);
    }
    if outcome.rejected as usize > outcome.rejections.len() {
        println!(
            "  ... and {} more (GET /api/v1/etl/imports/{})",
            outcome.rejected as usize - outcome.rejections.len(),
            outcome.id
        );
    }
}

fn describe(error: ApiError) -> anyhow::Error {
    match error {
        ApiError::Client { code, message, .. } => anyhow::anyhow!("{message} ({code})"),
        other => anyhow::anyhow!(other),
    }
}
