//! `cuepoint serve` with no DATABASE_URL, from an empty data directory: it creates and
//! starts its own PostgreSQL (as root, as an unprivileged user), answers /readyz, prints
//! the demo tenant's token, and stops the cluster on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_without_a_database_url_runs_its_own_postgres() {
    let data_dir = std::env::temp_dir().join(format!("cuepoint-test-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_cuepoint"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&data_dir)
        .env_remove("DATABASE_URL")
        .env("CUEPOINT_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let (lines_tx, lines_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut token = None;
    let url = loop {
        let line = lines_rx
            .recv_timeout(Duration::from_secs(90))
            .expect("serve printed its address");
        if let Some(t) = line.trim().strip_prefix("Token:") {
            token = t.split_whitespace().next().map(str::to_string);
        }
        if let Some(url) = line.strip_prefix("Cuepoint listening on ") {
            break url.to_string();
        }
    };
    let token = token.expect("the first start prints the demo admin token");
    let http = reqwest::Client::new();
    let ready = http.get(format!("{url}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let shows = http
        .get(format!("{url}/api/v1/shows"))
        .header("x-tenant", "demo")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(shows.status(), 200);

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
    assert!(
        !data_dir.join("pgdata/postmaster.pid").exists(),
        "the private cluster was stopped"
    );
    let _ = std::fs::remove_dir_all(&data_dir);
}
