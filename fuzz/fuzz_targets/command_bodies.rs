//! Any JSON sent as a command body: the first byte picks the command, the rest is its body.
//! Deserialising and validating it never panics, and the events of an accepted command
//! read back as stored (see `cuepoint_fuzz::commands`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((&command, body)) = data.split_first() {
        cuepoint_fuzz::commands::feed(command, body);
    }
});
