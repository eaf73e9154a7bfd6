//! What the "my work" page reads besides the inboxes: the letters in an agency's registers that
//! nothing has been done with yet, the latest progress on its work, and the province each unit
//! lies in (for rolling tasks up by province). Each is a bounded number of statements, whatever
//! the number of rows.

use std::collections::{BTreeSet, HashMap};

use sqlx::Row;

use binhdang_core::documents::Document;
use binhdang_core::tasks::{ProgressKind, TaskId};
use binhdang_core::units::{UnitId, UnitKind};

use crate::documents::{DOC_COLUMNS, document_from_row};
use crate::tasks::parse_day;
use crate::{Result, Store, StoreError, placeholders};

/// A progress entry with the task it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentProgress {
    /// The task.
    pub task: TaskId,
    /// What the task asks.
    pub task_description: String,
    /// A report (lead) or a contribution (coordinator).
    pub kind: ProgressKind,
    /// The day it reports on.
    pub date: chrono::NaiveDate,
    /// What was done.
    pub text: String,
    /// Percent complete, if given.
    pub percent: Option<u8>,
    /// The agency that reported.
    pub unit: Option<UnitId>,
}

/// Letters waiting in a register, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    /// The first `limit`.
    pub documents: Vec<Document>,
    /// How many in all.
    pub total: u64,
}

impl Store {
    /// Incoming letters in the registers of `agencies` from which no task was created, neither
    /// from the letter itself nor from a registered letter that forwards it.
    pub async fn letters_waiting(&self, agencies: &[UnitId], limit: u32) -> Result<Waiting> {
        if agencies.is_empty() {
            return Ok(Waiting { documents: Vec::new(), total: 0 });
        }
        let condition = format!(
            "direction = 'incoming' AND register_agency_id IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.document_id = d.id) \
             AND NOT EXISTS (SELECT 1 FROM documents f JOIN tasks t ON t.document_id = f.id WHERE f.forwards_id = d.id)",
            placeholders(1, agencies.len())
        );
        let count_sql = format!("SELECT COUNT(*) AS n FROM documents d WHERE {condition}");
        let page_sql = format!(
            "SELECT {DOC_COLUMNS} FROM documents d WHERE {condition} \
             ORDER BY COALESCE(arrival_date, doc_date, created_at) DESC, id DESC LIMIT {limit}"
        );
        let total: i64 = agencies
            .iter()
            .fold(sqlx::query(&count_sql), |q, a| q.bind(a.0))
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        let rows = agencies.iter().fold(sqlx::query(&page_sql), |q, a| q.bind(a.0)).fetch_all(self.pool()).await?;
        let documents = rows.iter().map(document_from_row).collect::<Result<Vec<_>>>()?;
        Ok(Waiting { documents, total: total.max(0).unsigned_abs() })
    }

    /// The newest progress entries on tasks that `agencies` lead or wrote, newest first.
    pub async fn recent_progress(&self, agencies: &[UnitId], limit: u32) -> Result<Vec<RecentProgress>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let n = agencies.len();
        let sql = format!(
            "SELECT p.task_id, t.description, p.kind, p.progress_date, p.text, p.percent, p.unit_id \
             FROM task_progress p JOIN tasks t ON t.id = p.task_id \
             WHERE t.lead_id IN ({}) OR p.unit_id IN ({}) ORDER BY p.id DESC LIMIT {limit}",
            placeholders(1, n),
            placeholders(n + 1, n)
        );
        let rows =
            agencies.iter().chain(agencies).fold(sqlx::query(&sql), |q, a| q.bind(a.0)).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                let date: String = r.try_get("progress_date")?;
                Ok(RecentProgress {
                    task: TaskId(r.try_get("task_id")?),
                    task_description: r.try_get("description")?,
                    kind: if kind == "contribution" { ProgressKind::Contribution } else { ProgressKind::Progress },
                    date: parse_day(&date)?,
                    text: r.try_get("text")?,
                    percent: r.try_get::<Option<i64>, _>("percent")?.and_then(|p| u8::try_from(p).ok()),
                    unit: r.try_get::<Option<i64>, _>("unit_id")?.map(UnitId),
                })
            })
            .collect()
    }

    /// The province each unit lies in: a province itself, the province above an area, the
    /// province of the area an agency serves. Units of the nation (ministries) have none. One
    /// statement per level of the hierarchy, however many units.
    pub async fn provinces_of(&self, ids: &[UnitId]) -> Result<HashMap<UnitId, UnitId>> {
        let mut at: HashMap<UnitId, UnitId> = ids.iter().map(|i| (*i, *i)).collect();
        let mut out = HashMap::new();
        // commune → district → province, and one more step from an agency to its area.
        for _ in 0..5 {
            if at.is_empty() {
                break;
            }
            let frontier: Vec<UnitId> = at.values().copied().collect::<BTreeSet<_>>().into_iter().collect();
            let mut step: HashMap<UnitId, (UnitKind, Option<UnitId>)> = HashMap::new();
            for chunk in frontier.chunks(500) {
                let sql = format!(
                    "SELECT id, kind, parent_id, area_id FROM units WHERE id IN ({})",
                    placeholders(1, chunk.len())
                );
                let rows = chunk.iter().fold(sqlx::query(&sql), |q, u| q.bind(u.0)).fetch_all(self.pool()).await?;
                for r in &rows {
                    let kind: String = r.try_get("kind")?;
                    let kind = kind.parse::<UnitKind>().map_err(|_| StoreError::Corrupt(kind.clone()))?;
                    let parent = r.try_get::<Option<i64>, _>("parent_id")?.map(UnitId);
                    let area = r.try_get::<Option<i64>, _>("area_id")?.map(UnitId);
                    let next = if kind.is_area() { parent } else { area.or(parent) };
                    step.insert(UnitId(r.try_get("id")?), (kind, next));
                }
            }
            at.retain(|start, pos| match step.get(pos) {
                Some((UnitKind::Province, _)) => {
                    out.insert(*start, *pos);
                    false
                }
                Some((UnitKind::Nation, _) | (_, None)) | None => false,
                Some((_, Some(next))) => {
                    *pos = *next;
                    true
                }
            });
        }
        Ok(out)
    }
}
