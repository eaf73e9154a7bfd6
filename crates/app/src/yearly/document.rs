//! The yearly report laid out: as a Báo cáo in the layout of Nghị định 30/2020/NĐ-CP (written by
//! `office::docx`, the writer of every official document here) and as `.xlsx` tables.
//!
//! Top to bottom: the header (the superior body over the issuing agency, `Số:      /BC-SNV` or the
//! number given, the place and the date or a blank day and month in the report's year), `BÁO
//! CÁO` and `Kết quả thực hiện công tác bình đẳng giới năm N`, `Kính gửi` the level above; a line
//! saying which reports the figures come from; I. the results under the guidance's four task
//! groups, each its opening sentence, the units' notes and a table (the year before, the year,
//! the change); II. the Strategy's indicators against their 2025 and 2030 targets; III. the
//! difficulties; IV. the proposals; the closing line, `Nơi nhận` (`Như trên`, the superior body,
//! `Lưu: VT`) and the signature block of the issuer's kind. A draft that counts reports not yet
//! approved carries the mark `DỰ THẢO` above its header, saying so.

use std::fmt::Write as _;

use binhdang_core::units::vn_date;
use binhdang_office::docx::{OfficialDocument, Section, Table};
use binhdang_office::xlsx::{Cell, Sheet};

use super::{Group, Item, Line, YearlyReport, number, percent};
use crate::plans::document::{abbreviate_committee, signature};
use binhdang_core::documents::without_area;

/// The mark of a draft that counts unapproved reports.
pub const UNAPPROVED_MARK: &str = "DỰ THẢO - CÓ SỐ LIỆU CHƯA ĐƯỢC CẤP TRÊN DUYỆT";

/// The document's summary (trích yếu).
#[must_use]
pub fn title(year: i32) -> String {
    format!("Kết quả thực hiện công tác bình đẳng giới năm {year}")
}

/// The change from the year before: `+12 (+35,3 %)`, `-3`, empty without both years.
#[must_use]
pub fn change(line: &Line) -> String {
    let (Some(now), Some(before)) = (line.current, line.previous) else { return String::new() };
    let diff = now - before;
    let sign = if diff > 0.0 { "+" } else { "" };
    let mut out = format!("{sign}{}", number(diff));
    if before > 0.0 {
        let _ = write!(out, " ({sign}{})", percent(diff / before * 100.0));
    }
    out
}

/// A value or a dash.
fn value(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), number)
}

/// The headings of a group's table.
#[must_use]
pub fn figure_columns(year: i32) -> Vec<String> {
    vec![
        "STT".into(),
        "Nội dung".into(),
        format!("Năm {}", year - 1),
        format!("Năm {year}"),
        "Tăng (+), giảm (-)".into(),
    ]
}

/// A group's table rows, totals numbered and their parts under them.
fn figure_rows(lines: &[Line]) -> Vec<Vec<String>> {
    let mut n = 0;
    lines
        .iter()
        .map(|l| {
            let stt = if l.is_part() {
                String::new()
            } else {
                n += 1;
                n.to_string()
            };
            vec![stt, l.name_vi.clone(), value(l.previous), value(l.current), change(l)]
        })
        .collect()
}

/// An item as a line of the document: `- text (Phường Rạch Giá, 15/12/2025)`.
#[must_use]
pub fn item_line(item: &Item) -> String {
    let when = item.on.map(|d| format!(", {}", vn_date(d))).unwrap_or_default();
    let text = item.text.trim().trim_end_matches(['.', ';']);
    format!("- {text} ({}{when}).", item.from)
}

/// The sections of the four task groups.
fn group_sections(r: &YearlyReport) -> Vec<Section> {
    r.groups
        .iter()
        .map(|g: &Group| {
            let mut paragraphs = vec![g.summary_vi.clone()];
            paragraphs.extend(g.notes.iter().map(item_line));
            Section {
                heading: format!("{}. {}", g.number, g.title_vi),
                paragraphs,
                table: (!g.lines.is_empty()).then(|| Table {
                    headers: figure_columns(r.year),
                    rows: figure_rows(&g.lines),
                    widths: Some(vec![2, 10, 4, 4, 5]),
                }),
            }
        })
        .collect()
}

/// The indicators' headings.
#[must_use]
pub fn indicator_columns(year: i32) -> Vec<String> {
    vec![
        "STT".into(),
        "Chỉ tiêu".into(),
        format!("Năm {year}"),
        "Mục tiêu năm 2025".into(),
        "Mục tiêu năm 2030".into(),
        "Đánh giá".into(),
    ]
}

/// The indicators' section.
fn indicator_section(r: &YearlyReport) -> Section {
    let heading = "II. THỰC HIỆN CÁC CHỈ TIÊU CỦA CHIẾN LƯỢC QUỐC GIA VỀ BÌNH ĐẲNG GIỚI".to_owned();
    if r.indicators.is_empty() {
        return Section {
            heading,
            paragraphs: vec![format!(
                "Các báo cáo năm {} được tổng hợp chưa có số liệu để tính các chỉ tiêu của Chiến lược quốc gia về bình \
                 đẳng giới giai đoạn 2021 - 2030.",
                r.year
            )],
            table: None,
        };
    }
    let target = |sign: &str, v: Option<f64>, suffix: &str| {
        v.map_or_else(|| "-".to_owned(), |v| format!("{sign} {}{suffix}", number(v)))
    };
    let rows = r
        .indicators
        .iter()
        .enumerate()
        .map(|(n, i)| {
            vec![
                (n + 1).to_string(),
                i.name_vi.clone(),
                format!("{}{}", number((i.value * 10.0).round() / 10.0), i.suffix),
                target(&i.sign, i.target_2025, &i.suffix),
                target(&i.sign, i.target_2030, &i.suffix),
                i.progress.label_vi().to_owned(),
            ]
        })
        .collect();
    Section {
        heading,
        paragraphs: vec![format!(
            "Các chỉ tiêu của Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030 (Nghị quyết số 28/NQ-CP) có \
             số liệu năm {}, so với mục tiêu năm 2025 và năm 2030:",
            r.year
        )],
        table: Some(Table { headers: indicator_columns(r.year), rows, widths: Some(vec![2, 9, 3, 3, 3, 4]) }),
    }
}

/// A section of items, or the sentence saying there are none.
fn items_section(heading: &str, items: &[Item], none: &str) -> Section {
    let paragraphs = if items.is_empty() { vec![none.to_owned()] } else { items.iter().map(item_line).collect() };
    Section { heading: heading.to_owned(), paragraphs, table: None }
}

/// Which reports the figures come from: how many, whether approved, and whose (at most ten
/// named).
#[must_use]
pub fn sources_line(r: &YearlyReport) -> String {
    sources(r, false)
}

/// [`sources_line`] in English, for the page in English.
#[must_use]
pub fn sources_line_en(r: &YearlyReport) -> String {
    sources(r, true)
}

fn sources(r: &YearlyReport, english: bool) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in &r.reports {
        if !names.contains(&c.unit_name.as_str()) {
            names.push(&c.unit_name);
        }
    }
    let shown = names.iter().take(10).copied().collect::<Vec<_>>().join(", ");
    let more = names.len().saturating_sub(10);
    let (n, year, unapproved) = (r.reports.len(), r.year, r.unapproved);
    if english {
        let more = if more > 0 { format!(" and {more} other areas") } else { String::new() };
        let approved = if unapproved > 0 {
            format!(", {unapproved} of them not yet approved")
        } else {
            " approved by the level above".to_owned()
        };
        let reports = if n == 1 { "report" } else { "reports" };
        return format!("Figures compiled from {n} {reports} of {year}{approved} ({shown}{more}).");
    }
    let more = if more > 0 { format!(" và {more} địa bàn khác") } else { String::new() };
    let approved = if unapproved > 0 {
        format!(", trong đó {unapproved} báo cáo chưa được cấp trên duyệt")
    } else {
        " đã được cấp trên duyệt".to_owned()
    };
    format!("Số liệu trong báo cáo được tổng hợp từ {n} báo cáo năm {year}{approved} ({shown}{more}).")
}

/// Lays the yearly report out as a Báo cáo (see the module documentation).
#[must_use]
pub fn compose(r: &YearlyReport) -> OfficialDocument {
    let h = &r.header;
    let has_superior = h.superior.is_some();
    let issuer = if has_superior { without_area(&h.issuer).to_owned() } else { h.issuer.clone() };
    let superior = h.superior.as_deref().map(abbreviate_committee);
    let area = r.unit_name.trim();
    let mut area_lower = area.chars();
    let area_lower: String =
        area_lower.next().map(|c| c.to_lowercase().chain(area_lower).collect()).unwrap_or_default();
    let mut sections = vec![Section {
        heading: String::new(),
        paragraphs: vec![
            format!(
                "{issuer} báo cáo kết quả thực hiện công tác bình đẳng giới năm {} trên địa bàn {area_lower} như sau:",
                r.year
            ),
            sources_line(r),
        ],
        table: None,
    }];
    sections.push(Section { heading: "I. KẾT QUẢ THỰC HIỆN".into(), paragraphs: Vec::new(), table: None });
    sections.extend(group_sections(r));
    sections.push(indicator_section(r));
    sections.push(items_section(
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        &r.difficulties,
        "Các báo cáo được tổng hợp không nêu khó khăn, vướng mắc.",
    ));
    sections.push(items_section(
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
        &r.proposals,
        "Các báo cáo được tổng hợp không có kiến nghị, đề xuất.",
    ));
    sections.push(Section {
        heading: String::new(),
        paragraphs: vec![format!(
            "Trên đây là báo cáo kết quả thực hiện công tác bình đẳng giới năm {} của {issuer}, kính gửi {} xem xét, \
             tổng hợp./.",
            r.year, h.addressee
        )],
        table: None,
    });
    let mut recipients = vec!["Như trên".to_owned()];
    if let Some(s) = &superior {
        recipients.push(format!("{s} (để báo cáo)"));
    }
    recipients.push("Lưu: VT".into());
    OfficialDocument {
        mark: (r.unapproved > 0).then(|| UNAPPROVED_MARK.to_owned()),
        parent_issuer: superior,
        issuer,
        number: h.number.clone(),
        symbol: h.symbol.clone(),
        place: h.place.clone(),
        date: h.date,
        draft_year: Some(h.date.map_or(r.year, |d| chrono::Datelike::year(&d))),
        doc_type: "BÁO CÁO".into(),
        title: title(r.year),
        addressees: if h.addressee.is_empty() { Vec::new() } else { vec![h.addressee.clone()] },
        preamble: Vec::new(),
        sections,
        signature: signature(h.issuer_kind),
        recipients,
    }
}

/// The report's tables as worksheets: the figures by task group, the indicators, the
/// difficulties and proposals; each with the title, the area and (for a draft) the mark above.
#[must_use]
pub fn sheets(r: &YearlyReport) -> Vec<Sheet> {
    let mut caption = vec![format!("Báo cáo {} - {}", title(r.year).to_lowercase(), r.unit_name), sources_line(r)];
    if r.unapproved > 0 {
        caption.insert(0, UNAPPROVED_MARK.to_owned());
    }
    let opt = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Number);
    let mut figures = Vec::new();
    for g in &r.groups {
        for l in &g.lines {
            figures.push(vec![
                Cell::Text(format!("{}. {}", g.number, g.title_vi)),
                Cell::Text(l.element.clone()),
                Cell::Text(l.name_vi.clone()),
                opt(l.previous),
                opt(l.current),
                l.current.zip(l.previous).map_or(Cell::Empty, |(c, p)| Cell::Number(c - p)),
            ]);
        }
    }
    let mut headers = vec!["Nhóm nhiệm vụ".to_owned(), "Mã chỉ tiêu".to_owned()];
    headers.extend(figure_columns(r.year).into_iter().skip(1).take(3));
    headers.push("Tăng, giảm".into());
    let indicators = r
        .indicators
        .iter()
        .map(|i| {
            vec![
                Cell::Text(i.code.clone()),
                Cell::Text(i.name_vi.clone()),
                opt(i.previous),
                Cell::Number(i.value),
                opt(i.target_2025),
                opt(i.target_2030),
                Cell::Text(i.progress.label_vi().to_owned()),
            ]
        })
        .collect();
    let items = |kind: &str, items: &[Item]| -> Vec<Vec<Cell>> {
        items
            .iter()
            .map(|i| {
                vec![
                    Cell::Text(kind.to_owned()),
                    Cell::Text(i.from.clone()),
                    i.on.map_or(Cell::Empty, Cell::Date),
                    Cell::Text(i.text.clone()),
                ]
            })
            .collect()
    };
    let mut texts = items("Khó khăn, vướng mắc", &r.difficulties);
    texts.extend(items("Kiến nghị, đề xuất", &r.proposals));
    for g in &r.groups {
        texts.extend(items(&format!("Ghi chú nhóm {}", g.number), &g.notes));
    }
    vec![
        Sheet { title: "Số liệu".into(), caption: caption.clone(), headers, rows: figures },
        Sheet {
            title: "Chỉ tiêu Chiến lược".into(),
            caption: caption.clone(),
            headers: [
                "Mã",
                "Chỉ tiêu",
                &format!("Năm {}", r.year - 1),
                &format!("Năm {}", r.year),
                "Mục tiêu năm 2025",
                "Mục tiêu năm 2030",
                "Đánh giá",
            ]
            .map(String::from)
            .to_vec(),
            rows: indicators,
        },
        Sheet {
            title: "Khó khăn, kiến nghị".into(),
            caption,
            headers: ["Loại", "Địa bàn", "Ngày gửi", "Nội dung"].map(String::from).to_vec(),
            rows: texts,
        },
    ]
}
