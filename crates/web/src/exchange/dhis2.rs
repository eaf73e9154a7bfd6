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
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, IntoResponses, ToSchema};

use binhdang_app::exchange::ImportCount;

use super::{DataValueSetInput, ExportQuery, ExportRow, ImportOptions, ImportResult, Strategy, export, import};
use crate::AppState;
use crate::auth::Caller;

/// DHIS2's `WebMessage`: every refusal of these routes, and an import's answer around its
/// `ImportSummary`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebMessage {
    /// The status's reason phrase (`Conflict`).
    http_status: &'static str,
    /// The HTTP status.
    http_status_code: u16,
    /// `OK` or `ERROR`.
    #[schema(pattern = "^(OK|ERROR)$")]
    status: &'static str,
    /// What happened.
    message: String,
    /// DHIS2's error code (`E2001`…), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<String>,
    /// An import's summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<ImportSummary>,
}

impl WebMessage {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            http_status: status.canonical_reason().unwrap_or(""),
            http_status_code: status.as_u16(),
            status: if status.is_success() { "OK" } else { "ERROR" },
            message: message.into(),
            error_code: None,
            response: None,
        }
    }
}

/// A DHIS2 `WebMessage` without a payload.
#[must_use]
pub fn web_message(status: StatusCode, message: &str, error_code: Option<&str>) -> Response {
    let body = WebMessage { error_code: error_code.map(str::to_owned), ..WebMessage::new(status, message) };
    (status, axum::Json(body)).into_response()
}

/// A refusal made before the handler (credentials, CSRF, a body too large) as a `WebMessage`.
#[must_use]
pub fn early_refusal(status: StatusCode, e: &crate::error::AppError) -> Response {
    let message = match e {
        crate::error::AppError::Internal(cause) => {
            tracing::error!(error = %cause, "dataValueSets");
            "lỗi nội bộ".to_owned()
        }
        other => other.to_string(),
    };
    web_message(status, &message, None)
}

/// Whether a path is one of these routes, whose refusals are `WebMessage`s.
#[must_use]
pub fn speaks_web_message(path: &str) -> bool {
    path.starts_with("/api/dataValueSets") || path.starts_with("/api/system/")
}

/// The refusals of these routes.
#[derive(IntoResponses)]
#[allow(dead_code, reason = "documents answers; never built")]
pub enum Refusals {
    /// A body that cannot be read (`E7700` JSON, `E8007` ADX).
    #[response(status = 400, description = "Bad Request")]
    BadRequest(WebMessage),
    /// No credentials, or wrong ones.
    #[response(status = 401, description = "Unauthorized")]
    Unauthorized(WebMessage),
    /// Outside the caller's scope or role.
    #[response(status = 403, description = "Forbidden")]
    Forbidden(WebMessage),
    /// An unknown form, period or area.
    #[response(status = 404, description = "Not Found")]
    NotFound(WebMessage),
    /// A refused parameter (`E2000`–`E2006`), or an import with conflicts (with its summary).
    #[response(status = 409, description = "Conflict")]
    Conflict(WebMessage),
    /// A body larger than the route takes.
    #[response(status = 413, description = "Payload Too Large")]
    TooLarge(WebMessage),
    /// A body neither JSON nor ADX.
    #[response(status = 415, description = "Unsupported Media Type")]
    UnsupportedMediaType(WebMessage),
    /// Too many wrong passwords (HTTP Basic) or unknown tokens from the address.
    #[response(status = 429, description = "Too Many Requests")]
    TooManyRequests(WebMessage),
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
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValue {
    /// Element code.
    data_element: String,
    /// Period code.
    period: String,
    /// Unit code.
    org_unit: String,
    /// Option combination code.
    category_option_combo: String,
    /// Always `default`.
    attribute_option_combo: &'static str,
    /// The value as text.
    value: String,
    /// Who entered it.
    stored_by: Option<String>,
    /// When it was entered.
    created: String,
    /// When it was last changed.
    last_updated: String,
    /// Comment.
    comment: String,
    /// Always false.
    followup: bool,
}

/// A data value set as DHIS2 exports it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    /// The values.
    data_values: Vec<DataValue>,
}

/// One value in DHIS2's JSON.
#[must_use]
pub fn value_json(r: &ExportRow) -> DataValue {
    DataValue {
        data_element: r.element.clone(),
        period: r.period_code.clone(),
        org_unit: r.unit_code.clone(),
        category_option_combo: r.option.clone(),
        attribute_option_combo: "default",
        value: r.value.clone(),
        stored_by: r.stored_by.clone(),
        created: r.last_updated.clone(),
        last_updated: r.last_updated.clone(),
        comment: r.comment.clone(),
        followup: false,
    }
}

/// Query of a `GET`, for the document: the handler reads repeated and comma-separated values.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[allow(dead_code, reason = "documents the query; the handler reads the pairs")]
pub struct ExportParams {
    /// Form codes (required).
    #[param(example = "BDG_NAM")]
    data_set: Option<Vec<String>>,
    /// Period codes.
    period: Option<Vec<String>>,
    /// YYYY-MM-DD. With endDate: every period of the form whose calendar dates lie between them.
    #[param(format = Date)]
    start_date: Option<String>,
    /// YYYY-MM-DD. See startDate.
    #[param(format = Date)]
    end_date: Option<String>,
    /// Area codes (required), each resolved on the period's last day.
    #[param(example = "91")]
    org_unit: Option<Vec<String>>,
    /// Also every area below them.
    children: Option<bool>,
    /// Only values entered at or after this day or instant.
    last_updated: Option<String>,
    /// `CODE` (the default and only scheme; also dataElementIdScheme, orgUnitIdScheme…).
    #[param(pattern = "^(?i:code)$")]
    id_scheme: Option<String>,
    /// `json` (default) or `adx+xml`; `Accept: application/adx+xml` does the same.
    #[param(pattern = "^(json|adx\\+xml)$")]
    format: Option<String>,
}

/// Data values as DHIS2 exports them (DHIS2 Web API).
///
/// Parameters may repeat or list codes separated by commas. The values the caller may read, in
/// DHIS2's JSON, or in ADX when `format=adx+xml` or `Accept: application/adx+xml` asks for it.
#[utoipa::path(get, path = "/api/dataValueSets", tag = "dhis2", params(ExportParams),
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The values", content(
            (DataValueSet = "application/json"),
            (String = "application/adx+xml; charset=utf-8"),
        )),
        Refusals))]
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
        Format::Json => axum::Json(DataValueSet { data_values: rows.iter().map(value_json).collect() }).into_response(),
    }
}

/// As `/api/dataValueSets`, in DHIS2's JSON whatever `Accept` says (DHIS2 clients append `.json`).
#[utoipa::path(get, path = "/api/dataValueSets.json", tag = "dhis2", params(ExportParams),
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    responses((status = 200, description = "The values", body = DataValueSet), Refusals))]
pub async fn get_values_json(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    uri: axum::http::Uri,
    query: RawQuery,
) -> Response {
    get_values(state, caller, headers, uri, query).await
}

/// As `GET /api/dataValueSets`, in ADX.
#[utoipa::path(get, path = "/api/dataValueSets.adx+xml", tag = "dhis2", params(ExportParams),
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The values in ADX", content_type = "application/adx+xml; charset=utf-8", body = String),
        Refusals))]
pub async fn get_values_adx(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    uri: axum::http::Uri,
    query: RawQuery,
) -> Response {
    get_values(state, caller, headers, uri, query).await
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

/// DHIS2's `ImportSummary` of a data value import.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// `ImportSummary`.
    response_type: &'static str,
    /// `SUCCESS` or `ERROR`.
    status: &'static str,
    /// The options the import ran with.
    #[schema(value_type = Object)]
    import_options: Value,
    /// What happened, in a sentence.
    description: &'static str,
    /// The values counted by what happened to them.
    import_count: ImportCount,
    /// Every problem; none means the values were written.
    conflicts: Vec<ImportConflict>,
    /// The positions of the refused values, from 0.
    rejected_indexes: Vec<usize>,
    /// Always `false`.
    data_set_complete: &'static str,
}

/// One problem of an import, as DHIS2 reports it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportConflict {
    /// The element's code as sent.
    object: String,
    /// The element, unit and period as sent.
    #[schema(value_type = Object)]
    objects: Value,
    /// What is wrong, in Vietnamese.
    value: String,
    /// DHIS2's error code (`E7610`…).
    error_code: &'static str,
    /// The property at fault.
    property: &'static str,
    /// The values' positions in the body, from 0.
    indexes: Vec<usize>,
}

/// An import's result as DHIS2's `WebMessage` around an `ImportSummary`.
#[must_use]
pub fn summary_response(result: &ImportResult, options: &ImportOptions) -> Response {
    let error = !result.conflicts.is_empty();
    let conflicts: Vec<ImportConflict> = result
        .conflicts
        .iter()
        .map(|c| ImportConflict {
            object: c.element.clone(),
            objects: json!({"dataElement": c.element, "organisationUnit": c.unit, "period": c.period}),
            value: c.message.clone(),
            error_code: c.error_code,
            property: c.property,
            indexes: c.indexes.clone(),
        })
        .collect();
    let rejected: Vec<usize> = {
        let mut all: Vec<usize> = result.conflicts.iter().flat_map(|c| c.indexes.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let summary = ImportSummary {
        response_type: "ImportSummary",
        status: if error { "ERROR" } else { "SUCCESS" },
        import_options: json!({
            "idSchemes": {"idScheme": "CODE"},
            "dryRun": options.dry_run,
            "importStrategy": options.strategy.as_str(),
            "atomic": true,
        }),
        description: if error {
            "Nothing was imported: every value must pass (see conflicts)"
        } else if options.dry_run {
            "Dry run: nothing was written"
        } else {
            "Import process completed successfully"
        },
        import_count: result.count,
        conflicts,
        rejected_indexes: rejected,
        data_set_complete: "false",
    };
    let http = if error { StatusCode::CONFLICT } else { StatusCode::OK };
    let message = if error { "An error occurred, please check import summary." } else { "Import was successful." };
    let body = WebMessage { response: Some(summary), ..WebMessage::new(http, message) };
    (http, axum::Json(body)).into_response()
}

/// Query of a `POST`, for the document.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[allow(dead_code, reason = "documents the query; the handler reads the pairs")]
pub struct ImportParams {
    /// `CREATE_AND_UPDATE` (default), `CREATE`, `UPDATE`, `DELETE` (also `NEW_AND_UPDATES`, `NEW`,
    /// `UPDATES`, `DELETES`).
    #[param(pattern = "^(?i:create_and_update|create|update|delete|new_and_updates|new|updates|deletes)$")]
    import_strategy: Option<String>,
    /// Check and count, write nothing.
    dry_run: Option<bool>,
    /// Form code of every value.
    data_set: Option<String>,
    /// `CODE` only.
    #[param(pattern = "^(?i:code)$")]
    id_scheme: Option<String>,
}

/// Import a data value set in DHIS2's JSON or in ADX (DHIS2 Web API).
///
/// All or nothing, through the entry grid's rights, locks and checks.
#[utoipa::path(post, path = "/api/dataValueSets", tag = "dhis2", params(ImportParams),
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    request_body(content(
        (DataValueSetInput = "application/json"),
        (String = "application/adx+xml"),
    )),
    responses((status = 200, description = "Imported (or, with dryRun, checked)", body = WebMessage), Refusals))]
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

/// As `POST /api/dataValueSets` (DHIS2 clients append `.json`).
#[utoipa::path(post, path = "/api/dataValueSets.json", tag = "dhis2", params(ImportParams),
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    request_body(content(
        (DataValueSetInput = "application/json"),
        (String = "application/adx+xml"),
    )),
    responses((status = 200, description = "Imported (or, with dryRun, checked)", body = WebMessage), Refusals))]
pub async fn post_values_json(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    query: RawQuery,
    body: Bytes,
) -> Response {
    post_values(state, caller, headers, query, body).await
}

/// The DHIS2 version whose data value API this one follows (import counts as in 2.41).
pub const DHIS2_VERSION: &str = "2.41.0";

/// DHIS2's system info: the fields clients read first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfo {
    /// The DHIS2 version whose data value API this one follows.
    version: &'static str,
    /// binhdang's version.
    revision: &'static str,
    /// The server's clock, UTC.
    server_date: String,
    /// `Etc/UTC`.
    server_time_zone_id: &'static str,
    /// `iso8601`.
    calendar: &'static str,
    /// `yyyy-mm-dd`.
    date_format: &'static str,
    /// `binhdang`.
    system_name: &'static str,
}

/// DHIS2's system info: the fields clients read first (version of the DHIS2 data value API
/// followed, server date).
#[utoipa::path(get, path = "/api/system/info", tag = "dhis2",
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    responses((status = 200, description = "The system info", body = SystemInfo), Refusals))]
pub async fn system_info(State(state): State<AppState>, caller: Caller) -> Response {
    if caller.user.is_none() {
        return unauthorized();
    }
    let now = state.clock.now();
    axum::Json(SystemInfo {
        version: DHIS2_VERSION,
        revision: concat!("binhdang-", env!("CARGO_PKG_VERSION")),
        server_date: now.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(),
        server_time_zone_id: "Etc/UTC",
        calendar: "iso8601",
        date_format: "yyyy-mm-dd",
        system_name: "binhdang",
    })
    .into_response()
}

/// As `/api/system/info` (DHIS2 clients append `.json`).
#[utoipa::path(get, path = "/api/system/info.json", tag = "dhis2",
    security(("bearer" = []), ("basic" = []), ("apiToken" = [])),
    responses((status = 200, description = "The system info", body = SystemInfo), Refusals))]
pub async fn system_info_json(state: State<AppState>, caller: Caller) -> Response {
    system_info(state, caller).await
}
