//! Tests of the catalog rules and aggregates.

mod advertiser_aggregate;
mod advertiser_profile;
mod audience;
mod fixtures;
mod show_aggregate;
mod show_profile;
