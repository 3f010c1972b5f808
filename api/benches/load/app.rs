//! The real service, in this process: the axum app on a loopback port and the projection
//! workers, over a pool of 32 connections, with one tenant and an admin token.

use std::future::IntoFuture;
use std::time::Duration;

use anyhow::Context;
use cuepoint_api::config::ServeArgs;
use cuepoint_api::db;
use cuepoint_api::tenancy::{create_tenant, create_token, Grant};
use cuepoint_domain::tenancy::Role;
use cuepoint_projections::registry;
use cuepoint_projections::worker::{self, WorkerOptions};
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Connections in the service's pool.
const POOL_SIZE: u32 = 32;

/// The running service.
pub struct App {
    /// How to call it.
    pub caller: Caller,
    pool: PgPool,
    shutdown: CancellationToken,
    server: JoinHandle<std::io::Result<()>>,
    workers: JoinHandle<anyhow::Result<()>>,
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
    /// Starts the server and the workers (batch 1000, poll 1 s) on the database.
    pub async fn start(connect: PgConnectOptions) -> anyhow::Result<App> {
        let args = serve_args()?;
        let pool = db::pool(&connect, POOL_SIZE);
        let slug = "bench";
        let tenant = create_tenant(&pool, &slug.parse()?, "Bench", &"USD".parse()?).await?;
        let grant = Grant {
            role: Role::Admin,
            show_ids: Vec::new(),
            advertiser_id: None,
        };
        let token = create_token(&pool, slug, "bench", &grant).await?.token;

        let shutdown = CancellationToken::new();
        let listener = TcpListener::bind(args.listen).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let app = cuepoint_api::http::app(cuepoint_api::serve::state(pool.clone(), &args));
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
            worker_name: "cuepoint-bench".to_string(),
        };
        let workers = tokio::spawn(worker::run(options, registry::all(), shutdown.clone()));
        let client = reqwest::Client::builder()
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .context("building the HTTP client")?;
        let caller = Caller {
            url,
            tenant: tenant.slug,
            token,
            client,
        };
        Ok(App {
            caller,
            pool,
            shutdown,
            server,
            workers,
        })
    }

    /// Stops the workers and the server and closes the pool.
    pub async fn stop(self) -> anyhow::Result<()> {
        drop(self.caller);
        self.shutdown.cancel();
        self.workers.await.context("the workers panicked")??;
        let mut server = self.server;
        match tokio::time::timeout(Duration::from_secs(5), &mut server).await {
            Ok(joined) => joined.context("the server panicked")??,
            // An idle keep-alive connection can hold a graceful shutdown; nothing is in flight.
            Err(_) => server.abort(),
        }
        self.pool.close().await;
        Ok(())
    }
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
