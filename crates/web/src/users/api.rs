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
use crate::openapi::{Listing, ReadRefusals, WriteRefusals};

/// Users of agencies in the administrator's scope.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, description = "The users", body = Listing<User>), ReadRefusals))]
pub async fn list(State(state): State<AppState>, ApiUser(admin): ApiUser) -> ApiResult<Listing<User>> {
    Ok(Json(Listing::of(super::managed(&state, &admin).await?)))
}

/// Add a user (administrators).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserInput,
    responses((status = 201, description = "Created", body = User), WriteRefusals))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(admin): ApiUser,
    Json(input): Json<NewUserInput>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    Ok((StatusCode::CREATED, Json(super::create(&state, &admin, &input).await?)))
}

/// Change a user's name, agency, role or state (administrators).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path, description = "The record's id")), request_body = UserChangeInput,
    responses((status = 200, description = "The user as saved", body = User), WriteRefusals))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(admin): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<UserChangeInput>,
) -> ApiResult<User> {
    Ok(Json(super::update(&state, &admin, UserId(id), &input).await?))
}

/// Body of a password reset.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PasswordInput {
    /// The new password.
    #[schema(min_length = 10)]
    password: String,
}

/// Set a user's password (administrators).
#[utoipa::path(put, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = i64, Path, description = "The record's id")), request_body = PasswordInput,
    responses((status = 204, description = "Set"), WriteRefusals))]
pub async fn set_password(
    State(state): State<AppState>,
    ApiUser(admin): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<PasswordInput>,
) -> Result<StatusCode, ApiError> {
    super::reset_password(&state, &admin, UserId(id), &input.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
