//! Guards of the word table: no template carries visible Vietnamese text of its own (every word
//! a user reads comes from [`super::VI`] / [`super::EN`]), and the English words are English.

use std::path::{Path, PathBuf};

/// Attributes whose values people read or hear.
const VISIBLE_ATTRIBUTES: &[&str] = &["placeholder", "title", "aria-label", "alt", "data-confirm", "data-label"];

/// Whether `c` is a letter of Vietnamese beyond ASCII (a vowel with a diacritic, đ, Đ).
fn is_vietnamese_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// A code rather than words ("25/BC-SLĐTBXH", "91-UBND"): no lower-case letter, and a digit,
/// a dash or a slash.
fn is_code(token: &str) -> bool {
    !token.chars().any(char::is_lowercase) && token.chars().any(|c| c.is_ascii_digit() || c == '-' || c == '/')
}

/// Replaces `open … close` spans with spaces, keeping line breaks so that lines still count.
fn blank_spans(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let end = rest[start..].find(close).map_or(rest.len(), |e| start + e + close.len());
        out.extend(rest[start..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The values of a tag's attributes that are shown to people: the visible attributes, and the
/// `value` of a button-like input.
fn visible_attribute_values(tag: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut attributes = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_ascii_lowercase();
        let after = &rest[eq + 1..];
        let (value, next) = if let Some(q @ ('"' | '\'')) = after.chars().next() {
            let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
            (&after[1..end], &after[(end + 1).min(after.len())..])
        } else {
            let end = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        attributes.push((name, value.to_owned()));
        rest = next;
    }
    let button = attributes.iter().any(|(n, v)| n == "type" && matches!(v.as_str(), "submit" | "button" | "reset"));
    for (name, value) in attributes {
        if VISIBLE_ATTRIBUTES.contains(&name.as_str()) || (button && name == "value") {
            values.push(value);
        }
    }
    values
}

/// The text of a template a user would read, line by line: askama blocks removed, tags replaced
/// by their visible attribute values.
fn visible_text(template: &str) -> Vec<String> {
    let mut text = template.to_owned();
    for (open, close) in [("{#", "#}"), ("{%", "%}"), ("{{", "}}"), ("<!--", "-->")] {
        text = blank_spans(&text, open, close);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        out.push(' ');
        out.push_str(&visible_attribute_values(tag).join(" "));
        out.extend(tag.chars().filter(|c| *c == '\n'));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.lines().map(str::to_owned).collect()
}

/// The Vietnamese words of a template's visible text: (line, word).
fn vietnamese_words(template: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in visible_text(template).iter().enumerate() {
        for token in line.split_whitespace() {
            if token.chars().any(is_vietnamese_letter) && !is_code(token) {
                found.push((n + 1, token.to_owned()));
            }
        }
    }
    found
}

fn templates(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("templates folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            templates(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn templates_take_every_visible_word_from_the_word_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut files = Vec::new();
    templates(&root, &mut files);
    files.sort();
    assert!(files.len() >= 20, "the templates are under {}", root.display());
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("template");
        let name = file.strip_prefix(&root).unwrap_or(file).display().to_string();
        let mut lines = std::collections::BTreeMap::<usize, Vec<String>>::new();
        for (line, word) in vietnamese_words(&text) {
            lines.entry(line).or_default().push(word);
        }
        problems.extend(lines.into_iter().map(|(line, words)| format!("templates/{name}:{line}: {}", words.join(" "))));
    }
    assert!(
        problems.is_empty(),
        "visible Vietnamese text outside the word table (crates/web/src/i18n.rs):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_sees_text_attributes_and_buttons_but_not_code() {
    let template = r#"{% extends "base.html" %}
<h1>{{ page.t.title }}</h1>
<label>Tên <input name="tên" placeholder="{{ page.t.x }}"></label>
<input type="submit" value="Lưu">
<input type="hidden" name="next" value="/đơn-vị">
<a title="Đóng" href="/x">{# Chú thích #}{% if a == "Hà Nội" %}x{% endif %}</a>
<input placeholder="25/BC-SLĐTBXH">
<p>
  Xin chào
</p>"#;
    let found = vietnamese_words(template);
    let expected = [(3, "Tên"), (4, "Lưu"), (6, "Đóng"), (9, "chào")].map(|(l, w)| (l, w.to_owned()));
    assert_eq!(found, expected);
}

#[test]
fn english_words_are_english() {
    // The English table, as `Debug` prints it: `name: "text", …`.
    let table = format!("{:?}", super::EN);
    let allowed = ["other_language", "doc_type_example"];
    let mut problems = Vec::new();
    let mut read = 0;
    for entry in table.split("\", ") {
        let Some((name, text)) = entry.split_once(": \"") else { continue };
        read += 1;
        let name = name.rsplit([' ', '{']).next().unwrap_or(name);
        if text.chars().any(is_vietnamese_letter) && !allowed.contains(&name) {
            problems.push(format!("{name}: {text}"));
        }
    }
    assert!(read > 200, "read {read} words");
    assert!(problems.is_empty(), "Vietnamese in the English words:\n{}", problems.join("\n"));
}

#[test]
fn the_two_languages_say_different_things() {
    let vi = format!("{:?}", super::VI);
    let en = format!("{:?}", super::EN);
    let fields = |t: &str| -> Vec<(String, String)> {
        t.split("\", ")
            .filter_map(|e| e.split_once(": \""))
            .map(|(n, v)| (n.rsplit([' ', '{']).next().unwrap_or(n).to_owned(), v.to_owned()))
            .collect()
    };
    assert!(fields(&vi).len() > 200 && fields(&vi).len() == fields(&en).len());
    let same: Vec<String> = fields(&vi)
        .into_iter()
        .zip(fields(&en))
        .filter(|((n, a), (_, b))| a == b && a.chars().any(is_vietnamese_letter) && n != "doc_type_example")
        .map(|((n, _), _)| n)
        .collect();
    assert!(same.is_empty(), "left untranslated: {same:?}");
}
