//! The web app through the real router: sign-in and sessions, the page table's admission
//! for every role, and each page's figures against values worked out by hand. (The browser
//! tests, in headless Chromium, are in `browser`.)

pub mod advertiser;
mod automation;
mod creator;
mod imports;
mod ios;
mod ops;
mod pages;
mod pipeline;
mod session;

use axum::http::Method;
use cuepoint_domain::tenancy::Role;
use serde_json::{json, Value};

use crate::catalog::advertiser_body;
use crate::etl_support::{imported, show};
use crate::support::app::Reply;
use crate::support::TestApp;

/// The day the fixture's figures are as of.
pub const AS_OF: &str = "2026-03-31";

/// One show with a month of metrics, one advertiser, and a signed IO whose CPM line runs
/// 2026-03-17..=04-15 (30 days) for 40,000 impressions at 20.00 USD CPM.
pub struct Fixture {
    /// The app, its workers running.
    pub app: TestApp,
    /// Night Shift: 1,000 downloads a day, 2026-03-01..=03-31.
    pub show: String,
    /// Far Away: a show Night Shift's creator does not have.
    pub other_show: String,
    /// Brand X.
    pub advertiser: String,
    /// The signed IO.
    pub io: String,
    /// An open deal with Brand X: 5,000.00 USD in `proposal`, expected to close 2026-04-30.
    pub deal: String,
    /// The import of Night Shift's March metrics.
    pub import: String,
    /// A token of each role (the creator's sees Night Shift, the advertiser's Brand X).
    pub tokens: Vec<(Role, String)>,
}

impl Fixture {
    /// The token of `role`.
    pub fn token(&self, role: Role) -> &str {
        &self.tokens.iter().find(|(r, _)| *r == role).unwrap().1
    }
}

/// Sends a request as admin, asserting a 2xx.
pub async fn admin(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> Reply {
    let reply = app.call(method.clone(), path, &app.admin, body).await;
    assert!(
        reply.status.is_success(),
        "{method} {path}: {:?}",
        reply.body
    );
    reply
}

/// The id an answer names.
pub fn id(reply: &Reply) -> String {
    reply.body["id"].as_str().unwrap().to_string()
}

/// Builds the fixture.
pub async fn fixture() -> Fixture {
    let app = TestApp::spawn().await;
    let night = show(&app, "Night Shift", None).await;
    let far = show(&app, "Far Away", None).await;
    let brand_x = id(&admin(
        &app,
        Method::POST,
        "/api/v1/advertisers",
        Some(advertiser_body("Brand X")),
    )
    .await);
    app.caught_up().await;
    let mut csv = String::from("date,show,episode,downloads,source\n");
    for day in 1..=31 {
        csv.push_str(&format!("2026-03-{day:02},night-shift,,1000,csv\n"));
    }
    let import = imported(&app, &csv, "?file_name=march.csv").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let line = json!({"show_id": night, "placement": "mid", "format": "host_read",
        "flight": {"start": "2026-03-17", "end": "2026-04-15"},
        "pricing": {"type": "cpm", "cpm": 2000, "goal": 40_000}});
    let body = json!({"advertiser_id": brand_x, "line_items": [line]});
    let io = id(&admin(&app, Method::POST, "/api/v1/io", Some(body)).await);
    for action in ["send", "sign"] {
        admin(
            &app,
            Method::POST,
            &format!("/api/v1/io/{io}/{action}"),
            None,
        )
        .await;
    }
    let deal = json!({"advertiser_id": brand_x, "name": "Spring reads", "amount": 500_000,
        "stage": "proposal", "expected_close_date": "2026-04-30", "owner": "dana"});
    let deal = id(&admin(&app, Method::POST, "/api/v1/deals", Some(deal)).await);
    app.caught_up().await;
    let tokens = vec![
        (Role::Admin, app.admin.clone()),
        (Role::Ops, app.token(Role::Ops, &[], None).await),
        (
            Role::Creator,
            app.token(Role::Creator, &[&night], None).await,
        ),
        (
            Role::Advertiser,
            app.token(Role::Advertiser, &[], Some(&brand_x)).await,
        ),
    ];
    Fixture {
        app,
        show: night,
        other_show: far,
        advertiser: brand_x,
        io,
        deal,
        import,
        tokens,
    }
}
