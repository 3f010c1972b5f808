//! `cuepoint run JOB|--all [--tenant SLUG] [--as-of DAY]`: runs recorded with trigger
//! `cli`, for every tenant or the one named.

use serde_json::Value;

use crate::support::app::tenant_with_admin;
use crate::support::process::run;
use crate::support::TestApp;

/// The runs printed by `cuepoint run`, one JSON object a line.
fn printed(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[tokio::test]
async fn the_command_line_runs_one_job_or_all_for_one_tenant_or_every_one() {
    let app = TestApp::without_workers().await;
    tenant_with_admin(&app.db, "beta").await;
    let url = app.db.url();

    let one = printed(
        &run(
            &url,
            &[
                "run",
                "pipeline-alerts",
                "--tenant",
                "beta",
                "--as-of",
                "2026-03-20",
            ],
        )
        .await,
    );
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["job"], "pipeline-alerts");
    assert_eq!(one[0]["tenant"], "beta");
    assert_eq!(one[0]["trigger"], "cli");
    assert_eq!(one[0]["as_of"], "2026-03-20");
    assert_eq!(one[0]["outcome"], "succeeded");

    // Every job for both tenants (acme, beta), in tenant then job order.
    let all = printed(&run(&url, &["run", "--all", "--as-of", "2026-03-21"]).await);
    let runs: Vec<(&str, &str)> = (all.iter())
        .map(|r| (r["tenant"].as_str().unwrap(), r["job"].as_str().unwrap()))
        .collect();
    assert_eq!(runs.len(), 10, "{runs:?}");
    assert_eq!(runs[0], ("acme", "etl-health-check"));
    assert_eq!(runs[9], ("beta", "makegood-detection"));
    let recorded: i64 = sqlx::query_scalar("SELECT count(*) FROM job_runs WHERE trigger = 'cli'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(recorded, 11);
}
