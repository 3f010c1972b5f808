//! The web app in headless Chromium: what a creator, an advertiser and the ops team do in a
//! browser, each test saving screenshots of what it checked (`support::browser`).

mod creator;
mod dashboards;
mod imports;
