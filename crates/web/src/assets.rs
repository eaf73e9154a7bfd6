//! Static assets, embedded in the binary so the application works on an intranet without
//! internet. The stylesheet and script are ours; htmx and ECharts are vendored unchanged from npm
//! under `assets/vendor/`, whose `VERSIONS` records each file's version and checksum
//! (`scripts/vendor-assets.sh` refreshes and checks them).

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const FILES: &[(&str, &str, &[u8])] = &[
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../assets/app.js")),
    ("htmx.min.js", "text/javascript; charset=utf-8", include_bytes!("../assets/vendor/htmx.min.js")),
    ("echarts.min.js", "text/javascript; charset=utf-8", include_bytes!("../assets/vendor/echarts.min.js")),
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
