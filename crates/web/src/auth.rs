//! Who is asking. A browser carries a server-side session (cookie `bd_session`, `HttpOnly`,
//! SameSite=Lax); an API client sends `Authorization: Bearer <token>`, or, on `/api/…` as DHIS2
//! clients do, `Authorization: ApiToken <token>` or HTTP Basic. Only SHA-256 hashes of
//! either secret are stored. Logins are throttled per (user name, client address) and per client
//! address, counted atomically, and an unknown user name costs the same Argon2 work as a wrong
//! password.
//!
//! The [`guard`] middleware resolves the caller once per request and enforces CSRF: every
//! state-changing request authenticated by cookie (or anonymous, like the login form) must echo
//! the `bd_csrf` cookie in the `_csrf` form field or the `X-CSRF-Token` header. Token and Basic
//! requests carry no ambient credentials (no Basic challenge is ever sent, so browsers keep none)
//! and are exempt.

use std::net::SocketAddr;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use rand::RngCore;
use sha2::{Digest, Sha256};

use binhdang_core::passwords;
use binhdang_core::users::User;
use binhdang_store::sessions::Claim;

use crate::AppState;
use crate::error::{ApiError, AppError};

/// Session cookie.
pub const SESSION_COOKIE: &str = "bd_session";
/// CSRF cookie.
pub const CSRF_COOKIE: &str = "bd_csrf";
/// Language cookie.
pub const LANG_COOKIE: &str = "bd_lang";
/// Largest form body the CSRF check reads (files travel as multipart, which it does not read).
const MAX_FORM_BYTES: usize = crate::routes::MAX_FORM_BODY_BYTES;
/// Largest body of a request made before logging in.
pub const MAX_ANONYMOUS_BODY_BYTES: usize = 64 * 1024;

/// A fresh random secret: `bd_` and 64 hex digits (256 bits).
#[must_use]
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("bd_{}", hex(&bytes))
}

/// The stored form of a secret.
#[must_use]
pub fn hash_secret(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Lower-case hexadecimal.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A cookie's value from the request headers.
#[must_use]
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value. `max_age` 0 deletes the cookie.
#[must_use]
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, http_only: bool, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("bd_invalid=; Max-Age=0"))
}

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A browser session.
    Session,
    /// An API token.
    Token,
    /// HTTP Basic (user name and password on each request, as DHIS2 clients send them).
    Basic,
}

/// The caller, resolved by [`guard`].
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user, if logged in.
    pub user: Option<User>,
    /// How.
    pub via: Option<Via>,
    /// The CSRF token to put in forms.
    pub csrf: String,
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// DHIS2's personal access token header: `Authorization: ApiToken <token>`.
fn api_token(headers: &HeaderMap) -> Option<&str> {
    headers.get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("ApiToken ").map(str::trim)
}

/// `Authorization: Basic …` as (user name, password); `None` when absent, `Some(Err)` when
/// unreadable.
fn basic(headers: &HeaderMap) -> Option<Result<(String, String), ()>> {
    use base64::Engine as _;
    let encoded = headers.get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("Basic ")?.trim();
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| ());
    Some(decoded.and_then(|bytes| {
        let text = String::from_utf8(bytes).map_err(|_| ())?;
        let (user, password) = text.split_once(':').ok_or(())?;
        Ok((user.to_owned(), password.to_owned()))
    }))
}

/// Checks an `ApiToken`. A valid token passes; an unknown one is counted against the client's
/// address like a wrong password, so that guessing meets the login form's throttle (429).
async fn check_api_token(state: &AppState, token: &str, addr: Option<SocketAddr>) -> Result<User, AppError> {
    let now = state.clock.now();
    if let Some(user) = state.store.token_user(&hash_secret(token), now).await? {
        return Ok(user);
    }
    let ip = addr.map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string());
    let key = format!("addr:{ip}");
    let keys = [(key.as_str(), state.settings.login_max_failures_per_address)];
    claim_attempt(state, &keys).await?;
    attempt_failed(state, &keys).await?;
    Err(AppError::BadRequest("mã truy cập (ApiToken) không hợp lệ hoặc đã bị thu hồi".into()))
}

/// HTTP Basic (throttled as the login form is) or `ApiToken` (unknown tokens count against the
/// address) on `/api/…`; `None` when the request carries neither. No challenge is ever sent, so
/// browsers never keep Basic credentials to send on their own.
async fn dhis2_caller(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    addr: Option<SocketAddr>,
) -> Option<Result<(User, Via), Response>> {
    if !is_api(path) {
        return None;
    }
    if let Some(pair) = basic(headers) {
        let Ok((username, password)) = pair else {
            return Some(Err(unauthorized(
                path,
                AppError::BadRequest("tiêu đề Authorization: Basic không đọc được".into()),
            )));
        };
        return Some(
            check_login(state, &username, &password, addr)
                .await
                .map(|u| (u, Via::Basic))
                .map_err(|e| unauthorized(path, e)),
        );
    }
    let token = api_token(headers)?;
    Some(check_api_token(state, token, addr).await.map(|u| (u, Via::Token)).map_err(|e| unauthorized(path, e)))
}

fn unauthorized(path: &str, e: AppError) -> Response {
    let status = match e {
        AppError::TooManyRequests(_) => axum::http::StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        _ => axum::http::StatusCode::UNAUTHORIZED,
    };
    reject_with(path, e, status)
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// A refusal in the format of the path: DHIS2's `WebMessage` on its data value routes, the API's
/// JSON error elsewhere under `/api/`, a page otherwise.
fn reject(path: &str, e: AppError) -> Response {
    let status = e.status();
    reject_with(path, e, status)
}

/// As [`reject`], answering `status`.
fn reject_with(path: &str, e: AppError, status: axum::http::StatusCode) -> Response {
    if crate::exchange::dhis2::speaks_web_message(path) {
        crate::exchange::dhis2::early_refusal(status, &e)
    } else if is_api(path) {
        ApiError(e).into_response().map_status(status)
    } else {
        e.into_response()
    }
}

/// Resolves the caller and enforces CSRF; see the module documentation.
#[allow(clippy::too_many_lines, reason = "one pass per request: who is asking, body limits before login, CSRF")]
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let now = state.clock.now();

    let mut caller = Caller { user: None, via: None, csrf: String::new() };
    let addr = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    // DHIS2 clients' credentials, on the API only (see `dhis2_caller`).
    if let Some(found) = dhis2_caller(&state, &path, &parts.headers, addr).await {
        match found {
            Ok((user, via)) => {
                caller.user = Some(user);
                caller.via = Some(via);
            }
            Err(r) => return r,
        }
    } else if let Some(token) = bearer(&parts.headers).filter(|_| path != "/metrics") {
        // `/metrics` checks its own bearer token (not an API token).
        match state.store.token_user(&hash_secret(token), now).await {
            Ok(Some(user)) => {
                caller.user = Some(user);
                caller.via = Some(Via::Token);
            }
            Ok(None) => {
                return reject_with(
                    &path,
                    AppError::BadRequest("mã truy cập không hợp lệ hoặc đã bị thu hồi".into()),
                    axum::http::StatusCode::UNAUTHORIZED,
                );
            }
            Err(e) => return reject(&path, e.into()),
        }
    } else if let Some(session) = cookie(&parts.headers, SESSION_COOKIE) {
        match state.store.session_user(&hash_secret(&session), now).await {
            Ok(Some(user)) => {
                caller.user = Some(user);
                caller.via = Some(Via::Session);
            }
            Ok(None) => {}
            Err(e) => return reject(&path, e.into()),
        }
    }

    let existing_csrf = cookie(&parts.headers, CSRF_COOKIE).filter(|c| c.len() == 67 && c.starts_with("bd_"));
    let fresh_csrf = existing_csrf.is_none();
    caller.csrf = existing_csrf.unwrap_or_else(new_secret);

    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let exempt = matches!(caller.via, Some(Via::Token | Via::Basic)) || path == "/api/v1/auth/token";
    let mut body = body;
    // Before authentication, bodies are small (a login form, a token request): a large one is
    // refused from its declared length, or as soon as it passes the limit.
    if caller.user.is_none() && unsafe_method {
        let declared = parts
            .headers
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let too_large = || {
            AppError::TooLarge(format!(
                "Dữ liệu gửi lên khi chưa đăng nhập không được lớn hơn {}.",
                crate::uploads::size_text(MAX_ANONYMOUS_BODY_BYTES)
            ))
        };
        if declared.is_some_and(|n| n > MAX_ANONYMOUS_BODY_BYTES as u64) {
            return reject(&path, too_large());
        }
        match to_bytes(body, MAX_ANONYMOUS_BODY_BYTES).await {
            Ok(bytes) => body = Body::from(bytes),
            Err(_) => return reject(&path, too_large()),
        }
    }
    if unsafe_method && !exempt {
        let mut presented = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let is_form = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        // A file upload (multipart) cannot be read twice here: its form carries the token in
        // the action's query string instead.
        let is_multipart = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if presented.is_none() && is_multipart {
            presented = parts.uri.query().and_then(|q| form_field(q.as_bytes(), "_csrf"));
        }
        if presented.is_none() && is_form {
            let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
                return reject(&path, AppError::BadRequest("biểu mẫu quá lớn".into()));
            };
            presented = form_field(&bytes, "_csrf");
            body = Body::from(bytes);
        }
        if fresh_csrf || presented.as_deref() != Some(caller.csrf.as_str()) {
            return reject(
                &path,
                AppError::Forbidden(
                    "Yêu cầu bị từ chối vì thiếu mã chống giả mạo (CSRF) hoặc mã đã hết hạn. Hãy tải lại trang rồi thử lại."
                        .into(),
                ),
            );
        }
    }

    parts.extensions.insert(caller.clone());
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if fresh_csrf && !response.headers().contains_key("x-bd-csrf-set") {
        response.headers_mut().append(
            SET_COOKIE,
            set_cookie(CSRF_COOKIE, &caller.csrf, 60 * 60 * 24 * 30, true, state.settings.secure_cookies),
        );
    }
    response.headers_mut().remove("x-bd-csrf-set");
    response
}

/// The raw value of one field of a URL-encoded form (our tokens need no decoding).
fn form_field(body: &[u8], name: &str) -> Option<String> {
    std::str::from_utf8(body)
        .ok()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

trait MapStatus {
    fn map_status(self, status: axum::http::StatusCode) -> Response;
}

impl MapStatus for Response {
    fn map_status(mut self, status: axum::http::StatusCode) -> Response {
        *self.status_mut() = status;
        self
    }
}

fn caller_of(parts: &Parts) -> Caller {
    parts.extensions.get::<Caller>().cloned().unwrap_or(Caller { user: None, via: None, csrf: String::new() })
}

/// A logged-in user, for pages: otherwise a redirect to the login form.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        caller_of(parts).user.map(Self).ok_or(AppError::Unauthorized)
    }
}

/// A logged-in user, for the API: otherwise 401 as JSON.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        caller_of(parts).user.map(Self).ok_or_else(|| {
            let mut r = ApiError(AppError::BadRequest(
                "cần đăng nhập: gửi tiêu đề Authorization: Bearer <mã truy cập> (lấy mã tại POST /api/v1/auth/token)"
                    .into(),
            ))
            .into_response();
            *r.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            r
        })
    }
}

/// The caller as resolved by [`guard`], logged in or not.
impl FromRequestParts<AppState> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(caller_of(parts))
    }
}

/// Claims an attempt under each throttle key (see `Store::claim_login_attempt`), or refuses with
/// 429 and the minutes to wait.
pub(crate) async fn claim_attempt(state: &AppState, keys: &[(&str, i64)]) -> Result<(), AppError> {
    let now = state.clock.now();
    let window = Duration::minutes(state.settings.login_window_minutes);
    match state.store.claim_login_attempt(keys, now, window).await? {
        Claim::Granted => Ok(()),
        Claim::Throttled(until) => {
            let minutes = (until - now).num_minutes().max(0) + 1;
            Err(AppError::TooManyRequests(format!("Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau {minutes} phút.")))
        }
    }
}

/// Notes a failed attempt under the keys (a key at its limit waits longer each time).
pub(crate) async fn attempt_failed(state: &AppState, keys: &[(&str, i64)]) -> Result<(), AppError> {
    let window = Duration::minutes(state.settings.login_window_minutes);
    Ok(state.store.login_failed(keys, state.clock.now(), window).await?)
}

/// Checks a password against a stored hash on a blocking thread (Argon2 is slow on purpose).
pub(crate) async fn verify_password(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || passwords::verify(&password, &hash)).await.unwrap_or(false)
}

/// Checks a user name and password with throttling. Attempts are counted per (user name,
/// address) and per address, atomically, before the password is checked; a stranger's wrong
/// passwords from another address never lock the owner out.
pub async fn check_login(
    state: &AppState,
    username: &str,
    password: &str,
    addr: Option<SocketAddr>,
) -> Result<User, AppError> {
    let name = username.trim().to_lowercase();
    let ip = addr.map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string());
    let pair_key = format!("login:{name}@{ip}");
    let addr_key = format!("addr:{ip}");
    let keys = [
        (pair_key.as_str(), state.settings.login_max_failures),
        (addr_key.as_str(), state.settings.login_max_failures_per_address),
    ];
    claim_attempt(state, &keys).await?;
    let found = state.store.user_for_login(username.trim()).await?;
    let ok = if let Some((user, hash)) = &found {
        verify_password(password, hash).await && user.active
    } else {
        let _ = verify_password(password, &state.dummy_hash).await;
        false
    };
    if ok && let Some((user, _)) = found {
        state.store.login_succeeded(&pair_key).await?;
        state.store.login_attempt_returned(&addr_key).await?;
        return Ok(user);
    }
    attempt_failed(state, &keys).await?;
    Err(AppError::Forbidden("Tên đăng nhập hoặc mật khẩu không đúng.".into()))
}

/// The client address, when the server was started with connection info.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<SocketAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}
