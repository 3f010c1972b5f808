//! The real `cuepoint` binary as a child process.

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
