//! A deterministic synthetic data set shaped like the national one, and the national dashboard
//! query timed on it:
//!
//! ```sh
//! cargo run --release -p binhdang-analytics --example national [-- RUNS]
//! ```
//!
//! The map: 63 provinces, 693 districts and 10,035 communes until 30/06/2025; from 01/07/2025
//! 34 provinces (the old ones merged, whole) and about 3,300 communes (about three old communes
//! merged into each, every tenth old commune divided between two new ones, 0.7 / 0.3). The data:
//! 35 additive elements with 1, 2 or 4 option combinations (70 columns) and 15 other elements with
//! 2 (30 columns), one value each per commune and year, 2016–2024 by the old communes, 2025 by
//! the new ones — about 9.4 million values in three forms. The query: the 35 elements × 34
//! provinces × 2021–2025 on the map of 01/01/2026; then one province, the 63 old provinces in
//! 2016–2020 on the map of 2021, and the nation. It prints the load time,
//! the process's resident memory, p50 / p95 of each query and the sum of the answers (so that two
//! builds can be compared).

use std::time::Instant;

use binhdang_analytics::{AreaUnit, Edge, Engine, Query, Registry, Value};
use binhdang_core::reporting::Period;
use binhdang_core::units::{UnitId, UnitKind};
use chrono::NaiveDate;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

const NATION: UnitId = UnitId(1);
const OLD_PROVINCES: i64 = 63;
const NEW_PROVINCES: i64 = 34;
const OLD_COMMUNES: i64 = 10_035;
const DISTRICTS_PER_PROVINCE: i64 = 11;

struct Map {
    registry: Registry,
    old_communes: Vec<UnitId>,
    new_communes: Vec<UnitId>,
    new_provinces: Vec<UnitId>,
}

fn map() -> Map {
    let end = Some(day(2025, 6, 30));
    let start = Some(day(2025, 7, 1));
    let mut units = vec![AreaUnit { id: NATION, parent: None, kind: UnitKind::Nation, from: None, to: None }];
    let mut edges = Vec::new();
    let new_provinces: Vec<UnitId> = (0..NEW_PROVINCES).map(|q| UnitId(2_000 + q)).collect();
    for q in &new_provinces {
        units.push(AreaUnit { id: *q, parent: Some(NATION), kind: UnitKind::Province, from: start, to: None });
    }
    // Old communes by old province, old provinces by the new province they merged into.
    let mut by_new: Vec<Vec<UnitId>> = vec![Vec::new(); new_provinces.len()];
    let mut old_communes = Vec::new();
    let per_province = OLD_COMMUNES / OLD_PROVINCES;
    for p in 0..OLD_PROVINCES {
        let province = UnitId(1_000 + p);
        let q = usize::try_from(p * NEW_PROVINCES / OLD_PROVINCES).expect("small");
        units.push(AreaUnit { id: province, parent: Some(NATION), kind: UnitKind::Province, from: None, to: end });
        edges.push(Edge { predecessor: province, successor: new_provinces[q], weight: 1.0, main: true });
        let communes = if p == OLD_PROVINCES - 1 { OLD_COMMUNES - per_province * p } else { per_province };
        for c in 0..communes {
            let district = UnitId(10_000 + p * 100 + c % DISTRICTS_PER_PROVINCE);
            if c < DISTRICTS_PER_PROVINCE {
                units.push(AreaUnit {
                    id: district,
                    parent: Some(province),
                    kind: UnitKind::District,
                    from: None,
                    to: end,
                });
            }
            let commune = UnitId(100_000 + p * 1_000 + c);
            units.push(AreaUnit { id: commune, parent: Some(district), kind: UnitKind::Commune, from: None, to: end });
            old_communes.push(commune);
            by_new[q].push(commune);
        }
    }
    // New communes: about three old ones each; every tenth old one divided with the next.
    let mut new_communes = Vec::new();
    for (q, olds) in by_new.iter().enumerate() {
        let first = new_communes.len();
        for chunk in olds.chunks(3) {
            let id = UnitId(500_000 + i64::try_from(new_communes.len()).expect("small"));
            units.push(AreaUnit { id, parent: Some(new_provinces[q]), kind: UnitKind::Commune, from: start, to: None });
            new_communes.push(id);
            for old in chunk {
                edges.push(Edge { predecessor: *old, successor: id, weight: 1.0, main: true });
            }
        }
        for (i, old) in olds.iter().enumerate() {
            let into = first + i / 3;
            if i % 10 == 9 && into + 1 < new_communes.len() {
                let e = edges.iter_mut().rev().find(|e| e.predecessor == *old).expect("its edge");
                e.weight = 0.7;
                edges.push(Edge { predecessor: *old, successor: new_communes[into + 1], weight: 0.3, main: false });
            }
        }
    }
    Map { registry: Registry::new(units, edges), old_communes, new_communes, new_provinces }
}

/// A form's columns: (element, options).
type Columns = Vec<(String, Vec<String>)>;

/// The forms and their columns.
fn forms() -> Vec<(String, Columns)> {
    let options = |n: usize| -> Vec<String> {
        if n == 1 { vec!["default".to_owned()] } else { (0..n).map(|i| format!("o{i}")).collect() }
    };
    let sizes = [2, 2, 1, 4, 1];
    let queried: Columns = (0..35).map(|i| (format!("E{i:02}"), options(sizes[i % 5]))).collect();
    let other: Columns = (0..15).map(|i| (format!("F{i:02}"), options(2))).collect();
    vec![("F1".to_owned(), queried[..17].to_vec()), ("F2".to_owned(), queried[17..].to_vec()), ("F3".to_owned(), other)]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss, reason = "an index")]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn time(engine: &Engine, q: &Query, runs: usize) -> (f64, f64, f64, usize) {
    let cells = engine.aggregate(q);
    let total: f64 = cells.iter().map(|c| c.value).sum();
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(engine.aggregate(q));
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.5), percentile(&ms, 0.95), total, cells.len())
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(40);
    let t = Instant::now();
    let m = map();
    let engine = Engine::new(m.registry);
    let forms = forms();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut values = 0usize;
    let mut checksum = 0u64;
    for year in 2016..=2025 {
        let communes = if year < 2025 { &m.old_communes } else { &m.new_communes };
        for (form, columns) in &forms {
            for unit in communes {
                let mut report = Vec::new();
                for (element, options) in columns {
                    for option in options {
                        let v = rng.below(1_000);
                        checksum = checksum.wrapping_mul(31).wrapping_add(v);
                        #[allow(clippy::cast_precision_loss, reason = "below 1,000")]
                        report.push(Value { element: element.clone(), option: option.clone(), value: v as f64 });
                    }
                }
                values += report.len();
                engine.set_report((form.clone(), Period::year(year), *unit), &report, true);
            }
        }
    }
    let loaded = t.elapsed().as_secs_f64();
    let t = Instant::now();
    engine.compact();
    let compacted = t.elapsed().as_secs_f64();
    println!(
        "{values} values (checksum {checksum:x}) loaded in {loaded:.1} s, compacted in {:.0} ms; RSS {:.0} MiB",
        compacted * 1e3,
        rss_mib()
    );
    let as_of = day(2026, 1, 1);
    let national = Query {
        dx: (0..35).map(|i| format!("E{i:02}")).collect(),
        pe: (2021..=2025).map(Period::year).collect(),
        ou: m.new_provinces.clone(),
        as_of,
        include_unapproved: false,
    };
    let t = Instant::now();
    let _ = engine.aggregate(&national);
    println!("first national query (builds the map's expansion): {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let (p50, p95, total, cells) = time(&engine, &national, runs);
    println!("national: {cells} cells, total {total}, p50 {p50:.2} ms, p95 {p95:.2} ms ({runs} runs)");
    let empty = Query { pe: vec![Period::year(2030)], ..national.clone() };
    let (p50, p95, _, _) = time(&engine, &empty, runs);
    println!("national, a year with no data (the fixed cost): p50 {p50:.2} ms, p95 {p95:.2} ms");
    let province = Query { ou: vec![m.new_provinces[7]], ..national.clone() };
    let (p50, p95, total, cells) = time(&engine, &province, runs * 5);
    println!("one province: {cells} cells, total {total}, p50 {p50:.3} ms, p95 {p95:.3} ms ({} runs)", runs * 5);
    let old_map = Query {
        pe: (2016..=2020).map(Period::year).collect(),
        ou: (0..OLD_PROVINCES).map(|p| UnitId(1_000 + p)).collect(),
        as_of: day(2021, 6, 1),
        ..national.clone()
    };
    let _ = engine.aggregate(&old_map);
    let (p50, p95, total, cells) = time(&engine, &old_map, runs);
    println!("63 provinces, 2016–2020 on the 2021 map: {cells} cells, total {total}, p50 {p50:.2} ms, p95 {p95:.2} ms");
    let nation = Query { ou: vec![NATION], ..national };
    let (p50, p95, total, cells) = time(&engine, &nation, runs);
    println!("the nation: {cells} cells, total {total}, p50 {p50:.2} ms, p95 {p95:.2} ms ({runs} runs)");
    println!("RSS after the queries: {:.0} MiB", rss_mib());
}
