//! What an advertiser plans with (SPEC 7, the advertiser dashboard): projected
//! impressions, cost and CPM of a flight on a show ([`projection`]), and the inventory
//! calendar of slots per show, placement and ISO week ([`inventory()`], [`IsoWeek`]).
//!
//! The rules take plain figures (download totals, counts of booked lines, flights) so a
//! read model can call them; their outputs serialize with the dashboard's field names.

pub mod inventory;
pub mod projection;
mod week;

#[cfg(test)]
mod tests;

pub use inventory::{calendar, inventory, InventoryWeek};
pub use projection::{
    default_flight, project, projected_cost, projected_cpm, projected_impressions, Projection,
};
pub use week::{flight_overlaps_week, weeks_from, IsoWeek};
