//! Structured logs with `tracing`, to standard error.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber: `CUEPOINT_LOG` (or `RUST_LOG`) filters, default `info`;
/// `CUEPOINT_LOG_FORMAT=json` writes JSON lines. Colours only when standard error is a
/// terminal, so a log file holds plain text.
pub fn init() {
    let filter = std::env::var("CUEPOINT_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info,sqlx=warn".to_string());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let json = std::env::var("CUEPOINT_LOG_FORMAT").is_ok_and(|f| f == "json");
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
