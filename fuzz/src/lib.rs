//! What the fuzz targets run: the CSV import and the command bodies, each with the
//! promises checked on every input (a broken promise panics, which the fuzzer reports).

pub mod aggregate;
pub mod commands;
pub mod csv;
