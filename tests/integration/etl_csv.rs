//! CSV imports over HTTP: rejection rules with line numbers, formats, whole-file failures,
//! duplicates, corrections, size and content-type limits.

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::etl_support::{
    daily, imported, metrics_contents, read_after, show, still_serving, upload, upload_as,
};
use crate::support::app::serve_args;
use crate::support::TestApp;

fn lines_and_reasons(rejections: &Value) -> Vec<(i64, String)> {
    rejections
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_i64().unwrap(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_rejection_rule_is_reported_with_its_line_and_the_other_rows_count() {
    let app = TestApp::spawn().await;
    let id = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let csv = format!(
        "date,show,episode,downloads,listeners
2026-03-01,night-shift,,100,50
2026-03-02,night-shift,,-5,
2026-03-03,night-shift,,1.5,
2099-01-01,night-shift,,10,
2026-03-04,nope,,10,
2026-03-05,night-shift,,10
2026-03-07,{id},ep-1,20,7
not-a-date,night-shift,,1,
2026-03-08,night-shift,,12,many
2026-03-07,{id},ep-2,22,
"
    );
    let answer = imported(&app, &csv, "?file_name=march.csv").await;
    assert_eq!(answer["status"], "completed");
    assert_eq!(answer["accepted"], 3);
    assert_eq!(answer["rejected"], 7);
    let expected = vec![
        (3, "negative downloads: -5".to_string()),
        (4, "downloads is not an integer: \"1.5\"".to_string()),
        (5, "2099-01-01 is in the future".to_string()),
        (6, "unknown show \"nope\"".to_string()),
        (
            7,
            "unreadable row: 4 fields where the header has 5".to_string(),
        ),
        (
            9,
            "\"not-a-date\" is not a date (expected YYYY-MM-DD)".to_string(),
        ),
        (10, "listeners is not an integer: \"many\"".to_string()),
    ];
    assert_eq!(lines_and_reasons(&answer["rejections"]), expected);

    // All rejected rows, paged, in the import's detail.
    let import_id = answer["id"].as_str().unwrap();
    let detail = read_after(
        &app,
        &format!("/api/v1/etl/imports/{import_id}?limit=4"),
        &answer,
    )
    .await;
    assert_eq!(detail["status"], "completed");
    assert_eq!(detail["origin"], "march.csv");
    assert_eq!(detail["accepted"], 3);
    assert_eq!(detail["rejections"]["items"].as_array().unwrap().len(), 4);
    assert_eq!(detail["rejections"]["items"][1]["column"], "downloads");
    let cursor = detail["rejections"]["next_cursor"].as_str().unwrap();
    let rest = read_after(
        &app,
        &format!("/api/v1/etl/imports/{import_id}?limit=4&cursor={cursor}"),
        &answer,
    )
    .await;
    assert_eq!(
        lines_and_reasons(&rest["rejections"]["items"]),
        expected[4..].to_vec()
    );
    assert!(rest["rejections"]["next_cursor"].is_null());

    // Day 7 is the sum of its two episodes.
    assert_eq!(
        daily(&app, &id, "", &answer).await,
        vec![("2026-03-01".into(), 100), ("2026-03-07".into(), 42)]
    );
    assert_eq!(
        daily(&app, &id, "&episode=ep-1", &answer).await,
        vec![("2026-03-07".into(), 20)]
    );
    let list = read_after(&app, "/api/v1/etl/imports", &answer).await;
    assert_eq!(list["items"][0]["id"], import_id);
}

#[tokio::test]
async fn bom_semicolons_tabs_crlf_and_aliased_reordered_headers_are_read() {
    let app = TestApp::spawn().await;
    let id = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let semicolons = "\u{feff}Day;Podcast;Total Downloads\r\n2026-03-01;night-shift;7\r\n2026-03-02;night-shift;8\r\n";
    let answer = imported(&app, semicolons, "").await;
    assert_eq!(
        (answer["accepted"].as_u64(), answer["rejected"].as_u64()),
        (Some(2), Some(0))
    );
    let tabs = format!(" SOURCE \ttotal_downloads\tShow_ID\tepisode_guid\tDATE\r\nhosting\t5\t{id}\tg-1\t2026-03-03\r\n");
    let answer = imported(&app, &tabs, "").await;
    assert_eq!(answer["accepted"], 1, "{answer:?}");
    assert_eq!(
        daily(&app, &id, "", &answer).await,
        vec![
            ("2026-03-01".into(), 7),
            ("2026-03-02".into(), 8),
            ("2026-03-03".into(), 5)
        ]
    );
    let sources: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT source FROM rm_metrics_daily ORDER BY 1")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(sources, vec!["csv", "hosting"]);
}

#[tokio::test]
async fn a_file_without_a_usable_header_or_a_valid_row_fails_as_a_whole() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;

    let no_header = upload(&app, "day,episode\n2026-03-01,e1\n", "").await;
    assert_eq!(
        no_header.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        no_header.body
    );
    assert_eq!(no_header.code(), "no_usable_header");
    let missing: Vec<&str> = no_header.body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(missing, vec!["show", "downloads"]);

    let no_valid = upload(
        &app,
        "date,show,downloads\n2026-03-01,nope,1\n2026-03-02,night-shift,-1\n",
        "",
    )
    .await;
    assert_eq!(no_valid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_valid.code(), "no_valid_row");
    assert_eq!(no_valid.body["import"]["rejected"], 2);
    assert_eq!(no_valid.body["error"]["details"][1]["line"], 3);

    let empty = upload(&app, "", "").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.code(), "empty_file");

    // Recorded as failed; nothing of them in the metrics.
    let list = read_after(&app, "/api/v1/etl/imports", &empty.body).await;
    let statuses: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["failed", "failed", "failed"]);
    assert_eq!(list["items"][0]["failure"]["code"], "empty_file");
    assert_eq!(list["items"][1]["failure"]["code"], "no_valid_row");
    app.caught_up().await;
    assert_eq!(metrics_contents(&app).await, (vec![], vec![]));
    still_serving(&app).await;
}

#[tokio::test]
async fn the_same_file_twice_is_a_duplicate_and_counts_once() {
    let app = TestApp::spawn().await;
    let id = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let csv = "date,show,downloads\n2026-03-01,night-shift,100\n";
    let first = imported(&app, csv, "").await;
    let again = upload(&app, csv, "").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "duplicate_import");
    assert_eq!(again.body["error"]["details"][0]["message"], first["id"]);
    assert_eq!(
        daily(&app, &id, "", &first).await,
        vec![("2026-03-01".into(), 100)]
    );
    let list = read_after(&app, "/api/v1/etl/imports", &first).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_later_import_of_the_same_key_replaces_the_value() {
    let app = TestApp::spawn().await;
    let id = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    imported(
        &app,
        "date,show,episode,downloads\n2026-03-01,night-shift,,100\n2026-03-02,night-shift,,200\n2026-03-02,night-shift,e1,30\n",
        "",
    )
    .await;
    // Corrects day 2 (show-level and episode e1); a key repeated in one file: the last wins.
    let correction = imported(
        &app,
        "date,show,episode,downloads\n2026-03-02,night-shift,,250\n2026-03-02,night-shift,e1,31\n2026-03-02,night-shift,e1,35\n",
        "",
    )
    .await;
    assert_eq!(
        daily(&app, &id, "", &correction).await,
        vec![("2026-03-01".into(), 100), ("2026-03-02".into(), 285)]
    );
    assert_eq!(
        daily(&app, &id, "&episode=e1", &correction).await,
        vec![("2026-03-02".into(), 35)]
    );
}

#[tokio::test]
async fn the_show_metrics_source_decides_what_counts_and_creators_see_only_their_shows() {
    let app = TestApp::spawn().await;
    // Typed as the platform writes it: read with the rule of import sources.
    let pinned = show(&app, "Cold Case", Some(" Megaphone ")).await;
    let open = show(&app, "Build Log", None).await;
    app.caught_up().await;
    let answer = imported(
        &app,
        "date,show,downloads,source\n2026-03-01,cold-case,10,Megaphone\n2026-03-01,cold-case,5,spotify\n2026-03-01,build-log,10,megaphone\n2026-03-01,build-log,5,\n",
        "?source=spotify",
    )
    .await;
    assert_eq!(
        daily(&app, &pinned, "", &answer).await,
        vec![("2026-03-01".into(), 10)]
    );
    assert_eq!(
        daily(&app, &open, "", &answer).await,
        vec![("2026-03-01".into(), 15)]
    );

    let creator = app
        .token(cuepoint_domain::tenancy::Role::Creator, &[&open], None)
        .await;
    let path =
        |show: &str| format!("/api/v1/metrics/daily?show_id={show}&from=2026-03-01&to=2026-03-31");
    let mine = app.call(Method::GET, &path(&open), &creator, None).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.body["total_downloads"], 15);
    let theirs = app.call(Method::GET, &path(&pinned), &creator, None).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_show_event_stored_with_a_mixed_case_source_counts_the_lowercase_source() {
    // Given a show whose stored ShowCreated event holds `Megaphone` as typed (before the
    // source rule), not yet projected,
    let mut app = TestApp::without_workers().await;
    let id = show(&app, "Cold Case", Some("megaphone")).await;
    sqlx::query(
        "UPDATE events SET payload = jsonb_set(payload::jsonb,
                '{ShowCreated,profile,metrics_source}', '\"Megaphone\"')::json
          WHERE aggregate_type = 'show'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    // when the catalog projects it and rows of two sources are imported,
    app.start_workers();
    app.caught_up().await;
    let answer = imported(
        &app,
        "date,show,downloads,source\n2026-03-01,cold-case,10,MEGAPHONE\n2026-03-01,cold-case,5,spotify\n",
        "",
    )
    .await;
    // then the show counts its source of record only, and reads it lowercase.
    assert_eq!(
        daily(&app, &id, "", &answer).await,
        vec![("2026-03-01".into(), 10)]
    );
    let shown = app
        .call(
            Method::GET,
            &format!("/api/v1/shows/{id}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(
        shown.body["metrics_source"], "megaphone",
        "{:?}",
        shown.body
    );
}

#[tokio::test]
async fn oversized_uploads_are_413_wrong_types_415_and_leave_nothing_behind() {
    let mut args = serve_args();
    args.imports.upload_limit = 200;
    let mut app = TestApp::with_args(args).await;
    app.start_workers();
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let mut big = String::from("date,show,downloads\n");
    while big.len() <= 200 {
        big.push_str("2026-03-01,night-shift,1\n");
    }
    let too_large = upload(&app, &big, "").await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_large.code(), "payload_too_large");
    let json = upload_as(&app, b"{}".to_vec(), "application/json", "").await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json.code(), "unsupported_media_type");
    app.caught_up().await;
    let imports: i64 =
        sqlx::query_scalar("SELECT count(*) FROM events WHERE aggregate_type = 'import'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(imports, 0);
    assert_eq!(metrics_contents(&app).await, (vec![], vec![]));
    still_serving(&app).await;
    // A small file still goes through.
    imported(&app, "date,show,downloads\n2026-03-01,night-shift,1\n", "").await;
}

#[tokio::test]
async fn a_multipart_upload_is_imported_under_its_file_name() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let boundary = "XyZ";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"april.csv\"\r\nContent-Type: text/csv\r\n\r\ndate,show,downloads\n2026-04-01,night-shift,9\n\r\n--{boundary}--\r\n"
    );
    let reply = upload_as(
        &app,
        body.into_bytes(),
        &format!("multipart/form-data; boundary={boundary}"),
        "",
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["accepted"], 1);
    let detail = read_after(
        &app,
        &format!("/api/v1/etl/imports/{}", reply.body["id"].as_str().unwrap()),
        &reply.body,
    )
    .await;
    assert_eq!(detail["origin"], "april.csv");
}

#[tokio::test]
async fn the_json_body_limit_still_applies_to_other_routes() {
    let app = TestApp::without_workers().await;
    // The test limit is 64 KiB; this body is larger, sent without and with Content-Length.
    let name = "x".repeat(70 * 1024);
    let body = serde_json::json!({ "name": name }).to_string();
    for declared in [false, true] {
        let mut request = axum::http::Request::builder()
            .method(Method::POST)
            .uri("/api/v1/shows")
            .header("x-tenant", app.tenant.slug.as_str())
            .header("authorization", format!("Bearer {}", app.admin))
            .header("content-type", "application/json");
        if declared {
            request = request.header("content-length", body.len());
        }
        let reply = app
            .send(request.body(axum::body::Body::from(body.clone())).unwrap())
            .await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "declared: {declared}"
        );
        assert_eq!(reply.code(), "payload_too_large");
    }
}

#[tokio::test]
async fn a_row_that_is_not_utf8_is_unreadable_and_the_others_count() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    let mut body = b"date,show,downloads\n2026-03-01,night-shift,4\n2026-03-02,night-".to_vec();
    body.extend_from_slice(&[0xff, 0xfe]);
    body.extend_from_slice(b",5\n\n2026-03-03,night-shift,6\n");
    let reply = upload_as(&app, body, "text/csv; charset=utf-8", "").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["accepted"], 2);
    assert_eq!(reply.body["rejections"][0]["line"], 3);
    let reason = reply.body["rejections"][0]["reason"].as_str().unwrap();
    assert!(reason.starts_with("unreadable row"), "{reason}");
}

#[tokio::test]
async fn an_imports_row_events_are_stored_compressed_with_lz4_and_read_back_whole() {
    let app = TestApp::spawn().await;
    let id = show(&app, "Night Shift", None).await;
    app.caught_up().await;
    // 60 days of 10 downloads more each: one RowsAccepted event of some 4 kB, over the
    // size from which PostgreSQL compresses a value.
    let mut csv = String::from("date,show,downloads\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    for day in 0..60 {
        let date = start + chrono::Days::new(day);
        csv.push_str(&format!("{date},night-shift,{}\n", 10 * (day + 1)));
    }
    let answer = imported(&app, &csv, "").await;
    let methods: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT pg_column_compression(payload) FROM events WHERE event_type = 'RowsAccepted'",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(methods, vec![Some("lz4".to_string())]);
    let days = daily(&app, &id, "", &answer).await;
    assert_eq!(days.len(), 60);
    assert_eq!(days[59], ("2026-04-29".into(), 600));
    // 10 + 20 + … + 600
    assert_eq!(days.iter().map(|(_, n)| n).sum::<i64>(), 18_300);
}
