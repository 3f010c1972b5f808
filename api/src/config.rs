//! The command line and environment: one typed configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use cuepoint_domain::automation::Job;
use cuepoint_domain::tenancy::Role;
use sqlx::PgPool;

pub use crate::automation_config::AutomationArgs;
use crate::commands::{CommandBus, CommandSettings};
pub use crate::features::FeatureArgs;

/// The most events a projection batch may hold: a batch is one transaction, and its events
/// are in memory together.
const MAX_BATCH_SIZE: i64 = 100_000;

/// Cuepoint: the ad-operations backend for podcast sponsorship sales.
#[derive(Debug, Parser)]
#[command(name = "cuepoint", version)]
pub struct Cli {
    /// Where the database is.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The database: a server named by URL, or a private cluster Cuepoint runs itself.
#[derive(Clone, Debug, Args)]
pub struct DatabaseArgs {
    /// PostgreSQL URL. Without it, Cuepoint starts (and on first run creates) a private
    /// cluster in --data-dir from the installed PostgreSQL server binaries.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Directory of the private cluster [default: /var/lib/cuepoint as root, else
    /// $XDG_DATA_HOME/cuepoint or ~/.local/share/cuepoint].
    #[arg(long, env = "CUEPOINT_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Directory of the PostgreSQL server binaries [default: the newest
    /// /usr/lib/postgresql/*/bin].
    #[arg(long, env = "CUEPOINT_PG_BIN_DIR", global = true)]
    pub pg_bin_dir: Option<PathBuf>,
    /// Connections in the pool of each process.
    #[arg(
        long,
        env = "CUEPOINT_DB_POOL_SIZE",
        default_value_t = 32,
        global = true
    )]
    pub pool_size: u32,
}

/// What the binary does.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the API and the projection workers (the default).
    Serve(ServeArgs),
    /// Run projection workers only (to scale out).
    Worker(WorkerCommandArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Rebuild read models from the event log, switching atomically when caught up.
    Rebuild(RebuildArgs),
    /// Show each projection's position, lag, owner and parked events; list or retry the
    /// parked events.
    Projections(ProjectionsArgs),
    /// Manage tenants.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import listener metrics.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Run an automation job (or all of them) now, for every tenant or one.
    Run(RunArgs),
}

/// `cuepoint serve`
#[derive(Clone, Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, env = "CUEPOINT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Domain under which a sub-domain names the tenant (`acme.<base-domain>`); without it
    /// tenants are named by the X-Tenant header.
    #[arg(long, env = "CUEPOINT_BASE_DOMAIN")]
    pub base_domain: Option<String>,
    /// Do not run projection workers in this process.
    #[arg(long, env = "CUEPOINT_NO_WORKERS")]
    pub no_workers: bool,
    /// Do not create the `demo` tenant on first start.
    #[arg(long, env = "CUEPOINT_NO_DEMO")]
    pub no_demo: bool,
    /// Milliseconds a query with `?after=` waits for the read models.
    #[arg(long, env = "CUEPOINT_CONSISTENCY_TIMEOUT_MS", default_value_t = 5000)]
    pub consistency_timeout_ms: u64,
    /// Largest request body, in bytes.
    #[arg(long, env = "CUEPOINT_BODY_LIMIT", default_value_t = 1 << 20)]
    pub body_limit: usize,
    /// Seconds a verified token is trusted without asking the database again (0: always
    /// ask). A revoked token stops working within this time.
    #[arg(long, env = "CUEPOINT_AUTH_CACHE_SECONDS", default_value_t = 30)]
    pub auth_cache_seconds: u64,
    /// Executing commands.
    #[command(flatten)]
    pub commands: CommandArgs,
    /// Projection workers.
    #[command(flatten)]
    pub workers: WorkerArgs,
    /// Imports of listener metrics.
    #[command(flatten)]
    pub imports: ImportArgs,
    /// The feature flags.
    #[command(flatten)]
    pub features: FeatureArgs,
    /// The automation jobs' schedules.
    #[command(flatten)]
    pub automation: AutomationArgs,
}

/// Imports of listener metrics (`serve`).
#[derive(Clone, Debug, Args)]
pub struct ImportArgs {
    /// Largest CSV file accepted by `POST /api/v1/etl/csv`, in bytes (streamed to a
    /// temporary file, never held in memory).
    #[arg(long, env = "CUEPOINT_UPLOAD_LIMIT", default_value_t = 256 << 20)]
    pub upload_limit: u64,
    /// The Google service-account JSON key file of Sheets imports (without it,
    /// `POST /api/v1/etl/google-sheets` answers 503 `sheets_not_configured`).
    #[arg(long, env = "GOOGLE_SHEETS_CREDENTIALS_PATH")]
    pub google_sheets_credentials_path: Option<PathBuf>,
    /// The Google Sheets API base URL.
    #[arg(long, env = "GOOGLE_SHEETS_API_BASE", default_value = crate::sheets::DEFAULT_API_BASE_URL)]
    pub google_sheets_api_base: String,
    /// The OAuth token URL [default: the key file's `token_uri`].
    #[arg(long, env = "GOOGLE_SHEETS_TOKEN_URL")]
    pub google_sheets_token_url: Option<String>,
    /// Imports abandoned by a process that died.
    #[command(flatten)]
    pub stale: StaleImportArgs,
}

impl Default for ImportArgs {
    fn default() -> Self {
        ImportArgs {
            upload_limit: 256 << 20,
            google_sheets_credentials_path: None,
            google_sheets_api_base: crate::sheets::DEFAULT_API_BASE_URL.to_string(),
            google_sheets_token_url: None,
            stale: StaleImportArgs::default(),
        }
    }
}

/// Imports left `running` by a process that died (`serve` and `worker`).
#[derive(Clone, Copy, Debug, Args)]
pub struct StaleImportArgs {
    /// Minutes without progress after which a process, at its start, fails a `running`
    /// import as abandoned (0: never). Keep it well above the longest pause of a live
    /// import: another process may still be writing it.
    #[arg(
        long,
        env = "CUEPOINT_STALE_IMPORT_AFTER_MINUTES",
        default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(0..=525_600)
    )]
    pub stale_import_after_minutes: u64,
}

impl Default for StaleImportArgs {
    fn default() -> Self {
        StaleImportArgs {
            stale_import_after_minutes: 60,
        }
    }
}

/// `cuepoint worker`
#[derive(Clone, Debug, Args)]
pub struct WorkerCommandArgs {
    /// Executing commands (the won-deal process makes draft IOs).
    #[command(flatten)]
    pub commands: CommandArgs,
    /// Projection workers.
    #[command(flatten)]
    pub workers: WorkerArgs,
    /// Imports abandoned by a process that died.
    #[command(flatten)]
    pub stale: StaleImportArgs,
    /// The feature flags.
    #[command(flatten)]
    pub features: FeatureArgs,
    /// The automation jobs' schedules.
    #[command(flatten)]
    pub automation: AutomationArgs,
}

/// `cuepoint run JOB|--all [--tenant SLUG] [--as-of DAY]`
#[derive(Clone, Debug, Args)]
pub struct RunArgs {
    /// The job (etl-health-check, recalculate-matches, refresh-metrics-daily,
    /// pipeline-alerts, makegood-detection).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub job: Option<Job>,
    /// Run every job (those whose flags are on).
    #[arg(long)]
    pub all: bool,
    /// Only this tenant (its slug); default every tenant.
    #[arg(long)]
    pub tenant: Option<String>,
    /// The day the jobs run as of (YYYY-MM-DD); default yesterday (UTC).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// Executing commands.
    #[command(flatten)]
    pub commands: CommandArgs,
    /// The feature flags.
    #[command(flatten)]
    pub features: FeatureArgs,
}

/// How commands are executed, in `serve` and in `worker` (whose won-deal process writes
/// commands too).
#[derive(Clone, Debug, Args)]
pub struct CommandArgs {
    /// Retries of a command after a concurrent write to the same aggregate, before 409.
    #[arg(long, env = "CUEPOINT_CONFLICT_RETRIES", default_value_t = 5)]
    pub conflict_retries: u32,
    /// Write an aggregate snapshot every this many events.
    #[arg(long, env = "CUEPOINT_SNAPSHOT_EVERY", default_value_t = 20)]
    pub snapshot_every: usize,
    /// Aggregates of each type kept in this process's memory between commands, least
    /// recently used evicted first (0: none). Every commit is still checked against the
    /// event log, so a cache behind another process's writes costs a retry, never a wrong
    /// answer.
    #[arg(long, env = "CUEPOINT_AGGREGATE_CACHE", default_value_t = 4096)]
    pub aggregate_cache: usize,
}

impl CommandArgs {
    /// The command bus over `pool` with these settings.
    pub fn bus(&self, pool: &PgPool) -> CommandBus {
        let settings = CommandSettings {
            conflict_retries: self.conflict_retries,
            snapshot_every: self.snapshot_every.max(1),
            cached_aggregates: self.aggregate_cache,
        };
        CommandBus::new(pool.clone(), settings)
    }
}

impl ImportArgs {
    /// The Sheets client configuration, if a key file is configured.
    pub fn sheets_config(&self) -> Option<crate::sheets::SheetsConfig> {
        let path = self.google_sheets_credentials_path.clone()?;
        let mut config = crate::sheets::SheetsConfig::new(path);
        config.api_base_url = self.google_sheets_api_base.clone();
        config.token_url = self.google_sheets_token_url.clone();
        Some(config)
    }
}

impl ServeArgs {
    /// `serve`'s settings from the environment and defaults: what `cuepoint` with no
    /// subcommand runs.
    pub fn from_env() -> Result<Self, clap::Error> {
        use clap::{Args as _, FromArgMatches as _};
        let command = ServeArgs::augment_args(clap::Command::new("serve"));
        ServeArgs::from_arg_matches(&command.try_get_matches_from(["serve"])?)
    }
}

/// The default of [`WorkerArgs::batch_interval_ms`] (measured: docs/benchmarks.md).
pub const DEFAULT_BATCH_INTERVAL_MS: u64 = 10;

/// Projection worker settings (`cuepoint worker`, and `serve`'s workers).
#[derive(Clone, Debug, Args)]
pub struct WorkerArgs {
    /// Events per batch (1 to 100,000).
    #[arg(
        long,
        env = "CUEPOINT_BATCH_SIZE",
        default_value_t = 1000,
        value_parser = clap::value_parser!(i64).range(1..=MAX_BATCH_SIZE)
    )]
    pub batch_size: i64,
    /// Milliseconds between polls of an idle worker (notifications wake it sooner).
    #[arg(long, env = "CUEPOINT_POLL_INTERVAL_MS", default_value_t = 1000)]
    pub poll_interval_ms: u64,
    /// Milliseconds between attempts to take over projections owned by another process.
    #[arg(long, env = "CUEPOINT_TAKEOVER_INTERVAL_MS", default_value_t = 2000)]
    pub takeover_interval_ms: u64,
    /// Least milliseconds between the starts of two batches of a projection that is caught
    /// up (0 to 1,000): under a steady stream of commands a worker then applies the events of
    /// that time together instead of one batch per commit (docs/decisions.md).
    #[arg(
        long,
        env = "CUEPOINT_BATCH_INTERVAL_MS",
        default_value_t = DEFAULT_BATCH_INTERVAL_MS,
        value_parser = clap::value_parser!(u64).range(0..=1000)
    )]
    pub batch_interval_ms: u64,
}

impl Default for WorkerArgs {
    fn default() -> Self {
        WorkerArgs {
            batch_size: 1000,
            poll_interval_ms: 1000,
            takeover_interval_ms: 2000,
            batch_interval_ms: DEFAULT_BATCH_INTERVAL_MS,
        }
    }
}

impl WorkerArgs {
    /// The poll interval.
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms)
    }

    /// The take-over interval.
    pub fn takeover_interval(&self) -> Duration {
        Duration::from_millis(self.takeover_interval_ms)
    }

    /// The least time between the starts of two batches of a caught-up projection.
    pub fn batch_interval(&self) -> Duration {
        Duration::from_millis(self.batch_interval_ms)
    }
}

/// `cuepoint rebuild`
#[derive(Clone, Debug, Args)]
pub struct RebuildArgs {
    /// The projection to rebuild.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub name: Option<String>,
    /// Rebuild every projection.
    #[arg(long)]
    pub all: bool,
    /// Events per batch (1 to 100,000).
    #[arg(
        long,
        default_value_t = cuepoint_projections::rebuild::BATCH_SIZE,
        value_parser = clap::value_parser!(i64).range(1..=MAX_BATCH_SIZE)
    )]
    pub batch_size: i64,
}

/// `cuepoint projections [parked [NAME] | retry NAME]`
#[derive(Clone, Debug, Args)]
pub struct ProjectionsArgs {
    /// Without one: each projection's position, lag, owner and parked events.
    #[command(subcommand)]
    pub command: Option<ProjectionsCommand>,
}

/// `cuepoint projections ...`
#[derive(Clone, Debug, Subcommand)]
pub enum ProjectionsCommand {
    /// List parked events: events a projection failed to apply and set aside.
    Parked {
        /// Only this projection's.
        name: Option<String>,
    },
    /// Apply a projection's parked events again (after a fix), in log order, on top of its
    /// read model as it is now, i.e. after later events; `cuepoint rebuild NAME` gives the
    /// exact in-order result.
    Retry {
        /// The projection.
        name: String,
    },
}

/// `cuepoint tenant ...`
#[derive(Clone, Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant.
    Create {
        /// Its slug (`[a-z0-9-]{2,40}`), used as sub-domain or X-Tenant.
        #[arg(long)]
        slug: String,
        /// Its display name.
        #[arg(long)]
        name: String,
        /// Its currency (ISO-4217).
        #[arg(long, default_value = "USD")]
        currency: String,
    },
}

/// `cuepoint token ...`
#[derive(Clone, Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it (the only time it is shown).
    Create {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        /// The token's role: admin (everything), ops (everything but tokens), creator (the
        /// shows given with --show), advertiser (the one given with --advertiser).
        #[arg(long, default_value = "admin", value_parser = role_parser())]
        role: Role,
        /// A label.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Creator tokens: a show the token may see (repeat for several).
        #[arg(long = "show")]
        shows: Vec<String>,
        /// Advertiser tokens: the advertiser.
        #[arg(long)]
        advertiser: Option<String>,
    },
}

/// Parses a role, listing the four in `--help` and in the error for another value.
fn role_parser() -> impl clap::builder::TypedValueParser<Value = Role> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(Role::ALL.map(|role| role.as_str())).try_map(|raw| raw.parse())
}

/// `cuepoint import ...`
#[derive(Clone, Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a CSV file of listener metrics (the same path as `POST /api/v1/etl/csv`).
    Csv {
        /// The file.
        file: PathBuf,
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        /// The source of rows without a `source` column (default `csv`).
        #[arg(long)]
        source: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::{Cli, Command};

    #[test]
    fn batch_sizes_are_bounded() {
        for size in ["0", "-5", "100001"] {
            let worker = ["cuepoint", "worker", "--batch-size", size];
            let rebuild = ["cuepoint", "rebuild", "--all", "--batch-size", size];
            assert!(Cli::try_parse_from(worker).is_err(), "worker {size}");
            assert!(Cli::try_parse_from(rebuild).is_err(), "rebuild {size}");
        }
        let cli = Cli::try_parse_from(["cuepoint", "rebuild", "--all", "--batch-size", "100000"]);
        assert!(matches!(
            cli.map(|c| c.command),
            Ok(Some(Command::Rebuild(args))) if args.batch_size == 100_000
        ));
    }
}
