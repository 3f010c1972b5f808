//! Tests of IO bookings: values, inputs, the aggregate's rules as given/when/then, and the
//! pure rules of docs/rules.md against figures worked out by hand.

mod amendments;
mod cancel;
mod create;
mod dashboard;
mod draft_lines;
mod fixtures;
mod inputs;
mod lifecycle;
mod makegoods;
mod pacing;
mod pacing_properties;
mod revenue;
mod revenue_properties;
mod strategies;
mod under_delivery;
mod values;
