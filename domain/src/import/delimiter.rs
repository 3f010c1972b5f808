//! Which of `,` `;` and tab separates the fields of a CSV file.

/// The delimiter of a CSV file judged from its first line (the header): the candidate among
/// `,`, `;` and tab that occurs most often outside double quotes; `,` when none occurs.
pub fn detect_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &byte in first_line {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == byte) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first candidate wins ties, so a line without any gives `,`.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}
