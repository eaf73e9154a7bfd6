//! The indicator catalog in the database: loading the seed (new indicators added, changed ones
//! updated), administrators' edits with optimistic versions, retiring, and the history of every
//! version.

use sqlx::Row;
use sqlx::any::AnyRow;

use binhdang_core::indicators::Indicator;

use crate::audit::{self, Actor, instant};
use crate::{Result, Store, StoreError};

/// An indicator with its version.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredIndicator {
    /// The indicator.
    #[serde(flatten)]
    pub indicator: Indicator,
    /// Version, for conflict detection.
    pub version: i64,
    /// Last change.
    pub updated_at: String,
}

/// A past version.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorVersion {
    /// The version number it had.
    pub version: i64,
    /// The indicator as it was.
    pub indicator: Indicator,
    /// When it was replaced.
    pub changed_at: String,
    /// Who replaced it.
    pub changed_by: Option<i64>,
}

fn stored(row: &AnyRow) -> Result<StoredIndicator> {
    let data: String = row.try_get("data")?;
    Ok(StoredIndicator {
        indicator: serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn json(i: &Indicator) -> Result<String> {
    serde_json::to_string(i).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// What a load of the seed did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IndicatorImport {
    /// Indicators added.
    pub inserted: usize,
    /// Indicators changed.
    pub updated: usize,
    /// Indicators as in the file.
    pub unchanged: usize,
}

impl Store {
    /// The catalog, by objective and code; retired indicators only when asked.
    pub async fn indicators(&self, with_retired: bool) -> Result<Vec<StoredIndicator>> {
        let rows = sqlx::query(
            "SELECT data, version, updated_at FROM indicators WHERE ($1 = 1 OR retired = 0) ORDER BY objective, code",
        )
        .bind(i64::from(with_retired))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(stored).collect()
    }

    /// One indicator.
    pub async fn indicator(&self, code: &str) -> Result<StoredIndicator> {
        let row = sqlx::query("SELECT data, version, updated_at FROM indicators WHERE code = $1")
            .bind(code)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("không có chỉ tiêu mã {code}")))?;
        stored(&row)
    }

    /// Adds an indicator; its code must be new.
    pub async fn create_indicator(&self, i: &Indicator, actor: Actor) -> Result<StoredIndicator> {
        let mut tx = self.write_tx().await?;
        insert(&mut tx, i, actor).await?;
        tx.commit().await?;
        self.indicator(&i.code).await
    }

    /// Replaces an indicator, keeping the previous version in the history; a stale `version`
    /// is a conflict.
    pub async fn update_indicator(&self, i: &Indicator, version: i64, actor: Actor) -> Result<StoredIndicator> {
        let mut tx = self.write_tx().await?;
        replace(&mut tx, i, version, actor).await?;
        tx.commit().await?;
        self.indicator(&i.code).await
    }
    /// The earlier versions of an indicator, newest first.
    pub async fn indicator_history(&self, code: &str) -> Result<Vec<IndicatorVersion>> {
        let rows = sqlx::query(
            "SELECT version, data, changed_at, changed_by FROM indicator_history WHERE code = $1 ORDER BY version DESC",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get("data")?;
                Ok(IndicatorVersion {
                    version: r.try_get("version")?,
                    indicator: serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    changed_at: r.try_get("changed_at")?,
                    changed_by: r.try_get("changed_by")?,
                })
            })
            .collect()
    }

    /// Loads the seed in one transaction: new codes are added, changed ones updated (with
    /// history), the rest left.
    pub async fn import_indicators(&self, list: &[Indicator], actor: Actor) -> Result<IndicatorImport> {
        let mut tx = self.write_tx().await?;
        let mut summary = IndicatorImport::default();
        for i in list {
            let existing = sqlx::query("SELECT data, version, updated_at FROM indicators WHERE code = $1")
                .bind(&i.code)
                .fetch_optional(&mut *tx)
                .await?;
            match existing.as_ref().map(stored).transpose()? {
                Some(e) if e.indicator == *i => summary.unchanged += 1,
                Some(e) => {
                    replace(&mut tx, i, e.version, actor).await?;
                    summary.updated += 1;
                }
                None => {
                    insert(&mut tx, i, actor).await?;
                    summary.inserted += 1;
                }
            }
        }
        tx.commit().await?;
        Ok(summary)
    }
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

async fn insert(tx: &mut Tx<'_>, i: &Indicator, actor: Actor) -> Result<()> {
    sqlx::query(
        "INSERT INTO indicators (code, objective, retired, data, version, updated_at) VALUES ($1, $2, $3, $4, 1, $5)",
    )
    .bind(&i.code)
    .bind(i64::from(i.objective))
    .bind(i64::from(i.retired))
    .bind(json(i)?)
    .bind(instant(actor.at))
    .execute(&mut **tx)
    .await
    .map_err(|e| crate::conflict_on_unique(e, || format!("đã có chỉ tiêu mã {}", i.code)))?;
    audit::record(tx, actor, "indicator.create", "indicator", &i.code, &serde_json::to_value(i).unwrap_or_default())
        .await?;
    Ok(())
}

async fn replace(tx: &mut Tx<'_>, i: &Indicator, version: i64, actor: Actor) -> Result<()> {
    let previous = sqlx::query("SELECT data, version FROM indicators WHERE code = $1")
        .bind(&i.code)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("không có chỉ tiêu mã {}", i.code)))?;
    let old_version: i64 = previous.try_get("version")?;
    if old_version != version {
        return Err(StoreError::Conflict(
            "chỉ tiêu đã được người khác sửa sau khi bạn mở trang; hãy tải lại để xem bản mới nhất".into(),
        ));
    }
    sqlx::query(
        "INSERT INTO indicator_history (code, version, data, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&i.code)
    .bind(old_version)
    .bind(previous.try_get::<String, _>("data")?)
    .bind(instant(actor.at))
    .bind(actor.user.map(|u| u.0))
    .execute(&mut **tx)
    .await?;
    let done = sqlx::query(
        "UPDATE indicators SET objective = $1, retired = $2, data = $3, version = version + 1, updated_at = $4 \
         WHERE code = $5 AND version = $6",
    )
    .bind(i64::from(i.objective))
    .bind(i64::from(i.retired))
    .bind(json(i)?)
    .bind(instant(actor.at))
    .bind(&i.code)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict("chỉ tiêu vừa được người khác sửa; hãy tải lại".into()));
    }
    audit::record(tx, actor, "indicator.update", "indicator", &i.code, &serde_json::to_value(i).unwrap_or_default())
        .await?;
    Ok(())
}
