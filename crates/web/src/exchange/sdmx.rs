//! `GET /api/v1/sdmx/data/{form}`: a form's approved values as SDMX-CSV 2.0 (see
//! `binhdang_app::exchange::sdmx`). Query: `area` (required, with every area below it unless
//! `children=false`), `period` (repeatable) or `startPeriod`/`endPeriod` (years; by default 2000 to
//! this year). Only approved
//! reports are published.

use axum::extract::{RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use binhdang_app::exchange::sdmx as csv;

use super::{ExportQuery, export};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::exchange::dhis2::Params;
use crate::extract::Path;
use crate::openapi::ReadRefusals;

fn year(p: &Params, name: &str) -> Result<Option<i32>, ApiError> {
    p.one(name)
        .map(|v| {
            v.get(..4).and_then(|y| y.parse::<i32>().ok()).ok_or_else(|| {
                ApiError::from(binhdang_core::Error::invalid(
                    name,
                    format!("{name} phải là một năm (2024), không phải \"{v}\""),
                ))
            })
        })
        .transpose()
}

/// Query of an SDMX data request, for the document: the handler reads repeated parameters.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[allow(dead_code, reason = "documents the query; the handler reads the pairs")]
pub struct SdmxQuery {
    /// Area code (resolved on each period's last day).
    #[param(example = "91")]
    area: String,
    /// Every area below it too (default true).
    children: Option<bool>,
    /// Period codes, repeated or comma-separated; otherwise startPeriod/endPeriod.
    period: Option<Vec<String>>,
    /// First year (default 2000).
    #[param(minimum = 1000, maximum = 9999)]
    start_period: Option<i32>,
    /// Last year (default this year).
    #[param(minimum = 1000, maximum = 9999)]
    end_period: Option<i32>,
}

/// A form's approved values as SDMX-CSV 2.0 (SDMX 3.0 data message).
///
/// Columns: `STRUCTURE`, `STRUCTURE_ID` (`BINHDANG:<form>(1.0)`), `ACTION` (I), the dimensions
/// `REF_AREA`, `INDICATOR`, one column per category of the form's elements (the category's code
/// in capitals; `_Z` where an element is not disaggregated by it) and `TIME_PERIOD` (2024,
/// 2024-S1, 2024-Q3, 2024-03, 2024-01-01/P9M), the measure `OBS_VALUE`, the attributes `COMMENT`
/// and `UPDATED`. Only approved reports are published.
#[utoipa::path(get, path = "/api/v1/sdmx/data/{form}", tag = "reports",
    params(("form" = String, Path, description = "Form code", example = "BDG_NAM"), SdmxQuery),
    responses(
        (status = 200, description = "SDMX-CSV 2.0",
            content_type = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8", body = String),
        ReadRefusals))]
pub async fn data(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(form): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let form = binhdang_core::reporting::form(&form)?;
    let p = Params::parse(query.as_deref());
    let (start, end) = (year(&p, "startPeriod")?, year(&p, "endPeriod")?);
    let area = p
        .one("area")
        .ok_or_else(|| ApiError::from(binhdang_core::Error::invalid("area", "hãy ghi mã địa bàn (area)")))?;
    let children = p.one("children").is_none_or(|c| c != "false");
    let mut q = ExportQuery {
        data_sets: vec![form.code.to_owned()],
        periods: p.all("period"),
        org_units: vec![area],
        children,
        approved_only: true,
        ..ExportQuery::default()
    };
    if q.periods.is_empty() {
        use chrono::Datelike;
        let (first, last) = (start.unwrap_or(2000), end.unwrap_or_else(|| state.clock.today().year()));
        q.start_date = chrono::NaiveDate::from_ymd_opt(first, 1, 1);
        q.end_date = chrono::NaiveDate::from_ymd_opt(last, 12, 31);
    }
    let rows = export(&state, &user, &q).await?;
    Ok(([(CONTENT_TYPE, csv::MEDIA_TYPE)], csv::write(form, &rows)).into_response())
}

/// The media type of an SDMX-ML 2.1 structure message.
const STRUCTURE_TYPE: &str = "application/vnd.sdmx.structure+xml; version=2.1; charset=utf-8";

/// The dataflow, data structure, codelists and concepts of a form's SDMX-CSV, as an SDMX-ML 2.1
/// structure message that SDMX tools read the data against. The area codelist holds every area
/// code of the registry, each with the name of its latest unit (codes such as 91 were reused
/// across the reform).
#[utoipa::path(get, path = "/api/v1/sdmx/structure/{form}", tag = "reports",
    params(("form" = String, Path, description = "Form code", example = "BDG_NAM")),
    responses(
        (status = 200, description = "SDMX-ML 2.1 structure message",
            content_type = "application/vnd.sdmx.structure+xml; version=2.1; charset=utf-8", body = String),
        ReadRefusals))]
pub async fn structure(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    Path(form): Path<String>,
) -> Result<Response, ApiError> {
    let form = binhdang_core::reporting::form(&form)?;
    let mut latest: std::collections::BTreeMap<String, (Option<chrono::NaiveDate>, String)> =
        std::collections::BTreeMap::new();
    for a in state.store.area_directory().await.map_err(binhdang_app::Error::from)? {
        let to = a.to.unwrap_or(chrono::NaiveDate::MAX);
        let keep = latest.get(&a.code).is_none_or(|(t, _)| t.unwrap_or(chrono::NaiveDate::MAX) < to);
        if keep {
            latest.insert(a.code, (a.to, a.name));
        }
    }
    let areas: Vec<(String, String)> = latest.into_iter().map(|(code, (_, name))| (code, name)).collect();
    let prepared = state.clock.now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let body = tokio::task::spawn_blocking(move || csv::structure(form, &areas, &prepared))
        .await
        .map_err(|e| binhdang_app::Error::Internal(e.to_string()))?;
    Ok(([(CONTENT_TYPE, STRUCTURE_TYPE)], body).into_response())
}
