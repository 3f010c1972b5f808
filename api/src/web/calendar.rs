//! The inventory calendar as a grid: ISO weeks across, one row per show and placement, each
//! cell the week's available slots of its slots, an overbooked week marked in colour and in
//! words.

use cuepoint_projections::read_models::dashboards::advertiser::InventoryItem;

use super::format::hundredths;

/// The grid.
pub struct Calendar {
    /// The weeks, in order: label (`2026-W14`) and Monday.
    pub weeks: Vec<(String, String)>,
    /// One row per show and placement, in the answer's order.
    pub rows: Vec<CalendarRow>,
}

/// One show's placement over the weeks.
pub struct CalendarRow {
    /// The show's name.
    pub show: String,
    /// The placement.
    pub placement: &'static str,
    /// A cell per week of [`Calendar::weeks`] (`None` where the answer has none).
    pub cells: Vec<Option<Cell>>,
}

/// One week of one show's placement.
pub struct Cell {
    /// Its slots.
    pub slots: String,
    /// Booked slots.
    pub booked: String,
    /// Slots left (negative when overbooked).
    pub available: String,
    /// Whether more is booked than there are slots.
    pub overbooked: bool,
    /// Slots booked beyond the week's slots, when overbooked.
    pub over_by: String,
}

/// The grid of `items`, shows named by `name`.
pub fn calendar(items: &[InventoryItem], name: impl Fn(&str) -> String) -> Calendar {
    let mut weeks: Vec<(String, String)> = Vec::new();
    for item in items {
        if !weeks.iter().any(|(label, _)| *label == item.week.week) {
            weeks.push((item.week.week.clone(), item.week.week_start.to_string()));
        }
    }
    let mut rows: Vec<CalendarRow> = Vec::new();
    let mut keys: Vec<(&str, &'static str)> = Vec::new();
    for item in items {
        let key = (item.show_id.as_str(), item.placement.as_str());
        let index = match keys.iter().position(|k| *k == key) {
            Some(index) => index,
            None => {
                keys.push(key);
                rows.push(CalendarRow {
                    show: name(&item.show_id),
                    placement: item.placement.as_str(),
                    cells: weeks.iter().map(|_| None).collect(),
                });
                rows.len() - 1
            }
        };
        let column = weeks.iter().position(|(label, _)| *label == item.week.week);
        let cell = column.and_then(|c| rows.get_mut(index)?.cells.get_mut(c));
        if let Some(cell) = cell {
            let week = &item.week;
            *cell = Some(Cell {
                slots: hundredths(week.slots),
                booked: hundredths(week.booked),
                available: hundredths(week.available),
                overbooked: week.overbooked,
                over_by: hundredths(-week.available),
            });
        }
    }
    Calendar { weeks, rows }
}
