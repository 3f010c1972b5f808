//! Given/when/then: after `sent`, a line change is an amendment (new revision, back to sent).

use cqrs_es::Aggregate;
use serde_json::json;

use super::fixtures::{
    cpm_line_input, created, d, flat_line_input, io_test, line, pair, sent, signed, snapshot,
    violations,
};
use crate::io::{IoBooking, IoCommand, IoError, IoEvent, IoStatus, LineItemChange, Stage};

fn more_goal() -> crate::io::LineItemPatch {
    serde_json::from_value(json!({"pricing": {"type": "cpm", "cpm": 2500, "goal": 40000}})).unwrap()
}

fn li1() -> crate::ids::LineItemId {
    "li-1".parse().unwrap()
}

fn changed_li1() -> IoEvent {
    let line_item = line(1, &cpm_line_input()).patched(more_goal()).unwrap();
    IoEvent::LineItemChanged {
        line_item,
        line_total: 100_000,
    }
}

fn amended(revision: u32, previous_stage: Stage, note: Option<&str>) -> IoEvent {
    let lines = vec![line(1, &cpm_line_input()).patched(more_goal()).unwrap()];
    IoEvent::IoAmended {
        snapshot: snapshot(revision, lines, note),
        previous_stage,
    }
}

#[test]
fn a_change_after_sent_is_an_amendment_with_a_new_revision() {
    io_test()
        .given(vec![created(), sent()])
        .when(IoCommand::ChangeLineItem {
            line_item_id: li1(),
            patch: more_goal(),
            today: d("2026-02-20"),
        })
        .then_expect_events(vec![changed_li1(), amended(2, Stage::Sent, None)]);
}

#[test]
fn an_amendment_of_a_signed_live_io_returns_it_to_sent() {
    io_test()
        .given(vec![created(), sent(), signed()])
        .when(IoCommand::Amend {
            changes: vec![LineItemChange::Change {
                line_item_id: li1(),
                patch: more_goal(),
            }],
            note: Some("advertiser wants more".into()),
            today: d("2026-03-12"), // live
        })
        .then_expect_events(vec![
            changed_li1(),
            amended(2, Stage::Signed, Some("advertiser wants more")),
        ]);
}

#[test]
fn revision_history_stays_readable_and_the_new_revision_is_signed() {
    let added = IoEvent::LineItemAdded {
        line_item: line(2, &flat_line_input()),
        line_total: 150_000,
    };
    let rev3 = IoEvent::IoAmended {
        snapshot: snapshot(
            3,
            vec![
                line(1, &cpm_line_input()).patched(more_goal()).unwrap(),
                line(2, &flat_line_input()),
            ],
            None,
        ),
        previous_stage: Stage::Sent,
    };
    let given = vec![
        created(),
        sent(),
        signed(),
        changed_li1(),
        amended(2, Stage::Signed, None),
        added,
        rev3,
    ];
    io_test()
        .given(given.clone())
        .when(IoCommand::Sign)
        .then_expect_events(vec![IoEvent::IoSigned { revision: 3 }]);
    let mut io = IoBooking::default();
    for event in given {
        io.apply(event);
    }
    let state = io.state().unwrap();
    assert_eq!(io.status_on(d("2026-03-12")), Some(IoStatus::Sent));
    assert_eq!(state.revision, 3);
    let revisions: Vec<(u32, usize, i64)> = state
        .revisions
        .iter()
        .map(|r| (r.revision, r.line_items.len(), r.total))
        .collect();
    assert_eq!(
        revisions,
        [(1, 1, 75_000), (2, 1, 100_000), (3, 2, 250_000)]
    );
    assert_eq!(state.revision(1).unwrap().line_items[0].total(), Ok(75_000));
    assert_eq!(state.total(), Ok(250_000));
}

#[test]
fn an_amendment_that_changes_nothing_writes_nothing() {
    io_test()
        .given(vec![created(), sent(), signed()])
        .when(IoCommand::Amend {
            changes: vec![],
            note: None,
            today: d("2026-03-02"),
        })
        .then_expect_events(vec![]);
}

#[test]
fn a_sent_io_keeps_at_least_one_line() {
    let result = io_test()
        .given(vec![created(), sent()])
        .when(IoCommand::RemoveLineItem {
            line_item_id: li1(),
            today: d("2026-02-20"),
        })
        .inspect_result();
    assert_eq!(violations(result), [pair("line_items", "required")]);
}

#[test]
fn a_completed_io_cannot_be_amended() {
    io_test()
        .given(vec![created(), sent(), signed()])
        .when(IoCommand::AddLineItem {
            input: flat_line_input(),
            today: d("2026-04-01"),
        })
        .then_expect_error(IoError::InvalidTransition {
            from: IoStatus::Completed,
            action: "amend",
        });
}
