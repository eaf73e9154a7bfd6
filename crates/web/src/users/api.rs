//! `/api/v1/users`: account management for administrators.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use binhdang_core::users::{User, UserId};

use super::{NewUserInput, UserChangeInput};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};

/// `GET /api/v1/users`.
pub async fn list(State(state): State<AppState>, ApiUser(admin): ApiUser) -> ApiResult<serde_json::Value> {
    let users = super::managed(&state, &admin).await?;
    Ok(Json(serde_json::json!({ "items": users, "total": users.len() })))
}

/// `POST /api/v1/users`.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(admin): ApiUser,
    Json(input): Json<NewUserInput>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    Ok((StatusCode::CREATED, Json(super::create(&state, &admin, &input).await?)))
}

/// `PATCH /api/v1/users/{id}`.
pub async fn update(
    State(state): State<AppState>,
    ApiUser(admin): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<UserChangeInput>,
) -> ApiResult<User> {
    Ok(Json(super::update(&state, &admin, UserId(id), &input).await?))
}

/// Body of a password reset.
#[derive(Debug, Deserialize)]
pub struct PasswordInput {
    password: String,
}

/// `PUT /api/v1/users/{id}/password`.
pub async fn set_password(
    State(state): State<AppState>,
    ApiUser(admin): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<PasswordInput>,
) -> Result<StatusCode, ApiError> {
    super::reset_password(&state, &admin, UserId(id), &input.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
