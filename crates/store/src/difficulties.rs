//! Difficulties raised on letters (see migration 0012): raising one with its files in one
//! transaction (the pending uploads it takes are removed in the same transaction), answers,
//! closing and reopening with an optimistic version, the lists the pages read, and the agencies a
//! letter was addressed to (what the permission rule needs). Every write records its audit entry.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;

use binhdang_core::difficulties::{Answer, Difficulty, DifficultyId, DifficultyStatus, FileInfo, NewDifficulty};
use binhdang_core::documents::DocumentId;
use binhdang_core::tasks::TaskId;
use binhdang_core::units::UnitId;

use crate::audit::{self, Actor, instant};
use crate::documents::StoredFile;
use crate::{Result, Store, StoreError, placeholders};

const COLUMNS: &str = "id, document_id, task_id, letter_key, raised_by, addressed_to, subject, text, status, \
     raised_on, version";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("ngày \"{text}\"")))
}

fn from_row(row: &AnyRow) -> Result<Difficulty> {
    let status: String = row.try_get("status")?;
    let raised_on: String = row.try_get("raised_on")?;
    Ok(Difficulty {
        id: DifficultyId(row.try_get("id")?),
        document: DocumentId(row.try_get("document_id")?),
        task: row.try_get::<Option<i64>, _>("task_id")?.map(TaskId),
        letter_key: row.try_get("letter_key")?,
        raised_by: UnitId(row.try_get("raised_by")?),
        addressed_to: UnitId(row.try_get("addressed_to")?),
        subject: row.try_get("subject")?,
        text: row.try_get("text")?,
        status: status.parse::<DifficultyStatus>().map_err(|_| StoreError::Corrupt(status.clone()))?,
        raised_on: parse_day(&raised_on)?,
        version: row.try_get("version")?,
    })
}

/// The message of a stale version.
const STALE: &str = "vướng mắc đã được người khác cập nhật sau khi bạn mở trang; hãy tải lại để xem bản mới nhất";

/// Which difficulties a list asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DifficultyFilter {
    /// Addressed to one of these bodies (empty: any).
    pub addressed_to: Vec<UnitId>,
    /// Raised by one of these agencies (empty: any).
    pub raised_by: Vec<UnitId>,
    /// Only these statuses (empty: any).
    pub statuses: Vec<DifficultyStatus>,
    /// Raised on or after this day.
    pub from: Option<NaiveDate>,
    /// Raised on or before this day.
    pub to: Option<NaiveDate>,
    /// At most this many, newest first.
    pub limit: u32,
}

impl Store {
    /// Records a difficulty with its files; `taken_uploads` are pending uploads whose files these
    /// are, removed in the same transaction.
    pub async fn raise_difficulty(
        &self,
        new: &NewDifficulty,
        files: &[StoredFile],
        taken_uploads: &[i64],
        actor: Actor,
    ) -> Result<Difficulty> {
        let mut tx = self.write_tx().await?;
        let at = instant(actor.at);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO difficulties (document_id, task_id, letter_key, raised_by, addressed_to, subject, text, \
             status, raised_on, created_at, created_by, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $9, 1) RETURNING id",
        )
        .bind(new.document.0)
        .bind(new.task.map(|t| t.0))
        .bind(&new.letter_key)
        .bind(new.raised_by.0)
        .bind(new.addressed_to.0)
        .bind(&new.subject)
        .bind(&new.text)
        .bind(day(new.raised_on))
        .bind(&at)
        .bind(actor.user.map(|u| u.0))
        .fetch_one(&mut *tx)
        .await?;
        for f in files {
            sqlx::query(
                "INSERT INTO difficulty_files (difficulty_id, name, mime, bytes, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(&f.name)
            .bind(&f.mime)
            .bind(f.bytes.clone())
            .bind(&at)
            .bind(actor.user.map(|u| u.0))
            .execute(&mut *tx)
            .await?;
        }
        for upload in taken_uploads {
            sqlx::query("DELETE FROM pending_uploads WHERE id = $1").bind(upload).execute(&mut *tx).await?;
        }
        audit::record(
            &mut tx,
            actor,
            "difficulty.raise",
            "difficulty",
            &id.to_string(),
            &serde_json::json!({
                "document": new.document.0, "task": new.task.map(|t| t.0), "raised_by": new.raised_by.0,
                "addressed_to": new.addressed_to.0, "subject": new.subject,
                "files": files.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
            }),
        )
        .await?;
        tx.commit().await?;
        self.difficulty(DifficultyId(id)).await
    }

    /// A difficulty.
    pub async fn difficulty(&self, id: DifficultyId) -> Result<Difficulty> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM difficulties WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("không có vướng mắc số {id}")))?;
        from_row(&row)
    }

    /// The difficulties on every copy of a letter, oldest first.
    pub async fn difficulties_of_letter(&self, letter_key: &str) -> Result<Vec<Difficulty>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM difficulties WHERE letter_key = $1 ORDER BY id"))
            .bind(letter_key)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The difficulties a filter asks for, newest first.
    pub async fn difficulties(&self, f: &DifficultyFilter) -> Result<Vec<Difficulty>> {
        let mut conditions = vec!["1 = 1".to_owned()];
        let mut n = 1;
        let mut list = |column: &str, len: usize, conditions: &mut Vec<String>| {
            if len > 0 {
                conditions.push(format!("{column} IN ({})", placeholders(n, len)));
                n += len;
            }
        };
        list("addressed_to", f.addressed_to.len(), &mut conditions);
        list("raised_by", f.raised_by.len(), &mut conditions);
        list("status", f.statuses.len(), &mut conditions);
        if f.from.is_some() {
            conditions.push(format!("raised_on >= ${n}"));
            n += 1;
        }
        if f.to.is_some() {
            conditions.push(format!("raised_on <= ${n}"));
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM difficulties WHERE {} ORDER BY raised_on DESC, id DESC LIMIT {}",
            conditions.join(" AND "),
            f.limit
        );
        let mut q = sqlx::query(&sql);
        for u in f.addressed_to.iter().chain(&f.raised_by) {
            q = q.bind(u.0);
        }
        for s in &f.statuses {
            q = q.bind(s.as_str());
        }
        for d in [f.from, f.to].into_iter().flatten() {
            q = q.bind(day(d));
        }
        let rows = q.fetch_all(self.pool()).await?;
        rows.iter().map(from_row).collect()
    }

    /// The answers of some difficulties, oldest first for each.
    pub async fn difficulty_answers(&self, ids: &[DifficultyId]) -> Result<HashMap<DifficultyId, Vec<Answer>>> {
        let mut out: HashMap<DifficultyId, Vec<Answer>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id, difficulty_id, text, shared, answered_by, answered_on FROM difficulty_answers \
                 WHERE difficulty_id IN ({}) ORDER BY id",
                placeholders(1, chunk.len())
            );
            let rows = chunk.iter().fold(sqlx::query(&sql), |q, d| q.bind(d.0)).fetch_all(self.pool()).await?;
            for r in &rows {
                let on: String = r.try_get("answered_on")?;
                out.entry(DifficultyId(r.try_get("difficulty_id")?)).or_default().push(Answer {
                    id: r.try_get("id")?,
                    text: r.try_get("text")?,
                    shared: r.try_get::<i64, _>("shared")? == 1,
                    answered_by: UnitId(r.try_get("answered_by")?),
                    answered_on: parse_day(&on)?,
                });
            }
        }
        Ok(out)
    }

    /// The files of some difficulties (names and sizes), in the order attached.
    pub async fn difficulty_files(&self, ids: &[DifficultyId]) -> Result<HashMap<DifficultyId, Vec<FileInfo>>> {
        let mut out: HashMap<DifficultyId, Vec<FileInfo>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id, difficulty_id, name, length(bytes) AS size FROM difficulty_files \
                 WHERE difficulty_id IN ({}) ORDER BY id",
                placeholders(1, chunk.len())
            );
            let rows = chunk.iter().fold(sqlx::query(&sql), |q, d| q.bind(d.0)).fetch_all(self.pool()).await?;
            for r in &rows {
                out.entry(DifficultyId(r.try_get("difficulty_id")?)).or_default().push(FileInfo {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    size: u64::try_from(r.try_get::<i64, _>("size")?).unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }

    /// One attached file of a difficulty.
    pub async fn difficulty_file(&self, id: DifficultyId, file: i64) -> Result<StoredFile> {
        let row = sqlx::query("SELECT name, mime, bytes FROM difficulty_files WHERE difficulty_id = $1 AND id = $2")
            .bind(id.0)
            .bind(file)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound("không có tệp đính kèm này".into()))?;
        Ok(StoredFile { name: row.try_get("name")?, mime: row.try_get("mime")?, bytes: row.try_get("bytes")? })
    }

    /// Records an answer and marks the difficulty answered, refusing a stale version and a closed
    /// difficulty (it is reopened first).
    pub async fn answer_difficulty(
        &self,
        id: DifficultyId,
        version: i64,
        answer: &NewAnswer<'_>,
        actor: Actor,
    ) -> Result<Difficulty> {
        let mut tx = self.write_tx().await?;
        let at = instant(actor.at);
        let done = sqlx::query(
            "UPDATE difficulties SET status = 'answered', version = version + 1, updated_at = $1 \
             WHERE id = $2 AND version = $3 AND status <> 'closed'",
        )
        .bind(&at)
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(self.why_not_updated(id, version).await);
        }
        sqlx::query(
            "INSERT INTO difficulty_answers (difficulty_id, text, shared, answered_by, answered_on, created_at, \
             created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.0)
        .bind(answer.text)
        .bind(i64::from(answer.shared))
        .bind(answer.by.0)
        .bind(day(answer.on))
        .bind(&at)
        .bind(actor.user.map(|u| u.0))
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "difficulty.answer",
            "difficulty",
            &id.to_string(),
            &serde_json::json!({"text": answer.text, "shared": answer.shared, "by": answer.by.0}),
        )
        .await?;
        tx.commit().await?;
        self.difficulty(id).await
    }

    /// Closes a difficulty, or reopens a closed one (`open`), refusing a stale version.
    pub async fn set_difficulty_status(
        &self,
        id: DifficultyId,
        version: i64,
        status: DifficultyStatus,
        actor: Actor,
    ) -> Result<Difficulty> {
        let mut tx = self.write_tx().await?;
        // Reopening a difficulty that has answers makes it answered again, not waiting.
        let done = sqlx::query(
            "UPDATE difficulties SET status = CASE WHEN $1 = 'open' AND EXISTS \
             (SELECT 1 FROM difficulty_answers a WHERE a.difficulty_id = difficulties.id) THEN 'answered' ELSE $1 END, \
             version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
        )
        .bind(status.as_str())
        .bind(instant(actor.at))
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(self.why_not_updated(id, version).await);
        }
        audit::record(
            &mut tx,
            actor,
            &format!("difficulty.{}", if status == DifficultyStatus::Closed { "close" } else { "reopen" }),
            "difficulty",
            &id.to_string(),
            &serde_json::json!({"status": status.as_str()}),
        )
        .await?;
        tx.commit().await?;
        self.difficulty(id).await
    }

    /// Why a conditional update touched nothing: gone, stale, or closed.
    async fn why_not_updated(&self, id: DifficultyId, version: i64) -> StoreError {
        match self.difficulty(id).await {
            Ok(d) if d.version == version && d.status == DifficultyStatus::Closed => {
                StoreError::Conflict("vướng mắc đã đóng; hãy mở lại trước khi trả lời thêm".into())
            }
            Ok(_) => StoreError::Conflict(STALE.into()),
            Err(e) => e,
        }
    }

    /// The registered copies of one letter: documents from the same issuer with the same code
    /// key and the same year of date.
    pub async fn letter_copies(&self, issuer: UnitId, code_key: &str, year: i32) -> Result<Vec<DocumentId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM documents WHERE issuer_id = $1 AND code_key = $2 AND substr(doc_date, 1, 4) = $3 \
             ORDER BY id",
        )
        .bind(issuer.0)
        .bind(code_key)
        .bind(format!("{year:04}"))
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(DocumentId).collect())
    }

    /// The agencies some letters were addressed to or assigned to: the recipients matched to
    /// agencies, the agencies whose incoming registers hold them, and the lead and coordinators
    /// of every task from them or from a registered letter forwarding them. Without successors.
    pub async fn letter_addressees(&self, documents: &[DocumentId]) -> Result<Vec<UnitId>> {
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(1, documents.len());
        let tasks = format!(
            "SELECT t.id FROM tasks t WHERE t.document_id IN ({list}) OR t.document_id IN \
             (SELECT f.id FROM documents f WHERE f.forwards_id IN ({list}))"
        );
        let sql = format!(
            "SELECT unit_id AS id FROM document_recipients WHERE document_id IN ({list}) AND unit_id IS NOT NULL \
             UNION SELECT register_agency_id FROM documents WHERE id IN ({list}) AND direction = 'incoming' \
             UNION SELECT lead_id FROM tasks WHERE id IN ({tasks}) \
             UNION SELECT unit_id FROM task_coordinators WHERE task_id IN ({tasks})"
        );
        let ids: Vec<i64> =
            documents.iter().fold(sqlx::query_scalar(&sql), |q, d| q.bind(d.0)).fetch_all(self.pool()).await?;
        let mut out: Vec<UnitId> = ids.into_iter().map(UnitId).collect();
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}

/// A new answer.
#[derive(Debug, Clone, Copy)]
pub struct NewAnswer<'a> {
    /// The answer.
    pub text: &'a str,
    /// Shown to every agency the letter was addressed to.
    pub shared: bool,
    /// The answering agency.
    pub by: UnitId,
    /// The day.
    pub on: NaiveDate,
}
