//! `/api/v1/plans`.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use binhdang_core::plans::{LocalTarget, PlanId, PlanStatus};
use binhdang_store::plans::Plan;

use super::{BudgetInput, ItemInput, PlanInput, PlanView, require_change, require_read, view};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::openapi::{BusyRefusal, Created, Listing, ReadRefusals, WriteRefusals};
use crate::units::scope_of;
use crate::uploads;

/// Plans readable from the caller's scope.
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans",
    responses((status = 200, description = "The plans", body = Listing<Plan>), ReadRefusals))]
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Listing<Plan>> {
    let scope = scope_of(&state, &user).await?;
    Ok(Json(Listing::of(state.store.plans(scope.area).await?)))
}

/// Create a plan (an agency's, for a year or a span of up to 10 years).
#[utoipa::path(post, path = "/api/v1/plans", tag = "plans", request_body = PlanInput,
    responses((status = 201, description = "Created", body = Plan), WriteRefusals))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<PlanInput>,
) -> Result<(StatusCode, Json<Plan>), ApiError> {
    Ok((StatusCode::CREATED, Json(super::create(&state, &user, &input).await?)))
}

/// A plan with its items, targets (with warnings when weaker than national), budget lines and
/// totals.
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans", params(("id" = i64, Path, description = "The record's id")),
    responses((status = 200, description = "The plan", body = PlanView), ReadRefusals))]
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> ApiResult<PlanView> {
    let plan = state.store.plan(PlanId(id)).await?;
    require_read(&state, &user, &plan).await?;
    Ok(Json(view(&state, plan.id).await?))
}

/// Body of a status change.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = PlanStatusInput)]
pub struct StatusInput {
    /// The new status.
    #[schema(value_type = PlanStatus)]
    status: String,
    /// The registered document that issues the plan.
    #[serde(default)]
    document_id: Option<i64>,
    /// The version read.
    version: i64,
}

/// Issue a plan or set it back to draft (409 on a stale version).
///
/// `{"status": "issued", "document_id": N, "version": V}`.
#[utoipa::path(patch, path = "/api/v1/plans/{id}", tag = "plans", params(("id" = i64, Path, description = "The record's id")), request_body = StatusInput,
    responses((status = 200, description = "The plan as saved", body = Plan), WriteRefusals))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<StatusInput>,
) -> ApiResult<Plan> {
    Ok(Json(super::set_status(&state, &user, PlanId(id), &input.status, input.document_id, input.version).await?))
}

/// Add an item under a task group (1 plans, 2 communication, 3 models, 4 state management).
#[utoipa::path(post, path = "/api/v1/plans/{id}/items", tag = "plans", params(("id" = i64, Path, description = "The record's id")), request_body = ItemInput,
    responses((status = 201, description = "Added", body = Created), WriteRefusals))]
pub async fn add_item(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<ItemInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = super::add_item(&state, &user, PlanId(id), &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The media type of an `.xlsx` workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Where a workbook sent to `PUT /api/v1/plans/{id}/targets` says its name.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetsQuery {
    /// The file's name, used in error messages.
    file: Option<String>,
}

/// Set local targets, all or nothing (unknown indicators refused).
///
/// From a JSON list (`[{"indicator","year","value"}…]`) or from the plan page's workbook (a
/// `Content-Type` of an `.xlsx`; columns Mã, Năm, Giá trị; errors name the file, sheet and row;
/// `?file=` names it). The answer lists the targets weaker than the national ones. The caller's
/// right to change the plan is checked before the body is read.
#[utoipa::path(put, path = "/api/v1/plans/{id}/targets", tag = "plans", params(("id" = i64, Path, description = "The record's id"), TargetsQuery),
    request_body(content(
        (Vec<LocalTarget> = "application/json"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses((status = 200, description = "Set; the warnings", body = Warnings), WriteRefusals, BusyRefusal))]
pub async fn set_targets(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(query): Query<TargetsQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Warnings> {
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
    Ok(Json(Warnings { warnings }))
}

/// The targets weaker than the national ones.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct Warnings {
    /// One sentence per target.
    warnings: Vec<String>,
}

/// Largest JSON list of targets (some thousands of targets).
const MAX_TARGETS_JSON_BYTES: usize = 1024 * 1024;

/// Add a budget line by source and year.
#[utoipa::path(post, path = "/api/v1/plans/{id}/budget", tag = "plans", params(("id" = i64, Path, description = "The record's id")), request_body = BudgetInput,
    responses((status = 201, description = "Added", body = Created), WriteRefusals))]
pub async fn add_budget(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<BudgetInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = super::add_budget(&state, &user, PlanId(id), &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
