//! Static assets, embedded in the binary so the application works on an intranet without
//! internet. htmx comes from npm (pinned by `web/package-lock.json`) and is copied in by the
//! build script; the stylesheet and script are ours.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const FILES: &[(&str, &str, &[u8])] = &[
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../assets/app.js")),
    ("htmx.min.js", "text/javascript; charset=utf-8", include_bytes!(concat!(env!("OUT_DIR"), "/htmx.min.js"))),
];

/// `GET /static/{file}`.
pub async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, mime, bytes)) => {
            ([(CONTENT_TYPE, *mime), (CACHE_CONTROL, "public, max-age=3600")], *bytes).into_response()
        }
        None => AppError::NotFound(format!("Không có tệp {name}.")).into_response(),
    }
}
