//! The IO PDF export: an [`IoDocument`] (everything printed, already computed) rendered by
//! typst from `api/templates/io.typ`, with the embedded fonts of `typst-assets` (offline).
//!
//! The template reads the document from a virtual `/data.json`, so its strings are data,
//! never markup. typst memoizes globally: every render evicts the cache afterwards, on the
//! error paths too, which keeps memory flat over thousands of renders.

mod document;
mod render;
#[cfg(test)]
mod tests;
mod world;

pub use document::{IoDocument, IoDocumentLine};
pub use render::PdfRenderer;

/// Why an IO could not be rendered. Every variant is a server fault: the document's data
/// cannot make the template fail.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The document could not be serialized for the template.
    #[error("the IO document could not be serialized: {0}")]
    Data(#[source] serde_json::Error),
    /// typst reported errors while compiling the template.
    #[error("the IO template failed: {0}")]
    Template(String),
    /// typst could not write the laid-out document as PDF.
    #[error("the PDF export failed: {0}")]
    Export(String),
    /// The blocking render task panicked or was cancelled.
    #[error("the render task did not complete: {0}")]
    Task(#[from] tokio::task::JoinError),
}
