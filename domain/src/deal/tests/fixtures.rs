//! Shared fixtures: the test catalog, days, a valid deal and its events.

use std::sync::Arc;

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;

pub use crate::catalog::fake_lookup::DownCatalog;
use crate::catalog::fake_lookup::TestCatalog;
use crate::deal::{
    Deal, DealAmount, DealCommand, DealDetails, DealError, DealEvent, DealInput, DealServices,
    DealStage,
};
use crate::ids::TenantId;
use crate::money::Currency;
use crate::violation::Violations;

/// The test framework over the test catalog (`show-1`, `show-2`, `adv-1`).
pub fn deal_test() -> TestFramework<Deal> {
    let services: DealServices = Arc::new(TestCatalog);
    TestFramework::with(services)
}

/// A UTC day from `YYYY-MM-DD`.
pub fn d(raw: &str) -> NaiveDate {
    raw.parse().unwrap()
}

/// The day the deal is created: 2026-03-02.
pub fn created_day() -> NaiveDate {
    d("2026-03-02")
}

/// The day of the commands after creation: 2026-03-10.
pub fn today() -> NaiveDate {
    d("2026-03-10")
}

/// The tenant of the tests.
pub fn tenant() -> TenantId {
    "tenant-1".parse().unwrap()
}

/// A deal with `adv-1` on `show-1`: "Spring audio push", 1,000,000 (10,000.00 USD),
/// expected to close 2026-04-30, owned by Dana.
pub fn deal_input() -> DealInput {
    DealInput {
        advertiser_id: Some("adv-1".into()),
        name: Some("Spring audio push".into()),
        amount: Some(1_000_000),
        expected_close_date: Some("2026-04-30".into()),
        owner: Some("Dana".into()),
        show_ids: vec!["show-1".into()],
        ..DealInput::default()
    }
}

/// The fields of [`deal_input`].
pub fn details() -> DealDetails {
    DealDetails {
        advertiser_id: "adv-1".parse().unwrap(),
        name: "Spring audio push".into(),
        amount: DealAmount::new(1_000_000).unwrap(),
        currency: Currency::USD,
        expected_close_date: d("2026-04-30"),
        owner: "Dana".into(),
        show_ids: vec!["show-1".parse().unwrap()],
    }
}

/// `CreateDeal` of `input` on [`created_day`].
pub fn create(input: DealInput) -> DealCommand {
    DealCommand::CreateDeal {
        tenant_id: tenant(),
        tenant_currency: Currency::USD,
        input,
        today: created_day(),
    }
}

/// `DealCreated` of [`deal_input`]: a lead created and recorded on [`created_day`].
pub fn created() -> DealEvent {
    DealEvent::DealCreated {
        tenant_id: tenant(),
        details: details(),
        stage: DealStage::Lead,
        created_on: created_day(),
        recorded_on: created_day(),
    }
}

/// `DealStageMoved` from `from` to `to` on [`today`].
pub fn moved(from: DealStage, to: DealStage) -> DealEvent {
    DealEvent::DealStageMoved {
        from,
        to,
        on: today(),
    }
}

/// `DealWon` of the lead of [`created`], closed and recorded on [`today`].
pub fn won() -> DealEvent {
    DealEvent::DealWon {
        from: DealStage::Lead,
        closed_on: today(),
        on: today(),
    }
}

/// `DealLost` of the lead of [`created`] for price, closed and recorded on [`today`].
pub fn lost() -> DealEvent {
    DealEvent::DealLost {
        from: DealStage::Lead,
        reason: crate::deal::LossReason::Price,
        note: None,
        closed_on: today(),
        on: today(),
    }
}

/// The `(field, code)` pairs of creating a deal from `input`, which must be refused.
pub fn refused(input: DealInput) -> Vec<(String, String)> {
    let result = deal_test()
        .given_no_previous_events()
        .when(create(input))
        .inspect_result();
    violations(result)
}

/// The `(field, code)` pairs of an `Invalid` error, or a panic.
pub fn violations(result: Result<Vec<DealEvent>, DealError>) -> Vec<(String, String)> {
    match result {
        Err(DealError::Invalid(v)) => pairs(&v),
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
