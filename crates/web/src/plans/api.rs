//! `/api/v1/plans`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

use binhdang_core::Error as DomainError;
use binhdang_core::plans::{LocalTarget, PlanId, PlanStatus};
use binhdang_store::plans::Plan;

use super::{BudgetInput, ItemInput, PlanInput, PlanView, require_change, require_read, view};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::units::{actor, scope_of};

/// `GET /api/v1/plans`: plans readable from the caller's scope.
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<serde_json::Value> {
    let scope = scope_of(&state, &user).await?;
    let items = state.store.plans(scope.area).await?;
    Ok(Json(serde_json::json!({ "items": items, "total": items.len() })))
}

/// `POST /api/v1/plans`.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<PlanInput>,
) -> Result<(StatusCode, Json<Plan>), ApiError> {
    Ok((StatusCode::CREATED, Json(super::create(&state, &user, &input).await?)))
}

/// `GET /api/v1/plans/{id}`: the plan with items, targets (with warnings), budget and totals.
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> ApiResult<PlanView> {
    let plan = state.store.plan(PlanId(id)).await?;
    require_read(&state, &user, &plan).await?;
    Ok(Json(view(&state, plan.id).await?))
}

/// Body of a status change.
#[derive(Debug, Deserialize)]
pub struct StatusInput {
    status: String,
    #[serde(default)]
    document_id: Option<i64>,
    version: i64,
}

/// `PATCH /api/v1/plans/{id}`: `{"status": "issued", "document_id": N, "version": V}`.
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<StatusInput>,
) -> ApiResult<Plan> {
    let plan = state.store.plan(PlanId(id)).await?;
    require_change(&state, &user, &plan).await?;
    let status: PlanStatus = input.status.parse()?;
    Ok(Json(
        state.store.set_plan_status(plan.id, status, input.document_id, input.version, actor(&state, &user)).await?,
    ))
}

/// `POST /api/v1/plans/{id}/items`.
pub async fn add_item(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<ItemInput>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let item = super::add_item(&state, &user, PlanId(id), &input).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": item }))))
}

/// The media type of an `.xlsx` workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Where a workbook sent to `PUT /api/v1/plans/{id}/targets` says its name.
#[derive(Debug, Deserialize)]
pub struct TargetsQuery {
    /// The file's name, used in error messages.
    file: Option<String>,
}

/// `PUT /api/v1/plans/{id}/targets`: `[{"indicator","year","value"}…]`, or the same workbook the
/// plan page takes (`Content-Type` of an `.xlsx`; `?file=` names it in errors). All or nothing;
/// the answer lists the targets weaker than the national ones.
pub async fn set_targets(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(query): Query<TargetsQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<serde_json::Value> {
    let is_workbook = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(XLSX));
    let rows: Vec<(String, LocalTarget)> = if is_workbook {
        super::targets_from_xlsx(query.file.as_deref().unwrap_or("gửi lên"), &body)?
    } else {
        let targets: Vec<LocalTarget> = serde_json::from_slice(&body)
            .map_err(|e| DomainError::invalid("body", format!("danh sách chỉ tiêu không đọc được: {e}")))?;
        targets.into_iter().enumerate().map(|(i, t)| (format!("chỉ tiêu thứ {}", i + 1), t)).collect()
    };
    let warnings = super::set_targets(&state, &user, PlanId(id), &rows).await?;
    Ok(Json(serde_json::json!({ "warnings": warnings })))
}

/// `POST /api/v1/plans/{id}/budget`.
pub async fn add_budget(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<BudgetInput>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let line = super::add_budget(&state, &user, PlanId(id), &input).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": line }))))
}
