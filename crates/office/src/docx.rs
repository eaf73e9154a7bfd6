//! `.docx` official documents laid out as Nghị định 30/2020/NĐ-CP prescribes.
//!
//! [`write_document`] turns an [`OfficialDocument`] into a `WordprocessingML` package written by
//! hand with `zip` (parts: `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`,
//! `word/styles.xml`, `word/settings.xml`, `word/header1.xml` and
//! `word/_rels/document.xml.rels`). The layout, top to bottom:
//!
//! - A draft's mark ([`OfficialDocument::mark`], `DỰ THẢO …`), bold and centred, when it has one.
//! - A borderless two-column header. Left: the superior body (upper case), the issuing body
//!   (bold, upper case) with a short rule under it, then `Số: 12/KH-SLĐTBXH`. A name too long
//!   for its column is broken between words, never inside the name of an area (`ỦY BAN NHÂN
//!   DÂN` / `TỈNH KIÊN GIANG`, never `TỈNH KIÊN` / `GIANG`) nor before a dash; the lines are
//!   written with non-breaking spaces, so no renderer breaks them elsewhere. The widths are
//!   estimated from the advance widths of Times New Roman Bold, on the wide side. Right: the national
//!   title `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM` (bold), the motto `Độc lập - Tự do - Hạnh phúc`
//!   (bold, a rule under it as long as the motto), then `<Place>, ngày dd tháng mm năm yyyy` in
//!   italics. The number and the date sit on the same line, as in the Decree's samples.
//! - The type name (bold, centred, upper case) and the summary (bold, centred) with a short rule
//!   under it. A document without a type name is a công văn: its summary goes under the number
//!   instead, in the left column.
//! - The `Kính gửi:` block when the document has addressees: one on the line itself (centred),
//!   several as a list.
//! - The preamble (`Căn cứ …`) in italics; the sections with bold headings, justified paragraphs
//!   with a first-line indent, and bordered tables with a bold header row that repeats on every
//!   page.
//! - A borderless two-column block: `Nơi nhận:` (bold italic) and its `- item;` lines in a small
//!   font on the left (the last line ends with a full stop); the authority prefix and the
//!   position (bold, centred, upper case), room for the signature and the signer's name (bold) on
//!   the right.
//!
//! The page is A4 with margins of 20 mm top and bottom, 30 mm left and 15 mm right; the font is
//! Times New Roman, 14 pt for the text and 11–13 pt where the Decree allows smaller sizes. Page
//! numbers are centred in the top margin from page 2 on. Text is escaped for XML; a line break
//! (`\n`) in any text becomes a line break in the paragraph and a tab (`\t`) a tab; characters
//! that XML 1.0 forbids (other control characters) are dropped.
//!
//! Numbers and dates follow the Decree: a number below 10 gets a leading zero (`Số: 05/…`), and
//! so do a day below 10 and the months 1 and 2 (`ngày 05 tháng 02 năm 2025`, but `ngày 15 tháng
//! 3 năm 2025`). A document that is not yet signed has no number (`Số:      /KH-…`, the number
//! left blank) and no date (`ngày    tháng    năm 2025`: the year the document gives, else the
//! current year).
//!
//! # Known limits
//!
//! - Text widths are not measured: the rules under the issuer and the summary have a fixed
//!   length (about a third of a typical line), and the column widths of a table without
//!   [`Table::widths`] are guessed from the length of its text.
//! - No urgency or confidentiality marks, appendices, footnotes, lists
//!   numbered by Word, merged table cells or images; a heading such as `I. MỤC ĐÍCH` must carry
//!   its own numbering.
//! - The document properties (`docProps/`) are not written; Word and `LibreOffice` do not need
//!   them.

use std::fmt;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use binhdang_core::clock::{Clock, SystemClock};
use chrono::{Datelike, NaiveDate};

/// A Vietnamese administrative document, ready to be laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialDocument {
    /// A mark above the header for a draft that must not be taken as final (`DỰ THẢO`, with why),
    /// bold and centred; `None` for a document ready to issue.
    pub mark: Option<String>,
    /// The superior body, e.g. `UBND TỈNH KIÊN GIANG` (written in upper case).
    pub parent_issuer: Option<String>,
    /// The issuing body, e.g. `SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI` (written in upper case).
    pub issuer: String,
    /// The number; `None` (or blank) for a draft that is not yet numbered.
    pub number: Option<String>,
    /// The symbol after the slash, e.g. `KH-SLĐTBXH`.
    pub symbol: String,
    /// The place name before the date, e.g. `Kiên Giang`.
    pub place: String,
    /// The date of issue; `None` for a draft (day and month left blank).
    pub date: Option<NaiveDate>,
    /// The year printed on an undated draft (`ngày    tháng    năm 2021`); `None` for the current
    /// year. A plan for 2021 drafted again today still reads 2021.
    pub draft_year: Option<i32>,
    /// The type name, e.g. `KẾ HOẠCH` (written in upper case); empty for a công văn.
    pub doc_type: String,
    /// The summary (trích yếu): the line under the type name, or the `V/v …` line of a công văn.
    pub title: String,
    /// The addressees of the `Kính gửi:` block (a công văn, a tờ trình, a báo cáo sent up); empty
    /// for documents that have none, such as a kế hoạch. `Như trên` in [`Self::recipients`] means
    /// these addressees, so it belongs only with them.
    pub addressees: Vec<String>,
    /// The grounds (`Căn cứ …`), one paragraph each, in italics.
    pub preamble: Vec<String>,
    /// The body.
    pub sections: Vec<Section>,
    /// The signature block.
    pub signature: Signature,
    /// The "Nơi nhận" list, usually ending with `Lưu: VT, <unit>`; a leading `-` and a trailing
    /// `;` or `.` are added (and not doubled).
    pub recipients: Vec<String>,
}

/// The signature block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The authority prefix with the head's position, e.g. `KT. GIÁM ĐỐC`, `TM. ỦY BAN NHÂN DÂN`.
    pub authority_prefix: Option<String>,
    /// The signer's position, e.g. `PHÓ GIÁM ĐỐC`.
    pub title: String,
    /// The signer's full name.
    pub name: String,
}

/// One part of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading, in bold (omitted when empty), e.g. `I. MỤC ĐÍCH, YÊU CẦU`.
    pub heading: String,
    /// Paragraphs, justified with a first-line indent.
    pub paragraphs: Vec<String>,
    /// A table after the paragraphs.
    pub table: Option<Table>,
}

/// A bordered table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header row, in bold (omitted when empty).
    pub headers: Vec<String>,
    /// Data rows; a row shorter than the widest row is padded with empty cells.
    pub rows: Vec<Vec<String>>,
    /// Relative column widths (any unit: they are scaled to the width of the text), one per
    /// column; `None` to guess them from the text.
    pub widths: Option<Vec<u32>>,
}

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// A table's column widths do not fit its columns.
    Table {
        /// The heading of the section that holds the table.
        section: String,
        /// What is wrong, in Vietnamese.
        detail: String,
    },
    /// The package could not be written.
    Write(String),
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Table { section, detail } => write!(f, "Bảng trong mục \"{section}\" không hợp lệ: {detail}"),
            Self::Write(e) => write!(f, "không tạo được tệp Word (.docx): {e}"),
        }
    }
}

impl std::error::Error for DocxError {}

/// The national title.
pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto under the national title.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// The `Số: N/SYMBOL` line: a number below 10 gets a leading zero, a missing number is left
/// blank (spaces) for the clerk to fill in, and an empty symbol leaves out the slash.
#[must_use]
pub fn number_line(number: Option<&str>, symbol: &str) -> String {
    let number = number.map(str::trim).unwrap_or_default();
    let number = if number.len() == 1 && number.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{number}")
    } else if number.is_empty() {
        " ".repeat(6)
    } else {
        number.to_owned()
    };
    let symbol = symbol.trim();
    if symbol.is_empty() { format!("Số: {}", number.trim_end()) } else { format!("Số: {number}/{symbol}") }
}

/// The `<Place>, ngày dd tháng mm năm yyyy` line. A day below 10 and the months 1 and 2 get a
/// leading zero; without a date, day and month are left blank and the year is `this_year`.
#[must_use]
pub fn place_date_line(place: &str, date: Option<NaiveDate>, this_year: i32) -> String {
    let place = place.trim();
    let place = if place.is_empty() { String::new() } else { format!("{place}, ") };
    match date {
        Some(d) => {
            let month = if d.month() <= 2 { format!("{:02}", d.month()) } else { d.month().to_string() };
            format!("{place}ngày {:02} tháng {month} năm {}", d.day(), d.year())
        }
        None => format!("{place}ngày    tháng    năm {this_year}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Page geometry, in twentieths of a point (twips): 1 mm = 56.7 twips.

const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN_TOP: u32 = 1_134;
const MARGIN_BOTTOM: u32 = 1_134;
const MARGIN_LEFT: u32 = 1_701;
const MARGIN_RIGHT: u32 = 850;
/// Where the page number sits: 10 mm from the top edge.
const HEADER_DISTANCE: u32 = 567;
/// The width of the text.
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// Left and right padding of a table cell.
const CELL_PADDING: u32 = 108;
/// The header's columns (without cell padding): the right one has room for the national title
/// at 12 pt (about 88 mm in Times New Roman) and some to spare, the left one for `SỞ LAO ĐỘNG -
/// THƯƠNG BINH` on one line.
const HEADER_LEFT: u32 = 3_955;
const HEADER_RIGHT: u32 = TEXT_WIDTH - HEADER_LEFT;
/// The signature block's columns.
const SIGN_LEFT: u32 = 4_300;
const SIGN_RIGHT: u32 = TEXT_WIDTH - SIGN_LEFT;
/// The motto at 13 pt bold is about 55 mm long; the rule under it is as long.
const MOTTO_WIDTH: u32 = 3_106;
/// The rules under the issuer and the summary.
const SHORT_RULE: u32 = 1_200;
const TITLE_RULE: u32 = 2_000;
/// First-line indent of the text (1 cm; the Decree asks for 1–1.27 cm).
const FIRST_LINE: u32 = 567;
/// Room left for the signature and the seal.
const SIGNATURE_SPACE: u32 = 1_700;

// Font sizes in half-points.
const PT11: u32 = 22;
const PT12: u32 = 24;
const PT13: u32 = 26;
const PT14: u32 = 28;

const FONT: &str = "Times New Roman";

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Writes the document as a `.docx` package. See the module documentation for the layout; an
/// undated draft shows the current year in Vietnam.
pub fn write_document(doc: &OfficialDocument) -> Result<Vec<u8>, DocxError> {
    write_document_with_clock(doc, &SystemClock)
}

/// [`write_document`] with the clock that gives the year of an undated draft.
pub fn write_document_with_clock(doc: &OfficialDocument, clock: &dyn Clock) -> Result<Vec<u8>, DocxError> {
    let document = document_xml(doc, clock.today().year())?;
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", content_types_xml()),
        ("_rels/.rels", root_rels_xml()),
        ("word/document.xml", document),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/header1.xml", header_xml()),
        ("word/_rels/document.xml.rels", document_rels_xml()),
    ];
    let err = |e: &dyn fmt::Display| DocxError::Write(e.to_string());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(name, options).map_err(|e| err(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

// ---------------------------------------------------------------------------------------------
// Package parts other than the document.

fn content_types_xml() -> String {
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        r#"{XML_DECL}
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{WML}.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="{WML}.styles+xml"/><Override PartName="/word/settings.xml" ContentType="{WML}.settings+xml"/><Override PartName="/word/header1.xml" ContentType="{WML}.header+xml"/></Types>"#
    )
}

fn root_rels_xml() -> String {
    format!(
        r#"{XML_DECL}
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{NS_R}/officeDocument" Target="word/document.xml"/></Relationships>"#
    )
}

fn document_rels_xml() -> String {
    format!(
        r#"{XML_DECL}
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{NS_R}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="{NS_R}/settings" Target="settings.xml"/><Relationship Id="rId3" Type="{NS_R}/header" Target="header1.xml"/></Relationships>"#
    )
}

fn styles_xml() -> String {
    format!(
        r#"{XML_DECL}
<w:styles xmlns:w="{NS_W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:sz w:val="{PT14}"/><w:szCs w:val="{PT14}"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_PADDING}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_PADDING}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="{PT13}"/><w:szCs w:val="{PT13}"/></w:rPr></w:style></w:styles>"#
    )
}

fn settings_xml() -> String {
    format!(
        r#"{XML_DECL}
<w:settings xmlns:w="{NS_W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>"#
    )
}

/// The page number, centred in the top margin (shown from page 2: the section has a distinct,
/// empty first-page header).
fn header_xml() -> String {
    format!(
        r#"{XML_DECL}
<w:hdr xmlns:w="{NS_W}"><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="{PT13}"/><w:szCs w:val="{PT13}"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>"#
    )
}

// ---------------------------------------------------------------------------------------------
// The main part.

/// Run formatting.
#[derive(Debug, Clone, Copy)]
struct Font {
    bold: bool,
    italic: bool,
    /// Half-points.
    size: u32,
}

const fn font(size: u32) -> Font {
    Font { bold: false, italic: false, size }
}

impl Font {
    const fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    const fn italic(self) -> Self {
        Self { italic: true, ..self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
    Justify,
}

/// Paragraph formatting (spacing in twips).
#[derive(Debug, Clone, Copy)]
struct Para {
    align: Align,
    before: u32,
    after: u32,
    first_line: u32,
    keep_next: bool,
}

const fn para(align: Align) -> Para {
    Para { align, before: 0, after: 0, first_line: 0, keep_next: false }
}

impl Para {
    const fn before(self, before: u32) -> Self {
        Self { before, ..self }
    }

    const fn after(self, after: u32) -> Self {
        Self { after, ..self }
    }

    const fn keep_next(self) -> Self {
        Self { keep_next: true, ..self }
    }
}

/// Text in the body: justified, 6 pt between paragraphs, a little more than single spacing.
const BODY: Para = Para { align: Align::Justify, before: 0, after: 120, first_line: FIRST_LINE, keep_next: false };

/// `document.xml` being written.
struct Body {
    xml: String,
}

impl Body {
    fn paragraph(&mut self, p: Para, f: Font, text: &str) {
        self.xml.push_str("<w:p><w:pPr>");
        if p.keep_next {
            self.xml.push_str("<w:keepNext/>");
        }
        self.push_spacing(p);
        if p.first_line > 0 {
            let _ = write!(self.xml, r#"<w:ind w:firstLine="{}"/>"#, p.first_line);
        }
        self.push_align(p.align);
        self.push_rpr(f);
        self.xml.push_str("</w:pPr>");
        self.run(f, text);
        self.xml.push_str("</w:p>");
    }

    /// A horizontal rule `width` twips long, centred in a space `room` twips wide: an empty
    /// paragraph with a top border and side indents.
    fn rule(&mut self, room: u32, width: u32) {
        let indent = room.saturating_sub(width) / 2;
        let _ = write!(
            self.xml,
            r#"<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr><w:spacing w:before="60" w:after="0" w:line="120" w:lineRule="exact"/><w:ind w:left="{indent}" w:right="{indent}"/><w:jc w:val="center"/><w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr></w:pPr></w:p>"#
        );
    }

    fn push_spacing(&mut self, p: Para) {
        let _ = write!(self.xml, r#"<w:spacing w:before="{}" w:after="{}"/>"#, p.before, p.after);
    }

    fn push_align(&mut self, align: Align) {
        let value = match align {
            Align::Left => "left",
            Align::Center => "center",
            Align::Justify => "both",
        };
        let _ = write!(self.xml, r#"<w:jc w:val="{value}"/>"#);
    }

    fn push_rpr(&mut self, f: Font) {
        self.xml.push_str("<w:rPr>");
        if f.bold {
            self.xml.push_str("<w:b/><w:bCs/>");
        }
        if f.italic {
            self.xml.push_str("<w:i/><w:iCs/>");
        }
        let _ = write!(self.xml, r#"<w:sz w:val="{0}"/><w:szCs w:val="{0}"/>"#, f.size);
        self.xml.push_str("</w:rPr>");
    }

    /// One run; `\n` becomes a line break and `\t` a tab.
    fn run(&mut self, f: Font, text: &str) {
        if text.is_empty() {
            return;
        }
        self.xml.push_str("<w:r>");
        self.push_rpr(f);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.xml.push_str("<w:br/>");
            }
            for (j, piece) in line.trim_end_matches('\r').split('\t').enumerate() {
                if j > 0 {
                    self.xml.push_str("<w:tab/>");
                }
                if !piece.is_empty() {
                    self.xml.push_str(r#"<w:t xml:space="preserve">"#);
                    push_escaped(&mut self.xml, piece);
                    self.xml.push_str("</w:t>");
                }
            }
        }
        self.xml.push_str("</w:r>");
    }

    /// Starts a full-width table with the given column widths (twips).
    fn table_start(&mut self, widths: &[u32], borders: bool, padding: u32) {
        let total: u32 = widths.iter().sum();
        let _ = write!(self.xml, r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>"#);
        let border = if borders { r#"w:val="single" w:sz="4" w:space="0" w:color="auto""# } else { r#"w:val="nil""# };
        self.xml.push_str("<w:tblBorders>");
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            let _ = write!(self.xml, "<w:{side} {border}/>");
        }
        let _ = write!(
            self.xml,
            r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{padding}" w:type="dxa"/><w:right w:w="{padding}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr><w:tblGrid>"#
        );
        for w in widths {
            let _ = write!(self.xml, r#"<w:gridCol w:w="{w}"/>"#);
        }
        self.xml.push_str("</w:tblGrid>");
    }

    fn row_start(&mut self, header: bool) {
        self.xml.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            self.xml.push_str("<w:tblHeader/>");
        }
        self.xml.push_str("</w:trPr>");
    }

    /// A cell whose paragraphs `content` writes (a cell must hold at least one paragraph, so
    /// an empty one is added when it writes none).
    fn cell(&mut self, width: u32, content: impl FnOnce(&mut Self)) {
        let _ = write!(self.xml, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#);
        let start = self.xml.len();
        content(self);
        if !self.xml[start..].contains("<w:p>") {
            self.xml.push_str("<w:p/>");
        }
        self.xml.push_str("</w:tc>");
    }
}

/// Appends `text` escaped for XML content or attributes, leaving out the characters that XML
/// 1.0 does not allow.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

fn document_xml(doc: &OfficialDocument, this_year: i32) -> Result<String, DocxError> {
    let mut body = Body { xml: String::with_capacity(16 * 1024) };
    body.xml.push_str(XML_DECL);
    let _ = write!(body.xml, r#"<w:document xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:body>"#);
    let is_letter = doc.doc_type.trim().is_empty();

    // Header.
    let center = para(Align::Center);
    if let Some(mark) = doc.mark.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        body.paragraph(center.after(120), font(PT12).bold(), mark);
    }
    body.table_start(&[HEADER_LEFT, HEADER_RIGHT], false, 0);
    body.row_start(false);
    body.cell(HEADER_LEFT, |b| {
        if let Some(parent) = doc.parent_issuer.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            for line in header_lines(&parent.to_uppercase(), font(PT12), HEADER_LEFT) {
                b.paragraph(center, font(PT12), &line);
            }
        }
        for line in header_lines(&doc.issuer.trim().to_uppercase(), font(PT12).bold(), HEADER_LEFT) {
            b.paragraph(center, font(PT12).bold(), &line);
        }
        b.rule(HEADER_LEFT, SHORT_RULE);
    });
    body.cell(HEADER_RIGHT, |b| {
        b.paragraph(center, font(PT12).bold(), &unbreakable(NATIONAL_TITLE));
        b.paragraph(center, font(PT13).bold(), &unbreakable(MOTTO));
        b.rule(HEADER_RIGHT, MOTTO_WIDTH);
    });
    body.xml.push_str("</w:tr>");
    body.row_start(false);
    body.cell(HEADER_LEFT, |b| {
        b.paragraph(center.before(60), font(PT13), &number_line(doc.number.as_deref(), &doc.symbol));
        if is_letter && !doc.title.trim().is_empty() {
            b.paragraph(center.before(60), font(PT12), doc.title.trim());
        }
    });
    body.cell(HEADER_RIGHT, |b| {
        let year = doc.draft_year.unwrap_or(this_year);
        b.paragraph(
            center.before(60),
            font(PT14).italic(),
            &place_date_line(&unbreakable(doc.place.trim()), doc.date, year),
        );
    });
    body.xml.push_str("</w:tr></w:tbl>");

    // Type name and summary.
    if is_letter {
        body.paragraph(para(Align::Center).after(120), font(PT14), "");
    } else {
        body.paragraph(center.before(360).keep_next(), font(PT14).bold(), &doc.doc_type.trim().to_uppercase());
        if !doc.title.trim().is_empty() {
            body.paragraph(center.keep_next(), font(PT14).bold(), doc.title.trim());
        }
        body.rule(TEXT_WIDTH, TITLE_RULE);
        body.paragraph(para(Align::Center).after(120), font(PT12), "");
    }

    write_addressees(&mut body, &doc.addressees);

    for line in &doc.preamble {
        body.paragraph(BODY, font(PT14).italic(), line.trim());
    }

    for section in &doc.sections {
        if !section.heading.trim().is_empty() {
            body.paragraph(BODY.before(60).keep_next(), font(PT14).bold(), section.heading.trim());
        }
        for text in &section.paragraphs {
            body.paragraph(BODY, font(PT14), text.trim());
        }
        if let Some(table) = &section.table {
            write_table(&mut body, table, &section.heading)?;
        }
    }

    write_signature(&mut body, doc);

    // A last paragraph, as Word wants one after a table; tiny so that it cannot push a page.
    body.xml.push_str(
        r#"<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>"#,
    );
    let _ = write!(
        body.xml,
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/><w:cols w:space="720"/><w:titlePg/></w:sectPr></w:body></w:document>"#
    );
    Ok(body.xml)
}

/// A section's table followed by a spacing paragraph (which also keeps Word from joining it to
/// a following table).
fn write_table(body: &mut Body, table: &Table, section: &str) -> Result<(), DocxError> {
    let columns = table.rows.iter().map(Vec::len).chain([table.headers.len()]).max().unwrap_or(0);
    if columns == 0 {
        return Ok(());
    }
    let bad = |detail: String| DocxError::Table { section: section.trim().to_owned(), detail };
    let weights: Vec<u64> = match &table.widths {
        Some(w) if w.len() != columns => {
            return Err(bad(format!("có {} độ rộng cột cho {columns} cột", w.len())));
        }
        Some(w) if w.iter().all(|&x| x == 0) => return Err(bad("mọi độ rộng cột đều bằng 0".into())),
        Some(w) => w.iter().map(|&x| u64::from(x)).collect(),
        None => guess_weights(table, columns),
    };
    let widths = scale(&weights, TEXT_WIDTH);
    let cell_para = para(Align::Left).before(40).after(40);
    body.table_start(&widths, true, CELL_PADDING);
    if !table.headers.is_empty() {
        body.row_start(true);
        for (c, &width) in widths.iter().enumerate() {
            let text = table.headers.get(c).map_or("", |s| s.trim());
            body.cell(width, |b| b.paragraph(para(Align::Center).before(40).after(40), font(PT13).bold(), text));
        }
        body.xml.push_str("</w:tr>");
    }
    for row in &table.rows {
        body.row_start(false);
        for (c, &width) in widths.iter().enumerate() {
            let text = row.get(c).map_or("", |s| s.trim());
            let align = if is_number(text) { Align::Center } else { Align::Left };
            body.cell(width, |b| b.paragraph(Para { align, ..cell_para }, font(PT13), text));
        }
        body.xml.push_str("</w:tr>");
    }
    body.xml.push_str("</w:tbl>");
    body.paragraph(para(Align::Left).after(120), font(PT12), "");
    Ok(())
}

/// The `Kính gửi:` block: one addressee on the line itself, several as a list under it.
fn write_addressees(body: &mut Body, addressees: &[String]) {
    let items: Vec<&str> = addressees
        .iter()
        .map(|a| a.trim().trim_start_matches(['-', '–', '•']).trim_start().trim_end_matches([';', '.', ',']).trim_end())
        .filter(|a| !a.is_empty())
        .collect();
    match items.as_slice() {
        [] => {}
        [one] => body.paragraph(para(Align::Center).after(240), font(PT14), &format!("Kính gửi: {one}.")),
        many => {
            let indent = Para { first_line: 4 * FIRST_LINE, ..para(Align::Left) };
            body.paragraph(indent.keep_next(), font(PT14), "Kính gửi:");
            let last = many.len() - 1;
            for (i, item) in many.iter().enumerate() {
                let end = if i == last { '.' } else { ';' };
                let p = if i == last { indent.after(240) } else { indent.keep_next() };
                body.paragraph(Para { first_line: 5 * FIRST_LINE, ..p }, font(PT14), &format!("- {item}{end}"));
            }
        }
    }
}

/// `text` with its spaces made non-breaking, so that a renderer never breaks the line inside it.
fn unbreakable(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join("\u{a0}")
}

/// The words that start the name of an area at the end of an agency's name (`… TỈNH KIÊN
/// GIANG`); the area's name is never broken across lines. `XÃ` starts one unless it is the
/// `XÃ HỘI` of a department's name.
const AREA_WORDS: [&str; 9] = ["TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN", "PHƯỜNG", "ĐẶC KHU", "XÃ"];

/// The pieces a header name may be broken between: words, with a dash kept at the end of the
/// word before it and the area's name at the end (`TỈNH KIÊN GIANG`) kept whole.
fn header_pieces(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
    let starts_area = |i: usize| {
        AREA_WORDS.iter().any(|a| {
            let parts: Vec<&str> = a.split(' ').collect();
            upper.len() > i + parts.len()
                && parts.iter().enumerate().all(|(k, p)| upper[i + k] == *p)
                && !(*a == "XÃ" && upper[i + 1] == "HỘI")
        })
    };
    let area = (1..words.len()).rev().find(|&i| starts_area(i)).unwrap_or(words.len());
    let mut pieces: Vec<String> = Vec::new();
    for (i, word) in words[..area].iter().enumerate() {
        match pieces.last_mut() {
            Some(last) if matches!(*word, "-" | "–") || (i > 0 && words[i - 1].ends_with(['-', '–'])) => {
                last.push('\u{a0}');
                last.push_str(word);
            }
            _ => pieces.push((*word).to_owned()),
        }
    }
    if area < words.len() {
        pieces.push(words[area..].join("\u{a0}"));
    }
    pieces
}

/// A name of the header (issuing body, superior body) broken into lines that fit `room` twips,
/// never inside the name of an area and never before a dash; a `\n` in the name is a break the
/// writer asked for. Each line's spaces are non-breaking, so that Word and `LibreOffice` keep the
/// lines as written (the widths are estimated on the wide side).
fn header_lines(text: &str, f: Font, room: u32) -> Vec<String> {
    let join = |pieces: &[String]| pieces.join("\u{a0}");
    // Where a line is best broken: before `VÀ`, after a comma.
    let preferred = |line: &[String], k: usize| line[k] == "VÀ" || line[k - 1].ends_with(',');
    let mut out = Vec::new();
    for given in text.split('\n') {
        let mut line: Vec<String> = Vec::new();
        for piece in header_pieces(given) {
            line.push(piece);
            while line.len() > 1 && text_width(&join(&line), f) > room {
                let last = line.len() - 1;
                let at = (1..last).rev().find(|&k| preferred(&line, k)).unwrap_or(last);
                let rest = line.split_off(at);
                out.push(join(&line));
                line = rest;
            }
        }
        if !line.is_empty() {
            out.push(join(&line));
        }
    }
    out
}

/// The width of `text` in twips in Times New Roman at `f`, estimated on the wide side: the
/// advance widths of the bold face (thousandths of an em) for every face, a letter with
/// diacritics as wide as its base letter (ơ and ư a little wider), and 2 % to spare.
fn text_width(text: &str, f: Font) -> u32 {
    let em: u32 = text.chars().map(char_width).sum();
    // An em is the font size: `size` half-points of 10 twips each.
    em * 102 / 100 * f.size / 100
}

/// The advance width of a character in Times New Roman Bold, in thousandths of an em.
fn char_width(c: char) -> u32 {
    const UPPER: [u32; 26] = [
        722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722,
        1000, 722, 722, 667,
    ];
    const LOWER: [u32; 26] = [
        500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500,
        722, 500, 500, 444,
    ];
    match vietnamese_base(c) {
        b @ 'A'..='Z' => {
            UPPER[(b as u8 - b'A') as usize] + if "ƠƯỜỚỞỠỢỪỨỬỮỰ".contains(c) { 60 } else { 0 }
        }
        b @ 'a'..='z' => {
            LOWER[(b as u8 - b'a') as usize] + if "ơườớởỡợừứửữự".contains(c) { 60 } else { 0 }
        }
        '0'..='9' => 500,
        ' ' | '\u{a0}' => 250,
        '-' | '.' | ',' | ':' | ';' | '(' | ')' | '/' | '\'' => 333,
        _ => 1000,
    }
}

/// The Latin letter under a Vietnamese letter (`Ộ` → `O`, `đ` → `d`); other characters as they are.
fn vietnamese_base(c: char) -> char {
    const GROUPS: [(&str, char); 14] = [
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ÌÍỈĨỊ", 'I'),
        ("ìíỉĩị", 'i'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỲÝỶỸỴ", 'Y'),
        ("ỳýỷỹỵ", 'y'),
        ("Đ", 'D'),
        ("đ", 'd'),
    ];
    GROUPS.iter().find(|(letters, _)| letters.contains(c)).map_or(c, |(_, base)| *base)
}

/// A number such as `1`, `1.2`, `12,5` or `40%`: centred in its cell.
fn is_number(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%'))
}

/// Column weights from the text: the longest line of each column, between 4 and 30 characters.
fn guess_weights(table: &Table, columns: usize) -> Vec<u64> {
    (0..columns)
        .map(|c| {
            let longest = table
                .rows
                .iter()
                .chain([&table.headers])
                .filter_map(|row| row.get(c))
                .flat_map(|s| s.lines())
                .map(|l| l.trim().chars().count())
                .max()
                .unwrap_or(0);
            longest.clamp(4, 30) as u64
        })
        .collect()
}

/// Weights scaled to `total` twips; the last column takes what rounding leaves.
fn scale(weights: &[u64], total: u32) -> Vec<u32> {
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut widths: Vec<u32> = weights.iter().map(|&w| (w * u64::from(total) / sum) as u32).collect();
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += total - used;
    }
    widths
}

/// "Nơi nhận" on the left, the signature on the right.
fn write_signature(body: &mut Body, doc: &OfficialDocument) {
    let center = para(Align::Center);
    body.table_start(&[SIGN_LEFT, SIGN_RIGHT], false, CELL_PADDING);
    body.row_start(false);
    body.cell(SIGN_LEFT, |b| {
        if doc.recipients.is_empty() {
            return;
        }
        b.paragraph(para(Align::Left).before(240), font(PT12).bold().italic(), "Nơi nhận:");
        let last = doc.recipients.len() - 1;
        for (i, item) in doc.recipients.iter().enumerate() {
            let item = item.trim().trim_start_matches(['-', '–', '•']).trim_start();
            let item = item.trim_end_matches([';', '.', ',']).trim_end();
            let end = if i == last { '.' } else { ';' };
            b.paragraph(para(Align::Left), font(PT11), &format!("- {item}{end}"));
        }
    });
    body.cell(SIGN_RIGHT, |b| {
        let mut first = true;
        let mut before = || if std::mem::take(&mut first) { 240 } else { 0 };
        if let Some(prefix) = doc.signature.authority_prefix.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            b.paragraph(center.before(before()).keep_next(), font(PT14).bold(), &prefix.to_uppercase());
        }
        let title = doc.signature.title.trim();
        if !title.is_empty() {
            b.paragraph(center.before(before()).keep_next(), font(PT14).bold(), &title.to_uppercase());
        }
        b.paragraph(center.before(SIGNATURE_SPACE), font(PT14).bold(), doc.signature.name.trim());
    });
    body.xml.push_str("</w:tr></w:tbl>");
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use binhdang_core::clock::FixedClock;
    use chrono::{TimeZone, Utc};

    use super::*;

    fn sample() -> OfficialDocument {
        OfficialDocument {
            mark: None,
            parent_issuer: Some("UBND tỉnh Kiên Giang".into()),
            issuer: "Sở Lao động - Thương binh và Xã hội".into(),
            number: Some("12".into()),
            symbol: "KH-SLĐTBXH".into(),
            place: "Kiên Giang".into(),
            date: NaiveDate::from_ymd_opt(2021, 3, 5),
            draft_year: None,
            doc_type: "Kế hoạch".into(),
            title: "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2021".into(),
            addressees: Vec::new(),
            preamble: vec![
                "Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;".into(),
                "Căn cứ Kế hoạch số 45/KH-UBND ngày 20 tháng 02 năm 2021 của UBND tỉnh.".into(),
            ],
            sections: vec![
                Section {
                    heading: "I. MỤC ĐÍCH, YÊU CẦU".into(),
                    paragraphs: vec!["Nâng cao nhận thức về bình đẳng giới.\nDòng thứ hai.".into()],
                    table: None,
                },
                Section {
                    heading: "II. NHIỆM VỤ".into(),
                    paragraphs: vec!["Các nhiệm vụ cụ thể:".into()],
                    table: Some(Table {
                        headers: vec!["STT".into(), "Nội dung".into(), "Thời gian".into()],
                        rows: vec![
                            vec!["1".into(), "Tập huấn cán bộ".into(), "Quý II".into()],
                            vec!["2".into(), "Truyền thông".into()],
                        ],
                        widths: Some(vec![1, 6, 2]),
                    }),
                },
                Section { heading: "III. TỔ CHỨC THỰC HIỆN".into(), paragraphs: vec![], table: None },
            ],
            signature: Signature {
                authority_prefix: Some("KT. Giám đốc".into()),
                title: "Phó Giám đốc".into(),
                name: "Nguyễn Văn An".into(),
            },
            recipients: vec!["UBND tỉnh (b/c);".into(), "- Các sở, ngành".into(), "Lưu: VT, BĐG.".into()],
        }
    }

    fn parts(bytes: &[u8]) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut file = zip.by_index(i).unwrap();
                let mut xml = String::new();
                file.read_to_string(&mut xml).unwrap();
                (file.name().unwrap().into_owned(), xml)
            })
            .collect()
    }

    fn part(bytes: &[u8], name: &str) -> String {
        parts(bytes).into_iter().find(|(n, _)| n == name).unwrap().1
    }

    /// The text of the document, with its non-breaking spaces read as spaces.
    fn text_of(bytes: &[u8]) -> String {
        crate::text::extract("x.docx", bytes).unwrap().replace('\u{a0}', " ")
    }

    /// Asserts that every needle occurs in `text`, each after the previous one.
    fn assert_in_order(text: &str, needles: &[&str]) {
        let mut from = 0;
        for needle in needles {
            match text[from..].find(needle) {
                Some(at) => from += at + needle.len(),
                None => panic!("{needle:?} not found after byte {from} in:\n{text}"),
            }
        }
    }

    #[test]
    fn text_projection_has_every_component_in_order() {
        let bytes = write_document(&sample()).unwrap();
        let text = text_of(&bytes);
        assert_in_order(
            &text,
            &[
                "UBND TỈNH KIÊN GIANG",
                "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                NATIONAL_TITLE,
                MOTTO,
                "Số: 12/KH-SLĐTBXH",
                "Kiên Giang, ngày 05 tháng 3 năm 2021",
                "\nKẾ HOẠCH\n",
                "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2021\n",
                "Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;\n",
                "\nI. MỤC ĐÍCH, YÊU CẦU\n",
                "Nâng cao nhận thức về bình đẳng giới.\nDòng thứ hai.",
                "\nII. NHIỆM VỤ\n",
                "STT | Nội dung | Thời gian\n",
                "1 | Tập huấn cán bộ | Quý II\n",
                "2 | Truyền thông |",
                "\nIII. TỔ CHỨC THỰC HIỆN\n",
                "Nơi nhận: - UBND tỉnh (b/c); - Các sở, ngành; - Lưu: VT, BĐG. | ",
                "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn An",
            ],
        );
        // The header is one table: issuer and national title on a row, number and date on the next.
        assert!(text.starts_with(
            "UBND TỈNH KIÊN GIANG SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \
             Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-SLĐTBXH | Kiên Giang, ngày 05 tháng 3 năm 2021\n"
        ));
    }

    #[test]
    fn every_part_is_well_formed_and_declared() {
        use quick_xml::events::Event;

        let bytes = write_document(&sample()).unwrap();
        let parts = parts(&bytes);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        for required in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels"] {
            assert!(names.contains(&required), "{required} missing from {names:?}");
        }
        for (name, xml) in &parts {
            let mut reader = quick_xml::Reader::from_str(xml);
            let mut depth = 0i32;
            let mut roots = 0;
            loop {
                match reader.read_event() {
                    Ok(Event::Start(_)) => {
                        roots += i32::from(depth == 0);
                        depth += 1;
                    }
                    Ok(Event::End(_)) => depth -= 1,
                    Ok(Event::Empty(_)) => roots += i32::from(depth == 0),
                    Ok(Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{name}: {e} at {}", reader.error_position()),
                }
            }
            assert_eq!((depth, roots), (0, 1), "{name}");
        }
        // Every part but the content types is declared, and every relationship target exists.
        let types = &parts[0].1;
        for name in &names[1..] {
            if !name.contains("_rels/") {
                assert!(types.contains(&format!(r#"PartName="/{name}""#)), "{name} not declared");
            }
        }
        let rels = part(&bytes, "word/_rels/document.xml.rels");
        for target in rels.split(r#"Target=""#).skip(1).map(|s| &s[..s.find('"').unwrap()]) {
            assert!(names.contains(&format!("word/{target}").as_str()), "{target}");
        }
    }

    #[test]
    fn page_and_fonts_follow_the_decree() {
        let bytes = write_document(&sample()).unwrap();
        let xml = part(&bytes, "word/document.xml");
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#), "A4");
        assert!(xml.contains(r#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#), "margins");
        assert!(xml.contains("<w:titlePg/>"), "no page number on page 1");
        let styles = part(&bytes, "word/styles.xml");
        assert!(styles.contains(r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman""#));
        assert!(styles.contains(r#"<w:sz w:val="28"/>"#), "14 pt");
        // The date is in italics, the type name in bold and centred.
        let date = xml.find("Kiên\u{a0}Giang, ngày").unwrap();
        let run = &xml[xml[..date].rfind("<w:r>").unwrap()..date];
        assert!(run.contains("<w:i/>") && !run.contains("<w:b/>"), "{run}");
        let kind = xml.find(">KẾ HOẠCH<").unwrap();
        let paragraph = &xml[xml[..kind].rfind("<w:p>").unwrap()..kind];
        assert!(paragraph.contains(r#"<w:jc w:val="center"/>"#) && paragraph.contains("<w:b/>"), "{paragraph}");
        // Table header bold and repeated; the body text justified with a first-line indent.
        assert!(xml.contains("<w:tblHeader/>"));
        let body = xml.find("Các nhiệm vụ cụ thể:").unwrap();
        let paragraph = &xml[xml[..body].rfind("<w:p>").unwrap()..body];
        assert!(paragraph.contains(r#"<w:jc w:val="both"/>"#) && paragraph.contains("w:firstLine="), "{paragraph}");
        // Widths 1:6:2 of the 9355-twip text width.
        assert!(xml.contains(r#"<w:gridCol w:w="1039"/><w:gridCol w:w="6236"/><w:gridCol w:w="2080"/>"#), "{xml}");
    }

    #[test]
    fn text_is_escaped() {
        let mut doc = sample();
        doc.title = "Về \"bình đẳng\" & <giới> > 0\u{1}".into();
        doc.sections[0].paragraphs = vec!["A & B < C\tD".into()];
        doc.recipients = vec!["Sở Y tế & Sở GD<ĐT>".into()];
        let bytes = write_document(&doc).unwrap();
        let xml = part(&bytes, "word/document.xml");
        assert!(xml.contains("Về &quot;bình đẳng&quot; &amp; &lt;giới&gt; &gt; 0</w:t>"), "{xml}");
        assert!(xml.contains("A &amp; B &lt; C</w:t><w:tab/><w:t xml:space=\"preserve\">D"), "{xml}");
        let text = text_of(&bytes);
        assert!(text.contains("\nVề \"bình đẳng\" & <giới> > 0\n"), "{text}");
        assert!(text.contains("\nA & B < C\tD\n"), "{text}");
        assert!(text.contains("Nơi nhận: - Sở Y tế & Sở GD<ĐT>. |"), "{text}");
    }

    #[test]
    fn drafts_and_letters() {
        let mut doc = sample();
        doc.number = None;
        doc.date = None;
        doc.doc_type = String::new();
        doc.title = "V/v triển khai Tháng hành động vì bình đẳng giới".into();
        doc.parent_issuer = None;
        doc.signature.authority_prefix = None;
        doc.recipients.clear();
        // 31 December 2025 at 18:00 UTC is already 2026 in Vietnam.
        let clock = FixedClock(Utc.with_ymd_and_hms(2025, 12, 31, 18, 0, 0).unwrap());
        let text = text_of(&write_document_with_clock(&doc, &clock).unwrap());
        assert!(
            text.contains(
                "\nSố:       /KH-SLĐTBXH V/v triển khai Tháng hành động vì bình đẳng giới | \
                 Kiên Giang, ngày    tháng    năm 2026\n"
            ),
            "{text}"
        );
        assert!(text.starts_with("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI | "), "{text}");
        assert!(text.ends_with("\n | PHÓ GIÁM ĐỐC Nguyễn Văn An"), "{text}");
        assert!(!text.contains("Nơi nhận"), "{text}");
    }

    #[test]
    fn header_names_break_between_words_never_inside_an_area_name() {
        let lines = |text: &str, f: Font| -> Vec<String> {
            header_lines(text, f, HEADER_LEFT).iter().map(|l| l.replace('\u{a0}', " ")).collect()
        };
        assert_eq!(lines("ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", font(PT12)), ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG"]);
        assert_eq!(lines("UBND TỈNH KIÊN GIANG", font(PT12)), ["UBND TỈNH KIÊN GIANG"]);
        assert_eq!(
            lines("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", font(PT12).bold()),
            ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]
        );
        // The area's name stays whole, dash and all; a dash never starts a line; a line breaks
        // before `VÀ` or after a comma rather than inside `DU LỊCH`.
        assert_eq!(
            lines("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH BÀ RỊA - VŨNG TÀU", font(PT12).bold()),
            ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH", "TỈNH BÀ RỊA - VŨNG TÀU"]
        );
        assert_eq!(lines("ỦY BAN NHÂN DÂN\nXÃ VĨNH HÒA HIỆP", font(PT12)), ["ỦY BAN NHÂN DÂN", "XÃ VĨNH HÒA HIỆP"]);
        // Every line is written with non-breaking spaces only.
        for line in header_lines("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", font(PT12).bold(), HEADER_LEFT) {
            assert!(!line.contains(' '), "{line:?}");
            assert!(text_width(&line, font(PT12).bold()) <= HEADER_LEFT || !line.contains('\u{a0}'), "{line:?}");
        }
        let xml = part(&write_document(&sample()).unwrap(), "word/document.xml");
        assert!(
            xml.contains(">TỈNH\u{a0}KIÊN\u{a0}GIANG<") || xml.contains(">UBND\u{a0}TỈNH\u{a0}KIÊN\u{a0}GIANG<"),
            "{xml}"
        );
    }

    #[test]
    fn a_draft_keeps_its_own_year_and_addressees_come_before_the_body() {
        let mut doc = sample();
        doc.date = None;
        doc.draft_year = Some(2021);
        doc.addressees = vec!["Sở Y tế".into()];
        let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap());
        let text = text_of(&write_document_with_clock(&doc, &clock).unwrap());
        assert!(text.contains("Kiên Giang, ngày    tháng    năm 2021\n"), "{text}");
        assert_in_order(&text, &["\nKẾ HOẠCH\n", "\nKính gửi: Sở Y tế.\n", "Căn cứ Luật Bình đẳng giới"]);
        doc.addressees = vec!["Sở Y tế;".into(), "- Sở Nội vụ".into()];
        let text = text_of(&write_document_with_clock(&doc, &clock).unwrap());
        assert_in_order(&text, &["\nKính gửi:\n- Sở Y tế;\n- Sở Nội vụ.\n", "Căn cứ"]);
    }

    #[test]
    fn numbers_and_dates_are_written_as_the_decree_says() {
        assert_eq!(number_line(Some("5"), "QĐ-UBND"), "Số: 05/QĐ-UBND");
        assert_eq!(number_line(Some("123"), "KH-UBND"), "Số: 123/KH-UBND");
        assert_eq!(number_line(Some(" "), "KH-UBND"), "Số:       /KH-UBND");
        assert_eq!(number_line(Some("15"), ""), "Số: 15");
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(place_date_line("Hà Nội", d(2025, 2, 9), 0), "Hà Nội, ngày 09 tháng 02 năm 2025");
        assert_eq!(place_date_line("Hà Nội", d(2025, 1, 31), 0), "Hà Nội, ngày 31 tháng 01 năm 2025");
        assert_eq!(place_date_line("Hà Nội", d(2025, 12, 1), 0), "Hà Nội, ngày 01 tháng 12 năm 2025");
        assert_eq!(place_date_line("Huế", None, 2025), "Huế, ngày    tháng    năm 2025");
    }

    #[test]
    fn bad_table_widths_are_refused_in_vietnamese() {
        let mut doc = sample();
        if let Some(table) = doc.sections[1].table.as_mut() {
            table.widths = Some(vec![1, 2]);
        }
        let e = write_document(&doc).unwrap_err();
        assert_eq!(e.to_string(), "Bảng trong mục \"II. NHIỆM VỤ\" không hợp lệ: có 2 độ rộng cột cho 3 cột");
        if let Some(table) = doc.sections[1].table.as_mut() {
            table.widths = Some(vec![0, 0, 0]);
        }
        assert!(write_document(&doc).unwrap_err().to_string().ends_with("mọi độ rộng cột đều bằng 0"));
        // Without widths they are guessed: "STT" gets the minimum, the longest text the most.
        if let Some(table) = doc.sections[1].table.as_mut() {
            table.widths = None;
        }
        let xml = part(&write_document(&doc).unwrap(), "word/document.xml");
        assert!(xml.contains(r#"<w:gridCol w:w="1336"/><w:gridCol w:w="5011"/><w:gridCol w:w="3008"/>"#), "{xml}");
    }
}
