//! `/api/v1/yearly-reports/{unit}/{year}`.

use axum::extract::State;
use serde::Deserialize;

use super::{Options, YearlyReport, check_code, load, parse_year};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiResult;
use crate::extract::{Json, Path, Query};

/// What the API takes besides the area and the year.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearlyQuery {
    /// Count reports not yet approved too.
    #[serde(default)]
    include_unapproved: bool,
    /// The document's number.
    number: Option<String>,
    /// Its date (`2025-12-20` or `20/12/2025`).
    date: Option<String>,
}

/// `GET /api/v1/yearly-reports/{unit}/{year}?include_unapproved=&number=&date=`: the yearly
/// report's content — the task groups with their sentences, tables and notes, the Strategy's
/// indicators, the difficulties and proposals, the reports counted and the header. 404 with a
/// message when no report of the year counts.
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
