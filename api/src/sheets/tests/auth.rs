//! The JWT-bearer exchange: the signed assertion, the token cache, refusals.

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

use super::support::*;
use crate::sheets::key::SCOPE;
use crate::sheets::{SheetsClient, SheetsConfig, SheetsError};

async fn mount_values(fixture: &Fixture, expected: u64) {
    Mock::given(method("GET"))
        .and(path(values_path("Sheet1")))
        .and(header("authorization", format!("Bearer {ACCESS_TOKEN}")))
        .respond_with(value_range("Sheet1!A1:B2", json!([["a", 1]])))
        .expect(expected)
        .mount(&fixture.server)
        .await;
}

/// The form fields of a form-encoded body.
fn form(body: &[u8]) -> Vec<(String, String)> {
    let body = std::str::from_utf8(body).unwrap();
    reqwest::Url::parse(&format!("http://form/?{body}"))
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

#[tokio::test]
async fn the_assertion_verifies_with_the_public_key_and_carries_the_claims() {
    let fixture = Fixture::new().await;
    fixture.mount_token(3599, 1).await;
    mount_values(&fixture, 1).await;

    fixture.client().values(SHEET_ID, "Sheet1").await.unwrap();

    let requests = fixture.server.received_requests().await.unwrap();
    let exchange = requests.iter().find(|r| r.url.path() == "/token").unwrap();
    assert_eq!(
        exchange.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    let fields = form(&exchange.body);
    let field = |name: &str| {
        let found = fields.iter().find(|(k, _)| k == name);
        found.map(|(_, v)| v.clone()).unwrap()
    };
    assert_eq!(
        field("grant_type"),
        "urn:ietf:params:oauth:grant-type:jwt-bearer"
    );
    let assertion = field("assertion");

    let jwt_header = decode_header(&assertion).unwrap();
    assert_eq!(jwt_header.alg, Algorithm::RS256);
    assert_eq!(jwt_header.kid.as_deref(), Some(KEY_ID));

    let public = DecodingKey::from_rsa_pem(test_key().public_pem.as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[fixture.token_uri()]);
    validation.set_issuer(&[CLIENT_EMAIL]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud"]);
    let claims = decode::<Value>(&assertion, &public, &validation)
        .unwrap()
        .claims;
    assert_eq!(claims["iss"], CLIENT_EMAIL);
    assert_eq!(claims["scope"], SCOPE);
    assert_eq!(claims["aud"], fixture.token_uri().as_str());
    let iat = claims["iat"].as_u64().unwrap();
    let exp = claims["exp"].as_u64().unwrap();
    assert_eq!(exp - iat, 3600);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(iat <= now && now - iat < 60, "iat {iat}, now {now}");

    // The check is real: a tampered signature does not verify.
    let mut tampered = assertion.into_bytes();
    let at = tampered.len() - 20;
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    assert!(decode::<Value>(&tampered, &public, &validation).is_err());
}

#[tokio::test]
async fn the_token_is_fetched_once_for_several_calls_even_concurrent_ones() {
    let fixture = Fixture::new().await;
    fixture.mount_token(3599, 2).await;
    mount_values(&fixture, 4).await;
    let exchanges = || async {
        let requests = fixture.server.received_requests().await.unwrap();
        requests.iter().filter(|r| r.url.path() == "/token").count()
    };

    let client = fixture.client();
    client.values(SHEET_ID, "Sheet1").await.unwrap();
    client.clone().values(SHEET_ID, "Sheet1").await.unwrap();
    assert_eq!(exchanges().await, 1);

    // A second client has its own cache; its two concurrent calls share one exchange.
    let other = fixture.client();
    let other_clone = other.clone();
    let (a, b) = tokio::join!(
        other.values(SHEET_ID, "Sheet1"),
        other_clone.values(SHEET_ID, "Sheet1")
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(exchanges().await, 2);
}

#[tokio::test]
async fn a_token_about_to_expire_is_exchanged_again() {
    let fixture = Fixture::new().await;
    // Shorter than the refresh margin: never worth caching past the call.
    fixture.mount_token(0, 2).await;
    mount_values(&fixture, 2).await;
    let client = fixture.client();

    client.values(SHEET_ID, "Sheet1").await.unwrap();
    client.values(SHEET_ID, "Sheet1").await.unwrap();
}

#[tokio::test]
async fn a_refused_access_token_is_dropped_and_the_call_retried_once() {
    let fixture = Fixture::new().await;
    fixture.mount_token(3599, 2).await;
    Mock::given(method("GET"))
        .respond_with(google_error(401, "UNAUTHENTICATED", "Invalid Credentials"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&fixture.server)
        .await;
    mount_values(&fixture, 1).await;

    let rows = fixture.client().values(SHEET_ID, "Sheet1").await.unwrap();
    assert_eq!(rows, vec![vec![json!("a"), json!(1)]]);
}

#[tokio::test]
async fn a_token_refused_twice_is_an_auth_error() {
    let fixture = Fixture::new().await;
    fixture.mount_token(3599, 2).await;
    fixture
        .reply_to_values(
            google_error(401, "UNAUTHENTICATED", "Invalid Credentials"),
            2,
        )
        .await;

    let error = fixture.sheet1_error().await;
    assert!(matches!(error, SheetsError::Auth(_)), "{error:?}");
}

#[tokio::test]
async fn a_refused_exchange_is_an_auth_error_with_googles_reason() {
    let fixture = Fixture::new().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant",
            "error_description": "Invalid JWT Signature.",
        })))
        .expect(1)
        .mount(&fixture.server)
        .await;

    let error = fixture.sheet1_error().await;
    assert_eq!(error.code(), "sheets_auth_failed");
    let message = error.to_string();
    assert!(
        message.contains("invalid_grant: Invalid JWT Signature."),
        "{message}"
    );
    assert!(message.contains(CLIENT_EMAIL), "{message}");
}

#[tokio::test]
async fn the_configured_token_url_overrides_the_key_files() {
    let fixture = Fixture::new().await;
    Mock::given(method("POST"))
        .and(path("/other-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": ACCESS_TOKEN, "expires_in": 3599, "token_type": "Bearer"
        })))
        .expect(1)
        .mount(&fixture.server)
        .await;
    mount_values(&fixture, 1).await;
    let config = SheetsConfig {
        token_url: Some(format!("{}/other-token", fixture.server.uri())),
        ..fixture.config()
    };

    let client = SheetsClient::new(config).unwrap();
    client.values(SHEET_ID, "Sheet1").await.unwrap();
    assert_eq!(client.client_email(), CLIENT_EMAIL);
}
