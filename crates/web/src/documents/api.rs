//! `/api/v1/documents`: parse, register, search, read, directions, fan-out.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use binhdang_core::Error as DomainError;
use binhdang_core::documents::{Direction, Document, DocumentId, LeaderDirection};
use binhdang_core::tasks::{Task, TaskId};
use binhdang_store::documents::{DocumentFilter, ResolvedCitation};

use super::{DocumentInput, register, require_read};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::openapi::{ReadRefusals, WriteRefusals};
use crate::units::scope_of;

/// Body of `POST /api/v1/documents/parse`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ParseRequest {
    text: String,
}

/// Parse a letter's text: one record per document found.
#[utoipa::path(post, path = "/api/v1/documents/parse", tag = "documents", request_body = ParseRequest,
    responses((status = 200, description = "One record per document found", body = Vec<vanban::Letter>), WriteRefusals))]
pub async fn parse(ApiUser(_): ApiUser, Json(body): Json<ParseRequest>) -> ApiResult<Vec<vanban::Letter>> {
    Ok(Json(vanban::parse(&body.text)))
}

/// Register a document (incoming or outgoing); 409 on a duplicate.
#[utoipa::path(post, path = "/api/v1/documents", tag = "documents", request_body = DocumentInput,
    responses((status = 201, description = "Registered", body = Document), WriteRefusals))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<DocumentInput>,
) -> Result<(StatusCode, Json<Document>), ApiError> {
    Ok((StatusCode::CREATED, Json(register(&state, &user, &input).await?)))
}

/// Query of a search.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words, with or without diacritics (at most 12 words, 200 characters).
    #[param(max_length = 200)]
    q: Option<String>,
    /// The document's year.
    year: Option<i32>,
    /// The kind of document (Công văn, Kế hoạch…).
    #[serde(rename = "type")]
    doc_type: Option<String>,
    /// The issuer's name contains (at most 12 words, 200 characters).
    #[param(max_length = 200)]
    issuer: Option<String>,
    /// Incoming or outgoing.
    #[param(value_type = Option<Direction>)]
    direction: Option<String>,
    /// Page size (default 50).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
    /// Rows skipped (default 0).
    #[param(maximum = 1_000_000)]
    offset: Option<u32>,
}

/// A page of documents.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentList {
    items: Vec<Document>,
    total: u64,
}

/// Search the registers in the caller's scope (with or without diacritics).
#[utoipa::path(get, path = "/api/v1/documents", tag = "documents", params(SearchQuery),
    responses((status = 200, description = "A page of documents", body = DocumentList), ReadRefusals))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<SearchQuery>,
) -> ApiResult<DocumentList> {
    binhdang_core::search::check_query("q", q.q.as_deref())?;
    binhdang_core::search::check_query("issuer", q.issuer.as_deref())?;
    let offset = binhdang_core::search::check_offset("offset", q.offset.unwrap_or(0))?;
    let scope = scope_of(&state, &user).await?;
    let direction = q.direction.as_deref().filter(|d| !d.is_empty()).map(str::parse::<Direction>).transpose()?;
    let limit = q.limit.unwrap_or(50);
    if limit == 0 || limit > 500 {
        return Err(DomainError::invalid("limit", "limit phải từ 1 đến 500").into());
    }
    let filter = DocumentFilter {
        q: q.q,
        year: q.year,
        doc_type: q.doc_type,
        issuer: q.issuer,
        direction,
        scope_area: Some(scope.area),
        limit,
        offset,
    };
    let (items, total) = state.store.search_documents(&filter).await?;
    Ok(Json(DocumentList { items, total }))
}

/// A document with everything around it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDetail {
    #[serde(flatten)]
    document: Document,
    recipients: Vec<binhdang_core::documents::Recipient>,
    references: Vec<ResolvedCitation>,
    cited_by: Vec<Document>,
    forwarded_by: Vec<Document>,
    directions: Vec<LeaderDirection>,
    tasks: Vec<Task>,
}

/// A document with recipients, references (resolved or placeholder), `cited_by`, `forwarded_by`,
/// directions and tasks.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents", params(("id" = i64, Path, description = "The record's id")),
    responses((status = 200, description = "The document", body = DocumentDetail), ReadRefusals))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<DocumentDetail> {
    let document = state.store.document(DocumentId(id)).await?;
    require_read(&state, &user, &document).await?;
    // Every related letter passes the same read check as the letter itself.
    let reader = crate::units::scope_of(&state, &user).await?.area;
    Ok(Json(DocumentDetail {
        recipients: state.store.document_recipients(document.id).await?,
        references: state.store.document_citations(document.id, reader).await?,
        cited_by: state.store.documents_citing(&document, reader).await?,
        forwarded_by: state.store.documents_forwarding(document.id, reader).await?,
        directions: state.store.directions(document.id).await?,
        tasks: state.store.tasks_of_document(document.id).await?,
        document,
    }))
}

/// Body of a direction.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DirectionInput {
    /// The leader who gave it.
    leader: String,
    /// YYYY-MM-DD.
    #[schema(format = Date)]
    date: String,
    /// What the leader directed.
    text: String,
}

/// Record a leader's direction.
#[utoipa::path(post, path = "/api/v1/documents/{id}/directions", tag = "documents", params(("id" = i64, Path, description = "The record's id")),
    request_body = DirectionInput,
    responses((status = 201, description = "Recorded", body = LeaderDirection), WriteRefusals))]
pub async fn add_direction(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(d): Json<DirectionInput>,
) -> Result<(StatusCode, Json<LeaderDirection>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(binhdang_app::documents::add_direction(&state, &user, DocumentId(id), &d.leader, &d.date, &d.text).await?),
    ))
}

/// The tasks a fan-out created.
#[derive(Debug, Serialize, ToSchema)]
pub struct FanOutResult {
    /// How many.
    created: usize,
    /// Their ids.
    ids: Vec<TaskId>,
}

/// One task per agency of a group for each line of work, at once.
#[utoipa::path(post, path = "/api/v1/documents/{id}/fan-out", tag = "documents", params(("id" = i64, Path, description = "The record's id")),
    request_body = crate::tasks::FanOutInput,
    responses((status = 201, description = "Created", body = FanOutResult), WriteRefusals))]
pub async fn fan_out(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<crate::tasks::FanOutInput>,
) -> Result<(StatusCode, Json<FanOutResult>), ApiError> {
    let ids = crate::tasks::fan_out(&state, &user, DocumentId(id), &input).await?;
    Ok((StatusCode::CREATED, Json(FanOutResult { created: ids.len(), ids })))
}
