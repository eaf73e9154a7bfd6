//! The public portal (`/public`, no login): the Strategy's indicators from approved data only,
//! a page per indicator (definition, formula, source, targets, status, the national series and
//! the series by province) and its CSV in Open SDG's tidy layout (`Year`, disaggregation
//! columns, `Value`). Answers carry an `ETag` and `Cache-Control`, so that a reverse proxy can
//! serve them to any number of readers.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use binhdang_app::analytics::answer;
use binhdang_app::dashboard::{IndicatorRow, by_province, indicator_rows};

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::Path;
use crate::i18n::Lang;
use crate::page::Page;

/// How long a proxy may keep an answer.
const MAX_AGE_SECS: u32 = 60;

/// An answer with its validator: 304 when the client already holds it. The validator ignores
/// the visitor's own form token (the language switch's), which is the only part of a public page
/// that differs from one visitor to the next.
fn cached(headers: &HeaderMap, token: &str, content_type: &'static str, body: String) -> Response {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    if token.is_empty() {
        body.hash(&mut hasher);
    } else {
        body.replace(token, "").hash(&mut hasher);
    }
    let etag = format!("\"{:016x}\"", hasher.finish());
    let fresh = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v == etag);
    let mut response = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { body.into_response() };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={MAX_AGE_SECS}")) {
        h.insert(header::CACHE_CONTROL, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Cookie"));
    response
}

/// An indicator as listed.
pub struct Item {
    code: String,
    name: String,
    latest: String,
    target: String,
    status: &'static str,
    status_class: &'static str,
}

fn item(lang: Lang, r: &IndicatorRow) -> Item {
    let i = &r.indicator;
    let suffix = i.unit.suffix();
    Item {
        code: i.code.clone(),
        name: if lang == Lang::En && !i.name_en.is_empty() { i.name_en.clone() } else { i.name.clone() },
        latest: r.latest.map(|(y, v)| format!("{}{suffix} ({y})", crate::page::vn_tenths(v))).unwrap_or_default(),
        target: r
            .target
            .map(|(y, v)| format!("{}{}{suffix} ({y})", i.direction.sign(), crate::page::vn_tenths(v)))
            .unwrap_or_default(),
        status: lang.pick(r.progress.label_vi(), r.progress.label_en()),
        status_class: crate::dashboard::status_class(r.progress),
    }
}

/// A public page: the shell (whose header depends on the visitor) around a body computed once
/// per change of the data and language.
#[derive(Template)]
#[template(path = "public/page.html")]
struct PublicPage {
    page: Page,
    title: String,
    body: std::sync::Arc<String>,
}

#[derive(Template)]
#[template(path = "public/index_body.html")]
struct Index {
    page: Page,
    items: Vec<Item>,
}

/// `GET /public`.
pub async fn index(State(state): State<AppState>, page: Page, headers: HeaderMap) -> PageResult<Response> {
    let body = answer(&state, format!("public|{}", page.lang.code()), || async {
        let rows = indicator_rows(&state).await?;
        let items = rows.iter().map(|r| item(page.lang, r)).collect();
        Ok::<_, AppError>(Index { page: page.clone(), items }.render()?)
    })
    .await?;
    let token = page.csrf.clone();
    let title = page.t.public_title.to_owned();
    let html = PublicPage { page, title, body }.render()?;
    Ok(cached(&headers, &token, "text/html; charset=utf-8", html))
}

#[derive(Template)]
#[template(path = "public/indicator_body.html")]
struct Show {
    page: Page,
    item: Item,
    definition: String,
    source: String,
    formula: String,
    targets: Vec<(i32, String)>,
    series: Vec<(i32, String)>,
    provinces: Vec<(String, i32, String)>,
    chart: String,
}

async fn row_of(state: &AppState, code: &str) -> Result<IndicatorRow, AppError> {
    indicator_rows(state)
        .await?
        .into_iter()
        .find(|r| r.indicator.code == code)
        .ok_or_else(|| AppError::NotFound(format!("không có chỉ tiêu {code}")))
}

/// `GET /public/indicators/{code}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PageResult<Response> {
    let body = answer(&state, format!("public|{}|{code}", page.lang.code()), || show_body(&state, page.clone(), &code))
        .await?;
    let token = page.csrf.clone();
    let title = format!("{code} · {}", page.t.public_title);
    let html = PublicPage { page, title, body }.render()?;
    Ok(cached(&headers, &token, "text/html; charset=utf-8", html))
}

/// The body of an indicator's page.
async fn show_body(state: &AppState, page: Page, code: &str) -> PageResult<String> {
    let r = row_of(state, code).await?;
    let provinces = by_province(state, &r.indicator).await?;
    let lang = page.lang;
    let i = &r.indicator;
    let suffix = i.unit.suffix();
    let formula = i.formula.as_ref().map_or_else(String::new, |f| match &f.denominator {
        Some(d) => format!("{} / {d} × {}", f.numerator, crate::page::vn_tenths(f.factor)),
        None => format!("{} × {}", f.numerator, crate::page::vn_tenths(f.factor)),
    });
    let chart = serde_json::json!({
        "kind": "line",
        "labels": r.series.iter().map(|(y, _)| y.to_string()).collect::<Vec<_>>(),
        "values": r.series.iter().map(|(_, v)| (v * 10.0).round() / 10.0).collect::<Vec<_>>(),
        "unit": suffix,
    })
    .to_string();
    Ok(Show {
        definition: if lang == Lang::En && !i.name_en.is_empty() { i.name_en.clone() } else { i.name.clone() },
        source: i.source.clone(),
        formula,
        targets: i
            .targets
            .iter()
            .map(|t| (t.year, format!("{}{}{suffix}", i.direction.sign(), crate::page::vn_tenths(t.value))))
            .collect(),
        series: r.series.iter().map(|(y, v)| (*y, format!("{}{suffix}", crate::page::vn_tenths(*v)))).collect(),
        provinces: provinces
            .into_iter()
            .map(|(_, name, y, v)| (name, y, format!("{}{suffix}", crate::page::vn_tenths(v))))
            .collect(),
        chart,
        item: item(lang, &r),
        page,
    }
    .render()?)
}

/// `GET /public/indicators/{code}/data.csv`: Open SDG's tidy layout — `Year`, the
/// disaggregation (`Province`, empty on the national rows), `Value`.
pub async fn csv(State(state): State<AppState>, headers: HeaderMap, Path(code): Path<String>) -> PageResult<Response> {
    let out = answer(&state, format!("public-csv|{code}"), || csv_body(&state, &code)).await?;
    Ok(cached(&headers, "", "text/csv; charset=utf-8", out.as_ref().clone()))
}

/// The CSV of an indicator.
async fn csv_body(state: &AppState, code: &str) -> PageResult<String> {
    let r = row_of(state, code).await?;
    let mut out = String::from("Year,Province,Value\n");
    for (y, v) in &r.series {
        let _ = writeln!(out, "{y},,{}", binhdang_core::reporting::format_number((v * 100.0).round() / 100.0));
    }
    for (_, name, y, v) in by_province(state, &r.indicator).await? {
        let name = if name.contains([',', '"']) { format!("\"{}\"", name.replace('"', "\"\"")) } else { name };
        let _ = writeln!(out, "{y},{name},{}", binhdang_core::reporting::format_number((v * 100.0).round() / 100.0));
    }
    Ok(out)
}
