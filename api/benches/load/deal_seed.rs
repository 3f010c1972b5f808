//! The deals of the deals phase, written in bulk: the events the deal commands would have
//! written over two years of selling (the domain's `DealEvent`s, serialized as the command
//! store serializes them, with the metadata every command writes), for the workers to
//! project. Commands would stamp every event with the day they ran; a history spread over
//! two years needs those days in the past, which only a bulk path can write.
//!
//! Of the deals, half are open (stages, expected close dates over the next year, about
//! one in twenty overdue and one in sixteen stale), 15 % won and 35 % lost, closed over the
//! last two years (so about one in eight of them in the dashboard's 90-day window).

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, Utc};
use cqrs_es::DomainEvent;
use cuepoint_domain::deal::{DealAmount, DealDetails, DealEvent, DealStage, LossReason};
use cuepoint_domain::ids::{AdvertiserId, DealId, TenantId};
use cuepoint_domain::money::Currency;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

/// Events per insert statement.
const BATCH: usize = 5_000;

/// Sales reps the deals are spread over.
const OWNERS: u32 = 20;

/// One event row of `events`.
struct EventRow {
    deal: String,
    sequence: i64,
    event: DealEvent,
}

/// Writes the events of `deals` deals of the tenant (advertisers among `advertisers`);
/// returns the number of events and the time the inserts took.
pub async fn write(
    connect: &PgConnectOptions,
    tenant: &str,
    currency: &str,
    advertisers: &[String],
    deals: usize,
) -> anyhow::Result<(usize, Duration)> {
    let tenant_id: TenantId = tenant.parse()?;
    let currency: Currency = currency.parse()?;
    let advertisers = (advertisers.iter())
        .map(|a| a.parse())
        .collect::<Result<Vec<AdvertiserId>, _>>()?;
    let mut rng = StdRng::seed_from_u64(9);
    let today = Utc::now().date_naive();
    let mut rows = Vec::new();
    for n in 0..deals {
        let details = DealDetails {
            advertiser_id: advertisers[rng.random_range(0..advertisers.len())].clone(),
            name: format!("Bench deal {n}"),
            amount: DealAmount::new(rng.random_range(100_000..5_000_000))?,
            currency,
            expected_close_date: today,
            owner: format!("Rep {}", rng.random_range(1..=OWNERS)),
            show_ids: Vec::new(),
        };
        history(&mut rng, &tenant_id, today, details, &mut rows)?;
    }
    let mut conn = PgConnection::connect_with(connect).await?;
    let started = Instant::now();
    for chunk in rows.chunks(BATCH) {
        insert(&mut conn, tenant, chunk).await?;
    }
    let elapsed = started.elapsed();
    sqlx::query("ANALYZE events").execute(&mut conn).await?;
    conn.close().await?;
    Ok((rows.len(), elapsed))
}

/// The events of one deal: created, then moved on, won or lost as its draw says.
fn history(
    rng: &mut StdRng,
    tenant_id: &TenantId,
    today: NaiveDate,
    mut details: DealDetails,
    rows: &mut Vec<EventRow>,
) -> anyhow::Result<()> {
    let deal = String::from(DealId::generate());
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let open = DealStage::OPEN[rng.random_range(0..DealStage::OPEN.len())];
    let draw: u32 = rng.random_range(0..100);
    let mut events = Vec::new();
    if draw < 50 {
        // Open: last active within the last 15 days (the oldest day stale as of
        // yesterday), expected to close in the coming year, or overdue for one in twenty.
        let active = ago(rng.random_range(0..16));
        details.expected_close_date = if rng.random_range(0..20) == 0 {
            ago(rng.random_range(2..60))
        } else {
            today + Days::new(rng.random_range(1..365))
        };
        let created_on = if open == DealStage::Lead {
            active
        } else {
            ago(rng.random_range(16..200))
        };
        events.push(created(tenant_id, details, DealStage::Lead, created_on));
        if open != DealStage::Lead {
            events.push(DealEvent::DealStageMoved {
                from: DealStage::Lead,
                to: open,
                on: active,
            });
        }
    } else {
        // Closed in the last two years, 0 to 120 days after it was created.
        let closed_on = ago(rng.random_range(1..730));
        let created_on = closed_on
            .checked_sub_days(Days::new(rng.random_range(0..120)))
            .unwrap_or(closed_on);
        details.expected_close_date = closed_on + Days::new(rng.random_range(0..30));
        events.push(created(tenant_id, details, open, created_on));
        events.push(if draw < 65 {
            DealEvent::DealWon {
                from: open,
                closed_on,
                on: closed_on,
            }
        } else {
            DealEvent::DealLost {
                from: open,
                reason: LossReason::ALL[rng.random_range(0..LossReason::ALL.len())],
                note: None,
                closed_on,
                on: closed_on,
            }
        });
    }
    rows.extend(
        (events.into_iter())
            .zip(1..)
            .map(|(event, sequence)| EventRow {
                deal: deal.clone(),
                sequence,
                event,
            }),
    );
    Ok(())
}

fn created(
    tenant_id: &TenantId,
    details: DealDetails,
    stage: DealStage,
    created_on: NaiveDate,
) -> DealEvent {
    DealEvent::DealCreated {
        tenant_id: tenant_id.clone(),
        details,
        stage,
        created_on,
        recorded_on: created_on,
    }
}

/// One statement for `rows`, with the metadata a system actor's command writes.
async fn insert(conn: &mut PgConnection, tenant: &str, rows: &[EventRow]) -> anyhow::Result<()> {
    let payloads = (rows.iter())
        .map(|r| serde_json::to_string(&r.event))
        .collect::<Result<Vec<_>, _>>()?;
    let metadata = serde_json::json!({"tenant_id": tenant, "by": "system:bench-seed"}).to_string();
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         SELECT 'deal', $1 || ':' || d, s, t, v, p::json, $2::json
           FROM UNNEST($3::text[], $4::int8[], $5::text[], $6::text[], $7::text[])
             AS batch(d, s, t, v, p)",
    )
    .bind(tenant)
    .bind(metadata)
    .bind(rows.iter().map(|r| r.deal.as_str()).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.sequence).collect::<Vec<_>>())
    .bind(
        rows.iter()
            .map(|r| r.event.event_type())
            .collect::<Vec<_>>(),
    )
    .bind(
        rows.iter()
            .map(|r| r.event.event_version())
            .collect::<Vec<_>>(),
    )
    .bind(payloads)
    .execute(conn)
    .await?;
    Ok(())
}
