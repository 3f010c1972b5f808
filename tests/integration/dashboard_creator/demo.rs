//! The demo's creator dashboard on first start.

use axum::http::StatusCode;
use serde_json::Value;

use crate::support::demo::Demo;

/// The statuses of the pacing lines, sorted.
fn statuses(answer: &Value) -> Vec<String> {
    let mut statuses: Vec<String> = (answer["pacing"].as_array().into_iter().flatten())
        .filter_map(|p| p["status"].as_str().map(str::to_string))
        .collect();
    statuses.sort();
    statuses
}

#[tokio::test]
async fn the_demo_creator_dashboard_shows_five_statuses_revenue_and_a_pending_makegood() {
    let demo = Demo::seeded().await;
    let path = "/api/v1/dashboard/creator";
    let expected = [
        "ahead",
        "behind",
        "delivered",
        "on_track",
        "under_delivered",
    ];
    // The demo's IOs and metrics are written in the background: ask until they are in.
    let mut answer = Value::Null;
    for _ in 0..300 {
        let reply = demo.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        answer = reply.body;
        let delivering = answer["pacing"]
            .as_array()
            .is_some_and(|lines| lines.iter().all(|l| l["delivered"].as_u64() > Some(0)));
        if statuses(&answer) == expected && delivering {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(statuses(&answer), expected, "{answer:#}");
    assert!(answer["revenue"]["total"].as_i64() > Some(0), "{answer:#}");
    assert_eq!(
        answer["makegoods_pending"].as_array().map(Vec::len),
        Some(1)
    );
}
