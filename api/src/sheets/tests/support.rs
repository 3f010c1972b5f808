//! A throwaway RSA key (made by the `openssl` CLI), a service-account key file in a temp
//! directory, and a wiremock server standing in for both Google endpoints.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate, Times};

use crate::sheets::range::path_segment;
use crate::sheets::{RetryPolicy, SheetsClient, SheetsConfig, SheetsError};

pub const CLIENT_EMAIL: &str = "cuepoint-importer@test-project.iam.gserviceaccount.com";
pub const KEY_ID: &str = "0123456789abcdef-test-key";
pub const ACCESS_TOKEN: &str = "ya29.test-access-token";
pub const SHEET_ID: &str = "1AbC-spreadsheet_id";

/// A throwaway 2048-bit RSA key pair, generated once per test process.
pub struct TestKey {
    pub private_pem: String,
    pub public_pem: String,
}

pub fn test_key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let private_pem = openssl(
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
            ],
            "",
        );
        let public_pem = openssl(&["pkey", "-pubout"], &private_pem);
        TestKey {
            private_pem,
            public_pem,
        }
    })
}

fn openssl(args: &[&str], stdin: &str) -> String {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the openssl CLI is needed to make a test key");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "openssl {args:?} failed: {stderr}");
    String::from_utf8(output.stdout).unwrap()
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("cuepoint-sheets-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The mock server and a key file whose `token_uri` points at it.
pub struct Fixture {
    pub server: MockServer,
    pub key_path: PathBuf,
    _dir: TempDir,
}

impl Fixture {
    pub async fn new() -> Self {
        let server = MockServer::start().await;
        let dir = TempDir::new();
        let key_path = dir.0.join("service-account.json");
        let key_file = json!({
            "type": "service_account",
            "project_id": "test-project",
            "private_key_id": KEY_ID,
            "private_key": test_key().private_pem,
            "client_email": CLIENT_EMAIL,
            "client_id": "1234567890",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": format!("{}/token", server.uri()),
        });
        std::fs::write(&key_path, key_file.to_string()).unwrap();
        Self {
            server,
            key_path,
            _dir: dir,
        }
    }

    pub fn token_uri(&self) -> String {
        format!("{}/token", self.server.uri())
    }

    pub fn config(&self) -> SheetsConfig {
        SheetsConfig {
            credentials_path: self.key_path.clone(),
            api_base_url: self.server.uri(),
            token_url: None,
        }
    }

    /// A client with millisecond backoff and 3 attempts.
    pub fn client(&self) -> SheetsClient {
        SheetsClient::new(self.config())
            .unwrap()
            .with_retry_policy(fast_retry())
    }

    /// `values.get` answering `reply`, `expected` times.
    pub async fn reply_to_values(&self, reply: ResponseTemplate, expected: impl Into<Times>) {
        Mock::given(method("GET"))
            .respond_with(reply)
            .expect(expected)
            .mount(&self.server)
            .await;
    }

    /// The error a client gets reading `Sheet1`.
    pub async fn sheet1_error(&self) -> SheetsError {
        self.client().values(SHEET_ID, "Sheet1").await.unwrap_err()
    }

    /// The token endpoint, answering `expected` exchanges with a token valid `expires_in` s.
    pub async fn mount_token(&self, expires_in: u64, expected: u64) {
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": ACCESS_TOKEN,
                "expires_in": expires_in,
                "token_type": "Bearer",
            })))
            .expect(expected)
            .named("token endpoint")
            .mount(&self.server)
            .await;
    }
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

/// The request path of `values.get` for `range` of the test spreadsheet.
pub fn values_path(range: &str) -> String {
    format!("/v4/spreadsheets/{SHEET_ID}/values/{}", path_segment(range))
}

/// A `values.get` reply holding `values`.
pub fn value_range(range: &str, values: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "range": range,
        "majorDimension": "ROWS",
        "values": values,
    }))
}

/// A Google error reply.
pub fn google_error(code: u16, status: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(json!({
        "error": {"code": code, "message": message, "status": status}
    }))
}
