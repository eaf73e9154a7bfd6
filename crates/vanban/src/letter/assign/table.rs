//! A plan's table of tasks: a header row naming the lead and the coordination columns ("STT |
//! Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành"), then one row per
//! task. Each row whose lead cell names a body is one assignment; a row that only heads a group
//! of rows ("I | NHÓM GIẢI PHÁP VỀ CƠ CHẾ CHÍNH SÁCH") gives none.
//!
//! The reader works on the cleaned body, where a table arrives in one of two shapes: cells that
//! were printed between bars on lines of their own come as blocks separated by one blank line,
//! rows by two or more; cells of a Markdown row come one per line, rows separated by one blank
//! line. Text taken from a PDF's layout, with neither, is not read as a table.

use super::{Assignment, action_of, is_body, joint_lead, normal_lead, split_coordinators};
use crate::date::find_dates;
use crate::text::fold;

/// What a column of a task table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// "STT", "TT": the row's number.
    Number,
    /// "Nhiệm vụ", "Nội dung", "Tên nhiệm vụ", "Nhiệm vụ và giải pháp".
    Task,
    /// "Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì".
    Lead,
    /// "Cơ quan phối hợp", "Phối hợp".
    Coordination,
    /// "Thời gian hoàn thành", "Tiến độ thực hiện", "Thời hạn".
    Time,
    /// Any other short heading ("Kết quả dự kiến", "Nguồn kinh phí", "Ghi chú").
    Other,
}

/// The most words a header cell holds.
const HEADER_WORDS: usize = 8;

/// Most columns a task table has.
const MAX_COLUMNS: usize = 9;

fn column_of(cell: &str) -> Option<Column> {
    let cell = cell.trim().trim_matches(['*', ':', ' ']);
    if cell.is_empty() || cell.split_whitespace().count() > HEADER_WORDS {
        return None;
    }
    let f = fold(cell);
    // A remark in brackets ("Đơn vị phối hợp (Bộ/ngành/địa phương)") qualifies the heading.
    let f = f.split(" (").next().unwrap_or(&f).trim();
    let column = if matches!(f, "stt" | "tt" | "so tt" | "so thu tu") {
        Column::Number
    } else if f.contains("chu tri") && !f.contains("phoi hop") {
        Column::Lead
    } else if f.contains("phoi hop") {
        Column::Coordination
    } else if ["thoi gian", "tien do", "thoi han"].iter().any(|t| f.starts_with(t)) {
        Column::Time
    } else if ["nhiem vu", "noi dung", "ten nhiem vu", "hoat dong", "giai phap", "cong viec", "ten de an"]
        .iter()
        .any(|t| f.starts_with(t))
    {
        Column::Task
    } else if f.ends_with('.') || f.ends_with(';') || f.chars().any(|c| c.is_ascii_digit()) {
        // A sentence or a figure is a cell of a row, not a heading.
        return None;
    } else {
        Column::Other
    };
    Some(column)
}

/// The body's lines grouped into cells: a cell is a run of non-blank lines when cells are set
/// off by blank lines (`cell_gap` 1), or one line when they are not (`cell_gap` 0). Each cell
/// carries the line after it ends and the blank lines that follow it.
struct Cell {
    text: String,
    end: usize,
    blanks_after: usize,
}

fn cells_from(lines: &[&str], from: usize, cell_gap: usize, limit: usize) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    let mut at = from;
    while at < lines.len() && cells.len() < limit {
        if lines[at].trim().is_empty() {
            at += 1;
            continue;
        }
        let mut text = lines[at].trim().to_string();
        at += 1;
        if cell_gap == 1 {
            while at < lines.len() && !lines[at].trim().is_empty() {
                text.push(' ');
                text.push_str(lines[at].trim());
                at += 1;
            }
        }
        let end = at;
        let mut blanks = 0;
        while at < lines.len() && lines[at].trim().is_empty() {
            blanks += 1;
            at += 1;
        }
        cells.push(Cell { text, end, blanks_after: blanks });
    }
    cells
}

/// A header row found at the cell that names the lead column: its columns, the gap that sets
/// its cells apart, and the line after it.
struct Header {
    columns: Vec<Column>,
    cell_gap: usize,
    first_line: usize,
    end: usize,
}

fn header_at(lines: &[&str], lead_line: usize) -> Option<Header> {
    // Which shape: a blank line before the lead heading's cell sets cells apart by blank lines.
    let cell_gap = usize::from(lead_line > 0 && lines[lead_line - 1].trim().is_empty());
    // The header's first cell: walk back over heading cells.
    let mut start = lead_line;
    let mut back = lead_line;
    let mut seen = vec![Column::Lead];
    for _ in 0..MAX_COLUMNS {
        // The line before the previous cell, past the gap.
        let mut k = back;
        let mut blanks = 0;
        while k > 0 && lines[k - 1].trim().is_empty() {
            k -= 1;
            blanks += 1;
        }
        if k == 0 || blanks != cell_gap {
            break;
        }
        // The previous cell's first line (cells of one block run up to a blank line).
        let mut first = k - 1;
        if cell_gap == 1 {
            while first > 0 && !lines[first - 1].trim().is_empty() {
                first -= 1;
            }
        }
        let text = lines[first..k].iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        // A title over the table ("NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN") would name a column twice.
        let Some(column) = column_of(&text).filter(|c| *c == Column::Other || !seen.contains(c)) else {
            break;
        };
        seen.push(column);
        start = first;
        back = first;
        // The row's number is the first column.
        if column == Column::Number {
            break;
        }
    }
    let cells = cells_from(lines, start, cell_gap, MAX_COLUMNS + 1);
    let mut columns = Vec::new();
    let mut end = start;
    for cell in &cells {
        let Some(column) = column_of(&cell.text) else { break };
        columns.push(column);
        end = cell.end;
        // The row ends where the gap widens.
        if cell.blanks_after > cell_gap {
            break;
        }
    }
    let lead_count = columns.iter().filter(|c| **c == Column::Lead).count();
    let ok = lead_count == 1
        && columns.contains(&Column::Task)
        && (columns.contains(&Column::Coordination) || columns.contains(&Column::Time))
        && columns.len() <= MAX_COLUMNS;
    // A Markdown row ends with a blank line; lines without one are a PDF's layout.
    let closed = lines.get(end).is_some_and(|l| l.trim().is_empty());
    (ok && closed).then_some(Header { columns, cell_gap, first_line: start, end })
}

/// A row's number ("1", "2.3", "I", "a"): the cell that opens a row or a group of rows.
fn is_number(cell: &str) -> bool {
    let c = cell.trim().trim_matches(['*', '.', ' ']);
    !c.is_empty()
        && c.len() <= 6
        && (c.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            || c.chars().all(|ch| matches!(ch, 'I' | 'V' | 'X'))
            || (c.chars().count() == 1 && c.chars().all(char::is_alphabetic)))
}

/// Whether a cell gives a time rather than bodies ("Thường xuyên", "Quý IV/2025", "2026").
fn is_time(cell: &str) -> bool {
    let f = fold(cell);
    f.starts_with(|c: char| c.is_ascii_digit())
        || [
            "thuong xuyen",
            "nam ",
            "quy ",
            "thang ",
            "hang nam",
            "hang quy",
            "hang thang",
            "truoc ",
            "trong ",
            "tu ",
            "den ",
            "giai doan",
            "dinh ky",
            "lien tuc",
            "hoan thanh",
            "theo ",
        ]
        .iter()
        .any(|t| f.starts_with(t))
}

/// A lead cell: a short name of a body, not a sentence.
fn names_lead(cell: &str) -> bool {
    let words = cell.split_whitespace().count();
    (1..=24).contains(&words) && !is_time(cell) && (is_body(cell) || cell.starts_with(char::is_uppercase))
}

/// The deadline a time cell gives: its last full date.
fn deadline_of(cell: &str) -> Option<chrono::NaiveDate> {
    find_dates(cell).iter().rev().find_map(|d| d.date)
}

/// Reads one row's cells against the header; `None` when the row names no lead.
fn row(columns: &[Column], cells: &[String]) -> Option<Assignment> {
    let columns: &[Column] = match (columns.first(), cells.first()) {
        // The row's number was read as a page number and dropped.
        (Some(Column::Number), Some(first)) if !is_number(first) => &columns[1..],
        _ => columns,
    };
    let mut task = "";
    let mut lead = "";
    let mut coordination = "";
    let mut time = "";
    for (column, cell) in columns.iter().zip(cells) {
        match column {
            Column::Task => task = cell,
            Column::Lead => lead = cell,
            Column::Coordination => coordination = cell,
            Column::Time => time = cell,
            Column::Number | Column::Other => {}
        }
    }
    // An empty coordination cell: the time came in its place.
    if !coordination.is_empty() && is_time(coordination) && time.is_empty() {
        time = coordination;
        coordination = "";
    }
    if task.is_empty() || !names_lead(lead) {
        return None;
    }
    let coordinators = if coordination.is_empty() || coordination == "-" {
        Vec::new()
    } else {
        split_coordinators(coordination.trim_end_matches(['.', ';']))
    };
    Some(Assignment {
        lead: joint_lead(&normal_lead(lead)),
        coordinators,
        action: action_of("", task),
        deadline: deadline_of(time),
    })
}

/// Whether a group of cells only heads the rows below it ("I | NHÓM GIẢI PHÁP …", "A |
/// NHIỆM VỤ CHUNG"): a number and a title, or a title in capitals.
fn heads_group(cells: &[String]) -> bool {
    match cells {
        [title] => title.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) || is_number(title),
        [number, _] => is_number(number),
        _ => false,
    }
}

/// The task tables in `body`: their assignments, and the line ranges they fill (to be read no
/// further as prose).
pub(super) fn read_tables(body: &str) -> (Vec<Assignment>, Vec<std::ops::Range<usize>>) {
    let lines: Vec<&str> = body.lines().collect();
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at].trim();
        // The bytes of "trì" / "TRÌ" first: most lines name no lead column.
        let heads_lead = line.len() <= 80
            && (crate::text::find_str(line, "trì").is_some() || crate::text::find_str(line, "TRÌ").is_some())
            && column_of(line) == Some(Column::Lead);
        if !heads_lead {
            at += 1;
            continue;
        }
        let Some(header) = header_at(&lines, at) else {
            at += 1;
            continue;
        };
        let (rows, end) = rows_after(&lines, &header);
        if rows.is_empty() {
            at = header.end.max(at + 1);
            continue;
        }
        out.extend(rows);
        spans.push(header.first_line..end);
        at = end;
    }
    (out, spans)
}

/// The rows under a header, up to the first group that is neither a row nor a group's heading;
/// returns them and the line after the table.
fn rows_after(lines: &[&str], header: &Header) -> (Vec<Assignment>, usize) {
    let wanted = header.columns.len();
    let mut out = Vec::new();
    let mut at = header.end;
    let mut end = header.end;
    // A row cut short by an empty cell (two bars with nothing between read as a row's end): the
    // group after it holds its remaining cells.
    let mut short: Option<Vec<String>> = None;
    loop {
        let cells = cells_from(lines, at, header.cell_gap, wanted + 1);
        // The group: cells up to the first wider gap.
        let mut group: Vec<String> = Vec::new();
        let mut group_end = at;
        for cell in &cells {
            group.push(cell.text.clone());
            group_end = cell.end;
            if cell.blanks_after > header.cell_gap || group.len() == wanted {
                break;
            }
        }
        if group.is_empty() {
            break;
        }
        if let Some(row) = row(&header.columns, &group) {
            short = (group.len() + 1 < wanted).then(|| group.clone());
            out.push(row);
        } else if heads_group(&group) {
            short = None;
        } else if let Some(mut first) = short.take() {
            // The rest of a short row: its coordination cell was empty.
            first.push(String::new());
            first.extend(group.iter().cloned());
            if let Some(row) = row(&header.columns, &first) {
                out.pop();
                out.push(row);
            }
        } else {
            break;
        }
        end = group_end;
        at = group_end;
    }
    (out, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leads(body: &str) -> Vec<(String, Vec<String>, Option<chrono::NaiveDate>)> {
        read_tables(body).0.into_iter().map(|a| (a.lead, a.coordinators, a.deadline)).collect()
    }

    #[test]
    fn cells_between_bars_on_lines_of_their_own() {
        // Bars on lines of their own become blank lines; the rows' numbers were dropped as
        // page numbers.
        let body = "Ban hành kèm theo Kế hoạch\n\nSTT\n\nNHIỆM VỤ VÀ GIẢI PHÁP\n\nCHỦ TRÌ\n\nPHỐI HỢP\n\n\
                    THỜI GIAN\n\n\nI\n\nNHÓM\nGIẢI PHÁP VỀ CƠ CHẾ CHÍNH SÁCH\n\n\n\nRà soát, kịp thời cụ thể\n\
                    hoá các cơ chế, chính sách.\n\nSở Tài chính\n\nSở, ban, ngành có liên quan\n\nThường xuyên\n\n\n\n\
                    Đề xuất giải pháp cải thiện môi trường đầu tư.\n\nSở Tài chính\n\nSở Công Thương; Ban Quản lý \
                    khu Kinh tế tỉnh\n\nTrước ngày 30/6/2026\n\n\n\nNơi nhận:\n- Như trên;";
        assert_eq!(
            leads(body),
            vec![
                ("Sở Tài chính".to_string(), vec!["Sở, ban, ngành có liên quan".to_string()], None),
                (
                    "Sở Tài chính".to_string(),
                    vec!["Sở Công Thương".to_string(), "Ban Quản lý khu Kinh tế tỉnh".to_string()],
                    chrono::NaiveDate::from_ymd_opt(2026, 6, 30)
                ),
            ]
        );
        let (_, spans) = read_tables(body);
        assert_eq!(spans.len(), 1);
        assert!(body.lines().nth(spans[0].end).is_some_and(|l| l.trim().is_empty() || l.starts_with("Nơi")));
    }

    #[test]
    fn markdown_rows_one_cell_per_line() {
        let body = "TT\nNội dung\nĐơn vị chủ trì\nĐơn vị phối hợp\nThời gian\n\n1.1\nTổ chức hội nghị tập huấn\n\
                    Sở Nội vụ\nSở Tư pháp, UBND các xã, phường\nQuý II/2026\n\n1.2\nKiểm tra, giám sát\n\
                    Các sở, ban, ngành, UBND cấp xã\nSở Nội vụ\nHằng năm\n";
        assert_eq!(
            leads(body),
            vec![
                ("Sở Nội vụ".to_string(), vec!["Sở Tư pháp".to_string(), "UBND các xã, phường".to_string()], None),
                ("Các sở, ban, ngành; UBND cấp xã".to_string(), vec!["Sở Nội vụ".to_string()], None),
            ]
        );
    }

    #[test]
    fn a_pdf_layout_without_breaks_is_no_table() {
        // Cells wrapped over lines with nothing between them: rows cannot be told apart.
        let body = "STT\nNhiệm vụ\nCơ quan chủ trì\nĐơn vị phối hợp\nTiến độ\nthực hiện\n1\nĐiều tra, đánh giá nhu \
                    cầu\nBộ Khoa học và\nCông nghệ\nCác bộ, ngành\nHằng năm\n";
        assert!(leads(body).is_empty());
    }

    #[test]
    fn a_heading_that_names_the_lead_in_prose_is_no_table() {
        let body = "Cơ quan chủ trì: Sở Y tế.\n\nCơ quan phối hợp: Sở Tài chính.\n";
        assert!(leads(body).is_empty());
    }
}
