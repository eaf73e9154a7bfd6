//! Pandoc's Markdown: a `.docx` converted by pandoc prints hard line breaks as a trailing `\`,
//! escapes punctuation (`1\.`, `\-\-\-`), marks italics with single `*`, and lays a table with
//! wrapped cells out as a grid (`+----+----+` rules, `| cell | cell |` rows). Its text is read
//! as printed only once these are undone.

use std::borrow::Cow;

/// True when `text` reads as pandoc output: several lines end in a hard break (`\`, also at
/// the end of a table cell) or carry an escaped punctuation mark (`1\.`, `\-`).
fn is_pandoc(text: &str) -> bool {
    // Both signs are a backslash: a text without one (most) needs no line-by-line look.
    text.contains('\\')
        && text
            .lines()
            .filter(|l| {
                let t = l.trim_end();
                t.ends_with('\\')
                    || t.as_bytes().windows(2).any(|w| w[0] == b'\\' && (w[1].is_ascii_punctuation() || w[1] == b' '))
            })
            .take(3)
            .count()
            >= 3
}

/// A grid table's rule: `+---+:---:+` or `+===+===+`; gives the column count.
fn grid_rule_columns(line: &str) -> Option<usize> {
    let t = line.trim();
    let ok = t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
        && t.contains(['-', '=']);
    ok.then(|| t.matches('+').count() - 1)
}

/// The cells of a grid row `| a | b |` when it has `columns` of them.
fn grid_cells(line: &str, columns: usize) -> Option<Vec<&str>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<&str> = inner.split('|').collect();
    (cells.len() == columns).then_some(cells)
}

/// Writes a grid table's rows column by column: the cells of one row group (between two
/// rules) are wrapped text, so the first column's lines come first, then the second's. A row
/// that does not fit the grid ends it.
fn unfold_grids(text: &str) -> Cow<'_, str> {
    if !text.lines().any(|l| grid_rule_columns(l).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut columns: Option<usize> = None;
    let mut group: Vec<Vec<&str>> = Vec::new();
    let flush = |group: &mut Vec<Vec<&str>>, out: &mut String| {
        for column in group.drain(..) {
            for cell in column {
                out.push_str(cell.trim());
                out.push('\n');
            }
            out.push('\n');
        }
    };
    for line in text.lines() {
        if let Some(n) = grid_rule_columns(line) {
            flush(&mut group, &mut out);
            columns = Some(n);
            continue;
        }
        if let Some(cells) = columns.and_then(|n| grid_cells(line, n)) {
            if group.is_empty() {
                group = vec![Vec::new(); cells.len()];
            }
            for (column, cell) in group.iter_mut().zip(cells) {
                column.push(cell);
            }
            continue;
        }
        flush(&mut group, &mut out);
        columns = None;
        out.push_str(line);
        out.push('\n');
    }
    flush(&mut group, &mut out);
    Cow::Owned(out)
}

/// One line with pandoc's marks undone: a trailing hard break dropped, escaped punctuation
/// printed bare (`\*` is a printed star), every other `*` (emphasis) removed.
fn unmark_line(line: &str, out: &mut String) {
    // A break at the end of an emphasised cell line comes before the closing marks
    // ("***Nơi nhận:\\***"); one star after the backslash is a printed one.
    let t = line.trim_end();
    let unclosed = t.trim_end_matches('*');
    let t = if t.len() - unclosed.len() >= 2 { unclosed } else { t };
    let t = t.strip_suffix('\\').unwrap_or(t);
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                out.extend(chars.next());
            }
            '*' => {}
            _ => out.push(c),
        }
    }
}

/// Undoes pandoc's Markdown marks when the text is pandoc output; other text is returned as is.
pub(super) fn unpandoc(text: &str) -> Cow<'_, str> {
    if !is_pandoc(text) {
        return Cow::Borrowed(text);
    }
    let grids = unfold_grids(text);
    let mut out = String::with_capacity(grids.len());
    for (i, line) in grids.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        unmark_line(line, &mut out);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        let text = "Ghi chú (*): số liệu tạm tính\nMục 1. Nội dung";
        assert!(matches!(unpandoc(text), Cow::Borrowed(_)));
    }

    #[test]
    fn breaks_escapes_and_emphasis_are_undone() {
        let text = "***Nơi gửi:\\***\n**BỘ Y TẾ\\\n\\-\\-\\-\\-**\n*Đà Nẵng, ngày 02 tháng 3 năm 2024*\n1\\. Giao \\*Sở Y tế\\*\n";
        assert_eq!(unpandoc(text), "Nơi gửi:\nBỘ Y TẾ\n----\nĐà Nẵng, ngày 02 tháng 3 năm 2024\n1. Giao *Sở Y tế*");
    }

    #[test]
    fn grid_cells_are_read_column_by_column() {
        let text = "Mở đầu\\\n1\\. Một\\\n\
                    +-----------+----------+\n\
                    | Nơi nhận:\\ | KT. GIÁM |\n\
                    | -Sở A;\\    | ĐỐC\\     |\n\
                    | -Lưu: VT. | Trần B   |\n\
                    +-----------+----------+\n\
                    Hết\n";
        let lines: Vec<String> = unpandoc(text).lines().map(str::to_string).collect();
        let body: Vec<&str> = lines.iter().map(String::as_str).filter(|l| !l.is_empty()).collect();
        assert_eq!(body, ["Mở đầu", "1. Một", "Nơi nhận:", "-Sở A;", "-Lưu: VT.", "KT. GIÁM", "ĐỐC", "Trần B", "Hết"]);
    }
}
