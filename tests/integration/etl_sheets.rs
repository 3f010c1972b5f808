//! Google Sheets imports through the router, against a local server that speaks the token
//! and `values.get` protocols: cells of every kind, short rows, one token for two imports,
//! a sheet not shared (403) and an empty sheet.

use std::process::{Command, Stdio};

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::etl_support::{daily, show};
use crate::support::app::serve_args;
use crate::support::TestApp;

/// A local Google: a key file pointing at a mock server.
struct LocalGoogle {
    server: MockServer,
    dir: tempfile::TempDir,
}

impl LocalGoogle {
    async fn start() -> LocalGoogle {
        let server = MockServer::start().await;
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new("openssl")
            .args([
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
            ])
            .stdout(Stdio::piped())
            .output()
            .expect("the openssl CLI makes the test key");
        let key = json!({
            "type": "service_account", "project_id": "test", "private_key_id": "kid-1",
            "private_key": String::from_utf8(output.stdout).unwrap(),
            "client_email": "importer@test.iam.gserviceaccount.com", "client_id": "1",
            "token_uri": format!("{}/token", server.uri()),
        });
        std::fs::write(dir.path().join("key.json"), key.to_string()).unwrap();
        LocalGoogle { server, dir }
    }

    async fn app(&self) -> TestApp {
        let mut args = serve_args();
        args.imports.google_sheets_credentials_path = Some(self.dir.path().join("key.json"));
        args.imports.google_sheets_api_base = self.server.uri();
        let mut app = TestApp::with_args(args).await;
        app.start_workers();
        app
    }

    async fn sheet(&self, id: &str, status: u16, body: Value) {
        Mock::given(method("GET"))
            .and(path(format!("/v4/spreadsheets/{id}/values/Metrics")))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&self.server)
            .await;
    }
}

async fn import(app: &TestApp, spreadsheet_id: &str) -> crate::support::app::Reply {
    let body = json!({"spreadsheet_id": spreadsheet_id, "worksheet": "Metrics"});
    app.call(
        Method::POST,
        "/api/v1/etl/google-sheets",
        &app.admin,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn sheets_go_through_the_import_path_with_one_token() {
    let google = LocalGoogle::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "tok", "expires_in": 3600, "token_type": "Bearer"}),
        ))
        .expect(1)
        .mount(&google.server)
        .await;
    let app = google.app().await;
    let id = show(&app, "Night Shift", None).await;
    app.caught_up().await;

    // Numbers and strings in cells, a short row (no listeners, no source), a bad row.
    google
        .sheet(
            "march",
            200,
            json!({"range": "Metrics!A1:E4", "majorDimension": "ROWS", "values": [
                ["Date", "Show", "Downloads", "Listeners", "Source"],
                ["2026-03-01", "night-shift", 120, 80.0, "Spotify"],
                ["2026-03-02", id, "130"],
                ["2026-03-03", "night-shift", 1.5],
            ]}),
        )
        .await;
    google
        .sheet(
            "april",
            200,
            json!({"values": [["date", "show", "downloads"], ["2026-04-01", "night-shift", 7]]}),
        )
        .await;
    let march = import(&app, "march").await;
    assert_eq!(march.status, StatusCode::CREATED, "{:?}", march.body);
    assert_eq!(march.body["accepted"], 2);
    assert_eq!(march.body["rejections"][0]["line"], 4);
    assert_eq!(
        march.body["rejections"][0]["reason"],
        "downloads is not an integer: \"1.5\""
    );
    let april = import(&app, "april").await;
    assert_eq!(april.status, StatusCode::CREATED, "{:?}", april.body);
    assert_eq!(
        daily(&app, &id, "", &april.body).await,
        vec![
            ("2026-03-01".into(), 120),
            ("2026-03-02".into(), 130),
            ("2026-04-01".into(), 7)
        ]
    );
    let again = import(&app, "april").await;
    assert_eq!(again.code(), "duplicate_import");
    // The token endpoint's `expect(1)` is verified when the server drops.
}

#[tokio::test]
async fn an_unshared_sheet_and_an_empty_sheet_are_clear_errors() {
    let google = LocalGoogle::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "tok", "expires_in": 3600, "token_type": "Bearer"}),
        ))
        .mount(&google.server)
        .await;
    let app = google.app().await;
    google
        .sheet(
            "secret",
            403,
            json!({"error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}}),
        )
        .await;
    google
        .sheet("blank", 200, json!({"range": "Metrics!A1:Z1000"}))
        .await;
    let secret = import(&app, "secret").await;
    assert_eq!(secret.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(secret.code(), "sheet_not_shared");
    assert!(secret.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("importer@test.iam.gserviceaccount.com"));
    let blank = import(&app, "blank").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.code(), "sheet_empty");
}

#[tokio::test]
async fn without_a_key_file_sheets_imports_are_not_configured() {
    let app = TestApp::spawn().await;
    let reply = import(&app, "any").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.code(), "sheets_not_configured");
}
