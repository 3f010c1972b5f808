//! Text PostgreSQL cannot store (NUL) or that has no place in a name (control characters)
//! in a CSV cell rejects that line; the rest of the file, the import list and other
//! tenants' imports keep working.

use axum::http::{Method, StatusCode};

use crate::catalog::show_body;
use crate::etl_support::{daily, imported, read_after, show, still_serving, upload_to};
use crate::support::app::{request, tenant_with_admin};
use crate::support::TestApp;

#[tokio::test]
async fn control_characters_in_text_cells_reject_their_lines_and_the_rest_imports() {
    let app = TestApp::spawn().await;
    let id = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let csv = "date,show,episode,downloads,source
2026-03-01,night-shift,ep-1,10,
2026-03-02,night-shift,\"ep\u{0}-2\",20,
2026-03-03,night-shift,ep-3,30,
2026-03-04,night-shift,ep-4,40,mega\u{0}phone
2026-03-05,night\u{0}-shift,ep-5,50,
2026-03-06,night-shift,\"ep\n6\",60,
2026-03-07,night-shift,ep-7,70,
";
    let answer = imported(&app, csv, "?file_name=n%01ul.csv").await;
    assert_eq!(answer["accepted"], 3, "{answer:?}");
    let rejections: Vec<(i64, &str, &str)> = answer["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_i64().unwrap(),
                r["column"].as_str().unwrap(),
                r["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rejections,
        [
            (
                3,
                "episode",
                "episode contains the control character U+0000"
            ),
            (5, "source", "source contains the control character U+0000"),
            (6, "show", "show contains the control character U+0000"),
            (
                7,
                "episode",
                "episode contains the control character U+000A"
            ),
        ]
    );
    assert_eq!(
        daily(&app, &id, "", &answer).await,
        [
            ("2026-03-01".to_string(), 10),
            ("2026-03-03".to_string(), 30),
            ("2026-03-07".to_string(), 70),
        ]
    );
    let list = read_after(&app, "/api/v1/etl/imports", &answer).await;
    assert_eq!(list["items"][0]["status"], "completed");
    assert_eq!(list["items"][0]["origin"], "n\u{fffd}ul.csv");
    let detail = read_after(
        &app,
        &format!("/api/v1/etl/imports/{}", answer["id"].as_str().unwrap()),
        &answer,
    )
    .await;
    assert_eq!(detail["rejections"]["items"][0]["line"], 3);
    still_serving(&app).await;

    // Another tenant's import afterwards completes and becomes visible.
    let (other, token) = tenant_with_admin(&app.db, "globex").await;
    let created = app
        .send(request(
            Method::POST,
            "/api/v1/shows",
            Some(&other.slug),
            Some(&token),
            Some(show_body("Day Shift")),
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    app.caught_up().await;
    let csv = "date,show,downloads\n2026-03-01,day-shift,5\n";
    let upload = upload_to(&app, &other.slug, &token, csv, "text/csv", "").await;
    assert_eq!(upload.status, StatusCode::CREATED, "{:?}", upload.body);
    let token_after = upload.body["consistency_token"].as_str().unwrap();
    let show_id = created.body["id"].as_str().unwrap();
    let metrics = app
        .send(request(
            Method::GET,
            &format!(
                "/api/v1/metrics/daily?show_id={show_id}&from=2026-03-01&to=2026-03-31&after={token_after}"
            ),
            Some(&other.slug),
            Some(&token),
            None,
        ))
        .await;
    assert_eq!(metrics.status, StatusCode::OK, "{:?}", metrics.body);
    assert_eq!(
        metrics.body["days"][0]["downloads"], 5,
        "{:?}",
        metrics.body
    );
}
