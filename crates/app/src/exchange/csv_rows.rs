//! The CSV of bulk files read fast: RFC 4180 (fields split by commas; a field in double quotes
//! may hold commas, line breaks and doubled quotes), record by record into one reused buffer.
//! A bulk file's rows rarely hold a quote, so a line is split at its commas where it holds none,
//! and taken apart quote by quote only where it does. Like the `csv` crate the export uses, a
//! quote inside an unquoted field is kept as written, text after a closing quote is kept, and
//! empty lines are skipped.

use std::io::BufRead;

/// Records of a CSV file, each with its fields in place.
pub struct CsvRows<R> {
    input: R,
    /// Lines read so far.
    line: u64,
    /// The record as read (without its line end).
    raw: Vec<u8>,
    /// The fields' text when the record held quotes.
    unquoted: Vec<u8>,
    /// Each field's range in `raw` or `unquoted`.
    fields: Vec<(usize, usize)>,
    quoted: bool,
}

impl<R: BufRead> CsvRows<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> Self {
        Self { input, line: 0, raw: Vec::new(), unquoted: Vec::new(), fields: Vec::new(), quoted: false }
    }

    /// Reads the next record; returns the line it starts on, or `None` at the end of the file.
    /// An unreadable file or a quote left open at the end is an error (with its line).
    pub fn next_record(&mut self) -> Result<Option<u64>, (u64, String)> {
        loop {
            self.raw.clear();
            let start = self.line + 1;
            loop {
                let n = self.input.read_until(b'\n', &mut self.raw).map_err(|e| (start, e.to_string()))?;
                if n == 0 && self.raw.is_empty() {
                    return Ok(None);
                }
                if n > 0 {
                    self.line += 1;
                }
                let mut end = self.raw.len();
                while end > 0 && matches!(self.raw[end - 1], b'\n' | b'\r') {
                    end -= 1;
                }
                self.fields.clear();
                self.quoted = self.raw[..end].contains(&b'"');
                if !self.quoted {
                    self.raw.truncate(end);
                    let mut from = 0;
                    for (i, &b) in self.raw.iter().enumerate() {
                        if b == b',' {
                            self.fields.push((from, i));
                            from = i + 1;
                        }
                    }
                    self.fields.push((from, end));
                    break;
                }
                // A quoted field may hold the line's end: then the record goes on.
                if !self.split_quoted(end) {
                    break;
                }
                if n == 0 {
                    return Err((start, "dấu ngoặc kép mở mà không đóng đến hết tệp".into()));
                }
            }
            if self.fields.len() == 1 && self.get(0).is_empty() && !self.quoted {
                continue;
            }
            return Ok(Some(start));
        }
    }

    /// Takes the first `end` bytes of a record holding quotes apart into `unquoted`; returns
    /// whether a quoted field was still open at the end.
    fn split_quoted(&mut self, end: usize) -> bool {
        self.unquoted.clear();
        let mut in_quotes = false;
        let mut at_start = true;
        let mut from = 0;
        let mut bytes = self.raw[..end].iter().copied().peekable();
        while let Some(b) = bytes.next() {
            match b {
                b'"' if in_quotes => {
                    if bytes.peek() == Some(&b'"') {
                        bytes.next();
                        self.unquoted.push(b'"');
                    } else {
                        in_quotes = false;
                    }
                }
                b'"' if at_start => {
                    in_quotes = true;
                    at_start = false;
                }
                b',' if !in_quotes => {
                    self.fields.push((from, self.unquoted.len()));
                    from = self.unquoted.len();
                    at_start = true;
                }
                _ => {
                    self.unquoted.push(b);
                    at_start = false;
                }
            }
        }
        self.fields.push((from, self.unquoted.len()));
        in_quotes
    }

    /// Fields in the record read last.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Field `i` of the record read last (empty past its end).
    pub fn get(&self, i: usize) -> &[u8] {
        let text = if self.quoted { &self.unquoted } else { &self.raw };
        self.fields.get(i).map_or(&[][..], |&(a, b)| &text[a..b])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<(u64, Vec<String>)> {
        let mut rows = CsvRows::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(line) = rows.next_record().expect("reads") {
            out.push((line, (0..rows.len()).map(|i| String::from_utf8_lossy(rows.get(i)).into_owned()).collect()));
        }
        out
    }

    #[test]
    fn fields_read_as_the_csv_crate_reads_them() {
        let text = "a,b,c\r\n1,,\"x, \"\"y\"\"\"\n\n2,\"dòng một\ndòng hai\",z\n3,q\"uote,\"\"\n";
        let mut reference = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let expected: Vec<Vec<String>> =
            reference.records().map(|r| r.expect("record").iter().map(str::to_owned).collect()).collect();
        let got = records(text);
        assert_eq!(got.iter().map(|(_, f)| f.clone()).collect::<Vec<_>>(), expected);
        // Each record's first line, counted as an editor counts them (the blank line too).
        assert_eq!(got.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [1, 2, 4, 6]);
        assert_eq!(records("a,b")[0].1, ["a", "b"]);
        assert!(CsvRows::new("a,\"b\n".as_bytes()).next_record().is_err());
    }

    #[test]
    fn random_rows_read_as_the_csv_crate_reads_them() {
        const PIECES: [&str; 8] = ["a", ",", "\"", "\"\"", "\n", "\r\n", "ữ", " "];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[usize::try_from(seed % 8).unwrap_or(0)]);
            }
            text.push('\n');
            let mut reference =
                csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let expected: Vec<Vec<String>> = reference
                .byte_records()
                .map(|r| r.expect("record").iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect())
                .collect();
            let mut rows = CsvRows::new(text.as_bytes());
            let mut got = Vec::new();
            loop {
                match rows.next_record() {
                    Ok(Some(_)) => got.push(
                        (0..rows.len()).map(|i| String::from_utf8_lossy(rows.get(i)).into_owned()).collect::<Vec<_>>(),
                    ),
                    Ok(None) => break,
                    // A quote left open to the end is refused; the reference reads it as the
                    // last record, the records before it alike.
                    Err(_) => {
                        assert_eq!(got.len() + 1, expected.len(), "{text:?}");
                        got.push(expected[got.len()].clone());
                        break;
                    }
                }
            }
            assert_eq!(got, expected, "{text:?}");
        }
    }
}
