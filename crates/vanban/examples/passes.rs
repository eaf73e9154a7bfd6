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

#[path = "../tests/support/corpus_files.rs"]
mod corpus_files;

fn main() {
    let mut paths: Vec<PathBuf> = env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths = corpus_files::text_paths(&corpus_files::corpus_dir());
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
