//! Accounts in the database. Password hashes are stored and handed out only to the login check;
//! every other read returns [`User`] without them.

use sqlx::Row;
use sqlx::any::AnyRow;

use binhdang_core::units::UnitId;
use binhdang_core::users::{Role, User, UserId};

use crate::audit::{self, Actor};
use crate::{Result, Store, StoreError, conflict_on_unique};

const USER_COLUMNS: &str = "id, username, display_name, agency_id, role, active";

pub(crate) fn user_from_row(row: &AnyRow) -> Result<User> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        agency_id: UnitId(row.try_get("agency_id")?),
        role: role.parse::<Role>().map_err(|_| StoreError::Corrupt(format!("vai trò \"{role}\"")))?,
        active: row.try_get::<i64, _>("active")? == 1,
    })
}

/// What to change on an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChange {
    /// New name shown.
    pub display_name: Option<String>,
    /// New agency.
    pub agency_id: Option<UnitId>,
    /// New role.
    pub role: Option<Role>,
    /// Enable or disable.
    pub active: Option<bool>,
}

impl Store {
    /// Adds an account with an already hashed password.
    pub async fn create_user(
        &self,
        username: &str,
        display_name: &str,
        agency: UnitId,
        role: Role,
        password_hash: &str,
        actor: Actor,
    ) -> Result<User> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, agency_id, role, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
        )
        .bind(username)
        .bind(display_name)
        .bind(password_hash)
        .bind(agency.0)
        .bind(role.as_str())
        .bind(audit::instant(actor.at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_on_unique(e, || format!("tên đăng nhập \"{username}\" đã có người dùng")))?;
        audit::record(
            &mut tx,
            actor,
            "user.create",
            "user",
            &id.to_string(),
            &serde_json::json!({"username": username, "agency_id": agency.0, "role": role.as_str()}),
        )
        .await?;
        tx.commit().await?;
        self.user(UserId(id)).await
    }

    /// One account.
    pub async fn user(&self, id: UserId) -> Result<User> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("không có người dùng số {id}")))?;
        user_from_row(&row)
    }

    /// An account and its password hash, for the login check.
    pub async fn user_for_login(&self, username: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = $1"))
            .bind(username)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| Ok((user_from_row(&r)?, r.try_get("password_hash")?))).transpose()
    }

    /// Every account, by login name.
    pub async fn list_users(&self) -> Result<Vec<User>> {
        let rows =
            sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username")).fetch_all(self.pool()).await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Changes an account's name, agency, role or state.
    pub async fn update_user(&self, id: UserId, change: &UserChange, actor: Actor) -> Result<User> {
        let current = self.user(id).await?;
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE users SET display_name = $1, agency_id = $2, role = $3, active = $4 WHERE id = $5")
            .bind(change.display_name.as_deref().unwrap_or(&current.display_name))
            .bind(change.agency_id.unwrap_or(current.agency_id).0)
            .bind(change.role.unwrap_or(current.role).as_str())
            .bind(i64::from(change.active.unwrap_or(current.active)))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if change.active == Some(false) {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
        }
        audit::record(
            &mut tx,
            actor,
            "user.update",
            "user",
            &id.to_string(),
            &serde_json::json!({
                "display_name": change.display_name, "agency_id": change.agency_id.map(|a| a.0),
                "role": change.role.map(Role::as_str), "active": change.active,
            }),
        )
        .await?;
        tx.commit().await?;
        self.sessions.clear();
        self.user(id).await
    }

    /// Sets a user's password hash, ending their sessions and revoking their API tokens.
    pub async fn set_password(&self, id: UserId, password_hash: &str, actor: Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("không có người dùng số {id}")));
        }
        // A new password ends every way in that the old one opened: sessions and API tokens.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
        let tokens = Self::revoke_all_tokens(&mut tx, id, actor.at).await?;
        audit::record(
            &mut tx,
            actor,
            "user.password",
            "user",
            &id.to_string(),
            &serde_json::json!({"tokens_revoked": tokens}),
        )
        .await?;
        tx.commit().await?;
        self.sessions.clear();
        Ok(())
    }
}
