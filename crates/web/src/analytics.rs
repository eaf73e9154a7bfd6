//! `/api/analytics`: aggregates from the in-memory engine in DHIS2's analytics shape, and
//! `/api/v1/analytics/explain`: the values behind one aggregate. The use cases are
//! `binhdang_app::analytics`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use binhdang_app::analytics::{Explained, Grid, Request, explain as explain_values, query as run};
use binhdang_core::units::parse_date;
use serde::Serialize;
use utoipa::{IntoParams, IntoResponses, ToSchema};

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::extract::{Json, Query};
use crate::openapi::{ErrorBody, Items, ReadRefusals};

/// A refused parameter as DHIS2's analytics answers one, with the parameter named.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsRefusal {
    /// `Bad Request`.
    http_status: &'static str,
    /// 400.
    http_status_code: u16,
    /// `ERROR`.
    status: &'static str,
    /// What is wrong, in Vietnamese.
    message: String,
    /// DHIS2's code for a refused analytics query (`E7100`).
    error_code: &'static str,
    /// One message per refused parameter.
    fields: Vec<binhdang_core::FieldError>,
}

/// A refusal as DHIS2's analytics answers one (`httpStatus`, `httpStatusCode`, `status`,
/// `message`), with the status binhdang uses for a bad parameter (400) and the parameter named.
fn refusal(e: AppError) -> Response {
    match e {
        AppError::Invalid(fields) => {
            let message = fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            let body = AnalyticsRefusal {
                http_status: "Bad Request",
                http_status_code: 400,
                status: "ERROR",
                message,
                error_code: "E7100",
                fields,
            };
            (StatusCode::BAD_REQUEST, Json(body)).into_response()
        }
        other => ApiError(other).into_response(),
    }
}

/// The refusals of `/api/analytics`.
#[derive(IntoResponses)]
#[allow(dead_code, reason = "documents answers; never built")]
pub enum AnalyticsRefusals {
    /// A refused parameter, in DHIS2's shape.
    #[response(status = 400, description = "Tham số không hợp lệ")]
    BadRequest(AnalyticsRefusal),
    /// No credentials, or a token that is unknown, expired or revoked.
    #[response(status = 401, description = "Cần đăng nhập")]
    Unauthorized(ErrorBody),
    /// Outside the caller's role (unapproved values need an officer).
    #[response(status = 403, description = "Không có quyền")]
    Forbidden(ErrorBody),
    /// An unknown item, period or area.
    #[response(status = 404, description = "Không tìm thấy")]
    NotFound(ErrorBody),
    /// Too many wrong passwords (HTTP Basic).
    #[response(status = 429, description = "Nhập sai quá nhiều lần")]
    TooManyRequests(ErrorBody),
}

/// Query of `/api/analytics`, for the document: the handler reads the pairs in order.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[allow(dead_code, reason = "documents the query; the handler reads the pairs")]
pub struct AnalyticsQuery {
    /// Repeated: `dx:ITEM;ITEM` (indicator code, element, or ELEMENT.OPTION), `pe:PERIOD;…`,
    /// `ou:CODE;…;LEVEL-n;LEVEL-province;LEVEL-commune;LEVEL-n-CODE;CHILDREN`.
    #[param(max_items = 6)]
    dimension: Vec<String>,
    /// Repeated, as dimension; the dimension is collapsed (its items added up).
    filter: Option<Vec<String>>,
    /// YYYY-MM-DD: the map to aggregate on (default today).
    #[param(format = Date)]
    as_of: Option<String>,
    /// Count reports not yet approved (officers and above).
    include_unapproved: Option<bool>,
}

fn request(pairs: &[(String, String)]) -> Result<Request, AppError> {
    let mut r = Request::default();
    for (k, v) in pairs {
        match k.as_str() {
            "dimension" => r.dimensions.push(v.clone()),
            "filter" => r.filters.push(v.clone()),
            "asOf" => r.as_of = Some(parse_date("asOf", v)?),
            "includeUnapproved" => r.include_unapproved = v == "true",
            // DHIS2's presentation options that do not change the numbers.
            "displayProperty" | "skipMeta" | "skipRounding" | "outputIdScheme" | "inputIdScheme" | "idScheme" => {}
            other => {
                return Err(
                    binhdang_core::Error::invalid(other, format!("tham số \"{other}\" không được hỗ trợ")).into()
                );
            }
        }
    }
    if r.dimensions.len() + r.filters.len() > 6 {
        return Err(binhdang_core::Error::invalid("dimension", "quá nhiều chiều").into());
    }
    Ok(r)
}

/// DHIS2-compatible analytics: aggregates from the in-memory engine on the map of asOf.
///
/// `GET /api/analytics?dimension=dx:…&dimension=pe:…&dimension=ou:…&filter=…&asOf=&includeUnapproved=`.
#[utoipa::path(get, path = "/api/analytics", tag = "dhis2", params(AnalyticsQuery),
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    responses((status = 200, description = "DHIS2's analytics grid", body = Grid), AnalyticsRefusals))]
pub async fn analytics(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let r = match request(&pairs) {
        Ok(r) => r,
        Err(e) => return refusal(e),
    };
    match run(&state, &user, &r).await {
        Ok(grid) => Json(grid).into_response(),
        Err(e) => refusal(e.into()),
    }
}

/// The same as `/api/analytics` (the path DHIS2 clients use with a format ending).
#[utoipa::path(get, path = "/api/analytics.json", tag = "dhis2", params(AnalyticsQuery),
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    responses((status = 200, description = "DHIS2's analytics grid", body = Grid), AnalyticsRefusals))]
pub async fn analytics_json(state: State<AppState>, user: ApiUser, pairs: Query<Vec<(String, String)>>) -> Response {
    analytics(state, user, pairs).await
}

/// Query of an explanation.
#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExplainQuery {
    /// ELEMENT or ELEMENT.OPTION.
    dx: String,
    /// The period.
    pe: String,
    /// Area code on the map of asOf.
    ou: String,
    /// YYYY-MM-DD: the map (default today).
    #[serde(rename = "asOf")]
    #[param(format = Date)]
    as_of: Option<String>,
    /// Count reports not yet approved (officers and above).
    #[serde(rename = "includeUnapproved", default)]
    include_unapproved: bool,
}

/// The values behind one aggregate.
///
/// Which unit reported each, for which period, approved or not, its share and the lineage rule
/// that brought it to the area on the map.
#[utoipa::path(get, path = "/api/v1/analytics/explain", tag = "reports", params(ExplainQuery),
    responses((status = 200, description = "The values", body = Items<Explained>), ReadRefusals))]
pub async fn explain(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ExplainQuery>,
) -> Result<Json<Items<Explained>>, ApiError> {
    let as_of = q.as_of.as_deref().map(|d| parse_date("asOf", d)).transpose()?;
    let items = explain_values(&state, &user, &q.dx, &q.pe, &q.ou, as_of, q.include_unapproved).await?;
    Ok(Json(Items { items }))
}
