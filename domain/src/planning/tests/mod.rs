//! Projections, ISO weeks and the inventory calendar against figures worked out by hand.

mod inventory;
mod projection;
mod week;
