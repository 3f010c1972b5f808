//! The template's world: errors, the files it can see, its date.

use super::{evictions, pdf_text, sample, PdfError, PdfRenderer};

#[test]
fn a_template_error_is_reported_and_still_evicts() {
    let broken = PdfRenderer::with_template(
        "#let data = json(\"/data.json\")\n#panic(\"broken template for \" + data.io_number)\n",
    );
    let before = evictions();
    let err = broken
        .render_blocking(&sample())
        .expect_err("the template panics");
    assert!(
        matches!(&err, PdfError::Template(message) if message.contains("broken template for IO-2026-0042")),
        "unexpected error: {err}"
    );
    assert_eq!(
        evictions(),
        before + 1,
        "the error path did not evict typst's cache"
    );
}

#[test]
fn the_template_sees_only_main_and_data() {
    let escaping = PdfRenderer::with_template("#read(\"/etc/passwd\")\n");
    let err = escaping
        .render_blocking(&sample())
        .expect_err("no other file exists");
    assert!(
        matches!(&err, PdfError::Template(message) if message.contains("not found")),
        "unexpected error: {err}"
    );
}

#[test]
fn today_is_the_issue_date() {
    let dated = PdfRenderer::with_template("#datetime.today().display(\"[year]/[month]/[day]\")\n");
    let text = pdf_text(&dated.render_blocking(&sample()).expect("renders"));
    assert_eq!(text, "2026/02/14");
}
