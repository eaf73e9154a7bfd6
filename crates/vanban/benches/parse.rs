//! Throughput of the letter parser over the whole letter corpus (`tests/corpus/*.txt`), on one
//! thread, next to a plain baseline on the same text in the same run: `text::clean` followed by
//! `str::to_lowercase` and a line split. Run with `cargo bench -p vanban --bench parse`; set
//! `VANBAN_BENCH_SECS` to change the time spent on each (default 3 s).

// Byte and document counts are far below 2^52.
#![allow(clippy::cast_precision_loss)]

use std::fs;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../tests/support/corpus_files.rs"]
mod corpus_files;

/// Runs `pass` over the whole corpus until `budget` has passed; returns the passes made and
/// the time they took.
fn time_passes(docs: &[String], budget: Duration, mut pass: impl FnMut(&str) -> usize) -> (u32, Duration) {
    let start = Instant::now();
    let mut passes = 0u32;
    while start.elapsed() < budget {
        let mut sink = 0usize;
        for doc in docs {
            sink = sink.wrapping_add(pass(black_box(doc)));
        }
        black_box(sink);
        passes += 1;
    }
    (passes, start.elapsed())
}

fn megabytes_per_second(bytes: usize, passes: u32, elapsed: Duration) -> f64 {
    let total = bytes as f64 * f64::from(passes);
    total / elapsed.as_secs_f64() / 1_000_000.0
}

fn main() {
    let paths = corpus_files::text_paths(&corpus_files::corpus_dir());
    let docs: Vec<String> = paths.iter().map(|p| fs::read_to_string(p).expect("corpus text")).collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let secs = std::env::var("VANBAN_BENCH_SECS").ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(3.0);
    let budget = Duration::from_secs_f64(secs.max(0.1));

    // Warm-up: caches, allocator.
    let _ = time_passes(&docs, Duration::from_millis(300), |d| vanban::parse(d).len());

    let (parse_passes, parse_time) = time_passes(&docs, budget, |d| vanban::parse(d).len());
    let (base_passes, base_time) = time_passes(&docs, budget, |d| {
        let cleaned = vanban::text::clean(d);
        cleaned.to_lowercase().lines().count()
    });

    let parse_rate = megabytes_per_second(bytes, parse_passes, parse_time);
    let base_rate = megabytes_per_second(bytes, base_passes, base_time);
    let per_doc = parse_time.as_secs_f64() / (f64::from(parse_passes) * docs.len() as f64);
    println!("corpus: {} documents, {:.1} KB of text", docs.len(), bytes as f64 / 1000.0);
    println!(
        "vanban::parse:                 {parse_rate:8.2} MB/s per core ({parse_passes} passes in {:.2} s), {:.1} µs per document",
        parse_time.as_secs_f64(),
        per_doc * 1e6
    );
    println!(
        "baseline clean+lowercase+lines: {base_rate:8.2} MB/s per core ({base_passes} passes in {:.2} s)",
        base_time.as_secs_f64()
    );
    println!("ratio parse / baseline:        {:8.3}", parse_rate / base_rate);
}
