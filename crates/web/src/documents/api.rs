//! `/api/v1/documents`: parse, register, search, read, directions, fan-out.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use binhdang_core::Error as DomainError;
use binhdang_core::documents::{Direction, Document, DocumentId, LeaderDirection};
use binhdang_core::tasks::Task;
use binhdang_store::documents::{DocumentFilter, ResolvedCitation};

use super::{DocumentInput, register, require_read};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::units::scope_of;

/// Body of `POST /api/v1/documents/parse`.
#[derive(Debug, Deserialize)]
pub struct ParseRequest {
    text: String,
}

/// `POST /api/v1/documents/parse`: one record per document found in the text.
pub async fn parse(ApiUser(_): ApiUser, Json(body): Json<ParseRequest>) -> ApiResult<Vec<vanban::Letter>> {
    Ok(Json(vanban::parse(&body.text)))
}

/// `POST /api/v1/documents`.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<DocumentInput>,
) -> Result<(StatusCode, Json<Document>), ApiError> {
    Ok((StatusCode::CREATED, Json(register(&state, &user, &input).await?)))
}

/// Query of a search.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    year: Option<i32>,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    issuer: Option<String>,
    direction: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
}

/// A page of documents.
#[derive(Debug, Serialize)]
pub struct DocumentList {
    items: Vec<Document>,
    total: u64,
}

/// `GET /api/v1/documents?q=&year=&type=&issuer=&direction=`: documents of registers in the
/// caller's scope.
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
#[derive(Debug, Serialize)]
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

/// `GET /api/v1/documents/{id}`.
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
#[derive(Debug, Deserialize)]
pub struct DirectionInput {
    leader: String,
    date: String,
    text: String,
}

/// `POST /api/v1/documents/{id}/directions`.
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

/// `POST /api/v1/documents/{id}/fan-out`.
pub async fn fan_out(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<crate::tasks::FanOutInput>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let ids = crate::tasks::fan_out(&state, &user, DocumentId(id), &input).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "created": ids.len(), "ids": ids }))))
}
