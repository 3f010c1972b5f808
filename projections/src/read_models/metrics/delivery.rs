//! The downloads that make up lines' delivered impressions (SPEC 4; docs/rules.md,
//! delivered impressions), for many lines at once.
//!
//! > Delivered impressions of a line as of day D: the sum of downloads in metrics_daily for
//! > its show (only its episodes, where it lists some) on days from `start` to
//! > `min(D, end)`, counting the show's `metrics_source` only where one is set, else all
//! > sources.
//!
//! This module chooses the rows (show, episodes, source, days) and sums them per day; the
//! domain's rules (`cuepoint_domain::io::delivered`, `line_report`, ...) take the result.
//! Lines that select the same rows (the same show, source and episodes) are read once, over
//! the union of their days, in one statement for every line: one index range per show of
//! `rm_metrics_daily`, or of `rm_metrics_episode_daily` for lines listing episodes.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use cuepoint_domain::window::DailyCounts;
use sqlx::PgPool;

use super::VISIBLE;
use crate::read_models::stored_value_error;

/// The downloads one line counts.
#[derive(Clone, Debug)]
pub struct DeliverySelection<'a> {
    /// The line's show.
    pub show_id: &'a str,
    /// The show's `metrics_source` (normalized), or `None`: every source.
    pub source: Option<&'a str>,
    /// The episodes the line lists; empty: the show's totals.
    pub episodes: Vec<&'a str>,
    /// The days to read (`cuepoint_domain::io::delivery_days`).
    pub days: RangeInclusive<NaiveDate>,
}

/// Rows read once for every selection that shares them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key<'a> {
    show_id: &'a str,
    source: Option<&'a str>,
    /// Sorted, without repeats (a repeated episode would be counted twice).
    episodes: Vec<&'a str>,
}

/// A key and the days to read for it.
type KeyDays<'a> = (Key<'a>, RangeInclusive<NaiveDate>);

impl<'a> Key<'a> {
    fn of(selection: &DeliverySelection<'a>) -> Key<'a> {
        let mut episodes = selection.episodes.clone();
        episodes.sort_unstable();
        episodes.dedup();
        Key {
            show_id: selection.show_id,
            source: selection.source,
            episodes,
        }
    }
}

/// The daily downloads of each selection, by its index in the slice read.
#[derive(Debug, Default)]
pub struct Deliveries {
    counts: Vec<DailyCounts>,
    /// The key of each selection; `None` for one without days.
    key_of: Vec<Option<usize>>,
}

impl Deliveries {
    /// The downloads per day of selection `index`: a superset of its days, which the
    /// domain's rules cut to the flight; a day without data is absent (0).
    pub fn of(&self, index: usize) -> &DailyCounts {
        static EMPTY: DailyCounts = DailyCounts::new();
        (self.key_of.get(index).copied().flatten())
            .and_then(|key| self.counts.get(key))
            .unwrap_or(&EMPTY)
    }
}

/// The parameters of the statement, one array per column.
#[derive(Default)]
struct Columns<'a> {
    key: Vec<i32>,
    show_id: Vec<&'a str>,
    source: Vec<Option<&'a str>>,
    first: Vec<NaiveDate>,
    last: Vec<NaiveDate>,
    episode: Vec<&'a str>,
}

impl<'a> Columns<'a> {
    fn push(&mut self, key: i32, k: &Key<'a>, days: &RangeInclusive<NaiveDate>) {
        self.key.push(key);
        self.show_id.push(k.show_id);
        self.source.push(k.source);
        self.first.push(*days.start());
        self.last.push(*days.end());
    }
}

/// Show totals for the keys without episodes, episode rows for the others (`{VISIBLE}` is
/// replaced by the visibility rule).
const SELECT: &str = "
    SELECT k.key, m.day, sum(m.downloads)::int8
      FROM UNNEST($2::int4[], $3::text[], $4::text[], $5::date[], $6::date[])
           AS k(key, show_id, source, first, last)
      JOIN rm_metrics_daily m
        ON m.tenant_id = $1 AND m.show_id = k.show_id AND m.day BETWEEN k.first AND k.last
       AND (k.source IS NULL OR m.source = k.source)
     GROUP BY k.key, m.day
    UNION ALL
    SELECT k.key, m.day, sum(m.downloads)::int8
      FROM UNNEST($7::int4[], $8::text[], $9::text[], $10::date[], $11::date[], $12::text[])
           AS k(key, show_id, source, first, last, episode)
      JOIN rm_metrics_shows s ON s.tenant_id = $1 AND s.show_id = k.show_id
      JOIN rm_metrics_episode_daily m
        ON m.show_no = s.show_no AND m.day BETWEEN k.first AND k.last
       AND (k.source IS NULL OR m.source = k.source) AND m.episode = k.episode
       AND {VISIBLE}
     GROUP BY k.key, m.day";

/// The daily downloads of each of `selections` (see [`Deliveries::of`]), in one statement.
pub async fn delivery_counts(
    pool: &PgPool,
    tenant_id: &str,
    selections: &[DeliverySelection<'_>],
) -> sqlx::Result<Deliveries> {
    let (keys, key_of) = group(selections);
    if keys.is_empty() {
        return Ok(Deliveries::default());
    }
    let (mut shows, mut episodes) = (Columns::default(), Columns::default());
    for (at, (key, days)) in keys.iter().enumerate() {
        let at = i32::try_from(at).map_err(stored_value_error)?;
        if key.episodes.is_empty() {
            shows.push(at, key, days);
        }
        for episode in &key.episodes {
            episodes.push(at, key, days);
            episodes.episode.push(episode);
        }
    }
    let rows: Vec<(i32, NaiveDate, i64)> = sqlx::query_as(&SELECT.replace("{VISIBLE}", VISIBLE))
        .bind(tenant_id)
        .bind(&shows.key)
        .bind(&shows.show_id)
        .bind(&shows.source)
        .bind(&shows.first)
        .bind(&shows.last)
        .bind(&episodes.key)
        .bind(&episodes.show_id)
        .bind(&episodes.source)
        .bind(&episodes.first)
        .bind(&episodes.last)
        .bind(&episodes.episode)
        .fetch_all(pool)
        .await?;
    let mut counts = vec![DailyCounts::new(); keys.len()];
    for (key, day, downloads) in rows {
        let downloads = u64::try_from(downloads).map_err(stored_value_error)?;
        let key = usize::try_from(key).map_err(stored_value_error)?;
        if let Some(daily) = counts.get_mut(key) {
            daily.insert(day, downloads);
        }
    }
    Ok(Deliveries { counts, key_of })
}

/// The distinct keys of `selections` with the union of their days, and the key of each
/// selection (`None` for one without days).
fn group<'a>(selections: &[DeliverySelection<'a>]) -> (Vec<KeyDays<'a>>, Vec<Option<usize>>) {
    let mut keys: Vec<KeyDays> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut key_of = Vec::with_capacity(selections.len());
    for selection in selections {
        let key = Key::of(selection);
        let days = &selection.days;
        let at = match index.get(&key) {
            _ if days.is_empty() => None,
            Some(&at) => {
                let union = &mut keys[at].1;
                *union = (*union.start()).min(*days.start())..=(*union.end()).max(*days.end());
                Some(at)
            }
            None => {
                index.insert(key.clone(), keys.len());
                keys.push((key, days.clone()));
                Some(keys.len() - 1)
            }
        };
        key_of.push(at);
    }
    (keys, key_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: &str) -> NaiveDate {
        day.parse().unwrap()
    }

    fn selection<'a>(
        show: &'a str,
        episodes: &[&'a str],
        days: (&str, &str),
    ) -> DeliverySelection<'a> {
        DeliverySelection {
            show_id: show,
            source: None,
            episodes: episodes.to_vec(),
            days: d(days.0)..=d(days.1),
        }
    }

    #[test]
    fn lines_selecting_the_same_rows_are_read_once_over_the_union_of_their_days() {
        let selections = [
            selection("a", &[], ("2026-03-05", "2026-03-10")),
            selection("a", &["e2", "e1", "e1"], ("2026-03-01", "2026-03-03")),
            selection("a", &[], ("2026-03-01", "2026-03-07")),
            selection("b", &[], ("2026-03-01", "2026-03-02")),
            selection("a", &["e1", "e2"], ("2026-03-02", "2026-03-04")),
            selection("a", &[], ("2026-03-02", "2026-03-01")), // before its flight: no days
        ];
        let (keys, key_of) = group(&selections);
        assert_eq!(key_of, [Some(0), Some(1), Some(0), Some(2), Some(1), None]);
        let summary: Vec<(&str, Vec<&str>, RangeInclusive<NaiveDate>)> = (keys.into_iter())
            .map(|(k, days)| (k.show_id, k.episodes, days))
            .collect();
        assert_eq!(
            summary,
            [
                ("a", vec![], d("2026-03-01")..=d("2026-03-10")),
                ("a", vec!["e1", "e2"], d("2026-03-01")..=d("2026-03-04")),
                ("b", vec![], d("2026-03-01")..=d("2026-03-02")),
            ]
        );
    }
}
