//! Demo IOs: one in each of `draft`, `sent`, `signed` (live, with a pending makegood) and
//! `cancelled`, and a signed one that overbooks a show's slot, written through the command
//! bus once the demo catalog is in its read model (the IO aggregate checks shows and
//! advertisers there). The live IO's lines are placed so that, with the demo metrics, the
//! creator dashboard shows a line behind, on track, ahead, delivered and under-delivered as
//! of yesterday.

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

    let live = create(lumen, live_lines(cold_case, morning_miles, build_log)).await?;
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

/// A line on `show` whose flight runs `from..=to` days from today.
fn line(show: &str, placement: &str, format: &str, from: i64, to: i64, pricing: Value) -> Value {
    let day = |offset: i64| day_from_today(offset).to_string();
    json!({"show_id": show, "placement": placement, "format": format,
           "flight": {"start": day(from), "end": day(to)}, "pricing": pricing})
}

fn cpm(cpm: i64, goal: i64) -> Value {
    json!({"type": "cpm", "cpm": cpm, "goal": goal})
}

fn flat(fee: i64) -> Value {
    json!({"type": "flat", "fee": fee})
}

/// The live IO's lines: as of yesterday, with the demo metrics (about 2,100 downloads a day
/// on Cold Case Files, 3,650 on The Build Log, 5,100 on Morning Miles), behind, ahead, on
/// track, delivered and under-delivered, each overlapping the dashboard's 30 days.
fn live_lines(cold_case: &str, morning_miles: &str, build_log: &str) -> Vec<Value> {
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
        line(build_log, "mid", "host_read", -20, 10, cpm(3500, 115_000)),
        line(cold_case, "pre", "announcer", -50, -21, cpm(2200, 55_000)),
        line(
            morning_miles,
            "pre",
            "host_read",
            -45,
            -25,
            cpm(1800, 150_000),
        ),
    ]
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

#[cfg(test)]
mod tests {
    use chrono::{Days, Utc};
    use cuepoint_domain::io::{
        line_item_id, line_report, LineItem, LineItemInput, MakegoodTolerance, PacingStatus,
    };
    use cuepoint_domain::window::DailyCounts;

    use super::live_lines;
    use crate::demo::demo_csv;

    /// The demo downloads of `slug` per day, from the demo CSV (`date,show,downloads,...`).
    fn downloads(csv: &str, slug: &str) -> DailyCounts {
        (csv.lines().skip(1))
            .map(|row| row.split(',').collect::<Vec<_>>())
            .filter(|cells| cells[1] == slug)
            .map(|cells| (cells[0].parse().unwrap(), cells[2].parse().unwrap()))
            .collect()
    }

    #[test]
    fn the_live_io_shows_each_status_a_dashboard_window_can_hold_as_of_yesterday() {
        let today = Utc::now().date_naive();
        let yesterday = today - Days::new(1);
        // The import orders shows by id, that is by creation: Cold Case Files first.
        let shows = [
            ("cold-case-files".to_string(), Some("megaphone".to_string())),
            ("the-build-log".to_string(), None),
            ("morning-miles".to_string(), None),
        ];
        let csv = demo_csv(&shows, today);
        let statuses: Vec<PacingStatus> =
            live_lines("cold-case-files", "morning-miles", "the-build-log")
                .into_iter()
                .enumerate()
                .map(|(n, json)| {
                    let input: LineItemInput = serde_json::from_value(json).unwrap();
                    let line = LineItem::parse(line_item_id(n + 1), &input).unwrap();
                    let daily = downloads(&csv, line.show_id().as_str());
                    let report = line_report(&line, MakegoodTolerance::DEFAULT, &daily, yesterday);
                    report.unwrap().status.unwrap()
                })
                .collect();
        use PacingStatus::*;
        assert_eq!(
            statuses,
            [Behind, Ahead, OnTrack, Delivered, UnderDelivered]
        );
    }
}
