//! The cron expression of each job: five fields (minute, hour, day of month, month, day of
//! week), read in UTC, parsed by `croner` with seconds and years refused, so a six-field
//! expression is an error rather than a schedule shifted by a field.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;
use cuepoint_domain::automation::Job;
use serde::Serialize;

use crate::features::FeatureFlags;

/// A parsed five-field cron expression.
#[derive(Clone, Debug)]
pub struct CronExpr {
    text: String,
    cron: Cron,
}

impl FromStr for CronExpr {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let fields = raw.split_whitespace().count();
        if fields != 5 {
            return Err(format!(
                "{raw:?} has {fields} fields; a schedule has 5 (minute hour day-of-month month day-of-week, UTC), e.g. \"0 2 * * *\""
            ));
        }
        let parser = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build();
        let cron = parser
            .parse(raw)
            .map_err(|e| format!("{raw:?} is not a cron expression: {e}"))?;
        Ok(CronExpr {
            text: raw.trim().to_string(),
            cron,
        })
    }
}

impl fmt::Display for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl CronExpr {
    /// The first slot strictly after `time`.
    pub fn next_after(&self, time: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron.find_next_occurrence(&time, false).ok()
    }

    /// The last slot at or before `time`.
    pub fn last_at_or_before(&self, time: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron.find_previous_occurrence(&time, true).ok()
    }
}

/// Every job's schedule.
#[derive(Clone, Debug)]
pub struct Schedules {
    /// Each job with its expression, in [`Job::ALL`] order.
    pub jobs: Vec<(Job, CronExpr)>,
}

/// One job's schedule as `GET /api/v1/automation/schedule` shows it.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ScheduledJob {
    /// The job.
    pub job: Job,
    /// Its cron expression (5 fields, UTC).
    pub schedule: String,
    /// Whether it runs: its flags are on (otherwise it is not scheduled).
    pub enabled: bool,
    /// Its next slot; null when it is not scheduled.
    pub next_run: Option<DateTime<Utc>>,
}

impl Schedules {
    /// The jobs whose flags are on: what the scheduler runs.
    pub fn enabled(&self, features: &FeatureFlags) -> Vec<(Job, CronExpr)> {
        (self.jobs.iter())
            .filter(|(job, _)| features.first_off(job.features()).is_none())
            .cloned()
            .collect()
    }

    /// Each job's expression and next slot after `now`.
    pub fn view(&self, features: &FeatureFlags, now: DateTime<Utc>) -> Vec<ScheduledJob> {
        (self.jobs.iter())
            .map(|(job, cron)| {
                let enabled = features.first_off(job.features()).is_none();
                ScheduledJob {
                    job: *job,
                    schedule: cron.to_string(),
                    enabled,
                    next_run: enabled.then(|| cron.next_after(now)).flatten(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn five_fields_in_utc() {
        let daily: CronExpr = "0 2 * * *".parse().unwrap();
        assert_eq!(
            daily.next_after(at("2026-03-01T02:00:00Z")),
            Some(at("2026-03-02T02:00:00Z"))
        );
        assert_eq!(
            daily.last_at_or_before(at("2026-03-01T02:00:00Z")),
            Some(at("2026-03-01T02:00:00Z"))
        );
        let every_minute: CronExpr = "* * * * *".parse().unwrap();
        assert_eq!(
            every_minute.next_after(at("2026-03-01T02:00:30Z")),
            Some(at("2026-03-01T02:01:00Z"))
        );
    }

    #[test]
    fn six_fields_and_nonsense_are_refused() {
        for bad in ["0 0 2 * * *", "0 2 * *", "61 * * * *", "every day", ""] {
            let error = bad.parse::<CronExpr>().unwrap_err();
            assert!(error.contains(&format!("{bad:?}")), "{error}");
        }
    }
}
