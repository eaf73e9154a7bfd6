//! Parses each text named on the command line (or every corpus text) three times and nothing
//! else: the program whose instructions callgrind counts for the parser's cost per byte.
//!
//! ```sh
//! cargo build --release -p vanban --example passes
//! valgrind --tool=callgrind --toggle-collect='vanban::letter::parse*' \
//!     target/release/examples/passes crates/vanban/tests/corpus/*.txt
//! ```
//!
//! It prints the bytes parsed, so that the collected instruction count divides by them.

use std::{env, fs, hint::black_box, path::PathBuf};

fn main() {
    let mut paths: Vec<PathBuf> = env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        paths = fs::read_dir(&dir)
            .expect("corpus directory")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
    }
    let texts: Vec<String> = paths.iter().map(|p| fs::read_to_string(p).expect("text")).collect();
    let mut records = 0usize;
    for _ in 0..3 {
        for text in &texts {
            records += vanban::parse(black_box(text)).len();
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    println!("{} texts, {bytes} bytes, parsed 3 times ({} bytes), {records} records", texts.len(), 3 * bytes);
}
