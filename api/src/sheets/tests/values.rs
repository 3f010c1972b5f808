//! `values.get`: the request, the cells, and every failure mapped to its error.

use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use super::support::*;
use crate::sheets::{a1_range, SheetsError};

async fn fixture_with_token() -> Fixture {
    let fixture = Fixture::new().await;
    fixture.mount_token(3599, 1).await;
    fixture
}

#[tokio::test]
async fn cells_keep_their_json_types_and_short_rows_stay_short() {
    let fixture = fixture_with_token().await;
    let range = a1_range("Listener metrics", Some("A1:D"));
    let rows = json!([
        ["date", "show", "downloads", "verified"],
        ["2026-11-01", "Night Owls", 1234, true],
        ["2026-11-02", "Night Owls", 12.5],
        ["2026-11-03"],
    ]);
    Mock::given(method("GET"))
        .and(path(values_path(&range)))
        .and(query_param("valueRenderOption", "UNFORMATTED_VALUE"))
        .and(query_param("dateTimeRenderOption", "FORMATTED_STRING"))
        .and(header("authorization", format!("Bearer {ACCESS_TOKEN}")))
        .respond_with(value_range("'Listener metrics'!A1:D4", rows.clone()))
        .expect(1)
        .mount(&fixture.server)
        .await;

    let got = fixture.client().values(SHEET_ID, &range).await.unwrap();

    assert_eq!(json!(got), rows);
    assert_eq!(got[1][2], json!(1234));
    assert!(got[1][2].is_u64());
    assert_eq!(got[1][3], json!(true));
    assert!(got[2][2].is_f64());
    assert_eq!(got.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 3, 1]);
}

#[tokio::test]
async fn the_range_is_one_encoded_path_segment() {
    let fixture = fixture_with_token().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v4/spreadsheets/{SHEET_ID}/values/%27Q1%2F2026%27%21A1%3AF"
        )))
        .respond_with(value_range("'Q1/2026'!A1:F1", json!([["x"]])))
        .expect(1)
        .mount(&fixture.server)
        .await;

    let range = a1_range("Q1/2026", Some("A1:F"));
    assert_eq!(range, "'Q1/2026'!A1:F");
    fixture.client().values(SHEET_ID, &range).await.unwrap();
}

#[tokio::test]
async fn a_reply_without_values_is_an_empty_sheet() {
    let fixture = fixture_with_token().await;
    fixture
        .reply_to_values(
            ResponseTemplate::new(200).set_body_json(json!({
                "range": "Sheet1!A1:Z1000",
                "majorDimension": "ROWS",
            })),
            ..,
        )
        .await;

    let error = fixture.sheet1_error().await;
    assert_eq!(error, SheetsError::EmptySheet);
    assert_eq!(error.code(), "sheet_empty");
}

#[tokio::test]
async fn forbidden_means_not_shared_and_names_the_service_account() {
    let fixture = fixture_with_token().await;
    fixture
        .reply_to_values(
            google_error(
                403,
                "PERMISSION_DENIED",
                "The caller does not have permission",
            ),
            1,
        )
        .await;

    let error = fixture.sheet1_error().await;
    assert_eq!(
        error,
        SheetsError::NotShared {
            client_email: CLIENT_EMAIL.to_owned()
        }
    );
    assert_eq!(error.code(), "sheet_not_shared");
    assert!(error.to_string().contains(CLIENT_EMAIL), "{error}");
}

#[tokio::test]
async fn a_disabled_api_is_an_auth_error_not_a_sharing_one() {
    let fixture = fixture_with_token().await;
    fixture.reply_to_values(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": 403,
            "message": "Google Sheets API has not been used in project 42 before or it is disabled.",
            "status": "PERMISSION_DENIED",
            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED"}],
        }})), ..).await;

    let error = fixture.sheet1_error().await;
    assert_eq!(error.code(), "sheets_auth_failed");
    assert!(error.to_string().contains("not enabled"), "{error}");
}

#[tokio::test]
async fn a_missing_spreadsheet_or_worksheet_is_not_found() {
    let fixture = fixture_with_token().await;
    Mock::given(method("GET"))
        .and(path(values_path("Sheet1")))
        .respond_with(google_error(
            404,
            "NOT_FOUND",
            "Requested entity was not found.",
        ))
        .mount(&fixture.server)
        .await;
    Mock::given(method("GET"))
        .and(path(values_path("Nope")))
        .respond_with(google_error(
            400,
            "INVALID_ARGUMENT",
            "Unable to parse range: Nope",
        ))
        .mount(&fixture.server)
        .await;
    let client = fixture.client();

    for range in ["Sheet1", "Nope"] {
        let error = client.values(SHEET_ID, range).await.unwrap_err();
        assert_eq!(
            error,
            SheetsError::NotFound {
                spreadsheet_id: SHEET_ID.to_owned(),
                range: range.to_owned()
            }
        );
        assert_eq!(error.code(), "sheet_not_found");
    }
}

#[tokio::test]
async fn a_429_then_a_200_is_retried() {
    let fixture = fixture_with_token().await;
    Mock::given(method("GET"))
        .respond_with(
            google_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded")
                .insert_header("retry-after", "0"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&fixture.server)
        .await;
    fixture
        .reply_to_values(value_range("Sheet1!A1", json!([["ok"]])), 1)
        .await;

    let rows = fixture.client().values(SHEET_ID, "Sheet1").await.unwrap();
    assert_eq!(rows, vec![vec![json!("ok")]]);
}

#[tokio::test]
async fn a_5xx_is_retried_and_persistent_failures_give_up() {
    let fixture = fixture_with_token().await;
    Mock::given(method("GET"))
        .and(path(values_path("Flaky")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&fixture.server)
        .await;
    Mock::given(method("GET"))
        .and(path(values_path("Flaky")))
        .respond_with(value_range("Flaky!A1", json!([[1]])))
        .mount(&fixture.server)
        .await;
    Mock::given(method("GET"))
        .and(path(values_path("Quota")))
        .respond_with(google_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded"))
        .expect(3)
        .mount(&fixture.server)
        .await;
    Mock::given(method("GET"))
        .and(path(values_path("Down")))
        .respond_with(google_error(500, "INTERNAL", "Internal error"))
        .expect(3)
        .mount(&fixture.server)
        .await;
    let client = fixture.client();

    assert_eq!(
        client.values(SHEET_ID, "Flaky").await.unwrap(),
        [[json!(1)]]
    );
    let error = client.values(SHEET_ID, "Quota").await.unwrap_err();
    assert_eq!(error, SheetsError::RateLimited);
    assert_eq!(error.code(), "sheets_rate_limited");
    let error = client.values(SHEET_ID, "Down").await.unwrap_err();
    assert_eq!(error.code(), "sheets_upstream_error");
    assert!(error.to_string().contains("500"), "{error}");
}
