//! Text normalisation: Unicode NFC and diacritic folding for search.

use unicode_normalization::UnicodeNormalization;

/// Folds text for search: lower case, Vietnamese diacritics removed (`đ` → `d`), runs of
/// whitespace collapsed to one space, ends trimmed. "Kiên Giang", "KIÊN GIANG" and "kien  giang"
/// all fold to `kien giang`.
#[must_use]
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn folds_case_diacritics_and_d_stroke() {
        assert_eq!(fold("Kiên Giang"), "kien giang");
        assert_eq!(fold("KIÊN GIANG"), "kien giang");
        assert_eq!(fold("  kien \t giang "), "kien giang");
        assert_eq!(fold("Đà Nẵng"), "da nang");
        assert_eq!(fold("Bình đẳng giới"), "binh dang gioi");
    }

    #[test]
    fn decomposed_and_composed_input_fold_alike() {
        let composed = "Thừa Thiên Huế";
        let decomposed: String = composed.nfd().collect();
        assert_eq!(fold(composed), fold(&decomposed));
    }
}
