//! Text normalisation: Unicode NFC, diacritic folding for search, legacy 8-bit Vietnamese
//! encodings (TCVN3, VNI) seen as Windows-1252 mojibake, Markdown/table residue and whitespace
//! broken inside words.
//!
//! [`clean`] runs every repair in order and is what the letter parser reads.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

mod pandoc;

/// Folds text for search: lower case, Vietnamese diacritics removed (`đ` → `d`), runs of
/// whitespace collapsed to one space, ends trimmed. "Kiên Giang", "KIÊN GIANG" and "kien  giang"
/// all fold to `kien giang`.
#[must_use]
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into::<false>(text, usize::MAX, &mut out);
    out
}

/// The first `max_chars` characters of [`fold`]`(text)`, without folding the rest: for prefix
/// tests on long lines.
#[must_use]
pub fn fold_prefix(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(max_chars.min(text.len()) + 4);
    fold_into::<true>(text, max_chars, &mut out);
    if let Some((cut, _)) = out.char_indices().nth(max_chars) {
        out.truncate(cut);
    }
    out
}

/// `text.to_lowercase()`, the letters of the Latin blocks lowered from the text module's
/// character table instead of the library's table search.
#[must_use]
pub fn lowercase(text: &str) -> String {
    // The capital sigma's small form depends on the letters around it: the library's way.
    if text.contains('Σ') {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let tables = info_tables();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(lower) = char_info_in(tables, c).and_then(|info| info.lower) {
            out.push(lower);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Where `needle` first occurs in `hay`, as `hay.find(needle)` gives it, without the set-up
/// of the library's two-way search, which costs more than the search itself when a short
/// phrase is looked for in a line: the needle's first character other than a space is found by
/// the library's single-character search and the whole needle compared in place.
#[must_use]
pub fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let last = h.len().checked_sub(n.len())?;
    let Some(k) = n.iter().position(|&b| b != b' ') else {
        return hay.find(needle);
    };
    let anchor = n[k];
    // Every place holding the anchor, in order; a needle's bytes matched in place start a
    // character.
    let mut from = k;
    while let Some(p) = position_of(anchor, h.get(from..)?) {
        let start = from + p - k;
        if start > last {
            return None;
        }
        if h[start..].starts_with(n) {
            return Some(start);
        }
        from += p + 1;
    }
    None
}

/// Where `byte` first stands in `bytes`: eight bytes at a time (a word compared whole, the
/// first byte equal to `byte` found from the word's zero bytes), then the rest one by one.
fn position_of(byte: u8, bytes: &[u8]) -> Option<usize> {
    position_of_either(byte, byte, bytes)
}

/// Where `a` or `b` first stands in `bytes` (a letter in either case), as [`position_of`].
pub(crate) fn position_of_either(a: u8, b: u8, bytes: &[u8]) -> Option<usize> {
    position_of_any([a, b], bytes)
}

/// Where one of the bytes `targets` first stands in `bytes`: eight bytes at a time (each target
/// compared with the whole word, the first match found from the word's zero bytes), then the
/// rest one by one.
fn position_of_any<const N: usize>(targets: [u8; N], bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The lowest flagged byte is the first zero byte of `x` (a borrow only moves upwards).
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let patterns = targets.map(|t| ONES * u64::from(t));
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let found = patterns.iter().fold(0, |found, pattern| found | zeros(word ^ pattern));
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|x| targets.contains(x)).map(|p| offset + p)
}

/// Whether `needle` occurs in `hay`: the library's search from 32 bytes on (it compares
/// sixteen bytes at a time), [`find_str`] on a shorter text, where the library sets up a
/// two-way search.
#[must_use]
pub fn contains_str(hay: &str, needle: &str) -> bool {
    if hay.len() >= 32 { hay.contains(needle) } else { find_str(hay, needle).is_some() }
}

/// The pieces of `text` between the places holding `separator` (not empty), as
/// `text.split(separator)` gives them, found with [`find_str`].
fn split_str<'a>(text: &'a str, separator: &'a str) -> impl Iterator<Item = &'a str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        if let Some(at) = find_str(r, separator) {
            rest = Some(&r[at + separator.len()..]);
            Some(&r[..at])
        } else {
            rest = None;
            Some(r)
        }
    })
}

/// Pushes one folded letter: lower case, `đ` → `d`.
fn push_folded(c: char, out: &mut String) {
    match c {
        'đ' | 'Đ' => out.push('d'),
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        _ => out.extend(c.to_lowercase()),
    }
}

/// How one non-ASCII character folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Folding {
    /// Whitespace: one space between words.
    Space,
    /// A combining mark: dropped.
    Mark,
    /// Exactly one output letter.
    Letter(char),
    /// Anything else: folded by [`fold_char_slowly`].
    Slow,
}

/// What the text functions need to know about one character, precomputed for the Latin blocks
/// that Vietnamese text is written in.
#[derive(Debug, Clone, Copy)]
struct CharInfo {
    folding: Folding,
    /// Quick-check NFC "yes" and canonical combining class 0: text made only of such
    /// characters is in NFC.
    nfc_starter: bool,
    /// [`is_marked_vowel`].
    marked_vowel: bool,
    /// `char::is_alphabetic`, which the library answers outside ASCII by a slow table search.
    alphabetic: bool,
    /// `char::to_lowercase` when it is one character (the library searches a table for it).
    lower: Option<char>,
}

/// The blocks covered by [`char_info`]: Latin-1 Supplement, Latin Extended-A and -B, the
/// combining diacritical marks, and Latin Extended Additional (the Vietnamese letters).
const INFO_LOW_END: u32 = 0x370;
const INFO_HIGH: std::ops::Range<u32> = 0x1E00..0x1F00;

fn compute_info(c: char) -> CharInfo {
    let folding = if c.is_whitespace() {
        Folding::Space
    } else if unicode_normalization::char::is_combining_mark(c) {
        Folding::Mark
    } else {
        let (mut out, mut pending, mut count) = (String::new(), false, 0usize);
        fold_char_slowly(c, &mut pending, &mut count, &mut out);
        let mut chars = out.chars();
        match (chars.next(), chars.next(), count) {
            (Some(letter), None, 1) => Folding::Letter(letter),
            _ => Folding::Slow,
        }
    };
    let nfc_starter = is_nfc_starter(c);
    let mut lower = c.to_lowercase();
    let lower = match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => None,
    };
    CharInfo { folding, nfc_starter, marked_vowel: is_marked_vowel_slowly(c), alphabetic: c.is_alphabetic(), lower }
}

fn info_tables() -> &'static (Vec<CharInfo>, Vec<CharInfo>) {
    static TABLES: std::sync::OnceLock<(Vec<CharInfo>, Vec<CharInfo>)> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let build = |range: std::ops::Range<u32>| -> Vec<CharInfo> {
            range
                .map(|u| {
                    char::from_u32(u).map_or(
                        CharInfo {
                            folding: Folding::Slow,
                            nfc_starter: false,
                            marked_vowel: false,
                            alphabetic: false,
                            lower: None,
                        },
                        compute_info,
                    )
                })
                .collect()
        };
        (build(0..INFO_LOW_END), build(INFO_HIGH))
    })
}

/// The precomputed facts about `c`, for the blocks Vietnamese text uses.
fn char_info(c: char) -> Option<CharInfo> {
    char_info_in(info_tables(), c)
}

/// [`char_info`] from the tables `info_tables()` gave: a loop over a text takes them once, not
/// once a character.
fn char_info_in((low, high): &(Vec<CharInfo>, Vec<CharInfo>), c: char) -> Option<CharInfo> {
    let u = c as u32;
    if u < INFO_LOW_END {
        low.get(u as usize).copied()
    } else if INFO_HIGH.contains(&u) {
        high.get((u - INFO_HIGH.start) as usize).copied()
    } else {
        None
    }
}

/// Whether `c` is a letter, as `char::is_alphabetic` says, answered from the character table
/// for the Latin blocks Vietnamese is written in.
#[must_use]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        char_info(c).map_or_else(|| c.is_alphabetic(), |info| info.alphabetic)
    }
}

/// Folds one non-ASCII character that is not whitespace: each character is decomposed on its
/// own and its marks dropped, which gives the same letters as a full NFD pass (only the order
/// of the dropped marks differs) at a fraction of the cost.
fn fold_char_slowly(c: char, pending_space: &mut bool, count: &mut usize, out: &mut String) {
    if unicode_normalization::char::is_combining_mark(c) {
        return;
    }
    if *pending_space {
        out.push(' ');
        *count += 1;
        *pending_space = false;
    }
    unicode_normalization::char::decompose_canonical(c, |d| {
        if !unicode_normalization::char::is_combining_mark(d) {
            push_folded(d, out);
            *count += 1;
        }
    });
}

/// Decodes the character that starts at byte `i` of `text`, whose lead byte is not ASCII:
/// the character and its length in bytes.
// Inlined into the fold's two loops, which call it for every non-ASCII character: left to
// itself the compiler makes it a call, which costs more than the decoding.
#[allow(clippy::inline_always)]
#[inline(always)]
fn decode_at(text: &str, i: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    let lead = u32::from(bytes[i]);
    match lead {
        0xC0..=0xDF => {
            let u = ((lead & 0x1F) << 6) | (u32::from(bytes[i + 1]) & 0x3F);
            (char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER), 2)
        }
        0xE0..=0xEF => {
            let u = ((lead & 0x0F) << 12) | ((u32::from(bytes[i + 1]) & 0x3F) << 6) | (u32::from(bytes[i + 2]) & 0x3F);
            (char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER), 3)
        }
        _ => {
            let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            (c, c.len_utf8())
        }
    }
}

/// Folds `text` into `out`, stopping after `max_chars` output characters. ASCII is folded
/// byte by byte; the Vietnamese letters go through a precomputed table; other characters
/// through [`fold_char_slowly`]. Without `LIMITED` the whole text is folded and the output
/// characters are not counted against `max_chars`.
fn fold_into<const LIMITED: bool>(text: &str, max_chars: usize, out: &mut String) {
    let (low, high) = info_tables();
    let bytes = text.as_bytes();
    let mut pending_space = false;
    let mut count = 0usize;
    let mut i = 0;
    while i < bytes.len() && (!LIMITED || count < max_chars) {
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            // The ASCII characters of `char::is_whitespace`: tab, line feed, vertical tab,
            // form feed, carriage return and space.
            if matches!(b, b'\t'..=b'\r' | b' ') {
                pending_space = !out.is_empty();
            } else {
                if pending_space {
                    out.push(' ');
                    count += 1;
                    pending_space = false;
                }
                out.push(char::from(b.to_ascii_lowercase()));
                count += 1;
            }
            continue;
        }
        let (c, len) = decode_at(text, i);
        i += len;
        let u = c as u32;
        let info = if u < INFO_LOW_END {
            low.get(u as usize)
        } else if INFO_HIGH.contains(&u) {
            high.get((u - INFO_HIGH.start) as usize)
        } else {
            None
        };
        match info.map_or(Folding::Slow, |info| info.folding) {
            Folding::Space => pending_space = !out.is_empty(),
            Folding::Mark => {}
            Folding::Letter(letter) => {
                if pending_space {
                    out.push(' ');
                    count += 1;
                    pending_space = false;
                }
                out.push(letter);
                count += 1;
            }
            Folding::Slow => {
                if c.is_whitespace() {
                    pending_space = !out.is_empty();
                } else {
                    fold_char_slowly(c, &mut pending_space, &mut count, out);
                }
            }
        }
    }
}

/// Whether `text` is certainly in NFC because every character is ASCII or a starter that
/// the quick check passes; `false` means "look closer", not "not NFC".
///
/// Read on bytes: ASCII, U+0080..=U+02FF (lead bytes `C2`..=`CB`) and the Vietnamese letters'
/// block U+1E00..=U+1EFF (`E1 B8`..=`E1 BB`) are all such starters and pass undecoded.
fn is_plainly_nfc(text: &str) -> bool {
    let tables = info_tables();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0..0x80 => i += 1,
            0xC2..=0xCB => i += 2,
            0xE1 if matches!(bytes.get(i + 1), Some(0xB8..=0xBB)) => i += 3,
            _ => {
                let (c, len) = decode_at(text, i);
                if !char_info_in(tables, c).map_or_else(|| is_nfc_starter(c), |info| info.nfc_starter) {
                    return false;
                }
                i += len;
            }
        }
    }
    true
}

/// Quick-check NFC "yes" and canonical combining class 0 (what [`CharInfo`] keeps for the
/// characters of its table): asked of the others one at a time, so that a curly quote or a
/// dash does not send a whole text through the library's quick check.
fn is_nfc_starter(c: char) -> bool {
    unicode_normalization::is_nfc_quick(std::iter::once(c)) == unicode_normalization::IsNormalized::Yes
        && unicode_normalization::char::canonical_combining_class(c) == 0
}

/// Replaces non-breaking and other exotic spaces by a plain space and drops zero-width
/// characters and byte-order marks, copying the text between them whole.
fn unify_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    // Every character replaced here starts with one of these bytes.
    while let Some(p) = position_of_any([0xC2, 0xE2, 0xE3, 0xEF], &text.as_bytes()[from..]) {
        let i = from + p;
        from = i + 1;
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let replacement = match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{2060}' => "",
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => " ",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = i + c.len_utf8();
    }
    out.push_str(&text[copied..]);
    out
}

/// Normalises text to Unicode NFC, turns `\r\n` and `\r` into `\n`, non-breaking and other
/// exotic spaces into a plain space, and drops zero-width characters and byte-order marks.
/// Content is otherwise unchanged.
#[must_use]
pub fn normalize(text: &str) -> String {
    let unified = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    unify_spaces(&compose(&unified))
}

/// `text` in NFC, composed line by line: a line feed is a starter that composes with nothing,
/// so the NFC of a text is the NFC of its lines joined, and only the lines that are not already
/// in NFC (a pasted name in decomposed Unicode) go through the library's composition.
fn compose(text: &str) -> Cow<'_, str> {
    if is_plainly_nfc(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        if is_plainly_nfc(line)
            || unicode_normalization::is_nfc_quick(line.chars()) == unicode_normalization::IsNormalized::Yes
        {
            out.push_str(line);
        } else {
            out.extend(line.nfc());
        }
    }
    Cow::Owned(out)
}

/// A legacy 8-bit Vietnamese encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN 5712:1993 "VN3", the ABC fonts (`.VnTime`): one byte per accented letter.
    Tcvn3,
    /// VNI Windows fonts: a base letter followed by a byte for its marks.
    Vni,
}

/// TCVN3 bytes 0xA1..=0xF7 (as Latin-1 / Windows-1252 characters) and the letter each stands
/// for; bytes missing here are not letters in TCVN3.
const TCVN3: &[(char, char)] = &[
    ('\u{A1}', 'Ă'),
    ('\u{A2}', 'Â'),
    ('\u{A3}', 'Ê'),
    ('\u{A4}', 'Ô'),
    ('\u{A5}', 'Ơ'),
    ('\u{A6}', 'Ư'),
    ('\u{A7}', 'Đ'),
    ('\u{A8}', 'ă'),
    ('\u{A9}', 'â'),
    ('\u{AA}', 'ê'),
    ('\u{AB}', 'ô'),
    ('\u{AC}', 'ơ'),
    ('\u{AD}', 'ư'),
    ('\u{AE}', 'đ'),
    ('\u{B5}', 'à'),
    ('\u{B6}', 'ả'),
    ('\u{B7}', 'ã'),
    ('\u{B8}', 'á'),
    ('\u{B9}', 'ạ'),
    ('\u{BB}', 'ằ'),
    ('\u{BC}', 'ẳ'),
    ('\u{BD}', 'ẵ'),
    ('\u{BE}', 'ắ'),
    ('\u{C6}', 'ặ'),
    ('\u{C7}', 'ầ'),
    ('\u{C8}', 'ẩ'),
    ('\u{C9}', 'ẫ'),
    ('\u{CA}', 'ấ'),
    ('\u{CB}', 'ậ'),
    ('\u{CC}', 'è'),
    ('\u{CE}', 'ẻ'),
    ('\u{CF}', 'ẽ'),
    ('\u{D0}', 'é'),
    ('\u{D1}', 'ẹ'),
    ('\u{D2}', 'ề'),
    ('\u{D3}', 'ể'),
    ('\u{D4}', 'ễ'),
    ('\u{D5}', 'ế'),
    ('\u{D6}', 'ệ'),
    ('\u{D7}', 'ì'),
    ('\u{D8}', 'ỉ'),
    ('\u{DC}', 'ĩ'),
    ('\u{DD}', 'í'),
    ('\u{DE}', 'ị'),
    ('\u{DF}', 'ò'),
    ('\u{E1}', 'ỏ'),
    ('\u{E2}', 'õ'),
    ('\u{E3}', 'ó'),
    ('\u{E4}', 'ọ'),
    ('\u{E5}', 'ồ'),
    ('\u{E6}', 'ổ'),
    ('\u{E7}', 'ỗ'),
    ('\u{E8}', 'ố'),
    ('\u{E9}', 'ộ'),
    ('\u{EA}', 'ờ'),
    ('\u{EB}', 'ở'),
    ('\u{EC}', 'ỡ'),
    ('\u{ED}', 'ớ'),
    ('\u{EE}', 'ợ'),
    ('\u{EF}', 'ù'),
    ('\u{F1}', 'ủ'),
    ('\u{F2}', 'ũ'),
    ('\u{F3}', 'ú'),
    ('\u{F4}', 'ụ'),
    ('\u{F5}', 'ừ'),
    ('\u{F6}', 'ử'),
    ('\u{F7}', 'ữ'),
];

/// The rest of the TCVN3 table (0xF8..=0xFE), split off to keep the array literal readable.
const TCVN3_TAIL: &[(char, char)] = &[
    ('\u{F8}', 'ứ'),
    ('\u{F9}', 'ự'),
    ('\u{FA}', 'ỳ'),
    ('\u{FB}', 'ỷ'),
    ('\u{FC}', 'ỹ'),
    ('\u{FD}', 'ý'),
    ('\u{FE}', 'ỵ'),
];

fn tcvn3_letter(c: char) -> Option<char> {
    TCVN3.iter().chain(TCVN3_TAIL.iter()).find(|(from, _)| *from == c).map(|(_, to)| *to)
}

/// Characters that occur in TCVN3 mojibake and almost never in Vietnamese Unicode text.
const TCVN3_SIGNS: &str = "µ¶·¸¹»¼½¾®§ÆÇËÎÐÞßçþ¨©ª«¬¦¥¤£¢¡";
/// Mark bytes of VNI that are not themselves Vietnamese letters.
const VNI_MARKS: &str = "øïåäëüûØÏÅÄËÜÛ";

/// Flag of a [`TCVN3_SIGNS`] character in [`LEGACY_SIGNS`].
const TCVN3_SIGN: u8 = 1;
/// Flag of a [`VNI_MARKS`] character in [`LEGACY_SIGNS`].
const VNI_MARK: u8 = 2;

/// [`TCVN3_SIGN`] and [`VNI_MARK`] for each Latin-1 character, by code point: the two sets
/// looked up in one read instead of two searches through the strings for every accented letter.
const LEGACY_SIGNS: [u8; 256] = {
    /// Sets `flag` for every character of `chars`, all Latin-1 and so two bytes each in UTF-8.
    const fn flag_all(mut table: [u8; 256], chars: &str, flag: u8) -> [u8; 256] {
        let bytes = chars.as_bytes();
        let mut i = 0;
        while i + 1 < bytes.len() {
            let code = ((bytes[i] & 0x1F) as usize) << 6 | (bytes[i + 1] & 0x3F) as usize;
            table[code] |= flag;
            i += 2;
        }
        table
    }
    flag_all(flag_all([0; 256], TCVN3_SIGNS, TCVN3_SIGN), VNI_MARKS, VNI_MARK)
};

fn is_vietnamese_specific(c: char) -> bool {
    matches!(c, '\u{1EA0}'..='\u{1EF9}' | 'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ')
}

fn is_plain_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'A' | 'E' | 'I' | 'O' | 'U' | 'Y')
}

/// Whether `text` holds two characters or more of those [`detect_legacy`] may count: TCVN3
/// signs, VNI marks, `ñ` and `Ñ`. With fewer it finds no encoding, and Unicode Vietnamese
/// holds almost none, so most texts skip its count character by character. All of them are
/// Latin-1 characters, written `C2 xx` or `C3 xx`: the lead bytes are found eight at a time.
fn has_two_legacy_signs(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut signs = 0;
    while let Some(p) = position_of_either(0xC2, 0xC3, &bytes[from..]) {
        let i = from + p;
        let Some(&next) = bytes.get(i + 1) else {
            break;
        };
        let code = (usize::from(bytes[i] & 0x1F) << 6) | usize::from(next & 0x3F);
        if LEGACY_SIGNS[code] != 0 || matches!(code, 0xD1 | 0xF1) {
            signs += 1;
            if signs == 2 {
                return true;
            }
        }
        from = i + 2;
    }
    false
}

/// Detects text written in a legacy Vietnamese encoding and then read as Windows-1252 or
/// Latin-1 ("Hµ Néi" for TCVN3, "Haø Noäi" for VNI). `None` for Unicode text.
#[must_use]
pub fn detect_legacy(text: &str) -> Option<Legacy> {
    if !has_two_legacy_signs(text) {
        return None;
    }
    let mut tcvn = 0usize;
    let mut vni = 0usize;
    let mut unicode = 0usize;
    let mut prev = ' ';
    for c in text.chars() {
        if c.is_ascii() {
            // No legacy sign or Vietnamese letter is ASCII.
            prev = c;
            continue;
        }
        // Every legacy sign and mark is a Latin-1 character.
        if let Some(&signs) = LEGACY_SIGNS.get(c as usize) {
            if signs & TCVN3_SIGN != 0 {
                tcvn += 1;
            }
            if signs & VNI_MARK != 0 && is_plain_vowel(prev) {
                vni += 1;
            }
            if matches!(c, 'ñ' | 'Ñ') && !is_letter(prev) {
                vni += 1;
            }
        }
        if is_vietnamese_specific(c) {
            unicode += 1;
        }
        prev = c;
    }
    let best = tcvn.max(vni);
    if best < 2 || unicode >= best {
        return None;
    }
    if tcvn >= vni { Some(Legacy::Tcvn3) } else { Some(Legacy::Vni) }
}

/// Decodes legacy-encoded mojibake into Unicode NFC. Characters outside the encoding's table
/// are kept as they are.
#[must_use]
pub fn decode_legacy(text: &str, legacy: Legacy) -> String {
    match legacy {
        Legacy::Tcvn3 => text.lines().map(decode_tcvn3_line).collect::<Vec<_>>().join("\n"),
        Legacy::Vni => decode_vni(text),
    }
}

/// Decodes one TCVN3 line. Capitals were typed with a separate upper-case font that reuses
/// the lower-case codes, so a line written in capitals ("UBND TØNH") is upper-cased whole.
fn decode_tcvn3_line(line: &str) -> String {
    let decoded: String = line.chars().map(|c| tcvn3_letter(c).unwrap_or(c)).collect::<String>().nfc().collect();
    let words: Vec<&str> = line.split_whitespace().filter(|w| w.chars().any(|c| c.is_ascii_alphabetic())).collect();
    let capital_words = words.iter().filter(|w| !w.chars().any(|c| c.is_ascii_lowercase())).count();
    if !words.is_empty() && capital_words * 3 >= words.len() * 2 { decoded.to_uppercase() } else { decoded }
}

const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';

/// The marks a VNI mark byte adds: (shape mark, tone mark).
fn vni_marks(c: char) -> Option<(Option<char>, Option<char>)> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'ù' => (None, Some(ACUTE)),
        'ø' => (None, Some(GRAVE)),
        'û' => (None, Some(HOOK)),
        'õ' => (None, Some(TILDE)),
        'ï' => (None, Some(DOT)),
        'â' => (Some(CIRCUMFLEX), None),
        'á' => (Some(CIRCUMFLEX), Some(ACUTE)),
        'à' => (Some(CIRCUMFLEX), Some(GRAVE)),
        'å' => (Some(CIRCUMFLEX), Some(HOOK)),
        'ã' => (Some(CIRCUMFLEX), Some(TILDE)),
        'ä' => (Some(CIRCUMFLEX), Some(DOT)),
        'ê' => (Some(BREVE), None),
        'é' => (Some(BREVE), Some(ACUTE)),
        'è' => (Some(BREVE), Some(GRAVE)),
        'ú' => (Some(BREVE), Some(HOOK)),
        'ü' => (Some(BREVE), Some(TILDE)),
        'ë' => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

fn vni_single(c: char) -> Option<char> {
    Some(match c {
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

fn decode_vni(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The base letter of the syllable being built and whether it already has a tone / shape.
    let mut base: Option<char> = None;
    let mut has_tone = false;
    let mut has_shape = false;
    for c in text.chars() {
        if let (Some(b), Some((shape, tone))) = (base, vni_marks(c)) {
            let lower = b.to_lowercase().next().unwrap_or(b);
            let shape_ok = match shape {
                None => true,
                Some(CIRCUMFLEX) => matches!(lower, 'a' | 'e' | 'o') && !has_shape,
                Some(_) => lower == 'a' && !has_shape,
            };
            let tone_ok = tone.is_none() || (!has_tone && matches!(lower, 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư'));
            if shape_ok && tone_ok {
                if let Some(s) = shape {
                    out.push(s);
                    has_shape = true;
                }
                if let Some(t) = tone {
                    out.push(t);
                    has_tone = true;
                }
                continue;
            }
        }
        let letter = vni_single(c).unwrap_or(c);
        out.push(letter);
        if matches!(letter.to_lowercase().next().unwrap_or(letter), 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư') {
            base = Some(letter);
            has_tone = false;
            has_shape = matches!(letter, 'ơ' | 'ư' | 'Ơ' | 'Ư');
        } else {
            base = None;
        }
    }
    out.nfc().collect()
}

/// True for a line of only `-`, `_`, `=`, `*` or `|`/`:` table rules (at least three).
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    // Cheap test first: a rule starts with one of its characters.
    if !t.chars().next().is_some_and(|c| matches!(c, '-' | '_' | '=' | '*' | '|' | ':' | ' ' | '–')) {
        return false;
    }
    t.chars().filter(|c| matches!(c, '-' | '_' | '=' | '*' | '–')).count() >= 3
        && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '*' | '|' | ':' | ' ' | '–'))
}

/// Removes a trailing decoration run (` -------`, ` ____`) from a table cell or line.
fn strip_trailing_rule(s: &str) -> &str {
    let trimmed = s.trim_end();
    let body = trimmed.trim_end_matches(['-', '_', '–']);
    if trimmed.len() - body.len() >= 3 && (body.is_empty() || body.ends_with(' ')) { body.trim_end() } else { trimmed }
}

fn remove_images(line: &str) -> Cow<'_, str> {
    if !contains_str(line, "![") {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("![") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find("](").and_then(|mid| after[mid..].find(')').map(|close| mid + close + 1));
        if let Some(e) = end {
            rest = &after[e..];
        } else {
            out.push_str(after);
            rest = "";
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Appends `line` to `out` as the next line of a text being built.
fn push_line(out: &mut String, started: &mut bool, line: &str) {
    if *started {
        out.push('\n');
    }
    *started = true;
    out.push_str(line);
}

/// Whether `line` holds a character that [`strip_markdown`] looks for: `*`, `_`, `!`, `|`,
/// `#`, `-`, `=` or an en dash (any character led by the byte 0xE2). The lines of a letter
/// mostly hold none, and such a line is kept as it is, its end trimmed.
fn may_hold_markdown(line: &str) -> bool {
    const LOOKED_FOR: [bool; 256] = {
        let mut table = [false; 256];
        let bytes = b"*_!|#-=\xE2";
        let mut i = 0;
        while i < bytes.len() {
            table[bytes[i] as usize] = true;
            i += 1;
        }
        table
    };
    line.bytes().any(|b| LOOKED_FOR[usize::from(b)])
}

/// Strips Markdown and table residue without losing content: `**bold**` markers, `#` heading
/// marks, image references, rule lines (`---`, `____`) and table separators. Each table cell
/// becomes a line of its own; `<br>` inside a cell becomes a line break.
#[must_use]
pub fn strip_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut started = false;
    for raw in text.lines() {
        if !may_hold_markdown(raw) {
            push_line(&mut out, &mut started, raw.trim_end());
            continue;
        }
        let unstarred = if contains_str(raw, "**") { Cow::Owned(raw.replace("**", "")) } else { Cow::Borrowed(raw) };
        // Italics closed and opened again between two words ("… ngày 19 tháng 10 năm* *2025").
        let unstarred = match rejoined_italics(&unstarred) {
            Some(plain) => Cow::Owned(plain),
            None => unstarred,
        };
        // Italics around a bracketed note inside a line ("- Bộ Công an *(để báo cáo)*;"), also
        // when the note wraps and its marks stand on two lines ("- Công ty X *(Tầng 33," /
        // "phường Yên Hòa)*;"). A footnote's mark "(*)" is kept.
        let opens = contains_str(&unstarred, "*(");
        let closes = contains_str(&unstarred, ")*");
        let unstarred = match (opens, closes) {
            (true, true) => Cow::Owned(unstarred.replace("*(", "(").replace(")*", ")")),
            (true, false) => Cow::Owned(unstarred.replace(" *(", " (")),
            (false, true) => Cow::Owned(unstarred.replace(")*", ")")),
            (false, false) => unstarred,
        };
        // Italics marked by single stars at a line's ends ("*Nơi nhận:*", "*Hà Nội, ngày" /
        // "02 tháng 12 năm 2025*").
        let unstarred = match unitalic(&unstarred) {
            Some(plain) => Cow::Owned(plain),
            None => unstarred,
        };
        // Italics that a converter set around letters inside a word ("Quy*ế*t *đị*nh",
        // "1616/Q*Đ*-TTg"): the word without its stars.
        let unstarred = match inner_stars(&unstarred) {
            Some(plain) => Cow::Owned(plain),
            None => unstarred,
        };
        let underscored =
            if contains_str(&unstarred, "__") { Cow::Owned(unstarred.replace("__", "_")) } else { unstarred };
        let line = remove_images(&underscored);
        let trimmed = line.trim();
        // A table row, with or without its outer bars ("ỦY BAN NHÂN DÂN | CỘNG HÒA … |").
        if trimmed.starts_with('|') || trimmed.ends_with(" |") || contains_str(trimmed, " | ") {
            if is_rule(trimmed) {
                continue;
            }
            for cell in trimmed.split('|') {
                for part in split_str(cell, "<br>") {
                    let c = strip_trailing_rule(part.trim());
                    if !c.is_empty() {
                        push_line(&mut out, &mut started, c);
                    }
                }
            }
            push_line(&mut out, &mut started, "");
            continue;
        }
        if is_rule(trimmed) {
            push_line(&mut out, &mut started, "");
            continue;
        }
        let unheaded = if trimmed.starts_with('#') {
            let rest = trimmed.trim_start_matches('#');
            if rest.starts_with(' ') || rest.is_empty() { rest.trim() } else { &line }
        } else {
            &line
        };
        push_line(&mut out, &mut started, strip_trailing_rule(unheaded));
    }
    out
}

/// A line without the stars of italics closed and opened again between two words ("năm* *2025"
/// → "năm 2025"); `None` when there is none.
fn rejoined_italics(line: &str) -> Option<String> {
    if !contains_str(line, "* *") {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut changed = false;
    while let Some(at) = rest.find("* *") {
        let before = rest[..at].chars().next_back();
        let after = rest[at + 3..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(|c| c.is_alphanumeric() || ",.;:".contains(c)) && after.is_some_and(char::is_alphanumeric)
        {
            out.push(' ');
            changed = true;
        } else {
            out.push_str("* *");
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// A line whose words that hold a star between two letters lose all their stars; `None` when no
/// word does.
fn inner_stars(line: &str) -> Option<String> {
    let between_letters = |w: &str| {
        let chars: Vec<char> = w.chars().collect();
        chars.windows(3).any(|t| t[1] == '*' && t[0].is_alphabetic() && t[2].is_alphabetic())
    };
    if !line.contains('*') || !line.split(' ').any(between_letters) {
        return None;
    }
    let words: Vec<String> =
        line.split(' ').map(|w| if between_letters(w) { w.replace('*', "") } else { w.to_string() }).collect();
    Some(words.join(" "))
}

/// A line without the single stars of Markdown italics at its ends: a star that opens the line
/// before a letter, and one that closes it after a letter or a mark of punctuation. `None` when
/// there is none (rules of stars, footnote marks "(*)" and "*-*" are left alone).
fn unitalic(line: &str) -> Option<String> {
    let t = line.trim();
    let opens = t.strip_prefix('*').is_some_and(|r| r.starts_with(|c: char| c.is_alphabetic()));
    let closes = t.strip_suffix('*').is_some_and(|r| {
        r.ends_with(|c: char| c.is_alphanumeric() || matches!(c, ':' | '.' | ',' | ';' | ')')) && !r.ends_with("(*")
    });
    if !opens && !closes {
        return None;
    }
    let mut plain = t;
    if opens {
        plain = &plain[1..];
    }
    if closes {
        plain = &plain[..plain.len() - 1];
    }
    Some(plain.to_string())
}

/// True for a vowel letter carrying a tone or shape mark (`ả`, `ơ`, `Ố`).
#[must_use]
pub fn is_marked_vowel(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    char_info(c).map_or_else(|| is_marked_vowel_slowly(c), |info| info.marked_vowel)
}

fn is_marked_vowel_slowly(c: char) -> bool {
    let mut parts = c.nfd();
    let Some(base) = parts.next() else {
        return false;
    };
    is_plain_vowel(base) && parts.next().is_some()
}

const ONSETS: [&str; 27] = [
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x", "ch", "gh", "gi", "kh", "ng",
    "ngh", "nh", "ph", "qu", "th",
];
const CODAS: [&str; 8] = ["ng", "nh", "ch", "c", "t", "p", "n", "m"];

fn is_onset(token: &str) -> bool {
    let mut chars = token.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !chars.all(char::is_lowercase) || !is_letter(first) {
        return false;
    }
    let lower = token.to_lowercase();
    ONSETS.contains(&lower.as_str()) || lower == "tr"
}

fn starts_with_marked_vowel(token: &str) -> bool {
    token.chars().next().is_some_and(is_marked_vowel) && token.chars().all(is_letter)
}

fn ends_with_marked_vowel(token: &str) -> bool {
    token.chars().last().is_some_and(is_marked_vowel) && token.chars().all(is_letter)
}

fn is_short_caps(token: &str) -> bool {
    let t = token.trim_end_matches(',');
    // ASCII capitals are one byte each, so the byte length is the letter count.
    (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase())
}

/// Joins fragments of words broken by stray spaces, only where the pieces cannot stand alone:
/// an onset with a marked vowel ("Qu ả ng" → "Quảng", "X ã" → "Xã", "Ng o ại" → "Ngoại"), a
/// syllable with its final consonants ("Đặ ng" → "Đặng"), a syllable with a final `i`/`y`/`o`/`u`
/// ("hộ i" → "hội"), a space before `,` `;` `)`, and a run of one- or two-letter capitals
/// ("KG V X" → "KGVX"). Leading indentation is kept; inner runs of spaces become one.
#[must_use]
pub fn repair_spacing(text: &str) -> String {
    let mut repaired = String::with_capacity(text.len());
    let mut started = false;
    for line in text.lines() {
        if started {
            repaired.push('\n');
        }
        started = true;
        let indent_len = line.len() - line.trim_start().len();
        repaired.push_str(&line[..indent_len]);
        if copy_if_sound(line, &mut repaired) {
            continue;
        }
        let mut out: Vec<String> = Vec::new();
        for token in line.split_whitespace() {
            merge_token(&mut out, token);
        }
        join_caps_runs(&mut out);
        for (k, token) in out.iter().enumerate() {
            if k > 0 {
                repaired.push(' ');
            }
            repaired.push_str(token);
        }
    }
    repaired
}

/// Whether `token` is glued to the word before it (`last`, with `before` ahead of that; `n`
/// words so far).
fn joins_last(n: usize, before: &str, last: &str, token: &str) -> bool {
    if matches!(token, "," | ";" | ")" | ".," | ";)") {
        n > 0
    } else if starts_with_marked_vowel(token) {
        is_onset(last)
            || (n >= 2
                && last.chars().count() == 1
                && last.chars().all(is_plain_vowel)
                && last.chars().all(char::is_lowercase)
                && is_onset(before))
    } else {
        let bare = token.trim_end_matches([',', ';', '.']);
        // Every piece tested below is at most two letters: a longer word is a word.
        if bare.len() > 2 {
            return false;
        }
        (CODAS.contains(&bare) && ends_with_marked_vowel(last))
            || (matches!(bare, "i" | "y" | "o" | "u") && ends_with_marked_vowel(last))
            || (matches!(bare, "I") && last.ends_with("II"))
            // The second letter of a final "ng", "nh", "ch" split off ("trưởn g").
            || (matches!(bare, "g" | "h")
                && (last.ends_with('n') || (bare == "h" && last.ends_with('c')))
                && last.chars().count() >= 3
                && last.chars().all(|c| is_letter(c) && c.is_lowercase())
                && last.chars().any(is_marked_vowel))
    }
}

/// Whether `token` can be left to itself by [`joins_last`] and [`is_short_caps`] without
/// asking them: three bytes or more, opening with ASCII (no marked vowel) and not ending with
/// the punctuation they trim.
fn is_plain_word(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() > 2 && b[0].is_ascii() && !matches!(b[b.len() - 1], b',' | b';' | b'.')
}

/// Appends the words of `line` to `out`, one space apart, and returns true when
/// [`repair_spacing`] leaves them as they are: no word glued to the one before and no run of
/// short capitals. On false, `out` is left as it was. A line whose words already stand one
/// space apart (most lines) is copied in one piece.
fn copy_if_sound(line: &str, out: &mut String) -> bool {
    let (mut before, mut last, mut n, mut caps_run) = ("", "", 0usize, 0usize);
    // Where the words start and end in `line`, and whether every gap between them is one space.
    let (mut first, mut end, mut single_spaced) = (0, 0, true);
    for token in line.split_whitespace() {
        let at = offset_in(line, token);
        if n == 0 {
            first = at;
        } else {
            single_spaced &= at == end + 1 && line.as_bytes()[end] == b' ';
        }
        end = at + token.len();
        let plain = is_plain_word(token);
        if !plain && joins_last(n, before, last, token) {
            return false;
        }
        let short_caps = !plain && is_short_caps(token);
        caps_run = if short_caps && !last.ends_with(',') { caps_run + 1 } else { usize::from(short_caps) };
        if caps_run >= 3 {
            return false;
        }
        before = last;
        last = token;
        n += 1;
    }
    if single_spaced {
        out.push_str(&line[first..end]);
    } else {
        for (k, token) in line.split_whitespace().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(token);
        }
    }
    true
}

/// The byte offset in `whole` of `part`, a slice of it.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

fn merge_token(out: &mut Vec<String>, token: &str) {
    let n = out.len();
    let last = out.last().map_or("", String::as_str);
    let before = if n >= 2 { out[n - 2].as_str() } else { "" };
    let join_last = joins_last(n, before, last, token);
    if join_last {
        if starts_with_marked_vowel(token)
            && n >= 2
            && last.chars().count() == 1
            && last.chars().all(is_plain_vowel)
            && is_onset(before)
            && !is_onset(last)
        {
            let merged = format!("{before}{last}{token}");
            out.pop();
            out.pop();
            out.push(merged);
        } else if let Some(prev) = out.last_mut() {
            prev.push_str(token);
        }
    } else {
        out.push(token.to_string());
    }
}

fn join_caps_runs(tokens: &mut Vec<String>) {
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len() && is_short_caps(&tokens[j]) && (j == i || !tokens[j - 1].ends_with(',')) {
            j += 1;
        }
        let run = &tokens[i..j];
        if run.len() >= 3 && run.iter().any(|t| t.trim_end_matches(',').chars().count() == 1) {
            let merged: String = run.concat();
            tokens.splice(i..j, [merged]);
        }
        i += 1;
    }
}

/// Every repair in order: [`normalize`], legacy decoding when [`detect_legacy`] finds an
/// encoding, soft hyphens and zero-width characters removed, pandoc's Markdown marks undone,
/// [`strip_markdown`] and [`repair_spacing`].
#[must_use]
pub fn clean(text: &str) -> String {
    let unhtml = strip_html(text);
    let unescaped = unescape_line_breaks(&unhtml);
    let normal = normalize(&unescaped);
    let decoded = match detect_legacy(&normal) {
        Some(legacy) => decode_legacy(&normal, legacy),
        None => normal,
    };
    let without_soft: String =
        if decoded.contains('\u{AD}') { decoded.chars().filter(|c| *c != '\u{AD}').collect() } else { decoded };
    let without_orphans = drop_orphan_marks(without_soft);
    let unmarked = pandoc::unpandoc(&without_orphans);
    repair_spacing(&strip_markdown(&unmarked))
}

/// The named character references of HTML that a Vietnamese page uses: the Latin-1 letters
/// with marks (the others are written as they are or by number) and the common punctuation.
const HTML_ENTITIES: [(&str, char); 46] = [
    ("nbsp", ' '),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("atilde", 'ã'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("otilde", 'õ'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("yacute", 'ý'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Atilde", 'Ã'),
    ("Egrave", 'È'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Igrave", 'Ì'),
    ("Iacute", 'Í'),
    ("Ograve", 'Ò'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Otilde", 'Õ'),
    ("Ugrave", 'Ù'),
    ("Uacute", 'Ú'),
    ("Yacute", 'Ý'),
    ("laquo", '«'),
];

/// A page's HTML source pasted as text ("<p><span>Ng&agrave;y 16 th&aacute;ng 8 …</span></p>"):
/// its tags dropped (a paragraph, line break, cell or heading ends a line) and its character
/// references decoded. Text without markup is returned as it is; a lone "<" or "&" stays.
fn strip_html(text: &str) -> Cow<'_, str> {
    // A byte test first: most texts hold neither a tag nor a reference.
    if !text.as_bytes().iter().any(|b| matches!(b, b'<' | b'&')) {
        return Cow::Borrowed(text);
    }
    let tags = ["<p", "<span", "<br", "<div", "</p>", "</span>", "</td>", "<td"]
        .iter()
        .filter(|t| contains_str(text, t))
        .count();
    let references = text.matches('&').take(4).count();
    if tags < 2 && (references < 3 || !contains_str(text, ";")) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(inner) = tail.strip_prefix('<') {
            // A tag: a name of letters (or "/" and one) up to ">".
            let end = inner.find('>').filter(|e| *e < 400);
            let named = inner.trim_start_matches('/').starts_with(|c: char| c.is_ascii_alphabetic());
            if let Some(end) = end.filter(|_| named && tags >= 2) {
                let name: String = inner[..end]
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if matches!(name.as_str(), "p" | "br" | "div" | "tr" | "td" | "li" | "h1" | "h2" | "h3" | "h4") {
                    out.push('\n');
                }
                rest = &inner[end + 1..];
            } else {
                out.push('<');
                rest = inner;
            }
            continue;
        }
        // A character reference: "&name;", "&#NNN;" or "&#xHH;".
        let decoded = tail[1..].find(';').filter(|e| *e <= 10).and_then(|e| {
            let name = &tail[1..=e];
            let c = if let Some(number) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(number, 16).ok().and_then(char::from_u32)
            } else if let Some(number) = name.strip_prefix('#') {
                number.parse().ok().and_then(char::from_u32)
            } else {
                HTML_ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
            };
            c.map(|c| (c, e + 2))
        });
        if let Some((c, len)) = decoded {
            out.push(c);
            rest = &tail[len..];
        } else {
            out.push('&');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A page that printed its line breaks as the escapes `\r\n` (the two characters each): when
/// the text holds several, they are line breaks.
fn unescape_line_breaks(text: &str) -> Cow<'_, str> {
    // A byte search for the backslash first: most texts hold none.
    if !text.contains('\\') || text.matches("\\r\\n").take(3).count() < 3 {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\\r\\n", "\n"))
}

/// Whether `c` is a combining diacritical mark (U+0300..U+036F).
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Drops combining marks that follow a space or start a line: a PDF text layer sometimes
/// emits a word's tone marks apart from it ("thiêt hai ̀ ̣ ̣ do"), where they can belong to
/// nothing. Marks after a letter are kept.
fn drop_orphan_marks(text: String) -> String {
    // Every mark of the block is encoded with a lead byte 0xCC or 0xCD.
    if position_of_either(0xCC, 0xCD, text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut prev = '\n';
    for c in text.chars() {
        if is_combining_mark(c)
            && (prev.is_whitespace() || is_combining_mark(prev) && out.ends_with(char::is_whitespace))
        {
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Initial consonants of a Vietnamese syllable, folded, longest first.
const INITIALS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m", "n",
    "p", "r", "s", "t", "v", "x", "",
];

/// Vowel runs a Vietnamese syllable may hold, folded (marks and vowel qualities dropped).
const NUCLEI: [&str; 36] = [
    "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi", "oo", "ua",
    "ue", "ui", "uo", "uu", "uy", "ya", "ye", "ieu", "oai", "oay", "oeo", "uay", "uoi", "uou", "uya", "uye",
];

/// Final consonants, folded.
const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Whether `folded` (lower case, without marks) spells one Vietnamese syllable: an initial
/// consonant, one run of vowels, a final consonant.
fn is_syllable(folded: &str) -> bool {
    INITIALS.iter().any(|initial| {
        folded.strip_prefix(initial).is_some_and(|rest| {
            let vowels = rest.find(|c: char| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')).unwrap_or(rest.len());
            let (nucleus, coda) = rest.split_at(vowels);
            // "qu" and "gi" lend their vowel to a run that would otherwise be empty ("quy", "gì").
            (NUCLEI.contains(&nucleus) || (nucleus.is_empty() && matches!(*initial, "gi" | "qu")))
                && FINALS.contains(&coda)
        })
    })
}

/// Two Vietnamese syllables printed without the space between them ("BANHÀNH",
/// "PHÁTTRIỂN", "CHÍNHPHỦ", "Đồngchí"), split again: a word with marks, in one case (or capitalised), that is not one
/// syllable but is two, the second opening with a consonant where the reading allows (without
/// a lexicon "CÔNGAN" reads "CÔN GAN": only words already broken are touched). Other
/// words (abbreviations, foreign words, numbers) are `None`.
#[must_use]
pub fn split_joined_syllables(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 4
        || chars.len() > 14
        || !chars.iter().all(|c| is_letter(*c))
        || chars.iter().all(char::is_ascii)
        || !(chars.iter().all(|c| c.is_uppercase())
            || chars.iter().all(|c| c.is_lowercase())
            || chars.iter().skip(1).all(|c| c.is_lowercase()))
    {
        return None;
    }
    // Folded once: one letter for each precomposed letter.
    let whole = fold(word);
    let folded: Vec<char> = whole.chars().collect();
    if folded.len() != chars.len() || !whole.is_ascii() || is_syllable(&whole) {
        return None;
    }
    let vowel = |c: &char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let splits: Vec<usize> = (1..folded.len())
        .filter(|&k| {
            let (left, right): (String, String) = (folded[..k].iter().collect(), folded[k..].iter().collect());
            is_syllable(&left)
                && is_syllable(&right)
                && left.chars().any(|c| vowel(&c))
                && right.chars().any(|c| vowel(&c))
        })
        .collect();
    // Of the readings whose second syllable opens with a consonant, the one that gives the
    // first its final ("BAN HÀNH", not "BA NHÀNH").
    let at = splits.iter().copied().rev().find(|&k| !vowel(&folded[k])).or_else(|| splits.first().copied())?;
    Some(format!("{} {}", chars[..at].iter().collect::<String>(), chars[at..].iter().collect::<String>()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_source_loses_its_tags_and_decodes_its_references() {
        let html = "<p style=\"text-align: justify;\"><span>Ng&agrave;y 16 th&aacute;ng 8 năm 2021, UBND tỉnh ban \
                    h&agrave;nh Văn bản số 2882/UBND-KTTH.</span></p> <p><span>Theo đ&oacute;, &#7901; &#x1EA1;</span></p>";
        assert_eq!(
            strip_html(html),
            "\nNgày 16 tháng 8 năm 2021, UBND tỉnh ban hành Văn bản số 2882/UBND-KTTH.\n \nTheo đó, ờ ạ\n"
        );
        // Text without markup, a lone "<" and an "&" that starts no reference stay as they are.
        for plain in ["Số: 12/UBND-VX < 3 & R&D", "Ban A & B; Sở C &amp D"] {
            assert_eq!(strip_html(plain), plain);
        }
    }

    #[test]
    fn italics_lose_their_stars_and_other_stars_stay() {
        assert_eq!(unitalic("*Nơi nhận:*").as_deref(), Some("Nơi nhận:"));
        assert_eq!(unitalic("*Hà Nội, ngày").as_deref(), Some("Hà Nội, ngày"));
        assert_eq!(unitalic("02 tháng 12 năm 2025*").as_deref(), Some("02 tháng 12 năm 2025"));
        for kept in ["***", "(*)", "*-* CT, các PCT", "- Như trên;"] {
            assert_eq!(unitalic(kept), None, "{kept}");
        }
    }

    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn byte_searches_find_the_first_place() {
        let text = "Hà Nội, ngày 02\u{A0}tháng 3 – năm 2024\u{FEFF} “x” ̀".as_bytes();
        for start in 0..text.len() {
            let bytes = &text[start..];
            let targets = [0xC2, 0xE2, 0xE3, 0xEF];
            assert_eq!(position_of_any(targets, bytes), bytes.iter().position(|b| targets.contains(b)));
            assert_eq!(position_of_either(0xCC, 0xCD, bytes), bytes.iter().position(|b| matches!(b, 0xCC | 0xCD)));
        }
    }

    #[test]
    fn the_legacy_pre_test_counts_every_sign() {
        for c in '\u{80}'..='\u{FF}' {
            let sign = TCVN3_SIGNS.contains(c) || VNI_MARKS.contains(c) || matches!(c, 'ñ' | 'Ñ');
            assert_eq!(has_two_legacy_signs(&format!("a{c} Hà Nội, o{c}")), sign, "{c:?}");
            assert!(!has_two_legacy_signs(&format!("a{c} Hà Nội")), "{c:?}");
        }
    }

    #[test]
    fn the_blocks_the_nfc_pre_check_passes_undecoded_hold_only_starters() {
        for c in ('\u{80}'..='\u{2FF}').chain('\u{1E00}'..='\u{1EFF}') {
            assert!(is_nfc_starter(c), "{c:?}");
            assert!(is_plainly_nfc(&format!("a{c}b")), "{c:?}");
        }
        for c in ['\u{300}', '\u{340}', '\u{1DC0}', '\u{2126}', '\u{FB1D}'] {
            assert!(!is_plainly_nfc(&format!("a{c}b")), "{c:?}");
        }
    }

    #[test]
    fn the_legacy_sign_table_holds_the_signs_and_marks() {
        for c in '\0'..='\u{FF}' {
            let signs = LEGACY_SIGNS[c as usize];
            assert_eq!(signs & TCVN3_SIGN != 0, TCVN3_SIGNS.contains(c), "{c:?}");
            assert_eq!(signs & VNI_MARK != 0, VNI_MARKS.contains(c), "{c:?}");
        }
    }

    #[test]
    fn lowercase_agrees_with_the_library() {
        for c in ('\0'..='\u{2FFF}').chain(['\u{FF21}', '\u{10400}', '\u{212A}']) {
            let s = format!("{c}Ab{c}");
            assert_eq!(lowercase(&s), s.to_lowercase(), "{c:?}");
        }
        for s in ["ỦY BAN NHÂN DÂN TỈNH", "ΟΔΟΣ ΣΑ", "İstanbul", "Đà Nẵng", ""] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s:?}");
        }
    }

    #[test]
    fn is_letter_agrees_with_the_library() {
        for c in ('\0'..='\u{2FFF}').chain(['\u{FF21}', '\u{10400}', '\u{1F600}']) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn position_of_finds_the_first_byte() {
        let text = "Ủy ban nhân dân tỉnh Đồng Nai, ngày 5 tháng 6: các sở, ban, ngành".as_bytes();
        for start in 0..text.len() {
            for byte in [b'a', b',', b':', 0xBB, 0x90, b'z', b' ', 0xE1] {
                let rest = &text[start..];
                assert_eq!(position_of(byte, rest), rest.iter().position(|&b| b == byte), "{byte} from {start}");
                assert_eq!(
                    position_of_either(byte, b'n', rest),
                    rest.iter().position(|&b| b == byte || b == b'n'),
                    "{byte} or n from {start}"
                );
            }
        }
    }

    #[test]
    fn split_str_agrees_with_the_library_split() {
        for text in ["", "<br>", "a<br>b", "<br>a<br><br>b<br>", "a <br > b", "Sở<br>Ban<br"] {
            assert_eq!(split_str(text, "<br>").collect::<Vec<_>>(), text.split("<br>").collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn find_str_agrees_with_the_library_search() {
        let hays = [
            "",
            "a",
            "uy ban nhan dan tinh",
            "Ủy ban nhân dân tỉnh Đồng Nai",
            "ngày ngày 5",
            "ââââb",
            "  n  ngày  5 ",
            "Ủy ban nhân dân tỉnh Đồng Nai yêu cầu các sở, ban, ngành thực hiện trước ngày 5",
        ];
        let needles = [
            "",
            "a",
            "uy ban ",
            "tinh",
            "nhân dân",
            "Đồng",
            "ngày 5",
            "âb",
            "ââb",
            "x",
            "dân tỉnh Đồng Nai!",
            " ",
            "  ",
            " Đồng",
            "  n",
            " 5",
            "ngày ",
        ];
        for hay in hays {
            for needle in needles {
                assert_eq!(find_str(hay, needle), hay.find(needle), "{needle:?} in {hay:?}");
                assert_eq!(contains_str(hay, needle), hay.contains(needle));
            }
        }
    }

    #[test]
    fn folds_case_diacritics_and_d_stroke() {
        assert_eq!(fold("Kiên Giang"), "kien giang");
        assert_eq!(fold("KIÊN GIANG"), "kien giang");
        assert_eq!(fold("  kien \t giang "), "kien giang");
        assert_eq!(fold("Đà Nẵng"), "da nang");
        assert_eq!(fold("Bình đẳng giới"), "binh dang gioi");
    }

    /// Folding without the table, character by character.
    fn fold_slowly(text: &str) -> String {
        let (mut out, mut pending, mut count) = (String::new(), false, 0usize);
        for c in text.chars() {
            if c.is_whitespace() {
                pending = !out.is_empty();
            } else if c.is_ascii() {
                if pending {
                    out.push(' ');
                    pending = false;
                }
                push_folded(c, &mut out);
            } else {
                fold_char_slowly(c, &mut pending, &mut count, &mut out);
            }
        }
        out
    }

    #[test]
    fn precomputed_facts_match_the_slow_paths() {
        for c in (0..INFO_LOW_END).chain(INFO_HIGH).filter_map(char::from_u32) {
            let text = format!("A {c}b{c}  {c}");
            assert_eq!(fold(&text), fold_slowly(&text), "U+{:04X}", u32::from(c));
            for n in 0..8 {
                let full: String = fold(&text).chars().take(n).collect();
                assert_eq!(fold_prefix(&text, n), full, "U+{:04X} {n}", u32::from(c));
            }
            assert_eq!(is_marked_vowel(c), is_marked_vowel_slowly(c), "U+{:04X}", u32::from(c));
            if is_plainly_nfc(&text) {
                assert_eq!(
                    unicode_normalization::is_nfc_quick(text.chars()),
                    unicode_normalization::IsNormalized::Yes,
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn decomposed_and_composed_input_fold_alike() {
        let composed = "Thừa Thiên Huế";
        let decomposed: String = composed.nfd().collect();
        assert_eq!(fold(composed), fold(&decomposed));
    }

    #[test]
    fn fold_prefix_is_a_prefix_of_fold() {
        for text in ["  Nơi   nhận: Bộ", "ĐỘC LẬP", "Kính gửi", "", "Ủy ban 👍 x"] {
            for n in 0..12 {
                let full: String = fold(text).chars().take(n).collect();
                assert_eq!(fold_prefix(text, n), full, "{text:?} {n}");
            }
        }
    }

    #[test]
    fn joined_syllables_are_split_again() {
        assert_eq!(split_joined_syllables("BANHÀNH").as_deref(), Some("BAN HÀNH"));
        assert_eq!(split_joined_syllables("PHÁTTRIỂN").as_deref(), Some("PHÁT TRIỂN"));
        assert_eq!(split_joined_syllables("TRIỂNKHAI").as_deref(), Some("TRIỂN KHAI"));
        assert_eq!(split_joined_syllables("CHÍNHPHỦ").as_deref(), Some("CHÍNH PHỦ"));
        assert_eq!(split_joined_syllables("vềviệc").as_deref(), Some("về việc"));
        assert_eq!(split_joined_syllables("Đồngchí").as_deref(), Some("Đồng chí"));
        for one in ["NGUYỄN", "NGHIÊNG", "KHUYẾN", "QUYỀN", "GIỮA", "HƯỚNG", "NGƯỜI", "XOAY", "ĐOÀN", "HOẠCH"]
        {
            assert_eq!(split_joined_syllables(one), None, "{one}");
        }
        for other in ["UBND", "HĐND", "COVID", "EBOLA", "TTHC", "Hà", "2021", "QĐ-UBND", "LĐTBXH", "BĐG"] {
            assert_eq!(split_joined_syllables(other), None, "{other}");
        }
    }

    #[test]
    fn normalize_composes_and_unifies_spaces() {
        let decomposed: String = "Nguyễn Thị Hà".nfd().collect();
        assert_eq!(normalize(&decomposed), "Nguyễn Thị Hà");
        assert_eq!(normalize("a\u{00A0}b\r\nc\u{200B}"), "a b\nc");
    }

    #[test]
    fn detects_and_decodes_tcvn3() {
        let mojibake =
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nHµ Néi, ngµy 19 th¸ng 02 n¨m 2021";
        assert_eq!(detect_legacy(mojibake), Some(Legacy::Tcvn3));
        assert_eq!(
            decode_legacy(mojibake, Legacy::Tcvn3),
            "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 19 tháng 02 năm 2021"
        );
        assert_eq!(decode_legacy("ng\u{AD}êi", Legacy::Tcvn3), "người");
    }

    #[test]
    fn detects_and_decodes_vni() {
        let mojibake = "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM\nÑoäc laäp - Töï do - Haïnh phuùc\nHaø Noäi, ngaøy 19 thaùng 02 naêm 2021";
        assert_eq!(detect_legacy(mojibake), Some(Legacy::Vni));
        assert_eq!(
            decode_legacy(mojibake, Legacy::Vni),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 19 tháng 02 năm 2021"
        );
        assert_eq!(decode_legacy("Nguyeãn Thò nöôùc", Legacy::Vni), "Nguyễn Thị nước");
    }

    #[test]
    fn unicode_text_is_not_legacy() {
        assert_eq!(detect_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam. Tiếng Việt có dấu."), None);
        assert_eq!(detect_legacy("plain ascii"), None);
        assert_eq!(detect_legacy(""), None);
    }

    #[test]
    fn strips_markdown_and_tables_keeping_content() {
        let md = "| VĂN PHÒNG CHÍNH PHỦ ------- | CỘNG HÒA |\n|---|---|\n| Số: 1/VP | Hà Nội |\n\n**KT. BỘ TRƯỞNG**\n# KẾ HOẠCH\n---\n![](img.jpg)tail";
        assert_eq!(
            strip_markdown(md),
            "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA\n\nSố: 1/VP\nHà Nội\n\n\nKT. BỘ TRƯỞNG\nKẾ HOẠCH\n\ntail"
        );
    }

    #[test]
    fn italics_inside_words_leave_no_mark() {
        assert_eq!(
            strip_markdown("bộ *(theo Quy*ế*t *đị*nh\n1616/Q*Đ*-TTg ngày 28/7/2025 c*ủ*a Th*ủ *t*ướ*ng Chính ph*ủ*)*."),
            "bộ (theo Quyết định\n1616/QĐ-TTg ngày 28/7/2025 của Thủ tướng Chính phủ)."
        );
        // A footnote's mark and a star between figures stay.
        assert_eq!(strip_markdown("Điều 5 (*) và 2*3 ghi chú"), "Điều 5 (*) và 2*3 ghi chú");
    }

    #[test]
    fn italics_of_a_wrapped_note_leave_no_mark() {
        let md = "- Công ty TNHH Huawei *(Tầng 33, Keangnam,\nphường Yên Hòa)*;\n- Văn phòng Chính phủ *(để biết)*;\n(*) Ghi chú";
        assert_eq!(
            strip_markdown(md),
            "- Công ty TNHH Huawei (Tầng 33, Keangnam,\nphường Yên Hòa);\n- Văn phòng Chính phủ (để biết);\n(*) Ghi chú"
        );
    }

    #[test]
    fn repairs_broken_words_conservatively() {
        assert_eq!(repair_spacing("Qu ả ng Ngãi"), "Quảng Ngãi");
        assert_eq!(repair_spacing("Đặ ng Văn Minh"), "Đặng Văn Minh");
        assert_eq!(repair_spacing("Bộ Lao động - Thương binh và X ã hội"), "Bộ Lao động - Thương binh và Xã hội");
        assert_eq!(repair_spacing("Ng o ại giao, Xã hộ i , Tài chính ,"), "Ngoại giao, Xã hội, Tài chính,");
        assert_eq!(repair_spacing("UBND các t ỉ nh, Trợ l ý TTCP"), "UBND các tỉnh, Trợ lý TTCP");
        assert_eq!(
            repair_spacing("các Vụ: TCCV, KG V X, TH; TGĐ C ổng TTĐT; KTTH (3 )"),
            "các Vụ: TCCV, KGVX, TH; TGĐ Cổng TTĐT; KTTH (3)"
        );
        assert_eq!(repair_spacing("V.II I, KGVX"), "V.III, KGVX");
        assert_eq!(repair_spacing("  thụt lề"), "  thụt lề");
        // Whole words are left alone.
        assert_eq!(repair_spacing("và ở điểm c khoản 2 của Sở Y tế"), "và ở điểm c khoản 2 của Sở Y tế");
        assert_eq!(repair_spacing("Hà Nội , ngày"), "Hà Nội, ngày");
    }
}
