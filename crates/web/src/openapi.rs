//! The API's contract, generated from the code: every handler of `/api/v1` and of the
//! DHIS2-compatible `/api` routes carries a `#[utoipa::path]` naming its parameters, its body and
//! every answer it gives; the types it takes and sends derive their schemas (those of the
//! use-case, domain and store crates behind their `openapi` feature), so a field added to a type
//! is in the document with it. [`document`] assembles the `OpenAPI` 3.1 document once and
//! `GET /api/v1/openapi.json` serves it. The refusals are the sets below: every refusal of the
//! API, the extractors' included, is an [`ErrorBody`].

use std::sync::LazyLock;

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{IntoResponses, OpenApi, ToSchema};

use binhdang_core::FieldError;

/// Every refusal of the JSON API: `{"error": {"code", "message", "fields"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The error inside an [`ErrorBody`].
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine name: `not_found`, `unauthorized`, `forbidden`, `invalid`,
    /// `bad_request`, `conflict`, `too_many_requests`, `too_large`, `unsupported_media_type`,
    /// `method_not_allowed`, `busy`, `internal`.
    #[schema(value_type = String, example = "invalid")]
    pub code: &'static str,
    /// The message for a person, in Vietnamese.
    pub message: String,
    /// One message per refused field (`invalid` only; empty otherwise).
    pub fields: Vec<FieldError>,
}

/// A list answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Items<T> {
    /// The items.
    pub items: Vec<T>,
}

/// A list answer with its length.
#[derive(Debug, Serialize, ToSchema)]
pub struct Listing<T> {
    /// The items.
    pub items: Vec<T>,
    /// How many items there are.
    pub total: usize,
}

impl<T> Listing<T> {
    /// The items with their count.
    #[must_use]
    pub fn of(items: Vec<T>) -> Self {
        Self { total: items.len(), items }
    }
}

/// The id of a record just added.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    /// Its id.
    pub id: i64,
}

/// The refusals of a read that needs no login.
#[derive(IntoResponses)]
#[allow(dead_code, reason = "documents answers; never built")]
pub enum PublicRefusals {
    /// A path parameter of the wrong type.
    #[response(status = 400, description = "Đường dẫn hoặc yêu cầu không hợp lệ")]
    BadRequest(ErrorBody),
    /// A bearer token that is unknown, expired or revoked.
    #[response(status = 401, description = "Mã truy cập không hợp lệ")]
    Unauthorized(ErrorBody),
    /// Nothing at that address.
    #[response(status = 404, description = "Không tìm thấy")]
    NotFound(ErrorBody),
    /// A refused parameter, named in `fields`.
    #[response(status = 422, description = "Tham số không hợp lệ, nêu từng trường")]
    Invalid(ErrorBody),
}

/// The refusals of a read that needs a login.
#[derive(IntoResponses)]
#[allow(dead_code, reason = "documents answers; never built")]
pub enum ReadRefusals {
    /// A path parameter of the wrong type.
    #[response(status = 400, description = "Đường dẫn hoặc yêu cầu không hợp lệ")]
    BadRequest(ErrorBody),
    /// No credentials, or a token that is unknown, expired or revoked.
    #[response(status = 401, description = "Cần đăng nhập")]
    Unauthorized(ErrorBody),
    /// Outside the caller's scope or role.
    #[response(status = 403, description = "Không có quyền")]
    Forbidden(ErrorBody),
    /// Nothing at that address.
    #[response(status = 404, description = "Không tìm thấy")]
    NotFound(ErrorBody),
    /// A refused parameter, named in `fields`.
    #[response(status = 422, description = "Tham số không hợp lệ, nêu từng trường")]
    Invalid(ErrorBody),
}

/// The refusals of a change.
#[derive(IntoResponses)]
#[allow(dead_code, reason = "documents answers; never built")]
pub enum WriteRefusals {
    /// Malformed JSON, or a path parameter of the wrong type.
    #[response(status = 400, description = "Nội dung hoặc đường dẫn không hợp lệ")]
    BadRequest(ErrorBody),
    /// No credentials, or a token that is unknown, expired or revoked.
    #[response(status = 401, description = "Cần đăng nhập")]
    Unauthorized(ErrorBody),
    /// Outside the caller's scope or role (or, without a token, no CSRF token).
    #[response(status = 403, description = "Không có quyền")]
    Forbidden(ErrorBody),
    /// Nothing at that address.
    #[response(status = 404, description = "Không tìm thấy")]
    NotFound(ErrorBody),
    /// A stale version, a duplicate, or a record locked against changes.
    #[response(status = 409, description = "Xung đột với dữ liệu đã lưu")]
    Conflict(ErrorBody),
    /// A body larger than the route takes.
    #[response(status = 413, description = "Dữ liệu gửi lên quá lớn")]
    TooLarge(ErrorBody),
    /// A body that is not JSON.
    #[response(status = 415, description = "Cần gửi nội dung JSON")]
    UnsupportedMediaType(ErrorBody),
    /// A refused field, named in `fields`.
    #[response(status = 422, description = "Dữ liệu không hợp lệ, nêu từng trường")]
    Invalid(ErrorBody),
}

/// The refusals of a route that reads an uploaded file on the server's heavy-work pool.
#[derive(IntoResponses)]
#[allow(dead_code, reason = "documents answers; never built")]
pub enum BusyRefusal {
    /// Every worker for heavy work is busy; try again.
    #[response(status = 503, description = "Máy chủ đang bận xử lý tệp; hãy thử lại")]
    Busy(ErrorBody),
}

/// What the derive cannot say: the security schemes (personal tokens, and for DHIS2 clients
/// Basic and `ApiToken`), and operation ids unique across modules (`units_list`, not `list`).
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        for item in doc.paths.paths.values_mut() {
            for op in
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
            {
                let tag = op.tags.as_ref().and_then(|t| t.first()).cloned().unwrap_or_default();
                if let Some(id) = op.operation_id.as_mut() {
                    *id = format!("{tag}_{id}");
                }
            }
        }
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        let mut basic = Http::new(HttpAuthScheme::Basic);
        basic.description = Some(
            "DHIS2 clients: user name and password on each request, throttled as the login form is; /api routes \
             only"
                .into(),
        );
        components.add_security_scheme("basic", SecurityScheme::Http(basic));
        components.add_security_scheme(
            "apiToken",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "DHIS2 clients: 'ApiToken <token>' with a personal access token (the same tokens as Bearer); \
                 unknown tokens count against the address; /api routes only",
            ))),
        );
    }
}

/// The document's paths and schemas.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "binhdang API",
        version = "1",
        description = "JSON API of binhdang. Dates are YYYY-MM-DD; every read of the registry takes an as_of \
                       date. Errors are {\"error\":{\"code\",\"message\",\"fields\"}} with Vietnamese messages. \
                       The DHIS2-compatible routes under /api answer in DHIS2's own formats."
    ),
    security(("bearer" = [])),
    modifiers(&Security),
    // Schemas named only by refusal sets and parameters, which do not register them.
    components(schemas(
        ErrorBody,
        crate::analytics::AnalyticsRefusal,
        crate::exchange::dhis2::WebMessage,
        crate::reports::api::StepName,
        crate::tasks::api::View,
        binhdang_core::tasks::Bucket,
        binhdang_core::activities::ActivityType,
        binhdang_core::documents::Direction,
        binhdang_core::units::UnitKind,
    )),
    paths(
        serve,
        crate::account::api_login,
        crate::account::api_me,
        crate::account::api_tokens,
        crate::account::api_create_token,
        crate::account::api_revoke_token,
        crate::documents::api::list,
        crate::documents::api::create,
        crate::documents::api::parse,
        crate::documents::api::show,
        crate::documents::api::add_direction,
        crate::documents::api::fan_out,
        crate::tasks::api::list,
        crate::tasks::api::create,
        crate::tasks::api::show,
        crate::tasks::api::update,
        crate::tasks::api::add_progress,
        crate::tasks::api::add_result,
        crate::activities::api::list,
        crate::activities::api::create,
        crate::activities::api::show,
        crate::activities::api::update,
        crate::activities::api::delete,
        crate::activities::api::files,
        crate::activities::api::add_file,
        crate::uploads::api_upload,
        crate::activities::api::deleted,
        crate::activities::api::restore,
        crate::activities::api::figures_api,
        crate::plans::api::list,
        crate::plans::api::create,
        crate::plans::api::show,
        crate::plans::api::update,
        crate::plans::api::add_item,
        crate::plans::api::set_targets,
        crate::plans::api::add_budget,
        crate::reports::api::forms,
        crate::reports::api::list,
        crate::reports::api::show,
        crate::reports::api::put_values,
        crate::reports::api::take_step,
        crate::reports::api::completeness,
        crate::reports::api::completeness_areas,
        crate::reports::api::obligations,
        crate::reports::api::add_obligation,
        crate::analytics::explain,
        crate::exchange::sdmx::data,
        crate::exchange::sdmx::structure,
        crate::indicators::api::list,
        crate::indicators::api::create,
        crate::indicators::api::show,
        crate::indicators::api::update,
        crate::indicators::api::retire,
        crate::indicators::api::value,
        crate::units::api::list,
        crate::units::api::create,
        crate::units::api::show,
        crate::units::api::update,
        crate::units::api::add_successor,
        crate::units::api::contact,
        crate::units::api::set_contact,
        crate::units::api::symbols,
        crate::units::api::set_symbols,
        crate::users::api::list,
        crate::users::api::create,
        crate::users::api::update,
        crate::users::api::set_password,
        crate::exchange::dhis2::get_values,
        crate::exchange::dhis2::get_values_json,
        crate::exchange::dhis2::get_values_adx,
        crate::exchange::dhis2::post_values,
        crate::exchange::dhis2::post_values_json,
        crate::exchange::dhis2::system_info,
        crate::exchange::dhis2::system_info_json,
        crate::analytics::analytics,
        crate::analytics::analytics_json,
        crate::difficulties::api::list,
        crate::difficulties::api::show,
        crate::difficulties::api::raise,
        crate::difficulties::api::answer,
        crate::difficulties::api::close,
        crate::difficulties::api::reopen,
        crate::pick::api_choices,
        crate::yearly::api::show,
        crate::dashboard::api::provinces,
        crate::dashboard::api::unit,
        crate::dashboard::api::completeness,
    ),
    tags(
        (name = "accounts", description = "API tokens and the caller"),
        (name = "documents", description = "Letters: parse, register, search, directions, fan-out"),
        (name = "tasks", description = "Tasks, progress and results"),
        (name = "activities", description = "Activities and the figures they yield"),
        (name = "plans", description = "Plans: items, targets, budget, issuing"),
        (name = "reports", description = "Periodic reports, their workflow and completeness"),
        (name = "indicators", description = "The indicator catalog"),
        (name = "units", description = "The registry of areas and agencies, as of any date"),
        (name = "users", description = "Accounts (administrators)"),
        (name = "dhis2", description = "DHIS2's Web API, in DHIS2's formats, under /api"),
        (name = "difficulties", description = "Difficulties raised on letters to the body that issued them"),
        (name = "dashboards", description = "Provinces compared, an area's page, the completeness heat map"),
    )
)]
pub struct ApiDoc;

/// The `OpenAPI` document as JSON, built once.
static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| ApiDoc::openapi().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")));

/// The `OpenAPI` 3.1 document of the JSON API.
#[must_use]
pub fn document() -> &'static str {
    &DOCUMENT
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "accounts",
    security(()),
    responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json", body = Object))
)]
pub async fn serve() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], document())
}
