//! The key file is read and checked by `SheetsClient::new`, with the path in every error.

use std::path::Path;

use serde_json::json;

use super::support::*;
use crate::sheets::{SheetsClient, SheetsConfig, SheetsError};

fn new_client(path: &Path) -> Result<SheetsClient, SheetsError> {
    SheetsClient::new(SheetsConfig::new(path))
}

/// `new_client(path)` fails with a `KeyFile` error naming `path` and mentioning `reason`.
fn assert_key_file_error(path: &Path, reason: &str) {
    let error = new_client(path).unwrap_err();
    match &error {
        SheetsError::KeyFile { path: named, .. } => assert_eq!(named, path),
        other => panic!("expected a KeyFile error, got {other:?}"),
    }
    assert_eq!(error.code(), "sheets_key_file_invalid");
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains(reason), "{message}");
}

fn key_json() -> serde_json::Value {
    json!({
        "type": "service_account",
        "private_key_id": KEY_ID,
        "private_key": test_key().private_pem,
        "client_email": CLIENT_EMAIL,
        "token_uri": "https://oauth2.googleapis.com/token",
    })
}

#[test]
fn a_missing_key_file_is_a_key_file_error_naming_the_path() {
    let dir = TempDir::new();
    assert_key_file_error(&dir.0.join("absent.json"), "No such file");
}

#[test]
fn a_malformed_key_file_is_a_key_file_error_naming_the_path() {
    let dir = TempDir::new();
    let path = dir.0.join("malformed.json");

    std::fs::write(&path, "{ this is not json").unwrap();
    assert_key_file_error(&path, "not a service-account JSON key");

    let mut no_key = key_json();
    no_key.as_object_mut().unwrap().remove("private_key");
    std::fs::write(&path, no_key.to_string()).unwrap();
    assert_key_file_error(&path, "private_key");

    let mut bad_pem = key_json();
    bad_pem["private_key"] =
        json!("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    std::fs::write(&path, bad_pem.to_string()).unwrap();
    assert_key_file_error(&path, "private_key");

    let mut user_credentials = key_json();
    user_credentials["type"] = json!("authorized_user");
    std::fs::write(&path, user_credentials.to_string()).unwrap();
    assert_key_file_error(&path, "service_account");
}

#[test]
fn a_good_key_file_loads_without_contacting_anyone() {
    let dir = TempDir::new();
    let path = dir.0.join("key.json");
    std::fs::write(&path, key_json().to_string()).unwrap();

    let client = new_client(&path).unwrap();
    assert_eq!(client.client_email(), CLIENT_EMAIL);
    let debug = format!("{client:?}");
    assert!(!debug.contains("PRIVATE KEY"), "the key leaks into Debug");
}
