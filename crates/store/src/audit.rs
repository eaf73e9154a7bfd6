//! The audit log: who changed what, when. Every write of the store records its entry in the same
//! transaction as the change, so the log never misses a committed change nor shows one that
//! rolled back.

use chrono::{DateTime, Utc};
use sqlx::{Any, Row, Transaction};

use binhdang_core::users::UserId;

use crate::{Result, Store};

/// Who makes a change and when.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    /// The user, or `None` for the command line and the demo loader.
    pub user: Option<UserId>,
    /// The instant of the change.
    pub at: DateTime<Utc>,
}

/// An entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    /// When.
    pub at: String,
    /// Who (a user id), if a user.
    pub user_id: Option<i64>,
    /// What was done (`unit.update`, `user.create`…).
    pub action: String,
    /// The kind of thing changed.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// The change, as JSON.
    pub detail: String,
}

/// An instant as stored: RFC 3339 UTC with microseconds, so text order is time order.
#[must_use]
pub fn instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Records one entry inside the caller's transaction.
pub(crate) async fn record(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    action: &str,
    entity: &str,
    entity_id: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(instant(actor.at))
    .bind(actor.user.map(|u| u.0))
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(detail.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// The newest entries about one thing, newest first.
    pub async fn audit_of(&self, entity: &str, entity_id: &str, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, user_id, action, entity, entity_id, detail FROM audit_log \
             WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(entity)
        .bind(entity_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.try_get("at")?,
                    user_id: r.try_get("user_id")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }
}
