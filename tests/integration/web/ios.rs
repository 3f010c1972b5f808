//! The IO pages: the list with its filters, the detail with lines and revisions, and the
//! PDF download, for the fixture's signed IO (40,000 impressions at 20.00 USD CPM).

use axum::http::{header, StatusCode};
use cuepoint_domain::tenancy::Role;

use super::fixture;
use crate::support::web::WebSession;

#[tokio::test]
async fn the_io_list_filters_and_the_detail_shows_lines_and_revisions() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Creator)).await;
    // Blank filters are no filters. The line is worth 40,000 × 20.00 / 1,000 = 800.00 USD;
    // its flight ended 2026-04-15, so the signed IO reads as completed.
    let all = session.get("/ios?status=&show_id=&from=&to=").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(all
        .body
        .contains(&format!(r#"<a href="/ios/{}">"#, fixture.io)));
    assert!(all.body.contains(r#"data-figure="total">800.00 USD<"#));
    assert!(all.body.contains(r#"data-status="Completed""#));
    assert!(all.body.contains("2026-03-17 – 2026-04-15"));
    // A creator has no advertiser filter (it cannot list advertisers), but its shows.
    assert!(!all.body.contains(r#"id="advertiser_id""#));
    assert!(all.body.contains(">Night Shift</option>"));
    let drafts = session.get("/ios?status=draft").await;
    assert!(drafts.body.contains("No IO matches."));
    let bad = session.get("/ios?status=lost").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("status"), "{}", bad.body);

    let detail = session.get(&format!("/ios/{}", fixture.io)).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.body);
    assert!(detail.body.contains("20.00 USD CPM × 40,000 impressions"));
    assert!(detail.body.contains(r#"data-figure="total">800.00 USD<"#));
    assert!(detail.body.contains("Revision 1: 800.00 USD"));
    // A creator may not download the PDF: no link.
    assert!(!detail.body.contains("/pdf"));
}

#[tokio::test]
async fn the_advertiser_downloads_the_io_as_a_pdf() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Advertiser)).await;
    let detail = session.get(&format!("/ios/{}", fixture.io)).await;
    let link = format!(r#"href="/ios/{}/pdf""#, fixture.io);
    assert!(detail.body.contains(&link), "{}", detail.body);
    let pdf = session.get(&format!("/ios/{}/pdf", fixture.io)).await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = pdf.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"IO-{}-r1.pdf\"", fixture.io)
    );
    assert!(pdf.body.starts_with("%PDF"));
    let unknown = session.get("/ios/io-nope/pdf").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
