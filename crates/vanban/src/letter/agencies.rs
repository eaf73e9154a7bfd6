//! The table of known agencies: their names as written (the case Decree 30's examples and the
//! agencies' own headers use) and the abbreviations headers print for them. Names are only
//! ever expanded from this table: an abbreviation it does not hold is never guessed from its
//! capitals, and an issuer holding one is left unnamed with a low confidence.

use std::sync::OnceLock;

use crate::text::fold;

/// Agency names as written. A header's name is matched letter for letter (marks, case,
/// spaces and punctuation ignored), and a known name may be followed by its place.
const NAMES: &[&str] = &[
    // The National Assembly, the Government and central state bodies.
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Văn phòng Quốc hội",
    "Hội đồng Dân tộc",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Văn phòng Chính phủ",
    "Văn phòng Chủ tịch nước",
    "Thanh tra Chính phủ",
    "Ngân hàng Nhà nước Việt Nam",
    "Ủy ban Dân tộc",
    "Kiểm toán Nhà nước",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Bảo hiểm xã hội Việt Nam",
    // The two national universities (Decree 186/2013/NĐ-CP).
    "Đại học Quốc gia Hà Nội",
    "Đại học Quốc gia Thành phố Hồ Chí Minh",
    // Ministries, before and after the 2025 reorganisation.
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Giao thông vận tải",
    "Bộ Xây dựng",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Thông tin và Truyền thông",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    // Ministries of earlier governments, still cited and reprinted.
    "Bộ Văn hóa - Thông tin",
    "Bộ Dân tộc và Tôn giáo",
    // General departments, departments and units under ministries.
    "Tổng cục Thuế",
    "Tổng cục Hải quan",
    "Tổng cục Thống kê",
    "Tổng cục Giáo dục nghề nghiệp",
    "Tổng cục Dân số - Kế hoạch hóa gia đình",
    "Cục Giám sát quản lý về Hải quan",
    // The general departments as departments of the Ministry of Finance since 1 March 2025.
    "Cục Thuế",
    "Cục Hải quan",
    "Cục Người có công",
    "Cục Bảo trợ xã hội",
    "Cục Trẻ em",
    "Cục Việc làm",
    "Vụ Bình đẳng giới",
    "Vụ Công tác thanh niên và Bình đẳng giới",
    // Party bodies.
    "Bộ Chính trị",
    "Ban Chấp hành Trung ương",
    "Ban Bí thư",
    "Văn phòng Trung ương Đảng",
    "Ban Tổ chức Trung ương",
    "Ban Tuyên giáo Trung ương",
    "Ban Dân vận Trung ương",
    "Ban Tuyên giáo và Dân vận Trung ương",
    "Ban Kinh tế Trung ương",
    "Ban Nội chính Trung ương",
    "Ủy ban Kiểm tra Trung ương",
    // The organs of a provincial or commune Party committee ("TỈNH ỦY ĐỒNG NAI / BAN TUYÊN GIÁO
    // VÀ DÂN VẬN"), merged in 2025 as the central ones were.
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Ban Tuyên giáo và Dân vận",
    // The Fatherland Front and mass organisations.
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
    "Đoàn Chủ tịch Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
    "Ban Thường vụ Hội Liên hiệp Phụ nữ",
    "Hội Liên hiệp Phụ nữ Việt Nam",
    "Hội Liên hiệp Phụ nữ",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Liên đoàn Lao động",
    "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh",
    "Ban Bí thư Trung ương Đoàn TNCS Hồ Chí Minh",
    "Ban Thường vụ Trung ương Đoàn TNCS Hồ Chí Minh",
    "Hội Nông dân Việt Nam",
    "Hội Nông dân",
    "Hội Cựu chiến binh Việt Nam",
    "Hội Cựu chiến binh",
    // Steering committees named by their task.
    "Ban Chỉ đạo phổ cập giáo dục, xóa mù chữ",
    "Ban Vì sự tiến bộ của phụ nữ",
    // Departments of a province and offices of a district.
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Văn hóa, Thể thao",
    "Sở Thông tin và Truyền thông",
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Ban Dân tộc",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Y tế",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Văn hóa và Thông tin",
    "Phòng Văn hóa - Thông tin",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Văn hóa, Khoa học và Thông tin",
];

/// Abbreviations printed in headers for parts of agency names, with the words they stand for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    // Kept as printed: the Youth Union's own headers write its name so.
    ("TNCS", "TNCS"),
    ("LĐTBXH", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("LĐ-TBXH", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("LĐTB&XH", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("LĐ-TB&XH", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("LĐ-TB-XH", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("VHTTDL", "VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    ("VH-TT&DL", "VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    ("VHTT&DL", "VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    ("VH,TT&DL", "VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    ("VH,TT-DL", "VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    ("GD&ĐT", "GIÁO DỤC VÀ ĐÀO TẠO"),
    ("GDĐT", "GIÁO DỤC VÀ ĐÀO TẠO"),
    ("GD-ĐT", "GIÁO DỤC VÀ ĐÀO TẠO"),
    ("TN&MT", "TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
    ("TNMT", "TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
    ("NN&PTNT", "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"),
    ("NNPTNT", "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"),
    ("KH&ĐT", "KẾ HOẠCH VÀ ĐẦU TƯ"),
    ("KHĐT", "KẾ HOẠCH VÀ ĐẦU TƯ"),
    ("TT&TT", "THÔNG TIN VÀ TRUYỀN THÔNG"),
    ("TTTT", "THÔNG TIN VÀ TRUYỀN THÔNG"),
    ("KH&CN", "KHOA HỌC VÀ CÔNG NGHỆ"),
    ("KHCN", "KHOA HỌC VÀ CÔNG NGHỆ"),
    ("GTVT", "GIAO THÔNG VẬN TẢI"),
    ("TC-KH", "TÀI CHÍNH - KẾ HOẠCH"),
    ("VH-TT", "VĂN HÓA - THÔNG TIN"),
    ("VH&TT", "VĂN HÓA VÀ THÔNG TIN"),
    ("BCĐ", "BAN CHỈ ĐẠO"),
    ("PCGD", "PHỔ CẬP GIÁO DỤC"),
    ("XMC", "XÓA MÙ CHỮ"),
    ("GSQL", "GIÁM SÁT QUẢN LÝ"),
    ("HQ", "HẢI QUAN"),
    ("LHPN", "LIÊN HIỆP PHỤ NỮ"),
    ("MTTQ", "MẶT TRẬN TỔ QUỐC"),
    ("UBMTTQ", "ỦY BAN MẶT TRẬN TỔ QUỐC"),
    ("MTTQVN", "MẶT TRẬN TỔ QUỐC VIỆT NAM"),
    ("TNCS", "THANH NIÊN CỘNG SẢN"),
    ("HCM", "HỒ CHÍ MINH"),
    ("CCB", "CỰU CHIẾN BINH"),
    ("VSTBPN", "VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ"),
    ("HĐND", "HỘI ĐỒNG NHÂN DÂN"),
    ("BHXH", "BẢO HIỂM XÃ HỘI"),
    ("UBND", "ỦY BAN NHÂN DÂN"),
    ("BCH", "BAN CHẤP HÀNH"),
    ("BTV", "BAN THƯỜNG VỤ"),
    ("HLHPN", "HỘI LIÊN HIỆP PHỤ NỮ"),
    // Ministries and cities by the short names the press gives them ("Bộ LĐ-TB&XH", "UBND
    // TP.HCM").
    ("LĐ-TB&XH", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("LĐTB&XH", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("GD&ĐT", "GIÁO DỤC VÀ ĐÀO TẠO"),
    ("TP.HCM", "THÀNH PHỐ HỒ CHÍ MINH"),
    ("TPHCM", "THÀNH PHỐ HỒ CHÍ MINH"),
    // The Youth Federation ("Hội LHTN Việt Nam") and the Women's Union ("Hội LHPN").
    ("LHTN", "LIÊN HIỆP THANH NIÊN"),
    ("LHPN", "LIÊN HIỆP PHỤ NỮ"),
    ("LHPNVN", "LIÊN HIỆP PHỤ NỮ VIỆT NAM"),
    ("VH-XH", "VĂN HÓA - XÃ HỘI"),
    ("TP", "THÀNH PHỐ"),
    ("TP.", "THÀNH PHỐ"),
    // The rural development field in a department's name ("Sở Nông nghiệp và PTNT").
    ("PTNT", "PHÁT TRIỂN NÔNG THÔN"),
    // A town by its level's short name ("UBND TX. ĐỒNG XOÀI").
    ("TX", "THỊ XÃ"),
    ("TX.", "THỊ XÃ"),
    // Schools by their level ("TRƯỜNG THPT TRẦN QUỐC TUẤN"; the levels of the Law on Education).
    ("THPT", "TRUNG HỌC PHỔ THÔNG"),
    ("THCS", "TRUNG HỌC CƠ SỞ"),
    ("PTDTNT", "PHỔ THÔNG DÂN TỘC NỘI TRÚ"),
    ("PTDTBT", "PHỔ THÔNG DÂN TỘC BÁN TRÚ"),
    ("MN", "MẦM NON"),
    ("MG", "MẪU GIÁO"),
];

/// The letters of a name without marks, case, spaces or punctuation.
fn key(name: &str) -> String {
    fold(name).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Every known name with its key, computed once.
fn keyed() -> &'static [(String, &'static str)] {
    static KEYED: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    KEYED.get_or_init(|| NAMES.iter().map(|name| (key(name), *name)).collect())
}

/// A word printed as an abbreviation: capitals without a vowel ("LĐTBXH", "GSQL"), or joined
/// with "&".
fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_matches([',', '.', ';', ':']);
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && letters.iter().all(|c| c.is_uppercase())
        && (w.contains('&')
            || !letters.iter().any(|c| fold(&c.to_string()).starts_with(['a', 'e', 'i', 'o', 'u', 'y'])))
}

/// Expands the abbreviations of an upper-case header name from the table. `None` when a word
/// looks like an abbreviation the table does not hold.
pub(super) fn expand(caps: &str) -> Option<String> {
    let mut words = Vec::new();
    // An ampersand spaced out between two abbreviations ("PHÒNG GD & ĐT") joins them, as printed
    // without the spaces ("GD&ĐT").
    let joined = caps.replace(" & ", "&");
    for word in joined.split_whitespace() {
        let bare = word.trim_end_matches([',', ';', ':']);
        // "TP." glued to the city's name ("TP.HỒ CHÍ MINH"), unless the table holds the whole.
        let whole = ABBREVIATIONS.iter().any(|(a, _)| *a == bare);
        if let Some(city) = bare.strip_prefix("TP.").filter(|c| !c.is_empty() && !whole) {
            words.push("THÀNH PHỐ".to_string());
            words.push(city.to_string());
            continue;
        }
        if let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| *a == bare) {
            words.push((*full).to_string());
        } else if is_abbreviation(word) {
            return None;
        } else {
            words.push(word.to_string());
        }
    }
    Some(words.join(" "))
}

/// Whether `word` is an abbreviation the table holds ("UBND", "HĐND"): it keeps its capitals
/// in a title written in normal case.
pub(super) fn is_known_abbreviation(word: &str) -> bool {
    let bare = word.trim_matches([',', ';', ':', '.']);
    ABBREVIATIONS.iter().any(|(a, _)| *a == bare)
}

/// Whether `name` is a known agency's name, whole.
pub(super) fn is_known(name: &str) -> bool {
    let wanted = key(name);
    keyed().iter().any(|(known, _)| *known == wanted)
}

/// Where the known agency that opens `text` ends (byte offset), its letters matched whatever
/// the marks, case and spacing: "Bộ Lao động – Thương binh và Xã hộicó văn bản …" ends before
/// "có", a lost space notwithstanding.
pub(super) fn known_prefix_end(text: &str) -> Option<usize> {
    // The head's letters and digits, each folded once, with the byte where each ends.
    let head: Vec<(usize, char)> = text
        .char_indices()
        .take(80)
        .filter(|(_, c)| c.is_alphanumeric())
        .filter_map(|(i, c)| fold(c.encode_utf8(&mut [0; 4])).chars().next().map(|f| (i + c.len_utf8(), f)))
        .collect();
    let first = head.first()?.1;
    keyed()
        .iter()
        .filter(|(known_key, _)| known_key.starts_with(first))
        .filter_map(|(known_key, _)| {
            let n = known_key.chars().count();
            (n <= head.len() && known_key.chars().zip(&head).all(|(wanted, (_, got))| wanted == *got))
                .then(|| head[n - 1].0)
        })
        .max()
}

/// Where the known agency that ends `text` starts (byte offset), its letters matched whatever
/// the marks, case and spacing: "… trong năm 2022Ban Tuyên giáo Trung ương" starts at "Ban".
/// The name starts a word; a digit glued before it by a lost space does not hide it.
pub(super) fn known_suffix_start(text: &str) -> Option<usize> {
    // The last 80 characters' letters and digits, from the end, each folded once.
    let tail: Vec<(usize, Option<char>)> = text
        .char_indices()
        .rev()
        .take(80)
        .filter(|(_, c)| c.is_alphanumeric())
        .map(|(i, c)| {
            (
                i,
                if c.is_ascii() {
                    Some(c.to_ascii_lowercase())
                } else {
                    fold(c.encode_utf8(&mut [0; 4])).chars().next()
                },
            )
        })
        .collect();
    let mut best: Option<usize> = None;
    for (known_key, _) in keyed() {
        let wanted_len = known_key.chars().count();
        let mut wanted = known_key.chars().rev();
        let mut matched = 0;
        for &(i, folded) in &tail {
            if folded != wanted.next() {
                break;
            }
            matched += 1;
            if matched == wanted_len {
                let word_start = text[..i].chars().next_back().is_none_or(|b| !b.is_alphabetic());
                if word_start && best.is_none_or(|b| i < b) {
                    best = Some(i);
                }
                break;
            }
        }
    }
    best
}

/// The known spelling of `name` (already cased by the caller), or of the known agency it
/// starts with, followed by the rest as given.
pub(super) fn known_spelling(name: &str) -> Option<String> {
    const NOT_PLACE: [&str; 12] =
        ["tỉnh", "thành", "huyện", "quận", "xã", "phường", "thị", "các", "cấp", "và", "trung", "việt"];
    let wanted = key(name);
    let (known_key, known) =
        keyed().iter().filter(|(k, _)| wanted.starts_with(k.as_str())).max_by_key(|(_, known)| known.len())?;
    // Map the matched letters back onto the words of `name`.
    let mut taken = String::new();
    let mut consumed = 0;
    for word in name.split_whitespace() {
        taken.push_str(&key(word));
        consumed += 1;
        if taken.len() >= known_key.len() {
            break;
        }
    }
    (taken == *known_key).then(|| {
        let rest: Vec<&str> = name.split_whitespace().skip(consumed).collect();
        // A place right after a mass organisation's name, without its level ("Hội Liên hiệp Phụ
        // nữ phú yên"): a name, in capitals.
        let place = known.split_whitespace().any(|w| w == "Hội")
            && rest.first().is_some_and(|w| w.starts_with(char::is_lowercase) && !NOT_PLACE.contains(w))
            && rest.len() <= 4;
        // So is a province or a city under the centre after any known name ("Sở Giáo dục và Đào
        // tạo kon tum").
        let place = place || {
            let named = rest.join(" ");
            super::header::province(&named).is_some() || super::header::central_city(&named).is_some()
        };
        // And a district's name after a district's office ("Phòng Giáo dục và Đào tạo diễn châu":
        // the offices of a district's committee are named "Phòng …" and its place).
        let place = place
            || (known.starts_with("Phòng ")
                && (1..=4).contains(&rest.len())
                && rest.iter().all(|w| w.starts_with(char::is_lowercase) && !NOT_PLACE.contains(w)));
        let rest: Vec<String> =
            rest.iter().map(|w| if place { super::header::capitalize(w) } else { (*w).to_string() }).collect();
        if rest.is_empty() { (*known).to_string() } else { format!("{known} {}", rest.join(" ")) }
    })
}

/// The initials a symbol gives a body's name: one capital a word, "và" and dashes left out
/// ("Bộ Văn hóa, Thể thao và Du lịch" → "BVHTTDL", "Bộ Lao động - Thương binh và Xã hội" →
/// "BLĐTBXH").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| !matches!(*w, "và" | "-" | "–"))
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .collect()
}

/// The known agency a name cut short begins ("Bộ Văn hoá, thể thao" for "Bộ Văn hóa, Thể thao
/// và Du lịch") when the letter's symbol carries that agency's initials ("CT-BVHTTDL"): the only
/// such agency, else `None`.
pub(super) fn completed_by_symbol(name: &str, symbol: &str) -> Option<&'static str> {
    let wanted = key(name);
    let parts: Vec<&str> = symbol.split(['-', '/']).collect();
    let mut found = keyed().iter().filter(|(k, known)| {
        k.len() > wanted.len() && k.starts_with(&wanted) && parts.contains(&initials(known).as_str())
    });
    let (_, known) = found.next()?;
    found.next().is_none().then_some(*known)
}

/// The issuer a code's symbol names (Decree 30, appendix VI: the type's abbreviation, then the
/// issuing body's): "TT-BGDĐT" → Bộ Giáo dục và Đào tạo, "QĐ-TTg" → Thủ tướng Chính phủ,
/// "QH13" → Quốc hội (its term's number after it), joint bodies after a joint type
/// ("TTLT-BGDĐT-BNV") joined by " - ". A công văn's symbol opens with its issuer
/// ("BYT-KHTC"). Only a known agency whose initials are the part's letters, and the only one.
pub(super) fn named_by_symbol(symbol: &str) -> Option<String> {
    let parts: Vec<&str> = symbol.split(['-', '/']).filter(|p| !p.is_empty()).collect();
    let typed = parts.first().and_then(|p| crate::code::type_name(&crate::code::canonical_symbol(p)));
    let joint = typed.is_some_and(|t| t.ends_with("liên tịch"));
    let skip = usize::from(typed.is_some());
    let mut bodies: Vec<&'static str> = Vec::new();
    for part in parts.iter().skip(skip) {
        let Some(body) = body_of_initials(part) else {
            break;
        };
        bodies.push(body);
        if !joint {
            break;
        }
    }
    (!bodies.is_empty() && (!joint || bodies.len() >= 2)).then(|| bodies.join(" - "))
}

/// General departments and the ministry each stood under (the Government's decrees on the
/// ministries' organisation, before the 2025 reorganisation merged several of them).
const PARENTS: [(&str, &str); 6] = [
    ("Tổng cục Thuế", "Bộ Tài chính"),
    ("Tổng cục Hải quan", "Bộ Tài chính"),
    ("Kho bạc Nhà nước", "Bộ Tài chính"),
    ("Tổng cục Thống kê", "Bộ Kế hoạch và Đầu tư"),
    ("Tổng cục Giáo dục nghề nghiệp", "Bộ Lao động - Thương binh và Xã hội"),
    ("Tổng cục Dân số - Kế hoạch hóa gia đình", "Bộ Y tế"),
];

/// The ministry a known general department stood under.
pub(super) fn parent_of(name: &str) -> Option<&'static str> {
    PARENTS.iter().find(|(child, _)| *child == name).map(|(_, parent)| *parent)
}

/// The known agency a symbol's part stands for: the Prime Minister's `TTg`, a legislature's
/// bodies with their term ("QH12", "UBTVQH14"), else the only agency with those initials.
fn body_of_initials(part: &str) -> Option<&'static str> {
    if crate::code::canonical_symbol(part) == "TTg" {
        return Some("Thủ tướng Chính phủ");
    }
    let bare = part.trim_end_matches(|c: char| c.is_ascii_digit());
    if bare.len() < part.len() && !matches!(bare, "QH" | "UBTVQH") {
        return None;
    }
    if bare.chars().count() < 2 {
        return None;
    }
    // The Prime Minister signs as "TTg"; "TTCP" is the Government Inspectorate's.
    let mut found = NAMES.iter().filter(|n| **n != "Thủ tướng Chính phủ" && initials(n) == bare);
    let first = found.next()?;
    found.next().is_none().then_some(*first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_town_named_by_its_level_short_name_is_expanded() {
        assert_eq!(expand("UBND TX. LONG KHÁNH").as_deref(), Some("ỦY BAN NHÂN DÂN THỊ XÃ LONG KHÁNH"));
        assert_eq!(expand("UBND TX SƠN TÂY").as_deref(), Some("ỦY BAN NHÂN DÂN THỊ XÃ SƠN TÂY"));
    }

    #[test]
    fn the_rural_development_field_is_a_known_abbreviation() {
        assert_eq!(expand("SỞ NÔNG NGHIỆP VÀ PTNT").as_deref(), Some("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"));
        assert!(is_known_abbreviation("PTNT"));
    }
}
