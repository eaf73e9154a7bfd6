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

/// `GET /api/v1/sdmx/data/{form}`.
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
