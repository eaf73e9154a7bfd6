//! The JSON twins of the dashboards: `/api/v1/dashboard/provinces`, `/api/v1/dashboard/units/{code}`,
//! `/api/v1/dashboard/completeness`.

use axum::extract::State;

use binhdang_app::dashboard::{Comparison, HeatMap, UnitPage, unit_page};

use super::compare::CompareQuery;
use super::heat::HeatQuery;
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiResult;
use crate::extract::{Json, Path, Query};
use crate::i18n::Lang;

/// The provinces ranked on an indicator (approved values, each province's latest year or the
/// year asked), with each province's point (the mean of its communes'), on the 2021 map or
/// today's.
#[utoipa::path(get, path = "/api/v1/dashboard/provinces", tag = "dashboards", operation_id = "compare_provinces",
    params(CompareQuery),
    responses((status = 200, description = "The ranking", body = Comparison), crate::openapi::ReadRefusals))]
pub async fn provinces(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<CompareQuery>,
) -> ApiResult<Comparison> {
    Ok(Json(super::compare::run(&state, &user, &q, Lang::Vi).await?.0))
}

/// An area's page (an agency's code gives the area it serves): indicators against its own
/// plans' targets, its reports, its agencies' tasks.
#[utoipa::path(get, path = "/api/v1/dashboard/units/{code}", tag = "dashboards", operation_id = "unit_dashboard",
    params(("code" = String, Path, description = "The area's (or an agency's) code today")),
    responses((status = 200, description = "The area's page", body = UnitPage), crate::openapi::ReadRefusals))]
pub async fn unit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(code): Path<String>,
) -> ApiResult<UnitPage> {
    Ok(Json(unit_page(&state, &user, &code).await?))
}

/// The completeness heat map: the area's child areas × the form's periods of the years asked.
#[utoipa::path(get, path = "/api/v1/dashboard/completeness", tag = "dashboards", operation_id = "completeness_heat_map",
    params(HeatQuery),
    responses((status = 200, description = "The heat map", body = HeatMap), crate::openapi::ReadRefusals))]
pub async fn completeness(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<HeatQuery>,
) -> ApiResult<HeatMap> {
    Ok(Json(super::heat::run(&state, &user, &q).await?))
}
