//! Given/when/then: creating a deal.

use std::sync::Arc;

use cqrs_es::test::TestFramework;

use super::fixtures::{
    create, created, created_day, d, deal_input, deal_test, details, pair, refused, tenant, today,
    DownCatalog,
};
use crate::deal::{Deal, DealCommand, DealError, DealEvent, DealServices, DealStage};

#[test]
fn create_writes_deal_created_as_a_lead_created_today() {
    deal_test()
        .given_no_previous_events()
        .when(create(deal_input()))
        .then_expect_events(vec![created()]);
}

#[test]
fn a_carried_over_deal_starts_in_the_stage_and_on_the_day_given() {
    let mut input = deal_input();
    input.stage = Some("proposal".into());
    input.created_on = Some("2026-01-15".into());
    deal_test()
        .given_no_previous_events()
        .when(create(input))
        .then_expect_events(vec![DealEvent::DealCreated {
            tenant_id: tenant(),
            details: details(),
            stage: DealStage::Proposal,
            created_on: d("2026-01-15"),
            recorded_on: created_day(),
        }]);
}

#[test]
fn created_on_may_be_today_but_not_in_the_future() {
    let mut input = deal_input();
    input.created_on = Some("2026-03-02".into());
    deal_test()
        .given_no_previous_events()
        .when(create(input.clone()))
        .then_expect_events(vec![created()]);
    input.created_on = Some("2026-03-03".into());
    assert_eq!(refused(input.clone()), [pair("created_on", "in_future")]);
    input.created_on = Some("03/01/2026".into());
    assert_eq!(refused(input), [pair("created_on", "invalid_date")]);
}

#[test]
fn creating_an_existing_deal_is_refused() {
    deal_test()
        .given(vec![created()])
        .when(create(deal_input()))
        .then_expect_error(DealError::AlreadyExists);
}

#[test]
fn unknown_advertiser_and_shows_are_violations_beside_parse_errors() {
    let mut input = deal_input();
    input.advertiser_id = Some("adv-9".into());
    input.show_ids = vec!["show-1".into(), "show-9".into()];
    input.amount = Some(0);
    assert_eq!(
        refused(input),
        [
            pair("amount", "not_positive"),
            pair("advertiser_id", "unknown_advertiser"),
            pair("show_ids[1]", "unknown_show"),
        ]
    );
}

#[test]
fn an_unreachable_catalog_is_its_own_error() {
    let services: DealServices = Arc::new(DownCatalog);
    TestFramework::<Deal>::with(services)
        .given_no_previous_events()
        .when(create(deal_input()))
        .then_expect_error(DealError::CatalogUnavailable);
}

#[test]
fn commands_on_a_missing_deal_are_not_found() {
    let today = today();
    for command in [
        DealCommand::UpdateDeal {
            patch: Default::default(),
            today,
        },
        DealCommand::MoveStage {
            stage: Some("qualified".into()),
            today,
        },
        DealCommand::WinDeal {
            closed_on: None,
            today,
        },
        DealCommand::LoseDeal {
            reason: Some("price".into()),
            note: None,
            closed_on: None,
            today,
        },
        DealCommand::ReopenDeal {
            stage: Some("lead".into()),
            today,
        },
        DealCommand::LinkIo {
            io_id: "io-1".parse().unwrap(),
            today,
        },
    ] {
        deal_test()
            .given_no_previous_events()
            .when(command)
            .then_expect_error(DealError::NotFound);
    }
}
