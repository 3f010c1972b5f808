//! IO bookings: the insertion-order aggregate [`IoBooking`], its values, and the pure rules
//! of docs/rules.md (delivered impressions, pacing, revenue recognition, automatic
//! makegoods) with the creator dashboard's figures built from them ([`line_report()`],
//! [`window_revenue`], [`revenue_by_advertiser`]).
//!
//! # Lifecycle
//!
//! `draft -> sent -> signed`, commanded. A signed IO *reads* as `live` from its first
//! flight's start and `completed` once every flight has ended ([`IoState::status_on`]); this
//! is derived from the UTC date, never commanded. `cancelled` is reachable from any status
//! before `completed`, with a reason. Line items change freely in `draft`; after `sent`
//! every change is an amendment: the IO returns to `sent`, its revision is bumped, and each
//! revision's line items stay readable ([`IoState::revisions`]). Sending and signing need at
//! least one line item. The IO's currency is its tenant's. Line ids are assigned by the IO
//! (`li-1`, `li-2`...; never reused), as are makegood ids (`mg-1`...).
//!
//! # Commands ([`IoCommand`])
//!
//! | command | allowed | events |
//! |---|---|---|
//! | `Create` | new IO | `IoCreated` |
//! | `AddLineItem`, `ChangeLineItem`, `RemoveLineItem`, `Amend` | draft, sent, signed, live | `LineItemAdded` / `LineItemChanged` / `LineItemRemoved`, then `IoAmended` after sent |
//! | `Send` | draft, ≥ 1 line | `IoSent` (revision 1 snapshot) |
//! | `Sign` | sent, ≥ 1 line | `IoSigned` |
//! | `Cancel` | before completed, reason required | `IoCancelled` |
//! | `RaiseMakegood` | once signed, not cancelled | `MakegoodRaised` |
//! | `DetectUnderDelivery` | signed; idempotent | `MakegoodRaised` (automatic) or nothing |
//! | `ResolveMakegood` | pending makegood, not cancelled | `MakegoodResolved` |
//! | `ExportPdf` | any | `IoPdfExported` |
//!
//! # Events ([`IoEvent`], all version "1")
//!
//! `IoCreated`, `LineItemAdded`, `LineItemChanged`, `LineItemRemoved`, `IoSent`, `IoSigned`,
//! `IoAmended`, `IoCancelled`, `MakegoodRaised`, `MakegoodResolved`, `IoPdfExported`. They
//! carry computed results: line totals, IO totals, revision snapshots.
//!
//! # Errors ([`IoError`])
//!
//! `Invalid` (422, every violation with its JSON path, e.g. `line_items[2].flight.end`;
//! unknown shows and advertisers, a currency other than the tenant's, a change to a
//! cancelled IO (`status: io_cancelled`), no line items), `InvalidTransition` (409),
//! `AlreadyResolved` (409), `NotFound` (404), `AlreadyExists`, `CatalogUnavailable` (503).
//!
//! # Terms
//!
//! Payment terms are `prepaid` or `net_<days>` (1..=180, default `net_30`). The makegood
//! tolerance is in basis points (default 1000 = 10 %).

mod aggregate;
mod apply;
mod commands;
pub mod delivery;
mod error;
mod events;
mod flight;
mod format;
mod handle_create;
mod handle_lifecycle;
mod handle_lines;
mod handle_makegoods;
mod header;
mod line_input;
mod line_item;
pub mod line_report;
mod line_rules;
mod makegood;
pub mod pacing;
mod pricing;
pub mod revenue;
pub mod revenue_summary;
mod services;
mod state;
mod status;
mod terms;
pub mod under_delivery;

#[cfg(test)]
mod tests;

pub use crate::catalog::{CatalogLookup, LookupFailed};
pub use aggregate::IoBooking;
pub use commands::{IoCommand, LineItemChange};
pub use delivery::{daily_delivery, delivered, delivery_days, overlaps_window, DailyDelivery};
pub use error::IoError;
pub use events::{IoEvent, RevisionSnapshot};
pub use flight::Flight;
pub use format::Format;
pub use header::{line_item_id, IoHeader, IoInput, MAX_LINE_ITEMS};
pub use line_input::{FlightInput, LineItemInput, LineItemPatch, PricingInput};
pub use line_item::LineItem;
pub use line_report::{line_report, window_revenue, LineReport};
pub use line_rules::MAX_LIST_ITEMS;
pub use makegood::{
    makegood_id, Makegood, MakegoodInput, MakegoodReason, MakegoodStatus, Remedy, ResolveInput,
};
pub use pacing::{expected_by, line_pacing, pacing, Pacing, PacingStatus};
pub use pricing::{Fee, Pricing};
pub use revenue::{revenue_in_window, revenue_through, ExactAmount};
pub use revenue_summary::{revenue_by_advertiser, AdvertiserRevenue, LineRevenue, RevenueSummary};
pub use services::IoServices;
pub use state::{total_of, IoState};
pub use status::{IoStatus, Stage};
pub use terms::{MakegoodTolerance, PaymentTerms, MAX_NET_DAYS};
pub use under_delivery::owed_makegood;
