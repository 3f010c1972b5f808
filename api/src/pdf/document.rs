//! The data printed on an IO, as the template reads it from `/data.json`.

use serde::Serialize;

/// Everything printed on an insertion order, already computed and formatted: the renderer
/// does no business arithmetic and no money formatting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IoDocument {
    /// The seller: the tenant's display name.
    pub tenant_name: String,
    /// The buyer: the advertiser's display name.
    pub advertiser_name: String,
    /// The IO's human-facing number, e.g. `IO-2026-0042`.
    pub io_number: String,
    /// The revision being printed (bumped by each amendment).
    pub revision: u32,
    /// The lifecycle status, e.g. `draft`, `sent`, `signed`.
    pub status: String,
    /// The ISO 4217 code every amount on the IO is in, e.g. `USD`.
    pub currency: String,
    /// The line items, in the order they are printed.
    pub lines: Vec<IoDocumentLine>,
    /// The IO total, formatted for its currency, e.g. `$1,950.00`.
    pub total: String,
    /// The payment terms as printed, e.g. `Net 30`.
    pub payment_terms: String,
    /// The makegood tolerance as printed, e.g. `10% under-delivery`.
    pub makegood_tolerance: String,
    /// The issue date, `YYYY-MM-DD`; also the PDF's creation date and typst's "today".
    pub issued_on: String,
}

/// One line item of an [`IoDocument`], every field formatted for print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IoDocumentLine {
    /// The show the ad runs on.
    pub show: String,
    /// The placement, e.g. `Pre-roll`, `Mid-roll 1`.
    pub placement: String,
    /// The ad format, e.g. `Host-read, 60 s`.
    pub format: String,
    /// The flight, e.g. `2026-03-01 – 2026-03-31`.
    pub flight: String,
    /// The pricing, e.g. `CPM $25.00` or `Flat fee`.
    pub pricing: String,
    /// The delivery goal, e.g. `30,000 impressions`, or `—` for none.
    pub goal: String,
    /// The line total, formatted for the IO's currency.
    pub total: String,
}
