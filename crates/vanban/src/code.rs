//! Document codes (số, ký hiệu): "356/LĐTBXH-BĐG", "55/2007/CT-UBND", "11-NQ/TW", "646-TTg";
//! their canonical form after known OCR damage; the table of document-type abbreviations
//! (Nghị định 30/2020/NĐ-CP, appendix III).

use serde::{Deserialize, Serialize};

/// A document code as printed: number, optional year and symbol (ký hiệu).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocumentCode {
    /// The number as printed (leading zeros kept); `None` when left blank (digitally signed
    /// copies print `Số:      /QĐ-UBND`).
    pub number: Option<String>,
    /// The year part of "55/2007/CT-UBND".
    pub year: Option<u16>,
    /// The symbol without the year: `CT-UBND`, `LĐTBXH-BĐG`, `NQ/TW`, `TTg`.
    pub symbol: String,
    /// The separator after the number: `/` for state documents, `-` for Party documents
    /// ("11-NQ/TW") and old-style codes ("646-TTg").
    pub separator: char,
}

/// Document types and their symbol abbreviations. Công văn and thư công have none.
pub const TYPE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("NQ", "Nghị quyết"),
    ("NĐ", "Nghị định"),
    ("QĐ", "Quyết định"),
    ("CT", "Chỉ thị"),
    ("TTLT", "Thông tư liên tịch"),
    ("TT", "Thông tư"),
    ("QC", "Quy chế"),
    ("QyĐ", "Quy định"),
    ("TC", "Thông cáo"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("CTr", "Chương trình"),
    ("KH", "Kế hoạch"),
    ("PA", "Phương án"),
    ("ĐA", "Đề án"),
    ("DA", "Dự án"),
    ("BC", "Báo cáo"),
    ("BB", "Biên bản"),
    ("TTr", "Tờ trình"),
    ("HĐ", "Hợp đồng"),
    ("CĐ", "Công điện"),
    ("BGN", "Bản ghi nhớ"),
    ("BTT", "Bản thỏa thuận"),
    ("GUQ", "Giấy ủy quyền"),
    ("GM", "Giấy mời"),
    ("GGT", "Giấy giới thiệu"),
    ("GNP", "Giấy nghỉ phép"),
    ("PG", "Phiếu gửi"),
    ("PC", "Phiếu chuyển"),
    ("PB", "Phiếu báo"),
    // Party documents (Quy định 66-QĐ/TW) add the conclusion.
    ("KL", "Kết luận"),
];

/// The type name for a symbol abbreviation ("QĐ" → "Quyết định").
#[must_use]
pub fn type_name(abbreviation: &str) -> Option<&'static str> {
    TYPE_ABBREVIATIONS.iter().find(|(a, _)| *a == abbreviation).map(|(_, name)| *name)
}

/// The symbol abbreviation for a type name, any case ("quyết định" → "QĐ").
#[must_use]
pub fn type_abbreviation(name: &str) -> Option<&'static str> {
    let wanted = name.trim().to_lowercase();
    TYPE_ABBREVIATIONS.iter().find(|(_, n)| n.to_lowercase() == wanted).map(|(a, _)| *a)
}

/// Known OCR damage inside symbols and its repair.
const SYMBOL_REPAIRS: &[(&str, &str)] = &[("LĐTĐBXH", "LĐTBXH"), ("LĐTB&XH", "LĐTBXH"), ("TTG", "TTg")];

/// Repairs known OCR damage in a symbol: Latin `Ð` (eth) read for `Đ`, "LĐTĐBXH" for
/// "LĐTBXH", `QD`/`ND` in the type position for "QĐ"/"NĐ", `TTG` for `TTg`.
#[must_use]
pub fn canonical_symbol(symbol: &str) -> String {
    let unspaced: String =
        symbol.chars().filter(|c| !c.is_whitespace()).map(|c| if c == 'Ð' { 'Đ' } else { c }).collect();
    let parts: Vec<String> = unspaced
        .split('-')
        .enumerate()
        .map(|(i, part)| {
            let mut p = part.to_string();
            for (bad, good) in SYMBOL_REPAIRS {
                if p == *bad {
                    p = (*good).to_string();
                }
            }
            if i == 0 {
                match p.as_str() {
                    "QD" => p = "QĐ".to_string(),
                    "ND" => p = "NĐ".to_string(),
                    _ => {}
                }
            }
            p
        })
        .collect();
    parts.join("-")
}

fn is_symbol_char(c: char) -> bool {
    // An en dash typed for the hyphen inside a symbol ("426/BVHTTDL–GĐ") is kept as printed.
    c.is_alphanumeric() || matches!(c, '-' | '/' | '&' | '.' | '–')
}

impl DocumentCode {
    /// Parses a code as printed; spaces are ignored and trailing punctuation dropped.
    /// "Số: 1152/VP-KGVX" is not accepted here; pass "1152/VP-KGVX".
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let trimmed = compact.trim_end_matches(['.', ',', ';', ':', ')', '(']);
        let mut digits_end = trimmed.find(|c: char| !c.is_ascii_digit()).unwrap_or(trimmed.len());
        // A number may carry one small letter ("30c/NQ-CP", "01a/KH-UBND"), or a dotted part
        // ("66.15/2026/NQ-CP", a resolution of the Government numbered under its session's).
        if digits_end > 0
            && trimmed[digits_end..].starts_with(|c: char| c.is_ascii_lowercase())
            && trimmed[digits_end + 1..].starts_with(['/', '-'])
        {
            digits_end += 1;
        } else if digits_end > 0 && trimmed[digits_end..].starts_with('.') {
            let more = trimmed[digits_end + 1..].bytes().take_while(u8::is_ascii_digit).count();
            if more > 0 && trimmed[digits_end + 1 + more..].starts_with('/') {
                digits_end += 1 + more;
            }
        }
        // An enterprise's or a body's own numbering of two groups joined by a hyphen
        // ("2025-005/SAV-CHQ", "0825-04/HW-TCHQ"): the whole is the number when a slash and the
        // symbol follow.
        if digits_end > 0 && trimmed[digits_end..].starts_with('-') {
            let more = trimmed[digits_end + 1..].bytes().take_while(u8::is_ascii_digit).count();
            if more > 0 && trimmed[digits_end + 1 + more..].starts_with('/') {
                digits_end += 1 + more;
            }
        }
        let (number, rest) = trimmed.split_at(digits_end);
        let mut chars = rest.chars();
        let separator = chars.next()?;
        // A Party code's hyphen may be printed as an en dash ("255 – KH/TĐTN-BTG"), kept.
        if !matches!(separator, '/' | '-' | '–') {
            return None;
        }
        let mut rest = chars.as_str();
        let mut year = None;
        let mut separator = separator;
        if let Some((head, tail)) = rest.split_once('/')
            && head.len() == 4
            && head.chars().all(|c| c.is_ascii_digit())
        {
            year = head.parse::<u16>().ok();
            rest = tail;
        } else if separator == '-'
            && let Some((head, tail)) = rest.split_once('-')
            && head.len() == 4
            && head.chars().all(|c| c.is_ascii_digit())
            && tail.starts_with(|c: char| c.is_uppercase())
        {
            // A state code written where a slash cannot stand (a file's or an address's name:
            // "18-2019-TT-BGDĐT" for 18/2019/TT-BGDĐT): the year's part makes it one, whose
            // separators are slashes. Party codes carry no year.
            year = head.parse::<u16>().ok();
            rest = tail;
            separator = '/';
        }
        let symbol = rest.trim_end_matches(['.', '-', '/']);
        // A file's name ("90-BHXH.doc"), a date written with a month's name ("01-Jan-2020"), a
        // page or part numbered in Roman figures ("95-IV") or a word ("3-Trụ") is no code: a
        // code without a slash in its symbol is an old-style state code, its symbol the
        // issuer's capitals ("646-TTg").
        let file = symbol
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.chars().all(|c| c.is_ascii_lowercase()) && !ext.is_empty());
        let slashless = !symbol.contains('/') && separator != '/';
        let roman = symbol.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'));
        let worded = symbol.chars().filter(|c| c.is_lowercase()).count() > usize::from(symbol.ends_with("Tg"));
        if file || (slashless && (roman || worded)) {
            return None;
        }
        // A type part left blank before the issuer's part ("1281/-UBND"), as a blank number is
        // left in "Số:      /QĐ-UBND".
        let blank_type = separator == '/' && symbol.starts_with('-');
        let first = symbol.chars().nth(usize::from(blank_type))?;
        if !first.is_uppercase()
            || !symbol.chars().all(is_symbol_char)
            || symbol.chars().filter(|c| crate::text::is_letter(*c)).count() < 2
        {
            return None;
        }
        Some(Self {
            number: (!number.is_empty()).then(|| number.to_string()),
            year,
            symbol: symbol.to_string(),
            separator,
        })
    }

    /// The whole code as printed, without spaces: "55/2007/CT-UBND", "11-NQ/TW".
    #[must_use]
    pub fn full_code(&self) -> String {
        let mut s = self.number.clone().unwrap_or_default();
        s.push(self.separator);
        if let Some(year) = self.year {
            s.push_str(&year.to_string());
            s.push('/');
        }
        s.push_str(&self.symbol);
        s
    }

    /// The same code with its symbol repaired by [`canonical_symbol`].
    #[must_use]
    pub fn canonical(&self) -> Self {
        Self { symbol: canonical_symbol(&self.symbol), ..self.clone() }
    }

    /// The type abbreviation that opens the symbol, when it is one ("QĐ" in "QĐ-UBND",
    /// "NQ" in "NQ/TW"); `None` for công văn symbols such as "VP-KGVX".
    #[must_use]
    pub fn type_abbreviation(&self) -> Option<&'static str> {
        let head = self.symbol.split(['-', '/']).next()?;
        let canonical = canonical_symbol(head);
        TYPE_ABBREVIATIONS.iter().find(|(a, _)| *a == canonical).map(|(a, _)| *a)
    }

    /// The document type named by the symbol's abbreviation ("Quyết định" for "QĐ-UBND").
    #[must_use]
    pub fn doc_type(&self) -> Option<&'static str> {
        self.type_abbreviation().and_then(type_name)
    }
}

/// A code found in running text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeMatch {
    /// Byte offset of the first digit.
    pub start: usize,
    /// Byte offset just past the symbol.
    pub end: usize,
    /// The parsed code.
    pub code: DocumentCode,
}

/// A Party code printed without the hyphen after its number ("298KH/TWĐTN"): read as the code
/// with its hyphen ("298-KH/TWĐTN"), only when the letters after the number open with a type's
/// abbreviation followed by a slash.
pub(crate) fn glued_party_code(candidate: &str, digits: usize) -> Option<DocumentCode> {
    let (number, symbol) = candidate.split_at(digits);
    let (head, issuer) = symbol.split_once('/')?;
    if number.is_empty() || type_name(head).is_none() || !issuer.starts_with(char::is_uppercase) {
        return None;
    }
    let code = DocumentCode::parse(&format!("{number}-{symbol}"))?;
    code.number.is_some().then_some(code)
}

/// Every document code in `text` ("Công văn số 356/LĐTBXH-BĐG ngày …" yields
/// `356/LĐTBXH-BĐG`); dates, ranges ("2021-2030") and fractions are not codes.
#[must_use]
pub fn find_codes(text: &str) -> Vec<CodeMatch> {
    let mut found = Vec::new();
    let mut skip_until = 0;
    // Only a digit opens a code: the scan goes from digit to digit on bytes, and decodes the
    // character before one only there.
    let mut next = 0;
    while let Some(p) = text.as_bytes().get(next..).and_then(|rest| rest.iter().position(u8::is_ascii_digit)) {
        let i = next + p;
        // The digits after this one stand after a digit, where no code opens.
        next = i + 1 + text.as_bytes()[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if i < skip_until {
            continue;
        }
        let before = text[..i].chars().next_back();
        // A number glued to the "số" before it ("Chỉ thị số48-CT/TW") opens a code all the same.
        let after_so = ["số", "Số", "SỐ"]
            .iter()
            .any(|so| text[..i].strip_suffix(so).is_some_and(|head| head.is_empty() || head.ends_with([' ', '('])));
        if before.is_some_and(|p| p.is_alphanumeric() || matches!(p, '/' | '-' | '.')) && !after_so {
            continue;
        }
        let rest = &text[i..];
        let len = rest.find(|ch: char| !is_symbol_char(ch)).unwrap_or(rest.len());
        let candidate = rest[..len].trim_end_matches(['.', '-', '/']);
        // A word glued to the symbol by a lost space ("3636/QĐ-ĐHQGHNngày 21/10/2022"): the
        // symbol ends at its capitals.
        let candidate = ["ngày", "của", "về", "và"]
            .iter()
            .find_map(|w| candidate.strip_suffix(w).filter(|head| head.ends_with(char::is_uppercase)))
            .unwrap_or(candidate);
        // Cheap test before parsing: a code's number is followed by `/` or `-`.
        let mut digits = candidate.bytes().take_while(u8::is_ascii_digit).count();
        if candidate.as_bytes().get(digits).is_some_and(u8::is_ascii_lowercase) {
            digits += 1;
        } else if candidate.as_bytes().get(digits) == Some(&b'.') {
            // A dotted number ("66.15/2026/NQ-CP").
            let more = candidate.as_bytes()[digits + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if more > 0 && candidate.as_bytes().get(digits + 1 + more) == Some(&b'/') {
                digits += 1 + more;
            }
        }
        let en_dash = candidate[digits..].starts_with('–');
        if !matches!(candidate.as_bytes().get(digits), Some(b'/' | b'-')) && !en_dash {
            // A Party code whose hyphen was lost ("298KH/TWĐTN", "20NQ/TW"): the number glued to
            // a type's abbreviation and the issuer's part after a slash.
            if let Some(code) = glued_party_code(candidate, digits) {
                found.push(CodeMatch { start: i, end: i + candidate.len(), code });
                skip_until = i + len;
            }
            continue;
        }
        // A footnote's number printed against the code's last part ("126/2024/NĐ-CP1" in a text
        // layer): the part without it, when that part never carries a number.
        let candidate = &candidate[..candidate.len() - footnote_digits(candidate)];
        if let Some(code) = DocumentCode::parse(candidate) {
            if code.number.is_some() {
                found.push(CodeMatch { start: i, end: i + candidate.len(), code });
            }
            skip_until = i + len;
        }
    }
    found
}

/// Issuers' parts of a symbol that never carry a number of their own: the Government, the
/// Prime Minister, the ministries and committees. A Party committee's or the National
/// Assembly's parts do ("QH15", "UBTVQH14", "BCĐQG1237") and are not listed.
const NUMBERLESS_PARTS: [&str; 24] = [
    "CP", "TTg", "UBND", "BTC", "BYT", "BNV", "BCA", "BQP", "BGDĐT", "BLĐTBXH", "NHNN", "BKHĐT", "BTP", "BXD", "BCT",
    "BTNMT", "BNNPTNT", "BVHTTDL", "BTTTT", "BKHCN", "BGTVT", "VPCP", "HĐND", "BNNMT",
];

/// How many digits end `candidate` as a footnote's mark: one or two after a last part that
/// never carries a number.
fn footnote_digits(candidate: &str) -> usize {
    let last = candidate.rsplit(['-', '/']).next().unwrap_or("");
    let digits = last.bytes().rev().take_while(u8::is_ascii_digit).count();
    let part = &last[..last.len() - digits];
    // A council's code of the years it printed its term ("191/2015/NQ-HĐND17", the 17th
    // council): two digits from 10 to 19 after "HĐND" are the term, not a mark.
    let term = part == "HĐND" && digits == 2 && last[part.len()..].starts_with('1');
    if (1..=2).contains(&digits) && NUMBERLESS_PARTS.contains(&part) && !term { digits } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(number: &str, year: Option<u16>, symbol: &str, separator: char) -> DocumentCode {
        DocumentCode { number: Some(number.into()), year, symbol: symbol.into(), separator }
    }

    #[test]
    fn parses_the_code_styles() {
        assert_eq!(DocumentCode::parse("356/LĐTBXH-BĐG"), Some(code("356", None, "LĐTBXH-BĐG", '/')));
        assert_eq!(DocumentCode::parse("55/2007/CT-UBND"), Some(code("55", Some(2007), "CT-UBND", '/')));
        assert_eq!(DocumentCode::parse("11-NQ/TW"), Some(code("11", None, "NQ/TW", '-')));
        assert_eq!(DocumentCode::parse("646-TTg"), Some(code("646", None, "TTg", '-')));
        assert_eq!(DocumentCode::parse("30c/NQ-CP"), Some(code("30c", None, "NQ-CP", '/')));
        assert_eq!(DocumentCode::parse("1152/VP-KGVX."), Some(code("1152", None, "VP-KGVX", '/')));
        assert_eq!(DocumentCode::parse("09/2013/TT-BXD"), Some(code("09", Some(2013), "TT-BXD", '/')));
        let blank = DocumentCode::parse("      /QĐ-UBND").expect("blank number parses");
        assert_eq!((blank.number, blank.symbol.as_str()), (None, "QĐ-UBND"));
        let untyped = DocumentCode::parse("1281/-UBND").expect("blank type part parses");
        assert_eq!((untyped.number.as_deref(), untyped.symbol.as_str()), (Some("1281"), "-UBND"));
        // A state code with hyphens for its slashes reads as the code it stands for.
        assert_eq!(DocumentCode::parse("18-2019-TT-BGDĐT"), Some(code("18", Some(2019), "TT-BGDĐT", '/')));
        for not_code in
            ["25/02/2021", "2021-2030", "12-2019-", "12-2019-ab", "V/v", "", "/", "12/2013", "3/a", "12/-", "5-/-A"]
        {
            assert_eq!(DocumentCode::parse(not_code), None, "{not_code}");
        }
    }

    #[test]
    fn dotted_numbers_en_dashes_glued_numbers_and_footnote_marks() {
        assert_eq!(DocumentCode::parse("66.15/2026/NQ-CP"), Some(code("66.15", Some(2026), "NQ-CP", '/')));
        assert_eq!(DocumentCode::parse("255–KH/TĐTN-BTG"), Some(code("255", None, "KH/TĐTN-BTG", '–')));
        assert_eq!(DocumentCode::parse("25.2.2021"), None);
        let codes = |text: &str| find_codes(text).into_iter().map(|m| m.code.full_code()).collect::<Vec<_>>();
        assert_eq!(codes("Chỉ thị số48-CT/TW ngày 22/10/2010"), ["48-CT/TW"]);
        assert_eq!(codes("Nghị định số 126/2024/NĐ-CP1 ngày 08/10/2024"), ["126/2024/NĐ-CP"]);
        assert_eq!(codes("Nghị quyết số 66.15/2026/NQ-CP"), ["66.15/2026/NQ-CP"]);
        // A number a part carries is kept ("QH15", "BCĐQG1237"); "nhiều số48" opens nothing.
        assert_eq!(codes("Luật số 51/2024/QH15; Kế hoạch 252/KH-BCĐQG1237"), ["51/2024/QH15", "252/KH-BCĐQG1237"]);
        assert!(codes("nhiều số48").is_empty());
        // A council's term after its part is kept, a footnote's one digit is not.
        assert_eq!(
            codes("Nghị quyết số 191/2015/NQ-HĐND17; số 12/2020/NQ-HĐND1"),
            ["191/2015/NQ-HĐND17", "12/2020/NQ-HĐND"]
        );
        // A number of two groups joined by a hyphen, then the symbol.
        assert_eq!(DocumentCode::parse("2025-005/SAV-CHQ"), Some(code("2025-005", None, "SAV-CHQ", '/')));
        assert_eq!(codes("đơn số 0825-04/HW-TCHQ đề ngày 05/9/2025"), ["0825-04/HW-TCHQ"]);
        assert_eq!(DocumentCode::parse("2021-2030/năm"), None);
        assert_eq!(codes("Quyết định số 3636/QĐ-ĐHQGHNngày 21/10/2022"), ["3636/QĐ-ĐHQGHN"]);
    }

    #[test]
    fn file_names_dates_and_numbered_parts_are_no_codes() {
        for not_code in ["90-BHXH.doc", "201-TT-05-2015-BYT.doc", "01-Jan-2020", "95-IV", "3-Trụ"] {
            assert_eq!(DocumentCode::parse(not_code), None, "{not_code}");
        }
        // An old-style state code keeps its issuer's capitals, the Prime Minister's "TTg" too.
        assert_eq!(DocumentCode::parse("646-TTg"), Some(code("646", None, "TTg", '-')));
        assert!(DocumentCode::parse("11-NQ/TW").is_some());
    }

    #[test]
    fn full_code_round_trips() {
        for printed in [
            "356/LĐTBXH-BĐG",
            "55/2007/CT-UBND",
            "11-NQ/TW",
            "646-TTg",
            "25/2010/TTLT-BLĐTBXH-BTC-BYT",
            "252/KH-BCĐQG1237",
        ] {
            assert_eq!(DocumentCode::parse(printed).map(|c| c.full_code()).as_deref(), Some(printed));
        }
    }

    #[test]
    fn repairs_ocr_damage() {
        assert_eq!(canonical_symbol("LĐTĐBXH-BĐG"), "LĐTBXH-BĐG");
        assert_eq!(canonical_symbol("QD-UBND"), "QĐ-UBND");
        assert_eq!(canonical_symbol("QĐ-TTG"), "QĐ-TTg");
        assert_eq!(canonical_symbol("LÐTBXH-BÐG"), "LĐTBXH-BĐG");
        let printed = DocumentCode::parse("212/LĐTĐBXH-BĐG").expect("parses");
        assert_eq!(printed.canonical().full_code(), "212/LĐTBXH-BĐG");
    }

    #[test]
    fn type_table() {
        assert_eq!(type_name("NQ"), Some("Nghị quyết"));
        assert_eq!(type_name("QĐ"), Some("Quyết định"));
        assert_eq!(type_abbreviation("Kế hoạch"), Some("KH"));
        assert_eq!(type_abbreviation("CÔNG VĂN"), None);
        assert_eq!(DocumentCode::parse("55/2007/CT-UBND").and_then(|c| c.doc_type()), Some("Chỉ thị"));
        assert_eq!(DocumentCode::parse("11-NQ/TW").and_then(|c| c.doc_type()), Some("Nghị quyết"));
        assert_eq!(DocumentCode::parse("1152/VP-KGVX").and_then(|c| c.doc_type()), None);
    }

    #[test]
    fn finds_codes_in_text() {
        let text = "Công văn số 356/LĐTĐBXH-BĐG ngày 19/02/2021; Nghị quyết số 11-NQ/TW ngày 27/4/2007, giai đoạn 2021-2030 (Quyết định số 2232/QĐ-TTg).";
        let codes: Vec<String> = find_codes(text).iter().map(|m| m.code.full_code()).collect();
        assert_eq!(codes, ["356/LĐTĐBXH-BĐG", "11-NQ/TW", "2232/QĐ-TTg"]);
        let glued: Vec<String> = find_codes("Kế hoạch số 298KH/TWĐTN và Nghị quyết 20NQ/TW; mã 12AB/CD, 2021KV")
            .iter()
            .map(|m| m.code.full_code())
            .collect();
        assert_eq!(glued, ["298-KH/TWĐTN", "20-NQ/TW"]);
        let m = &find_codes("số 118/TTg: x")[0];
        assert_eq!(&"số 118/TTg: x"[m.start..m.end], "118/TTg");
    }
}
