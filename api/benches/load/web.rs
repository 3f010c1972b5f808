//! The web phase (issue 12): each dashboard page of the web app beside the JSON route it
//! stands for, on the dashboards phase's data set (`load/dashboards.rs`), in the same run
//! from one keep-alive client: the page's p50 and p99 (signed in with a session cookie, the
//! whole HTML read) against the JSON answer's (the same query, the whole body read), with the
//! bytes of each. Target: each page within 1.5 × its JSON route. The pages are found in the
//! web app's page table by the API route they stand for, so a dashboard without a page yet
//! is reported as such.

use anyhow::bail;
use reqwest::Method;

use crate::app::{App, Caller};
use crate::config::Config;
use crate::measure::{closed_loop, Operation, Run};
use crate::report::{count, ms, verdict};

/// Target: a page's p50 and p99 at most this many times its JSON route's.
const TARGET_RATIO: f64 = 1.5;

/// A dashboard page beside its JSON route.
pub struct PagePair {
    /// The dashboard (`Creator dashboard`).
    pub name: &'static str,
    /// The JSON route asked, with its query.
    pub json_path: String,
    /// The page asked, with the same query; `None` when no page stands for the route.
    pub page_path: Option<String>,
    /// Bytes of one JSON answer.
    pub json_bytes: usize,
    /// Bytes of one page (the HTML alone; the CSS and script are separate files).
    pub page_bytes: usize,
    /// The JSON route's latencies from one client.
    pub json: Run,
    /// The page's latencies from one client.
    pub page: Option<Run>,
}

/// What the phase measured.
pub struct WebPages {
    /// Each dashboard.
    pub pairs: Vec<PagePair>,
    /// Bytes of the stylesheet and the script every page loads.
    pub assets_bytes: usize,
}

/// Measures the creator dashboard of `show`, the advertiser dashboard of `advertiser` and
/// the ops dashboard, each as JSON and as a page.
pub async fn run(
    app: &App,
    config: &Config,
    show: &str,
    advertiser: &str,
) -> anyhow::Result<WebPages> {
    let cookie = app.caller.web_session().await?;
    let dashboards = [
        (
            "Creator dashboard",
            "/api/v1/dashboard/creator",
            format!("?show_id={show}"),
        ),
        (
            "Advertiser dashboard",
            "/api/v1/dashboard/advertiser",
            format!("?advertiser_id={advertiser}"),
        ),
        ("Ops dashboard", "/api/v1/dashboard/ops", String::new()),
    ];
    let table = cuepoint_api::web::pages::pages();
    let mut pairs = Vec::new();
    for (name, api, query) in dashboards {
        let page = (table.iter())
            .find(|p| p.method == Method::GET && p.api == (Method::GET, api))
            .map(|p| format!("{}{query}", p.path));
        let json_path = format!("{api}{query}");
        let json_client = Get::new(&app.caller, &json_path, None);
        let json_bytes = get(&json_client).await?;
        let json = closed_loop(vec![json_client], config.window()).await?;
        let (page_bytes, page_run) = match &page {
            Some(path) => {
                let client = Get::new(&app.caller, path, Some(&cookie));
                let bytes = get(&client).await?;
                (
                    bytes,
                    Some(closed_loop(vec![client], config.window()).await?),
                )
            }
            None => (0, None),
        };
        pairs.push(PagePair {
            name,
            json_path,
            page_path: page,
            json_bytes,
            page_bytes,
            json,
            page: page_run,
        });
    }
    let mut assets_bytes = 0;
    for file in ["/assets/app.css", "/assets/app.js"] {
        assets_bytes += get(&Get::new(&app.caller, file, None)).await?;
    }
    Ok(WebPages {
        pairs,
        assets_bytes,
    })
}

/// A client asking for one path, with a session cookie for a page.
struct Get {
    caller: Caller,
    path: String,
    cookie: Option<String>,
}

impl Get {
    fn new(caller: &Caller, path: &str, cookie: Option<&str>) -> Get {
        Get {
            caller: caller.clone(),
            path: path.to_string(),
            cookie: cookie.map(str::to_string),
        }
    }
}

impl Operation for Get {
    async fn run(&mut self) -> anyhow::Result<()> {
        get(self).await.map(|_| ())
    }
}

/// `GET` the client's path, the whole answer read; its size. A status other than 200 is an
/// error (a page that sends its reader to the sign-in page among them).
async fn get(client: &Get) -> anyhow::Result<usize> {
    let mut request = client.caller.request(Method::GET, &client.path);
    if let Some(cookie) = &client.cookie {
        request = request.header(reqwest::header::COOKIE, cookie);
    }
    let response = request.send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    if status != reqwest::StatusCode::OK {
        bail!("GET {}: HTTP {status}", client.path);
    }
    Ok(body.len())
}

/// Prints each page beside its JSON route, then their sizes.
pub fn print(web: &WebPages) {
    println!();
    println!(
        "Web pages (issue 12): each dashboard page beside its JSON route, 1 client, same run, \
         same data set"
    );
    println!();
    println!("| Measure | Page | JSON route | Ratio | Target | Result |");
    println!("|---|---|---|---|---|---|");
    for pair in &web.pairs {
        let Some(page) = &pair.page else {
            continue;
        };
        for (quantile, ours, theirs) in [
            ("p50", page.p50, pair.json.p50),
            ("p99", page.p99, pair.json.p99),
        ] {
            let ratio = ours.as_secs_f64() / theirs.as_secs_f64().max(1e-9);
            println!(
                "| {} {quantile} | {} | {} | {ratio:.2} | ≤ {TARGET_RATIO} × | {} |",
                pair.name,
                ms(ours),
                ms(theirs),
                verdict(ratio <= TARGET_RATIO),
            );
        }
    }
    println!();
    for pair in &web.pairs {
        match (&pair.page_path, &pair.page) {
            (Some(path), Some(page)) => println!(
                "- {}: `GET {path}` {} bytes of HTML ({} errors), `GET {}` {} bytes of JSON ({} errors)",
                pair.name,
                count(pair.page_bytes as u64),
                page.errors,
                pair.json_path,
                count(pair.json_bytes as u64),
                pair.json.errors,
            ),
            _ => println!(
                "- {}: no page stands for `{}` yet (JSON p50 {}, p99 {})",
                pair.name,
                pair.json_path,
                ms(pair.json.p50),
                ms(pair.json.p99),
            ),
        }
    }
    println!(
        "- Every page also loads /assets/app.css and /assets/app.js: {} bytes together",
        count(web.assets_bytes as u64)
    );
}
