//! `/api/analytics`: aggregates from the in-memory engine in DHIS2's analytics shape, and
//! `/api/v1/analytics/explain`: the values behind one aggregate. The use cases are
//! `binhdang_app::analytics`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use binhdang_app::analytics::{Request, explain as explain_values, query as run};
use binhdang_core::units::parse_date;

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::extract::{Json, Query};

/// A refusal as DHIS2's analytics answers one (`httpStatus`, `httpStatusCode`, `status`,
/// `message`), with the status binhdang uses for a bad parameter (400) and the parameter named.
fn refusal(e: AppError) -> Response {
    match e {
        AppError::Invalid(fields) => {
            let message = fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            let body = serde_json::json!({
                "httpStatus": "Bad Request",
                "httpStatusCode": 400,
                "status": "ERROR",
                "message": message,
                "errorCode": "E7100",
                "fields": fields,
            });
            (StatusCode::BAD_REQUEST, Json(body)).into_response()
        }
        other => ApiError(other).into_response(),
    }
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

/// `GET /api/analytics?dimension=dx:…&dimension=pe:…&dimension=ou:…&filter=…&asOf=&includeUnapproved=`.
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

/// Query of an explanation.
#[derive(Debug, serde::Deserialize)]
pub struct ExplainQuery {
    dx: String,
    pe: String,
    ou: String,
    #[serde(rename = "asOf")]
    as_of: Option<String>,
    #[serde(rename = "includeUnapproved", default)]
    include_unapproved: bool,
}

/// `GET /api/v1/analytics/explain?dx=&pe=&ou=&asOf=`: the values behind one aggregate — which
/// units reported them, for which period, approved or not, and which lineage rule brought each to
/// the area on the map.
pub async fn explain(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ExplainQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let as_of = q.as_of.as_deref().map(|d| parse_date("asOf", d)).transpose()?;
    let items = explain_values(&state, &user, &q.dx, &q.pe, &q.ou, as_of, q.include_unapproved).await?;
    Ok(Json(serde_json::json!({ "items": items })))
}
