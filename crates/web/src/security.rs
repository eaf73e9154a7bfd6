//! Security headers on every response: a strict Content-Security-Policy (only our own scripts and
//! styles, all embedded in the binary), no framing, no MIME sniffing, no referrer leaks; and the
//! time limit of a whole request.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::{ApiError, AppError};

/// The Content-Security-Policy.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
                       form-action 'self'; frame-ancestors 'none'";

/// Adds the headers.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    if !h.contains_key("cache-control") {
        h.insert("cache-control", HeaderValue::from_static("no-store"));
    }
    response
}

/// Bounds a request in time, reading its body included (`request_timeout_secs`): a client that
/// trickles a body, or a request stuck behind a lock, gets a 503 instead of holding a worker.
pub async fn timeout(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let limit = std::time::Duration::from_secs(state.settings.request_timeout_secs);
    if let Ok(response) = tokio::time::timeout(limit, next.run(request)).await {
        response
    } else {
        let e = AppError::Busy(format!(
            "Yêu cầu không xong trong {} giây nên đã dừng. Hãy thử lại.",
            state.settings.request_timeout_secs
        ));
        if api { ApiError(e).into_response() } else { e.into_response() }
    }
}
