//! Periodic reports in the database: dated obligations, one report per (form, period, area) with
//! its workflow status and an optimistic version, and its values. Every change of a value and
//! every step of the workflow is written to the audit log in the same transaction (old → new,
//! who, when).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;

use binhdang_core::reporting::{Obligation, Status};
use binhdang_core::units::{UnitId, UnitKind};

use crate::audit::{self, Actor, instant};
use crate::{Result, Store, StoreError, packed};

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(t: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("ngày \"{t}\"")))
}

/// A report without its values.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportHead {
    /// Identity.
    pub id: i64,
    /// The form's code.
    pub form: String,
    /// The period's code.
    pub period: String,
    /// The reporting area.
    pub unit: UnitId,
    /// Where it stands.
    pub status: Status,
    /// Optimistic version (0 for a report never saved).
    pub version: i64,
    /// When it first reached the level above (timeliness is judged on it).
    pub first_submitted_at: Option<String>,
    /// When it was last sent.
    pub submitted_at: Option<String>,
    /// When it was last approved, returned, waived or reopened.
    pub decided_at: Option<String>,
    /// Who decided.
    pub decided_by: Option<i64>,
    /// The reason of the last return, waiver or reopening.
    pub reason: String,
}

/// A stored value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredValue {
    /// The value in stored form.
    pub value: String,
    /// A comment.
    pub comment: String,
    /// `activities` (taken as the activities yield it) or `typed`.
    pub source: String,
    /// Why a value the activities yield was overridden.
    pub override_reason: String,
    /// Who entered it.
    pub entered_by: Option<i64>,
    /// When.
    pub entered_at: String,
}

/// A value to write: `None` value deletes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueWrite {
    /// The value in stored form; `None` clears the cell.
    pub value: Option<String>,
    /// A comment.
    pub comment: String,
    /// `activities` or `typed`.
    pub source: String,
    /// Why a value the activities yield was overridden.
    pub override_reason: String,
}

/// (element, option combination).
pub type Key = (String, String);

/// An area on a day's map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaNode {
    /// Identity.
    pub id: UnitId,
    /// The area above it.
    pub parent: Option<UnitId>,
    /// Its kind.
    pub kind: UnitKind,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

const HEAD: &str =
    "id, form, period, unit_id, status, version, first_submitted_at, submitted_at, decided_at, decided_by, reason";

fn head_from_row(row: &AnyRow) -> Result<ReportHead> {
    let status: String = row.try_get("status")?;
    Ok(ReportHead {
        id: row.try_get("id")?,
        form: row.try_get("form")?,
        period: row.try_get("period")?,
        unit: UnitId(row.try_get("unit_id")?),
        status: Status::parse(&status).map_err(|_| StoreError::Corrupt(status.clone()))?,
        version: row.try_get("version")?,
        first_submitted_at: row.try_get("first_submitted_at")?,
        submitted_at: row.try_get("submitted_at")?,
        decided_at: row.try_get("decided_at")?,
        decided_by: row.try_get("decided_by")?,
        reason: row.try_get("reason")?,
    })
}

fn obligation_from_row(row: &AnyRow) -> Result<Obligation> {
    let kind: String = row.try_get("unit_kind")?;
    let from: String = row.try_get("valid_from")?;
    let to: Option<String> = row.try_get("valid_to")?;
    Ok(Obligation {
        id: row.try_get("id")?,
        form: row.try_get("form")?,
        kind: kind.parse::<UnitKind>().map_err(|_| StoreError::Corrupt(kind.clone()))?,
        valid_from: parse_day(&from)?,
        valid_to: to.as_deref().map(parse_day).transpose()?,
    })
}

/// Appends a report to the change log, inside the transaction that changed it.
async fn log_change(tx: &mut sqlx::Transaction<'static, sqlx::Any>, report: i64, now: &str) -> Result<()> {
    sqlx::query("INSERT INTO report_changes (report_id, at) VALUES ($1, $2)")
        .bind(report)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One report's head, inside a transaction.
async fn head_by_id(tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: i64) -> Result<ReportHead> {
    let row = sqlx::query(&format!("SELECT {HEAD} FROM reports WHERE id = $1")).bind(id).fetch_one(&mut **tx).await?;
    head_from_row(&row)
}

/// Lays one write over a report's stored values: the value entered by the actor now, or the
/// cell cleared.
fn apply_write(stored: &mut BTreeMap<Key, StoredValue>, key: Key, w: &ValueWrite, actor: Actor, now: &str) {
    match &w.value {
        Some(value) => {
            let entry = StoredValue {
                value: value.clone(),
                comment: w.comment.clone(),
                source: w.source.clone(),
                override_reason: w.override_reason.clone(),
                entered_by: actor.user.map(|u| u.0),
                entered_at: now.to_owned(),
            };
            stored.insert(key, entry);
        }
        None => {
            stored.remove(&key);
        }
    }
}

/// Writes the values that changed (a `None` value deletes) and returns the changes for the audit
/// log, old → new.
async fn write_values(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: i64,
    values: &BTreeMap<Key, ValueWrite>,
    actor: Actor,
) -> Result<Vec<serde_json::Value>> {
    let now = instant(actor.at);
    let mut stored = packed::read_in(tx, id).await?;
    let mut changes = Vec::new();
    for ((element, option), w) in values {
        let key = (element.clone(), option.clone());
        let old = stored.get(&key).map(|v| (v.value.clone(), v.comment.clone()));
        let new = w.value.as_ref().map(|v| (v.clone(), w.comment.clone()));
        if old == new {
            continue;
        }
        apply_write(&mut stored, key, w, actor, &now);
        changes.push(serde_json::json!({
            "element": element, "option": option,
            "old": old.as_ref().map(|o| &o.0), "new": w.value,
            "comment": w.comment, "source": w.source, "override_reason": w.override_reason,
        }));
    }
    if !changes.is_empty() {
        packed::write_in(tx, id, &stored).await?;
    }
    Ok(changes)
}

impl Store {
    /// The obligations of every form, oldest first.
    pub async fn obligations(&self) -> Result<Vec<Obligation>> {
        let rows = sqlx::query(
            "SELECT id, form, unit_kind, valid_from, valid_to FROM report_obligations ORDER BY form, valid_from, id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(obligation_from_row).collect()
    }

    /// Adds an obligation.
    pub async fn add_obligation(
        &self,
        form: &str,
        kind: UnitKind,
        valid_from: NaiveDate,
        valid_to: Option<NaiveDate>,
        note: &str,
        actor: Actor,
    ) -> Result<Obligation> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO report_obligations (form, unit_kind, valid_from, valid_to, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(form)
        .bind(kind.as_str())
        .bind(day(valid_from))
        .bind(valid_to.map(day))
        .bind(note)
        .bind(instant(actor.at))
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "obligation.create",
            "report_obligation",
            &id.to_string(),
            &serde_json::json!({"form": form, "kind": kind.as_str(), "valid_from": day(valid_from),
                "valid_to": valid_to.map(day), "note": note}),
        )
        .await?;
        tx.commit().await?;
        Ok(Obligation { id, form: form.to_owned(), kind, valid_from, valid_to })
    }

    /// The report of an area for a form and period, if one was ever saved.
    pub async fn report_head(&self, form: &str, period: &str, unit: UnitId) -> Result<Option<ReportHead>> {
        let row = sqlx::query(&format!("SELECT {HEAD} FROM reports WHERE form = $1 AND period = $2 AND unit_id = $3"))
            .bind(form)
            .bind(period)
            .bind(unit.0)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(head_from_row).transpose()
    }

    /// Every saved report of a form and period (at most one per area), in one query.
    pub async fn report_heads(&self, form: &str, period: &str) -> Result<Vec<ReportHead>> {
        let rows = sqlx::query(&format!("SELECT {HEAD} FROM reports WHERE form = $1 AND period = $2"))
            .bind(form)
            .bind(period)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(head_from_row).collect()
    }

    /// The values of a report.
    pub async fn report_values(&self, report: i64) -> Result<BTreeMap<Key, StoredValue>> {
        Ok(self.stored_value_maps(&[report]).await?.remove(&report).unwrap_or_default())
    }

    /// The values of several reports.
    pub async fn values_of_reports(&self, reports: &[i64]) -> Result<BTreeMap<i64, BTreeMap<Key, String>>> {
        Ok(self
            .stored_value_maps(reports)
            .await?
            .into_iter()
            .map(|(id, values)| (id, values.into_iter().map(|(k, v)| (k, v.value)).collect()))
            .collect())
    }

    /// Writes values of an editable report read at `version` (0: never saved), creating the
    /// report when needed; the report becomes `dang_nhap`. A report changed since, or no longer
    /// editable, is a conflict and nothing is written.
    pub async fn save_report_values(
        &self,
        form: &str,
        period: &str,
        unit: UnitId,
        version: i64,
        values: &BTreeMap<Key, ValueWrite>,
        actor: Actor,
    ) -> Result<ReportHead> {
        let mut tx = self.write_tx().await?;
        let now = instant(actor.at);
        let existing =
            sqlx::query(&format!("SELECT {HEAD} FROM reports WHERE form = $1 AND period = $2 AND unit_id = $3"))
                .bind(form)
                .bind(period)
                .bind(unit.0)
                .fetch_optional(&mut *tx)
                .await?
                .as_ref()
                .map(head_from_row)
                .transpose()?;
        let current_version = existing.as_ref().map_or(0, |h| h.version);
        if current_version != version {
            return Err(StoreError::Conflict(format!(
                "báo cáo đã được người khác lưu (phiên bản {current_version}, bạn sửa từ phiên bản {version}); \
                 hãy tải lại để xem thay đổi rồi nhập lại"
            )));
        }
        if let Some(h) = &existing
            && !h.status.editable()
        {
            return Err(StoreError::Conflict(format!(
                "báo cáo đang ở trạng thái {}, không sửa được số liệu",
                h.status.label_vi()
            )));
        }
        let id = match &existing {
            Some(h) => {
                sqlx::query(
                    "UPDATE reports SET version = version + 1, updated_at = $1, \
                     status = CASE WHEN status = 'chua_nhap' THEN 'dang_nhap' ELSE status END WHERE id = $2",
                )
                .bind(&now)
                .bind(h.id)
                .execute(&mut *tx)
                .await?;
                h.id
            }
            None => {
                sqlx::query_scalar(
                    "INSERT INTO reports (form, period, unit_id, status, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'dang_nhap', 1, $4, $4) RETURNING id",
                )
                .bind(form)
                .bind(period)
                .bind(unit.0)
                .bind(&now)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        let changes = write_values(&mut tx, id, values, actor).await?;
        log_change(&mut tx, id, &now).await?;
        if !changes.is_empty() {
            audit::record(&mut tx, actor, "report.values", "report", &id.to_string(), &serde_json::json!(changes))
                .await?;
        }
        let head = head_by_id(&mut tx, id).await?;
        tx.commit().await?;
        self.changed();
        Ok(head)
    }

    /// Moves a report read at `version` from `from` to `to`, recording who, when and why. A
    /// report that is missing is created first (a waiver of a report never started).
    #[allow(clippy::too_many_arguments, reason = "one workflow step, each argument a fact of it")]
    pub async fn move_report(
        &self,
        form: &str,
        period: &str,
        unit: UnitId,
        version: i64,
        from: Status,
        to: Status,
        reason: &str,
        actor: Actor,
    ) -> Result<ReportHead> {
        let mut tx = self.write_tx().await?;
        let now = instant(actor.at);
        let id: i64 = match sqlx::query_scalar::<_, i64>(
            "SELECT id FROM reports WHERE form = $1 AND period = $2 AND unit_id = $3",
        )
        .bind(form)
        .bind(period)
        .bind(unit.0)
        .fetch_optional(&mut *tx)
        .await?
        {
            Some(id) => id,
            None if version == 0 => {
                sqlx::query_scalar(
                    "INSERT INTO reports (form, period, unit_id, status, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'chua_nhap', 0, $4, $4) RETURNING id",
                )
                .bind(form)
                .bind(period)
                .bind(unit.0)
                .bind(&now)
                .fetch_one(&mut *tx)
                .await?
            }
            None => return Err(StoreError::NotFound("không có báo cáo này".into())),
        };
        let submitted = to == Status::DaGui;
        let done = sqlx::query(
            "UPDATE reports SET status = $1, version = version + 1, updated_at = $2, reason = $3, \
             submitted_at = CASE WHEN $4 = 1 THEN $2 ELSE submitted_at END, \
             submitted_by = CASE WHEN $4 = 1 THEN $5 ELSE submitted_by END, \
             first_submitted_at = CASE WHEN $4 = 1 AND first_submitted_at IS NULL THEN $2 ELSE first_submitted_at END, \
             decided_at = CASE WHEN $4 = 1 THEN decided_at ELSE $2 END, \
             decided_by = CASE WHEN $4 = 1 THEN decided_by ELSE $5 END \
             WHERE id = $6 AND version = $7 AND status = $8",
        )
        .bind(to.as_str())
        .bind(&now)
        .bind(reason)
        .bind(i64::from(submitted))
        .bind(actor.user.map(|u| u.0))
        .bind(id)
        .bind(version)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Err(StoreError::Conflict(
                "báo cáo vừa được người khác thay đổi; hãy tải lại trang rồi làm lại".into(),
            ));
        }
        log_change(&mut tx, id, &now).await?;
        audit::record(
            &mut tx,
            actor,
            &format!("report.{}", to.as_str()),
            "report",
            &id.to_string(),
            &serde_json::json!({"from": from.as_str(), "to": to.as_str(), "reason": reason}),
        )
        .await?;
        let head = head_by_id(&mut tx, id).await?;
        tx.commit().await?;
        self.changed();
        Ok(head)
    }

    /// Every area unit (nation, provinces, districts, communes) valid on a day, as (id, parent,
    /// kind), in one query: what completeness walks for any area of the country.
    pub async fn area_tree(&self, as_of: NaiveDate) -> Result<Vec<(UnitId, Option<UnitId>, UnitKind)>> {
        Ok(self.area_nodes(as_of).await?.into_iter().map(|n| (n.id, n.parent, n.kind)).collect())
    }

    /// [`Store::area_tree`] with each area's code and name.
    pub async fn area_nodes(&self, as_of: NaiveDate) -> Result<Vec<AreaNode>> {
        let rows = sqlx::query(
            "SELECT id, parent_id, kind, code, name FROM units WHERE kind IN ('nation', 'province', 'district', 'commune') \
             AND (valid_from IS NULL OR valid_from <= $1) AND (valid_to IS NULL OR valid_to >= $1)",
        )
        .bind(day(as_of))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(AreaNode {
                    id: UnitId(r.try_get("id")?),
                    parent: r.try_get::<Option<i64>, _>("parent_id")?.map(UnitId),
                    kind: kind.parse::<UnitKind>().map_err(|_| StoreError::Corrupt(kind.clone()))?,
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                })
            })
            .collect()
    }

    /// Completeness of every area, computed by the database alone (a recursive query up the
    /// area tree, grouped by ancestor): (area, expected, received). An independent reference
    /// for the one-pass computation of `binhdang_core::reporting::completeness_tree`, used by
    /// the tests and the benchmark; kinds are the obliged kinds' names.
    pub async fn completeness_by_sql(
        &self,
        form: &str,
        period: &str,
        as_of: NaiveDate,
        kinds: &[UnitKind],
    ) -> Result<Vec<(UnitId, i64, i64)>> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let kind_list = kinds.iter().map(|k| format!("'{}'", k.as_str())).collect::<Vec<_>>().join(", ");
        let valid = "(u.valid_from IS NULL OR u.valid_from <= $1) AND (u.valid_to IS NULL OR u.valid_to >= $1)";
        let sql = format!(
            "WITH RECURSIVE up (id, anc) AS ( \
                 SELECT u.id, u.parent_id FROM units u \
                 WHERE u.kind IN ({kind_list}) AND u.parent_id IS NOT NULL AND {valid} \
               UNION ALL \
                 SELECT up.id, u.parent_id FROM up JOIN units u ON u.id = up.anc \
                 WHERE u.parent_id IS NOT NULL AND {valid} \
             ) \
             SELECT up.anc AS area, COUNT(*) AS expected, \
                    SUM(CASE WHEN r.status IN ('da_gui', 'da_duyet') THEN 1 ELSE 0 END) AS received \
             FROM up LEFT JOIN reports r ON r.unit_id = up.id AND r.form = $2 AND r.period = $3 \
             GROUP BY up.anc"
        );
        let rows = sqlx::query(&sql).bind(day(as_of)).bind(form).bind(period).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let received: Option<i64> = r.try_get("received")?;
                Ok((UnitId(r.try_get("area")?), r.try_get("expected")?, received.unwrap_or(0)))
            })
            .collect()
    }

    /// The last sequence number of the change log (0 when empty).
    pub async fn last_report_change(&self) -> Result<i64> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM report_changes").fetch_one(self.pool()).await?;
        Ok(seq.unwrap_or(0))
    }

    /// The reports changed after `seq`, and the last sequence number seen.
    pub async fn report_changes_since(&self, seq: i64) -> Result<(Vec<ReportHead>, i64)> {
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM report_changes WHERE seq > $1")
            .bind(seq)
            .fetch_one(self.pool())
            .await?;
        let Some(last) = last else { return Ok((Vec::new(), seq)) };
        let rows = sqlx::query(&format!(
            "SELECT {HEAD} FROM reports WHERE id IN (SELECT report_id FROM report_changes WHERE seq > $1 AND seq <= $2)"
        ))
        .bind(seq)
        .bind(last)
        .fetch_all(self.pool())
        .await?;
        Ok((rows.iter().map(head_from_row).collect::<Result<Vec<_>>>()?, last))
    }

    /// Every report's head (the analytics engine's start-up).
    pub async fn all_report_heads(&self) -> Result<Vec<ReportHead>> {
        let rows = sqlx::query(&format!("SELECT {HEAD} FROM reports")).fetch_all(self.pool()).await?;
        rows.iter().map(head_from_row).collect()
    }

    /// Every area with its validity and parent, and every lineage edge between areas: the
    /// registry as the analytics engine needs it.
    pub async fn area_registry(
        &self,
    ) -> Result<(
        Vec<(UnitId, Option<UnitId>, UnitKind, Option<NaiveDate>, Option<NaiveDate>)>,
        Vec<(UnitId, UnitId, f64, bool)>,
    )> {
        let units = self.area_directory().await?.into_iter().map(|a| (a.id, a.parent, a.kind, a.from, a.to)).collect();
        let rows = sqlx::query("SELECT predecessor_id, successor_id, weight, is_main FROM unit_lineage")
            .fetch_all(self.pool())
            .await?;
        let mut edges = Vec::with_capacity(rows.len());
        for r in &rows {
            edges.push((
                UnitId(r.try_get("predecessor_id")?),
                UnitId(r.try_get("successor_id")?),
                r.try_get::<f64, _>("weight")?,
                r.try_get::<i64, _>("is_main")? != 0,
            ));
        }
        Ok((units, edges))
    }

    /// The sum of the stored values of an element (one option combination, or all) over the
    /// reports of some areas for a period: the reports chosen in SQL, their values read one by
    /// one — the tests' reference for the analytics engine, sharing none of its code.
    pub async fn sum_by_sql(
        &self,
        period: &str,
        element: &str,
        option: Option<&str>,
        units: &[UnitId],
        approved_only: bool,
    ) -> Result<f64> {
        if units.is_empty() {
            return Ok(0.0);
        }
        let sql = format!(
            "SELECT d.body AS body FROM report_data d JOIN reports r ON r.id = d.report_id \
             WHERE r.period = $1 AND ($2 = 0 OR r.status = 'da_duyet') AND r.unit_id IN ({})",
            crate::placeholders(3, units.len())
        );
        let q = sqlx::query(&sql).bind(period).bind(i64::from(approved_only));
        let rows = units.iter().fold(q, |q, u| q.bind(u.0)).fetch_all(self.pool()).await?;
        let mut sum = 0.0;
        for r in &rows {
            let body: String = r.try_get("body")?;
            for ((e, o), v) in packed::decode_map(&body)? {
                if e == element && option.is_none_or(|x| x == o) {
                    sum += v.value.parse::<f64>().unwrap_or(0.0);
                }
            }
        }
        Ok(sum)
    }
}

/// The values of one report an exchange writes: the report as read (its version, 0 when it was
/// never saved), the values it held then, and the writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportWrite {
    /// The form's code.
    pub form: String,
    /// The period's code.
    pub period: String,
    /// The reporting area.
    pub unit: UnitId,
    /// The version read.
    pub version: i64,
    /// The values stored when it was read, for the deletions and the audit log.
    pub before: BTreeMap<Key, String>,
    /// The writes (a `None` value deletes).
    pub values: BTreeMap<Key, ValueWrite>,
}

/// A stored value with the report it belongs to, as an exchange exports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedValue {
    /// The form's code.
    pub form: String,
    /// The period's code.
    pub period: String,
    /// The reporting area.
    pub unit: UnitId,
    /// The report's status.
    pub status: Status,
    /// Element code.
    pub element: String,
    /// Option combination code.
    pub option: String,
    /// The value in stored form.
    pub value: String,
    /// Comment.
    pub comment: String,
    /// `activities` or `typed`.
    pub source: String,
    /// When it was entered (RFC 3339).
    pub entered_at: String,
    /// Who entered it (user name).
    pub entered_by: Option<String>,
}

impl Store {
    /// Writes the values of many reports in one transaction: each report must still be at the
    /// version read and editable, or nothing at all is written (a conflict naming the report).
    /// Each report's stored values are read, changed and written back whole. Each report gets
    /// one audit entry listing its changes.
    #[allow(
        clippy::too_many_lines,
        reason = "one transaction: per report the lock check, the deletes, the inserts, the audit"
    )]
    pub async fn write_reports(&self, reports: &[ReportWrite], actor: Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let now = instant(actor.at);
        for r in reports {
            let existing =
                sqlx::query("SELECT id, version, status FROM reports WHERE form = $1 AND period = $2 AND unit_id = $3")
                    .bind(&r.form)
                    .bind(&r.period)
                    .bind(r.unit.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = match existing {
                Some(row) => {
                    let (id, version, status): (i64, i64, String) =
                        (row.try_get("id")?, row.try_get("version")?, row.try_get("status")?);
                    let status = Status::parse(&status).map_err(|_| StoreError::Corrupt(status.clone()))?;
                    if version != r.version || !status.editable() {
                        return Err(StoreError::Conflict(format!(
                            "báo cáo {} kỳ {} đã thay đổi trong lúc nhập (phiên bản {version}, trạng thái {})",
                            r.form,
                            r.period,
                            status.label_vi()
                        )));
                    }
                    sqlx::query(
                        "UPDATE reports SET version = version + 1, updated_at = $1, \
                         status = CASE WHEN status = 'chua_nhap' THEN 'dang_nhap' ELSE status END WHERE id = $2",
                    )
                    .bind(&now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
                None if r.version == 0 => {
                    sqlx::query_scalar(
                        "INSERT INTO reports (form, period, unit_id, status, version, created_at, updated_at) \
                         VALUES ($1, $2, $3, 'dang_nhap', 1, $4, $4) RETURNING id",
                    )
                    .bind(&r.form)
                    .bind(&r.period)
                    .bind(r.unit.0)
                    .bind(&now)
                    .fetch_one(&mut *tx)
                    .await?
                }
                None => {
                    return Err(StoreError::Conflict(format!(
                        "báo cáo {} kỳ {} đã thay đổi trong lúc nhập",
                        r.form, r.period
                    )));
                }
            };
            let mut stored = packed::read_in(&mut tx, id).await?;
            for ((element, option), w) in &r.values {
                apply_write(&mut stored, (element.clone(), option.clone()), w, actor, &now);
            }
            packed::write_in(&mut tx, id, &stored).await?;
            let changes: Vec<serde_json::Value> = r
                .values
                .iter()
                .map(|((element, option), w)| {
                    serde_json::json!({"element": element, "option": option, "old": r.before.get(&(element.clone(), option.clone())),
                        "new": w.value, "comment": w.comment, "source": w.source})
                })
                .collect();
            audit::record(&mut tx, actor, "report.import", "report", &id.to_string(), &serde_json::json!(changes))
                .await?;
            log_change(&mut tx, id, &now).await?;
        }
        tx.commit().await?;
        self.changed();
        Ok(())
    }

    /// The values and comments of several reports.
    pub async fn stored_values_of_reports(
        &self,
        reports: &[i64],
    ) -> Result<BTreeMap<i64, BTreeMap<Key, (String, String)>>> {
        Ok(self
            .stored_value_maps(reports)
            .await?
            .into_iter()
            .map(|(id, values)| (id, values.into_iter().map(|(k, v)| (k, (v.value, v.comment))).collect()))
            .collect())
    }

    /// The periods of a form that have a report.
    pub async fn periods_of_form(&self, form: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT DISTINCT period FROM reports WHERE form = $1 ORDER BY period")
            .bind(form)
            .fetch_all(self.pool())
            .await?)
    }

    /// The stored values of the reports of `forms` × `periods` × `units` (units in chunks of
    /// 500), entered at or after `since` when given.
    pub async fn exported_values(
        &self,
        forms: &[&str],
        periods: &[String],
        units: &[UnitId],
        since: Option<&str>,
    ) -> Result<Vec<ExportedValue>> {
        let mut out = Vec::new();
        if forms.is_empty() || periods.is_empty() {
            return Ok(out);
        }
        let names: std::collections::HashMap<i64, String> = sqlx::query("SELECT id, username FROM users")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("username")?)))
            .collect::<Result<_>>()?;
        for chunk in units.chunks(500) {
            let mut next = 1;
            let mut list = |count: usize| {
                let text = crate::placeholders(next, count);
                next += count;
                text
            };
            let (in_forms, in_periods, in_units) = (list(forms.len()), list(periods.len()), list(chunk.len()));
            let sql = format!(
                "SELECT r.form, r.period, r.unit_id, r.status, d.body FROM reports r \
                 JOIN report_data d ON d.report_id = r.id \
                 WHERE r.form IN ({in_forms}) AND r.period IN ({in_periods}) AND r.unit_id IN ({in_units})"
            );
            let mut q = sqlx::query(&sql);
            for x in forms {
                q = q.bind(*x);
            }
            for x in periods {
                q = q.bind(x);
            }
            for x in chunk {
                q = q.bind(x.0);
            }
            for r in q.fetch_all(self.pool()).await? {
                let status: String = r.try_get("status")?;
                let status = Status::parse(&status).map_err(|_| StoreError::Corrupt(status.clone()))?;
                let (form, period): (String, String) = (r.try_get("form")?, r.try_get("period")?);
                let unit = UnitId(r.try_get("unit_id")?);
                let body: String = r.try_get("body")?;
                for ((element, option), v) in packed::decode_map(&body)? {
                    if since.is_some_and(|s| v.entered_at.as_str() < s) {
                        continue;
                    }
                    out.push(ExportedValue {
                        form: form.clone(),
                        period: period.clone(),
                        unit,
                        status,
                        element,
                        option,
                        value: v.value,
                        comment: v.comment,
                        source: v.source,
                        entered_at: v.entered_at,
                        entered_by: v.entered_by.and_then(|u| names.get(&u).cloned()),
                    });
                }
            }
        }
        Ok(out)
    }
}
