//! A CSV file's line breaks made such that the `csv` crate numbers every record by the line
//! it starts on. Left alone, the crate reports one line too few after a CRLF (it counts a
//! line when it consumes an LF, and a record ends at the CR before it) and gives the first
//! record after an empty line the empty line's number (rust-csv issues 395 and 208).

use std::io::{self, Read};

/// Reads the inner file with CRLF and a lone CR as LF, and every empty line holding one
/// space: a blank row, which the import skips like any blank row, but which the `csv`
/// crate reads as a record, so the lines after it keep their numbers. Inside a quoted
/// field the same changes apply; such a field holds a line break either way, which no
/// column accepts.
pub struct LineBreaks<R> {
    inner: R,
    chunk: Vec<u8>,
    out: Vec<u8>,
    served: usize,
    at_line_start: bool,
    after_cr: bool,
}

impl<R: Read> LineBreaks<R> {
    /// Reads `inner` through the adapter.
    pub fn new(inner: R) -> Self {
        LineBreaks {
            inner,
            chunk: vec![0; 1 << 16],
            out: Vec::with_capacity(1 << 17),
            served: 0,
            at_line_start: true,
            after_cr: false,
        }
    }

    /// Reads and translates the next chunk of the inner file; false at its end.
    fn refill(&mut self) -> io::Result<bool> {
        let n = self.inner.read(&mut self.chunk)?;
        self.out.clear();
        self.served = 0;
        for &byte in &self.chunk[..n] {
            if std::mem::take(&mut self.after_cr) && byte == b'\n' {
                continue;
            }
            match byte {
                b'\r' | b'\n' => {
                    self.after_cr = byte == b'\r';
                    if self.at_line_start {
                        self.out.push(b' ');
                    }
                    self.out.push(b'\n');
                    self.at_line_start = true;
                }
                _ => {
                    self.out.push(byte);
                    self.at_line_start = false;
                }
            }
        }
        Ok(n > 0)
    }
}

impl<R: Read> Read for LineBreaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // A chunk of only a CRLF's LF translates to nothing: read on.
        while self.served == self.out.len() {
            if !self.refill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.served);
        buf[..n].copy_from_slice(&self.out[self.served..self.served + n]);
        self.served += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::LineBreaks;

    /// `input` read through the adapter from an inner reader that hands out `step` bytes
    /// at a time (so CRLFs fall across reads).
    fn translate(input: &[u8], step: usize) -> String {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(self.0.len()).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = String::new();
        LineBreaks::new(Trickle(input, step))
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn crlf_and_cr_become_lf_and_empty_lines_hold_a_space() {
        for step in [1, 2, 3, 1000] {
            assert_eq!(translate(b"a,b\r\n1,2\r\n", step), "a,b\n1,2\n");
            assert_eq!(translate(b"a,b\r1,2\r", step), "a,b\n1,2\n");
            assert_eq!(translate(b"\r\na\r\n\r\n\n1\n", step), " \na\n \n \n1\n");
            assert_eq!(translate(b"a\n\"x\r\ny\"\n", step), "a\n\"x\ny\"\n");
            assert_eq!(
                translate(b"no break at the end", step),
                "no break at the end"
            );
            assert_eq!(translate(b"", step), "");
        }
    }

    #[test]
    fn the_csv_crate_then_numbers_records_by_their_first_line() {
        let input = b"h1,h2\r\n1,a\r\n\r\n2,b\r\n\"3\r\nx\",c\r\n\n4,d";
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(LineBreaks::new(&input[..]));
        let lines: Vec<(u64, String)> = reader
            .records()
            .map(|r| r.unwrap())
            .filter(|r| r.len() > 1)
            .map(|r| (r.position().unwrap().line(), r[0].to_string()))
            .collect();
        let expected = [(1, "h1"), (2, "1"), (4, "2"), (5, "3\nx"), (8, "4")];
        let expected: Vec<(u64, String)> =
            expected.iter().map(|(l, s)| (*l, s.to_string())).collect();
        assert_eq!(lines, expected);
    }
}
