//! ETL health per source of the rows (SPEC 6): a row's `source`, else its import's; an
//! import counts for every source it carried rows of, and a failed import for its own.

use cuepoint_projections::read_models::imports::ImportsProjection;
use cuepoint_projections::rebuild::rebuild;
use serde_json::Value;

use crate::etl_support::{imported, read_after, show, upload};
use crate::support::TestApp;

const HEALTH: &str = "/api/v1/etl/health?as_of=2026-03-11";

fn sources(report: &Value) -> Vec<&str> {
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect()
}

fn source<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == name)
        .unwrap_or_else(|| panic!("no source {name} in {report:?}"))
}

#[tokio::test]
async fn rows_that_say_megaphone_count_for_megaphone_without_a_source_parameter() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let answer = imported(
        &app,
        "date,show,downloads,source
2026-03-09,night-shift,5,Megaphone
2026-03-10,night-shift,6,megaphone
2026-03-10,nope,1,megaphone
",
        "",
    )
    .await;
    assert_eq!(
        (answer["accepted"].as_u64(), answer["rejected"].as_u64()),
        (Some(2), Some(1))
    );

    let report = read_after(&app, HEALTH, &answer).await;
    assert_eq!(
        sources(&report),
        ["megaphone"],
        "not the import's default `csv`"
    );
    let megaphone = source(&report, "megaphone");
    assert_eq!(megaphone["last_import_id"], answer["id"]);
    assert_eq!(megaphone["last_import_status"], "completed");
    assert_eq!(megaphone["imports_last_7_days"], 1);
    assert_eq!(megaphone["failures_last_7_days"], 0);
    assert_eq!(megaphone["latest_day"], "2026-03-10");
    let share = megaphone["rejected_share"].as_f64().unwrap();
    assert!((share - 1.0 / 3.0).abs() < 1e-9, "{share}");
    assert_eq!(megaphone["status"], "degraded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_rows_of_two_sources_counts_for_both_and_a_failure_for_its_own() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    // Rows without a source are the import's (`hosting`); the others say `art19`.
    let mixed = imported(
        &app,
        "date,show,downloads,source
2026-03-08,night-shift,5,
2026-03-09,night-shift,6,art19
2026-03-10,night-shift,7,ART19
",
        "?source=hosting",
    )
    .await;
    let report = read_after(&app, HEALTH, &mixed).await;
    assert_eq!(sources(&report), ["art19", "hosting"]);
    for (name, latest_day, status) in [
        ("art19", "2026-03-10", "healthy"),
        ("hosting", "2026-03-08", "healthy"),
    ] {
        let entry = source(&report, name);
        assert_eq!(entry["last_import_id"], mixed["id"], "{name}");
        assert_eq!(entry["imports_last_7_days"], 1, "{name}");
        assert_eq!(entry["latest_day"], latest_day, "{name}");
        assert_eq!(entry["status"], status, "{name}");
    }

    // A failed import counts for its own source only, and a later import of `hosting`
    // rows becomes that source's last import without touching `art19`.
    let failed = upload(&app, "when,what\n1,2\n", "?source=art19").await;
    assert_eq!(failed.code(), "no_usable_header");
    let later = imported(
        &app,
        "date,show,downloads\n2026-03-10,night-shift,9\n",
        "?source=hosting",
    )
    .await;
    app.caught_up().await;
    let report = read_after(&app, HEALTH, &later).await;
    let art19 = source(&report, "art19");
    assert_eq!(art19["status"], "failing");
    assert_eq!(art19["last_import_status"], "failed");
    assert_eq!(art19["last_import_id"], failed.body["import"]["id"]);
    assert_eq!(art19["imports_last_7_days"], 2);
    assert_eq!(art19["failures_last_7_days"], 1);
    assert_eq!(art19["latest_day"], "2026-03-10");
    let hosting = source(&report, "hosting");
    assert_eq!(hosting["last_import_id"], later["id"]);
    assert_eq!(hosting["imports_last_7_days"], 2);
    assert_eq!(hosting["failures_last_7_days"], 0);
    assert_eq!(hosting["latest_day"], "2026-03-10");

    // The same health from a read model rebuilt from the log.
    rebuild(&app.db.options(), &ImportsProjection, 2)
        .await
        .unwrap();
    let rebuilt = read_after(&app, HEALTH, &later).await;
    assert_eq!(rebuilt["sources"], report["sources"]);
}

#[tokio::test]
async fn the_source_parameter_follows_the_source_name_rule() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    // Blank, over 64 characters, or holding a control character: 400 before any import.
    let long = "a".repeat(65);
    for query in [
        "?source=",
        "?source=%20",
        &format!("?source={long}"),
        "?source=a%00b",
    ] {
        let reply = upload(
            &app,
            "date,show,downloads\n2026-03-10,night-shift,1\n",
            query,
        )
        .await;
        assert_eq!(reply.status, axum::http::StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.code(), "invalid_query", "{query}");
    }
    // Mixed case and padding fold to the name a show's metrics_source is compared with.
    let answer = imported(
        &app,
        "date,show,downloads\n2026-03-10,night-shift,1\n",
        "?source=%20Hosting.FM%20",
    )
    .await;
    let report = read_after(&app, HEALTH, &answer).await;
    assert_eq!(sources(&report), ["hosting.fm"]);
}
