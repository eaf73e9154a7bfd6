//! Test databases: a fresh `SQLite` file, or a fresh `PostgreSQL` database on the server named by
//! `BD_TEST_POSTGRES_URL` (the test script starts one). With `BD_TEST_REQUIRE_POSTGRES=1` a
//! missing server fails the tests instead of skipping the `PostgreSQL` half.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::{Backend, Store};

/// A database for one test; the `SQLite` file lives as long as this value.
#[derive(Debug)]
pub struct TestDb {
    /// The connected, unmigrated store.
    pub store: Store,
    /// Its URL.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The `PostgreSQL` server for tests, if any.
///
/// # Panics
/// When `BD_TEST_REQUIRE_POSTGRES=1` and no server is configured.
#[must_use]
pub fn postgres_url() -> Option<String> {
    let url = std::env::var("BD_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty());
    assert!(
        !(url.is_none() && std::env::var("BD_TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")),
        "BD_TEST_REQUIRE_POSTGRES=1 but BD_TEST_POSTGRES_URL is not set"
    );
    url
}

/// Creates a `PostgreSQL` database (optionally as a copy of `template`) on the test server and
/// connects to it.
///
/// # Panics
/// When the server is not configured or refuses.
pub async fn create_postgres_database(name: &str, template: Option<&str>) -> Store {
    let admin_url = postgres_url().expect("BD_TEST_POSTGRES_URL");
    let admin = Store::connect(&admin_url).await.expect("connect to PostgreSQL");
    let sql = match template {
        Some(t) => format!("CREATE DATABASE {name} TEMPLATE {t}"),
        None => format!("CREATE DATABASE {name}"),
    };
    sqlx::raw_sql(&sql).execute(admin.pool()).await.expect("create database");
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL with a database name");
    Store::connect(&format!("{base}/{name}")).await.expect("connect to the new database")
}

/// Runs `sql` (one or more statements) on `store` as its own user: for tests that set up what no
/// application path does (roles, rows that break a key).
///
/// # Errors
/// When the database refuses a statement.
pub async fn execute(store: &Store, sql: &str) -> crate::Result<()> {
    sqlx::raw_sql(sql).execute(store.pool()).await?;
    Ok(())
}

/// A name for a new test database, unique on the server for this process.
#[must_use]
pub fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

impl TestDb {
    /// A fresh database on `backend`, or `None` when `PostgreSQL` is asked for and not available.
    ///
    /// # Panics
    /// When the database cannot be created.
    pub async fn new(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = format!("sqlite://{}/test.db", dir.path().display());
                let store = Store::connect(&url).await.expect("connect to SQLite");
                Some(Self { store, url, _dir: Some(dir) })
            }
            Backend::Postgres => {
                let admin_url = postgres_url()?;
                let name = format!("bd_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
                let admin = Store::connect(&admin_url).await.expect("connect to PostgreSQL");
                sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await.expect("create database");
                admin.close().await;
                let (base, _) = admin_url.rsplit_once('/').expect("URL with a database name");
                let url = format!("{base}/{name}");
                let store = Store::connect(&url).await.expect("connect to the test database");
                Some(Self { store, url, _dir: None })
            }
        }
    }
}

/// The peers of the analytics benchmark: the national query as a DBA would write it in SQL, a
/// `GROUP BY` over the values joined with a table mapping each reporting area to the province
/// it counts for on the day's map (with the lineage weight), indexed as a DBA would index it.
pub mod peer {
    use sqlx::Row;

    use crate::{Result, Store};

    /// Replaces the mapping table `bench_area_map (unit_id, province_id, weight)` with `rows`,
    /// and lays the stored values out one row per value in `bench_values (report_id, element,
    /// value)` with an index on the report, as a database of one row per value would hold them:
    /// the peer's `GROUP BY` reads that table.
    pub async fn create_area_map(store: &Store, rows: &[(i64, i64, f64)]) -> Result<()> {
        sqlx::raw_sql(
            "DROP TABLE IF EXISTS bench_values; \
             CREATE TABLE bench_values (report_id BIGINT NOT NULL, element TEXT NOT NULL, value TEXT NOT NULL)",
        )
        .execute(store.pool())
        .await?;
        let ids: Vec<i64> = sqlx::query_scalar("SELECT report_id FROM report_data").fetch_all(store.pool()).await?;
        for chunk in ids.chunks(2_000) {
            let mut list = Vec::new();
            for report in store.packed_values::<crate::packed::Figures, 3>(chunk).await? {
                for [element, _, value] in report.rows() {
                    list.push(format!(
                        "({}, '{}', '{}')",
                        report.report,
                        element.replace('\'', "''"),
                        value.replace('\'', "''")
                    ));
                }
            }
            for rows in list.chunks(5_000) {
                sqlx::raw_sql(&format!(
                    "INSERT INTO bench_values (report_id, element, value) VALUES {}",
                    rows.join(", ")
                ))
                .execute(store.pool())
                .await?;
            }
        }
        sqlx::raw_sql("CREATE INDEX bench_values_report ON bench_values (report_id)").execute(store.pool()).await?;
        sqlx::raw_sql(
            "DROP TABLE IF EXISTS bench_area_map; \
             CREATE TABLE bench_area_map (unit_id BIGINT NOT NULL, province_id BIGINT NOT NULL, weight DOUBLE PRECISION NOT NULL); \
             CREATE INDEX IF NOT EXISTS reports_status_period ON reports (status, period)",
        )
        .execute(store.pool())
        .await?;
        for chunk in rows.chunks(500) {
            let list = chunk.iter().map(|(u, p, w)| format!("({u}, {p}, {w})")).collect::<Vec<_>>().join(", ");
            sqlx::raw_sql(&format!("INSERT INTO bench_area_map (unit_id, province_id, weight) VALUES {list}"))
                .execute(store.pool())
                .await?;
        }
        sqlx::raw_sql("CREATE INDEX bench_area_map_unit ON bench_area_map (unit_id); ANALYZE")
            .execute(store.pool())
            .await?;
        Ok(())
    }

    /// The sums of approved values of `elements` by (element, province, period) over `periods`.
    pub async fn group_by_province(
        store: &Store,
        elements: &[&str],
        periods: &[String],
    ) -> Result<Vec<(String, i64, String, f64)>> {
        let quote = |t: &str| format!("'{}'", t.replace('\'', "''"));
        let sql = format!(
            "SELECT v.element AS element, m.province_id AS province, r.period AS period, \
             SUM(CAST(v.value AS DOUBLE PRECISION) * m.weight) AS total \
             FROM reports r JOIN bench_area_map m ON m.unit_id = r.unit_id JOIN bench_values v ON v.report_id = r.id \
             WHERE r.status = 'da_duyet' AND r.period IN ({}) AND v.element IN ({}) \
             GROUP BY v.element, m.province_id, r.period",
            periods.iter().map(|p| quote(p)).collect::<Vec<_>>().join(", "),
            elements.iter().map(|e| quote(e)).collect::<Vec<_>>().join(", ")
        );
        let rows = sqlx::query(&sql).fetch_all(store.pool()).await?;
        rows.iter()
            .map(|r| Ok((r.try_get("element")?, r.try_get("province")?, r.try_get("period")?, r.try_get("total")?)))
            .collect()
    }
}
