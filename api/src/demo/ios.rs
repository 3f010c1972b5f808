//! Demo IOs: one in each of `draft`, `sent`, `signed` (live, with a pending makegood) and
//! `cancelled`, and a signed one that overbooks a show's slot, written through the command
//! bus once the demo catalog is in its read model (the IO aggregate checks shows and
//! advertisers there).

use std::time::Duration;

use anyhow::Context;
use cuepoint_domain::ids::IoId;
use cuepoint_domain::io::{IoInput, MakegoodInput};
use cuepoint_domain::money::Currency;
use serde_json::{json, Value};

use super::day_from_today;
use crate::commands::Actor;
use crate::http::state::AppState;

/// Seeds the demo IOs with the demo `shows` and `advertisers` (ids, by name); `currency` is
/// the demo tenant's.
pub async fn seed(
    state: &AppState,
    actor: &Actor,
    (shows, advertisers): &(Vec<String>, Vec<String>),
    currency: Currency,
) -> anyhow::Result<()> {
    let day = |offset: i64| day_from_today(offset).to_string();
    let line = |show: &str, placement: &str, format: &str, from: i64, to: i64, pricing: Value| {
        json!({"show_id": show, "placement": placement, "format": format,
               "flight": {"start": day(from), "end": day(to)}, "pricing": pricing})
    };
    // By name: Cold Case Files, Morning Miles, The Build Log; ByteForge Cloud, Lumen Mattress.
    let (cold_case, morning_miles, build_log) = (&shows[0], &shows[1], &shows[2]);
    let (byteforge, lumen) = (&advertisers[0], &advertisers[1]);
    let bus = &state.commands;
    let create = |advertiser: &str, lines: Vec<Value>| {
        let body = json!({"advertiser_id": advertiser, "line_items": lines});
        async move {
            let input: IoInput = serde_json::from_value(body).context("demo IO")?;
            let created = bus.create_io(actor, currency, input).await;
            let created = created.map_err(|e| anyhow::anyhow!("creating a demo IO: {e}"))?;
            created.id.parse::<IoId>().context("demo IO id")
        }
    };
    let failed = |e| anyhow::anyhow!("a demo IO command: {e}");

    let cpm = |cpm: i64, goal: i64| json!({"type": "cpm", "cpm": cpm, "goal": goal});
    let flat = |fee: i64| json!({"type": "flat", "fee": fee});
    create(
        byteforge,
        vec![line(
            build_log,
            "mid",
            "host_read",
            14,
            43,
            cpm(3000, 50_000),
        )],
    )
    .await?;

    let sent = create(
        lumen,
        vec![line(
            morning_miles,
            "pre",
            "announcer",
            7,
            36,
            flat(120_000),
        )],
    )
    .await?;
    bus.send_io(actor, &sent).await.map_err(failed)?;

    let live = create(
        lumen,
        vec![
            line(cold_case, "mid", "host_read", -20, 10, cpm(2500, 120_000)),
            line(
                morning_miles,
                "post",
                "programmatic",
                -20,
                10,
                cpm(1200, 80_000),
            ),
        ],
    )
    .await?;
    bus.send_io(actor, &live).await.map_err(failed)?;
    bus.sign_io(actor, &live).await.map_err(failed)?;
    let makegood = MakegoodInput {
        line_item_id: Some("li-1".to_string()),
        reason: Some("missing_ad".to_string()),
        impressions: Some(4000),
        note: Some("episode 41 ran without the read".to_string()),
    };
    bus.raise_makegood(actor, &live, makegood)
        .await
        .map_err(failed)?;

    let cancelled = create(
        byteforge,
        vec![line(cold_case, "pre", "announcer", 30, 60, flat(90_000))],
    )
    .await?;
    let reason = Some("budget moved to next quarter".to_string());
    bus.cancel_io(actor, &cancelled, reason)
        .await
        .map_err(failed)?;
    // Two host reads on The Build Log's one mid slot an episode in the same weeks: those
    // weeks of its inventory calendar are booked twice over (overbooked).
    let overbooked = create(
        byteforge,
        vec![
            line(build_log, "mid", "host_read", 3, 16, flat(60_000)),
            line(build_log, "mid", "host_read", 10, 23, flat(60_000)),
        ],
    )
    .await?;
    bus.send_io(actor, &overbooked).await.map_err(failed)?;
    bus.sign_io(actor, &overbooked).await.map_err(failed)?;
    tracing::info!("demo IOs created");
    Ok(())
}

/// The demo shows and advertisers by name, once the catalog read model has them all.
pub async fn catalog(
    state: &AppState,
    actor: &Actor,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    for _ in 0..600 {
        let shows: Vec<String> =
            sqlx::query_scalar("SELECT show_id FROM rm_shows WHERE tenant_id = $1 ORDER BY name")
                .bind(&actor.tenant_id)
                .fetch_all(&state.pool)
                .await?;
        let advertisers: Vec<String> = sqlx::query_scalar(
            "SELECT advertiser_id FROM rm_advertisers WHERE tenant_id = $1 ORDER BY name",
        )
        .bind(&actor.tenant_id)
        .fetch_all(&state.pool)
        .await?;
        if shows.len() >= 3 && advertisers.len() >= 2 {
            return Ok((shows, advertisers));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the demo catalog did not reach its read model")
}
