//! The advertiser page: the planning catalog of `matches.rs` (fits worked out there), a
//! month of downloads and a week booked twice over, every figure worked out by hand.

use axum::http::{Method, StatusCode};
use cuepoint_domain::tenancy::Role;
use serde_json::json;

use super::admin;
use crate::etl_support::imported;
use crate::matches::{planning, Planning};
use crate::support::web::WebSession;
use crate::support::TestApp;

/// The page's query: data as of 2026-10-31 (window 10-02..=10-31), a 10-day flight
/// 11-01..=11-10 and a flat fee of 60.00 USD.
pub const QUERY: &str =
    "as_of=2026-10-31&flight_start=2026-11-01&flight_end=2026-11-10&flat_fee=6000";

/// The planning catalog, 3,000 downloads of Beta Laughs on 2026-10-20, and two signed lines
/// on Beta Laughs' pre-roll over 2026-11-02..=11-08 (2026-W45): Beta runs one episode a
/// week with one pre-roll slot, so W45 has 1 slot and 2 booked, 1 over.
pub async fn overbooked(app: &TestApp) -> Planning {
    let p = planning(app).await;
    imported(
        app,
        "date,show,downloads,source\n2026-10-20,beta-laughs,3000,csv\n",
        "",
    )
    .await;
    for _ in 0..2 {
        let line = json!({"show_id": p.beta, "placement": "pre", "format": "host_read",
            "flight": {"start": "2026-11-02", "end": "2026-11-08"},
            "pricing": {"type": "flat", "fee": 10_000}});
        let body = json!({"advertiser_id": p.other, "line_items": [line]});
        let io = admin(app, Method::POST, "/api/v1/io", Some(body)).await;
        let io = io.body["id"].as_str().unwrap().to_string();
        for action in ["send", "sign"] {
            admin(
                app,
                Method::POST,
                &format!("/api/v1/io/{io}/{action}"),
                None,
            )
            .await;
        }
    }
    app.caught_up().await;
    p
}

/// The table row whose header cell reads `header`, up to its end.
fn row<'a>(body: &'a str, header: &str) -> &'a str {
    let start = body
        .find(&format!("<th scope=\"row\">{header}</th>"))
        .unwrap_or_else(|| panic!("no row {header}: {body}"));
    let rest = &body[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

#[tokio::test]
async fn the_advertiser_reads_fit_projection_and_an_overbooked_week() {
    let app = TestApp::spawn().await;
    let p = overbooked(&app).await;
    let token = app.token(Role::Advertiser, &[], Some(&p.acme)).await;
    let session = WebSession::sign_in(&app, &token).await;
    let page = session.get(&format!("/advertiser?{QUERY}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    // An advertiser token reads its own: no picker.
    assert!(!body.contains("Pick an advertiser"));

    // Fits (matches.rs): Beta 80 = 40 × 1 + 40 × 0.5 + 20 × 1; Alpha 76, its mid (30.00)
    // over Acme's max of 25.00.
    let beta = row(body, "Beta Laughs");
    for part in ["80<", "100.0 %<", "50.0 %<"] {
        assert!(beta.contains(part), "{part}: {beta}");
    }
    let alpha = row(body, "Alpha Crime");
    assert!(alpha.contains(r#"data-figure="score">76<"#), "{alpha}");
    assert!(
        alpha.contains(r#"data-status="over-budget">mid<"#),
        "{alpha}"
    );
    assert!(row(body, "Gamma Blocked").contains("blocks the advertiser"));

    // Beta over the 10-day flight: 3,000 / 30 × 10 = 1,000 impressions; pre at 15.00:
    // 1,000 × 15.00 / 1,000 = 15.00 USD; the flat 60.00 is 60.00 × 1,000 / 1,000 = 60.00 CPM.
    let projection = &body[body.find(r#"data-table="projection""#).unwrap()..];
    let beta_pre = &projection[projection.find("Beta Laughs</th><td>pre").unwrap()..];
    let beta_pre = &beta_pre[..beta_pre.find("</tr>").unwrap()];
    for figure in [
        r#"data-figure="impressions">1,000<"#,
        r#"data-figure="cpm">15.00 USD<"#,
        r#"data-figure="cost">15.00 USD<"#,
        r#"data-figure="flat_fee_cpm">60.00 USD<"#,
    ] {
        assert!(beta_pre.contains(figure), "{figure}: {beta_pre}");
    }
    assert!(body.contains("(10 days)"));

    // The calendar: weeks from 2026-W44 (holding 11-01); Beta pre in W45 is 1 - 2 = -1.
    let calendar = &body[body.find(r#"data-table="calendar""#).unwrap()..];
    assert!(calendar.contains("2026-W44") && calendar.contains("2026-W45"));
    let beta_pre = row(calendar, "Beta Laughs · pre");
    assert_eq!(beta_pre.matches(r#"data-status="overbooked""#).count(), 1);
    assert!(
        beta_pre.contains("-1 / 1<br><strong>Overbooked by 1</strong>"),
        "{beta_pre}"
    );
    // W44 is the first week and has nothing booked: 1 of 1 left.
    let first = &beta_pre[beta_pre.find("<td").unwrap()..];
    assert!(
        first.starts_with(r#"<td class="slot" data-status="open""#),
        "{first}"
    );
    assert_eq!(body.matches(r#"data-status="overbooked""#).count(), 1);
}

#[tokio::test]
async fn staff_pick_the_advertiser_first() {
    let app = TestApp::spawn().await;
    let p = overbooked(&app).await;
    let session = WebSession::sign_in(&app, &app.admin).await;
    let picker = session.get("/advertiser").await;
    assert_eq!(picker.status, StatusCode::OK, "{}", picker.body);
    assert!(picker.body.contains(&format!(
        r#"<option value="{}">Acme Mattress</option>"#,
        p.acme
    )));
    assert!(!picker.body.contains(r#"data-table="calendar""#));
    let picked = session
        .get(&format!("/advertiser?advertiser_id={}&{QUERY}", p.acme))
        .await;
    assert_eq!(picked.status, StatusCode::OK);
    assert!(picked.body.contains("Overbooked by 1"));
    assert!(picked.body.contains(" selected>Acme Mattress<"));
    // A flight ending before it starts is the API's 400, on the page.
    let bad = session
        .get(&format!(
            "/advertiser?advertiser_id={}&flight_start=2026-11-10&flight_end=2026-11-01",
            p.acme
        ))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("flight_end"), "{}", bad.body);
}
