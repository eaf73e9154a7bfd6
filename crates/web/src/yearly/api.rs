//! `/api/v1/yearly-reports/{unit}/{year}`.

use axum::extract::State;
use serde::Deserialize;

use super::{Options, YearlyReport, check_code, load, parse_year};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiResult;
use crate::extract::{Json, Path, Query};

/// What the API takes besides the area and the year.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct YearlyQuery {
    /// Count reports not yet approved too (roles that may see them).
    #[serde(default)]
    include_unapproved: bool,
    /// The document's number.
    number: Option<String>,
    /// Its date (`2025-12-20` or `20/12/2025`).
    date: Option<String>,
}

/// The yearly report's content — the task groups with their sentences, tables and notes, the
/// Strategy's indicators, the difficulties and proposals, the reports counted and the header. 404
/// with a message when no report of the year counts.
#[utoipa::path(get, path = "/api/v1/yearly-reports/{unit}/{year}", tag = "reports", operation_id = "yearly",
    params(("unit" = String, Path, description = "The area's code on the year's map"),
        ("year" = i32, Path, description = "The year", minimum = 2000, maximum = 2100), YearlyQuery),
    responses((status = 200, description = "The yearly report", body = binhdang_app::yearly::YearlyReport),
        crate::openapi::ReadRefusals))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((unit, year)): Path<(String, String)>,
    Query(q): Query<YearlyQuery>,
) -> ApiResult<YearlyReport> {
    let (unit, year) = (check_code(&unit)?, parse_year(&year)?);
    let options = Options::parse(q.include_unapproved, q.number.as_deref(), q.date.as_deref())?;
    Ok(Json(load(&state, &user, &unit, year, &options).await?))
}
