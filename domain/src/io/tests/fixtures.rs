//! Shared fixtures: a test catalog, dates, a valid IO and its events.

use std::sync::Arc;

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use serde_json::json;

pub use crate::catalog::fake_lookup::{DownCatalog, TestCatalog};
use crate::ids::TenantId;
use crate::io::{
    total_of, IoBooking, IoError, IoEvent, IoInput, IoServices, LineItem, LineItemInput,
    RevisionSnapshot,
};
use crate::money::Currency;
use crate::violation::Violations;

/// The test framework over [`TestCatalog`].
pub fn io_test() -> TestFramework<IoBooking> {
    let services: IoServices = Arc::new(TestCatalog);
    TestFramework::with(services)
}

/// A UTC day from `YYYY-MM-DD`.
pub fn d(raw: &str) -> NaiveDate {
    raw.parse().unwrap()
}

/// The tenant of the tests.
pub fn tenant() -> TenantId {
    "tenant-1".parse().unwrap()
}

/// A CPM line: show-1, mid, host read, 2026-03-01..=2026-03-30, CPM 25.00, 30,000 impressions
/// (total 750.00).
pub fn cpm_line_input() -> LineItemInput {
    serde_json::from_value(json!({
        "show_id": "show-1",
        "placement": "mid",
        "format": "host_read",
        "flight": {"start": "2026-03-01", "end": "2026-03-30"},
        "pricing": {"type": "cpm", "cpm": 2500, "goal": 30000},
        "promo_code": "MAIN20",
        "vanity_url": "acme.com/main",
        "talking_points": ["Free returns", " 100-night trial "]
    }))
    .unwrap()
}

/// A flat line: show-2, pre, announcer, 2026-03-10..=2026-03-19, fee 1,500.00.
pub fn flat_line_input() -> LineItemInput {
    serde_json::from_value(json!({
        "show_id": "show-2",
        "placement": "pre",
        "format": "announcer",
        "flight": {"start": "2026-03-10", "end": "2026-03-19"},
        "pricing": {"type": "flat", "fee": 150000}
    }))
    .unwrap()
}

/// An IO for `adv-1` with the CPM line.
pub fn io_input() -> IoInput {
    IoInput {
        advertiser_id: Some("adv-1".into()),
        line_items: vec![cpm_line_input()],
        ..IoInput::default()
    }
}

/// The line `li-n` parsed from `input`.
pub fn line(n: usize, input: &LineItemInput) -> LineItem {
    LineItem::parse(crate::io::line_item_id(n), input).unwrap()
}

/// `IoCreated` of [`io_input`] (revision 1, line `li-1`, total 75,000).
pub fn created() -> IoEvent {
    let (header, line_items) = io_input().parse(Currency::USD).unwrap();
    IoEvent::IoCreated {
        tenant_id: tenant(),
        header,
        line_items,
        total: 75_000,
    }
}

/// A revision snapshot of `lines`.
pub fn snapshot(revision: u32, lines: Vec<LineItem>, note: Option<&str>) -> RevisionSnapshot {
    RevisionSnapshot {
        revision,
        total: total_of(&lines).unwrap(),
        line_items: lines,
        note: note.map(str::to_owned),
    }
}

/// `IoSent` of revision 1 with `li-1`.
pub fn sent() -> IoEvent {
    IoEvent::IoSent {
        snapshot: snapshot(1, vec![line(1, &cpm_line_input())], None),
    }
}

/// `IoSigned` of revision 1.
pub fn signed() -> IoEvent {
    IoEvent::IoSigned { revision: 1 }
}

/// The `(field, code)` pairs of an `Invalid` error, or a panic.
pub fn violations(result: Result<Vec<IoEvent>, IoError>) -> Vec<(String, String)> {
    match result {
        Err(IoError::Invalid(v)) => pairs(&v),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The `(field, code)` pairs of violations.
pub fn pairs(v: &Violations) -> Vec<(String, String)> {
    v.iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

/// `(field, code)` as owned strings.
pub fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}
