//! The analytics engine over the national data set in a real database, beside the peers a user
//! would pick instead: the same aggregation as SQL `GROUP BY` on the same database (with the
//! indexes a DBA would add), and files for `DuckDB` (`scripts/bench-national.sh` runs it over
//! Parquet). Prints the engine's load time and memory, the national dashboard query (40 elements
//! × 34 provinces × 5 years on the 2025 map) and one province's, p50 and p95 warm, the SQL
//! query's, and checks that the answers are identical. Also the scan's memory-bandwidth floor.
//!
//! Run: `BD_BENCH_URL=sqlite://data-national/binhdang.db cargo bench -p binhdang --bench national`
//! (after `binhdang demo --scale national --no-serve --data-dir data-national`), or with a
//! `postgres://` URL of the same data. `BD_BENCH_DUCKDB_DIR=dir` also writes `values.csv` and
//! `area_map.csv` there for `DuckDB`.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use binhdang_analytics::Query;
use binhdang_app::{Services, Settings};
use binhdang_core::FixedClock;
use binhdang_core::reporting::{self, Period};
use binhdang_core::units::UnitKind;
use binhdang_store::Store;
use binhdang_store::packed::Figures;
use binhdang_store::testing::peer;
use chrono::{NaiveDate, TimeZone, Utc};

fn percentile(mut runs: Vec<Duration>, p: f64) -> f64 {
    runs.sort();
    let i = ((runs.len() as f64 - 1.0) * p).round() as usize;
    runs[i.min(runs.len() - 1)].as_secs_f64() * 1e3
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Summing a 512 MiB array of doubles: the machine's memory bandwidth for a scan, in GB/s.
fn bandwidth() -> f64 {
    let data: Vec<f64> = (0..(64 << 20)).map(|i| f64::from(i % 1000)).collect();
    let mut best = f64::MAX;
    let mut sink = 0.0;
    for _ in 0..5 {
        let t = Instant::now();
        sink += data.iter().sum::<f64>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    std::hint::black_box(sink);
    (data.len() * 8) as f64 / best / 1e9
}

fn main() {
    let url = std::env::var("BD_BENCH_URL").expect("BD_BENCH_URL: the national data set's database");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(run(&url));
}

#[allow(clippy::too_many_lines, reason = "one benchmark story: load, engine, SQL, DuckDB files, checks")]
async fn run(url: &str) {
    let store = Store::connect(url).await.expect("connect");
    let now = Utc.with_ymd_and_hms(2026, 1, 15, 2, 0, 0).single().expect("instant");
    let services = Services::new(store.clone(), Arc::new(FixedClock(now)), Settings::default());
    let before = rss_mib();
    let t = Instant::now();
    let engine = binhdang_app::analytics::fresh(&services).await.expect("engine");
    let load = t.elapsed();
    let after = rss_mib();
    println!(
        "engine: {} values loaded in {:.1} s, {:.0} MiB (process RSS {after:.0} MiB)",
        engine.len(),
        load.as_secs_f64(),
        after - before
    );
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("day");
    let provinces = engine.areas(UnitKind::Province, None, day);
    let elements: Vec<&'static str> = ["BDG_NAM", "THD_NAM", "CLQG_NAM"]
        .iter()
        .filter_map(|f| reporting::form(f).ok())
        .flat_map(|f| {
            f.elements()
                .filter(|e| {
                    e.value_type == reporting::ValueType::Integer && e.aggregation == reporting::Aggregation::Sum
                })
                .map(|e| e.code)
                .collect::<Vec<_>>()
        })
        .take(40)
        .collect();
    let periods: Vec<Period> = (2021..=2025).map(Period::year).collect();
    let national = Query {
        dx: elements.iter().map(|e| (*e).to_owned()).collect(),
        pe: periods.clone(),
        ou: provinces.clone(),
        as_of: day,
        include_unapproved: false,
    };
    let t = Instant::now();
    let cells = engine.aggregate(&national);
    let first = t.elapsed();
    let mut runs = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        std::hint::black_box(engine.aggregate(&national));
        runs.push(t.elapsed());
    }
    println!(
        "engine, national query ({} elements × {} provinces × 5 years): {} cells, first {:.1} ms, p50 {:.2} ms, p95 {:.2} ms",
        elements.len(),
        provinces.len(),
        cells.len(),
        first.as_secs_f64() * 1e3,
        percentile(runs.clone(), 0.5),
        percentile(runs, 0.95)
    );
    let one = Query { ou: vec![provinces[provinces.len() / 2]], ..national.clone() };
    let mut runs = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        std::hint::black_box(engine.aggregate(&one));
        runs.push(t.elapsed());
    }
    println!("engine, one province: p50 {:.2} ms, p95 {:.2} ms", percentile(runs.clone(), 0.5), percentile(runs, 0.95));
    let gbs = bandwidth();
    // The scan reads, for each of the 40 elements, every value's number (8 bytes) and its unit and
    // period codes (4 + 2 bytes).
    let scanned = engine.len() as f64 * 40.0 / 100.0 * 14.0;
    println!(
        "memory bandwidth {gbs:.1} GB/s: reading the 40 elements' columns ({:.0} MB) takes at least {:.2} ms",
        scanned / 1e6,
        scanned / gbs / 1e6
    );

    // The peer: the area map a DBA would precompute from the lineage, and SQL GROUP BY.
    let registry = engine.registry();
    let units: Vec<i64> = store
        .all_report_heads()
        .await
        .expect("heads")
        .iter()
        .map(|h| h.unit.0)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let province_set: std::collections::HashSet<_> = provinces.iter().copied().collect();
    let mut map = Vec::new();
    for u in &units {
        for (area, weight, _) in registry.expand(binhdang_core::units::UnitId(*u), day) {
            if province_set.contains(&area) {
                map.push((*u, area.0, weight));
            }
        }
    }
    peer::create_area_map(&store, &map).await.expect("area map");
    let period_codes: Vec<String> = periods.iter().map(Period::code).collect();
    let t = Instant::now();
    let sql = peer::group_by_province(&store, &elements, &period_codes).await.expect("SQL");
    let first_sql = t.elapsed();
    let mut runs = vec![first_sql];
    for _ in 0..4 {
        let t = Instant::now();
        std::hint::black_box(peer::group_by_province(&store, &elements, &period_codes).await.expect("SQL"));
        runs.push(t.elapsed());
    }
    let (p50, p95) = (percentile(runs.clone(), 0.5), percentile(runs, 0.95));
    println!("SQL GROUP BY on {:?}: {} rows, p50 {p50:.0} ms, p95 {p95:.0} ms", store.backend(), sql.len());

    // Identical answers: every (element, province, period) of SQL against the engine's cell.
    let engine_cells: HashMap<(String, i64, String), f64> = cells
        .iter()
        .map(|c| ((national.dx[c.dx].clone(), national.ou[c.ou].0, national.pe[c.pe].code()), c.value))
        .collect();
    let mut worst = 0.0_f64;
    for (e, p, pe, v) in &sql {
        let mine = engine_cells.get(&(e.clone(), *p, pe.clone())).copied().unwrap_or(0.0);
        worst = worst.max((mine - v).abs() / v.abs().max(1.0));
    }
    let total_sql: f64 = sql.iter().map(|r| r.3).sum();
    let total_engine: f64 = cells.iter().map(|c| c.value).sum();
    println!("identical: largest relative difference {worst:.1e}; totals engine {total_engine:.1}, SQL {total_sql:.1}");
    assert!(worst < 1e-9, "the engine and SQL disagree");

    if let Ok(dir) = std::env::var("BD_BENCH_DUCKDB_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("area_map.csv")).expect("file"));
        writeln!(out, "unit_id,province_id,weight").expect("write");
        for (u, p, w) in &map {
            writeln!(out, "{u},{p},{w}").expect("write");
        }
        let heads = store.all_report_heads().await.expect("heads");
        let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("values.csv")).expect("file"));
        writeln!(out, "unit_id,period,status,element,option_combo,value").expect("write");
        for batch in heads.chunks(2_000) {
            let by_id: HashMap<i64, _> = batch.iter().map(|h| (h.id, h)).collect();
            let ids: Vec<i64> = batch.iter().map(|h| h.id).collect();
            for packed in store.packed_values::<Figures, 3>(&ids).await.expect("values") {
                if let Some(h) = by_id.get(&packed.report) {
                    for [element, option, value] in packed.rows() {
                        writeln!(out, "{},{},{},{element},{option},{value}", h.unit.0, h.period, h.status.as_str())
                            .expect("write");
                    }
                }
            }
        }
        out.flush().expect("flush");
        std::fs::write(dir.join("expected.txt"), format!("{} {total_engine}\n", elements.join(","))).expect("write");
        println!("DuckDB files written to {}", dir.display());
    }
}
