//! The signature block: authority prefix (TM., KT., TL., Q., TUQ.), the signer's title and
//! name, including flattened table cells and OCR damage ("HỮU TRƯỞNG" under "KT. BỘ TRƯỞNG").

use super::header::capitalize;
use super::{Doc, Letter, is_blank, is_caps, is_motto_folded, letters};

pub(super) const PREFIXES: [&str; 5] = ["TM.", "KT.", "TL.", "TUQ.", "Q."];

/// The authority prefix a word spells, in its usual form: "KT." for "KT." and for the slash
/// forms of Party and mass-organisation documents ("K/T", "T/M", "T/L").
pub(super) fn prefix_word(word: &str) -> Option<&'static str> {
    let slashed = match word.trim_end_matches('.') {
        "K/T" => Some("KT."),
        "T/M" => Some("TM."),
        "T/L" => Some("TL."),
        _ => None,
    };
    slashed.or_else(|| {
        PREFIXES
            .iter()
            .copied()
            .find(|p| word == *p || word.trim_end_matches('.') == p.trim_end_matches('.') && word.ends_with('.'))
    })
}

pub(super) fn authority_prefix(unit: &str) -> Option<&'static str> {
    let mut words = unit.split_whitespace();
    let first = words.next()?;
    prefix_word(first).or_else(|| {
        // The prefix printed without its dot before the authority in capitals ("TM UBND XÃ …",
        // "KT GIÁM ĐỐC").
        let bare = PREFIXES.iter().copied().find(|p| p.trim_end_matches('.') == first && *p != "Q.")?;
        words.next().is_some_and(|w| w.chars().count() >= 2 && is_caps(w)).then_some(bare)
    })
}

pub(super) const TITLE_WORDS: [&str; 12] =
    ["TRƯỞNG", "CHỦ TỊCH", "CHỦ NHIỆM", "THỦ TƯỚNG", "GIÁM ĐỐC", "CHÁNH", "PHÓ", "BÍ THƯ", "TỔNG", "KT.", "TM.", "TL."];

pub(super) fn has_title_word(s: &str) -> bool {
    TITLE_WORDS.iter().any(|w| s.contains(w))
}

/// A personal name: two to six words, each a capital followed by small letters.
pub(super) fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.clone().count() >= 1
                && cs.all(|c| crate::text::is_letter(c) && c.is_lowercase())
        })
}

/// "P." shortens "PHÓ" before a title ("P. GIÁM ĐỐC", "P. CHÁNH VĂN PHÒNG").
const DEPUTY_SHORT: &str = "P.";

/// A word of a signature's capital text: capitals, or no letters, or "P.".
fn is_caps_word(w: &str) -> bool {
    letters(w).next().is_none() || is_caps(w) || w == DEPUTY_SHORT
}

/// Ranks of the armed forces and the police that a signer's name follows ("Đại tá Phạm Văn
/// Sinh"): not part of the name.
const RANKS: [&str; 12] = [
    "Đại tướng",
    "Thượng tướng",
    "Trung tướng",
    "Thiếu tướng",
    "Đại tá",
    "Thượng tá",
    "Trung tá",
    "Thiếu tá",
    "Đại úy",
    "Thượng úy",
    "Trung úy",
    "Thiếu úy",
];

/// A signed name without the rank printed before it.
fn without_rank(line: &str) -> &str {
    RANKS.iter().find_map(|r| line.strip_prefix(r).and_then(|rest| rest.strip_prefix(' '))).unwrap_or(line)
}

/// A copy's mark that the original was signed: "(Đã ký)", "(đã kỹ)", "(ký)".
fn is_signed_mark(folded: &str) -> bool {
    matches!(folded.trim(), "(da ky)" | "da ky" | "(ky)" | "(da ky va dong dau)")
}

/// A signature cell printed beside a line of the distribution list, both columns padded into
/// one line ("Nơi nhận: GIÁM ĐỐC", "- Như trên; (đã ký)", "- Lưu: VT; Lê Văn Hùng"): the list's
/// part and the signature's, split after the list's last ":" or ";".
/// The signer's name that the words after a title in capitals hold: all of them, or the first
/// two to four when capitals follow (the heading of an annex run on after the signature).
fn name_after_title(words: &[&str]) -> Option<String> {
    let all = words.join(" ");
    if is_name(&all) {
        return Some(all);
    }
    (2..=4.min(words.len().saturating_sub(1))).rev().find_map(|k| {
        let name = words[..k].join(" ");
        (is_name(&name) && is_caps(words[k]) && letters(words[k]).count() > 1).then_some(name)
    })
}

/// Where a signature run onto the end of the distribution list's last item begins ("- Lưu:
/// VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng"): a title in capitals, then a
/// personal name that ends the line.
pub(super) fn trailing_signature(line: &str) -> Option<usize> {
    let t = line.trim_end();
    // Byte tests first: a list item that ends with a name's small letter.
    if !t.trim_start().starts_with(['-', '+'])
        || t.len() > 400
        || !t.ends_with(char::is_lowercase)
        || !has_title_word(t)
    {
        return None;
    }
    let words = super::word_starts(t);
    let n = words.len();
    let name_len = (2..=4)
        .rev()
        .find(|k| n > *k && is_name(&words[n - k..].iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ")))?;
    let caps =
        words[..n - name_len].iter().rev().take_while(|(_, w)| is_caps_word(w) && letters(w).next().is_some()).count();
    let first = n - name_len - caps;
    let title: Vec<&str> = words[first..n - name_len].iter().map(|(_, w)| *w).collect();
    (caps >= 2 && has_title_word(&title.join(" ")) && first > 1).then(|| words[first].0)
}

pub(super) fn side_cell(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_end();
    let at = t.rfind([';', ':'])?;
    let (list, side) = (&t[..=at], t[at + 1..].trim());
    let signed = is_signed_mark(&crate::text::fold(side));
    let title = side.split_whitespace().count() <= 6 && is_caps(side) && has_title_word(side);
    (!side.is_empty() && (signed || title || is_name(side))).then_some((list, side))
}

/// A signature beside the distribution list (see [`side_cell`]): the title and the name read
/// from the ends of the list's lines.
fn beside_list(doc: &Doc, noi_nhan: Option<usize>, letter: &mut Letter) -> Option<usize> {
    let at = noi_nhan?;
    let mut caps: Vec<String> = Vec::new();
    for k in at..doc.lines.len().min(at + 14) {
        let Some((_, side)) = side_cell(doc.line(k)) else { continue };
        if is_name(side) {
            if caps.is_empty() {
                return None;
            }
            apply_signature(&signature_units(&caps), side, letter);
            return Some(at);
        }
        if is_caps(side) {
            caps.push(side.to_string());
        }
    }
    None
}

pub(super) fn starts_signature(line: &str) -> bool {
    let t = line.trim();
    let t = t.strip_prefix("P. ").unwrap_or(t);
    // Cheap test first: a signature line opens with two capitals ("KT.", "PHÓ", "K/T").
    let mut head = t.chars();
    if !(head.next().is_some_and(char::is_uppercase) && head.next().is_some_and(|c| c.is_uppercase() || c == '/')) {
        return false;
    }
    if authority_prefix(t).is_some() {
        return true;
    }
    let caps_words = t.split_whitespace().take_while(|w| letters(w).count() > 0 && is_caps(w)).count();
    caps_words >= 2 && has_title_word(t)
}

/// Titles of office that open a signer's own title ("CỤC TRƯỞNG …", "CHỦ TỊCH").
const TITLE_STARTS: [&[&str]; 15] = [
    &["BỘ", "TRƯỞNG"],
    &["CỤC", "TRƯỞNG"],
    &["VỤ", "TRƯỞNG"],
    &["VIỆN", "TRƯỞNG"],
    &["TỔNG", "CỤC", "TRƯỞNG"],
    &["CHỦ", "TỊCH"],
    &["CHỦ", "NHIỆM"],
    &["GIÁM", "ĐỐC"],
    &["CHÁNH", "VĂN", "PHÒNG"],
    &["CHÁNH", "THANH", "TRA"],
    &["TRƯỞNG", "BAN"],
    &["TRƯỞNG", "PHÒNG"],
    &["BÍ", "THƯ"],
    &["THỦ", "TRƯỞNG"],
    &["THỦ", "TƯỚNG"],
];

/// Whether `words` open with a title of office.
fn starts_title(words: &[&str]) -> bool {
    TITLE_STARTS.iter().any(|t| words.len() >= t.len() && words[..t.len()] == **t)
}

/// Splits a signature's capital text into units: one per authority prefix, the title apart
/// from the authority ("KT. BỘ TRƯỞNG THỨ TRƯỞNG" → "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG").
/// Whether `line` opens with the second half of a head's title that `last` ends with the first
/// half of, a narrow cell having broken it ("TL. CỤC" / "TRƯỞNG": "Cục trưởng"; "KT. BỘ" /
/// "TRƯỞNG"; "HIỆU" / "TRƯỞNG").
fn split_head_title(last: &str, line: &str) -> bool {
    const HALVES: [&str; 6] = ["BỘ", "CỤC", "VỤ", "VIỆN", "HIỆU", "THỨ"];
    line.split_whitespace().next() == Some("TRƯỞNG")
        && last.split_whitespace().last().is_some_and(|w| HALVES.contains(&w))
}

pub(super) fn signature_units(caps_lines: &[String]) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    // A prefix alone on its line ("TL." / "BỘ TRƯỞNG CHÁNH VĂN PHÒNG") qualifies the authority on
    // the next.
    let mut joined: Vec<String> = Vec::new();
    for line in caps_lines {
        // So does an authority wrapped in its cell ("TM. ỦY BAN" / "NHÂN DÂN"): a line without a
        // title of office goes on the prefixed line above it.
        let wrapped = |last: &String| {
            last.split_whitespace().next().is_some_and(|w| prefix_word(w).is_some())
                && !has_title_word(line)
                && line.split_whitespace().next().is_some_and(|w| prefix_word(w).is_none())
        };
        match joined.last_mut() {
            Some(last) if prefix_word(last.trim()).is_some() && last.split_whitespace().count() == 1 => {
                last.push(' ');
                last.push_str(line.trim());
            }
            // An authority of two offices broken after its comma ("KT. BỘ TRƯỞNG," / "CHỦ NHIỆM"),
            // and an office broken after a word that cannot end one ("PHÓ" / "CHỦ TỊCH").
            Some(last)
                if wrapped(last)
                    || split_head_title(last, line)
                    || last.trim_end().ends_with(',')
                    || last.split_whitespace().last().is_some_and(|w| matches!(w, "PHÓ" | "TỔNG" | "VÀ")) =>
            {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => joined.push(line.clone()),
        }
    }
    for line in &joined {
        let mut current: Vec<&str> = Vec::new();
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut k = 0;
        while k < words.len() {
            let w = words[k];
            let is_prefix = prefix_word(w).is_some();
            let next_two = words.get(k..k + 2).map(|s| s.join(" ")).unwrap_or_default();
            let deputy = !current.is_empty()
                && (w == "PHÓ" || next_two == "THỨ TRƯỞNG" || next_two == "HỮU TRƯỞNG")
                && current.last().is_none_or(|p| prefix_word(p).is_none());
            // After "TL. BỘ TRƯỞNG" or "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI" the signer's own title
            // starts a new unit ("CỤC TRƯỞNG CỤC NGƯỜI CÓ CÔNG", "CHỦ TỊCH").
            let own_title = current.len() >= 2
                && current.first().is_some_and(|p| prefix_word(p).is_some())
                && starts_title(&words[k..])
                && current.last().is_some_and(|p| !p.ends_with(',') && !matches!(*p, "TỔNG" | "PHÓ" | "VÀ"));
            if (is_prefix || deputy || own_title) && !current.is_empty() {
                units.push(current.join(" "));
                current.clear();
            }
            current.push(w);
            k += 1;
        }
        if !current.is_empty() {
            units.push(current.join(" "));
        }
    }
    units
}

pub(super) fn apply_signature(units: &[String], name: &str, letter: &mut Letter) {
    let last_prefixed = units.iter().rposition(|u| authority_prefix(u).is_some());
    let (prefix, title) = match last_prefixed {
        Some(p) => {
            let prefix = authority_prefix(&units[p]).map(str::to_string);
            let authority = units[p].split_whitespace().skip(1).collect::<Vec<_>>().join(" ");
            let title = units.get(p + 1).cloned().map(|t| {
                if authority == "BỘ TRƯỞNG"
                    && t != "THỨ TRƯỞNG"
                    && t.ends_with("TRƯỞNG")
                    && t.split_whitespace().count() == 2
                {
                    "THỨ TRƯỞNG".to_string()
                } else {
                    t
                }
            });
            (prefix, title.or(Some(authority)))
        }
        None => (None, units.first().cloned()),
    };
    letter.signer_name = Some(name.trim().to_string());
    letter.signer_title = title.map(|t| title_case(t.trim_end_matches([',', '.'])));
    letter.signing_authority_prefix = prefix;
    letter.confidence.insert("signer_name", 0.85);
    letter.confidence.insert("signer_title", 0.8);
}

/// A signer's name that a narrow cell wrapped ("Bùi" / "Xuân Cường", "Nguyễn Quỳnh" / "Thiện"),
/// its line at `at` joined with the next: a lone word of a name before a line of one to three,
/// or a name of two or three words before one word standing alone on its line (what follows it
/// is no sentence).
fn wrapped_name(doc: &Doc, at: usize, named: &str) -> String {
    let next = doc.line(at + 1).trim();
    let words = named.split_whitespace().count();
    let next_words = next.split_whitespace().count();
    let joined = format!("{named} {next}");
    let alone_after = || {
        let after = doc.line(at + 2).trim();
        is_blank(after) || after.starts_with('|') || is_caps(after)
    };
    let wraps = is_name(&joined)
        && (words == 1 && (1..=3).contains(&next_words)
            || (2..=3).contains(&words) && next_words == 1 && alone_after());
    if wraps { joined } else { named.to_string() }
}

/// Finds the signature block: capital lines with a title, then a name (possibly on the same
/// flattened line). Returns the line where it starts.
pub(super) fn read_signature(doc: &Doc, noi_nhan: Option<usize>, letter: &mut Letter) -> Option<usize> {
    let closing = doc.find(|l| {
        let t = l.trim_end();
        t.ends_with("./.") || t.ends_with("./")
    });
    let from = match (closing, noi_nhan) {
        (Some(c), Some(n)) => c.min(n),
        (Some(c), None) => c,
        (None, Some(n)) => n,
        (None, None) => 0,
    };
    let mut candidates = Vec::new();
    for start in 0..doc.lines.len() {
        let spaced = unglued_prefix(doc.line(start).trim());
        let t = spaced.as_ref();
        if !starts_signature(t) || is_motto_folded(doc.folded(start)) {
            continue;
        }
        // Flattened: capitals then the name on one line, maybe with the heading of what
        // follows the signature run on after the name ("… PHÓ THỦ TƯỚNG Lê Thành Long QUY CHẾ
        // TỔ CHỨC …").
        let words: Vec<&str> = t.split_whitespace().collect();
        let caps_len = words.iter().take_while(|w| is_caps_word(w)).count();
        if caps_len < words.len() {
            if let Some(name) = name_after_title(&words[caps_len..]) {
                candidates.push((start, vec![words[..caps_len].join(" ")], name));
            }
            continue;
        }
        let mut caps_lines = vec![t.to_string()];
        let mut j = start + 1;
        while j < doc.lines.len() {
            let spaced = unglued_prefix(without_stamp(doc.line(j).trim()));
            let l = spaced.as_ref();
            if is_blank(l) || is_signed_mark(doc.folded(j)) {
                j += 1;
                continue;
            }
            if is_caps(l) && !is_motto_folded(doc.folded(j)) && caps_lines.len() < 6 {
                caps_lines.push(l.to_string());
                j += 1;
                continue;
            }
            let named = wrapped_name(doc, j, without_rank(l));
            if is_name(&named) {
                candidates.push((start, caps_lines.clone(), named));
            } else {
                // The title and the name run together under the authority ("TL." / "BỘ TRƯỞNG
                // CHÁNH VĂN PHÒNG Nguyễn Đức Tâm").
                let words: Vec<&str> = l.split_whitespace().collect();
                let caps_len = words.iter().take_while(|w| is_caps_word(w)).count();
                if caps_len > 0
                    && caps_len < words.len()
                    && let Some(name) = name_after_title(&words[caps_len..])
                {
                    caps_lines.push(words[..caps_len].join(" "));
                    candidates.push((start, caps_lines.clone(), name));
                }
            }
            break;
        }
    }
    if candidates.is_empty() {
        return beside_list(doc, noi_nhan, letter)
            .or_else(|| glued_or_signed(doc, letter))
            .or_else(|| name_after_list(doc, noi_nhan, letter));
    }
    let chosen = candidates.iter().find(|(s, _, _)| *s >= from).or_else(|| candidates.last())?;
    let units = signature_units(&chosen.1);
    apply_signature(&units, &chosen.2, letter);
    Some(chosen.0)
}

/// A signature line with a space after an authority prefix glued to its authority
/// ("KT.CHỦ TỊCH" → "KT. CHỦ TỊCH", "TL.CỤC TRƯỞNG").
fn unglued_prefix(line: &str) -> std::borrow::Cow<'_, str> {
    let glued = PREFIXES
        .iter()
        .filter(|p| p.len() > 2)
        .find_map(|p| line.strip_prefix(p).filter(|rest| rest.starts_with(char::is_uppercase)).map(|rest| (p, rest)));
    match glued {
        Some((prefix, rest)) => std::borrow::Cow::Owned(format!("{prefix} {rest}")),
        None => std::borrow::Cow::Borrowed(line),
    }
}

/// A signature line without what the image of a signed copy's stamp leaves in its text layer: a
/// bracket on a line of its own ("[") or after the title, with a letter or two before it
/// (`PHÓ THỦ TƯỚNGy]`).
fn without_stamp(line: &str) -> &str {
    let t = line.trim_end_matches(['[', ']']);
    if t.len() == line.len() {
        return line;
    }
    let letters = t.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let stray = t.len() - letters.len();
    if (1..=2).contains(&stray) && is_caps(letters) { letters.trim_end() } else { t.trim_end() }
}

/// Splits `PHÓ CHỦ TỊCHNguyễn Thị Thu` (a title in capitals glued to the name when table cells
/// lose their breaks) into the capitals and the name.
fn split_glued(line: &str) -> Option<(&str, &str)> {
    // Cheap test first: a short line opening with a word in capitals that holds a small letter.
    if line.len() > 100 || !line.split_whitespace().next().is_some_and(is_caps) || !line.chars().any(char::is_lowercase)
    {
        return None;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for w in chars.windows(3) {
        let ((_, a), (at, b), (_, c)) = (w[0], w[1], w[2]);
        if a.is_uppercase() && b.is_uppercase() && c.is_lowercase() {
            let (caps, name) = line.split_at(at);
            if is_caps(caps) && is_name(name.trim()) {
                return Some((caps.trim(), name.trim()));
            }
        }
    }
    None
}

/// Signatures the block reader misses: a title glued to the name, its authority line printed
/// a few lines above among the distribution list ("KT. CHỦ TỊCH" … `PHÓ CHỦ TỊCHNguyễn Thị
/// Thu`), and a copy marked signed with the name alone ("Nguyễn Mạnh Kiểm (Đã ký)").
fn glued_or_signed(doc: &Doc, letter: &mut Letter) -> Option<usize> {
    for (i, l) in doc.lines.iter().enumerate() {
        let t = l.trim();
        if let Some((caps, name)) = split_glued(t)
            && has_title_word(caps)
        {
            let authority = (i.saturating_sub(12)..i)
                .rev()
                .map(|k| doc.line(k).trim())
                .find(|u| authority_prefix(u).is_some() && is_caps(u));
            let mut lines: Vec<String> = authority.map(str::to_string).into_iter().collect();
            lines.push(caps.to_string());
            apply_signature(&signature_units(&lines), name, letter);
            return Some(i);
        }
        let f = doc.folded(i);
        if f.contains("da ky")
            && let Some(pos) = f.find("(da ky)").or_else(|| f.find("da ky"))
        {
            let name: String = t.chars().take(f[..pos].chars().count()).collect();
            let name = name.trim().trim_end_matches('(').trim();
            if is_name(name) {
                letter.signer_name = Some(name.to_string());
                letter.confidence.insert("signer_name", 0.7);
                return Some(i);
            }
        }
    }
    if let Some(at) = cut_after_title(doc, letter) {
        return Some(at);
    }
    // A signature cell cut after its authority ("KT. CHỦ TỊCH |"): the prefix alone.
    let closing = doc.find(|l| l.trim_end().ends_with("./.")).unwrap_or(doc.lines.len() / 2);
    let (i, unit) = doc
        .lines
        .iter()
        .enumerate()
        .skip(closing + 1)
        .map(|(i, l)| (i, l.trim().trim_end_matches('|').trim()))
        .find(|(_, u)| authority_prefix(u).is_some() && is_caps(u))?;
    letter.signing_authority_prefix = authority_prefix(unit).map(str::to_string);
    letter.confidence.insert("signing_authority_prefix", 0.4);
    Some(i)
}

/// A signature whose title and authority were lost (a scan's text layer) but not the name: a
/// personal name on the first line after the distribution list and the blank that ends it.
fn name_after_list(doc: &Doc, noi_nhan: Option<usize>, letter: &mut Letter) -> Option<usize> {
    let at = noi_nhan?;
    let end = doc.lines.len().min(at + 40);
    let blank = (at + 1..end).find(|&k| is_blank(doc.line(k)))?;
    let named = (blank..end).find(|&k| !is_blank(doc.line(k)))?;
    let name = doc.line(named).trim();
    if !is_name(name) {
        return None;
    }
    letter.signer_name = Some(name.to_string());
    letter.confidence.insert("signer_name", 0.5);
    Some(named)
}

/// A copy cut after the signer's title: the text's last line a title of office alone
/// ("TRƯỞNG", "PHÓ GIÁM ĐỐC") under the body's last paragraph. The title is read, no name.
fn cut_after_title(doc: &Doc, letter: &mut Letter) -> Option<usize> {
    let mut filled = (0..doc.lines.len()).rev().filter(|&k| !is_blank(doc.line(k)));
    let (last, above) = (filled.next()?, filled.next()?);
    let t = doc.line(last).trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let own = words.strip_prefix(&["PHÓ"]).unwrap_or(&words);
    let title = words.len() <= 6
        && is_caps(t)
        && authority_prefix(t).is_none()
        && (starts_title(own) || own.first() == Some(&"TRƯỞNG"));
    if !title || is_caps(doc.line(above)) {
        return None;
    }
    letter.signer_title = Some(title_case(t));
    letter.confidence.insert("signer_title", 0.5);
    Some(last)
}

/// Upper-case titles to normal case: "PHÓ CHÁNH VĂN PHÒNG" → "Phó Chánh Văn phòng",
/// "BỘ TRƯỞNG, CHỦ NHIỆM" → "Bộ trưởng, Chủ nhiệm".
pub(super) fn title_case(title: &str) -> String {
    // Abbreviations the table of agencies holds keep their capitals ("PHÓ CHỦ TỊCH UBND
    // HUYỆN" → "Phó Chủ tịch UBND huyện").
    let lower = title
        .split_whitespace()
        .map(|w| if super::agencies::is_known_abbreviation(w) { w.to_string() } else { w.to_lowercase() })
        .collect::<Vec<_>>()
        .join(" ");
    let segments: Vec<String> = lower
        .split(", ")
        .map(|seg| {
            let mut words: Vec<String> = seg.split(' ').map(str::to_string).collect();
            if let Some(first) = words.first_mut() {
                *first = capitalize(first);
            }
            if words.first().is_some_and(|w| w == "Phó" || w == DEPUTY_SHORT)
                && let Some(second) = words.get_mut(1)
            {
                *second = capitalize(second);
            }
            // An organ named after the title ("Cục trưởng Cục Người có công") is a name: its
            // head word and the word after it take capitals.
            let mut k = 2;
            while k + 1 < words.len() {
                let organ = matches!(words[k].as_str(), "cục" | "vụ" | "sở" | "viện" | "ban" | "bộ" | "phòng");
                // "Cục trưởng Cục …", "Giám đốc Sở …", and "Trưởng ban Ban …", "Trưởng phòng Phòng
                // …": the head of a unit named after the office.
                let names_organ = (words[k - 1] == "trưởng" && words[k - 2].to_lowercase() == words[k])
                    || words[k - 1] == "đốc"
                    || (words[k - 2].to_lowercase() == "trưởng" && words[k - 1] == words[k]);
                if organ && names_organ {
                    words[k] = capitalize(&words[k]);
                    words[k + 1] = capitalize(&words[k + 1]);
                    k += 2;
                } else {
                    k += 1;
                }
            }
            // The unit a head of board leads, named after the office ("Trưởng ban Giám sát quản lý
            // về HQ", "Trưởng ban Nghiệp vụ thuế"), and a tax office since 2025 ("Phó Trưởng Thuế
            // tỉnh"): a name, its first word in capitals.
            for k in 1..words.len() {
                let board = k >= 2 && words[k - 2].to_lowercase() == "trưởng" && words[k - 1] == "ban";
                let tax_office = words[k - 1].to_lowercase() == "trưởng" && words[k] == "thuế";
                if board || tax_office {
                    words[k] = capitalize(&words[k]);
                }
            }
            // "Tổng Giám đốc" as the title is written in the laws that create it.
            words
                .join(" ")
                .replace("văn phòng", "Văn phòng")
                .replace("thường trực", "Thường trực")
                .replace("Tổng giám đốc", "Tổng Giám đốc")
        })
        .collect();
    segments.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_prefix_glued_to_its_authority_is_still_the_prefix() {
        assert_eq!(super::unglued_prefix("KT.CHỦ TỊCH"), "KT. CHỦ TỊCH");
        assert_eq!(super::unglued_prefix("KT. CHỦ TỊCH"), "KT. CHỦ TỊCH");
        assert_eq!(super::unglued_prefix("Q.Trưởng phòng"), "Q.Trưởng phòng");
        let letter = &crate::parse(
            "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG\nSố: 1056/QĐ-CT\nTuyên Quang, ngày 16 tháng 8 năm 2010\nQUYẾT ĐỊNH\n\
             Về việc thử\nĐiều 1. Nội dung thử./.\nNơi nhận:\n- Như Điều 3;\n- Lưu VT.\n\
             KT.CHỦ TỊCH PHÓ CHỦ TỊCH Vũ Thị Bích Việt\n",
        )[0];
        assert_eq!(letter.signing_authority_prefix.as_deref(), Some("KT."));
        assert_eq!(letter.signer_title.as_deref(), Some("Phó Chủ tịch"));
        assert_eq!(letter.signer_name.as_deref(), Some("Vũ Thị Bích Việt"));
        let units = super::signature_units(&[
            "KT. BỘ TRƯỞNG,".to_string(),
            "CHỦ NHIỆM".to_string(),
            "PHÓ CHỦ NHIỆM".to_string(),
        ]);
        assert_eq!(units.last().map(String::as_str), Some("PHÓ CHỦ NHIỆM"));
    }

    #[test]
    fn a_signed_copys_stamp_leaves_no_mark_on_the_signature() {
        use super::without_stamp;
        assert_eq!(without_stamp("["), "");
        assert_eq!(without_stamp("PHÓ THỦ TƯỚNGy]"), "PHÓ THỦ TƯỚNG");
        assert_eq!(without_stamp("PHÓ CHỦ TỊCH"), "PHÓ CHỦ TỊCH");
        assert_eq!(without_stamp("Nguyễn Văn An]"), "Nguyễn Văn An");
        let letter = &crate::parse(
            "BỘ Y TẾ\nSố: 12/BYT-KH\nHà Nội, ngày 2 tháng 3 năm 2024\nV/v báo cáo\n\
             Kính gửi: Sở Y tế các tỉnh.\nĐề nghị các Sở báo cáo./.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNGy]\n[\nTrần Văn Thuấn\n",
        )[0];
        assert_eq!(letter.signer_name.as_deref(), Some("Trần Văn Thuấn"));
        assert_eq!(letter.signer_title.as_deref(), Some("Thứ trưởng"));
    }

    #[test]
    fn a_prefix_printed_without_its_dot_before_the_authority() {
        assert_eq!(super::authority_prefix("TM UBND XÃ AN PHÚ"), Some("TM."));
        assert_eq!(super::authority_prefix("KT GIÁM ĐỐC"), Some("KT."));
        assert_eq!(super::authority_prefix("TM"), None);
        assert_eq!(super::authority_prefix("Q UBND"), None);
    }

    #[test]
    fn a_name_alone_after_the_list_is_the_signer() {
        let text = "CHÍNH PHỦ\nSố: 9/2024/NĐ-CP\nHà Nội, ngày 02 tháng 3 năm 2024\n\nNGHỊ ĐỊNH\nQuy định về thử\n\n\
                    Điều 1. Phạm vi điều chỉnh./.\n\nNơi nhận:\n- Các bộ;\n- Lưu: VT.\n\nLê Văn Thành";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.signer_name.as_deref(), Some("Lê Văn Thành"));
        assert_eq!(letter.signer_title, None);
    }

    #[test]
    fn a_signature_beside_the_list_is_read_from_the_ends_of_its_lines() {
        let text = "SỞ Y TẾ\nSố: 3/SYT-VP\nCà Mau, ngày 02 tháng 3 năm 2024\nV/v lịch trực\n\nKính gửi: Các bệnh viện.\n\n\
                    Sở Y tế đề nghị các bệnh viện bố trí lịch trực./.\n\nNơi nhận : GIÁM ĐỐC\n– Như trên;\n\
                    – Phòng NVY; (đã ký)\n– Lưu: VT; Trần Thị Mai\n";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.signer_title.as_deref(), Some("Giám đốc"));
        assert_eq!(letter.signer_name.as_deref(), Some("Trần Thị Mai"));
        assert_eq!(letter.cc, ["Như trên", "Phòng NVY", "Lưu: VT"]);
    }

    #[test]
    fn a_signature_run_onto_the_last_item_of_the_list() {
        let letters = crate::parse(
            "VĂN PHÒNG CHÍNH PHỦ\nSố: 1234/VPCP-ĐMDN\nKính gửi: Bộ Kế hoạch và Đầu tư\nVăn phòng Chính phủ thông \
             báo để Bộ biết./.\nNơi nhận:\n- Như trên;\n- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai \
             Tiến Dũng\n",
        );
        assert_eq!(letters[0].signer_name.as_deref(), Some("Mai Tiến Dũng"));
        assert_eq!(letters[0].signer_title.as_deref(), Some("Bộ trưởng, Chủ nhiệm"));
        assert_eq!(letters[0].cc, ["Như trên", "Lưu: VT, ĐMDN (2b). Trung Anh"]);
        assert_eq!(super::trailing_signature("- Sở Tài chính;"), None);
    }

    #[test]
    fn an_authority_alone_then_the_title_run_into_the_name() {
        let letters = crate::parse(
            "BỘ KẾ HOẠCH VÀ ĐẦU TƯ\nSố: 3397/BKHĐT-QLKTTW\nKính gửi: Tổng công ty Khí Việt Nam\nBộ có ý kiến.\n\
             Nơi nhận:\n- Như trên;\n- Lưu: VT, QLKTTW.\nTL.\nBỘ TRƯỞNG CHÁNH VĂN PHÒNG Nguyễn Đức Tâm\n",
        );
        assert_eq!(letters[0].signing_authority_prefix.as_deref(), Some("TL."));
        assert_eq!(letters[0].signer_title.as_deref(), Some("Chánh Văn phòng"));
        assert_eq!(letters[0].signer_name.as_deref(), Some("Nguyễn Đức Tâm"));
        assert_eq!(super::title_case("PHÓ TỔNG GIÁM ĐỐC"), "Phó Tổng Giám đốc");
    }

    #[test]
    fn a_copy_cut_after_the_title_gives_the_title_alone() {
        let text = "PHÒNG Y TẾ\nSố: 3/TB-PYT\nAn Phú, ngày 02 tháng 3 năm 2024\n\nTHÔNG BÁO\nVề lịch trực\n\n\
                    Phòng Y tế thông báo lịch trực Tết cho các trạm y tế.\n\n        PHÓ TRƯỞNG PHÒNG";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.signer_title.as_deref(), Some("Phó Trưởng phòng"));
        assert_eq!(letter.signer_name, None);
        // A body's name in capitals at the end is no title.
        let noted = text.replace("PHÓ TRƯỞNG PHÒNG", "PHÒNG Y TẾ");
        assert_eq!(crate::parse(&noted)[0].signer_title, None);
    }
}
