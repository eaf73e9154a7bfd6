//! Reading the cell text of an uploaded `.xlsx`, cell by cell and within limits.
//!
//! The workbook is read straight from its parts (`xl/workbook.xml`, its relationships,
//! `xl/sharedStrings.xml`, `xl/styles.xml` for which cells hold dates, and each worksheet),
//! each inflated through `take(limit + 1)` whatever its header declares, so that no part may
//! grow past [`MAX_READ_PART_BYTES`] and all of them together past [`MAX_READ_UNPACKED_BYTES`]
//! (a part read twice counts twice). Only the
//! cells that hold something are kept, and a cell past [`MAX_READ_ROWS`] rows or
//! [`MAX_READ_COLS`] columns, or past [`MAX_READ_CELLS`] filled cells in the workbook, is
//! refused with an error naming the sheet and the cell. Nothing is sized from what the file
//! declares (`<dimension>`, `uniqueCount`), so a sheet with one cell at A1 and one at
//! XFD1048576 costs two cells, not the seventeen billion between them.
//!
//! Values are read the way `calamine` reads them: shared and inline strings (rich-text runs
//! joined, phonetic runs left out, `_xHHHH_` escapes decoded, outer whitespace trimmed unless
//! `xml:space="preserve"`), numbers, booleans as `TRUE`/`FALSE`, errors as written (`#DIV/0!`),
//! and numbers in a date format as dates (through `calamine::ExcelDateTime`, so the 1900 and
//! 1904 date systems and Excel's 1900 leap-year bug come out the same).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::{SheetText, XlsxError, data_text};
use crate::package::{Package, PartError, mib};

/// Rows read per sheet; a filled cell below them is refused.
pub const MAX_READ_ROWS: usize = 10_000;
/// Columns read per sheet (A to IV); a filled cell right of them is refused.
pub const MAX_READ_COLS: usize = 256;
/// Filled cells read in the whole workbook.
pub const MAX_READ_CELLS: usize = 200_000;
/// Cells returned for the whole workbook, the empty ones between filled cells included (each
/// costs a `String`).
pub const MAX_READ_SLOTS: usize = MAX_READ_ROWS * MAX_READ_COLS;
/// Sheets read.
pub const MAX_READ_SHEETS: usize = 64;
/// The most one part (a worksheet, the shared strings) may inflate to.
pub const MAX_READ_PART_BYTES: usize = 32 * 1024 * 1024;
/// The most all the parts read may inflate to together.
pub const MAX_READ_UNPACKED_BYTES: usize = 64 * 1024 * 1024;

/// How a number format shows a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Number,
    DateTime,
    Duration,
}

/// Every sheet of an `.xlsx` workbook as (name, rows of cell text), in tab order. Row 0 is
/// Excel's row 1 and column 0 is column A; each row ends at its last filled cell and the sheet
/// at its last row with one (an empty sheet has no rows).
pub fn read_text(bytes: &[u8]) -> Result<Vec<SheetText>, XlsxError> {
    if bytes.len() > crate::text::MAX_UPLOAD_BYTES {
        return Err(XlsxError::Read(format!("tệp lớn hơn giới hạn {} MiB", mib(crate::text::MAX_UPLOAD_BYTES))));
    }
    let mut package = Package::open(bytes, MAX_READ_UNPACKED_BYTES).map_err(XlsxError::Read)?;
    let mut part = |name: &str| -> Result<Option<Vec<u8>>, XlsxError> {
        package.read(name, MAX_READ_PART_BYTES).map_err(|e| match e {
            PartError::TooLarge(limit) => {
                XlsxError::PartTooLarge { part: name.to_owned(), detail: format!("vượt quá {} MiB", mib(limit)) }
            }
            PartError::OverBudget(limit) => XlsxError::PartTooLarge {
                part: name.to_owned(),
                detail: format!("làm tổng dung lượng các phần vượt quá {} MiB", mib(limit)),
            },
            PartError::Damaged(e) => XlsxError::Read(format!("phần {name} bị hỏng: {e}")),
        })
    };

    let workbook_path = match part("_rels/.rels")? {
        Some(rels) => relationships(&rels, "")
            .map_err(|e| xml_error("_rels/.rels", &e))?
            .into_iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map_or_else(|| "xl/workbook.xml".to_owned(), |r| r.target),
        None => "xl/workbook.xml".to_owned(),
    };
    let dir = workbook_path.rsplit_once('/').map_or("", |(d, _)| d);
    let rels_path = format!("{dir}/_rels/{}.rels", workbook_path.rsplit('/').next().unwrap_or_default());
    let workbook_xml =
        part(&workbook_path)?.ok_or_else(|| XlsxError::Read(format!("không có phần {workbook_path}")))?;
    let (sheets, date_1904) = workbook(&workbook_xml).map_err(|e| xml_error(&workbook_path, &e))?;
    drop(workbook_xml);
    if sheets.len() > MAX_READ_SHEETS {
        return Err(XlsxError::Read(format!(
            "tệp có {} trang tính, vượt quá giới hạn đọc {MAX_READ_SHEETS} trang",
            sheets.len()
        )));
    }
    let rels = match part(&rels_path)? {
        Some(xml) => relationships(&xml, dir).map_err(|e| xml_error(&rels_path, &e))?,
        None => Vec::new(),
    };
    let target = |kind: &str| rels.iter().find(|r| r.kind.ends_with(kind)).map(|r| r.target.clone());
    let strings = match target("/sharedStrings").map(|p| (part(&p), p)) {
        Some((Ok(Some(xml)), path)) => shared_strings(&xml).map_err(|e| xml_error(&path, &e))?,
        Some((Err(e), _)) => return Err(e),
        _ => Vec::new(),
    };
    let formats = match target("/styles").map(|p| (part(&p), p)) {
        Some((Ok(Some(xml)), path)) => cell_formats(&xml).map_err(|e| xml_error(&path, &e))?,
        Some((Err(e), _)) => return Err(e),
        _ => Vec::new(),
    };

    let mut reading = Reading { strings: &strings, formats: &formats, date_1904, cells: 0, slots: 0 };
    let mut out = Vec::with_capacity(sheets.len());
    for (name, id) in sheets {
        let rel = rels.iter().find(|r| r.id == id);
        let rows = match rel {
            Some(rel) if rel.kind.ends_with("/worksheet") => {
                let xml = part(&rel.target)?
                    .ok_or_else(|| XlsxError::Read(format!("trang \"{name}\": không có phần {}", rel.target)))?;
                reading.sheet(&name, &xml)?
            }
            // Chart sheets and dialog sheets have no cells.
            Some(_) => Vec::new(),
            None => return Err(XlsxError::Read(format!("trang \"{name}\": không tìm thấy phần chứa trang"))),
        };
        out.push((name, rows));
    }
    Ok(out)
}

fn xml_error(part: &str, e: &str) -> XlsxError {
    XlsxError::Read(format!("phần {part}: {e}"))
}

/// One relationship of a `.rels` part, its target resolved against the part's folder.
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn attr(e: &BytesStart<'_>, local: &str) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        if a.key.local_name().as_ref() == local {
            return a.normalized_value(XML_1_0).map(|v| Some(v.into_owned())).map_err(|e| e.to_string());
        }
    }
    Ok(None)
}

const XML_1_0: quick_xml::XmlVersion = quick_xml::XmlVersion::Implicit1_0;

/// A reader over a part, which must be UTF-8 (a byte-order mark is skipped).
fn reader(xml: &[u8]) -> Result<quick_xml::Reader<&[u8]>, String> {
    let text = std::str::from_utf8(xml).map_err(|e| format!("không phải UTF-8: {e}"))?;
    Ok(quick_xml::Reader::from_str(text.trim_start_matches('\u{feff}')))
}

fn relationships(xml: &[u8], dir: &str) -> Result<Vec<Relationship>, String> {
    let mut reader = reader(xml)?;
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(kind), Some(target)) = (attr(&e, "Id")?, attr(&e, "Type")?, attr(&e, "Target")?)
                else {
                    continue;
                };
                out.push(Relationship { id, kind, target: resolve(dir, &target) });
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A relationship target as a path in the package: absolute (`/xl/…`) or relative to `dir`.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let (base, target) = match target.strip_prefix('/') {
        Some(absolute) => ("", absolute),
        None => (dir, target),
    };
    for piece in base.split('/').chain(target.split('/')) {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The sheets of `workbook.xml` as (name, relationship id), and whether dates count from 1904.
fn workbook(xml: &[u8]) -> Result<(Vec<(String, String)>, bool), String> {
    let mut reader = reader(xml)?;
    let mut sheets = Vec::new();
    let mut date_1904 = false;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "workbookPr" => {
                    date_1904 = matches!(attr(&e, "date1904")?.as_deref(), Some("1" | "true"));
                }
                "sheet" => {
                    if let (Some(name), Some(id)) = (attr(&e, "name")?, attr(&e, "id")?) {
                        sheets.push((name, id));
                        if sheets.len() > MAX_READ_SHEETS {
                            return Ok((sheets, date_1904));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok((sheets, date_1904)),
            _ => {}
        }
    }
}

/// The text of a string item (`<si>`, `<is>`) whose start tag has just been read: the `<t>`
/// elements joined, those of phonetic runs (`<rPh>`) left out.
fn string_item(reader: &mut quick_xml::Reader<&[u8]>, end: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut text = String::new();
    let mut in_text = false;
    let mut preserve = false;
    let mut phonetic = 0usize;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                "rPh" => phonetic += 1,
                "t" if phonetic == 0 => {
                    in_text = true;
                    preserve = attr(&e, "space")?.as_deref() == Some("preserve");
                    text.clear();
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "rPh" => phonetic = phonetic.saturating_sub(1),
                "t" if in_text => {
                    in_text = false;
                    let t = if preserve { text.as_str() } else { text.trim_matches([' ', '\t', '\r', '\n']) };
                    unescape_ooxml(t, &mut out);
                }
                name if name == end => return Ok(out),
                _ => {}
            },
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => push_reference(&r, &mut text)?,
            Event::Eof => return Err("tệp kết thúc giữa chừng".into()),
            _ => {}
        }
    }
}

fn push_reference(r: &quick_xml::events::BytesRef<'_>, out: &mut String) -> Result<(), String> {
    if r.is_char_ref() {
        if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
            out.push(c);
        }
    } else {
        let name = r.xml10_content();
        match quick_xml::escape::resolve_predefined_entity(&name) {
            Some(s) => out.push_str(s),
            None => return Err(format!("thực thể không biết: &{name};")),
        }
    }
    Ok(())
}

/// Decodes OOXML's `_xHHHH_` escapes (UTF-16 code units; a lone surrogate becomes U+FFFD).
fn unescape_ooxml(s: &str, out: &mut String) {
    fn unit(s: &str, at: usize) -> Option<u16> {
        let e = s.get(at..at + 7)?;
        if !e.starts_with("_x") || !e.ends_with('_') {
            return None;
        }
        u16::from_str_radix(&e[2..6], 16).ok()
    }
    let mut i = 0;
    let mut copied = 0;
    while let Some(found) = s[i..].find("_x") {
        let at = i + found;
        let Some(u) = unit(s, at) else {
            i = at + 2;
            continue;
        };
        out.push_str(&s[copied..at]);
        let mut next = at + 7;
        let c = match u {
            0xD800..=0xDBFF => match unit(s, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00))
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(u)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        i = next;
        copied = next;
    }
    out.push_str(&s[copied..]);
}

fn shared_strings(xml: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = reader(xml)?;
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.local_name().as_ref() == "si" => out.push(string_item(&mut reader, "si")?),
            Event::Empty(e) if e.local_name().as_ref() == "si" => out.push(String::new()),
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// How each cell style (`cellXfs`, by index) shows numbers.
fn cell_formats(xml: &[u8]) -> Result<Vec<Format>, String> {
    let mut reader = reader(xml)?;
    let mut custom: HashMap<String, Format> = HashMap::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    if let (Some(id), Some(code)) = (attr(&e, "numFmtId")?, attr(&e, "formatCode")?) {
                        custom.insert(id, custom_format(&code));
                    }
                }
                "cellXfs" => in_xfs = true,
                "xf" if in_xfs => {
                    let id = attr(&e, "numFmtId")?.unwrap_or_default();
                    out.push(custom.get(&id).copied().unwrap_or_else(|| builtin_format(&id)));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Built-in number formats (ECMA-376 §18.8.30) that show dates or durations.
fn builtin_format(id: &str) -> Format {
    match id.parse::<u16>() {
        Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58) => Format::DateTime,
        Ok(46) => Format::Duration,
        _ => Format::Number,
    }
}

/// Whether a custom format code shows a date: a date or time letter outside quotes, escapes
/// and brackets in its first section; `[h]`, `[m]`, `[s]` make it a duration. As `calamine`.
fn custom_format(code: &str) -> Format {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ampm = false;
    for c in code.chars() {
        match (c, escaped, quoted, ampm, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => {}
            ('"', ..) => quoted = true,
            (';', ..) => return Format::Number,
            ('[', ..) => brackets = brackets.saturating_add(1),
            (']', .., 1) if hms => return Format::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ampm = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0)
            | ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => return Format::DateTime,
            _ => {
                if !(hms && c.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    Format::Number
}

/// `A1`-style name of a cell (0-based row and column).
fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// The 0-based (row, column) of an `A1` reference, or `None` when it is not one.
fn parse_cell(r: &str) -> Option<(usize, usize)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters.bytes().fold(0usize, |acc, b| acc * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: usize = digits.parse().ok().filter(|&r| r > 0)?;
    Some((row - 1, col - 1))
}

/// A number with dots between thousands, as Vietnamese writes it.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// What the sheets of one workbook share while they are read.
struct Reading<'a> {
    strings: &'a [String],
    formats: &'a [Format],
    date_1904: bool,
    /// Filled cells read so far.
    cells: usize,
    /// Cells returned so far, empty ones between included.
    slots: usize,
}

/// The attributes of a `<c>` element that say what its value is.
#[derive(Default)]
struct CellAttrs {
    at: Option<String>,
    kind: Option<String>,
    style: Option<String>,
}

impl Reading<'_> {
    /// The rows of one worksheet.
    fn sheet(&mut self, name: &str, xml: &[u8]) -> Result<Vec<Vec<String>>, XlsxError> {
        let mut reader = reader(xml).map_err(|e| XlsxError::Read(format!("trang \"{name}\": {e}")))?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        // Where the next cell goes when it does not say (0-based).
        let (mut row, mut col) = (0usize, 0usize);
        let err = |reader: &quick_xml::Reader<&[u8]>, e: &str| {
            XlsxError::Read(format!("trang \"{name}\": XML lỗi ở vị trí {}: {e}", reader.buffer_position()))
        };
        let mut in_data = false;
        loop {
            let event = reader.read_event().map_err(|e| err(&reader, &e.to_string()))?;
            match event {
                Event::Start(e) if e.local_name().as_ref() == "sheetData" => in_data = true,
                Event::End(e) if e.local_name().as_ref() == "sheetData" => in_data = false,
                Event::Start(e) if in_data && e.local_name().as_ref() == "row" => {
                    if let Some(r) = attr(&e, "r").map_err(|x| err(&reader, &x))? {
                        row = r.parse::<usize>().ok().and_then(|r| r.checked_sub(1)).unwrap_or(row);
                    }
                    col = 0;
                }
                Event::Empty(e) if in_data && e.local_name().as_ref() == "row" => {
                    if let Some(r) = attr(&e, "r").map_err(|x| err(&reader, &x))? {
                        row = r.parse::<usize>().ok().and_then(|r| r.checked_sub(1)).unwrap_or(row);
                    }
                    row += 1;
                    col = 0;
                }
                Event::End(e) if in_data && e.local_name().as_ref() == "row" => {
                    row += 1;
                    col = 0;
                }
                Event::Start(e) if in_data && e.local_name().as_ref() == "c" => {
                    let attrs = cell_attrs(&e).map_err(|x| err(&reader, &x))?;
                    let (r, c) = Self::position(name, attrs.at.as_deref(), row, col)?;
                    let value = self.value(&mut reader, &attrs).map_err(|x| err(&reader, &x))?;
                    (row, col) = (r, c + 1);
                    if let Some(text) = value.filter(|t| !t.is_empty()) {
                        self.store(name, &mut rows, r, c, text)?;
                    }
                }
                Event::Empty(e) if in_data && e.local_name().as_ref() == "c" => {
                    let attrs = cell_attrs(&e).map_err(|x| err(&reader, &x))?;
                    let (r, c) = Self::position(name, attrs.at.as_deref(), row, col)?;
                    (row, col) = (r, c + 1);
                }
                Event::Eof => return self.square(name, rows),
                _ => {}
            }
        }
    }

    /// Pads the rows from the first filled one on to the width of the widest, as a range of
    /// cells reads (rows above stay empty).
    fn square(&mut self, sheet: &str, mut rows: Vec<Vec<String>>) -> Result<Vec<Vec<String>>, XlsxError> {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let top = rows.iter().position(|r| !r.is_empty()).unwrap_or(rows.len());
        let padding: usize = rows[top..].iter().map(|r| width - r.len()).sum();
        self.slots += padding;
        if self.slots > MAX_READ_SLOTS {
            return Err(XlsxError::ReadLimit {
                sheet: sheet.to_owned(),
                cell: cell_name(rows.len().saturating_sub(1), width.saturating_sub(1)),
                detail: format!("vượt quá giới hạn đọc {} ô (tính cả ô trống xen giữa)", thousands(MAX_READ_SLOTS)),
            });
        }
        for row in &mut rows[top..] {
            row.resize_with(width, String::new);
        }
        Ok(rows)
    }

    /// Where a cell is: its `r` attribute, else the next place in the row.
    fn position(sheet: &str, at: Option<&str>, row: usize, col: usize) -> Result<(usize, usize), XlsxError> {
        match at {
            Some(at) => parse_cell(at)
                .ok_or_else(|| XlsxError::Read(format!("trang \"{sheet}\": địa chỉ ô \"{at}\" không hợp lệ"))),
            None => Ok((row, col)),
        }
    }

    /// Keeps a filled cell, within the limits.
    fn store(
        &mut self,
        sheet: &str,
        rows: &mut Vec<Vec<String>>,
        r: usize,
        c: usize,
        text: String,
    ) -> Result<(), XlsxError> {
        let refuse = |detail: String| XlsxError::ReadLimit { sheet: sheet.to_owned(), cell: cell_name(r, c), detail };
        if r >= MAX_READ_ROWS || c >= MAX_READ_COLS {
            return Err(refuse(format!(
                "vượt quá giới hạn đọc {} dòng × {} cột",
                thousands(MAX_READ_ROWS),
                thousands(MAX_READ_COLS)
            )));
        }
        self.cells += 1;
        if self.cells > MAX_READ_CELLS {
            return Err(refuse(format!("vượt quá giới hạn đọc {} ô có dữ liệu", thousands(MAX_READ_CELLS))));
        }
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut rows[r];
        if line.len() <= c {
            self.slots += c + 1 - line.len();
            if self.slots > MAX_READ_SLOTS {
                return Err(refuse(format!(
                    "vượt quá giới hạn đọc {} ô (tính cả ô trống xen giữa)",
                    thousands(MAX_READ_SLOTS)
                )));
            }
            line.resize_with(c + 1, String::new);
        }
        line[c] = text;
        Ok(())
    }

    /// The text of the cell whose start tag has just been read (its end tag is consumed);
    /// `None` for a cell without a value.
    fn value(&self, reader: &mut quick_xml::Reader<&[u8]>, attrs: &CellAttrs) -> Result<Option<String>, String> {
        let kind = attrs.kind.as_deref();
        let mut value = None;
        let mut depth = 0usize;
        loop {
            match reader.read_event().map_err(|e| e.to_string())? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "is" if depth == 0 => value = Some(string_item(reader, "is")?),
                    "v" if depth == 0 => {
                        let raw = element_text(reader)?;
                        if !matches!(kind, Some("inlineStr")) {
                            value = Some(self.v_text(&raw, kind, attrs.style.as_deref())?);
                        }
                    }
                    _ => depth += 1,
                },
                Event::End(e) => {
                    if depth == 0 && e.local_name().as_ref() == "c" {
                        return Ok(value);
                    }
                    depth = depth.saturating_sub(1);
                }
                Event::Eof => return Err("tệp kết thúc giữa chừng".into()),
                _ => {}
            }
        }
    }

    /// The text of a `<v>` value by the cell's type and style.
    fn v_text(&self, v: &str, kind: Option<&str>, style: Option<&str>) -> Result<String, String> {
        use calamine::{Data, ExcelDateTime, ExcelDateTimeType};

        Ok(match kind {
            Some("s") => {
                if v.is_empty() {
                    return Ok(String::new());
                }
                let index = v.trim().parse::<usize>().unwrap_or(usize::MAX);
                self.strings.get(index).cloned().ok_or_else(|| format!("không có chuỗi dùng chung số {v}"))?
            }
            Some("b") => match v.trim() {
                "1" | "true" => "TRUE".to_owned(),
                "0" | "false" => "FALSE".to_owned(),
                other => other.to_owned(),
            },
            Some("str") => {
                let mut out = String::new();
                unescape_ooxml(v, &mut out);
                out
            }
            Some("n") | None => {
                if v.is_empty() {
                    return Ok(String::new());
                }
                let Ok(n) = v.trim().parse::<f64>() else { return Ok(v.to_owned()) };
                let format = match style {
                    Some(s) => s.parse::<usize>().ok().and_then(|i| self.formats.get(i)).copied(),
                    None => Some(Format::Number),
                };
                let data = match format {
                    Some(Format::DateTime) => {
                        Data::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::DateTime, self.date_1904))
                    }
                    Some(Format::Duration) => {
                        Data::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::TimeDelta, self.date_1904))
                    }
                    _ => Data::Float(n),
                };
                data_text(&data)
            }
            // Errors (`#DIV/0!`), ISO dates (`t="d"`) and types not known: as written.
            _ => v.to_owned(),
        })
    }
}

fn cell_attrs(e: &BytesStart<'_>) -> Result<CellAttrs, String> {
    let mut out = CellAttrs::default();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = || a.normalized_value(XML_1_0).map(std::borrow::Cow::into_owned).map_err(|e| e.to_string());
        match a.key.local_name().as_ref() {
            "r" => out.at = Some(value()?),
            "t" => out.kind = Some(value()?),
            "s" => out.style = Some(value()?),
            _ => {}
        }
    }
    Ok(out)
}

/// The text content of the element whose start tag has just been read, up to its end tag.
fn element_text(reader: &mut quick_xml::Reader<&[u8]>) -> Result<String, String> {
    let mut out = String::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Text(t) => out.push_str(&t.xml10_content()),
            Event::CData(t) => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => push_reference(&r, &mut out)?,
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                if depth == 0 {
                    return Ok(out);
                }
                depth -= 1;
            }
            Event::Eof => return Err("tệp kết thúc giữa chừng".into()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_and_references() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(cell_name(9, 26), "AA10");
        assert_eq!(parse_cell("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell("b3"), Some((2, 1)));
        for bad in ["", "A", "1", "A0", "ABCD1", "A1B", "Ơ1"] {
            assert_eq!(parse_cell(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_and_escapes() {
        assert_eq!(custom_format("dd/mm/yyyy"), Format::DateTime);
        assert_eq!(custom_format("[h]:mm:ss"), Format::Duration);
        assert_eq!(custom_format("#,##0.00"), Format::Number);
        assert_eq!(custom_format("\"ngày\" 0"), Format::Number);
        assert_eq!(builtin_format("14"), Format::DateTime);
        assert_eq!(builtin_format("0"), Format::Number);
        let mut out = String::new();
        unescape_ooxml("a_x000D_b_xD83D__xDE00_c_x00", &mut out);
        assert_eq!(out, "a\rb😀c_x00");
        assert_eq!(thousands(10_000), "10.000");
        assert_eq!(thousands(2_560_000), "2.560.000");
        assert_eq!(thousands(256), "256");
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/worksheets", "../sharedStrings.xml"), "xl/sharedStrings.xml");
    }
}
