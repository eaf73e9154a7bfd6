//! The addressing lists: "Kính gửi" recipients and the "Nơi nhận" distribution list,
//! whether printed one item a line or flattened into one table cell.

use super::signature::{side_cell, starts_signature};
use super::{Doc, Letter, is_blank, is_caps, is_page_number};
use std::borrow::Cow;

use crate::text::fold;

/// Splits a flattened list ("- A; - B; (x) - C") into cleaned items; " - " inside a name
/// ("Lao động - Thương binh") is kept.
pub(super) fn split_flat_items(s: &str) -> Vec<String> {
    split_flat_raw(s).iter().map(|i| clean_item(i)).filter(|i| !i.is_empty()).collect()
}

/// [`split_flat_items`] without the cleaning: the pieces as printed.
pub(super) fn split_flat_raw(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest = || -> String { chars.get(i + 1..).map(|r| r.iter().take(18).collect()).unwrap_or_default() };
        // An en or em dash opens an item as the hyphen does where a page typeset the list.
        let at_item = (c == '-'
            || (matches!(c, '–' | '—') && (current.trim().is_empty() || i > 0 && chars[i - 1] == ';')))
            && chars.get(i + 1).is_none_or(|n| *n == ' ')
            && (current.trim().is_empty()
                // "- Phòng VX;- Lưu VT": an item glued to the one before.
                || (i > 0 && chars[i - 1] == ';')
                || (i > 0
                    && chars[i - 1] == ' '
                    && (current.trim_end().ends_with([';', '.', ':', ')', ','])
                        || rest().starts_with(" UBND ")
                        || rest().starts_with(" Ủy ban nhân dân"))));
        if at_item {
            if !current.trim().is_empty() {
                items.push(current.clone());
            }
            current.clear();
            i += 1;
            continue;
        }
        current.push(c);
        i += 1;
    }
    if !current.trim().is_empty() {
        items.push(current);
    }
    items
}

/// A space lost after a comma or after an abbreviation, put back: "HĐND,Ủy ban" → "HĐND, Ủy
/// ban", `UBNDtỉnh` → "UBND tỉnh" (capitals, then a word in small letters).
fn respace_glued(word: &str) -> Cow<'_, str> {
    let chars: Vec<char> = word.chars().collect();
    let mut cuts: Vec<usize> = Vec::new();
    for k in 1..chars.len() {
        let (before, at) = (chars[k - 1], chars[k]);
        // A word, not an abbreviation, after the comma ("VT,TH" lists archive copies as typed).
        let after_comma = before == ','
            && at.is_uppercase()
            && chars.get(k + 1).is_some_and(|c| c.is_lowercase())
            && k >= 2
            && chars[k - 2].is_alphabetic();
        let caps = chars[..k].iter().rev().take_while(|c| c.is_uppercase()).count();
        let small = &chars[k..];
        let after_caps = caps >= 2
            && at.is_lowercase()
            && (2..=7).contains(&small.len())
            && small.iter().all(|c| c.is_lowercase())
            && fold(&small.iter().collect::<String>()).contains(['a', 'e', 'i', 'o', 'u', 'y']);
        if after_comma || after_caps {
            cuts.push(k);
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len() + cuts.len());
    for (k, c) in chars.iter().enumerate() {
        if cuts.contains(&k) {
            out.push(' ');
        }
        out.push(*c);
    }
    Cow::Owned(out)
}

pub(super) fn clean_item(item: &str) -> String {
    // A word of two syllables opening with a capital lost the space between them ("Đồngchí").
    let respaced = item.split_whitespace().map(respace_glued).collect::<Vec<_>>().join(" ");
    let mut s = respaced
        .split_whitespace()
        .map(|w| {
            let title_case =
                w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).all(char::is_lowercase);
            title_case.then(|| crate::text::split_joined_syllables(w)).flatten().unwrap_or_else(|| w.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ");
    // The dash, also set in italics ("*-* Bộ Y tế (b/c);").
    s = s.trim_start_matches(['-', '–', '—', '+', '•', ' ', '*']).to_string();
    // A stray number at the end ("Lưu: VT (VDuần). 8.") is noise from the page.
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() > 1
        && let Some(last) = words.last()
        && last.trim_end_matches('.').chars().all(|c| c.is_ascii_digit())
        && last.trim_end_matches('.').len() <= 2
        && words[words.len() - 2].ends_with(['.', ';', ')'])
    {
        s = words[..words.len() - 1].join(" ");
    }
    // A colon at the end is a misread semicolon or noise ("Đảng; : ."); so are italic marks left
    // around the closing semicolon ("- Các Thứ trưởng*;*").
    s.trim_end_matches([';', '.', ',', ' ', ':', '*']).trim().to_string()
}

/// Whether a line is the end of an address wrapped onto it: a name's last word or two ("Ông Thái
/// Mạnh" / "Cường"), or a short run closed by a full stop or semicolon ("… cơ quan thuộc" /
/// "Chính phủ."), not the body's first sentence ("Thực hiện Công văn số …").
fn ends_an_address(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let f = fold(line);
    let opens_body = [
        "thuc hien",
        "can cu",
        "theo ",
        "ngay ",
        "ve ",
        "tra loi",
        "phuc dap",
        "de ",
        "nham ",
        "tiep ",
        "vua qua",
        "hien nay",
        "qua ",
        "trong ",
        "thoi gian",
        "cuc ",
        "bo ",
        "so ",
    ]
    .iter()
    .any(|k| f.starts_with(k));
    !opens_body
        && line.starts_with(char::is_uppercase)
        && (words <= 2 && !line.ends_with(':') || words <= 8 && line.ends_with(['.', ';']))
}

/// Whether a name stops at a company's legal form ("Công ty TNHH", "Tổng Công ty"): the company's
/// own name is on the next line.
fn cut_after_legal_form(s: &str) -> bool {
    let f = fold(s.trim_end());
    ["cong ty tnhh", "cong ty co phan", "cong ty cp", "tong cong ty", "cong ty"]
        .iter()
        .any(|form| f.strip_suffix(form).is_some_and(|head| head.is_empty() || head.ends_with([' ', '-'])))
}

pub(super) fn is_list_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ")
        || t.starts_with("– ")
        || t.starts_with("— ")
        || t.starts_with("+ ")
        || t.starts_with('•')
        || t == "-"
}

/// Words that open a letter's first sentence ("Căn cứ …", "Thực hiện …", "Phúc đáp Công văn
/// số …", "Trong thời gian qua, …"), in capitals after an addressee run into it.
const BODY_OPENERS: [&str; 16] = [
    " Căn cứ ",
    " Thực hiện ",
    " Phúc đáp ",
    " Trả lời ",
    " Trong thời gian ",
    " Thời gian qua",
    " Theo ",
    " Để ",
    " Nhằm ",
    " Tiếp theo ",
    " Sau khi ",
    " Hiện nay",
    " Vừa qua",
    " Xét ",
    " Nhận được ",
    " Được sự ",
];

/// An addressee up to where the letter's first sentence begins, when a lost line break ran
/// them together ("Cục Hải quan các tỉnh Trong thời gian qua, …").
fn before_body(item: &str) -> &str {
    BODY_OPENERS.iter().filter_map(|k| crate::text::find_str(item, k)).min().map_or(item, |at| item[..at].trim_end())
}

/// The line that addresses the letter: "Kính gửi:", also joined into one word by a lost space
/// ("Kínhgửi:"), or a dispatch's "Điện:" with its sender before it or not (Decree 30, appendix
/// III).
fn address_line(doc: &Doc) -> Option<usize> {
    (0..doc.lines.len()).find(|&i| {
        let f = doc.folded(i);
        f.starts_with("kinh gui")
            || f.starts_with("kinhgui")
            || super::header::dispatch_address(doc.line(i), f).is_some()
    })
}

/// "Kính gửi:" alone, its one addressee on a line of its own below without a dash: a name, not a
/// sentence, with the body's first paragraph after it. Returns the name and its last line.
fn name_below_label(doc: &Doc, at: usize) -> Option<(String, usize)> {
    let n = (at + 1..doc.lines.len().min(at + 4)).find(|j| !is_blank(doc.line(*j)))?;
    // The addressee's address in brackets under its name ("*(Đ/c: Lô CN06, KCN Bình Xuyên II …)*")
    // is part of the address, not the text after it.
    let address_note = |j: usize| {
        let f = doc.folded(j).trim_start_matches(['*', '_', ' ']);
        ["(d/c", "(dia chi"].iter().any(|k| f.starts_with(k))
    };
    let a = (n + 1..doc.lines.len().min(n + 7)).find(|j| !is_blank(doc.line(*j)) && !address_note(*j))?;
    let t = doc.line(n).trim();
    let words = t.split_whitespace().count();
    // A short name closed by a full stop stands between the label and the preamble ("Kính gửi:"
    // / "Thường trực HĐND huyện." / "Căn cứ …"). So a body's name before a paragraph of its own
    // ("Kính gửi:" / "Ủy ban nhân dân tỉnh." / "Sở Tư pháp nhận được Văn bản số …").
    // An enterprise a reply answers is named so too ("Công ty TNHH Sunny Automotive Vina.").
    let body_named = (super::header::ORG_HEADS.iter().any(|h| {
        let f = doc.folded(n).trim_start();
        f.starts_with(&crate::text::fold(h)) && f[crate::text::fold(h).len()..].starts_with(' ')
    }) || doc.folded(n).trim_start().starts_with("cong ty "))
        && doc.line(a).split_whitespace().count() >= 8;
    let before_preamble = t.ends_with('.')
        && words <= 12
        && !t.contains(',')
        && (body_named || ["can cu ", "thuc hien "].iter().any(|k| doc.folded(a).trim_start().starts_with(k)));
    let name_like = (2..=30).contains(&words)
        && t.starts_with(char::is_uppercase)
        && (!t.ends_with(['.', ':', ';']) || before_preamble)
        && doc.line(a).trim_start().starts_with(char::is_uppercase);
    if !name_like {
        return None;
    }
    // The name wrapped onto a short line of its own ("Chủ tịch Ủy ban nhân dân các tỉnh: Hưng
    // Yên, Ninh" / "Bình, Bắc Ninh, Phú Thọ, Tuyên Quang.").
    let tail = (!t.ends_with(['.', ';', ':', ',']) && ends_an_address(doc.line(a).trim())).then(|| doc.line(a).trim());
    let name = clean_item(&tail.map_or_else(|| t.to_string(), |tail| format!("{t} {tail}")));
    Some((name, if tail.is_some() { a } else { n }))
}

pub(super) fn read_recipients(doc: &Doc, noi_nhan: Option<usize>, letter: &mut Letter) -> Option<usize> {
    let at = address_line(doc)?;
    // Under the distribution list it opens a form annexed to the document ("Mẫu số 01 … Kính
    // gửi: Kho bạc Nhà nước …"), not the document's own address.
    if noi_nhan.is_some_and(|n| n < at)
        && !doc.lines[..at].iter().any(|l| {
            let f = crate::text::fold(l);
            f.starts_with("v/v") || f.starts_with("ve viec")
        })
    {
        return None;
    }
    // Under a signature's authority line ("KT. THỦ TƯỚNG") it opens a form annexed to the
    // document, likewise.
    if (15..at).any(|i| {
        let t = doc.line(i).trim();
        is_caps(t) && t.len() < 80 && super::signature::authority_prefix(t).is_some()
    }) {
        return None;
    }
    let line = doc.line(at).trim();
    let rest = line.split_once(':').map_or_else(|| line.chars().skip(8).collect::<String>(), |(_, r)| r.to_string());
    let mut items = Vec::new();
    if !rest.trim().is_empty() {
        items.extend(split_flat_items(before_body(rest.trim())));
    }
    let mut i = at + 1;
    let mut last_used = at;
    if items.is_empty() || rest.trim_start().starts_with(['-', '–', '—']) {
        // Items as printed, so that an item wrapped onto the next line can be joined.
        let mut raw: Vec<String> = Vec::new();
        let mut after_blank = false;
        while i < doc.lines.len() {
            let l = doc.line(i);
            if is_blank(l) {
                after_blank = true;
                i += 1;
                continue;
            }
            let wrapped = !after_blank
                && !l.trim_start().starts_with(['-', '–', '—', '+', '•'])
                && raw.last().is_some_and(|p| !p.trim_end().ends_with([';', '.', ':']));
            if is_list_line(l) {
                raw.extend(split_flat_raw(l.trim()));
            } else if wrapped && let Some(last) = raw.last_mut() {
                last.push(' ');
                last.push_str(l.trim());
            } else {
                break;
            }
            after_blank = false;
            last_used = i;
            i += 1;
        }
        // The last addressee run into the preamble by a lost line break ("- Phòng Giáo dục huyện X
        // Căn cứ Luật …"): the item ends where the preamble opens.
        let cut = |r: &String| before_body(r).to_string();
        items.extend(raw.iter().map(|r| clean_item(&cut(r))).filter(|r| !r.is_empty()));
        // "Kính gửi:" alone, its one addressee on a line of its own below without a dash: a
        // name, not a sentence, with the body's first paragraph after it.
        if items.is_empty()
            && rest.trim().is_empty()
            && let Some((name, used)) = name_below_label(doc, at)
        {
            items.push(name);
            last_used = used;
        }
    }
    // An addressee on the label's line wrapped in its cell ("Kính gửi: Ủy ban nhân" / "dân tỉnh,
    // thành phố trực thuộc Trung ương"): a line that goes on in small letters finishes the name;
    // the body's first sentence opens with a capital.
    // A name cut after a comma ("Kính gửi: Hiệu trưởng các trường Mầm non, Tiểu học," / "THCS
    // trên địa bàn huyện.") goes on whatever the case of the next word.
    let comma_open = rest.trim_end().ends_with(',');
    let company_open = cut_after_legal_form(&rest);
    // A name on the label's line, not a blank form's dots ("Kính gửi: ………").
    let open = rest.chars().any(char::is_alphabetic) && !rest.trim_end().ends_with([';', '.', ':', ',']);
    if last_used == at
        && (comma_open || !rest.trim_end().ends_with([';', '.', ':']))
        && let Some(n) = (at + 1..doc.lines.len().min(at + 3)).find(|j| !is_blank(doc.line(*j)))
        && let Some(last) = items.last_mut()
    {
        let t = doc.line(n).trim();
        if (t.starts_with(char::is_lowercase)
            || (comma_open || company_open || open && ends_an_address(t)) && !is_list_line(t))
            && t.split_whitespace().count() <= 20
            && !t.ends_with(':')
        {
            let joint = if comma_open { ", " } else { " " };
            *last = clean_item(&format!("{last}{joint}{t}"));
            last_used = n;
        }
    }
    // A blank form line ("Kính gửi: ………") names nobody.
    items.retain(|item| item.chars().any(char::is_alphabetic));
    letter.recipients = items;
    letter.confidence.insert("recipients", 0.85);
    Some(last_used)
}

/// Where the label of a distribution list run on after the text's closing mark ("… của Chính
/// phủ./. : Nơi nhận: - Ban Bí thư …;") starts in the folded line `f`.
pub(super) fn closing_then_list(f: &str) -> Option<usize> {
    let at = f.find("noi nhan")?;
    let closing = f[..at].rfind("./.")?;
    f[closing + 3..at].chars().all(|c| c == ' ' || c == ':').then_some(at)
}

pub(super) fn read_cc(doc: &Doc, noi_nhan: Option<usize>, letter: &mut Letter) {
    let Some(at) = noi_nhan else {
        return;
    };
    let line = doc.line(at).trim();
    // The label run on after the closing mark: the list starts there.
    let line = match closing_then_list(doc.folded(at)) {
        Some(_) if !doc.folded(at).starts_with("noi nhan") => {
            line.find("Nơi nhận").or_else(|| line.find("NƠI NHẬN")).map_or(line, |p| &line[p..])
        }
        _ => line,
    };
    let labelled = fold(line).starts_with("noi nhan");
    let rest = if labelled { line.split_once(':').map_or("", |(_, r)| r).trim() } else { line };
    // The signature's title printed beside the label ("Nơi nhận: GIÁM ĐỐC").
    // So is an authority in capitals whose dot a scan lost ("Nơi nhận: : TM CHÍNH PHỦ").
    let bare = rest.trim_start_matches([':', ' ']);
    let caps_cell = is_caps(bare) && !bare.starts_with(['-', '–', '+']);
    let rest = if labelled && (caps_cell || side_cell(line).is_some_and(|(_, side)| side == rest)) { "" } else { rest };
    // Items as printed; cleaned at the end so that a wrapped item keeps its inner commas.
    let mut items: Vec<String> = if rest.is_empty() { Vec::new() } else { split_flat_raw(rest) };
    // Whether the last item was printed after a dash (a wrapped piece of it carries none).
    let mut dashed = false;
    let mut i = at + 1;
    while i < doc.lines.len() {
        let l = doc.line(i);
        if is_blank(l) || is_page_number(l) {
            let next = (i + 1..doc.lines.len()).find(|j| !is_blank(doc.line(*j)));
            if next.is_some_and(|j| is_list_line(doc.line(j))) {
                i += 1;
                continue;
            }
            break;
        }
        // The signature's cells beside the list's lines ("- Như trên; (đã ký)").
        let t = side_cell(l).map_or(l, |(list, _)| list).trim();
        let after_archive = items.last().is_some_and(|it| fold(&clean_item(it)).starts_with("luu"));
        if is_list_line(l) {
            if after_archive {
                break;
            }
            items.extend(split_flat_raw(t));
            dashed = true;
        } else if starts_signature(t) {
            // A signature cell flattened into the list ("Nơi nhận:" / "KT. CHỦ TỊCH" / "- Như
            // trên;" …): the list goes on under it.
            let next = (i + 1..doc.lines.len()).find(|j| !is_blank(doc.line(*j)));
            if items.is_empty() && next.is_some_and(|j| is_list_line(doc.line(j))) {
                i += 1;
                continue;
            }
            break;
        } else {
            let indented = l.starts_with(' ') || l.starts_with('\t');
            let prev = items.last().map_or("", |s| s.trim_end());
            let lower_start = t.chars().next().is_some_and(char::is_lowercase);
            // An item wrapped in its cell ("- Ủy ban Mặt trận Tổ quốc" / "Việt Nam;"): the list
            // closes its items with ";", and this dashed one is still open.
            // The list's first item may be the one wrapped ("- TTgCP, các PTTg: Nguyễn Hòa Bình,
            // Bùi" / "Thanh Sơn,"): the lines below it tell how the list closes its items.
            let closes_with_semicolons = || {
                items.iter().any(|it| it.trim_end().ends_with(';'))
                    || (i + 1..doc.lines.len().min(i + 8)).any(|j| doc.line(j).trim_end().ends_with(';'))
            };
            let open_item = dashed
                && !prev.ends_with([';', '.', ',', ':'])
                && !fold(t).starts_with("luu")
                && closes_with_semicolons();
            // An item whose bracket is still open goes on ("- Công ty TNHH X (120" / "Hoàng Hoa
            // Thám, phường 7, …);").
            let open_bracket =
                prev.matches('(').count() > prev.matches(')').count() && !t.starts_with(['-', '–', '—', '+']);
            // A note in brackets on a line of its own belongs to the item above ("- Cục KSTTHC,
            // Văn phòng Chính phủ" / "(b/c);").
            let note = t.starts_with('(') && !items.is_empty();
            let continuation = indented
                || prev.ends_with([',', ':'])
                || (cut_after_legal_form(prev) && !t.starts_with(['-', '–', '—', '+']))
                || open_item
                || open_bracket
                || note
                // A line in small letters without a dash in a dashed list goes on with the item
                // above, whatever closed its line ("… Mai Văn Chính;" / "các Vụ: CN, KTTH").
                || (lower_start && (dashed || !prev.ends_with([';', '.'])));
            // The archive's item ends the list, but its own codes wrapped under its label ("- Lưu:" /
            // "VT, VP (38b).") and a note in brackets ("(03).") are still part of it.
            if after_archive && !indented && !note && !prev.ends_with(':') {
                break;
            }
            if continuation && let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(t);
            } else {
                items.extend(split_flat_raw(t));
                dashed = t.starts_with(['-', '–', '—', '+']);
            }
        }
        i += 1;
    }
    letter.cc = items.iter().map(|i| clean_item(i)).filter(|i| !i.is_empty()).collect();
    letter.confidence.insert("cc", 0.8);
}

/// The invitees of a giấy mời, listed under "Thành phần mời:" (or "Thành phần tham dự:") as its
/// addressees when no "Kính gửi" names them.
pub(super) fn read_invitees(doc: &Doc, letter: &mut Letter) {
    if letter.doc_type.as_deref() != Some("Giấy mời") || !letter.recipients.is_empty() {
        return;
    }
    let Some(at) = doc.find_folded(|f| {
        let f = f.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ' '));
        (f.starts_with("thanh phan moi") || f.starts_with("thanh phan tham du")) && f.trim_end().ends_with(':')
    }) else {
        return;
    };
    let mut items = Vec::new();
    for l in doc.lines.iter().skip(at + 1) {
        if is_blank(l) {
            continue;
        }
        if !is_list_line(l) {
            break;
        }
        items.extend(split_flat_items(l.trim()));
    }
    letter.recipients = items;
    letter.confidence.insert("recipients", 0.6);
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_dash_set_in_italics_opens_an_item() {
        assert_eq!(super::clean_item("*-* Bộ Y tế (b/c);"), "Bộ Y tế (b/c)");
        assert_eq!(super::clean_item("- Lưu: VT."), "Lưu: VT");
        assert_eq!(super::clean_item("- Các Thứ trưởng*;*"), "Các Thứ trưởng");
    }

    #[test]
    fn a_wrapped_label_a_note_on_its_own_line_and_a_line_in_small_letters_stay_with_their_items() {
        let text = "VĂN PHÒNG CHÍNH PHỦ\nSố: 12/VPCP-QHĐP\nHà Nội, ngày 02 tháng 3 năm 2025\nV/v thử\n\
                    Kính gửi: Ủy ban nhân dân tỉnh Đắk Lắk.\nVăn phòng Chính phủ thông báo./.\n\
                    *Nơi\nnhận*\n- Cục KSTTHC, Văn phòng Chính phủ\n(b/c);\n- Bộ Công an (qua Cục A03) *(để báo cáo)*\n\
                    - VPCP: BTCN, các PCN, Thư ký của PTTgCP Mai Văn Chính;\ncác Vụ: CN, KTTH;\n- Lưu: VT, QHĐP.\n\
                    KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\n\nNguyễn Sỹ Hiệp\n";
        assert_eq!(
            crate::parse(text)[0].cc,
            [
                "Cục KSTTHC, Văn phòng Chính phủ (b/c)",
                "Bộ Công an (qua Cục A03) (để báo cáo)",
                "VPCP: BTCN, các PCN, Thư ký của PTTgCP Mai Văn Chính; các Vụ: CN, KTTH",
                "Lưu: VT, QHĐP"
            ]
        );
    }

    #[test]
    fn the_first_item_wrapped_and_the_archive_s_codes_under_its_label_stay_with_their_items() {
        let text = "VĂN PHÒNG CHÍNH PHỦ\nSố: 12/VPCP-QHĐP\nHà Nội, ngày 02 tháng 3 năm 2025\nV/v thử\n\
                    Kính gửi: Ủy ban nhân dân tỉnh Đắk Lắk.\nVăn phòng Chính phủ thông báo./.\n\
                    Nơi nhận:\n- TTgCP, các PTTg: Nguyễn Hòa Bình, Bùi\nThanh Sơn,\nHồ Đức Phớc (để b/c);\n\
                    - Bộ Tài chính;\n- Lưu:\nVT, VP (38b).\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\n\nNguyễn Sỹ Hiệp\n";
        assert_eq!(
            crate::parse(text)[0].cc,
            [
                "TTgCP, các PTTg: Nguyễn Hòa Bình, Bùi Thanh Sơn, Hồ Đức Phớc (để b/c)",
                "Bộ Tài chính",
                "Lưu: VT, VP (38b)"
            ]
        );
        let text = text.replace("- Lưu:\nVT, VP (38b).", "- Lưu: VT, KGVX\n(03).");
        assert_eq!(crate::parse(&text)[0].cc.last().map(String::as_str), Some("Lưu: VT, KGVX (03)"));
    }

    #[test]
    fn an_enterprise_addressed_under_the_label_with_its_address_below() {
        let text = "CỤC HẢI QUAN\nSố: 12/HQ-NV\nHà Nội, ngày 02 tháng 3 năm 2025\nV/v trị giá hàng mẫu\n\
                    Kính gửi:\nCông ty TNHH Minh Phát.\n*(Đ/c: Lô CN06, KCN Bình Xuyên, xã Bình Tuyền, Phú Thọ)*\n\
                    Cục Hải quan nhận được công văn số 15/MP ngày 10/11/2025 của Công ty về trị giá hàng mẫu.\n";
        assert_eq!(crate::parse(text)[0].recipients, ["Công ty TNHH Minh Phát"]);
    }

    #[test]
    fn an_item_whose_bracket_is_open_goes_on_over_the_next_line() {
        let text = "CỤC HẢI QUAN\nSố: 12/HQ-NV\nHà Nội, ngày 02 tháng 3 năm 2025\nV/v xác định trước mã số\n\
                    Kính gửi: Công ty TNHH Brenntag Việt Nam.\nCục Hải quan thông báo kết quả./.\n\
                    Nơi nhận:\n- Công ty TNHH Brenntag Việt Nam (120\nHoàng Hoa Thám, phường 7, quận Bình Thạnh);\n- Lưu: VT.\n\
                    KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\n\nNguyễn Văn Hùng\n";
        assert_eq!(
            crate::parse(text)[0].cc,
            ["Công ty TNHH Brenntag Việt Nam (120 Hoàng Hoa Thám, phường 7, quận Bình Thạnh)", "Lưu: VT"]
        );
    }

    #[test]
    fn a_kinh_gui_under_the_signature_opens_an_annexed_form() {
        let mut text = String::from(
            "CHÍNH PHỦ\nSố: 21/2024/NQ-CP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                                     Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 02 tháng 3 năm 2024\nNGHỊ QUYẾT\nVề thử\n",
        );
        text.extend((1..=12).map(|k| format!("Điều {k}. Nội dung thử.\n")));
        text.push_str(
            "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nTrần Văn Nam\n\nMẫu số 01\nĐƠN ĐỀ NGHỊ\n\
                       Kính gửi: [CƠ QUAN TIẾP NHẬN]\n",
        );
        assert!(crate::parse(&text)[0].recipients.is_empty());
    }

    #[test]
    fn a_lone_addressee_closed_by_a_full_stop_before_the_preamble() {
        let text = "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\nSố: 12/TTr-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                    Độc lập - Tự do - Hạnh phúc\nAn Phú, ngày 02 tháng 3 năm 2024\nTỜ TRÌNH\nVề việc thử\n\n\
                    Kính gửi:\n\nỦy ban nhân dân huyện.\n\nCăn cứ Luật Đất đai năm 2024;\n";
        assert_eq!(crate::parse(text)[0].recipients, ["Ủy ban nhân dân huyện"]);
        let run_on = text.replace(
            "Kính gửi:\n\nỦy ban nhân dân huyện.\n\nCăn cứ",
            "Kính gửi: - Ủy ban nhân dân huyện\n- Phòng Tài chính huyện Căn cứ",
        );
        assert_eq!(crate::parse(&run_on)[0].recipients, ["Ủy ban nhân dân huyện", "Phòng Tài chính huyện"]);
    }

    use super::*;

    #[test]
    fn an_authority_in_capitals_beside_the_label_is_the_signature_cell() {
        let text = "CHÍNH PHỦ\nSố: 9/2024/NĐ-CP\nHà Nội, ngày 02 tháng 3 năm 2024\n\nNGHỊ ĐỊNH\nQuy định về thử\n\n\
                    Điều 1. Phạm vi điều chỉnh./.\n\nNơi nhận: : TM CHÍNH PHỦ\n- Các bộ;\n- Lưu: VT.";
        assert_eq!(crate::parse(text)[0].cc, ["Các bộ", "Lưu: VT"]);
    }

    #[test]
    fn a_list_run_on_after_the_closing_mark_is_read() {
        let text = "BỘ Y TẾ\nSố: 12/BYT-KH\nHà Nội, ngày 02 tháng 3 năm 2024\nV/v báo cáo\n\nKính gửi: Sở Y tế\n\n\
                    Đề nghị Sở Y tế báo cáo trước ngày 10/3/2024./. : Nơi nhận: - Như trên; - Văn phòng Bộ;\n\
                    - Lưu: VT.\n\nTrần Văn Bình";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.cc, ["Như trên", "Văn phòng Bộ", "Lưu: VT"]);
        assert_eq!(letter.assignments.len(), 1);
    }

    #[test]
    fn an_annexed_form_addressed_below_the_list_gives_no_recipients() {
        let text = "CHÍNH PHỦ\nSố: 9/2024/NĐ-CP\nHà Nội, ngày 02 tháng 3 năm 2024\n\nNGHỊ ĐỊNH\nQuy định về thử\n\n\
                    Điều 1. Phạm vi điều chỉnh.\n\nNơi nhận:\n- Các bộ;\n- Lưu: VT.\n\nMẫu số 01\n\
                    Kính gửi: Kho bạc Nhà nước ..........\nĐề nghị thanh toán số tiền: ..........";
        assert!(crate::parse(text)[0].recipients.is_empty());
    }

    #[test]
    fn lost_spaces_after_commas_and_abbreviations_come_back() {
        assert_eq!(clean_item("- Tỉnh ủy, HĐND,Ủy ban nhân dân tỉnh;"), "Tỉnh ủy, HĐND, Ủy ban nhân dân tỉnh");
        assert_eq!(clean_item("- Ủy ban MTTQVNhuyện Đông Sơn;"), "Ủy ban MTTQVN huyện Đông Sơn");
        // Abbreviations with a small letter of their own stay whole; numbers keep their commas.
        assert_eq!(clean_item("- Phòng TTr, VP (2,3)."), "Phòng TTr, VP (2,3)");
        assert_eq!(clean_item("- Lưu: VT,KH."), "Lưu: VT,KH");
        // A colon at the end is a misread semicolon.
        assert_eq!(clean_item("- Các tổ chức đoàn thể: : ."), "Các tổ chức đoàn thể");
        assert_eq!(clean_item("- Trường THCSthị trấn"), "Trường THCS thị trấn");
    }
    #[test]
    fn an_addressee_cut_after_a_comma_goes_on_below() {
        let text = "PHÒNG GIÁO DỤC\nSố: 12/PGD\nCần Giuộc, ngày 02 tháng 3 năm 2024\nV/v lịch nghỉ\n\n\
                    Kính gửi: Hiệu trưởng các trường Tiểu học,\n   THCS trong huyện.\n\nPhòng thông báo lịch nghỉ.";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.recipients, ["Hiệu trưởng các trường Tiểu học, THCS trong huyện"]);
    }

    #[test]
    fn an_item_wrapped_in_its_cell_is_joined() {
        let text = "BỘ Y TẾ\nSố: 12/BYT-KH\nHà Nội, ngày 02 tháng 3 năm 2024\nV/v báo cáo\n\nKính gửi: Sở Y tế\n\n\
                    Đề nghị báo cáo.\n\nNơi nhận:\n-Văn phòng Chính phủ;\n- Ủy ban Trung ương Mặt trận\n\
                    Tổ quốc Việt Nam;\n-Lưu: VT.\n\nBỘ TRƯỞNG\n\nTrần Văn Bình";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.cc, ["Văn phòng Chính phủ", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Lưu: VT"]);
    }

    #[test]
    fn items_without_semicolons_stay_apart() {
        let text = "BỘ Y TẾ\nSố: 12/BYT-KH\nHà Nội, ngày 02 tháng 3 năm 2024\nV/v báo cáo\n\nKính gửi: Sở Y tế\n\n\
                    Đề nghị báo cáo.\n\nNơi nhận:\n- Như trên;\nVăn phòng Bộ\nSở Tài chính;\n- Lưu VT\n\nBỘ TRƯỞNG\n\nTrần Văn Bình";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.cc, ["Như trên", "Văn phòng Bộ", "Sở Tài chính", "Lưu VT"]);
    }
}
