//! A private PostgreSQL cluster that the program creates, starts and owns.
//!
//! `cuepoint serve` uses it when no `DATABASE_URL` is given, and the test harness gives each
//! test process its own cluster in a temporary directory.
//!
//! Layout under [`ClusterOptions::data_dir`]:
//!
//! * `pgdata/` — the cluster itself (mode 0700, created by `initdb` on first use);
//! * `run/` — the Unix socket directory (mode 0700: with `trust` authentication, whoever can
//!   reach the socket is superuser, so only the owner may);
//! * `postgres.log` — the server's stdout/stderr;
//! * `cluster.lock` — an advisory lock held while a process decides whether to start the
//!   server, so that concurrent [`PrivateCluster::start`] calls on one directory agree.
//!
//! Design choices:
//!
//! * **Socket only.** The server listens on no TCP address (`listen_addresses=''`): a system
//!   server may already own 127.0.0.1:5432, and a private cluster has no business on the
//!   network. Port 5432 only names the socket file, `run/.s.PGSQL.5432`.
//! * **Root.** `initdb` and `postgres` refuse to run as root. When the effective uid is 0 they
//!   run as the `postgres` system user (or `nobody`), and the directories are chowned to it.
//! * **Pipe watchdog.** The server must not outlive the owning process, even if that process is
//!   SIGKILLed. `postgres` runs under a small `sh` wrapper whose stdin is a pipe from this
//!   process; when the pipe reaches EOF — [`PrivateCluster::stop`], drop, or the death of this
//!   process, since the kernel closes the write end then — the wrapper sends SIGINT (fast
//!   shutdown) to `postgres`. The write end is close-on-exec, so other children do not keep
//!   it open. The script is in the `server` submodule.

mod server;
mod setup;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use sqlx::postgres::{PgConnectOptions, PgSslMode};

use self::server::Watchdog;
use self::setup::RunAs;

/// The superuser that `initdb` creates, and the user every connection uses.
pub const SUPERUSER: &str = "cuepoint";

/// The database that [`PrivateCluster::start`] creates if it is missing.
pub const DEFAULT_DATABASE: &str = "cuepoint";

/// The port number; with no TCP listener it only names the socket file (`.s.PGSQL.5432`).
const PORT: u16 = 5432;

/// How to create and run a [`PrivateCluster`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Directory holding the cluster (`pgdata/`), its socket directory (`run/`) and its log.
    pub data_dir: PathBuf,
    /// Directory of the PostgreSQL server binaries (`initdb`, `postgres`, `pg_isready`, `psql`).
    /// `None` autodetects: the highest `/usr/lib/postgresql/<version>/bin`, else
    /// `pg_config --bindir`.
    pub bin_dir: Option<PathBuf>,
    /// Durability settings.
    pub tuning: Tuning,
}

/// Durability settings of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tuning {
    /// PostgreSQL's defaults: committed data survives a crash of the machine.
    Durable,
    /// For tests: `fsync=off`, `synchronous_commit=off`, `full_page_writes=off` (and
    /// `initdb --no-sync`). Much faster; a machine crash may corrupt the cluster.
    Ephemeral,
}

/// A running private PostgreSQL cluster, reachable over its Unix socket.
///
/// If this process started the server ([`owned`](Self::owned)), [`stop`](Self::stop) or drop
/// shuts it down; if this process dies first, the pipe watchdog shuts it down.
#[derive(Debug)]
pub struct PrivateCluster {
    bin_dir: PathBuf,
    socket_dir: PathBuf,
    pgdata: PathBuf,
    /// `Some` while this process owns a running server.
    watchdog: Option<Watchdog>,
}

/// Paths derived from [`ClusterOptions`].
#[derive(Debug)]
struct Layout {
    data_dir: PathBuf,
    pgdata: PathBuf,
    socket_dir: PathBuf,
    log_file: PathBuf,
    lock_file: PathBuf,
}

impl Layout {
    fn new(data_dir: &Path) -> Self {
        Self {
            data_dir: data_dir.to_path_buf(),
            pgdata: data_dir.join("pgdata"),
            socket_dir: data_dir.join("run"),
            log_file: data_dir.join("postgres.log"),
            lock_file: data_dir.join("cluster.lock"),
        }
    }

    fn socket_file(&self) -> PathBuf {
        self.socket_dir.join(format!(".s.PGSQL.{PORT}"))
    }
}

impl PrivateCluster {
    /// Creates the cluster on first use (`initdb`), starts it if it is not already running,
    /// waits until it accepts connections, and creates the [`DEFAULT_DATABASE`] if missing.
    ///
    /// If a postmaster from an earlier or another process is already running on this data
    /// directory, connects to it and does not own it: [`stop`](Self::stop) then leaves it
    /// running. Blocking (uses `std::process`); callable from any thread, but from async code
    /// prefer `tokio::task::spawn_blocking`.
    pub fn start(options: &ClusterOptions) -> anyhow::Result<PrivateCluster> {
        let bin_dir = match &options.bin_dir {
            Some(dir) => dir.clone(),
            None => setup::detect_bin_dir()?,
        };
        let run_as = RunAs::for_current_user()?;
        let layout = setup::prepare_dirs(&options.data_dir, run_as.as_ref())?;
        let _lock = setup::lock(&layout.lock_file)?;

        let watchdog = if server::is_running(&layout) {
            tracing::info!(pgdata = %layout.pgdata.display(), "using already running PostgreSQL");
            None
        } else {
            if !setup::is_initialized(&layout.pgdata) {
                setup::initdb(&bin_dir, &layout, run_as.as_ref(), options.tuning)?;
            }
            Some(Watchdog::spawn(
                &bin_dir,
                &layout,
                run_as.as_ref(),
                options.tuning,
            )?)
        };
        let mut cluster = PrivateCluster {
            bin_dir: bin_dir.clone(),
            socket_dir: layout.socket_dir.clone(),
            pgdata: layout.pgdata.clone(),
            watchdog,
        };
        server::wait_ready(&bin_dir, &layout, cluster.watchdog.as_mut())?;
        setup::ensure_database(&bin_dir, &layout.socket_dir, DEFAULT_DATABASE)?;
        tracing::info!(
            socket_dir = %cluster.socket_dir.display(),
            owned = cluster.owned(),
            "private PostgreSQL cluster ready"
        );
        Ok(cluster)
    }

    /// Connection options for `database` over the private Unix socket, as [`SUPERUSER`].
    ///
    /// Built without reading `~/.pgpass`; host, port, user, database and SSL mode are set
    /// explicitly so `PG*` environment variables cannot redirect the connection.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new_without_pgpass()
            .socket(&self.socket_dir)
            .port(PORT)
            .username(SUPERUSER)
            .database(database)
            .ssl_mode(PgSslMode::Disable)
    }

    /// A URL for `database` for child processes, e.g.
    /// `postgres://cuepoint@localhost:5432/DB?host=/path/to/run&sslmode=disable`.
    /// sqlx (and libpq) take a `host` starting with `/` as the socket directory.
    pub fn url(&self, database: &str) -> String {
        socket_url(&self.socket_dir, database)
    }

    /// The Unix socket directory (`<data_dir>/run`).
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// The cluster directory (`<data_dir>/pgdata`).
    pub fn pgdata(&self) -> &Path {
        &self.pgdata
    }

    /// Whether this process started the server (and so stops it).
    pub fn owned(&self) -> bool {
        self.watchdog.is_some()
    }

    /// Creates database `name` if it does not exist. Blocking (runs `psql`).
    pub fn ensure_database(&self, name: &str) -> anyhow::Result<()> {
        setup::ensure_database(&self.bin_dir, &self.socket_dir, name)
    }

    /// Stops the server (fast shutdown) if this process started it, and waits for it to exit.
    /// Does nothing for a cluster this process does not own.
    pub fn stop(mut self) -> anyhow::Result<()> {
        match self.watchdog.take() {
            Some(watchdog) => watchdog.stop().context("stopping private PostgreSQL"),
            None => Ok(()),
        }
    }
}

/// Same as [`PrivateCluster::stop`], logging errors. Blocks until the server has exited
/// (usually well under a second).
impl Drop for PrivateCluster {
    fn drop(&mut self) {
        if let Some(watchdog) = self.watchdog.take() {
            if let Err(error) = watchdog.stop() {
                tracing::warn!(error = format!("{error:#}"), "stopping private PostgreSQL");
            }
        }
    }
}

/// `postgres://` URL for `database` over the socket in `socket_dir`.
fn socket_url(socket_dir: &Path, database: &str) -> String {
    format!(
        "postgres://{SUPERUSER}@localhost:{PORT}/{}?host={}&sslmode=disable",
        percent_encode(database, false),
        percent_encode(&socket_dir.to_string_lossy(), true),
    )
}

/// Percent-encodes everything except RFC 3986 unreserved characters (and `/` if `keep_slash`).
fn percent_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || (keep_slash && byte == b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}
