//! Uploads waiting to be registered (see migration 0009): kept whole in the database under the
//! SHA-256 of a token that only their owner holds, until the registration takes them or they
//! expire.

use chrono::{DateTime, Utc};
use sqlx::Row;

use binhdang_core::users::UserId;

use crate::audit::instant;
use crate::documents::StoredFile;
use crate::{Result, Store};

/// A pending upload as found for its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingUpload {
    /// Identity (to remove it once registered).
    pub id: i64,
    /// The file as it arrived.
    pub file: StoredFile,
    /// SHA-256 of its bytes, hexadecimal.
    pub sha256: String,
}

/// A new pending upload.
#[derive(Debug, Clone, Copy)]
pub struct NewUpload<'a> {
    /// SHA-256 of the token given to the owner.
    pub token_hash: &'a str,
    /// The owner.
    pub user: UserId,
    /// The file.
    pub file: &'a StoredFile,
    /// SHA-256 of its bytes.
    pub sha256: &'a str,
    /// When it was received.
    pub at: DateTime<Utc>,
    /// When it is forgotten.
    pub expires: DateTime<Utc>,
}

impl Store {
    /// Keeps an upload until its owner registers it.
    pub async fn add_pending_upload(&self, u: NewUpload<'_>) -> Result<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pending_uploads (token_hash, user_id, name, mime, sha256, bytes, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(u.token_hash)
        .bind(u.user.0)
        .bind(&u.file.name)
        .bind(&u.file.mime)
        .bind(u.sha256)
        .bind(u.file.bytes.clone())
        .bind(instant(u.at))
        .bind(instant(u.expires))
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// The unexpired upload a token names, if it belongs to `user`.
    pub async fn pending_upload(
        &self,
        token_hash: &str,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<Option<PendingUpload>> {
        let row = sqlx::query(
            "SELECT id, name, mime, sha256, bytes FROM pending_uploads WHERE token_hash = $1 AND user_id = $2 \
             AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(instant(now))
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(PendingUpload {
                id: r.try_get("id")?,
                file: StoredFile { name: r.try_get("name")?, mime: r.try_get("mime")?, bytes: r.try_get("bytes")? },
                sha256: r.try_get("sha256")?,
            })
        })
        .transpose()
    }

    /// Forgets an upload (it was registered).
    pub async fn remove_pending_upload(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM pending_uploads WHERE id = $1").bind(id).execute(self.pool()).await?;
        Ok(())
    }

    /// Forgets the uploads that expired; returns how many.
    pub async fn purge_pending_uploads(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM pending_uploads WHERE expires_at <= $1")
            .bind(instant(now))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
