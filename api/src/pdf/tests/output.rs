//! What the PDF holds, whatever the data.

use super::{evictions, pdf_text, renderer, sample, PdfRenderer};

#[test]
fn the_renderer_is_shareable_across_threads() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<PdfRenderer>();
}

#[test]
fn renders_a_pdf() {
    let pdf = renderer().render_blocking(&sample()).expect("renders");
    assert!(
        pdf.starts_with(b"%PDF"),
        "not a PDF: {:?}",
        &pdf[..pdf.len().min(16)]
    );
}

#[test]
fn an_io_without_lines_or_a_known_status_renders() {
    let mut doc = sample();
    doc.lines.clear();
    doc.status = "On hold".to_owned();
    doc.issued_on = "not a date".to_owned();
    let text = pdf_text(&renderer().render_blocking(&doc).expect("renders"));
    assert!(
        text.contains("ON HOLD"),
        "the status is missing from {text:?}"
    );
}

#[test]
fn the_pdf_reads_back_the_advertiser_every_line_and_the_total() {
    let doc = sample();
    let text = pdf_text(&renderer().render_blocking(&doc).expect("renders"));

    for expected in [
        &doc.advertiser_name,
        &doc.tenant_name,
        &doc.io_number,
        &doc.payment_terms,
    ] {
        assert!(
            text.contains(expected.as_str()),
            "{expected:?} missing from {text:?}"
        );
    }
    for line in &doc.lines {
        for expected in [&line.show, &line.flight, &line.pricing, &line.total] {
            assert!(
                text.contains(expected.as_str()),
                "{expected:?} missing from {text:?}"
            );
        }
    }
    // The total worked out by hand in `sample`.
    assert!(
        text.contains("$2,310.00"),
        "the total is missing from {text:?}"
    );
    assert!(text.contains("Page 1 of 1"), "not one page: {text:?}");
}

#[test]
fn typst_markup_in_the_data_prints_literally() {
    let mut doc = sample();
    doc.advertiser_name =
        r"Acme #set [Beta] $x^2$ *bold* _it_ <lbl> @ref `raw` \ // no comment".to_owned();
    doc.lines[0].show = "#panic(\"boom\") = Heading".to_owned();
    doc.payment_terms = "Net 30 #{ 1 + 1 } ]] [[ $$".to_owned();

    let before = evictions();
    let text = pdf_text(
        &renderer()
            .render_blocking(&doc)
            .expect("markup in data is only text"),
    );
    assert_eq!(
        evictions(),
        before + 1,
        "the render did not evict typst's cache"
    );

    for expected in [&doc.advertiser_name, &doc.lines[0].show, &doc.payment_terms] {
        assert!(
            text.contains(expected.as_str()),
            "{expected:?} missing from {text:?}"
        );
    }
}

#[test]
fn the_output_is_reproducible() {
    let first = renderer().render_blocking(&sample()).expect("renders");
    let second = renderer().render_blocking(&sample()).expect("renders");
    assert!(first == second, "two renders of one document differ");
}

#[tokio::test]
async fn render_runs_on_the_blocking_pool() {
    let pdf = renderer().render(sample()).await.expect("renders");
    assert!(pdf.starts_with(b"%PDF"));
}
