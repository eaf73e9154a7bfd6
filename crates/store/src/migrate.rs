//! Migrations for both engines from one set of files. The DDL is written once; the tokens
//! `{serial}` (an auto-numbered primary key), `{id_key}` (a
//! primary key of another table's ids, `SQLite`'s row id), `{real}` (a double), `{blob}` (bytes) and
//! `{without_rowid}` (a table clustered on its primary key, `SQLite` only) are rendered per engine.
//! Applied versions are recorded in `schema_migrations`; each migration runs in a transaction.

use chrono::{DateTime, Utc};

use crate::{Backend, Result, Store};

/// The migrations, in order.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../migrations/0001_foundation.sql")),
    (2, "documents_tasks", include_str!("../migrations/0002_documents_tasks.sql")),
    (3, "results_attachments_symbols", include_str!("../migrations/0003_results_attachments_symbols.sql")),
    (4, "indicators", include_str!("../migrations/0004_indicators.sql")),
    (5, "activities", include_str!("../migrations/0005_activities.sql")),
    (6, "plans", include_str!("../migrations/0006_plans.sql")),
    (7, "activity_files", include_str!("../migrations/0007_activity_files.sql")),
    (8, "hardening", include_str!("../migrations/0008_hardening.sql")),
    (9, "pending_uploads", include_str!("../migrations/0009_pending_uploads.sql")),
    (10, "reporting", include_str!("../migrations/0010_reporting.sql")),
    (11, "report_changes", include_str!("../migrations/0011_report_changes.sql")),
    (12, "difficulties", include_str!("../migrations/0012_difficulties.sql")),
    (13, "report_values_clustered", include_str!("../migrations/0013_report_values_clustered.sql")),
    (14, "unit_coordinates", include_str!("../migrations/0014_unit_coordinates.sql")),
    (15, "report_data", include_str!("../migrations/0015_report_data.sql")),
];

/// The migration after whose DDL the values move from one row per value to one row per report
/// (`packed::convert_value_rows`).
const VALUES_BY_REPORT: i64 = 15;

fn render(sql: &str, backend: Backend) -> String {
    let (serial, id_key, real, blob, without_rowid) = match backend {
        Backend::Sqlite => {
            ("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER PRIMARY KEY", "REAL", "BLOB", "WITHOUT ROWID")
        }
        Backend::Postgres => ("BIGSERIAL PRIMARY KEY", "BIGINT PRIMARY KEY", "DOUBLE PRECISION", "BYTEA", ""),
    };
    sql.replace("{serial}", serial)
        .replace("{id_key}", id_key)
        .replace("{real}", real)
        .replace("{blob}", blob)
        .replace("{without_rowid}", without_rowid)
}

impl Store {
    /// Applies the migrations not yet applied; returns how many ran.
    pub async fn migrate(&self, now: DateTime<Utc>) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        if self.backend() == Backend::Postgres {
            // Several servers may start at once; one migrates, the others wait.
            sqlx::query("SELECT pg_advisory_xact_lock(7102021)").execute(&mut *tx).await?;
        }
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations \
             (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations").fetch_all(&mut *tx).await?;
        let mut ran = 0;
        for &(version, name, sql) in MIGRATIONS {
            if applied.contains(&version) {
                continue;
            }
            tracing::info!(version, name, "applying migration");
            sqlx::raw_sql(&render(sql, self.backend())).execute(&mut *tx).await?;
            if version == VALUES_BY_REPORT {
                crate::packed::convert_value_rows(&mut tx).await?;
            }
            sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(version)
                .bind(name)
                .bind(crate::audit::instant(now))
                .execute(&mut *tx)
                .await?;
            ran += 1;
        }
        tx.commit().await?;
        Ok(ran)
    }
}
