//! The projection and inventory items of the shows a dashboard covers, from their loaded
//! profiles, downloads and bookings, through the domain's rules: `window::total_in` over
//! `window::last_30_days`, `planning::project`, `planning::calendar`.

use std::collections::HashMap;

use chrono::NaiveDate;
use cuepoint_domain::bounds::Overflow;
use cuepoint_domain::catalog::{Placement, ShowProfile};
use cuepoint_domain::io::{Fee, Flight};
use cuepoint_domain::money::Cpm;
use cuepoint_domain::planning::{calendar, project, IsoWeek};
use cuepoint_domain::window::{last_30_days, total_in, DailyCounts};

use super::answer::{InventoryItem, ProjectionItem};
use crate::read_models::io::Booking;

/// What a flight is projected with.
#[derive(Clone, Copy, Debug)]
pub(super) struct Plan {
    /// The day the downloads are read through.
    pub as_of: NaiveDate,
    /// The flight projected.
    pub flight: Flight,
    /// The flat fee whose CPM is asked for.
    pub flat_fee: Option<Fee>,
    /// The advertiser's max CPM.
    pub max_cpm: Option<Cpm>,
}

/// One item per show (in the given order) and placement of its rate card (episode order):
/// the show's downloads over the 30 days through `as_of` projected over the flight.
pub(super) fn projection_items(
    shows: &[(String, ShowProfile)],
    downloads: &HashMap<String, DailyCounts>,
    plan: Plan,
) -> Result<Vec<ProjectionItem>, Overflow> {
    let none = DailyCounts::new();
    let mut items = Vec::new();
    for (show_id, show) in shows {
        let daily = downloads.get(show_id).unwrap_or(&none);
        let last_30 = total_in(daily, last_30_days(plan.as_of), "downloads of 30 days")?;
        for (placement, cpm) in show.rate_card() {
            let projection = project(last_30, plan.flight, *cpm, plan.flat_fee, plan.max_cpm)?;
            items.push(ProjectionItem {
                show_id: show_id.clone(),
                placement: *placement,
                projection,
            });
        }
    }
    Ok(items)
}

/// For each show (in the given order) and placement (episode order) that has slots or
/// booked lines, one item per week of `weeks`, counting the `bookings` on it.
pub(super) fn inventory_items(
    shows: &[(String, ShowProfile)],
    bookings: &[Booking],
    weeks: &[IsoWeek],
) -> Vec<InventoryItem> {
    let mut booked: HashMap<(&str, Placement), Vec<Flight>> = HashMap::new();
    for booking in bookings {
        let key = (booking.show_id.as_str(), booking.placement);
        booked.entry(key).or_default().push(booking.flight);
    }
    let mut items = Vec::new();
    for (show_id, show) in shows {
        for placement in Placement::ALL {
            let slots = show.slots(placement);
            let flights = booked.get(&(show_id.as_str(), placement));
            let flights = flights.map_or(&[][..], Vec::as_slice);
            if slots == 0 && flights.is_empty() {
                continue;
            }
            let calendar = calendar(show.episodes_per_week(), slots, flights, weeks);
            items.extend(calendar.into_iter().map(|week| InventoryItem {
                show_id: show_id.clone(),
                placement,
                week,
            }));
        }
    }
    items
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use cuepoint_domain::planning::weeks_from;
    use serde_json::json;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Two episodes a week; pre 1 slot, mid 2, post none; priced pre 20.00, mid 30.00.
    fn show() -> ShowProfile {
        let input = json!({
            "name": "Night Shift", "categories": ["News"], "episodes_per_week": 2,
            "slots_per_episode": {"pre": 1, "mid": 2, "post": 0},
            "rate_card": {"pre": 2000, "mid": 3000}
        });
        ShowProfile::parse(serde_json::from_value(input).unwrap()).unwrap()
    }

    #[test]
    fn projection_items_follow_the_rate_card_and_count_only_the_30_days() {
        let shows = vec![("s1".to_string(), show())];
        // 2026-03-01 back 29 days is 2026-01-31: 3,000 on the window's first day, 1,000
        // the day before it (not counted). 3,000 / 30 × 10 days = 1,000 impressions.
        let daily = DailyCounts::from([(d("2026-01-30"), 1_000), (d("2026-01-31"), 3_000)]);
        let downloads = HashMap::from([("s1".to_string(), daily)]);
        let plan = Plan {
            as_of: d("2026-03-01"),
            flight: Flight::of_days(d("2026-03-02"), 10),
            flat_fee: None,
            max_cpm: Some(Cpm::new(2500).unwrap()),
        };
        let items = projection_items(&shows, &downloads, plan).unwrap();
        let got: Vec<_> = (items.iter())
            .map(|i| {
                let p = i.projection;
                (
                    i.placement,
                    p.projected_impressions,
                    p.projected_cost,
                    p.over_budget,
                )
            })
            .collect();
        // 1,000 × 20.00 / 1000 = 2,000; 1,000 × 30.00 / 1000 = 3,000, over 25.00.
        let want = [
            (Placement::Pre, 1_000, 2_000, false),
            (Placement::Mid, 1_000, 3_000, true),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn inventory_items_skip_placements_without_slots_or_bookings() {
        let shows = vec![("s1".to_string(), show())];
        // 2026-03-02 is a Monday: one line on post (no slots) in the first week only.
        let weeks = weeks_from(d("2026-03-02"), 2);
        let booking = Booking {
            show_id: "s1".to_string(),
            placement: Placement::Post,
            flight: Flight::new(d("2026-03-08"), d("2026-03-08")).unwrap(),
        };
        let items = inventory_items(&shows, &[booking], &weeks);
        let got: Vec<_> = (items.iter())
            .map(|i| (i.placement, i.week.week.as_str(), i.week.available))
            .collect();
        // pre: 2 × 1 slots; mid: 2 × 2; post: 0 slots, one line × 2 episodes booked: -2.
        let want = [
            (Placement::Pre, "2026-W10", 2.0),
            (Placement::Pre, "2026-W11", 2.0),
            (Placement::Mid, "2026-W10", 4.0),
            (Placement::Mid, "2026-W11", 4.0),
            (Placement::Post, "2026-W10", -2.0),
            (Placement::Post, "2026-W11", 0.0),
        ];
        assert_eq!(got, want);
    }
}
