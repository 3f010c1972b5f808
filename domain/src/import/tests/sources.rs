//! The sources an import carried: recorded at completion, bounded per import, and read
//! from completion events written before they were recorded.

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;

use crate::import::{
    FailureReason, Import, ImportCommand, ImportError, ImportEvent, ImportStarted, MetricRow,
    SourceSummary, SourceTally, MAX_SOURCES_PER_IMPORT,
};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn row(line: u64, d: u32, source: &str) -> MetricRow {
    MetricRow {
        line,
        date: day(d),
        show_id: "show-1".parse().unwrap(),
        episode: None,
        downloads: 10,
        listeners: None,
        source: source.into(),
    }
}

fn started() -> ImportEvent {
    ImportEvent::ImportStarted(ImportStarted {
        source: "csv".into(),
        origin: "mixed.csv".into(),
        content_hash: "cd".repeat(32),
        by: "token-1".into(),
    })
}

fn summary(source: &str, accepted: u64, d: u32) -> SourceSummary {
    SourceSummary {
        source: source.into(),
        accepted,
        last_day: Some(day(d)),
    }
}

#[test]
fn completion_summarises_each_source_of_the_rows_not_the_import_default() {
    TestFramework::<Import>::with(())
        .given(vec![
            started(),
            ImportEvent::RowsAccepted {
                rows: vec![row(2, 4, "megaphone"), row(3, 9, "art19")],
            },
            ImportEvent::RowsAccepted {
                rows: vec![row(4, 6, "megaphone")],
            },
        ])
        .when(ImportCommand::Complete)
        .then_expect_events(vec![ImportEvent::ImportCompleted {
            accepted: 3,
            rejected: 0,
            last_day: Some(day(9)),
            sources: vec![summary("art19", 1, 9), summary("megaphone", 2, 6)],
        }]);
}

fn one_row_per_source(count: usize) -> Vec<MetricRow> {
    (0..count)
        .map(|i| row(i as u64 + 2, 1, &format!("s{i}")))
        .collect()
}

#[test]
fn rows_of_a_source_past_the_bound_are_refused() {
    TestFramework::<Import>::with(())
        .given(vec![
            started(),
            ImportEvent::RowsAccepted {
                rows: one_row_per_source(MAX_SOURCES_PER_IMPORT),
            },
        ])
        .when(ImportCommand::AcceptRows {
            rows: vec![row(500, 1, "s0"), row(501, 1, "one-too-many")],
        })
        .then_expect_error(ImportError::TooManySources);
}

#[test]
fn the_tally_admits_known_sources_and_rejects_a_new_one_past_the_bound() {
    let mut tally = SourceTally::default();
    for row in one_row_per_source(MAX_SOURCES_PER_IMPORT) {
        assert!(tally.admit(row).is_ok());
    }
    assert!(tally.admit(row(900, 2, "s7")).is_ok());
    let rejection = tally.admit(row(901, 2, "late")).unwrap_err();
    assert_eq!(rejection.line, 901);
    assert_eq!(rejection.column.as_deref(), Some("source"));
    assert!(
        rejection.reason.contains("more than 100 sources"),
        "{rejection:?}"
    );
    assert_eq!(tally.summaries().len(), MAX_SOURCES_PER_IMPORT);
    assert_eq!(tally.last_day(), Some(day(2)));
}

#[test]
fn a_completion_counts_for_the_sources_it_records() {
    let completed = ImportEvent::ImportCompleted {
        accepted: 3,
        rejected: 0,
        last_day: Some(day(9)),
        sources: vec![summary("art19", 1, 9), summary("megaphone", 2, 6)],
    };
    assert_eq!(
        completed.counted_sources("csv"),
        vec![summary("art19", 1, 9), summary("megaphone", 2, 6)]
    );
}

#[test]
fn a_completion_recorded_before_sources_were_counts_for_its_imports_own_source() {
    let stored = r#"{"ImportCompleted": {"accepted": 5, "rejected": 1, "last_day": "2026-03-08"}}"#;
    let event: ImportEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event.counted_sources("csv"), vec![summary("csv", 5, 8)]);
}

#[test]
fn a_failure_counts_for_its_own_source_with_no_rows_and_other_events_for_none() {
    let failed = ImportEvent::ImportFailed {
        reason: FailureReason::NoValidRow,
        accepted: 0,
        rejected: 0,
    };
    assert_eq!(
        failed.counted_sources("megaphone"),
        vec![SourceSummary {
            source: "megaphone".into(),
            accepted: 0,
            last_day: None,
        }]
    );
    assert!(started().counted_sources("csv").is_empty());
}
