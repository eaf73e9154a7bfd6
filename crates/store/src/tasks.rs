//! Tasks in the database: creation (one or many at once, as when a guidance letter fans out to
//! every province), reads with coordinators, sub-tasks and the chain up to the original guidance,
//! status changes with optimistic versions, and progress entries.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;

use binhdang_core::documents::DocumentId;
use binhdang_core::tasks::{DeadlineRule, NewProgress, NewTask, Progress, ProgressKind, Task, TaskId, TaskStatus};
use binhdang_core::units::UnitId;

use crate::audit::{self, Actor, instant};
use crate::{Result, Store, StoreError, placeholders};

pub(crate) const TASK_COLUMNS: &str = "id, document_id, parent_id, assigner_id, lead_id, description, start_date, deadline_rule, \
     deadline, status, percent, created_at, version";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("ngày \"{text}\"")))
}

pub(crate) fn task_from_row(row: &AnyRow) -> Result<Task> {
    let status: String = row.try_get("status")?;
    let rule: String = row.try_get("deadline_rule")?;
    let deadline: Option<String> = row.try_get("deadline")?;
    let start: String = row.try_get("start_date")?;
    Ok(Task {
        id: TaskId(row.try_get("id")?),
        document: row.try_get::<Option<i64>, _>("document_id")?.map(DocumentId),
        parent: row.try_get::<Option<i64>, _>("parent_id")?.map(TaskId),
        assigner: UnitId(row.try_get("assigner_id")?),
        lead: UnitId(row.try_get("lead_id")?),
        coordinators: Vec::new(),
        description: row.try_get("description")?,
        start: parse_day(&start)?,
        rule: serde_json::from_str::<DeadlineRule>(&rule).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        deadline: deadline.as_deref().map(parse_day).transpose()?,
        status: status.parse().map_err(|_| StoreError::Corrupt(status.clone()))?,
        percent: u8::try_from(row.try_get::<i64, _>("percent")?).unwrap_or(0),
        created_at: row.try_get("created_at")?,
        version: row.try_get("version")?,
    })
}

impl Store {
    /// Creates tasks in one transaction (all or none); returns their ids in order.
    pub async fn create_tasks(&self, tasks: &[NewTask], actor: Actor) -> Result<Vec<TaskId>> {
        let mut tx = self.write_tx().await?;
        let mut ids = Vec::with_capacity(tasks.len());
        for t in tasks {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO tasks (document_id, parent_id, assigner_id, lead_id, description, start_date, deadline_rule, \
                 deadline, status, percent, created_at, created_by, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', 0, $9, $10, 1) RETURNING id",
            )
            .bind(t.document.map(|d| d.0))
            .bind(t.parent.map(|p| p.0))
            .bind(t.assigner.0)
            .bind(t.lead.0)
            .bind(&t.description)
            .bind(day(t.start))
            .bind(serde_json::to_string(&t.rule).unwrap_or_default())
            .bind(t.deadline.map(day))
            .bind(instant(actor.at))
            .bind(actor.user.map(|u| u.0))
            .fetch_one(&mut *tx)
            .await?;
            for c in &t.coordinators {
                sqlx::query("INSERT INTO task_coordinators (task_id, unit_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(c.0)
                    .execute(&mut *tx)
                    .await?;
            }
            audit::record(
                &mut tx,
                actor,
                "task.create",
                "task",
                &id.to_string(),
                &serde_json::json!({"lead": t.lead.0, "description": t.description, "deadline": t.deadline.map(day)}),
            )
            .await?;
            ids.push(TaskId(id));
        }
        tx.commit().await?;
        Ok(ids)
    }

    async fn with_coordinators(&self, mut tasks: Vec<Task>) -> Result<Vec<Task>> {
        for chunk in tasks.chunks_mut(500) {
            let sql = format!(
                "SELECT task_id, unit_id FROM task_coordinators WHERE task_id IN ({}) ORDER BY unit_id",
                placeholders(1, chunk.len())
            );
            let rows = chunk.iter().fold(sqlx::query(&sql), |q, t| q.bind(t.id.0)).fetch_all(self.pool()).await?;
            for row in &rows {
                let task: i64 = row.try_get("task_id")?;
                if let Some(t) = chunk.iter_mut().find(|t| t.id.0 == task) {
                    t.coordinators.push(UnitId(row.try_get("unit_id")?));
                }
            }
        }
        Ok(tasks)
    }

    async fn tasks_where(&self, condition: &str, bind: i64) -> Result<Vec<Task>> {
        let rows = sqlx::query(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks WHERE {condition} ORDER BY COALESCE(deadline, '9999-12-31'), id"
        ))
        .bind(bind)
        .fetch_all(self.pool())
        .await?;
        let tasks = rows.iter().map(task_from_row).collect::<Result<Vec<_>>>()?;
        self.with_coordinators(tasks).await
    }

    /// One task.
    pub async fn task(&self, id: TaskId) -> Result<Task> {
        self.tasks_where("id = $1", id.0)
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("không có nhiệm vụ số {id}")))
    }

    /// Tasks led by any of the agencies (an agency and those it carries on from).
    pub async fn tasks_led_by(&self, agencies: &[UnitId]) -> Result<Vec<Task>> {
        self.tasks_of_agencies("lead_id IN ({list})", agencies).await
    }

    /// Tasks coordinated by any of the agencies.
    pub async fn tasks_coordinated_by(&self, agencies: &[UnitId]) -> Result<Vec<Task>> {
        self.tasks_of_agencies("id IN (SELECT task_id FROM task_coordinators WHERE unit_id IN ({list}))", agencies)
            .await
    }

    /// Tasks assigned by any of the agencies (not sub-tasks).
    pub async fn tasks_assigned_by(&self, agencies: &[UnitId]) -> Result<Vec<Task>> {
        self.tasks_of_agencies("assigner_id IN ({list}) AND parent_id IS NULL", agencies).await
    }

    /// Tasks matching a condition over a list of agencies (`{list}` in `condition`).
    async fn tasks_of_agencies(&self, condition: &str, agencies: &[UnitId]) -> Result<Vec<Task>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let condition = condition.replace("{list}", &crate::placeholders(1, agencies.len()));
        let sql =
            format!("SELECT {TASK_COLUMNS} FROM tasks WHERE {condition} ORDER BY COALESCE(deadline, '9999-12-31'), id");
        let rows = agencies.iter().fold(sqlx::query(&sql), |q, a| q.bind(a.0)).fetch_all(self.pool()).await?;
        let tasks = rows.iter().map(task_from_row).collect::<Result<Vec<_>>>()?;
        self.with_coordinators(tasks).await
    }

    /// Tasks a document assigned (not their sub-tasks).
    pub async fn tasks_of_document(&self, document: DocumentId) -> Result<Vec<Task>> {
        self.tasks_where("document_id = $1 AND parent_id IS NULL", document.0).await
    }

    /// Sub-tasks passed down from a task.
    pub async fn subtasks(&self, id: TaskId) -> Result<Vec<Task>> {
        self.tasks_where("parent_id = $1", id.0).await
    }

    /// The chain from a task up to the task it came from, and so on; nearest first.
    pub async fn task_ancestors(&self, task: &Task) -> Result<Vec<Task>> {
        let mut out = Vec::new();
        let mut next = task.parent;
        while let Some(id) = next {
            if out.iter().any(|t: &Task| t.id == id) {
                break;
            }
            let t = self.task(id).await?;
            next = t.parent;
            out.push(t);
        }
        Ok(out)
    }

    /// Changes a task's status, refusing a stale version.
    pub async fn set_task_status(&self, id: TaskId, status: TaskStatus, version: i64, actor: Actor) -> Result<Task> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE tasks SET status = $1, version = version + 1 WHERE id = $2 AND version = $3")
            .bind(status.as_str())
            .bind(id.0)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "nhiệm vụ đã được người khác cập nhật sau khi bạn mở trang; hãy tải lại để xem bản mới nhất".into(),
            ));
        }
        audit::record(
            &mut tx,
            actor,
            "task.status",
            "task",
            &id.to_string(),
            &serde_json::json!({"status": status.as_str()}),
        )
        .await?;
        tx.commit().await?;
        self.task(id).await
    }

    /// Adds a progress report or contribution; a report with a percent updates the task's
    /// percent, moves a new task to "in progress" and an open one at 100 % to "done".
    pub async fn add_progress(
        &self,
        id: TaskId,
        kind: ProgressKind,
        unit: UnitId,
        progress: &NewProgress,
        attachment: Option<&crate::documents::StoredFile>,
        actor: Actor,
    ) -> Result<Progress> {
        let mut tx = self.write_tx().await?;
        let pid: i64 = sqlx::query_scalar(
            "INSERT INTO task_progress (task_id, kind, progress_date, text, percent, unit_id, created_at, created_by, \
             attachment_name, attachment_mime, attachment_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(id.0)
        .bind(kind.as_str())
        .bind(day(progress.date))
        .bind(&progress.text)
        .bind(progress.percent.map(i64::from))
        .bind(unit.0)
        .bind(instant(actor.at))
        .bind(actor.user.map(|u| u.0))
        .bind(attachment.map(|a| a.name.clone()))
        .bind(attachment.map(|a| a.mime.clone()))
        .bind(attachment.map(|a| a.bytes.clone()))
        .fetch_one(&mut *tx)
        .await?;
        if kind == ProgressKind::Progress
            && let Some(p) = progress.percent
        {
            sqlx::query(
                "UPDATE tasks SET percent = $1, status = CASE WHEN status IN ('done', 'cancelled') THEN status \
                     WHEN $1 >= 100 THEN 'done' WHEN status = 'new' THEN 'in_progress' ELSE status END, \
                     version = version + 1 WHERE id = $2",
            )
            .bind(i64::from(p))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        }
        audit::record(
            &mut tx,
            actor,
            &format!("task.{}", kind.as_str()),
            "task",
            &id.to_string(),
            &serde_json::json!({"text": progress.text, "percent": progress.percent, "unit": unit.0}),
        )
        .await?;
        tx.commit().await?;
        Ok(Progress {
            id: pid,
            kind,
            date: progress.date,
            text: progress.text.clone(),
            percent: progress.percent,
            unit: Some(unit),
            created_at: instant(actor.at),
            attachment_name: attachment.map(|a| a.name.clone()),
        })
    }

    /// A task's progress entries, oldest first.
    pub async fn progress_of(&self, id: TaskId) -> Result<Vec<Progress>> {
        let rows = sqlx::query(
            "SELECT id, kind, progress_date, text, percent, unit_id, created_at, attachment_name FROM task_progress \
             WHERE task_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                let date: String = r.try_get("progress_date")?;
                Ok(Progress {
                    id: r.try_get("id")?,
                    kind: if kind == "contribution" { ProgressKind::Contribution } else { ProgressKind::Progress },
                    date: parse_day(&date)?,
                    text: r.try_get("text")?,
                    percent: r.try_get::<Option<i64>, _>("percent")?.and_then(|p| u8::try_from(p).ok()),
                    unit: r.try_get::<Option<i64>, _>("unit_id")?.map(UnitId),
                    created_at: r.try_get("created_at")?,
                    attachment_name: r.try_get("attachment_name")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// The file attached to a progress entry of a task.
    pub async fn progress_attachment(
        &self,
        task: TaskId,
        progress: i64,
    ) -> Result<Option<crate::documents::StoredFile>> {
        let row = sqlx::query(
            "SELECT attachment_name, attachment_mime, attachment_bytes FROM task_progress \
             WHERE task_id = $1 AND id = $2 AND attachment_name IS NOT NULL",
        )
        .bind(task.0)
        .bind(progress)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(crate::documents::StoredFile {
                name: r.try_get("attachment_name")?,
                mime: r.try_get("attachment_mime")?,
                bytes: r.try_get("attachment_bytes")?,
            })
        })
        .transpose()
    }

    /// Records a registered document as a result of a task.
    pub async fn add_task_result(&self, task: TaskId, document: DocumentId, actor: Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("INSERT INTO task_results (task_id, document_id, created_at, created_by) VALUES ($1, $2, $3, $4)")
            .bind(task.0)
            .bind(document.0)
            .bind(instant(actor.at))
            .bind(actor.user.map(|u| u.0))
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::conflict_on_unique(e, || "văn bản này đã là kết quả của nhiệm vụ".into()))?;
        audit::record(
            &mut tx,
            actor,
            "task.result",
            "task",
            &task.to_string(),
            &serde_json::json!({"document": document.0}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The documents recorded as results of a task.
    pub async fn task_results(&self, task: TaskId) -> Result<Vec<DocumentId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT document_id FROM task_results WHERE task_id = $1 ORDER BY created_at, document_id",
        )
        .bind(task.0)
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(DocumentId).collect())
    }
}
