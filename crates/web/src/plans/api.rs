//! `/api/v1/plans`.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

use binhdang_core::plans::{LocalTarget, PlanId};
use binhdang_store::plans::Plan;

use super::{BudgetInput, ItemInput, PlanInput, PlanView, require_change, require_read, view};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::units::scope_of;
use crate::uploads;

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
    Ok(Json(super::set_status(&state, &user, PlanId(id), &input.status, input.document_id, input.version).await?))
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
/// the answer lists the targets weaker than the national ones. The caller's right to change the
/// plan is checked before the body is read.
pub async fn set_targets(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(query): Query<TargetsQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<serde_json::Value> {
    let plan = state.store.plan(PlanId(id)).await?;
    require_change(&state, &user, &plan).await?;
    let is_workbook = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(XLSX));
    let rows: Vec<(String, LocalTarget)> = if is_workbook {
        let bytes = uploads::read_body(body, binhdang_office::text::MAX_UPLOAD_BYTES).await?;
        let file = query.file.unwrap_or_else(|| "gửi lên".to_owned());
        uploads::heavy(&state, move || super::targets_from_xlsx(&file, &bytes)).await??
    } else {
        let targets: Vec<LocalTarget> = uploads::read_json(body, MAX_TARGETS_JSON_BYTES, "danh sách chỉ tiêu").await?;
        targets.into_iter().enumerate().map(|(i, t)| (format!("chỉ tiêu thứ {}", i + 1), t)).collect()
    };
    let warnings = super::set_targets(&state, &user, PlanId(id), &rows).await?;
    Ok(Json(serde_json::json!({ "warnings": warnings })))
}

/// Largest JSON list of targets (some thousands of targets).
const MAX_TARGETS_JSON_BYTES: usize = 1024 * 1024;

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
