//! `/api/v1/activities` and `/api/v1/figures`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use binhdang_core::activities::{Activity, ActivityId, ActivityType, Figure};
use binhdang_core::units::parse_date;
use binhdang_store::activities::ActivityFilter;

use super::{ActivityInput, figures, period, require_change, require_read, resolve};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::units::{actor, as_of, by_code, scope_of};

/// Query of a listing.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
    area: Option<String>,
    as_of: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
}

/// A page of activities.
#[derive(Debug, Serialize)]
pub struct ActivityList {
    items: Vec<Activity>,
    total: u64,
}

/// The filter of a listing query (shared with the pages' export).
pub(crate) async fn filter_of(
    state: &AppState,
    user: &binhdang_core::users::User,
    q: &ListQuery,
) -> Result<ActivityFilter, ApiError> {
    binhdang_core::search::check_query("q", q.q.as_deref())?;
    let offset = binhdang_core::search::check_offset("offset", q.offset.unwrap_or(0))?;
    let scope = scope_of(state, user).await?;
    let kind = q.kind.as_deref().filter(|k| !k.is_empty()).map(str::parse::<ActivityType>).transpose()?;
    let day = as_of(state, q.as_of.as_deref())?;
    let area = match q.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(code) => Some(by_code(state, code, day).await?.id),
        None => None,
    };
    let date = |field: &str, v: &Option<String>| {
        v.as_deref().filter(|s| !s.is_empty()).map(|s| parse_date(field, s)).transpose()
    };
    Ok(ActivityFilter {
        kind,
        scope_area: Some(scope.area),
        area,
        from: date("from", &q.from)?,
        to: date("to", &q.to)?,
        q: q.q.clone(),
        limit: q.limit.unwrap_or(100).clamp(1, 1000),
        offset,
    })
}

/// `GET /api/v1/activities?type=&area=&as_of=&from=&to=&q=`.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<ActivityList> {
    let filter = filter_of(&state, &user, &q).await?;
    let (items, total) = state.store.list_activities(&filter).await?;
    Ok(Json(ActivityList { items, total }))
}

/// `POST /api/v1/activities`.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<ActivityInput>,
) -> Result<(StatusCode, Json<Activity>), ApiError> {
    let (activity, scope_path) = resolve(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(state.store.create_activity(&activity, &scope_path, actor(&state, &user)).await?)))
}

/// `GET /api/v1/activities/{id}`.
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> ApiResult<Activity> {
    let a = state.store.activity(ActivityId(id)).await?;
    require_read(&state, &user, &a).await?;
    Ok(Json(a))
}

/// `PUT /api/v1/activities/{id}`: the whole activity with the `version` read (409 when stale).
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(mut input): Json<ActivityInput>,
) -> ApiResult<Activity> {
    let current = state.store.activity(ActivityId(id)).await?;
    require_change(&state, &user, &current).await?;
    current.kind.as_str().clone_into(&mut input.kind);
    let version =
        input.version.ok_or_else(|| binhdang_core::Error::invalid("version", "cần gửi version của bản đã đọc"))?;
    let (activity, scope_path) = resolve(&state, &user, &input).await?;
    Ok(Json(state.store.update_activity(current.id, &activity, &scope_path, version, actor(&state, &user)).await?))
}

/// The version a delete carries.
#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    version: Option<i64>,
}

/// `DELETE /api/v1/activities/{id}?version=V`: the version read is required (409 when stale).
/// The activity stays recoverable by an administrator for a while.
pub async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<VersionQuery>,
) -> Result<StatusCode, ApiError> {
    super::delete(&state, &user, ActivityId(id), q.version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/activities/deleted` (administrators): deleted activities in scope.
pub async fn deleted(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<serde_json::Value> {
    let items = super::deleted(&state, &user).await?;
    Ok(Json(serde_json::json!({ "items": items })))
}

/// `POST /api/v1/activities/{id}/restore` (administrators).
pub async fn restore(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Activity> {
    Ok(Json(super::restore(&state, &user, ActivityId(id)).await?))
}

/// A file sent to an activity.
#[derive(Debug, Deserialize)]
pub struct FileInput {
    name: String,
    content_base64: String,
}

/// A file of an activity, with where to download it.
#[derive(Debug, Serialize)]
pub struct FileJson {
    id: i64,
    name: String,
    url: String,
}

fn file_json(activity: ActivityId, id: i64, name: String) -> FileJson {
    FileJson { id, name, url: format!("/activities/{}/files/{id}", activity.0) }
}

/// `GET /api/v1/activities/{id}/files`: the attached files (download with the same token).
pub async fn files(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<serde_json::Value> {
    let a = state.store.activity(ActivityId(id)).await?;
    require_read(&state, &user, &a).await?;
    let items: Vec<FileJson> =
        state.store.activity_files(a.id).await?.into_iter().map(|(f, name)| file_json(a.id, f, name)).collect();
    Ok(Json(serde_json::json!({ "items": items })))
}

/// `POST /api/v1/activities/{id}/files`: `{"name", "content_base64"}`.
pub async fn add_file(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<FileInput>,
) -> Result<(StatusCode, Json<FileJson>), ApiError> {
    let a = state.store.activity(ActivityId(id)).await?;
    let bytes = crate::documents::decode_base64(&input.content_base64)
        .ok_or_else(|| binhdang_core::Error::invalid("content_base64", "nội dung tệp không phải base64 hợp lệ"))?;
    let file = super::attach(&state, &user, &a, input.name.clone(), bytes).await?;
    Ok((StatusCode::CREATED, Json(file_json(a.id, file, input.name))))
}

/// Query of the figures.
#[derive(Debug, Default, Deserialize)]
pub struct FiguresQuery {
    area: String,
    period: Option<String>,
    as_of: Option<String>,
}

/// The figures of an area.
#[derive(Debug, Serialize)]
pub struct FigureList {
    area: String,
    period: i32,
    items: Vec<Figure>,
}

/// `GET /api/v1/figures?area=CODE&period=YYYY&as_of=YYYY-MM-DD`: activities turned into
/// aggregate figures for the area and everything under it, over the annual period (15/12 of the
/// year before to 14/12).
pub async fn figures_api(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<FiguresQuery>,
) -> ApiResult<FigureList> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let area = by_code(&state, q.area.trim(), day).await?;
    let year = period(q.period.as_deref(), state.clock.today())?;
    let items = figures(&state, &user, &area, year).await?;
    Ok(Json(FigureList { area: area.code, period: year, items }))
}
