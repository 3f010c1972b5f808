//! A rejected row is reported on the line it starts on, whatever the file's line breaks
//! (LF, CRLF, CR), with empty lines and quoted line breaks before it.

use crate::etl_support::{imported, show};
use crate::support::TestApp;

#[tokio::test]
async fn rejections_name_the_line_the_row_starts_on_whatever_the_line_breaks() {
    let app = TestApp::spawn().await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    // Line 1 is empty; the header is line 2; line 5 is empty; line 6's episode runs onto
    // line 7 (a quoted line break: rejected); line 8 has a negative count.
    let lines = [
        "",
        "date,show,episode,downloads",
        "2026-03-01,night-shift,,1",
        "2026-03-02,nope,,2",
        "",
        "2026-03-03,night-shift,\"ep",
        "6\",3",
        "2026-03-04,night-shift,,-4",
        "2026-03-05,night-shift,,5",
    ];
    for (name, line_break) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let csv = lines.join(line_break) + line_break;
        let answer = imported(&app, &csv, &format!("?source={name}")).await;
        let found: Vec<(i64, &str)> = answer["rejections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["line"].as_i64().unwrap(), r["column"].as_str().unwrap()))
            .collect();
        assert_eq!(
            found,
            [(4, "show"), (6, "episode"), (8, "downloads")],
            "{name}"
        );
        assert_eq!(answer["accepted"], 2, "{name}");
    }
}
