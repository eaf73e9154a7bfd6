//! Bulk import of data values through `binhdang_app::exchange::import` (the same path as
//! `POST /api/dataValueSets`: decoding, rights, locks, the grid's checks, one transaction), on
//! SQLite and (when `BD_TEST_POSTGRES_URL` names a server) PostgreSQL in the same run. The body
//! is `BD_BULK_VALUES` values (default 100,000) of the national strategy's form for 2024, every
//! option combination of every element for as many areas as it takes, imported by a national
//! officer; then the same body again (every value ignored as unchanged) and an export of it all.
//!
//! Run: `cargo bench -p binhdang --bench bulk_import`.

use std::time::Instant;

use binhdang_app::Services;
use binhdang_app::exchange::{DataValueInput, DataValueSetInput, ExportQuery, ImportOptions, export, import};
use binhdang_core::clock::{Clock, FixedClock};
use binhdang_core::reporting;
use binhdang_store::Backend;
use binhdang_store::testing::TestDb;
use chrono::{NaiveDate, TimeZone, Utc};

async fn measure(backend: Backend, n: usize) -> Option<(f64, f64, f64)> {
    let db = TestDb::new(backend).await?;
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 3, 15, 2, 0, 0).single().expect("instant"));
    db.store.migrate(clock.now()).await.expect("migrate");
    binhdang::demo::load_reference(&db.store, &clock).await.expect("reference data");
    let (user, _) = db.store.user_for_login("bo.chuyenvien").await.expect("query").expect("demo account");
    let state = Services::new(db.store.clone(), std::sync::Arc::new(clock), binhdang_app::Settings::default());

    let form = reporting::form("CLQG_NAM").expect("form");
    let day = NaiveDate::from_ymd_opt(2024, 12, 31).expect("day");
    let tree = db.store.area_tree(day).await.expect("areas");
    let ids: Vec<_> = tree.iter().map(|(id, _, _)| *id).collect();
    let codes = db.store.codes_of(&ids).await.expect("codes");
    let mut units: Vec<&String> = codes.values().collect();
    units.sort();
    // Elements under no rule of the form, so that any numbers pass.
    let ruled = |code: &str| form.rules.iter().any(|r| r.left.0 == code || r.right.0 == code);
    let cells: Vec<(String, String)> = form
        .elements()
        .filter(|e| e.value_type.is_numeric() && !ruled(e.code))
        .flat_map(|e| e.combo.option_combos().into_iter().map(move |o| (e.code.to_owned(), o.code)))
        .collect();
    let mut values = Vec::with_capacity(n);
    'fill: for unit in &units {
        for (i, (element, option)) in cells.iter().enumerate() {
            if values.len() == n {
                break 'fill;
            }
            values.push(DataValueInput {
                data_element: element.clone(),
                org_unit: Some((*unit).clone()),
                category_option_combo: Some(option.clone()),
                value: Some((i % 97).to_string()),
                ..DataValueInput::default()
            });
        }
    }
    let n = values.len();
    let set = DataValueSetInput {
        data_set: Some("CLQG_NAM".into()),
        period: Some("2024".into()),
        data_values: values,
        ..DataValueSetInput::default()
    };
    let options = ImportOptions::default();
    let t = Instant::now();
    let first = import(&state, &user, &set, &options).await.expect("import");
    let import_rate = n as f64 / t.elapsed().as_secs_f64();
    assert!(first.conflicts.is_empty(), "{:?}", first.conflicts.first());
    assert_eq!(first.count.imported, n);
    let t = Instant::now();
    let again = import(&state, &user, &set, &options).await.expect("import");
    let again_rate = n as f64 / t.elapsed().as_secs_f64();
    assert_eq!(again.count.ignored, n);
    let t = Instant::now();
    let q = ExportQuery {
        data_sets: vec!["CLQG_NAM".into()],
        periods: vec!["2024".into()],
        org_units: vec!["VN".into()],
        children: true,
        ..ExportQuery::default()
    };
    let rows = export(&state, &user, &q).await.expect("export");
    let export_rate = rows.len() as f64 / t.elapsed().as_secs_f64();
    assert_eq!(rows.len(), n);
    Some((import_rate, again_rate, export_rate))
}

fn main() {
    let n: usize = std::env::var("BD_BULK_VALUES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    println!("{n} values of CLQG_NAM 2024 through exchange::import (values/s)");
    println!("| backend | import (new) | import again (unchanged) | export |");
    println!("|---|---|---|---|");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        match rt.block_on(measure(backend, n)) {
            Some((a, b, c)) => println!("| {backend:?} | {a:.0} | {b:.0} | {c:.0} |"),
            None => println!("| {backend:?} | skipped (no server) | | |"),
        }
    }
}
