//! Activities in the database: recording, editing with optimistic versions, deleting (kept for an
//! administrator to restore, then purged; the audit log keeps what was deleted), listing with
//! filters and search, and the rows the figures are computed from.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use binhdang_core::activities::{Activity, ActivityId, ActivityType, NewActivity};
use binhdang_core::tasks::TaskId;
use binhdang_core::units::UnitId;

use crate::audit::{self, Actor, instant};
use crate::{Result, Store, StoreError};

const COLUMNS: &str = "id, kind, agency_id, area_id, date_from, date_to, title, plan_item_id, task_id, data, version";

/// A deleted activity, as listed to an administrator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletedActivity {
    /// Identity (restoring keeps it).
    pub id: i64,
    /// Type (API name).
    pub kind: String,
    /// Title.
    pub title: String,
    /// When it was deleted.
    pub deleted_at: String,
    /// By whom.
    pub deleted_by: Option<i64>,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(t: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("ngày \"{t}\"")))
}

fn from_row(row: &AnyRow) -> Result<Activity> {
    let kind: String = row.try_get("kind")?;
    let data: String = row.try_get("data")?;
    let from: String = row.try_get("date_from")?;
    let to: Option<String> = row.try_get("date_to")?;
    Ok(Activity {
        id: ActivityId(row.try_get("id")?),
        kind: kind.parse::<ActivityType>().map_err(|_| StoreError::Corrupt(kind.clone()))?,
        agency: UnitId(row.try_get("agency_id")?),
        area: UnitId(row.try_get("area_id")?),
        date_from: parse_day(&from)?,
        date_to: to.as_deref().map(parse_day).transpose()?,
        title: row.try_get("title")?,
        plan_item: row.try_get("plan_item_id")?,
        task: row.try_get::<Option<i64>, _>("task_id")?.map(TaskId),
        data: serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        version: row.try_get("version")?,
    })
}

fn search_text(a: &NewActivity) -> String {
    let values: Vec<String> =
        a.data.values().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
    vanban::fold(&format!("{} {} {}", a.title, a.kind.label_vi(), values.join(" ")))
}

/// Filters of a listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    /// Only this type.
    pub kind: Option<ActivityType>,
    /// Only activities readable from this area (the reader's scope).
    pub scope_area: Option<UnitId>,
    /// Only activities in this area or under it (then or now).
    pub area: Option<UnitId>,
    /// From this day.
    pub from: Option<NaiveDate>,
    /// Until this day.
    pub to: Option<NaiveDate>,
    /// Words in the title or fields, compared folded.
    pub q: Option<String>,
    /// Page size.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

fn bind<'q>(q: AnyQuery<'q>, f: &ActivityFilter, words: &[String]) -> AnyQuery<'q> {
    let q = q
        .bind(f.kind.map(ActivityType::as_str))
        .bind(f.scope_area.map(|a| format!("%,{},%", a.0)))
        .bind(f.area.map(|a| format!("%,{},%", a.0)))
        .bind(f.from.map(day))
        .bind(f.to.map(day));
    words.iter().fold(q, |q, w| q.bind(w.clone()))
}

impl Store {
    /// Records an activity.
    pub async fn create_activity(&self, a: &NewActivity, scope_path: &str, actor: Actor) -> Result<Activity> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activities (kind, agency_id, area_id, date_from, date_to, title, search_text, plan_item_id, task_id, \
             data, scope_path, created_at, created_by, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1) \
             RETURNING id",
        )
        .bind(a.kind.as_str())
        .bind(a.agency.0)
        .bind(a.area.0)
        .bind(day(a.date_from))
        .bind(a.date_to.map(day))
        .bind(&a.title)
        .bind(search_text(a))
        .bind(a.plan_item)
        .bind(a.task.map(|t| t.0))
        .bind(serde_json::Value::Object(a.data.clone()).to_string())
        .bind(scope_path)
        .bind(instant(actor.at))
        .bind(actor.user.map(|u| u.0))
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "activity.create",
            "activity",
            &id.to_string(),
            &serde_json::json!({"type": a.kind.as_str(), "title": a.title, "data": a.data}),
        )
        .await?;
        tx.commit().await?;
        self.activity(ActivityId(id)).await
    }

    /// One activity.
    pub async fn activity(&self, id: ActivityId) -> Result<Activity> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM activities WHERE id = $1 AND deleted_at IS NULL"))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("không có hoạt động số {}", id.0)))?;
        from_row(&row)
    }

    /// Whether an activity can be read from an area.
    pub async fn activity_readable_from(&self, id: ActivityId, area: UnitId) -> Result<bool> {
        self.activity_in_scope(id, area, false).await
    }

    /// Whether an activity, deleted or not as asked, lies in an area's scope.
    async fn activity_in_scope(&self, id: ActivityId, area: UnitId, deleted: bool) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM activities WHERE id = $1 AND scope_path LIKE $2 \
             AND (CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END) = $3",
        )
        .bind(id.0)
        .bind(format!("%,{},%", area.0))
        .bind(i64::from(deleted))
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// Replaces an activity's frame and fields; a stale version is a conflict.
    pub async fn update_activity(
        &self,
        id: ActivityId,
        a: &NewActivity,
        scope_path: &str,
        version: i64,
        actor: Actor,
    ) -> Result<Activity> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE activities SET agency_id = $1, area_id = $2, date_from = $3, date_to = $4, title = $5, search_text = $6, \
             plan_item_id = $7, task_id = $8, data = $9, scope_path = $10, version = version + 1 \
             WHERE id = $11 AND version = $12 AND deleted_at IS NULL",
        )
        .bind(a.agency.0)
        .bind(a.area.0)
        .bind(day(a.date_from))
        .bind(a.date_to.map(day))
        .bind(&a.title)
        .bind(search_text(a))
        .bind(a.plan_item)
        .bind(a.task.map(|t| t.0))
        .bind(serde_json::Value::Object(a.data.clone()).to_string())
        .bind(scope_path)
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "hoạt động đã được người khác sửa hoặc xóa sau khi bạn mở trang; hãy tải lại".into(),
            ));
        }
        audit::record(
            &mut tx,
            actor,
            "activity.update",
            "activity",
            &id.0.to_string(),
            &serde_json::json!({"title": a.title, "data": a.data}),
        )
        .await?;
        tx.commit().await?;
        self.activity(id).await
    }

    /// Deletes an activity, refusing a stale version. The record and its files are kept, out of
    /// every list, count and figure, for an administrator to restore until
    /// [`Store::purge_deleted_activities`] removes them; the audit entry keeps what it was.
    pub async fn delete_activity(&self, id: ActivityId, version: i64, actor: Actor) -> Result<()> {
        let before = self.activity(id).await?;
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE activities SET deleted_at = $1, deleted_by = $2, version = version + 1 \
             WHERE id = $3 AND version = $4 AND deleted_at IS NULL",
        )
        .bind(instant(actor.at))
        .bind(actor.user.map(|u| u.0))
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "hoạt động đã được người khác sửa hoặc xóa sau khi bạn mở trang; hãy tải lại".into(),
            ));
        }
        audit::record(
            &mut tx,
            actor,
            "activity.delete",
            "activity",
            &id.0.to_string(),
            &serde_json::to_value(&before).unwrap_or_default(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deleted activities readable from `area` (newest deletion first): id, title, type, when
    /// deleted.
    pub async fn deleted_activities(&self, area: UnitId) -> Result<Vec<DeletedActivity>> {
        let rows = sqlx::query(
            "SELECT id, kind, title, deleted_at, deleted_by FROM activities WHERE deleted_at IS NOT NULL \
             AND scope_path LIKE $1 ORDER BY deleted_at DESC, id DESC LIMIT 500",
        )
        .bind(format!("%,{},%", area.0))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DeletedActivity {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    title: r.try_get("title")?,
                    deleted_at: r.try_get("deleted_at")?,
                    deleted_by: r.try_get("deleted_by")?,
                })
            })
            .collect()
    }

    /// Whether a deleted activity can be read from an area.
    pub async fn deleted_activity_readable_from(&self, id: ActivityId, area: UnitId) -> Result<bool> {
        self.activity_in_scope(id, area, true).await
    }

    /// Brings a deleted activity back, with its files.
    pub async fn restore_activity(&self, id: ActivityId, actor: Actor) -> Result<Activity> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE activities SET deleted_at = NULL, deleted_by = NULL, version = version + 1 \
             WHERE id = $1 AND deleted_at IS NOT NULL",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("không có hoạt động đã xóa số {}", id.0)));
        }
        audit::record(&mut tx, actor, "activity.restore", "activity", &id.0.to_string(), &serde_json::json!({}))
            .await?;
        tx.commit().await?;
        self.activity(id).await
    }

    /// Removes for good the activities deleted before `before`, with their files; returns how many.
    pub async fn purge_deleted_activities(&self, before: DateTime<Utc>) -> Result<u64> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "DELETE FROM activity_files WHERE activity_id IN \
             (SELECT id FROM activities WHERE deleted_at IS NOT NULL AND deleted_at < $1)",
        )
        .bind(instant(before))
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query("DELETE FROM activities WHERE deleted_at IS NOT NULL AND deleted_at < $1")
            .bind(instant(before))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Activities matching a filter (newest first), and how many match in all.
    pub async fn list_activities(&self, f: &ActivityFilter) -> Result<(Vec<Activity>, u64)> {
        let words: Vec<String> =
            f.q.as_deref()
                .map(vanban::fold)
                .unwrap_or_default()
                .split_whitespace()
                .take(binhdang_core::search::MAX_QUERY_WORDS)
                .map(|w| format!("%{}%", w.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
                .collect();
        let mut conditions = vec![
            "deleted_at IS NULL".to_owned(),
            "($1 IS NULL OR kind = $1)".to_owned(),
            "($2 IS NULL OR scope_path LIKE $2)".to_owned(),
            "($3 IS NULL OR scope_path LIKE $3)".to_owned(),
            "($4 IS NULL OR COALESCE(date_to, date_from) >= $4)".to_owned(),
            "($5 IS NULL OR date_from <= $5)".to_owned(),
        ];
        for i in 0..words.len() {
            conditions.push(format!("search_text LIKE ${} ESCAPE '\\'", i + 6));
        }
        let condition = conditions.join(" AND ");
        let total: i64 =
            bind(sqlx::query(&format!("SELECT COUNT(*) AS n FROM activities WHERE {condition}")), f, &words)
                .fetch_one(self.pool())
                .await?
                .try_get("n")?;
        let sql = format!(
            "SELECT {COLUMNS} FROM activities WHERE {condition} ORDER BY date_from DESC, id DESC LIMIT {} OFFSET {}",
            f.limit, f.offset
        );
        let rows = bind(sqlx::query(&sql), f, &words).fetch_all(self.pool()).await?;
        let items = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        Ok((items, total.max(0) as u64))
    }
}

impl Store {
    /// Attaches a file to an activity.
    pub async fn add_activity_file(
        &self,
        id: ActivityId,
        file: &crate::documents::StoredFile,
        actor: Actor,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let file_id: i64 = sqlx::query_scalar(
            "INSERT INTO activity_files (activity_id, name, mime, bytes, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id.0)
        .bind(&file.name)
        .bind(&file.mime)
        .bind(file.bytes.clone())
        .bind(instant(actor.at))
        .bind(actor.user.map(|u| u.0))
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "activity.file",
            "activity",
            &id.0.to_string(),
            &serde_json::json!({"file": file_id, "name": file.name}),
        )
        .await?;
        tx.commit().await?;
        Ok(file_id)
    }

    /// The files of an activity: (id, name).
    pub async fn activity_files(&self, id: ActivityId) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT id, name FROM activity_files WHERE activity_id = $1 ORDER BY id")
            .bind(id.0)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).collect()
    }

    /// One file of an activity.
    pub async fn activity_file(&self, id: ActivityId, file: i64) -> Result<crate::documents::StoredFile> {
        let r = sqlx::query("SELECT name, mime, bytes FROM activity_files WHERE activity_id = $1 AND id = $2")
            .bind(id.0)
            .bind(file)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound("không có tệp này".into()))?;
        Ok(crate::documents::StoredFile {
            name: r.try_get("name")?,
            mime: r.try_get("mime")?,
            bytes: r.try_get("bytes")?,
        })
    }
}
