//! Files kept on the server between two requests: one path for a letter's original (read, then
//! registered), a task report's attachment, an activity's files and a difficulty's files. A file
//! is kept for the user who sent it under a secret token (only the token's SHA-256 is stored), so
//! that a form that failed keeps its files without sending them back through the browser, any
//! server behind a load balancer can finish the request, and a record keeps exactly the bytes
//! that arrived. Uploads expire after [`UPLOAD_HOURS`].

use chrono::{DateTime, Utc};
use serde::Serialize;

use binhdang_core::Error as DomainError;
use binhdang_core::users::User;
use binhdang_store::documents::StoredFile;
use binhdang_store::uploads::PendingUpload;

use crate::documents::{MAX_FILE_BYTES, mime_of, sha256_hex};
use crate::{Error, Services};

/// How long an upload waits for the request that takes it.
pub const UPLOAD_HOURS: i64 = 24;

/// An upload kept for its owner: the token the form or the client carries, and the file's
/// fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StagedUpload {
    /// The secret that names it (only its SHA-256 is stored); send it as `upload_token`.
    pub token: String,
    /// The file name.
    pub name: String,
    /// SHA-256 of the bytes, hexadecimal.
    pub sha256: String,
    /// Its size in bytes.
    pub size: usize,
    /// When it is forgotten unless a request takes it.
    pub expires_at: DateTime<Utc>,
}

/// Keeps a file on the server for the user who sent it; returns the token that names it.
pub async fn stage(state: &Services, user: &User, name: &str, bytes: Vec<u8>) -> Result<StagedUpload, Error> {
    use rand::RngCore;
    let name = name.trim();
    if name.is_empty() || bytes.is_empty() {
        return Err(DomainError::invalid("file", "hãy chọn một tệp").into());
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(
            DomainError::invalid("file", format!("tệp {name} lớn hơn {} MB", MAX_FILE_BYTES / 1024 / 1024)).into()
        );
    }
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    let token = format!("up_{}", sha256_hex(&secret));
    let sha256 = sha256_hex(&bytes);
    let size = bytes.len();
    let file = StoredFile { name: name.to_owned(), mime: mime_of(name).to_owned(), bytes };
    let now = state.clock.now();
    let expires_at = now + chrono::Duration::hours(UPLOAD_HOURS);
    state
        .store
        .add_pending_upload(binhdang_store::uploads::NewUpload {
            token_hash: &sha256_hex(token.as_bytes()),
            user: user.id,
            file: &file,
            sha256: &sha256,
            at: now,
            expires: expires_at,
        })
        .await?;
    Ok(StagedUpload { token, name: name.to_owned(), sha256, size, expires_at })
}

/// The unexpired upload a token names, if it belongs to `user`.
pub async fn find(state: &Services, user: &User, token: &str) -> Result<Option<PendingUpload>, Error> {
    Ok(state.store.pending_upload(&sha256_hex(token.trim().as_bytes()), user.id, state.clock.now()).await?)
}

/// The message of a token that names nothing the user may take.
pub const GONE: &str = "tệp đã tải lên không còn (quá 24 giờ) hoặc không phải của bạn; hãy tải tệp lên lại";

/// The upload a non-empty token names for `user`, or a field error on `field`.
pub async fn take(state: &Services, user: &User, token: &str, field: &str) -> Result<PendingUpload, Error> {
    find(state, user, token).await?.ok_or_else(|| DomainError::invalid(field, GONE).into())
}
