#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions as _, Connection as _, PgConnection};

use super::server::{pid_alive, postmaster_pid};
use super::setup::{can_search, highest_versioned_bin_dir, quote_ident, quote_literal};
use super::{socket_url, ClusterOptions, PrivateCluster, Tuning};

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("cpg-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        Self(path)
    }

    fn options(&self) -> ClusterOptions {
        ClusterOptions {
            data_dir: self.0.clone(),
            bin_dir: None,
            tuning: Tuning::Ephemeral,
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn start(options: &ClusterOptions) -> PrivateCluster {
    PrivateCluster::start(options).unwrap()
}

async fn query_i32(options: &PgConnectOptions, sql: &str) -> i32 {
    let mut conn = PgConnection::connect_with(options).await.unwrap();
    let value: i32 = sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    value
}

fn wait_gone(pid: i32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while pid_alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!pid_alive(pid), "postmaster {pid} still alive");
}

#[tokio::test(flavor = "multi_thread")]
async fn start_reuse_stop_restart() {
    let dir = TempDir::new("life");
    let options = dir.options();

    let first = tokio::task::spawn_blocking({
        let options = options.clone();
        move || start(&options)
    })
    .await
    .unwrap();
    assert!(first.owned());
    assert_eq!(
        query_i32(&first.connect_options("postgres"), "SELECT 1").await,
        1
    );
    let mut conn = PgConnection::connect_with(&first.connect_options("cuepoint"))
        .await
        .unwrap();
    sqlx::raw_sql("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let pid = postmaster_pid(first.pgdata()).unwrap();

    // A second start on the running cluster attaches without owning it.
    let second = start(&options);
    assert!(!second.owned());
    assert_eq!(
        query_i32(&second.connect_options("cuepoint"), "SELECT x FROM kept").await,
        42
    );
    second.stop().unwrap();
    assert!(
        pid_alive(pid),
        "stopping a non-owned cluster must leave it running"
    );
    assert_eq!(
        query_i32(&first.connect_options("postgres"), "SELECT 2").await,
        2
    );

    // A client holding a connection does not delay the (fast) shutdown.
    let _idle = PgConnection::connect_with(&first.connect_options("postgres"))
        .await
        .unwrap();
    let pgdata = first.pgdata().to_path_buf();
    first.stop().unwrap();
    wait_gone(pid);
    assert!(!pgdata.join("postmaster.pid").exists());

    // Restart reuses the cluster (no initdb: the data is still there).
    let version_mtime = std::fs::metadata(pgdata.join("PG_VERSION"))
        .unwrap()
        .modified()
        .unwrap();
    let third = start(&options);
    assert!(third.owned());
    assert_eq!(
        query_i32(&third.connect_options("cuepoint"), "SELECT x FROM kept").await,
        42
    );
    let after = std::fs::metadata(pgdata.join("PG_VERSION"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(version_mtime, after);
    third.stop().unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn drop_stops_and_url_connects() {
    let dir = TempDir::new("drop");
    let cluster = start(&dir.options());
    cluster.ensure_database("other db").unwrap();
    cluster.ensure_database("other db").unwrap();

    let url_options: PgConnectOptions = cluster.url("other db").parse().unwrap();
    assert_eq!(
        url_options.get_socket(),
        Some(&cluster.socket_dir().to_path_buf())
    );
    let mut conn = url_options.connect().await.unwrap();
    let name: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(name, "other db");
    conn.close().await.unwrap();

    // No TCP listener.
    let listen: String = sqlx::query_scalar("SHOW listen_addresses")
        .fetch_one(&mut conn_to(&cluster).await)
        .await
        .unwrap();
    assert_eq!(listen, "");

    let pid = postmaster_pid(cluster.pgdata()).unwrap();
    drop(cluster);
    wait_gone(pid);
}

async fn conn_to(cluster: &PrivateCluster) -> PgConnection {
    PgConnection::connect_with(&cluster.connect_options("postgres"))
        .await
        .unwrap()
}

/// The watchdog stops the server when the owner's end of the pipe closes without `stop()`
/// (as when the owner is SIGKILLed): here the pipe is closed directly.
#[test]
fn pipe_eof_stops_server() {
    let dir = TempDir::new("eof");
    let mut cluster = start(&dir.options());
    let pid = postmaster_pid(cluster.pgdata()).unwrap();
    let watchdog = cluster.watchdog.as_mut().unwrap();
    drop(watchdog.stdin.take());
    wait_gone(pid);
    cluster.stop().unwrap();
}

#[test]
fn url_round_trips_through_sqlx() {
    let dir = Path::new("/tmp/with space/run");
    let url = socket_url(dir, "db/1?");
    let options: PgConnectOptions = url.parse().unwrap();
    assert_eq!(options.get_socket(), Some(&dir.to_path_buf()));
    assert_eq!(options.get_database(), Some("db/1?"));
    assert_eq!(options.get_username(), "cuepoint");
}

#[test]
fn bin_dir_autodetects_highest_version() {
    let dir = TempDir::new("bins");
    for version in ["9.6", "15", "16", "notaversion"] {
        let bin = dir.0.join(version).join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        if version != "16" {
            std::fs::write(bin.join("postgres"), "").unwrap();
        }
    }
    assert_eq!(
        highest_versioned_bin_dir(&dir.0),
        Some(dir.0.join("15/bin"))
    );
    assert_eq!(highest_versioned_bin_dir(&dir.0.join("missing")), None);
}

#[test]
fn search_permission() {
    assert!(can_search(0o1777, 0, 0, 101, 104)); // /tmp
    assert!(!can_search(0o700, 0, 0, 101, 104)); // /root
    assert!(can_search(0o710, 0, 104, 101, 104)); // group
    assert!(!can_search(0o071, 101, 0, 101, 104)); // owner class decides
}

/// As root, the cluster runs as the unprivileged `postgres` user, which must be able to
/// reach the data directory: one under a root-only directory is refused up front.
#[test]
fn root_dir_is_rejected_as_unreachable() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "this test checks what happens when root starts the cluster (it then runs as the \
         `postgres` user); run it as root, as .ci/run and the development machines do"
    );
    let dir = TempDir::new("root");
    std::fs::create_dir_all(&dir.0).unwrap();
    std::fs::set_permissions(&dir.0, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let options = ClusterOptions {
        data_dir: dir.0.join("inner"),
        ..dir.options()
    };
    let error = PrivateCluster::start(&options).unwrap_err();
    assert!(format!("{error:#}").contains("--data-dir"), "{error:#}");
}

#[test]
fn quoting() {
    assert_eq!(quote_literal("it's"), "'it''s'");
    assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
}

const CHILD_ENV: &str = "CUEPOINT_EMBEDDED_PG_CHILD_DIR";

/// The owner being SIGKILLed must take its server down: a child test process starts a
/// cluster and is killed; the postmaster must then exit.
#[test]
fn sigkilled_owner_takes_server_down() {
    let dir = TempDir::new("kill");
    let marker = dir.0.join("child-ready");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["embedded_pg::tests::sigkill_child", "--exact", "--ignored"])
        .env(CHILD_ENV, &dir.0)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !marker.exists() {
        assert!(Instant::now() < deadline, "child never started its cluster");
        assert!(child.try_wait().unwrap().is_none(), "child exited early");
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = postmaster_pid(&dir.0.join("pgdata")).unwrap();
    assert!(pid_alive(pid));
    child.kill().unwrap();
    child.wait().unwrap();
    wait_gone(pid);
}

/// Helper for [`sigkilled_owner_takes_server_down`], which runs it as a child process; run
/// directly (without the directory it is given), it fails saying so.
#[test]
#[ignore = "helper process for sigkilled_owner_takes_server_down"]
fn sigkill_child() {
    let dir = std::env::var_os(CHILD_ENV).unwrap_or_else(|| {
        panic!("not a test of its own: sigkilled_owner_takes_server_down runs it with {CHILD_ENV}")
    });
    let dir = PathBuf::from(dir);
    let options = ClusterOptions {
        data_dir: dir.clone(),
        bin_dir: None,
        tuning: Tuning::Ephemeral,
    };
    let _cluster = start(&options);
    std::fs::write(dir.join("child-ready"), "").unwrap();
    std::thread::sleep(Duration::from_secs(120));
}

/// A server that dies during startup is reported at once, with the end of its log.
#[test]
fn startup_failure_reports_log() {
    let dir = TempDir::new("fail");
    let real = super::setup::detect_bin_dir().unwrap();
    let bin = dir.0.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in ["initdb", "pg_isready", "psql"] {
        std::os::unix::fs::symlink(real.join(tool), bin.join(tool)).unwrap();
    }
    let postgres = bin.join("postgres");
    std::fs::write(&postgres, "#!/bin/sh\necho 'FATAL: boom' >&2\nexit 1\n").unwrap();
    std::fs::set_permissions(
        &postgres,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let options = ClusterOptions {
        data_dir: dir.0.join("data"),
        bin_dir: Some(bin),
        ..dir.options()
    };
    let began = Instant::now();
    let error = format!("{:#}", PrivateCluster::start(&options).unwrap_err());
    assert!(
        error.contains("exited during startup") && error.contains("FATAL: boom"),
        "{error}"
    );
    assert!(began.elapsed() < Duration::from_secs(20));
}
