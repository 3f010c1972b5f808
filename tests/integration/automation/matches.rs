//! recalculate-matches: every fit of the tenant recomputed, the changed ones counted.

use serde_json::json;

use super::{get, run_job};
use crate::deals::advertiser;
use crate::etl_support::show;
use crate::support::TestApp;

#[tokio::test]
async fn changed_fits_are_counted_and_rewritten() {
    let app = TestApp::spawn().await;
    let night = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    show(&app, "Day Shift", None).await;
    app.caught_up().await;
    let brand = advertiser(&app).await;
    let path = format!("/api/v1/matches?advertiser_id={brand}");
    let before = get(&app, &path).await;
    // Two shows, one advertiser: two pairs, all as the projection scored them.
    let job = "recalculate-matches";
    assert_eq!(
        run_job(&app, job, "2026-03-31").await,
        json!({"scores": 2, "changed": 0})
    );

    sqlx::query("UPDATE rm_matches SET score = 1, demo = 0 WHERE show_id = $1")
        .bind(&night)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_ne!(get(&app, &path).await, before);
    assert_eq!(
        run_job(&app, job, "2026-03-31").await,
        json!({"scores": 2, "changed": 1})
    );
    assert_eq!(get(&app, &path).await, before);
    assert_eq!(
        run_job(&app, job, "2026-03-31").await,
        json!({"scores": 2, "changed": 0})
    );
}
