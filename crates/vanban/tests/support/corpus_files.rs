//! The corpus texts, sorted by name: shared by the parse bench, the speed examples and the
//! damaged-input tests (each includes this file with `#[path]`).

use std::fs;
use std::path::{Path, PathBuf};

/// This crate's corpus directory.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("corpus")
}

/// Every `*.txt` file in `dir`, sorted by name.
pub fn text_paths(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}
