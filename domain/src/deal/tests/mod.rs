//! Tests of deals: values, the aggregate's rules as given/when/then, and the pipeline's
//! rules against figures worked out by hand.

mod alerts;
mod close;
mod create;
mod events;
mod fixtures;
mod forecast;
mod history;
mod inputs;
mod link;
mod pipeline;
mod reopen;
mod rules;
mod stages;
mod update;
mod values;
mod win_loss;
