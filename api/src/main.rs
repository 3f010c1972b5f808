//! `cuepoint`: serve the API and workers, or run an administrative command.

use clap::Parser;
use cuepoint_api::config::{Cli, Command, ServeArgs};
use cuepoint_api::db::{self, Database};
use cuepoint_api::{cli, import_cli, projections_cli, run_cli, serve, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let args = Cli::parse();
    let command = match args.command {
        Some(command) => command,
        None => Command::Serve(ServeArgs::from_env()?),
    };
    let database = Database::open(&args.database).await?;
    let pool = database.pool(args.database.pool_size);
    let result = match command {
        Command::Serve(serve_args) => {
            serve::serve(database.connect.clone(), pool, serve_args).await
        }
        Command::Worker(worker_args) => {
            serve::work(database.connect.clone(), pool, worker_args).await
        }
        Command::Migrate => db::migrate(&pool).await,
        Command::Rebuild(rebuild_args) => {
            migrate_then(&pool, cli::rebuild(&database.connect, rebuild_args)).await
        }
        Command::Projections(args) => {
            migrate_then(&pool, projections_cli::projections(&pool, args)).await
        }
        Command::Tenant(command) => migrate_then(&pool, cli::tenant(&pool, command)).await,
        Command::Token(command) => migrate_then(&pool, cli::token(&pool, command)).await,
        Command::Import(command) => migrate_then(&pool, import_cli::import(&pool, command)).await,
        Command::Run(args) => migrate_then(&pool, run_cli::run_jobs(&pool, args)).await,
    };
    let closed = database.close().await;
    result.and(closed)
}

async fn migrate_then(
    pool: &sqlx::PgPool,
    run: impl std::future::Future<Output = anyhow::Result<()>>,
) -> anyhow::Result<()> {
    db::migrate(pool).await?;
    run.await
}
