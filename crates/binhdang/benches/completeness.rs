//! Completeness of every area of the country for one period (the nation, 34 provinces and 3,321
//! communes of the 2025 map, each report's status known), measured on SQLite and (when
//! `BD_TEST_POSTGRES_URL` names a server) PostgreSQL in the same run:
//! - binhdang's way (`binhdang_app::reports::completeness_everywhere`): the area tree and the
//!   period's reports read in a fixed number of queries, counted in one pass from the leaves up;
//! - the peer: the database alone, a recursive query up the area tree grouped by ancestor
//!   (`Store::completeness_by_sql`), as one would write it without binhdang's engine.
//!
//! Run: `cargo bench -p binhdang --bench completeness`.

use std::time::{Duration, Instant};

use binhdang_core::reporting::Status;
use binhdang_core::units::UnitKind;
use binhdang_store::testing::TestDb;
use binhdang_store::{Actor, Backend};
use chrono::{NaiveDate, TimeZone, Utc};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

async fn measure(backend: Backend) -> Option<(usize, Duration, Duration)> {
    let db = TestDb::new(backend).await?;
    let at = Utc.with_ymd_and_hms(2025, 12, 20, 2, 0, 0).single().expect("instant");
    let clock = binhdang_core::FixedClock(at);
    db.store.migrate(at).await.expect("migrate");
    binhdang::demo::load_reference(&db.store, &clock).await.expect("registry");
    let day = NaiveDate::from_ymd_opt(2025, 12, 14).expect("date");
    // Two reports in three sent, one in five of those approved.
    let tree = db.store.area_tree(day).await.expect("tree");
    let actor = Actor { user: None, at };
    let mut sent = 0;
    for (i, (unit, _, kind)) in tree.iter().enumerate() {
        if matches!(kind, UnitKind::Province | UnitKind::Commune) && i % 3 != 0 {
            let head = db
                .store
                .move_report("BDG_NAM", "2025", *unit, 0, Status::ChuaNhap, Status::DaGui, "", actor)
                .await
                .expect("send");
            if i % 5 == 0 {
                db.store
                    .move_report("BDG_NAM", "2025", *unit, head.version, Status::DaGui, Status::DaDuyet, "", actor)
                    .await
                    .expect("approve");
            }
            sent += 1;
        }
    }
    let (admin, _) = db.store.user_for_login("admin").await.expect("query").expect("admin");
    let services =
        binhdang_app::Services::new(db.store.clone(), std::sync::Arc::new(clock), binhdang_app::Settings::default());
    let mut ours = Vec::new();
    let mut areas = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let all = binhdang_app::reports::completeness_everywhere(&services, &admin, "BDG_NAM", "2025", None)
            .await
            .expect("completeness");
        ours.push(t.elapsed());
        areas = all.len();
        assert_eq!(all[0].counts.received, sent);
    }
    let mut peer = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let rows = db
            .store
            .completeness_by_sql("BDG_NAM", "2025", day, &[UnitKind::Province, UnitKind::Commune])
            .await
            .expect("sql");
        peer.push(t.elapsed());
        assert!(rows.len() >= 35);
    }
    Some((areas, median(ours), median(peer)))
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        match runtime.block_on(measure(backend)) {
            Some((areas, ours, peer)) => println!(
                "{backend:?}: completeness of {areas} areas: binhdang {:.1} ms, recursive SQL {:.1} ms (ratio SQL / binhdang {:.1})",
                ours.as_secs_f64() * 1e3,
                peer.as_secs_f64() * 1e3,
                peer.as_secs_f64() / ours.as_secs_f64()
            ),
            None => println!("{backend:?}: skipped (no server)"),
        }
    }
}
