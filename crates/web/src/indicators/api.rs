//! `/api/v1/indicators`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use binhdang_core::indicators::Indicator;
use binhdang_store::indicators::{IndicatorVersion, StoredIndicator};

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::openapi::{Listing, ReadRefusals, WriteRefusals};

/// Query of the list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Also the retired indicators.
    #[serde(default)]
    retired: bool,
}

/// The indicator catalog (retired ones with ?retired=true).
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", params(ListQuery),
    responses((status = 200, description = "The catalog", body = Listing<StoredIndicator>), ReadRefusals))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Listing<StoredIndicator>> {
    Ok(Json(Listing::of(state.store.indicators(q.retired).await?)))
}

/// An indicator with its earlier versions.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct IndicatorDetail {
    /// The indicator as it stands.
    indicator: StoredIndicator,
    /// Its earlier versions.
    history: Vec<IndicatorVersion>,
}

/// An indicator and its earlier versions.
#[utoipa::path(get, path = "/api/v1/indicators/{code}", tag = "indicators", params(("code" = String, Path, description = "The indicator's code", example = "MT2.CT3")),
    responses((status = 200, description = "The indicator", body = IndicatorDetail), ReadRefusals))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(code): Path<String>,
) -> ApiResult<IndicatorDetail> {
    let indicator = state.store.indicator(&code).await?;
    let history = state.store.indicator_history(&code).await?;
    Ok(Json(IndicatorDetail { indicator, history }))
}

/// Add an indicator (national administrators).
#[utoipa::path(post, path = "/api/v1/indicators", tag = "indicators", request_body = Indicator,
    responses((status = 201, description = "Added", body = StoredIndicator), WriteRefusals))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(i): Json<Indicator>,
) -> Result<(StatusCode, Json<StoredIndicator>), ApiError> {
    Ok((StatusCode::CREATED, Json(super::create(&state, &user, &i).await?)))
}

/// Body of an update: the whole indicator and the version read.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateBody {
    #[serde(flatten)]
    indicator: Indicator,
    /// The version read.
    version: i64,
}

/// Replace an indicator, with the version read (national administrators; 409 on a stale version).
#[utoipa::path(put, path = "/api/v1/indicators/{code}", tag = "indicators", params(("code" = String, Path, description = "The indicator's code", example = "MT2.CT3")), request_body = UpdateBody,
    responses((status = 200, description = "The indicator as saved", body = StoredIndicator), WriteRefusals))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Json(b): Json<UpdateBody>,
) -> ApiResult<StoredIndicator> {
    Ok(Json(super::update(&state, &user, &code, &b.indicator, b.version).await?))
}

/// Body of a retirement.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RetireBody {
    /// The version read.
    version: i64,
}

/// Stop tracking an indicator (history kept; national administrators).
#[utoipa::path(post, path = "/api/v1/indicators/{code}/retire", tag = "indicators", params(("code" = String, Path, description = "The indicator's code", example = "MT2.CT3")),
    request_body = RetireBody,
    responses((status = 200, description = "The indicator, retired", body = StoredIndicator), WriteRefusals))]
pub async fn retire(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Json(b): Json<RetireBody>,
) -> ApiResult<StoredIndicator> {
    Ok(Json(super::retire(&state, &user, &code, b.version).await?))
}

/// Query of an indicator's value.
#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValueQuery {
    /// The area's code, resolved on the period's last day.
    #[param(example = "91")]
    area: String,
    /// The year.
    #[param(pattern = "^[0-9]{4}$", example = "2025")]
    period: String,
}

/// An indicator computed from its formula over the area's reported values (`CLQG_NAM`) for a year,
/// beside the national target of that year.
#[utoipa::path(get, path = "/api/v1/indicators/{code}/value", tag = "indicators", params(("code" = String, Path, description = "The indicator's code", example = "MT2.CT3"), ValueQuery),
    responses((status = 200, description = "The value", body = binhdang_app::reports::IndicatorValue), ReadRefusals))]
pub async fn value(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<ValueQuery>,
) -> ApiResult<binhdang_app::reports::IndicatorValue> {
    let indicator = state.store.indicator(&code).await?.indicator;
    Ok(Json(binhdang_app::reports::indicator_value(&state, &user, &indicator, &q.area, &q.period).await?))
}
