//! Letters printed without their header: a portal's notice, a page's reprint of a Party
//! document, a consultation draft, a text cut above its preamble. What the header would have
//! said is read from what stands in for it: the title line the page prints ("Thông báo lịch
//! tiếp công dân …", "Giấy mời dự …"), a lead-in that names the document as issued ("… ban hành
//! Hướng dẫn số 55-HD/BTGTW về …"), a title naming its body ("NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ về
//! …"), and the preamble's sentence in which the body performs the act ("Ủy ban nhân dân thành
//! phố ban hành Kế hoạch … như sau:", "Chính phủ báo cáo Quốc hội …").

use super::header::{
    TYPE_NAMES, agency_name, capitalize, join_subject, new_tone_places, normal_type, org_case, place_named_with,
};
use super::{Doc, Letter, agencies, is_blank, is_caps, is_motto_folded, references};
use crate::code::{DocumentCode, find_codes};
use crate::date::find_dates;
use crate::text::fold;

/// Whether the document has no header of its own: no number line, no national title or motto
/// on a line of its own near the top (the words inside an item of a list are no header).
pub(super) fn is_headless(doc: &Doc, number_at: Option<usize>) -> bool {
    number_at.is_none()
        && !doc.folded.iter().take(20).any(|f| {
            let f = f.trim();
            is_motto_folded(f) && (f.starts_with("cong hoa") || f.starts_with("doc lap") || f.len() < 40)
        })
}

/// Fills, for a document without header, what the lines standing in for it say. Returns the
/// line where the letter's own text begins under a page's preface, when a sentence says so.
pub(super) fn read_headless(doc: &Doc, letter: &mut Letter) -> Option<usize> {
    let reprint = reprinted(doc, letter);
    let recorded = page_record(doc, letter);
    // A news sentence may open like a preamble ("Thực hiện Kế hoạch số …, ngày …, Sở Công
    // Thương đã có Công văn số …") and still name the document as issued: it is the lead-in.
    let lead_lines: Vec<&str> = doc
        .lines
        .iter()
        .copied()
        .filter(|l| !is_blank(l) && shorthand_signer(l).is_none())
        .take_while(|l| !opens_preamble(l) || names_issued(l) || is_headline(l))
        .take(8)
        .collect();
    annex_alone(doc, letter);
    if letter.doc_type.is_none() || letter.confidence.get("doc_type").is_some_and(|c| *c < 0.5) {
        title_line(&lead_lines, letter);
    }
    summary_line(&lead_lines, letter);
    if letter.full_code.is_none() && letter.number.is_none() {
        answer_named(doc, letter);
    }
    if letter.full_code.is_none() && letter.number.is_none() {
        let unnamed = issued_in_lead_in(&lead_lines, letter);
        // "Văn phòng UBND tỉnh ban hành …": the level's place as the text names it elsewhere.
        if letter.issuer.is_none()
            && let Some((body, level)) = unnamed
            && let Some(place) = place_named_with(doc, level)
        {
            letter.issuer = Some(format!("{body} {place}"));
            letter.confidence.insert("issuer", 0.3);
        }
    }
    let decided = letter.doc_type.is_none() && letter.full_code.is_none() && decided_in_lead_in(&lead_lines, letter);
    if letter.issuer.is_none() {
        issuer_in_title(letter);
    }
    performed_act(doc, letter);
    requesting_body(doc, letter);
    if letter.doc_type.is_none() {
        closing_notice(doc, letter);
    }
    // A decision a page reports gives its heading no title of the decision.
    if !decided && letter.subject.is_none() && letter.confidence.get("doc_type").is_some_and(|c| *c <= 0.4) {
        heading_line(doc, &lead_lines, letter);
    }
    // After the heading: a page's headline is not the title of a document its sentences follow.
    if letter.doc_type.is_none() {
        reported_type(doc, letter);
    }
    if recorded {
        record_title(letter);
    }
    reprint
}

/// A portal's reprint of a letter in full after a preface of its own, the letter named in the
/// sentence that opens the reprint ("Cổng TTĐT của Bộ trích đăng toàn văn phần trả lời của Bộ
/// trưởng Bộ Văn hóa, Thể thao và Du lịch theo Công văn số 670/BVHTTDL-VP ngày 28/02/2023 về
/// việc … như sau:"): the letter's type, code, date and summary, its issuer when the sentence
/// names a known body. Returns the line after the sentence, where the letter's text begins.
fn reprinted(doc: &Doc, letter: &mut Letter) -> Option<usize> {
    let at = (0..doc.lines.len().min(60)).find(|&i| {
        let f = doc.folded(i);
        crate::text::contains_str(f, "toan van") && (f.contains(" theo ") || f.contains(" tai "))
    })?;
    let line = doc.line(at).trim();
    let m = find_codes(line).into_iter().find(|m| m.start > 0)?;
    let doc_type = references::type_before(&line[..m.start])?;
    let before = &line[..m.start];
    let after = &line[m.end..];
    take_named(letter, doc_type, &m, after);
    if let Some(v) = crate::text::find_str(after, "về việc ").or_else(|| crate::text::find_str(after, "V/v ")) {
        let summary = &after[v..];
        let summary = crate::text::find_str(summary, " như sau").map_or(summary, |end| &summary[..end]);
        letter.subject = Some(summary.trim().trim_end_matches([':', '.']).trim().to_string());
        letter.confidence.insert("subject", 0.5);
    }
    // "… của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch theo Công văn số …": the body its head
    // speaks for.
    if letter.issuer.is_none()
        && let Some(of) = before.rfind("của ")
    {
        let named = before[of + "của ".len()..].trim_end();
        let named = ["theo", "tại"].iter().find_map(|k| named.strip_suffix(k)).unwrap_or(named).trim_end();
        let body = ["Bộ trưởng ", "Chủ tịch ", "Giám đốc ", "Thủ trưởng "]
            .iter()
            .find_map(|h| named.strip_prefix(h))
            .unwrap_or(named);
        if agencies::is_known(body) {
            letter.issuer = Some(body.to_string());
            letter.confidence.insert("issuer", 0.4);
        }
    }
    Some(at + 1)
}

/// Signers' titles in the usual administrative shorthand ("TT" for "Thứ trưởng" under "KT. Bộ
/// trưởng", "PCT" for "Phó Chủ tịch" under "KT. Chủ tịch").
const TITLE_SHORTHAND: [(&str, &str); 8] = [
    ("TT", "Thứ trưởng"),
    ("BT", "Bộ trưởng"),
    ("CT", "Chủ tịch"),
    ("PCT", "Phó Chủ tịch"),
    ("GĐ", "Giám đốc"),
    ("PGĐ", "Phó Giám đốc"),
    ("CVP", "Chánh Văn phòng"),
    ("PCVP", "Phó Chánh Văn phòng"),
];

/// A page's record of the signature in shorthand, before the body signed for ("KTBT, TT Nguyễn
/// Văn A Theo BỘ Y TẾ -", "TLBT, Vụ T… Trần Thị B Theo …"): the authority prefix glued to its
/// authority's abbreviation ("KTBT": ký thay Bộ trưởng), the title's shorthand, the name, and
/// the body in capitals. Gives the prefix, the title when the shorthand is a usual one, the name
/// and the body.
fn shorthand_signer(line: &str) -> Option<(&'static str, Option<&'static str>, String, &str)> {
    let t = line.trim();
    let at = crate::text::find_str(t, " Theo ")?;
    let body = t[at + " Theo ".len()..].trim().trim_end_matches('-').trim_end();
    let (authority, rest) = t[..at].split_once(", ")?;
    if body.is_empty() || !is_caps(body) || authority.contains(' ') {
        return None;
    }
    let prefix = [("TUQ", "TUQ."), ("KT", "KT."), ("TL", "TL."), ("TM", "TM.")]
        .iter()
        .find(|(p, _)| authority.strip_prefix(p).is_some_and(|a| !a.is_empty() && a.chars().all(char::is_uppercase)))
        .map(|(_, p)| *p)?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let named = (2..=4.min(words.len().saturating_sub(1)))
        .rev()
        .find(|n| super::signature::is_name(&words[words.len() - n..].join(" ")))?;
    let title = words[..words.len() - named].join(" ");
    let title = TITLE_SHORTHAND.iter().find(|(s, _)| *s == title).map(|(_, full)| *full);
    Some((prefix, title, words[words.len() - named..].join(" "), body))
}

/// A page recording a document without its header: its code alone on the first line, and its
/// signer in shorthand ("KTBT, TT Nguyễn Văn A Theo BỘ Y TẾ -") naming the body.
fn page_record(doc: &Doc, letter: &mut Letter) -> bool {
    let mut filled = doc.lines.iter().filter(|l| !is_blank(l)).take(4);
    let first = filled.next().map_or("", |l| l.trim());
    let Some((prefix, title, name, body)) = filled.find_map(|l| shorthand_signer(l)) else {
        return false;
    };
    letter.signing_authority_prefix = Some(prefix.to_string());
    letter.signer_title = title.map(str::to_string);
    letter.signer_name = Some(name);
    for field in ["signing_authority_prefix", "signer_title", "signer_name"] {
        letter.confidence.insert(field, 0.4);
    }
    if letter.issuer.is_none()
        && let Some(issuer) = agency_name(body)
    {
        letter.issuer = Some(issuer);
        letter.confidence.insert("issuer", 0.5);
    }
    if letter.full_code.is_none()
        && !first.contains(' ')
        && let Some(code) = DocumentCode::parse(first).filter(|c| c.number.is_some())
    {
        take_code(letter, &code);
    }
    true
}

/// A page record's title line "Công văn V/v …": the type's name, then the letter's summary line.
fn record_title(letter: &mut Letter) {
    if let Some(subject) = letter.subject.as_deref()
        && let Some((name, rest)) = TYPE_NAMES.iter().chain(&["CÔNG VĂN"]).find_map(|n| {
            let end = subject.char_indices().nth(n.chars().count()).map_or(subject.len(), |(i, _)| i);
            (subject[..end].to_uppercase() == *n).then(|| (*n, subject[end..].trim_start()))
        })
        && ["V/v ", "V/v: ", "Về việc "].iter().any(|k| rest.starts_with(k))
    {
        let rest = rest.to_string();
        letter.subject = Some(rest);
        if letter.doc_type.is_none() {
            letter.doc_type = Some(normal_type(name));
        }
    }
}

/// The heading a page prints over a document whose type only its preamble gives ("Lịch tiếp
/// công dân định kỳ của Chủ tịch UBND xã … năm 2025"): the line standing before the preamble.
fn heading_line(doc: &Doc, lead_lines: &[&str], letter: &mut Letter) {
    // A line its paragraph goes on from in small letters ("Tại văn bản này, Ban Chỉ đạo" /
    // "đã giao …") is a sentence's piece, not a heading.
    let goes_on = |line: &str| {
        let at = doc.lines.iter().position(|l| std::ptr::eq(*l, line));
        at.and_then(|i| doc.lines.get(i + 1)).is_some_and(|next| next.trim_start().starts_with(char::is_lowercase))
    };
    // A line ending on a word that needs what follows it ("Bản dịch này thuộc quyền sở hữu
    // của", a portal's notice broken before its name) is a sentence's piece too.
    let cut_short = |t: &str| {
        t.rsplit(' ').next().is_some_and(|w| {
            super::header::NEEDS_MORE.contains(&w) || ["các", "theo", "là", "được", "những", "để"].contains(&w)
        })
    };
    let heading = lead_lines.iter().copied().find(|l| {
        let t = l.trim();
        let words = t.split_whitespace().count();
        (4..=40).contains(&words)
            && t.starts_with(char::is_uppercase)
            && !t.ends_with(['.', ':', ';'])
            && !cut_short(t)
            && !super::is_site_notice(&fold(t))
            && !fold(t).starts_with("kinh gui")
            && !goes_on(l)
    });
    let heading = heading.map(str::trim);
    if let Some(heading) = heading {
        letter.subject = Some(join_subject(&[heading.to_string()]));
        letter.confidence.insert("subject", 0.4);
    }
}

/// The preamble's first words ("Căn cứ …", "Thực hiện …"): the lead-in ends there.
fn opens_preamble(line: &str) -> bool {
    // The openers are 13 letters at most: only the line's head is folded.
    let f = crate::text::fold_prefix(line.trim_start(), 13);
    ["can cu ", "thuc hien ", "theo de nghi ", "xet de nghi "].iter().any(|k| f.starts_with(k))
}

/// A page's headline that opens like a preamble ("Thực hiện công tác bình đẳng giới … năm
/// 2019"): a short line without a clause mark, a number, a code or a date. A preamble cites its
/// ground by number or date and ends its clause with a mark; its first line, wrapped, stops at
/// "số" ("Thực hiện Nghị quyết số").
fn is_headline(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    (3..=25).contains(&words)
        && !t.contains([',', ';', ':', '.'])
        && !t.split_whitespace().any(|w| w == "số")
        && find_codes(t).is_empty()
        && find_dates(t).is_empty()
}

/// A title line in sentence case that opens with a type's name ("Thông báo lịch tiếp công
/// dân …", "Giấy mời dự Lễ …"): the type and the title.
fn title_type(line: &str) -> Option<(&'static str, &str)> {
    let t = line.trim();
    if t.ends_with(['.', ':', ';']) || t.split_whitespace().count() > 40 || is_caps(t) {
        return None;
    }
    TYPE_NAMES.iter().find_map(|name| {
        let end = t.char_indices().nth(name.chars().count()).map_or(t.len(), |(i, _)| i);
        let rest = &t[end..];
        // A listing's title with the code ("Công văn số …") is read elsewhere: looked for only
        // once the line opens with the type's name.
        let cited = || fold(rest).trim_start().starts_with("so ") || !find_codes(rest).is_empty();
        (rest.starts_with(' ') && t[..end].to_uppercase() == *name && !rest.trim().is_empty() && !cited())
            .then(|| (*name, rest.trim()))
    })
}

fn title_line(lead_lines: &[&str], letter: &mut Letter) {
    let Some((name, title)) = lead_lines.iter().find_map(|l| title_type(l)) else {
        return;
    };
    letter.doc_type = Some(normal_type(name));
    letter.confidence.insert("doc_type", 0.5);
    // A heading that gives only the urgency and the day ("Thông báo Khẩn ngày 18/10/2020"): the
    // document's date, no title.
    let unmarked = ["Hỏa tốc ", "Hoả tốc ", "Thượng khẩn ", "Khẩn ", "khẩn "]
        .iter()
        .find_map(|k| title.strip_prefix(k))
        .unwrap_or(title);
    if let Some(day) = unmarked.strip_prefix("ngày ")
        && let [found] = find_dates(day).as_slice()
        && found.start == 0
        && found.end == day.trim_end().len()
    {
        if letter.date.is_none() {
            letter.date = found.date;
            letter.confidence.insert("date", 0.5);
        }
        return;
    }
    if letter.subject.is_none() {
        letter.subject = Some(join_subject(&[title.to_string()]));
        letter.confidence.insert("subject", 0.5);
    }
}

/// A document whose header the page lost still names itself under its annex's title, "(Kèm
/// theo Công văn số 17809/BTC-CTK ngày 17 tháng 11 năm 2025 của Bộ Tài chính)" (Decree 30: an
/// annex names the document it goes with): its code and date, its type when the text gave none,
/// and the body that issued it when none is named.
pub(super) fn named_by_its_annex(doc: &Doc, letter: &mut Letter) {
    if letter.full_code.is_some() || letter.number.is_some() {
        return;
    }
    // An annex printed alone is not the document it names (see `annex_alone`).
    let first = (0..doc.lines.len()).find(|&i| !is_blank(doc.line(i)));
    if first.is_some_and(|i| doc.folded(i).trim_start_matches(super::ITALICS).starts_with("phu luc")) {
        return;
    }
    // The bracket may break after its first word ("*(Kèm" / "theo Công văn số …").
    let opens = |i: usize| {
        super::opens_annex_bracket(doc.folded(i))
            || doc.folded(i).trim_matches(super::ITALICS) == "(kem"
                && doc.folded.get(i + 1).is_some_and(|next| next.trim_start().starts_with("theo "))
    };
    let Some(at) = (0..doc.lines.len()).find(|&i| opens(i)) else {
        return;
    };
    let mut bracket = String::new();
    for line in doc.lines[at..].iter().take(3) {
        bracket.push_str(line.trim().trim_matches(['*', '_']));
        bracket.push(' ');
        if line.contains(')') {
            break;
        }
    }
    let Some(m) = find_codes(&bracket).into_iter().next() else {
        return;
    };
    // "(Kèm theo <type> số <code>": the type's name between, nothing else; a "văn bản" so named
    // is a công văn.
    let before = &bracket[..m.start];
    let named = fold(before);
    // "số" may carry a colon, as in a header's number line ("Kèm theo Công văn số: 17899/…").
    let Some(kind) = named
        .trim_start_matches([' ', '('])
        .strip_prefix("kem theo ")
        .and_then(|k| k.trim_end().trim_end_matches(':').trim_end().strip_suffix(" so"))
    else {
        return;
    };
    let Some(doc_type) = references::type_before(before).filter(|t| fold(t) == kind) else {
        return;
    };
    take_code(letter, &m.code);
    if letter.doc_type.is_none() {
        letter.doc_type = Some(if doc_type == "Văn bản" { "Công văn" } else { doc_type }.to_string());
        letter.confidence.insert("doc_type", 0.4);
    }
    let after = &bracket[m.end..];
    if letter.date.is_none()
        && let Some(date) = references::date_after(after, m.code.year)
    {
        letter.date = Some(date);
        letter.confidence.insert("date", 0.5);
    }
    issued_by_bracket(after, letter);
}

/// An annex printed alone ("Phụ lục I DANH MỤC …" over "(Ban hành kèm theo Công văn số … của
/// Cục Thống kê)"): its title after the annex's number, and the body whose document it was
/// issued with. It has no type of its own.
fn annex_alone(doc: &Doc, letter: &mut Letter) {
    let mut filled = (0..doc.lines.len().min(12)).filter(|&i| !is_blank(doc.line(i)));
    let Some(first) = filled.next() else {
        return;
    };
    if !doc.folded(first).starts_with("phu luc") {
        return;
    }
    // "Phụ lục", its number ("I", "02", "A"), then the title on the line or the next.
    let heading = doc.line(first).trim();
    let after: String = heading.chars().skip("Phụ lục".chars().count()).collect();
    let mut words = after.split_whitespace().peekable();
    if words.peek().is_some_and(|w| {
        let w = w.trim_end_matches(['.', ':', '-']);
        w.chars().count() <= 4 && w.chars().all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'A'..='D'))
    }) {
        words.next();
    }
    let title = words.collect::<Vec<_>>().join(" ");
    let issued_with = filled.take(3).find(|&i| doc.folded(i).contains("kem theo"));
    let Some(with) = issued_with else {
        return;
    };
    if letter.subject.is_none() && title.split_whitespace().count() >= 3 {
        letter.subject = Some(title.trim_start_matches([':', '-', ' ']).to_string());
        letter.confidence.insert("subject", 0.5);
    }
    issued_by_bracket(doc.line(with).trim().trim_matches(['_', '*', ' ']), letter);
}

/// The issuer an annex's bracket names after "của" ("(Kèm theo Công văn số … của Sở Y tế)"),
/// when the letter names none and the table of agencies knows it.
fn issued_by_bracket(bracket: &str, letter: &mut Letter) {
    let body = bracket.rsplit_once(" của ").map(|(_, b)| b.trim().trim_end_matches([')', '.', ' ', '*']).trim());
    if letter.issuer.is_none()
        && let Some(body) = body.filter(|b| (2..=12).contains(&b.split_whitespace().count()))
        && let Some(named) = agency_name(&body.to_uppercase())
    {
        letter.issuer = Some(named);
        letter.confidence.insert("issuer", 0.4);
    }
}

/// A text opening with its summary line alone ("Về việc tham gia ý kiến …", "V/v …"): a công
/// văn's (Decree 30, the "V/v" summary stands for a letter's title), the line its subject.
fn summary_line(lead_lines: &[&str], letter: &mut Letter) {
    // A page's link line above its headline ("Skip to main content") is no part of the text.
    let mut skip = usize::from(lead_lines.first().is_some_and(|l| fold(l.trim()).starts_with("skip to ")));
    // A portal's item may head the summary with the type's name alone and its posting time
    // ("Thông báo" / "(04/09/2022 09:49:30)" / "Về việc …"): the type is the document's.
    let mut named_type = None;
    while let Some(l) = lead_lines.get(skip).map(|l| l.trim()) {
        let caps = l.to_uppercase();
        if let Some(name) = TYPE_NAMES.iter().find(|n| **n == caps) {
            named_type = Some(normal_type(name));
        } else if !(is_timestamp(l) && named_type.is_some()) {
            break;
        }
        skip += 1;
    }
    let Some(first) = lead_lines.get(skip).map(|l| l.trim()) else {
        return;
    };
    // A page's headline "Về việc … (3585/VP-KTN, ngày 23/10/2017).": the summary, with the
    // letter's code and date in the bracket closing it.
    let first = coded_summary(first, letter);
    let summary = ["Về việc ", "V/v ", "V/v: "].iter().any(|k| first.starts_with(k))
        && first.split_whitespace().count() <= 40
        && !first.ends_with([':', ';']);
    if !summary || letter.subject.is_some() {
        return;
    }
    letter.subject = Some(first.trim_end_matches('.').to_string());
    letter.confidence.insert("subject", 0.5);
    if letter.doc_type.is_none() {
        letter.doc_type = Some(named_type.unwrap_or_else(|| "Công văn".to_string()));
        letter.confidence.insert("doc_type", 0.4);
    }
}

/// A posting time alone on its line ("(04/09/2022 09:49:30)", "16/11/2008 - 21:24"): digits and
/// the marks between them.
fn is_timestamp(line: &str) -> bool {
    let t = line.trim().trim_start_matches('(').trim_end_matches(')');
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '/' | ':' | '-' | '.' | ' '))
}

/// A summary line closed by a bracket holding the letter's code and date ("Về việc … (12/UBND-VX,
/// ngày 05/3/2024)."): fills the code and the date when the header gave none, and gives the
/// summary without the bracket.
fn coded_summary<'a>(line: &'a str, letter: &mut Letter) -> &'a str {
    let opens = ["Về việc ", "V/v ", "V/v: "].iter().any(|k| line.starts_with(k));
    let t = line.trim_end_matches('.').trim_end();
    let Some(open) = t.rfind('(').filter(|_| opens && t.ends_with(')')) else {
        return line;
    };
    let inside = &t[open + 1..t.len() - 1];
    let Some((code, _)) = code_at_start(inside) else {
        return line;
    };
    if letter.full_code.is_none() && letter.number.is_none() {
        take_code(letter, &code);
    }
    if letter.date.is_none()
        && let Some(date) = find_dates(inside).into_iter().find_map(|d| d.date)
    {
        letter.date = Some(date);
        letter.confidence.insert("date", 0.5);
    }
    t[..open].trim_end()
}

/// Whether a line says that a body issued a document by its number ("… đã có Công văn số …",
/// "… ban hành Kế hoạch số …").
fn names_issued(line: &str) -> bool {
    let lower = crate::text::lowercase(line);
    ISSUE_VERBS.iter().any(|verb| {
        lower.match_indices(verb).any(|(at, verb)| {
            let after = &lower[at + verb.len()..];
            TYPE_NAMES.iter().chain(&["CÔNG VĂN", "VĂN BẢN"]).any(|name| {
                after.strip_prefix(name.to_lowercase().as_str()).is_some_and(|rest| rest.starts_with(" số"))
            })
        })
    })
}

/// Verbs by which a lead-in says that its body issued the document ("… ban hành Hướng dẫn số
/// …", "Bộ Xây dựng đã có công văn 4476/BXD-TCCB …", "… đã ký Công văn số …").
const ISSUE_VERBS: [&str; 4] = ["ban hành ", " có ", " ký ", " xây dựng "];

/// Where a lead-in's title gives way to what the sentence adds about the document: its theme
/// ("… năm 2023 với chủ đề: …"), its purpose (", với mục đích …", ", nhằm …"), the end of the
/// sentence.
fn title_end(title: &str) -> usize {
    [" với chủ đề", ", với ", ", nhằm ", ". "].iter().filter_map(|stop| title.find(stop)).min().unwrap_or(title.len())
}

/// Where a lead-in's "về …" title ends: at a full stop, or at a bracket unless the bracket only
/// gives a short name in capitals ("Ban vì sự tiến bộ của phụ nữ (VSTBCPN) ở …").
fn title_cut(title: &str) -> usize {
    let mut from = 0;
    loop {
        let Some(p) = title[from..].find(['(', '.']).map(|p| from + p) else {
            return title.len();
        };
        let short_name = title[p..].strip_prefix('(').and_then(|r| r.split_once(')')).is_some_and(|(inner, _)| {
            !inner.is_empty() && inner.chars().all(|c| c.is_uppercase() || c == '&' || c == '-')
        });
        if !short_name {
            return p;
        }
        from = p + 1;
    }
}

/// Whether the words before a lead-in's verb name a body ("UBND tỉnh vừa", "huyện Vĩnh Linh",
/// "Sở Công Thương"): a short clause holding a name.
fn names_a_body(before: &str) -> bool {
    let clause = before.rsplit([',', ';', '.', ':']).next().unwrap_or(before);
    let words: Vec<&str> = clause.split_whitespace().collect();
    (1..=8).contains(&words.len()) && words.iter().any(|w| w.starts_with(char::is_uppercase))
}

/// A lead-in that names this document as issued ("Ban Tuyên giáo Trung ương ban hành Hướng
/// dẫn số 55-HD/BTGTW về tuyên truyền …", "Ban Thường vụ Tỉnh ủy Yên Bái đã ban hành Chỉ thị số
/// 17 về việc …", "Ngày 29/10/2021, Bộ Xây dựng đã có công văn 4476/BXD-TCCB gửi … về việc …"):
/// its type, its code or number (a code only when its type is the document's; a công văn's
/// code names no type), the date the sentence opens with or that follows the code, the
/// addressees after "gửi", its title (before a page's headline), and the body that issued it.
fn issued_in_lead_in(lead_lines: &[&str], letter: &mut Letter) -> Option<(String, &'static str)> {
    for (k, line) in lead_lines.iter().enumerate() {
        let lower = crate::text::lowercase(line);
        if lower.len() != line.len() {
            continue;
        }
        // "Đó là chỉ đạo của UBND tỉnh … tại Công văn số …": a news sentence that points back to
        // its headline names the document holding the direction after "tại".
        let back = refers_back(&lower);
        let verbs = ISSUE_VERBS.iter().chain(back.is_some().then_some(&" tại "));
        let Some((at, verb_len, name, numbered)) = verbs.into_iter().find_map(|verb| {
            lower.match_indices(verb).find_map(|(at, verb)| {
                let after = &lower[at + verb.len()..];
                TYPE_NAMES.iter().chain(&["CÔNG VĂN", "VĂN BẢN"]).find_map(|name| {
                    let lname = name.to_lowercase();
                    let rest = after.strip_prefix(lname.as_str())?;
                    let numbered = rest.starts_with(" số");
                    // Without "số" the code follows the type's name at once (read as printed).
                    let printed = &line[line.len() - rest.len()..];
                    let coded = find_codes(printed).first().is_some_and(|m| printed[..m.start].trim().is_empty());
                    // Without a code, the title follows the type's name ("… vừa ban hành kế hoạch
                    // về …", "… có Kế hoạch triển khai …"), after a body; a document that one
                    // merely "has" is named with its type in capitals.
                    let type_printed = &line[at + verb.len()..at + verb.len() + lname.len()];
                    let titled = rest.starts_with(' ')
                        && rest.trim_start().starts_with(char::is_lowercase)
                        && rest.split_whitespace().count() >= 3
                        && names_a_body(&line[..at])
                        && (verb.trim() != "có" || type_printed.starts_with(char::is_uppercase));
                    // A "văn bản" is named by its code alone.
                    let titled = titled && *name != "VĂN BẢN";
                    (numbered || coded || titled).then_some((at, verb.len(), *name, numbered))
                })
            })
        }) else {
            continue;
        };
        // "văn bản số 1117/ĐCT-TG": a code without a type part is a công văn's (Decree 30).
        let doc_type = if name == "VĂN BẢN" { "Công văn".to_string() } else { normal_type(name) };
        // A type read from a page's headline alone ("Hướng dẫn công tác …") gives way to the
        // one the lead-in names with the number ("… đã ban hành văn bản số 1288/UBND-KGVX về việc
        // hướng dẫn …"): the headline tells what the document does.
        let headline_type = numbered && letter.confidence.get("doc_type").is_some_and(|c| *c <= 0.5);
        if letter.doc_type.as_ref().is_some_and(|t| *t != doc_type) && !headline_type {
            continue;
        }
        // A headline that names the body before the title ("Chỉ thị của Ban Thường vụ Tỉnh ủy về
        // …") names the same title as the lead-in's "… về …".
        // A lead-in that names no title of its own ("… có công điện số 03/CĐ-LĐTBXH gửi … đề nghị
        // …") does not contradict the headline's.
        let names_title = letter.subject.as_ref().is_none_or(|s| {
            let s = s.to_lowercase();
            lower.contains(&s)
                || s.split_once(" về ").is_some_and(|(_, title)| lower.contains(&format!("về {title}")))
                || !own_title(&lower[at..])
        });
        let after_name = at + verb_len + name.len();
        let after_so = if numbered { after_name + " số".len() } else { after_name };
        let rest = line[after_so..].trim_start().trim_start_matches(':').trim_start();
        let token = rest.split_whitespace().next().unwrap_or("");
        let code = code_at_start(rest);
        if !names_title {
            continue;
        }
        let tail = match &code {
            Some((c, end)) if c.doc_type().map_or(doc_type == "Công văn", |t| t == doc_type.as_str()) => {
                take_code(letter, c);
                &rest[*end..]
            }
            // A number without its symbol ("Chỉ thị số 17").
            None if name != "VĂN BẢN" && !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) => {
                letter.number = Some(token.to_string());
                letter.confidence.insert("number", 0.4);
                &rest[token.len()..]
            }
            // No code at all: the title follows the type's name.
            None if !numbered && name != "VĂN BẢN" && rest.starts_with(char::is_lowercase) => rest,
            // The document's name with capitals after its type ("ngày 01/7/2021 UBND huyện đã ban
            // hành Báo cáo Tình hình …"), of the type the page's headline gives: the lead-in
            // dates the document it heads; the title stays the headline's.
            None if !numbered
                && name != "VĂN BẢN"
                && rest.starts_with(char::is_uppercase)
                && letter.doc_type.as_deref() == Some(doc_type.as_str()) =>
            {
                dated_tail(line, at, rest, letter);
                continue;
            }
            _ => continue,
        };
        if letter.doc_type.as_ref().is_some_and(|t| *t != doc_type) {
            letter.confidence.insert("doc_type", 0.5);
        }
        letter.doc_type = Some(doc_type);
        letter.confidence.entry("doc_type").or_insert(0.5);
        let tail = dated_tail(line, at, tail, letter);
        let tail = addressed_in_lead_in(tail, letter);
        // A title read from the page's headline alone, which the document does not print again
        // under the lead-in, gives way to the title the lead-in names.
        let headline = letter.confidence.get("subject").is_some_and(|c| *c <= 0.5)
            && letter.subject.as_ref().is_some_and(|s| {
                let s = s.to_lowercase();
                !lead_lines[k + 1..].iter().any(|l| l.to_lowercase().contains(&s))
            });
        // A plan's title without "về" after its code names the plan's act ("… Kế hoạch số
        // 78/KH-UBND ngày 10/4/2017 triển khai Chương trình …"); a công văn's summary is "về …"
        // (Decree 30's "V/v"), so an act after its code describes it ("Công văn số 16235/UBND-VP
        // thực hiện Chỉ thị …").
        let titled_act = titles_by_act(tail) && letter.doc_type.as_deref() != Some("Công văn");
        lead_in_title(tail, headline, (code.is_none() && !numbered) || titled_act, letter);
        // The body whose direction it is ends where its addressees begin ("… đối với các Sở, …").
        let body = match back {
            Some(from) if from <= at => {
                let to = lower[from..at].find(" đối với ").map_or(at, |p| from + p);
                &line[from..to]
            }
            _ => &line[..at],
        };
        return issuer_before_verb(body, letter);
    }
    None
}

/// The addressees a lead-in names after "gửi" ("… có công văn 4251/BLĐTBXH-CTE ngày 12/9/2024
/// gửi UBND các tỉnh, thành phố …"), as recipients; returns the tail from the title on ("về …"),
/// or nothing when the sentence goes on to what it asks of them.
fn addressed_in_lead_in<'a>(tail: &'a str, letter: &mut Letter) -> &'a str {
    let Some(sent) = tail.trim_start().strip_prefix("gửi ") else {
        return tail;
    };
    let (to, title) = sent.split_once(" về ").map_or((sent, ""), |(to, t)| (to, t));
    // The addressees end where the sentence says what is asked of them ("… gửi UBND các
    // tỉnh đề nghị …", "… để bổ sung …").
    let asked = [" đề nghị ", " yêu cầu ", " để "].iter().filter_map(|k| to.find(k)).min();
    // What follows the request is its matter, not the letter's title.
    let title = if asked.is_some() { "" } else { title };
    let to = asked.map_or(to, |e| &to[..e]);
    let to = to.trim().trim_end_matches([',', '.', ';']);
    if letter.recipients.is_empty() && !to.is_empty() && to.split_whitespace().count() <= 25 {
        // Addressees listed with ";" are as many items ("… gửi các Sở, ban, ngành; các
        // hội, đoàn thể của tỉnh; UBND các huyện, …").
        letter.recipients.extend(to.split("; ").map(str::trim).filter(|t| !t.is_empty()).map(str::to_string));
        letter.confidence.insert("recipients", 0.4);
    }
    if title.is_empty() { "" } else { &tail[tail.len() - title.len() - "về ".len()..] }
}

/// The code that opens `rest`, also when a stray space broke it at a hyphen ("4235/UBND- KGVX"):
/// the code and where it ends in `rest` as printed.
fn code_at_start(rest: &str) -> Option<(DocumentCode, usize)> {
    let printed = find_codes(rest).into_iter().next().filter(|m| m.start == 0)?;
    let first = rest.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let joined = references::flatten_for_scan(std::iter::once(first.as_str()));
    let whole = find_codes(&joined).into_iter().next().filter(|m| m.start == 0);
    let Some(whole) = whole.filter(|w| w.end > printed.end) else {
        return Some((printed.code, printed.end));
    };
    // Walk the printed text past the joined code's characters; the spaces the join dropped are
    // skipped.
    let mut wanted = joined[..whole.end].chars().filter(|c| !c.is_whitespace()).count();
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        if wanted == 0 {
            break;
        }
        if !c.is_whitespace() {
            wanted -= 1;
        }
        end = i + c.len_utf8();
    }
    Some((whole.code, end))
}

/// A news sentence that points back to its headline to say whose direction it reports ("Đó là
/// chỉ đạo của UBND tỉnh …", "Đó chính là nội dung chỉ đạo của …"): where the body's name begins.
fn refers_back(lower: &str) -> Option<usize> {
    let t = lower.trim_start();
    let opened = ["đó là ", "đó chính là ", "đây là "].iter().any(|k| t.starts_with(k));
    let at = lower.find("chỉ đạo của ")?;
    opened.then_some(at + "chỉ đạo của ".len())
}

/// The body named before a lead-in's verb, when none was read: one acting on behalf of a
/// collective body, a known agency, or a level without its place (returned with its level).
fn issuer_before_verb(before_verb: &str, letter: &mut Letter) -> Option<(String, &'static str)> {
    if letter.issuer.is_some() {
        return None;
    }
    let before = before_verb.trim_end();
    // The marks of a past act between the body and its verb ("đã", "vừa", "mới").
    let before = [" đã", " vừa", " mới"].iter().find_map(|mark| before.strip_suffix(mark)).unwrap_or(before).trim_end();
    if let Some(body) = signed_on_behalf(before, letter) {
        letter.issuer = Some(body);
        letter.confidence.insert("issuer", 0.4);
    } else if let Some(body) = body_ending(before) {
        letter.issuer = Some(body);
        letter.confidence.insert("issuer", 0.4);
    } else {
        return body_at_level(before);
    }
    None
}

/// Whether the words after a plan's code and date name its act, so its title ("… Kế hoạch số
/// 78/KH-UBND ngày 10/4/2017 triển khai Chương trình …"); an act on a document named before
/// ("triển khai Kế hoạch trên đến các phòng …") points back: it describes, it does not title.
fn titles_by_act(tail: &str) -> bool {
    let lower = tail.to_lowercase();
    let points_back = TYPE_NAMES.iter().any(|name| {
        let name = name.to_lowercase();
        [" trên", " nói trên", " này"].iter().any(|back| lower.contains(&format!("{name}{back}")))
    });
    !points_back
        && ["triển khai ", "thực hiện ", "tổ chức ", "hưởng ứng "].iter().any(|a| tail.trim_start().starts_with(a))
}

/// The title a lead-in names after the document's type and code: "về …", or for a document named
/// without its code the words that follow its type ("… có Kế hoạch triển khai … năm 2023 với chủ
/// đề …").
fn lead_in_title(tail: &str, headline: bool, uncoded: bool, letter: &mut Letter) {
    if (letter.subject.is_none() || headline)
        && let Some(title) = tail.trim_start().strip_prefix("về ")
    {
        let title = &title[..title_cut(title)];
        let title = &title[..title_end(title)];
        letter.subject = Some(join_subject(&[format!("về {title}")]));
        letter.confidence.insert("subject", 0.4);
    } else if letter.subject.is_none() && uncoded {
        // A title without "về" ("… có Kế hoạch triển khai Tháng hành động … năm 2023 với chủ
        // đề …").
        let title = tail.trim();
        let title = &title[..title_cut(title)];
        let title = title[..title_end(title)].trim_end_matches(['.', ',', ';']);
        if title.split_whitespace().count() >= 3 {
            letter.subject = Some(join_subject(&[title.to_string()]));
            letter.confidence.insert("subject", 0.4);
        }
    }
}

/// Whether a lead-in names a title of its own ("… về …" before any request it states: "gửi …
/// đề nghị … về …" asks, it does not title).
fn own_title(lead_in: &str) -> bool {
    lead_in
        .find(" về ")
        .is_some_and(|v| ![" đề nghị ", " yêu cầu ", " để "].iter().any(|k| lead_in.find(k).is_some_and(|p| p < v)))
}

/// A lead-in in which a body decides ("UBND TP.HCM vừa quyết định kiện toàn …"): a decision of
/// that body, whose code and title the page does not give.
fn decided_in_lead_in(lead_lines: &[&str], letter: &mut Letter) -> bool {
    for line in lead_lines {
        let Some(at) = line.find(" quyết định ") else {
            continue;
        };
        let after = &line[at + " quyết định ".len()..];
        if !after.starts_with(char::is_lowercase) {
            continue;
        }
        let before = line[..at].trim_end();
        let before =
            [" đã", " vừa", " mới"].iter().find_map(|mark| before.strip_suffix(mark)).unwrap_or(before).trim_end();
        if let Some(body) = body_ending(before) {
            letter.doc_type = Some("Quyết định".to_string());
            letter.confidence.insert("doc_type", 0.4);
            if letter.issuer.is_none() {
                letter.issuer = Some(body);
                letter.confidence.insert("issuer", 0.4);
            }
            return true;
        }
    }
    false
}

/// A body named with its level but not its place ("Văn phòng UBND tỉnh", "Ủy ban nhân dân
/// huyện") at the end of `before`: its written name and the level.
fn body_at_level(before: &str) -> Option<(String, &'static str)> {
    const LEVELS: [&str; 4] = ["tỉnh", "thành phố", "huyện", "quận"];
    let segment = before.rsplit([',', ';', '.', ':']).next().unwrap_or(before).trim();
    let level = LEVELS.iter().find(|l| segment.ends_with(&format!(" {l}")))?;
    let name = &segment[..segment.len() - level.len()].trim_end();
    let lower = name.to_lowercase();
    let committee =
        ["ủy ban nhân dân", "uỷ ban nhân dân", "ubnd"].iter().find_map(|k| lower.strip_suffix(k).map(str::len))?;
    let organ = name[..committee].trim_end();
    if organ.split_whitespace().count() > 3
        || !(organ.is_empty()
            || BODY_HEADS.iter().chain(&["văn phòng"]).any(|h| organ.to_lowercase().starts_with(h.trim_end())))
    {
        return None;
    }
    let written = if organ.is_empty() { format!("UBND {level}") } else { format!("{organ} UBND {level}") };
    Some((written, level))
}

/// The date of a lead-in: the one its sentence opens with ("Ngày 29/10/2021, Bộ Xây dựng đã
/// có …") or the one that follows the code (", ngày 24/2/2021"). Returns the tail past the
/// latter.
fn dated_tail<'a>(line: &str, at: usize, tail: &'a str, letter: &mut Letter) -> &'a str {
    // The date the sentence, or the clause holding the verb, opens with ("…; ngày 05/5/2022, Ủy
    // ban nhân dân tỉnh ban hành …").
    // A label before it ("LTS: Ngày 14-11-2016, …", an editor's note) ends with a colon.
    let clause = line[..at].rsplit([';', '.', ':']).next().unwrap_or(&line[..at]);
    // The date set off by commas right before the body, after a purpose clause ("Nhằm …, ngày
    // 13/11/2019, Ủy ban nhân dân thành phố Việt Trì đã ban hành …").
    let set_off = line[..at].rfind(", ngày ").map_or("", |p| &line[p + ", ".len()..at]);
    let set_off = if set_off.matches(", ").count() == 1 { set_off } else { "" };
    let opened = [line, clause, set_off].into_iter().find_map(|part| {
        let opening = part.trim_start();
        fold(opening)
            .starts_with("ngay ")
            .then(|| find_dates(opening).into_iter().next().filter(|m| m.start <= "Ngày ".len()))
            .flatten()
    });
    let trimmed = tail.trim_start().trim_start_matches(',').trim_start();
    let following = fold(trimmed)
        .starts_with("ngay ")
        .then(|| find_dates(trimmed).into_iter().next().filter(|m| m.start <= "ngày ".len()))
        .flatten();
    if letter.date.is_none()
        && let Some(date) = opened.as_ref().or(following.as_ref()).and_then(|m| m.date)
    {
        letter.date = Some(date);
        letter.confidence.insert("date", 0.5);
    }
    match following {
        Some(m) => &trimmed[m.end..],
        // A day and month without the year ("… 4079/UBND-KT ngày 19/6 về việc …"), or the year
        // alone ("Công văn 1513/BVHTTDL-VHCSGĐTV năm 2025 về việc …"): no date, but the title
        // follows it.
        None => yearless_day(trimmed).or_else(|| year_alone(trimmed)).map_or(tail, |end| &trimmed[end..]),
    }
}

/// Where "năm YYYY" ends, when `t` opens with it.
fn year_alone(t: &str) -> Option<usize> {
    let rest = t.strip_prefix("năm ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits == 4 && rest[digits..].chars().next().is_none_or(|c| !c.is_alphanumeric())).then_some("năm ".len() + digits)
}

/// Where "ngày D/M" without a year ends, when `t` opens with it.
fn yearless_day(t: &str) -> Option<usize> {
    let rest = t.strip_prefix("ngày ")?;
    let token = rest.split_whitespace().next()?;
    let token = token.trim_end_matches([',', '.']);
    let (d, m) = token.split_once('/')?;
    let numeric = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    (numeric(d) && numeric(m)).then(|| "ngày ".len() + token.len())
}

/// Heads of an organisation's name after a signer's title ("Phó Chủ tịch Hội LHPNVN").
const ORGANISATION_HEADS: [&str; 8] = ["Hội", "Ban", "Bộ", "Sở", "UBND", "Ủy", "Uỷ", "Trung"];

/// A signer named as acting on behalf of a collective body ("thay mặt Đoàn Chủ tịch, Phó Chủ tịch
/// Hội LHPNVN Nguyễn Thị Tuyết đã ký …", Decree 30's "TM."): the signer's name, title and
/// prefix, and the body — the organ named after "thay mặt", with the organisation the title
/// names. Returns the body.
fn signed_on_behalf(before: &str, letter: &mut Letter) -> Option<String> {
    let at = before.to_lowercase().rfind("thay mặt ")?;
    let (organ, signer) = before[at + "thay mặt ".len()..].split_once(',')?;
    let organ = organ.trim();
    let words: Vec<&str> = signer.split_whitespace().collect();
    let n = words.len();
    let name_len = (2..=4).rev().find(|k| n > *k && super::signature::is_name(&words[n - k..].join(" ")))?;
    let title_words = &words[..n - name_len];
    let org_at = (1..title_words.len()).find(|i| ORGANISATION_HEADS.contains(&title_words[*i]));
    let title = title_words[..org_at.unwrap_or(title_words.len())].join(" ");
    if organ.split_whitespace().count() > 6 || !organ.starts_with(char::is_uppercase) || title.is_empty() {
        return None;
    }
    letter.signer_name = Some(words[n - name_len..].join(" "));
    letter.signer_title = Some(title);
    letter.signing_authority_prefix = Some("TM.".to_string());
    letter.confidence.insert("signer_name", 0.4);
    letter.confidence.insert("signer_title", 0.4);
    letter.confidence.insert("signing_authority_prefix", 0.4);
    let organisation = org_at.map(|i| title_words[i..].join(" "));
    Some(match organisation {
        Some(org) => {
            let written =
                agencies::expand(&org.to_uppercase()).and_then(|caps| agencies::known_spelling(&caps)).unwrap_or(org);
            format!("{organ} {written}")
        }
        None => organ.to_string(),
    })
}

/// The body that ends `before` (the subject of the verb after it): a known agency, however
/// glued to what precedes it, or a body's name written out in the clause, which opens with an
/// organ's word and ends with its place ("Ban Thường vụ Tỉnh ủy Yên Bái", "Ban Chấp hành Thành
/// đoàn Hà Nội"); not a level without its place ("Ủy ban nhân dân thành phố"), nor a name with
/// an abbreviation the table of agencies does not hold.
fn body_ending(before: &str) -> Option<String> {
    // A news item's dateline before the sentence ("(Cinet) - UBND tỉnh …", "(GD TP.HCM): – UBND
    // …"): the body follows the dash.
    let before = [" - ", " – ", " -", "– "]
        .iter()
        .filter_map(|d| before.rfind(d).map(|p| &before[p + d.len()..]))
        .find(|after| {
            let lower = after.trim_start().to_lowercase();
            BODY_HEADS.iter().any(|h| lower.starts_with(h)) && !after.contains([',', ';'])
        })
        .map_or(before, str::trim_start);
    if let Some(start) = agencies::known_suffix_start(before) {
        // An office or inspectorate named with its body ("Văn phòng Bộ Tài chính", "Thanh tra
        // Bộ Xây dựng") is that unit, not the body.
        let head = before[..start].trim_end();
        let unit = ["văn phòng", "thanh tra"].iter().find_map(|u| {
            let lower = head.to_lowercase();
            let at = lower.strip_suffix(u)?.len();
            lower[..at].chars().next_back().is_none_or(|c| !c.is_alphabetic()).then_some(at)
        });
        // A known agency is written as it is known ("Bộ Văn hoá, Thể thao và du lịch" → "Bộ Văn
        // hóa, Thể thao và Du lịch").
        let name = &before[unit.unwrap_or(start)..];
        return Some(if unit.is_some() {
            name.to_string()
        } else {
            agencies::known_spelling(name).unwrap_or(name.to_string())
        });
    }
    let segment = last_clause(before);
    let words: Vec<&str> = segment.split_whitespace().collect();
    let lower = segment.to_lowercase();
    let opens = BODY_HEADS.iter().any(|h| lower.starts_with(h));
    let placed = words.last().is_some_and(|w| w.starts_with(char::is_uppercase));
    let expands = agencies::expand(&segment.to_uppercase()).is_some();
    let abbreviated = words.iter().any(|w| agencies::is_known_abbreviation(w));
    let least = if abbreviated { 2 } else { 3 };
    if !(opens && placed && expands && (least..=12).contains(&words.len())) {
        return None;
    }
    // The committee's and council's names take their written form ("UBND xã Tân Đoàn"); other
    // names stay as the text writes them.
    let committee = ["ủy ban nhân dân ", "uỷ ban nhân dân ", "hội đồng nhân dân ", "ubnd ", "hđnd "]
        .iter()
        .any(|k| lower.starts_with(k));
    // A name holding an abbreviation the table expands ("Bộ LĐ-TB&XH", "UBND TP.HCM") is written
    // out.
    Some(if committee || (abbreviated && lower.starts_with("bộ ")) {
        agency_name(&segment.to_uppercase()).unwrap_or_else(|| org_case(&segment.to_uppercase()))
    } else {
        current_tones(segment)
    })
}

/// The text after the last clause mark in `before` (",", ";", ":", or a "." that ends a
/// sentence; the dot of "TP.HCM" does not).
fn last_clause(before: &str) -> &str {
    let cut = before
        .char_indices()
        .filter(|(i, c)| {
            matches!(c, ',' | ';' | ':')
                || (*c == '.' && before[i + 1..].chars().next().is_none_or(char::is_whitespace))
        })
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    before[cut..].trim()
}

/// A name written with the current tone placement ("Uỷ ban" → "Ủy ban"), its case kept; a
/// Party committee's "ủy" small, as its name is written ("Tỉnh Ủy Thừa Thiên Huế" → "Tỉnh ủy
/// Thừa Thiên Huế").
fn current_tones(name: &str) -> String {
    let mut words: Vec<String> = name.split(' ').map(str::to_string).collect();
    for k in 1..words.len() {
        let party = ["Tỉnh", "Thành", "Huyện", "Quận", "Thị", "Đảng"].contains(&words[k - 1].as_str());
        if party && matches!(words[k].as_str(), "Ủy" | "Uỷ") {
            words[k] = "ủy".to_string();
        }
    }
    words
        .iter()
        .map(|w| {
            let lower = w.to_lowercase();
            let placed = new_tone_places(&lower);
            if placed == lower {
                w.clone()
            } else if w.starts_with(char::is_uppercase) {
                capitalize(&placed)
            } else {
                placed
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A title that names its body ("CỦA BỘ CHÍNH TRỊ về …", as a Party resolution reprinted
/// without its header does): the body, when the table of agencies knows it.
fn issuer_in_title(letter: &mut Letter) {
    let Some(subject) = letter.subject.as_deref() else {
        return;
    };
    let Some(rest) = subject.strip_prefix("CỦA ").or_else(|| subject.strip_prefix("của ")) else {
        return;
    };
    let name: Vec<&str> = rest.split_whitespace().take_while(|w| is_caps(w) && fold(w) != "ve").collect();
    let name = name.join(" ");
    if let Some(named) = agency_name(&name).filter(|n| agencies::is_known(n)) {
        letter.issuer = Some(named);
        letter.confidence.insert("issuer", 0.5);
    }
}

/// Verbs by which the issuing body performs the document's act in its preamble, with the type
/// each makes the document (`None`: the type's name follows the verb).
const ACTS: [(&str, Option<&str>); 5] = [
    (" ban hành ", None),
    (" xây dựng ", None),
    (" thông báo ", Some("THÔNG BÁO")),
    (" hướng dẫn ", Some("HƯỚNG DẪN")),
    (" báo cáo ", Some("BÁO CÁO")),
];

/// Words a body's name opens with, when it is not in the table of agencies ("Ủy ban nhân dân
/// thành phố", "UBND tỉnh").
const BODY_HEADS: [&str; 22] = [
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "hội đồng",
    "hđnd",
    "ban ",
    "bộ ",
    "sở ",
    "chủ tịch",
    "phòng ",
    // The Party's committees ("Tỉnh ủy Thừa Thiên Huế", "Đảng ủy xã …") and the mass
    // organisations ("Hội Liên hiệp Phụ nữ …", "Đoàn Thanh niên …", "Liên đoàn Lao động …").
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "thành uỷ",
    "huyện ủy",
    "huyện uỷ",
    "quận ủy",
    "đảng ủy",
    "đảng uỷ",
    "hội ",
    "đoàn ",
    "liên đoàn",
];

/// The preamble's sentence that ends "… như sau:" ("… các nội dung sau:") and in which a body
/// performs the act: the document's type when none was read, and its issuer when the body is a
/// known agency.
fn performed_act(doc: &Doc, letter: &mut Letter) {
    let text = references::flatten_for_scan(doc.lines.iter().take(60).copied());
    // "… như sau:", or "… các nội dung (chính) sau:".
    let Some(end) = text.find("như sau").or_else(|| text.find(" sau:")) else {
        opening_act(doc, letter);
        return;
    };
    let clause = &text[..end];
    let mut best: Option<(usize, &'static str, Option<String>)> = None;
    for (verb, kind) in ACTS {
        let mut from = 0;
        while let Some(found) = clause[from..].find(verb) {
            let at = from + found;
            from = at + verb.len();
            let before = clause[..at].trim_end();
            // A committee named by its level alone ("Uỷ ban nhân dân tỉnh xây dựng Kế hoạch …"):
            // the level's place as the text names it.
            let known = body_ending(before).or_else(|| {
                let (body, level) = body_at_level(before)?;
                place_named_with(doc, level).map(|place| format!("{body} {place}"))
            });
            let segment = before.rsplit([',', ';', '.', ':']).next().unwrap_or(before).trim();
            let named_body = segment.split_whitespace().count() <= 12 && {
                let lower = segment.to_lowercase();
                BODY_HEADS.iter().any(|h| lower.starts_with(h))
            };
            if known.is_none() && !named_body {
                continue;
            }
            let after = &clause[from..];
            let doc_type = match kind {
                Some(kind) => Some(kind),
                None => TYPE_NAMES.iter().copied().find(|name| {
                    let n = name.chars().count();
                    after.chars().take(n).collect::<String>().to_uppercase() == *name
                        && after.chars().nth(n).is_none_or(|c| !c.is_alphabetic())
                }),
            };
            if let Some(doc_type) = doc_type
                && best.as_ref().is_none_or(|(b, _, _)| at > *b)
            {
                best = Some((at, doc_type, known));
            }
        }
    }
    let Some((_, doc_type, known)) = best else {
        return;
    };
    if letter.doc_type.is_none() {
        letter.doc_type = Some(normal_type(doc_type));
        letter.confidence.insert("doc_type", 0.4);
    }
    if letter.issuer.is_none()
        && let Some(body) = known
    {
        letter.issuer = Some(body);
        letter.confidence.insert("issuer", 0.4);
    }
}

/// Types a news item points back to when it tells what the reported document says ("Theo kế
/// hoạch, …", "Theo chỉ thị trên, …"); "theo quy định", "theo báo cáo" or "theo đề án" mean the
/// rules, the figures or the scheme in general.
const REPORTED_TYPES: [&str; 7] =
    ["KẾ HOẠCH", "CHỈ THỊ", "HƯỚNG DẪN", "CÔNG ĐIỆN", "THÔNG BÁO", "NGHỊ QUYẾT", "QUYẾT ĐỊNH"];

/// The type of a document a page reports without naming it as issued: the one its sentences
/// follow ("Theo kế hoạch, tỉnh Hải Dương sẽ …", "Theo kế hoạch trên, thời gian …"), or the one
/// its first line opens with in sentence case ("Kế hoạch triển khai nhiệm vụ … với các nội
/// dung:"). A type followed by its number cites another document.
fn reported_type(doc: &Doc, letter: &mut Letter) {
    let first = doc.lines.iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("");
    let opening = TYPE_NAMES.iter().find(|name| {
        let Some(rest) = first
            .char_indices()
            .nth(name.chars().count())
            .filter(|(i, _)| first[..*i].to_uppercase() == **name)
            .map(|(i, _)| &first[i..])
        else {
            return false;
        };
        !is_caps(first)
            && rest.starts_with(' ')
            && rest.trim_start().starts_with(char::is_lowercase)
            && !fold(rest).trim_start().starts_with("so ")
            && find_codes(rest).is_empty()
    });
    let followed = || {
        doc.lines.iter().take(40).find_map(|line| {
            let lower = crate::text::lowercase(line);
            lower.match_indices("theo ").find_map(|(at, _)| {
                let opens = lower[..at].trim_end().is_empty() || lower[..at].trim_end().ends_with('.');
                let after = &lower[at + "theo ".len()..];
                REPORTED_TYPES.iter().copied().find(|name| {
                    let rest = after.strip_prefix(name.to_lowercase().as_str());
                    opens
                        && rest.is_some_and(|r| [",", " trên,", " nói trên,", " này,"].iter().any(|k| r.starts_with(k)))
                })
            })
        })
    };
    if let Some(name) = opening.copied().or_else(followed) {
        letter.doc_type = Some(normal_type(name));
        letter.confidence.insert("doc_type", 0.4);
    }
    // "Chỉ thị của Chủ tịch Uỷ ban nhân dân tỉnh về việc …": a line naming the type and its body
    // gives the title after "về".
    if let Some(name) = opening
        && letter.subject.is_none()
    {
        let rest = first[first.char_indices().nth(name.chars().count()).map_or(0, |(i, _)| i)..].trim_start();
        if rest.starts_with("của ")
            && let Some(at) = rest.find(" về ")
        {
            let title = rest[at + 1..].trim_end().trim_end_matches(['.', ';', ':']);
            letter.subject = Some(join_subject(&[title.to_string()]));
            letter.confidence.insert("subject", 0.4);
        }
    }
}

/// The closing formula of a notice (Decree 30's thông báo): its body "thông báo để …
/// (được) biết" ("Vậy, UBND huyện thông báo để các cơ quan, đơn vị … được biết./."), or the
/// formula that opens its items ("… UBND phường Phúc La thông báo:").
fn closing_notice(doc: &Doc, letter: &mut Letter) {
    let closes = doc.lines.iter().zip(doc.folded).any(|(line, folded)| {
        // A line whose fold lacks "thong bao" holds "thông báo" in no case: no need to lower it.
        if !crate::text::contains_str(folded, "thong bao") {
            return false;
        }
        let lower = crate::text::lowercase(line);
        // "… UBND phường Phúc La thông báo:" then the items: the formula that opens them.
        let opening = lower.trim_end().strip_suffix(" thông báo:").map(str::len);
        let closing = lower.find(" thông báo để ").or_else(|| lower.find(" thông báo cho "));
        closing.or(opening).is_some_and(|at| {
            let segment = lower[..at].rsplit([',', ';', '.', ':']).next().unwrap_or("").trim();
            segment.split_whitespace().count() <= 12
                && (BODY_HEADS.iter().any(|h| segment.starts_with(h)) || segment.starts_with("văn phòng"))
                && (opening.is_some() || lower[at..].contains(" biết"))
        })
    });
    if closes {
        letter.doc_type = Some(normal_type("THÔNG BÁO"));
        letter.confidence.insert("doc_type", 0.4);
    }
}

/// A paragraph that opens with a body performing the act ("Ủy ban nhân dân xã Mỹ Thạnh thông
/// báo chính thức …", a notice whose preamble does not end "… như sau:"): the body is the
/// issuer when its name is whole.
fn opening_act(doc: &Doc, letter: &mut Letter) {
    if letter.issuer.is_some() {
        return;
    }
    for line in doc.lines.iter().take(60) {
        let t = line.trim();
        let body = ACTS.iter().find_map(|(verb, _)| {
            let at = t.find(verb)?;
            let before = &t[..at];
            // The body is the whole clause before the verb: no citation, no other clause.
            (!before.contains([',', ';', '.', ':']) && find_codes(before).is_empty())
                .then(|| body_ending(before))
                .flatten()
        });
        if let Some(body) = body {
            letter.issuer = Some(body);
            letter.confidence.insert("issuer", 0.4);
            return;
        }
    }
}

/// The body that opens a sentence by asking bodies for work ("… gia đình. Sở Văn hóa và Thể thao
/// đề nghị các Sở, ban ngành …", "Sở Giáo dục và Đào tạo (GDĐT) yêu cầu các phòng …"): in a text
/// without header, the sender of the request, when its name is whole. A request a cited
/// document makes ("Công văn số … của Bộ … đề nghị …") names its own sender, not this one.
fn requesting_body(doc: &Doc, letter: &mut Letter) {
    if letter.issuer.is_some() {
        return;
    }
    for line in doc.lines.iter().take(40) {
        let body = [" đề nghị ", " yêu cầu ", " đề nghị:", " yêu cầu:"].iter().find_map(|verb| {
            let at = line.find(verb)?;
            let addressed = &line[at + verb.len()..];
            // "… yêu cầu:" closing the line asks the items below.
            let items = verb.ends_with(':') && addressed.trim().is_empty();
            if !(items || addressed.starts_with("các ") || addressed.starts_with(char::is_uppercase)) {
                return None;
            }
            let before = line[..at].trim_end();
            let before =
                [" đã", " vừa", " mới"].iter().find_map(|mark| before.strip_suffix(mark)).unwrap_or(before).trim_end();
            // A short name in brackets after the body ("Sở Giáo dục và Đào tạo (GDĐT)").
            let before = match before.strip_suffix(')').and_then(|b| b.rfind(" (")) {
                Some(p) if before[p + 2..].split_whitespace().count() == 1 => &before[..p],
                _ => before,
            };
            let clause = last_clause(before);
            let lower = clause.to_lowercase();
            let cited = lower.contains(" của ") || lower.starts_with("theo ") || !find_codes(clause).is_empty();
            (!cited && BODY_HEADS.iter().any(|h| lower.starts_with(h))).then(|| body_ending(clause)).flatten()
        });
        if let Some(body) = body {
            letter.issuer = Some(body);
            letter.confidence.insert("issuer", 0.3);
            return;
        }
    }
}

/// The letter's own code, number and symbol, read from a line that names it.
fn take_code(letter: &mut Letter, code: &DocumentCode) {
    letter.full_code = Some(code.full_code());
    letter.number.clone_from(&code.number);
    letter.symbol = Some(code.symbol.clone());
    letter.confidence.insert("full_code", 0.5);
}

/// The letter's type, code and date as a sentence names it ("… theo Công văn số 670/BVHTTDL-VP
/// ngày 28/02/2023 …"): a "văn bản" so named is a công văn.
fn take_named(letter: &mut Letter, doc_type: &str, m: &crate::code::CodeMatch, after: &str) {
    letter.doc_type = Some(if doc_type == "Văn bản" { "Công văn" } else { doc_type }.to_string());
    letter.confidence.insert("doc_type", 0.5);
    take_code(letter, &m.code);
    if let Some(date) = references::date_after(after, m.code.year) {
        letter.date = Some(date);
        letter.confidence.insert("date", 0.5);
    }
}

/// A compilation of answers to petitions names each answer after the petition ("Trả lời: (Tại
/// Công văn số 583/UBDT-CSDT ngày 20/6/2016)"): the answering document's type, code and date,
/// whatever the petition cited before it.
fn answer_named(doc: &Doc, letter: &mut Letter) {
    let Some(at) = doc.find_folded(|f| f.starts_with("tra loi")) else {
        return;
    };
    let line = doc.line(at).trim();
    let Some((_, named)) = line.split_once(':') else {
        return;
    };
    let named = named.trim_start().trim_start_matches('(').trim_start();
    let Some(named) = ["Tại ", "tại ", "Theo ", "theo "].iter().find_map(|k| named.strip_prefix(k)) else {
        return;
    };
    let Some(m) = find_codes(named).into_iter().next() else {
        return;
    };
    let Some(doc_type) = references::type_before(&named[..m.start]).filter(|_| m.start < 30) else {
        return;
    };
    take_named(letter, doc_type, &m, &named[m.end..]);
    // The answering body speaks of its own acts in the answer ("…, Ủy ban Dân tộc đã có văn bản
    // số …"): the issuer, read as from a lead-in.
    if letter.issuer.is_none() {
        let answer: Vec<&str> = doc.lines[at + 1..].iter().copied().filter(|l| !is_blank(l)).take(3).collect();
        let mut read = Letter::default();
        issued_in_lead_in(&answer, &mut read);
        if let Some(body) = read.issuer {
            letter.issuer = Some(body);
            letter.confidence.insert("issuer", 0.3);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sentences_first_piece_is_no_heading() {
        let text = "Kính gửi: Các cơ quan, tổ chức trong hệ thống chính trị\n\nTại văn bản này, Ban Chỉ đạo\n\
                    đã giao Bộ Khoa học và Công nghệ chủ trì ban hành văn bản hướng dẫn số hóa.\n\n\
                    Bộ Khoa học và Công nghệ đề nghị Quý Cơ quan phản hồi vướng mắc.\n";
        assert_eq!(crate::parse(text)[0].subject, None);
    }

    #[test]
    fn a_portals_notices_and_card_above_a_page_that_lost_its_header_are_the_page_s() {
        let text = "Bản dịch này thuộc quyền sở hữu của **\nTHƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép mà không có sự đồng ý của **\n\
                    THƯ VIỆN PHÁP LUẬT** là vi phạm pháp luật.\n**\nTHƯ VIỆN PHÁP LUẬT** has the copyright on this translation. \
                    Copying it without the consent of\nĐang tải văn bản...\n**Số hiệu:**\n|\n512/BTC-VP\n|\n\
                    **Kính gửi:** Ủy ban nhân dân các tỉnh.\nThực hiện Kết luận số 186-KL/TW ngày 29/8/2025 của Bộ Chính trị, \
                    Bộ Tài chính tổ chức hội nghị theo Công văn số 512/BTC-VP./.\n|\n**TL. BỘ TRƯỞNG**\nCHÁNH VĂN PHÒNG\nPhạm\nVăn Thanh\n|\n\
                    **PHỤ LỤC 1**\n*(Kèm theo Công văn số:\n512/BTC-TCCB ngày 18 tháng 11 năm 2025 của Bộ Tài chính)*\n";
        let l = &crate::parse(text)[0];
        assert_eq!(l.subject, None);
        assert_eq!(l.full_code.as_deref(), Some("512/BTC-TCCB"));
        assert_eq!(l.date, chrono::NaiveDate::from_ymd_opt(2025, 11, 18));
        assert_eq!(l.signer_name.as_deref(), Some("Phạm Văn Thanh"));
        let codes: Vec<&str> = l.references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["186-KL/TW"]);
    }

    #[test]
    fn a_portals_reprint_in_full_names_the_letter_it_reprints() {
        let text = "Tin tức và Sự kiện\n\nTrả lời kiến nghị của cử tri TP Hồ Chí Minh\n\n16/03/2023 | 08:36\n\n\
                    Bộ Văn hóa, Thể thao và Du lịch nhận được kiến nghị của cử tri theo Công văn số 2081/BDN ngày 30/12/2022.\n\n\
                    Cổng TTĐT của Bộ trích đăng toàn văn phần trả lời của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch theo \
                    Công văn số 670/BVHTTDL-VP ngày 28/02/2023 về việc trả lời kiến nghị của cử tri như sau:\n\n\
                    1. Về đề nghị có giải pháp ngăn chặn thảm hoạ khi tổ chức lễ hội\n\nBộ đã chỉ đạo theo Chỉ thị số 2/CT-BVHTTDL.\n";
        let l = &crate::parse(text)[0];
        assert_eq!(l.full_code.as_deref(), Some("670/BVHTTDL-VP"));
        assert_eq!(l.doc_type.as_deref(), Some("Công văn"));
        assert_eq!(l.date, chrono::NaiveDate::from_ymd_opt(2023, 2, 28));
        assert_eq!(l.subject.as_deref(), Some("về việc trả lời kiến nghị của cử tri"));
        assert_eq!(l.issuer.as_deref(), Some("Bộ Văn hóa, Thể thao và Du lịch"));
        let codes: Vec<&str> = l.references.iter().map(|r| r.full_code.as_str()).collect();
        assert_eq!(codes, ["2/CT-BVHTTDL"]);
    }

    #[test]
    fn a_headline_closed_by_the_code_and_date_gives_them_and_the_summary() {
        let text = "Skip to main content\n\nVề việc tổ chức tuần lễ sách (412/VP-VX, ngày 05/3/2024).\n\n\
                    Văn phòng UBND tỉnh thông báo để Sở Văn hóa thực hiện./.";
        let l = &crate::parse(text)[0];
        assert_eq!(l.subject.as_deref(), Some("Về việc tổ chức tuần lễ sách"));
        assert_eq!(l.full_code.as_deref(), Some("412/VP-VX"));
        assert_eq!(l.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 5));
    }

    #[test]
    fn a_pages_record_gives_the_code_and_the_signer_in_shorthand() {
        let text = "2045/BYT-KCB\n\nKTBT, TT Trần Văn Minh Theo BỘ Y TẾ -\n\n\
                    Công văn V/v tăng cường khám bệnh ngày lễ\n\nKính gửi: Sở Y tế các tỉnh\n\n\
                    Bộ Y tế đề nghị Sở Y tế các tỉnh bố trí trực.";
        let l = &crate::parse(text)[0];
        assert_eq!(l.full_code.as_deref(), Some("2045/BYT-KCB"));
        assert_eq!(l.subject.as_deref(), Some("V/v tăng cường khám bệnh ngày lễ"));
        assert_eq!(l.issuer.as_deref(), Some("Bộ Y tế"));
        assert_eq!(
            (l.signing_authority_prefix.as_deref(), l.signer_title.as_deref(), l.signer_name.as_deref()),
            (Some("KT."), Some("Thứ trưởng"), Some("Trần Văn Minh"))
        );
        assert_eq!(super::shorthand_signer("TLBT, Vụ TVPC Lê Thị Hà Theo BỘ TƯ PHÁP -").map(|s| s.1), Some(None));
        assert!(super::shorthand_signer("Theo BỘ Y TẾ, các sở thực hiện").is_none());
    }

    #[test]
    fn an_annex_alone_gives_its_title_and_the_body_it_was_issued_by() {
        let text = "Phụ lục II DANH SÁCH CÁC CƠ SỞ ĐỦ ĐIỀU KIỆN\n\n\
                    (Kèm theo Công văn số 215/SYT-NVY ngày 02 tháng 3 năm 2024 của Sở Y tế)\n\n1 | Trạm y tế xã An Bình";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.subject.as_deref(), Some("DANH SÁCH CÁC CƠ SỞ ĐỦ ĐIỀU KIỆN"));
        assert_eq!(letter.issuer.as_deref(), Some("Sở Y tế"));
        assert_eq!(letter.doc_type, None);
    }

    #[test]
    fn an_office_asking_the_items_below_is_the_issuer() {
        let text = "Thông báo lịch nghỉ học\n\nDo mưa lũ, theo chỉ đạo của UBND huyện. Phòng GD&ĐT yêu cầu:\n\
                    1. Các trường cho học sinh nghỉ học.\n2. Các trường báo cáo thiệt hại.";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("Phòng GD&ĐT"));
    }

    #[test]
    fn a_heading_with_only_urgency_and_day_dates_the_notice() {
        let text = "Thông báo Khẩn ngày 05/9/2024\n\nKính gửi:\n\nCác trường học trên địa bàn huyện\n\
                    Do bão số 3, Phòng Giáo dục cho học sinh nghỉ học ngày 06/9/2024.";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Thông báo"));
        assert_eq!(letter.date, chrono::NaiveDate::from_ymd_opt(2024, 9, 5));
        assert_eq!(letter.subject, None);
    }

    #[test]
    fn a_lead_in_dates_the_report_its_headline_titles() {
        let text = "Báo cáo kết quả công tác quý I năm 2024\n\n\
                    ngày 05/4/2024 UBND xã đã ban hành Báo cáo Kết quả công tác quý I năm 2024\n\n\
                    Quý I năm 2024, xã tập trung chỉ đạo sản xuất vụ Đông Xuân.";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.doc_type.as_deref(), Some("Báo cáo"));
        assert_eq!(letter.date, chrono::NaiveDate::from_ymd_opt(2024, 4, 5));
        assert_eq!(letter.subject.as_deref(), Some("kết quả công tác quý I năm 2024"));
    }

    #[test]
    fn a_committee_named_by_its_level_takes_the_place_the_text_names() {
        let text = "KẾ HOẠCH TỔ CHỨC NGÀY HỘI VĂN HÓA CÁC DÂN TỘC NĂM 2025\n\n\
                    Căn cứ Kế hoạch số 12/KH-BVHTTDL ngày 05/01/2025 của Bộ Văn hóa, Thể thao và Du lịch;\n\n\
                    Ủy ban nhân dân tỉnh xây dựng Kế hoạch tổ chức Ngày hội văn hóa các dân tộc tỉnh Điện Biên \
                    như sau:\n\nI. MỤC ĐÍCH";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.issuer.as_deref(), Some("UBND tỉnh Điện Biên"));
    }

    #[test]
    fn a_text_opening_with_its_summary_line_is_a_letter_with_that_subject() {
        let text = "Về việc góp ý dự thảo Quy chế làm việc\n\nThực hiện chỉ đạo của UBND tỉnh, Sở Nội vụ đề nghị \
                    các phòng, ban góp ý vào dự thảo.";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.subject.as_deref(), Some("Về việc góp ý dự thảo Quy chế làm việc"));
        assert_eq!(letter.doc_type.as_deref(), Some("Công văn"));
    }
}
