//! The API's extractors: axum's `Json`, `Query`, `Path` and `Multipart`, whose refusals (malformed JSON, a
//! missing field, a wrong content type, a path or query parameter of the wrong type) answer in the
//! API's one JSON error format instead of axum's plain text. The API modules import these in place
//! of axum's, so a handler reads the same (`Json(input): Json<T>`), and `Json` also renders
//! answers.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use binhdang_core::FieldError;

use crate::error::{ApiError, AppError};

/// A JSON body, or a JSON answer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

/// Query parameters.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

/// Path parameters.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

/// A `multipart/form-data` body, read part by part.
pub struct Multipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for Multipart {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Multipart::from_request(request, state).await.map(Self).map_err(|e| {
            refusal(e.status(), "cần gửi nội dung multipart/form-data (phần \"file\")", "body", &e.body_text())
        })
    }
}

/// An extractor's refusal in the API's format, with its status kept.
fn refusal(status: StatusCode, what: &str, field: &str, detail: &str) -> ApiError {
    let message = format!("{what}: {detail}");
    ApiError(match status {
        StatusCode::UNPROCESSABLE_ENTITY => AppError::Invalid(vec![FieldError::new(field, message)]),
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge(message),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType(message),
        _ => AppError::BadRequest(message),
    })
}

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(e) => Err(json_refusal(&e)),
        }
    }
}

fn json_refusal(e: &JsonRejection) -> ApiError {
    let what = match e {
        JsonRejection::MissingJsonContentType(_) => "cần gửi nội dung JSON (Content-Type: application/json)",
        JsonRejection::JsonSyntaxError(_) => "nội dung JSON sai cú pháp",
        JsonRejection::JsonDataError(_) => "nội dung JSON thiếu trường hoặc sai kiểu",
        _ => "không đọc được nội dung gửi lên",
    };
    refusal(e.status(), what, "body", &e.body_text())
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(e) => Err(query_refusal(&e)),
        }
    }
}

fn query_refusal(e: &QueryRejection) -> ApiError {
    // A query parameter of the wrong type is a field error, as in a body.
    refusal(StatusCode::UNPROCESSABLE_ENTITY, "tham số truy vấn không hợp lệ", "query", &e.body_text())
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(e) => Err(path_refusal(&e)),
        }
    }
}

fn path_refusal(e: &PathRejection) -> ApiError {
    refusal(StatusCode::BAD_REQUEST, "đường dẫn không hợp lệ", "path", &e.body_text())
}
