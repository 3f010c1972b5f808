//! The client against a local wiremock server speaking the token and `values.get` protocols.

mod auth;
mod key_file;
mod range;
mod support;
mod values;
