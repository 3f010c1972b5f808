//! Rebuilding the deals read model from the log gives the tables the workers built.

use cuepoint_domain::deal::DealPatch;
use cuepoint_projections::read_models::deals::DealsProjection;
use cuepoint_projections::rebuild::rebuild;
use serde_json::Value;

use super::Desk;
use crate::support::TestApp;

/// Every row of the deal tables, by key.
async fn contents(app: &TestApp) -> Vec<Vec<Value>> {
    let mut tables = Vec::new();
    for (table, key) in [
        ("rm_deal_states", "tenant_id, deal_id"),
        ("rm_deals", "tenant_id, deal_id"),
        ("rm_deal_stages", "tenant_id, deal_id, seq"),
        ("rm_deal_forecast", "tenant_id, month"),
    ] {
        let sql = format!("SELECT to_jsonb(r) FROM {table} r ORDER BY {key}");
        let rows = sqlx::query_scalar(&sql).fetch_all(&app.db.pool).await;
        tables.push(rows.unwrap());
    }
    tables
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuilt_deals_model_equals_the_incremental_one() {
    let app = TestApp::with_read_models().await;
    let desk = Desk::open(&app).await;
    for n in 0..4_i64 {
        let id = desk
            .create(
                desk.input(&format!("Deal {n}"), 10_001 + n, "2026-05-01"),
                "2026-03-01",
            )
            .await;
        desk.move_to(&id, "proposal", "2026-03-02").await;
        let patch = DealPatch {
            owner: Some(format!("Owner {n}")),
            ..DealPatch::default()
        };
        desk.update(&id, patch, "2026-03-03").await;
        match n {
            0 => desk.win(&id, "2026-03-04", "2026-03-04").await,
            1 => desk.lose(&id, "no_fit", "2026-03-04", "2026-03-05").await,
            2 => {
                desk.win(&id, "2026-03-04", "2026-03-04").await;
                desk.link_io(&id, "2026-03-04").await;
                desk.reopen(&id, "negotiation", "2026-03-06").await;
            }
            _ => {}
        }
    }
    app.caught_up().await;
    let incremental = contents(&app).await;
    assert_eq!(incremental[1].len(), 4);
    // Lead and proposal each; then closed_won; closed_lost; closed_won and negotiation.
    assert_eq!(incremental[2].len(), 4 * 2 + 1 + 1 + 2);
    // May 2026: the reopened deal and the one left open.
    assert_eq!(incremental[3].len(), 1);
    // Batches of 3 events split each deal's events over several batches.
    let report = rebuild(&app.db.options(), &DealsProjection, 3)
        .await
        .unwrap();
    // Each deal: created, moved, updated; then won; lost; won, linked, reopened; nothing.
    assert_eq!(report.events_applied, 4 * 3 + 1 + 1 + 3);
    assert_eq!(
        contents(&app).await,
        incremental,
        "rebuild equals incremental"
    );
}
