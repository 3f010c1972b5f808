//! The IO read model: one row per IO holding the aggregate's folded state, rendered as the
//! IO list and the IO detail. See docs/io.md.

mod bookings;
mod ended;
mod projection;
mod queries;
mod view;

pub use bookings::{booked_lines, Booking};
pub use ended::{ended_cpm_lines, EndedLine};
pub use projection::IoProjection;
pub use queries::{get_io, list_ios, IoFilter, IoScope};
pub use view::{IoDetail, IoSummary, LineItemView, MakegoodView, RevisionView};
