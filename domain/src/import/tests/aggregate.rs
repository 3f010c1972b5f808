//! Given/when/then tests of the import aggregate.

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;

use crate::import::{
    FailureReason, Import, ImportCommand, ImportError, ImportEvent, ImportStarted, MetricRow,
    Rejection, SourceSummary, MAX_ROWS_PER_EVENT,
};

type ImportTest = TestFramework<Import>;

fn started() -> ImportStarted {
    ImportStarted {
        source: "csv".into(),
        origin: "march.csv".into(),
        content_hash: "ab".repeat(32),
        by: "token-1".into(),
    }
}

fn row(line: u64, day: u32) -> MetricRow {
    MetricRow {
        line,
        date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
        show_id: "show-1".parse().unwrap(),
        episode: None,
        downloads: 10,
        listeners: None,
        source: "csv".into(),
    }
}

fn accepted(rows: Vec<MetricRow>) -> ImportEvent {
    ImportEvent::RowsAccepted { rows }
}

fn rejected(lines: &[u64]) -> ImportEvent {
    ImportEvent::RowsRejected {
        rejections: lines
            .iter()
            .map(|l| Rejection::row(*l, "unreadable row"))
            .collect(),
    }
}

#[test]
fn start_emits_import_started() {
    ImportTest::with(())
        .given_no_previous_events()
        .when(ImportCommand::Start(started()))
        .then_expect_events(vec![ImportEvent::ImportStarted(started())]);
}

#[test]
fn starting_twice_is_refused() {
    ImportTest::with(())
        .given(vec![ImportEvent::ImportStarted(started())])
        .when(ImportCommand::Start(started()))
        .then_expect_error(ImportError::AlreadyStarted);
}

#[test]
fn rows_before_the_start_are_refused() {
    ImportTest::with(())
        .given_no_previous_events()
        .when(ImportCommand::AcceptRows {
            rows: vec![row(2, 1)],
        })
        .then_expect_error(ImportError::NotStarted);
}

#[test]
fn accepted_and_rejected_batches_are_recorded() {
    ImportTest::with(())
        .given(vec![ImportEvent::ImportStarted(started())])
        .when(ImportCommand::AcceptRows {
            rows: vec![row(2, 1), row(3, 2)],
        })
        .then_expect_events(vec![accepted(vec![row(2, 1), row(3, 2)])]);
    ImportTest::with(())
        .given(vec![ImportEvent::ImportStarted(started())])
        .when(ImportCommand::RejectRows {
            rejections: vec![Rejection::row(4, "unreadable row")],
        })
        .then_expect_events(vec![rejected(&[4])]);
}

#[test]
fn an_empty_batch_emits_nothing_and_an_oversized_one_is_refused() {
    ImportTest::with(())
        .given(vec![ImportEvent::ImportStarted(started())])
        .when(ImportCommand::AcceptRows { rows: vec![] })
        .then_expect_events(vec![]);
    let rows = (0..=MAX_ROWS_PER_EVENT as u64)
        .map(|l| row(l + 2, 1))
        .collect();
    ImportTest::with(())
        .given(vec![ImportEvent::ImportStarted(started())])
        .when(ImportCommand::AcceptRows { rows })
        .then_expect_error(ImportError::BatchTooLarge(MAX_ROWS_PER_EVENT + 1));
}

#[test]
fn completion_carries_the_counts_and_the_latest_day() {
    ImportTest::with(())
        .given(vec![
            ImportEvent::ImportStarted(started()),
            accepted(vec![row(2, 5), row(3, 9)]),
            rejected(&[4]),
            accepted(vec![row(5, 7)]),
        ])
        .when(ImportCommand::Complete)
        .then_expect_events(vec![ImportEvent::ImportCompleted {
            accepted: 3,
            rejected: 1,
            last_day: NaiveDate::from_ymd_opt(2026, 3, 9),
            sources: vec![SourceSummary {
                source: "csv".into(),
                accepted: 3,
                last_day: NaiveDate::from_ymd_opt(2026, 3, 9),
            }],
        }]);
}

#[test]
fn completion_without_an_accepted_row_is_refused() {
    ImportTest::with(())
        .given(vec![
            ImportEvent::ImportStarted(started()),
            rejected(&[2, 3]),
        ])
        .when(ImportCommand::Complete)
        .then_expect_error(ImportError::NoValidRow);
}

#[test]
fn failure_records_the_reason_and_counts() {
    ImportTest::with(())
        .given(vec![ImportEvent::ImportStarted(started()), rejected(&[2])])
        .when(ImportCommand::Fail {
            reason: FailureReason::NoValidRow,
        })
        .then_expect_events(vec![ImportEvent::ImportFailed {
            reason: FailureReason::NoValidRow,
            accepted: 0,
            rejected: 1,
        }]);
}

#[test]
fn a_finished_import_takes_no_more_commands() {
    let completed = ImportEvent::ImportCompleted {
        accepted: 1,
        rejected: 0,
        last_day: None,
        sources: Vec::new(),
    };
    ImportTest::with(())
        .given(vec![
            ImportEvent::ImportStarted(started()),
            accepted(vec![row(2, 1)]),
            completed,
        ])
        .when(ImportCommand::AcceptRows {
            rows: vec![row(3, 1)],
        })
        .then_expect_error(ImportError::Finished);
    ImportTest::with(())
        .given(vec![
            ImportEvent::ImportStarted(started()),
            ImportEvent::ImportFailed {
                reason: FailureReason::Empty,
                accepted: 0,
                rejected: 0,
            },
        ])
        .when(ImportCommand::Complete)
        .then_expect_error(ImportError::Finished);
}

#[test]
fn events_serialize_with_their_names() {
    let json = serde_json::to_value(ImportEvent::ImportFailed {
        reason: FailureReason::NoUsableHeader {
            missing: vec!["date".into()],
        },
        accepted: 0,
        rejected: 0,
    })
    .unwrap();
    assert_eq!(json["ImportFailed"]["reason"]["code"], "no_usable_header");
    assert_eq!(json["ImportFailed"]["reason"]["missing"][0], "date");
    for reason in [
        FailureReason::Empty,
        FailureReason::NoValidRow,
        FailureReason::Duplicate {
            import_id: "i".into(),
        },
        FailureReason::Unreadable {
            message: "m".into(),
        },
        FailureReason::Interrupted,
        FailureReason::Abandoned { minutes: 60 },
    ] {
        assert_eq!(
            serde_json::to_value(&reason).unwrap()["code"],
            reason.code()
        );
    }
}
