//! The real `cuepoint` binary as a child process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A `cuepoint` child process, killed (SIGKILL) when dropped.
pub struct Cuepoint {
    /// The process.
    pub child: Child,
}

impl Cuepoint {
    /// Starts `cuepoint ARGS` against the database at `url`.
    pub fn start(url: &str, args: &[&str]) -> Cuepoint {
        let child = Command::new(env!("CARGO_BIN_EXE_cuepoint"))
            .args(args)
            .env("DATABASE_URL", url)
            .env("CUEPOINT_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start cuepoint");
        Cuepoint { child }
    }

    /// Starts `cuepoint serve` on a free loopback port against the database at `url`, with
    /// the extra environment `env`, and waits until it listens; returns it and its base URL.
    pub fn serve(url: &str, env: &[(&str, &str)]) -> (Cuepoint, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cuepoint"))
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("CUEPOINT_LOG", "warn")
            .env("CUEPOINT_LISTEN", "127.0.0.1:0")
            .env("CUEPOINT_NO_DEMO", "true")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start cuepoint serve");
        let stdout = child.stdout.take().expect("serve's standard output");
        let process = Cuepoint { child };
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("cuepoint serve ended before listening")
                .expect("reading serve's output");
            if let Some(base) = line.strip_prefix("Cuepoint listening on ") {
                break base.trim().to_string();
            }
        };
        // Keep draining its output, so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        (process, base)
    }

    /// Its pid.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills it with SIGKILL: no clean shutdown.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Cuepoint {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs `cuepoint ARGS` to the end against the database at `url` and returns its standard
/// output; panics (with its standard error) if it fails.
pub async fn run(url: &str, args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cuepoint"));
    command
        .args(args)
        .env("DATABASE_URL", url)
        .env("CUEPOINT_LOG", "warn");
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("run cuepoint");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "cuepoint {args:?} failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}
