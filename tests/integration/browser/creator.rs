//! A creator signs in, reads a pacing figure, cannot open another show, and signs out.

use cuepoint_domain::tenancy::Role;

use crate::support::browser::Browser;
use crate::web::{fixture, AS_OF};

#[tokio::test]
async fn a_creator_reads_pacing_cannot_open_another_show_and_signs_out() {
    let fixture = fixture().await;
    let browser = Browser::open(&fixture.app).await;
    browser.goto("/").await;
    browser.wait_for("#tenant").await;
    browser.screenshot("sign-in").await;
    browser.sign_in("acme", fixture.token(Role::Creator)).await;

    browser.goto(&format!("/creator?as_of={AS_OF}")).await;
    // Worked out in `web::creator`: 15 of 30 days, 15,000 delivered of 20,000 expected.
    assert_eq!(browser.text_of("[data-figure=pacing]").await, "75.0 %");
    assert_eq!(browser.text_of("[data-figure=delivered]").await, "15,000");
    assert_eq!(browser.text_of(".badge").await, "Behind");
    browser.screenshot("creator").await;

    browser
        .goto(&format!("/creator?show_id={}", fixture.other_show))
        .await;
    let refusal = browser.text_of("section.error").await;
    assert!(refusal.contains("404"), "{refusal}");
    browser.screenshot("creator-other-show").await;

    browser.wait_for("button.link").await.click().await.unwrap();
    browser.wait_for("#token").await;
    browser.goto("/creator").await;
    // Signed out: the page leads to the sign-in form again.
    browser.wait_for("#token").await;
    assert!(browser
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/sign-in"));
    browser.close().await;
}
