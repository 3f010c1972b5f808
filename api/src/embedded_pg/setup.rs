//! Preparing a cluster: finding the binaries, choosing the user to run as, creating and
//! chowning the directories, `initdb`, and creating databases.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use anyhow::{anyhow, bail, Context as _};
use nix::fcntl::{Flock, FlockArg};
use nix::unistd::{geteuid, Gid, Uid, User};

use super::{Layout, Tuning, PORT, SUPERUSER};

/// Where Debian/Ubuntu packages install the server binaries, one directory per major version.
const DEBIAN_PG_ROOT: &str = "/usr/lib/postgresql";

/// Longest socket path that fits `sockaddr_un.sun_path` (108 bytes with the NUL).
const MAX_SOCKET_PATH: usize = 107;

/// The unprivileged user that runs `initdb` and `postgres` when this process is root.
///
/// Both programs refuse to run as root. When running as root the children are started with
/// `CommandExt::{uid, gid}`; std then also clears the supplementary groups (`setgroups(0)`)
/// before `setuid`, so no root group membership leaks into the server.
#[derive(Debug, Clone)]
pub(super) struct RunAs {
    name: String,
    uid: Uid,
    gid: Gid,
}

impl RunAs {
    /// `None` when not root (run as ourselves); else the `postgres` user, or `nobody`.
    pub(super) fn for_current_user() -> anyhow::Result<Option<RunAs>> {
        if !geteuid().is_root() {
            return Ok(None);
        }
        for name in ["postgres", "nobody"] {
            if let Some(user) = User::from_name(name).context("looking up system users")? {
                tracing::debug!(
                    user = name,
                    "running as root: PostgreSQL will run as {name}"
                );
                return Ok(Some(RunAs {
                    name: user.name,
                    uid: user.uid,
                    gid: user.gid,
                }));
            }
        }
        bail!("running as root, but there is neither a `postgres` nor a `nobody` user to run PostgreSQL as")
    }

    /// Makes `command` run as this user.
    pub(super) fn apply(run_as: Option<&RunAs>, command: &mut Command) {
        if let Some(user) = run_as {
            command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        }
    }
}

/// The server binaries directory: the highest `/usr/lib/postgresql/<version>/bin` containing
/// `postgres`, else `pg_config --bindir`.
pub(super) fn detect_bin_dir() -> anyhow::Result<PathBuf> {
    highest_versioned_bin_dir(Path::new(DEBIAN_PG_ROOT))
        .or_else(pg_config_bin_dir)
        .ok_or_else(|| {
            anyhow!(
                "PostgreSQL server binaries not found; install postgresql \
                 (e.g. apt-get install postgresql) or set --pg-bin-dir"
            )
        })
}

/// `<root>/<version>/bin` with the highest numeric version (`9.6` < `15` < `16`).
pub(super) fn highest_versioned_bin_dir(root: &Path) -> Option<PathBuf> {
    fs::read_dir(root)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version: Vec<u32> = entry
                .file_name()
                .to_str()?
                .split('.')
                .map(str::parse)
                .collect::<Result<_, _>>()
                .ok()?;
            let bin = entry.path().join("bin");
            bin.join("postgres").is_file().then_some((version, bin))
        })
        .max()
        .map(|(_, bin)| bin)
}

fn pg_config_bin_dir() -> Option<PathBuf> {
    let output = Command::new("pg_config")
        .arg("--bindir")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let dir = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    (output.status.success() && dir.join("postgres").is_file()).then_some(dir)
}

/// Creates `data_dir`, `pgdata` (0700) and `run` (0700), checks the socket path fits, and
/// when running as root checks reachability and chowns the directories to the server's user.
pub(super) fn prepare_dirs(data_dir: &Path, run_as: Option<&RunAs>) -> anyhow::Result<Layout> {
    fs::create_dir_all(data_dir)
        .with_context(|| format!("creating data directory {}", data_dir.display()))?;
    let data_dir = data_dir
        .canonicalize()
        .with_context(|| format!("resolving data directory {}", data_dir.display()))?;
    let layout = Layout::new(&data_dir);
    let socket_len = layout.socket_file().as_os_str().len();
    if socket_len > MAX_SOCKET_PATH {
        bail!(
            "the PostgreSQL socket path {} is {socket_len} bytes, longer than the {MAX_SOCKET_PATH} \
             a Unix socket allows; choose a shorter --data-dir",
            layout.socket_file().display()
        );
    }
    for dir in [&layout.pgdata, &layout.socket_dir] {
        if !dir.is_dir() {
            DirBuilder::new()
                .mode(0o700)
                .create(dir)
                .with_context(|| format!("creating {}", dir.display()))?;
        }
    }
    if let Some(user) = run_as {
        check_traversable(&data_dir, user)?;
        for dir in [&layout.data_dir, &layout.pgdata, &layout.socket_dir] {
            std::os::unix::fs::chown(dir, Some(user.uid.as_raw()), Some(user.gid.as_raw()))
                .with_context(|| format!("chown {} to {}", dir.display(), user.name))?;
        }
    }
    Ok(layout)
}

/// Fails unless `user` can search every ancestor of `data_dir` (e.g. `/root` is 0700, so a
/// data dir under it is unreachable for the `postgres` user).
fn check_traversable(data_dir: &Path, user: &RunAs) -> anyhow::Result<()> {
    for ancestor in data_dir.ancestors().skip(1) {
        let meta =
            fs::metadata(ancestor).with_context(|| format!("inspecting {}", ancestor.display()))?;
        if !can_search(
            meta.mode(),
            meta.uid(),
            meta.gid(),
            user.uid.as_raw(),
            user.gid.as_raw(),
        ) {
            bail!(
                "PostgreSQL must run as user `{}` (it refuses to run as root), but that user cannot \
                 enter {} and so cannot reach {}; choose another --data-dir (e.g. under /var/lib \
                 or /tmp)",
                user.name,
                ancestor.display(),
                data_dir.display()
            );
        }
    }
    Ok(())
}

/// Unix permission check for searching (`x`) a directory; the server runs with its primary
/// group only, so supplementary groups are not considered.
pub(super) fn can_search(mode: u32, owner: u32, group: u32, uid: u32, gid: u32) -> bool {
    let bit = if owner == uid {
        0o100
    } else if group == gid {
        0o010
    } else {
        0o001
    };
    mode & bit != 0
}

/// Takes the exclusive advisory lock serializing "is it running? else start it" decisions.
/// Released when the returned guard drops.
pub(super) fn lock(lock_file: &Path) -> anyhow::Result<Flock<File>> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_file)
        .with_context(|| format!("opening {}", lock_file.display()))?;
    Flock::lock(file, FlockArg::LockExclusive)
        .map_err(|(_, errno)| anyhow!("locking {}: {errno}", lock_file.display()))
}

/// Whether `initdb` has completed in `pgdata`.
pub(super) fn is_initialized(pgdata: &Path) -> bool {
    pgdata.join("PG_VERSION").is_file()
}

/// Runs `initdb` with superuser [`SUPERUSER`], trust authentication, UTF-8 and no locale.
pub(super) fn initdb(
    bin_dir: &Path,
    layout: &Layout,
    run_as: Option<&RunAs>,
    tuning: Tuning,
) -> anyhow::Result<()> {
    tracing::info!(pgdata = %layout.pgdata.display(), "initializing a new PostgreSQL cluster");
    let mut command = Command::new(bin_dir.join("initdb"));
    command
        .arg("-D")
        .arg(&layout.pgdata)
        .args(["-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale"])
        .current_dir(&layout.data_dir)
        .stdin(Stdio::null());
    if tuning == Tuning::Ephemeral {
        command.arg("--no-sync");
    }
    RunAs::apply(run_as, &mut command);
    let output = command
        .output()
        .with_context(|| format!("running {:?}", command.get_program()))?;
    check_output(&output).with_context(|| {
        format!(
            "initdb failed in {} (if it holds a half-initialized cluster, remove that directory)",
            layout.pgdata.display()
        )
    })
}

/// Creates database `name` unless it exists (tolerating a concurrent creation).
pub(super) fn ensure_database(bin_dir: &Path, socket_dir: &Path, name: &str) -> anyhow::Result<()> {
    let exists = || -> anyhow::Result<bool> {
        let query = format!(
            "SELECT 1 FROM pg_database WHERE datname = {}",
            quote_literal(name)
        );
        Ok(psql(bin_dir, socket_dir, &query)?.trim() == "1")
    };
    if exists()? {
        return Ok(());
    }
    match psql(
        bin_dir,
        socket_dir,
        &format!("CREATE DATABASE {}", quote_ident(name)),
    ) {
        Ok(_) => {
            tracing::info!(database = name, "created database");
            Ok(())
        }
        Err(_) if exists()? => Ok(()),
        Err(error) => Err(error.context(format!("creating database {name}"))),
    }
}

/// Runs one SQL statement with `psql` against the `postgres` database; returns its
/// unaligned, tuples-only output.
fn psql(bin_dir: &Path, socket_dir: &Path, sql: &str) -> anyhow::Result<String> {
    let output = Command::new(bin_dir.join("psql"))
        .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h"])
        .arg(socket_dir)
        .args([
            "-p",
            &PORT.to_string(),
            "-U",
            SUPERUSER,
            "-d",
            "postgres",
            "-c",
            sql,
        ])
        .stdin(Stdio::null())
        .output()
        .context("running psql")?;
    check_output(&output).with_context(|| format!("psql: {sql}"))?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn check_output(output: &Output) -> anyhow::Result<()> {
    if output.status.success() {
        return Ok(());
    }
    bail!(
        "{}\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// SQL string literal.
pub(super) fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// SQL identifier (always quoted, so the name is taken verbatim).
pub(super) fn quote_ident(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}
