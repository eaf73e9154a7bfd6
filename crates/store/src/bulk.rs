//! Bulk loading of reported values: millions of values in one transaction, on a connection of
//! the load's own, through each engine's fastest path — multi-row `INSERT`s into the clustered
//! value table on `SQLite`, `COPY` on `PostgreSQL`. The caller has checked every value first
//! (`binhdang_app::exchange::bulk`); the store checks again what can change meanwhile: a report
//! that became locked is a conflict and nothing is written.
//!
//! The load is all or nothing: [`BulkLoad::commit`] makes it visible, and dropping the load
//! without committing closes its connection, which rolls the transaction back.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use sqlx::{Connection, Executor, PgConnection, Row, SqliteConnection};

use binhdang_core::reporting::Status;
use binhdang_core::units::UnitId;

use crate::audit::{Actor, instant};
use crate::{Backend, Result, Store, StoreError};

/// Reports per statement when creating or touching reports.
const REPORTS_PER_STATEMENT: usize = 5_000;

/// A report a bulk load writes into: created with `status` when missing, else it must be
/// editable and keeps its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkReport {
    /// The form's code.
    pub form: String,
    /// The period's code.
    pub period: String,
    /// The reporting area.
    pub unit: UnitId,
    /// The status a new report gets.
    pub status: Status,
}

/// Values of a bulk load gathered for one statement, already in the form its database reads:
/// a JSON array of rows for `SQLite`'s `json_each`, `COPY` text rows for `PostgreSQL`. Filled by
/// [`BulkBatch::push`] on the parsing thread, so that the database's thread only writes.
#[derive(Debug)]
pub struct BulkBatch {
    sqlite: bool,
    ids: Arc<[i64]>,
    /// What ends each `COPY` row: the load's source, user and instant.
    row_end: Arc<str>,
    text: String,
    rows: usize,
    /// Values per report, as runs (files come sorted by report).
    counts: Vec<(usize, u64)>,
}

impl BulkBatch {
    /// Values per statement: `SQLite` unpacks one JSON array per statement, `PostgreSQL` takes a
    /// `COPY` of this many rows.
    const ROWS: usize = 10_000;

    /// Adds one checked value, in stored form, of the load's report number `report`.
    pub fn push(&mut self, report: usize, element: &str, option: &str, value: &str, comment: &str) -> Result<()> {
        let id = *self
            .ids
            .get(report)
            .ok_or_else(|| StoreError::Corrupt(format!("giá trị của báo cáo thứ {report} không có trong lượt nạp")))?;
        match self.counts.last_mut() {
            Some((r, n)) if *r == report => *n += 1,
            _ => self.counts.push((report, 1)),
        }
        if self.sqlite {
            self.text.push(if self.rows == 0 { '[' } else { ',' });
            let _ = write!(self.text, "[{id}");
            for field in [element, option, value, comment] {
                self.text.push(',');
                json_string(&mut self.text, field);
            }
            self.text.push(']');
        } else {
            let _ = write!(self.text, "{id}");
            for field in [element, option, value, comment] {
                self.text.push('\t');
                copy_field(&mut self.text, field);
            }
            self.text.push_str(&self.row_end);
        }
        self.rows += 1;
        Ok(())
    }

    /// Values in the batch.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether the batch holds no value.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Whether the batch holds a statement's worth.
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.rows >= Self::ROWS
    }

    /// A new empty batch of the same load.
    #[must_use]
    pub fn next(&self) -> Self {
        Self {
            sqlite: self.sqlite,
            ids: self.ids.clone(),
            row_end: self.row_end.clone(),
            text: String::with_capacity(self.text.capacity()),
            rows: 0,
            counts: Vec::new(),
        }
    }
}

/// Appends `text` as a JSON string literal.
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// A bulk load in progress: the reports exist (inside the transaction), values go in by
/// [`BulkLoad::write`], and [`BulkLoad::commit`] ends it.
pub struct BulkLoad {
    conn: Conn,
    ids: Arc<[i64]>,
    /// Values written per report, for the audit log.
    counts: Vec<u64>,
    /// Whether every report was created by this load: values then cannot meet stored ones.
    fresh: bool,
    now: String,
    actor: Actor,
    source: String,
    written: u64,
    /// The store's count of committed changes, moved at the commit.
    changes: Arc<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for BulkLoad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkLoad")
            .field("reports", &self.ids.len())
            .field("fresh", &self.fresh)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

type ReportKey = (String, String, i64);

impl Store {
    /// Starts a bulk load into `reports`: opens a connection of its own, begins the
    /// transaction, creates the missing reports and marks the existing ones changed. An
    /// existing report that is no longer editable is a conflict naming it. `source` is stored
    /// with every value (`import`).
    pub async fn bulk_load(&self, reports: &[BulkReport], source: &str, actor: Actor) -> Result<BulkLoad> {
        let mut conn = match self.backend() {
            Backend::Sqlite => {
                let mut c = SqliteConnection::connect(&self.url).await?;
                // A page cache of its own (128 MiB, bounded whatever the file's size) keeps the
                // upper levels of the value table's tree in memory while millions of rows go in.
                c.execute(
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                     PRAGMA cache_size = -131072;",
                )
                .await?;
                c.execute("BEGIN IMMEDIATE").await?;
                Conn::Sqlite(c)
            }
            Backend::Postgres => {
                let mut c = PgConnection::connect(&self.url).await?;
                c.execute("BEGIN").await?;
                Conn::Postgres(c)
            }
        };
        if source.is_empty() || !source.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(StoreError::Corrupt(format!("nguồn số liệu \"{source}\" không hợp lệ")));
        }
        let now = instant(actor.at);
        let mut forms: Vec<&str> = reports.iter().map(|r| r.form.as_str()).collect();
        forms.sort_unstable();
        forms.dedup();
        let existing = existing_reports(&mut conn, &forms).await?;
        let mut touched = Vec::new();
        let mut missing = Vec::new();
        for r in reports {
            match existing.get(&(r.form.clone(), r.period.clone(), r.unit.0)) {
                Some((id, status)) if status.editable() => touched.push(*id),
                Some((_, status)) => {
                    return Err(StoreError::Conflict(format!(
                        "báo cáo {} kỳ {} của đơn vị số {} đang ở trạng thái \"{}\", không nhận giá trị",
                        r.form,
                        r.period,
                        r.unit.0,
                        status.label_vi()
                    )));
                }
                None => missing.push(r),
            }
        }
        for chunk in touched.chunks(REPORTS_PER_STATEMENT) {
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "UPDATE reports SET version = version + 1, updated_at = '{now}', \
                 status = CASE WHEN status = 'chua_nhap' THEN 'dang_nhap' ELSE status END WHERE id IN ({list})"
            );
            execute(&mut conn, &sql).await?;
        }
        insert_reports(&mut conn, &missing, &now).await?;
        let ids_by_key = if missing.is_empty() { existing } else { existing_reports(&mut conn, &forms).await? };
        let ids = reports
            .iter()
            .map(|r| {
                ids_by_key
                    .get(&(r.form.clone(), r.period.clone(), r.unit.0))
                    .map(|(id, _)| *id)
                    .ok_or_else(|| StoreError::Corrupt(format!("báo cáo {} kỳ {} không được tạo", r.form, r.period)))
            })
            .collect::<Result<Vec<_>>>()?;
        let fresh = touched.is_empty();
        if let Conn::Postgres(c) = &mut conn
            && !skip_key_checks(c).await?
        {
            tracing::info!(
                "bulk load keeps PostgreSQL's row-by-row key checks: the role may not set session_replication_role"
            );
        }
        if !fresh && let Conn::Postgres(c) = &mut conn {
            c.execute("CREATE TEMP TABLE bulk_values (LIKE report_values) ON COMMIT DROP").await?;
        }
        Ok(BulkLoad {
            conn,
            counts: vec![0; ids.len()],
            ids: ids.into(),
            fresh,
            now,
            actor,
            source: source.to_owned(),
            written: 0,
            changes: self.changes.clone(),
        })
    }
}

/// Lets the rest of the load's transaction skip `PostgreSQL`'s row-by-row checks of foreign
/// keys, where the role may. Every value and change row the load writes names a report read back
/// in this transaction — created by it, or updated by it and so locked against deletion until the
/// commit — so those keys hold by construction, while their checks (one index probe and a row
/// lock on the report per value) take three quarters of a `COPY` into the value table. Setting
/// `session_replication_role` needs a superuser or a role granted `SET` on it; for any other the
/// checks stay, and the load is only slower. The setting is local: it ends with the transaction,
/// on a connection of the load's own. Returns whether the checks are skipped.
async fn skip_key_checks(c: &mut PgConnection) -> Result<bool> {
    c.execute("SAVEPOINT bulk_keys").await?;
    let skipped = c.execute("SET LOCAL session_replication_role = replica").await.is_ok();
    c.execute(if skipped { "RELEASE SAVEPOINT bulk_keys" } else { "ROLLBACK TO SAVEPOINT bulk_keys" }).await?;
    Ok(skipped)
}

async fn execute(conn: &mut Conn, sql: &str) -> Result<()> {
    match conn {
        Conn::Sqlite(c) => {
            c.execute(sql).await?;
        }
        Conn::Postgres(c) => {
            c.execute(sql).await?;
        }
    }
    Ok(())
}

/// Every report of `forms`, by (form, period, unit), with its id and status.
async fn existing_reports(conn: &mut Conn, forms: &[&str]) -> Result<HashMap<ReportKey, (i64, Status)>> {
    let mut out = HashMap::new();
    if forms.is_empty() {
        return Ok(out);
    }
    // Form codes come from the catalog (checked by the caller), never from the file as such.
    let list = forms.iter().map(|f| format!("'{}'", f.replace('\'', "''"))).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT id, form, period, unit_id, status FROM reports WHERE form IN ({list})");
    let mut put = |id: i64, form: String, period: String, unit: i64, status: String| -> Result<()> {
        let status = Status::parse(&status).map_err(|_| StoreError::Corrupt(status.clone()))?;
        out.insert((form, period, unit), (id, status));
        Ok(())
    };
    match conn {
        Conn::Sqlite(c) => {
            for r in c.fetch_all(sql.as_str()).await? {
                put(r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)?;
            }
        }
        Conn::Postgres(c) => {
            for r in c.fetch_all(sql.as_str()).await? {
                put(r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)?;
            }
        }
    }
    Ok(out)
}

/// Creates `reports`, each with its status; a report created as sent or approved carries the
/// load's instant as its sending and decision times. The rows go as one JSON parameter per
/// statement, unpacked by the database (`json_each`, `json_to_recordset`).
async fn insert_reports(conn: &mut Conn, reports: &[&BulkReport], now: &str) -> Result<()> {
    let columns = "INSERT INTO reports (form, period, unit_id, status, version, first_submitted_at, submitted_at, \
                   decided_at, created_at, updated_at)";
    for chunk in reports.chunks(REPORTS_PER_STATEMENT) {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|r| {
                let sent = matches!(r.status, Status::DaGui | Status::DaDuyet).then_some(now);
                let decided = matches!(r.status, Status::DaDuyet | Status::MienNop).then_some(now);
                serde_json::json!({"f": r.form, "p": r.period, "u": r.unit.0, "s": r.status.as_str(), "sent": sent, "decided": decided})
            })
            .collect();
        let json = serde_json::Value::Array(rows).to_string();
        match conn {
            Conn::Sqlite(c) => {
                let sql = format!(
                    "{columns} SELECT j.value ->> 'f', j.value ->> 'p', j.value ->> 'u', j.value ->> 's', 1, \
                     j.value ->> 'sent', j.value ->> 'sent', j.value ->> 'decided', '{now}', '{now}' FROM json_each($1) AS j"
                );
                sqlx::query(&sql).bind(json).execute(&mut *c).await?;
            }
            Conn::Postgres(c) => {
                let sql = format!(
                    "{columns} SELECT x.f, x.p, x.u, x.s, 1, x.sent, x.sent, x.decided, '{now}', '{now}' \
                     FROM json_to_recordset($1::json) AS x(f TEXT, p TEXT, u BIGINT, s TEXT, sent TEXT, decided TEXT)"
                );
                sqlx::query(&sql).bind(json).execute(&mut *c).await?;
            }
        }
    }
    Ok(())
}

/// Appends `text` to a `COPY … FROM STDIN` text-format row, escaped.
fn copy_field(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

impl BulkLoad {
    /// How many values were written so far.
    #[must_use]
    pub fn written(&self) -> u64 {
        self.written
    }

    /// An empty batch of values for this load, to fill on any thread (the parsing thread does)
    /// and hand to [`BulkLoad::write`].
    #[must_use]
    pub fn batch(&self) -> BulkBatch {
        let user = self.actor.user.map_or_else(|| "\\N".to_owned(), |u| u.0.to_string());
        BulkBatch {
            sqlite: matches!(self.conn, Conn::Sqlite(_)),
            ids: self.ids.clone(),
            row_end: format!("\t{}\t\t{user}\t{}\n", self.source, self.now).into(),
            text: String::new(),
            rows: 0,
            counts: Vec::new(),
        }
    }

    /// Writes a batch (a later value for the same key replaces an earlier or a stored one).
    pub async fn write(&mut self, batch: BulkBatch) -> Result<()> {
        if batch.rows == 0 {
            return Ok(());
        }
        for (report, n) in &batch.counts {
            *self.counts.get_mut(*report).ok_or_else(|| {
                StoreError::Corrupt(format!("giá trị của báo cáo thứ {report} không có trong lượt nạp"))
            })? += n;
        }
        let user = self.actor.user.map_or_else(|| "NULL".to_owned(), |u| u.0.to_string());
        let upsert = "ON CONFLICT (report_id, element, option_combo) DO UPDATE SET value = excluded.value, \
                      comment = excluded.comment, source = excluded.source, override_reason = '', \
                      entered_by = excluded.entered_by, entered_at = excluded.entered_at";
        match &mut self.conn {
            Conn::Sqlite(c) => {
                // One parameter per statement: the rows as a JSON array that SQLite unpacks in C
                // (`json_each`); binding thousands of parameters costs far more than the insert.
                let sql = format!(
                    "INSERT INTO report_values (report_id, element, option_combo, value, comment, source, \
                     override_reason, entered_by, entered_at) \
                     SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, '{}', '', {user}, '{}' \
                     FROM json_each($1) AS j WHERE true {}",
                    self.source,
                    self.now,
                    if self.fresh { "" } else { upsert }
                );
                let mut json = batch.text;
                json.push(']');
                sqlx::query(&sql).bind(json).execute(&mut *c).await?;
            }
            Conn::Postgres(c) => {
                let table = if self.fresh { "report_values" } else { "bulk_values" };
                let mut copy = c
                    .copy_in_raw(&format!(
                        "COPY {table} (report_id, element, option_combo, value, comment, source, override_reason, \
                         entered_by, entered_at) FROM STDIN"
                    ))
                    .await?;
                copy.send(batch.text.as_bytes()).await?;
                copy.finish().await?;
            }
        }
        self.written += batch.rows as u64;
        Ok(())
    }

    /// Ends the load: the reports' changes are logged (so every server's analytics engine
    /// reads them), each report gets one audit entry, and the transaction commits. Returns the
    /// number of values written.
    pub async fn commit(mut self) -> Result<u64> {
        if !self.fresh
            && let Conn::Postgres(c) = &mut self.conn
        {
            c.execute(
                "INSERT INTO report_values SELECT * FROM bulk_values \
                 ON CONFLICT (report_id, element, option_combo) DO UPDATE SET value = excluded.value, \
                 comment = excluded.comment, source = excluded.source, override_reason = '', \
                 entered_by = excluded.entered_by, entered_at = excluded.entered_at",
            )
            .await?;
        }
        let user = self.actor.user.map_or_else(|| "NULL".to_owned(), |u| u.0.to_string());
        let pairs: Vec<(i64, u64)> = self.ids.iter().copied().zip(self.counts.iter().copied()).collect();
        for chunk in pairs.chunks(REPORTS_PER_STATEMENT) {
            let changes = chunk.iter().map(|(id, _)| format!("({id}, '{}')", self.now)).collect::<Vec<_>>().join(", ");
            execute(&mut self.conn, &format!("INSERT INTO report_changes (report_id, at) VALUES {changes}")).await?;
            let audit = chunk
                .iter()
                .map(|(id, n)| {
                    format!(
                        "('{}', {user}, 'report.bulk_import', 'report', '{id}', '{{\"values\":{n},\"source\":\"{}\"}}')",
                        self.now, self.source
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            execute(
                &mut self.conn,
                &format!("INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) VALUES {audit}"),
            )
            .await?;
        }
        execute(&mut self.conn, "COMMIT").await?;
        self.changes.fetch_add(1, std::sync::atomic::Ordering::Release);
        match self.conn {
            Conn::Sqlite(c) => c.close().await?,
            Conn::Postgres(c) => c.close().await?,
        }
        Ok(self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::{copy_field, json_string};

    #[test]
    fn json_strings_read_back_as_the_text() {
        for text in ["", "plain", "quote \" and \\ back", "tab\tnew\nline\r", "\u{1}\u{1f}", "Nữ dân tộc thiểu số"]
        {
            let mut out = String::new();
            json_string(&mut out, text);
            assert_eq!(serde_json::from_str::<String>(&out).expect("JSON"), text);
        }
    }

    #[test]
    fn copy_fields_escape_what_the_text_format_reads_as_structure() {
        let mut out = String::new();
        copy_field(&mut out, "a\tb\\c\nd\re");
        assert_eq!(out, "a\\tb\\\\c\\nd\\re");
    }
}

/// An area of the registry as bulk loads and exports resolve codes: its code and name, its
/// parent and its validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaEntry {
    /// Identity.
    pub id: UnitId,
    /// Parent area.
    pub parent: Option<UnitId>,
    /// Nation, province, district or commune.
    pub kind: binhdang_core::units::UnitKind,
    /// GSO code.
    pub code: String,
    /// Name.
    pub name: String,
    /// First day (none: always).
    pub from: Option<chrono::NaiveDate>,
    /// Last day (none: still valid).
    pub to: Option<chrono::NaiveDate>,
}

impl Store {
    /// Every area of every date, with code and name: one query.
    pub async fn area_directory(&self) -> Result<Vec<AreaEntry>> {
        let rows = sqlx::query(
            "SELECT id, parent_id, kind, code, name, valid_from, valid_to FROM units \
             WHERE kind IN ('nation', 'province', 'district', 'commune')",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                let from: Option<String> = r.try_get("valid_from")?;
                let to: Option<String> = r.try_get("valid_to")?;
                Ok(AreaEntry {
                    id: UnitId(r.try_get("id")?),
                    parent: r.try_get::<Option<i64>, _>("parent_id")?.map(UnitId),
                    kind: kind.parse().map_err(|_| StoreError::Corrupt(kind.clone()))?,
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                    from: from.as_deref().map(crate::tasks::parse_day).transpose()?,
                    to: to.as_deref().map(crate::tasks::parse_day).transpose()?,
                })
            })
            .collect()
    }
}
