//! ETL health per source: each status reached from imports made in the test, judged at a
//! given `as_of`.

use serde_json::Value;

use crate::etl_support::{imported, read_after, show, upload};
use crate::support::TestApp;

fn source<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == name)
        .unwrap_or_else(|| panic!("no source {name} in {report:?}"))
}

#[tokio::test]
async fn each_status_is_reached_from_real_imports() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;

    // `fresh`: data up to March 10, nothing rejected.
    imported(
        &app,
        "date,show,downloads\n2026-03-09,night-shift,5\n2026-03-10,night-shift,6\n",
        "?source=fresh",
    )
    .await;
    // `sloppy`: data up to March 10, 1 row of 20 rejected (5 %: not under 5 %).
    let mut sloppy = String::from("date,show,downloads\n");
    for day in 1..=19 {
        sloppy.push_str(&format!("2026-02-{day:02},night-shift,1\n"));
    }
    sloppy.push_str("2026-03-10,nope,1\n");
    sloppy = sloppy.replace("2026-02-19", "2026-03-10");
    imported(&app, &sloppy, "?source=sloppy").await;
    // `broken`: a good import, then one that fails.
    imported(
        &app,
        "date,show,downloads\n2026-03-10,night-shift,1\n",
        "?source=broken",
    )
    .await;
    let failed = upload(&app, "when,what\n1,2\n", "?source=broken").await;
    assert_eq!(failed.code(), "no_usable_header");

    let at = |as_of: &'static str| format!("/api/v1/etl/health?as_of={as_of}");
    let report = read_after(&app, &at("2026-03-11"), &failed.body).await;
    assert_eq!(report["as_of"], "2026-03-11");
    let fresh = source(&report, "fresh");
    assert_eq!(fresh["status"], "healthy");
    assert_eq!(fresh["latest_day"], "2026-03-10");
    assert_eq!(fresh["imports_last_7_days"], 1);
    assert_eq!(fresh["failures_last_7_days"], 0);
    assert_eq!(fresh["rejected_share"], 0.0);
    assert!(fresh["last_success_at"].is_string());
    let sloppy = source(&report, "sloppy");
    assert_eq!(sloppy["status"], "degraded");
    assert_eq!(sloppy["rejected_share"], 0.05);
    let broken = source(&report, "broken");
    assert_eq!(broken["status"], "failing");
    assert_eq!(broken["last_import_status"], "failed");
    assert_eq!(broken["imports_last_7_days"], 2);
    assert_eq!(broken["failures_last_7_days"], 1);

    // Freshness: March 10 is as_of - 3 on the 13th (healthy), as_of - 4 on the 14th
    // (degraded), as_of - 7 on the 17th (degraded) and before as_of - 7 on the 18th.
    for (as_of, status) in [
        ("2026-03-13", "healthy"),
        ("2026-03-14", "degraded"),
        ("2026-03-17", "degraded"),
        ("2026-03-18", "failing"),
    ] {
        let report = read_after(&app, &at(as_of), &failed.body).await;
        assert_eq!(source(&report, "fresh")["status"], status, "as of {as_of}");
    }
}
