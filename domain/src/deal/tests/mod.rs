//! Tests of deals: values, the aggregate's rules as given/when/then, and the pipeline's
//! rules against figures worked out by hand.

mod alerts;
mod fixtures;
mod forecast;
mod rules;
mod values;
mod win_loss;
