//! The analytics engine at national scale: about 9 million approved values — 100 elements by
//! sex, 2021–2024 reported by the 2021 map's communes and 2025 by today's — generated
//! deterministically into the engine (no database), then the national dashboard query (40
//! elements × 34 provinces × 5 years on the 2025 map, every old commune's values moved through
//! the lineage) and the same for one province, p50 and p95 over repeated runs; the engine's
//! memory and load time. The registry comes from the shipped unit files through a throwaway
//! SQLite database.
//!
//! Run: `cargo bench -p binhdang --bench analytics` (`BD_BENCH_ELEMENTS` changes the number of
//! elements, default 100).

use std::time::{Duration, Instant};

use binhdang_analytics::{AreaUnit, Edge, Engine, Query, Registry, Value};
use binhdang_core::reporting::Period;
use binhdang_core::units::UnitKind;
use binhdang_store::Backend;
use binhdang_store::testing::TestDb;
use chrono::{NaiveDate, TimeZone, Utc};

fn percentile(mut runs: Vec<Duration>, p: f64) -> Duration {
    runs.sort();
    let i = ((runs.len() as f64 - 1.0) * p).round() as usize;
    runs[i.min(runs.len() - 1)]
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// The registry from the shipped unit files, through a throwaway SQLite database.
fn load_registry() -> Registry {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let (units, edges) = runtime.block_on(async {
        let db = TestDb::new(Backend::Sqlite).await.expect("database");
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("instant");
        db.store.migrate(at).await.expect("migrate");
        binhdang::demo::load_reference(&db.store, &binhdang_core::FixedClock(at)).await.expect("registry");
        db.store.area_registry().await.expect("registry")
    });
    Registry::new(
        units
            .iter()
            .map(|(id, parent, kind, from, to)| AreaUnit {
                id: *id,
                parent: *parent,
                kind: *kind,
                from: *from,
                to: *to,
            })
            .collect(),
        edges
            .into_iter()
            .map(|(predecessor, successor, weight, main)| Edge { predecessor, successor, weight, main })
            .collect(),
    )
}

fn main() {
    let elements: usize = std::env::var("BD_BENCH_ELEMENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
    let registry = load_registry();
    let old_map = d(2022, 6, 1);
    let new_map = d(2026, 1, 1);
    let old_communes = registry.areas(UnitKind::Commune, None, old_map);
    let new_communes = registry.areas(UnitKind::Commune, None, new_map);
    let provinces = registry.areas(UnitKind::Province, None, new_map);
    let codes: Vec<String> = (0..elements).map(|i| format!("E{i:03}")).collect();
    let engine = Engine::new(registry);
    let before = rss_mib();
    let started = Instant::now();
    let mut count: u64 = 0;
    let mut checksum: f64 = 0.0;
    let mut seed: u64 = 7;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % 1_000) as f64
    };
    for year in 2021..=2025 {
        let communes = if year < 2025 { &old_communes } else { &new_communes };
        for unit in communes {
            let values: Vec<Value> = codes
                .iter()
                .flat_map(|e| ["nam", "nu"].map(|o| (e, o)))
                .map(|(e, o)| Value { element: e.clone(), option: o.to_owned(), value: next() })
                .collect();
            count += values.len() as u64;
            checksum += values.iter().map(|v| v.value).sum::<f64>();
            engine.set_report(("BENCH".into(), Period::year(year), *unit), &values, true);
        }
    }
    // As the server does after its load: the columns sorted for the queries.
    engine.compact();
    let load = started.elapsed();
    let after = rss_mib();
    println!(
        "{count} values ({} communes 2021–2024, {} in 2025, {elements} elements × 2), checksum {checksum:.0}; load {:.1} s, engine {:.0} MiB (process RSS {after:.0} MiB)",
        old_communes.len(),
        new_communes.len(),
        load.as_secs_f64(),
        after - before
    );
    let national = Query {
        dx: codes.iter().take(40).cloned().collect(),
        pe: (2021..=2025).map(Period::year).collect(),
        ou: provinces.clone(),
        as_of: new_map,
        include_unapproved: false,
    };
    // The first run builds the 2025 map's expansion; it is timed on its own.
    let t = Instant::now();
    let cells = engine.aggregate(&national);
    let first = t.elapsed();
    let total: f64 = cells.iter().filter(|c| c.pe == 0).map(|c| c.value).sum();
    let mut runs = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let again = engine.aggregate(&national);
        runs.push(t.elapsed());
        assert_eq!(again.len(), cells.len());
    }
    println!(
        "national query (40 elements × {} provinces × 5 years, 2025 map): {} cells, first {:.0} ms, p50 {:.1} ms, p95 {:.1} ms; 2021 total of the 40 {total:.0}",
        provinces.len(),
        cells.len(),
        first.as_secs_f64() * 1e3,
        percentile(runs.clone(), 0.5).as_secs_f64() * 1e3,
        percentile(runs, 0.95).as_secs_f64() * 1e3,
    );
    let one = Query { ou: vec![provinces[provinces.len() / 2]], ..national.clone() };
    let mut runs = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let _ = engine.aggregate(&one);
        runs.push(t.elapsed());
    }
    println!(
        "one province: p50 {:.1} ms, p95 {:.1} ms",
        percentile(runs.clone(), 0.5).as_secs_f64() * 1e3,
        percentile(runs, 0.95).as_secs_f64() * 1e3
    );
    // The same 2021 values on the 2021 map: the national total is conserved through the lineage.
    let old = Query { pe: vec![Period::year(2021)], ou: registry_nation(&engine, old_map), as_of: old_map, ..national };
    let old_total: f64 = engine.aggregate(&old).iter().map(|c| c.value).sum();
    println!("2021 total on the 2021 map {old_total:.0} (2025 map: {total:.0})");
}

fn registry_nation(engine: &Engine, day: NaiveDate) -> Vec<binhdang_core::units::UnitId> {
    engine.areas(UnitKind::Nation, None, day)
}
