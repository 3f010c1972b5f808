//! Running the server: the pipe watchdog, readiness, and detecting a running postmaster.

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context as _};
use nix::errno::Errno;
use nix::sys::signal::{kill, killpg, Signal};
use nix::unistd::Pid;

use super::setup::RunAs;
use super::{Layout, Tuning, PORT, SUPERUSER};

/// How long to wait for the server to accept connections.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a fast shutdown may take before the process group is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(60);

const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// The `sh` wrapper around `postgres` (`"$@"` is the postgres command line).
///
/// * The pipe from the owning process (stdin) moves to fd 3, and stdin becomes `/dev/null`.
///   (A non-interactive shell gives background jobs `/dev/null` as stdin *before* their
///   redirections, so `<&0` would not reach the pipe.)
/// * `postgres` runs in the background without fd 3.
/// * A background reader drains fd 3. At EOF — the owner called stop, or died and the kernel
///   closed its end — it sends SIGINT: fast shutdown, which disconnects clients and exits
///   cleanly. (Background jobs start with SIGINT ignored; postgres installs its own handler.)
/// * The wrapper waits for `postgres` and exits with its status, so a server that dies on its
///   own (bad setting, lock conflict) is noticed by the owner at once; the reader is then
///   killed so it cannot signal a recycled pid later.
const WRAPPER_SCRIPT: &str = r#"exec 3<&0 0</dev/null
"$@" 3<&- &
pg=$!
{ while read -r _; do :; done; kill -INT "$pg" 2>/dev/null; } <&3 3<&- &
reader=$!
exec 3<&-
wait "$pg"
status=$?
kill "$reader" 2>/dev/null
exit "$status"
"#;

/// The wrapper process of a server this process owns, and the write end of its stdin pipe.
#[derive(Debug)]
pub(super) struct Watchdog {
    child: Child,
    pub(super) stdin: Option<ChildStdin>,
}

impl Watchdog {
    /// Starts `postgres` under the wrapper, in its own process group (so a terminal's Ctrl-C
    /// reaches only us, and we decide when the server stops), logging to `postgres.log`.
    pub(super) fn spawn(
        bin_dir: &Path,
        layout: &Layout,
        run_as: Option<&RunAs>,
        tuning: Tuning,
    ) -> anyhow::Result<Watchdog> {
        let mut log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&layout.log_file)
            .with_context(|| format!("opening {}", layout.log_file.display()))?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        writeln!(
            log,
            "--- cuepoint: starting PostgreSQL (unix time {now}) ---"
        )?;

        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg(WRAPPER_SCRIPT)
            .arg("cuepoint-postgres-watchdog")
            .arg(bin_dir.join("postgres"))
            .arg("-D")
            .arg(&layout.pgdata);
        for setting in server_settings(layout, tuning) {
            command.arg("-c").arg(setting);
        }
        command
            .stdin(Stdio::piped())
            .stdout(log.try_clone()?)
            .stderr(log)
            .current_dir(&layout.data_dir)
            .process_group(0);
        RunAs::apply(run_as, &mut command);
        tracing::info!(pgdata = %layout.pgdata.display(), "starting private PostgreSQL");
        let mut child = command.spawn().context("starting postgres")?;
        let stdin = child.stdin.take();
        Ok(Watchdog { child, stdin })
    }

    /// Closes the pipe (the wrapper then fast-shuts-down postgres) and waits for the wrapper.
    /// After [`STOP_TIMEOUT`], kills the whole process group.
    pub(super) fn stop(mut self) -> anyhow::Result<()> {
        drop(self.stdin.take());
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().context("waiting for postgres")? {
                if !status.success() {
                    tracing::warn!(%status, "private PostgreSQL exited with an error");
                }
                return Ok(());
            }
            if Instant::now() >= deadline {
                tracing::warn!("private PostgreSQL did not shut down in time; killing it");
                let group = Pid::from_raw(i32::try_from(self.child.id())?);
                // ESRCH: already gone.
                let _ = killpg(group, Signal::SIGKILL);
                self.child.wait().context("waiting for postgres")?;
                return Ok(());
            }
            sleep(POLL_INTERVAL);
        }
    }
}

/// The `-c name=value` settings for the server.
fn server_settings(layout: &Layout, tuning: Tuning) -> Vec<String> {
    // The setting is a list; a double-quoted element is taken verbatim ("" is a quote).
    let socket_dir = layout.socket_dir.to_string_lossy().replace('"', "\"\"");
    let mut settings = vec![
        "listen_addresses=".to_owned(),
        format!("unix_socket_directories=\"{socket_dir}\""),
        format!("port={PORT}"),
        "max_connections=300".to_owned(),
        "idle_in_transaction_session_timeout=60s".to_owned(),
        "shared_buffers=128MB".to_owned(),
    ];
    if tuning == Tuning::Ephemeral {
        settings.extend(
            [
                "fsync=off",
                "synchronous_commit=off",
                "full_page_writes=off",
            ]
            .map(str::to_owned),
        );
    }
    settings
}

/// Waits until the server accepts connections (`pg_isready`), failing early if our own
/// server exits, and after [`READY_TIMEOUT`]; errors include the tail of `postgres.log`.
pub(super) fn wait_ready(
    bin_dir: &Path,
    layout: &Layout,
    mut watchdog: Option<&mut Watchdog>,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        if let Some(watchdog) = watchdog.as_mut() {
            if let Some(status) = watchdog.child.try_wait().context("checking on postgres")? {
                bail!(
                    "PostgreSQL exited during startup ({status}); end of {}:\n{}",
                    layout.log_file.display(),
                    log_tail(&layout.log_file)
                );
            }
        }
        if layout.socket_file().exists() && pg_isready(bin_dir, &layout.socket_dir)? {
            return Ok(());
        }
        if Instant::now() >= deadline {
            bail!(
                "PostgreSQL did not accept connections on {} within {} s; end of {}:\n{}",
                layout.socket_file().display(),
                READY_TIMEOUT.as_secs(),
                layout.log_file.display(),
                log_tail(&layout.log_file)
            );
        }
        sleep(POLL_INTERVAL);
    }
}

fn pg_isready(bin_dir: &Path, socket_dir: &Path) -> anyhow::Result<bool> {
    let status = Command::new(bin_dir.join("pg_isready"))
        .arg("-q")
        .arg("-h")
        .arg(socket_dir)
        .args([
            "-p",
            &PORT.to_string(),
            "-U",
            SUPERUSER,
            "-d",
            "postgres",
            "-t",
            "2",
        ])
        .stdin(Stdio::null())
        .status()
        .context("running pg_isready")?;
    Ok(status.success())
}

/// Whether a live postmaster serves this cluster: `postmaster.pid` names a live process and
/// its socket accepts a connection (a stale socket file refuses).
pub(super) fn is_running(layout: &Layout) -> bool {
    postmaster_pid(&layout.pgdata).is_some_and(pid_alive)
        && UnixStream::connect(layout.socket_file()).is_ok()
}

/// The pid on the first line of `<pgdata>/postmaster.pid`, if the file exists.
pub(super) fn postmaster_pid(pgdata: &Path) -> Option<i32> {
    let text = fs::read_to_string(pgdata.join("postmaster.pid")).ok()?;
    text.lines()
        .next()?
        .trim()
        .parse()
        .ok()
        .filter(|pid| *pid > 0)
}

/// Whether process `pid` exists (EPERM: it exists but belongs to another user).
pub(super) fn pid_alive(pid: i32) -> bool {
    matches!(kill(Pid::from_raw(pid), None), Ok(()) | Err(Errno::EPERM))
}

/// The last few kilobytes of the log, for error messages.
fn log_tail(log_file: &Path) -> String {
    const TAIL: usize = 4000;
    match fs::read(log_file) {
        Ok(bytes) => {
            let start = bytes.len().saturating_sub(TAIL);
            String::from_utf8_lossy(&bytes[start..]).into_owned()
        }
        Err(error) => format!("(cannot read log: {error})"),
    }
}
