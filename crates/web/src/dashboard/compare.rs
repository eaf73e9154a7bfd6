//! `/dashboard/provinces`: the provinces ranked on one indicator, with a bar chart and a map of
//! points, on the 2021 map or today's; `export.xlsx` gives the ranking table.

use askama::Template;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use binhdang_app::dashboard::{Comparison, MapChoice, compare};
use binhdang_core::FieldError;
use binhdang_office::xlsx::{Cell, Sheet};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::extract::Query;
use crate::i18n::Lang;
use crate::page::{Page, vn_tenths};

/// What the page and its export take.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// The indicator's code (default: the first of the catalog with a formula).
    pub indicator: Option<String>,
    /// `2021` (63 provinces) or `today` (34; the default).
    pub map: Option<String>,
    /// A year (default: each province's latest).
    pub year: Option<String>,
}

/// Reads the year field.
pub(crate) fn year_of(text: Option<&str>) -> Result<Option<i32>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t.parse::<i32>().map(Some).map_err(|_| {
            AppError::Invalid(vec![FieldError::new("year", format!("năm \"{t}\" không phải một số năm"))])
        }),
    }
}

/// The indicators that can be compared: (code, name in the page's language).
async fn choices(state: &AppState, lang: Lang) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .store
        .indicators(false)
        .await
        .map_err(binhdang_app::Error::from)?
        .into_iter()
        .filter(|s| s.indicator.formula.is_some())
        .map(|s| {
            let i = s.indicator;
            let name = if lang == Lang::En && !i.name_en.is_empty() { i.name_en } else { i.name };
            (i.code, name)
        })
        .collect())
}

/// Runs the comparison the query asks for.
pub(crate) async fn run(
    state: &AppState,
    user: &binhdang_core::users::User,
    q: &CompareQuery,
    lang: Lang,
) -> Result<(Comparison, Vec<(String, String)>), AppError> {
    let indicators = choices(state, lang).await?;
    let code = match q.indicator.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => c.to_owned(),
        None => indicators.first().map(|(c, _)| c.clone()).unwrap_or_default(),
    };
    let map = MapChoice::parse(q.map.as_deref())?;
    let year = year_of(q.year.as_deref())?;
    Ok((compare(state, user, &code, map, year).await?, indicators))
}

/// A ranked province as the page shows it.
struct Row {
    code: String,
    name: String,
    value: String,
    year: String,
    rank: String,
    readable: bool,
}

#[derive(Template)]
#[template(path = "dashboard/provinces.html")]
struct ProvincesPage {
    page: Page,
    indicators: Vec<(String, String)>,
    indicator: String,
    title: String,
    map: &'static str,
    year: String,
    years: Vec<i32>,
    rows: Vec<Row>,
    bar: String,
    points: String,
    export: String,
    with_value: usize,
}

fn name_of(lang: Lang, c: &Comparison) -> String {
    if lang == Lang::En && !c.name_en.is_empty() { c.name_en.clone() } else { c.name.clone() }
}

/// `GET /dashboard/provinces`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<CompareQuery>,
) -> PageResult<Html<String>> {
    let lang = page.lang;
    let (c, indicators) = run(&state, &user, &q, lang).await?;
    let t = lang.tr();
    let title = name_of(lang, &c);
    let ranked: Vec<_> = c.rows.iter().filter(|r| r.value.is_some()).collect();
    let map_word = if c.map == MapChoice::Map2021 { t.dx_map_2021 } else { t.dx_map_today };
    let file = format!("{}-{}", c.indicator, c.map.as_str());
    let bar = serde_json::json!({
        "kind": "bar",
        "title": format!("{title} · {map_word}"),
        "labels": ranked.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
        "values": ranked.iter().map(|r| r.value.map(|v| (v * 10.0).round() / 10.0)).collect::<Vec<_>>(),
        "unit": c.suffix,
        "png": t.dx_png,
        "file": format!("xep-hang-{file}"),
    })
    .to_string();
    let points = serde_json::json!({
        "kind": "points",
        "title": format!("{title} · {map_word}"),
        "points": c.rows.iter().filter(|r| r.lat.is_some()).map(|r| serde_json::json!({
            "name": r.name,
            "lat": r.lat,
            "lon": r.lon,
            "value": r.value.map(|v| (v * 10.0).round() / 10.0),
        })).collect::<Vec<_>>(),
        "unit": c.suffix,
        "none": t.dx_no_value,
        "png": t.dx_png,
        "file": format!("ban-do-{file}"),
    })
    .to_string();
    let rows = c
        .rows
        .iter()
        .map(|r| Row {
            code: r.code.clone(),
            name: r.name.clone(),
            value: r.value.map(|v| format!("{}{}", vn_tenths(v), c.suffix)).unwrap_or_default(),
            year: r.year.map(|y| y.to_string()).unwrap_or_default(),
            rank: r.rank.map(|n| n.to_string()).unwrap_or_default(),
            readable: r.readable && c.map == MapChoice::Today,
        })
        .collect();
    let today = chrono::Datelike::year(&state.clock.today());
    let year_part = c.year.map(|y| format!("&year={y}")).unwrap_or_default();
    let export =
        format!("/dashboard/provinces/export.xlsx?indicator={}&map={}{year_part}", c.indicator, c.map.as_str());
    Ok(Html(
        ProvincesPage {
            indicators,
            indicator: c.indicator.clone(),
            title,
            map: c.map.as_str(),
            year: c.year.map(|y| y.to_string()).unwrap_or_default(),
            years: (2015..=today).rev().collect(),
            with_value: ranked.len(),
            rows,
            bar,
            points,
            export,
            page,
        }
        .render()?,
    ))
}

/// The ranking as a sheet.
pub(crate) fn sheet(lang: Lang, c: &Comparison) -> Sheet {
    let t = lang.tr();
    let map_word = if c.map == MapChoice::Map2021 { t.dx_map_2021 } else { t.dx_map_today };
    Sheet {
        title: t.dx_ranking.to_owned(),
        caption: vec![format!("{} ({})", name_of(lang, c), c.indicator), format!("{}: {map_word}", t.dx_map)],
        headers: vec![
            t.dx_rank.to_owned(),
            t.dx_province.to_owned(),
            format!("{}{}", t.dx_value, if c.suffix.is_empty() { String::new() } else { format!(" ({})", c.suffix) }),
            t.dx_year.to_owned(),
        ],
        rows: c
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.rank.map_or(Cell::Empty, |n| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))),
                    Cell::Text(r.name.clone()),
                    r.value.map_or(Cell::Empty, |v| Cell::Number((v * 100.0).round() / 100.0)),
                    r.year.map_or(Cell::Empty, |y| Cell::Integer(i64::from(y))),
                ]
            })
            .collect(),
    }
}

/// An `.xlsx` download.
pub(crate) async fn xlsx(state: &AppState, sheets: Vec<Sheet>, file: &str) -> PageResult<Response> {
    let bytes = crate::uploads::heavy(state, move || binhdang_office::xlsx::write(&sheets))
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /dashboard/provinces/export.xlsx`.
pub async fn export(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<CompareQuery>,
) -> PageResult<Response> {
    let (c, _) = run(&state, &user, &q, page.lang).await?;
    let file = format!("xep-hang-{}-{}.xlsx", c.indicator, c.map.as_str());
    xlsx(&state, vec![sheet(page.lang, &c)], &file).await
}
