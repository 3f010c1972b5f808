//! Memory over many renders, and render latency.

use std::time::{Duration, Instant};

use super::{numbered, renderer};

/// The resident set size of this process, in KiB.
fn vm_rss_kib() -> u64 {
    proc_status_kib("VmRSS:")
}

/// A `/proc/self/status` line in kB, e.g. `VmRSS:` or `VmHWM:` (the peak).
fn proc_status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(key))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line in kB")
}

/// The bound: 1,000 consecutive renders of different documents grow the resident
/// set by less than 100 MiB. Without eviction typst's cache grows by ~1 MB per render.
#[test]
fn a_thousand_renders_keep_memory_bounded() {
    const RENDERS: usize = 1_000;
    const MAX_GROWTH_KIB: u64 = 100 * 1024;

    let renderer = renderer();
    for i in 0..10 {
        renderer
            .render_blocking(&numbered(RENDERS + i))
            .expect("warm-up render");
    }
    let before = vm_rss_kib();
    let started = Instant::now();
    for i in 0..RENDERS {
        let pdf = renderer.render_blocking(&numbered(i)).expect("renders");
        assert!(pdf.starts_with(b"%PDF"));
    }
    let elapsed = started.elapsed();
    let after = vm_rss_kib();
    let growth = after.saturating_sub(before);
    eprintln!(
        "{RENDERS} renders: {:.1} ms each, VmRSS {before} KiB -> {after} KiB (+{growth} KiB)",
        elapsed.as_secs_f64() * 1e3 / RENDERS as f64
    );
    assert!(
        growth < MAX_GROWTH_KIB,
        "resident memory grew by {growth} KiB over {RENDERS} renders"
    );
}

/// Render latency, for the benchmark notes; run in release:
/// `cargo test --release -p cuepoint-api --lib pdf::tests::memory::render_latency -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, not a check: run it in release"]
fn render_latency() {
    let renderer = renderer();
    for i in 0..20 {
        renderer
            .render_blocking(&numbered(i))
            .expect("warm-up render");
    }
    let rss_before = vm_rss_kib();
    let mut times: Vec<Duration> = (0..1_000)
        .map(|i| {
            let started = Instant::now();
            renderer.render_blocking(&numbered(i)).expect("renders");
            started.elapsed()
        })
        .collect();
    times.sort();
    let total: Duration = times.iter().sum();
    eprintln!(
        "1000 renders: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}, {:.0} renders/s on one thread, VmRSS {} -> {} KiB, peak {} KiB",
        times[500],
        times[900],
        times[990],
        times[999],
        1_000.0 / total.as_secs_f64(),
        rss_before,
        vm_rss_kib(),
        proc_status_kib("VmHWM:")
    );
}
