//! An advertiser sees the week the test overbooked marked in the inventory calendar; staff
//! win a deal on its page and open its draft IO. Screenshots of every page on the way.

use std::time::Duration;

use cuepoint_domain::tenancy::Role;
use fantoccini::Locator;

use crate::support::browser::Browser;
use crate::support::TestApp;
use crate::web::advertiser::{overbooked, QUERY};
use crate::web::{fixture, AS_OF};

#[tokio::test]
async fn the_advertiser_calendar_marks_the_overbooked_week() {
    let app = TestApp::spawn().await;
    let p = overbooked(&app).await;
    let token = app.token(Role::Advertiser, &[], Some(&p.acme)).await;
    let browser = Browser::open(&app).await;
    browser.sign_in(&app.tenant.slug, &token).await;
    browser.goto(&format!("/advertiser?{QUERY}")).await;
    // Beta Laughs' pre-roll in 2026-W45: 1 slot, 2 lines booked (web::advertiser).
    let cell = browser.wait_for("td.overbooked").await;
    assert!(cell.text().await.unwrap().contains("Overbooked by 1"));
    let colour = cell.css_value("background-color").await.unwrap();
    assert!(
        !colour.is_empty() && colour != "rgba(0, 0, 0, 0)",
        "{colour}"
    );
    let open = browser.wait_for("td.slot[data-status=open]").await;
    assert_ne!(open.css_value("background-color").await.unwrap(), colour);
    assert_eq!(
        browser.text_of("tr:has(td.overbooked) th").await,
        "Beta Laughs · pre"
    );
    // The calendar is below the fold: bring the marked week into the screenshot.
    let script = "document.querySelector('td.overbooked').scrollIntoView({block: 'center'})";
    browser.client.execute(script, vec![]).await.unwrap();
    browser.screenshot("advertiser").await;
    browser.close().await;
}

#[tokio::test]
async fn staff_win_a_deal_on_the_pipeline_and_find_its_draft_io() {
    let fixture = fixture().await;
    let browser = Browser::open(&fixture.app).await;
    browser
        .sign_in(&fixture.app.tenant.slug, &fixture.app.admin)
        .await;
    browser.goto(&format!("/ops?as_of={AS_OF}")).await;
    browser.wait_for("[data-table=forecast]").await;
    browser.screenshot("ops").await;

    browser.goto("/pipeline").await;
    let link = format!("a[href='/pipeline/deals/{}']", fixture.deal);
    browser.screenshot("pipeline").await;
    browser.wait_for(&link).await.click().await.unwrap();
    assert_eq!(browser.text_of(".badge").await, "Proposal");
    browser.wait_for("#win").await.click().await.unwrap();
    assert_eq!(
        browser.text_of(".badge[data-status='Closed won']").await,
        "Closed won"
    );
    // The won-deal process links the draft IO a moment later: reload until it is there.
    let mut io = None;
    for _ in 0..50 {
        if let Ok(found) = browser.client.find(Locator::Css("a[data-figure=io]")).await {
            io = Some(found);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        browser.client.refresh().await.unwrap();
    }
    let io = io.expect("the deal links its draft IO");
    browser.screenshot("deal").await;
    io.click().await.unwrap();
    assert_eq!(browser.text_of("[data-figure=deal]").await, fixture.deal);
    assert_eq!(browser.text_of(".badge").await, "Draft");

    browser.goto(&format!("/ios/{}", fixture.io)).await;
    browser.wait_for("[data-figure=pdf]").await;
    browser.screenshot("io").await;
    browser.goto("/ios").await;
    browser.wait_for("[data-table=ios]").await;
    browser.screenshot("ios").await;
    browser.close().await;
}
