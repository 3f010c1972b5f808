//! The service as a process of its own: the release `cuepoint serve` binary built beside
//! this benchmark, pointed at the benchmark's database with `DATABASE_URL`, listening on a
//! free loopback port, with its projection workers and metrics as deployed and, like the
//! in-process app, without the automation jobs.
//! The load then comes from this process only, so the service's CPU can be read apart
//! (`/proc/<pid>/stat`).

use std::process::Stdio;
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long the service may take to start listening (migrations are already applied).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How the service under load runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// In this process: the router on a loopback port and the workers, beside the load
    /// generator.
    InProcess,
    /// `cuepoint serve` as a child process; the load generator alone in this one.
    Process,
}

impl Mode {
    /// Every mode, in the order of a run.
    pub const ALL: [Mode; 2] = [Mode::InProcess, Mode::Process];

    /// The name `BENCH_SERVICE` uses.
    pub fn name(self) -> &'static str {
        match self {
            Mode::InProcess => "in-process",
            Mode::Process => "process",
        }
    }
}

/// A running `cuepoint serve`.
pub struct ServeProcess {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

impl ServeProcess {
    /// Starts `cuepoint serve` against `database_url` and waits until it listens. The binary
    /// is the one built with this benchmark, or `BENCH_SERVE_BIN` (another build of
    /// `cuepoint`, e.g. of an earlier commit, to compare with).
    pub async fn start(database_url: &str) -> anyhow::Result<ServeProcess> {
        let binary = std::env::var_os("BENCH_SERVE_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_cuepoint").into());
        let mut child = Command::new(binary)
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("CUEPOINT_LISTEN", "127.0.0.1:0")
            .env("CUEPOINT_NO_DEMO", "true")
            // As the in-process app runs: the metrics layer on, no automation jobs.
            .env("ENABLE_AUTOMATION_JOBS", "false")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .context("starting cuepoint serve")?;
        let stdout = child.stdout.take().context("serve's standard output")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = tokio::time::timeout(START_TIMEOUT, async {
            while let Some(line) = lines.next_line().await? {
                if let Some(url) = line.strip_prefix("Cuepoint listening on ") {
                    return Ok(url.trim().to_string());
                }
            }
            anyhow::bail!("cuepoint serve ended before listening")
        })
        .await
        .context("cuepoint serve did not start listening")??;
        // Keep reading its output so that it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        // The pid, for a profiler to attach to (docs/benchmarks.md, issue 13).
        println!(
            "cuepoint serve (pid {}) listening on {url}",
            child.id().unwrap_or(0)
        );
        Ok(ServeProcess { child, url })
    }

    /// Its pid.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Stops it with SIGTERM (a graceful shutdown, as an operator would) and waits.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(pid) = self.child.id() {
            let pid = nix::unistd::Pid::from_raw(i32::try_from(pid)?);
            nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM)?;
        }
        match tokio::time::timeout(Duration::from_secs(15), self.child.wait()).await {
            Ok(status) => {
                let status = status?;
                anyhow::ensure!(status.success(), "cuepoint serve stopped with {status}");
            }
            Err(_) => {
                self.child.kill().await?;
                anyhow::bail!("cuepoint serve did not stop within 15 s of SIGTERM");
            }
        }
        Ok(())
    }
}
