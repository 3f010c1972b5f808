//! [`PdfRenderer`]: one IO in, PDF bytes out, with typst's global cache evicted after each
//! render.

use std::fmt;
use std::sync::Arc;

use chrono::Datelike;

use typst::diag::{SourceDiagnostic, Warned};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::world::{Assets, IoWorld, IO_TEMPLATE};
use super::{IoDocument, PdfError};

/// How many evictions a memoized typst result survives unused: none, the cache is cleared
/// after each render. Every IO differs, so keeping results warm (max age 2) bought no
/// speed in release (p50 6.6 ms against 6.2 ms cleared) and cost memory.
const CACHE_MAX_AGE: usize = 0;

/// Renders IO documents to PDF with typst.
///
/// Holds the standard library, the embedded fonts and the parsed template, loaded once and
/// shared: cloning is cheap and the renderer is `Send + Sync`. Make one at start-up.
#[derive(Clone)]
pub struct PdfRenderer {
    assets: Arc<Assets>,
}

impl PdfRenderer {
    /// Loads the embedded fonts and the IO template (`api/templates/io.typ`).
    pub fn new() -> PdfRenderer {
        PdfRenderer::with_template(IO_TEMPLATE)
    }

    /// A renderer for another template; tests use it to reach the template error path.
    pub(super) fn with_template(template: &'static str) -> PdfRenderer {
        PdfRenderer {
            assets: Arc::new(Assets::new(template)),
        }
    }

    /// Renders on the calling thread: blocking and CPU-bound (milliseconds in a release
    /// build). Async code calls [`PdfRenderer::render`] instead.
    #[tracing::instrument(
        name = "pdf.render",
        skip_all,
        fields(io_number = %doc.io_number, revision = doc.revision, lines = doc.lines.len())
    )]
    pub fn render_blocking(&self, doc: &IoDocument) -> Result<Vec<u8>, PdfError> {
        let _evict = EvictOnDrop;
        self.compile(doc)
    }

    /// Renders on tokio's blocking pool, off the async runtime: what handlers call.
    pub async fn render(&self, doc: IoDocument) -> Result<Vec<u8>, PdfError> {
        let renderer = self.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(|| renderer.render_blocking(&doc)))
            .await?
    }

    fn compile(&self, doc: &IoDocument) -> Result<Vec<u8>, PdfError> {
        let data = serde_json::to_vec(doc).map_err(PdfError::Data)?;
        let today = parse_date(&doc.issued_on);
        let world = IoWorld::new(&self.assets, Bytes::new(data), today);

        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        if !warnings.is_empty() {
            tracing::warn!(warnings = %messages(&warnings), "the IO template warns");
        }
        let document = output.map_err(|errors| PdfError::Template(messages(&errors)))?;

        let options = PdfOptions {
            timestamp: today.map(Timestamp::new_utc),
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Export(messages(&errors)))
    }
}

impl Default for PdfRenderer {
    fn default() -> Self {
        PdfRenderer::new()
    }
}

impl fmt::Debug for PdfRenderer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PdfRenderer")
            .field("fonts", &self.assets.font_count())
            .finish_non_exhaustive()
    }
}

/// Evicts typst's global memoization cache when dropped: after every render, whether it
/// succeeded, failed or panicked. Without it the cache grows by megabytes per document.
struct EvictOnDrop;

impl Drop for EvictOnDrop {
    fn drop(&mut self) {
        // typst's re-export: a separately declared comemo could be another version, whose
        // evict would clear nothing.
        typst::comemo::evict(CACHE_MAX_AGE);
        #[cfg(test)]
        super::tests::EVICTIONS.with(|count| count.set(count.get() + 1));
    }
}

/// `YYYY-MM-DD` as a typst date, or `None` (then the template must not ask for today).
fn parse_date(text: &str) -> Option<Datetime> {
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Datetime::from_ymd(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}

/// The diagnostics' messages on one line, for errors and logs.
fn messages(diagnostics: &EcoVec<SourceDiagnostic>) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| diagnostic.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
