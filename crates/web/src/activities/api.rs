//! `/api/v1/activities` and `/api/v1/figures`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use binhdang_core::activities::{Activity, ActivityId, ActivityType, Figure};
use binhdang_core::units::parse_date;
use binhdang_store::activities::{ActivityFilter, DeletedActivity};

use super::{ActivityInput, figures, period, require_change, require_read, resolve};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::openapi::{Items, ReadRefusals, WriteRefusals};
use crate::units::{actor, as_of, by_code, scope_of};

/// Query of a listing.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The kind of activity.
    #[serde(rename = "type")]
    #[param(value_type = Option<ActivityType>)]
    kind: Option<String>,
    /// An area code; the area and everything under it, then and now.
    area: Option<String>,
    /// YYYY-MM-DD: the day the area code is read on; default today.
    #[param(format = Date)]
    as_of: Option<String>,
    /// YYYY-MM-DD: activities ending on or after.
    #[param(format = Date)]
    from: Option<String>,
    /// YYYY-MM-DD: activities starting on or before.
    #[param(format = Date)]
    to: Option<String>,
    /// Words, with or without diacritics (at most 12 words, 200 characters).
    #[param(max_length = 200)]
    q: Option<String>,
    /// Page size (default 100; more than 1,000 reads as 1,000).
    limit: Option<u32>,
    /// Rows skipped (default 0).
    #[param(maximum = 1_000_000)]
    offset: Option<u32>,
}

/// A page of activities.
#[derive(Debug, Serialize, ToSchema)]
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

/// Activities readable from the caller's scope.
#[utoipa::path(get, path = "/api/v1/activities", tag = "activities", params(ListQuery),
    responses((status = 200, description = "A page of activities", body = ActivityList), ReadRefusals))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<ActivityList> {
    let filter = filter_of(&state, &user, &q).await?;
    let (items, total) = state.store.list_activities(&filter).await?;
    Ok(Json(ActivityList { items, total }))
}

/// Record an activity (women ≤ total, counts ≥ 0, end ≥ start, the place valid on the date).
#[utoipa::path(post, path = "/api/v1/activities", tag = "activities", request_body = ActivityInput,
    responses((status = 201, description = "Recorded", body = Activity), WriteRefusals))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<ActivityInput>,
) -> Result<(StatusCode, Json<Activity>), ApiError> {
    let (activity, scope_path) = resolve(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(state.store.create_activity(&activity, &scope_path, actor(&state, &user)).await?)))
}

/// An activity.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "activities", params(("id" = i64, Path, description = "The record's id")),
    responses((status = 200, description = "The activity", body = Activity), ReadRefusals))]
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> ApiResult<Activity> {
    let a = state.store.activity(ActivityId(id)).await?;
    require_read(&state, &user, &a).await?;
    Ok(Json(a))
}

/// Replace an activity (409 on a stale version).
///
/// The whole activity with the `version` read.
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "activities", params(("id" = i64, Path, description = "The record's id")), request_body = ActivityInput,
    responses((status = 200, description = "The activity as saved", body = Activity), WriteRefusals))]
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
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The version read; a stale one is a 409, a missing one a 422.
    #[param(required = true)]
    version: Option<i64>,
}

/// Delete an activity with the version read (restorable by an administrator for 30 days).
#[utoipa::path(delete, path = "/api/v1/activities/{id}", tag = "activities", params(("id" = i64, Path, description = "The record's id"), VersionQuery),
    responses((status = 204, description = "Deleted"), WriteRefusals))]
pub async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<VersionQuery>,
) -> Result<StatusCode, ApiError> {
    super::delete(&state, &user, ActivityId(id), q.version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deleted activities in the administrator's scope (administrators).
#[utoipa::path(get, path = "/api/v1/activities/deleted", tag = "activities",
    responses((status = 200, description = "The deleted activities", body = Items<DeletedActivity>), ReadRefusals))]
pub async fn deleted(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Items<DeletedActivity>> {
    Ok(Json(Items { items: super::deleted(&state, &user).await? }))
}

/// Restore a deleted activity with its files (administrators).
#[utoipa::path(post, path = "/api/v1/activities/{id}/restore", tag = "activities", params(("id" = i64, Path, description = "The record's id")),
    responses((status = 200, description = "The activity restored", body = Activity), WriteRefusals))]
pub async fn restore(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Activity> {
    Ok(Json(super::restore(&state, &user, ActivityId(id)).await?))
}

/// A file sent to an activity.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FileInput {
    /// The file's name (with `content_base64`).
    #[serde(default)]
    name: String,
    /// The file's bytes in base64 (small files).
    #[serde(default)]
    #[schema(content_encoding = "base64")]
    content_base64: Option<String>,
    /// Instead of the two fields above: the token of a file sent to `POST /api/v1/uploads`.
    #[serde(default)]
    upload_token: Option<String>,
}

/// A file of an activity, with where to download it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileJson {
    /// Its id.
    id: i64,
    /// Its name.
    name: String,
    /// Where to download it (with the same token).
    url: String,
}

fn file_json(activity: ActivityId, id: i64, name: String) -> FileJson {
    FileJson { id, name, url: format!("/activities/{}/files/{id}", activity.0) }
}

/// The files attached to an activity (download with the same token).
#[utoipa::path(get, path = "/api/v1/activities/{id}/files", tag = "activities", params(("id" = i64, Path, description = "The record's id")),
    responses((status = 200, description = "The files", body = Items<FileJson>), ReadRefusals))]
pub async fn files(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Items<FileJson>> {
    let a = state.store.activity(ActivityId(id)).await?;
    require_read(&state, &user, &a).await?;
    let items: Vec<FileJson> =
        state.store.activity_files(a.id).await?.into_iter().map(|(f, name)| file_json(a.id, f, name)).collect();
    Ok(Json(Items { items }))
}

/// Attach a file (report, photo, attendance list) to an activity the caller may change.
#[utoipa::path(post, path = "/api/v1/activities/{id}/files", tag = "activities", params(("id" = i64, Path, description = "The record's id")), request_body = FileInput,
    responses((status = 201, description = "Attached", body = FileJson), WriteRefusals))]
pub async fn add_file(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<FileInput>,
) -> Result<(StatusCode, Json<FileJson>), ApiError> {
    let a = state.store.activity(ActivityId(id)).await?;
    let token = input.upload_token.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let (file, name) = match (token, input.content_base64) {
        (Some(token), _) => binhdang_app::activities::attach_upload(&state, &user, &a, token).await?,
        (None, Some(b64)) => {
            let bytes = crate::documents::decode_base64(&b64).ok_or_else(|| {
                binhdang_core::Error::invalid("content_base64", "nội dung tệp không phải base64 hợp lệ")
            })?;
            (super::attach(&state, &user, &a, input.name.clone(), bytes).await?, input.name)
        }
        (None, None) => {
            return Err(binhdang_core::Error::invalid(
                "content_base64",
                "cần gửi nội dung tệp (name và content_base64) hoặc upload_token của tệp đã tải lên",
            )
            .into());
        }
    };
    Ok((StatusCode::CREATED, Json(file_json(a.id, file, name))))
}

/// Query of the figures.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresQuery {
    /// The area's code.
    area: String,
    /// The report's year (default this year).
    #[param(value_type = Option<i32>, minimum = 2000, maximum = 2100)]
    period: Option<String>,
    /// YYYY-MM-DD: the day the area code is read on; default today.
    #[param(format = Date)]
    as_of: Option<String>,
}

/// The figures of an area.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureList {
    area: String,
    period: i32,
    items: Vec<Figure>,
}

/// Activities turned into aggregate figures for an area and everything under it (then and now).
///
/// Over the annual period 15/12 of the year before to 14/12. Figure codes: `TT_SU_KIEN`,
/// `TT_NGUOI_THAM_DU` (sex: `tong`|`nu`; `dan_toc`: `thieu_so`), `TT_SAN_PHAM` (language),
/// `TT_BAN_PHAT_HANH`, `DT_LOP`, `DT_HOC_VIEN` (sex), `MH_HOAT_DONG`, `MH_MOI`, `MH_NHAN_RONG`,
/// `TTKT_CUOC`, `TTKT_VI_PHAM`, `TTKT_XU_LY`, `VU_VIEC`, `KHEN_THUONG`.
#[utoipa::path(get, path = "/api/v1/figures", tag = "activities", params(FiguresQuery),
    responses((status = 200, description = "The figures", body = FigureList), ReadRefusals))]
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
