//! Writes `vanban::parse` of every corpus text, in ten forms each, as JSON lines: the dump that
//! speed work compares before and after a change (`cmp`), since every output must stay byte for
//! byte the same.
//!
//! `cargo run --release -p vanban --example equivalence -- OUT.jsonl [CORPUS_DIR]`
//!
//! The forms: the whole text, its first half, a middle cut, its lines merged into one, upper
//! case, lower case, doubled spaces, "İ" sprinkled every 50 characters (the one character whose
//! lower case is longer), decomposed Unicode (NFD) and CRLF line ends.

use std::{env, fs, io::Write, path::PathBuf};

use unicode_normalization::UnicodeNormalization;

#[path = "../tests/support/corpus_files.rs"]
mod corpus_files;

/// The byte index of the character nearest `at` from below.
fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn forms(text: &str) -> Vec<(&'static str, String)> {
    let half = floor_char(text, text.len() / 2);
    let (from, to) = (floor_char(text, text.len() / 4), floor_char(text, text.len() * 3 / 4));
    let sprinkled: String = text
        .chars()
        .enumerate()
        .flat_map(|(i, c)| (i % 50 == 49).then_some('İ').into_iter().chain(std::iter::once(c)))
        .collect();
    vec![
        ("whole", text.to_owned()),
        ("half", text[..half].to_owned()),
        ("middle", text[from..to].to_owned()),
        ("merged", text.replace('\n', " ")),
        ("upper", text.to_uppercase()),
        ("lower", text.to_lowercase()),
        ("spaces", text.replace(' ', "  ")),
        ("dotted-i", sprinkled),
        ("nfd", text.nfd().collect()),
        ("crlf", text.replace('\n', "\r\n")),
    ]
}

fn main() {
    let mut args = env::args().skip(1);
    let out = args.next().expect("usage: equivalence OUT.jsonl [CORPUS_DIR]");
    let dir = args.next().map_or_else(corpus_files::corpus_dir, PathBuf::from);
    let paths = corpus_files::text_paths(&dir);
    let mut file = std::io::BufWriter::new(fs::File::create(&out).expect("output file"));
    for path in &paths {
        let text = fs::read_to_string(path).expect("corpus text");
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        for (form, variant) in forms(&text) {
            let json = serde_json::to_string(&vanban::parse(&variant)).expect("JSON");
            writeln!(file, "{name} {form} {json}").expect("write");
        }
    }
    file.flush().expect("write");
    eprintln!("{} texts, {} forms each, written to {out}", paths.len(), 10);
}
