//! The user-management pages.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use binhdang_core::FieldError;
use binhdang_core::users::{Role, User, UserId};

use super::{NewUserInput, UserChangeInput};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::page::{Page, after_save, field_error, refused, see_other};

/// A user row.
pub struct UserRow {
    user: User,
    role: &'static str,
    agency: String,
}

#[derive(Template)]
#[template(path = "users/list.html")]
struct List {
    page: Page,
    rows: Vec<UserRow>,
}

/// `GET /users`.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(admin): CurrentUser,
) -> PageResult<Html<String>> {
    let users = super::managed(&state, &admin).await?;
    let names = state.store.names_of(&users.iter().map(|u| u.agency_id).collect::<Vec<_>>()).await?;
    let rows = users
        .into_iter()
        .map(|user| {
            let agency = names.get(&user.agency_id).cloned().unwrap_or_default();
            UserRow { role: page.role_label(user.role), agency, user }
        })
        .collect();
    Ok(Html(List { page, rows }.render()?))
}

#[derive(Template)]
#[template(path = "users/form.html")]
struct Form {
    page: Page,
    /// `None` for a new user.
    id: Option<i64>,
    input: NewUserInput,
    active: bool,
    roles: Vec<(&'static str, &'static str, bool)>,
    errors: Vec<FieldError>,
    message: Option<String>,
}

impl Form {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

fn form(
    page: Page,
    id: Option<i64>,
    input: NewUserInput,
    active: bool,
    errors: Vec<FieldError>,
    message: Option<String>,
) -> Form {
    let roles = Role::ALL.iter().map(|r| (r.as_str(), page.role_label(*r), r.as_str() == input.role)).collect();
    Form { page, id, input, active, roles, errors, message }
}

/// `GET /users/new`.
pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(admin): CurrentUser,
) -> PageResult<Html<String>> {
    binhdang_app::users::require_admin_role(&state, &admin).await?;
    let input = NewUserInput { role: "officer".into(), ..NewUserInput::default() };
    Ok(Html(form(page, None, input, true, Vec::new(), None).render()?))
}

/// `POST /users`.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(admin): CurrentUser,
    axum::Form(input): axum::Form<NewUserInput>,
) -> PageResult<Response> {
    let result = super::create(&state, &admin, &input).await.map_err(AppError::from);
    after_save(
        result,
        |user| see_other(&format!("/users/{}", user.id)),
        None,
        async |errors| {
            let input = NewUserInput { password: String::new(), ..input };
            Ok(Html(form(page, None, input, true, errors, None).render()?))
        },
    )
    .await
}

async fn edit_page(
    state: &AppState,
    page: Page,
    user: &User,
    errors: Vec<FieldError>,
    message: Option<String>,
) -> PageResult<Html<String>> {
    let agency = state.store.unit(user.agency_id).await?;
    let input = NewUserInput {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        agency_code: agency.code,
        role: user.role.as_str().to_owned(),
        password: String::new(),
    };
    Ok(Html(form(page, Some(user.id.0), input, user.active, errors, message).render()?))
}

/// `GET /users/{id}`.
pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(admin): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let user = super::managed_one(&state, &admin, UserId(id)).await?;
    edit_page(&state, page, &user, Vec::new(), None).await
}

/// The edit form.
#[derive(Debug, Deserialize)]
pub struct EditForm {
    display_name: String,
    agency_code: String,
    role: String,
    active: Option<String>,
}

/// `POST /users/{id}`.
pub async fn update(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(admin): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<EditForm>,
) -> PageResult<Response> {
    let input = UserChangeInput {
        display_name: Some(f.display_name),
        agency_code: Some(f.agency_code),
        role: Some(f.role),
        active: Some(f.active.is_some()),
    };
    match super::update(&state, &admin, UserId(id), &input).await.map_err(AppError::from) {
        Ok(user) => {
            let saved = page.t.saved.to_owned();
            Ok(edit_page(&state, page, &user, Vec::new(), Some(saved)).await?.into_response())
        }
        Err(e) => {
            refused(e, None, async |errors| {
                edit_page(&state, page, &state.store.user(UserId(id)).await?, errors, None).await
            })
            .await
        }
    }
}

/// The password reset form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    password: String,
}

/// `POST /users/{id}/password`.
pub async fn reset_password(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(admin): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<PasswordForm>,
) -> PageResult<Response> {
    match super::reset_password(&state, &admin, UserId(id), &f.password).await.map_err(AppError::from) {
        Ok(()) => {
            let user = state.store.user(UserId(id)).await?;
            let saved = page.t.saved.to_owned();
            Ok(edit_page(&state, page, &user, Vec::new(), Some(saved)).await?.into_response())
        }
        Err(e) => {
            refused(e, None, async |errors| {
                edit_page(&state, page, &state.store.user(UserId(id)).await?, errors, None).await
            })
            .await
        }
    }
}
