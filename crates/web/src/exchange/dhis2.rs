//! `/api/dataValueSets` as DHIS2 serves it. Parameters may repeat or list values separated by
//! commas (`period=2024&period=2025`, `orgUnit=91,01`); identifiers are codes (`idScheme=CODE`,
//! the default and the only scheme). Refusals answer DHIS2's `WebMessage`
//! (`{httpStatus, httpStatusCode, status, message, errorCode}`); an import answers the
//! `WebMessage` around an `ImportSummary`, 409 when it has conflicts. The same endpoint takes
//! and gives ADX (`Content-Type` / `Accept: application/adx+xml`, or `format=adx+xml`).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{DataValueSetInput, ExportQuery, ExportRow, ImportOptions, ImportResult, Strategy, export, import};
use crate::AppState;
use crate::auth::Caller;

/// A DHIS2 `WebMessage` without a payload.
#[must_use]
pub fn web_message(status: StatusCode, message: &str, error_code: Option<&str>) -> Response {
    let mut body = json!({
        "httpStatus": status.canonical_reason().unwrap_or(""),
        "httpStatusCode": status.as_u16(),
        "status": if status.is_success() { "OK" } else { "ERROR" },
        "message": message,
    });
    if let Some(code) = error_code {
        body["errorCode"] = json!(code);
    }
    (status, axum::Json(body)).into_response()
}

/// DHIS2's error code for a refused query parameter.
fn code_of_field(field: &str, message: &str) -> Option<&'static str> {
    Some(match field {
        "dataSet" => "E2001",
        "period" => "E2002",
        "startDate" if message.starts_with("Both") => "E2003",
        "startDate" => "E2004",
        "orgUnit" => "E2006",
        "idScheme" => "E2000",
        _ => return None,
    })
}

/// An application error as a `WebMessage`: refused parameters are conflicts (409), as in DHIS2.
#[must_use]
pub fn refusal(e: binhdang_app::Error) -> Response {
    use binhdang_app::Error as E;
    match e {
        E::NotFound(m) => web_message(StatusCode::NOT_FOUND, &m, None),
        E::Forbidden(m) => web_message(StatusCode::FORBIDDEN, &m, None),
        E::Conflict(m) => web_message(StatusCode::CONFLICT, &m, None),
        E::Invalid(fields) => {
            let code = fields.first().and_then(|f| code_of_field(&f.field, &f.message));
            let message = fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; ");
            web_message(StatusCode::CONFLICT, &message, code)
        }
        E::Internal(m) => {
            tracing::error!(error = %m, "dataValueSets");
            web_message(StatusCode::INTERNAL_SERVER_ERROR, "lỗi nội bộ", None)
        }
    }
}

/// DHIS2's 401.
fn unauthorized() -> Response {
    web_message(
        StatusCode::UNAUTHORIZED,
        "Unauthorized: send Authorization: Basic, ApiToken or Bearer credentials",
        None,
    )
}

/// Every value of a parameter, repeated or separated by commas.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Reads a query string.
    #[must_use]
    pub fn parse(query: Option<&str>) -> Self {
        Self(
            form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Every value of `name`, commas splitting lists.
    #[must_use]
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The last value of `name`.
    #[must_use]
    pub fn one(&self, name: &str) -> Option<String> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// A boolean flag (`true`/`false`; absent is false).
    pub fn flag(&self, name: &str) -> Result<bool, binhdang_app::Error> {
        match self.one(name).map(|v| v.to_ascii_lowercase()).as_deref() {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(other) => Err(binhdang_core::Error::invalid(
                name,
                format!("{name} phải là true hoặc false, không phải \"{other}\""),
            )
            .into()),
        }
    }

    /// Refuses any identifier scheme but `CODE`.
    pub fn require_code_scheme(&self) -> Result<(), binhdang_app::Error> {
        for (k, v) in &self.0 {
            if (k.ends_with("IdScheme") || k == "idScheme") && !v.trim().eq_ignore_ascii_case("CODE") {
                return Err(binhdang_core::Error::invalid(
                    "idScheme",
                    format!("{k}={v}: binhdang identifies everything by code; only CODE is supported"),
                )
                .into());
            }
        }
        Ok(())
    }
}

/// What a `GET` asks for.
pub fn export_query(p: &Params) -> Result<ExportQuery, binhdang_app::Error> {
    p.require_code_scheme()?;
    let day = |name: &str| -> Result<Option<chrono::NaiveDate>, binhdang_app::Error> {
        p.one(name)
            .map(|v| {
                chrono::NaiveDate::parse_from_str(v.get(..10).unwrap_or(&v), "%Y-%m-%d").map_err(|_| {
                    binhdang_app::Error::from(binhdang_core::Error::invalid(
                        name,
                        format!("{name} \"{v}\" is not a date (yyyy-MM-dd)"),
                    ))
                })
            })
            .transpose()
    };
    Ok(ExportQuery {
        data_sets: p.all("dataSet"),
        periods: p.all("period"),
        start_date: day("startDate")?,
        end_date: day("endDate")?,
        org_units: p.all("orgUnit"),
        children: p.flag("children")?,
        last_updated: p.one("lastUpdated"),
        approved_only: false,
    })
}

/// The formats `/api/dataValueSets` speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// DHIS2's JSON.
    Json,
    /// ADX.
    Adx,
}

/// The format asked by the path's extension (`.json`, `.adx+xml`, as DHIS2 clients append
/// them), else `format=`, else `Accept`.
fn format_asked(path: &str, p: &Params, headers: &HeaderMap) -> Format {
    match path.rsplit_once('.').map(|(_, extension)| extension) {
        Some("json") => return Format::Json,
        Some("adx+xml") => return Format::Adx,
        _ => {}
    }
    let accept = headers.get(ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let adx = match p.one("format").as_deref() {
        Some(f) => matches!(f, "adx+xml" | "adx"),
        None => accept.contains("application/adx+xml"),
    };
    if adx { Format::Adx } else { Format::Json }
}

/// One value in DHIS2's JSON.
#[must_use]
pub fn value_json(r: &ExportRow) -> Value {
    json!({
        "dataElement": r.element,
        "period": r.period_code,
        "orgUnit": r.unit_code,
        "categoryOptionCombo": r.option,
        "attributeOptionCombo": "default",
        "value": r.value,
        "storedBy": r.stored_by,
        "created": r.last_updated,
        "lastUpdated": r.last_updated,
        "comment": r.comment,
        "followup": false,
    })
}

/// `GET /api/dataValueSets`: the values the caller may read, in DHIS2's JSON (or ADX).
pub async fn get_values(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    uri: axum::http::Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(user) = caller.user else { return unauthorized() };
    let p = Params::parse(query.as_deref());
    let rows = match async { export(&state, &user, &export_query(&p)?).await }.await {
        Ok(rows) => rows,
        Err(e) => return refusal(e),
    };
    match format_asked(uri.path(), &p, &headers) {
        Format::Adx => adx_response(&rows, state.clock.now()),
        Format::Json => {
            let values: Vec<Value> = rows.iter().map(value_json).collect();
            axum::Json(json!({ "dataValues": values })).into_response()
        }
    }
}

fn adx_response(rows: &[ExportRow], now: chrono::DateTime<chrono::Utc>) -> Response {
    ([(CONTENT_TYPE, "application/adx+xml; charset=utf-8")], super::adx::write(rows, now)).into_response()
}

/// The import options of a `POST`.
pub fn import_options(p: &Params) -> Result<ImportOptions, binhdang_app::Error> {
    p.require_code_scheme()?;
    let strategy = p.one("importStrategy").or_else(|| p.one("strategy"));
    Ok(ImportOptions {
        strategy: strategy.as_deref().map(Strategy::parse).transpose()?.unwrap_or_default(),
        dry_run: p.flag("dryRun")?,
        data_set: p.one("dataSet"),
    })
}

/// An import's result as DHIS2's `WebMessage` around an `ImportSummary`.
#[must_use]
pub fn summary_response(result: &ImportResult, options: &ImportOptions) -> Response {
    let error = !result.conflicts.is_empty();
    let conflicts: Vec<Value> = result
        .conflicts
        .iter()
        .map(|c| {
            json!({
                "object": c.element,
                "objects": {"dataElement": c.element, "organisationUnit": c.unit, "period": c.period},
                "value": c.message,
                "errorCode": c.error_code,
                "property": c.property,
                "indexes": c.indexes,
            })
        })
        .collect();
    let rejected: Vec<usize> = {
        let mut all: Vec<usize> = result.conflicts.iter().flat_map(|c| c.indexes.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let status = if error { "ERROR" } else { "SUCCESS" };
    let summary = json!({
        "responseType": "ImportSummary",
        "status": status,
        "importOptions": {
            "idSchemes": {"idScheme": "CODE"},
            "dryRun": options.dry_run,
            "importStrategy": options.strategy.as_str(),
            "atomic": true,
        },
        "description": if error {
            "Nothing was imported: every value must pass (see conflicts)"
        } else if options.dry_run {
            "Dry run: nothing was written"
        } else {
            "Import process completed successfully"
        },
        "importCount": result.count,
        "conflicts": conflicts,
        "rejectedIndexes": rejected,
        "dataSetComplete": "false",
    });
    let http = if error { StatusCode::CONFLICT } else { StatusCode::OK };
    let body = json!({
        "httpStatus": http.canonical_reason().unwrap_or(""),
        "httpStatusCode": http.as_u16(),
        "status": if error { "ERROR" } else { "OK" },
        "message": if error { "An error occurred, please check import summary." } else { "Import was successful." },
        "response": summary,
    });
    (http, axum::Json(body)).into_response()
}

/// `POST /api/dataValueSets`: imports DHIS2's JSON (or ADX), all or nothing.
pub async fn post_values(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let Some(user) = caller.user else { return unauthorized() };
    let p = Params::parse(query.as_deref());
    let options = match import_options(&p) {
        Ok(o) => o,
        Err(e) => return refusal(e),
    };
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("application/json");
    let set: DataValueSetInput = if content_type.starts_with("application/json") {
        match serde_json::from_slice(&body) {
            Ok(s) => s,
            Err(e) => {
                return web_message(StatusCode::BAD_REQUEST, &format!("Error reading JSON input: {e}"), Some("E7700"));
            }
        }
    } else if content_type.starts_with("application/adx+xml") {
        match super::adx::read(&body) {
            Ok(s) => s,
            Err(e) => {
                return web_message(StatusCode::BAD_REQUEST, &format!("Error reading ADX input: {e}"), Some("E8007"));
            }
        }
    } else {
        return web_message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &format!("Content-Type {content_type} is not supported: send application/json or application/adx+xml"),
            None,
        );
    };
    match import(&state, &user, &set, &options).await {
        Ok(result) => summary_response(&result, &options),
        Err(e) => refusal(e),
    }
}

/// The DHIS2 version whose data value API this one follows (import counts as in 2.41).
pub const DHIS2_VERSION: &str = "2.41.0";

/// `GET /api/system/info`: the fields DHIS2 clients read before anything else.
pub async fn system_info(State(state): State<AppState>, caller: Caller) -> Response {
    if caller.user.is_none() {
        return unauthorized();
    }
    let now = state.clock.now();
    axum::Json(json!({
        "version": DHIS2_VERSION,
        "revision": concat!("binhdang-", env!("CARGO_PKG_VERSION")),
        "serverDate": now.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(),
        "serverTimeZoneId": "Etc/UTC",
        "calendar": "iso8601",
        "dateFormat": "yyyy-mm-dd",
        "systemName": "binhdang",
    }))
    .into_response()
}
