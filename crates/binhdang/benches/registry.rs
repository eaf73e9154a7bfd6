//! The org registry's load and read paths, measured on SQLite and (when `BD_TEST_POSTGRES_URL`
//! names a server) PostgreSQL in the same run:
//! - reading and checking the shipped CSV files (`binhdang_office::load_units`);
//! - importing the whole registry (about 28,500 units and 11,300 lineage edges) in one
//!   transaction;
//! - a name search as of a date (`list_units`, "kien giang" on 25/02/2021) and a unit's reach
//!   (the scope check), repeated, with the median and the 95th percentile.
//!
//! Run: `cargo bench -p binhdang --bench registry`.

use std::time::{Duration, Instant};

use binhdang_core::units::{UnitFilter, UnitKind};
use binhdang_store::testing::TestDb;
use binhdang_store::{Actor, Backend};
use chrono::{NaiveDate, TimeZone, Utc};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn measure(
    backend: Backend,
    batch: &binhdang_core::units::UnitBatch,
) -> Option<(Duration, Duration, Duration, Duration, Duration)> {
    let db = TestDb::new(backend).await?;
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("instant");
    db.store.migrate(at).await.expect("migrate");
    let started = Instant::now();
    db.store.import_units(batch, Actor { user: None, at }).await.expect("import");
    let import = started.elapsed();

    let day = NaiveDate::from_ymd_opt(2021, 2, 25).expect("date");
    let filter =
        UnitFilter { as_of: day, q: Some("kien giang".into()), kind: None, parent: None, limit: 50, offset: 0 };
    let mut search = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let (units, _) = db.store.list_units(&filter).await.expect("search");
        search.push(t.elapsed());
        assert!(units.iter().any(|u| u.kind == UnitKind::Province));
    }
    search.sort();
    let commune = db.store.unit_by_code("30733", day).await.expect("query").expect("Phường Vĩnh Thanh");
    let mut reach = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        db.store.reach(&commune).await.expect("reach");
        reach.push(t.elapsed());
    }
    reach.sort();
    Some((
        import,
        percentile(&search, 0.5),
        percentile(&search, 0.95),
        percentile(&reach, 0.5),
        percentile(&reach, 0.95),
    ))
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let files = binhdang::data::embedded_units();
    let started = Instant::now();
    let batch = binhdang_office::load_units(&files).expect("shipped data is valid");
    let read = started.elapsed();
    let rows = batch.units.len() + batch.lineage.len();
    println!(
        "read and check the CSV files: {:.1} ms ({} units, {} lineage edges)",
        read.as_secs_f64() * 1e3,
        batch.units.len(),
        batch.lineage.len()
    );
    let mut imports = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        match runtime.block_on(measure(backend, &batch)) {
            Some((import, s50, s95, r50, r95)) => {
                println!(
                    "{backend:?}: import {:.0} ms ({:.0} rows/s); search p50 {:.2} ms p95 {:.2} ms; reach p50 {:.2} ms p95 {:.2} ms",
                    import.as_secs_f64() * 1e3,
                    rows as f64 / import.as_secs_f64(),
                    s50.as_secs_f64() * 1e3,
                    s95.as_secs_f64() * 1e3,
                    r50.as_secs_f64() * 1e3,
                    r95.as_secs_f64() * 1e3,
                );
                imports.push(import);
            }
            None => println!("{backend:?}: skipped (set BD_TEST_POSTGRES_URL)"),
        }
    }
    if let [sqlite, postgres] = imports.as_slice() {
        println!("import time PostgreSQL / SQLite: {:.2}", postgres.as_secs_f64() / sqlite.as_secs_f64());
    }
}
