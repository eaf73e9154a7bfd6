//! The letter parser: reads the text of one or more administrative documents (as pasted,
//! OCR'd or converted from PDF) into [`Letter`] records — header, recipients, signature,
//! distribution list, cited documents and the work assigned.
//!
//! The parser works on lines after [`crate::text::clean`]; every field is found by its own
//! small rule so that damage to one part of a document does not lose the others. It never
//! panics: a field it cannot read is `None` or empty, with a low confidence.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::DocumentCode;
use crate::date::find_dates;
use crate::text::{clean, contains_str, find_str, fold, is_letter};

mod agencies;
mod assign;
mod header;
mod headless;
mod lists;
mod references;
mod signature;

/// A document cited in the text with a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reference {
    /// The type word of the citation ("Quyết định"; "Văn bản" for "văn bản số …").
    pub doc_type: String,
    /// The code as printed, without spaces.
    pub full_code: String,
    /// The date given with the citation.
    pub date: Option<NaiveDate>,
}

/// Work assigned by the document: who leads, who helps, what, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    /// The lead body; several lead bodies are joined with "; ".
    pub lead: String,
    /// Bodies named to coordinate ("phối hợp với …").
    pub coordinators: Vec<String>,
    /// The work, as the clause that states it.
    pub action: String,
    /// The deadline, when the text gives a calendar date ("trước ngày 30 tháng 5 năm 2013").
    pub deadline: Option<NaiveDate>,
}

/// Urgency marks (độ khẩn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    /// "Khẩn".
    Khan,
    /// "Thượng khẩn".
    ThuongKhan,
    /// "Hỏa tốc".
    HoaToc,
}

/// Secrecy marks (độ mật).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Secrecy {
    /// "Mật".
    Mat,
    /// "Tối mật".
    ToiMat,
    /// "Tuyệt mật".
    TuyetMat,
}

/// One document read from text. Serialises to the ground-truth shape of the letter corpus;
/// `body`, the marks and the confidences are kept out of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Letter {
    /// Issuing body ("UBND tỉnh Kiên Giang", "Văn phòng Chính phủ").
    pub issuer: Option<String>,
    /// The superior body printed above the issuer.
    pub parent_issuer: Option<String>,
    /// Number as printed.
    pub number: Option<String>,
    /// Symbol without the year part.
    pub symbol: Option<String>,
    /// The whole code as printed, spaces removed.
    pub full_code: Option<String>,
    /// Document type ("Công văn", "Quyết định", …).
    pub doc_type: Option<String>,
    /// Place of issue.
    pub place: Option<String>,
    /// Date of issue.
    pub date: Option<NaiveDate>,
    /// "V/v …" line of a công văn, or the title of other types.
    pub subject: Option<String>,
    /// "Kính gửi" entries.
    pub recipients: Vec<String>,
    /// "Nơi nhận" entries.
    pub cc: Vec<String>,
    /// Signer's name.
    pub signer_name: Option<String>,
    /// Signer's title, in normal case ("Phó Chủ tịch").
    pub signer_title: Option<String>,
    /// Authority prefix qualifying the title ("KT.", "TM.", "TL.", "Q.", "TUQ.").
    pub signing_authority_prefix: Option<String>,
    /// Documents cited with a number.
    pub references: Vec<Reference>,
    /// Work assigned.
    pub assignments: Vec<Assignment>,
    /// The code of a document pasted after this one that this one cites (a covering letter
    /// forwarding the letter below it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwards: Option<String>,
    /// The body text between the addressing block and the signature.
    #[serde(skip)]
    pub body: String,
    /// Urgency mark, when printed.
    #[serde(skip)]
    pub urgency: Option<Urgency>,
    /// Secrecy mark, when printed.
    #[serde(skip)]
    pub secrecy: Option<Secrecy>,
    /// Confidence in 0..=1 per field name, for the fields the parser filled.
    #[serde(skip)]
    pub confidence: BTreeMap<&'static str, f32>,
}

/// Lines that open a legal-document portal's footer under the text it prints, folded: its note
/// that the English version is missing, its letter to its readers, its notice on their personal
/// data (which cites the site's own grounds, Decree 13/2023/NĐ-CP).
const SITE_FOOTERS: [&str; 4] = [
    "van ban nay chua cap nhat noi dung tieng anh",
    "thua quy khach",
    "kinh gui: quy thanh vien",
    "cam on da dung thuvienphapluat",
];

/// Lines of a legal-document portal's notices above the text it prints, folded: its claim on
/// the translation (in Vietnamese and English), its legend of amended passages and its loading
/// line. They are the page's, never a heading of the document.
const SITE_NOTICES: [&str; 6] = [
    "ban dich nay thuoc quyen so huu",
    "thu vien phap luat has the copyright",
    "thu vien phap luat** has the copyright",
    "cac noi dung duoc sua doi, huong dan",
    "cac noi dung cua vb nay duoc vb khac",
    "dang tai van ban",
];

/// Whether the folded line `f` is one of a portal's notices ([`SITE_NOTICES`]).
fn is_site_notice(f: &str) -> bool {
    let f = f.trim_start_matches(['*', ' ']);
    SITE_NOTICES.iter().any(|k| f.starts_with(k))
}

/// Where a portal's footer begins (the number of lines when there is none): what follows is
/// the page's, not the document's.
fn site_footer(folded: &[&str]) -> usize {
    folded
        .iter()
        .position(|f| SITE_FOOTERS.iter().any(|k| f.trim_start().starts_with(k)))
        .filter(|&at| at >= 10)
        .unwrap_or(folded.len())
}

/// Parses `text` into one record per document it holds, in order. A letter that forwards
/// another (the forwarded text pasted below it) gives two records.
#[must_use]
pub fn parse(text: &str) -> Vec<Letter> {
    let cleaned = clean(text);
    let split = split_flat_headers(&cleaned);
    let (mut owned, mut owned_folded) = unwrap_cells(split.iter().map(AsRef::as_ref).collect());
    join_wrapped_parts(&mut owned, &mut owned_folded);
    let lines: Vec<&str> = owned.iter().map(String::as_str).collect();
    // Each line folded once, shared by every reader.
    let folded: Vec<&str> = owned_folded.iter().map(String::as_str).collect();
    let end = site_footer(&folded);
    let (lines, folded) = (&lines[..end], &folded[..end]);
    let mut spans = split_documents(lines, folded);
    // The notes at the foot of a text (a consolidated text's "[1] Thông tư số …", "2 Mức trợ cấp
    // … theo Quyết định số …") follow its last annexed form but are the first document's: they
    // cite what it was amended by and the grounds of the amending texts.
    let notes_at = (spans.len() > 1).then(|| spans.last().and_then(|&(s, e)| foot_notes(lines, s, e))).flatten();
    if let (Some(at), Some(last)) = (notes_at, spans.last_mut()) {
        last.1 = at;
    }
    let notes: &[&str] = notes_at.map_or(&[], |at| &lines[at..]);
    let parsed: Vec<Letter> = spans
        .into_iter()
        .enumerate()
        .filter(|(_, (start, end))| start < end)
        .filter_map(|(k, (start, end))| {
            Some((
                k,
                Doc {
                    lines: lines.get(start..end)?,
                    folded: folded.get(start..end)?,
                    motto: std::cell::OnceCell::new(),
                },
            ))
        })
        .map(|(k, doc)| parse_document(&doc, if k == 0 { notes } else { &[] }))
        .collect();
    // A piece of the text that gave nothing is no document of its own.
    let read = |l: &Letter| {
        l.full_code.is_some()
            || l.symbol.is_some()
            || l.issuer.is_some()
            || l.subject.is_some()
            || l.date.is_some()
            || l.doc_type.is_some()
            || !l.references.is_empty()
            || !l.recipients.is_empty()
            || !l.assignments.is_empty()
    };
    let any_read = parsed.iter().any(read);
    // Never nothing: a text with words is a document or a page reporting one, so it gives a
    // record of what could be read, even when that is nothing but its body.
    let worded = lines.iter().any(|l| l.chars().any(is_letter));
    let mut letters: Vec<Letter> = if any_read || !worded {
        parsed.into_iter().filter(read).collect()
    } else {
        parsed.into_iter().take(1).collect()
    };
    link_forwarded(&mut letters);
    letters
}

/// The number of a note at the foot of a text: "[12] Khoản này …" or, the brackets lost, "12
/// Khoản này …" (digits, a space, a capital).
fn note_number(line: &str) -> Option<u32> {
    let t = line.trim_start();
    let (digits, rest) = match t.strip_prefix('[') {
        Some(r) => {
            let end = r.find(']')?;
            (&r[..end], &r[end + 1..])
        }
        None => t.split_at(t.find(|c: char| !c.is_ascii_digit())?),
    };
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = rest.strip_prefix(' ')?.trim_start();
    rest.starts_with(char::is_uppercase).then(|| digits.parse().ok()).flatten()
}

/// Where the notes at the foot of lines `start..end` begin: a note 1 followed, in order, by
/// notes 2 and 3 (notes 1 and 2 when bracketed) that run to the end.
fn foot_notes(lines: &[&str], start: usize, end: usize) -> Option<usize> {
    let first = (start..end).find(|&i| note_number(lines[i]) == Some(1))?;
    let bracketed = lines[first].trim_start().starts_with('[');
    let mut expected = 2;
    for line in &lines[first + 1..end] {
        match note_number(line) {
            Some(n) if n == expected => expected += 1,
            _ => {}
        }
    }
    (expected > if bracketed { 2 } else { 3 }).then_some(first)
}

fn canonical_key(code: &str) -> Option<String> {
    DocumentCode::parse(code).map(|c| c.canonical().full_code().to_uppercase())
}

/// Marks a letter as forwarding a later document of the same text that it cites.
fn link_forwarded(letters: &mut [Letter]) {
    for i in 0..letters.len() {
        let cited: Vec<String> = letters[i].references.iter().filter_map(|r| canonical_key(&r.full_code)).collect();
        let forwarded = letters[i + 1..]
            .iter()
            .filter_map(|later| later.full_code.as_ref())
            .find(|code| canonical_key(code).is_some_and(|key| cited.contains(&key)))
            .cloned();
        letters[i].forwards = forwarded;
    }
}

// ---------------------------------------------------------------------------------------------
// Line classification.

fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| is_letter(*c))
}

/// A line whose letters are all capitals (at least two letters).
fn is_caps(line: &str) -> bool {
    // One pass that stops at the first small letter (every small letter is alphabetic).
    let mut count = 0usize;
    for c in line.chars() {
        if c.is_lowercase() {
            return false;
        }
        // Every capital is alphabetic: the slower alphabetic table only for the rest.
        if c.is_uppercase() || is_letter(c) {
            count += 1;
        }
    }
    count >= 2
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A folded line holding the national motto or title.
fn is_motto_folded(f: &str) -> bool {
    contains_str(f, "cong hoa xa hoi chu nghia")
        // "XÃ HỘI" damaged by a text layer ("CỘNG HÒA XàHỘI CHỦ NGHĨA VIỆT NAM").
        || (f.trim_start().starts_with("cong hoa x") && contains_str(f, "hoi chu nghia viet nam"))
        || (contains_str(f, "doc lap") && contains_str(f, "tu do") && contains_str(f, "hanh phuc"))
        || f.trim() == "dang cong san viet nam"
        // The national title of 1945–1976.
        || f.trim().starts_with("viet nam dan chu cong hoa")
        || is_union_title_folded(f)
}

/// The Youth Union's name printed where state documents print the national title ("ĐOÀN
/// TNCS HỒ CHÍ MINH"): its organs' headers name the organ on the left ("BAN CHẤP HÀNH TRUNG
/// ƯƠNG") and the organisation on the right.
fn is_union_title_folded(f: &str) -> bool {
    matches!(
        f.trim().trim_end_matches('|').trim_end(),
        "doan tncs ho chi minh" | "doan thanh nien cong san ho chi minh"
    )
}

/// The printed forms of the Youth Union's name in a header.
const UNION_TITLES: [&str; 2] = ["ĐOÀN TNCS HỒ CHÍ MINH", "ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH"];

/// Page furniture: a bare page number, or the official gazette's running page header
/// ("CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024"), which names the gazette's issue, not a
/// document the text cites.
fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    (!t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
        || is_gazette_header(t)
        || is_page_marker(t)
}

/// A page's marker that a converter or a scanner prints on a line of its own ("PAGE 1", "Page 2
/// of 5", "Trang 3", "Trang 3/12").
fn is_page_marker(t: &str) -> bool {
    let Some(rest) = ["PAGE ", "Page ", "page ", "TRANG ", "Trang "].iter().find_map(|w| t.strip_prefix(w)) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    let rest = rest.trim();
    digits(rest)
        || rest.split_once('/').is_some_and(|(a, b)| digits(a.trim()) && digits(b.trim()))
        || rest.split_once(" of ").is_some_and(|(a, b)| digits(a) && digits(b))
}

/// "CÔNG BÁO/Số 1657 + 1658/Ngày 09-12-2025" (or its spaced and mirrored forms, "Số 12/Ngày
/// 05-01-2025/CÔNG BÁO"): the gazette's name, its issue number and its date, nothing else.
fn is_gazette_header(t: &str) -> bool {
    let rest = if let Some(r) = t.strip_prefix("CÔNG BÁO") {
        r
    } else if let Some(r) = t.strip_suffix("CÔNG BÁO") {
        r
    } else {
        return false;
    };
    let rest = rest.trim_matches(|c: char| c == '/' || c == ' ');
    let Some(rest) = rest.strip_prefix("Số") else { return false };
    let Some(at) = crate::text::find_str(rest, "Ngày") else { return false };
    let issue = &rest[..at];
    let date = &rest[at + "Ngày".len()..];
    issue.chars().any(|c| c.is_ascii_digit())
        && issue.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '/' | '&' | ',' | '-'))
        && date.chars().any(|c| c.is_ascii_digit())
        && date.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '/' | '.'))
}

/// "Số: 1152/VP-KGVX …" / "Số 70/KH-UBND" / "Số:      /QĐ-UBND": the code and what follows it.
fn number_line(line: &str) -> Option<(DocumentCode, String)> {
    number_line_parts(line).map(|(code, tail, _)| (code, tail))
}

/// A summary begun on the number line ("Số: 375/LĐTBXH-TE V/v") goes on in the next line's first
/// cell when that opens in small letters ("hướng dẫn thực hiện công tác trẻ em năm 2021 | Hà Nội,
/// ngày …").
fn summary_goes_on(doc: &Doc, at: usize, tail: String) -> String {
    let next = doc.lines.get(at + 1).map_or("", |l| l.split('|').next().unwrap_or("").trim());
    if next.starts_with(char::is_lowercase) { format!("{} {next}", tail.trim_end()) } else { tail }
}

/// A number line whose symbol ends with a hyphen ("Số: 255 / BC-BCĐPCGD-"): a symbol never
/// ends so (Decree 30), and its last part stands alone on one of the next lines, where the
/// header's other column pushed it ("Nga Sơn, ngày …" / "XMC").
fn symbol_tail_below(doc: &Doc, at: usize, parsed: &DocumentCode) -> Option<DocumentCode> {
    if !doc.line(at).trim_end().ends_with('-') || parsed.number.is_none() {
        return None;
    }
    let next_filled = (at + 1..doc.lines.len().min(at + 9)).map(|j| doc.line(j).trim()).filter(|t| !t.is_empty());
    let part = next_filled.take(3).find(|t| {
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        (2..=10).contains(&letters) && t.chars().all(|c| c.is_uppercase() || matches!(c, '-' | '&'))
    })?;
    DocumentCode::parse(&format!("{}-{part}", parsed.full_code()))
}

/// A word printed as a symbol's part: capitals, or [`mixed_case_part`].
fn symbol_part(word: &str) -> bool {
    is_caps(word) || mixed_case_part(word)
}

/// A symbol's part with a small letter or two, as some bodies abbreviate themselves (`TrMN` for
/// a nursery school, `TTg`, "QĐ-TTg" broken after its hyphen): a capital first, two capitals at
/// least.
fn mixed_case_part(word: &str) -> bool {
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let lower = word.chars().filter(|c| c.is_lowercase()).count();
    word.starts_with(char::is_uppercase) && upper >= 2 && lower <= 2
}

/// A number line that lost its "Số:" label (a scan's text layer): a full code alone on its line
/// in the header, beside the national motto or the place and date.
fn bare_number_line(doc: &Doc) -> Option<usize> {
    let header = |i: usize| {
        let f = doc.folded(i);
        is_motto_folded(f) || (f.contains(", ngay") && f.contains("thang"))
    };
    (0..doc.lines.len().min(15)).find(|&i| {
        let t = doc.line(i).trim();
        !t.contains(' ')
            && DocumentCode::parse(t)
                .is_some_and(|c| c.number.is_some() && (c.year.is_some() || c.doc_type().is_some()))
            && (i.saturating_sub(2)..doc.lines.len().min(i + 3)).any(|j| j != i && header(j))
    })
}

/// The code of a number line as printed when it was read glued ("Số: 4155QĐ/ BTP", a Party-style
/// code that lost the hyphen after its number): "4155QĐ/BTP".
fn glued_number_code(line: &str) -> Option<String> {
    number_line_parts(line).and_then(|(_, _, printed)| printed)
}

fn number_line_parts(line: &str) -> Option<(DocumentCode, String, Option<String>)> {
    // "Số"/"SỐ"/"số": every number line holds the letter ố or Ố.
    if !contains_str(line, "ố") && !contains_str(line, "Ố") {
        return None;
    }
    let t = number_start(line.trim());
    let rest = t.strip_prefix("Số").or_else(|| t.strip_prefix("SỐ")).or_else(|| t.strip_prefix("số"))?;
    if !rest.starts_with([':', ' ', '.']) {
        return None;
    }
    let small = t.starts_with("số") && !rest.starts_with(':');
    let rest = rest.trim_start_matches([':', '.', ' ']).trim_start();
    // The label typed twice ("Số: Số: 06/2018/NQ-HĐND") by a page that adds its own.
    let rest = rest.strip_prefix("Số:").map_or(rest, str::trim_start);
    let words: Vec<&str> = rest.split_whitespace().collect();
    // A citation wrapped after its type ("Căn cứ Nghị định" / "số 70/2008/NĐ-CP ngày … của …"):
    // a number line never goes on with the date or the issuer.
    if small && words.get(1).is_some_and(|w| matches!(*w, "ngày" | "của")) {
        return None;
    }
    // The code may be split by stray spaces ("15 /SYT-NVY", "1152/ VP-KGVX"): try one to three
    // words joined.
    for take in 1..=words.len().min(3) {
        let joined = words[..take].concat();
        // A Party-style code spaced around its hyphen ("225 - KH/TWĐTN-CTTN", "26 -CTr/…").
        let broken = |w: &&str| w.starts_with(['/', '-']) || w.ends_with(['/', '-']);
        if take > 1 && !words[..take].iter().any(broken) {
            break;
        }
        // A code never ends with a hyphen: after a stray space ("3606/BHXH- CSXH") its symbol
        // goes on in the next word.
        if words[take - 1].ends_with('-') && take < words.len().min(3) {
            continue;
        }
        if let Some(parsed) = DocumentCode::parse(&joined) {
            // So a citation's sentence going on in small letters after the code ("Luật" / "số
            // 31/2013/QH13 sửa đổi, bổ sung …"): a number line's code stands alone or before the
            // summary, the place or the date.
            if small && words.get(take).is_some_and(|w| w.starts_with(char::is_lowercase)) {
                return None;
            }
            // The symbol's last part after a spaced dash ("4144 /GDĐT – VP"): one more part of
            // the code, not the place.
            let dash_part = words.get(take).is_some_and(|w| matches!(*w, "-" | "–"))
                && words.get(take + 1).is_some_and(|w| w.len() <= 12 && symbol_part(w) && !w.ends_with(','));
            if dash_part && let Some(longer) = DocumentCode::parse(&words[..take + 2].concat()) {
                return Some((longer, words[take + 2..].join(" "), None));
            }
            return Some((parsed, words[take..].join(" "), None));
        }
    }
    // A Party-style code that lost the hyphen after its number, its symbol split by a stray
    // space ("4155QĐ/ BTP").
    for take in 1..=words.len().min(2) {
        let joined = words[..take].concat();
        let digits = joined.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(parsed) = crate::code::glued_party_code(&joined, digits)
            && (take == 1 || words[0].ends_with('/'))
        {
            return Some((parsed, words[take..].join(" "), Some(joined)));
        }
    }
    None
}

/// Where "Số:" starts in a number line: at the start, after the type's name ("Nghị quyết số:
/// 653/2019/UBTVQH14"), or after a short run without letters or sentence marks that a
/// conversion left in front ("straight connector 2Số: 1551 /UBND-VX" from a Word drawing).
fn number_start(t: &str) -> &str {
    if t.starts_with("Số") || t.starts_with("SỐ") {
        return t;
    }
    let Some(pos) = t.find("Số:").or_else(|| t.find("số:")).or_else(|| t.find("SỐ:")) else {
        return t;
    };
    let before = &t[..pos];
    let typed = header::TYPE_NAMES.iter().any(|name| fold(before.trim()) == fold(name));
    let noise = pos <= 40
        && !before.contains([',', '.', ';', ':'])
        && before.chars().last().is_some_and(|c| !is_letter(c))
        && before.is_ascii();
    if typed || noise { &t[pos..] } else { t }
}

// ---------------------------------------------------------------------------------------------
// A whole header flattened into one line.

/// Byte offset of the national title ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") in `line` and the
/// offset just past it.
fn motto_span(line: &str) -> Option<(usize, usize)> {
    let start = find_str(line, "CỘNG HÒA XÃ HỘI").or_else(|| find_str(line, "CỘNG HOÀ XÃ HỘI")).or_else(|| {
        // A text layer that damaged "XÃ HỘI" ("CỘNG HÒA XàHỘI CHỦ NGHĨA VIỆT NAM"): the title's
        // other words.
        let at = find_str(line, "CỘNG HÒA X").or_else(|| find_str(line, "CỘNG HOÀ X"))?;
        line[at..].get(..60).unwrap_or(&line[at..]).contains("HỘI CHỦ NGHĨA VIỆT NAM").then_some(at)
    })?;
    let end = start + line[start..].find("VIỆT NAM")? + "VIỆT NAM".len();
    (end - start < 60).then_some((start, end))
}

/// Byte offsets of the motto "Độc lập - Tự do - Hạnh phúc" in `line`, whatever its dashes
/// and whether its words take capitals ("Độc Lập - Tự Do - Hạnh Phúc").
fn independence_span(line: &str) -> Option<(usize, usize)> {
    let start = ["Độc lập", "Độc Lập", "ĐỘC LẬP"].iter().find_map(|k| line.find(k))?;
    let (at, len) =
        ["Hạnh phúc", "Hạnh Phúc", "HẠNH PHÚC"].iter().find_map(|k| line[start..].find(k).map(|p| (p, k.len())))?;
    let end = start + at + len;
    // En dashes take three bytes each: "Độc lập – Tự do – Hạnh phúc" is 41.
    (end - start < 48).then_some((start, end))
}

/// Byte offsets of the Youth Union's name standing after the organ's name on one line.
fn union_title_span(line: &str) -> Option<(usize, usize)> {
    UNION_TITLES.iter().find_map(|k| line.find(k).map(|p| (p, p + k.len())))
}

/// A cheap test before the searches for the national title, the motto and the Youth Union's
/// name ("CỘNG HÒA …", "Độc lập …", "… HỒ CHÍ MINH"): each holds one of these letters, and most
/// lines of a letter hold none.
fn may_hold_mottos(line: &str) -> bool {
    // Searched as text, not as a set of characters: no character is decoded.
    contains_str(line, "Ộ") || contains_str(line, "Ồ") || contains_str(line, "Độ")
}

/// A header whose two columns share each line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA
/// VIỆT NAM", "TỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc", "BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS
/// HỒ CHÍ MINH"): the issuing body's part in capitals on the left, the national title, the
/// motto or the organisation's name on the right. Returns the line cut into its cells.
fn shared_header_cells(line: &str) -> Option<Vec<&str>> {
    if !may_hold_mottos(line) {
        return None;
    }
    let union = union_title_span(line);
    let (start, end) = motto_span(line).or_else(|| independence_span(line)).or(union)?;
    let left = line[..start].trim();
    // Beside the Youth Union's name stands one of its organs ("BAN CHẤP HÀNH TRUNG ƯƠNG",
    // "TỈNH ĐOÀN …"), not a title running on ("CỦA ĐOÀN …").
    if union.is_some_and(|(u, _)| u == start)
        && !["ban ", "tinh doan", "thanh doan", "huyen doan", "quan doan"].iter().any(|k| fold(left).starts_with(k))
    {
        return None;
    }
    if left.is_empty() || !is_caps(left) || left.len() > 80 || left.contains(['|', ':']) {
        return None;
    }
    let right = line[end..].trim();
    Some([left, line[start..end].trim(), right].into_iter().filter(|c| !c.is_empty()).collect())
}

/// A header whose two columns each ran into one line: the issuing body and its number ("UBND
/// TỈNH BẮC GIANG Số: 172/2015/QĐ-UBND"), or the national title, the motto and the place and
/// date ("CỘNG HOÀ … VIỆT NAM Độc lập - Tự do - Hạnh phúc Bắc Giang, ngày 5 tháng 5 năm 2015").
fn two_column_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    if t.contains(" Số")
        && let Some(at) = t.find(" Số:").or_else(|| t.find(" Số "))
        && is_caps(&t[..at])
        && number_line(&t[at + 1..]).is_some()
    {
        return Some(vec![t[..at].trim(), t[at + 1..].trim()]);
    }
    if !may_hold_mottos(t) {
        return None;
    }
    let (start, end) = motto_span(t)?;
    let (indep_start, indep_end) = independence_span(t)?;
    let rest = t[indep_end..].trim();
    (start == 0 && indep_start >= end && !rest.is_empty())
        .then(|| vec![t[..end].trim(), t[indep_start..indep_end].trim(), rest])
}

/// Where a flattened header line is cut into the parts Decree 30 lays out on their own lines:
/// the issuing body, the national title and motto, "Số: …", the place and date, "V/v …" and
/// "Kính gửi: …" (the list ending where the body's first sentence begins).
fn flat_header_cuts(line: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    for (a, b) in [motto_span(line), independence_span(line)].into_iter().flatten() {
        cuts.extend([a, b]);
    }
    let after_motto = cuts.iter().copied().max().unwrap_or(0);
    // A header flattened column by column prints the number under the body, before the
    // national title ("BỘ NỘI VỤ –––– Số: 03/2005/TT-BNV CỘNG HOÀ XÃ HỘI …").
    let before_motto = cuts.iter().copied().min().unwrap_or(0);
    if let Some(n) = ["Số:", "Số :", "SỐ:"].iter().filter_map(|k| line[..before_motto].find(k)).min()
        && number_line(&line[n..before_motto]).is_some()
    {
        cuts.push(n);
    }
    let number_at = ["Số:", "Số :", "SỐ:"].iter().filter_map(|k| line[after_motto..].find(k)).min();
    if let Some(n) = number_at.map(|n| n + after_motto) {
        cuts.push(n);
        if let Some((_, tail)) = number_line(&line[n..]) {
            let tail_at = line.len() - tail.len();
            if tail_at > n && tail.contains(", ngày") {
                cuts.push(tail_at);
            }
        }
    }
    // The place-and-date line's date ("Hà Nội, ngày 27 tháng 04 năm 2010"), not one a "V/v"
    // before it cites ("V/v thực hiện Chỉ thị 1408/CT-TTg ngày 01/9/2009 …").
    let dates: Vec<_> = find_dates(line).into_iter().filter(|m| m.start > after_motto && m.date.is_some()).collect();
    let place_date = dates.iter().position(|m| place_start(&line[..m.start]).is_some()).unwrap_or(0);
    if let Some(m) = dates.into_iter().nth(place_date) {
        cuts.push(m.end);
        cuts.extend(title_cuts(line, m.end));
        cuts.extend(place_start(&line[..m.start]));
    }
    for key in ["V/v", "Kính gửi"] {
        if let Some(k) = line[after_motto..].find(key) {
            cuts.push(k + after_motto);
        }
    }
    if let Some(k) = line.find("Kính gửi") {
        // The list ends at the first full stop after a small letter that a capital follows.
        let bytes = line.as_bytes();
        let end = line[k..].char_indices().find_map(|(i, c)| {
            let at = k + i;
            (c == '.'
                && line[..at].chars().next_back().is_some_and(char::is_lowercase)
                && bytes.get(at + 1) == Some(&b' ')
                && line[at + 2..].trim_start().chars().find(|c| is_letter(*c)).is_some_and(char::is_uppercase))
            .then_some(at + 1)
        });
        cuts.extend(end);
    }
    cuts.retain(|c| *c > 0 && *c < line.len() && line.is_char_boundary(*c));
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Where the place of issue begins in `before`, the text up to a date's first digit, when the
/// date is written as the place-and-date line ("… năm học 2025-2026 Hà Nội, ngày 05"): the
/// words in capitals before ", ngày" (at most five: "TP. Hồ Chí Minh", "Bà Rịa - Vũng Tàu").
fn place_start(before: &str) -> Option<usize> {
    let head = before.trim_end();
    let head = head.strip_suffix("ngày").or_else(|| head.strip_suffix("Ngày"))?.trim_end();
    let head = head.strip_suffix(',')?.trim_end();
    let mut start = None;
    for (taken, (at, word)) in word_starts(head).into_iter().rev().enumerate() {
        let named = word.starts_with(char::is_uppercase) || word == "-" || word == "–";
        if !named || taken == 5 {
            break;
        }
        start = Some(at);
    }
    // A place begins with a capital, not with a dash.
    // The level a city's name is printed with ("Thành phố Hồ Chí Minh, ngày …").
    let start = start.map(|at| {
        ["Thành phố ", "TP. ", "Thị xã ", "Thị trấn "]
            .iter()
            .find_map(|level| head[..at].strip_suffix(level).map(str::len))
            .unwrap_or(at)
    });
    start.filter(|at| head[*at..].starts_with(char::is_uppercase))
}

/// Where a header's cell in capitals ("BỘ Y TẾ -------") that ends the line begins after a
/// sentence in small letters.
fn titled_cell(line: &str) -> Option<usize> {
    // The cell ends the line, or its rule does, with the other column after it.
    let ruled = ["---", "___"].iter().filter_map(|r| find_str(line, r)).min().unwrap_or(line.len());
    let body = line[..ruled].trim_end().trim_end_matches(['-', '_', '–', '=', '*', ' ']);
    if line.len() > 600 {
        return None;
    }
    let at = body.rfind(". ")? + ". ".len();
    let cell = &body[at..];
    let words = cell.split_whitespace().count();
    ((2..=12).contains(&words) && is_caps(cell) && body[..at].chars().any(char::is_lowercase)).then_some(at)
}

/// A title run into its authority and preamble, the header above it apart ("QUYẾT ĐỊNH VỀ
/// VIỆC … ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI Căn cứ …"), cut as after a flat header's date: pushes
/// the parts and tells whether it did. A line of a flat layout is taken when longer than
/// `longer_than` bytes; a part cut from a header line, whatever its length.
fn push_title_parts(out: &mut Vec<Cow<'_, str>>, line: &str, longer_than: usize) -> bool {
    if line.len() <= longer_than || !header::TYPE_NAMES.iter().any(|n| line.starts_with(n)) {
        return false;
    }
    let mut cuts = title_cuts(line, 0);
    cuts.sort_unstable();
    cuts.dedup();
    // A part of a header (`longer_than` 0) parts at its type's name alone ("QUYẾT ĐỊNH VỀ VIỆC
    // …" after the place and date); a line of its own needs a second cut to be a header's.
    if cuts.len() <= usize::from(longer_than > 0) || cuts.len() == 1 && cuts[0] >= line.trim_end().len() {
        return false;
    }
    let mut from = 0;
    for cut in cuts.into_iter().chain([line.len()]) {
        let piece = line[from..cut].trim();
        if !piece.is_empty() {
            out.push(Cow::Owned(piece.to_string()));
        }
        from = cut;
    }
    true
}

/// A header line without the mottos that holds the place-and-date line between the number
/// line (or nothing) and the address or the type's name (or nothing): its parts.
fn place_date_parts(line: &str) -> Option<Vec<&str>> {
    // Byte tests first: the line opens with the number ("Số: …") or with the place and date
    // ("Hà Nội, ngày …" in its first bytes); a body's sentence that dates something does not.
    let opens = line.trim_start().starts_with("Số") || line.trim_start().starts_with("SỐ");
    let dated_head = contains_str(&line[..line.floor_char_boundary(72)], ", ngày");
    if !(opens || dated_head) || !contains_str(line, ", ngày") {
        return None;
    }
    if motto_span(line).is_some() || independence_span(line).is_some() {
        return None;
    }
    let m = find_dates(line).into_iter().find(|m| m.date.is_some() && place_start(&line[..m.start]).is_some())?;
    let at = place_start(&line[..m.start])?;
    let before = line[..at].trim();
    let after = line[m.end..].trim();
    let numbered = before.is_empty() || fold(before).starts_with("so");
    let addressed = after.is_empty()
        || after.starts_with("Kính gửi")
        || header::TYPE_NAMES.iter().any(|n| after.starts_with(n))
        || contains_str(before, "V/v");
    let parts: Vec<&str> = [before, line[at..m.end].trim(), after].into_iter().filter(|p| !p.is_empty()).collect();
    (numbered && addressed && parts.len() > 1).then_some(parts)
}

/// Each word of `text` with the byte offset it starts at.
fn word_starts(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), from) {
            (true, Some(f)) => {
                out.push((f, &text[f..i]));
                from = None;
            }
            (false, None) => from = Some(i),
            _ => {}
        }
    }
    out
}

/// Issuing authorities as a decision prints them in capitals between its title and preamble.
const AUTHORITIES: [&str; 13] = [
    "BỘ TRƯỞNG BỘ",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN",
    "ỦY BAN NHÂN DÂN",
    // The same with the older placement of the tone mark ("UỶ").
    "CHỦ TỊCH UỶ BAN NHÂN DÂN",
    "UỶ BAN NHÂN DÂN",
    "THỦ TƯỚNG CHÍNH PHỦ",
    "HỘI ĐỒNG NHÂN DÂN",
    "CHÍNH PHỦ",
    // The heads of agencies that decide in their own name, with the agency after the office
    // ("TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM", "CỤC TRƯỞNG CỤC HẢI QUAN").
    "TỔNG GIÁM ĐỐC ",
    "CỤC TRƯỞNG CỤC",
    "TỔNG CỤC TRƯỞNG TỔNG CỤC",
    "GIÁM ĐỐC SỞ",
    "THỐNG ĐỐC NGÂN HÀNG",
];

/// Where a flattened line is cut after its date when the type's name follows it: after the name,
/// before the issuing authority that ends the title in capitals, and before the preamble
/// ("QUYẾT ĐỊNH BAN HÀNH … CỦA CẤP TỈNH BỘ TRƯỞNG BỘ … Căn cứ …").
fn title_cuts(line: &str, date_end: usize) -> Vec<usize> {
    let rest = &line[date_end..];
    // A table's cell marks between the date and the title ("… năm 2011 | QUYẾT ĐỊNH …").
    let skipped = rest.len() - rest.trim_start_matches([' ', '|']).len();
    let Some(name) = header::TYPE_NAMES.iter().find(|n| rest[skipped..].starts_with(*n)) else {
        return Vec::new();
    };
    let type_end = date_end + skipped + name.len();
    let mut cuts = vec![type_end];
    let after = &line[type_end..];
    // Without the preamble on the line, the authority may still end it ("… (ĐỢT 1) BỘ TRƯỞNG BỘ
    // Y TẾ").
    let preamble = match preamble_start(after) {
        Some(p) => {
            cuts.push(type_end + p + 1);
            p
        }
        None => after.len(),
    };
    cuts.extend(authority_at(after, preamble).map(|at| type_end + at));
    cuts
}

/// Where the authority's line begins in `after[..preamble]`, a title's text run into it: the
/// authority runs in capitals up to `preamble`, the last one named, taken whole when a longer one
/// holds it ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …").
fn authority_at(after: &str, preamble: usize) -> Option<usize> {
    let found: Vec<(usize, usize)> = AUTHORITIES
        .iter()
        .filter_map(|a| after[..preamble].rfind(a).map(|at| (at, at + a.len())))
        // A body the title cites ("… CỦA THỦ TƯỚNG CHÍNH PHỦ") or an office it fills ("… BỔ
        // NHIỆM GIÁM ĐỐC SỞ Y TẾ") is not the authority.
        .filter(|(at, _)| {
            let before = after[..*at].trim_end();
            *at > 0
                && is_caps(&after[*at..preamble])
                // … nor a body it names in a list or as the one a unit belongs to ("… CÁC SỞ,
                // BAN, NGÀNH, ỦY BAN NHÂN DÂN CÁC HUYỆN", "… THUỘC ỦY BAN NHÂN DÂN TỈNH").
                && !before.ends_with(',')
                && !["CỦA", "BỔ NHIỆM", "MIỄN NHIỆM", "CHO", "ĐỐI VỚI", "PHÓ", "THUỘC", "VÀ", "VỚI", "TẠI", "CHỦ TỊCH"]
                    .iter()
                    .any(|w| before.ends_with(&format!(" {w}")) || before == *w)
        })
        .collect();
    let last = found.iter().map(|(at, _)| *at).max();
    last.map(|last| {
        found.iter().filter(|(at, end)| *at <= last && *end > last).map(|(at, _)| *at).min().unwrap_or(last)
    })
}

/// Where the preamble or the body begins in `after`, the text after a title's type name, when
/// a lost line break ran the title into it: at " Căn cứ ", and, past the title's first word,
/// at the words a preamble or a plan's body opens with ("Thực hiện Kết luận …", "Mục đích của
/// Kế hoạch …"); a title in capitals ends at the first word in sentence case ("… GIAI ĐOẠN
/// 2025 - 2030 Thực hiện …"), not at a summary in small letters ("… CỦA BỘ CHÍNH TRỊ về …").
/// The offset is of the space before the word.
fn preamble_start(after: &str) -> Option<usize> {
    const OPENERS: [&str; 9] =
        [" Căn cứ ", " Thực hiện ", " Mục đích", " Thi hành ", " Nhằm ", " Xét ", " Theo đề nghị", " I. ", " 1. "];
    let first_word_end =
        after.trim_start().find(' ').map_or(after.len(), |p| p + after.len() - after.trim_start().len());
    let mut at = OPENERS.iter().filter_map(|k| after[first_word_end..].find(k).map(|p| p + first_word_end)).min();
    let words: Vec<(usize, &str)> = word_starts(after);
    if words.len() > 3 && words[..3].iter().all(|(_, w)| is_caps(w)) {
        let sentence_case = words.iter().find(|(_, w)| {
            let mut cs = w.chars().filter(|c| c.is_alphabetic());
            cs.next().is_some_and(char::is_uppercase) && cs.clone().count() > 0 && cs.all(char::is_lowercase)
        });
        if let Some((p, _)) = sentence_case {
            at = Some(at.map_or(p - 1, |a| a.min(p - 1)));
        }
    }
    at
}

/// Splits lines that hold a whole header (a web or PDF copy that lost the two columns' line
/// breaks: "UBND TỈNH … CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ … Độc lập - Tự do - Hạnh phúc Số: …
/// <Place>, ngày … V/v … Kính gửi: …") into its parts, one a line, and drops a page's list
/// number before the issuing body ("1. UBND TỈNH …").
/// A document site's page label glued to the line it heads ("Trang 1UỶ BAN NHÂN DÂN"): the
/// line without it. A label followed by a space is left alone ("Trang 2 của Phụ lục").
fn without_page_label(line: &str) -> &str {
    let Some(rest) = line.strip_prefix("Trang ") else { return line };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = &rest[digits..];
    if (1..=3).contains(&digits) && after.starts_with(char::is_uppercase) && is_caps(after) { after } else { line }
}

fn split_flat_headers(text: &str) -> Vec<Cow<'_, str>> {
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let line = without_page_label(line);
        // A listing's heading that glues the type to the code ("THÔNG TƯ15/2017/TT-BCT"): the
        // type's name, and the code as the number line.
        if line.as_bytes().contains(&b'/')
            && let Some(name) = header::TYPE_NAMES.iter().find(|n| line.trim_start().starts_with(*n))
        {
            let code = line.trim_start()[name.len()..].trim();
            if !code.contains(' ')
                && DocumentCode::parse(code)
                    .is_some_and(|c| c.number.is_some() && c.doc_type() == Some(header::normal_type(name).as_str()))
            {
                out.push(Cow::Borrowed(*name));
                out.push(Cow::Owned(format!("Số: {code}")));
                continue;
            }
        }
        // A signature run onto the end of the distribution list's last item: the title and the
        // name on lines of their own.
        if let Some(at) = signature::trailing_signature(line) {
            let (item, signature) = line.split_at(at);
            let name_at =
                signature.split(' ').take_while(|w| w.is_empty() || is_caps(w)).map(|w| w.len() + 1).sum::<usize>();
            out.push(Cow::Borrowed(item.trim_end()));
            out.push(Cow::Borrowed(signature[..name_at.min(signature.len())].trim()));
            out.push(Cow::Borrowed(signature[name_at.min(signature.len())..].trim()));
            continue;
        }
        // A site's title sentence run into the issuing body's cell at the top ("Công văn … do
        // Bảo hiểm xã hội Việt Nam ban hành. BẢO HIỂM XÃ HỘI VIỆT NAM"): the body on its own line.
        let line = match (k < 5).then(|| titled_cell(line)).flatten() {
            Some(at) => {
                out.push(Cow::Borrowed(line[..at].trim_end()));
                line[at..].trim_start()
            }
            None => line,
        };
        // A table row holding the distribution list and the signature ("- Như Điều 3; | TM.
        // ỦY BAN NHÂN DÂN |"): one cell a line.
        if contains_str(line, " | ")
            && line.split('|').any(|cell| signature::authority_prefix(cell.trim()).is_some())
            && line.trim_start().starts_with('-')
        {
            out.extend(line.split('|').map(str::trim).filter(|c| !c.is_empty()).map(|c| Cow::Owned(c.to_string())));
            continue;
        }
        if push_title_parts(&mut out, line, 120) {
            continue;
        }
        // A title's last line run into the authority under it ("… QUỐC GIA NĂM 2024 BỘ TRƯỞNG BỘ
        // TÀI NGUYÊN VÀ MÔI TRƯỜNG").
        if line.len() > 60
            && is_caps(line)
            && !AUTHORITIES.iter().any(|a| line.trim_start().starts_with(a))
            && let Some(at) = authority_at(line, line.len())
            && line[at..].split_whitespace().count() <= 12
        {
            out.push(Cow::Borrowed(line[..at].trim_end()));
            out.push(Cow::Borrowed(line[at..].trim_start()));
            continue;
        }
        // The place and date run into the header's parts around it, the mottos on lines of
        // their own ("Số: 3397/BKHĐT-QLKTTW V/v … Hà Nội, ngày 23 tháng 5 năm 2019 Kính gửi: …"):
        // the number and summary, the place and date, and the address, each on a line.
        if let Some(parts) = place_date_parts(line) {
            for part in parts {
                if !push_title_parts(&mut out, part, 0) {
                    out.push(Cow::Owned(part.to_string()));
                }
            }
            continue;
        }
        // Most lines hold neither the mottos' letters nor "Số": one test, then plain text.
        let mottos = may_hold_mottos(line);
        if !mottos && !contains_str(line, " Số") {
            out.push(Cow::Borrowed(line));
            continue;
        }
        let flat = line.len() > 120
            && mottos
            && motto_span(line).is_some()
            && number_line(line.get(line.find("Số").unwrap_or(0)..).unwrap_or("")).is_some();
        if !flat {
            match shared_header_cells(line).or_else(|| two_column_cells(line)) {
                Some(cells) => out.extend(cells.into_iter().map(|c| Cow::Owned(c.to_string()))),
                None => out.push(Cow::Borrowed(line)),
            }
            continue;
        }
        let mut from = 0;
        for cut in flat_header_cuts(line).into_iter().chain([line.len()]) {
            // A table's cell marks left at a cut ("| QUYẾT ĐỊNH") are no part of the piece.
            let mut piece = line[from..cut].trim_matches(|c: char| c == '|' || c.is_whitespace());
            // A page's list number before the issuing body, with its dot or without ("1. UBND
            // TỈNH …", "1 BỘ GIÁO DỤC VÀ ĐÀO TẠO").
            if from == 0
                && let Some((number, rest)) = piece.split_once(". ").or_else(|| piece.split_once(' '))
                && !number.is_empty()
                && number.len() <= 3
                && number.chars().all(|c| c.is_ascii_digit())
                && is_caps(rest)
            {
                piece = rest;
            }
            if !piece.is_empty() {
                out.push(Cow::Owned(piece.to_string()));
            }
            from = cut;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Table cells wrapped over several lines.

const MOTTO: &str = "cong hoa xa hoi chu nghia viet nam";

/// `prefix` is `whole` or a run of its first words.
fn is_word_prefix(prefix: &str, whole: &str) -> bool {
    !prefix.is_empty() && whole.starts_with(prefix) && whole[prefix.len()..].chars().next().is_none_or(|c| c == ' ')
}

fn next_filled(lines: &[String], from: usize) -> Option<usize> {
    (from..lines.len().min(from + 4)).find(|j| !is_blank(&lines[*j]))
}

/// Joins header cells that a narrow table column wrapped over several lines (copies of web
/// pages keep the wrapping): the national title ("CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM"),
/// a lone "Số:" and its code, and the place and date ("Bình Định," / "ngày 29 tháng 5 năm
/// 2018"). Joined lines are left blank so that line numbers stay put. Returns the lines and
/// each line folded.
/// The distribution list's label wrapped in its cell ("Nơi" / "nhận:"), and the number's
/// symbol wrapped at its hyphen, joined on their first line.
fn join_wrapped_parts(lines: &mut [String], folded: &mut [String]) {
    for i in 1..lines.len() {
        let label = folded[i - 1].trim() == "noi" && folded[i].trim_start().starts_with("nhan");
        // So is the number's symbol broken at its hyphen ("Số: 3783/QĐ-" / "UBND").
        let symbol = folded[i - 1].trim_start().starts_with("so")
            && lines[i - 1].trim_end().ends_with('-')
            && number_line(&lines[i - 1]).is_some()
            && lines[i].trim().len() <= 16
            && !lines[i].trim().contains(' ')
            && is_caps(lines[i].trim());
        if label || symbol {
            let glue = if label { " " } else { "" };
            lines[i - 1] = format!("{}{glue}{}", lines[i - 1].trim(), lines[i].trim());
            folded[i - 1] = fold(&lines[i - 1]);
            lines[i].clear();
            folded[i].clear();
        }
    }
}

fn unwrap_cells(raw: Vec<&str>) -> (Vec<String>, Vec<String>) {
    let mut folded: Vec<String> = raw.iter().map(|l| fold(l)).collect();
    let mut lines: Vec<String> = raw.into_iter().map(str::to_string).collect();
    // Lines at or after `i` are never changed before `i` reaches them, so their folded copies
    // stay valid; lines joined or cleared are folded again at the end.
    let mut changed: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let f = folded[i].as_str();
        if f.is_empty() {
            i += 1;
            continue;
        }
        // The national title.
        if f != MOTTO && f.starts_with("cong") && is_word_prefix(f, MOTTO) {
            let mut joined = lines[i].trim().to_string();
            let mut k = i + 1;
            while k < lines.len() && k <= i + 3 {
                let candidate = format!("{joined} {}", lines[k].trim());
                let cf = fold(&candidate);
                if !is_word_prefix(&cf, MOTTO) && !cf.starts_with(MOTTO) {
                    break;
                }
                joined = candidate;
                k += 1;
                if fold(&joined).starts_with(MOTTO) {
                    break;
                }
            }
            if fold(&joined).starts_with(MOTTO) {
                lines[i] = joined;
                for line in lines.iter_mut().take(k).skip(i + 1) {
                    line.clear();
                }
                changed.extend(i..k);
                i = k;
                continue;
            }
        }
        // "Số:" alone, the code on the next line.
        if matches!(f, "so:" | "so :" | "so")
            && let Some(j) = next_filled(&lines, i + 1)
            && number_line(&format!("Số: {}", lines[j].trim())).is_some_and(|(c, _)| c.number.is_some())
        {
            lines[i] = format!("Số: {}", lines[j].trim());
            lines[j].clear();
            changed.extend([i, j]);
            i = j + 1;
            continue;
        }
        // "Số:" alone and the code left without its number ("/TTr-VPCP") a few lines below,
        // past the national title printed between them in the other column.
        if matches!(f, "so:" | "so :")
            && let Some(j) = (i + 1..lines.len().min(i + 7)).find(|j| lines[*j].trim_start().starts_with('/'))
            && number_line(&format!("Số: {}", lines[j].trim())).is_some()
        {
            lines[i] = format!("Số: {}", lines[j].trim());
            lines[j].clear();
            changed.extend([i, j]);
            i += 1;
            continue;
        }
        // The Youth Union's name ("ĐOÀN TNCS HỒ" / "CHÍ MINH"), the Party's ("ĐẢNG CỘNG SẢN" /
        // "VIỆT NAM", where state documents print the national title) or the addressing label
        // ("Kính" / "gửi:") wrapped in its cell.
        if (f.starts_with("doan ") || f == "kinh" || f == "dang cong san")
            && let Some(j) = next_filled(&lines, i + 1)
            && (is_union_title_folded(&format!("{f} {}", folded[j]))
                || (f == "kinh" && folded[j].starts_with("gui"))
                || (f == "dang cong san" && folded[j] == "viet nam"))
        {
            lines[i] = format!("{} {}", lines[i].trim(), lines[j].trim());
            lines[j].clear();
            changed.extend([i, j]);
            i = j + 1;
            continue;
        }
        // Place and date broken after the comma, after "ngày" or inside the place name.
        let may_wrap = f.ends_with(',') || contains_str(f, ", ngay") || f.split_whitespace().count() <= 4;
        if may_wrap
            && let Some(j) = next_filled(&lines, i + 1)
            && place_date_goes_on(&lines[i], f, &lines[j], &folded[j])
        {
            lines[i] = format!("{} {}", lines[i].trim(), lines[j].trim());
            lines[j].clear();
            changed.extend([i, j]);
            // The joined line may still lack its year ("Sơn" / "La, ngày 11 tháng 3" / "năm
            // 2020"): look at it again.
            folded[i] = fold(&lines[i]);
            continue;
        }
        i += 1;
    }
    for k in changed {
        if let (Some(line), Some(f)) = (lines.get(k), folded.get_mut(k)) {
            *f = fold(line);
        }
    }
    (lines, folded)
}

/// Whether the place and date at `line` (folded `f`) go on at the next filled line `next`
/// (folded `nf`): broken after the comma, after "ngày", inside the place's name or before the
/// year.
fn place_date_goes_on(line: &str, f: &str, next: &str, nf: &str) -> bool {
    let dated = contains_str(f, ", ngay") && !has_year(f);
    let after_comma = f.ends_with(',') && f.split_whitespace().count() <= 5 && nf.starts_with("ngay ");
    // A place's name of up to four words, its parts joined by a dash ("Bà Rịa - Vũng" /
    // "Tàu, ngày …").
    // So a level word cut from the name it goes with ("*Thành" / "phố Hồ Chí Minh, ngày …*"),
    // the line in italics.
    let own = line.trim().trim_matches(['*', '_']);
    let in_place = f.split_whitespace().count() <= 4
        && own.chars().all(|c| is_letter(c) || matches!(c, ' ' | '-' | '–'))
        && own.chars().next().is_some_and(char::is_uppercase)
        && nf.split(", ngay").next().is_some_and(|p| {
            p.split_whitespace().count() <= 2 && !p.contains(' ')
                || next.trim_start().starts_with(char::is_lowercase) && p.split_whitespace().count() <= 5
        })
        && nf.contains(", ngay");
    let continues_date = dated
        && (nf.starts_with("thang") || nf.starts_with("nam ") || nf.chars().next().is_some_and(|c| c.is_ascii_digit()));
    // The year alone on the next line ("… tháng 11 năm" / "2025*") completes the date.
    let year_alone = continues_date && f.trim_end().ends_with(" nam") && has_year(&format!("nam {nf}"));
    ((after_comma || continues_date || in_place) && (has_year(nf) || nf.contains("thang") || year_alone))
        || lone_date_word(f, nf)
}

/// A date cell so narrow that "ngày" and the day stand alone ("Hà Nội," / "ngày" / "16" /
/// "tháng 9 năm 2022"): the folded next line `nf` goes on with `f`, a word at a time.
fn lone_date_word(f: &str, nf: &str) -> bool {
    let day_word = f.ends_with(',') && f.split_whitespace().count() <= 5 && nf == "ngay";
    let day = f.contains(", ngay")
        && !has_year(f)
        && f.ends_with(" ngay")
        && (1..=2).contains(&nf.len())
        && nf.bytes().all(|b| b.is_ascii_digit());
    day_word || day
}

/// A folded line holding "năm" and a four-digit year.
fn has_year(folded: &str) -> bool {
    folded.split("nam ").skip(1).any(|rest| rest.chars().take_while(char::is_ascii_digit).count() == 4)
}

// ---------------------------------------------------------------------------------------------
// Splitting several documents.

fn split_documents(lines: &[&str], folded: &[&str]) -> Vec<(usize, usize)> {
    let mottos: Vec<usize> = folded
        .iter()
        .enumerate()
        // The signing record of a digitally signed copy names its signer, not a header ("Ký bởi:
        // CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").
        .filter(|(_, f)| contains_str(f, "cong hoa xa hoi chu nghia") && !f.trim_start().starts_with("ky boi"))
        .map(|(i, _)| i)
        .collect();
    let mut starts = vec![0usize];
    for pair in mottos.windows(2) {
        let (prev, motto) = (pair[0], pair[1]);
        let closed = folded[prev..motto].iter().any(|f| f.starts_with("noi nhan"))
            || lines[prev..motto].iter().any(|l| l.trim_end().ends_with("./.") || l.trim_end().ends_with("./"));
        if !closed {
            continue;
        }
        let lower = prev + 1;
        let mut anchor = motto;
        for i in (lower..motto).rev().take(10) {
            if number_line(lines[i]).is_some() {
                anchor = i;
                break;
            }
        }
        // A plan or rule issued with the document repeats its header and motto but has no number
        // of its own, only "(Kèm theo Quyết định số …)" under its title (Decree 30): it is part of
        // the document.
        if anchor == motto
            && folded[motto..folded.len().min(motto + 12)]
                .iter()
                .any(|f| opens_annex_bracket(f) || contains_str(f, "ban hanh kem theo"))
        {
            continue;
        }
        let mut start = anchor;
        while start > lower {
            let l = lines[start - 1];
            if is_blank(l) || (is_caps(l) && !l.trim_start().starts_with('-')) || is_motto_folded(folded[start - 1]) {
                start -= 1;
            } else {
                break;
            }
        }
        while start < anchor && is_blank(lines[start]) {
            start += 1;
        }
        if start > *starts.last().unwrap_or(&0) {
            starts.push(start);
        }
    }
    let mut spans = Vec::new();
    for (k, s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(lines.len());
        spans.push((*s, e));
    }
    spans
}

// ---------------------------------------------------------------------------------------------
// One document.

struct Doc<'a> {
    lines: &'a [&'a str],
    /// Each line through [`fold`], computed once for all readers.
    folded: &'a [&'a str],
    /// The first line holding the national title or motto, looked for once for all readers.
    motto: std::cell::OnceCell<Option<usize>>,
}

impl Doc<'_> {
    fn line(&self, i: usize) -> &str {
        self.lines.get(i).copied().unwrap_or("")
    }

    /// Line `i` folded: `fold(self.line(i))`.
    fn folded(&self, i: usize) -> &str {
        self.folded.get(i).copied().unwrap_or("")
    }

    fn find(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.lines.iter().position(|l| pred(l))
    }

    /// The first line holding the national title or motto ([`is_motto_folded`]).
    fn motto_line(&self) -> Option<usize> {
        *self.motto.get_or_init(|| self.find_folded(is_motto_folded))
    }

    /// The first line whose folded form passes `pred`.
    fn find_folded(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.folded.iter().position(|f| pred(f))
    }
}

/// Reads one document; `notes` are the notes at the foot of the text that belong to it.
fn parse_document(doc: &Doc, notes: &[&str]) -> Letter {
    let mut letter = Letter::default();

    let number_at = doc.find(|l| number_line(l).is_some()).or_else(|| bare_number_line(doc));
    let mut flat_subject: Option<String> = None;
    if let Some(i) = number_at
        && let Some((parsed, tail)) = number_line(doc.line(i))
            .or_else(|| DocumentCode::parse(doc.line(i).trim()).map(|code| (code, String::new())))
    {
        let parsed = symbol_tail_below(doc, i, &parsed).unwrap_or(parsed);
        letter.full_code =
            parsed.number.is_some().then(|| glued_number_code(doc.line(i)).unwrap_or_else(|| parsed.full_code()));
        letter.number.clone_from(&parsed.number);
        letter.symbol = Some(parsed.symbol.clone());
        letter.confidence.insert("full_code", if parsed.number.is_some() { 0.95 } else { 0.5 });
        if fold(&tail).starts_with("v/v") {
            flat_subject = Some(summary_goes_on(doc, i, tail));
        }
    }

    if number_at.is_none() {
        header::read_listing_title(doc, &mut letter);
    }
    let header_top = header::read_issuer(doc, number_at, &mut letter);
    header::read_place_date(doc, &mut letter);
    read_marks(doc, &mut letter);
    // "Nơi nhận:" or, when the label was lost with its cell, the list's usual first item
    // after the closing "./.".
    let noi_nhan = doc
        .find_folded(|f| f.starts_with("noi nhan"))
        .or_else(|| doc.find_folded(|f| ["- nhu tren;", "- nhu dieu "].iter().any(|k| f.starts_with(k))))
        .or_else(|| doc.find_folded(|f| lists::closing_then_list(f).is_some()));
    // A title in the Official Gazette's form names the document's own code: what stands above
    // it is a page's material, as above a header.
    let gazette_top = header::read_subject(doc, number_at, flat_subject, noi_nhan, &mut letter);
    let header_top = header_top.or(gazette_top);
    // A portal's preface above the letter it reprints is the page's, however long.
    let reprint = if headless::is_headless(doc, number_at) { headless::read_headless(doc, &mut letter) } else { None };
    let kinh_gui = lists::read_recipients(doc, noi_nhan, &mut letter);
    lists::read_invitees(doc, &mut letter);
    lists::read_cc(doc, noi_nhan, &mut letter);
    let signature_at = signature::read_signature(doc, noi_nhan, &mut letter);
    read_body(doc, kinh_gui, number_at, noi_nhan, signature_at, &mut letter);
    headless::named_by_its_annex(doc, &mut letter);
    // A dispatch without its header still names its sender over its address ("THỦ TƯỚNG CHÍNH
    // PHỦ điện:").
    if letter.issuer.is_none()
        && let Some(sender) = (0..doc.lines.len().min(40))
            .find_map(|i| header::dispatch_address(doc.line(i), doc.folded(i)).filter(|s| !s.is_empty()))
    {
        letter.issuer = Some(header::agency_name(sender).unwrap_or_else(|| header::org_case(sender)));
        letter.confidence.insert("issuer", 0.6);
    }
    issuer_from_the_text(doc, &mut letter);
    header::complete_bare_issuer(doc, &mut letter);
    header::complete_cut_issuer(doc, &mut letter);
    // A text that names no issuer still has one in its code's symbol ("QĐ-TTg", "TT-BGDĐT",
    // "QH12"), when that names a known agency.
    if letter.issuer.is_none()
        && let Some(named) = letter.symbol.as_deref().and_then(agencies::named_by_symbol)
    {
        letter.issuer = Some(named);
        letter.confidence.insert("issuer", 0.5);
    }
    if letter.date.is_none() {
        adoption_date(doc, &mut letter);
    }
    // A decree ("Nghị định") is the Government's alone (Law on Promulgation of Legal Documents):
    // a decree whose text names no issuer, such as a consolidated text without its header, is
    // the Government's.
    if letter.issuer.is_none() && letter.doc_type.as_deref() == Some("Nghị định") {
        letter.issuer = Some("Chính phủ".to_string());
        letter.confidence.insert("issuer", 0.5);
    }
    // Lines above a header near the top are a page's own material (a title, a list of related
    // documents), not the letter's.
    let nonblank_above =
        header_top.map_or(0, |top| doc.lines[..top.min(doc.lines.len())].iter().filter(|l| !is_blank(l)).count());
    let skip_above = header_top.filter(|_| nonblank_above <= 15).or(reprint);
    letter.references = references::read_references(doc, notes, &letter, skip_above);
    // Never nothing: when the header gave nothing, a code above it is still what the text holds.
    let empty = letter.full_code.is_none()
        && letter.symbol.is_none()
        && letter.issuer.is_none()
        && letter.subject.is_none()
        && letter.date.is_none()
        && letter.recipients.is_empty();
    if empty && letter.references.is_empty() && skip_above.is_some() {
        letter.references = references::read_references(doc, notes, &letter, None);
    }
    letter.assignments = assign::read_assignments(&letter.body, &letter.recipients);
    // A submission asks its decision of the body it is submitted to; a letter may submit as
    // well ("… kính trình Ủy ban nhân dân tỉnh xem xét …").
    if letter.doc_type.as_deref() == Some("Tờ trình") {
        let submitted = assign::submitted_to(&letter.body, true);
        if !submitted.is_empty() {
            letter.assignments = submitted;
        }
    } else {
        for submitted in assign::submitted_to(&letter.body, false) {
            if letter.assignments.iter().all(|a| a.lead != submitted.lead) {
                letter.assignments.push(submitted);
            }
        }
    }
    if let Some(issuer) = letter.issuer.as_mut() {
        tidy_name(issuer);
    }
    issuer_under_ministry(&mut letter);
    fill_confidence(&mut letter);
    letter
}

/// The body that enacts the text in the preamble's last sentence ("Quốc hội ban hành Luật …",
/// "Chính phủ ban hành Nghị định …", "Bộ trưởng Bộ Y tế ban hành Thông tư …"; the Law on the
/// Promulgation of Legal Documents has every legal text end its preamble so): the issuer of a
/// text whose header was lost. A minister enacts for the ministry.
fn issuer_by_enactment(doc: &Doc, letter: &mut Letter) {
    const ENACTED: [&str; 7] = ["Luật", "Pháp lệnh", "Nghị định", "Nghị quyết", "Thông tư", "Quyết định", "Chỉ thị"];
    for line in doc.lines.iter().take(120) {
        let t = line.trim();
        let Some(at) = find_str(t, " ban hành ") else { continue };
        let (body, rest) = (&t[..at], &t[at + " ban hành ".len()..]);
        let words = body.split_whitespace().count();
        if !(1..=12).contains(&words)
            || !body.starts_with(char::is_uppercase)
            || body.contains([',', ';', ':', '.'])
            || !ENACTED.iter().any(|e| rest.starts_with(&format!("{e} ")))
        {
            continue;
        }
        let body = ["Bộ trưởng ", "Thống đốc ", "Chủ nhiệm "].iter().find_map(|h| body.strip_prefix(h)).unwrap_or(body);
        if agencies::is_known(body) {
            letter.issuer = Some(body.to_string());
            letter.confidence.insert("issuer", 0.5);
            return;
        }
    }
}

/// What a line may open with before its text: blanks and the marks of italics left by a page's
/// Markdown.
const ITALICS: [char; 3] = ['*', '_', ' '];

/// Whether a folded line opens the bracket under an annex's title, "(Kèm theo Quyết định số
/// …)", also still in the italics it was set in ("*(Kèm theo …").
fn opens_annex_bracket(folded: &str) -> bool {
    folded.trim_start_matches(ITALICS).starts_with("(kem theo")
}

/// A rule, plan or programme printed alone under its title, "(Ban hành kèm theo Quyết định số
/// 01/2012/QĐ-UBND ngày … của UBND tỉnh Long An)" or "(Ban hành theo Quyết định … của Bộ trưởng
/// Bộ Văn hoá, Thể thao và Du lịch)", the bracket wrapped over lines: the body that issued the
/// decision issued it (a minister or chairman for the ministry or committee).
fn issued_with_body(doc: &Doc, letter: &mut Letter) {
    let mut filled = (0..doc.lines.len()).filter(|&i| !is_blank(doc.line(i))).take(12);
    let Some(at) = filled.find(|&i| {
        let f = doc.folded(i).trim_start_matches(ITALICS);
        ["(ban hanh kem theo", "(ban hanh theo", "(kem theo"].iter().any(|k| f.starts_with(k))
    }) else {
        return;
    };
    let mut bracket = String::new();
    for line in doc.lines[at..].iter().take(4) {
        bracket.push_str(line.trim());
        bracket.push(' ');
        if line.contains(')') {
            break;
        }
    }
    let Some((_, body)) = bracket.split_once(')').map(|(b, _)| b).and_then(|b| b.rsplit_once(" của ")) else {
        return;
    };
    let body = body.trim().trim_end_matches('.');
    let body = ["Bộ trưởng ", "Chủ tịch ", "Thống đốc "].iter().find_map(|h| body.strip_prefix(h)).unwrap_or(body);
    if !(2..=12).contains(&body.split_whitespace().count()) {
        return;
    }
    let named = header::agency_name(&body.to_uppercase()).filter(|n| {
        agencies::is_known(n)
            || fold(n).starts_with("ubnd ") && !matches!(fold(n).as_str(), "ubnd tinh" | "ubnd huyen" | "ubnd xa")
    });
    if let Some(named) = named {
        letter.issuer = Some(named);
        letter.confidence.insert("issuer", 0.4);
    }
}

/// The issuer a letter without a header names in its text, each way tried in turn until one
/// names it.
fn issuer_from_the_text(doc: &Doc, letter: &mut Letter) {
    let ways: [fn(&Doc, &mut Letter); 4] =
        [header::issuer_from_body, issuer_by_enactment, issued_with_body, issuer_by_its_voice];
    for way in ways {
        if letter.issuer.is_some() {
            return;
        }
        way(doc, letter);
    }
}

/// What only the writer of a reply says of itself: it received the other's letter, or gives its
/// view ("Cục Thuế nhận được công văn số …", "Về vấn đề này, Cục Thuế có ý kiến như sau:").
const WRITER_VERBS: [&str; 4] = ["nhận được ", "có ý kiến", "xin trả lời", "trả lời như sau"];

/// A letter without its header names itself in its body when it speaks as a known agency
/// (a clause opening with the agency's name, then [`WRITER_VERBS`]).
fn issuer_by_its_voice(doc: &Doc, letter: &mut Letter) {
    for line in doc.lines.iter().take(300) {
        let line = line.trim().trim_start_matches(['*', '-', ' ']);
        // The clause opens the line or follows a comma ("Về vấn đề này, Cục Thuế …").
        let clauses = std::iter::once(line).chain(line.match_indices(", ").map(|(at, _)| &line[at + 2..]));
        for clause in clauses {
            if !clause.starts_with(char::is_uppercase) {
                continue;
            }
            let Some(end) = agencies::known_prefix_end(clause) else { continue };
            if !WRITER_VERBS.iter().any(|v| clause[end..].trim_start().starts_with(v)) {
                continue;
            }
            let name = clause[..end].trim();
            letter.issuer = Some(agencies::known_spelling(name).unwrap_or_else(|| name.to_string()));
            letter.confidence.insert("issuer", 0.4);
            return;
        }
    }
}

/// A header that kept only a ministry's line ("BỘ TÀI CHÍNH" over "Số: 755/TCHQ-GSQL"): the
/// body the code's issuer part names is the issuer, under that ministry (Decree 30: the
/// symbol's part names the issuing body).
fn issuer_under_ministry(letter: &mut Letter) {
    if letter.parent_issuer.is_none()
        && let Some(ministry) = letter.issuer.clone().filter(|i| i.starts_with("Bộ "))
        && let Some(named) = letter.symbol.as_deref().and_then(agencies::named_by_symbol)
        && named != ministry
        && agencies::parent_of(&named).is_some_and(|p| p == ministry)
    {
        letter.issuer = Some(named);
        letter.parent_issuer = Some(ministry);
        letter.confidence.insert("issuer", 0.6);
    }
}

/// A body's name never ends with a header's rule ("… Xã hội - - - - - -") or a bracket it did
/// not open ("… tỉnh Thanh Hoá)"): what a flattened header or a cited title left after it.
fn tidy_name(name: &mut String) {
    // The term a collective body serves ("Ban Chấp hành Đảng bộ tỉnh khóa XIII") is no part of
    // its name.
    for term in [" khóa ", " khoá ", " Khóa ", " Khoá "] {
        if let Some(at) = name.rfind(term)
            && !name[at + term.len()..].is_empty()
            && name[at + term.len()..].chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        {
            name.truncate(at);
        }
    }
    loop {
        let trimmed = name.trim_end_matches([' ', '-', '–', '—', '_', '*', '=', '|']);
        let trimmed = match trimmed.strip_suffix(')') {
            Some(open) if !open.contains('(') => open,
            _ => trimmed,
        };
        if trimmed.len() == name.len() {
            return;
        }
        name.truncate(trimmed.len());
    }
}

/// A law or resolution of the National Assembly or its Standing Committee without a dated
/// header is dated by its adoption ("… khóa XV, phiên họp thứ 14 thông qua ngày 11 tháng 8 năm
/// 2022./."): the date it was passed.
fn adoption_date(doc: &Doc, letter: &mut Letter) {
    let Some(i) = (0..doc.lines.len()).rev().find(|i| contains_str(doc.folded(*i), "thong qua ngay")) else {
        return;
    };
    let line = doc.line(i);
    let at = find_str(line, "thông qua ngày").unwrap_or(0);
    let joined;
    let tail = if let Some(next) = doc.lines.get(i + 1) {
        joined = format!("{} {}", &line[at..], next.trim());
        joined.as_str()
    } else {
        &line[at..]
    };
    // The adoption line closes the text ("./."), or names the text itself ("Nghị quyết này được
    // … thông qua ngày 10 tháng 7 năm 2025."); a law cited as passed on a date is no adoption.
    let itself = [i.saturating_sub(1), i].iter().any(|k| {
        let f = doc.folded(*k);
        contains_str(f, "nay duoc ") || contains_str(f, "nay da duoc ")
    });
    let closing = tail.find("./.").filter(|c| *c > 0).or_else(|| {
        let date = find_dates(tail).into_iter().next().filter(|_| itself)?;
        tail[date.end..].trim_start().starts_with('.').then_some(date.end)
    });
    let Some(closing) = closing else {
        return;
    };
    if let Some(date) = find_dates(&tail[..closing]).into_iter().next().and_then(|d| d.date) {
        letter.date = Some(date);
        letter.confidence.insert("date", 0.5);
    }
}

/// Gives every field a confidence: what a reader set is kept, other filled fields get a
/// middling score and empty fields zero.
fn fill_confidence(letter: &mut Letter) {
    let filled = [
        ("issuer", letter.issuer.is_some()),
        ("parent_issuer", letter.parent_issuer.is_some()),
        ("number", letter.number.is_some()),
        ("symbol", letter.symbol.is_some()),
        ("full_code", letter.full_code.is_some()),
        ("doc_type", letter.doc_type.is_some()),
        ("place", letter.place.is_some()),
        ("date", letter.date.is_some()),
        ("subject", letter.subject.is_some()),
        ("recipients", !letter.recipients.is_empty()),
        ("cc", !letter.cc.is_empty()),
        ("signer_name", letter.signer_name.is_some()),
        ("signer_title", letter.signer_title.is_some()),
        ("signing_authority_prefix", letter.signing_authority_prefix.is_some()),
        ("references", !letter.references.is_empty()),
        ("assignments", !letter.assignments.is_empty()),
    ];
    let code_confidence = letter.confidence.get("full_code").copied().unwrap_or(0.0);
    for (field, is_filled) in filled {
        let default = match field {
            "number" | "symbol" => code_confidence,
            "references" => 0.8,
            "assignments" => 0.5,
            _ => 0.6,
        };
        let entry = letter.confidence.entry(field).or_insert(default);
        if !is_filled {
            *entry = 0.0;
        }
    }
}

fn read_marks(doc: &Doc, letter: &mut Letter) {
    for f in doc.folded.iter().take(25) {
        match *f {
            "hoa toc" => letter.urgency = Some(Urgency::HoaToc),
            "thuong khan" => letter.urgency = Some(Urgency::ThuongKhan),
            "khan" => letter.urgency = Some(Urgency::Khan),
            "mat" => letter.secrecy = Some(Secrecy::Mat),
            "toi mat" => letter.secrecy = Some(Secrecy::ToiMat),
            "tuyet mat" => letter.secrecy = Some(Secrecy::TuyetMat),
            _ => {}
        }
    }
}

fn read_body(
    doc: &Doc,
    kinh_gui: Option<usize>,
    number_at: Option<usize>,
    noi_nhan: Option<usize>,
    signature_at: Option<usize>,
    letter: &mut Letter,
) {
    // Only the header's own lines: a dated sentence deep in an annex is not one.
    let header_limit = number_at.map_or(25, |n| n + 9);
    let header_end = doc
        .folded
        .iter()
        .take(header_limit)
        .enumerate()
        .filter(|(_, f)| {
            f.contains("cong hoa xa hoi chu nghia")
                || (f.contains("doc lap") && f.contains("tu do") && f.contains("hanh phuc"))
                || (f.contains(", ngay") && f.contains("thang"))
                || f.starts_with("v/v")
        })
        .map(|(i, _)| i + 1)
        .take(4)
        .max()
        .unwrap_or(0);
    let start = kinh_gui.map_or(header_end.max(number_at.map_or(0, |n| n + 1)), |k| k + 1);
    let mut end = doc.lines.len();
    for stop in [noi_nhan, signature_at].into_iter().flatten() {
        if stop >= start {
            end = end.min(stop);
        }
    }
    let mut body: Vec<&str> =
        doc.lines.get(start..end).unwrap_or_default().iter().copied().filter(|l| !is_page_number(l)).collect();
    // The distribution list run on after the closing mark ("… báo cáo./. : Nơi nhận: - …"): the
    // line's text before the label is the body's end.
    if let Some(n) = noi_nhan.filter(|n| *n == end && *n >= start)
        && lists::closing_then_list(doc.folded(n)).is_some()
        && let Some(p) = doc.line(n).find("Nơi nhận").or_else(|| doc.line(n).find("NƠI NHẬN"))
    {
        body.push(&doc.line(n)[..p]);
    }
    // A rule, plan or list issued with the decision follows its signature ("Ban hành kèm theo
    // Quyết định số …"): it is part of the text and may assign work.
    let after = [noi_nhan, signature_at].into_iter().flatten().max().unwrap_or(end).max(end);
    if let Some(annex) = (after..doc.lines.len()).find(|i| {
        let f = doc.folded(*i);
        f.contains("ban hanh kem theo") || opens_annex_bracket(f)
    }) {
        body.extend(doc.lines[annex..].iter().copied().filter(|l| !is_page_number(l)));
    }
    letter.body = body.join("\n").trim().to_string();
}

#[cfg(test)]
mod tests {
    use super::header::org_case;
    use super::lists::split_flat_items;
    use super::signature::{apply_signature, signature_units, title_case};
    use super::*;

    #[test]
    fn org_and_title_casing() {
        assert_eq!(org_case("ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"), "UBND tỉnh Tuyên Quang");
        assert_eq!(org_case("UBND TỈNH KIÊN GIANG"), "UBND tỉnh Kiên Giang");
        assert_eq!(org_case("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"), "Bộ Lao động - Thương binh và Xã hội");
        assert_eq!(org_case("VĂN PHÒNG CHÍNH PHỦ"), "Văn phòng Chính phủ");
        assert_eq!(org_case("TỔNG CỤC THUẾ"), "Tổng cục Thuế");
        assert_eq!(title_case("PHÓ CHÁNH VĂN PHÒNG"), "Phó Chánh Văn phòng");
        assert_eq!(title_case("BỘ TRƯỞNG, CHỦ NHIỆM"), "Bộ trưởng, Chủ nhiệm");
        assert_eq!(title_case("PHÓ VỤ TRƯỞNG"), "Phó Vụ trưởng");
        // Joint issuers named apart, old tone placement, a lost first glyph, abbreviations kept.
        assert_eq!(org_case("BỘ VĂN HOÁ - THÔNG TIN-BỘ Y TẾ"), "Bộ Văn hóa - Thông tin - Bộ Y tế");
        assert_eq!(org_case("VĂN PHÒNG CHÍNH PHỦ - BỘ NỘI VỤ"), "Văn phòng Chính phủ - Bộ Nội vụ");
        assert_eq!(org_case("Y BAN NHÂN DÂN TỈNH KON TUM"), "UBND tỉnh Kon Tum");
        assert_eq!(title_case("PHÓ CHỦ TỊCH UBND HUYỆN"), "Phó Chủ tịch UBND huyện");
        // The head of a unit named after the office.
        assert_eq!(title_case("TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ"), "Trưởng ban Ban Chính sách, Thuế quốc tế");
        assert_eq!(title_case("PHÓ TRƯỞNG PHÒNG PHÒNG KẾ HOẠCH"), "Phó Trưởng phòng Phòng Kế hoạch");
        assert_eq!(title_case("TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ"), "Trưởng ban Giám sát quản lý về HQ");
        assert_eq!(title_case("PHÓ TRƯỞNG THUẾ TỈNH"), "Phó Trưởng Thuế tỉnh");
        assert_eq!(title_case("PHÓ TRƯỞNG BAN THƯỜNG TRỰC"), "Phó Trưởng ban Thường trực");
    }

    #[test]
    fn shared_header_lines_are_cut_into_their_columns() {
        let text = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HẬU GIANG Độc Lập - Tự Do - Hạnh \
                    Phúc\n\nSố: 73/UBND-TH Hậu Giang, ngày 12 tháng 1 năm 2018\n\nV/v ủy quyền\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND tỉnh Hậu Giang"));
        let union = "BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH\n*\nSố: 225 - KH/TWĐTN-CTTN Hà Nội, ngày 16 \
                     tháng 5 năm 2024\n\nKẾ HOẠCH\nTổ chức các hoạt động hè\n";
        let letter = &parse(union)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh"));
        assert_eq!(letter.full_code.as_deref(), Some("225-KH/TWĐTN-CTTN"));
        assert_eq!(letter.place.as_deref(), Some("Hà Nội"));
    }

    #[test]
    fn flattened_lists_split_on_item_dashes_only() {
        assert_eq!(
            split_flat_items("- Như trên; - Bộ Lao động - Thương binh và Xã hội; - Lưu: VT."),
            ["Như trên", "Bộ Lao động - Thương binh và Xã hội", "Lưu: VT"]
        );
        assert_eq!(
            split_flat_items("- Bộ LĐTB&XH; (để báo cáo) - TT Thành ủy;"),
            ["Bộ LĐTB&XH; (để báo cáo)", "TT Thành ủy"]
        );
    }

    #[test]
    fn signature_units_split_authority_and_title() {
        let units = signature_units(&["TL. TỔNG CỤC TRƯỞNG KT. VỤ TRƯỞNG VỤ CHÍNH SÁCH PHÓ VỤ TRƯỞNG".to_string()]);
        assert_eq!(units, ["TL. TỔNG CỤC TRƯỞNG", "KT. VỤ TRƯỞNG VỤ CHÍNH SÁCH", "PHÓ VỤ TRƯỞNG"]);
        let mut letter = Letter::default();
        apply_signature(
            &signature_units(&["KT. BỘ TRƯỞNG".to_string(), "HỮU TRƯỞNG".to_string()]),
            "Nguyễn Thị Hà",
            &mut letter,
        );
        assert_eq!(letter.signer_title.as_deref(), Some("Thứ trưởng"));
        assert_eq!(letter.signing_authority_prefix.as_deref(), Some("KT."));
        // An office broken after a word that cannot end one, in a narrow cell.
        let units = signature_units(&["KT. CHỦ TỊCH".to_string(), "PHÓ".to_string(), "CHỦ TỊCH".to_string()]);
        assert_eq!(units, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        // A head's title broken between its halves ("TL. CỤC" / "TRƯỞNG").
        let lines = ["TL. CỤC", "TRƯỞNG", "TRƯỞNG BAN NGHIỆP VỤ THUẾ"].map(str::to_string);
        assert_eq!(signature_units(&lines), ["TL. CỤC TRƯỞNG", "TRƯỞNG BAN NGHIỆP VỤ THUẾ"]);
    }

    #[test]
    fn a_citation_wrapped_after_its_type_is_no_number_line() {
        assert!(number_line("số 31/2013/QH13 sửa đổi, bổ sung một số điều của Luật Thuế giá trị gia tăng").is_none());
        assert!(number_line("số 70/2008/NĐ-CP ngày 04/6/2008 của Chính phủ").is_none());
        assert!(number_line("Số: 512/UBND-KT").is_some());
        assert!(number_line("số 512/UBND-KT V/v rà soát số nhà").is_some());
        let text = "Kính gửi: Công ty A.\nCục Thuế nhận được công văn của Công ty, có ý kiến như sau:\n\
                    Căn cứ khoản 6 Điều 1 Luật\nsố 31/2013/QH13 sửa đổi, bổ sung một số điều của Luật Thuế giá trị gia tăng\n\
                    về khấu trừ thuế giá trị gia tăng đầu vào.\n";
        let letter = &parse(text)[0];
        // No code of its own; the writer is the body that says it received the letter.
        assert_eq!((letter.full_code.as_deref(), letter.issuer.as_deref()), (None, Some("Cục Thuế")));
        // The caption a consolidated text prints over its number names no body.
        let text = "THÔNG TƯ\nHướng dẫn quản lý lao động\nĐiều 1. Phạm vi điều chỉnh.\n\
                    BỘ Y TẾ\nXÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 12/VBHN-BYT\nHà Nội, ngày 10 tháng 02 năm 2025\n\
                    KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nLê Văn Thanh\n";
        let letter = &parse(text)[0];
        assert_eq!((letter.issuer.as_deref(), letter.parent_issuer.as_deref()), (Some("Bộ Y tế"), None));
    }

    #[test]
    fn a_narrow_cell_wraps_the_place_the_year_and_the_signer_s_name() {
        let text = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\n|\nSố: 512/UBND-KT\n*V/v rà soát số nhà*\n|\n\
                    *Thành\nphố Cần Thơ, ngày 3 tháng 10 năm 2025*\n|\nKính gửi: Sở Xây dựng.\n\
                    Đề nghị Sở Xây dựng rà soát số nhà trên địa bàn./.\n|\n*Nơi nhận:*\n- Như trên;\n- Lưu: VT.\n|\n\
                    KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nBùi\nVăn Nam\n|\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.place.as_deref(), Some("Thành phố Cần Thơ"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2025, 10, 3));
        assert_eq!(letter.subject.as_deref(), Some("V/v rà soát số nhà"));
        assert_eq!(letter.signer_name.as_deref(), Some("Bùi Văn Nam"));
        let text = "ỦY BAN NHÂN DÂN\nTỈNH VĨNH LONG\n|\nSố: 2637/QĐ-UBND\n|\n*Vĩnh Long, ngày 16 tháng 11 năm\n2025*\n|\n\
                    QUYẾT ĐỊNH\nCÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\
                    Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Công bố danh mục./.\n|\n\
                    KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Quỳnh\nThiện\n|\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2025, 11, 16));
        assert_eq!(letter.signer_name.as_deref(), Some("Nguyễn Quỳnh Thiện"));
    }

    #[test]
    fn a_title_ends_at_its_authority_wrapped_in_a_narrow_cell() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 2150/QĐ-UBND\nHà Tĩnh, ngày 20 tháng 11 năm 2025\n\
                    QUYẾT ĐỊNH\nCÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC THIẾT BỊ Y TẾ\n\
                    **CHỦ TỊCH ỦY BAN\nNHÂN DÂN TỈNH**\n*Căn cứ Luật Tổ chức chính quyền địa phương;*\n\
                    QUYẾT ĐỊNH:\nĐiều 1. Công bố kèm theo Quyết định này danh mục.\n";
        let letters = parse(text);
        assert_eq!(letters[0].subject.as_deref(), Some("CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC THIẾT BỊ Y TẾ"));
    }

    #[test]
    fn reads_a_tcvn3_letter() {
        let text = "UBND TØNH KI£N GIANG\nSë TµI CHÝNH\nSè: 45/STC-NS\nV/v b¸o c¸o kinh phÝ n¨m 2021\n\
                    Kiªn Giang, ngµy 05 th¸ng 3 n¨m 2021\nKÝnh göi: Bé Tµi chÝnh.\n";
        let letters = parse(text);
        assert_eq!(letters.len(), 1);
        let letter = &letters[0];
        assert_eq!(letter.issuer.as_deref(), Some("Sở Tài chính"));
        assert_eq!(letter.parent_issuer.as_deref(), Some("UBND tỉnh Kiên Giang"));
        assert_eq!(letter.full_code.as_deref(), Some("45/STC-NS"));
        assert_eq!(letter.subject.as_deref(), Some("V/v báo cáo kinh phí năm 2021"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2021, 3, 5));
        assert_eq!(letter.recipients, ["Bộ Tài chính"]);
    }

    #[test]
    fn decomposed_crlf_input_parses_like_clean_input() {
        use unicode_normalization::UnicodeNormalization;
        let text = "BỘ XÂY DỰNG\nSố: 12/BXD-QLN\nV/v nhà ở\nHỎA TỐC\nHà Nội, ngày 15 tháng 11 năm 2013\n\n\
                    Kính gửi: Sở Xây dựng.\n\nĐề nghị Sở Xây dựng báo cáo trước ngày 30/11/2013./.\n\n\
                    KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nNguyễn Trần Nam";
        let damaged: String = text.replace('\n', "\r\n").nfd().collect();
        let clean = parse(text);
        assert_eq!(parse(&damaged), clean);
        let letter = &clean[0];
        assert_eq!(letter.urgency, Some(Urgency::HoaToc));
        assert_eq!(letter.signer_title.as_deref(), Some("Thứ trưởng"));
        assert_eq!(letter.signer_name.as_deref(), Some("Nguyễn Trần Nam"));
        assert!(letter.body.starts_with("Đề nghị Sở Xây dựng"));
        assert!(letter.confidence.get("full_code").is_some_and(|c| *c > 0.9));
    }

    #[test]
    fn a_code_alone_beside_the_motto_is_the_number_line_that_lost_its_label() {
        let text = "BỘ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n\
                    12/2024/TT-BTC\nHà Nội, ngày 02 tháng 3 năm 2024\n\nTHÔNG TƯ\nHướng dẫn về thử\n\n\
                    Căn cứ Nghị định số 14/2023/NĐ-CP ngày 20 tháng 4 năm 2023 của Chính phủ;";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("12/2024/TT-BTC"));
        assert_eq!(letter.references.len(), 1);
        // A code alone far from any header line is a citation's.
        let listed = "Văn bản liên quan\n\n12/2024/TT-BTC\n\nHướng dẫn về thử";
        assert_eq!(parse(listed)[0].full_code, None);
    }

    #[test]
    fn number_line_tolerates_stray_spaces() {
        let (code, tail) = number_line("Số: 15 /SYT-NVY V/v: phòng dịch").expect("reads");
        assert_eq!((code.full_code().as_str(), tail.as_str()), ("15/SYT-NVY", "V/v: phòng dịch"));
        let (code, _) = number_line("Số: 89 /KH - TrMN").expect("reads");
        assert_eq!(code.full_code(), "89/KH-TrMN");
        let (blank, _) = number_line("Số:            /QĐ-UBND").expect("reads");
        assert_eq!((blank.number, blank.symbol.as_str()), (None, "QĐ-UBND"));
        assert!(number_line("Số lượng 15 người").is_none());
        let (dashed, tail) = number_line("Số: 215 /SGDĐT – TCCB Cần Thơ, ngày 5 tháng 3 năm 2019").expect("dash");
        assert_eq!(dashed.full_code(), "215/SGDĐT–TCCB");
        assert!(tail.starts_with("Cần Thơ"));
        let (twice, _) = number_line("Số: Số: 21/2019/NQ-HĐND").expect("label typed twice");
        assert_eq!(twice.full_code(), "21/2019/NQ-HĐND");
    }

    #[test]
    fn reads_a_header_wrapped_in_narrow_cells() {
        let text = "ỦY BAN NHÂN\nDÂN\nTỈNH BÌNH ĐỊNH\n--------\n|\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n\
                    Độc lập - Tự do - Hạnh phúc\n|\nSố:\n1782/QĐ-UBND\n|\nBình Định,\nngày 29 tháng 5 năm 2018\n|\n\
                    QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật Bình đẳng giới;\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND tỉnh Bình Định"));
        assert_eq!(letter.parent_issuer, None);
        assert_eq!(letter.full_code.as_deref(), Some("1782/QĐ-UBND"));
        assert_eq!(letter.place.as_deref(), Some("Bình Định"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2018, 5, 29));
        assert_eq!(letter.subject.as_deref(), Some("VỀ VIỆC BAN HÀNH KẾ HOẠCH"));
    }

    #[test]
    fn reads_a_flattened_row_and_completes_a_bare_issuer() {
        let text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n\
                    Số: 28/KH-UBND | Hậu Giang, ngày 11 tháng 4 năm 2016 |\nKẾ HOẠCH\nTHỰC HIỆN CHƯƠNG TRÌNH\n\
                    UBND tỉnh ban hành Kế hoạch thực hiện Chương trình.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND tỉnh Hậu Giang"));
        assert_eq!(letter.place.as_deref(), Some("Hậu Giang"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2016, 4, 11));
        assert_eq!(letter.subject.as_deref(), Some("THỰC HIỆN CHƯƠNG TRÌNH"));
    }

    #[test]
    fn reads_a_web_listing_title_and_slash_prefixes() {
        let text = "Công văn số 1350-CV/BDVTW ngày 10/5/2023 của Ban Dân vận Trung ương về việc sơ kết Chỉ thị\n\n\
                    Kính gửi: Ban Dân vận các tỉnh ủy\n\nTrân trọng./.\n\nK/T TRƯỞNG BAN\n\n\
                    PHÓ TRƯỞNG BAN THƯỜNG TRỰC\n\nPhạm Tất Thắng\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("1350-CV/BDVTW"));
        assert_eq!(letter.issuer.as_deref(), Some("Ban Dân vận Trung ương"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2023, 5, 10));
        assert_eq!(letter.subject.as_deref(), Some("về việc sơ kết Chỉ thị"));
        assert_eq!(letter.signing_authority_prefix.as_deref(), Some("KT."));
        assert_eq!(letter.signer_title.as_deref(), Some("Phó Trưởng ban Thường trực"));
    }

    #[test]
    fn a_letter_that_lost_its_header_is_named_by_its_annex() {
        let text = "Kính gửi: Thuế các tỉnh, thành phố.\n\nCục Thuế hướng dẫn việc cung cấp thông tin theo Thông tư \
                    số 80/2021/TT-BTC ngày 29/9/2021 như phụ lục kèm theo.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n\
                    TL. CỤC TRƯỞNG\nTRƯỞNG BAN NGHIỆP VỤ THUẾ\n\nNguyễn Thị Thu\n\nPhụ lục 1\nCÁC TÌNH HUỐNG THƯỜNG GẶP\n\
                    *(Kèm\ntheo Công văn số 5435/CT-NVT ngày 21/11/2025 của Cục Thuế)*\n1. Câu hỏi: …\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("5435/CT-NVT"));
        assert_eq!(letter.date, chrono::NaiveDate::from_ymd_opt(2025, 11, 21));
        assert_eq!(letter.doc_type.as_deref(), Some("Công văn"));
        let codes: Vec<&str> = letter.references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["80/2021/TT-BTC"]);
    }

    #[test]
    fn a_company_cut_after_its_legal_form_goes_on() {
        let text = "CỤC HẢI QUAN\nSố: 3799/CHQ-GSQL\nV/v vướng mắc chính sách\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                    Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 20 tháng 11 năm 2025\nKính gửi: Công ty TNHH\nTokokosen.\n\
                    Trả lời công văn số 01/CV của Công ty, Cục Hải quan có ý kiến như sau.\nNơi nhận:\n- Tổng Công ty\n\
                    Phân bón và Hóa chất Dầu khí;\n- Lưu: VT.\nKT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\n\nNguyễn Văn A\n";
        let letters = parse(text);
        assert_eq!(letters[0].recipients, ["Công ty TNHH Tokokosen"]);
        assert_eq!(letters[0].cc, ["Tổng Công ty Phân bón và Hóa chất Dầu khí", "Lưu: VT"]);
    }

    #[test]
    fn recipients_join_wrapped_items_and_skip_blank_forms() {
        let text = "BỘ Y TẾ\nSố: 5/BYT-KH\nV/v báo cáo\nHà Nội, ngày 1 tháng 2 năm 2020\nKính gửi:\n\n\
                    - Các Bộ, cơ quan ngang Bộ, cơ quan thuộc\nChính phủ;\n- Sở Y tế.\n\nNội dung.\n";
        assert_eq!(parse(text)[0].recipients, ["Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ", "Sở Y tế"]);
        let blank = "BỘ Y TẾ\nSố: 5/BYT-KH\nV/v báo cáo\nKính gửi: …………………..……\n\nNội dung.\n";
        assert!(parse(blank)[0].recipients.is_empty());
        // An address wrapped onto a short line, on the label's line or below it.
        let wrapped = |address: &str| {
            parse(&format!(
                "BỘ TÀI CHÍNH\nSố: 5/BTC-CST\nV/v báo cáo\nHà Nội, ngày 1 tháng 2 năm 2020\n{address}\n\
                 Thực hiện chỉ đạo của Thủ tướng Chính phủ, Bộ Tài chính báo cáo như sau.\n"
            ))[0]
                .recipients
                .clone()
        };
        assert_eq!(wrapped("Kính gửi: Ông Thái Mạnh\nCường"), ["Ông Thái Mạnh Cường"]);
        assert_eq!(
            wrapped("Kính gửi: Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc\nChính phủ."),
            ["Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc Chính phủ"]
        );
        assert_eq!(
            wrapped("Kính gửi:\n\nChủ tịch Ủy ban nhân dân các tỉnh: Hưng Yên, Ninh\nBình, Bắc Ninh, Phú Thọ.\n"),
            ["Chủ tịch Ủy ban nhân dân các tỉnh: Hưng Yên, Ninh Bình, Bắc Ninh, Phú Thọ"]
        );
    }

    #[test]
    fn reads_a_header_flattened_into_one_line() {
        let text = "1. UBND TỈNH NINH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - \
                    Tự do - Hạnh phúc Số : 2917 /SGDĐT-VP Phan Rang-Tháp Chàm, ngày 05 tháng11 năm 2010 V/v báo cáo \
                    nhanh thiệt hại ̀ ̣ do lũ lụt. Kính gửi: - Ủy ban nhân dân tỉnh Ninh Thuận; - Bộ Giáo dục và Đào \
                    tạo. Vừa qua, tỉnh Ninh Thuận bị ảnh hưởng của không khí lạnh.";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Sở Giáo dục và Đào tạo"));
        assert_eq!(letter.parent_issuer.as_deref(), Some("UBND tỉnh Ninh Thuận"));
        assert_eq!(letter.full_code.as_deref(), Some("2917/SGDĐT-VP"));
        assert_eq!(letter.place.as_deref(), Some("Phan Rang-Tháp Chàm"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2010, 11, 5));
        assert_eq!(letter.subject.as_deref(), Some("V/v báo cáo nhanh thiệt hại do lũ lụt"));
        assert_eq!(letter.recipients, ["Ủy ban nhân dân tỉnh Ninh Thuận", "Bộ Giáo dục và Đào tạo"]);
        let undotted = text.replacen("1. UBND", "1 UBND", 1);
        assert_eq!(parse(&undotted)[0].parent_issuer.as_deref(), Some("UBND tỉnh Ninh Thuận"));
    }

    #[test]
    fn reads_a_party_header_and_a_type_name_split_by_ocr() {
        let text = "TỈNH ỦY THỪA THIÊN HUẾ\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 445-KL/TƯ\n\
                    Thừa Thiên Huế, ngày 13 tháng 5 năm 2022\nK ÉT LUẬN\nHỘI NGHỊ LẦN THỨ BẢY\n\
                    về xây dựng hệ thống kết cấu hạ tầng,\nđịnh hướng đến năm 2030\nHội nghị đã thảo luận.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Tỉnh ủy Thừa Thiên Huế"));
        assert_eq!(letter.full_code.as_deref(), Some("445-KL/TƯ"));
        assert_eq!(letter.doc_type.as_deref(), Some("Kết luận"));
        assert_eq!(
            letter.subject.as_deref(),
            Some("HỘI NGHỊ LẦN THỨ BẢY về xây dựng hệ thống kết cấu hạ tầng, định hướng đến năm 2030")
        );
    }

    #[test]
    fn names_agencies_only_from_the_table() {
        let known =
            "BỘ TÀI CHÍNH\nCỤC GSQL VỀ HẢI QUAN\nSố: 12/GSQL-GQ1\nV/v thủ tục\nHà Nội, ngày 1 tháng 2 năm 2020\n";
        let letter = &parse(known)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Cục Giám sát quản lý về Hải quan"));
        let board = "UBND TỈNH KIÊN GIANG\nBCĐ PCGD, XMC\nSố: 15/BC-BCĐPCGD-XMC\nHà Nội, ngày 1 tháng 2 năm 2020\n";
        let letter = &parse(board)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Ban Chỉ đạo phổ cập giáo dục, xóa mù chữ"));
        assert_eq!(letter.symbol.as_deref(), Some("BC-BCĐPCGD-XMC"));
        let unknown = "BỘ TÀI CHÍNH\nCỤC QLCL\nSố: 12/QLCL-GQ1\nV/v thủ tục\nHà Nội, ngày 1 tháng 2 năm 2020\n";
        let letter = &parse(unknown)[0];
        assert_eq!(letter.issuer, None);
        assert!(letter.confidence.get("issuer").is_some_and(|c| *c < 0.5));
        assert_eq!(letter.parent_issuer.as_deref(), Some("Bộ Tài chính"));
    }

    #[test]
    fn a_title_run_into_its_authority_ends_where_the_authority_begins() {
        let text = "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\nSố: 59/QĐ-BTNMT\n\
            Hà Nội, ngày 08 tháng 01 năm 2024 QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA NGÀNH THỰC HIỆN NGHỊ QUYẾT CỦA CHÍNH PHỦ\n\
            VỀ PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2024 BỘ TRƯỞNG BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG\n\
            Căn cứ Nghị định số 68/2022/NĐ-CP ngày 22 tháng 9 năm 2022 của Chính phủ;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành Chương trình./.\n";
        assert_eq!(
            parse(text)[0].subject.as_deref(),
            Some(
                "VỀ VIỆC BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA NGÀNH THỰC HIỆN NGHỊ QUYẾT CỦA CHÍNH PHỦ VỀ PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2024"
            )
        );
        let own_line = "ỦY BAN NHÂN DÂN\nSố: 215/QĐ-UBND\nBà Rịa, ngày 28 tháng 01 năm 2016\n\
            CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU\nCăn cứ Luật Tổ chức chính quyền địa phương;\n";
        assert_eq!(parse(own_line)[0].subject, None);
    }

    #[test]
    fn a_number_wrapped_at_its_hyphen_is_one_code() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 3783/QĐ-\nUBND\nNghệ An, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVề việc thử\n";
        assert_eq!(parse(text)[0].full_code.as_deref(), Some("3783/QĐ-UBND"));
    }

    #[test]
    fn a_plan_issued_with_a_decision_is_part_of_it() {
        let text = "THỦ TƯỚNG CHÍNH PHỦ\nSố: 844/QĐ-TTg\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
            Hà Nội, ngày 13 tháng 5 năm 2026\nQUYẾT ĐỊNH\nBan hành Kế hoạch hành động\n\
            Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động.\nĐiều 2. Quyết định này có hiệu lực từ ngày ký./.\n\
            KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n\nPhạm Thị Thanh Trà\n\n\
            Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNgày ký: 2026-05-27\n\n\
            THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
            KẾ HOẠCH HÀNH ĐỘNG\n(Kèm theo Quyết định số 844/QĐ-TTg ngày 13 tháng 5 năm 2026 của Thủ tướng Chính phủ)\n\
            1. Bộ Y tế chủ trì, phối hợp với các bộ, ngành theo dõi việc thực hiện Nghị định số 278/2025/NĐ-CP ngày 22/10/2025.\n";
        let letters = parse(text);
        assert_eq!(letters.len(), 1);
        let codes: Vec<&str> = letters[0].references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["278/2025/NĐ-CP"]);
        assert_eq!(letters[0].assignments.len(), 1);
        assert_eq!(letters[0].assignments[0].lead, "Bộ Y tế");
        // The annex's bracket still in the italics it was set in, over a task's labelled lines.
        let italic = text
            .replace("(Kèm theo", "*(Kèm theo")
            .replace("1. Bộ Y tế chủ trì, phối hợp với các bộ, ngành theo dõi", "1. Theo dõi")
            .replace("22/10/2025.\n", "22/10/2025.\n- Cơ quan chủ trì: Bộ Y tế.\n- Cơ quan phối hợp: Bộ Tài chính.\n");
        let letters = parse(&italic);
        assert_eq!(letters.len(), 1);
        let leads: Vec<(&str, &[String])> =
            letters[0].assignments.iter().map(|a| (a.lead.as_str(), a.coordinators.as_slice())).collect();
        assert_eq!(leads, [("Bộ Y tế", &["Bộ Tài chính".to_string()][..])]);
    }

    #[test]
    fn splits_a_flattened_signature_after_the_authority() {
        let units = signature_units(&["TL. BỘ TRƯỞNG CỤC TRƯỞNG CỤC NGƯỜI CÓ CÔNG".to_string()]);
        assert_eq!(units, ["TL. BỘ TRƯỞNG", "CỤC TRƯỞNG CỤC NGƯỜI CÓ CÔNG"]);
        let mut letter = Letter::default();
        apply_signature(&units, "Hoàng Công Thái", &mut letter);
        assert_eq!(letter.signer_title.as_deref(), Some("Cục trưởng Cục Người có công"));
        let units = signature_units(&["TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI CHỦ TỊCH".to_string()]);
        assert_eq!(units, ["TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI", "CHỦ TỊCH"]);
        let units = signature_units(&["KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM".to_string()]);
        assert_eq!(units, ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"]);
    }

    #[test]
    fn dates_a_citation_by_the_sentence_that_opens_with_its_date() {
        let text = "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 1/LĐTBXH-NCC\nV/v chế độ\nHà Nội, ngày 1 tháng 2 năm 2015\n\
                    Kính gửi: UBND tỉnh Long An\n\nNgày 12/6/2015, Bộ Quốc phòng đã có Công văn số 4966/BQP-CT trả lời.\n";
        let refs = &parse(text)[0].references;
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].date, NaiveDate::from_ymd_opt(2015, 6, 12));
    }

    #[test]
    fn reads_number_lines_behind_a_type_name_or_conversion_noise() {
        let (code, _) = number_line("Nghị quyết số: 653/2019/UBTVQH14").expect("typed");
        assert_eq!(code.full_code(), "653/2019/UBTVQH14");
        let (code, _) = number_line("straight connector 2Số: 1551 /UBND-VX").expect("noise");
        assert_eq!(code.full_code(), "1551/UBND-VX");
        assert!(number_line("Theo Quyết định số: 15/QĐ-UBND của tỉnh").is_none());
    }

    #[test]
    fn reads_escaped_line_breaks_and_a_glued_signature() {
        let text = "\\r\\n ỦY BAN NHÂN DÂN \\r\\n TỈNH LẠNG SƠN \\r\\n Số: 54/KH-UBND \\r\\n \
                    Lạng Sơn, ngày 27 tháng 3 năm 2020 \\r\\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND tỉnh Lạng Sơn"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2020, 3, 27));
        let signed = "UBND TỈNH X\nSố: 1/UBND-VX\nV/v việc\nNơi nhận:\nKT. CHỦ TỊCH\n- Như trên;\n- Lưu VT.\n\
                      PHÓ CHỦ TỊCHNguyễn Thị Thu\n";
        let letter = &parse(signed)[0];
        assert_eq!(letter.cc, ["Như trên", "Lưu VT"]);
        assert_eq!(letter.signer_name.as_deref(), Some("Nguyễn Thị Thu"));
        assert_eq!(letter.signer_title.as_deref(), Some("Phó Chủ tịch"));
        assert_eq!(letter.signing_authority_prefix.as_deref(), Some("KT."));
    }

    #[test]
    fn reads_a_title_line_without_a_number_word() {
        let text = "KẾT LỦẬN 127-KL/TW CỦÀ BỘ CHÍNH TRỊ, BẠN BÍ THƯ VỀ SẮP XẾP TỔ CHỨC BỘ MÁY\nNội dung.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("127-KL/TW"));
        assert_eq!(letter.doc_type.as_deref(), Some("Kết luận"));
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Chính trị, Ban Bí thư"));
        assert_eq!(letter.subject.as_deref(), Some("VỀ SẮP XẾP TỔ CHỨC BỘ MÁY"));
    }

    #[test]
    fn reads_a_draft_header_and_a_signature_cut_to_its_authority() {
        let draft = "VĂN PHÒNG CHÍNH PHỦ\nSố:\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n/TTr-VPCP\n\nHà Nội, ngày\n\ntháng\n\n\
                     năm 2016\n\nTỜ TRÌNH\nVề dự thảo Nghị định\nKính gửi: Chính phủ\n";
        let letter = &parse(draft)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Văn phòng Chính phủ"));
        assert_eq!((letter.number.as_deref(), letter.symbol.as_deref()), (None, Some("TTr-VPCP")));
        assert_eq!((letter.place.as_deref(), letter.date), (Some("Hà Nội"), None));
        let cut = "UBND TỈNH X\nSố: 4/QĐ-UBND\nX, ngày 1 tháng 2 năm 2020\nQUYẾT ĐỊNH\nVỀ VIỆC\nĐiều 1. Thi hành.\n\
                   - Như Điều 3; | TM. ỦY BAN NHÂN DÂN |\n";
        let letter = &parse(cut)[0];
        assert_eq!(letter.cc, ["Như Điều 3"]);
        assert_eq!(letter.signing_authority_prefix.as_deref(), Some("TM."));
        assert!(letter.confidence.get("signing_authority_prefix").is_some_and(|c| *c < 0.5));
    }

    #[test]
    fn reads_directions_whose_subject_is_glued_to_its_verb() {
        let text = "VĂN PHÒNG CHÍNH PHỦ\nSố: 1/VPCP-KGVX\nV/v trẻ em\nHà Nội, ngày 27 tháng 4 năm 2010\n\
                    Kínhgửi: Bộ Lao động – Thương binh và Xã hội\n\nPhó Thủ tướng có ý kiến như sau:\n\n\
                    Bộ Lao động – Thương binh và Xã hộicó văn bản đôn đốc các địa phương.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.recipients, ["Bộ Lao động – Thương binh và Xã hội"]);
        assert_eq!(letter.assignments.len(), 1);
        assert_eq!(letter.assignments[0].lead, "Bộ Lao động – Thương binh và Xã hội");
    }

    #[test]
    fn never_nothing_a_body_without_its_header_still_gives_a_record() {
        let text = "Kính gửi:\n- Hiệu trưởng các trường,\n- Thủ trưởng các đơn vị trực thuộc.\n\
                    Đề nghị Hiệu trưởng các trường, Thủ trưởng các đơn vị trực thuộc rà soát theo công văn số \
                    498/UBND ngày 17/3/2016.\nCác đơn vị thực hiện trước ngày 24/3/2016.\n";
        let letters = parse(text);
        assert_eq!(letters.len(), 1);
        let letter = &letters[0];
        assert_eq!((letter.issuer.as_deref(), letter.doc_type.as_deref()), (None, Some("Công văn")));
        assert_eq!(letter.references.len(), 1);
        assert_eq!(letter.assignments[0].lead, "Hiệu trưởng các trường; Thủ trưởng các đơn vị trực thuộc");
        assert_eq!(letter.assignments[0].deadline, NaiveDate::from_ymd_opt(2016, 3, 24));
        assert_eq!(letter.confidence.get("issuer").copied(), Some(0.0));
        let dated_only = "Hà Nội, ngày 5 tháng 6 năm 2024";
        assert_eq!(parse(dated_only).len(), 1);
    }

    #[test]
    fn reads_a_district_units_letter_with_typeset_dashes() {
        let text = "ỦY BAN NHÂN DÂN QUẬN 9\n\nTRUNG TÂM VĂN HÓA\n\nSố:  21 /TTVH\n\nVề thực hiện chế độ thông tin,\n\n\
                    báo cáo định kỳ.\n\nQuận 9, ngày  04   tháng 6  năm 2014\n\nKính gửi:   – Phó Chủ tịch UBND 13 phường;\n\n\
                    – Ban VHTT 13 phường.\n\nTrung tâm đề nghị Phó Chủ tịch UBND 13 phường đôn đốc thực hiện.\n\n\
                    Trung tâm đề nghị Phó Chủ tịch UBND 13 phường thực hiện nghiêm nội dung trên.\n\nNơi nhận:\n\n\
                    – Như trên;\n\n– Lưu: VT\n\nP. GIÁM ĐỐC\n\n(đã kỹ)\n\nNguyễn Thị Lynh Trang\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.subject.as_deref(), Some("Về thực hiện chế độ thông tin, báo cáo định kỳ"));
        assert_eq!(letter.recipients, ["Phó Chủ tịch UBND 13 phường", "Ban VHTT 13 phường"]);
        assert_eq!(letter.cc, ["Như trên", "Lưu: VT"]);
        assert_eq!(letter.signer_title.as_deref(), Some("P. Giám đốc"));
        assert_eq!(letter.signer_name.as_deref(), Some("Nguyễn Thị Lynh Trang"));
        assert_eq!(letter.assignments.len(), 1);
        assert_eq!(letter.assignments[0].lead, "Phó Chủ tịch UBND 13 phường");
    }

    #[test]
    fn reads_a_council_a_blank_type_part_and_a_code_broken_at_a_spaced_hyphen() {
        let text = "HỘI ĐỒNG NHÂN DÂN\nTỈNH TIỀN GIANG\nSố: 11/-HĐND\nTiền Giang, ngày 15 tháng 12 năm 2011\n\
                    NGHỊ QUYẾT\nVỀ KẾ HOẠCH PHÁTTRIỂN NĂM 2012\nCăn cứ Kết luận số 88-KL/TW, ngày 18/2/2014 của Bộ Chính \
                    trị;\nXét Tờ trình số 473/TTr -\nNN&PTNT ngày 21/5/2007.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Hội đồng nhân dân tỉnh Tiền Giang"));
        assert_eq!(letter.full_code.as_deref(), Some("11/-HĐND"));
        assert_eq!(letter.subject.as_deref(), Some("VỀ KẾ HOẠCH PHÁT TRIỂN NĂM 2012"));
        assert_eq!(letter.place.as_deref(), Some("Tiền Giang"));
        let codes: Vec<&str> = letter.references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["88-KL/TW", "473/TTr-NN&PTNT"]);
    }

    #[test]
    fn reads_a_number_line_whose_code_a_stray_space_broke_after_a_hyphen() {
        let text = "BẢO HIỂM XÃ HỘI VIỆT NAM\nSố: 3606/BHXH- CSXH\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                    Hà Nội, ngày 22 tháng 10 năm 2008\nKính gửi: Bảo hiểm xã hội các tỉnh\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("3606/BHXH-CSXH"));
        assert_eq!(letter.symbol.as_deref(), Some("BHXH-CSXH"));
        assert!(letter.references.is_empty());
    }

    #[test]
    fn reads_letters_printed_without_their_header() {
        let notice = "Thông báo lịch tiếp công dân của Chủ tịch HĐND huyện Ngân Sơn khóa XIX\n\n\
                      1. Thời gian: ngày 20 hằng tháng.\n\n2. Giao Uỷ ban nhân dân các xã có trách nhiệm thông báo.\n\n\
                      Với nội dung trên, HĐND huyện thông báo để nhân dân biết./.\n";
        let letter = &parse(notice)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Thông báo"));
        assert_eq!(letter.subject.as_deref(), Some("lịch tiếp công dân của Chủ tịch HĐND huyện Ngân Sơn khóa XIX"));
        assert_eq!(letter.issuer.as_deref(), Some("Hội đồng nhân dân huyện Ngân Sơn"));
        let guidance = "Hướng dẫn tuyên truyền kỷ niệm ngày sinh\nBan Tuyên giáo Trung ương ban hành Hướng dẫn số \
                        55-HD/BTGTW về tuyên truyền kỷ niệm ngày sinh.\nHướng dẫn tuyên truyền kỷ niệm ngày sinh\n\
                        Căn cứ Kết luận số 88-KL/TW, ngày 18/2/2014 của Bộ Chính trị, Ban Tuyên giáo Trung ương hướng \
                        dẫn như sau:\n";
        let letter = &parse(guidance)[0];
        assert_eq!(letter.full_code.as_deref(), Some("55-HD/BTGTW"));
        assert_eq!(letter.issuer.as_deref(), Some("Ban Tuyên giáo Trung ương"));
        assert_eq!((letter.place.as_deref(), letter.date), (None, None));
        assert_eq!(letter.references.len(), 1);
        let plan = "Lịch tiếp công dân của Chủ tịch UBND xã Tây Sơn năm 2025\nCăn cứ Luật tiếp công dân;\n\
                    Chính phủ thông báo lịch tiếp công dân như sau:\n";
        let letter = &parse(plan)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Thông báo"));
        assert_eq!(letter.issuer.as_deref(), Some("Chính phủ"));
        assert_eq!(letter.subject.as_deref(), Some("Lịch tiếp công dân của Chủ tịch UBND xã Tây Sơn năm 2025"));
        let resolution = "NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ về đổi mới hoạt động của Hội Nông dân Việt Nam\nI- TÌNH HÌNH\n";
        assert_eq!(parse(resolution)[0].issuer.as_deref(), Some("Bộ Chính trị"));
        let invitation = "Giấy mời dự Lễ phát động Tết trồng cây\n\n1. Thành phần mời:\n\n- Một số cơ quan Trung ương;\n\n\
                          - Bí thư, Chủ tịch UBND các huyện;\n\n2. Thời gian: ngày 06/02/2018.\n";
        let letter = &parse(invitation)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Giấy mời"));
        assert_eq!(letter.recipients, ["Một số cơ quan Trung ương", "Bí thư, Chủ tịch UBND các huyện"]);
    }

    #[test]
    fn one_law_cited_with_its_year_misprinted_is_one_reference() {
        let text = "BỘ TÀI CHÍNH\nSố: 1/BTC-X\nV/v luật\nHà Nội, ngày 1 tháng 2 năm 2018\nKính gửi: Bộ Công Thương.\n\
                    Theo Luật Quản lý ngoại thương số 05/2017/QH14 và Luật Hải quan; Luật Quản lý ngoại thương số \
                    05/2018/QH14 quy định khác.\n";
        let refs = &parse(text)[0].references;
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].full_code, "05/2017/QH14");
    }

    #[test]
    fn reads_names_wrapped_in_their_cells_and_headers_run_into_two_lines() {
        let text = "BẢO HIỂM XÃ HỘI VIỆT NAM\nBẢO HIỂM XÃ HỘI\nTP.HỒ CHÍ MINH\n-------\nSố: 2970/TB-BHXH\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Bảo hiểm xã hội thành phố Hồ Chí Minh"));
        assert_eq!(letter.parent_issuer.as_deref(), Some("Bảo hiểm xã hội Việt Nam"));
        let board = "BAN TỔ CHỨC\nĐẠI HỘI ĐẠI BIỂU\nCÁC DÂN TỘC THIỂU SỐ VIỆT NAM\nTIỂU BAN THI ĐUA – KHEN THƯỞNG\nSố: 13/BTC-TĐKT\n";
        let letter = &parse(board)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Tiểu ban Thi đua - Khen thưởng"));
        let council = "HỘI\nĐỒNG NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nSố: 21/2022/NQ-HĐND\n";
        assert_eq!(parse(council)[0].issuer.as_deref(), Some("Hội đồng nhân dân tỉnh Bình Định"));
        let two = "UBND TỈNH BẮC GIANG Số: 172/2015/QĐ-UBND\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh \
                   phúc Bắc Giang, ngày 5 tháng 5 năm 2015\n";
        let letter = &parse(two)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND tỉnh Bắc Giang"));
        assert_eq!((letter.place.as_deref(), letter.date), (Some("Bắc Giang"), NaiveDate::from_ymd_opt(2015, 5, 5)));
        let flat = "BỘ LAO ĐỘNG – THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM BINH VÀ XÃ HỘI Độc lập – Tự do – Hạnh phúc \
                    Số: 23/2007/QĐ-BLĐTBXH Hà Nội, ngày 05 tháng 10 năm 2007 QUYẾT ĐỊNH BAN HÀNH HỆ THỐNG CHỈ TIÊU \
                    BỘ TRƯỞNG BỘ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI Căn cứ Nghị định số 29/2003/NĐ-CP;";
        let letter = &parse(flat)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Lao động - Thương binh và Xã hội"));
        assert_eq!(letter.subject.as_deref(), Some("BAN HÀNH HỆ THỐNG CHỈ TIÊU"));
        let rule = "QUY ĐỊNH\nCÔNG TÁC VĂN THƯ TRÊN ĐỊA BÀN TỈNH BÌNH PHƯỚC\n(Ban hành kèm theo Quyết định số 63/2010/QĐ-UBND \
                    ngày 29 tháng 9 năm 2010 của\nUBND tỉnh)\nĐiều 1. Áp dụng trên địa bàn tỉnh Bình Phước.\nĐiều 2.\n\
                    1. Thủ trưởng các cơ quan, tổ chức\ntrong phạm vi quyền hạn của mình có trách nhiệm chỉ đạo.\n";
        let letter = &parse(rule)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND tỉnh Bình Phước"));
        assert_eq!(letter.assignments.len(), 1);
        assert_eq!(letter.assignments[0].lead, "Thủ trưởng các cơ quan, tổ chức");
    }

    #[test]
    fn reads_ranks_lone_addressees_cut_dates_and_party_citations() {
        let text = "BỘ CÔNG AN\nVĂN PHÒNG\nSố: 1989/V11 -TTTTBC\nV/v xác minh\nHà Nội, ngày 28 tháng 05 năm 2013\n\
                    Kính gửi:\n\nBan Chỉ đạo các tỉnh, thành phố trực thuộc Trung ương\n\nCăn cứ Quy định số 24-QĐ/TW, \
                    Kết luận số 100 - KL/TW ngày 18/8/2014 và Báo cáo thẩm định số 18/BCTĐ-STP.\n\nNơi nhận:\n- Như trên;\n\n\
                    KT. CHÁNH VĂN PHÒNG\nPHÓ VĂN PHÒNG\nĐại tá Phạm Văn Sinh\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Văn phòng Bộ Công an"));
        assert_eq!(letter.recipients, ["Ban Chỉ đạo các tỉnh, thành phố trực thuộc Trung ương"]);
        assert_eq!(letter.signer_name.as_deref(), Some("Phạm Văn Sinh"));
        let refs: Vec<(&str, &str, Option<NaiveDate>)> =
            letter.references.iter().map(|r| (r.doc_type.as_str(), r.full_code.as_str(), r.date)).collect();
        assert_eq!(
            refs,
            [
                ("Quy định", "24-QĐ/TW", None),
                ("Kết luận", "100-KL/TW", NaiveDate::from_ymd_opt(2014, 8, 18)),
                ("Báo cáo", "18/BCTĐ-STP", None)
            ]
        );
        let cut = "UBND TỈNH X\nSố: 102/2006/QĐ-UBND\n\nĐà Nẵng, ngày 2";
        assert_eq!(parse(cut)[0].place.as_deref(), Some("Đà Nẵng"));
    }

    #[test]
    fn reads_a_reprinted_directive_and_a_plan_whose_body_names_itself() {
        let news = "CTTĐT - Ngày 6/8, Ban Thường vụ Tỉnh ủy Yên Bái đã ban hành Chỉ thị số 17 về việc tăng cường \
                    công tác dư luận xã hội.\nNội dung Chỉ thị như sau:\n";
        let letter = &parse(news)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Chỉ thị"));
        assert_eq!((letter.number.as_deref(), letter.full_code.as_deref()), (Some("17"), None));
        assert_eq!(letter.issuer.as_deref(), Some("Ban Thường vụ Tỉnh ủy Yên Bái"));
        assert_eq!(letter.subject.as_deref(), Some("về việc tăng cường công tác dư luận xã hội"));
        let plan = "KẾ HOẠCH\nTổ chức đại hội Đoàn các cấp\nCăn cứ Điều lệ Đoàn; Ban Chấp hành Thành đoàn Hà Nội ban hành \
                    Kế hoạch tổ chức đại hội, cụ thể như sau:\nI. YÊU CẦU\n";
        assert_eq!(parse(plan)[0].issuer.as_deref(), Some("Ban Chấp hành Thành đoàn Hà Nội"));
        let city =
            "Thực hiện Nghị định số 61/2018/NĐ-CP, Ủy ban nhân dân thành phố ban hành Kế hoạch triển khai như sau:\n";
        let letter = &parse(city)[0];
        assert_eq!((letter.issuer.as_deref(), letter.doc_type.as_deref()), (None, Some("Kế hoạch")));
    }

    #[test]
    fn reads_a_letter_named_by_a_news_lead_in() {
        let news = "Triển khai Tháng hành động năm 2021\nThứ hai, 01/11/2021 15:54\n\nNgày 29/10/2021, Bộ Xây dựng đã có \
                    công văn 4476/BXD-TCCB gửi các cơ quan, đơn vị thuộc Bộ Xây dựng về việc triển khai Tháng hành động \
                    năm 2021.\n\nThực hiện Văn bản số 3496/LĐTBXH-BĐG ngày 07/10/2021 của Bộ Lao động - Thương binh và \
                    Xã hội, Bộ Xây dựng triển khai như sau:\n\nBộ Xây dựng yêu cầu các cơ quan, đơn vị triển khai Tháng \
                    hành động và báo cáo kết quả thực hiện.\n";
        let letter = &parse(news)[0];
        assert_eq!(
            (letter.doc_type.as_deref(), letter.full_code.as_deref()),
            (Some("Công văn"), Some("4476/BXD-TCCB"))
        );
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Xây dựng"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2021, 10, 29));
        assert_eq!(letter.recipients, ["các cơ quan, đơn vị thuộc Bộ Xây dựng"]);
        assert_eq!(letter.subject.as_deref(), Some("về việc triển khai Tháng hành động năm 2021"));
        let codes: Vec<&str> = letter.references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["3496/LĐTBXH-BĐG"]);
        assert_eq!(letter.assignments.len(), 1);
        assert_eq!(letter.assignments[0].lead, "các cơ quan, đơn vị");
        let headline = "Kế hoạch thực hiện công tác bình đẳng giới năm 2022\n\nĐăng ngày 09 - 03 - 2022\n\nNgày 04/3/2022, \
                        Ủy ban nhân dân tỉnh ban hành Kế hoạch số 38/KH-UBND về thực hiện công tác bình đẳng giới năm \
                        2022. Kế hoạch xác định 06 nội dung trọng tâm.\n\nTin mới nhất\n";
        let letter = &parse(headline)[0];
        assert_eq!(letter.subject.as_deref(), Some("về thực hiện công tác bình đẳng giới năm 2022"));
        assert_eq!((letter.full_code.as_deref(), letter.issuer.as_deref()), (Some("38/KH-UBND"), None));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2022, 3, 4));
        let office = "Quyết tâm thực hiện Nghị quyết Đại hội Đảng bộ tỉnh Lạng Sơn lần thứ XVII\n\nVăn phòng UBND tỉnh \
                      ban hành Công văn số 635/VP-KGVX, ngày 24/2/2021 truyền đạt ý kiến chỉ đạo về công tác bình đẳng \
                      giới năm 2021.\n";
        let letter = &parse(office)[0];
        assert_eq!(
            (letter.full_code.as_deref(), letter.date),
            (Some("635/VP-KGVX"), NaiveDate::from_ymd_opt(2021, 2, 24))
        );
        assert_eq!(letter.issuer.as_deref(), Some("Văn phòng UBND tỉnh Lạng Sơn"));
        assert!(letter.references.is_empty());
    }

    #[test]
    fn a_communes_notice_without_header_names_its_body_and_no_cited_date() {
        let notice = "Thông báo ngày bầu cử Trưởng ấp nhiệm kỳ VII\n\n  Căn cứ Công văn số 5382/UBND-TH, ngày 20 \
                      tháng 10 năm 2015 của Ủy ban Nhân dân tỉnh Bến Tre về việc chuẩn bị bầu cử;\n\n  Căn cứ Kế hoạch \
                      liên tịch số 4103/KHLT-UBND-BTT.UBMTTQ ngày 02 tháng 11 năm 2015 về tổ chức bầu cử;\n\n  Ủy ban \
                      nhân dân xã Mỹ Thạnh thông báo chính thức ngày bầu cử là ngày 27 tháng 12 năm 2015./.\n";
        let letter = &parse(notice)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Thông báo"));
        assert_eq!(letter.issuer.as_deref(), Some("UBND xã Mỹ Thạnh"));
        assert_eq!(letter.date, None);
        let types: Vec<&str> = letter.references.iter().map(|r| r.doc_type.as_str()).collect();
        assert_eq!(types, ["Công văn", "Kế hoạch liên tịch"]);
    }

    #[test]
    fn a_type_name_wrapped_in_its_cell_and_a_departments_authority_end_the_title() {
        let wrapped = "ỦY BAN NHÂN DÂN\nTỈNH TRÀ VINH\n|\nSố: 778/QĐ-UBND\n|\nTrà Vinh, ngày 26 tháng 4 năm 2022\n|\nQUYẾT\n\
                       ĐỊNH\nBAN\nHÀNH KẾ HOẠCH TRUYỀN THÔNG\nỦY BAN NHÂN DÂN\nTỈNH TRÀ VINH\nCăn cứ Luật Tổ chức \
                       chính quyền địa phương;\n";
        let letter = &parse(wrapped)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Quyết định"));
        assert_eq!(letter.subject.as_deref(), Some("BAN HÀNH KẾ HOẠCH TRUYỀN THÔNG"));
        let department = "BỘ Y TẾ\nCỤC QUẢN LÝ DƯỢC\n|\nSố: 397/QĐ-QLD\n|\nHà Nội, ngày 02 tháng 06 năm 2023\n|\n\
                          QUYẾT ĐỊNH\nVỀ\nVIỆC BAN HÀNH QUY TRÌNH\nCỤC TRƯỞNG CỤC QUẢN LÝ DƯỢC\nCăn cứ Nghị định số \
                          95/2022/NĐ-CP ngày 15/11/2022;\n";
        assert_eq!(parse(department)[0].subject.as_deref(), Some("VỀ VIỆC BAN HÀNH QUY TRÌNH"));
    }

    #[test]
    fn names_cut_bare_or_of_a_department_are_written_whole() {
        let department = "BỘ Y TẾ\nCỤC QUẢN LÝ DƯỢC\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 844/QĐ-QLD\n\n\
                          Hà Nội, ngày 23 tháng 12 năm 2022\n\nQUYẾT ĐỊNH\n\nVỀ VIỆC BAN HÀNH QUY TRÌNH\n";
        let letter = &parse(department)[0];
        assert_eq!(
            (letter.issuer.as_deref(), letter.parent_issuer.as_deref()),
            (Some("Cục Quản lý Dược"), Some("Bộ Y tế"))
        );
        let cut = "BỘ VĂN HOÁ, THỂ THAO | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 274/CT-BVHTTDL | Hà Nội, ngày 23 tháng \
                   9 năm 2022 |\nTrong thời gian qua, các hoạt động văn hóa đã đi vào nề nếp.\n";
        assert_eq!(parse(cut)[0].issuer.as_deref(), Some("Bộ Văn hóa, Thể thao và Du lịch"));
        let bare = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 2022/KH-UBND | Thành phố Hồ Chí Minh, \
                    ngày 13 tháng 5 năm 2014 |\nKẾ HOẠCH\nTRIỂN KHAI THÁNG HÀNH ĐỘNG VÌ TRẺ EM NĂM 2014\n";
        assert_eq!(parse(bare)[0].issuer.as_deref(), Some("UBND thành phố Hồ Chí Minh"));
    }

    #[test]
    fn coordinators_joined_by_va_and_a_leads_short_name() {
        let text = "UBND TỈNH X\nSố: 778/QĐ-UBND\nX, ngày 26 tháng 4 năm 2022\nQUYẾT ĐỊNH\nBAN HÀNH KẾ HOẠCH\n\
                    QUYẾT ĐỊNH:\nĐiều 2. Giao Giám đốc Sở Lao động - Thương binh và Xã hội (LĐ-TB&XH) chủ trì, phối hợp \
                    với Thủ trưởng các sở, ban, ngành tỉnh có liên quan và Chủ tịch Ủy ban nhân dân các huyện, thị xã, \
                    thành phố triển khai thực hiện Quyết định này.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.assignments.len(), 1);
        let a = &letter.assignments[0];
        assert_eq!(a.lead, "Giám đốc Sở Lao động - Thương binh và Xã hội");
        assert_eq!(
            a.coordinators,
            [
                "Thủ trưởng các sở, ban, ngành tỉnh có liên quan",
                "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố"
            ]
        );
        assert_eq!(a.action, "Triển khai thực hiện Quyết định này");
    }

    #[test]
    fn a_copy_that_starts_at_a_wrapped_kinh_gui() {
        let text = "Kính\ngửi:\n|\n- Các bộ, cơ quan ngang\nbộ, cơ quan thuộc Chính phủ;\n- Cơ quan Trung ương của các \
                    đoàn thể.\n|\nThực hiện Nghị quyết số\n28/NQ-CP ngày 03/3/2021 của Chính phủ, Bộ Lao động - Thương \
                    binh và Xã hội hướng dẫn triển khai với các nội dung\nchính sau:\n1. Mục đích, yêu cầu\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Công văn"));
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Lao động - Thương binh và Xã hội"));
        assert_eq!(
            letter.recipients,
            ["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", "Cơ quan Trung ương của các đoàn thể"]
        );
    }

    #[test]
    fn a_one_line_text_layer_that_damaged_xa_hoi() {
        let text = "Nội dung Text: Quyết định số 5556/2021/QĐ-BYT\n\n  1. BỘ Y TẾ CỘNG HÒA XàHỘI CHỦ NGHĨA VIỆT NAM  Độc \
                    lập  Tự do  Hạnh phúc   Số: 5556/QĐBYT Hà Nội, ngày 04 tháng 12 năm 2021    QUYẾT ĐỊNH VỀ VIỆC PHÊ \
                    DUYỆT KẾ HOẠCH HÀNH ĐỘNG BỘ TRƯỞNG BỘ Y TẾ Căn cứ Nghị quyết số 88/2019/QH14 ngày 18/11/2019 của Quốc \
                    hội;\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Y tế"));
        assert_eq!((letter.full_code.as_deref(), letter.place.as_deref()), (Some("5556/QĐBYT"), Some("Hà Nội")));
        assert_eq!(letter.subject.as_deref(), Some("VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH HÀNH ĐỘNG"));
    }

    #[test]
    fn a_letter_flattened_into_one_line_is_not_its_own_reference() {
        let flat = "Công văn Số 614/BVHTTDL-GĐ ngày 28/02/2024 của Bộ Văn hóa, Thể thao và Du lịch V/v hướng dẫn tổ chức \
                    các hoạt động phòng, chống bạo lực gia đình năm 2024 Kính gửi: Sở Văn hóa, Thể thao và Du lịch các \
                    tỉnh. Thực hiện Quyết định số 1675/QĐ-TTg ngày 29/12/2023 của Thủ tướng Chính phủ, Bộ đề nghị các Sở \
                    xây dựng kế hoạch.\n";
        let letter = &parse(flat)[0];
        assert_eq!(letter.full_code.as_deref(), Some("614/BVHTTDL-GĐ"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2024, 2, 28));
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Văn hóa, Thể thao và Du lịch"));
        assert_eq!(
            letter.subject.as_deref(),
            Some("V/v hướng dẫn tổ chức các hoạt động phòng, chống bạo lực gia đình năm 2024")
        );
        let codes: Vec<&str> = letter.references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["1675/QĐ-TTg"]);
    }

    #[test]
    fn an_items_later_paragraph_dates_it_and_a_bracketed_short_name_is_dropped() {
        let text = "BAN TỔ CHỨC\nSố: 13/BTC-TĐKT\nV/v khen thưởng\nHà Nội, ngày 08 tháng 09 năm 2009\n\n\
                    Tiểu ban hướng dẫn và yêu cầu Ban Chỉ đạo các tỉnh (Ban Chỉ đạo cấp tỉnh) thực hiện một số nội dung \
                    sau:\n\n1. Lập hồ sơ theo quy định.\n\nHồ sơ gửi về trước ngày 31/01/2010.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.assignments.len(), 1);
        assert_eq!(letter.assignments[0].lead, "Ban Chỉ đạo các tỉnh");
        assert_eq!(letter.assignments[0].deadline, NaiveDate::from_ymd_opt(2010, 1, 31));
    }

    #[test]
    fn a_sentence_case_title_ends_where_the_preamble_opens() {
        let text = "ỦY BAN NHÂN DÂN\nXÃ TÂN HƯNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                    Số: 125/KH-UBND\nTân Hưng, ngày 05 tháng 11 năm 2025\nKẾ HOẠCH\n\
                    Tổ chức các hoạt động hưởng ứng Tháng hành động vì bình đẳng giới năm 2025\n\
                    Thực hiện Kế hoạch số 2345/KH-UBND ngày 20/10/2025 của UBND tỉnh, UBND xã ban hành Kế hoạch:\n\
                    I. MỤC ĐÍCH\n";
        let letter = &parse(text)[0];
        assert_eq!(
            letter.subject.as_deref(),
            Some("Tổ chức các hoạt động hưởng ứng Tháng hành động vì bình đẳng giới năm 2025")
        );
        // A Party plan's title in small letters, then its preamble.
        let text = "ĐẢNG ỦY PHƯỜNG KINH BẮC\nSố 12-KH/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\nKinh Bắc, ngày 03 tháng 9 năm 2025\n\
                    KẾ HOẠCH\nthực hiện Chỉ thị số 21-CT/TW của Ban Bí thư về công tác phụ nữ\n\
                    Thực hiện Kế hoạch số 45-KH/TU, ngày 12/8/2025 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ xây dựng \
                    kế hoạch như sau:\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.subject.as_deref(), Some("thực hiện Chỉ thị số 21-CT/TW của Ban Bí thư về công tác phụ nữ"));
        assert_eq!(letter.issuer.as_deref(), Some("Đảng ủy phường Kinh Bắc"));
        // A title whose wrapped line opens with a name goes on.
        let text = "UBND PHƯỜNG AN KHÁNH\nSố: 9/KH-UBND\nAn Khánh, ngày 05 tháng 11 năm 2025\nKẾ HOẠCH\n\
                    Tổ chức các hoạt động hưởng ứng\nTháng hành động vì bình đẳng giới năm 2025\nCăn cứ Luật.\n";
        let letter = &parse(text)[0];
        assert_eq!(
            letter.subject.as_deref(),
            Some("Tổ chức các hoạt động hưởng ứng Tháng hành động vì bình đẳng giới năm 2025")
        );
    }

    #[test]
    fn names_of_communes_wards_party_organs_and_mass_organisations() {
        let header = |name: &str| {
            let text = format!(
                "{name}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/KH-XX\n\
                 Hà Nội, ngày 05 tháng 11 năm 2025\nKẾ HOẠCH\nVề công tác bình đẳng giới\nCăn cứ Luật.\n"
            );
            let letter = parse(&text).remove(0);
            (letter.issuer, letter.parent_issuer)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(header("ĐẢNG ỦY XÃ TÂN HƯNG"), (some("Đảng ủy xã Tân Hưng"), None));
        assert_eq!(header("ỦY BAN NHÂN DÂN\nĐẶC KHU PHÚ QUỐC"), (some("UBND đặc khu Phú Quốc"), None));
        assert_eq!(
            header("UBND PHƯỜNG SÀI GÒN\nPHÒNG VĂN HÓA - XÃ HỘI"),
            (some("Phòng Văn hóa - Xã hội"), some("UBND phường Sài Gòn"))
        );
        assert_eq!(
            header("UBND XÃ AN PHÚ\nPHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ"),
            (some("Phòng Kinh tế, Hạ tầng và Đô thị"), some("UBND xã An Phú"))
        );
        assert_eq!(
            header("TỈNH ỦY ĐỒNG NAI\nBAN TUYÊN GIÁO VÀ DÂN VẬN"),
            (some("Ban Tuyên giáo và Dân vận"), some("Tỉnh ủy Đồng Nai"))
        );
        assert_eq!(
            header("ĐOÀN CHỦ TỊCH\nTRUNG ƯƠNG HỘI LIÊN HIỆP PHỤ NỮ VIỆT NAM"),
            (some("Đoàn Chủ tịch Trung ương Hội Liên hiệp Phụ nữ Việt Nam"), None)
        );
        assert_eq!(
            header("HỘI NÔNG DÂN VIỆT NAM\nBCH TỈNH NGHỆ AN"),
            (some("Ban Chấp hành tỉnh Nghệ An"), some("Hội Nông dân Việt Nam"))
        );
    }

    #[test]
    fn items_under_a_request_name_their_own_subject_and_coordinators_end_at_the_work() {
        let text = "UBND XÃ AN PHÚ\nSố: 210/UBND-VHXH\nV/v Tháng hành động\nAn Phú, ngày 12 tháng 11 năm 2025\n\
                    Kính gửi: Các ấp.\n\
                    Ủy ban nhân dân xã đề nghị các đơn vị như sau:\n\
                    1. Phòng Văn hóa - Xã hội chủ trì, phối hợp với Hội Liên hiệp Phụ nữ xã xây dựng kế hoạch.\n\
                    2. Trưởng các ấp tuyên truyền đến người dân.\n\
                    3. Giao Văn phòng HĐND và UBND xã theo dõi, đôn đốc.\n\
                    4. Tổ chức lễ mít tinh.\n\
                    Đề nghị Ủy ban Mặt trận Tổ quốc xã chủ trì, phối hợp với các đoàn thể giám sát việc thực hiện.\n\
                    Đảng ủy xã yêu cầu các chi bộ lãnh đạo, chỉ đạo tổ chức các hoạt động.\n\
                    UBND xã giao Trạm Y tế xã chủ trì, phối hợp với Công an xã tổ chức truyền thông.\n";
        let letter = &parse(text)[0];
        let leads: Vec<(&str, Vec<&str>)> = letter
            .assignments
            .iter()
            .map(|a| (a.lead.as_str(), a.coordinators.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            leads,
            [
                ("Phòng Văn hóa - Xã hội", vec!["Hội Liên hiệp Phụ nữ xã"]),
                ("Trưởng các ấp", vec![]),
                ("Văn phòng HĐND và UBND xã", vec![]),
                ("các đơn vị", vec![]),
                ("Ủy ban Mặt trận Tổ quốc xã", vec!["các đoàn thể"]),
                ("các chi bộ", vec![]),
                ("Trạm Y tế xã", vec!["Công an xã"]),
            ]
        );
    }

    #[test]
    fn a_code_with_its_year_takes_no_date_of_another_year() {
        let text = "UBND XÃ HÒA BÌNH\nSố: 150/KH-UBND\nHòa Bình, ngày 10 tháng 11 năm 2025\nKẾ HOẠCH\nVề bình đẳng giới\n\
                    Thực hiện Luật Bình đẳng giới số 73/2006/QH11 và Kế hoạch số 2345/KH-UBND ngày 20/10/2025 của UBND \
                    tỉnh; Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW ngày 12/12/2013.\n";
        let letter = &parse(text)[0];
        let dates: Vec<(&str, Option<NaiveDate>)> =
            letter.references.iter().map(|r| (r.full_code.as_str(), r.date)).collect();
        assert_eq!(
            dates,
            [
                ("73/2006/QH11", None),
                ("2345/KH-UBND", NaiveDate::from_ymd_opt(2025, 10, 20)),
                ("217-QĐ/TW", NaiveDate::from_ymd_opt(2013, 12, 12)),
                ("218-QĐ/TW", NaiveDate::from_ymd_opt(2013, 12, 12)),
            ]
        );
    }

    #[test]
    fn a_notice_opening_its_items_and_a_joint_circular_under_the_old_national_title() {
        let text = "Để bảo đảm trang trọng, UBND phường Phúc La thông báo:\n\
                    1. Đề nghị các tổ dân phố tháo dỡ băng rôn.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Thông báo"));
        assert_eq!(letter.issuer.as_deref(), Some("UBND phường Phúc La"));
        let text = "BỘ LAO ĐỘNG-BỘ NỘI VỤ\n******\n\nVIỆT NAM DÂN CHỦ CỘNG HÒA\nĐộc lập - Tự do - Hạnh phúc\n\
                    ********\n\nSố: 18-TT/LB\n\nHà Nội, ngày 18 tháng 10 năm 1961\n\nTHÔNG TƯ\n\n\
                    HƯỚNG DẪN THI HÀNH CHỈ THỊ SỐ 126/TTG\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Lao động - Bộ Nội vụ"));
        assert_eq!(letter.parent_issuer, None);
        assert_eq!(letter.full_code.as_deref(), Some("18-TT/LB"));
    }

    #[test]
    fn requests_to_heads_in_the_plural_to_joint_bodies_and_in_a_manner() {
        let text = "Ngày 24/5/2017, UBND tỉnh ban hành Công văn số 1536/UBND-TH.\n\n\
                    Chủ tịch UBND tỉnh yêu cầu lãnh đạo các sở, ban, ngành thuộc tỉnh, Chủ tịch UBND các \
                    huyện, thành phố, thủ trưởng các đơn vị có liên quan khẩn trương tổng hợp báo cáo.\n\n\
                    Báo cáo gửi về Ủy ban nhân dân tỉnh trước ngày 05/6/2017.\n";
        let a = &parse(text)[0].assignments;
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].lead,
            "lãnh đạo các sở, ban, ngành thuộc tỉnh; Chủ tịch UBND các huyện, thành phố; thủ trưởng các đơn vị có liên quan"
        );
        assert_eq!(a[0].deadline, NaiveDate::from_ymd_opt(2017, 6, 5));
        let text = "Bộ Y tế ban hành Công văn số 5645/BYT-BĐG.\n\nBộ đề nghị các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Cơ quan trung ương của các \
                    đoàn thể; Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương (gọi tắt là các bộ, \
                    ngành, địa phương) báo cáo kết quả năm 2023.\n";
        let a = &parse(text)[0].assignments;
        assert_eq!(
            a[0].lead,
            "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ; Cơ quan trung ương của các đoàn thể; Ủy ban nhân \
             dân các tỉnh, thành phố trực thuộc trung ương"
        );
        let text = "Sở Y tế ban hành Công văn số 10/SYT-VP.\n\nSở yêu cầu các phòng GDĐT, các đơn vị trực thuộc nghiêm túc chỉ đạo, thực hiện.\n";
        assert_eq!(parse(text)[0].assignments[0].lead, "các phòng GDĐT; các đơn vị trực thuộc");
        // What a cited letter asks, quoted after its code, is not a request of this one.
        let text = "Sở Y tế ban hành Công văn số 10/SYT-VP.\n\nCông văn số 356/LĐTBXH-BĐG ngày 19/02/2021 của Bộ: Đề nghị các bộ, cơ quan ngang bộ, cơ \
                    quan thuộc Chính phủ, UBND các tỉnh, thành phố trực thuộc Trung ương chỉ đạo các đơn vị.\n";
        assert!(parse(text)[0].assignments.is_empty());
    }

    #[test]
    fn a_sentence_pointing_back_to_its_headline_names_the_direction_and_its_letter() {
        let text = "Tăng cường bảo vệ trẻ em\n\n\
                    Đó chính là nội dung chỉ đạo của Ủy ban nhân dân tỉnh tại văn bản số 12/UBND- KGVX gửi các \
                    Sở, ban, ngành; UBND các huyện về việc tăng cường bảo vệ trẻ em.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("12/UBND-KGVX"));
        assert_eq!(letter.doc_type.as_deref(), Some("Công văn"));
        assert_eq!(letter.recipients, ["các Sở, ban, ngành", "UBND các huyện"]);
        assert_eq!(letter.subject.as_deref(), Some("về việc tăng cường bảo vệ trẻ em"));
        assert!(letter.references.is_empty());
        let text = "Đó là chỉ đạo của UBND tỉnh đối với các sở tại Công văn số 40/UBND-KT ngày 19/6 về việc \
                    phòng, chống dịch.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.date, None);
        assert_eq!(letter.subject.as_deref(), Some("về việc phòng, chống dịch"));
    }

    #[test]
    fn a_lead_in_with_vua_and_a_headline_naming_the_body() {
        let text = "Chỉ thị của Ban Thường vụ Tỉnh ủy về lãnh đạo đại hội phụ nữ các cấp\n\n\
                    Ban Thường vụ Tỉnh ủy vừa ban hành Chỉ thị số 02-CT/TU, ngày 26/11/2020 về lãnh đạo đại hội \
                    phụ nữ các cấp.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("02-CT/TU"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2020, 11, 26));
        assert_eq!(letter.subject.as_deref(), Some("về lãnh đạo đại hội phụ nữ các cấp"));
        assert!(letter.references.is_empty());
        let text = "UBND tỉnh Gia Lai vừa ban hành Kế hoạch số 2604/KH-UBND về triển khai Tháng hành động.\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("UBND tỉnh Gia Lai"));
    }

    #[test]
    fn a_lead_in_that_names_a_document_without_its_code() {
        let text = "(trang tin) – UBND tỉnh vừa ban hành kế hoạch về tổ chức các hoạt động hưởng ứng Ngày Quốc tế \
                    Phụ nữ năm 2024.\n\nUBND tỉnh yêu cầu các sở, ngành tuyên truyền về bình đẳng giới.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(letter.subject.as_deref(), Some("về tổ chức các hoạt động hưởng ứng Ngày Quốc tế Phụ nữ năm 2024"));
        assert_eq!(letter.issuer, None);
        let text = "Trang chủ\n\nNgày 5/3/2024, huyện Tân Phú có Kế hoạch thực hiện công tác gia đình năm 2024 \
                    với chủ đề: “Gia đình hạnh phúc”.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2024, 3, 5));
        assert_eq!(letter.subject.as_deref(), Some("thực hiện công tác gia đình năm 2024"));
        let text = "Hưởng ứng Ngày Gia đình Việt Nam, Sở Y tế xây dựng Kế hoạch tuyên truyền về gia đình năm \
                    2024, với mục đích nâng cao nhận thức của công chức.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Sở Y tế"));
        assert_eq!(letter.subject.as_deref(), Some("tuyên truyền về gia đình năm 2024"));
        // A plan one merely "has" in ordinary prose names no document.
        let text = "Các đơn vị có kế hoạch tuyên truyền trong tháng.\n";
        assert!(parse(text).first().is_none_or(|l| l.doc_type.is_none()));
    }

    #[test]
    fn a_bare_committee_in_a_city_under_the_centre() {
        let text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 12/KH-UBND | Đà Nẵng, ngày 3 \
                    tháng 4 năm 2023 |\nNăm 2023 là năm bản lề.\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("UBND thành phố Đà Nẵng"));
        let text = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\nSố: 7/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                    Hải Phòng, ngày 3 tháng 4 năm 2023\nKẾ HOẠCH\nVề bình đẳng giới\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("UBND thành phố Hải Phòng"));
        assert_eq!(header::central_city("TP.Hồ Chí Minh"), Some("Hồ Chí Minh"));
        assert_eq!(header::central_city("Vinh"), None);
    }

    #[test]
    fn an_office_named_with_its_ministry_is_the_office() {
        let text = "Văn phòng Bộ Y tế đã ban hành Công văn số 55/VP-TH về hưởng ứng Tháng hành động.\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("Văn phòng Bộ Y tế"));
        let text = "Bộ Y tế đã ban hành Công văn số 56/BYT-TCCB về hưởng ứng Tháng hành động.\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("Bộ Y tế"));
    }

    #[test]
    fn a_headerless_guidance_named_by_its_preamble() {
        let text = "HƯỚNG DẪN\nTổ chức hội nghị phụ nữ các cấp\nCăn cứ Điều lệ Hội; Ban Thường trực Uỷ ban Hội LHPN \
                    tỉnh Nam Định hướng dẫn tổ chức hội nghị như sau:\nI. Mục đích\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Hướng dẫn"));
        assert_eq!(letter.issuer.as_deref(), Some("Ban Thường trực Ủy ban Hội LHPN tỉnh Nam Định"));
    }

    #[test]
    fn an_outline_is_a_type() {
        let text = "ĐỀ CƯƠNG GIỚI THIỆU LUẬT BÌNH ĐẲNG GIỚI\n\nĐăng ngày 01-02-2024\n\nI. Mục đích\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Đề cương"));
        assert_eq!(letter.subject.as_deref(), Some("GIỚI THIỆU LUẬT BÌNH ĐẲNG GIỚI"));
    }

    #[test]
    fn party_codes_spaced_or_glued_before_their_symbol() {
        let text = "UBND XÃ AN BÌNH\nSố: 15/KH-UBND\nAn Bình, ngày 10 tháng 3 năm 2024\nKẾ HOẠCH\nVề công tác phụ nữ\n\
                    Căn cứ Kế hoạch số 12- KH/TU ngày 02/3/2020, Hướng dẫn số 34 HD/BTGTU ngày 5/4/2020 và Nghị \
                    quyết số 20NQ/TW ngày 25/10/2017.\n";
        let letter = &parse(text)[0];
        let codes: Vec<(&str, &str)> =
            letter.references.iter().map(|r| (r.doc_type.as_str(), r.full_code.as_str())).collect();
        assert_eq!(codes, [("Kế hoạch", "12-KH/TU"), ("Hướng dẫn", "34HD/BTGTU"), ("Nghị quyết", "20NQ/TW")]);
    }

    #[test]
    fn sentences_that_each_give_work_and_the_political_system_as_leads() {
        let body = "UBND tỉnh yêu cầu các sở, ngành tuyên truyền về bình đẳng giới. UBND tỉnh giao Sở Y tế chủ trì \
                    phối hợp với các địa phương kiểm tra công tác y tế.";
        let leads: Vec<(String, Vec<String>)> =
            assign::read_assignments(body, &[]).into_iter().map(|a| (a.lead, a.coordinators)).collect();
        assert_eq!(
            leads,
            [("các sở, ngành".to_string(), vec![]), ("Sở Y tế".to_string(), vec!["các địa phương".to_string()])]
        );
        let body = "Theo đó, Tỉnh ủy yêu cầu các cấp ủy đảng, chính quyền, Mặt trận Tổ quốc, các tổ chức chính trị - \
                    xã hội tuyên truyền sâu rộng về công tác phụ nữ.";
        let leads: Vec<String> = assign::read_assignments(body, &[]).into_iter().map(|a| a.lead).collect();
        assert_eq!(leads, ["các cấp ủy đảng; chính quyền; Mặt trận Tổ quốc; các tổ chức chính trị - xã hội"]);
    }

    #[test]
    fn a_glued_code_in_the_number_line_and_a_citation_wrapped_before_its_number() {
        let text = "BỘ Y TẾ\nSố: 512QĐ/ BYT\nHà Nội, ngày 2 tháng 3 năm 2015\nQUYẾT ĐỊNH\nVỀ VIỆC KIỆN TOÀN BAN\n\
                    Căn cứ Nghị định\nsố 75/2017/NĐ-CP ngày 20/6/2017 của Chính phủ;\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("512QĐ/BYT"));
        assert_eq!(letter.number.as_deref(), Some("512"));
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Y tế"));
        let codes: Vec<&str> = letter.references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["75/2017/NĐ-CP"]);
    }

    #[test]
    fn a_header_flattened_into_one_line_is_read_part_by_part() {
        // The subject ends where the place of issue begins, and the date is the place's, not
        // the one the subject cites.
        let letters = parse(
            "VĂN PHÒNG CHÍNH PHỦ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do – Hạnh phúc ------ \
             Số: 2734/VPCP-KGVX V/v thực hiện Chỉ thị 1408/CT-TTg ngày 01/9/2009 của Thủ tướng CP về tăng \
             cường bảo vệ trẻ em. Hà Nội, ngày 27 tháng 04 năm 2010 Kính gửi: Bộ Lao động – Thương binh và Xã \
             hội Xét đề nghị của Bộ, Phó Thủ tướng có ý kiến như sau.",
        );
        assert_eq!(letters[0].place.as_deref(), Some("Hà Nội"));
        assert_eq!(letters[0].date, chrono::NaiveDate::from_ymd_opt(2010, 4, 27));
        assert_eq!(
            letters[0].subject.as_deref(),
            Some("V/v thực hiện Chỉ thị 1408/CT-TTg ngày 01/9/2009 của Thủ tướng CP về tăng cường bảo vệ trẻ em")
        );
        // A table's cells run together: the title ends at the authority, which ends at the
        // preamble.
        let letters = parse(
            "| ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH ----- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - \
             Hạnh phúc ----------- | |---|---| | Số: 5129/QĐ-UBND | TP. Hồ Chí Minh, ngày 26 tháng 11 năm 2008 | \
             QUYẾT ĐỊNH VỀ NÂNG MỨC TRỢ CẤP ĐỐI VỚI NGƯỜI CÓ CÔNG GIÚP ĐỠ CÁCH MẠNG ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ \
             CHÍ MINH Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;",
        );
        assert_eq!(letters[0].doc_type.as_deref(), Some("Quyết định"));
        assert_eq!(letters[0].subject.as_deref(), Some("VỀ NÂNG MỨC TRỢ CẤP ĐỐI VỚI NGƯỜI CÓ CÔNG GIÚP ĐỠ CÁCH MẠNG"));
    }

    #[test]
    fn an_address_run_into_the_date_and_into_the_first_sentence() {
        let letters = parse(
            "BỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\nSố: 384/BYT-KCB V/v cấp \
             chứng chỉ hành nghề\nHà Nội, ngày 27 tháng 01 năm 2014 Kính gửi: Đ/c Chủ tịch Ủy ban nhân dân các \
             tỉnh, thành phố trực thuộc Trung ương Trong thời gian qua, các tỉnh đã khẩn trương chỉ đạo.\n",
        );
        assert_eq!(letters[0].date, chrono::NaiveDate::from_ymd_opt(2014, 1, 27));
        assert_eq!(letters[0].recipients, ["Đ/c Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]);
        // The number, summary, place and date and address on one line, the mottos above.
        let letters = parse(
            "BỘ KẾ HOẠCH VÀ ĐẦU TƯ ----------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n\
             Số: 3397/BKHĐT-QLKTTW V/v hướng dẫn áp dụng Điều 162 Luật DN 2014 Thành phố Hồ Chí Minh, ngày 23 \
             tháng 5 năm 2019 Kính gửi: Tổng công ty Khí Việt Nam Phúc đáp Công văn số 615/KVN-PC, Bộ có ý kiến.\n",
        );
        assert_eq!(letters[0].subject.as_deref(), Some("V/v hướng dẫn áp dụng Điều 162 Luật DN 2014"));
        assert_eq!(letters[0].place.as_deref(), Some("Thành phố Hồ Chí Minh"));
        assert_eq!(letters[0].recipients, ["Tổng công ty Khí Việt Nam"]);
        // "Kính gửi:" alone, a body's name closed by a full stop, then the first paragraph.
        let letters = parse(
            "SỞ TƯ PHÁP\nSố: 1234/STP-BTTP\nBình Thuận, ngày 16 tháng 5 năm 2025\n\nKính gửi:\n\nỦy ban nhân dân \
             tỉnh.\n\nSở Tư pháp nhận được Văn bản số 2377/UBND-NCKS ngày 13/5/2025\ncủa Văn phòng Ủy ban nhân dân \
             tỉnh.\n",
        );
        assert_eq!(letters[0].recipients, ["Ủy ban nhân dân tỉnh"]);
    }

    #[test]
    fn the_enacting_body_and_a_site_title_run_into_the_header() {
        // A law reprinted without its header is the National Assembly's, as its preamble says.
        let letters = parse(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLUẬT\nAN TOÀN, VỆ SINH LAO ĐỘNG\n\
             Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\
             Quốc hội ban hành Luật An toàn, vệ sinh lao động.\nChương I\nQUY ĐỊNH CHUNG\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Quốc hội"));
        let letters = parse(
            "Công văn 296/BHXH-CSYT năm 2021 do Bảo hiểm xã hội Việt Nam ban hành. BẢO HIỂM XÃ HỘI VIỆT NAM \
             --------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\nSố: 296/BHXH-CSYT V/v \
             hướng dẫn\nHà Nội, ngày 02 tháng 02 năm 2021\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Bảo hiểm xã hội Việt Nam"));
        // A chapter's heading that opens with the issuer's words does not lengthen its name.
        let letters = parse(
            "CHÍNH PHỦ\nSố: 118/2026/NĐ-CP\nHà Nội, ngày 03 tháng 4 năm 2026\nNGHỊ ĐỊNH\nVề cho vay\n\
             Chính phủ ban hành Nghị định về cho vay.\nChương I\nĐiều 1. Phạm vi\nChương II\n\
             CHÍNH PHỦ NƯỚC NGOÀI, ĐÀM PHÁN, KÝ KẾT\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Chính phủ"));
    }

    #[test]
    fn a_dispatch_and_a_programme_issued_with_a_decision() {
        let letters = parse(
            "CÔNG ĐIỆN\n\nSố: 02/CĐ-TW hồi 10 giờ 00 ngày 01/02/2014\n\nBAN CHỈ ĐẠO PHÒNG CHỐNG LỤT BÃO TRUNG ƯƠNG\n\
             - ỦY BAN QUỐC GIA TÌM KIẾM CỨU NẠN\n\nĐiện:\n\n- Ban Chỉ huy PCLB và TKCN các tỉnh;\n\
             - Ban Chỉ huy PCLB và TKCN các Bộ.\n\nTheo tin từ Trung tâm Dự báo, một cơn bão đang hoạt động.\n",
        );
        assert_eq!(
            letters[0].issuer.as_deref(),
            Some("Ban Chỉ đạo phòng chống lụt bão Trung ương - Ủy ban Quốc gia tìm kiếm cứu nạn")
        );
        assert_eq!(letters[0].date, NaiveDate::from_ymd_opt(2014, 2, 1));
        assert_eq!(letters[0].recipients, ["Ban Chỉ huy PCLB và TKCN các tỉnh", "Ban Chỉ huy PCLB và TKCN các Bộ"]);
        let letters = parse(
            "CHƯƠNG TRÌNH Hành động thực hiện Nghị quyết Đại hội XI của Đảng\n\n(Ban hành theo Quyết định số \
             1053/QĐ-BVHTTDL ngày 28 tháng 3 năm 2011 của\nBộ trưởng Bộ Văn hoá, Thể thao và Du lịch)\n\nPhần 1\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Bộ Văn hóa, Thể thao và Du lịch"));
    }

    #[test]
    fn an_organ_of_the_central_committee_under_the_party_name_wrapped() {
        let letters = parse(
            "BAN CHẤP HÀNH\nTRUNG ƯƠNG\nBAN TỔ CHỨC\n*****\n|\nĐẢNG CỘNG SẢN\nVIỆT NAM\n---------------\n\
             Số 45-HD/BTCTW\nHà Nội, ngày 12 tháng 5 năm 2025\nHƯỚNG DẪN\nMột số vấn đề về công tác tổ chức\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Ban Tổ chức Trung ương"));
        assert_eq!(letters[0].parent_issuer.as_deref(), Some("Ban Chấp hành Trung ương"));
    }

    #[test]
    fn a_ministry_alone_over_a_general_department_code_and_a_title_part_ending_in_a_semicolon() {
        let letters = parse(
            "BỘ TÀI CHÍNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 755/TCHQ-GSQL | Hà Nội, ngày 11 tháng 02 năm \
             2020 |\nKính gửi: Cục Hải quan các tỉnh, thành phố.\nTổng cục Hải quan yêu cầu các Cục thực hiện.\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Tổng cục Hải quan"));
        assert_eq!(letters[0].parent_issuer.as_deref(), Some("Bộ Tài chính"));
        let letters = parse(
            "UBND HUYỆN X\nSố: 12/BC-UBND\nBÁO CÁO\n\nKết quả thực hiện các chỉ tiêu 6 tháng đầu năm;\n\n\
             Phương hướng nhiệm vụ 6 tháng cuối năm 2012\n\nI. KẾT QUẢ\n",
        );
        assert_eq!(
            letters[0].subject.as_deref(),
            Some("Kết quả thực hiện các chỉ tiêu 6 tháng đầu năm; Phương hướng nhiệm vụ 6 tháng cuối năm 2012")
        );
    }

    #[test]
    fn an_agency_head_deciding_in_own_name_ends_the_title() {
        let letters = parse(
            "BẢO HIỂM XÃ HỘI VIỆT NAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\nSố:\n\
             1666/QĐ-BHXH\nHà Nội, ngày 03 tháng 12 năm 2020 QUYẾT ĐỊNH BAN HÀNH MẪU THẺ BẢO HIỂM Y TẾ TỔNG GIÁM \
             ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM\nCăn cứ Luật Bảo hiểm y tế ngày 14 tháng 11 năm 2008;\n",
        );
        assert_eq!(letters[0].subject.as_deref(), Some("BAN HÀNH MẪU THẺ BẢO HIỂM Y TẾ"));
        // An office the decision fills is no authority.
        let letters = parse(
            "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH\nSố: 12/QĐ-UBND\nNam Định, ngày 3 tháng 4 năm 2024 QUYẾT ĐỊNH VỀ VIỆC \
             BỔ NHIỆM GIÁM ĐỐC SỞ Y TẾ\nCăn cứ Luật Tổ chức chính quyền địa phương;\n",
        );
        assert_eq!(letters[0].subject.as_deref(), Some("VỀ VIỆC BỔ NHIỆM GIÁM ĐỐC SỞ Y TẾ"));
    }

    #[test]
    fn union_and_school_names_a_wrapped_authority_and_a_wrapped_summary() {
        assert_eq!(org_case("TỈNH ĐOÀN NGHỆ AN"), "Tỉnh đoàn Nghệ An");
        assert_eq!(
            super::header::agency_name("BCH ĐOÀN TRƯỜNG ĐẠI HỌC VINH").as_deref(),
            Some("Ban Chấp hành Đoàn Trường Đại học Vinh")
        );
        let letters = parse(
            "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nSố: 12/SVHTTDL-QLTDTT\n\nV/v tạm hoãn tổ chức Giải Bóng đá\n\n\
             Thiếu niên, Nhi đồng năm 2021\n\nLạng Sơn, ngày 5 tháng 6 năm 2021\nKính gửi: Sở Giáo dục và Đào tạo\n\
             Sở thông báo tạm hoãn./.\nNơi nhận:\n- Như trên;\nTM. ỦY BAN\nNHÂN DÂN\nCHỦ TỊCH\nNguyễn Đức Cường\n",
        );
        assert_eq!(
            letters[0].subject.as_deref(),
            Some("V/v tạm hoãn tổ chức Giải Bóng đá Thiếu niên, Nhi đồng năm 2021")
        );
        assert_eq!(letters[0].signer_title.as_deref(), Some("Chủ tịch"));
        assert_eq!(letters[0].signing_authority_prefix.as_deref(), Some("TM."));
        // A bare committee issuing from a provincial town, its title naming the province.
        let letters = parse(
            "UỶ BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 05/2007/CT-UBND | Thị xã Cao Lãnh, ngày \
             01 tháng 02 năm 2007 |\nCHỈ THỊ\nVỀ VIỆC PHÒNG, CHỐNG DỊCH BỆNH TRÊN GIA SÚC, GIA CẦM TỈNH ĐỒNG THÁP\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("UBND tỉnh Đồng Tháp"));
    }

    #[test]
    fn gazette_sections_annex_headings_and_titles_run_into_the_date() {
        // The gazette's section heading over the document is no body.
        let letters = parse(
            "CÔNG BÁO/Số 1271 + 1272/Ngày 11-9-2025\n2\nVĂN BẢN QUY PHẠM PHÁP LUẬT\n\nCHÍNH PHỦ\n\nSố: \
             233/2025/NĐ-CP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 26 tháng 8 \
             năm 2025\nNGHỊ ĐỊNH\nQuy định cơ chế tài chính\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Chính phủ"));
        // The title run into the place and date, its authority ending the line; a site's title
        // sentence before the header cells, whose first cell holds parent and issuer.
        let letters = parse(
            "Công văn 1227/QĐ-BYT. BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \
             Độc lập - Tự do - Hạnh phúc\nSố: 1227/QĐ-BYT\nHà Nội, ngày 11 tháng 4 năm 2025 QUYẾT ĐỊNH VỀ VIỆC BAN \
             HÀNH DANH MỤC MÃ DÙNG CHUNG ĐỐI VỚI KỸ THUẬT (ĐỢT 1) BỘ TRƯỞNG BỘ Y TẾ\nCăn cứ Luật Khám bệnh;\n\
             KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Lê Thành Long QUY CHẾ TỔ CHỨC VÀ HOẠT ĐỘNG\n",
        );
        assert_eq!(letters[0].parent_issuer.as_deref(), Some("Bộ Tài chính"));
        assert_eq!(
            letters[0].subject.as_deref(),
            Some("VỀ VIỆC BAN HÀNH DANH MỤC MÃ DÙNG CHUNG ĐỐI VỚI KỸ THUẬT (ĐỢT 1)")
        );
        assert_eq!(letters[0].signer_name.as_deref(), Some("Lê Thành Long"));
        assert_eq!(letters[0].signer_title.as_deref(), Some("Phó Thủ tướng"));
    }

    #[test]
    fn a_listing_heading_and_a_portal_item_name_their_type() {
        let letters = parse(
            "TƯ VẤN & DỊCH VỤ |\nTHÔNG TƯ15/2017/TT-BCT\nngày\n31 tháng 8 năm 2017\nQUY ĐỊNH, HƯỚNG DẪN THỰC HIỆN \
             MỘT SỐ NỘI DUNG CỦA NGHỊ ĐỊNH\nSỐ 68/2017/NĐ-CP NGÀY 25 THÁNG 5 NĂM 2017 CỦA CHÍNH PHỦ\nCăn cứ Nghị \
             định số 98/2017/NĐ-CP ngày 18 tháng 8 năm 2017 của Chính phủ;\n",
        );
        assert_eq!(letters[0].full_code.as_deref(), Some("15/2017/TT-BCT"));
        assert_eq!(letters[0].doc_type.as_deref(), Some("Thông tư"));
        let letters = parse(
            "Thông báo\n(04/09/2022 09:49:30)\nVề việc nghỉ lễ và treo cờ Tổ quốc\n\nChủ tịch Ủy ban nhân dân \
             phường thông báo như sau:\n",
        );
        assert_eq!(letters[0].doc_type.as_deref(), Some("Thông báo"));
        assert_eq!(letters[0].subject.as_deref(), Some("Về việc nghỉ lễ và treo cờ Tổ quốc"));
    }

    #[test]
    fn a_header_flattened_column_by_column() {
        let letters = parse(
            "BỘ NỘI VỤ –––– Số: 03/2005/TT-BNV CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc \
             –––––––– Hà Nội, ngày 05 tháng 01 năm 2005 THÔNG TƯ HƯỚNG DẪN THỰC HIỆN CHẾ ĐỘ PHỤ CẤP Căn cứ Nghị \
             định số 45/2003/NĐ-CP ngày 09/5/2003;",
        );
        assert_eq!(letters[0].full_code.as_deref(), Some("03/2005/TT-BNV"));
        assert_eq!(letters[0].issuer.as_deref(), Some("Bộ Nội vụ"));
        assert_eq!(letters[0].subject.as_deref(), Some("HƯỚNG DẪN THỰC HIỆN CHẾ ĐỘ PHỤ CẤP"));
    }

    #[test]
    fn a_flattened_title_ends_where_the_body_begins() {
        let read = |text: &str| parse(text)[0].subject.clone();
        assert_eq!(
            read(
                "UBND TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 12/KH-UBND \
                 Nghệ An, ngày 1 tháng 4 năm 2025 KẾ HOẠCH TRIỂN KHAI XÂY DỰNG XÃ, PHƯỜNG KHÔNG MA TÚY GIAI ĐOẠN \
                 2025 - 2030 Thực hiện Kết luận số 132-KL/TW ngày 18/3/2025 của Bộ Chính trị, UBND tỉnh ban hành."
            )
            .as_deref(),
            Some("TRIỂN KHAI XÂY DỰNG XÃ, PHƯỜNG KHÔNG MA TÚY GIAI ĐOẠN 2025 - 2030")
        );
        assert_eq!(
            read(
                "HỘI LHPN HUYỆN X CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 05/KH-HLHPN \
                 X, ngày 2 tháng 3 năm 2019 KẾ HOẠCH về thực hiện công tác bình đẳng giới năm 2019 Mục đích của Kế \
                 hoạch nhằm nâng cao nhận thức của hội viên."
            )
            .as_deref(),
            Some("về thực hiện công tác bình đẳng giới năm 2019")
        );
    }

    #[test]
    fn a_title_part_left_unfinished_goes_on_past_a_blank_line() {
        let letters = parse(
            "KẾ HOẠCH\n\nThực hiện công tác tuyên truyền Đại hội Đoàn các cấp\n\ntiến tới Đại hội đại biểu Đoàn \
             huyện Lấp Vò lần thứ XII,\n\nĐại hội đại biểu Đoàn tỉnh Đồng Tháp lần thứ XI và\n\nĐại hội đại biểu \
             toàn quốc lần thứ XII\n\n----------------\n\nCăn cứ Kế hoạch số 246-KH/TĐTN-TCKT.\n",
        );
        assert_eq!(
            letters[0].subject.as_deref(),
            Some(
                "Thực hiện công tác tuyên truyền Đại hội Đoàn các cấp tiến tới Đại hội đại biểu Đoàn huyện Lấp Vò \
                 lần thứ XII, Đại hội đại biểu Đoàn tỉnh Đồng Tháp lần thứ XI và Đại hội đại biểu toàn quốc lần thứ XII"
            )
        );
    }

    #[test]
    fn a_resolution_dated_by_the_sentence_that_adopts_it() {
        let letters = parse(
            "ỦY BAN THƯỜNG VỤ QUỐC HỘI\nSố: 25/2025/UBTVQH15\nNGHỊ QUYẾT\nVề mức chi\nĐiều 1. Mức chi.\n\
             Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ\nnghĩa Việt Nam khóa XV, \
             phiên họp thứ 47 thông qua ngày 10 tháng 7 năm 2025.\nTM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHỦ TỊCH\n",
        );
        assert_eq!(letters[0].date, chrono::NaiveDate::from_ymd_opt(2025, 7, 10));
        // A law it cites as passed on a date does not date it.
        let letters = parse(
            "ỦY BAN THƯỜNG VỤ QUỐC HỘI\nSố: 25/2025/UBTVQH15\nNGHỊ QUYẾT\nVề mức chi\nCăn cứ Luật Bảo hiểm \
             xã hội được Quốc hội thông qua ngày 29 tháng 6 năm 2024.\nĐiều 1. Mức chi.\n",
        );
        assert_eq!(letters[0].date, None);
    }

    #[test]
    fn a_party_committee_named_in_a_news_lead_in() {
        let letters = parse(
            "Chương trình thực hiện Chỉ thị 13-CT/TW của Ban Bí thư\n\nNgày 23/8/2017, Tỉnh Ủy Thừa Thiên Huế \
             đã ban hành Chương trình số 27-CTr/TU về thực hiện Chỉ thị 13-CT/TW của Ban Bí thư.\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Tỉnh ủy Thừa Thiên Huế"));
        assert_eq!(letters[0].full_code.as_deref(), Some("27-CTr/TU"));
        // An editor's note labels the lead-in; the term a committee serves is no part of its name.
        let letters = parse(
            "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh khóa XIII về huy động nguồn lực\n\nLTS: Ngày 14-11-2016, \
             Ban Chấp hành Đảng bộ tỉnh khóa XIII đã ban hành Nghị quyết số 10-NQ/TU về huy động nguồn lực.\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("Ban Chấp hành Đảng bộ tỉnh"));
        assert_eq!(letters[0].date, chrono::NaiveDate::from_ymd_opt(2016, 11, 14));
    }

    #[test]
    fn a_hyphened_province_wrapped_in_its_cell() {
        let letters = parse(
            "ỦY BAN NHÂN DÂN\nTỈNH BÀ RỊA-VŨNG TÀU\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n\
             Độc lập - Tự do - Hạnh phúc\n|\nSố: 06/CT-UBND\n|\nBà Rịa - Vũng\nTàu, ngày 30 tháng 7 năm 2024\n|\n\
             CHỈ THỊ\nVỀ TĂNG CƯỜNG AN TOÀN GIAO THÔNG\n",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("UBND tỉnh Bà Rịa-Vũng Tàu"));
        assert_eq!(letters[0].place.as_deref(), Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(letters[0].date, chrono::NaiveDate::from_ymd_opt(2024, 7, 30));
    }

    #[test]
    fn a_name_loses_a_rule_and_a_bracket_it_did_not_open() {
        for (printed, name) in [
            ("Bộ Lao động - Thương binh và Xã hội - - - - - - -", "Bộ Lao động - Thương binh và Xã hội"),
            ("UBND tỉnh Thanh Hoá)", "UBND tỉnh Thanh Hoá"),
            ("Sở Lao động - Thương binh và Xã hội (LĐ-TB&XH)", "Sở Lao động - Thương binh và Xã hội (LĐ-TB&XH)"),
        ] {
            let mut tidied = printed.to_string();
            tidy_name(&mut tidied);
            assert_eq!(tidied, name);
        }
    }

    #[test]
    fn a_committee_is_of_a_province_the_list_holds() {
        // "… của UBND tỉnh Triển khai …" names no province; a provincial capital as the place
        // of issue gives way to the province the text names.
        let letters = parse(
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 72/2006/QĐ-UBND | Pleiku, ngày 14 \
             tháng 9 năm 2006 |\nQUYẾT ĐỊNH\nBAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA TỈNH GIA LAI\nỦY BAN NHÂN DÂN \
             TỈNH\nCăn cứ kế hoạch 4377/KH-UBND của UBND tỉnh Triển khai Đề án trên địa bàn tỉnh Gia Lai;",
        );
        assert_eq!(letters[0].issuer.as_deref(), Some("UBND tỉnh Gia Lai"));
    }

    #[test]
    fn an_organ_under_its_organisation_and_a_province_as_place() {
        let text = "HỘI LIÊN HIỆP PHỤ NỮ BÌNH PHƯỚC\nBAN THƯỜNG VỤ\nBình Phước, ngày 5 tháng 3 năm 2022\n\n\
                    KẾ HOẠCH TỔ CHỨC\nNGÀY QUỐC TẾ PHỤ NỮ\n\nI. Mục đích\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Ban Thường vụ Hội Liên hiệp Phụ nữ Bình Phước"));
        assert_eq!(letter.parent_issuer, None);
        assert_eq!(letter.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(letter.subject.as_deref(), Some("TỔ CHỨC NGÀY QUỐC TẾ PHỤ NỮ"));
        let text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 5/KH-UBND | Kon Tum, ngày 3 tháng 4 \
                    năm 2023 |\nNăm 2023 là năm bản lề.\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("UBND tỉnh Kon Tum"));
        assert_eq!(header::province("Khánh Hoà"), Some("Khánh Hòa"));
        assert_eq!(header::join_subject(&["ĐẾN NĂM2020, TẦM NHÌN".to_string()]), "ĐẾN NĂM 2020, TẦM NHÌN");
    }

    #[test]
    fn news_lead_ins_with_a_dateline_addressees_and_short_names() {
        let text = "(Trang tin) - UBND tỉnh Bến Tre vừa ban hành Kế hoạch số 12/KH-UBND ngày 3/4/2020 triển khai \
                    công tác gia đình năm 2020.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND tỉnh Bến Tre"));
        assert_eq!(letter.subject.as_deref(), Some("triển khai công tác gia đình năm 2020"));
        let text = "Sở Y tế đã ban hành Công văn số 7/SYT-VP chỉ đạo các đơn vị tuyên truyền.\n";
        assert_eq!(parse(text)[0].subject, None);
        let text = "Công điện về việc phòng, chống dịch\n\nNgày 5/8, Bộ Y tế có công điện số 07/CĐ-BYT gửi UBND \
                    các tỉnh, thành phố đề nghị tăng cường phòng, chống dịch về mùa mưa.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("07/CĐ-BYT"));
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Y tế"));
        assert_eq!(letter.recipients, ["UBND các tỉnh, thành phố"]);
        assert_eq!(letter.subject.as_deref(), Some("về việc phòng, chống dịch"));
        let leads: Vec<&str> = letter.assignments.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, ["UBND các tỉnh, thành phố"]);
        assert!(letter.references.is_empty());
        let text = "(Báo) -Bộ LĐ-TB&XH vừa có công văn 12/BLĐTBXH-TE ngày 1/6/2024 gửi UBND các tỉnh để hướng dẫn \
                    tổ chức Tết Trung thu.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Lao động - Thương binh và Xã hội"));
        assert_eq!(letter.recipients, ["UBND các tỉnh"]);
        assert_eq!(letter.subject, None);
        let text = "Trẻ em\n(01/06/2022)\nNhằm bảo vệ trẻ em; ngày 05/5/2022, Ủy ban nhân dân tỉnh ban hành Kế hoạch số \
                    8/KH-UBND về việc bảo vệ trẻ em (sau đây gọi là Kế hoạch).\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2022, 5, 5));
        assert_eq!(letter.subject.as_deref(), Some("về việc bảo vệ trẻ em"));
        let text = "Tin tức\n\n(Tin) – UBND TP.HCM vừa quyết định kiện toàn Ban Chỉ đạo về bình đẳng giới.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND thành phố Hồ Chí Minh"));
        assert_eq!(letter.doc_type.as_deref(), Some("Quyết định"));
        assert_eq!(letter.subject, None);
        let text = "Thủ tướng Chính phủ đã có Quyết định số 9/QĐ-TTg ngày 1-2-2010 về việc kiện toàn Ban vì sự tiến \
                    bộ của phụ nữ (VSTBPN) ở cấp tỉnh (sau đây gọi là Ban).\n";
        assert_eq!(
            parse(text)[0].subject.as_deref(),
            Some("về việc kiện toàn Ban vì sự tiến bộ của phụ nữ (VSTBPN) ở cấp tỉnh")
        );
    }

    #[test]
    fn a_purpose_clause_before_the_body_that_gives_work() {
        let body =
            "Nhằm tăng cường hoạt động, Thủ tướng giao Chủ tịch UBND cấp tỉnh quyết định thành lập Ban cấp huyện.";
        let leads: Vec<String> = assign::read_assignments(body, &[]).into_iter().map(|a| a.lead).collect();
        assert_eq!(leads, ["Chủ tịch UBND cấp tỉnh"]);
    }

    #[test]
    fn a_date_glued_to_ngay_and_an_en_dash_set_apart_in_a_symbol() {
        let text = "UBND XÃ AN PHÚ\nSố: 1/KH-UBND\nAn Phú, ngày 1 tháng 1 năm 2020\nKẾ HOẠCH\nVề gia đình\n\
                    Căn cứ Quyết định số 629/QĐ-TTg ngày29/5/2012 và Công văn số 426/BVHTTDL –GĐ ngày 13/02/2017.\n";
        let letter = &parse(text)[0];
        let refs: Vec<(&str, Option<NaiveDate>)> =
            letter.references.iter().map(|r| (r.full_code.as_str(), r.date)).collect();
        assert_eq!(
            refs,
            [
                ("629/QĐ-TTg", NaiveDate::from_ymd_opt(2012, 5, 29)),
                ("426/BVHTTDL–GĐ", NaiveDate::from_ymd_opt(2017, 2, 13))
            ]
        );
    }

    #[test]
    fn a_title_ends_at_a_head_of_two_offices_and_at_thi_hanh() {
        let text = "ỦY BAN DÂN TỘC\nSố: 98/QĐ-UBDT\nHà Nội, ngày 18 tháng 02 năm 2021\nQUYẾT ĐỊNH\n\
                    BAN HÀNH KẾ HOẠCH THỰC HIỆN ĐỀ ÁN\nGIẢM THIỂU TÌNH TRẠNG TẢO HÔN\n\
                    BỘ TRƯỞNG, CHỦ NHIỆM ỦY BAN DÂN TỘC\nCăn cứ Nghị định số 13/2017/NĐ-CP;\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.subject.as_deref(), Some("BAN HÀNH KẾ HOẠCH THỰC HIỆN ĐỀ ÁN GIẢM THIỂU TÌNH TRẠNG TẢO HÔN"));
        // An older circular's preamble opens with "Thi hành".
        let text = "BỘ NỘI VỤ\nSố: 03/2005/TT-BNV\nHà Nội, ngày 05 tháng 01 năm 2005\nTHÔNG TƯ\n\
                    Hướng dẫn thực hiện chế độ nâng bậc lương\ntrước thời hạn đối với cán bộ.\n\
                    Thi hành Nghị định số 204/2004/NĐ-CP ngày 14 tháng 12 năm 2004 của Chính\nphủ về chế độ tiền lương;\n";
        let letter = &parse(text)[0];
        assert_eq!(
            letter.subject.as_deref(),
            Some("Hướng dẫn thực hiện chế độ nâng bậc lương trước thời hạn đối với cán bộ")
        );
    }

    #[test]
    fn the_gazettes_title_names_the_body_code_and_date() {
        let text = "Quyết định về Ngày Gia đình\nDownload Thông tư số 07/2001/TT-BVCSTE hướng dẫn\nQUYẾT ĐỊNH\n\
                    CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 72/2001/QĐ-TTG NGÀY 04 THÁNG 5 NĂM 2001 VỀ NGÀY GIA ĐÌNH VIỆT NAM\n\
                    THỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm 1992;\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(letter.full_code.as_deref(), Some("72/2001/QĐ-TTG"));
        assert_eq!(letter.number.as_deref(), Some("72"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2001, 5, 4));
        assert_eq!(letter.subject.as_deref(), Some("VỀ NGÀY GIA ĐÌNH VIỆT NAM"));
        // What the page prints above the title is not the text.
        assert!(letter.references.is_empty());
        // Under a header that prints the code, the title stays as printed.
        let text = "BỘ XÂY DỰNG\nSố: 04/2001/TT-BXD\nHà Nội, ngày 20 tháng 8 năm 2001\nTHÔNG TƯ\n\
                    CỦA BỘ XÂY DỰNG SỐ 04/2001/TT-BXD NGÀY 20 THÁNG 8 NĂM 2001 HƯỚNG DẪN BỔ SUNG\n\nCăn cứ Luật.\n";
        let letter = &parse(text)[0];
        assert_eq!(
            letter.subject.as_deref(),
            Some("CỦA BỘ XÂY DỰNG SỐ 04/2001/TT-BXD NGÀY 20 THÁNG 8 NĂM 2001 HƯỚNG DẪN BỔ SUNG")
        );
    }

    #[test]
    fn a_second_number_shares_the_type_and_a_spaced_hyphen_keeps_a_small_letter() {
        let text = "UBND XÃ AN PHÚ\nSố: 1/KH-UBND\nAn Phú, ngày 1 tháng 1 năm 2020\nKẾ HOẠCH\nVề gia đình\n\
                    Xét tờ trình số 06/TTr-BVCSTE ngày 16 tháng 4 năm 2001 và số 256/BVCSTE ngày 23 tháng 4 năm 2001; \
                    Quyết định số 1679/QĐ- TTg ngày 22/11/2019.\n";
        let letter = &parse(text)[0];
        let refs: Vec<(&str, &str)> =
            letter.references.iter().map(|r| (r.doc_type.as_str(), r.full_code.as_str())).collect();
        assert_eq!(refs, [("Tờ trình", "06/TTr-BVCSTE"), ("Tờ trình", "256/BVCSTE"), ("Quyết định", "1679/QĐ-TTg")]);
    }

    #[test]
    fn an_addressee_wrapped_on_the_label_line_and_a_letter_described_by_its_act() {
        let text = "Kính gửi: Ủy ban nhân\ndân tỉnh, thành phố trực thuộc Trung ương\n\
                    Căn cứ Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ, Ủy ban Dân tộc hướng dẫn như sau:\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.recipients, ["Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương"]);
        // A công văn's summary is "về …": an act after its code describes it.
        let text = "UBND tỉnh vừa ban hành Công văn số 16235/UBND-VP thực hiện Chỉ thị 27/CT-TTg của Thủ tướng \
                    Chính phủ về công tác dân số.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("16235/UBND-VP"));
        assert_eq!(letter.subject, None);
        let text = "UBND tỉnh vừa ban hành Kế hoạch số 78/KH-UBND triển khai Chương trình hành động về gia đình.\n";
        assert_eq!(parse(text)[0].subject.as_deref(), Some("triển khai Chương trình hành động về gia đình"));
    }

    #[test]
    fn a_body_asking_for_work_sends_a_headless_text_and_an_answer_named_after_a_petition() {
        let text = "Thông báo\n\nĐể tổ chức các hoạt động nhân Ngày Gia đình Việt Nam. Sở Văn hóa và Thể thao đề nghị \
                    các Sở, ban ngành, đoàn thể tỉnh tổ chức các hoạt động truyền thông.\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("Sở Văn hóa và Thể thao"));
        // What a cited letter asks names its own sender.
        let text = "Tin tức\n\nThực hiện Công văn số 3711/UBND-KGVX của UBND tỉnh đề nghị các sở chỉ đạo dạy học.\n";
        assert_eq!(parse(text)[0].issuer, None);
        let text = "23. Ủy ban Dân tộc\n\n1. Cử tri tỉnh Bắc Kạn kiến nghị: tại văn bản số 1458/UBDT-VP135 ngày 31/12/2015 \
                    thì không có tên các xã.\n\nTrả lời: (Tại Công văn số 583/UBDT-CSDT ngày 20/6/2016)\n\n\
                    Ủy ban Dân tộc đã có văn bản số 1458/UBDT-VP135 ngày 31/12/2015 gửi Ủy ban nhân dân các tỉnh.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("583/UBDT-CSDT"));
        assert_eq!(letter.doc_type.as_deref(), Some("Công văn"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2016, 6, 20));
        assert_eq!(letter.issuer.as_deref(), Some("Ủy ban Dân tộc"));
        assert_eq!(letter.references.len(), 1);
    }

    #[test]
    fn a_page_reporting_a_document_always_gives_a_record_of_its_type() {
        // Never nothing: a page with words gives a record, its lists empty.
        let text = "Chị Phan Thị Ngọc Lợi được biểu dương toàn quốc.\n\nHUỲNH THỦY\n";
        let letters = parse(text);
        assert_eq!(letters.len(), 1);
        assert!(letters[0].recipients.is_empty() && letters[0].assignments.is_empty());
        assert!(parse("  \n | \n").is_empty());
        // The type a news item's sentences follow, and the one its first line opens with.
        let text = "“Gia đình: nguồn lực”\n\nTheo kế hoạch, tỉnh Hải Dương sẽ đẩy mạnh tuyên truyền.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Kế hoạch"));
        assert_eq!(letter.subject, None);
        let text = "Kế hoạch triển khai nhiệm vụ phòng, chống bạo lực gia đình năm 2019 với các nội dung:\n\
                    1. Các hoạt động truyền thông.\n";
        assert_eq!(parse(text)[0].doc_type.as_deref(), Some("Kế hoạch"));
        // "Theo quy định" means the rules in general; "Theo Kế hoạch số …" cites another.
        let text = "Tin tức\n\nTheo quy định, các xã phải báo cáo.\n";
        assert_eq!(parse(text)[0].doc_type, None);
        let text = "Chỉ thị của Chủ tịch Uỷ ban nhân dân tỉnh về việc tiếp tục đổi mới công tác dân vận.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Chỉ thị"));
        assert_eq!(letter.subject.as_deref(), Some("về việc tiếp tục đổi mới công tác dân vận"));
    }

    #[test]
    fn a_headline_opening_like_a_preamble_and_a_headline_type_giving_way_to_the_code() {
        let text = "Tìm kiếm tin tức\nThực hiện công tác bình đẳng giới năm 2019\nNgày cập nhật 29/03/2019\n\
                    Ngày 27/3/2019 UBND huyện đã ban hành Kế hoạch số 925/KH-UBND về thực hiện công tác bình đẳng \
                    giới năm 2019\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("925/KH-UBND"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2019, 3, 27));
        assert!(letter.references.is_empty());
        let text = "Hướng dẫn công tác bình đẳng giới năm 2017\n\n( Cập nhật lúc: 03/04/2017 )\n\
                    Ngày 28/3/2017 Ủy ban nhân dân tỉnh đã ban hành văn bản số 1288/UBND-KGVX về việc hướng dẫn \
                    thực hiện công tác bình đẳng giới năm 2017.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Công văn"));
        assert_eq!(letter.full_code.as_deref(), Some("1288/UBND-KGVX"));
        assert_eq!(letter.subject.as_deref(), Some("về việc hướng dẫn thực hiện công tác bình đẳng giới năm 2017"));
        // A preamble's first line wrapped at "số" is no headline.
        let text = "Kính gửi: Các bộ\nThực hiện Nghị quyết số\n28/NQ-CP ngày 03/3/2021 của Chính phủ, Bộ hướng \
                    dẫn như sau:\n";
        assert_eq!(parse(text)[0].subject, None);
    }

    #[test]
    fn a_known_agency_in_its_spelling_and_a_year_after_the_code() {
        let text = "Ngày 10/4/2025, Bộ Văn hoá, Thể thao và du lịch đã ban hành Công văn 1513/BVHTTDL-VHCSGĐTV năm \
                    2025 về việc hướng dẫn triển khai Tháng hành động quốc gia.\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Văn hóa, Thể thao và Du lịch"));
        assert_eq!(letter.full_code.as_deref(), Some("1513/BVHTTDL-VHCSGĐTV"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2025, 4, 10));
        assert_eq!(letter.subject.as_deref(), Some("về việc hướng dẫn triển khai Tháng hành động quốc gia"));
        // A date set off by commas after a purpose clause dates the document.
        let text = "Nhằm đẩy mạnh tuyên truyền, giáo dục pháp luật, ngày 13/11/2019, Ủy ban nhân dân thành phố Việt \
                    Trì đã ban hành Kế hoạch số 5252/KH-UBND về việc triển khai Tháng hành động.\n";
        assert_eq!(parse(text)[0].date, NaiveDate::from_ymd_opt(2019, 11, 13));
    }

    #[test]
    fn a_summary_begun_on_the_number_line_goes_on_in_small_letters() {
        let text = "BỘ LAO ĐỘNG- THƯƠNG BINH VÀ XÃ HỘI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 375/LĐTBXH-TE V/v\n\
                    hướng dẫn thực hiện công tác trẻ em năm 2021 | Hà Nội, ngày 23 tháng 02 năm 2021 |\nKính gửi: Ủy \
                    ban nhân dân các tỉnh\n";
        assert_eq!(parse(text)[0].subject.as_deref(), Some("V/v hướng dẫn thực hiện công tác trẻ em năm 2021"));
    }

    #[test]
    fn a_symbols_last_part_pushed_below_the_place_line_goes_on_with_it() {
        let text = "UBND HUYỆN NGA SƠN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nBAN CHỈ ĐẠO PCGD, XMC\n\nĐộc lập – Tự \
                    do – Hạnh phúc\n\nSố: 255 / BC-BCĐPCGD-\n\nNga Sơn, ngày 13 tháng 11 năm 2020\n\nXMC\n\nBÁO CÁO\n\
                    TÌNH HÌNH THỰC HIỆN\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.full_code.as_deref(), Some("255/BC-BCĐPCGD-XMC"));
        assert_eq!(letter.symbol.as_deref(), Some("BC-BCĐPCGD-XMC"));
    }

    #[test]
    fn a_headless_reply_names_its_writer_by_what_it_says() {
        let text = "**Kính gửi:** Thuế tỉnh An Giang\n\nCục Thuế nhận được công văn số 847/CCTKV20-QLDN1 ngày \
                    17/6/2025 của Thuế tỉnh An Giang hỏi về chính sách thuế.\n\nĐề nghị Thuế tỉnh An Giang căn cứ \
                    quy định để thực hiện./.\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("Cục Thuế"));
        let text = "**Kính gửi:** Công ty ABC\n\nVề vấn đề này, Bộ Tài chính có ý kiến như sau:\n1. Công ty thực \
                    hiện theo quy định./.\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("Bộ Tài chính"));
        // Another body's act is not the writer's voice.
        let text = "**Kính gửi:** Công ty ABC\n\nBộ Tài chính đã ban hành hướng dẫn về hóa đơn điện tử.\n";
        assert_eq!(parse(text)[0].issuer, None);
    }

    #[test]
    fn the_symbol_names_the_issuer_the_text_leaves_unnamed() {
        // A listing's entry: the code with hyphens for slashes, then the type (a mark lost).
        let letter = &parse("18-2019-TT-BGDĐT Thông tu ban hành quy định bồi dưỡng thường xuyên\n")[0];
        assert_eq!(letter.full_code.as_deref(), Some("18-2019-TT-BGDĐT"));
        assert_eq!((letter.number.as_deref(), letter.symbol.as_deref()), (Some("18"), Some("TT-BGDĐT")));
        assert_eq!(letter.doc_type.as_deref(), Some("Thông tư"));
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Giáo dục và Đào tạo"));
        assert_eq!(letter.subject, None);
        // Joint bodies after a joint type, the symbol broken by a space inside one's initials.
        let letter = &parse("Thông tư số 23/2015/TTLT-BGD ĐT-BNV về quy định chức danh nghề GV\n")[0];
        assert_eq!(letter.full_code.as_deref(), Some("23/2015/TTLT-BGDĐT-BNV"));
        assert_eq!(letter.issuer.as_deref(), Some("Bộ Giáo dục và Đào tạo - Bộ Nội vụ"));
        assert_eq!(letter.subject.as_deref(), Some("về quy định chức danh nghề GV"));
        // The Prime Minister's "TTg"; an unknown body's initials name nobody.
        assert_eq!(
            parse("Quyết định 468/QĐ-TTg Kiểm soát mất cân bằng giới tính\n")[0].issuer.as_deref(),
            Some("Thủ tướng Chính phủ")
        );
        assert_eq!(parse("Quyết định 468/QĐ-XYZ Kiểm soát mất cân bằng giới tính\n")[0].issuer, None);
    }

    #[test]
    fn a_law_is_titled_by_its_name() {
        // The title line of a law's listing: the name between the type and the number.
        let letter = &parse("LUẬT NGƯỜI CAO TUỔI SỐ 39/2009/QH12 NGÀY 23 THÁNG 11 NĂM 2009\n")[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Luật"));
        assert_eq!(letter.subject.as_deref(), Some("NGƯỜI CAO TUỔI"));
        assert_eq!(letter.full_code.as_deref(), Some("39/2009/QH12"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2009, 11, 23));
        assert_eq!(letter.issuer.as_deref(), Some("Quốc hội"));
        assert!(letter.references.is_empty());
        // A law's header: the legislature's name wrapped, the type word over the name.
        let text = "QUỐC\nHỘI\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\nLuật\nsố: \
                    89/2015/QH13\n|\nHà Nội, ngày 23 tháng 11 năm 2015\n|\nLUẬT\nTHỐNG KÊ\nCăn cứ Hiến pháp nước \
                    Cộng hòa xã hội chủ nghĩa Việt Nam;\n";
        let letter = &parse(text)[0];
        assert_eq!((letter.doc_type.as_deref(), letter.subject.as_deref()), (Some("Luật"), Some("THỐNG KÊ")));
        assert_eq!(letter.issuer.as_deref(), Some("Quốc hội"));
    }

    #[test]
    fn a_decision_keeps_its_type_over_the_plan_it_issues() {
        // The type word lost with its cell: the title under the header is the decision's, the
        // plan's heading below its articles is the annex's.
        let text = "THỦ TƯỚNG CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 1137/QĐ-TTg | Hà Nội, ngày 13 \
                    tháng 6 năm 2025 |\nBAN HÀNH KẾ HOẠCH TRIỂN KHAI HOẠT ĐỘNG HƯỞNG ỨNG NĂM 2025\nTHỦ TƯỚNG CHÍNH \
                    PHỦ\nCăn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành \
                    kèm theo Quyết định này Kế hoạch.\nKẾ HOẠCH\nTriển khai hoạt động hưởng ứng năm 2025\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Quyết định"));
        assert_eq!(letter.subject.as_deref(), Some("BAN HÀNH KẾ HOẠCH TRIỂN KHAI HOẠT ĐỘNG HƯỞNG ỨNG NĂM 2025"));
        // A title in capitals under the header ends where the preamble opens ("Thực hiện …").
        let text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 5971/KH-UBND | Ninh Thuận, ngày 01 \
                    tháng 11 năm 2021 |\nPHÒNG, CHỐNG MẠI DÂM GIAI ĐOẠN 2021-2025\nThực hiện Quyết định số \
                    1629/QĐ-TTg ngày 28/9/2021 của Thủ tướng Chính phủ.\n";
        assert_eq!(parse(text)[0].subject.as_deref(), Some("PHÒNG, CHỐNG MẠI DÂM GIAI ĐOẠN 2021-2025"));
    }

    #[test]
    fn a_chairman_s_authority_line_names_a_central_city_once() {
        for place in ["Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"] {
            let text = format!(
                "ỦY\nBAN NHÂN DÂN |\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 3819/QĐ-UBND |\n{place}, ngày 26 \
                 tháng 7 năm 2016 |\nCHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nCăn cứ Luật Tổ chức chính \
                 quyền địa phương ngày 19 tháng 6 năm 2015;\n"
            );
            assert_eq!(parse(&text)[0].issuer.as_deref(), Some("UBND thành phố Hồ Chí Minh"), "{place}");
            // Without the authority line, the level the text names with the committee.
            let text = text.replace("CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\n", "")
                + "Căn cứ Quyết định số 3639/QĐ-UBND ngày 16 tháng 7 năm 2012 của Ủy ban nhân dân thành phố;\n";
            assert_eq!(parse(&text)[0].issuer.as_deref(), Some("UBND thành phố Hồ Chí Minh"), "{place}");
        }
    }

    #[test]
    fn a_date_cell_wrapped_a_word_a_line() {
        // Escaped line breaks left "ngày" and the day alone on their lines.
        let text = "\\r\\n ỦY BAN NHÂN\\r\\n DÂN | \\r\\n CỘNG HÒA XÃ\\r\\n HỘI CHỦ NGHĨA VIỆT NAM | \\r\\n\n\\r\\n Số: \
                    3370/QĐ-UBND \\r\\n | \\r\\n Hà Nội,\\r\\n ngày\\r\\n 16\\r\\n tháng 9 năm 2022 \\r\\n |\nỦY BAN \
                    NHÂN DÂN THÀNH PHỐ HÀ NỘI\n\\r\\nCăn cứ Luật Tổ chức chính quyền địa phương;\n";
        let letter = &parse(text)[0];
        assert_eq!(letter.place.as_deref(), Some("Hà Nội"));
        assert_eq!(letter.date, NaiveDate::from_ymd_opt(2022, 9, 16));
        assert_eq!(letter.issuer.as_deref(), Some("UBND thành phố Hà Nội"));
    }

    #[test]
    fn requests_bounded_by_functions_or_needs_and_plural_dash_items() {
        // "cần" ends the lead as "phải" does.
        let text = "Số: 12/KH-UBND\n\nUBND tỉnh yêu cầu các cấp, ngành, địa phương cần tập trung thực hiện một số \
                    nhiệm vụ sau.\n";
        let leads: Vec<String> = parse(text)[0].assignments.iter().map(|a| a.lead.clone()).collect();
        assert_eq!(leads, ["các cấp, ngành, địa phương"]);
        // A dash item opening with bodies in the plural, the bounds of their functions between
        // them and the work.
        let text = "Số: 59/KH-UBND\n\n1. Mục tiêu\n- Các cơ quan, đơn vị và địa phương liên quan trên cơ sở chức \
                    năng nhiệm vụ được giao xây dựng kế hoạch thực hiện cụ thể.\n- Nâng cao nhận thức của người dân.\n";
        let leads: Vec<String> = parse(text)[0].assignments.iter().map(|a| a.lead.clone()).collect();
        assert_eq!(leads, ["Các cơ quan, đơn vị và địa phương liên quan"]);
        // What a cited letter asked, joined by "và" to its act, is no request of this one.
        let text = "Số: 5115/LĐTBXH-KHTC\nV/v chi trả trợ cấp\n\nNgày 16/8/2018 Bộ đã có Công văn số \
                    3395/LĐTBXH-KHTC gửi Tổng công ty Bưu điện Việt Nam về việc mở rộng thí điểm và đề nghị Tổng \
                    công ty Bưu điện Việt Nam cần có các giải pháp khắc phục tồn tại.\n";
        assert!(parse(text)[0].assignments.is_empty());
    }

    #[test]
    fn notes_at_the_foot_belong_to_the_first_document() {
        let form = "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 836/VBHN-BLĐTBXH \
                    Hà Nội, ngày 05 tháng 3 năm 2024\n\nTHÔNG TƯ\nHƯỚNG DẪN CHẾ ĐỘ\n\nĐiều 1. Phạm vi[1]\n\n\
                    Nơi nhận:\n- Lưu: VT.\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nNguyễn Bá Hoan\n\nMẫu số 01\n\
                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBIÊN BẢN\nXác nhận\n\n";
        for notes in [
            "[1] Thông tư số 08/2023/TT-BLĐTBXH ngày 29 tháng 8 năm 2023.\n\n\
             Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12 tháng 9 năm 2022;\n\n[2] Điều 5 Thông tư số 08/2023/TT-BLĐTBXH.\n",
            "1 Thông tư số 08/2023/TT-BLĐTBXH ngày 29 tháng 8 năm 2023.\n\n\
             Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12 tháng 9 năm 2022;\n\n2 Mẫu này được bãi bỏ.\n\n\
             3 Mẫu này được ban hành.\n",
        ] {
            let letters = parse(&format!("{form}{notes}"));
            let codes: Vec<&str> = letters[0].references.iter().map(|r| r.full_code.as_str()).collect();
            assert_eq!(codes, ["08/2023/TT-BLĐTBXH", "62/2022/NĐ-CP"], "{notes}");
        }
        // Numbers without brackets that do not run 1, 2, 3 are no notes.
        assert_eq!(super::foot_notes(&["1 Thông tư số 1/2020/TT-BTC", "2 Mẫu"], 0, 2), None);
    }

    #[test]
    fn ordinances_terms_glued_types_spaced_numbers_and_old_prints() {
        let text = "BỘ TÀI CHÍNH\nSố: 5/BTC-HCSN\nHà Nội, ngày 1 tháng 2 năm 2019\n\nKính gửi: Bộ Nội vụ\n\n\
                    Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng số 26/2005/PL-UBTVQH11 ngày 29 tháng 6 năm \
                    2005, Pháp lệnh số 04/2012/UBTVQH 13 ngày 16 tháng 7 năm 2012, đề nghị của Bộ tạicông văn số \
                    15871/BTC-HCSN ngày 10/11/2009, Kế hoạch số  510 /KH-UBND ngày 26/9/2022, Quyết định số 118/TTg \
                    ngày 27/02/1996 và Quyết định số 118/QĐ-TTg ngày 27/02/1996.\n";
        let letters = parse(text);
        let refs: Vec<(&str, &str)> =
            letters[0].references.iter().map(|r| (r.doc_type.as_str(), r.full_code.as_str())).collect();
        assert_eq!(
            refs,
            [
                ("Pháp lệnh", "26/2005/PL-UBTVQH11"),
                ("Pháp lệnh", "04/2012/UBTVQH13"),
                ("Công văn", "15871/BTC-HCSN"),
                ("Kế hoạch", "510/KH-UBND"),
                // One decision, in its fuller print.
                ("Quyết định", "118/QĐ-TTg"),
            ]
        );
    }

    #[test]
    fn a_scanners_page_marker_names_no_body() {
        for marker in ["PAGE 1", "Page 2 of 5", "Trang 3", "Trang 3/12"] {
            assert!(is_page_number(marker), "{marker}");
        }
        assert!(!is_page_number("Trang bị phương tiện"));
        let text = "# PAGE 1\n\nBỘ Y TẾ\nSố: 3467/QĐ-BYT\nHà Nội, ngày 14 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\nVề việc thử";
        let letter = &crate::parse(text)[0];
        assert_eq!((letter.issuer.as_deref(), letter.parent_issuer.as_deref()), (Some("Bộ Y tế"), None));
    }

    #[test]
    fn the_gazettes_running_page_header_is_not_a_citation() {
        for line in [
            "CÔNG BÁO/Số 731 + 732/Ngày 03-05-2023 ",
            "   CÔNG BÁO/Số 88/Ngày 14-02-2022",
            "Số 731 + 732/Ngày 03-05-2023/CÔNG BÁO",
        ] {
            assert!(super::is_page_number(line), "{line}");
        }
        for line in ["CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CÔNG BÁO/Số 88/Ngày đăng tải"]
        {
            assert!(!super::is_page_number(line), "{line}");
        }
        let text = "BỘ Y TẾ\nSố: 14/2023/TT-BYT\nTHÔNG TƯ\nHướng dẫn khám bệnh\n\
                    Căn cứ Nghị định số 95/2022/NĐ-CP ngày 15 tháng 11 năm 2022;\n\
                    CÔNG BÁO/Số 731 + 732/Ngày 03-05-2023\n\
                    Điều 1. Phạm vi điều chỉnh\n";
        let l = &parse(text)[0];
        let codes: Vec<&str> = l.references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["95/2022/NĐ-CP"]);
    }

    #[test]
    fn a_name_printed_twice_over_the_header_is_no_parent() {
        let text = "CÔNG BÁO/Số 12 + 13/Ngày 05-01-2024\n35\nBỘ XÂY DỰNG\n\nBỘ XÂY DỰNG\nSố: 05/2023/TT-BXD\n\
                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                    Hà Nội, ngày 20 tháng 12 năm 2023\n\nTHÔNG TƯ\nHướng dẫn thử\n";
        let l = &parse(text)[0];
        assert_eq!((l.issuer.as_deref(), l.parent_issuer.as_deref()), (Some("Bộ Xây dựng"), None));
    }

    #[test]
    fn a_page_label_glued_to_the_header_is_dropped() {
        assert_eq!(super::without_page_label("Trang 1ỦY BAN NHÂN DÂN"), "ỦY BAN NHÂN DÂN");
        assert_eq!(super::without_page_label("Trang 2 của 5"), "Trang 2 của 5");
        assert_eq!(super::without_page_label("Trang 3Nội dung"), "Trang 3Nội dung");
        let text = "Trang 1UỶ BAN NHÂN DÂN\nXÃ AN PHÚ\nSố: 12/TTr-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                    Độc lập - Tự do - Hạnh phúc\nAn Phú, ngày 02 tháng 3 năm 2024\nTỜ TRÌNH\nVề việc thử\n";
        assert_eq!(parse(text)[0].issuer.as_deref(), Some("UBND xã An Phú"));
    }

    #[test]
    fn a_decree_without_its_header_is_the_governments() {
        let text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nNGHỊ ĐỊNH1\n\
                    Quy định chi tiết Luật Thử nghiệm\n\nNghị định số 12/2024/NĐ-CP ngày 05 tháng 3 năm 2024 của \
                    Chính phủ quy định chi tiết Luật Thử nghiệm, được sửa đổi, bổ sung bởi:\n";
        let l = &parse(text)[0];
        assert_eq!((l.doc_type.as_deref(), l.issuer.as_deref()), (Some("Nghị định"), Some("Chính phủ")));
        assert_eq!(l.subject.as_deref(), Some("Quy định chi tiết Luật Thử nghiệm"));
    }

    #[test]
    fn a_resolution_without_a_dated_header_is_dated_by_its_adoption() {
        let text = "ỦY BAN THƯỜNG VỤ QUỐC HỘI\nNghị quyết số: 12/2023/UBTVQH15\n\
                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nNGHỊ QUYẾT\nVề thử\n\n\
                    Điều 1. Nội dung.\n\nNghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV, phiên họp thứ 20 \
                    thông qua ngày\n05 tháng 3 năm 2023./.\n";
        assert_eq!(parse(text)[0].date, chrono::NaiveDate::from_ymd_opt(2023, 3, 5));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in [
            "",
            "Số:",
            "Số: /",
            "Kính gửi:",
            "Nơi nhận:",
            "KT.",
            "| | |",
            "ngày 99 tháng 99 năm 99999",
            "\u{0}\u{FFFF}",
        ] {
            let _ = parse(input);
        }
    }
}
