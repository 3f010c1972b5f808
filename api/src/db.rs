//! Connecting to the database: the server named by `DATABASE_URL`, or a private cluster.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use crate::config::DatabaseArgs;
use crate::embedded_pg::{ClusterOptions, PrivateCluster, Tuning};

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// The database name inside a private cluster.
const PRIVATE_DATABASE: &str = "cuepoint";

/// Where the database is, and the private cluster if this process runs one.
pub struct Database {
    /// How to connect.
    pub connect: PgConnectOptions,
    cluster: Option<PrivateCluster>,
}

impl Database {
    /// Uses `DATABASE_URL`, or starts (creating on first run) the private cluster.
    pub async fn open(args: &DatabaseArgs) -> anyhow::Result<Database> {
        if let Some(url) = &args.database_url {
            let connect = url
                .parse()
                .context("DATABASE_URL is not a PostgreSQL URL")?;
            return Ok(Database {
                connect,
                cluster: None,
            });
        }
        let options = ClusterOptions {
            data_dir: args.data_dir.clone().unwrap_or_else(default_data_dir),
            bin_dir: args.pg_bin_dir.clone(),
            tuning: Tuning::Durable,
        };
        let cluster = tokio::task::spawn_blocking(move || -> anyhow::Result<PrivateCluster> {
            let cluster = PrivateCluster::start(&options)?;
            cluster.ensure_database(PRIVATE_DATABASE)?;
            Ok(cluster)
        })
        .await??;
        tracing::info!(data_dir = %cluster.pgdata().display(), owned = cluster.owned(), "private PostgreSQL ready");
        Ok(Database {
            connect: cluster.connect_options(PRIVATE_DATABASE),
            cluster: Some(cluster),
        })
    }

    /// A connection pool of `size` connections (see [`pool`]).
    pub fn pool(&self, size: u32) -> PgPool {
        pool(&self.connect, size)
    }

    /// Stops the private cluster if this process started it.
    pub async fn close(self) -> anyhow::Result<()> {
        if let Some(cluster) = self.cluster {
            tokio::task::spawn_blocking(move || cluster.stop()).await??;
        }
        Ok(())
    }
}

/// A connection pool of `size` connections. Acquiring gives up after a few seconds, so
/// requests answer 503 promptly while the database is down.
pub fn pool(connect: &PgConnectOptions, size: u32) -> PgPool {
    PgPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(Duration::from_secs(3))
        // A broken connection fails its query and is dropped; pinging every connection on
        // every acquire would cost a round trip per query.
        .test_before_acquire(false)
        .connect_lazy_with(connect.clone())
}

/// Applies pending migrations (safe to run from several processes at once: sqlx takes an
/// advisory lock).
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.context("applying migrations")
}

/// `/var/lib/cuepoint` as root, else `$XDG_DATA_HOME/cuepoint` or `~/.local/share/cuepoint`.
fn default_data_dir() -> PathBuf {
    if nix::unistd::geteuid().is_root() {
        return PathBuf::from("/var/lib/cuepoint");
    }
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir)
        .join("cuepoint")
}
