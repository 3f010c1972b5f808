//! Headless Chromium driving the web app over a real socket: the app is served on a free
//! local port, `chromedriver` (Debian's `chromium-driver`, which `.ci/run` installs) runs on
//! another, and `fantoccini` speaks WebDriver to it. Browsers run one at a time (two
//! Chromiums on a 2-core machine make each other's waits time out), and each test saves
//! screenshots of what it checked to `target/screenshots` (or `CUEPOINT_SCREENSHOTS`).

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::sync::{Mutex, MutexGuard};
use tokio_util::sync::CancellationToken;

use super::TestApp;

/// The chromedriver binary.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The browser binary.
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long a wait for an element or a page lasts.
const WAIT: Duration = Duration::from_secs(20);

/// One browser at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// A headless Chromium pointed at a served [`TestApp`].
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    /// The app's base URL, `http://127.0.0.1:PORT`.
    pub base: String,
    driver: Child,
    server: CancellationToken,
    profile: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Serves `app` on a free port and opens a headless browser (1280 × 900) on it.
    pub async fn open(app: &TestApp) -> Browser {
        let turn = ONE_AT_A_TIME.lock().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = CancellationToken::new();
        let (router, stop) = (app.router.clone(), server.clone());
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await
        });
        assert!(
            std::path::Path::new(CHROMEDRIVER).exists(),
            "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)"
        );
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        });
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities.as_object().unwrap().clone());
        let url = format!("http://127.0.0.1:{port}");
        let mut client = None;
        for _ in 0..100 {
            match builder.connect(&url).await {
                Ok(connected) => {
                    client = Some(connected);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        let client = client.expect("chromedriver did not start a session");
        Browser {
            client,
            base,
            driver,
            server,
            profile,
            _turn: turn,
        }
    }

    /// Opens `path` of the app.
    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    /// The element `css` matches, once it is there.
    pub async fn wait_for(&self, css: &str) -> Element {
        (self.client.wait().at_most(WAIT))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// The text of the element `css` matches, once it is there.
    pub async fn text_of(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap()
    }

    /// Signs in through the sign-in page, as a person would.
    pub async fn sign_in(&self, tenant: &str, token: &str) {
        self.goto("/sign-in").await;
        self.wait_for("#tenant")
            .await
            .send_keys(tenant)
            .await
            .unwrap();
        self.wait_for("#token")
            .await
            .send_keys(token)
            .await
            .unwrap();
        self.wait_for("form button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
        self.wait_for("button.link").await;
    }

    /// The page's HTML.
    pub async fn source(&self) -> String {
        self.client.source().await.unwrap()
    }

    /// Saves a screenshot of the window as `name.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = std::env::var_os("CUEPOINT_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots")
            });
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Closes the browser, the driver and the server.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        self.server.cancel();
        let _ = &self.profile;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        self.server.cancel();
    }
}
