//! The local `demo` tenant, created on the first start against an empty database so that a
//! new user has something to look at. It goes through the real command path.

use anyhow::Context;
use chrono::{Days, NaiveDate, Utc};
use cuepoint_domain::money::Currency;
use cuepoint_domain::tenancy::{Role, TenantSlug};
use serde_json::{json, Value};

use crate::commands::import::{run_import, spool, ImportRequest, RowSource};
use crate::commands::Actor;
use crate::http::state::AppState;
use crate::tenancy::{create_tenant, create_token, Grant, TenancyError};

mod deals;
mod ios;

/// Creates the `demo` tenant, an admin token and a small catalog if there is no tenant yet,
/// and prints how to reach it; on a later start, prints how to get a new token.
pub async fn seed_on_first_start(state: &AppState, url: &str) -> anyhow::Result<()> {
    let tenants: Vec<String> = sqlx::query_scalar("SELECT slug FROM tenants ORDER BY slug LIMIT 5")
        .fetch_all(&state.pool)
        .await?;
    if let Some(first) = tenants.first() {
        remind(url, first, &tenants);
        return Ok(());
    }
    let slug: TenantSlug = "demo".parse()?;
    let tenant = match create_tenant(&state.pool, &slug, "Demo Network", &Currency::default()).await
    {
        Ok(tenant) => tenant,
        Err(TenancyError::SlugTaken(_)) => return Ok(()),
        Err(error) => return Err(error.into()),
    };
    let grant = Grant {
        role: Role::Admin,
        show_ids: Vec::new(),
        advertiser_id: None,
    };
    let token = create_token(&state.pool, "demo", "demo admin", &grant).await?;
    let actor = Actor::system(&tenant.tenant_id, "demo");
    for show in shows() {
        let input = serde_json::from_value(show).context("demo show")?;
        state
            .commands
            .create_show(&actor, input)
            .await
            .map_err(|e| anyhow::anyhow!("seeding a demo show: {e}"))?;
    }
    for advertiser in advertisers() {
        let input = serde_json::from_value(advertiser).context("demo advertiser")?;
        state
            .commands
            .create_advertiser(&actor, input)
            .await
            .map_err(|e| anyhow::anyhow!("seeding a demo advertiser: {e}"))?;
    }
    announce(url, &token.token);
    // IOs in each state, once the catalog is in its read model.
    let (seed_state, seed_actor) = (state.clone(), actor.clone());
    let currency: Currency = tenant.currency.parse()?;
    tokio::spawn(async move {
        if let Err(error) = seed_ios_and_deals(&seed_state, &seed_actor, currency).await {
            tracing::warn!(
                error = format!("{error:#}"),
                "demo IOs and deals not created"
            );
        }
    });
    // The shows reach the catalog read model once the workers run: import after that.
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(error) = import_metrics(&state, &actor).await {
            tracing::warn!(error = format!("{error:#}"), "demo metrics not imported");
        }
    });
    Ok(())
}

/// The demo IOs and deals, once the catalog is in its read model (both aggregates check
/// shows and advertisers there).
async fn seed_ios_and_deals(
    state: &AppState,
    actor: &Actor,
    currency: Currency,
) -> anyhow::Result<()> {
    let catalog = ios::catalog(state, actor).await?;
    ios::seed(state, actor, &catalog, currency).await?;
    deals::seed(state, actor, &catalog.1, currency).await
}

/// Today (UTC) moved by `offset` days, either way.
fn day_from_today(offset: i64) -> NaiveDate {
    let today = Utc::now().date_naive();
    let days = Days::new(offset.unsigned_abs());
    let moved = if offset >= 0 {
        today.checked_add_days(days)
    } else {
        today.checked_sub_days(days)
    };
    moved.unwrap_or(today)
}

/// Days of demo metrics, ending yesterday.
const DEMO_DAYS: u64 = 90;

/// Imports 90 days of downloads for the demo shows through the real import path (a CSV
/// text spooled like an upload), once the shows are in the catalog read model.
async fn import_metrics(state: &AppState, actor: &Actor) -> anyhow::Result<()> {
    let mut shows: Vec<(String, Option<String>)> = Vec::new();
    for _ in 0..600 {
        shows = sqlx::query_as(
            "SELECT profile ->> 'slug', profile ->> 'metrics_source' FROM rm_shows
              WHERE tenant_id = $1 ORDER BY show_id",
        )
        .bind(&actor.tenant_id)
        .fetch_all(&state.pool)
        .await?;
        if shows.len() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let csv = demo_csv(&shows, chrono::Utc::now().date_naive());
    let chunks = futures::stream::iter([Ok::<_, std::convert::Infallible>(
        axum::body::Bytes::from(csv),
    )]);
    let spooled = spool(chunks, u64::MAX).await?;
    let request = ImportRequest {
        source: "demo".to_string(),
        origin: "demo-metrics.csv".to_string(),
        content_hash: spooled.content_hash,
    };
    let outcome = run_import(
        &state.pool,
        actor,
        request,
        RowSource::Csv(spooled.file),
        None,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    tracing::info!(accepted = outcome.accepted, "demo metrics imported");
    Ok(())
}

/// A CSV of daily downloads per show (under the show's `metrics_source` where it has one),
/// with a weekly rhythm and a slow rise, deterministic.
fn demo_csv(shows: &[(String, Option<String>)], today: chrono::NaiveDate) -> String {
    let mut csv = String::from("date,show,downloads,listeners,source\n");
    for (index, (slug, source)) in shows.iter().enumerate() {
        let base = 1500 * (index as u64 + 1);
        for back in (1..=DEMO_DAYS).rev() {
            let Some(day) = today.checked_sub_days(chrono::Days::new(back)) else {
                continue;
            };
            let rise = (DEMO_DAYS - back) * 7;
            let weekly = [0, 120, 90, 60, 40, 10, 5][(back % 7) as usize];
            let downloads = base + rise + weekly + (back * 37 + index as u64 * 11) % 97;
            let listeners = downloads * 7 / 10;
            let source = source.as_deref().unwrap_or("demo");
            csv.push_str(&format!("{day},{slug},{downloads},{listeners},{source}\n"));
        }
    }
    csv
}

#[allow(clippy::print_stdout)]
fn announce(url: &str, token: &str) {
    println!("Created the demo tenant.");
    println!("  URL:    {url}");
    println!("  Tenant: demo   (send X-Tenant: demo)");
    println!("  Token:  {token}   (admin; shown once)");
    println!("  Web:    open {url} and sign in with tenant demo and the printed token");
    println!(
        "  Try:    curl -H 'X-Tenant: demo' -H 'Authorization: Bearer {token}' {url}/api/v1/shows"
    );
}

/// A later start: the token was shown once, so say how to make another.
#[allow(clippy::print_stdout)]
fn remind(url: &str, first: &str, tenants: &[String]) {
    println!(
        "Cuepoint is serving at {url} (tenants: {}); open it in a browser and sign in with a token.",
        tenants.join(", ")
    );
    println!(
        "  A new admin token (shown once): cuepoint token create --tenant {first} --role admin"
    );
    println!(
        "  with the same database settings (DATABASE_URL or CUEPOINT_DATA_DIR) as this server."
    );
}

fn shows() -> Vec<Value> {
    vec![
        json!({
            "name": "Cold Case Files", "categories": ["True Crime"],
            "audience": {"age": {"18-24": 0.2, "25-34": 0.45, "35-44": 0.25, "45-54": 0.1},
                         "gender": {"female": 0.62, "male": 0.36, "other": 0.02},
                         "country": {"US": 0.8, "CA": 0.1, "GB": 0.1}},
            "episodes_per_week": 2, "slots_per_episode": {"pre": 1, "mid": 2, "post": 1},
            "rate_card": {"pre": 2200, "mid": 2800, "post": 1500}, "block_list": ["gambling"],
            "metrics_source": "megaphone"
        }),
        json!({
            "name": "The Build Log", "categories": ["Technology", "Business"],
            "audience": {"age": {"25-34": 0.5, "35-44": 0.35, "45-54": 0.15},
                         "gender": {"female": 0.3, "male": 0.68, "other": 0.02},
                         "country": {"US": 0.6, "DE": 0.2, "GB": 0.2}},
            "episodes_per_week": 1, "slots_per_episode": {"pre": 1, "mid": 1, "post": 0},
            "rate_card": {"pre": 3000, "mid": 3500}
        }),
        json!({
            "name": "Morning Miles", "categories": ["Sports", "Health & Fitness"],
            "audience": {"age": {"18-24": 0.3, "25-34": 0.4, "35-44": 0.3},
                         "gender": {"female": 0.5, "male": 0.5},
                         "country": {"US": 1.0}},
            "episodes_per_week": 5, "slots_per_episode": {"pre": 1, "mid": 1, "post": 1},
            "rate_card": {"pre": 1800, "mid": 2000, "post": 1200}
        }),
    ]
}

fn advertisers() -> Vec<Value> {
    vec![
        json!({
            "name": "Lumen Mattress", "category": "home goods",
            "target_categories": ["True Crime", "Health & Fitness"],
            "target_age_buckets": ["25-34", "35-44"], "target_genders": [],
            "target_countries": ["US"], "max_cpm": 2500
        }),
        json!({
            "name": "ByteForge Cloud", "category": "software",
            "target_categories": ["Technology"], "target_age_buckets": [],
            "target_genders": [], "target_countries": ["US", "GB", "DE"]
        }),
        // A gambling advertiser: Cold Case Files blocks its category (an excluded show on its
        // dashboard), and The Build Log's rates are over its max CPM.
        json!({
            "name": "Spinwheel Sportsbook", "category": "gambling",
            "target_categories": ["Sports"], "target_age_buckets": ["18-24", "25-34"],
            "target_genders": [], "target_countries": ["US"], "max_cpm": 2000
        }),
    ]
}
