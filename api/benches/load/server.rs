//! The PostgreSQL server of the run: the one `DATABASE_URL` names, or a private durable
//! cluster in a temporary directory. Either way the benchmark works in a database of its
//! own, `cuepoint_bench_<pid>`, created at the start and dropped at the end.

use std::path::PathBuf;

use anyhow::Context;
use cuepoint_api::embedded_pg::{ClusterOptions, PrivateCluster, Tuning};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection};

/// Where the benchmark's database lives.
pub struct Server {
    /// Options for a maintenance database (to create and drop the benchmark's).
    admin: PgConnectOptions,
    /// The same as a URL, for child processes.
    admin_url: String,
    /// The benchmark's database.
    database: String,
    /// The private cluster and its directory, when this process started one.
    private: Option<(PrivateCluster, PathBuf)>,
}

impl Server {
    /// Uses `DATABASE_URL`, else starts a private cluster with PostgreSQL's durable
    /// defaults (fsync on), so that the service and the baselines pay for every commit.
    /// Blocking: call before entering the runtime.
    pub fn start() -> anyhow::Result<Server> {
        let database = format!("cuepoint_bench_{}", std::process::id());
        if let Ok(url) = std::env::var("DATABASE_URL") {
            let admin = url
                .parse()
                .context("DATABASE_URL is not a PostgreSQL URL")?;
            return Ok(Server {
                admin,
                admin_url: url,
                database,
                private: None,
            });
        }
        let dir = std::env::temp_dir().join(format!("cuepoint-bench-{}", std::process::id()));
        // A directory left by an earlier run with the same pid would be reused; start clean.
        let _ = std::fs::remove_dir_all(&dir);
        let cluster = PrivateCluster::start(&ClusterOptions {
            data_dir: dir.clone(),
            bin_dir: None,
            tuning: Tuning::Durable,
        })?;
        Ok(Server {
            admin: cluster.connect_options("postgres"),
            admin_url: cluster.url("postgres"),
            database,
            private: Some((cluster, dir)),
        })
    }

    /// One line saying which server this is.
    pub fn describe(&self) -> String {
        match &self.private {
            Some((_, dir)) => format!(
                "private cluster (Tuning::Durable, fsync on) in {}",
                dir.display()
            ),
            None => "the server named by DATABASE_URL".to_string(),
        }
    }

    /// How a child process reaches the benchmark's database (after
    /// [`Server::create_database`]): the server's URL and the database's name.
    pub fn for_child(&self) -> (&str, &str) {
        (&self.admin_url, &self.database)
    }

    /// A URL of the benchmark's database, for a `cuepoint serve` process
    /// (`DATABASE_URL`).
    pub fn database_url(&self) -> anyhow::Result<String> {
        if let Some((cluster, _)) = &self.private {
            return Ok(cluster.url(&self.database));
        }
        let mut url = reqwest::Url::parse(&self.admin_url).context("DATABASE_URL")?;
        url.set_path(&format!("/{}", self.database));
        Ok(url.to_string())
    }

    /// Creates the benchmark's database, applies the migrations, and returns how to
    /// connect to it.
    pub async fn create_database(&self) -> anyhow::Result<PgConnectOptions> {
        let mut conn = PgConnection::connect_with(&self.admin).await?;
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.database
        ))
        .execute(&mut conn)
        .await?;
        sqlx::query(&format!("CREATE DATABASE {}", self.database))
            .execute(&mut conn)
            .await
            .with_context(|| format!("creating database {}", self.database))?;
        conn.close().await?;
        let connect = self.admin.clone().database(&self.database);
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(connect.clone())
            .await?;
        cuepoint_api::db::migrate(&pool).await?;
        pool.close().await;
        Ok(connect)
    }

    /// Drops the benchmark's database (idempotent), unless `BENCH_KEEP_DATABASE` is set on
    /// a server named by `DATABASE_URL` (to study the seeded read models afterwards, e.g.
    /// with `EXPLAIN ANALYZE`; a private cluster is removed either way).
    pub async fn drop_database(&self) -> anyhow::Result<()> {
        if self.private.is_none() && std::env::var_os("BENCH_KEEP_DATABASE").is_some() {
            println!("Kept database {} (BENCH_KEEP_DATABASE)", self.database);
            return Ok(());
        }
        let mut conn = PgConnection::connect_with(&self.admin).await?;
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.database
        ))
        .execute(&mut conn)
        .await
        .with_context(|| format!("dropping database {}", self.database))?;
        conn.close().await?;
        Ok(())
    }

    /// Stops the private cluster, if any, and removes its directory. Blocking.
    pub fn stop(self) -> anyhow::Result<()> {
        if let Some((cluster, dir)) = self.private {
            cluster.stop()?;
            std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        Ok(())
    }
}
