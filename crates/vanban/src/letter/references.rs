//! Documents cited in the text with a number, their type word and date.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use super::{Doc, Letter, Reference, is_page_number};
use crate::code::{self, DocumentCode};
use crate::date::find_dates;
use crate::text::fold;

pub(super) const REF_TYPES: [(&str, &str); 31] = [
    ("thông tư liên tịch", "Thông tư liên tịch"),
    // A Party committee's or a government's plan or programme to carry out a resolution is
    // titled so ("Kế hoạch hành động số 469-KH/TU", "Chương trình hành động số 21-CTr/TU").
    ("kế hoạch hành động", "Kế hoạch hành động"),
    ("chương trình hành động", "Chương trình hành động"),
    // An enterprise's application ("Đơn đề nghị xác định mã số số 0825-04/HW-TCHQ").
    ("đơn đề nghị", "Đơn đề nghị"),
    // Permits are cited by their kind ("Giấy phép thăm dò số 01/GP-UBND").
    ("giấy phép thăm dò", "Giấy phép thăm dò"),
    ("giấy phép khai thác", "Giấy phép khai thác"),
    ("giấy phép", "Giấy phép"),
    ("nghị quyết liên tịch", "Nghị quyết liên tịch"),
    // A committee's joint plan with the Fatherland Front ("Kế hoạch liên tịch số …/KHLT-…").
    ("kế hoạch liên tịch", "Kế hoạch liên tịch"),
    ("nghị quyết", "Nghị quyết"),
    ("nghị định", "Nghị định"),
    ("quyết định", "Quyết định"),
    // The Party's regulations ("Quy định số 24-QĐ/TW").
    ("quy định", "Quy định"),
    ("thông tư", "Thông tư"),
    ("chỉ thị", "Chỉ thị"),
    // The Party's circulars ("Thông tri số 07-TT/TC"): their "TT" is no ministry's circular.
    ("thông tri", "Thông tri"),
    ("công văn", "Công văn"),
    ("văn bản", "Văn bản"),
    ("tờ trình", "Tờ trình"),
    ("kế hoạch", "Kế hoạch"),
    ("thông báo", "Thông báo"),
    ("báo cáo", "Báo cáo"),
    ("hướng dẫn", "Hướng dẫn"),
    ("công điện", "Công điện"),
    ("chương trình", "Chương trình"),
    ("đề án", "Đề án"),
    ("pháp lệnh", "Pháp lệnh"),
    ("luật", "Luật"),
    ("qđ", "Quyết định"),
    ("nđ", "Nghị định"),
    ("ct", "Chỉ thị"),
];

/// The type word right before a code ("Quyết định số", "công văn số:", "Thông tư").
pub(super) fn type_before(before: &str) -> Option<&'static str> {
    type_word(before, false)
        .or_else(|| type_word(before, true))
        .or_else(|| named_law(before))
        .or_else(|| qualified_type(before))
        .or_else(|| owned_type(before))
}

/// A type word with its issuer between it and "số" ("Căn cứ các Công văn của Bộ Tài chính số
/// 3910/BTC-QLG …").
fn owned_type(before: &str) -> Option<&'static str> {
    let t = before.trim_end();
    let t = t.strip_suffix("số:").or_else(|| t.strip_suffix("số"))?.trim_end();
    let (head, body) = t.rsplit_once(" của ")?;
    (body.split_whitespace().count() <= 8 && body.starts_with(char::is_uppercase))
        .then(|| type_word(head, false))
        .flatten()
}

/// A type word followed by a qualifier of one to four small words before "số" ("Báo cáo thẩm
/// định số", "Văn bản thẩm định số", "Đơn đề nghị xác định mã số số"): the nearest type word.
fn qualified_type(before: &str) -> Option<&'static str> {
    let t = before.trim_end();
    let t = t.strip_suffix("số:").or_else(|| t.strip_suffix("số"))?.trim_end();
    let words: Vec<&str> = t.rsplitn(6, ' ').collect();
    (2..words.len().min(6)).find_map(|n| {
        let qualifier = &words[..n - 1];
        if !qualifier.iter().all(|w| !w.is_empty() && w.chars().all(char::is_lowercase)) {
            return None;
        }
        let head = words[n - 1..].iter().rev().copied().collect::<Vec<_>>().join(" ");
        let phrase = qualifier.iter().rev().copied().collect::<Vec<_>>().join(" ");
        // The qualifier is no type word itself.
        type_word(&head, false).filter(|_| type_word(&format!("x {phrase}"), false).is_none())
    })
}

/// Small words a text with lost spaces glues to the type word after them, with their folded
/// form.
const GLUED_BEFORE_TYPE: [(&str, &str); 4] = [("tại", "tai"), ("theo", "theo"), ("của", "cua"), ("và", "va")];

/// The words of [`REF_TYPES`] folded, in the same order: folded once per process.
fn folded_ref_types() -> &'static [String] {
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| REF_TYPES.iter().map(|(word, _)| fold(word)).collect())
}

/// The type word ending `before`, compared in lower case or, with `folded`, without marks (a
/// type word with misread marks: "Nghị qụỵết số").
fn type_word(before: &str, folded: bool) -> Option<&'static str> {
    let mut s = if folded { fold(before.trim_end()) } else { crate::text::lowercase(before.trim_end()) };
    let tails: [&str; 4] = if folded { ["so:", "so :", "so", ":"] } else { ["số:", "số :", "số", ":"] };
    for tail in tails {
        if let Some(stripped) = s.strip_suffix(tail) {
            s = stripped.trim_end().to_string();
            break;
        }
    }
    REF_TYPES
        .iter()
        .zip(folded_ref_types())
        .find(|((word, _), folded_word)| {
            let word = if folded { folded_word.as_str() } else { word };
            let Some(head) = s.strip_suffix(word) else { return false };
            // A lost space glues the type to the small word before it ("tạicông văn số").
            let head = GLUED_BEFORE_TYPE
                .iter()
                .find_map(|(w, f)| head.strip_suffix(if folded { f } else { w }))
                .filter(|h| h.chars().last().is_none_or(|c| !crate::text::is_letter(c)))
                .unwrap_or(head);
            head.chars().last().is_none_or(|c| !crate::text::is_letter(c))
        })
        .map(|((_, name), _)| *name)
}

/// A law cited by its name before its number ("Luật Tổ chức Quốc hội số 57/2014/QH13"): the
/// name opens with "Luật" (or "Bộ luật") in the same clause.
fn named_law(before: &str) -> Option<&'static str> {
    // A name may hold commas ("Luật Cán bộ, công chức số 22/2008/QH12"), not a sentence's end.
    let clause = before.rsplit([';', '.', '(']).next().unwrap_or(before);
    let (at, kind) = [("Luật ", "Luật"), ("Bộ luật ", "Bộ luật"), ("Pháp lệnh ", "Pháp lệnh")]
        .iter()
        .filter_map(|(word, kind)| clause.rfind(word).map(|at| (at, *kind)))
        .max_by_key(|(at, _)| *at)?;
    // The name runs at most a few words up to "số", with no other document named in them.
    let name = &clause[at..];
    if name.split_whitespace().count() > 20 {
        return None;
    }
    let lower = name[kind.len()..].to_lowercase();
    if REF_TYPES.iter().any(|(w, _)| lower.contains(&format!(" {w} "))) {
        return None;
    }
    let head = clause[..at].trim_end();
    Some(if kind == "Luật" && head.ends_with("Bộ") { "Bộ luật" } else { kind })
}

/// A form's number ("theo Mẫu số 01/TNDN", "Biểu mẫu số 02/BC"): a form annexed to a text is
/// numbered like a document but is no document the text cites.
fn is_form_number(before: &str) -> bool {
    let t = before.trim_end().trim_end_matches(':').trim_end();
    let t = t.strip_suffix("số").or_else(|| t.strip_suffix("Số")).map_or(t, str::trim_end);
    t.strip_suffix("mẫu")
        .or_else(|| t.strip_suffix("Mẫu"))
        .or_else(|| t.strip_suffix("MẪU"))
        .is_some_and(|h| h.chars().last().is_none_or(|c| !crate::text::is_letter(c)))
}

/// The type a legal document's symbol names outside the administrative table: an ordinance of
/// the National Assembly's Standing Committee ("26/2005/PL-UBTVQH11").
fn legal_type(symbol: &str) -> Option<&'static str> {
    symbol.strip_prefix("PL-").filter(|rest| rest.starts_with("UBTVQH")).map(|_| "Pháp lệnh")
}

/// The name of a law cited by it before its number ("Luật Quản lý ngoại thương số …" →
/// "quản lý ngoại thương"), folded.
fn law_name(before: &str) -> Option<String> {
    let clause = before.rsplit([';', '.', '(']).next().unwrap_or(before);
    let at = clause.rfind("Luật ")?;
    let name = clause[at + "Luật ".len()..].trim_end();
    let name = name.strip_suffix("số:").or_else(|| name.strip_suffix("số"))?.trim_end();
    (!name.is_empty() && name.split_whitespace().count() <= 8).then(|| fold(name))
}

/// Codes joined by "và" under one date ("Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW
/// ngày 12/12/2013") share it: the date after the next code when only "và" and its type stand
/// between. A code that carries its year of issue (Decree 30: the year the document was
/// issued) never takes a date of another year ("Luật … số 73/2006/QH11 và Kế hoạch số
/// 2345/KH-UBND ngày 20/10/2025").
fn shared_date(text: &str, matches: &[code::CodeMatch], idx: usize) -> Option<NaiveDate> {
    let m = &matches[idx];
    // Through a list of codes parted by commas ("Công điện số 217/CĐ-TTg, 218/CĐ-TTg, 219/CĐ-TTg
    // và 222/CĐ-TTg ngày 19/11/2025"), up to the one that carries the date.
    for k in idx..(idx + 8).min(matches.len()) {
        let next = matches.get(k + 1)?;
        let between = &text[matches[k].end..next.start];
        let joined = between.len() < 40
            && (between.trim() == ","
                || between.trim_start().starts_with("và ") && !between.contains([',', ';', '.', '(']));
        if !joined {
            return None;
        }
        if let Some(date) = date_after(&text[next.end..], next.code.year) {
            return Some(date).filter(|d| m.code.year.is_none_or(|y| i32::from(y) == chrono::Datelike::year(d)));
        }
    }
    None
}

/// The date right after a code ("… ngày 19/02/2021", ", ngày 27 tháng 4 năm 2007").
/// The largest character boundary of `s` at or below `at`.
/// A word printed like a document's symbol: capitals and digits parted by a slash or a dash,
/// opening with a capital ("NQ/TW", "KH-UBND").
fn is_symbol_like(word: &str) -> bool {
    word.contains(['/', '-'])
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '/' | '-' | '&'))
}

fn char_floor(s: &str, at: usize) -> usize {
    (0..=at.min(s.len())).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

pub(super) fn date_after(after: &str, code_year: Option<u16>) -> Option<NaiveDate> {
    // A footnote's mark left against the code ("…/NĐ-CP1 ngày …") stands before the date.
    let after = match after.strip_prefix(|c: char| c.is_ascii_digit()) {
        Some(rest) if rest.starts_with(' ') => rest,
        _ => after,
    };
    let trimmed = after.trim_start().trim_start_matches(',').trim_start();
    // A table cell of codes and dates parts them with a semicolon ("Số 178/1998/TT-TCCP; ngày
    // 04/6/1998"): before "ngày" at once it closes nothing.
    let trimmed = match trimmed.strip_prefix(';').map(str::trim_start) {
        Some(rest) if rest.starts_with("ngày") => rest,
        _ => trimmed,
    };
    // "ngày" typed twice ("… số 63/2010/NĐ-CP ngày ngày 08 tháng 6 năm 2010"), or after "đề"
    // ("dated": "Đơn đề nghị … số 0825-03/HW-TCHQ đề ngày 05/9/2025").
    let trimmed = ["ngày ", "đề "]
        .iter()
        .find_map(|w| trimmed.strip_prefix(w).filter(|rest| rest.starts_with("ngày")))
        .unwrap_or(trimmed);
    // A dispatch cited with its hour before its date ("Công điện số 07/CĐ-PCTT hồi 14h00 ngày
    // 15/6/2022"; Decree 30 has a công điện carry the hour it was sent).
    let trimmed = match trimmed.strip_prefix("hồi ").or_else(|| trimmed.strip_prefix("lúc ")) {
        Some(rest) => match rest[..char_floor(rest, 24)].find(" ngày") {
            Some(p) if rest[..p].contains(|c: char| c.is_ascii_digit()) => rest[p..].trim_start(),
            _ => trimmed,
        },
        None => trimmed,
    };
    // The symbol printed again before the date ("Nghị quyết số 37-NQ/TW NQ/TW ngày 24/12/2018").
    let trimmed = match trimmed.split_once(' ') {
        Some((word, rest)) if rest.starts_with("ngày") && is_symbol_like(word) => rest,
        _ => trimmed,
    };
    // The issuer named before the date ("… số 38/2023/NĐ-CP của Chính phủ ngày 24 tháng 6 năm
    // 2023"): a short phrase without punctuation. Or the one who signed it ("Chỉ thị số
    // 2/CT-BYT do Bộ trưởng Bộ Y tế Nguyễn Thị Kim Tiến ký ban hành ngày 26/1/2015"): a longer
    // phrase that ends in signing or issuing.
    let trimmed = match trimmed.strip_prefix("của ") {
        // Only the head of the rest can hold it: no search through the whole text.
        Some(rest) => match rest[..char_floor(rest, 48)].find(" ngày ") {
            Some(p) if p < 40 && !rest[..p].contains([',', ';', '.', '(']) => &rest[p + 1..],
            _ => trimmed,
        },
        None => match trimmed.strip_prefix("do ") {
            Some(rest) => match rest[..char_floor(rest, 110)].find(" ngày ") {
                Some(p)
                    if !rest[..p].contains([',', ';', '.', '(', '\n'])
                        && [" ký", " ban hành", " ký ban hành"].iter().any(|w| rest[..p].ends_with(w)) =>
                {
                    &rest[p + 1..]
                }
                _ => trimmed,
            },
            None => trimmed,
        },
    };
    // The first 60 characters.
    let window = &trimmed[..trimmed.char_indices().nth(60).map_or(trimmed.len(), |(i, _)| i)];
    // "ngày" glued to its date ("ngày29/5/2012").
    let window = match window.strip_prefix("ngày").filter(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
        Some(rest) => Cow::Owned(format!("ngày {rest}")),
        None => Cow::Borrowed(window),
    };
    let m = find_dates(&window).into_iter().next()?;
    let lower = crate::text::lowercase(&window);
    // "ngày" with its mark misread ("ngàỷ") is still "ngày".
    let lower = if lower.starts_with("ng") && !lower.starts_with("ngày") && fold(&lower).starts_with("ngay") {
        format!("ngày{}", lower.chars().skip(4).collect::<String>())
    } else {
        lower
    };
    if lower.starts_with("ngày") {
        // Where the window goes on after "ngày", counted in the window itself (its lower-case
        // copy may be longer).
        let offset = window.char_indices().nth(4).map_or(window.len(), |(i, _)| i);
        if m.start > offset + 4 {
            return None;
        }
    } else if m.start != 0 || m.date.is_none() || !lower.chars().take(20).collect::<String>().contains("tháng") {
        // Without "ngày" only a complete written-out date right after the code counts
        // ("Tờ trình số 1167/TTr-SLĐTBXH 13 tháng 5 năm 2021").
        return None;
    }
    m.date.or_else(|| code_year.and_then(|y| NaiveDate::from_ymd_opt(i32::from(y), m.month, m.day)))
}

/// The runs of `t` between single spaces, empty ones left out: `t.split(' ')` without its
/// per-word library search (words are short).
fn space_words(t: &str) -> impl Iterator<Item = &str> {
    let bytes = t.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < bytes.len() {
            let from = start;
            let end = bytes[from..].iter().position(|b| *b == b' ').map_or(bytes.len(), |p| from + p);
            start = end + 1;
            if end > from {
                return Some(&t[from..end]);
            }
        }
        None
    })
}

/// Whether `out` ends with a code's first part and a spaced hyphen ("… số 473/TTr -").
fn spaced_hyphen_code(out: &str) -> bool {
    out[..out.len() - 2]
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) && w.contains('/') && !w.ends_with(['-', '/']))
}

/// Whether the trimmed line `t` goes into the flattened text as it is: no run of spaces to
/// collapse, and neither an ASCII digit nor a slash, one of which every repair of a broken code
/// in [`push_words`] needs in the word before the break.
fn is_plain_line(t: &str) -> bool {
    let mut after_space = false;
    for &b in t.as_bytes() {
        if b.is_ascii_digit() || b == b'/' || (b == b' ' && after_space) {
            return false;
        }
        after_space = b == b' ';
    }
    true
}

/// Whether the code at `start..end` of the scanned text is part of a web address, a search
/// key or an escaped path ("…&Keyword=03/2017/TT-BL%C4%90TBXH", "S%E1%BB%91%2042/2015/TT-"): a
/// link's text, not a citation.
fn in_address(text: &str, start: usize, end: usize) -> bool {
    let word_start = text[..start].rfind(' ').map_or(0, |i| i + 1);
    let word = &text[word_start..start];
    let before = text[..word_start].trim_end();
    let previous = before.rsplit(' ').next().unwrap_or("");
    text[end..].starts_with('%')
        || word.contains(['%', '=', '?'])
        || crate::text::contains_str(word, "://")
        || previous.ends_with('=')
}

/// The lines as one line for the code scan: page numbers dropped, a code broken at its hyphen
/// joined again, runs of spaces collapsed.
pub(super) fn flatten_for_scan<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines.into_iter().flat_map(str::lines) {
        let t = line.trim();
        if t.is_empty() || is_page_number(t) {
            continue;
        }
        let first_word_caps = || {
            t.split(' ').next().is_some_and(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().filter(|c| crate::text::is_letter(*c)).all(char::is_uppercase)
            })
        };
        if out.ends_with(" -") && first_word_caps() && spaced_hyphen_code(&out) {
            // A code broken at a hyphen printed with a space before it ("473/TTr -" /
            // "NN&PTNT").
            out.truncate(out.len() - 2);
            out.push('-');
        } else if t.starts_with('/') && t[1..].starts_with(char::is_uppercase) && number_after_so(&out) {
            // A number ending its line, its symbol on the next ("Tờ trình số 409" / "/TTr-…").
        } else if out.ends_with('-') && !out.ends_with(" -") && t.chars().take(2).all(char::is_uppercase) {
            // A code broken at its hyphen ("182/2024/NĐ-" / "CP", "QĐ-" / "TTg"); a word that
            // is not a symbol's ("Tập …", the running head of the next page) is no part of it.
        } else if !out.is_empty() {
            out.push(' ');
        }
        push_words(t, &mut out);
    }
    out
}

/// Whether `out` ends with a number right after "số" ("… Tờ trình số 409").
fn number_after_so(out: &str) -> bool {
    let head = out.trim_end_matches(|c: char| c.is_ascii_digit());
    head.len() < out.len() && (head.ends_with(" số ") || head.ends_with(" số: ") || head.ends_with(" Số "))
}

/// Appends pieces of one line to a string, neighbouring pieces of the line in one copy: the
/// words of a line mostly stand one space apart and go out as they stand.
struct LineCopy<'a, 'o> {
    line: &'a str,
    out: &'o mut String,
    /// The span of `line` appended but not yet copied.
    start: usize,
    end: usize,
}

impl<'a> LineCopy<'a, '_> {
    /// Appends `part`, a slice of the line.
    fn part(&mut self, part: &'a str) {
        let at = part.as_ptr() as usize - self.line.as_ptr() as usize;
        if at != self.end {
            self.flush();
            self.start = at;
        }
        self.end = at + part.len();
    }

    /// Appends one space: the line's own when one follows what was appended last.
    fn space(&mut self) {
        if self.line.as_bytes().get(self.end) == Some(&b' ') {
            self.end += 1;
        } else {
            self.text(" ");
        }
    }

    /// Appends `text`, which is not a piece of the line.
    fn text(&mut self, text: &str) {
        self.flush();
        self.out.push_str(text);
    }

    /// Copies the span appended so far.
    fn flush(&mut self) {
        self.out.push_str(&self.line[self.start..self.end]);
        self.start = self.end;
    }
}

/// Whether `code` is a code whose symbol ends in a capital ("150/KH"), ready for a spaced dash
/// and its next part.
fn code_ends_in_caps(code: &str) -> bool {
    code.starts_with(|c: char| c.is_ascii_digit())
        && code.contains('/')
        && !code.ends_with(['/', '-'])
        && code.chars().last().is_some_and(char::is_uppercase)
}

/// The code the joins of [`push_words`] built so far: `word` goes on it when it was joined to
/// `prev`, and a word set apart by a space starts over.
fn extend_run(run: &mut String, joins: bool, prev: &str, word: &str) {
    if joins {
        if run.is_empty() {
            run.push_str(prev);
        }
        run.push_str(word);
    } else {
        run.clear();
    }
}

/// Appends the words of the trimmed line `t` to `out`: only its inner runs of spaces need
/// collapsing, and a code broken at its hyphen by a stray space ("107/KH- UBND") is joined.
fn push_words(t: &str, out: &mut String) {
    if is_plain_line(t) {
        out.push_str(t);
        return;
    }
    let mut prev = "";
    let mut before_prev = "";
    let mut run = String::new();
    let mut words = space_words(t).peekable();
    let mut k = 0;
    let mut copy = LineCopy { line: t, out, start: 0, end: 0 };
    while let Some(word) = words.next() {
        // "Giáo dục và Đào tạo" in a symbol split by a stray space ("5512/BGD ĐT-GDTrH",
        // "2457/QĐ- BGD ĐT"): its unit is "GDĐT" in every body's symbol.
        if prev.ends_with("GD") && word.starts_with("ĐT") && (prev.contains('/') || before_prev.ends_with('-')) {
            copy.part(word);
            before_prev = prev;
            prev = word;
            k += 1;
            continue;
        }
        // Every repair below needs a digit or a slash in the word before, or a code joined so far.
        if run.is_empty() && !prev.bytes().any(|b| b.is_ascii_digit() || b == b'/') {
            if k > 0 {
                copy.space();
            }
            copy.part(word);
            before_prev = prev;
            prev = word;
            k += 1;
            continue;
        }
        // The rest of a symbol is capitals and digits ("UBND"), not a word ("Hà").
        let symbol_like = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().filter(|c| crate::text::is_letter(*c)).all(char::is_uppercase)
        };
        // After a code's hyphen the rest may hold a small letter ("1679/QĐ- TTg", "…/UBND- TTr").
        // A symbol's part never ends with its ampersand ("15972/SXD-QLN& TTBĐS"): the space
        // after it is a stray one.
        let broken_code = (prev.ends_with('-') || prev.ends_with('&'))
            && prev.contains('/')
            && prev.len() > 2
            && (symbol_like(word) || super::mixed_case_part(word));
        // A Party code with a space before its symbol ("số 49- KH/TƯH", "số 148 HD/TWH"): the
        // symbol opens with a type's abbreviation and a slash.
        let party_symbol =
            || symbol_like(word) && word.split_once('/').is_some_and(|(head, _)| code::type_name(head).is_some());
        // A symbol's last part set apart by a space before its en dash ("426/BVHTTDL –GĐ"),
        // a typed dash whose spacing the typist did not mind.
        // So is a hyphen after a symbol's part of two letters or more ("3169/TTr -STP"; not an
        // OCR's "38/2004/Q -TTG" that lost a letter).
        let hyphen_ok = word.starts_with('–') || prev.rsplit('/').next().is_some_and(|part| part.chars().count() >= 2);
        let dash_part = hyphen_ok
            && word.strip_prefix(['–', '-']).is_some_and(|rest| !rest.is_empty() && symbol_like(rest))
            && prev.starts_with(|c: char| c.is_ascii_digit())
            && prev.contains('/');
        // A term of the National Assembly set apart from its body ("04/2012/UBTVQH 13").
        let term = prev.contains('/')
            && prev.ends_with("QH")
            && prev.starts_with(|c: char| c.is_ascii_digit())
            && (1..=2).contains(&word.len())
            && word.bytes().all(|b| b.is_ascii_digit());
        // A number set apart from its symbol after "số" ("Kế hoạch số 510 /KH-UBND").
        let spaced_slash = word.len() > 2
            && word.starts_with('/')
            && word[1..].starts_with(char::is_uppercase)
            && !prev.is_empty()
            && prev.bytes().all(|b| b.is_ascii_digit())
            && matches!(before_prev, "số" | "số:");
        // A code broken by a stray space after its slash ("Văn bản số 3374/ BKHCN-VP").
        let after_slash = prev.len() > 1
            && prev.ends_with('/')
            && prev.starts_with(|c: char| c.is_ascii_digit())
            && (symbol_like(word) || super::mixed_case_part(word));
        let number = prev.trim_end_matches('-');
        let spaced_symbol = !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
            && (prev.ends_with('-') || matches!(before_prev, "số" | "số:"))
            && party_symbol();
        // A Party code spaced around its hyphen ("100 - KL/TW", "255 – KH/TĐTN-BTG"): one code,
        // its dash as printed.
        let spaced_party = matches!(word, "-" | "–")
            && !prev.is_empty()
            && prev.bytes().all(|b| b.is_ascii_digit())
            && words.peek().is_some_and(|next| symbol_like(next) && next.contains('/'));
        // A symbol's parts spaced around their dash ("150/KH – BCĐ", "40/2014/ TT - BNNPTNT").
        let spaced_dash = matches!(word, "–" | "-")
            && code_ends_in_caps(if run.is_empty() { prev } else { &run })
            && words.peek().is_some_and(|next| symbol_like(next) && !next.contains('/'));
        // Either way the dash and the part after it join the code without their spaces.
        if spaced_dash || spaced_party {
            if spaced_dash {
                copy.part(word);
            } else {
                copy.text(word);
            }
            if let Some(next) = words.next() {
                copy.part(next);
                prev = next;
            }
            run.clear();
            k += 2;
            continue;
        }
        let joins = broken_code || spaced_symbol || dash_part || term || spaced_slash || after_slash;
        if k > 0 && !joins {
            copy.space();
        }
        extend_run(&mut run, joins, prev, word);
        copy.part(word);
        before_prev = prev;
        prev = word;
        k += 1;
    }
    copy.flush();
}

/// The letters and digits of a symbol, upper-cased: "QĐ-UBND" and "QĐUBND" alike.
fn symbol_letters(symbol: &str) -> String {
    symbol.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// The date a citation takes from before it: a date just before it in the same clause ("ngày
/// 16/8/2018 Bộ … đã có Công văn số 3395/…"), or the date its sentence opens with.
fn back_date(text: &str, matches: &[code::CodeMatch], idx: usize, own_place: Option<&str>) -> Option<NaiveDate> {
    let m = &matches[idx];
    // A date just before the citation in the same clause ("ngày 16/8/2018 Bộ … đã có
    // Công văn số 3395/…").
    let clause_start = text[..m.start].rfind(['.', ';']).map_or(0, |p| p + 1);
    let prev_code_end = if idx > 0 { matches[idx - 1].end } else { 0 };
    let opens_sentence = clause_start >= prev_code_end;
    let clause_start = clause_start.max(prev_code_end);
    let back_date = if text[clause_start..m.start].chars().count() < 220 {
        let clause = &text[clause_start..m.start];
        find_dates(clause)
            .into_iter()
            .rev()
            .find(|d| {
                let before = clause[..d.start].trim_end().to_lowercase();
                // Not the date of the citation just before ("số 1/QĐ ngày 1/1/2020 và …").
                // A sentence may open with its date ("Ngày 12/6/2015, Bộ Quốc phòng đã có
                // Công văn số …").
                // "trước ngày …", "từ ngày …": a time limit, not the cited document's date.
                let limit = ["trước ngày", "sau ngày", "từ ngày", "đến ngày"].iter().any(|k| before.ends_with(k));
                // The letter's own place and date ("Hà Nội, ngày …") dates no citation.
                let own = own_place.is_some_and(|p| {
                    before
                        .trim_end_matches("ngày")
                        .trim_end()
                        .trim_end_matches(',')
                        .trim_end()
                        .ends_with(&p.to_lowercase())
                });
                before.ends_with("ngày")
                    && !limit
                    && !own
                    && (!before.trim_end_matches("ngày").trim().is_empty() || opens_sentence)
            })
            .and_then(|d| d.date)
    } else {
        None
    };
    // A sentence that opens with its date ("Ngày 12/6/2015, Bộ Quốc phòng đã có Công văn
    // số …"), however long the text before it.
    back_date.or_else(|| {
        let from = text[..m.start].char_indices().rev().nth(260).map_or(0, |(i, _)| i).max(prev_code_end);
        let window = &text[from..m.start];
        find_dates(window)
            .into_iter()
            .rev()
            .find(|d| window[..d.start].trim_end().ends_with("Ngày") && !window[d.end..].contains(['.', ';']))
            .and_then(|d| d.date)
    })
}

/// An old-style code and its new-style print ("Quyết định số 118/TTg ngày 27/02/1996" and "…
/// số 118/QĐ-TTg ngày 27/02/1996"): symbols apart only by the type's abbreviation. With the
/// same number and date they are one document.
fn old_and_new_print(a: &str, b: &str) -> bool {
    let bare = |symbol: &str| {
        // A Party code's type before its slash, abbreviated one way or another ("CT/TU" and
        // "CTr/TU" for one programme of the provincial committee).
        if let Some((head, rest)) = symbol.split_once('/')
            && (1..=4).contains(&head.chars().count())
            && head.chars().all(char::is_alphabetic)
            && !head.contains('-')
        {
            return rest.to_uppercase();
        }
        symbol
            .split_once('-')
            .filter(|(head, _)| code::type_name(head).is_some())
            .map_or(symbol, |(_, rest)| rest)
            .to_uppercase()
    };
    a != b && bare(a) == bare(b)
}

/// A citation read so far.
struct Found {
    key: String,
    printed: String,
    doc_type: Option<&'static str>,
    inferred: Option<&'static str>,
    date: Option<NaiveDate>,
    back_date: Option<NaiveDate>,
    law: Option<String>,
    number: Option<String>,
    symbol: String,
    year: Option<u16>,
}

/// Whether the citation `m` (canonical `key`, `date`, `law` name) is the document `f` again.
fn same_document(f: &Found, m: &code::CodeMatch, key: &str, date: Option<NaiveDate>, law: Option<&String>) -> bool {
    let same_print = date.is_some()
        && f.date == date
        && f.number.is_some()
        && f.number == m.code.number
        && old_and_new_print(&f.symbol, &m.code.symbol);
    // One law named twice, its code misprinted in the year ("Luật Quản lý ngoại thương
    // số 05/2017/QH14" and "… số 05/2018/QH14"): the name identifies it.
    let same_law = law.is_some() && f.law.as_ref() == law && f.number == m.code.number && f.symbol == m.code.symbol;
    // A code printed once with its year and once without ("Nghị quyết số 41/2022/NQ-HĐND"
    // and "Nghị quyết số 41/NQ-HĐND ngày …"): one document when both give the same date
    // in that year. Undated, the short print stays apart: numbers restart every year.
    let same_without_year = f.number.is_some()
        && f.number == m.code.number
        && f.symbol.to_uppercase() == m.code.symbol.to_uppercase()
        && f.year.or(m.code.year).zip(date).is_some_and(|(y, d)| i32::from(y) == d.year())
        && f.year.is_some() != m.code.year.is_some()
        && date.is_some()
        && f.date == date;
    // One symbol typed with and without its ampersand or hyphen ("36/2009/TT-BGD&ĐT" and
    // "36/2009/TT-BGDĐT"): the same number, year and letters.
    let same_letters = f.number.is_some()
        && f.number == m.code.number
        && f.year == m.code.year
        && symbol_letters(&f.symbol) == symbol_letters(&m.code.symbol);
    same_print || same_law || same_without_year || same_letters ||
        // "5/2000/TT-BXD" and "05/2000/TT-BXD" are one circular.
        f.key.trim_start_matches('0') == key.trim_start_matches('0')
            || f.key == key
            || (key.starts_with(&f.key) && key[f.key.len()..].starts_with(['-', '/']))
            || (f.key.starts_with(key) && f.key[key.len()..].starts_with(['-', '/']))
}

/// The code on a portal's card of particulars above the text ("**Số hiệu:**" / "|" /
/// "17899/BTC-VP"), in its canonical form: the first code within the four lines after the label,
/// the label among the page's first sixty lines.
fn page_card_code(doc: &Doc) -> Option<String> {
    let label =
        (0..doc.lines.len().min(60)).find(|&i| doc.folded(i).trim_start_matches(['*', ' ']).starts_with("so hieu:"))?;
    (label + 1..doc.lines.len().min(label + 5))
        .find_map(|i| code::find_codes(doc.line(i)).into_iter().next())
        .map(|m| m.code.canonical().full_code().to_uppercase())
}

/// The documents `doc` cites with a number, with those its foot `notes` cite.
pub(super) fn read_references(doc: &Doc, notes: &[&str], letter: &Letter, header_top: Option<usize>) -> Vec<Reference> {
    // A site's related-documents list or preface above the header is not the letter's text.
    let text = flatten_for_scan(
        doc.lines.get(header_top.unwrap_or(0)..).unwrap_or_default().iter().copied().chain(notes.iter().copied()),
    );
    let own = letter
        .full_code
        .as_ref()
        .and_then(|c| DocumentCode::parse(c))
        .map(|c| c.canonical().full_code().to_uppercase());
    // The letter's own code in another print (a site title "1961/2019/QĐ-UBND" over a header
    // "1961/QĐUBND"): the same number and the same letters in the symbol.
    let own_letters = letter.number.as_ref().zip(letter.symbol.as_ref()).map(|(n, s)| (n.clone(), symbol_letters(s)));
    // The code a portal's card gives the page it prints ("Số hiệu:" / "17899/BTC-VP"): the
    // document's own, however the page's summary cites it.
    let card = page_card_code(doc);
    let matches = code::find_codes(&text);
    let mut found: Vec<Found> = Vec::new();
    // The type the previous citation was read with.
    let mut last_type: Option<&'static str> = None;
    for (idx, m) in matches.iter().enumerate() {
        let key = m.code.canonical().full_code().to_uppercase();
        // The letter's own code, also printed cut short ("10/2004/TTLT-BL" for
        // "10/2004/TTLT-BLĐTBXH-BTC").
        let is_own_print = |(n, l): &(String, String)| {
            let letters = symbol_letters(&m.code.symbol);
            m.code.number.as_ref() == Some(n) && (letters == *l || (letters.len() >= 4 && l.starts_with(&letters)))
        };
        if own.as_ref() == Some(&key) || own_letters.as_ref().is_some_and(is_own_print) || card.as_ref() == Some(&key) {
            continue;
        }
        if in_address(&text, m.start, m.end) {
            continue;
        }
        let before_start = text[..m.start].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
        let before = &text[before_start..m.start];
        if is_form_number(before) {
            continue;
        }
        let after = &text[m.end..];
        // A second number of the same type joined to the first ("tờ trình số 06/TTr-BVCSTE ngày
        // … và số 256/BVCSTE"): the type is said once for both.
        // So a code listed after the previous one's date without "số" ("các công văn số
        // 695/TCHQ-GSQL ngày 05/02/2021, 4032/TCHQ-GSQL ngày 16/8/2021 và 1238/GSQL-GQ2").
        let same_type = || {
            let t = before.trim_end().trim_end_matches(':').trim_end();
            let near = idx > 0 && m.start.saturating_sub(matches[idx - 1].end) <= 90;
            // A semicolon parts the items of one list too ("Công văn số 4643/UBND-KGVX ngày
            // 28/8/2024; số 4975/UBND-KGVX ngày 17/09/2024"), when the codes stand close.
            let joined = t
                .strip_suffix("số")
                .is_some_and(|b| b.ends_with(" và ") || b.ends_with(", ") || (near && b.ends_with("; ")));
            let listed = near && (t.ends_with(',') || t.ends_with(" và"));
            (joined || listed).then_some(last_type).flatten().filter(|_| m.code.doc_type().is_none())
        };
        // A law or an ordinance named at length before its number ("Pháp lệnh Ưu đãi người có
        // công với cách mạng số 26/2005/PL-UBTVQH11") opens further back than a type word.
        let wide_start = text[..m.start].char_indices().rev().nth(110).map_or(0, |(i, _)| i);
        let doc_type = type_before(before).or_else(|| named_law(&text[wide_start..m.start])).or_else(same_type);
        last_type = doc_type.or(m.code.doc_type());
        let date = date_after(after, m.code.year).or_else(|| shared_date(&text, &matches, idx));
        let back_date = back_date(&text, &matches, idx, letter.place.as_deref());
        // As printed: a Party code that lost its hyphen ("298KH/TWĐTN") keeps its print.
        let printed = text[m.start..m.end].to_string();
        let law = law_name(before);
        let merge_at = found.iter().position(|f| same_document(f, m, &key, date, law.as_ref()));
        match merge_at {
            Some(i) => {
                let f = &mut found[i];
                // The fuller print of the code wins; a zero before the number is no fuller
                // ("4/2023/NĐ-CP" and "04/2023/NĐ-CP": the first print stays).
                if key.trim_start_matches('0').len() > f.key.trim_start_matches('0').len() {
                    f.key.clone_from(&key);
                    f.printed.clone_from(&printed);
                }
                if f.printed.chars().all(|c| !c.is_lowercase())
                    && printed.chars().any(char::is_lowercase)
                    && key == f.key
                {
                    f.printed.clone_from(&printed);
                }
                f.doc_type = f.doc_type.or(doc_type);
                f.date = f.date.or(date);
                f.back_date = f.back_date.or(back_date);
            }
            None => found.push(Found {
                key,
                printed,
                doc_type,
                inferred: m.code.doc_type().or_else(|| legal_type(&m.code.symbol)),
                date,
                back_date,
                law,
                number: m.code.number.clone(),
                symbol: m.code.symbol.clone(),
                year: m.code.year,
            }),
        }
    }
    found
        .into_iter()
        .map(|f| Reference {
            doc_type: f.doc_type.or(f.inferred).unwrap_or("Văn bản").to_string(),
            full_code: f.printed,
            date: f.date.or(f.back_date),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    fn refs(body: &str) -> Vec<(String, Option<NaiveDate>)> {
        let text = format!(
            "ỦY BAN NHÂN DÂN TỈNH X\nSố: 7/QĐ-UBND\nX, ngày 02 tháng 3 năm 2024\n\nQUYẾT ĐỊNH\nVề việc thử\n\n{body}"
        );
        crate::parse(&text)[0].references.iter().map(|r| (r.full_code.clone(), r.date)).collect()
    }

    #[test]
    fn a_code_printed_with_and_without_its_year_is_one_document() {
        let found = refs(
            "Căn cứ Nghị quyết số 15/NQ-HĐND ngày 08/12/2023 của HĐND tỉnh;\n\nĐiều 1. Triển khai Nghị quyết \
             số 15/2023/NQ-HĐND ngày 08 tháng 12 năm 2023 của HĐND tỉnh.",
        );
        assert_eq!(found, [("15/2023/NQ-HĐND".to_string(), NaiveDate::from_ymd_opt(2023, 12, 8))]);
    }

    #[test]
    fn the_same_number_of_another_year_is_another_document() {
        let undated = refs(
            "Căn cứ Quyết định số 15/QĐ-UBND của UBND tỉnh;\n\nĐiều 1. Bãi bỏ Quyết định số 15/2023/QĐ-UBND ngày \
             08/01/2023 của UBND tỉnh.",
        );
        assert_eq!(undated.len(), 2);
        let found = refs(
            "Căn cứ Quyết định số 15/QĐ-UBND ngày 08/01/2021 của UBND tỉnh;\n\nĐiều 1. Bãi bỏ Quyết định số \
             15/2023/QĐ-UBND của UBND tỉnh.",
        );
        assert_eq!(found.len(), 2);
    }

    fn typed(body: &str) -> Vec<(String, String)> {
        let text = format!(
            "ỦY BAN NHÂN DÂN TỈNH X\nSố: 7/QĐ-UBND\nX, ngày 02 tháng 3 năm 2024\n\nQUYẾT ĐỊNH\nVề việc thử\n\n{body}"
        );
        crate::parse(&text)[0].references.iter().map(|r| (r.full_code.clone(), r.doc_type.clone())).collect()
    }

    #[test]
    fn a_link_to_a_document_is_no_citation_and_a_cell_parts_code_and_date_with_a_semicolon() {
        let found = refs(
            "Điều 1. Công bố Danh mục.\n1\nThông tư\nSố 178/1998/TT-TCCP; \nngày 04/6/1998\n\
             - https://vbpl.vn/TW/Pages/vbpq-\ntoanvan.aspx?ItemID=119499&Keyword=\n03/2017/TT-BL%C4%90TBXH\n\
             S%E1%BB%91%2042/2015/TT-\nBL%C4%90TBXH\n2\nQuyết định số 1229/QĐ-\n\nTập hệ thống hóa VBQPPL còn hiệu lực\n",
        );
        assert_eq!(found[0], ("178/1998/TT-TCCP".to_string(), NaiveDate::from_ymd_opt(1998, 6, 4)));
        assert!(found.iter().all(|(code, _)| !code.contains("2017") && !code.contains("42/2015")), "{found:?}");
        assert!(found.iter().all(|(code, _)| !code.contains("Tập")), "{found:?}");
    }

    #[test]
    fn one_document_cited_under_two_prints_is_listed_once() {
        let found = refs(
            "Thực hiện Chương trình số 06-CT/TU ngày 17/3/2021 của Tỉnh ủy và Nghị quyết liên tịch số \
             102/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN;\n\nĐiều 1. Theo Chương trình số 06-CTr/TU ngày 17/3/2021 và \
             Nghị quyết liên tịch số 102/2025/NQLT.",
        );
        let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes.len(), 2, "{codes:?}");
        assert!(codes[0].starts_with("06-CT") && codes[0].ends_with("/TU"));
        assert_eq!(codes[1], "102/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN");
    }

    #[test]
    fn codes_listed_with_commas_share_the_date_after_the_last() {
        let found = refs(
            "Tiếp theo các Công điện số 217/CĐ-TTg, 218/CĐ-TTg, 219/CĐ-TTg và 222/CĐ-TTg ngày 19/11/2025, Thủ tướng \
             yêu cầu; theo Văn bản số 3169/TTr -STP ngày 31/10/2025 và Công văn số\n2350/BDTTG-VPQGDTMN ngày 19 tháng 10 năm* *2025.",
        );
        let day = NaiveDate::from_ymd_opt(2025, 11, 19);
        assert_eq!(
            found,
            [
                ("217/CĐ-TTg".to_string(), day),
                ("218/CĐ-TTg".to_string(), day),
                ("219/CĐ-TTg".to_string(), day),
                ("222/CĐ-TTg".to_string(), day),
                ("3169/TTr-STP".to_string(), NaiveDate::from_ymd_opt(2025, 10, 31)),
                ("2350/BDTTG-VPQGDTMN".to_string(), NaiveDate::from_ymd_opt(2025, 10, 19)),
            ]
        );
    }

    #[test]
    fn codes_listed_after_one_type_share_it() {
        // The issuer between the type and "số"; then codes listed with their dates, without "số".
        let found = typed(
            "Căn cứ các Công văn của Bộ Tài chính số\n3910/BTC-QLG ngày 04 tháng 4 năm 2018 về giá, số\n\
             367/BTC-QLG ngày 06 tháng 4 năm 2018; hướng dẫn tại các công văn số 695/TCHQ-GSQL ngày\n\
             05/02/2021, 4032/TCHQ-GSQL ngày 16/8/2021 và 1238/GSQL-GQ2 ngày 29/7/2024 của Tổng cục.",
        );
        let types: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(types, ["Công văn"; 5]);
        // Items parted by semicolons, each with "số".
        let found = typed(
            "theo Công văn số 4643/UBND-KGVX ngày 28/8/2024; số 4975/UBND-KGVX ngày 17/09/2024; số \
             5442/UBND-KGVX ngày 10/10/2024 của UBND tỉnh.",
        );
        let types: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(types, ["Công văn"; 3]);
    }

    #[test]
    fn education_in_a_symbol_split_by_a_space_is_one_unit() {
        let found = typed(
            "Căn cứ Công văn số 5512/BGD ĐT-GDTrH ngày 18/12/2020 về việc xây dựng kế hoạch; Quyết định số 2457/QĐ- BGD ĐT ngày 23/8/2023.",
        );
        let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["5512/BGDĐT-GDTrH", "2457/QĐ-BGDĐT"]);
    }

    #[test]
    fn a_code_broken_by_a_space_after_its_slash_is_one_code() {
        let found = typed("Theo đề nghị của Sở Tài chính tại Văn bản số 215/ STC-\nQLNS ngày 02/02/2024.");
        assert_eq!(found, [("215/STC-QLNS".to_string(), "Văn bản".to_string())]);
    }

    #[test]
    fn a_symbol_spaced_around_its_dash_is_one_code() {
        let found = typed("Căn cứ Kế hoạch số 25/KH – BCĐ ngày 09 tháng 01 năm 2024 của Ban Chỉ đạo huyện;");
        assert_eq!(found, [("25/KH–BCĐ".to_string(), "Kế hoạch".to_string())]);
    }

    #[test]
    fn a_symbol_typed_with_and_without_its_ampersand_is_one_document() {
        let found = typed("Căn cứ Thông tư số 12/2020/TT-BGD&ĐT;\n\nĐiều 1. Theo Thông tư số 12/2020/TT-BGDĐT.");
        assert_eq!(found, [("12/2020/TT-BGD&ĐT".to_string(), "Thông tư".to_string())]);
    }

    #[test]
    fn a_symbol_broken_after_its_ampersand_or_before_its_slash_is_one_code() {
        let found = typed(
            "Xét Công văn số 15972/SXD-QLN& TTBĐS ngày 14 tháng 11 năm 2025 của Sở Xây dựng và Tờ trình số 409\n\
             /TTr-SVHTTDL ngày 22 tháng 10 năm 2025.",
        );
        assert_eq!(
            found,
            [
                ("15972/SXD-QLN&TTBĐS".to_string(), "Công văn".to_string()),
                ("409/TTr-SVHTTDL".to_string(), "Tờ trình".to_string())
            ]
        );
    }

    #[test]
    fn a_date_after_ngay_typed_twice_is_the_citations() {
        assert_eq!(
            refs("Căn cứ Nghị định số 63/2010/NĐ-CP ngày ngày 08\ntháng 6 năm 2010 của Chính phủ;"),
            [("63/2010/NĐ-CP".to_string(), chrono::NaiveDate::from_ymd_opt(2010, 6, 8))]
        );
    }

    #[test]
    fn a_date_after_a_repeated_symbol_or_the_signing_is_the_citations() {
        let d = chrono::NaiveDate::from_ymd_opt;
        assert_eq!(
            refs("thực hiện Nghị quyết số 37-NQ/TW NQ/TW ngày 24/12/2018 của Bộ Chính trị"),
            [("37-NQ/TW".to_string(), d(2018, 12, 24))]
        );
        assert_eq!(
            refs("2. Chỉ thị số 2/CT-BYT do Bộ trưởng Bộ Y tế Nguyễn Thị Kim Tiến ký ban hành ngày 26/1/2015 về"),
            [("2/CT-BYT".to_string(), d(2015, 1, 26))]
        );
        assert_eq!(
            refs("Thực hiện Công điện số 07/CĐ-PCTT hồi 14h00 ngày 15/6/2022 của Ban Chỉ đạo"),
            [("07/CĐ-PCTT".to_string(), d(2022, 6, 15))]
        );
        assert_eq!(
            refs("Căn cứ Thông tư số 40/2014/ TT - BNNPTNT, ngày 13 tháng 11 năm 2014 của Bộ"),
            [("40/2014/TT-BNNPTNT".to_string(), d(2014, 11, 13))]
        );
        // Another date after "do": not the citation's.
        assert_eq!(
            refs("theo Kế hoạch số 12/KH-UBND do các xã thực hiện, ngày 26/1/2015 kiểm tra"),
            [("12/KH-UBND".to_string(), None)]
        );
    }

    #[test]
    fn plans_of_action_and_permits_keep_their_kind() {
        let found = typed(
            "Thực hiện Kế hoạch hành động số 469-KH/TU ngày 16/5/2025 của Tỉnh ủy; Giấy phép thăm dò số 01/GP-UBND \
             ngày 12/01/2007.",
        );
        let types: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(types, ["Kế hoạch hành động", "Giấy phép thăm dò"]);
        let found = typed("Trên cơ sở Đơn đề nghị\nxác định mã số số 0825-03/HW-TCHQ đề ngày 05/9/2025 của Công ty.");
        assert_eq!(found, [("0825-03/HW-TCHQ".to_string(), "Đơn đề nghị".to_string())]);
        assert_eq!(
            refs("Trên cơ sở Đơn đề nghị số 0825-03/HW-TCHQ đề ngày 05/9/2025 của Công ty."),
            [("0825-03/HW-TCHQ".to_string(), chrono::NaiveDate::from_ymd_opt(2025, 9, 5))]
        );
    }

    #[test]
    fn a_forms_number_is_no_citation() {
        let found = typed(
            "Căn cứ Thông tư số 20/2021/TT-BXD ngày 10/11/2021;\n\nĐiều 1. Hồ sơ lập theo Mẫu số 03/BCTC và biểu \
             mẫu số: 04/BCTC kèm theo.",
        );
        assert_eq!(found, [("20/2021/TT-BXD".to_string(), "Thông tư".to_string())]);
    }

    #[test]
    fn a_code_and_a_party_circular_and_a_code_of_law_keep_their_types() {
        let found = typed(
            "Căn cứ Bộ luật Dân sự số 91/2015/QH13;\n\nĐiều 1. Hồ sơ khai theo Thông tri số 12-TT/TW ngày 05 tháng 6 \
             năm 1980.",
        );
        assert_eq!(
            found,
            [("91/2015/QH13".to_string(), "Bộ luật".to_string()), ("12-TT/TW".to_string(), "Thông tri".to_string())]
        );
    }
}
