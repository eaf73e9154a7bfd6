//! `/api/v1/difficulties`: the difficulties of a letter or those waiting for the caller's body,
//! one difficulty, raising one on a letter (`/api/v1/documents/{id}/difficulties`, files as
//! base64), answering, closing and reopening.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use binhdang_core::difficulties::{Difficulty, DifficultyId};
use binhdang_core::documents::DocumentId;

use super::{AnswerInput, DifficultyInput, DifficultyView, InboxFilter};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};

/// Query of a listing.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    document_id: Option<i64>,
    status: Option<String>,
    letter: Option<String>,
    province: Option<i64>,
}

/// `GET /api/v1/difficulties?document_id=` (the difficulties of a letter the caller may read),
/// or without it the difficulties addressed to the caller's body (`status`: open by default,
/// answered, closed, all; `letter`: a letter key; `province`: a province id).
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<serde_json::Value> {
    if let Some(id) = q.document_id {
        let doc = state.store.document(DocumentId(id)).await?;
        crate::documents::require_read(&state, &user, &doc).await?;
        let items = super::for_letter(&state, &user, &doc).await?;
        return Ok(Json(serde_json::json!({ "total": items.len(), "items": items })));
    }
    let filter = InboxFilter { status: q.status, letter: q.letter, province: q.province };
    let inbox = super::inbox(&state, &user, &filter).await?;
    Ok(Json(serde_json::json!({
        "total": inbox.items.len(),
        "items": inbox.items,
        "letters": inbox.letters.iter().map(|(key, code, subject, n)| serde_json::json!({
            "key": key, "letter": code, "subject": subject, "count": n,
        })).collect::<Vec<_>>(),
        "provinces": inbox.provinces.iter().map(|(id, name, n)| serde_json::json!({
            "id": id, "name": name, "count": n,
        })).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/difficulties/{id}`.
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<DifficultyView> {
    Ok(Json(super::show(&state, &user, DifficultyId(id)).await?))
}

/// `POST /api/v1/documents/{id}/difficulties`: the caller's right to raise one on the letter is
/// checked before the body (which may carry files) is read.
pub async fn raise(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    body: Body,
) -> Result<(StatusCode, Json<Difficulty>), ApiError> {
    let doc = state.store.document(DocumentId(id)).await?;
    super::require_raise(&state, &user, &doc).await?;
    let mut input: DifficultyInput =
        crate::uploads::read_json(body, crate::routes::MAX_BODY_BYTES, "vướng mắc").await?;
    input.document_id = id;
    input.upload_tokens.clear();
    Ok((StatusCode::CREATED, Json(super::raise(&state, &user, &input, Vec::new()).await?)))
}

/// `POST /api/v1/difficulties/{id}/answers` (`{"text", "shared", "version"}`).
pub async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<AnswerInput>,
) -> ApiResult<Difficulty> {
    Ok(Json(super::answer(&state, &user, DifficultyId(id), &input).await?))
}

/// The version read, for closing and reopening.
#[derive(Debug, Deserialize)]
pub struct VersionInput {
    version: i64,
}

/// `POST /api/v1/difficulties/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<VersionInput>,
) -> ApiResult<Difficulty> {
    Ok(Json(super::close(&state, &user, DifficultyId(id), input.version).await?))
}

/// `POST /api/v1/difficulties/{id}/reopen`.
pub async fn reopen(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<VersionInput>,
) -> ApiResult<Difficulty> {
    Ok(Json(super::reopen(&state, &user, DifficultyId(id), input.version).await?))
}
