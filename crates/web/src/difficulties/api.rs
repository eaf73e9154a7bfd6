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
use crate::openapi::{ReadRefusals, WriteRefusals};

/// Query of a listing.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A letter's id: its difficulties the caller may read (the other parameters are then left
    /// out).
    document_id: Option<i64>,
    /// `open` (default), `answered`, `closed` or `all`.
    #[param(pattern = "^(open|answered|closed|all)$")]
    status: Option<String>,
    /// A letter key (issuer, code, year), as listed in `letters`.
    letter: Option<String>,
    /// A province's id, as listed in `provinces`.
    province: Option<i64>,
}

/// A letter and how many of the listed difficulties concern it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LetterCount {
    /// The letter key.
    pub key: String,
    /// The letter's code.
    pub letter: String,
    /// Its subject.
    pub subject: String,
    /// How many.
    pub count: usize,
}

/// A province and how many of the listed difficulties came from it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ProvinceCount {
    /// The province's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// How many.
    pub count: usize,
}

/// Difficulties, with the letters and provinces they concern (those two lists are empty for a
/// letter's own difficulties).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct DifficultyList {
    /// How many.
    pub total: usize,
    /// The difficulties.
    pub items: Vec<DifficultyView>,
    /// Letters with their counts.
    pub letters: Vec<LetterCount>,
    /// Provinces with their counts.
    pub provinces: Vec<ProvinceCount>,
}

/// Difficulties: those of a letter the caller may read (`document_id`), or else those addressed
/// to the caller's body, by status, letter and province.
#[utoipa::path(get, path = "/api/v1/difficulties", tag = "difficulties", params(ListQuery),
    responses((status = 200, description = "The difficulties", body = DifficultyList), ReadRefusals))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<DifficultyList> {
    if let Some(id) = q.document_id {
        let doc = state.store.document(DocumentId(id)).await?;
        crate::documents::require_read(&state, &user, &doc).await?;
        let items = super::for_letter(&state, &user, &doc).await?;
        return Ok(Json(DifficultyList { total: items.len(), items, letters: Vec::new(), provinces: Vec::new() }));
    }
    let filter = InboxFilter { status: q.status, letter: q.letter, province: q.province };
    let inbox = super::inbox(&state, &user, &filter).await?;
    Ok(Json(DifficultyList {
        total: inbox.items.len(),
        letters: inbox
            .letters
            .iter()
            .map(|(key, letter, subject, count)| LetterCount {
                key: key.clone(),
                letter: letter.clone(),
                subject: subject.clone(),
                count: *count,
            })
            .collect(),
        provinces: inbox
            .provinces
            .iter()
            .map(|(id, name, count)| ProvinceCount { id: *id, name: name.clone(), count: *count })
            .collect(),
        items: inbox.items,
    }))
}

/// A difficulty with its answers and files.
#[utoipa::path(get, path = "/api/v1/difficulties/{id}", tag = "difficulties",
    params(("id" = i64, Path, description = "The record's id")),
    responses((status = 200, description = "The difficulty", body = DifficultyView), ReadRefusals))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<DifficultyView> {
    Ok(Json(super::show(&state, &user, DifficultyId(id)).await?))
}

/// Raise a difficulty on a letter to the body that issued it (files as base64; at most 5 files,
/// 10 MB each, 20 MB in all). The caller's right to raise one is checked before the body is read.
#[utoipa::path(post, path = "/api/v1/documents/{id}/difficulties", tag = "difficulties",
    params(("id" = i64, Path, description = "The letter's id")), request_body = DifficultyInput,
    responses((status = 201, description = "Raised", body = binhdang_core::difficulties::Difficulty), WriteRefusals))]
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

/// Answer a difficulty (the issuing body); `shared` shows the question and answer to every
/// agency the letter was addressed to.
#[utoipa::path(post, path = "/api/v1/difficulties/{id}/answers", tag = "difficulties",
    params(("id" = i64, Path, description = "The record's id")), request_body = AnswerInput,
    responses((status = 200, description = "The difficulty as answered", body = binhdang_core::difficulties::Difficulty), WriteRefusals))]
pub async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<AnswerInput>,
) -> ApiResult<Difficulty> {
    Ok(Json(super::answer(&state, &user, DifficultyId(id), &input).await?))
}

/// The version read, for closing and reopening.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VersionInput {
    /// The version read.
    version: i64,
}

/// Close a difficulty (the issuing body).
#[utoipa::path(post, path = "/api/v1/difficulties/{id}/close", tag = "difficulties",
    params(("id" = i64, Path, description = "The record's id")), request_body = VersionInput,
    responses((status = 200, description = "Closed", body = binhdang_core::difficulties::Difficulty), WriteRefusals))]
pub async fn close(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<VersionInput>,
) -> ApiResult<Difficulty> {
    Ok(Json(super::close(&state, &user, DifficultyId(id), input.version).await?))
}

/// Reopen a closed difficulty (the issuing body).
#[utoipa::path(post, path = "/api/v1/difficulties/{id}/reopen", tag = "difficulties",
    params(("id" = i64, Path, description = "The record's id")), request_body = VersionInput,
    responses((status = 200, description = "Reopened", body = binhdang_core::difficulties::Difficulty), WriteRefusals))]
pub async fn reopen(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<VersionInput>,
) -> ApiResult<Difficulty> {
    Ok(Json(super::reopen(&state, &user, DifficultyId(id), input.version).await?))
}
