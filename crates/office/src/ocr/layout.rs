//! The text of a page from Tesseract's word boxes (its TSV output), with the two columns of a
//! letter's header and signature block read one after the other.
//!
//! Tesseract reads a line across the whole page, so the two cells of a header ("BỘ LAO ĐỘNG -
//! THƯƠNG BINH VÀ" beside "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") come out interleaved line by
//! line, and a wrapped cell mixes with its neighbour. Here a run of at least two consecutive lines
//! that share an empty vertical band (a gutter) near the middle of the text, wider than a normal
//! word space, is a two-column block: its left parts are written first, then its right parts,
//! as a `.docx` table's cells are. A line of prose crosses any such band and ends the block.
//! Everything else is written as Tesseract groups it: a line per line, a blank line between
//! paragraphs.

/// One recognised word and its box, in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    left: i32,
    right: i32,
    height: i32,
    text: String,
}

/// One line: its words from left to right, and whether a new paragraph starts with it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    words: Vec<Word>,
    paragraph: bool,
}

/// How much wider than a word space (in line heights) a gutter must be.
const GUTTER: f64 = 0.6;

/// The lines of a TSV file: `level page block par line word left top width height conf text`.
fn lines(tsv: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut current: Option<(i32, i32, i32)> = None;
    let mut last_par: Option<(i32, i32)> = None;
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<i32>().unwrap_or(0);
        let text = cols[11].trim();
        // Rules and borders of a table read as glyphs.
        if text.is_empty() || text.chars().all(|c| matches!(c, '_' | '|' | '—' | '~')) {
            continue;
        }
        let key = (num(2), num(3), num(4));
        if current != Some(key) {
            current = Some(key);
            let par = (key.0, key.1);
            out.push(Line { words: Vec::new(), paragraph: last_par.is_some_and(|p| p != par) });
            last_par = Some(par);
        }
        let (left, width, height) = (num(6), num(8), num(9));
        if let Some(line) = out.last_mut() {
            line.words.push(Word { left, right: left.saturating_add(width), height, text: text.to_owned() });
        }
    }
    for line in &mut out {
        line.words.sort_by_key(|w| w.left);
    }
    out.retain(|l| !l.words.is_empty());
    out
}

/// The free band of `line` that overlaps `band`, narrowed to the overlap: `None` when a word
/// covers it (or leaves less than `min` of it).
fn free_overlap(line: &Line, band: (i32, i32), min: i32) -> Option<(i32, i32)> {
    let (mut start, mut end) = band;
    for w in &line.words {
        if w.right <= start || w.left >= end {
            continue;
        }
        // The word overlaps the band: keep the larger free side.
        let left_side = (start, w.left.max(start));
        let right_side = (w.right.min(end), end);
        (start, end) = if left_side.1 - left_side.0 >= right_side.1 - right_side.0 { left_side } else { right_side };
        if end - start < min {
            return None;
        }
    }
    (end - start >= min).then_some((start, end))
}

/// Whether `line` has words on both sides of `band`.
fn both_sides(line: &Line, band: (i32, i32)) -> bool {
    line.words.iter().any(|w| w.right <= band.0) && line.words.iter().any(|w| w.left >= band.1)
}

fn join(words: &[&Word]) -> String {
    words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// The page's text from Tesseract's TSV output. See the module documentation.
pub(super) fn page_text(tsv: &str) -> String {
    let lines = lines(tsv);
    let Some(text_left) = lines.iter().flat_map(|l| l.words.iter().map(|w| w.left)).min() else {
        return String::new();
    };
    let text_right = lines.iter().flat_map(|l| l.words.iter().map(|w| w.right)).max().unwrap_or(text_left);
    let width = text_right - text_left;
    let (middle_from, middle_to) = (text_left + width / 4, text_right - width / 4);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let mut heights: Vec<i32> = line.words.iter().map(|w| w.height).collect();
        heights.sort_unstable();
        #[allow(clippy::cast_possible_truncation, reason = "a fraction of a line height in pixels")]
        let min = (f64::from(heights[heights.len() / 2]) * GUTTER).round() as i32;
        // The gaps of this line near the middle, widest first.
        let mut gaps: Vec<(i32, i32)> = line
            .words
            .windows(2)
            .map(|p| (p[0].right, p[1].left))
            .filter(|(a, b)| b - a >= min && *b > middle_from && *a < middle_to)
            .collect();
        gaps.sort_by_key(|(a, b)| a - b);
        let mut block = None;
        for gap in gaps {
            let mut band = gap;
            let mut j = i + 1;
            while j < lines.len() {
                match free_overlap(&lines[j], band, min) {
                    Some(narrowed) => band = narrowed,
                    None => break,
                }
                j += 1;
            }
            let two_sided = lines[i..j].iter().filter(|l| both_sides(l, band)).count();
            if j - i >= 2 && two_sided >= 2 {
                block = Some((j, band));
                break;
            }
        }
        let Some((end, band)) = block else {
            if line.paragraph && out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            out.push(join(&line.words.iter().collect::<Vec<_>>()));
            i += 1;
            continue;
        };
        if out.last().is_some_and(|l| !l.is_empty()) {
            out.push(String::new());
        }
        let middle = i32::midpoint(band.0, band.1);
        let mut right = Vec::new();
        for l in &lines[i..end] {
            let (lw, rw): (Vec<&Word>, Vec<&Word>) =
                l.words.iter().partition(|w| i32::midpoint(w.left, w.right) < middle);
            if !lw.is_empty() {
                out.push(join(&lw));
            }
            if !rw.is_empty() {
                right.push(join(&rw));
            }
        }
        out.push(String::new());
        out.extend(right);
        out.push(String::new());
        i = end;
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TSV row for a word.
    fn word(block: i32, par: i32, line: i32, left: i32, width: i32, text: &str) -> String {
        format!("5\t1\t{block}\t{par}\t{line}\t1\t{left}\t100\t{width}\t30\t95\t{text}\n")
    }

    const HEAD: &str =
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    #[test]
    fn a_two_column_header_is_read_column_by_column() {
        let mut tsv = HEAD.to_owned();
        // "BỘ Y TẾ _ CỘNG HÒA" / "SỞ X -------- ĐỘC LẬP" / "Số: 1/SYT Hà Nội," / then prose
        // across the page.
        for (left, width, text) in
            [(100, 60, "BỘ"), (170, 30, "Y"), (210, 40, "TẾ"), (380, 10, "_"), (500, 90, "CỘNG"), (600, 60, "HÒA")]
        {
            tsv.push_str(&word(1, 1, 1, left, width, text));
        }
        for (left, width, text) in
            [(100, 60, "SỞ"), (170, 30, "X"), (210, 120, "--------"), (500, 90, "ĐỘC"), (600, 60, "LẬP")]
        {
            tsv.push_str(&word(1, 1, 2, left, width, text));
        }
        for (left, width, text) in [(100, 60, "Số:"), (170, 150, "1/SYT"), (500, 60, "Hà"), (570, 60, "Nội,")] {
            tsv.push_str(&word(1, 1, 3, left, width, text));
        }
        for (i, text) in ["Căn", "cứ", "Luật", "Tổ", "chức", "chính", "quyền", "địa", "phương"].iter().enumerate()
        {
            let left = 100 + i32::try_from(i).unwrap() * 65;
            tsv.push_str(&word(2, 1, 1, left, 55, text));
        }
        assert_eq!(
            page_text(&tsv),
            "BỘ Y TẾ\nSỞ X --------\nSố: 1/SYT\n\nCỘNG HÒA\nĐỘC LẬP\nHà Nội,\n\nCăn cứ Luật Tổ chức chính quyền địa phương"
        );
    }

    #[test]
    fn prose_stays_as_it_was_read() {
        let mut tsv = HEAD.to_owned();
        for line in 1..=3 {
            for (i, text) in ["Ủy", "ban", "nhân", "dân", "tỉnh", "đề", "nghị"].iter().enumerate() {
                // Word spaces of a third of the line's height, never a gutter.
                let left = 100 + i32::try_from(i).unwrap() * 70 + line * 7;
                tsv.push_str(&word(1, 1, line, left, 60, text));
            }
        }
        tsv.push_str(&word(1, 2, 1, 100, 60, "Sau"));
        let text = page_text(&tsv);
        assert_eq!(text.lines().count(), 5, "{text}");
        assert!(text.ends_with("\n\nSau"), "{text}");
        assert_eq!(page_text(HEAD), "");
    }
}
