//! The command side over HTTP: creating the shows, then updating random ones from
//! concurrent keep-alive clients.

use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use cuepoint_projections::consistency::EventRef;
use futures::{StreamExt, TryStreamExt};
use rand::Rng;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::app::{App, Caller};
use crate::config::Config;
use crate::cpu::Probe;
use crate::lag::Pending;
use crate::measure::{Run, Tally, Window};

/// Concurrent requests while creating the shows.
const CREATE_CONCURRENCY: usize = 16;

/// The part of a command's response the benchmark reads.
#[derive(Deserialize)]
pub struct Committed {
    /// The aggregate's id.
    pub id: String,
    /// The token naming the command's last event.
    pub consistency_token: String,
}

/// A valid show (as in the catalog tests).
fn show_body(name: &str) -> Value {
    json!({
        "name": name,
        "categories": ["True Crime"],
        "audience": {"age": {"25-34": 0.6, "35-44": 0.4}, "gender": {"female": 0.5, "male": 0.5}, "country": {"US": 1.0}},
        "episodes_per_week": 2,
        "slots_per_episode": {"pre": 1, "mid": 2},
        "rate_card": {"pre": 2000, "mid": 2500}
    })
}

/// Sends a command and reads its answer; a non-2xx status is an error.
pub async fn send(request: reqwest::RequestBuilder) -> anyhow::Result<Committed> {
    let response = request.send().await?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        bail!("HTTP {status}: {body}");
    }
    Ok(response.json().await?)
}

/// Creates `count` shows with `POST /api/v1/shows`; returns their ids.
pub async fn create_shows(app: &App, count: usize) -> anyhow::Result<Vec<String>> {
    let bodies = (0..count).map(|n| show_body(&format!("Bench Show {n}")));
    create_all(app, "/api/v1/shows", bodies).await
}

/// Categories shows and advertisers are spread over.
pub const CATEGORIES: [&str; 6] = [
    "True Crime",
    "Comedy",
    "Technology",
    "News",
    "Business",
    "Sports",
];

/// Creates `count` advertisers with `POST /api/v1/advertisers`; returns their ids.
pub async fn create_advertisers(app: &App, count: usize) -> anyhow::Result<Vec<String>> {
    create_all(app, "/api/v1/advertisers", (0..count).map(advertiser_body)).await
}

/// Advertiser `n`: a category (every tenth one `gambling`), two target categories, ages and
/// a maximum CPM.
fn advertiser_body(n: usize) -> Value {
    json!({
        "name": format!("Bench Advertiser {n}"),
        "category": if n.is_multiple_of(10) { "gambling" } else { "software" },
        "target_categories": [CATEGORIES[n % 6], CATEGORIES[(n + 1) % 6]],
        "target_age_buckets": ["25-34"], "target_genders": [], "target_countries": ["US"],
        "max_cpm": 2000 + 100 * (n % 10) as i64
    })
}

/// Sends each body to `POST path`, a few at a time; returns the created ids, in order.
pub async fn create_all(
    app: &App,
    path: &str,
    bodies: impl Iterator<Item = Value>,
) -> anyhow::Result<Vec<String>> {
    futures::stream::iter(bodies)
        .map(|body| {
            let request = app.caller.request(Method::POST, path).json(&body);
            async move { send(request).await.map(|c| c.id) }
        })
        .buffered(CREATE_CONCURRENCY)
        .try_collect()
        .await
        .with_context(|| format!("POST {path}"))
}

/// `clients` clients each sending `PATCH /api/v1/shows/{id}` to random shows, one at a time,
/// for the configured window. Every update changes `episodes_per_week`, so every command
/// writes an event. With `lag`, each counted response's consistency token goes there.
pub async fn commands(
    app: &App,
    shows: &[String],
    clients: usize,
    config: &Config,
    lag: Option<Pending>,
) -> anyhow::Result<Run> {
    let shows: Arc<[String]> = shows.into();
    // The next value of each show: consecutive updates of a show always differ.
    let counters: Arc<[AtomicU32]> = shows.iter().map(|_| AtomicU32::new(0)).collect();
    let window = Window::starting_now(config.warmup, config.measure);
    let probe = Probe::start(window, app.service_pid());
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let client = Client {
                caller: app.caller.clone(),
                shows: shows.clone(),
                counters: counters.clone(),
                lag: lag.clone(),
            };
            tokio::spawn(client.run(window))
        })
        .collect();
    let mut tallies = Vec::with_capacity(clients);
    for task in tasks {
        tallies.push(task.await.context("a client panicked")??);
    }
    let mut run = Run::merge(clients, &window, tallies)?;
    run.cpu = Some(probe.finish().await?);
    Ok(run)
}

/// One command client.
struct Client {
    caller: Caller,
    shows: Arc<[String]>,
    counters: Arc<[AtomicU32]>,
    lag: Option<Pending>,
}

impl Client {
    async fn run(self, window: Window) -> anyhow::Result<Tally> {
        let mut tally = Tally::new()?;
        while !window.is_over() {
            let show = rand::rng().random_range(0..self.shows.len());
            // Cycles through 1..=49 (allowed: 0..=50): each update of a show changes it.
            let value = self.counters[show].fetch_add(1, Ordering::Relaxed) % 49 + 1;
            let request = self
                .caller
                .request(
                    Method::PATCH,
                    &format!("/api/v1/shows/{}", self.shows[show]),
                )
                .json(&json!({ "episodes_per_week": value }));
            let started = Instant::now();
            match send(request).await {
                Ok(committed) => {
                    let finished = tally.record(&window, started);
                    if let (Some(lag), Some(at)) = (&self.lag, finished) {
                        let token = EventRef::from_str(&committed.consistency_token)?;
                        // The sampler is gone only if it failed; it reports that itself.
                        let _ = lag.send((token, at));
                    }
                }
                Err(error) => tally.fail(error),
            }
        }
        Ok(tally)
    }
}
