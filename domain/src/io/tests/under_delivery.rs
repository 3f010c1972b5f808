//! Given/when/then: the automatic makegood of an under-delivered CPM line, raised once.

use super::fixtures::{created, d, flat_line_input, io_test, line, sent, signed};
use super::makegoods::{automatic, by_hand, raised};
use crate::io::{IoCommand, IoError, IoEvent};

fn detect(delivered: u64, as_of: &str) -> IoCommand {
    IoCommand::DetectUnderDelivery {
        line_item_id: "li-1".parse().unwrap(),
        delivered,
        as_of: d(as_of),
        today: d("2026-04-03"),
    }
}

#[test]
fn an_under_delivered_cpm_line_gets_one_automatic_makegood() {
    // goal 30,000, tolerance 10 %: under 27,000 after the flight (ended 2026-03-30) is owed.
    let given = vec![created(), sent(), signed(), raised(by_hand())];
    io_test()
        .given(given.clone())
        .when(detect(20_000, "2026-03-31"))
        .then_expect_events(vec![raised(automatic(2, 10_000))]);
    io_test()
        .given([given, vec![raised(automatic(2, 10_000))]].concat())
        .when(detect(20_000, "2026-04-02"))
        .then_expect_events(vec![]);
}

#[test]
fn no_automatic_makegood_while_running_within_tolerance_or_unsigned() {
    let signed_io = vec![created(), sent(), signed()];
    for (given, delivered, as_of) in [
        (signed_io.clone(), 1_000, "2026-03-30"), // flight still runs on its last day
        (signed_io.clone(), 27_000, "2026-03-31"), // exactly 90 %: delivered
        (vec![created(), sent()], 1_000, "2026-04-30"), // not signed
    ] {
        io_test()
            .given(given)
            .when(detect(delivered, as_of))
            .then_expect_events(vec![]);
    }
}

#[test]
fn flat_lines_owe_no_automatic_makegood_and_unknown_lines_are_not_found() {
    let added = IoEvent::LineItemAdded {
        line_item: line(2, &flat_line_input()),
        line_total: 150_000,
    };
    io_test()
        .given(vec![created(), added, sent(), signed()])
        .when(IoCommand::DetectUnderDelivery {
            line_item_id: "li-2".parse().unwrap(),
            delivered: 0,
            as_of: d("2026-05-01"),
            today: d("2026-05-02"),
        })
        .then_expect_events(vec![]);
    io_test()
        .given(vec![created(), sent(), signed()])
        .when(IoCommand::DetectUnderDelivery {
            line_item_id: "li-4".parse().unwrap(),
            delivered: 0,
            as_of: d("2026-05-01"),
            today: d("2026-05-02"),
        })
        .then_expect_error(IoError::NotFound);
}
