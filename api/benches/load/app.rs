//! The real service, with one tenant and an admin token: in this process (the axum app on a
//! loopback port and the projection workers, over a pool of 32 connections), or as a
//! `cuepoint serve` process of its own (`service.rs`).

use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use cuepoint_api::config::ServeArgs;
use cuepoint_api::db;
use cuepoint_api::http::state::HttpSettings;
use cuepoint_api::serve::spawn_automation;
use cuepoint_api::tenancy::{create_tenant, create_token, Grant};
use cuepoint_api::won_deals::worker_projections;
use cuepoint_domain::tenancy::Role;
use cuepoint_projections::worker::{self, WorkerOptions};
use cuepoint_projections::Projection;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::service::ServeProcess;

/// Connections in the service's pool.
const POOL_SIZE: u32 = 32;

/// The running service.
pub struct App {
    /// How to call it.
    pub caller: Caller,
    /// The tenant's id.
    pub tenant_id: String,
    pool: PgPool,
    /// Each projection the workers run, with the aggregate types it reads.
    settle: Vec<(&'static str, Vec<String>)>,
    running: Running,
}

/// Where the service runs.
enum Running {
    /// In this process.
    InProcess {
        shutdown: CancellationToken,
        server: JoinHandle<std::io::Result<()>>,
        workers: JoinHandle<anyhow::Result<()>>,
        /// The scheduler and the webhook sender, when they run.
        automation: Option<JoinHandle<()>>,
    },
    /// As `cuepoint serve`.
    Process(ServeProcess),
}

/// The parts of `cuepoint serve` that run beside the routes and the projection workers.
#[derive(Clone, Copy, Debug)]
pub struct Extras {
    /// The metrics layer, with the process's Prometheus recorder.
    pub metrics: bool,
    /// The automation scheduler and the webhook sender.
    pub automation: bool,
}

impl Extras {
    /// Everything `cuepoint serve` runs.
    pub const SERVE: Extras = Extras {
        metrics: true,
        automation: true,
    };
    /// Neither the metrics layer nor the automation.
    pub const NONE: Extras = Extras {
        metrics: false,
        automation: false,
    };
}

/// `cuepoint serve`'s settings (defaults and environment), on a free port, without the
/// demo tenant.
fn serve_args() -> anyhow::Result<ServeArgs> {
    let mut args = ServeArgs::from_env()?;
    args.listen = "127.0.0.1:0".parse()?;
    args.no_demo = true;
    Ok(args)
}

impl App {
    /// Starts the server (with the metrics layer) and the workers (serve's settings: batch
    /// 1000, poll 1 s) on the database, with a new tenant `slug`.
    pub async fn start(connect: PgConnectOptions, slug: &str) -> anyhow::Result<App> {
        let extras = Extras {
            metrics: true,
            automation: false,
        };
        App::start_with(connect, slug, extras).await
    }

    /// [`App::start`], with `extras` beside the routes and the workers.
    pub async fn start_with(
        connect: PgConnectOptions,
        slug: &str,
        extras: Extras,
    ) -> anyhow::Result<App> {
        let args = serve_args()?;
        let pool = db::pool(&connect, POOL_SIZE);
        let shutdown = CancellationToken::new();
        let listener = TcpListener::bind(args.listen).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let (caller, tenant_id) = tenant_caller(&pool, slug, url).await?;
        let mut state = cuepoint_api::serve::state(pool.clone(), &args);
        state.settings = Arc::new(HttpSettings {
            metrics: extras.metrics,
            ..(*state.settings).clone()
        });
        // What `cuepoint serve` runs: every read model and the won-deal process.
        let projections = worker_projections(state.commands.clone());
        let settle = settle_list(&projections);
        let automation = (extras.automation)
            .then(|| spawn_automation(state.jobs.clone(), &args.automation, &shutdown));
        let app = cuepoint_api::http::app(state);
        let server = tokio::spawn(
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown.clone().cancelled_owned())
                .into_future(),
        );
        let options = WorkerOptions {
            connect,
            batch_size: args.workers.batch_size,
            poll_interval: args.workers.poll_interval(),
            takeover_interval: args.workers.takeover_interval(),
            batch_interval: args.workers.batch_interval(),
            worker_name: "cuepoint-bench".to_string(),
        };
        let workers = tokio::spawn(worker::run(options, projections, shutdown.clone()));
        Ok(App {
            caller,
            tenant_id,
            pool,
            settle,
            running: Running::InProcess {
                shutdown,
                server,
                workers,
                automation,
            },
        })
    }

    /// Starts the service as a `cuepoint serve` process of its own (the release binary
    /// beside this benchmark) on the database at `database_url`, with a new tenant `slug`.
    pub async fn start_process(
        connect: PgConnectOptions,
        database_url: &str,
        slug: &str,
    ) -> anyhow::Result<App> {
        let pool = db::pool(&connect, 4);
        let service = ServeProcess::start(database_url).await?;
        let (caller, tenant_id) = tenant_caller(&pool, slug, service.url.clone()).await?;
        let bus = Arc::new(serve_args()?.commands.bus(&pool));
        let settle = settle_list(&worker_projections(bus));
        Ok(App {
            caller,
            tenant_id,
            pool,
            settle,
            running: Running::Process(service),
        })
    }

    /// The pid of the process the service runs in (this one, in process).
    pub fn service_pid(&self) -> u32 {
        match &self.running {
            Running::InProcess { .. } => std::process::id(),
            Running::Process(service) => service.pid().unwrap_or(0),
        }
    }

    /// Waits until every projection has read every committed event of the types it reads
    /// (the won-deal process's commands included), for at most `timeout`.
    pub async fn settle(&self, timeout: Duration) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let mut behind = None;
            for (name, types) in &self.settle {
                let caught_up: Option<bool> = sqlx::query_scalar(
                    "SELECT NOT EXISTS (
                            SELECT 1 FROM events e
                             WHERE (e.tx_id, e.global_position) > (c.tx_id, c.global_position)
                               AND e.aggregate_type = ANY($2))
                       FROM projection_checkpoints c WHERE c.projection = $1",
                )
                .bind(name)
                .bind(types)
                .fetch_optional(&self.pool)
                .await?;
                if caught_up != Some(true) {
                    behind = Some(*name);
                    break;
                }
            }
            let Some(name) = behind else { return Ok(()) };
            if tokio::time::Instant::now() > deadline {
                anyhow::bail!("projection {name} did not catch up within {timeout:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `VACUUM (ANALYZE)` of the whole database, as autovacuum would do soon after a bulk
    /// load (statistics for the planner, the visibility map for index-only scans), so that
    /// the reads measured next meet a settled database; how long it took.
    pub async fn vacuum(&self) -> anyhow::Result<Duration> {
        let started = std::time::Instant::now();
        sqlx::Executor::execute(&self.pool, "VACUUM (ANALYZE)").await?;
        Ok(started.elapsed())
    }

    /// Stops the workers and the server (or the service's process) and closes the pool.
    pub async fn stop(self) -> anyhow::Result<()> {
        drop(self.caller);
        match self.running {
            Running::InProcess {
                shutdown,
                server,
                workers,
                automation,
            } => stop_in_process(shutdown, server, workers, automation).await?,
            Running::Process(service) => service.stop().await?,
        }
        self.pool.close().await;
        Ok(())
    }
}

/// Stops the workers, the automation and the server running in this process.
async fn stop_in_process(
    shutdown: CancellationToken,
    mut server: JoinHandle<std::io::Result<()>>,
    workers: JoinHandle<anyhow::Result<()>>,
    automation: Option<JoinHandle<()>>,
) -> anyhow::Result<()> {
    shutdown.cancel();
    workers.await.context("the workers panicked")??;
    if let Some(automation) = automation {
        automation.await.context("the automation panicked")?;
    }
    match tokio::time::timeout(Duration::from_secs(5), &mut server).await {
        Ok(joined) => joined.context("the server panicked")??,
        // An idle keep-alive connection can hold a graceful shutdown; nothing is in flight.
        Err(_) => server.abort(),
    }
    Ok(())
}

/// Each projection's name and the aggregate types it reads.
fn settle_list(projections: &[Arc<dyn Projection>]) -> Vec<(&'static str, Vec<String>)> {
    (projections.iter())
        .map(|p| {
            let types = p.aggregate_types().iter().map(|t| t.to_string()).collect();
            (p.name(), types)
        })
        .collect()
}

/// Creates tenant `slug` with an admin token; a caller of the service at `url` with them,
/// and the tenant's id.
async fn tenant_caller(pool: &PgPool, slug: &str, url: String) -> anyhow::Result<(Caller, String)> {
    let tenant = create_tenant(pool, &slug.parse()?, "Bench", &"USD".parse()?).await?;
    let grant = Grant {
        role: Role::Admin,
        show_ids: Vec::new(),
        advertiser_id: None,
    };
    let token = create_token(pool, slug, "bench", &grant).await?.token;
    // No redirects followed: the web phase reads the session cookie off sign-in's 303.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tcp_nodelay(true)
        .pool_idle_timeout(Duration::from_secs(90))
        .build()
        .context("building the HTTP client")?;
    let caller = Caller {
        url,
        tenant: tenant.slug.clone(),
        token,
        client,
    };
    Ok((caller, tenant.tenant_id))
}

/// A keep-alive HTTP client with the tenant's admin credentials; clones share connections.
#[derive(Clone)]
pub struct Caller {
    /// `http://127.0.0.1:<port>`.
    url: String,
    /// The tenant's slug, for `X-Tenant`.
    tenant: String,
    /// An admin token of the tenant.
    token: String,
    client: reqwest::Client,
}

impl Caller {
    /// A request to `path` with the tenant and token headers.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.url))
            .header("x-tenant", &self.tenant)
            .bearer_auth(&self.token)
    }
}

impl Caller {
    /// Signs in to the web app with the caller's tenant and token, as the sign-in form
    /// does; the `Cookie` header of the session.
    pub async fn web_session(&self) -> anyhow::Result<String> {
        let answer = (self.client.post(format!("{}/sign-in", self.url)))
            .form(&[
                ("tenant", self.tenant.as_str()),
                ("token", self.token.as_str()),
            ])
            .send()
            .await?;
        let cookie = (answer.headers().get(reqwest::header::SET_COOKIE))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .with_context(|| format!("sign-in answered {} without a session", answer.status()))?;
        Ok(cookie.to_string())
    }

    /// `POST path` with the file at `file` as a `text/csv` body, streamed from disk (so the
    /// client holds none of it in memory), over a connection of its own; returns the status
    /// and the JSON answer.
    pub async fn post_csv(
        &self,
        path: &str,
        file: &std::path::Path,
    ) -> anyhow::Result<(u16, serde_json::Value)> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let authority = self.url.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(authority).await?;
        stream.set_nodelay(true)?;
        let length = tokio::fs::metadata(file).await?.len();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {authority}\r\nX-Tenant: {}\r\n\
             Authorization: Bearer {}\r\nContent-Type: text/csv\r\n\
             Content-Length: {length}\r\nConnection: close\r\n\r\n",
            self.tenant, self.token
        );
        stream.write_all(head.as_bytes()).await?;
        tokio::io::copy(&mut tokio::fs::File::open(file).await?, &mut stream).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        let text = String::from_utf8_lossy(&answer);
        let (head, body) = text
            .split_once("\r\n\r\n")
            .context("no end of the answer's head")?;
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .context("no status in the answer")?;
        let chunked = head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        let body = if chunked {
            dechunk(body)?
        } else {
            body.to_string()
        };
        Ok((status, serde_json::from_str(&body).unwrap_or_default()))
    }
}

/// The body of a `Transfer-Encoding: chunked` answer.
fn dechunk(mut rest: &str) -> anyhow::Result<String> {
    let mut body = String::new();
    loop {
        let (size, after) = rest
            .split_once("\r\n")
            .context("a chunk without its size")?;
        let size = usize::from_str_radix(size.trim(), 16).context("a chunk size")?;
        if size == 0 {
            return Ok(body);
        }
        body.push_str(after.get(..size).context("a short chunk")?);
        rest = after.get(size + 2..).context("a chunk without its end")?;
    }
}
