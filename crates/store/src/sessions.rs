//! Server-side sessions, API tokens and login throttling. Only SHA-256 hashes of session and
//! token secrets are stored, so a copy of the database does not let anyone in.

use chrono::{DateTime, Utc};
use sqlx::Row;

use binhdang_core::users::{User, UserId};

use crate::audit::{self, Actor, instant};
use crate::users::user_from_row;
use crate::{Result, Store, StoreError};

/// An API token as listed to its owner (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    /// Identity.
    pub id: i64,
    /// The owner's label for it.
    pub name: String,
    /// Created.
    pub created_at: String,
    /// Last used, if ever.
    pub last_used_at: Option<String>,
    /// Revoked, if it was.
    pub revoked_at: Option<String>,
    /// When it stops working.
    pub expires_at: Option<String>,
}

/// The answer to a login attempt's claim on its throttle keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The attempt may check the password.
    Granted,
    /// Too many attempts: none is checked until this instant.
    Throttled(DateTime<Utc>),
}

const USER_COLUMNS_U: &str = "u.id, u.username, u.display_name, u.agency_id, u.role, u.active";

/// How long a session found in the database is taken as it was without asking again. A logout,
/// a password change or an account disabled on this server takes effect at once (the cache is
/// emptied); on another server of the same database within this time.
pub const SESSION_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(1);

/// The most sessions remembered; past it the cache starts again empty.
const SESSION_CACHE_ENTRIES: usize = 10_000;

/// Sessions recently found, by their secret's hash, with the user and when the session ends:
/// every page a logged-in user opens asks who they are, and under load that question was one
/// database round trip per request.
pub(crate) type SessionCache = crate::kept::Kept<String, (User, DateTime<Utc>)>;

pub(crate) fn session_cache() -> SessionCache {
    SessionCache::new(SESSION_CACHE_TTL, SESSION_CACHE_ENTRIES)
}

impl Store {
    /// Starts a session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user.0)
            .bind(instant(now))
            .bind(instant(expires))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The active user of an unexpired session (from memory when it was found less than
    /// [`SESSION_CACHE_TTL`] ago).
    pub async fn session_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<User>> {
        if let Some((user, _)) = self.sessions.get(&token_hash.to_owned(), |(_, expires)| now < *expires) {
            return Ok(Some(user));
        }
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS_U}, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
        ))
        .bind(token_hash)
        .bind(instant(now))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = user_from_row(&row)?;
        let expires: String = row.try_get("expires_at")?;
        if let Ok(expires) = DateTime::parse_from_rfc3339(&expires) {
            self.sessions.put(token_hash.to_owned(), (user.clone(), expires.with_timezone(&Utc)));
        }
        Ok(Some(user))
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
        self.sessions.forget(&token_hash.to_owned());
        Ok(())
    }

    /// Removes expired sessions and old login failures; returns how many rows went.
    pub async fn purge_expired(&self, now: DateTime<Utc>, failures_before: DateTime<Utc>) -> Result<u64> {
        let a =
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(instant(now)).execute(self.pool()).await?;
        let b = sqlx::query("DELETE FROM login_throttle WHERE window_end < $1")
            .bind(instant(failures_before))
            .execute(self.pool())
            .await?;
        Ok(a.rows_affected() + b.rows_affected())
    }

    /// Creates an API token for a user.
    pub async fn create_token(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        expires: DateTime<Utc>,
        actor: Actor,
    ) -> Result<ApiToken> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
        )
        .bind(user.0)
        .bind(name)
        .bind(token_hash)
        .bind(instant(actor.at))
        .bind(instant(expires))
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "token.create",
            "user",
            &user.to_string(),
            &serde_json::json!({"token": id, "name": name}),
        )
        .await?;
        tx.commit().await?;
        Ok(ApiToken {
            id,
            name: name.to_owned(),
            created_at: instant(actor.at),
            last_used_at: None,
            revoked_at: None,
            expires_at: Some(instant(expires)),
        })
    }

    /// A user's tokens, newest first.
    pub async fn list_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, last_used_at, revoked_at, expires_at FROM api_tokens WHERE user_id = $1 \
             ORDER BY id DESC",
        )
        .bind(user.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                    revoked_at: r.try_get("revoked_at")?,
                    expires_at: r.try_get("expires_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of a user's tokens.
    pub async fn revoke_token(&self, user: UserId, token: i64, actor: Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done =
            sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(instant(actor.at))
                .bind(token)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("không có mã truy cập số {token} đang hiệu lực của bạn")));
        }
        audit::record(&mut tx, actor, "token.revoke", "user", &user.to_string(), &serde_json::json!({"token": token}))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The active user of an unrevoked, unexpired token; notes its use.
    pub async fn token_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<User>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS_U}, t.id AS token_id FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.active = 1"
        ))
        .bind(token_hash)
        .bind(instant(now))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let token_id: i64 = row.try_get("token_id")?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(instant(now))
            .bind(token_id)
            .execute(self.pool())
            .await?;
        Ok(Some(user_from_row(&row)?))
    }

    /// Claims one login attempt under each key, atomically: under a key whose window is still
    /// open, a claim succeeds only while fewer than `limit` attempts were claimed (one conditional
    /// `UPDATE` per key, so parallel attempts cannot all slip under the limit). A claim is kept as a
    /// failure unless [`Store::login_succeeded`] clears it. `keys` pairs a key with its limit.
    pub async fn claim_login_attempt(
        &self,
        keys: &[(&str, i64)],
        now: DateTime<Utc>,
        window: chrono::Duration,
    ) -> Result<Claim> {
        for (key, limit) in keys {
            sqlx::query(
                "INSERT INTO login_throttle (throttle_key, failures, window_end, strikes) VALUES ($1, 0, $2, 0) \
                 ON CONFLICT (throttle_key) DO NOTHING",
            )
            .bind(*key)
            .bind(instant(now))
            .execute(self.pool())
            .await?;
            let claimed: Option<i64> = sqlx::query_scalar(
                "UPDATE login_throttle SET \
                 failures = CASE WHEN window_end <= $2 THEN 1 ELSE failures + 1 END, \
                 window_end = CASE WHEN window_end <= $2 THEN $3 ELSE window_end END \
                 WHERE throttle_key = $1 AND (window_end <= $2 OR failures < $4) RETURNING failures",
            )
            .bind(*key)
            .bind(instant(now))
            .bind(instant(now + window))
            .bind(*limit)
            .fetch_optional(self.pool())
            .await?;
            if claimed.is_none() {
                let until: String = sqlx::query_scalar("SELECT window_end FROM login_throttle WHERE throttle_key = $1")
                    .bind(*key)
                    .fetch_one(self.pool())
                    .await?;
                let until = DateTime::parse_from_rfc3339(&until)
                    .map_err(|e| StoreError::Corrupt(format!("login_throttle.window_end: {e}")))?;
                return Ok(Claim::Throttled(until.with_timezone(&Utc)));
            }
        }
        Ok(Claim::Granted)
    }

    /// After a failed attempt: a key that reached its limit waits `window` × 2^strikes (at most
    /// 64 windows) before its next attempt, and its strikes grow.
    pub async fn login_failed(&self, keys: &[(&str, i64)], now: DateTime<Utc>, window: chrono::Duration) -> Result<()> {
        for (key, limit) in keys {
            let strikes: Option<i64> =
                sqlx::query_scalar("SELECT strikes FROM login_throttle WHERE throttle_key = $1 AND failures >= $2")
                    .bind(*key)
                    .bind(*limit)
                    .fetch_optional(self.pool())
                    .await?;
            if let Some(strikes) = strikes {
                let wait = window * (1_i32 << strikes.clamp(0, 6));
                sqlx::query(
                    "UPDATE login_throttle SET window_end = $2, strikes = strikes + 1 WHERE throttle_key = $1 \
                     AND failures >= $3",
                )
                .bind(*key)
                .bind(instant(now + wait))
                .bind(*limit)
                .execute(self.pool())
                .await?;
            }
        }
        Ok(())
    }

    /// After a successful login from an address: the attempt claimed under the address's key is
    /// given back, so that the address counts only failures (a DHIS2 client sending its password
    /// on every request is never throttled for being right).
    pub async fn login_attempt_returned(&self, key: &str) -> Result<()> {
        sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// After a successful login: the key's attempts and strikes are forgotten.
    pub async fn login_succeeded(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1").bind(key).execute(self.pool()).await?;
        Ok(())
    }

    /// Revokes every token of a user (their password changed or was reset), in the caller's
    /// transaction.
    pub(crate) async fn revoke_all_tokens(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64> {
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(instant(at))
            .bind(user.0)
            .execute(&mut **tx)
            .await?;
        Ok(done.rows_affected())
    }
}
