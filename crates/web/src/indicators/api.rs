//! `/api/v1/indicators`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use binhdang_core::indicators::Indicator;
use binhdang_store::indicators::{IndicatorVersion, StoredIndicator};

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};

/// Query of the list.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    retired: bool,
}

/// `GET /api/v1/indicators[?retired=true]`.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<serde_json::Value> {
    let items = state.store.indicators(q.retired).await?;
    Ok(Json(serde_json::json!({ "items": items, "total": items.len() })))
}

/// `GET /api/v1/indicators/{code}`: the indicator and its earlier versions.
pub async fn show(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(code): Path<String>,
) -> ApiResult<serde_json::Value> {
    let current: StoredIndicator = state.store.indicator(&code).await?;
    let history: Vec<IndicatorVersion> = state.store.indicator_history(&code).await?;
    Ok(Json(serde_json::json!({ "indicator": current, "history": history })))
}

/// `POST /api/v1/indicators` (national administrators).
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(i): Json<Indicator>,
) -> Result<(StatusCode, Json<StoredIndicator>), ApiError> {
    Ok((StatusCode::CREATED, Json(super::create(&state, &user, &i).await?)))
}

/// Body of an update: the whole indicator and the version read.
#[derive(Debug, Deserialize)]
pub struct UpdateBody {
    #[serde(flatten)]
    indicator: Indicator,
    version: i64,
}

/// `PUT /api/v1/indicators/{code}` (national administrators; 409 on a stale version).
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Json(b): Json<UpdateBody>,
) -> ApiResult<StoredIndicator> {
    Ok(Json(super::update(&state, &user, &code, &b.indicator, b.version).await?))
}

/// Body of a retirement.
#[derive(Debug, Deserialize)]
pub struct RetireBody {
    version: i64,
}

/// `POST /api/v1/indicators/{code}/retire` (national administrators).
pub async fn retire(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Json(b): Json<RetireBody>,
) -> ApiResult<StoredIndicator> {
    Ok(Json(super::retire(&state, &user, &code, b.version).await?))
}

/// Query of an indicator's value.
#[derive(Debug, serde::Deserialize)]
pub struct ValueQuery {
    area: String,
    period: String,
}

/// `GET /api/v1/indicators/{code}/value?area=&period=`: the indicator computed from the area's
/// reported values for a year (`CLQG_NAM`), beside the national target of that year.
pub async fn value(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
    Query(q): Query<ValueQuery>,
) -> ApiResult<binhdang_app::reports::IndicatorValue> {
    let indicator = state.store.indicator(&code).await?.indicator;
    Ok(Json(binhdang_app::reports::indicator_value(&state, &user, &indicator, &q.area, &q.period).await?))
}
