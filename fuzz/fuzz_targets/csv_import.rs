//! Any bytes uploaded as a CSV file: the reader and the row rules never panic, and what
//! they answer keeps the import's promises (see `cuepoint_fuzz::csv`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|file: &[u8]| cuepoint_fuzz::csv::import(file));
