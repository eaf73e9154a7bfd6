//! The document header: issuing body (and its parent), place and date, type and subject.

use super::agencies;
use super::{Doc, Letter, is_blank, is_caps, is_motto_folded, is_word_prefix, letters, number_line};
use crate::code::DocumentCode;
use crate::date::{find_dates, parse_date};
use crate::text::fold;

pub(super) fn capitalize(word: &str) -> String {
    let mut cs = word.chars();
    match cs.next() {
        Some(first) => first.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// A place's name in title case, each part of a hyphened name too ("BÀ RỊA-VŨNG TÀU" →
/// "Bà Rịa-Vũng Tàu").
pub(super) fn title_words(s: &str) -> String {
    s.split_whitespace()
        .map(|word| word.split('-').map(capitalize).collect::<Vec<_>>().join("-"))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) const ORG_HEADS: [&str; 16] = [
    "tổng công ty",
    "tiểu ban",
    "tổng cục",
    "văn phòng",
    "trung tâm",
    "ban",
    "bộ",
    "cục",
    "vụ",
    "sở",
    "viện",
    "ủy ban",
    "uỷ ban",
    "hội đồng",
    "thanh tra",
    // A commune's or ward's specialised office since 2025 ("Phòng Văn hóa - Xã hội"), and a
    // district's before it.
    "phòng",
];

/// Upper-case organisation names to the usual written case: "ỦY BAN NHÂN DÂN TỈNH TUYÊN
/// QUANG" → "UBND tỉnh Tuyên Quang", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → "Bộ Lao động -
/// Thương binh và Xã hội".
pub(super) fn org_case(name: &str) -> String {
    // The country's name is a name wherever it stands in a body's name.
    let cased = org_case_words(name);
    let cased = if cased.contains("việt nam") { cased.replace("việt nam", "Việt Nam") } else { cased };
    // So is the Fatherland ("Mặt trận Tổ quốc", "… bảo vệ an ninh Tổ quốc").
    let cased = if cased.contains("tổ quốc") { cased.replace("tổ quốc", "Tổ quốc") } else { cased };
    // And the Centre ("Ban Chỉ đạo … Trung ương", "… trực thuộc Trung ương").
    let cased = if cased.contains("trung ương") { cased.replace("trung ương", "Trung ương") } else { cased };
    // A congress in a body's name is named ("Ban Tổ chức Đại hội đại biểu …").
    let cased = if cased.contains(" đại hội") { cased.replace(" đại hội", " Đại hội") } else { cased };
    union_and_school_case(&cased)
}

/// The levels of schools, as a school's name writes them after "Trường".
const SCHOOL_LEVELS: [&str; 10] = [
    "Đại học",
    "Cao đẳng",
    "Trung học phổ thông",
    "Trung học cơ sở",
    "Tiểu học",
    "Mầm non",
    "THPT",
    "THCS",
    "Phổ thông dân tộc nội trú",
    "Học viện",
];

/// The Youth Union's committees of a place ("Tỉnh đoàn Nghệ An", "Thành đoàn Hà Nội") and a
/// school's proper name ("Trường Đại học Vinh", "Đoàn Trường Đại học Vinh") in their written
/// case: the place, the school's level and its name take capitals.
fn union_and_school_case(cased: &str) -> String {
    // A byte test first: most names hold neither.
    if !["đoàn", "rường"].iter().any(|k| crate::text::contains_str(cased, k)) {
        return cased.to_string();
    }
    let words: Vec<&str> = cased.split(' ').collect();
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_string()).collect();
    for k in 0..words.len() {
        let lower = words[k].to_lowercase();
        let union = k + 1 < words.len()
            && words[k + 1] == "đoàn"
            && matches!(lower.as_str(), "tỉnh" | "thành" | "huyện" | "quận" | "thị");
        if union {
            for w in out.iter_mut().skip(k + 2) {
                *w = capitalize(w);
            }
            break;
        }
        if lower == "trường" {
            let rest = words[k + 1..].join(" ").to_lowercase();
            if let Some(level) = SCHOOL_LEVELS.iter().find(|l| rest.starts_with(&l.to_lowercase())) {
                let level_words = level.split(' ').count();
                out[k] = "Trường".to_string();
                if k > 0 && words[k - 1] == "đoàn" {
                    out[k - 1] = "Đoàn".to_string();
                }
                for (j, lw) in level.split(' ').enumerate() {
                    out[k + 1 + j] = lw.to_string();
                }
                for w in out.iter_mut().skip(k + 1 + level_words) {
                    *w = capitalize(w);
                }
                break;
            }
        }
    }
    out.join(" ")
}

/// Joint issuers printed as one name ("BỘ VĂN HOÁ - THÔNG TIN-BỘ Y TẾ", "VĂN PHÒNG CHÍNH PHỦ
/// - BỘ NỘI VỤ"), in small letters: each body named apart, joined with " - ".
fn joint_bodies(lower: &str) -> Option<String> {
    let bodies: Vec<&str> = lower.split(" - ").collect();
    if bodies.len() > 1
        && bodies[1..].iter().any(|b| ORG_HEADS.iter().any(|h| b.starts_with(&format!("{h} "))))
        && !lower.starts_with("sở ")
    {
        let mut joint: Vec<String> = Vec::new();
        for body in bodies {
            match joint.last_mut() {
                Some(prev) if !ORG_HEADS.iter().any(|h| body.starts_with(&format!("{h} "))) => {
                    prev.push_str(" - ");
                    prev.push_str(body);
                }
                _ => joint.push(body.to_string()),
            }
        }
        // The place printed once under joint bodies of one locality ("UBND - UBMTTQ / TỈNH HÀ
        // GIANG"; "THƯỜNG TRỰC HĐND - UBND - BAN THƯỜNG TRỰC UBMTTQ VIỆT NAM HUYỆN BÌNH CHÁNH") is
        // each one's place.
        if let Some(last) = joint.last().cloned() {
            let (_, locality) = split_place(&last);
            if !locality.is_empty() {
                for body in joint.iter_mut().rev().skip(1) {
                    if split_place(body).1.is_empty() {
                        body.push_str(&locality.to_lowercase());
                    }
                }
            }
        }
        if joint.len() > 1 {
            return Some(
                joint
                    .iter()
                    .map(|b| {
                        let cased = org_case(&b.to_uppercase());
                        agencies::known_spelling(&cased).unwrap_or(cased)
                    })
                    .collect::<Vec<_>>()
                    .join(" - "),
            );
        }
    }
    None
}

fn org_case_words(name: &str) -> String {
    // An en or em dash between the parts of a name is the spaced hyphen ("LAO ĐỘNG – THƯƠNG
    // BINH"); a ministry's parts are always spaced ("LAO ĐỘNG-THƯƠNG BINH").
    let dashed = name.replace(['–', '—'], " - ");
    let dashed = if dashed.trim_start().starts_with("BỘ ") { dashed.replace('-', " - ") } else { dashed };
    let lower = new_tone_places(&dashed.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
    let lower = lower.trim_matches([',', '.', ';', ':', ' ']).to_string();
    // A copy that lost the first glyph of the name ("Y BAN NHÂN DÂN").
    let lower = match lower.strip_prefix("y ban ") {
        Some(rest) => format!("ủy ban {rest}"),
        None => lower,
    };
    if let Some(joint) = joint_bodies(&lower) {
        return joint;
    }
    // A council's standing body is named with the council ("Thường trực Hội đồng nhân dân huyện
    // Bình Chánh").
    if let Some(rest) = lower.strip_prefix("thường trực ").filter(|r| r.starts_with("hội đồng nhân dân ")) {
        return format!("Thường trực {}", org_case(&rest.to_uppercase()));
    }
    // The elected council keeps "nhân dân" small as the committee does: "Hội đồng nhân dân tỉnh
    // Tiền Giang".
    if let Some(rest) = lower.strip_prefix("hội đồng nhân dân ") {
        for level in PLACE_LEVELS {
            if let Some(place) = rest.strip_prefix(level) {
                return format!("Hội đồng nhân dân {level}{}", title_words(place));
            }
        }
    }
    for ubnd in ["ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd "] {
        if let Some(rest) = lower.strip_prefix(ubnd) {
            for level in PLACE_LEVELS {
                if let Some(place) = rest.strip_prefix(level) {
                    return format!("UBND {level}{}", title_words(place));
                }
            }
            return format!("UBND {rest}");
        }
    }
    // Party committees: "TỈNH ỦY THỪA THIÊN HUẾ" → "Tỉnh ủy Thừa Thiên Huế".
    for committee in
        ["tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "tỉnh uỷ", "thành uỷ", "huyện uỷ"]
    {
        if let Some(place) = lower.strip_prefix(committee).and_then(|r| r.strip_prefix(' ')) {
            // A commune's or ward's committee keeps its level small: "Đảng ủy xã Tân Hưng".
            let place = PLACE_LEVELS
                .iter()
                .find_map(|level| place.strip_prefix(level).map(|name| format!("{level}{}", title_words(name))))
                .unwrap_or_else(|| title_words(place));
            return format!("{} {place}", capitalize(&committee.replace("uỷ", "ủy")));
        }
    }
    if lower == "thủ tướng chính phủ" {
        return "Thủ tướng Chính phủ".to_string();
    }
    for head in ORG_HEADS {
        if let Some(rest) = lower.strip_prefix(head).and_then(|r| r.strip_prefix(' ')) {
            let (rest, place) = split_place(rest);
            let mut parts: Vec<String> = Vec::new();
            for piece in rest.split(" - ") {
                let joined: Vec<String> = piece
                    .split(" và ")
                    .map(|p| {
                        if ["bộ", "sở", "phòng"].contains(&head) {
                            // Each field a ministry or department is named by takes a capital,
                            // after "và", after a comma ("Kinh tế, Hạ tầng và Đô thị") and after
                            // a hyphen typed without spaces ("Giáo dục-Đào tạo").
                            p.split(", ")
                                .map(|field| field.split('-').map(capitalize).collect::<Vec<_>>().join("-"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        } else {
                            p.to_string()
                        }
                    })
                    .collect();
                let piece = joined.join(" và ");
                // A department named by its function and field writes both with a capital
                // (Decree 30, appendix II: "Cục Quản lý Dược").
                let piece = match piece.strip_prefix("quản lý ") {
                    Some(field) if ["cục", "vụ", "tổng cục", "chi cục"].contains(&head) => {
                        format!("quản lý {}", capitalize(field))
                    }
                    _ => piece,
                };
                parts.push(capitalize(&piece));
            }
            return format!("{} {}{place}", capitalize(head), parts.join(" - "));
        }
    }
    // Another body: the level and place its name ends with keep their capitals.
    let (rest, place) = split_place(&lower);
    format!("{}{place}", capitalize(rest))
}

/// The administrative levels a body's name may end with, before the place's own name.
const PLACE_LEVELS: [&str; 9] =
    ["tỉnh ", "thành phố ", "huyện ", "quận ", "thị xã ", "xã ", "phường ", "thị trấn ", "đặc khu "];

/// A lower-case name cut before the level and place it ends with ("ủy ban mặt trận tổ quốc
/// việt nam tỉnh đắk lắk" → "ủy ban mặt trận tổ quốc việt nam", " tỉnh Đắk Lắk"), the place's
/// name with capitals.
fn split_place(name: &str) -> (&str, String) {
    for level in PLACE_LEVELS {
        // The level stands after a space: found by its own text, then the space checked.
        let Some(at) = name.rmatch_indices(level).map(|(i, _)| i).find(|i| *i > 0 && name.as_bytes()[i - 1] == b' ')
        else {
            continue;
        };
        let at = at - 1;
        let place = &name[at + 1 + level.len()..];
        // "xã hội" is the word for society, not a commune named Hội.
        if !place.is_empty() && place.split(' ').count() <= 4 && !(level == "xã " && place.starts_with("hội")) {
            return (&name[..at], format!(" {level}{}", title_words(place)));
        }
    }
    (name, String::new())
}

/// Marks on the vowel the current spelling of names puts them on ("hoá" → "hóa", "uỷ" → "ủy",
/// "thuỵ" → "thụy"): the same word printed in the older placement reads as the same name.
pub(super) fn new_tone_places(s: &str) -> String {
    const PAIRS: [(&str, &str); 10] = [
        ("oá", "óa"),
        ("oà", "òa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("uý", "úy"),
        ("uỳ", "ùy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ];
    if !PAIRS.iter().any(|(old, _)| s.contains(old)) {
        return s.to_string();
    }
    // Only at a word's end: "hoạch", "toàn", "quý" keep theirs ("quý" is "qu" and "ý").
    let mut out = String::with_capacity(s.len());
    for (k, word) in s.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let fixed = PAIRS.iter().find_map(|(old, new)| {
            let stem = word.strip_suffix(old)?;
            (!stem.ends_with('q')).then(|| format!("{stem}{new}"))
        });
        out.push_str(fixed.as_deref().unwrap_or(word));
    }
    out
}

/// Words a body's name opens with in a header: the organ heads and the other kinds of bodies
/// that issue letters (Party committees, mass organisations, public services).
const BODY_OPENINGS: [&str; 39] = [
    // The tax and customs offices as named since 1 July 2025 ("CỤC THUẾ" / "THUẾ TỈNH VĨNH LONG").
    "thuế tỉnh",
    "thuế thành phố",
    "hải quan khu vực",
    "tổng công ty",
    "tổng cục",
    "văn phòng",
    "trung tâm",
    "ban ",
    "bộ ",
    "cục ",
    "vụ ",
    "sở ",
    "viện ",
    "ủy ban",
    "hội đồng",
    "thanh tra",
    "tiểu ban",
    "kho bạc",
    "bảo hiểm",
    "hội ",
    "đoàn ",
    "liên đoàn",
    "công an",
    "ngân hàng",
    "chi cục",
    "phòng ",
    "đài ",
    "trường ",
    "bệnh viện",
    "học viện",
    "tập đoàn",
    "công ty",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "đảng ủy",
    "ubnd",
    "hđnd",
    "mặt trận",
];

/// Whether a header line in capitals opens a body's name of its own.
fn opens_body(line: &str) -> bool {
    // Abbreviations as the table expands them ("BCĐ PCGD, XMC"); one it does not hold may name
    // anything, so it is not taken for the rest of a name.
    let Some(expanded) = agencies::expand(line.trim()) else {
        return true;
    };
    let lower = new_tone_places(&expanded.to_lowercase());
    BODY_OPENINGS.iter().any(|h| lower.starts_with(h))
}

pub(super) const ORG_SPLITS: [&str; 7] = ["TỔNG CỤC ", "CỤC ", "VỤ ", "VĂN PHÒNG", "SỞ ", "TRUNG TÂM ", "VIỆN "];

/// Reads the issuing body (and its parent) above the number line or the national title.
/// Returns the line where the header starts: the topmost line of the issuing body, else the
/// anchor.
pub(super) fn read_issuer(doc: &Doc, number_at: Option<usize>, letter: &mut Letter) -> Option<usize> {
    // Without a number line or the national title (a thư công, a page that kept one header
    // line), the place and date still stand beside or under the issuing body.
    let place_date = || {
        (0..doc.lines.len().min(12)).find(|&i| {
            let f = doc.folded(i);
            f.contains(", ngay ") && f.contains(" thang ") && doc.line(i).trim_start().starts_with(char::is_uppercase)
        })
    };
    let anchor = number_at.or_else(|| doc.motto_line()).or_else(place_date)?;
    let mut top = anchor;
    let mut caps: Vec<String> = Vec::new();
    let mut i = anchor;
    while i > 0 {
        i -= 1;
        let l = doc.line(i).trim();
        // Blank lines, the mottos and rules or stars under the issuing body ("-----", "*"), and
        // the official gazette's section heading over the document ("VĂN BẢN QUY PHẠM PHÁP LUẬT").
        // So the caption a consolidated text prints over its number ("XÁC THỰC VĂN BẢN HỢP NHẤT").
        let gazette_section = matches!(
            doc.folded(i).trim(),
            "van ban quy pham phap luat" | "van ban hop nhat" | "van ban khac" | "xac thuc van ban hop nhat"
        );
        if is_blank(l) || is_motto_folded(doc.folded(i)) || letters(l).next().is_none() || gazette_section {
            if caps.len() > 6 {
                break;
            }
            continue;
        }
        // A type's heading over the number ("CÔNG ĐIỆN" / "Số: 02/CĐ-TW …") names no body, nor
        // does a scanner's page marker ("PAGE 1") over the header.
        if TYPE_NAMES.contains(&l) || super::is_page_number(l) {
            break;
        }
        if is_caps(l) && !l.starts_with('-') && letters(l).count() < 120 {
            caps.push(l.to_string());
            top = i;
        } else {
            break;
        }
    }
    // A dispatch prints its sender under the number, over the address "Điện:" (Decree 30,
    // appendix III: the công điện), the joint bodies' lines opening with a dash.
    if caps.is_empty()
        && let Some(sender) = dispatch_sender(doc, anchor)
    {
        letter.issuer = Some(sender);
        letter.confidence.insert("issuer", 0.6);
        return Some(top);
    }
    caps.reverse();
    let mut units = header_units(caps);
    // A single cell holding parent and issuer ("BỘ TÀI CHÍNH TỔNG CỤC THUẾ").
    if units.len() == 1 && !agencies::is_known(&org_case(&units[0])) {
        let unit = units[0].clone();
        for key in ORG_SPLITS {
            if let Some(pos) = unit.find(key)
                && pos > 0
                && unit[..pos].ends_with(' ')
                && (unit.starts_with("BỘ ") || unit.starts_with("UBND") || unit.starts_with("ỦY BAN"))
            {
                units = vec![unit[..pos].trim().to_string(), unit[pos..].trim().to_string()];
                break;
            }
        }
    }
    let Some(last) = units.last() else {
        return Some(top);
    };
    let mut parent = (units.len() >= 2).then(|| agency_name(&units[units.len() - 2])).flatten();
    let mut issuer =
        if fold(last) == "van phong" { parent.as_ref().map(|p| format!("Văn phòng {p}")) } else { agency_name(last) };
    // An organ printed by its role alone under its organisation ("HỘI LIÊN HIỆP PHỤ NỮ PHÚ YÊN" /
    // "BAN THƯỜNG VỤ"): the organ of that organisation, which is no parent body.
    if units.len() >= 2 && ORGANS.contains(&fold(last).trim()) {
        issuer = agency_name(&format!("{} {}", last.trim(), units[units.len() - 2].trim()));
        parent = None;
    }
    // A joint header: "ỦY BAN NHÂN DÂN" and another body over one place line ("TỈNH ĐẮK LẮK").
    if units.len() == 2
        && matches!(fold(&units[0]).as_str(), "uy ban nhan dan" | "ubnd")
        && let Some(other) = issuer.clone()
        && let (_, place) = split_place(&other.to_lowercase())
        && !place.is_empty()
    {
        issuer = Some(format!("UBND{place} - {other}"));
        parent = None;
    }
    // An organ of the Party's Central Committee printed under it ("BAN CHẤP HÀNH TRUNG ƯƠNG" /
    // "BAN TỔ CHỨC") is named as the Party names its central organs: "Ban Tổ chức Trung ương",
    // "Văn phòng Trung ương Đảng".
    if parent.as_deref() == Some("Ban Chấp hành Trung ương")
        && let Some(organ) = issuer.clone()
        && !fold(&organ).contains("trung uong")
    {
        issuer = Some(if fold(&organ) == "van phong" {
            "Văn phòng Trung ương Đảng".to_string()
        } else {
            format!("{organ} Trung ương")
        });
    }
    // An organ of the Youth Union named with the organisation printed beside it.
    if let Some(organ) = issuer.as_deref().filter(|i| !fold(i).contains("doan"))
        && doc.folded.iter().take(anchor + 3).any(|f| super::is_union_title_folded(f))
    {
        issuer = agency_name(&format!("{} {}", organ.to_uppercase(), super::UNION_TITLES[0]));
    }
    // A name printed twice above the header (the gazette's section heading "BỘ TÀI CHÍNH" over
    // the document's own "BỘ TÀI CHÍNH"): no body is its own parent.
    if parent.is_some() && parent == issuer {
        parent = None;
    }
    // A form's blank for the body's name ("ỦY BAN NHÂN DÂN / XÃ ..........") names no body.
    if last.contains("...") || last.contains('…') {
        issuer = None;
    }
    // An abbreviation the table of agencies does not hold leaves the issuer unnamed.
    letter.confidence.insert("issuer", if issuer.is_some() { 0.9 } else { 0.2 });
    letter.issuer = issuer;
    letter.parent_issuer = parent;
    Some(top)
}

/// Organs printed by their role alone under their organisation's name ("BAN THƯỜNG VỤ").
const ORGANS: [&str; 6] =
    ["ban thuong vu", "ban chap hanh", "ban thuong truc", "thuong truc", "doan chu tich", "ban thu ky"];

/// The header's lines in capitals, top down, joined into the names of bodies: a line that
/// goes on a name wrapped in its cell joins it.
fn header_units(caps: Vec<String>) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for l in caps {
        // A second body under a bare "ỦY BAN NHÂN DÂN" ("ỦY BAN MTTQ VIỆT NAM") starts a unit:
        // the two share the place line below (a joint header).
        let folded_line = fold(&l);
        let names_body = ORG_HEADS.iter().any(|h| {
            let h = fold(h);
            folded_line.starts_with(&h) && folded_line[h.len()..].starts_with(' ')
        });
        let continues = units.last().is_some_and(|prev: &String| {
            prev.ends_with(['-', ','])
                || ((prev.trim() == "ỦY BAN NHÂN DÂN" || prev.trim() == "UỶ BAN NHÂN DÂN") && !names_body)
                || (fold(prev) != "uy ban nhan dan" && is_word_prefix(&fold(prev), "uy ban nhan dan"))
        }) || ["VÀ ", "TỈNH ", "THÀNH PHỐ ", "HUYỆN ", "QUẬN ", "XÃ ", "PHƯỜNG ", "THỊ XÃ ", "TP.", "TP "]
            .iter()
            .any(|p| l.starts_with(p))
            // A known name wrapped in its cell ("ỦY BAN THƯỜNG VỤ" / "QUỐC HỘI").
            || units.last().is_some_and(|prev| agencies::is_known(&org_case(&format!("{prev} {l}"))))
            // Any name wrapped in its cell ("BAN TỔ CHỨC" / "ĐẠI HỘI ĐẠI BIỂU" / "CÁC DÂN TỘC …",
            // "HỘI" / "ĐỒNG NHÂN DÂN"): a line that opens no body of its own goes on the name
            // above, unless that name is a known agency complete in itself.
            || units.last().is_some_and(|prev| !opens_body(&l) && !agencies::is_known(&org_case(prev)));
        match units.last_mut() {
            Some(prev) if continues => {
                prev.push(' ');
                prev.push_str(&l);
            }
            _ => units.push(l),
        }
    }
    units
}

/// The address line of a dispatch (Decree 30, appendix III): "Điện:" alone under the sender, or
/// the sender in capitals before it on one line ("THỦ TƯỚNG CHÍNH PHỦ điện:"). Returns the
/// sender, empty for "Điện:" alone.
pub(super) fn dispatch_address<'a>(line: &'a str, folded: &str) -> Option<&'a str> {
    let f = folded.trim();
    if !f.ends_with("dien:") && !f.starts_with("dien:") {
        return None;
    }
    if f.starts_with("dien:") {
        return Some("");
    }
    let sender = line.trim().strip_suffix(':')?.trim_end().rsplit_once(' ')?.0.trim();
    (sender.split_whitespace().count() <= 12 && is_caps(sender)).then_some(sender)
}

/// The sender of a dispatch: the lines in capitals between its number line `at` and the
/// address "Điện:", a line opening with a dash naming a joint sender.
fn dispatch_sender(doc: &Doc, at: usize) -> Option<String> {
    let mut bodies: Vec<String> = Vec::new();
    for k in at + 1..doc.lines.len().min(at + 8) {
        let l = doc.line(k).trim();
        if is_blank(l) {
            continue;
        }
        if let Some(sender) = dispatch_address(l, doc.folded(k)) {
            if !sender.is_empty() {
                bodies.push(sender.to_string());
            }
            let joined = bodies.join(" - ");
            return (!joined.is_empty()).then(|| agency_name(&joined).unwrap_or_else(|| org_case(&joined)));
        }
        if !is_caps(l) {
            return None;
        }
        let name = l.trim_start_matches(['-', ' ']).trim();
        match bodies.last_mut() {
            Some(body) if !l.starts_with('-') => {
                body.push(' ');
                body.push_str(name);
            }
            _ => bodies.push(name.to_string()),
        }
    }
    None
}

/// An upper-case header name as written: abbreviations expanded from the table of agencies
/// (`None` for one it does not hold), then cased, with a known agency's own spelling.
pub(super) fn agency_name(caps: &str) -> Option<String> {
    let expanded = agencies::expand(caps)?;
    let cased = org_case(&expanded);
    Some(agencies::known_spelling(&cased).unwrap_or(cased))
}

const LEVELS: [(&str, &str); 4] = [("tinh", "tỉnh"), ("thanh pho", "thành phố"), ("huyen", "huyện"), ("quan", "quận")];

/// A bare "ỦY BAN NHÂN DÂN" header (the level and place lost with a table cell) completed
/// from the text: the level named with it elsewhere ("UBND tỉnh ban hành …", "ỦY BAN NHÂN DÂN
/// TỈNH") and the place of issue.
pub(super) fn complete_bare_issuer(doc: &Doc, letter: &mut Letter) {
    let bare = letter.issuer.as_deref().is_some_and(|i| matches!(fold(i).as_str(), "uy ban nhan dan" | "ubnd"));
    let Some(place) = letter.place.clone().filter(|_| bare) else {
        return;
    };
    // The authority line under the title names the committee whole ("ỦY BAN NHÂN DÂN TỈNH HẬU
    // GIANG" over a place of issue that is the province's city, "Vị Thanh").
    let found = authority_committee(doc).or_else(|| complete_bare_from_text(doc, &place));
    // Else the province the title names for its scope ("… GIA CẦM TỈNH ĐỒNG THÁP"), when the place
    // of issue is none of its own level (a provincial town, "Thị xã Cao Lãnh").
    let found = found.or_else(|| {
        let subject = letter.subject.as_deref()?;
        let words: Vec<&str> = subject.split_whitespace().collect();
        let named = words.iter().enumerate().filter(|(_, w)| fold(w) == "tinh").find_map(|(k, _)| {
            let rest = &words[k + 1..words.len().min(k + 5)];
            (1..=rest.len()).rev().find_map(|n| province(rest[..n].join(" ").trim_end_matches([',', '.', ';'])))
        })?;
        (province(&place).is_none() && central_city(&place).is_none()).then(|| format!("UBND tỉnh {named}"))
    });
    // Else the place of issue that names its own level ("Thành phố Hồ Chí Minh, ngày …").
    let named = found.or_else(|| {
        let folded = fold(&place);
        LEVELS.iter().find_map(|(k, level)| {
            let rest = folded.strip_prefix(k)?.strip_prefix(' ')?;
            let words = place.split_whitespace().skip(level.split(' ').count());
            (!rest.is_empty()).then(|| format!("UBND {level} {}", words.collect::<Vec<_>>().join(" ")))
        })
    });
    // Else a place of issue that is a city under the centre ("Hà Nội, ngày …"): the committee
    // the header prints as "ỦY BAN NHÂN DÂN / THÀNH PHỐ HÀ NỘI".
    let named = named.or_else(|| central_city(&place).map(|city| format!("UBND thành phố {city}")));
    // Else a place of issue that is a province's name ("Gia Lai, ngày …"): the province's
    // committee, whose place of issue is the province (Decree 30, appendix I).
    let named = named.or_else(|| province(&place).map(|p| format!("UBND tỉnh {p}")));
    if let Some(named) = named {
        letter.issuer = Some(named);
        letter.confidence.insert("issuer", 0.5);
    }
}

/// The cities under the centre (Law on Local Government; Huế since 2025), as places of issue
/// print them.
const CENTRAL_CITIES: [&str; 6] = ["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"];

/// The city under the centre that `place` names ("Hà Nội", "TP. Hồ Chí Minh", "TP.Hồ Chí
/// Minh"), written as the list writes it.
pub(super) fn central_city(place: &str) -> Option<&'static str> {
    let folded = fold(place);
    let bare = folded
        .strip_prefix("tp.")
        .or_else(|| folded.strip_prefix("tp "))
        .or_else(|| folded.strip_prefix("thanh pho "))
        .unwrap_or(&folded)
        .trim();
    CENTRAL_CITIES.iter().copied().find(|c| fold(c) == bare)
}

/// The provinces (before the 2025 merger; the merged ones kept one of these names), as places of
/// issue print them.
const PROVINCES: [&str; 58] = [
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Tĩnh",
    "Hải Dương",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// The province that `place` names, written as the list writes it.
pub(super) fn province(place: &str) -> Option<&'static str> {
    // A name of two places joined by a dash is printed with or without spaces around it ("Bà
    // Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu").
    fn dashless(s: &str) -> String {
        fold(s).replace(['–', '-'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
    }
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| PROVINCES.iter().map(|p| dashless(p)).collect());
    let wanted = dashless(place);
    keys.iter().position(|k| *k == wanted).map(|i| PROVINCES[i])
}

/// A line in capitals naming a people's committee with its level and its place ("ỦY BAN NHÂN
/// DÂN TỈNH HẬU GIANG", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"): the authority line of a decision.
fn authority_committee(doc: &Doc) -> Option<String> {
    doc.lines.iter().zip(doc.folded).find_map(|(line, f)| {
        let f = f.trim();
        let at = f.find("uy ban nhan dan ")?;
        let rest = &f[at + "uy ban nhan dan ".len()..];
        let (k, _) = LEVELS.iter().find(|(k, _)| is_word_prefix(k, rest))?;
        let named = rest[k.len()..].split_whitespace().count();
        // The chair's title may stand before the committee; the place takes one to four words
        // ("CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", eleven in all).
        let head = f[..at].trim();
        ((head.is_empty() || head == "chu tich") && (1..=4).contains(&named) && is_caps(line)).then(|| {
            let line = line.trim();
            let start = line.char_indices().nth(f[..at].chars().count()).map_or(0, |(i, _)| i);
            org_case(&line[start..])
        })
    })
}

/// The bare committee's level as the text names it elsewhere ("UBND tỉnh ban hành …"), with the
/// place of issue.
fn complete_bare_from_text(doc: &Doc, place: &str) -> Option<String> {
    for f in doc.folded {
        for key in ["uy ban nhan dan ", "ubnd "] {
            let Some(pos) = f.find(key) else {
                continue;
            };
            let rest = &f[pos + key.len()..];
            if let Some((_, level)) = LEVELS.iter().find(|(k, _)| is_word_prefix(k, rest) || rest == *k) {
                // A place of issue that prints its own level ("Thành phố Hồ Chí Minh", "TP. Hồ
                // Chí Minh") names the city once.
                if let Some(city) = central_city(place).filter(|_| *level == "thành phố") {
                    return Some(format!("UBND thành phố {city}"));
                }
                // A province's committee issues from its capital ("Pleiku, ngày …" for Gia
                // Lai): a place that is no province gives way to the province the text names.
                if *level == "tỉnh" && province(place).is_none() {
                    return place_named_with(doc, level).map(|p| format!("UBND tỉnh {p}"));
                }
                return Some(format!("UBND {level} {place}"));
            }
        }
    }
    None
}

/// A header cell cut short ("ỦY BAN THƯỜNG VỤ" for "ỦY BAN THƯỜNG VỤ QUỐC HỘI") completed
/// from the authority line under the title, which prints the whole name: a line in capitals
/// that starts with the header's words and goes on.
pub(super) fn complete_cut_issuer(doc: &Doc, letter: &mut Letter) {
    let Some(issuer) = letter.issuer.as_deref() else {
        return;
    };
    let short = fold(issuer);
    // A whole name the table knows ("CHÍNH PHỦ") is not cut.
    if matches!(short.as_str(), "uy ban nhan dan" | "ubnd") || agencies::is_known(issuer) {
        return;
    }
    let wanted = format!("{short} ");
    // The authority line stands over the preamble, before the articles and chapters whose
    // headings in capitals may begin with the same words.
    let articles = doc
        .folded
        .iter()
        .position(|f| {
            let f = f.trim_start();
            f.starts_with("dieu 1") || f.starts_with("chuong i")
        })
        .unwrap_or(doc.lines.len());
    let longer = doc.lines[..articles].iter().zip(doc.folded).find_map(|(l, f)| {
        let t = l.trim();
        (f.len() > wanted.len()
            && f.starts_with(&wanted)
            && is_caps(t)
            && t.split_whitespace().count() <= 12
            && !t.contains(['|', ':', ';']))
        .then(|| agency_name(t))
        .flatten()
    });
    if let Some(longer) = longer {
        letter.issuer = Some(longer);
        letter.confidence.insert("issuer", 0.7);
        return;
    }
    // No authority line: the symbol's initials name the agency the cut name begins
    // ("BỘ VĂN HOÁ, THỂ THAO" with "274/CT-BVHTTDL").
    if let Some(symbol) = letter.symbol.as_deref()
        && let Some(known) = agencies::completed_by_symbol(issuer, symbol)
    {
        letter.issuer = Some(known.to_string());
        letter.confidence.insert("issuer", 0.6);
    }
}

/// "Ủy ban nhân dân huyện xây dựng Kế hoạch …" (or "HĐND huyện thông báo …") names the level
/// without the place; the place is the one the text names with that level ("trên địa bàn
/// huyện U Minh Thượng").
fn issuer_by_level(doc: &Doc) -> Option<String> {
    const LEVELS_WRITTEN: [(&str, &str); 7] = [
        ("thanh pho", "thành phố"),
        ("tinh", "tỉnh"),
        ("huyen", "huyện"),
        ("quan", "quận"),
        ("thi xa", "thị xã"),
        ("xa", "xã"),
        ("phuong", "phường"),
    ];
    // The committee or the council ("HĐND huyện thông báo …", "… của UBND tỉnh)") of the level.
    const BODIES: [(&str, &str); 4] = [
        ("uy ban nhan dan ", "UBND"),
        ("ubnd ", "UBND"),
        ("hdnd ", "Hội đồng nhân dân"),
        ("hoi dong nhan dan ", "Hội đồng nhân dân"),
    ];
    let (body, level) = doc.folded.iter().find_map(|f| {
        BODIES.iter().find_map(|(key, body)| {
            let pos = crate::text::find_str(f, key)?;
            let rest = &f[pos + key.len()..];
            LEVELS_WRITTEN
                .iter()
                .find(|(k, _)| {
                    let after = rest.strip_prefix(k);
                    // A province or city is taken only when named bare and closed ("… của UBND
                    // tỉnh)"): "UBND tỉnh Thanh Hóa" among cited bodies is not the issuer.
                    let bare = after.is_some_and(|a| a.is_empty() || a.starts_with([')', ',', '.', ';']));
                    let district = after.is_some_and(|a| a.starts_with(' ')) && !matches!(*k, "tinh" | "thanh pho");
                    bare || district
                })
                .map(|(_, w)| (*body, *w))
        })
    })?;
    place_named_with(doc, level).map(|place| format!("{body} {level} {place}"))
}

/// The place the text names with an administrative level written small ("tỉnh", "huyện"):
/// "… Đảng bộ tỉnh Lạng Sơn …" gives "Lạng Sơn" for "tỉnh".
pub(super) fn place_named_with(doc: &Doc, level: &str) -> Option<String> {
    let level_words: Vec<&str> = level.split(' ').collect();
    for l in doc.lines {
        // A title in capitals names the province too ("… GIA CẦM TỈNH ĐỒNG THÁP"), as the list
        // of provinces spells it.
        if level == "tỉnh" && is_caps(l) {
            let words: Vec<&str> = l.split_whitespace().collect();
            let named = words.iter().enumerate().filter(|(_, w)| **w == "TỈNH").find_map(|(k, _)| {
                let rest = &words[k + 1..words.len().min(k + 5)];
                (1..=rest.len()).rev().find_map(|n| province(rest[..n].join(" ").trim_end_matches([',', '.', ';'])))
            });
            if let Some(named) = named {
                return Some(named.to_string());
            }
            continue;
        }
        let words: Vec<&str> = l.split_whitespace().collect();
        for (k, pair) in words.windows(2).enumerate() {
            if words[k..].len() > level_words.len()
                && words[k..k + level_words.len()]
                    .iter()
                    .zip(&level_words)
                    .all(|(a, b)| a.chars().flat_map(char::to_lowercase).eq(b.chars()))
            {
                // The name ends at a clause mark ("… tỉnh Hưng Yên, Sở Tài chính …").
                let mut open = true;
                let name: Vec<&str> = words[k + level_words.len()..]
                    .iter()
                    .take_while(|w| {
                        let more = open && w.chars().next().is_some_and(char::is_uppercase);
                        open = !w.ends_with([',', ';', '.', ':']);
                        more
                    })
                    .take(4)
                    .copied()
                    .collect();
                if !name.is_empty() && pair[0].chars().next().is_some_and(char::is_lowercase) {
                    let name = name.join(" ").trim_end_matches([',', '.', ';']).to_string();
                    // A province is one of the provinces, its name's words as many as the
                    // list's ("… của UBND tỉnh Triển khai …" names none).
                    if level == "tỉnh" {
                        let words: Vec<&str> = name.split(' ').collect();
                        if let Some(n) = (1..=words.len()).rev().find(|n| province(&words[..*n].join(" ")).is_some()) {
                            return Some(words[..n].join(" "));
                        }
                        continue;
                    }
                    return Some(name);
                }
            }
        }
    }
    None
}

pub(super) fn issuer_from_body(doc: &Doc, letter: &mut Letter) {
    for (l, f) in doc.lines.iter().zip(doc.folded) {
        for (key, level) in [("uy ban nhan dan thanh pho ", "thành phố "), ("uy ban nhan dan tinh ", "tỉnh ")] {
            if let Some(pos) = crate::text::find_str(f, key) {
                // Map the folded offset back by words.
                let words_before = f[..pos].split_whitespace().count();
                let words: Vec<&str> = l.split_whitespace().collect();
                let name: Vec<&str> = words
                    .iter()
                    .skip(words_before + 4 + level.split_whitespace().count())
                    .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .copied()
                    .collect();
                let keep = if name.first() == Some(&"Hồ") { 3 } else { 2 };
                let name: Vec<&str> = name.into_iter().take(keep).collect();
                if !name.is_empty() {
                    let name = name.join(" ");
                    let name = name.trim_end_matches([',', '.']);
                    // A name in capitals ("… ỦY BAN NHÂN DÂN TỈNH THANH HÓA") is written in title case.
                    let name = if is_caps(name) { title_words(&name.to_lowercase()) } else { name.to_string() };
                    letter.issuer = Some(format!("UBND {level}{name}"));
                    letter.confidence.insert("issuer", 0.4);
                    return;
                }
            }
        }
    }
    if let Some(issuer) = issuer_by_level(doc) {
        letter.issuer = Some(issuer);
        letter.confidence.insert("issuer", 0.4);
    }
}

/// The place of a header row run into one line after the national title or the motto ("CỘNG
/// HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Hà Nội"): what follows them.
fn after_motto(place: &str) -> &str {
    let f = fold(place);
    let words = if f.starts_with("cong hoa xa hoi chu nghia viet nam ") {
        8
    } else if f.starts_with("doc lap") && f.contains("hanh phuc ") {
        place.split_whitespace().position(|w| fold(w) == "phuc").map_or(0, |p| p + 1)
    } else {
        0
    };
    let mut rest = place;
    for _ in 0..words {
        let t = rest.trim_start();
        rest = &t[t.find(char::is_whitespace).unwrap_or(t.len())..];
    }
    let rest = rest.trim_start();
    if rest.is_empty() { place } else { rest }
}

/// The head of a place's name wrapped onto the line above its date line ("Thành phố Hồ" /
/// "Chí Minh, ngày …"): a level and at most one word of the name, in sentence case.
fn wrapped_place_head(line: &str) -> Option<&str> {
    let t = line.trim().trim_start_matches('*').trim();
    let rest = ["Thành phố ", "TP. ", "Tỉnh ", "Thị xã ", "Huyện ", "Quận ", "Phường ", "Xã "]
        .iter()
        .find_map(|level| t.strip_prefix(level))?;
    (rest.split_whitespace().count() <= 1
        && !is_caps(t)
        && !t.contains(|c: char| c.is_ascii_digit() || ",.:;-|".contains(c)))
    .then_some(t)
}

pub(super) fn read_place_date(doc: &Doc, letter: &mut Letter) {
    for (i, (l, folded)) in doc.lines.iter().zip(doc.folded).enumerate() {
        let tail = number_line(l).map(|(_, tail)| tail);
        let t = tail.as_deref().unwrap_or(l).trim();
        let f = if tail.is_some() { std::borrow::Cow::Owned(fold(t)) } else { std::borrow::Cow::Borrowed(*folded) };
        let Some(pos) = crate::text::find_str(&f, ", ngay") else {
            continue;
        };
        // A date line cut short after "ngày" ("Đà Nẵng, ngày 2") still gives its place.
        let cut_short = f[pos + ", ngay".len()..].split_whitespace().count() <= 1 && f.split_whitespace().count() <= 8;
        if !(f.contains("thang") && f.contains("nam")) && parse_date(t).is_none() && !cut_short {
            continue;
        }
        // Folding keeps one char per char except removed whitespace; find by char count.
        let comma_chars = f[..pos].chars().count();
        let place: String = t.chars().take(comma_chars).collect();
        let place = after_motto(place.trim().trim_end_matches(',').trim());
        let words = place.split_whitespace().count();
        // A citation dated in the preamble ("Căn cứ Kết luận số 88-KL/TW, ngày …") is no place.
        let cites = !crate::code::find_codes(place).is_empty() || fold(place).contains(" so ");
        if words == 0
            || words > 6
            || !place.chars().next().is_some_and(char::is_uppercase)
            || place.contains(':')
            || cites
        {
            continue;
        }
        let head = i.checked_sub(1).and_then(|above| wrapped_place_head(doc.line(above)));
        letter.place = Some(head.map_or_else(|| place.to_string(), |h| format!("{h} {place}")));
        letter.date = parse_date(t);
        letter.confidence.insert("place", 0.9);
        letter.confidence.insert("date", if letter.date.is_some() { 0.95 } else { 0.3 });
        return;
    }
    // A header run into one long line whose place cannot be told apart: the date of
    // "…, ngày dd tháng mm năm yyyy" near the top still dates the letter.
    for (l, f) in doc.lines.iter().zip(doc.folded).take(40) {
        if let Some(pos) = crate::text::find_str(f, ", ngay ") {
            let chars = f[..pos].chars().count();
            // A citation's date ("Căn cứ Công văn số 5382/UBND-TH, ngày …") is not the letter's.
            let before = l.find(", ngày").map_or("", |p| &l[..p]);
            let cited = crate::code::find_codes(before)
                .last()
                .is_some_and(|m| super::references::type_before(&before[..m.start]).is_some());
            if cited {
                continue;
            }
            let after: String = l.chars().skip(chars).take(40).collect();
            if let Some(date) = find_dates(&after).into_iter().next().and_then(|m| m.date)
                && fold(&after).contains("thang")
            {
                letter.date = Some(date);
                letter.confidence.insert("date", 0.5);
                return;
            }
        }
    }
    // A dispatch dates itself on its number line, with the hour ("Số: 02/CĐ-TW hồi 10 giờ 00
    // ngày 01/02/2014"; Decree 30, appendix III on the công điện).
    for l in doc.lines.iter().take(30) {
        let Some((_, tail)) = number_line(l) else { continue };
        let f = fold(&tail);
        if f.trim_start().starts_with("hoi ") || f.contains(" gio ") {
            if let Some(date) = find_dates(&tail).into_iter().next().and_then(|m| m.date) {
                letter.date = Some(date);
                letter.confidence.insert("date", 0.5);
            }
            return;
        }
    }
}

pub(super) const TYPE_NAMES: [&str; 27] = [
    "THÔNG TƯ LIÊN TỊCH",
    "NGHỊ QUYẾT LIÊN TỊCH",
    "NGHỊ QUYẾT",
    "NGHỊ ĐỊNH",
    "QUYẾT ĐỊNH",
    "CHỈ THỊ",
    "THÔNG TƯ",
    "KẾ HOẠCH",
    "THÔNG BÁO",
    "BÁO CÁO",
    "TỜ TRÌNH",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "ĐỀ ÁN",
    "PHƯƠNG ÁN",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "CÔNG ĐIỆN",
    "GIẤY MỜI",
    "THÔNG CÁO",
    "BIÊN BẢN",
    "KẾT LUẬN",
    // An outline for propaganda or a report ("ĐỀ CƯƠNG TUYÊN TRUYỀN …").
    "ĐỀ CƯƠNG",
    // Thư công (Decree 30, appendix III), printed by its kind.
    "THƯ NGỎ",
    "THƯ CÔNG",
    // The legislature's acts: a law's or an ordinance's title is its name ("LUẬT / THỐNG KÊ").
    "LUẬT",
    "PHÁP LỆNH",
];

/// "QUYẾT ĐỊNH" alone, or "KẾ HOẠCH Thực hiện …": the type name and the rest of the line.
pub(super) fn type_heading(line: &str) -> Option<(&'static str, String)> {
    let t = line.trim();
    for name in TYPE_NAMES {
        if let Some(rest) = t.strip_prefix(name) {
            // A consolidated text marks its first footnote on the type's name ("NGHỊ ĐỊNH1").
            let note_mark = (1..=2).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit());
            if rest.trim().is_empty() || note_mark {
                return Some((name, String::new()));
            }
            if rest.starts_with(' ')
                && rest.trim().chars().next().is_some_and(char::is_uppercase)
                && !is_caps(rest)
                && !rest.contains(':')
            {
                return Some((name, rest.trim().to_string()));
            }
        }
    }
    // A type name with its marks misread by OCR before a title in sentence case ("NGHI ĐỊNH
    // Quy định cơ chế …").
    // Cheap test first: two words in capitals open the line.
    let mut opening = t.split_whitespace();
    let two_caps = opening.next().is_some_and(is_caps) && opening.next().is_some_and(is_caps);
    let words: Vec<&str> = if two_caps { t.split_whitespace().collect() } else { Vec::new() };
    for n in 2..=3.min(words.len().saturating_sub(1)) {
        let head = words[..n].join(" ");
        let rest = words[n..].join(" ");
        let squeezed: String = fold(&head).chars().filter(|c| c.is_alphanumeric()).collect();
        let sentence = rest.chars().next().is_some_and(char::is_uppercase) && !is_caps(&rest) && !rest.contains(':');
        if is_caps(&head)
            && sentence
            && let Some((_, name)) = squeezed_type_names().iter().find(|(s, _)| *s == squeezed)
        {
            return Some((name, rest));
        }
    }
    // A type name alone with its letters split or its marks misread by OCR ("K ÉT LUẬN",
    // "QUYÊT ĐINH"): the same letters without marks and spaces.
    if t.len() < 30 && is_caps(t) && !t.ends_with(':') {
        let squeezed: String = fold(t).chars().filter(|c| c.is_alphanumeric()).collect();
        return squeezed_type_names().iter().find(|(s, _)| *s == squeezed).map(|(_, name)| (*name, String::new()));
    }
    None
}

/// The type names' letters without marks and spaces ("ketluan"), computed once.
fn squeezed_type_names() -> &'static [(String, &'static str)] {
    static SQUEEZED: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    SQUEEZED.get_or_init(|| {
        TYPE_NAMES.iter().map(|n| (fold(n).chars().filter(|c| c.is_alphanumeric()).collect(), *n)).collect()
    })
}

pub(super) fn normal_type(caps: &str) -> String {
    capitalize(&caps.to_lowercase())
}

/// The offices and bodies an authority line opens with, folded.
const AUTHORITY_HEADS: [&str; 11] = [
    "tong giam doc",
    "thong doc ngan hang",
    "chu tich uy ban nhan dan",
    "uy ban nhan dan",
    "bo truong bo",
    "thu tuong chinh phu",
    "hoi dong nhan dan",
    "cuc truong cuc",
    "tong cuc truong tong cuc",
    "vu truong vu",
    "giam doc so",
];

/// The issuing authority line under a title ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "ỦY BAN NHÂN DÂN
/// TỈNH NINH THUẬN"), which ends it.
/// The issuing authority a decision prints in capitals under its title (Decree 30, appendix
/// I): a collective body or the head of one by office ("BỘ TRƯỞNG BỘ Y TẾ", "CỤC TRƯỞNG CỤC
/// QUẢN LÝ DƯỢC", "GIÁM ĐỐC SỞ …").
fn is_authority_line(line: &str, f: &str) -> bool {
    // One head holding two offices names them joined by a comma ("BỘ TRƯỞNG, CHỦ NHIỆM ỦY BAN
    // DÂN TỘC"): an office, a comma, the next office.
    const OFFICES: [&str; 8] =
        ["bo truong", "chu nhiem", "chu tich", "thu truong", "giam doc", "tong giam doc", "truong ban", "vien truong"];
    let joint_offices = f.split_once(", ").is_some_and(|(first, second)| {
        OFFICES.contains(&first)
            && OFFICES.iter().any(|o| is_word_prefix(o, second) || second.starts_with(&format!("{o} ")))
    });
    is_caps(line)
        && (joint_offices || AUTHORITY_HEADS.iter().any(|k| is_word_prefix(k, f) || f.starts_with(&format!("{k} "))))
}

/// The authority line at `i`, or begun there and wrapped onto the next line by a narrow cell
/// ("CHỦ TỊCH ỦY BAN" / "NHÂN DÂN TỈNH"): a line of two words or more that only begins an
/// authority's office, and the next line finishing it.
fn authority_at_line(doc: &Doc, i: usize) -> bool {
    if is_authority_line(doc.line(i), doc.folded(i)) {
        return true;
    }
    let f = doc.folded(i).trim_matches(|c: char| c == '*' || c.is_whitespace());
    // Only a line that begins an office, and no more, is looked at further.
    let Some(head) = AUTHORITY_HEADS.iter().find(|k| f.contains(' ') && k.len() > f.len() && is_word_prefix(f, k))
    else {
        return false;
    };
    let next = doc.folded(i + 1).trim_matches(|c: char| c == '*' || c.is_whitespace());
    if next.is_empty() || !is_caps(doc.line(i + 1)) {
        return false;
    }
    let joined = format!("{f} {next}");
    joined.starts_with(head)
        && is_authority_line(&format!("{} {}", doc.line(i).trim(), doc.line(i + 1).trim()), &joined)
}

/// A type's name wrapped over two lines of a narrow cell ("QUYẾT" / "ĐỊNH"): the heading, at the
/// second line.
fn split_type_heading(doc: &Doc, i: usize) -> Option<(usize, (&'static str, String))> {
    let first = doc.line(i).trim();
    let second = doc.lines.get(i + 1)?.trim();
    if first.is_empty() || second.is_empty() || !is_caps(first) || first.contains(' ') {
        return None;
    }
    let joined = format!("{first} {second}");
    TYPE_NAMES.iter().find(|n| **n == joined).map(|n| (i + 1, (*n, String::new())))
}

/// Whether line `i` ends a subject.
fn subject_stop(doc: &Doc, i: usize) -> bool {
    let t = doc.line(i).trim();
    let f = doc.folded(i);
    is_blank(t)
        || is_motto_folded(f)
        || f.starts_with("kinh gui")
        || number_line(t).is_some()
        || (f.contains(", ngay") && f.contains("thang"))
        || t.starts_with("Căn cứ")
}

/// Whether a line below a title opens the preamble rather than going on with the title: the
/// words a preamble begins with under Decree 30's layout ("Thực hiện Kế hoạch số …", "Nhằm …",
/// "Để …"), in sentence case, or a sentence that announces what follows ("… như sau:"). A
/// title's own first line may begin so ("Triển khai Tháng hành động …"): only the lines after
/// it are asked.
pub(super) fn opens_preamble(line: &str) -> bool {
    const OPENERS: [&str; 13] = [
        "Căn cứ ",
        // A plan's body opens with its purpose ("Mục đích của Kế hoạch nhằm …").
        "Mục đích ",
        "Thi hành ",
        "Thực hiện ",
        "Triển khai ",
        "Nhằm ",
        "Để ",
        "Theo ",
        "Xét ",
        "Trên cơ sở ",
        "Hưởng ứng ",
        "Qua ",
        "Sau khi ",
    ];
    let t = line.trim_start();
    let dated = t.strip_prefix("Ngày ").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    dated
        || OPENERS.iter().any(|o| t.starts_with(o))
        || (t.ends_with(':') && t.chars().count() > 60 && t.chars().any(char::is_lowercase))
}

/// Whether a line heads a part of the text's body ("Phần thứ nhất", "Chương I", "Mục 2", "I-
/// VỀ KINH TẾ", "A. KẾT QUẢ"): a report's or a rule's structure, which no title goes on into.
fn opens_part(line: &str) -> bool {
    let t = line.trim_start();
    let f = fold(t);
    if ["phan thu ", "phan ", "chuong ", "muc "].iter().any(|k| {
        f.strip_prefix(k).is_some_and(|r| {
            r.starts_with(|c: char| c.is_ascii_digit())
                || r.split_whitespace().next().is_some_and(|w| {
                    let w = w.trim_end_matches(['.', ':']);
                    ["nhat", "hai", "ba", "tu", "nam", "sau"].contains(&w)
                        || (!w.is_empty() && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
                })
        })
    }) {
        return true;
    }
    // A Roman or letter enumerator in capitals before a dot or a dash ("II. ", "A- ").
    let head: String = t.chars().take_while(|c| matches!(c, 'I' | 'V' | 'X' | 'A'..='E')).collect();
    let roman = !head.is_empty() && head.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let letter = head.chars().count() == 1;
    (roman || letter) && [". ", "- ", "/ "].iter().any(|k| t[head.len()..].starts_with(k))
}

pub(super) fn join_subject(parts: &[String]) -> String {
    let joined = parts.join(" ");
    // Two syllables of a title in capitals that lost the space between them ("BANHÀNH") are two
    // words again; in small letters the lost space may have been a comma's ("lâm nghiệpngư
    // nghiệp"), which is left as printed.
    let s = joined
        .split_whitespace()
        .map(|w| {
            let split = w.chars().all(char::is_uppercase).then(|| crate::text::split_joined_syllables(w)).flatten();
            // A word in capitals glued to the year after it ("NĂM2020").
            let year = w.find(|c: char| c.is_ascii_digit()).filter(|&d| {
                d > 0
                    && w[..d].chars().all(char::is_uppercase)
                    && w[..d].chars().count() >= 2
                    && w[d..].bytes().take_while(u8::is_ascii_digit).count() == 4
                    && w[d..].bytes().all(|b| b.is_ascii_digit() || b.is_ascii_punctuation())
            });
            let split = split.or_else(|| year.map(|d| format!("{} {}", &w[..d], &w[d..])));
            split.map_or(std::borrow::Cow::Borrowed(w), std::borrow::Cow::Owned)
        })
        .collect::<Vec<_>>()
        .join(" ");
    s.trim_end_matches(['.', ';', ' ']).to_string()
}

/// The "V/v" line. "V/v" abbreviates "Về việc", which some letters print whole under the
/// number, or as "Về" and the summary ("Về thực hiện chế độ báo cáo").
fn vv_line(doc: &Doc, number_at: Option<usize>, limit: usize) -> Option<usize> {
    (0..limit.min(number_at.map_or(40, |n| n + 12))).find(|i| {
        let f = doc.folded(*i);
        let under_number = number_at.is_some_and(|n| *i > n && *i <= n + 3);
        // "V.v." is the same abbreviation of "về việc" with dots.
        f.starts_with("v/v")
            || f.starts_with("v.v. ")
            || (f.starts_with("ve viec ") && under_number)
            || (f.starts_with("ve ") && under_number && !is_caps(doc.line(*i)))
    })
}

/// A công văn's subject: the "V/v" line and the lines that go on with it, or the "V/v" part of a
/// flattened number line.
fn vv_subject(doc: &Doc, vv_at: Option<usize>, flat: Option<String>, limit: usize, letter: &mut Letter) {
    let mut parts = Vec::new();
    if let Some(f) = flat.filter(|_| vv_at.is_none()) {
        parts.push(f);
    } else if let Some(v) = vv_at {
        parts.push(doc.line(v).trim().to_string());
        let mut i = skip_to_continuation(doc, v + 1, limit, wrapped_summary(doc, v + 1, limit));
        // A summary's last word or two wrapped onto a line of its own ("V/v thuế suất thuế" /
        // "GTGT"; "… triển khai Nghị định" / "136/2025/NĐ-CP") goes on in capitals too, when the
        // header's next part follows it.
        while i < limit
            && !subject_stop(doc, i)
            && (!is_caps(doc.line(i)) || caps_tail(doc, i, limit))
            && !opens_preamble(doc.line(i))
        {
            parts.push(doc.line(i).trim().to_string());
            i = skip_to_continuation(doc, i + 1, limit, wrapped_summary(doc, i + 1, limit));
        }
    }
    letter.subject = Some(join_subject(&parts));
    letter.doc_type = Some("Công văn".to_string());
    letter.confidence.insert("subject", 0.9);
    letter.confidence.insert("doc_type", 0.9);
}

/// Whether `line` names the period a title covers: a short line that opens with a word of time
/// and holds a year or a number, no sentence ("Năm 2024, toàn tỉnh có …" opens the text).
fn title_period(line: &str) -> bool {
    const OPENERS: [&str; 9] =
        ["Năm học ", "Năm ", "Giai đoạn ", "Thời điểm ", "Nhiệm kỳ ", "Thời kỳ ", "Niên khóa ", "Học kỳ ", "Quý "];
    let t = line.trim().trim_start_matches('(');
    OPENERS.iter().any(|o| t.starts_with(o))
        && t.split_whitespace().count() <= 8
        && t.chars().any(|c| c.is_ascii_digit() || c == 'I' || c == 'V')
        && !t.contains(',')
        && !t.ends_with('.')
}

/// Whether line `i` is a summary's tail in capitals: one or two words, the header's next part
/// (or its end) right after it.
fn caps_tail(doc: &Doc, i: usize, limit: usize) -> bool {
    let line = doc.line(i);
    let after = (i + 1..limit.min(i + 4)).find(|j| !is_blank(doc.line(*j)));
    line.split_whitespace().count() <= 2
        && !is_authority_line(line, doc.folded(i))
        && !header_line(doc, i)
        && after.is_none_or(|j| subject_stop(doc, j))
}

/// Reads the type and the subject; returns the line of a title in the Official Gazette's form
/// (see [`gazette_title`]), which stands for a header.
pub(super) fn read_subject(
    doc: &Doc,
    number_at: Option<usize>,
    flat: Option<String>,
    noi_nhan: Option<usize>,
    letter: &mut Letter,
) -> Option<usize> {
    let limit = noi_nhan.unwrap_or(doc.lines.len());
    let heading = (0..limit)
        .find_map(|i| type_heading(doc.line(i)).map(|h| (i, h)).or_else(|| split_type_heading(doc, i)))
        .filter(|(at, (name, _))| !annexed_heading(doc, number_at, *at, name, letter))
        .or_else(|| caps_type_heading(doc, number_at, limit));
    // A title whose first line starts on the type's own line goes on in the lines below.
    let on_type_line = heading.as_ref().is_some_and(|(at, (_, rest))| !rest.is_empty() && is_caps(doc.line(*at)));
    let vv_at = vv_line(doc, number_at, limit);
    let use_vv = match (vv_at, &heading) {
        (Some(v), Some((h, _))) => v < *h,
        (Some(_), None) => true,
        _ => flat.is_some() && heading.is_none(),
    };
    if use_vv {
        vv_subject(doc, vv_at, flat, limit, letter);
        return None;
    }
    if let Some((at, (name, rest))) = heading {
        let verb_title = verb_title_type(letter, name, on_type_line);
        letter.doc_type = Some(verb_title.map_or_else(|| normal_type(name), str::to_string));
        letter.confidence.insert("doc_type", 0.9);
        let mut parts = Vec::new();
        if rest.is_empty() || on_type_line {
            let mut i = at + 1;
            if verb_title.is_some() {
                parts.push(format!("{name} {rest}"));
            } else if on_type_line {
                parts.push(rest);
            } else {
                while i < limit && is_blank(doc.line(i)) {
                    i += 1;
                }
            }
            // A title in capitals ends where sentence-case text (the preamble) begins; a summary
            // under it in small letters ("về xây dựng …", as Party documents print it) goes on
            // while its lines start with a small letter.
            let mut summary = false;
            while i < limit {
                let unfinished = parts.last().is_some_and(|p: &String| unfinished_part(p));
                if !parts.is_empty() {
                    i = skip_to_continuation(doc, i, limit, unfinished);
                }
                // A title begun on the type's line goes on in capitals across blank lines (a
                // page that set each line apart), up to numbered text or the authority.
                if on_type_line && is_blank(doc.line(i)) && parts.iter().all(|p| is_caps(p)) {
                    let next = (i..limit.min(i + 4)).find(|j| !is_blank(doc.line(*j)));
                    if let Some(j) = next
                        && (is_caps(doc.line(j)) || title_period(doc.line(j)))
                        && !doc.line(j).trim_start().starts_with(|c: char| c.is_ascii_digit())
                        && !is_authority_line(doc.line(j), doc.folded(j))
                    {
                        i = j;
                    }
                }
                if i >= limit || subject_stop(doc, i) {
                    break;
                }
                let l = doc.line(i);
                let starts_small = l.trim_start().chars().next().is_some_and(char::is_lowercase);
                let all_caps = parts.iter().all(|p: &String| !p.chars().any(char::is_lowercase));
                if !parts.is_empty() {
                    // An unfinished part ("… NGÀY 15 THÁNG 8 NĂM 2024 CỦA") goes on even into
                    // an authority's words ("THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC …").
                    if (authority_at_line(doc, i) && !unfinished)
                        || (summary && !starts_small && !unfinished)
                        || opens_preamble(l)
                        || opens_part(l)
                    {
                        break;
                    }
                    if all_caps && l.chars().any(char::is_lowercase) {
                        // The period a title covers, set under it in sentence case ("Năm học
                        // 2025-2026", "Thời điểm tháng 10 năm 2020"), is the title's last line.
                        if !starts_small && !title_period(l) {
                            break;
                        }
                        summary = true;
                    }
                }
                parts.push(l.trim().to_string());
                i += 1;
                // A title in sentence case, each line its own paragraph ("Rà soát hộ nghèo, …" /
                // "lâm nghiệp …" / "trên địa bàn huyện …"), runs while the lines go on in small
                // letters.
                summary |= !all_caps && parts.len() == 1 && l.chars().any(char::is_lowercase);
            }
        } else {
            small_continuation(doc, rest, at + 1, limit, &mut parts);
        }
        joint_type_from_code(letter);
        if !parts.is_empty() {
            let joined = join_subject(&parts);
            let gazette = gazette_title(&joined, letter);
            letter.subject = Some(gazette.clone().unwrap_or(joined));
            letter.confidence.insert("subject", 0.8);
            if gazette.is_some() {
                return Some(at);
            }
        }
        return None;
    }
    if let Some(symbol) = &letter.symbol {
        let parsed = DocumentCode { number: None, year: None, symbol: symbol.clone(), separator: '/' };
        // A type a listing's entry named stands when the symbol names none ("LUẬT … SỐ
        // 39/2009/QH12").
        let named = letter.doc_type.clone().filter(|_| number_at.is_none());
        letter.doc_type =
            Some(parsed.doc_type().map(str::to_string).or(named).unwrap_or_else(|| "Công văn".to_string()));
        letter.confidence.insert("doc_type", 0.5);
    } else if doc.find_folded(|f| f.starts_with("kinh gui") || f.starts_with("kinhgui")).is_some() {
        // A letter addressed with "Kính gửi" that names no type is a công văn.
        letter.doc_type = Some("Công văn".to_string());
        letter.confidence.insert("doc_type", 0.4);
    }
    title_without_type(doc, number_at, limit, letter);
    None
}

/// Whether a type's heading below the document's own preamble or articles heads what was
/// issued with it (the plan a decision approves: "Căn cứ …", "Điều 1. Ban hành kèm theo …",
/// then "KẾ HOẠCH"), when the code's symbol names another type: the document's own type word
/// was lost with its cell.
fn annexed_heading(doc: &Doc, number_at: Option<usize>, at: usize, name: &str, letter: &Letter) -> bool {
    let Some(n) = number_at.filter(|n| *n < at) else {
        return false;
    };
    let code_type = letter.symbol.as_ref().and_then(|symbol| {
        DocumentCode { number: None, year: None, symbol: symbol.clone(), separator: '/' }.doc_type()
    });
    let other = code_type.is_some_and(|t| !t.eq_ignore_ascii_case(&normal_type(name)));
    other
        && (n + 1..at).any(|i| {
            let t = doc.line(i).trim_start();
            t.starts_with("Căn cứ ")
                || (t.starts_with("Điều ") && t["Điều ".len()..].starts_with(|c: char| c.is_ascii_digit()))
        })
}

/// The Official Gazette's old form of a title, which names the body, the code and the date
/// between the type and the matter ("QUYẾT ĐỊNH / CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 72/2001/QĐ-TTG
/// NGÀY 04 THÁNG 4 NĂM 2001 VỀ …"): fills the issuer, and the code and the date the text gives
/// nowhere else, and returns the matter. Under a header that prints the code the title is kept
/// as printed.
fn gazette_title(title: &str, letter: &mut Letter) -> Option<String> {
    if letter.full_code.is_some() || letter.number.is_some() {
        return None;
    }
    let upper = title.to_uppercase();
    if upper.len() != title.len() {
        return None;
    }
    let rest = upper.strip_prefix("CỦA ")?;
    let so = rest.find(" SỐ ")?;
    let body = &title["CỦA ".len().."CỦA ".len() + so];
    let after = &title["CỦA ".len() + so + " SỐ ".len()..];
    let m = crate::code::find_codes(after).into_iter().next().filter(|m| m.start == 0 && m.code.number.is_some())?;
    if body.split_whitespace().count() > 16 || !is_caps(body) {
        return None;
    }
    let mut tail = after[m.end..].trim_start();
    let mut date = None;
    if let Some(dated) = tail.strip_prefix("NGÀY ").or_else(|| tail.strip_prefix("ngày "))
        && let Some(d) = find_dates(dated).into_iter().next().filter(|d| d.start == 0)
    {
        date = d.date;
        tail = dated[d.end..].trim_start();
    }
    let matter = tail.trim_start_matches([',', ' ']).trim();
    if matter.is_empty() {
        return None;
    }
    letter.issuer = Some(org_case(body));
    letter.confidence.insert("issuer", 0.8);
    letter.full_code = Some(after[m.start..m.end].chars().filter(|c| !c.is_whitespace()).collect());
    letter.number.clone_from(&m.code.number);
    letter.symbol = Some(m.code.symbol.clone());
    letter.confidence.insert("full_code", 0.8);
    if letter.date.is_none() && date.is_some() {
        letter.date = date;
        letter.confidence.insert("date", 0.8);
    }
    Some(matter.to_string())
}

/// A type name that is also a title's verb ("QUY ĐỊNH VỀ VIỆC …", "HƯỚNG DẪN …") running on in
/// its line, under a code whose symbol names another type (TT: a circular whose word "THÔNG TƯ"
/// was lost), opens the title of the code's type: that type.
fn verb_title_type(letter: &Letter, name: &str, on_type_line: bool) -> Option<&'static str> {
    let code_type = letter.symbol.as_ref().and_then(|symbol| {
        DocumentCode { number: None, year: None, symbol: symbol.clone(), separator: '/' }.doc_type()
    })?;
    (on_type_line && TITLE_VERBS.contains(&name) && !code_type.eq_ignore_ascii_case(&normal_type(name)))
        .then_some(code_type)
}

/// Type names that also open a title as its verb ("QUY ĐỊNH VỀ VIỆC …", "HƯỚNG DẪN THỰC HIỆN …").
const TITLE_VERBS: [&str; 2] = ["QUY ĐỊNH", "HƯỚNG DẪN"];

/// A joint circular titled only "THÔNG TƯ": its code's first part ("TTLT/BVHTT-BYT") names
/// the joint type, of which the title's is the start.
fn joint_type_from_code(letter: &mut Letter) {
    let joint = letter
        .symbol
        .as_deref()
        .and_then(|s| s.split(['/', '-']).next())
        .and_then(crate::code::type_name)
        .filter(|j| letter.doc_type.as_deref().is_some_and(|t| j.starts_with(t) && j.len() > t.len()));
    if let Some(joint) = joint {
        letter.doc_type = Some(joint.to_string());
    }
}

/// A type name followed on its line by the title's first words in capitals ("QUY CHẾ LÀM" /
/// "VIỆC CỦA …", "CHƯƠNG TRÌNH HÀNH ĐỘNG"), the first filled line under the header that is
/// not the header's own: the issuing body, the national title and motto, the number, the place
/// and date.
fn caps_type_heading(doc: &Doc, number_at: Option<usize>, limit: usize) -> Option<(usize, (&'static str, String))> {
    let motto = doc.motto_line();
    let type_and_title = |t: &str| {
        TYPE_NAMES.iter().find_map(|name| {
            let rest = t.strip_prefix(name)?;
            (rest.starts_with(' ') && !fold(rest).trim_start().starts_with("so") && !rest.contains(':'))
                .then(|| (*name, rest.trim().to_string()))
        })
    };
    // Without a number line or motto, a place and date line near the top ends the header.
    let dated = || {
        (0..limit.min(15)).find(|i| {
            let f = doc.folded(*i);
            f.contains(", ngay") && f.contains("thang") && doc.line(*i).split_whitespace().count() <= 12
        })
    };
    let Some(from) = number_at.into_iter().chain(motto).max().or_else(dated).map(|i| i + 1) else {
        // A page without any header whose first line is the title in capitals ("ĐỀ CƯƠNG TUYÊN
        // TRUYỀN …"): the type and the title, when the title has words of its own.
        let first = (0..limit).find(|i| !is_blank(doc.line(*i)))?;
        let t = doc.line(first).trim();
        // A title that names its own code is a listing's entry, read with the code.
        return type_and_title(t)
            .filter(|(_, title)| {
                is_caps(t) && title.split_whitespace().count() >= 3 && crate::code::find_codes(title).is_empty()
            })
            .map(|h| (first, h));
    };
    let mut filled = 0;
    for i in from..limit.min(from + 30) {
        let t = doc.line(i).trim();
        // The motto wrapped in its cell ("Độc lập -" / "Tự do - Hạnh phúc") is the header's too.
        let motto_piece = "doc lap - tu do - hanh phuc".contains(doc.folded(i).trim());
        if is_blank(t) || header_line(doc, i) || letters(t).next().is_none() || motto_piece {
            continue;
        }
        filled += 1;
        if filled > 3 || !is_caps(t) || t.starts_with("Căn cứ") {
            return None;
        }
        if let Some(h) = type_and_title(t) {
            return Some((i, h));
        }
    }
    None
}

/// The type word lost with its cell: a title in capitals right under the header, above the
/// authority line or the preamble, is still the title.
fn title_without_type(doc: &Doc, number_at: Option<usize>, limit: usize, letter: &mut Letter) {
    if let Some(n) = number_at {
        let mut i = n + 1;
        while i < limit && (is_blank(doc.line(i)) || header_line(doc, i)) {
            i += 1;
        }
        let mut parts = Vec::new();
        while i < limit && is_caps(doc.line(i)) && !authority_at_line(doc, i) && !subject_stop(doc, i) {
            parts.push(doc.line(i).trim().trim_end_matches('|').trim().to_string());
            i += 1;
        }
        // The title ends at the authority line or the preamble ("Căn cứ …", "Thực hiện …"), or
        // where the body's first paragraph begins in sentence case ("Năm 2023, mặc dù …").
        let paragraph = |l: &str| !is_caps(l) && l.split_whitespace().count() >= 12;
        let ends_well =
            i >= limit || authority_at_line(doc, i) || opens_preamble(doc.line(i)) || paragraph(doc.line(i));
        if !parts.is_empty() && ends_well {
            letter.subject = Some(join_subject(&parts));
            letter.confidence.insert("subject", 0.5);
        }
    }
}

/// A line of the header block: the national title and motto, the number, the place and date.
fn header_line(doc: &Doc, i: usize) -> bool {
    let f = doc.folded(i);
    is_motto_folded(f) || number_line(doc.line(i)).is_some() || (f.contains(", ngay") && f.contains("thang"))
}

/// The next line at or after `i` that continues a title across blank lines: the first filled
/// line when it starts with a small letter; `i` itself otherwise.
/// A sentence-case title on the type's line, `first` ("HƯỚNG DẪN: Công tác phòng, chống tội
/// phạm; mua bán người; ma túy"), goes on in the lines from `from` that open in small letters,
/// past blank lines ("mại dâm; HIV/AIDS …").
fn small_continuation(doc: &Doc, first: String, from: usize, limit: usize, parts: &mut Vec<String>) {
    parts.push(first);
    let mut i = from;
    loop {
        i = skip_to_continuation(doc, i, limit, false);
        if i >= limit {
            return;
        }
        let l = doc.line(i);
        let starts_small = l.trim_start().chars().next().is_some_and(char::is_lowercase);
        if !starts_small || subject_stop(doc, i) || opens_preamble(l) {
            return;
        }
        parts.push(l.trim().to_string());
        i += 1;
    }
}

fn skip_to_continuation(doc: &Doc, i: usize, limit: usize, unfinished: bool) -> usize {
    if i >= limit || !is_blank(doc.line(i)) {
        return i;
    }
    let next = (i..limit.min(i + 4)).find(|j| !is_blank(doc.line(*j)));
    match next {
        Some(j) if unfinished || doc.line(j).trim_start().chars().next().is_some_and(char::is_lowercase) => j,
        _ => i,
    }
}

/// Whether the summary's next line, past blank lines, goes on with it whatever its first letter:
/// a short line that the header's next part (the place and date, "Kính gửi") follows, as a
/// wrapped cell of the summary stands between them ("V/v tạm hoãn tổ chức Giải Bóng đá" /
/// "Thiếu niên, Nhi đồng năm 2021" / "Lạng Sơn, ngày …").
fn wrapped_summary(doc: &Doc, from: usize, limit: usize) -> bool {
    let filled = |k: usize| (k..limit.min(k + 4)).find(|j| !is_blank(doc.line(*j)));
    let Some(next) = filled(from) else { return false };
    let Some(after) = filled(next + 1) else { return false };
    let line = doc.line(next);
    !subject_stop(doc, next)
        && !is_caps(line)
        && !opens_preamble(line)
        && line.split_whitespace().count() <= 15
        && subject_stop(doc, after)
        && !is_blank(doc.line(after))
}

/// Whether a title's part ends unfinished ("… lần thứ XII," / "… tỉnh Đồng Tháp lần thứ XI
/// và"): the title goes on in the next line, whatever its first letter.
fn unfinished_part(part: &str) -> bool {
    let p = part.trim_end();
    p.ends_with([',', ';', '-', '–'])
        || p.rsplit(' ')
            .next()
            .is_some_and(|w| p.len() > w.len() && NEEDS_MORE.contains(&crate::text::lowercase(w).as_str()))
        || ends_before_place(p)
}

/// Whether a title's part ends with a level of government whose place's name must follow ("…
/// Đại hội đại biểu phụ nữ thành phố" / "Hà Nội lần thứ XVI"); a level as a rank ("cấp tỉnh")
/// or an area ("trên địa bàn thành phố") is complete.
fn ends_before_place(p: &str) -> bool {
    PLACE_LEVELS.iter().any(|l| {
        p.strip_suffix(l.trim_end()).and_then(|h| h.strip_suffix(' ')).is_some_and(|head| {
            let before = head.rsplit(' ').next().unwrap_or("");
            !head.is_empty() && !["cấp", "bàn", "toàn", "các", "và"].contains(&before)
        })
    })
}

/// Words a phrase cannot end with: what they join or govern follows them ("… của", "… về").
pub(super) const NEEDS_MORE: [&str; 6] = ["và", "của", "về", "cho", "với", "tại"];

/// Byte offset in `text` of the word whose folded form is `needle` (" ve " finds " VỀ ").
fn word_offset(text: &str, needle: &str) -> Option<usize> {
    let wanted = needle.trim();
    let mut offset = 0;
    for word in text.split(' ') {
        if offset > 0 && fold(word) == wanted {
            return Some(offset - 1);
        }
        offset += word.len() + 1;
    }
    None
}

/// The type names (and "CÔNG VĂN") folded, computed once.
fn folded_type_names() -> &'static [(String, &'static str)] {
    static FOLDED: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| TYPE_NAMES.iter().chain(["CÔNG VĂN"].iter()).map(|n| (fold(n), *n)).collect())
}

/// Whether `next` goes on with the code `word` that a stray space broke: `word` is a code whose
/// symbol ends in a part of initials, `next` capitals only with a hyphen of its own ("ĐT-BNV"
/// after "23/2015/TTLT-BGD").
fn continues_symbol(word: &str, next: &str) -> bool {
    let symbol_piece = next.contains('-')
        && !next.starts_with('-')
        && next.chars().all(|c| c.is_uppercase() || c == '-' || c == '&')
        && next.chars().filter(|c| c.is_alphabetic()).count() >= 3;
    symbol_piece
        && word.chars().last().is_some_and(char::is_uppercase)
        && DocumentCode::parse(word).is_some_and(|c| c.number.is_some() && c.symbol.contains('-'))
}

/// The legislature's types, whose titles are the act's name.
const LEGISLATIVE_TYPES: [&str; 2] = ["LUẬT", "PHÁP LỆNH"];

/// A listing's entry that opens with the code and goes on with the type's name ("18-2019-TT-
/// BGDĐT Thông tư ban hành …", the mark of "tư" possibly lost): the code and the type; what the
/// site calls it is no title.
fn code_first_listing(t: &str, folded: &str, letter: &mut Letter) -> bool {
    let Some(word) = t.split_whitespace().next() else {
        return false;
    };
    let Some(code) = DocumentCode::parse(word.trim_end_matches([',', '.', ';', ':'])) else {
        return false;
    };
    let rest = folded[fold(word).len()..].trim_start();
    let named = folded_type_names()
        .iter()
        .find(|(n, _)| rest.strip_prefix(n.as_str()).is_some_and(|r| r.is_empty() || r.starts_with(' ')));
    let Some((_, name)) = named.filter(|_| code.number.is_some() && code.year.is_some()) else {
        return false;
    };
    letter.full_code = Some(word.trim_end_matches([',', '.', ';', ':']).to_string());
    letter.number.clone_from(&code.number);
    letter.symbol = Some(code.symbol.clone());
    letter.doc_type = Some(normal_type(name));
    for field in ["full_code", "doc_type"] {
        letter.confidence.insert(field, 0.6);
    }
    true
}

/// A web listing's title line standing in for the header when the page carries no "Số:"
/// line: "Công văn số 1350-CV/BDVTW ngày 10/5/2023 của Ban Dân vận Trung ương về việc …".
pub(super) fn read_listing_title(doc: &Doc, letter: &mut Letter) {
    for (l, folded) in doc.lines.iter().zip(doc.folded).filter(|(l, _)| !is_blank(l)).take(6) {
        let t = l.trim();
        // A line whose small letters take another length (`İ`) is passed over, as when its
        // lower-cased copy was compared.
        let lowered_len: usize = t.chars().flat_map(char::to_lowercase).map(char::len_utf8).sum();
        if lowered_len != t.len() {
            continue;
        }
        // The type's name, its marks possibly scrambled ("KẾT LỦẬN 127-KL/TW …"), then "số" or
        // the code itself: the line's fold, shared by every reader (the fold trims).
        if code_first_listing(t, folded, letter) {
            return;
        }
        // A law's or an ordinance's name stands between its type and its number ("LUẬT NGƯỜI
        // CAO TUỔI SỐ 39/2009/QH12 NGÀY …"): the name is its title.
        let mut law_named = false;
        let Some(name) = folded_type_names().iter().find_map(|(n, name)| {
            let rest = folded.strip_prefix(n.as_str())?.strip_prefix(' ')?;
            if LEGISLATIVE_TYPES.contains(name) && !rest.starts_with("so ") && rest.contains(" so ") {
                law_named = true;
                return Some(*name);
            }
            (rest.starts_with("so ") || rest.starts_with("so: ") || rest.starts_with(|c: char| c.is_ascii_digit()))
                .then_some(*name)
        }) else {
            continue;
        };
        let name_words = name.split_whitespace().count();
        let type_end = t.split_whitespace().nth(name_words).and_then(|w| t.find(w)).unwrap_or(t.len());
        let number_at = word_offset(t, " so ").filter(|at| law_named && *at >= type_end);
        let law_title = number_at.map(|at| t[type_end..at].trim().to_string());
        let after_type: &str = &t[number_at.unwrap_or(type_end)..];
        let rest = after_type
            .trim_start()
            .trim_start_matches("số")
            .trim_start_matches("Số")
            .trim_start_matches("SỐ")
            .trim_start_matches(':')
            .trim_start();
        let Some(first) = rest.split_whitespace().next() else {
            continue;
        };
        // A symbol broken by a stray space inside an issuer's initials ("23/2015/TTLT-BGD
        // ĐT-BNV"): the next word, capitals joined by its own hyphen, goes on with it.
        let word = match rest[first.len()..].split_whitespace().next() {
            Some(next) if continues_symbol(first, next) => {
                let end = rest.find(next).map_or(first.len(), |p| p + next.len());
                &rest[..end]
            }
            _ => first,
        };
        let Some(code) = DocumentCode::parse(word.trim_end_matches([',', '.', ';'])) else {
            continue;
        };
        if code.number.is_none() {
            continue;
        }
        let tail = &rest[word.len()..];
        let tail_lower = tail.to_lowercase();
        let date = tail_lower
            .trim_start()
            .starts_with("ngày")
            .then(|| find_dates(tail).into_iter().next().and_then(|m| m.date))
            .flatten();
        // Folding drops the space before a "về" right after the code.
        let tail_folded = format!(" {}", fold(tail));
        let subject_at = tail_lower
            .find(" về việc ")
            .or_else(|| tail_lower.find(" v/v "))
            .or_else(|| tail_folded.contains(" ve ").then(|| word_offset(tail, " ve ")).flatten());
        let issuer_at =
            tail_lower.find(" của ").map(|p| p + " của ".len()).or_else(|| word_offset(tail, " cua ").map(|p| p + 1));
        let issuer = issuer_at.map(|p| {
            let end = subject_at.filter(|s| *s >= p).unwrap_or(tail.len());
            let words: Vec<&str> = tail[p..end].split_whitespace().collect();
            // "CỦA BỘ CHÍNH TRỊ": the word "của" itself when found by its folded form.
            words.iter().skip_while(|w| fold(w) == "cua").copied().collect::<Vec<_>>().join(" ")
        });
        let issuer = issuer.as_deref().map(str::trim);
        letter.full_code = Some(code.full_code());
        letter.number.clone_from(&code.number);
        letter.symbol = Some(code.symbol.clone());
        letter.doc_type = Some(normal_type(name));
        letter.date = date;
        // A text flattened into one line goes on after the "V/v" line with "Kính gửi: …".
        letter.subject = subject_at
            .map(|p| {
                let subject = &tail[p..];
                let end = tail_lower[p..].find(" kính gửi").map_or(subject.len(), |e| e);
                join_subject(&[subject[..end].trim().to_string()])
            })
            .or(law_title);
        if let Some(issuer) = issuer.filter(|i| !i.is_empty() && i.split_whitespace().count() <= 12) {
            // Names in capitals are named from the table, each of several bodies apart.
            let named = if is_caps(issuer) {
                issuer.split(", ").map(agency_name).collect::<Option<Vec<_>>>().map(|v| v.join(", "))
            } else {
                Some(issuer.to_string())
            };
            letter.issuer = named;
        }
        for field in ["full_code", "doc_type", "date", "subject", "issuer"] {
            letter.confidence.insert(field, 0.6);
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_summarys_tail_in_capitals_goes_on() {
        let text = "CỤC THUẾ\n|\nSố: 3257/TNI-QLDN1\n*V/v thuế suất thuế\nGTGT*\n|\n*Tây Ninh, ngày 10 tháng 11 năm \
                    2025*\n|\nKính gửi: Công ty A\n";
        assert_eq!(crate::parse(text)[0].subject.as_deref(), Some("V/v thuế suất thuế GTGT"));
        let text = "VĂN PHÒNG CHÍNH PHỦ\n|\nSố: 11306/VPCP-NN\n*V/v đề xuất giải pháp triển khai Nghị định\n\
                    136/2025/NĐ-CP*\n|\n*Hà Nội, ngày 18 tháng 11 năm 2025*\n|\nKính gửi: Bộ Nông nghiệp\n";
        assert_eq!(
            crate::parse(text)[0].subject.as_deref(),
            Some("V/v đề xuất giải pháp triển khai Nghị định 136/2025/NĐ-CP")
        );
    }

    #[test]
    fn a_province_of_two_places_is_known_with_or_without_spaces_around_its_dash() {
        assert_eq!(super::province("Bà Rịa-Vũng Tàu"), Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(super::province("Bà Rịa – Vũng Tàu"), Some("Bà Rịa - Vũng Tàu"));
        let text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 10/CT-UBND | Bà Rịa-Vũng Tàu, ngày 15 \
                    tháng 3 năm 2017 |\nCHỈ THỊ\nVỀ VIỆC TĂNG CƯỜNG BẢO VỆ RỪNG\n";
        assert_eq!(crate::parse(text)[0].issuer.as_deref(), Some("UBND tỉnh Bà Rịa - Vũng Tàu"));
    }

    #[test]
    fn a_place_run_into_the_national_title_is_read_after_it() {
        let text = "Trang chủ\nỦY BAN NHÂN DÂN Số: 30/KH-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Hà Nội, ngày 12 \
                    tháng 02 năm 2020 |\nKẾ HOẠCH\nPHÒNG, CHỐNG MA TÚY\n";
        let letter = &crate::parse(text)[0];
        assert_eq!(letter.place.as_deref(), Some("Hà Nội"));
        assert_eq!(letter.date, chrono::NaiveDate::from_ymd_opt(2020, 2, 12));
    }

    #[test]
    fn a_title_without_its_type_ends_where_the_body_begins() {
        let text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 1/KH-UBND | Bắc Giang, ngày 05 tháng 01 \
                    năm 2024 |\nPHÒNG, CHỐNG DỊCH BỆNH TRUYỀN NHIỄM NĂM 2024\nNăm 2023, mặc dù ghi nhận sự giảm mạnh ca \
                    mắc và tử vong do COVID-19, tình hình dịch bệnh vẫn diễn biến phức tạp.\n";
        assert_eq!(crate::parse(text)[0].subject.as_deref(), Some("PHÒNG, CHỐNG DỊCH BỆNH TRUYỀN NHIỄM NĂM 2024"));
    }

    #[test]
    fn the_period_under_a_title_in_capitals_is_its_last_line() {
        let text = "UBND HUYỆN NGA SƠN\nSố: 255/BC-BCĐ\nNga Sơn, ngày 13 tháng 11 năm 2020\nBÁO CÁO\nTÌNH HÌNH \
                    THỰC HIỆN PHỔ CẬP GIÁO DỤC\nThời điểm tháng 10 năm 2020\nPHẦN THỨ NHẤT\nNga Sơn là huyện ven biển.\n";
        assert_eq!(
            crate::parse(text)[0].subject.as_deref(),
            Some("TÌNH HÌNH THỰC HIỆN PHỔ CẬP GIÁO DỤC Thời điểm tháng 10 năm 2020")
        );
        assert!(!super::title_period("Năm 2024, toàn tỉnh có 12 xã."));
        // A sentence under the title is the text's own.
        let text = "UBND HUYỆN NGA SƠN\nSố: 255/KH-UBND\nNga Sơn, ngày 13 tháng 11 năm 2020\nKẾ HOẠCH\nPHỔ CẬP \
                    GIÁO DỤC\nNăm nay huyện tiếp tục thực hiện phổ cập giáo dục cho 2020 học sinh.\n";
        assert_eq!(crate::parse(text)[0].subject.as_deref(), Some("PHỔ CẬP GIÁO DỤC"));
    }

    #[test]
    fn a_title_ending_in_of_goes_on_into_an_authoritys_words() {
        let text = "BỘ Y TẾ\nSố: 12/KH-BYT\nHà Nội, ngày 10 tháng 9 năm 2024\nKẾ HOẠCH\nTHỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG \
                    CỦA\nTHỦ TƯỚNG CHÍNH PHỦ VỀ CÔNG TÁC DÂN SỐ\nI. MỤC ĐÍCH\n";
        assert_eq!(
            crate::parse(text)[0].subject.as_deref(),
            Some("THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ CÔNG TÁC DÂN SỐ")
        );
    }

    #[test]
    fn a_title_broken_by_a_blank_line_goes_on() {
        let plan = &crate::parse(
            "HỘI LIÊN HIỆP PHỤ NỮ HÀ NỘI\nSố: 77/KH-HPN\nHà Nội, ngày 12 tháng 11 năm 2020\n\nKẾ HOẠCH\n\nTổ chức tuyên \
             truyền Đại hội đại biểu phụ nữ thành phố\n\nHà Nội lần thứ XVI\n\nI. MỤC ĐÍCH\n",
        )[0];
        assert_eq!(
            plan.subject.as_deref(),
            Some("Tổ chức tuyên truyền Đại hội đại biểu phụ nữ thành phố Hà Nội lần thứ XVI")
        );
        let guidance = &crate::parse(
            "HƯỚNG DẪN: Công tác phòng, chống tội phạm; mua bán người; ma túy\n\nmại dâm; HIV/AIDS năm 2019\n\n\
             Căn cứ vào tình hình nhiệm vụ năm 2019.\nSố: 12-HD/BCĐ\n",
        )[0];
        assert_eq!(
            guidance.subject.as_deref(),
            Some("Công tác phòng, chống tội phạm; mua bán người; ma túy mại dâm; HIV/AIDS năm 2019")
        );
        // A level as a rank or an area ends a title.
        assert!(!super::ends_before_place("Kế hoạch bầu cử cấp xã"));
        assert!(!super::ends_before_place("Quy chế quản lý trên địa bàn thành phố"));
    }

    #[test]
    fn a_schools_level_and_a_department_s_province_are_written_out_and_named() {
        let letter = &crate::parse(
            "SỞ GD&ĐT KON TUM\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG THPT TRẦN QUỐC TUẤN\nĐộc lập - Tự do - Hạnh \
             phúc\nSố: 10 /KH-THPT\nĐăk Hà, ngày 17 tháng 9 năm 2023\nKẾ HOẠCH\nGiáo dục nhà trường\n",
        )[0];
        assert_eq!(letter.issuer.as_deref(), Some("Trường Trung học phổ thông Trần Quốc Tuấn"));
        assert_eq!(letter.parent_issuer.as_deref(), Some("Sở Giáo dục và Đào tạo Kon Tum"));
        assert_eq!(super::agency_name("ĐẠI HỌC QUỐC GIA HÀ NỘI").as_deref(), Some("Đại học Quốc gia Hà Nội"));
        // A nursery school under a district's office, the ampersand spaced out.
        let letter = &crate::parse(
            "PHÒNG GD & ĐT DIỄN CHÂU\nTRƯỜNG MN DIỄN THỊNH\nSố: 89 /KH-MN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Độc lập – Tự do – Hạnh phúc\nDiễn Thịnh, ngày 27 tháng 9 năm 2024\nKẾ HOẠCH GIÁO DỤC NHÀ TRƯỜNG\n",
        )[0];
        assert_eq!(letter.issuer.as_deref(), Some("Trường Mầm non Diễn Thịnh"));
        assert_eq!(letter.parent_issuer.as_deref(), Some("Phòng Giáo dục và Đào tạo Diễn Châu"));
    }

    #[test]
    fn a_place_wrapped_over_two_lines_is_one_place() {
        assert_eq!(super::wrapped_place_head("*Thành phố Hồ"), Some("Thành phố Hồ"));
        assert_eq!(super::wrapped_place_head("Tỉnh Lâm Đồng"), None);
        assert_eq!(super::wrapped_place_head("THÀNH PHỐ HỒ"), None);
        let letter = &crate::parse(
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nSố: 2820/QĐ-UBND\n*Thành phố Hồ\nChí Minh, ngày 19 tháng 11 năm 2025*\n\
             QUYẾT ĐỊNH\nVề việc thử\n",
        )[0];
        assert_eq!(letter.place.as_deref(), Some("Thành phố Hồ Chí Minh"));
    }

    #[test]
    fn a_dispatch_names_its_sender_over_its_address() {
        use crate::text::fold;
        let line = "THỦ TƯỚNG CHÍNH PHỦ điện:";
        assert_eq!(super::dispatch_address(line, &fold(line)), Some("THỦ TƯỚNG CHÍNH PHỦ"));
        assert_eq!(super::dispatch_address("Điện:", &fold("Điện:")), Some(""));
        let inline = "Điện: Ủy ban nhân dân các tỉnh ven biển.";
        assert_eq!(super::dispatch_address(inline, &fold(inline)), Some(""));
        let prose = "Bộ Công Thương đã gửi công điện:";
        assert_eq!(super::dispatch_address(prose, &fold(prose)), None);
        let letter = &crate::parse(
            "CÔNG ĐIỆN\nVỀ PHÒNG, CHỐNG BÃO SỐ 3\n\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n\n- Bộ trưởng các Bộ: Quốc phòng, Công an;\n\
             - Chủ tịch Ủy ban nhân dân các tỉnh ven biển.\n\nBão số 3 đang di chuyển nhanh vào đất liền.\n",
        )[0];
        assert_eq!(letter.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(
            letter.recipients,
            ["Bộ trưởng các Bộ: Quốc phòng, Công an", "Chủ tịch Ủy ban nhân dân các tỉnh ven biển"]
        );
        let inline = &crate::parse(
            "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 5/CĐ-BNNMT\nHà Nội, ngày 2 tháng 9 năm 2025\nCÔNG ĐIỆN\nVề phòng, chống bão\n\
             Điện: Ủy ban nhân dân các tỉnh ven biển.\n\nBão số 3 đang di chuyển nhanh vào đất liền.\n",
        )[0];
        assert_eq!(inline.recipients, ["Ủy ban nhân dân các tỉnh ven biển"]);
    }

    use super::*;

    #[test]
    fn a_place_named_with_its_level_ends_at_a_clause_mark() {
        let lines = ["Trước khi trình UBND tỉnh Nam Định, Sở Tài chính gửi lấy ý kiến."];
        let folded: Vec<String> = lines.iter().map(|l| fold(l)).collect();
        let folded: Vec<&str> = folded.iter().map(String::as_str).collect();
        let doc = Doc { lines: &lines, folded: &folded, motto: std::cell::OnceCell::new() };
        assert_eq!(place_named_with(&doc, "tỉnh").as_deref(), Some("Nam Định"));
    }

    #[test]
    fn a_title_stops_where_a_part_of_the_body_begins() {
        for heading in
            ["Phần thứ hai", "PHẦN I. KẾT QUẢ", "Chương II", "Mục 1. Quy định chung", "II- VỀ XÃ HỘI", "A. KẾT QUẢ"]
        {
            assert!(opens_part(heading), "{heading}");
        }
        for title in ["Phần mềm quản lý văn bản", "Chương trình hành động", "Mục tiêu năm 2025", "V/v góp ý"]
        {
            assert!(!opens_part(title), "{title}");
        }
        let text = "UBND XÃ AN BÌNH\nSố: 5/BC-UBND\nAn Bình, ngày 02 tháng 3 năm 2024\n\nBÁO CÁO\n\
                    Kết quả công tác quý I\nnăm 2024\nPhần thứ nhất\nKẾT QUẢ ĐẠT ĐƯỢC\nTrong quý, xã đã hoàn thành.";
        assert_eq!(crate::parse(text)[0].subject.as_deref(), Some("Kết quả công tác quý I năm 2024"));
    }

    #[test]
    fn a_blank_for_the_body_name_names_no_issuer() {
        let form = "ỦY BAN NHÂN DÂN\nHUYỆN ..........\nSố:    /BC-UBND\n\nBÁO CÁO\nKết quả công tác năm";
        assert_eq!(crate::parse(form)[0].issuer, None);
        let filled = form.replace("HUYỆN ..........", "HUYỆN AN PHÚ");
        assert_eq!(crate::parse(&filled)[0].issuer.as_deref(), Some("UBND huyện An Phú"));
    }

    #[test]
    fn a_type_name_with_misread_marks_before_its_title_is_read() {
        assert_eq!(
            type_heading("NGHI ĐỊNH Quy định chi tiết về thử"),
            Some(("NGHỊ ĐỊNH", "Quy định chi tiết về thử".to_string()))
        );
        assert_eq!(type_heading("HỘI NGHỊ Tổng kết năm"), None);
    }

    #[test]
    fn fields_joined_by_a_bare_hyphen_each_take_a_capital() {
        assert_eq!(org_case("PHÒNG VĂN HÓA-THÔNG TIN"), "Phòng Văn hóa-Thông tin");
        // Joint bodies of one locality printed once; the Fatherland's capital; a council's
        // standing body; "xã hội" in a ministry's name is no commune's place to share.
        assert_eq!(
            agency_name("UBND - UBMTTQ TỈNH HÀ GIANG").as_deref(),
            Some("UBND tỉnh Hà Giang - Ủy ban Mặt trận Tổ quốc tỉnh Hà Giang")
        );
        assert_eq!(
            org_case(
                "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN - ỦY BAN NHÂN DÂN - BAN THƯỜNG TRỰC ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM \
                 HUYỆN BÌNH CHÁNH"
            ),
            "Thường trực Hội đồng nhân dân huyện Bình Chánh - UBND huyện Bình Chánh - Ban Thường trực Ủy ban Mặt \
             trận Tổ quốc Việt Nam huyện Bình Chánh"
        );
        assert_eq!(
            org_case("BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC"),
            "Ban Chỉ đạo phòng, chống tội phạm và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc"
        );
        assert_eq!(
            org_case("BỘ TÀI CHÍNH - BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
            "Bộ Tài chính - Bộ Lao động - Thương binh và Xã hội"
        );
        assert_eq!(org_case("SỞ KẾ HOẠCH-ĐẦU TƯ"), "Sở Kế hoạch-Đầu tư");
    }
}
