//! A fresh database per test.
//!
//! With `DATABASE_URL` set, databases are created on that server; without it, the test
//! process starts a private cluster (the same code `cuepoint serve` uses) in a temporary
//! directory, which stops when the process exits. Each test's database is a copy of a
//! template that has every migration applied, and is dropped when the test ends.

use std::sync::OnceLock;

use cuepoint_api::db::MIGRATOR;
use cuepoint_api::embedded_pg::{ClusterOptions, PrivateCluster, Tuning};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};

/// The server tests run against.
pub struct Server {
    admin: PgConnectOptions,
    template: String,
    cluster: Option<PrivateCluster>,
}

static SERVER: OnceLock<Server> = OnceLock::new();

/// The test server, started and given its template on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(Server::start())
        })
        .join()
        .unwrap()
    })
}

impl Server {
    async fn start() -> Server {
        let (admin, cluster) = match std::env::var("DATABASE_URL") {
            Ok(url) => (url.parse::<PgConnectOptions>().unwrap(), None),
            Err(_) => {
                let dir =
                    std::env::temp_dir().join(format!("cuepoint-test-{}", std::process::id()));
                let _ = std::fs::remove_dir_all(&dir);
                let cluster = PrivateCluster::start(&ClusterOptions {
                    data_dir: dir,
                    bin_dir: None,
                    tuning: Tuning::Ephemeral,
                })
                .expect("start a private PostgreSQL for the tests");
                (cluster.connect_options("postgres"), Some(cluster))
            }
        };
        let template = format!("cuepoint_template_{}", migrations_digest());
        create_template(&admin, &template).await;
        Server {
            admin,
            template,
            cluster,
        }
    }

    /// Connection options for `database` on this server.
    pub fn options(&self, database: &str) -> PgConnectOptions {
        self.admin.clone().database(database)
    }

    /// A URL for `database`, for child processes.
    pub fn url(&self, database: &str) -> String {
        match &self.cluster {
            Some(cluster) => cluster.url(database),
            None => {
                let mut url = self.admin.to_url_lossy();
                url.set_path(&format!("/{database}"));
                url.to_string()
            }
        }
    }
}

/// Removes the directories of clusters of test processes that have exited (their servers
/// stopped with them; the files stay behind).
fn remove_dead_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let pid = name
            .strip_prefix("cuepoint-test-")
            .and_then(|rest| rest.rsplit('-').next()?.parse::<i32>().ok());
        if let Some(pid) = pid {
            let alive = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok();
            if !alive {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// A short digest of the migrations, so a changed migration gets a new template.
fn migrations_digest() -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for migration in MIGRATOR.iter() {
        for byte in migration.checksum.iter() {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

async fn create_template(admin: &PgConnectOptions, template: &str) {
    let mut conn = PgConnection::connect_with(admin).await.unwrap();
    // Several test processes may share one server: one of them creates the template.
    sqlx::query("SELECT pg_advisory_lock(4242)")
        .execute(&mut conn)
        .await
        .unwrap();
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(template)
            .fetch_one(&mut conn)
            .await
            .unwrap();
    if !exists {
        let building = format!("{template}_building");
        sqlx::query(&format!("DROP DATABASE IF EXISTS {building}"))
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE DATABASE {building}"))
            .execute(&mut conn)
            .await
            .unwrap();
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(admin.clone().database(&building))
            .await
            .unwrap();
        MIGRATOR.run(&pool).await.unwrap();
        pool.close().await;
        sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {template}"))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    sqlx::query("SELECT pg_advisory_unlock(4242)")
        .execute(&mut conn)
        .await
        .unwrap();
}

/// A database of its own for one test, dropped at the end of the test.
pub struct TestDb {
    /// Its name.
    pub name: String,
    /// A pool on it.
    pub pool: PgPool,
}

impl TestDb {
    /// A new database with every migration applied.
    pub async fn new() -> TestDb {
        let server = server();
        let name = format!("t_{}", uuid::Uuid::now_v7().simple());
        let mut conn = PgConnection::connect_with(&server.admin).await.unwrap();
        let create = format!("CREATE DATABASE {name} TEMPLATE {}", server.template);
        // Copying a template fails while another session is connected to it; retry briefly.
        for attempt in 0.. {
            match sqlx::query(&create).execute(&mut conn).await {
                Ok(_) => break,
                Err(error) if attempt < 50 => {
                    let _ = error;
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                Err(error) => panic!("creating {name}: {error}"),
            }
        }
        conn.close().await.unwrap();
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect_with(server.options(&name))
            .await
            .unwrap();
        TestDb { name, pool }
    }

    /// Connection options for this database.
    pub fn options(&self) -> PgConnectOptions {
        server().options(&self.name)
    }

    /// A URL for this database, for child processes.
    pub fn url(&self) -> String {
        server().url(&self.name)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        let admin = server().admin.clone();
        // Drop runs inside the test's runtime; do the blocking work on a thread of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(mut conn) = PgConnection::connect_with(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

/// Writes `shows * per_show` catalog events in one statement: a large log, quickly. Each
/// event carries a profile of its own (the profile of an existing show event, named
/// `Bulk show S rev Q` after its show and sequence), so that read models built from
/// different events differ. Returns the number written.
pub async fn bulk_show_events(pool: &PgPool, tenant_id: &str, shows: i64, per_show: i64) -> i64 {
    let written = sqlx::query(
        "WITH seed AS (
            SELECT COALESCE(payload::jsonb -> 'ShowCreated', payload::jsonb -> 'ShowUpdated') -> 'profile' AS profile
              FROM events WHERE aggregate_type = 'show' LIMIT 1)
         INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         SELECT 'show', $1 || ':bulk-' || s, q, 'ShowUpdated', '1',
                json_build_object('ShowUpdated', json_build_object('profile',
                    jsonb_set(seed.profile, '{name}', to_jsonb('Bulk show ' || s || ' rev ' || q)))),
                json_build_object('tenant_id', $1)
           FROM seed, generate_series(1, $2) s, generate_series(1, $3) q
          ORDER BY s, q",
    )
    .bind(tenant_id)
    .bind(shows)
    .bind(per_show)
    .execute(pool)
    .await
    .unwrap();
    written.rows_affected() as i64
}

/// The name [`bulk_show_events`] gives event `rev` of bulk show `show`.
pub fn bulk_name(show: i64, rev: i64) -> String {
    format!("Bulk show {show} rev {rev}")
}

/// The rows of `table`, every column, as JSON objects in a stable order.
pub async fn table_contents(pool: &PgPool, table: &str) -> Vec<serde_json::Value> {
    sqlx::query_scalar(&format!(
        "SELECT to_jsonb(t) FROM {table} t ORDER BY to_jsonb(t)::text"
    ))
    .fetch_all(pool)
    .await
    .unwrap()
}

/// The contents of the catalog read models (every column), for comparisons.
pub async fn catalog_contents(pool: &PgPool) -> Vec<serde_json::Value> {
    let mut rows = table_contents(pool, "rm_shows").await;
    rows.extend(table_contents(pool, "rm_advertisers").await);
    rows
}
