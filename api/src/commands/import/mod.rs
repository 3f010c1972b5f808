//! Imports of listener metrics: one path for CSV over HTTP, the command line, Google
//! Sheets and the demo seed. The content is read off the async runtime in batches of rows
//! that a writer records as events of the [`Import`](cuepoint_domain::import::Import)
//! aggregate, in order, as they come.

mod outcome;
mod pipeline;
mod rows;
mod running;
mod shows;
mod spool;
mod stale;
mod writer;

pub use outcome::{ImportOutcome, FIRST_REJECTIONS};
pub use pipeline::{run_import, ImportRequest, Progress};
pub use rows::RowSource;
pub use spool::{hash_cells, hash_file, spool, Spool, SpoolError};
pub use stale::fail_stale_imports;
