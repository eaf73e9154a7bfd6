//! Logging in and out, the language switch, and one's own account: password and API tokens, in
//! the pages and the API.

use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::Duration;
use serde::{Deserialize, Serialize};

use binhdang_core::passwords;
use binhdang_core::users::{Role, User, UserId, check_password};
use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::Actor;
use binhdang_store::sessions::ApiToken;

use crate::AppState;
use crate::auth::{
    ApiUser, CSRF_COOKIE, ClientAddr, CurrentUser, LANG_COOKIE, SESSION_COOKIE, check_login, cookie, hash_secret,
    new_secret, set_cookie,
};
use crate::error::{ApiResult, AppError, PageResult};
use crate::extract::{Json, Path, Query};
use crate::openapi::{ErrorBody, Items, ReadRefusals, WriteRefusals};
use crate::page::{Page, see_other};

/// When a token made now stops working.
fn token_expiry(state: &AppState) -> chrono::DateTime<chrono::Utc> {
    state.clock.now() + Duration::days(state.settings.token_days)
}

fn actor(state: &AppState, user: &User) -> Actor {
    Actor { user: Some(user.id), at: state.clock.now() }
}

/// Only local paths are followed after login: exactly one `/` followed by a character that is
/// not `/`, `\\` or white space (browsers drop tabs and newlines, so `/\t/evil.example` would be
/// `//evil.example`), and no control character anywhere.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some("/") => "/".to_owned(),
        Some(n)
            if n.starts_with('/')
                && n[1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c != '/' && c != '\\' && !c.is_whitespace() && !c.is_control())
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    next: String,
    username: String,
    error: Option<String>,
}

/// Query of the login form.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /login`.
pub async fn login_form(page: Page, Query(q): Query<NextQuery>) -> PageResult<Html<String>> {
    let next = safe_next(q.next.as_deref());
    Ok(Html(LoginPage { page, next, username: String::new(), error: None }.render()?))
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`: starts a session and rotates the CSRF token.
pub async fn login(
    State(state): State<AppState>,
    page: Page,
    ClientAddr(addr): ClientAddr,
    axum::Form(form): axum::Form<LoginForm>,
) -> PageResult<Response> {
    match check_login(&state, &form.username, &form.password, addr).await {
        Ok(user) => {
            let secret = new_secret();
            let now = state.clock.now();
            let hours = state.settings.session_hours;
            state.store.create_session(&hash_secret(&secret), user.id, now, now + Duration::hours(hours)).await?;
            let secure = state.settings.secure_cookies;
            let mut response = see_other(&safe_next(form.next.as_deref()));
            let h = response.headers_mut();
            h.append(SET_COOKIE, set_cookie(SESSION_COOKIE, &secret, hours * 3600, true, secure));
            h.append(SET_COOKIE, set_cookie(CSRF_COOKIE, &new_secret(), 60 * 60 * 24 * 30, true, secure));
            h.insert("x-bd-csrf-set", axum::http::HeaderValue::from_static("1"));
            Ok(response)
        }
        Err(e @ (AppError::Forbidden(_) | AppError::TooManyRequests(_))) => {
            let status = e.status();
            let body = LoginPage {
                page,
                next: safe_next(form.next.as_deref()),
                username: form.username,
                error: Some(e.to_string()),
            }
            .render()?;
            Ok((status, Html(body)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        state.store.delete_session(&hash_secret(&secret)).await?;
    }
    let mut response = see_other("/login");
    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, true, state.settings.secure_cookies));
    Ok(response)
}

/// The language switch.
#[derive(Debug, Deserialize)]
pub struct LangForm {
    lang: String,
    next: Option<String>,
}

/// The cookie that keeps the interface language for a year.
pub(crate) fn language_cookie(state: &AppState, lang: crate::i18n::Lang) -> axum::http::HeaderValue {
    set_cookie(LANG_COOKIE, lang.code(), 60 * 60 * 24 * 365, false, state.settings.secure_cookies)
}

/// `POST /lang`.
pub async fn switch_language(State(state): State<AppState>, axum::Form(form): axum::Form<LangForm>) -> Response {
    let lang = crate::i18n::Lang::from_code(&form.lang);
    let mut response = see_other(&safe_next(form.next.as_deref()));
    response.headers_mut().append(SET_COOKIE, language_cookie(&state, lang));
    response
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: Page,
    agency: String,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    message: Option<String>,
    errors: Vec<FieldError>,
}

async fn render_account(
    state: &AppState,
    page: Page,
    user: &User,
    new_token: Option<String>,
    message: Option<String>,
    errors: Vec<FieldError>,
) -> PageResult<Html<String>> {
    let agency = state.store.unit(user.agency_id).await?.name;
    let tokens = state.store.list_tokens(user.id).await?;
    Ok(Html(AccountPage { page, agency, tokens, new_token, message, errors }.render()?))
}

/// `GET /account`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
) -> PageResult<Html<String>> {
    render_account(&state, page, &user, None, None, Vec::new()).await
}

/// The password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

/// `POST /account/password`: changes one's own password (and ends one's other sessions).
pub async fn change_password(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    axum::Form(form): axum::Form<PasswordForm>,
) -> PageResult<Response> {
    let mut errors = Vec::new();
    // The current-password check is throttled like a login: a stolen session cannot guess it.
    let key = format!("password:{}", user.id);
    let keys = [(key.as_str(), state.settings.login_max_failures)];
    if let Err(e) = crate::auth::claim_attempt(&state, &keys).await {
        let errors = vec![FieldError::new("current_password", e.to_string())];
        let html = render_account(&state, page, &user, None, None, errors).await?;
        return Ok((e.status(), html).into_response());
    }
    let (_, stored) = state.store.user_for_login(&user.username).await?.ok_or(AppError::Unauthorized)?;
    if crate::auth::verify_password(&form.current_password, &stored).await {
        state.store.login_succeeded(&key).await?;
    } else {
        crate::auth::attempt_failed(&state, &keys).await?;
        errors.push(FieldError::new("current_password", "mật khẩu hiện tại không đúng"));
    }
    if let Err(e) = check_password(&form.new_password) {
        errors.push(FieldError::new("new_password", e.message));
    }
    if !errors.is_empty() {
        let html = render_account(&state, page, &user, None, None, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let new_password = form.new_password.clone();
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&new_password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    state.store.set_password(user.id, &hash, actor(&state, &user)).await?;
    Ok(see_other("/login"))
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    name: String,
}

fn token_name(name: &str) -> Result<String, DomainError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(DomainError::invalid("name", "tên gợi nhớ của mã truy cập dài 1–100 ký tự"));
    }
    Ok(name.to_owned())
}

/// `POST /account/tokens`: shows the new token once.
pub async fn create_token(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    axum::Form(form): axum::Form<TokenForm>,
) -> PageResult<Response> {
    let name = match token_name(&form.name) {
        Ok(n) => n,
        Err(DomainError::Invalid(errors)) => {
            let html = render_account(&state, page, &user, None, None, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let secret = new_secret();
    state.store.create_token(user.id, &name, &hash_secret(&secret), token_expiry(&state), actor(&state, &user)).await?;
    Ok(render_account(&state, page, &user, Some(secret), None, Vec::new()).await?.into_response())
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    state.store.revoke_token(user.id, id, actor(&state, &user)).await?;
    let message = Some(page.t.revoked.to_owned());
    render_account(&state, page, &user, None, message, Vec::new()).await
}

/// Body of `POST /api/v1/auth/token`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    /// Login name.
    username: String,
    /// Password.
    password: String,
    /// A label for the token (default `api`).
    name: Option<String>,
}

/// A new API token: its secret is shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NewToken {
    /// The secret, for `Authorization: Bearer`.
    token: String,
    /// Its id (to revoke it).
    id: i64,
    /// Its label.
    name: String,
    /// When it stops working.
    expires_at: Option<String>,
}

/// The refusals of a login.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "documents answers; never built")]
pub enum LoginRefusals {
    /// Malformed JSON.
    #[response(status = 400, description = "Nội dung không hợp lệ")]
    BadRequest(ErrorBody),
    /// A wrong user name or password, or a disabled account.
    #[response(status = 403, description = "Sai tên đăng nhập hoặc mật khẩu")]
    Forbidden(ErrorBody),
    /// A body larger than 64 KB.
    #[response(status = 413, description = "Dữ liệu gửi lên quá lớn")]
    TooLarge(ErrorBody),
    /// A body that is not JSON.
    #[response(status = 415, description = "Cần gửi nội dung JSON")]
    UnsupportedMediaType(ErrorBody),
    /// A refused field, named in `fields`.
    #[response(status = 422, description = "Dữ liệu không hợp lệ")]
    Invalid(ErrorBody),
    /// Too many wrong passwords: wait the minutes the message gives.
    #[response(status = 429, description = "Nhập sai quá nhiều lần")]
    TooManyRequests(ErrorBody),
}

/// Create an API token from a user name and password.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "accounts", security(()), request_body = TokenRequest,
    responses((status = 200, description = "The token", body = NewToken), LoginRefusals))]
pub async fn api_login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(body): Json<TokenRequest>,
) -> ApiResult<NewToken> {
    let user = check_login(&state, &body.username, &body.password, addr).await?;
    let name = token_name(body.name.as_deref().unwrap_or("api"))?;
    let secret = new_secret();
    let token = state
        .store
        .create_token(user.id, &name, &hash_secret(&secret), token_expiry(&state), actor(&state, &user))
        .await?;
    Ok(Json(NewToken { token: secret, id: token.id, name: token.name, expires_at: token.expires_at }))
}

/// The caller.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    /// Their id.
    id: UserId,
    /// Login name.
    username: String,
    /// Full name.
    display_name: String,
    /// Role.
    role: Role,
    /// Their agency.
    agency: AgencyName,
}

/// An agency by code and name.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AgencyName {
    /// Code.
    code: String,
    /// Name.
    name: String,
}

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, description = "The caller", body = Me), ReadRefusals))]
pub async fn api_me(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Me> {
    let agency = state.store.unit(user.agency_id).await?;
    Ok(Json(Me {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        agency: AgencyName { code: agency.code, name: agency.name },
    }))
}

/// The caller's API tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, description = "The tokens", body = Items<ApiToken>), ReadRefusals))]
pub async fn api_tokens(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Items<ApiToken>> {
    Ok(Json(Items { items: state.store.list_tokens(user.id).await? }))
}

/// Body of `POST /api/v1/tokens`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewTokenRequest {
    /// A label for the token.
    name: String,
}

/// Create an API token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewTokenRequest,
    responses((status = 200, description = "The token", body = NewToken), WriteRefusals))]
pub async fn api_create_token(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<NewTokenRequest>,
) -> ApiResult<NewToken> {
    let name = token_name(&body.name)?;
    let secret = new_secret();
    let token = state
        .store
        .create_token(user.id, &name, &hash_secret(&secret), token_expiry(&state), actor(&state, &user))
        .await?;
    Ok(Json(NewToken { token: secret, id: token.id, name: token.name, expires_at: token.expires_at }))
}

/// Revoke one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    params(("id" = i64, Path, description = "The token's id")),
    responses((status = 204, description = "Revoked"), WriteRefusals))]
pub async fn api_revoke_token(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, crate::error::ApiError> {
    state.store.revoke_token(user.id, id, actor(&state, &user)).await?;
    Ok(StatusCode::NO_CONTENT)
}
