//! `.xlsx` list exports, and a reader of cell text for tests and imports.
//!
//! [`write()`] makes one worksheet per [`Sheet`]: a bold, frozen header row with an autofilter,
//! dates shown as `dd/mm/yyyy`, and column widths fitted roughly to the content (in characters,
//! clamped to [`MIN_WIDTH`]..=[`MAX_WIDTH`]). Sheet titles follow Excel's rules: at most 31
//! characters, none of `[ ] : * ? / \`, no leading or trailing apostrophe, unique without regard
//! to case; a title that breaks them is cleaned rather than refused. Text longer than Excel's
//! 32,767 characters per cell is cut with an ellipsis; a number that is not finite (NaN, ∞) is
//! written as an empty cell.
//!
//! [`read_text`] reads every sheet of a workbook as rows of cell text; row 0 is Excel's row 1
//! and column 0 is column A, whatever cells are empty. Dates come back as `dd/mm/yyyy`
//! (`dd/mm/yyyy HH:MM:SS` when they have a time), whole numbers without a decimal point. It reads
//! uploads, so it goes cell by cell within limits (see [`read`]): a refusal names the sheet and
//! the cell, or the part of the package that inflates too far.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use chrono::{Datelike, NaiveDate, Timelike};

pub mod read;

pub use read::{
    MAX_READ_CELLS, MAX_READ_COLS, MAX_READ_PART_BYTES, MAX_READ_ROWS, MAX_READ_SHEETS, MAX_READ_SLOTS,
    MAX_READ_UNPACKED_BYTES, read_text,
};

/// One worksheet to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Tab name; cleaned to Excel's rules on writing.
    pub title: String,
    /// Lines above the table (the list's title, what it covers), in bold; none for a sheet
    /// that is read back, whose headers stay on row 1.
    pub caption: Vec<String>,
    /// Column headers (the row after the caption).
    pub headers: Vec<String>,
    /// Data rows (from row 2); a row may be shorter or longer than the header.
    pub rows: Vec<Vec<Cell>>,
}

/// One cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A whole number (written as a number; Excel keeps 15 significant digits).
    Integer(i64),
    /// A date, shown as `dd/mm/yyyy`.
    Date(NaiveDate),
    /// Nothing.
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Self::Integer(n)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Self::Number(n)
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Self::Date(d)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Empty, Into::into)
    }
}

/// Why a workbook could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XlsxError {
    /// A sheet has more rows or columns than Excel allows.
    TooLarge {
        /// Sheet title as given.
        sheet: String,
        /// What is too large, in Vietnamese.
        detail: String,
    },
    /// The writer failed.
    Write(String),
    /// The file is not a readable `.xlsx`.
    Read(String),
    /// A filled cell lies past what [`read_text`] reads ([`MAX_READ_ROWS`] × [`MAX_READ_COLS`],
    /// [`MAX_READ_CELLS`] filled cells, [`MAX_READ_SLOTS`] cells in all).
    ReadLimit {
        /// Sheet name as in the workbook.
        sheet: String,
        /// The cell, `A1`-style.
        cell: String,
        /// Which limit, in Vietnamese.
        detail: String,
    },
    /// A part of the package inflates past [`MAX_READ_PART_BYTES`], or takes all the parts read
    /// past [`MAX_READ_UNPACKED_BYTES`] (a compression bomb).
    PartTooLarge {
        /// The part's path in the package (`xl/sharedStrings.xml`).
        part: String,
        /// Which limit, in Vietnamese.
        detail: String,
    },
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { sheet, detail } => write!(f, "Trang tính \"{sheet}\" quá lớn để xuất ra Excel: {detail}"),
            Self::Write(e) => write!(f, "không tạo được tệp Excel: {e}"),
            Self::Read(e) => write!(f, "không đọc được tệp Excel (.xlsx): {e}"),
            Self::ReadLimit { sheet, cell, detail } => {
                write!(f, "không đọc được tệp Excel (.xlsx): trang \"{sheet}\", ô {cell}: {detail}")
            }
            Self::PartTooLarge { part, detail } => {
                write!(f, "không đọc được tệp Excel (.xlsx): phần {part} {detail} khi giải nén")
            }
        }
    }
}

impl std::error::Error for XlsxError {}

/// Excel's limit on the length of a sheet name.
pub const MAX_TITLE_CHARS: usize = 31;
/// Excel's limit on the characters in one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Narrowest column width, in characters.
pub const MIN_WIDTH: usize = 6;
/// Widest column width, in characters (longer text is still all there).
pub const MAX_WIDTH: usize = 60;
/// Excel's rows per sheet (the header included).
const MAX_ROWS: usize = 1_048_576;
/// Excel's columns per sheet.
const MAX_COLS: usize = 16_384;

/// Writes the sheets as an `.xlsx` workbook (an empty list gives one empty sheet, since a
/// workbook needs one).
pub fn write(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    let err = |e: rust_xlsxwriter::XlsxError| XlsxError::Write(e.to_string());
    let header_format = Format::new().set_bold();
    let caption_format = Format::new().set_bold().set_font_size(13);
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let mut workbook = Workbook::new();
    let mut used = HashSet::new();
    if sheets.is_empty() {
        workbook.add_worksheet().set_name("Trang 1").map_err(err)?;
    }
    for (index, sheet) in sheets.iter().enumerate() {
        let columns = sheet.rows.iter().map(Vec::len).chain([sheet.headers.len()]).max().unwrap_or(0);
        if sheet.caption.len() + sheet.rows.len() + 1 > MAX_ROWS {
            return Err(XlsxError::TooLarge {
                sheet: sheet.title.clone(),
                detail: format!("{} dòng, Excel cho tối đa {}", sheet.rows.len() + 1, MAX_ROWS),
            });
        }
        if columns > MAX_COLS {
            return Err(XlsxError::TooLarge {
                sheet: sheet.title.clone(),
                detail: format!("{columns} cột, Excel cho tối đa {MAX_COLS}"),
            });
        }
        let ws = workbook.add_worksheet();
        ws.set_name(sheet_title(&sheet.title, index, &mut used)).map_err(err)?;
        let mut widths = vec![MIN_WIDTH; columns];
        let top = sheet.caption.len() as u32;
        for (r, line) in sheet.caption.iter().enumerate() {
            ws.write_string_with_format(r as u32, 0, cell_text(line).as_ref(), &caption_format).map_err(err)?;
        }
        for (c, header) in sheet.headers.iter().enumerate() {
            let header = cell_text(header);
            // Room for the autofilter button.
            widths[c] = widths[c].max(header.chars().count() + 3);
            ws.write_string_with_format(top, c as u16, header.as_ref(), &header_format).map_err(err)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = top + (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                let width = match cell {
                    Cell::Text(s) => {
                        let s = cell_text(s);
                        let width = s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                        ws.write_string(r, col, s.as_ref()).map_err(err)?;
                        width
                    }
                    Cell::Number(n) if n.is_finite() => {
                        ws.write_number(r, col, *n).map_err(err)?;
                        n.to_string().len()
                    }
                    #[allow(clippy::cast_precision_loss)]
                    Cell::Integer(n) => {
                        ws.write_number(r, col, *n as f64).map_err(err)?;
                        n.to_string().len()
                    }
                    Cell::Date(d) => {
                        let date = u16::try_from(d.year())
                            .map_err(|_| XlsxError::Write(format!("ngày {d} nằm ngoài khoảng Excel hỗ trợ")))
                            .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).map_err(err))?;
                        ws.write_datetime_with_format(r, col, &date, &date_format).map_err(err)?;
                        10
                    }
                    Cell::Number(_) | Cell::Empty => 0,
                };
                widths[c] = widths[c].max(width + 1);
            }
        }
        for (c, width) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*width).min(MAX_WIDTH) as u32).map_err(err)?;
        }
        ws.set_freeze_panes(top + 1, 0).map_err(err)?;
        if columns > 0 {
            ws.autofilter(top, 0, top + sheet.rows.len() as u32, (columns - 1) as u16).map_err(err)?;
        }
    }
    workbook.save_to_buffer().map_err(err)
}

/// Text cut to Excel's cell limit, with an ellipsis when cut.
fn cell_text(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(MAX_CELL_CHARS - 1) {
        Some((cut, _)) if s[cut..].chars().nth(1).is_some() => Cow::Owned(format!("{}…", &s[..cut])),
        _ => Cow::Borrowed(s),
    }
}

/// A sheet name that Excel accepts and that no earlier sheet has (case-insensitively).
fn sheet_title(title: &str, index: usize, used: &mut HashSet<String>) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '-' } else { c })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let mut base: String = cleaned.chars().take(MAX_TITLE_CHARS).collect();
    base = base.trim_end().trim_end_matches('\'').to_owned();
    // "History" is reserved by Excel.
    if base.is_empty() || base.eq_ignore_ascii_case("history") {
        base = format!("Trang {}", index + 1);
    }
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep = MAX_TITLE_CHARS - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>().trim_end());
        n += 1;
    }
    used.insert(name.to_lowercase());
    name
}

/// One sheet as read back: its name and its rows of cell text.
pub type SheetText = (String, Vec<Vec<String>>);

/// The text of one cell as read by `calamine`.
pub(crate) fn data_text(data: &calamine::Data) -> String {
    use calamine::Data;

    match data {
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(t) if t.time().num_seconds_from_midnight() == 0 => t.format("%d/%m/%Y").to_string(),
            Some(t) => t.format("%d/%m/%Y %H:%M:%S").to_string(),
            None => number_text(dt.as_f64()),
        },
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

/// A number without a trailing `.0` when it is whole.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{f:.0}") } else { f.to_string() }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn round_trip_with_vietnamese_text_numbers_and_dates() {
        let sheets = vec![
            Sheet {
                caption: Vec::new(),
                title: "Công văn đến".into(),
                headers: vec![
                    "Số ký hiệu".into(),
                    "Trích yếu".into(),
                    "Ngày ban hành".into(),
                    "Số trang".into(),
                    "Tỷ lệ".into(),
                ],
                rows: vec![
                    vec![
                        "12/SYT-BĐG".into(),
                        "V/v triển khai Luật Bình đẳng giới năm 2025".into(),
                        date(2025, 3, 5).into(),
                        Cell::Integer(3),
                        Cell::Number(0.25),
                    ],
                    vec!["45/UBND".into(), Cell::Empty, Cell::from(None::<NaiveDate>), Cell::Integer(-7)],
                ],
            },
            Sheet {
                caption: Vec::new(),
                title: "Nhiệm vụ".into(),
                headers: vec!["Tên".into()],
                rows: vec![vec!["Đào tạo cán bộ".into()]],
            },
        ];
        let bytes = write(&sheets).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let read = read_text(&bytes).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].0, "Công văn đến");
        assert_eq!(
            read[0].1,
            vec![
                vec!["Số ký hiệu", "Trích yếu", "Ngày ban hành", "Số trang", "Tỷ lệ"],
                vec!["12/SYT-BĐG", "V/v triển khai Luật Bình đẳng giới năm 2025", "05/03/2025", "3", "0.25"],
                vec!["45/UBND", "", "", "-7", ""],
            ]
        );
        assert_eq!(read[1], ("Nhiệm vụ".to_owned(), vec![vec!["Tên".to_owned()], vec!["Đào tạo cán bộ".to_owned()]]));
    }

    /// The parts of the written package that carry the header format, the freeze and the filter.
    #[test]
    fn header_is_bold_frozen_and_filtered_with_fitted_widths() {
        let sheet = Sheet {
            caption: Vec::new(),
            title: "Danh sách".into(),
            headers: vec!["Mã".into(), "Tên đơn vị".into()],
            rows: vec![vec!["01".into(), "Ủy ban nhân dân tỉnh Ninh Bình".into()], vec![Cell::Date(date(2025, 7, 1))]],
        };
        let bytes = write(&[sheet]).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
        assert!(xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#), "{xml}");
        assert!(xml.contains(r#"<autoFilter ref="A1:B3"/>"#), "{xml}");
        // "Ủy ban nhân dân tỉnh Ninh Bình" is 30 characters: width 31; "Mã" is short: minimum.
        assert!(xml.contains(r#"width="31.7109375""#) || xml.contains(r#"width="31""#), "{xml}");
        let mut styles = String::new();
        zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
        assert!(styles.contains("<b/>"), "{styles}");
        assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#), "{styles}");
    }

    #[test]
    fn sheet_titles_follow_excel_rules() {
        let mut used = HashSet::new();
        assert_eq!(sheet_title("Báo cáo: quý 1/2025 [nháp]?", 0, &mut used), "Báo cáo- quý 1-2025 -nháp--");
        let long = "Kế hoạch thực hiện bình đẳng giới giai đoạn 2026-2030";
        let first = sheet_title(long, 1, &mut used);
        assert_eq!(first.chars().count(), 31);
        assert_eq!(first, "Kế hoạch thực hiện bình đẳng gi");
        let second = sheet_title(long, 2, &mut used);
        assert_eq!(second, "Kế hoạch thực hiện bình đẳn (2)");
        assert_eq!(sheet_title("KẾ HOẠCH THỰC HIỆN BÌNH ĐẲNG GI", 3, &mut used), "KẾ HOẠCH THỰC HIỆN BÌNH ĐẲN (3)");
        assert_eq!(sheet_title("  ''  ", 4, &mut used), "Trang 5");
        assert_eq!(sheet_title("History", 5, &mut used), "Trang 6");
        assert_eq!(sheet_title("'Tổng hợp'", 6, &mut used), "Tổng hợp");

        // And Excel (the writer's own check) accepts them all.
        let sheets: Vec<Sheet> = [long, long, "a/b", "", "A/B"]
            .iter()
            .map(|t| Sheet { caption: Vec::new(), title: (*t).into(), headers: vec![], rows: vec![] })
            .collect();
        let names: Vec<String> = read_text(&write(&sheets).unwrap()).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            ["Kế hoạch thực hiện bình đẳng gi", "Kế hoạch thực hiện bình đẳn (2)", "a-b", "Trang 4", "A-B (2)"]
        );
    }

    #[test]
    fn edge_values() {
        let huge = "ơ".repeat(MAX_CELL_CHARS + 10);
        let sheet = Sheet {
            caption: Vec::new(),
            title: String::new(),
            headers: vec![],
            rows: vec![vec![Cell::Text(huge), Cell::Number(f64::NAN), Cell::Integer(123_456_789_012)]],
        };
        let read = read_text(&write(&[sheet]).unwrap()).unwrap();
        assert_eq!(read[0].0, "Trang 1");
        let row = &read[0].1[1];
        assert_eq!(row[0].chars().count(), MAX_CELL_CHARS);
        assert!(row[0].ends_with("ơ…"));
        assert_eq!(row[1..], [String::new(), "123456789012".to_owned()]);
        // No sheets: still a valid workbook.
        assert_eq!(read_text(&write(&[]).unwrap()).unwrap(), vec![("Trang 1".to_owned(), vec![])]);
    }

    #[test]
    fn read_errors_are_vietnamese() {
        let e = read_text(b"not a workbook").unwrap_err();
        assert!(e.to_string().starts_with("không đọc được tệp Excel (.xlsx):"), "{e}");
    }
}
