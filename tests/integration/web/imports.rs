//! The imports pages and the uploader's route: a CSV sent as the page's script sends it is
//! imported by the API (its JSON answered), then listed with its counts, its rejected rows
//! by line, and the ETL health it leaves, worked out by hand.

use axum::http::StatusCode;
use cuepoint_domain::tenancy::Role;
use serde_json::Value;

use super::{fixture, AS_OF};
use crate::support::app::serve_args;
use crate::support::web::WebSession;
use crate::support::TestApp;

/// Five rows of February for Night Shift: line 3 has negative downloads, line 5 names a
/// show the tenant does not have; lines 2, 4 and 6 are accepted.
const FEBRUARY: &str = "date,show,episode,downloads,source
2026-02-01,night-shift,,500,csv
2026-02-02,night-shift,,-5,csv
2026-02-03,night-shift,,700,csv
2026-02-04,nope,,10,csv
2026-02-05,night-shift,,900,csv
";

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn an_upload_is_answered_in_the_apis_json_then_listed_with_its_rejected_lines() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Ops)).await;
    let before = session.get(&format!("/imports?as_of={AS_OF}")).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    // The fixture's March import alone: 31 rows, none rejected, data to 03-31: healthy.
    assert!(
        before.body.contains(r#"data-status="Healthy""#),
        "{}",
        before.body
    );
    assert!(before.body.contains(r#"data-upload-limit="268435456""#));

    let path = "/imports/upload?file_name=february.csv";
    let answer = session
        .post_file(path, FEBRUARY, "text/csv", Some(&session.csrf))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let outcome = json(&answer.body);
    assert_eq!(outcome["accepted"], 3);
    assert_eq!(outcome["rejected"], 2);
    let lines: Vec<i64> = (outcome["rejections"].as_array().unwrap().iter())
        .map(|r| r["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [3, 5]);
    let id = outcome["id"].as_str().unwrap();

    let token = outcome["consistency_token"].as_str().unwrap();
    let list = session
        .get(&format!("/imports?as_of={AS_OF}&after={token}"))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let row = list
        .body
        .split(&format!(r#"data-import="{id}""#))
        .nth(1)
        .unwrap();
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("february.csv"), "{row}");
    assert!(row.contains(r#"data-figure="accepted">3<"#), "{row}");
    assert!(row.contains(r#"data-figure="rejected">2<"#), "{row}");
    // Source csv's last import rejected 2 of 5 rows (40.0 %, over 5 %): degraded.
    assert!(
        list.body.contains(r#"data-status="Degraded""#),
        "{}",
        list.body
    );
    assert!(list.body.contains("40.0 %"));

    let detail = session.get(&format!("/imports/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.body);
    assert!(
        detail.body.contains(r#"<tr data-line="3">"#),
        "{}",
        detail.body
    );
    assert!(detail.body.contains("negative downloads: -5"));
    assert!(detail.body.contains(r#"<tr data-line="5">"#));
    assert!(!detail.body.contains(r#"<tr data-line="2">"#));

    // The same file again: the API's 409, naming the first import.
    let again = session
        .post_file(path, FEBRUARY, "text/csv", Some(&session.csrf))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let again = json(&again.body);
    assert_eq!(again["error"]["code"], "duplicate_import");
    assert_eq!(again["error"]["details"][0]["message"], id);
}

#[tokio::test]
async fn an_upload_without_the_csrf_token_is_refused_and_imports_nothing() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Admin)).await;
    for csrf in [None, Some("forged")] {
        let answer = session
            .post_file("/imports/upload", FEBRUARY, "text/csv", csrf)
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{csrf:?}");
    }
    let list = session.get("/imports").await;
    assert_eq!(
        list.body.matches("data-import=").count(),
        1,
        "{}",
        list.body
    );
}

#[tokio::test]
async fn a_creator_may_not_upload_nor_open_an_import() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Creator)).await;
    let answer = session
        .post_file("/imports/upload", FEBRUARY, "text/csv", Some(&session.csrf))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let detail = session.get(&format!("/imports/{}", fixture.import)).await;
    assert_eq!(detail.status, StatusCode::NOT_FOUND);
    assert!(!detail.body.contains(r#"href="/imports""#), "no menu entry");
}

#[tokio::test]
async fn a_file_over_the_upload_limit_is_the_apis_413_and_the_page_states_the_limit() {
    let mut args = serve_args();
    args.imports.upload_limit = 100;
    let app = TestApp::with_args(args).await;
    let session = WebSession::sign_in(&app, &app.admin).await;
    let page = session.get("/imports").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"data-upload-limit="100""#));
    assert!(page.body.contains("up to 100 bytes"), "{}", page.body);
    let answer = session
        .post_file("/imports/upload", FEBRUARY, "text/csv", Some(&session.csrf))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        answer.body
    );
    let error = json(&answer.body);
    assert_eq!(error["error"]["code"], "payload_too_large");
    let wrong = session
        .post_file(
            "/imports/upload",
            "%PDF",
            "application/pdf",
            Some(&session.csrf),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn an_unknown_import_is_a_404_page_in_the_frame() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Ops)).await;
    let page = session.get("/imports/imp_nothing_here").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
    assert!(page.body.contains("Sign out"));
}
