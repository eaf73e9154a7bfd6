//! The text of an uploaded letter (`.txt`, `.docx`, `.pdf`), chosen by the file's extension.
//!
//! - `.txt`: UTF-8 (a BOM is stripped), UTF-16 LE/BE with a BOM; anything else is taken byte for
//!   byte as Latin-1 (each byte becomes the char of the same number), so that text typed in the
//!   legacy 8-bit Vietnamese fonts (TCVN3, VNI, Windows-1258) reaches the `vanban` crate intact,
//!   which knows how to decode them.
//! - `.docx`: the main part `word/document.xml` only (headers, footers, footnotes and comments are
//!   left out); one line per paragraph, `w:tab` as a tab, `w:br`/`w:cr` as a line break, deleted
//!   text and field codes skipped, and each table row on one line with its cells joined by
//!   `" | "` (paragraphs inside a cell are joined by a space).
//! - `.pdf`: the text layer of every page in order, pages separated by a form feed (`\x0c`).
//!   A PDF without any text (a scan) is an [`ExtractError::NeedsOcr`].
//!
//! Line endings are always `\n`. Every error names the file and says what to do, in Vietnamese.
//!
//! # Limits
//!
//! One extraction is bounded whatever the file says about itself ([`Limits`], the defaults
//! being the `MAX_…` constants): the upload's size; what any one part or stream may inflate to
//! ([`MAX_DECOMPRESSED_BYTES`]) and what all of them together may ([`MAX_TOTAL_DECOMPRESSED_BYTES`],
//! counting a stream again each time a page or form draws it, fonts' `ToUnicode` maps and PDF
//! object streams included); the pages of a PDF ([`MAX_PAGES`]); the text produced
//! ([`MAX_TEXT_BYTES`]); and the time spent ([`MAX_EXTRACT_TIME`], looked at between pages,
//! forms, every thousand content operators and every few thousand XML events). Past any of
//! them the file is refused with an error naming it and the limit. Memory is proportional to
//! these limits: the `.docx` text is written straight into one string, not a string per line.
//!
//! What `lopdf` bounds by itself: the nesting of arrays, dictionaries and literal strings
//! (100 levels; deeper input is an error, not a stack overflow), the depth of the page tree (256)
//! and the pages it yields (no more than the objects in the file), reference chains, filter
//! chains (16 filters) and what each stream may inflate to (the limit given). What it does not
//! bound, and this module does: the total inflated across streams (it inflates a shared stream
//! again for each page), the time. What neither bounds: `lopdf` parses every object the
//! cross-reference data lists before anything can look at them, so a file whose entries all
//! point at one large object is parsed once per entry (bounded by the upload size, not by the
//! deadline), and an encrypted file's object streams are inflated without the load filter that
//! charges them to the budget (each one still within [`MAX_DECOMPRESSED_BYTES`]).
//!
//! # Why `lopdf` and not `pdf-extract`
//!
//! `pdf-extract` 0.12 is a layout engine built on an older `lopdf` (0.42) that it pins; it adds
//! font-program parsers (CFF, Type 1, `PostScript`) and geometry (`euclid`) for a tree of ~63
//! crates, and its code `unwrap`s and `panic!`s on malformed input (about a hundred sites), which
//! for files uploaded by users means a crashed request. `lopdf` 0.47 alone (default features
//! off: no `rayon`, no `chrono`) is ~58 crates, returns errors instead of panicking, bounds
//! decompression (against zip-bomb-like streams), and decodes strings through the font's
//! `/ToUnicode` `CMap` (what Word, `LibreOffice` and most Vietnamese PDFs carry for their Unicode
//! fonts) or its simple encoding. What it lacks is the layout: its own `extract_text` ignores
//! text-positioning operators and glyph widths, so this module walks the content stream itself:
//! it keeps the text matrix (`Td`, `TD`, `Tm`, `T*`, `'`, `"`, `Tc`, `Tw`, `Tz`, `TL`), advances
//! the pen by the font's glyph widths (`Widths`, or `W`/`DW` of a `Type0` font), and writes a
//! new line when the baseline moves by more than half the font size and a space when text starts
//! a fifth of an em or more past where the previous text ended (a word gap, whether made by a
//! `TJ` kerning number or by placing the next run elsewhere). Text inside form `XObject`s (`Do`)
//! is followed, and typographic ligatures (`ﬁ`) are spelled out. Checked on real `pdfTeX` and
//! `DocBook` PDFs as well as on the hand-written ones in the tests.
//!
//! # Known limits
//!
//! - PDF: the graphics state's matrix (`cm`) is ignored, so rotated or individually scaled text
//!   may be joined oddly; text comes in content-stream order, which for multi-column layouts is
//!   usually but not always reading order; a font without a `/ToUnicode` map and with a custom
//!   encoding (some legacy TCVN3/VNI PDFs) comes out as whatever its codes are in the base
//!   encoding; `Type3` fonts are measured as if in thousandths of an em; a password-protected
//!   file is refused unless the empty user password opens it.
//! - DOCX: text boxes are read once (`mc:Fallback` is skipped); list numbering (`1.`, `a)`) that
//!   Word generates from numbering styles is not in the XML and so not in the text; fields show
//!   their last computed result.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::package::{Package, PartError};

/// Uploads larger than this are refused before anything is read.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// The most bytes one part of a package (`word/document.xml`) or one PDF stream may
/// decompress to; a guard against compression bombs.
pub const MAX_DECOMPRESSED_BYTES: usize = 32 * 1024 * 1024;

/// The most bytes one extraction may decompress in all, a stream counted each time it is
/// drawn.
pub const MAX_TOTAL_DECOMPRESSED_BYTES: usize = 64 * 1024 * 1024;

/// The most pages of a PDF read.
pub const MAX_PAGES: usize = 500;

/// The longest text one extraction of a `.docx` or `.pdf` may produce, in bytes of UTF-8 (a
/// `.txt` is at most twice [`MAX_UPLOAD_BYTES`] as text, and is not limited further).
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// The longest one extraction may take.
pub const MAX_EXTRACT_TIME: Duration = Duration::from_secs(10);

/// What one extraction may cost; [`Limits::default`] is the `MAX_…` constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one part or stream may decompress to.
    pub part_bytes: usize,
    /// Bytes all parts and streams may decompress to together.
    pub total_bytes: usize,
    /// Pages of a PDF.
    pub pages: usize,
    /// Bytes of text produced.
    pub text_bytes: usize,
    /// Time spent.
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            part_bytes: MAX_DECOMPRESSED_BYTES,
            total_bytes: MAX_TOTAL_DECOMPRESSED_BYTES,
            pages: MAX_PAGES,
            text_bytes: MAX_TEXT_BYTES,
            time: MAX_EXTRACT_TIME,
        }
    }
}

/// Why the text of a file could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// The file is larger than [`MAX_UPLOAD_BYTES`].
    TooLarge {
        /// File name as uploaded.
        file: String,
        /// Its size in bytes.
        size: usize,
    },
    /// The file is empty.
    Empty {
        /// File name as uploaded.
        file: String,
    },
    /// The extension is not one of `.txt`, `.docx`, `.pdf`.
    Unsupported {
        /// File name as uploaded.
        file: String,
        /// The extension, lower case, without the dot (empty when there is none).
        extension: String,
    },
    /// The file is damaged or is not what its extension says.
    Corrupt {
        /// File name as uploaded.
        file: String,
        /// `"docx"` or `"pdf"`.
        format: &'static str,
        /// What went wrong, for the log and the curious user.
        detail: String,
    },
    /// The file is protected by a password.
    Encrypted {
        /// File name as uploaded.
        file: String,
    },
    /// A PDF without a text layer (a scanned paper): it needs OCR first.
    NeedsOcr {
        /// File name as uploaded.
        file: String,
    },
    /// The file decompresses to more than a part or the whole extraction may
    /// ([`Limits::part_bytes`], [`Limits::total_bytes`]): a compression bomb, or a stream drawn
    /// on page after page.
    TooMuchData {
        /// File name as uploaded.
        file: String,
        /// The limit passed, in bytes.
        limit: usize,
    },
    /// A PDF with more pages than [`Limits::pages`].
    TooManyPages {
        /// File name as uploaded.
        file: String,
        /// Its pages.
        pages: usize,
        /// The limit.
        limit: usize,
    },
    /// The text is longer than [`Limits::text_bytes`].
    TooMuchText {
        /// File name as uploaded.
        file: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Reading the file took longer than [`Limits::time`].
    TooSlow {
        /// File name as uploaded.
        file: String,
        /// The limit.
        limit: Duration,
    },
    /// An image larger than [`crate::ocr::MAX_IMAGE_PIXELS`].
    ImageTooLarge {
        /// File name as uploaded.
        file: String,
        /// Its width in pixels.
        width: u32,
        /// Its height in pixels.
        height: u32,
        /// The limit, in pixels.
        limit: u64,
    },
    /// A scan with more pages than OCR reads ([`crate::ocr::OcrLimits::pages`]).
    ScanTooLong {
        /// File name as uploaded.
        file: String,
        /// Its pages.
        pages: usize,
        /// The limit.
        limit: usize,
    },
    /// A scan or photo, and the OCR programs are not installed on the server.
    OcrMissing {
        /// File name as uploaded.
        file: String,
        /// What is missing, in Vietnamese.
        missing: String,
    },
    /// A page took longer to read by OCR than [`crate::ocr::OcrLimits::page_time`].
    OcrTooSlow {
        /// File name as uploaded.
        file: String,
        /// The page (from 1).
        page: usize,
        /// The limit.
        limit: Duration,
    },
    /// The OCR programs failed on the file.
    OcrFailed {
        /// File name as uploaded.
        file: String,
        /// What they said.
        detail: String,
    },
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { file, size } => write!(
                f,
                "Tệp {file}: dung lượng {:.1} MiB vượt quá giới hạn {} MiB",
                mib(*size),
                MAX_UPLOAD_BYTES / (1024 * 1024)
            ),
            Self::Empty { file } => write!(f, "Tệp {file}: tệp rỗng, không có nội dung"),
            Self::Unsupported { file, extension } if extension.is_empty() => write!(
                f,
                "Tệp {file}: không có phần mở rộng nên không biết định dạng; hãy tải lên tệp .txt, .docx, .pdf \
                 hoặc ảnh chụp .jpg, .png"
            ),
            Self::Unsupported { file, extension } if extension == "doc" => {
                write!(f, "Tệp {file}: định dạng .doc không được hỗ trợ; hãy lưu lại thành .docx hoặc .pdf")
            }
            Self::Unsupported { file, extension } => {
                write!(
                    f,
                    "Tệp {file}: định dạng .{extension} không được hỗ trợ; hãy tải lên tệp .txt, .docx, .pdf \
                     hoặc ảnh chụp .jpg, .png"
                )
            }
            Self::Corrupt { file, format, detail } => {
                write!(f, "Tệp {file}: tệp .{format} bị hỏng hoặc không đúng định dạng .{format} ({detail})")
            }
            Self::Encrypted { file } => {
                write!(f, "Tệp {file}: tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại")
            }
            Self::NeedsOcr { file } => write!(
                f,
                "Tệp {file}: tệp PDF không có lớp chữ (bản quét); cần nhận dạng chữ (OCR) trước, \
                 hoặc tải lên bản .docx/.pdf xuất từ máy tính"
            ),
            Self::TooMuchData { file, limit } => write!(
                f,
                "Tệp {file}: dữ liệu sau khi giải nén vượt quá giới hạn {} MiB; \
                 hãy lưu lại tệp (hoặc in ra PDF) rồi tải lên lại",
                mib_floor(*limit)
            ),
            Self::TooManyPages { file, pages, limit } => write!(
                f,
                "Tệp {file}: có {pages} trang, vượt quá giới hạn {limit} trang; hãy tách phần công văn ra tệp riêng"
            ),
            Self::TooMuchText { file, limit } => write!(
                f,
                "Tệp {file}: nội dung chữ dài quá giới hạn {} MiB; hãy tách phần công văn ra tệp riêng",
                mib_floor(*limit)
            ),
            Self::TooSlow { file, limit } => write!(
                f,
                "Tệp {file}: đọc tệp mất quá {} giây (giới hạn); tệp quá phức tạp hoặc bị hỏng, \
                 hãy lưu lại tệp rồi tải lên lại",
                limit.as_secs()
            ),
            Self::ImageTooLarge { file, width, height, limit } => write!(
                f,
                "Tệp {file}: ảnh {width} × {height} điểm ảnh, lớn hơn giới hạn {} triệu điểm ảnh; \
                 hãy chụp hoặc quét lại ở độ phân giải thấp hơn (300 dpi là đủ)",
                limit / 1_000_000
            ),
            Self::ScanTooLong { file, pages, limit } => write!(
                f,
                "Tệp {file}: bản quét có {pages} trang, nhận dạng chữ (OCR) chỉ đọc tối đa {limit} trang; \
                 hãy tải lên riêng các trang của công văn"
            ),
            Self::OcrMissing { file, missing } => write!(
                f,
                "Tệp {file}: là bản quét hoặc ảnh chụp, cần nhận dạng chữ (OCR) nhưng máy chủ chưa cài {missing}. \
                 Quản trị viên cài các gói {} để bật chức năng này; trong lúc chờ, hãy tải lên bản .docx/.pdf \
                 xuất từ máy tính hoặc dán nội dung văn bản",
                crate::ocr::PACKAGES
            ),
            Self::OcrTooSlow { file, page, limit } => write!(
                f,
                "Tệp {file}: nhận dạng chữ (OCR) trang {page} mất quá {} giây (giới hạn); \
                 hãy quét lại rõ hơn hoặc tải lên ít trang hơn",
                limit.as_secs()
            ),
            Self::OcrFailed { file, detail } => write!(
                f,
                "Tệp {file}: không nhận dạng được chữ (OCR) trong tệp ({detail}); hãy quét lại hoặc dán nội dung văn bản"
            ),
        }
    }
}

impl std::error::Error for ExtractError {}

#[allow(clippy::cast_precision_loss)]
fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Whole MiB (at least 1 for a positive limit), for limits in messages.
fn mib_floor(bytes: usize) -> usize {
    (bytes / (1024 * 1024)).max(usize::from(bytes > 0))
}

/// The text of an uploaded letter; the format is chosen by the extension of `file_name`
/// (case-insensitive). See the module documentation.
pub fn extract(file_name: &str, bytes: &[u8]) -> Result<String, ExtractError> {
    extract_with(file_name, bytes, &Limits::default())
}

/// [`extract`] within the given limits (the upload size limit is always
/// [`MAX_UPLOAD_BYTES`]).
pub fn extract_with(file_name: &str, bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let file = file_name.to_owned();
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(ExtractError::TooLarge { file, size: bytes.len() });
    }
    let extension =
        std::path::Path::new(file_name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !matches!(extension.as_str(), "txt" | "docx" | "pdf") {
        return Err(ExtractError::Unsupported { file, extension });
    }
    if bytes.is_empty() {
        return Err(ExtractError::Empty { file });
    }
    let mut budget = Budget::new(*limits);
    let text = match extension.as_str() {
        // Linear in the upload, which is bounded: no budget needed.
        "txt" => return Ok(normalize_newlines(&plain_text(bytes))),
        "docx" => docx_text(bytes, &mut budget),
        _ => pdf_text(bytes, &mut budget),
    };
    text.and_then(|t| budget.text(t.len()).map(|()| t)).map_err(|e| e.into_error(file))
}

/// What a PDF holds: its text, or (a scan without a text layer) its number of pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PdfContent {
    /// The text layer, as [`extract`] gives it.
    Text(String),
    /// No text: a scan of so many pages.
    Scan(usize),
}

/// The text layer of a PDF, or the number of pages of a scan, within `limits`.
pub(crate) fn pdf_content(file_name: &str, bytes: &[u8], limits: &Limits) -> Result<PdfContent, ExtractError> {
    let file = file_name.to_owned();
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(ExtractError::TooLarge { file, size: bytes.len() });
    }
    if bytes.is_empty() {
        return Err(ExtractError::Empty { file });
    }
    let mut budget = Budget::new(*limits);
    match pdf_text(bytes, &mut budget).and_then(|t| budget.text(t.len()).map(|()| t)) {
        Ok(text) => Ok(PdfContent::Text(text)),
        Err(Failure::NeedsOcr(pages)) => Ok(PdfContent::Scan(pages)),
        Err(e) => Err(e.into_error(file)),
    }
}

/// A failure before the file name is attached.
#[derive(Debug, Clone)]
enum Failure {
    Corrupt(&'static str, String),
    Encrypted,
    /// A PDF without text, and its pages.
    NeedsOcr(usize),
    TooMuchData(usize),
    TooManyPages(usize, usize),
    TooMuchText(usize),
    TooSlow(Duration),
}

impl Failure {
    fn into_error(self, file: String) -> ExtractError {
        match self {
            Self::Corrupt(format, detail) => ExtractError::Corrupt { file, format, detail },
            Self::Encrypted => ExtractError::Encrypted { file },
            Self::NeedsOcr(_) => ExtractError::NeedsOcr { file },
            Self::TooMuchData(limit) => ExtractError::TooMuchData { file, limit },
            Self::TooManyPages(pages, limit) => ExtractError::TooManyPages { file, pages, limit },
            Self::TooMuchText(limit) => ExtractError::TooMuchText { file, limit },
            Self::TooSlow(limit) => ExtractError::TooSlow { file, limit },
        }
    }
}

/// What is left of one extraction's [`Limits`].
struct Budget {
    limits: Limits,
    start: Instant,
    /// Bytes decompressed so far.
    unpacked: usize,
}

impl Budget {
    fn new(limits: Limits) -> Self {
        Self { limits, start: Instant::now(), unpacked: 0 }
    }

    /// What the next part or stream may decompress to, and the limit that sets it.
    fn stream_limit(&self) -> (usize, usize) {
        let left = self.limits.total_bytes.saturating_sub(self.unpacked);
        if left < self.limits.part_bytes {
            (left, self.limits.total_bytes)
        } else {
            (self.limits.part_bytes, self.limits.part_bytes)
        }
    }

    fn spend(&mut self, bytes: usize) -> Result<(), Failure> {
        self.unpacked = self.unpacked.saturating_add(bytes);
        if self.unpacked > self.limits.total_bytes {
            return Err(Failure::TooMuchData(self.limits.total_bytes));
        }
        Ok(())
    }

    fn deadline(&self) -> Instant {
        self.start + self.limits.time
    }

    fn clock(&self) -> Result<(), Failure> {
        if self.start.elapsed() > self.limits.time { Err(Failure::TooSlow(self.limits.time)) } else { Ok(()) }
    }

    /// A failure from the load filter, with the limits it does not know filled in.
    fn named(&self, failure: Failure) -> Failure {
        match failure {
            Failure::TooSlow(_) => Failure::TooSlow(self.limits.time),
            Failure::TooMuchData(usize::MAX) => Failure::TooMuchData(self.limits.total_bytes),
            other => other,
        }
    }

    fn text(&self, bytes: usize) -> Result<(), Failure> {
        if bytes > self.limits.text_bytes { Err(Failure::TooMuchText(self.limits.text_bytes)) } else { Ok(()) }
    }
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

// ---------------------------------------------------------------------------------------------
// .txt

/// Decodes a plain-text file: BOM-marked UTF-8/UTF-16, plain UTF-8, or bytes as Latin-1.
fn plain_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).unwrap_or_else(|_| latin1(rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => latin1(bytes),
    }
}

/// Each byte as the char of the same number (U+0000–U+00FF).
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

// ---------------------------------------------------------------------------------------------
// .docx

/// The start of an OLE compound file: a `.doc`, or a `.docx` encrypted with a password.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

fn docx_text(bytes: &[u8], budget: &mut Budget) -> Result<String, Failure> {
    if bytes.starts_with(OLE_MAGIC) {
        // Word saves a password-protected .docx as an OLE container; a renamed .doc looks the
        // same. Both need the user to re-save the file.
        return Err(Failure::Encrypted);
    }
    let corrupt = |detail: String| Failure::Corrupt("docx", detail);
    let mut package =
        Package::open(bytes, budget.limits.total_bytes).map_err(|e| corrupt(format!("không mở được gói zip: {e}")))?;
    let xml = match package.read("word/document.xml", budget.limits.part_bytes) {
        Ok(Some(xml)) => xml,
        Ok(None) => return Err(corrupt("không có phần word/document.xml".into())),
        Err(PartError::TooLarge(limit) | PartError::OverBudget(limit)) => return Err(Failure::TooMuchData(limit)),
        Err(PartError::Damaged(e)) => return Err(corrupt(format!("không giải nén được word/document.xml: {e}"))),
    };
    budget.spend(xml.len())?;
    budget.clock()?;
    let xml = String::from_utf8(xml).map_err(|e| corrupt(format!("word/document.xml không phải UTF-8: {e}")))?;
    document_xml_text(xml.trim_start_matches('\u{feff}'), budget)
}

/// The text of a `WordprocessingML` main part.
fn document_xml_text(xml: &str, budget: &Budget) -> Result<String, Failure> {
    use quick_xml::events::Event;

    let corrupt = |detail: String| Failure::Corrupt("docx", detail);
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = DocxText::default();
    // Depth inside elements whose content is skipped (`mc:Fallback` repeats `mc:Choice`).
    let mut skip = 0usize;
    let mut events = 0usize;
    loop {
        let event =
            reader.read_event().map_err(|e| corrupt(format!("XML lỗi ở vị trí {}: {e}", reader.error_position())))?;
        events += 1;
        if events.is_multiple_of(4096) {
            budget.clock()?;
            budget.text(out.len())?;
        }
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                if skip > 0 || name.as_ref() == "Fallback" {
                    skip += 1;
                } else {
                    out.start(name.as_ref());
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                } else {
                    out.end(e.local_name().as_ref());
                }
            }
            Event::Empty(e) if skip == 0 => {
                let name = e.local_name();
                out.start(name.as_ref());
                out.end(name.as_ref());
            }
            Event::Text(t) if skip == 0 && out.in_text => out.push_str(&t.xml10_content()),
            Event::CData(t) if skip == 0 && out.in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if skip == 0 && out.in_text => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().map_err(|e| corrupt(format!("tham chiếu ký tự sai: {e}")))?.map(String::from)
                } else {
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(String::from)
                };
                out.push_str(&resolved.unwrap_or_default());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.finish())
}

/// Collects the text of `document.xml` while its elements go by.
#[derive(Default)]
struct DocxText {
    /// The lines so far, joined by `\n` (one string, however many empty paragraphs there are).
    text: String,
    /// Lines in `text`.
    lines: usize,
    /// The paragraph being read.
    para: String,
    /// Inside a `w:t` (text is kept).
    in_text: bool,
    /// Depth of runs (`w:r`); tabs and breaks count only inside one (a `w:tab` in `w:tabs` is
    /// a tab stop, not a tab).
    runs: usize,
    /// Depth of tables (`w:tbl`).
    tables: usize,
    /// Cells of the current top-level row.
    cells: Vec<String>,
    /// Text of the current top-level cell.
    cell: String,
    /// Bytes of `cells` joined.
    cells_len: usize,
}

impl DocxText {
    fn start(&mut self, name: &str) {
        match name {
            "t" => self.in_text = true,
            "r" => self.runs += 1,
            "tab" | "ptab" if self.runs > 0 => self.para.push(if self.tables > 0 { ' ' } else { '\t' }),
            "br" | "cr" if self.runs > 0 => self.para.push(if self.tables > 0 { ' ' } else { '\n' }),
            "noBreakHyphen" if self.runs > 0 => self.para.push('-'),
            "tbl" => self.tables += 1,
            "tr" if self.tables == 1 => {
                self.cells.clear();
                self.cells_len = 0;
            }
            "tc" if self.tables == 1 => self.cell.clear(),
            "p" => self.para.clear(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "r" => self.runs = self.runs.saturating_sub(1),
            "p" => {
                let para = std::mem::take(&mut self.para);
                if self.tables > 0 {
                    let para = para.trim();
                    if !para.is_empty() {
                        if !self.cell.is_empty() {
                            self.cell.push(' ');
                        }
                        self.cell.push_str(para);
                    }
                } else {
                    self.push_line(para.trim_end());
                }
            }
            "tc" if self.tables == 1 => {
                self.cells_len += self.cell.len() + 3;
                self.cells.push(std::mem::take(&mut self.cell));
            }
            "tr" if self.tables == 1 => {
                let row = self.cells.join(" | ");
                self.push_line(row.trim_end());
                self.cells.clear();
                self.cells_len = 0;
            }
            "tbl" => self.tables = self.tables.saturating_sub(1),
            _ => {}
        }
    }

    fn push_str(&mut self, s: &str) {
        self.para.push_str(s);
    }

    fn push_line(&mut self, line: &str) {
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.lines += 1;
    }

    /// Bytes of text held.
    fn len(&self) -> usize {
        self.text.len() + self.para.len() + self.cell.len() + self.cells_len
    }

    fn finish(mut self) -> String {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        if self.text.contains('\r') { normalize_newlines(&self.text) } else { self.text }
    }
}

// ---------------------------------------------------------------------------------------------
// .pdf

fn pdf_text(bytes: &[u8], budget: &mut Budget) -> Result<String, Failure> {
    use lopdf::Error;

    let corrupt = |detail: String| Failure::Corrupt("pdf", detail);
    if !bytes.starts_with(b"%PDF") && !bytes[..bytes.len().min(1024)].windows(4).any(|w| w == b"%PDF") {
        return Err(corrupt("không có phần đầu %PDF".into()));
    }
    // lopdf returns errors rather than panicking, but a panic on a hostile file must not take
    // the request down with it.
    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load_pdf(bytes, budget))).map_err(|_| {
        LOADING.with_borrow_mut(Option::take);
        corrupt("trình đọc PDF gặp lỗi nội bộ".into())
    })?;
    let doc = match loaded.map_err(|stop| budget.named(stop))? {
        Ok(doc) => doc,
        Err(Error::InvalidPassword | Error::Decryption(_)) => return Err(Failure::Encrypted),
        Err(Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(Failure::TooMuchData(budget.limits.part_bytes));
        }
        Err(e) => return Err(corrupt(e.to_string())),
    };
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(Failure::Encrypted);
    }
    budget.clock()?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(corrupt("không có trang nào".into()));
    }
    if pages.len() > budget.limits.pages {
        return Err(Failure::TooManyPages(pages.len(), budget.limits.pages));
    }
    let texts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut walker = PdfText::new(&doc, budget);
        let mut texts = Vec::with_capacity(pages.len());
        let mut len = 0;
        for &id in pages.values() {
            let text = walker.page(id)?;
            len += text.len() + 2;
            walker.budget.text(len)?;
            texts.push(text);
        }
        Ok(texts)
    }))
    .map_err(|_| corrupt("trình đọc PDF gặp lỗi nội bộ".into()))??;
    // A scanner may leave a page number or a stamp of digits in a text layer; without a single
    // letter it is still a scan.
    if !texts.iter().any(|t| t.chars().any(char::is_alphabetic)) {
        return Err(Failure::NeedsOcr(pages.len()));
    }
    Ok(texts.join("\n\x0c"))
}

/// What a PDF being loaded on this thread may still inflate, and until when: `lopdf` calls its
/// load filter, a plain `fn`, for every object it reads, so the filter finds its budget here.
struct LoadBudget {
    left: usize,
    part: usize,
    deadline: Instant,
    /// Why loading was stopped, if it was.
    stopped: Option<Failure>,
}

thread_local! {
    static LOADING: RefCell<Option<LoadBudget>> = const { RefCell::new(None) };
}

/// Loads a PDF with each stream bounded by the part limit and the object streams (inflated
/// while loading) charged to the budget, stopping at the deadline; the outer error is a limit
/// passed.
fn load_pdf(bytes: &[u8], budget: &mut Budget) -> Result<Result<lopdf::Document, lopdf::Error>, Failure> {
    let left = budget.limits.total_bytes.saturating_sub(budget.unpacked);
    LOADING.with_borrow_mut(|l| {
        *l = Some(LoadBudget { left, part: budget.limits.part_bytes, deadline: budget.deadline(), stopped: None });
    });
    let load = |force_reconstruct: bool| {
        let options = lopdf::LoadOptions {
            filter: Some(load_filter),
            max_decompressed_size: Some(budget.limits.part_bytes),
            force_reconstruct,
            ..lopdf::LoadOptions::default()
        };
        lopdf::Document::load_mem_with_options(bytes, options)
    };
    let mut doc = load(false);
    // Without a filter lopdf rebuilds a damaged cross-reference table by scanning the file
    // when the page tree cannot be read; with one it leaves that to the caller.
    let stopped = || LOADING.with_borrow(|l| l.as_ref().is_none_or(|l| l.stopped.is_some()));
    if !stopped()
        && doc.as_ref().is_ok_and(|d| d.page_iter().next().is_none())
        && let Ok(rebuilt) = load(true)
        && rebuilt.page_iter().next().is_some()
    {
        doc = Ok(rebuilt);
    }
    if let Some(state) = LOADING.with_borrow_mut(Option::take) {
        budget.unpacked += left.saturating_sub(state.left);
        if let Some(stop) = state.stopped {
            return Err(stop);
        }
    }
    Ok(doc)
}

/// The load filter: charges object streams to the budget (inflating them in place, so that
/// `lopdf` does not inflate them again) and drops every object once a limit is passed.
///
/// `lopdf` keeps the object it passed in for objects read from the file, and the one returned
/// for objects read from an object stream (which are never streams themselves): so a stream is
/// left in place and answered with a placeholder, anything else is answered with a copy.
fn load_filter(id: lopdf::ObjectId, object: &mut lopdf::Object) -> Option<(lopdf::ObjectId, lopdf::Object)> {
    let keep = |object: &lopdf::Object| match object {
        lopdf::Object::Stream(_) => Some((id, lopdf::Object::Null)),
        other => Some((id, other.clone())),
    };
    LOADING.with_borrow_mut(|state| {
        let Some(state) = state else { return keep(object) };
        if state.stopped.is_some() {
            return None;
        }
        if Instant::now() > state.deadline {
            state.stopped = Some(Failure::TooSlow(Duration::ZERO));
            return None;
        }
        if let lopdf::Object::Stream(stream) = object
            && stream.dict.has_type(b"ObjStm")
            && stream.is_compressed()
        {
            let (limit, passed) =
                if state.left < state.part { (state.left, None) } else { (state.part, Some(state.part)) };
            match stream.decompress_with_limit(limit) {
                Ok(()) => state.left = state.left.saturating_sub(stream.content.len()),
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                    state.stopped = Some(Failure::TooMuchData(passed.unwrap_or(usize::MAX)));
                    return None;
                }
                // Damaged: lopdf will say so, or skip it.
                Err(_) => {}
            }
        }
        keep(object)
    })
}

/// Appends shown text, spelling out the Latin ligatures that typesetters use (`ﬁ` → `fi`)
/// and dropping NULs.
fn push_unligated(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\0' => {}
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
}

/// Form `XObject`s nest; real files use one or two levels.
const MAX_FORM_DEPTH: usize = 8;

/// A font as far as text extraction needs it: how to decode its strings and how wide its
/// glyphs are (to see where words end).
struct Font<'a> {
    encoding: lopdf::Encoding<'a>,
    /// `Type0` fonts use two-byte codes (`Identity-H` and the like).
    two_byte: bool,
    /// Explicit widths (thousandths of the font size) by code range: start → (end, width).
    widths: std::collections::BTreeMap<u32, (u32, f32)>,
    /// Width of codes not listed.
    default_width: f32,
}

impl<'a> Font<'a> {
    fn new(doc: &'a lopdf::Document, font: &'a lopdf::Dictionary, limit: usize) -> Option<Self> {
        let encoding = font.get_font_encoding_with_limit(doc, limit).ok()?;
        let number = |o: &lopdf::Object| doc.dereference(o).ok().and_then(|(_, o)| o.as_float().ok());
        let array = |d: &'a lopdf::Dictionary, key: &[u8]| {
            d.get_deref(key, doc).and_then(lopdf::Object::as_array).map_or(&[][..], Vec::as_slice)
        };
        let mut widths = std::collections::BTreeMap::new();
        let two_byte = font.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Type0".as_slice());
        let default_width;
        if two_byte {
            let descendant = array(font, b"DescendantFonts")
                .first()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok());
            default_width = descendant.and_then(|d| d.get(b"DW").ok()).and_then(number).unwrap_or(1000.0);
            // `W`: `c [w1 w2 …]` or `c_first c_last w`.
            let w = descendant.map_or(&[][..], |d| array(d, b"W"));
            let mut i = 0;
            while i + 1 < w.len() {
                let start = number(&w[i]).unwrap_or(0.0) as u32;
                if let Ok((_, lopdf::Object::Array(list))) = doc.dereference(&w[i + 1]) {
                    for (k, width) in list.iter().enumerate() {
                        let code = start + k as u32;
                        widths.insert(code, (code, number(width).unwrap_or(default_width)));
                    }
                    i += 2;
                } else {
                    let end = number(&w[i + 1]).unwrap_or(0.0) as u32;
                    let width = w.get(i + 2).and_then(number).unwrap_or(default_width);
                    widths.insert(start, (end, width));
                    i += 3;
                }
            }
        } else {
            let first = font.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
            for (k, width) in array(font, b"Widths").iter().enumerate() {
                let code = first + k as u32;
                widths.insert(code, (code, number(width).unwrap_or(0.0)));
            }
            let missing = font
                .get_deref(b"FontDescriptor", doc)
                .and_then(lopdf::Object::as_dict)
                .ok()
                .and_then(|d| d.get(b"MissingWidth").ok())
                .and_then(number);
            // The standard 14 fonts come without widths: half an em is close enough.
            default_width = missing.filter(|&w| w > 0.0).unwrap_or(500.0);
        }
        Some(Self { encoding, two_byte, widths, default_width })
    }

    fn width(&self, code: u32) -> f32 {
        match self.widths.range(..=code).next_back() {
            Some((_, &(end, width))) if code <= end => width,
            _ => self.default_width,
        }
    }

    /// The codes of a shown string.
    fn codes<'s>(&self, bytes: &'s [u8]) -> Box<dyn Iterator<Item = u32> + 's> {
        if self.two_byte {
            Box::new(bytes.chunks(2).map(|c| c.iter().fold(0, |acc, &b| (acc << 8) | u32::from(b))))
        } else {
            Box::new(bytes.iter().map(|&b| u32::from(b)))
        }
    }
}

/// The text state that positions glyphs (PDF 32000-1 §9.3), without the graphics state's
/// transformation (pages seldom rotate or scale text between lines).
#[derive(Clone, Copy)]
struct TextState {
    /// Text matrix `[a b c d e f]`.
    tm: [f32; 6],
    /// Text line matrix.
    tlm: [f32; 6],
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// Horizontal scaling, as a factor.
    scale: f32,
    leading: f32,
}

const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

// `a b c d e f` are the matrix entries as the PDF specification names them.
#[allow(clippy::many_single_char_names)]
impl TextState {
    /// Moves the line start by (tx, ty) in text space.
    fn translate_line(&mut self, tx: f32, ty: f32) {
        let [a, b, c, d, e, f] = self.tlm;
        self.tlm = [a, b, c, d, e + tx * a + ty * c, f + tx * b + ty * d];
        self.tm = self.tlm;
    }

    /// Advances the pen by `tx` along the line (text space).
    fn advance(&mut self, tx: f32) {
        let [a, b, c, d, e, f] = self.tm;
        self.tm = [a, b, c, d, e + tx * a, f + tx * b];
    }

    /// The font size in user space.
    fn user_size(&self) -> f32 {
        let [_, b, _, d, _, _] = self.tm;
        (self.size * (b * b + d * d).sqrt()).abs().max(0.1)
    }
}

/// Fonts by resource name.
type Fonts<'a> = Vec<(Vec<u8>, Rc<Font<'a>>)>;

/// Walks content streams, writing what they show.
struct PdfText<'a, 'b> {
    doc: &'a lopdf::Document,
    budget: &'b mut Budget,
    /// Fonts read so far, by the address of their dictionary (each is read once a document).
    fonts: HashMap<usize, Option<Rc<Font<'a>>>>,
    /// Content operators walked (the clock is looked at every thousand).
    ops: usize,
    out: String,
    /// Where the last text shown ended (user space), and its font size.
    pen: Option<(f32, f32, f32)>,
}

fn floats(operands: &[lopdf::Object]) -> Vec<f32> {
    operands.iter().filter_map(|o| o.as_float().ok()).collect()
}

impl<'a, 'b> PdfText<'a, 'b> {
    fn new(doc: &'a lopdf::Document, budget: &'b mut Budget) -> Self {
        Self { doc, budget, fonts: HashMap::new(), ops: 0, out: String::new(), pen: None }
    }

    /// A limit passed, from a `lopdf` error.
    fn failure(e: lopdf::Error, limit: usize) -> Failure {
        match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => Failure::TooMuchData(limit),
            e => Failure::Corrupt("pdf", e.to_string()),
        }
    }

    /// The text of one page.
    fn page(&mut self, page_id: lopdf::ObjectId) -> Result<String, Failure> {
        let doc = self.doc;
        self.budget.clock()?;
        let (limit, passed) = self.budget.stream_limit();
        let content = doc.get_page_content_with_limit(page_id, limit).map_err(|e| Self::failure(e, passed))?;
        self.budget.spend(content.len())?;
        let (resources, inherited) = doc.get_page_resources(page_id).map_err(|e| Self::failure(e, passed))?;
        let mut dicts: Vec<&lopdf::Dictionary> = resources.into_iter().collect();
        dicts.extend(inherited.iter().filter_map(|&id| doc.get_dictionary(id).ok()));
        self.out.clear();
        self.pen = None;
        self.content(&content, &dicts, 0)?;
        Ok(normalize_newlines(self.out.trim_end()))
    }

    fn content(&mut self, data: &[u8], resources: &[&'a lopdf::Dictionary], depth: usize) -> Result<(), Failure> {
        let fonts = self.fonts(resources)?;
        let content = lopdf::content::Content::decode(data).map_err(|e| Self::failure(e, 0))?;
        let mut font: Option<&Font<'_>> = None;
        let mut ts = TextState {
            tm: IDENTITY,
            tlm: IDENTITY,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
        };
        for op in &content.operations {
            self.ops += 1;
            if self.ops.is_multiple_of(1024) {
                self.budget.clock()?;
                self.budget.text(self.out.len())?;
            }
            let v = floats(&op.operands);
            match (op.operator.as_str(), v.as_slice()) {
                ("BT", _) => (ts.tm, ts.tlm) = (IDENTITY, IDENTITY),
                ("Tf", _) => {
                    let name = op.operands.first().and_then(|o| o.as_name().ok());
                    font = name.and_then(|n| fonts.iter().find(|(k, _)| k.as_slice() == n)).map(|(_, f)| f.as_ref());
                    ts.size = v.first().copied().unwrap_or(ts.size);
                }
                ("Tc", [x]) => ts.char_spacing = *x,
                ("Tw", [x]) => ts.word_spacing = *x,
                ("Tz", [x]) => ts.scale = x / 100.0,
                ("TL", [x]) => ts.leading = *x,
                ("Td", [x, y]) => ts.translate_line(*x, *y),
                ("TD", [x, y]) => {
                    ts.leading = -y;
                    ts.translate_line(*x, *y);
                }
                ("Tm", m @ [_, _, _, _, _, _]) => {
                    ts.tlm.copy_from_slice(m);
                    ts.tm = ts.tlm;
                }
                ("T*", _) => {
                    ts.translate_line(0.0, -ts.leading);
                    self.newline();
                }
                ("Tj" | "TJ", _) => self.show(font, &mut ts, &op.operands),
                ("'", _) => {
                    ts.translate_line(0.0, -ts.leading);
                    self.newline();
                    self.show(font, &mut ts, &op.operands);
                }
                ("\"", _) => {
                    if let [aw, ac, ..] = v[..] {
                        (ts.word_spacing, ts.char_spacing) = (aw, ac);
                    }
                    ts.translate_line(0.0, -ts.leading);
                    self.newline();
                    self.show(font, &mut ts, op.operands.get(2..).unwrap_or(&[]));
                }
                ("Do", _) if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(name, resources, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The fonts of the given resource dictionaries, by resource name (the first one wins).
    fn fonts(&mut self, resources: &[&'a lopdf::Dictionary]) -> Result<Fonts<'a>, Failure> {
        let doc = self.doc;
        let mut fonts: Fonts<'a> = Vec::new();
        for res in resources {
            let Ok(dict) = res.get_deref(b"Font", doc).and_then(lopdf::Object::as_dict) else { continue };
            for (name, font) in dict {
                if fonts.iter().any(|(k, _)| k == name) {
                    continue;
                }
                let Ok(font) = doc.dereference(font).and_then(|(_, o)| o.as_dict()) else { continue };
                let key = std::ptr::from_ref(font) as usize;
                let font = if let Some(known) = self.fonts.get(&key) {
                    known.clone()
                } else {
                    let read = self.font(font)?;
                    self.fonts.insert(key, read.clone());
                    read
                };
                if let Some(font) = font {
                    fonts.push((name.clone(), font));
                }
            }
        }
        Ok(fonts)
    }

    /// Reads a font, its `ToUnicode` map charged to the budget.
    fn font(&mut self, font: &'a lopdf::Dictionary) -> Result<Option<Rc<Font<'a>>>, Failure> {
        let (limit, passed) = self.budget.stream_limit();
        if let Ok(map) = font.get_deref(b"ToUnicode", self.doc).and_then(lopdf::Object::as_stream) {
            match map.decompressed_content_with_limit(limit) {
                Ok(data) => self.budget.spend(data.len())?,
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                    return Err(Failure::TooMuchData(passed));
                }
                Err(_) => {}
            }
        }
        Ok(Font::new(self.doc, font, limit).map(Rc::new))
    }

    /// Follows a form `XObject` named in the resources.
    fn form(&mut self, name: &[u8], resources: &[&'a lopdf::Dictionary], depth: usize) -> Result<(), Failure> {
        let doc = self.doc;
        let stream = resources.iter().find_map(|res| {
            let xobjects = res.get_deref(b"XObject", doc).and_then(lopdf::Object::as_dict).ok()?;
            let (_, obj) = doc.dereference(xobjects.get(name).ok()?).ok()?;
            obj.as_stream().ok()
        });
        let Some(stream) = stream else { return Ok(()) };
        if stream.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        self.budget.clock()?;
        let (limit, passed) = self.budget.stream_limit();
        let data = if stream.dict.get(b"Filter").is_ok() {
            stream.decompressed_content_with_limit(limit).map_err(|e| Self::failure(e, passed))?
        } else {
            stream.content.clone()
        };
        self.budget.spend(data.len())?;
        // A form's own resources come first, then the page's.
        let mut inner: Vec<&'a lopdf::Dictionary> = Vec::new();
        if let Ok(own) = stream.dict.get_deref(b"Resources", doc).and_then(lopdf::Object::as_dict) {
            inner.push(own);
        }
        inner.extend_from_slice(resources);
        self.content(&data, &inner, depth + 1)
    }

    fn newline(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn space(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with(char::is_whitespace) {
            self.out.push(' ');
        }
    }

    /// Shows strings (and `TJ` adjustments) with the current font, advancing the pen.
    fn show(&mut self, font: Option<&Font<'_>>, ts: &mut TextState, operands: &[lopdf::Object]) {
        for operand in operands {
            match operand {
                lopdf::Object::String(bytes, _) => {
                    let Some(font) = font else { continue };
                    self.place(ts);
                    if let Ok(s) = font.encoding.bytes_to_string(bytes) {
                        push_unligated(&mut self.out, &s);
                    }
                    for code in font.codes(bytes) {
                        let word = if !font.two_byte && code == 32 { ts.word_spacing } else { 0.0 };
                        ts.advance((font.width(code) / 1000.0 * ts.size + ts.char_spacing + word) * ts.scale);
                    }
                    let [_, _, _, _, e, f] = ts.tm;
                    self.pen = Some((e, f, ts.user_size()));
                }
                lopdf::Object::Array(items) => self.show(font, ts, items),
                lopdf::Object::Integer(_) | lopdf::Object::Real(_) => {
                    let k = operand.as_float().unwrap_or(0.0);
                    ts.advance(-k / 1000.0 * ts.size * ts.scale);
                }
                _ => {}
            }
        }
    }

    /// Before text is shown where the text matrix now is: a new line when the baseline moved by
    /// more than half the font size, a space when the text starts away from where the last
    /// text ended (a gap of a fifth of an em, or a jump back along the line).
    fn place(&mut self, ts: &TextState) {
        let [_, _, _, _, x, y] = ts.tm;
        if let Some((px, py, size)) = self.pen {
            let size = size.max(ts.user_size());
            if (y - py).abs() > size * 0.5 {
                self.newline();
            } else if x - px > size * 0.2 || px - x > size {
                self.space();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    #[test]
    fn extension_decides_and_is_case_insensitive() {
        assert_eq!(extract("CONG VAN.TXT", "Số: 12/UBND".as_bytes()).unwrap(), "Số: 12/UBND");
        let e = extract("thu.doc", b"\xD0\xCF\x11\xE0").unwrap_err();
        assert_eq!(e.to_string(), "Tệp thu.doc: định dạng .doc không được hỗ trợ; hãy lưu lại thành .docx hoặc .pdf");
        let e = extract("bang.xlsx", b"PK").unwrap_err();
        assert!(e.to_string().starts_with("Tệp bang.xlsx: định dạng .xlsx không được hỗ trợ"), "{e}");
        let e = extract("khongduoi", b"abc").unwrap_err();
        assert!(e.to_string().contains("không có phần mở rộng"), "{e}");
        assert_eq!(extract("rong.txt", b"").unwrap_err(), ExtractError::Empty { file: "rong.txt".into() });
    }

    #[test]
    fn size_limit_is_checked_first() {
        let big = vec![b'a'; MAX_UPLOAD_BYTES + 1];
        let e = extract("to.doc", &big).unwrap_err();
        assert_eq!(e, ExtractError::TooLarge { file: "to.doc".into(), size: MAX_UPLOAD_BYTES + 1 });
        assert_eq!(e.to_string(), "Tệp to.doc: dung lượng 20.0 MiB vượt quá giới hạn 20 MiB");
        assert!(extract("vua.txt", &big[1..]).is_ok());
    }

    #[test]
    fn txt_encodings() {
        let text = "Cộng hòa xã hội chủ nghĩa Việt Nam\r\nĐộc lập - Tự do - Hạnh phúc";
        let expected = "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc";
        assert_eq!(extract("a.txt", text.as_bytes()).unwrap(), expected);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(extract("a.txt", &bom).unwrap(), expected);
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(extract("a.txt", &le).unwrap(), expected);
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(extract("a.txt", &be).unwrap(), expected);
        // TCVN3 (ABC) bytes: "Céng hßa" — not UTF-8, kept byte for byte for vanban to decode.
        let legacy = b"C\xE9ng h\xDFa \xAE";
        let got = extract("cu.txt", legacy).unwrap();
        assert_eq!(
            got.chars().map(|c| c as u32).collect::<Vec<_>>(),
            legacy.iter().map(|&b| u32::from(b)).collect::<Vec<_>>()
        );
    }

    /// A minimal but real OOXML package, written with the `zip` crate.
    fn docx(document_xml: &str) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
            ),
            (
                "word/_rels/document.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#,
            ),
            (
                "word/header1.xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>ĐẦU TRANG</w:t></w:r></w:p></w:hdr>"#,
            ),
            ("word/document.xml", document_xml),
        ];
        for (name, body) in parts {
            zip.start_file(name, opts).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        buf.into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    #[test]
    fn docx_paragraphs_tables_breaks_entities() {
        let body = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>UBND TỈNH NINH BÌNH</w:t></w:r></w:p><w:p><w:r><w:t>SỞ Y TẾ</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">Số: 12/SYT-BĐG</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Ninh Bình, ngày 5 tháng 3 năm 2025</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:tabs><w:tab w:val="center" w:pos="4536"/></w:tabs></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Kính gửi:</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Các phòng &amp; ban </w:t></w:r><w:r><w:t>&lt;trực thuộc&gt; &#273;ơn vị</w:t></w:r></w:p>
<w:p><w:r><w:t>Dòng một</w:t><w:br/><w:t>dòng hai</w:t></w:r><w:del><w:r><w:delText>bỏ đi</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>
<w:p/>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Hộp chữ</w:t></mc:Choice><mc:Fallback><w:t>Hộp chữ</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:t>Bình đẳng giới</w:t></w:r></w:p>
<w:sectPr><w:headerReference w:type="default" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:sectPr>
</w:body></w:document>"#
        );
        let text = extract("Cong van.DOCX", &docx(&body)).unwrap();
        assert_eq!(
            text,
            "UBND TỈNH NINH BÌNH SỞ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Số: 12/SYT-BĐG | Ninh Bình, ngày 5 tháng 3 năm 2025\n\
             Kính gửi:\tCác phòng & ban <trực thuộc> đơn vị\n\
             Dòng một\ndòng hai\n\
             \n\
             Hộp chữ\n\
             Bình đẳng giới"
        );
        assert!(!text.contains("ĐẦU TRANG"));
    }

    #[test]
    fn corrupt_docx_names_the_file() {
        let e = extract("hong.docx", b"this is not a zip").unwrap_err();
        assert!(matches!(e, ExtractError::Corrupt { format: "docx", .. }));
        assert!(e.to_string().starts_with("Tệp hong.docx: tệp .docx bị hỏng"), "{e}");

        // A zip without word/document.xml.
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file("a.txt", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"x").unwrap();
        zip.finish().unwrap();
        let e = extract("thieu.docx", buf.get_ref()).unwrap_err();
        assert!(e.to_string().contains("word/document.xml"), "{e}");

        // Broken XML.
        let e = extract("xml.docx", &docx(&format!("<w:document {W}><w:body><w:p></w:r></w:body>"))).unwrap_err();
        assert!(e.to_string().starts_with("Tệp xml.docx: tệp .docx bị hỏng"), "{e}");

        // A password-protected .docx is an OLE container.
        let e = extract("matkhau.docx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap_err();
        assert_eq!(e, ExtractError::Encrypted { file: "matkhau.docx".into() });
    }

    use crate::fixtures::pdf;

    fn stream(content: &[u8]) -> Vec<u8> {
        [format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(), content, b"\nendstream"].concat()
    }

    /// Two pages in Helvetica (standard encoding), with line moves, a TJ with a kerning gap and
    /// text on the same line placed by a jump.
    fn ascii_pdf() -> Vec<u8> {
        let page1 = b"BT /F1 12 Tf 72 720 Td (Hello PDF) Tj 0 -14 Td [(Second)-1000(line)] TJ ET\n\
                      BT /F1 12 Tf 1 0 0 1 72 690 Tm (So: 12) Tj 1 0 0 1 300 690 Tm (Ha Noi) Tj ET";
        let page2 = b"BT /F1 12 Tf 72 720 Td (Page two) Tj T* (after T*) Tj ET";
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 /Resources << /Font << /F1 7 0 R >> >> >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
            stream(page1),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>".to_vec(),
            stream(page2),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        ])
    }

    #[test]
    fn pdf_ascii_pages_lines_and_spaces() {
        let text = extract("van ban.Pdf", &ascii_pdf()).unwrap();
        assert_eq!(text, "Hello PDF\nSecond line\nSo: 12 Ha Noi\n\x0cPage two\nafter T*");
    }

    /// A `Type0` font with `Identity-H` and a `ToUnicode` `CMap`, as Word and `LibreOffice` write for
    /// Vietnamese text; glyph ids are arbitrary, the `CMap` maps them to Unicode.
    fn vietnamese_pdf() -> Vec<u8> {
        // Glyph ids 1..: C Ộ N G space H Ò A X Ã I Đ ậ l p q ộ c
        let cmap = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
16 beginbfchar\n<0001> <0043>\n<0002> <1ED8>\n<0003> <004E>\n<0004> <0047>\n<0005> <0020>\n\
<0006> <0048>\n<0007> <00D2>\n<0008> <0041>\n<0009> <0058>\n<000A> <00C3>\n<000B> <0049>\n\
<000C> <0110>\n<000D> <1EAD>\n<000E> <006C>\n<0011> <1ED9>\n<0012> <0063>\nendbfchar\n\
1 beginbfrange\n<000F> <0010> <0070>\nendbfrange\n\
endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend";
        // "CỘNG HÒA XÃ HỘI" / "Độc lập"; "CỘ" and "NG" are placed apart, exactly where the widths
        // in `W` (722 each at 13 pt) say the first run ends, so they must not be split by a space.
        let content =
            b"BT /F2 13 Tf 1 0 0 1 100 700 Tm <00010002> Tj 1 0 0 1 118.772 700 Tm <00030004000500060007000800050009000A000500060002000B> Tj \
1 0 0 1 100 680 Tm <000C00110012> Tj [<0005>] TJ <000E000D000F> Tj ET";
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F2 5 0 R >> >> >>"
                .to_vec(),
            stream(content),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRomanPSMT /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
                .to_vec(),
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRomanPSMT /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /W [1 [722 722 722 722 250] 6 11 700] >>"
                .to_vec(),
            stream(cmap),
        ])
    }

    #[test]
    fn pdf_vietnamese_through_tounicode_cmap() {
        let text = extract("vn.pdf", &vietnamese_pdf()).unwrap();
        assert_eq!(text, "CỘNG HÒA XÃ HỘI\nĐộc lập");
    }

    /// Text placed run by run (or glyph by glyph) with `Tm`, as some generators do: the widths
    /// tell touching runs (one word) from runs with a gap between them (two words).
    #[test]
    fn pdf_runs_placed_one_by_one_use_glyph_widths() {
        let content = b"BT /F1 10 Tf 1 0 0 1 100 700 Tm (B\xECn) Tj 1 0 0 1 118 700 Tm (h) Tj \
1 0 0 1 140 700 Tm (N) Tj 1 0 0 1 146 700 Tm (i) Tj 1 0 0 1 152 700 Tm (nh) Tj ET";
        // 600 rather than the 500 assumed without `Widths`, so the test needs them read.
        let widths = vec!["600"; 224].join(" ");
        let font = format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [{widths}] >>"
        );
        let bytes = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_vec(),
            stream(content),
            font.into_bytes(),
        ]);
        assert_eq!(extract("runs.pdf", &bytes).unwrap(), "Bình Ninh");
    }

    #[test]
    fn pdf_form_xobject_text_is_followed() {
        let form = b"BT /F1 10 Tf 0 0 Td (Inside a form) Tj ET";
        let bytes = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >> >>"
                .to_vec(),
            stream(b"q 1 0 0 1 50 50 cm /X1 Do Q"),
            [
                format!("<< /Type /XObject /Subtype /Form /BBox [0 0 200 50] /Length {} >>\nstream\n", form.len())
                    .as_bytes(),
                form,
                b"\nendstream",
            ]
            .concat(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ]);
        assert_eq!(extract("form.pdf", &bytes).unwrap(), "Inside a form");
    }

    #[test]
    fn ligatures_are_spelled_out() {
        let mut out = String::new();
        push_unligated(&mut out, "speci\u{FB01}cation e\u{FB00}ect\0");
        assert_eq!(out, "specification effect");
    }

    #[test]
    fn scanned_pdf_needs_ocr() {
        // A page that only paints an image (here a grey rectangle stands for it): no text.
        let bytes = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
            stream(b"0.5 g 0 0 612 792 re f"),
        ]);
        let e = extract("scan.pdf", &bytes).unwrap_err();
        assert_eq!(e, ExtractError::NeedsOcr { file: "scan.pdf".into() });
        assert!(e.to_string().contains("OCR"), "{e}");
    }

    #[test]
    fn limits_are_refusals_naming_the_file() {
        let paragraphs = "<w:p><w:r><w:t>abcdefghij</w:t></w:r></w:p>".repeat(100);
        let letter = docx(&format!("<w:document {W}><w:body>{paragraphs}</w:body></w:document>"));
        let limits = Limits { text_bytes: 100, ..Limits::default() };
        let e = extract_with("dai.docx", &letter, &limits).unwrap_err();
        assert_eq!(e, ExtractError::TooMuchText { file: "dai.docx".into(), limit: 100 });
        assert_eq!(
            e.to_string(),
            "Tệp dai.docx: nội dung chữ dài quá giới hạn 1 MiB; hãy tách phần công văn ra tệp riêng"
        );
        let limits = Limits { part_bytes: 1000, ..Limits::default() };
        let e = extract_with("dai.docx", &letter, &limits).unwrap_err();
        assert_eq!(e, ExtractError::TooMuchData { file: "dai.docx".into(), limit: 1000 });

        let limits = Limits { pages: 1, ..Limits::default() };
        let e = extract_with("hai.pdf", &ascii_pdf(), &limits).unwrap_err();
        assert_eq!(e, ExtractError::TooManyPages { file: "hai.pdf".into(), pages: 2, limit: 1 });
        assert_eq!(
            e.to_string(),
            "Tệp hai.pdf: có 2 trang, vượt quá giới hạn 1 trang; hãy tách phần công văn ra tệp riêng"
        );

        let limits = Limits { time: Duration::ZERO, ..Limits::default() };
        for (name, bytes) in [("cham.pdf", ascii_pdf()), ("cham.docx", letter)] {
            let e = extract_with(name, &bytes, &limits).unwrap_err();
            assert_eq!(e, ExtractError::TooSlow { file: name.into(), limit: Duration::ZERO }, "{name}");
        }
        let e = ExtractError::TooSlow { file: "a.pdf".into(), limit: MAX_EXTRACT_TIME };
        assert!(e.to_string().starts_with("Tệp a.pdf: đọc tệp mất quá 10 giây"), "{e}");
    }

    /// A form drawn again and again is charged each time it is drawn.
    #[test]
    fn a_form_drawn_many_times_counts_each_time() {
        let form = format!("BT /F1 10 Tf 0 0 Td (Form) Tj ET {}", " ".repeat(1000));
        let page = "/X1 Do ".repeat(100);
        let bytes = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X1 5 0 R >> /Font << /F1 6 0 R >> >> >>"
                .to_vec(),
            stream(page.as_bytes()),
            [
                format!("<< /Type /XObject /Subtype /Form /BBox [0 0 200 50] /Length {} >>\nstream\n", form.len())
                    .as_bytes(),
                form.as_bytes(),
                b"\nendstream",
            ]
            .concat(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ]);
        assert!(extract("form.pdf", &bytes).unwrap().starts_with("Form Form"));
        let limits = Limits { total_bytes: 20_000, ..Limits::default() };
        let e = extract_with("form.pdf", &bytes, &limits).unwrap_err();
        assert_eq!(e, ExtractError::TooMuchData { file: "form.pdf".into(), limit: 20_000 });
    }

    #[test]
    fn corrupt_pdf_names_the_file() {
        let e = extract("hong.pdf", b"<html>not a pdf</html>").unwrap_err();
        assert!(e.to_string().starts_with("Tệp hong.pdf: tệp .pdf bị hỏng"), "{e}");
        let mut cut = ascii_pdf();
        cut.truncate(40);
        let e = extract("cut.pdf", &cut).unwrap_err();
        assert!(matches!(e, ExtractError::Corrupt { format: "pdf", .. }), "{e:?}");
    }
}
