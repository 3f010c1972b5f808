//! Running the service: the API server and the projection workers, with graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use cuepoint_projections::worker::{self, WorkerOptions};
use cuepoint_projections::Projection;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::automation::scheduler::run_scheduler;
use crate::automation::JobContext;
use crate::commands::import::fail_stale_imports;
use crate::commands::CommandBus;
use crate::config::{AutomationArgs, ServeArgs, StaleImportArgs, WorkerArgs, WorkerCommandArgs};
use crate::features::FeatureFlags;
use crate::http::credential_cache::CredentialCache;
use crate::http::sheets_import::SheetsSource;
use crate::http::state::{AppState, HttpSettings};
use crate::pdf::PdfRenderer;
use crate::webhooks::sender::run_sender;
use crate::won_deals::worker_projections;
use crate::{db, demo};
use cuepoint_domain::feature::Feature;

/// The application state for `pool` and the serve settings.
pub fn state(pool: PgPool, args: &ServeArgs) -> AppState {
    let commands = Arc::new(args.commands.bus(&pool));
    let features = FeatureFlags::from(&args.features);
    AppState {
        jobs: job_context(&pool, &commands, features, &args.automation),
        schedules: Arc::new(args.automation.schedules()),
        features,
        pool,
        commands,
        credentials: Arc::new(CredentialCache::new(Duration::from_secs(
            args.auth_cache_seconds,
        ))),
        pdf: PdfRenderer::new(),
        sheets: Arc::new(SheetsSource::new(args.imports.sheets_config())),
        settings: Arc::new(HttpSettings {
            base_domain: args.base_domain.clone(),
            consistency_timeout: Duration::from_millis(args.consistency_timeout_ms),
            body_limit: args.body_limit,
            upload_limit: args.imports.upload_limit,
            metrics: true,
        }),
    }
}

/// What the automation jobs of this process run with.
fn job_context(
    pool: &PgPool,
    commands: &Arc<CommandBus>,
    features: FeatureFlags,
    automation: &AutomationArgs,
) -> JobContext {
    JobContext {
        pool: pool.clone(),
        commands: commands.clone(),
        features,
        run_timeout: automation.run_timeout(),
    }
}

/// Runs the scheduler and the webhook sender (when automation is on) until `shutdown`.
pub fn spawn_automation(
    jobs: JobContext,
    args: &AutomationArgs,
    shutdown: &CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let (scheduler, sender) = (args.scheduler(), args.sender());
    let shutdown = shutdown.clone();
    tokio::spawn(async move {
        let pool = jobs.pool.clone();
        let sending = jobs.features.is_on(Feature::AutomationJobs);
        let scheduling = run_scheduler(jobs, scheduler, shutdown.clone());
        if sending {
            tokio::join!(scheduling, run_sender(pool, sender, shutdown));
        } else {
            scheduling.await;
        }
    })
}

/// Serves the API (and, unless disabled, runs the workers) until SIGINT or SIGTERM.
pub async fn serve(connect: PgConnectOptions, pool: PgPool, args: ServeArgs) -> anyhow::Result<()> {
    db::migrate(&pool).await?;
    fail_abandoned_imports(&pool, args.imports.stale).await;
    let state = state(pool.clone(), &args);
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let url = format!("http://{}", listener.local_addr()?);
    if !args.no_demo {
        demo::seed_on_first_start(&state, &url).await?;
    }
    let shutdown = CancellationToken::new();
    let projections = worker_projections(state.commands.clone());
    let workers = (!args.no_workers).then(|| {
        let run = run_workers(connect, args.workers.clone(), projections, shutdown.clone());
        tokio::spawn(run)
    });
    let automation = spawn_automation(state.jobs.clone(), &args.automation, &shutdown);
    tracing::info!(%url, "listening");
    announce(&url);
    let stop = shutdown.clone();
    axum::serve(listener, crate::http::app(state))
        .with_graceful_shutdown(async move {
            signal().await;
            stop.cancel();
        })
        .await?;
    shutdown.cancel();
    if let Some(workers) = workers {
        workers.await??;
    }
    automation.await?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Runs every projection's worker until SIGINT or SIGTERM (`cuepoint worker`).
pub async fn work(
    connect: PgConnectOptions,
    pool: PgPool,
    args: WorkerCommandArgs,
) -> anyhow::Result<()> {
    db::migrate(&pool).await?;
    fail_abandoned_imports(&pool, args.stale).await;
    let commands = Arc::new(args.commands.bus(&pool));
    let projections = worker_projections(commands.clone());
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    tokio::spawn(async move {
        signal().await;
        stop.cancel();
    });
    let features = FeatureFlags::from(&args.features);
    let jobs = job_context(&pool, &commands, features, &args.automation);
    let automation = spawn_automation(jobs, &args.automation, &shutdown);
    run_workers(connect, args.workers, projections, shutdown).await?;
    automation.await?;
    pool.close().await;
    Ok(())
}

/// At start, fails the imports that a process which died left `running` (see
/// [`fail_stale_imports`]). A failure here is logged, not fatal: the next start tries again.
async fn fail_abandoned_imports(pool: &PgPool, args: StaleImportArgs) {
    match fail_stale_imports(pool, args.stale_import_after_minutes).await {
        Ok(0) => {}
        Ok(failed) => tracing::warn!(failed, "failed imports abandoned by a process that died"),
        Err(error) => tracing::warn!(
            error = format!("{error:#}"),
            "could not check for abandoned imports"
        ),
    }
}

async fn run_workers(
    connect: PgConnectOptions,
    args: WorkerArgs,
    projections: Vec<Arc<dyn Projection>>,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let options = WorkerOptions {
        connect,
        batch_size: args.batch_size.max(1),
        poll_interval: args.poll_interval(),
        takeover_interval: args.takeover_interval(),
        batch_interval: args.batch_interval(),
        worker_name: format!("cuepoint-worker:{}", std::process::id()),
    };
    worker::run(options, projections, shutdown).await
}

#[allow(clippy::print_stdout)]
fn announce(url: &str) {
    println!("Cuepoint listening on {url}");
}

/// Resolves on SIGINT or SIGTERM.
pub async fn signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let interrupt = async {
        if let Ok(mut s) = signal(SignalKind::interrupt()) {
            s.recv().await;
        }
    };
    let terminate = async {
        if let Ok(mut s) = signal(SignalKind::terminate()) {
            s.recv().await;
        }
    };
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}
