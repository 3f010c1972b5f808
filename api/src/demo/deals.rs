//! Demo deals: the pipeline in every stage, two won (their draft IOs follow from the
//! won-deal process), two lost with reasons, one stale (carried over a month ago and not
//! touched since) and one overdue, so the ops dashboard shows something on first start.

use anyhow::Context;
use cuepoint_domain::deal::DealInput;
use cuepoint_domain::ids::DealId;
use cuepoint_domain::money::Currency;
use serde_json::json;

use super::day_from_today;
use crate::commands::Actor;
use crate::http::state::AppState;

/// What happens to a demo deal after it is created.
enum Then {
    Stay,
    Move(&'static str),
    Win(i64),
    Lose(&'static str, i64),
}

/// Seeds the demo deals with `advertisers` (ids, by name); `currency` is the demo tenant's.
pub async fn seed(
    state: &AppState,
    actor: &Actor,
    advertisers: &[String],
    currency: Currency,
) -> anyhow::Result<()> {
    let day = |offset: i64| day_from_today(offset).to_string();
    let (byteforge, lumen) = (&advertisers[0], &advertisers[1]);
    #[rustfmt::skip]
    let deals = [
        (byteforge, "Q1 developer push", 1_500_000, 40, "lead", None, Then::Stay),
        (lumen, "Sleep week sponsorship", 2_400_000, 25, "lead", None, Then::Move("qualified")),
        (byteforge, "Cloud credits launch", 3_000_000, 55, "qualified", None, Then::Move("proposal")),
        (lumen, "Spring mattress sale", 4_500_000, 70, "proposal", None, Then::Move("negotiation")),
        (lumen, "Holiday bundle", 1_800_000, -5, "negotiation", Some(-60), Then::Win(-3)),
        (byteforge, "Autumn conference reads", 2_200_000, -35, "proposal", Some(-80), Then::Win(-30)),
        (lumen, "Summer host reads", 900_000, -15, "negotiation", Some(-50), Then::Lose("price", -12)),
        (byteforge, "Year-end programmatic", 600_000, -50, "qualified", Some(-70), Then::Lose("timing", -45)),
        // Carried over from another system a month ago and not touched since: stale.
        (byteforge, "Partner podcast network", 1_200_000, 20, "proposal", Some(-30), Then::Stay),
        // Expected to close last week and still open: overdue.
        (lumen, "Pillow line test", 350_000, -6, "negotiation", None, Then::Stay),
    ];
    let bus = &state.commands;
    let failed = |e| anyhow::anyhow!("a demo deal command: {e}");
    for (advertiser, name, amount, close_in, stage, created, then) in deals {
        let body = json!({"advertiser_id": advertiser, "name": name, "amount": amount,
            "expected_close_date": day(close_in), "owner": "demo sales", "stage": stage,
            "created_on": created.map(day)});
        let input: DealInput = serde_json::from_value(body).context("demo deal")?;
        let created = bus
            .create_deal(actor, currency, input)
            .await
            .map_err(failed)?;
        let id: DealId = created.id.parse().context("demo deal id")?;
        match then {
            Then::Stay => {}
            Then::Move(to) => {
                let stage = Some(to.to_string());
                bus.move_deal_stage(actor, &id, stage)
                    .await
                    .map_err(failed)?;
            }
            Then::Win(on) => {
                bus.win_deal(actor, &id, Some(day(on)))
                    .await
                    .map_err(failed)?;
            }
            Then::Lose(reason, on) => {
                let (reason, note) = (Some(reason.to_string()), None);
                (bus.lose_deal(actor, &id, reason, note, Some(day(on))).await).map_err(failed)?;
            }
        }
    }
    tracing::info!("demo deals created");
    Ok(())
}
