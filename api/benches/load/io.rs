//! Insertion orders: IO commands over HTTP (create with a line, add a line, send, sign) from
//! concurrent clients, and PDF renders of a one-page IO with their peak memory.

use std::time::Instant;

use anyhow::Context;
use chrono::{Days, Utc};
use cuepoint_api::pdf::{IoDocument, IoDocumentLine, PdfRenderer};
use reqwest::Method;
use serde_json::{json, Value};

use crate::app::{App, Caller};
use crate::config::Config;
use crate::http::send;
use crate::measure::{histogram, reset_peak, status_kb, Latency, Run, Tally, Window};

/// PDF renders measured.
const RENDERS: usize = 1_000;

/// A line on `show` over the next 30 days.
fn line(show: &str) -> Value {
    let start = Utc::now().date_naive();
    let end = start + Days::new(29);
    json!({
        "show_id": show, "placement": "mid", "format": "host_read",
        "flight": {"start": start.to_string(), "end": end.to_string()},
        "pricing": {"type": "cpm", "cpm": 2500, "goal": 50_000}
    })
}

/// `clients` clients each booking IOs for the configured window: four commands per IO,
/// each counted on its own.
pub async fn commands(app: &App, shows: &[String], config: &Config) -> anyhow::Result<Run> {
    let advertiser = send(
        app.caller
            .request(Method::POST, "/api/v1/advertisers")
            .json(&json!({
                "name": "Bench Brand", "category": "software", "target_categories": ["Technology"]
            })),
    )
    .await
    .context("creating the advertiser")?;
    // IOs check their advertiser against the catalog read model: wait for it.
    let after = format!(
        "/api/v1/advertisers/{}?after={}",
        advertiser.id, advertiser.consistency_token
    );
    app.caller
        .request(Method::GET, &after)
        .send()
        .await?
        .error_for_status()?;
    let window = Window::starting_now(config.warmup, config.measure);
    let tasks: Vec<_> = (0..config.clients)
        .map(|n| {
            let caller = app.caller.clone();
            let (advertiser, show) = (advertiser.id.clone(), shows[n % shows.len()].clone());
            tokio::spawn(async move { book(caller, advertiser, show, window).await })
        })
        .collect();
    let mut tallies = Vec::with_capacity(tasks.len());
    for task in tasks {
        tallies.push(task.await.context("an IO client panicked")??);
    }
    Run::merge(config.clients, &window, tallies)
}

async fn book(
    caller: Caller,
    advertiser: String,
    show: String,
    window: Window,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::new()?;
    while !window.is_over() {
        let started = Instant::now();
        let create = caller
            .request(Method::POST, "/api/v1/io")
            .json(&json!({"advertiser_id": advertiser, "line_items": [line(&show)]}));
        let io = match send(create).await {
            Ok(io) => io,
            Err(error) => {
                tally.fail(error);
                continue;
            }
        };
        tally.record(&window, started);
        let steps = [
            (
                Method::POST,
                format!("/api/v1/io/{}/line-items", io.id),
                Some(line(&show)),
            ),
            (Method::POST, format!("/api/v1/io/{}/send", io.id), None),
            (Method::POST, format!("/api/v1/io/{}/sign", io.id), None),
        ];
        for (method, path, body) in steps {
            let started = Instant::now();
            let mut request = caller.request(method, &path);
            if let Some(body) = body {
                request = request.json(&body);
            }
            match send(request).await {
                Ok(_) => {
                    tally.record(&window, started);
                }
                Err(error) => tally.fail(error),
            }
        }
    }
    Ok(tally)
}

/// PDF renders of a one-page IO on one thread.
pub struct Renders {
    /// Renders per second.
    pub per_second: f64,
    /// Render latency.
    pub latency: Latency,
    /// Resident memory before the renders, in kB.
    pub rss_before_kb: u64,
    /// Peak resident memory during them, in kB.
    pub peak_kb: u64,
    /// Size of one PDF, in bytes.
    pub bytes: usize,
}

/// Renders [`RENDERS`] one-page IOs, each with a different IO number.
pub fn renders() -> anyhow::Result<Renders> {
    let renderer = PdfRenderer::new();
    let mut latencies = histogram()?;
    reset_peak();
    let rss_before_kb = status_kb("VmRSS")?;
    let started = Instant::now();
    let mut bytes = 0;
    for n in 0..RENDERS {
        let one = Instant::now();
        bytes = renderer.render_blocking(&document(n))?.len();
        latencies.saturating_record(u64::try_from(one.elapsed().as_micros())?.max(1));
    }
    Ok(Renders {
        per_second: RENDERS as f64 / started.elapsed().as_secs_f64(),
        latency: Latency::of(&latencies),
        rss_before_kb,
        peak_kb: status_kb("VmHWM")?,
        bytes,
    })
}

fn document(n: usize) -> IoDocument {
    let line = |show: &str, total: &str| IoDocumentLine {
        show: show.to_string(),
        placement: "Mid".to_string(),
        format: "Host read".to_string(),
        flight: "2026-12-01 – 2026-12-30".to_string(),
        pricing: "CPM 25.00 USD".to_string(),
        goal: "50,000 impressions".to_string(),
        total: total.to_string(),
    };
    IoDocument {
        tenant_name: "Bench Network".to_string(),
        advertiser_name: "Bench Brand".to_string(),
        io_number: format!("IO-{n:06}"),
        revision: 1,
        status: "Signed".to_string(),
        currency: "USD".to_string(),
        lines: vec![
            line("Night Shift", "1,250.00 USD"),
            line("The Build Log", "1,250.00 USD"),
        ],
        total: "2,500.00 USD".to_string(),
        payment_terms: "Net 30 days".to_string(),
        makegood_tolerance: "10%".to_string(),
        issued_on: "2026-11-24".to_string(),
    }
}

/// Prints the IO bookings beside the plain-INSERT baseline at the same concurrency.
pub fn print_commands(commands: &Run, inserts: &Run) {
    println!();
    println!("IO bookings (create with a line, add a line, send, sign; each command counted)");
    println!(
        "| IO commands, {} clients | {:.0} commands/s | {:.0} INSERT commits/s | ratio {:.2} | p50 {:.2} ms | p99 {:.2} ms | errors {} |",
        commands.clients,
        commands.per_second,
        inserts.per_second,
        commands.per_second / inserts.per_second.max(1e-9),
        commands.p50.as_secs_f64() * 1e3,
        commands.p99.as_secs_f64() * 1e3,
        commands.errors,
    );
    if let Some(error) = &commands.first_error {
        println!("  first error: {error}");
    }
}

/// Prints the PDF renders.
pub fn print_renders(renders: &Renders) {
    let target = if renders.latency.p50.as_secs_f64() < 0.020 {
        "PASS"
    } else {
        "MISS"
    };
    println!(
        "| PDF renders, one page, 1 thread | {:.0} renders/s | p50 {:.2} ms (target < 20 ms: {target}) | p99 {:.2} ms | RSS {:.1} MB before, peak {:.1} MB over {RENDERS} renders | {} bytes each |",
        renders.per_second,
        renders.latency.p50.as_secs_f64() * 1e3,
        renders.latency.p99.as_secs_f64() * 1e3,
        renders.rss_before_kb as f64 / 1024.0,
        renders.peak_kb as f64 / 1024.0,
        renders.bytes,
    );
}
