//! The renderer end to end: real typst, real PDF, text read back with `pdftotext`
//! (poppler-utils, installed by `.ci/run`).

mod memory;
mod output;
mod template;

use std::cell::Cell;
use std::io::Write;
use std::process::Command;
use std::sync::OnceLock;

use super::{IoDocument, IoDocumentLine, PdfError, PdfRenderer};

thread_local! {
    /// Evictions of typst's cache done on this thread, counted by the render guard.
    pub(super) static EVICTIONS: Cell<u64> = const { Cell::new(0) };
}

fn evictions() -> u64 {
    EVICTIONS.with(Cell::get)
}

/// One renderer for the module's tests, shared across their threads as in the server.
fn renderer() -> &'static PdfRenderer {
    static RENDERER: OnceLock<PdfRenderer> = OnceLock::new();
    RENDERER.get_or_init(PdfRenderer::new)
}

fn line(
    show: &str,
    placement: &str,
    flight: &str,
    pricing: &str,
    goal: &str,
    total: &str,
) -> IoDocumentLine {
    IoDocumentLine {
        show: show.to_owned(),
        placement: placement.to_owned(),
        format: "Host-read, 60 s".to_owned(),
        flight: flight.to_owned(),
        pricing: pricing.to_owned(),
        goal: goal.to_owned(),
        total: total.to_owned(),
    }
}

/// Three lines whose totals are worked out by hand:
/// 30,000 impressions at CPM $25.00 = 30 x $25.00 = $750.00;
/// 12,000 impressions at CPM $30.00 = 12 x $30.00 = $360.00;
/// a flat fee of $1,200.00.
/// IO total: $750.00 + $360.00 + $1,200.00 = $2,310.00.
fn sample() -> IoDocument {
    IoDocument {
        tenant_name: "Northwind Audio".to_owned(),
        advertiser_name: "Blue Harbor Mattress Co.".to_owned(),
        io_number: "IO-2026-0042".to_owned(),
        revision: 2,
        status: "sent".to_owned(),
        currency: "USD".to_owned(),
        lines: vec![
            line(
                "Morning Brew Daily",
                "Pre-roll",
                "2026-03-01 – 2026-03-31",
                "CPM $25.00",
                "30,000 impressions",
                "$750.00",
            ),
            line(
                "The History Hour",
                "Mid-roll 1",
                "2026-04-06 – 2026-04-26",
                "CPM $30.00",
                "12,000 impressions",
                "$360.00",
            ),
            line(
                "Garden Talk",
                "Post-roll",
                "2026-05-01 – 2026-05-15",
                "Flat fee",
                "—",
                "$1,200.00",
            ),
        ],
        total: "$2,310.00".to_owned(),
        payment_terms: "Net 30 from the invoice date; invoiced monthly in arrears.".to_owned(),
        makegood_tolerance:
            "Under-delivery beyond 10% of a line's goal is owed as makegood impressions.".to_owned(),
        issued_on: "2026-02-14".to_owned(),
    }
}

/// A document that differs on every call, as a stream of real exports would.
fn numbered(i: usize) -> IoDocument {
    let mut doc = sample();
    doc.io_number = format!("IO-2026-{i:05}");
    doc.advertiser_name = format!("Advertiser number {i}");
    doc.revision = u32::try_from(i % 7).unwrap_or(0) + 1;
    doc.lines[0].show = format!("Show {i}");
    doc.lines[1].total = format!("${}.00", 100 + i);
    doc
}

/// The PDF's text as `pdftotext` reads it, with whitespace runs collapsed to one space.
fn pdf_text(pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().expect("temporary file");
    file.write_all(pdf).expect("write the PDF");
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdftotext failed: {output:?}");
    let text = String::from_utf8(output.stdout).expect("pdftotext writes UTF-8");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
