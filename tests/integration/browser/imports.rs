//! The CSV uploader in a real browser: a file dropped on the drop zone (a real `drop` event
//! with a `DataTransfer` built in the page) and a file chosen with the file picker are
//! uploaded with a progress bar that reaches 100 %, and the rejected line numbers are listed
//! in place; the import's page and the automation page follow.

use cuepoint_domain::tenancy::Role;
use serde_json::{json, Value};

use crate::support::browser::Browser;
use crate::web::fixture;

/// Five rows of February for Night Shift: line 3 has negative downloads, line 5 names a
/// show the tenant does not have (worked out as in `web::imports`).
const FEBRUARY: &str = "date,show,episode,downloads,source
2026-02-01,night-shift,,500,csv
2026-02-02,night-shift,,-5,csv
2026-02-03,night-shift,,700,csv
2026-02-04,nope,,10,csv
2026-02-05,night-shift,,900,csv
";

/// Drops a file named `name` holding `content` on the uploader's drop zone, as a person
/// dragging it from their desktop would.
async fn drop_file(browser: &Browser, name: &str, content: &str) {
    let script = r#"
        const [name, content] = arguments;
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type: "text/csv" }));
        const zone = document.getElementById("dropzone");
        for (const type of ["dragenter", "dragover", "drop"]) {
            zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }
    "#;
    browser
        .client
        .execute(script, vec![json!(name), json!(content)])
        .await
        .unwrap();
}

/// The upload's result once it is there: (accepted, rejected, rejected line numbers).
async fn uploaded(browser: &Browser) -> (String, String, Vec<u64>) {
    let accepted = browser
        .text_of("#upload-result [data-figure=accepted]")
        .await;
    let rejected = browser
        .text_of("#upload-result [data-figure=rejected]")
        .await;
    let lines = browser
        .client
        .execute(
            "return [...document.querySelectorAll('#upload-result li[data-line]')]
                .map((li) => Number(li.dataset.line));",
            vec![],
        )
        .await
        .unwrap();
    let lines = (lines.as_array().unwrap().iter())
        .map(|l| l.as_u64().unwrap())
        .collect();
    (accepted, rejected, lines)
}

/// The progress bar's `[value, max]`.
async fn progress(browser: &Browser) -> Value {
    let bar =
        "const bar = document.getElementById('upload-progress'); return [bar.value, bar.max];";
    browser.client.execute(bar, vec![]).await.unwrap()
}

#[tokio::test]
async fn a_csv_dropped_on_the_uploader_is_imported_with_its_rejected_lines_listed() {
    let fixture = fixture().await;
    let browser = Browser::open(&fixture.app).await;
    browser.sign_in("acme", fixture.token(Role::Ops)).await;
    browser.goto("/imports").await;
    browser.wait_for("#dropzone").await;

    // Checked in the page before anything is sent.
    drop_file(&browser, "notes.txt", "hello").await;
    let refused = browser.text_of("#upload-result .error").await;
    assert!(refused.contains("is not a .csv file"), "{refused}");

    drop_file(&browser, "february.csv", FEBRUARY).await;
    let (accepted, rejected, lines) = uploaded(&browser).await;
    assert_eq!((accepted.as_str(), rejected.as_str()), ("3", "2"));
    assert_eq!(lines, [3, 5]);
    let bar = progress(&browser).await;
    assert_eq!(bar[0], bar[1], "the progress bar is full: {bar}");
    assert_eq!(bar[1], FEBRUARY.len() as f64);
    let listed = browser.text_of("#upload-result ol.rejections").await;
    assert!(
        listed.contains("Line 3 (downloads): negative downloads: -5"),
        "{listed}"
    );
    browser.screenshot("imports-uploaded").await;

    // The same file again: the API's duplicate answer, in place.
    drop_file(&browser, "february.csv", FEBRUARY).await;
    browser
        .wait_for("#upload-result[data-state=duplicate]")
        .await;
    let duplicate = browser.text_of("#upload-result").await;
    assert!(duplicate.contains("already imported"), "{duplicate}");
    browser.screenshot("imports-duplicate").await;
    browser.close().await;
}

#[tokio::test]
async fn a_csv_chosen_with_the_file_picker_is_imported_then_its_page_lists_the_lines() {
    let fixture = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("february.csv");
    std::fs::write(&file, FEBRUARY).unwrap();
    let browser = Browser::open(&fixture.app).await;
    browser.sign_in("acme", fixture.token(Role::Admin)).await;
    browser.goto("/imports").await;
    browser
        .wait_for("#upload-file")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    let (accepted, rejected, lines) = uploaded(&browser).await;
    assert_eq!((accepted.as_str(), rejected.as_str()), ("3", "2"));
    assert_eq!(lines, [3, 5]);
    let bar = progress(&browser).await;
    assert_eq!(bar[0], bar[1], "the progress bar is full: {bar}");

    // The list, read after the import (the result's link carries its consistency token).
    browser
        .wait_for("#upload-result a[href^='/imports?after=']")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for("tr[data-import] a").await;
    assert_eq!(
        browser
            .client
            .execute(
                "return document.querySelectorAll('tr[data-import]').length;",
                vec![]
            )
            .await
            .unwrap(),
        json!(2)
    );
    browser.screenshot("imports").await;
    // At a phone's width the page still reads: nothing wider than the window but the
    // tables, which scroll in their own box.
    browser.client.set_window_size(375, 800).await.unwrap();
    let overflow = browser
        .client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(overflow, json!(true), "the page is wider than 375 px");
    browser.screenshot("imports-375").await;
    browser.client.set_window_size(1280, 900).await.unwrap();

    browser
        .wait_for("tr[data-import] a")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for("table.rejections").await;
    assert_eq!(browser.text_of("[data-figure=rejected]").await, "2");
    assert_eq!(browser.text_of("tr[data-line='5'] th").await, "5");
    browser.screenshot("import").await;

    browser.goto("/automation").await;
    browser
        .wait_for("tr[data-job='etl-health-check'] button")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for("p.notice").await;
    assert_eq!(
        browser.text_of("tr.current [data-status]").await,
        "succeeded"
    );
    browser.screenshot("automation").await;
    browser.close().await;
}
