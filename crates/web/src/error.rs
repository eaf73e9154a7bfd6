//! The web layer's one error type. Policy: not found → 404, not logged in → 401 (pages redirect
//! to the login form), forbidden → 403, validation → 422 with one message per field, conflict →
//! 409, a body too large → 413, throttled → 429, heavy work refused while the workers are busy →
//! 503; anything else is internal → 500 with a request id shown to the user while
//! the cause goes to the log. [`AppError`] renders an HTML page in the request's language; [`ApiError`] renders the
//! same error as JSON `{"error":{"code","message","fields"}}`. Forms that can be corrected
//! re-render themselves with the messages instead of reaching this page.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::StoreError;

use crate::i18n::{Lang, Tr};

/// An error of a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nothing here.
    #[error("{0}")]
    NotFound(String),
    /// Login needed.
    #[error("cần đăng nhập")]
    Unauthorized,
    /// Not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// Bad input, per field.
    #[error("dữ liệu không hợp lệ")]
    Invalid(Vec<FieldError>),
    /// Bad request that is not about one field (malformed JSON, missing CSRF token).
    #[error("{0}")]
    BadRequest(String),
    /// Conflicts with stored data.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts.
    #[error("{0}")]
    TooManyRequests(String),
    /// A body in a format this route does not take.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A method the route does not answer (the API only; pages answer a bare 405).
    #[error("{0}")]
    MethodNotAllowed(String),
    /// A body or file larger than this route takes.
    #[error("{0}")]
    TooLarge(String),
    /// The server's workers for heavy work (reading files, exports) are all busy.
    #[error("{0}")]
    Busy(String),
    /// Anything else.
    #[error("lỗi nội bộ: {0}")]
    Internal(String),
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        binhdang_app::Error::from(e).into()
    }
}

impl From<binhdang_app::Error> for AppError {
    fn from(e: binhdang_app::Error) -> Self {
        use binhdang_app::Error as E;
        match e {
            E::NotFound(m) => Self::NotFound(m),
            E::Forbidden(m) => Self::Forbidden(m),
            E::Invalid(f) => Self::Invalid(f),
            E::Conflict(m) => Self::Conflict(m),
            E::Internal(m) => Self::Internal(m),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        binhdang_app::Error::from(e).into()
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("template: {e}"))
    }
}

impl AppError {
    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine name.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::Invalid(_) => "invalid",
            Self::BadRequest(_) => "bad_request",
            Self::Conflict(_) => "conflict",
            Self::TooManyRequests(_) => "too_many_requests",
            Self::TooLarge(_) => "too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::MethodNotAllowed(_) => "method_not_allowed",
            Self::Busy(_) => "busy",
            Self::Internal(_) => "internal",
        }
    }

    /// The message for the user; internal causes are replaced by a request id.
    fn public_message(&self) -> String {
        match self {
            Self::Internal(cause) => {
                let id = crate::auth::new_secret()[3..15].to_owned();
                tracing::error!(request_id = %id, cause = %cause, "internal error");
                format!("{} {id}", crate::page::request_lang().tr().err_internal_message)
            }
            Self::Invalid(fields) => {
                let list: Vec<String> = fields.iter().map(ToString::to_string).collect();
                format!("{} {}", crate::page::request_lang().tr().err_invalid_message, list.join("; "))
            }
            other => other.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    lang: Lang,
    t: &'static Tr,
    status: u16,
    title: &'static str,
    message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if matches!(self, Self::Unauthorized) {
            return Redirect::to("/login").into_response();
        }
        let status = self.status();
        let lang = crate::page::request_lang();
        let t = lang.tr();
        let title = match status {
            StatusCode::NOT_FOUND => t.err_not_found,
            StatusCode::FORBIDDEN => t.err_forbidden,
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => t.err_invalid,
            StatusCode::CONFLICT => t.err_conflict,
            StatusCode::TOO_MANY_REQUESTS => t.err_too_many,
            StatusCode::PAYLOAD_TOO_LARGE => t.err_too_large,
            StatusCode::SERVICE_UNAVAILABLE => t.err_busy,
            _ => t.err_internal,
        };
        let page = ErrorPage { lang, t, status: status.as_u16(), title, message: self.public_message() };
        let body = page.render().unwrap_or_else(|_| t.err_internal.to_owned());
        (status, Html(body)).into_response()
    }
}

/// An error of the JSON API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let fields = match &self.0 {
            AppError::Invalid(f) => f.clone(),
            _ => Vec::new(),
        };
        let body = crate::openapi::ErrorBody {
            error: crate::openapi::ErrorDetail { code: self.0.code(), message: self.0.public_message(), fields },
        };
        (status, Json(body)).into_response()
    }
}

/// Result of a page handler.
pub type PageResult<T = Response> = Result<T, AppError>;
/// Result of an API handler.
pub type ApiResult<T> = Result<crate::extract::Json<T>, ApiError>;

/// Paths that match no route: a page, or under `/api/` the API's JSON error.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let e = AppError::NotFound(crate::page::request_lang().tr().err_no_page.into());
    if uri.path().starts_with("/api/") { ApiError(e).into_response() } else { e.into_response() }
}

/// A method a route does not answer: under `/api/` the API's JSON error, with the same 405.
pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    if !uri.path().starts_with("/api/") {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let message = format!("{} không dùng được với phương thức {method}", uri.path());
    ApiError(AppError::MethodNotAllowed(message)).into_response()
}
