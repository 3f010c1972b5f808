//! The IO as a PDF: rendered by typst through the real router, with the parties, every line
//! and the total worked out by hand, and the export recorded as an event.

use std::process::Command;

use axum::http::{Method, StatusCode};
use cuepoint_domain::tenancy::Role;
use tower::ServiceExt;

use super::{act, catalog, cpm_line, create, day, flat_line, token};
use crate::support::app::request;
use crate::support::TestApp;

/// `GET` the PDF as `bearer`; the status, content type and bytes.
async fn export(
    app: &TestApp,
    io: &str,
    bearer: &str,
    after: &str,
) -> (StatusCode, String, Vec<u8>) {
    let path = format!("/api/v1/io/{io}/export/pdf?after={after}");
    let response = app
        .router
        .clone()
        .oneshot(request(
            Method::GET,
            &path,
            Some(&app.tenant.slug),
            Some(bearer),
            None,
        ))
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map_or(String::new(), |v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, content_type, bytes.to_vec())
}

fn text_of(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("cuepoint-pdf-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("io.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_signed_io_exports_as_a_pdf_with_its_parties_lines_and_total() {
    let app = TestApp::spawn().await;
    let catalog = catalog(&app).await;
    let [show_a, show_b] = &catalog.shows;
    let io = create(
        &app,
        &catalog.advertisers[0],
        vec![
            cpm_line(show_a, 0, 29, 2000, 30_000),
            flat_line(show_b, 3, 9, 150_000),
        ],
    )
    .await;
    act(&app, &io, "send").await;
    let signed = act(&app, &io, "sign").await;

    let (status, content_type, pdf) = export(&app, &io, &app.admin, &token(&signed)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/pdf");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");

    // By hand: 30,000 impressions at 20.00 per thousand = 600.00; the flat fee 1,500.00;
    // the IO total 2,100.00.
    let text = text_of(&pdf);
    for expected in [
        "Brand X",
        "Show A",
        "Show B",
        "600.00 USD",
        "1,500.00 USD",
        "2,100.00 USD",
        "30,000",
        &day(0).to_string(),
        &day(29).to_string(),
        &day(3).to_string(),
        &day(9).to_string(),
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the PDF text:\n{text}"
        );
    }
    let exported: i64 =
        sqlx::query_scalar("SELECT count(*) FROM events WHERE event_type = 'IoPdfExported'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(exported, 1, "the export is recorded");

    // The advertiser exports its own IO; another advertiser is told it does not exist.
    let own = app
        .token(Role::Advertiser, &[], Some(&catalog.advertisers[0]))
        .await;
    assert_eq!(
        export(&app, &io, &own, &token(&signed)).await.0,
        StatusCode::OK
    );
    let other = app
        .token(Role::Advertiser, &[], Some(&catalog.advertisers[1]))
        .await;
    assert_eq!(
        export(&app, &io, &other, &token(&signed)).await.0,
        StatusCode::NOT_FOUND
    );
}
