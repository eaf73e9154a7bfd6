//! Plans in the database: the header with its version, items, local targets (one per indicator
//! and year) and budget lines; every change is audited under the plan.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;

use binhdang_core::plans::{BudgetLine, LocalTarget, PlanHeader, PlanId, PlanItem, PlanStatus};
use binhdang_core::tasks::TaskId;
use binhdang_core::units::UnitId;

use crate::audit::{self, Actor, instant};
use crate::{Result, Store, StoreError};

/// A stored plan's header.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    /// Identity.
    pub id: PlanId,
    /// The header.
    #[serde(flatten)]
    pub header: PlanHeader,
    /// Version, for conflict detection.
    pub version: i64,
}

fn plan_from(row: &AnyRow) -> Result<Plan> {
    let status: String = row.try_get("status")?;
    Ok(Plan {
        id: PlanId(row.try_get("id")?),
        header: PlanHeader {
            agency: UnitId(row.try_get("agency_id")?),
            title: row.try_get("title")?,
            year_from: i32::try_from(row.try_get::<i64, _>("year_from")?).unwrap_or_default(),
            year_to: i32::try_from(row.try_get::<i64, _>("year_to")?).unwrap_or_default(),
            document: row.try_get("document_id")?,
            status: status.parse().map_err(|_| StoreError::Corrupt(status.clone()))?,
        },
        version: row.try_get("version")?,
    })
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_day(t: Option<String>) -> Result<Option<NaiveDate>> {
    t.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(t.clone()))).transpose()
}

const PLAN_COLUMNS: &str = "id, agency_id, title, year_from, year_to, document_id, status, version";

impl Store {
    /// Creates a plan.
    pub async fn create_plan(&self, h: &PlanHeader, scope_path: &str, actor: Actor) -> Result<Plan> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plans (agency_id, title, year_from, year_to, document_id, status, scope_path, created_at, created_by, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id",
        )
        .bind(h.agency.0)
        .bind(&h.title)
        .bind(i64::from(h.year_from))
        .bind(i64::from(h.year_to))
        .bind(h.document)
        .bind(h.status.as_str())
        .bind(scope_path)
        .bind(instant(actor.at))
        .bind(actor.user.map(|u| u.0))
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "plan.create",
            "plan",
            &id.to_string(),
            &serde_json::to_value(h).unwrap_or_default(),
        )
        .await?;
        tx.commit().await?;
        self.plan(PlanId(id)).await
    }

    /// One plan.
    pub async fn plan(&self, id: PlanId) -> Result<Plan> {
        let row = sqlx::query(&format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("không có kế hoạch số {}", id.0)))?;
        plan_from(&row)
    }

    /// Plans readable from an area, newest first.
    pub async fn plans(&self, scope_area: UnitId) -> Result<Vec<Plan>> {
        let rows = sqlx::query(&format!(
            "SELECT {PLAN_COLUMNS} FROM plans WHERE scope_path LIKE $1 ORDER BY year_from DESC, id DESC"
        ))
        .bind(format!("%,{},%", scope_area.0))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(plan_from).collect()
    }

    /// Whether a plan can be read from an area.
    pub async fn plan_readable_from(&self, id: PlanId, area: UnitId) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plans WHERE id = $1 AND scope_path LIKE $2")
            .bind(id.0)
            .bind(format!("%,{},%", area.0))
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    async fn touch(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        id: PlanId,
        actor: Actor,
        action: &str,
        detail: serde_json::Value,
    ) -> Result<()> {
        // An issued plan is locked: the check and the change are one statement, so a plan issued
        // while this transaction ran is not changed after all.
        let done = sqlx::query("UPDATE plans SET version = version + 1 WHERE id = $1 AND status = 'draft'")
            .bind(id.0)
            .execute(&mut **tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "kế hoạch đã ban hành nên không sửa được; lãnh đạo có thể chuyển kế hoạch về dự thảo để sửa".into(),
            ));
        }
        audit::record(tx, actor, action, "plan", &id.0.to_string(), &detail).await
    }

    /// Issues a plan or sets it back to draft, refusing a stale version.
    pub async fn set_plan_status(
        &self,
        id: PlanId,
        status: PlanStatus,
        document: Option<i64>,
        version: i64,
        actor: Actor,
    ) -> Result<Plan> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE plans SET status = $1, document_id = COALESCE($2, document_id), version = version + 1 WHERE id = $3 AND version = $4")
            .bind(status.as_str())
            .bind(document)
            .bind(id.0)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "kế hoạch đã được người khác sửa sau khi bạn mở trang; hãy tải lại".into(),
            ));
        }
        audit::record(
            &mut tx,
            actor,
            "plan.status",
            "plan",
            &id.0.to_string(),
            &serde_json::json!({"status": status.as_str(), "document": document}),
        )
        .await?;
        tx.commit().await?;
        self.plan(id).await
    }

    /// Adds an item.
    pub async fn add_plan_item(&self, id: PlanId, item: &PlanItem, actor: Actor) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let item_id: i64 = sqlx::query_scalar(
            "INSERT INTO plan_items (plan_id, parent_id, grp, title, lead_id, coordinators, start_date, end_date, outputs, task_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(id.0)
        .bind(item.parent)
        .bind(i64::from(item.group))
        .bind(&item.title)
        .bind(item.lead.map(|u| u.0))
        .bind(serde_json::to_string(&item.coordinators).unwrap_or_else(|_| "[]".into()))
        .bind(item.start.map(day))
        .bind(item.end.map(day))
        .bind(&item.outputs)
        .bind(item.task.map(|t| t.0))
        .fetch_one(&mut *tx)
        .await?;
        self.touch(&mut tx, id, actor, "plan.item", serde_json::json!({"item": item_id, "title": item.title})).await?;
        tx.commit().await?;
        Ok(item_id)
    }

    /// A plan's items in the order they were added.
    pub async fn plan_items(&self, id: PlanId) -> Result<Vec<PlanItem>> {
        let rows = sqlx::query(
            "SELECT id, parent_id, grp, title, lead_id, coordinators, start_date, end_date, outputs, task_id FROM plan_items \
             WHERE plan_id = $1 ORDER BY grp, id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let coordinators: String = r.try_get("coordinators")?;
                Ok(PlanItem {
                    id: r.try_get("id")?,
                    group: u8::try_from(r.try_get::<i64, _>("grp")?).unwrap_or(0),
                    parent: r.try_get("parent_id")?,
                    title: r.try_get("title")?,
                    lead: r.try_get::<Option<i64>, _>("lead_id")?.map(UnitId),
                    coordinators: serde_json::from_str(&coordinators)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    start: opt_day(r.try_get("start_date")?)?,
                    end: opt_day(r.try_get("end_date")?)?,
                    outputs: r.try_get("outputs")?,
                    task: r.try_get::<Option<i64>, _>("task_id")?.map(TaskId),
                })
            })
            .collect()
    }

    /// Sets local targets in one transaction (replacing those of the same indicator and year).
    pub async fn set_plan_targets(&self, id: PlanId, targets: &[LocalTarget], actor: Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for t in targets {
            sqlx::query("DELETE FROM plan_targets WHERE plan_id = $1 AND indicator_code = $2 AND year = $3")
                .bind(id.0)
                .bind(&t.indicator)
                .bind(i64::from(t.year))
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO plan_targets (plan_id, indicator_code, year, value) VALUES ($1, $2, $3, $4)")
                .bind(id.0)
                .bind(&t.indicator)
                .bind(i64::from(t.year))
                .bind(t.value)
                .execute(&mut *tx)
                .await?;
        }
        self.touch(&mut tx, id, actor, "plan.targets", serde_json::to_value(targets).unwrap_or_default()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A plan's targets by indicator and year.
    pub async fn plan_targets(&self, id: PlanId) -> Result<Vec<LocalTarget>> {
        let rows = sqlx::query(
            "SELECT indicator_code, year, value FROM plan_targets WHERE plan_id = $1 ORDER BY indicator_code, year",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LocalTarget {
                    indicator: r.try_get("indicator_code")?,
                    year: i32::try_from(r.try_get::<i64, _>("year")?).unwrap_or_default(),
                    value: r.try_get("value")?,
                })
            })
            .collect()
    }

    /// Adds a budget line.
    pub async fn add_budget_line(&self, id: PlanId, line: &BudgetLine, actor: Actor) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let line_id: i64 = sqlx::query_scalar(
            "INSERT INTO plan_budget (plan_id, item_id, source, year, amount) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id.0)
        .bind(line.item)
        .bind(&line.source)
        .bind(i64::from(line.year))
        .bind(line.amount)
        .fetch_one(&mut *tx)
        .await?;
        self.touch(&mut tx, id, actor, "plan.budget", serde_json::to_value(line).unwrap_or_default()).await?;
        tx.commit().await?;
        Ok(line_id)
    }

    /// Whether a plan item exists.
    pub async fn plan_item_exists(&self, item: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plan_items WHERE id = $1")
            .bind(item)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// A plan item's plan and title (for the records that link to it).
    pub async fn plan_item_title(&self, item: i64) -> Result<Option<(PlanId, String)>> {
        let row = sqlx::query("SELECT plan_id, title FROM plan_items WHERE id = $1")
            .bind(item)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| Ok((PlanId(r.try_get("plan_id")?), r.try_get("title")?))).transpose()
    }

    /// A plan's budget lines.
    pub async fn plan_budget(&self, id: PlanId) -> Result<Vec<BudgetLine>> {
        let rows = sqlx::query(
            "SELECT id, item_id, source, year, amount FROM plan_budget WHERE plan_id = $1 ORDER BY year, id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BudgetLine {
                    id: r.try_get("id")?,
                    item: r.try_get("item_id")?,
                    source: r.try_get("source")?,
                    year: i32::try_from(r.try_get::<i64, _>("year")?).unwrap_or_default(),
                    amount: r.try_get("amount")?,
                })
            })
            .collect()
    }
}
