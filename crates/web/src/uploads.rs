//! What arrives as files, and the work they cause. The policy, for every upload route:
//!
//! 1. the caller's right to change the record is checked **before** the body is read (handlers
//!    take the raw [`Body`] or the streaming `Multipart` and call [`read_body`] or
//!    [`read_field`] only after the check);
//! 2. the body is read up to a limit and refused past it with 413, never buffered whole first;
//! 3. the CPU-heavy part (text from `.pdf`/`.docx`, cells from `.xlsx`, exports) runs through
//!    [`heavy`]: on a blocking thread, at most [`crate::Settings::heavy_workers`] at once, so that a
//!    hostile file can occupy a worker but never the async executor that answers everyone else.
//!    The readers in `binhdang-office` bound their own decompressed bytes, pages, cells and time.

use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::multipart::Field;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::AppError;

/// The message of a body over its limit.
fn too_large(limit: usize) -> AppError {
    AppError::TooLarge(format!("Dữ liệu gửi lên lớn hơn giới hạn {} của chức năng này.", size_text(limit)))
}

/// A size for people: `64 KB`, `20 MB`.
#[must_use]
pub fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 { format!("{} MB", bytes / (1024 * 1024)) } else { format!("{} KB", bytes.div_ceil(1024)) }
}

/// Reads a request body of at most `limit` bytes (413 past it).
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, AppError> {
    to_bytes(body, limit).await.map_err(|_| too_large(limit))
}

/// Reads a JSON body of at most `limit` bytes, after the caller's rights were checked; `what`
/// names it in the error ("danh sách chỉ tiêu").
pub async fn read_json<T: DeserializeOwned>(body: Body, limit: usize, what: &str) -> Result<T, AppError> {
    let bytes = read_body(body, limit).await?;
    serde_json::from_slice(&bytes)
        .map_err(|e| binhdang_core::Error::invalid("body", format!("{what} không đọc được: {e}")).into())
}

/// Reads one multipart field of at most `limit` bytes, chunk by chunk (413 past it).
pub async fn read_field(mut field: Field<'_>, limit: usize) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| AppError::BadRequest(format!("tệp gửi lên bị lỗi: {e}")))?
    {
        if out.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// Runs CPU-heavy work off the async executor, at most `heavy_workers` at once. A caller waits
/// for a free worker up to `heavy_wait`; past it the answer is 503 with a message to retry.
pub async fn heavy<T, F>(state: &AppState, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let wait = Duration::from_secs(state.settings.heavy_wait_secs);
    let permit = tokio::time::timeout(wait, state.heavy.acquire())
        .await
        .map_err(|_| AppError::Busy("Máy chủ đang xử lý nhiều tệp cùng lúc. Hãy thử lại sau ít phút.".into()))?
        .map_err(|e| AppError::Internal(format!("heavy-work pool closed: {e}")))?;
    let result = tokio::task::spawn_blocking(work).await.map_err(|e| AppError::Internal(format!("heavy work: {e}")));
    drop(permit);
    result
}

/// Body of `POST /api/v1/uploads`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code, reason = "documents the multipart body; read field by field")]
pub struct UploadForm {
    /// The file (one part named `file`, with its file name).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Keep a file on the server for the caller (up to 20 MB), to attach by its token.
///
/// The answer's `token` is sent as `upload_token` when registering a letter
/// (`POST /api/v1/documents`), reporting on a task (`POST /api/v1/tasks/{id}/progress`),
/// attaching to an activity (`POST /api/v1/activities/{id}/files`) or raising a difficulty
/// (`upload_tokens`). The record then keeps exactly these bytes (their SHA-256 is in the answer).
/// Only the caller can use the token; an upload not taken within 24 hours is forgotten.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "documents",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, description = "Kept", body = binhdang_app::uploads::StagedUpload), crate::openapi::WriteRefusals))]
pub async fn api_upload(
    axum::extract::State(state): axum::extract::State<AppState>,
    crate::auth::ApiUser(user): crate::auth::ApiUser,
    crate::extract::Multipart(mut multipart): crate::extract::Multipart,
) -> Result<(axum::http::StatusCode, axum::Json<binhdang_app::uploads::StagedUpload>), crate::error::ApiError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        crate::error::ApiError::from(AppError::BadRequest(format!("nội dung multipart không đọc được: {e}")))
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("").to_owned();
        let bytes = read_field(field, binhdang_app::documents::MAX_FILE_BYTES).await?;
        let staged = binhdang_app::uploads::stage(&state, &user, &name, bytes).await?;
        return Ok((axum::http::StatusCode::CREATED, axum::Json(staged)));
    }
    Err(binhdang_core::Error::invalid("file", "hãy gửi một tệp trong phần \"file\" của nội dung multipart").into())
}
