//! Bulk loading of reported values: millions of values in one transaction, on a connection of
//! the load's own, through each engine's fastest path. Values are stored by report
//! (`store::packed`): the parsing thread builds each report's stored text, and the database's
//! thread creates the reports and writes one row per report — multi-row `INSERT`s on `SQLite`,
//! `COPY` on `PostgreSQL`. The caller checks every value as it reads it
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
use crate::{Backend, Result, Store, StoreError, packed};

/// Reports per statement when creating or touching reports.
const REPORTS_PER_STATEMENT: usize = 5_000;
/// Report ids drawn from `PostgreSQL`'s sequence at a time.
const IDS_PER_DRAW: usize = 10_000;

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

/// Values of a bulk load gathered on the parsing thread: the reports seen for the first time,
/// and the values of each report in its stored form (`store::packed`), so that the database's
/// thread only writes. A file's values come in runs of one report; a run that a full batch cuts
/// goes on in the next batch ([`BulkBatch::take`]), so a sorted file writes each report once.
#[derive(Debug)]
pub struct BulkBatch {
    /// What every value of the load is entered as.
    source: Arc<str>,
    user: Option<i64>,
    now: Arc<str>,
    /// Reports seen for the first time, by their number in the load.
    new_reports: Vec<(usize, BulkReport)>,
    /// Finished runs: the report's number, its values, their stored text.
    runs: Vec<(usize, u64, String)>,
    /// The run being filled: its report, values and last key (to notice a file out of order).
    open: Option<OpenRun>,
    rows: usize,
}

#[derive(Debug)]
struct OpenRun {
    report: usize,
    encoder: packed::Encoder,
    last: (String, String),
    sorted: bool,
}

impl BulkBatch {
    /// Values per batch handed to the database.
    const ROWS: usize = 50_000;

    /// Notes a report seen for the first time: its number in the load (one more than the last
    /// one noted) and what it is.
    pub fn add_report(&mut self, number: usize, report: BulkReport) {
        self.new_reports.push((number, report));
    }

    /// Adds one checked value, in stored form, of the load's report number `report`.
    pub fn push(&mut self, report: usize, element: &str, option: &str, value: &str, comment: &str) {
        if self.open.as_ref().is_some_and(|r| r.report != report) {
            self.close();
        }
        let run = self.open.get_or_insert_with(|| OpenRun {
            report,
            encoder: packed::Encoder::default(),
            last: (String::new(), String::new()),
            sorted: true,
        });
        if !run.encoder.is_empty() && (run.last.0.as_str(), run.last.1.as_str()) >= (element, option) {
            run.sorted = false;
        }
        run.last.0.clear();
        run.last.0.push_str(element);
        run.last.1.clear();
        run.last.1.push_str(option);
        if run.encoder.is_empty() {
            let entry = packed::Entry {
                source: &self.source,
                override_reason: "",
                entered_by: self.user,
                entered_at: &self.now,
            };
            run.encoder.push(element, option, value, comment, entry);
        } else {
            run.encoder.push_like_last(element, option, value, comment);
        }
        self.rows += 1;
    }

    /// Ends the open run: its text, put in key order when the file was not.
    fn close(&mut self) {
        let Some(run) = self.open.take() else { return };
        let count = run.encoder.len() as u64;
        let text = run.encoder.finish();
        let text = if run.sorted {
            text
        } else {
            // Keys never repeat within a report (the caller refuses a value given twice); a
            // text the encoder just wrote always decodes.
            packed::decode_map(&text).map(|values| packed::encode(&values)).unwrap_or(text)
        };
        self.runs.push((run.report, count, text));
    }

    /// Values in the batch.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether the batch holds no value and no new report.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows == 0 && self.new_reports.is_empty()
    }

    /// Whether the batch holds a batch's worth.
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.rows >= Self::ROWS
    }

    /// Takes what the batch holds to be written, leaving it empty but for the open run, which
    /// the next values may continue.
    #[must_use]
    pub fn take(&mut self) -> Self {
        let open = self.open.take();
        let rows = open.as_ref().map_or(0, |r| r.encoder.len());
        let full = Self {
            source: self.source.clone(),
            user: self.user,
            now: self.now.clone(),
            new_reports: std::mem::take(&mut self.new_reports),
            runs: std::mem::take(&mut self.runs),
            open: None,
            rows: self.rows - rows,
        };
        self.open = open;
        self.rows = rows;
        full
    }

    /// Ends the batch (the last of a load): the open run is closed.
    #[must_use]
    pub fn finish(mut self) -> Self {
        self.close();
        self
    }
}

enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// A bulk load in progress: the transaction is open, batches go in by [`BulkLoad::write`] —
/// their new reports created, their values written — and [`BulkLoad::commit`] ends it.
pub struct BulkLoad {
    conn: Conn,
    /// The reports stored before the load, by key: id and status.
    existing: HashMap<ReportKey, (i64, Status)>,
    /// The load's reports by number: id, and whether values may already be stored for it (a
    /// report that existed, or one this load wrote before), so that a run must be merged.
    reports: Vec<(i64, bool)>,
    /// Report ids drawn from the sequence and not used yet (`PostgreSQL`).
    spare_ids: Vec<i64>,
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
            .field("reports", &self.reports.len())
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

type ReportKey = (String, String, i64);

impl Store {
    /// Starts a bulk load: opens a connection of its own and begins the transaction. `source`
    /// is stored with every value (`import`).
    pub async fn bulk_load(&self, source: &str, actor: Actor) -> Result<BulkLoad> {
        if source.is_empty() || !source.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(StoreError::Corrupt(format!("nguồn số liệu \"{source}\" không hợp lệ")));
        }
        let mut conn = match self.backend() {
            Backend::Sqlite => {
                let mut c = SqliteConnection::connect(&self.url).await?;
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
                if !skip_key_checks(&mut c).await? {
                    tracing::info!(
                        "bulk load keeps PostgreSQL's row-by-row key checks: the role may not set session_replication_role"
                    );
                }
                Conn::Postgres(c)
            }
        };
        let existing = existing_reports(&mut conn).await?;
        Ok(BulkLoad {
            conn,
            existing,
            reports: Vec::new(),
            spare_ids: Vec::new(),
            now: instant(actor.at),
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
/// lock on the report per row) are a large share of a `COPY`. Setting `session_replication_role`
/// needs a superuser or a role granted `SET` on it; for any other the checks stay, and the load is
/// only slower. The setting is local: it ends with the transaction, on a connection of the load's
/// own. Returns whether the checks are skipped.
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

/// Every stored report, by (form, period, unit), with its id and status.
async fn existing_reports(conn: &mut Conn) -> Result<HashMap<ReportKey, (i64, Status)>> {
    let sql = "SELECT id, form, period, unit_id, status FROM reports";
    let rows = match conn {
        Conn::Sqlite(c) => {
            let mut out = Vec::new();
            for r in c.fetch_all(sql).await? {
                out.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get::<String, _>(4)?));
            }
            out
        }
        Conn::Postgres(c) => {
            let mut out = Vec::new();
            for r in c.fetch_all(sql).await? {
                out.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get::<String, _>(4)?));
            }
            out
        }
    };
    let mut out = HashMap::with_capacity(rows.len());
    for (id, form, period, unit, status) in rows {
        let status = Status::parse(&status).map_err(|_| StoreError::Corrupt(status.clone()))?;
        out.insert((form, period, unit), (id, status));
    }
    Ok(out)
}

/// Creates `reports`, each with its status; a report created as sent or approved carries the
/// load's instant as its sending and decision times. Returns their ids by key. On `SQLite` the
/// rows go as one JSON parameter per statement, unpacked by `json_each`; on `PostgreSQL` the ids
/// are drawn from the table's sequence first and the rows go by `COPY`.
async fn insert_reports(
    conn: &mut Conn,
    reports: &[&BulkReport],
    now: &str,
    spare: &mut Vec<i64>,
) -> Result<HashMap<ReportKey, i64>> {
    let mut ids = HashMap::with_capacity(reports.len());
    let times = |r: &BulkReport| {
        let sent = matches!(r.status, Status::DaGui | Status::DaDuyet).then_some(now);
        let decided = matches!(r.status, Status::DaDuyet | Status::MienNop).then_some(now);
        (sent, decided)
    };
    match conn {
        Conn::Sqlite(c) => {
            for chunk in reports.chunks(REPORTS_PER_STATEMENT) {
                let rows: Vec<serde_json::Value> = chunk
                    .iter()
                    .map(|r| {
                        let (sent, decided) = times(r);
                        serde_json::json!({"f": r.form, "p": r.period, "u": r.unit.0, "s": r.status.as_str(), "sent": sent, "decided": decided})
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO reports (form, period, unit_id, status, version, first_submitted_at, submitted_at, \
                     decided_at, created_at, updated_at) \
                     SELECT j.value ->> 'f', j.value ->> 'p', j.value ->> 'u', j.value ->> 's', 1, \
                     j.value ->> 'sent', j.value ->> 'sent', j.value ->> 'decided', '{now}', '{now}' \
                     FROM json_each($1) AS j WHERE true RETURNING id, form, period, unit_id"
                );
                let json = serde_json::Value::Array(rows).to_string();
                for r in sqlx::query(&sql).bind(json).fetch_all(&mut *c).await? {
                    ids.insert((r.try_get(1)?, r.try_get(2)?, r.try_get(3)?), r.try_get(0)?);
                }
            }
        }
        Conn::Postgres(c) => {
            if spare.len() < reports.len() {
                // Drawn a few thousand at a time, in one row: a row per id costs more to hand
                // over than to draw. Ids left unused at the end are gaps, as after a rollback.
                let more: Vec<i64> = sqlx::query_scalar(
                    "SELECT array_agg(nextval(pg_get_serial_sequence('reports', 'id'))) FROM generate_series(1, $1)",
                )
                .bind(i64::try_from((reports.len() - spare.len()).max(IDS_PER_DRAW)).unwrap_or(i64::MAX))
                .fetch_one(&mut *c)
                .await?;
                spare.extend(more.into_iter().rev());
            }
            if spare.len() < reports.len() {
                return Err(StoreError::Corrupt("không cấp đủ mã báo cáo".into()));
            }
            let drawn: Vec<i64> = (0..reports.len()).filter_map(|_| spare.pop()).collect();
            let mut copy = String::with_capacity(reports.len() * 120);
            let null = |t: Option<&str>| t.unwrap_or("\\N").to_owned();
            for (r, id) in reports.iter().zip(&drawn) {
                let (sent, decided) = times(r);
                let _ = write!(copy, "{id}\t");
                copy_field(&mut copy, &r.form);
                copy.push('\t');
                copy_field(&mut copy, &r.period);
                let _ = writeln!(
                    copy,
                    "\t{}\t{}\t1\t{}\t{}\t{}\t{now}\t{now}",
                    r.unit.0,
                    r.status.as_str(),
                    null(sent),
                    null(sent),
                    null(decided)
                );
                ids.insert((r.form.clone(), r.period.clone(), r.unit.0), *id);
            }
            let mut sink = c
                .copy_in_raw(
                    "COPY reports (id, form, period, unit_id, status, version, first_submitted_at, submitted_at, \
                     decided_at, created_at, updated_at) FROM STDIN",
                )
                .await?;
            sink.send(copy.as_bytes()).await?;
            sink.finish().await?;
        }
    }
    Ok(ids)
}

/// Appends `text` to a `COPY … FROM STDIN` text-format row, escaped.
fn copy_field(out: &mut String, text: &str) {
    if !text.bytes().any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r')) {
        out.push_str(text);
        return;
    }
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

/// Report rows per multi-row `INSERT` of stored texts on `SQLite` (three parameters each).
const TEXTS_PER_INSERT: usize = 300;

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
        BulkBatch {
            source: self.source.as_str().into(),
            user: self.actor.user.map(|u| u.0),
            now: self.now.as_str().into(),
            new_reports: Vec::new(),
            runs: Vec::new(),
            open: None,
            rows: 0,
        }
    }

    /// Writes a batch: its new reports are created (an existing one must be editable, and is
    /// marked changed), then its values go in; a run for a report that may hold values already
    /// is merged with them, a later value replacing a stored one. Each run gets an audit entry
    /// (a sorted file gives one run per report).
    pub async fn write(&mut self, batch: BulkBatch) -> Result<()> {
        self.add_reports(&batch.new_reports).await?;
        let mut merged = Vec::new();
        let mut plain = Vec::new();
        let mut audited = Vec::with_capacity(batch.runs.len());
        for (report, count, text) in batch.runs {
            let (id, may_hold) = *self.reports.get(report).ok_or_else(|| {
                StoreError::Corrupt(format!("giá trị của báo cáo thứ {report} không có trong lượt nạp"))
            })?;
            audited.push((id, count));
            self.written += count;
            if may_hold {
                merged.push((id, text));
            } else {
                plain.push((id, count, text));
            }
            self.reports[report].1 = true;
        }
        // The plain runs first: a later run of a report created in this batch merges with them.
        self.insert_texts(plain).await?;
        let merged = self.merge(merged).await?;
        self.insert_texts(merged).await?;
        self.audit(&audited).await
    }

    /// One audit entry per run written: the report, and how many values went into it.
    async fn audit(&mut self, runs: &[(i64, u64)]) -> Result<()> {
        let detail = |n: u64| format!("{{\"values\":{n},\"source\":\"{}\"}}", self.source);
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let user = self.actor.user.map_or_else(|| "NULL".to_owned(), |u| u.0.to_string());
                for chunk in runs.chunks(REPORTS_PER_STATEMENT) {
                    let rows = chunk
                        .iter()
                        .map(|(id, n)| {
                            format!(
                                "('{}', {user}, 'report.bulk_import', 'report', '{id}', '{}')",
                                self.now,
                                detail(*n)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    let sql =
                        format!("INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) VALUES {rows}");
                    c.execute(sql.as_str()).await?;
                }
            }
            Conn::Postgres(c) => {
                let user = self.actor.user.map_or_else(|| "\\N".to_owned(), |u| u.0.to_string());
                let mut audit = String::with_capacity(runs.len() * 100);
                for (id, n) in runs {
                    let _ = writeln!(audit, "{}\t{user}\treport.bulk_import\treport\t{id}\t{}", self.now, detail(*n));
                }
                let mut sink =
                    c.copy_in_raw("COPY audit_log (at, user_id, action, entity, entity_id, detail) FROM STDIN").await?;
                sink.send(audit.as_bytes()).await?;
                sink.finish().await?;
            }
        }
        Ok(())
    }

    /// Creates the new reports of a batch, or marks the existing ones changed.
    async fn add_reports(&mut self, new: &[(usize, BulkReport)]) -> Result<()> {
        let mut touched = Vec::new();
        let mut missing = Vec::new();
        for (number, r) in new {
            if *number != self.reports.len() {
                return Err(StoreError::Corrupt(format!("báo cáo thứ {number} của lượt nạp không theo thứ tự")));
            }
            match self.existing.get(&(r.form.clone(), r.period.clone(), r.unit.0)) {
                Some((id, status)) if status.editable() => {
                    touched.push(*id);
                    self.reports.push((*id, true));
                }
                Some((_, status)) => {
                    return Err(StoreError::Conflict(format!(
                        "báo cáo {} kỳ {} của đơn vị số {} đang ở trạng thái \"{}\", không nhận giá trị",
                        r.form,
                        r.period,
                        r.unit.0,
                        status.label_vi()
                    )));
                }
                None => {
                    missing.push(r);
                    self.reports.push((0, false));
                }
            }
        }
        for chunk in touched.chunks(REPORTS_PER_STATEMENT) {
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "UPDATE reports SET version = version + 1, updated_at = '{}', \
                 status = CASE WHEN status = 'chua_nhap' THEN 'dang_nhap' ELSE status END WHERE id IN ({list})",
                self.now
            );
            execute(&mut self.conn, &sql).await?;
        }
        if missing.is_empty() {
            return Ok(());
        }
        let ids = insert_reports(&mut self.conn, &missing, &self.now, &mut self.spare_ids).await?;
        for (number, r) in new {
            if self.reports[*number].0 == 0 {
                let id = ids
                    .get(&(r.form.clone(), r.period.clone(), r.unit.0))
                    .copied()
                    .ok_or_else(|| StoreError::Corrupt(format!("báo cáo {} kỳ {} không được tạo", r.form, r.period)))?;
                self.reports[*number].0 = id;
            }
        }
        Ok(())
    }

    /// Runs merged with what their reports hold: the stored texts are read and their rows
    /// removed, the runs' values laid over them in order; returns the texts to insert.
    async fn merge(&mut self, runs: Vec<(i64, String)>) -> Result<Vec<(i64, u64, String)>> {
        let mut ids: Vec<i64> = runs.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut merged: HashMap<i64, std::collections::BTreeMap<packed::Key, crate::reports::StoredValue>> =
            HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            let select = format!("SELECT report_id, body FROM report_data WHERE report_id IN ({list})");
            let rows: Vec<(i64, String)> = match &mut self.conn {
                Conn::Sqlite(c) => c
                    .fetch_all(select.as_str())
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                    .collect::<Result<_>>()?,
                Conn::Postgres(c) => c
                    .fetch_all(select.as_str())
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                    .collect::<Result<_>>()?,
            };
            for (id, text) in rows {
                merged.insert(id, packed::decode_map(&text)?);
            }
            execute(&mut self.conn, &format!("DELETE FROM report_data WHERE report_id IN ({list})")).await?;
        }
        for (id, text) in runs {
            merged.entry(id).or_default().extend(packed::decode_map(&text)?);
        }
        Ok(merged.into_iter().map(|(id, values)| (id, values.len() as u64, packed::encode(&values))).collect())
    }

    /// Inserts stored texts of reports that hold none: multi-row `INSERT`s on `SQLite`, `COPY`
    /// on `PostgreSQL`.
    async fn insert_texts(&mut self, texts: Vec<(i64, u64, String)>) -> Result<()> {
        if texts.is_empty() {
            return Ok(());
        }
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut rest = texts.into_iter().peekable();
                while rest.peek().is_some() {
                    let chunk: Vec<(i64, u64, String)> = rest.by_ref().take(TEXTS_PER_INSERT).collect();
                    // Anonymous parameters: SQLite finds a named one by a walk of the statement's
                    // names, which made binding a 900-parameter statement quadratic.
                    let rows = vec!["(?, ?, ?)"; chunk.len()].join(", ");
                    let sql = format!("INSERT INTO report_data (report_id, value_count, body) VALUES {rows}");
                    let mut q = sqlx::query(&sql);
                    for (id, count, text) in chunk {
                        q = q.bind(id).bind(i64::try_from(count).unwrap_or(i64::MAX)).bind(text);
                    }
                    q.execute(&mut *c).await?;
                }
            }
            Conn::Postgres(c) => {
                let mut copy = String::with_capacity(texts.iter().map(|(_, _, t)| t.len() + 24).sum());
                for (id, count, text) in &texts {
                    let _ = write!(copy, "{id}\t{count}\t");
                    copy_field(&mut copy, text);
                    copy.push('\n');
                }
                let mut sink = c.copy_in_raw("COPY report_data (report_id, value_count, body) FROM STDIN").await?;
                sink.send(copy.as_bytes()).await?;
                sink.finish().await?;
            }
        }
        Ok(())
    }

    /// Ends the load: the reports' changes are logged (so every server's analytics engine
    /// reads them; last, so that the log's order is the order of commits as nearly as it can be)
    /// and the transaction commits. Returns the number of values written.
    pub async fn commit(mut self) -> Result<u64> {
        let ids: Vec<i64> = self.reports.iter().map(|(id, _)| *id).collect();
        match &mut self.conn {
            Conn::Sqlite(c) => {
                for chunk in ids.chunks(REPORTS_PER_STATEMENT) {
                    let changes =
                        chunk.iter().map(|id| format!("({id}, '{}')", self.now)).collect::<Vec<_>>().join(", ");
                    c.execute(format!("INSERT INTO report_changes (report_id, at) VALUES {changes}").as_str()).await?;
                }
            }
            Conn::Postgres(c) => {
                let mut changes = String::with_capacity(ids.len() * 40);
                for id in &ids {
                    let _ = writeln!(changes, "{id}\t{}", self.now);
                }
                let mut sink = c.copy_in_raw("COPY report_changes (report_id, at) FROM STDIN").await?;
                sink.send(changes.as_bytes()).await?;
                sink.finish().await?;
            }
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
    use super::copy_field;

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
