//! The national overview (`/dashboard`): the Strategy's indicators against their targets with
//! their progress status, and the completeness of the yearly report by province, live — the page
//! listens to `/dashboard/events` and redraws its body when a report changes anywhere. The use
//! cases are `binhdang_app::dashboard`. The other dashboards: provinces compared on an indicator
//! (`compare`), an area's page (`unit`), the completeness heat map (`heat`), and their JSON twins
//! (`api`); every table exports to Excel.

pub mod api;
pub mod compare;
pub mod heat;
pub mod unit;

use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use binhdang_app::dashboard::{IndicatorRow, Overview};
use binhdang_core::progress::Progress;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::PageResult;
use crate::extract::Query;
use crate::i18n::Lang;
use crate::page::Page;

/// An indicator as the page shows it.
pub struct Row {
    code: String,
    name: String,
    latest: String,
    base: String,
    target_2025: String,
    target_2030: String,
    status: &'static str,
    status_class: &'static str,
}

/// A province's completeness.
pub struct ProvinceRow {
    code: String,
    name: String,
    received: usize,
    expected: usize,
    rate: String,
}

fn number(v: f64, suffix: &str) -> String {
    format!("{}{suffix}", crate::page::vn_tenths(v))
}

pub(crate) fn status_class(p: Progress) -> &'static str {
    match p {
        Progress::TargetAchieved | Progress::Substantial => "st-ok",
        Progress::Moderate => "st-draft",
        Progress::Limited => "st-returned",
        Progress::Deterioration => "st-bad",
        Progress::NotAvailable => "st-none",
    }
}

fn row(lang: Lang, r: &IndicatorRow) -> Row {
    let i = &r.indicator;
    let suffix = i.unit.suffix();
    let point = |p: Option<(i32, f64)>| p.map(|(y, v)| format!("{} ({y})", number(v, suffix))).unwrap_or_default();
    Row {
        code: i.code.clone(),
        name: if lang == Lang::En && !i.name_en.is_empty() { i.name_en.clone() } else { i.name.clone() },
        latest: point(r.latest),
        base: point(r.base),
        target_2025: i.target(2025).map(|v| format!("{}{}", i.direction.sign(), number(v, suffix))).unwrap_or_default(),
        target_2030: i.target(2030).map(|v| format!("{}{}", i.direction.sign(), number(v, suffix))).unwrap_or_default(),
        status: lang.pick(r.progress.label_vi(), r.progress.label_en()),
        status_class: status_class(r.progress),
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    page: Page,
    body: &'a str,
}

#[derive(Template)]
#[template(path = "dashboard_body.html")]
struct DashboardBody {
    page: Page,
    rows: Vec<Row>,
    counts: Vec<(&'static str, &'static str, usize)>,
    period: String,
    national: String,
    national_counts: (usize, usize),
    provinces: Vec<ProvinceRow>,
    chart: String,
}

fn body(page: Page, o: &Overview) -> Result<String, askama::Error> {
    let lang = page.lang;
    let rows: Vec<Row> = o.indicators.iter().map(|r| row(lang, r)).collect();
    let counts = [
        Progress::TargetAchieved,
        Progress::Substantial,
        Progress::Moderate,
        Progress::Limited,
        Progress::Deterioration,
        Progress::NotAvailable,
    ]
    .into_iter()
    .map(|p| {
        (
            lang.pick(p.label_vi(), p.label_en()),
            status_class(p),
            o.indicators.iter().filter(|r| r.progress == p).count(),
        )
    })
    .filter(|(_, _, n)| *n > 0)
    .collect();
    let provinces: Vec<ProvinceRow> = o
        .provinces
        .iter()
        .map(|a| ProvinceRow {
            code: a.unit_code.clone(),
            name: a.unit_name.clone(),
            received: a.counts.received,
            expected: a.counts.expected,
            rate: number(a.rate * 100.0, " %"),
        })
        .collect();
    let chart = serde_json::json!({
        "kind": "bar",
        "title": lang.tr().dash_completeness,
        "labels": o.provinces.iter().map(|a| a.unit_name.clone()).collect::<Vec<_>>(),
        "values": o.provinces.iter().map(|a| (a.rate * 1000.0).round() / 10.0).collect::<Vec<_>>(),
        "unit": "%",
        "png": lang.tr().dx_png,
        "file": format!("ty-le-nop-bao-cao-{}", o.period),
    })
    .to_string();
    DashboardBody {
        rows,
        counts,
        period: o.period.clone(),
        national: o.national.as_ref().map(|n| number(n.rate * 100.0, " %")).unwrap_or_default(),
        national_counts: o.national.as_ref().map_or((0, 0), |n| (n.counts.received, n.counts.expected)),
        provinces,
        chart,
        page,
    }
    .render()
}

/// Which part of the page.
#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    part: Option<String>,
}

/// `GET /dashboard` (`?part=body`: only the part that changes, for the live update).
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<DashboardQuery>,
) -> PageResult<Html<String>> {
    let inner = binhdang_app::dashboard::overview_drawn(&state, &user, page.lang.code(), |o| {
        body(page.clone(), o).map_err(crate::error::AppError::from)
    })
    .await?;
    if q.part.as_deref() == Some("body") {
        return Ok(Html(inner.as_ref().clone()));
    }
    Ok(Html(DashboardPage { page, body: inner.as_str() }.render()?))
}

/// `GET /dashboard/events`: a server-sent event each time a report changes (saved, sent,
/// approved…) on any server, checked every half second; the page then redraws its body.
pub async fn events(State(state): State<AppState>, CurrentUser(_user): CurrentUser) -> Response {
    let store = state.store.clone();
    let start = store.last_report_change().await.unwrap_or(0);
    let stream = futures_util::stream::unfold((store, start), |(store, mut seen)| async move {
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let now = store.last_report_change().await.unwrap_or(seen);
            if now != seen {
                seen = now;
                let event: Result<Event, Infallible> = Ok(Event::default().event("changed").data(now.to_string()));
                return Some((event, (store, seen)));
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}

/// The overview as two sheets: the indicators with their status, the completeness by province.
fn sheets(lang: Lang, o: &Overview) -> Vec<binhdang_office::xlsx::Sheet> {
    use binhdang_office::xlsx::{Cell, Sheet};
    let t = lang.tr();
    let point = |p: Option<(i32, f64)>| p.map_or(Cell::Empty, |(_, v)| Cell::Number((v * 100.0).round() / 100.0));
    let year = |p: Option<(i32, f64)>| p.map_or(Cell::Empty, |(y, _)| Cell::Integer(i64::from(y)));
    let indicators = Sheet {
        title: t.dx_indicator.to_owned(),
        caption: vec![t.dash_title.to_owned()],
        headers: vec![
            t.dx_indicator.to_owned(),
            t.dash_base.to_owned(),
            format!("{} ({})", t.dash_base, t.dx_year),
            t.dash_latest.to_owned(),
            format!("{} ({})", t.dash_latest, t.dx_year),
            format!("{} 2025", t.dash_target),
            format!("{} 2030", t.dash_target),
            t.status.to_owned(),
        ],
        rows: o
            .indicators
            .iter()
            .map(|r| {
                let i = &r.indicator;
                vec![
                    Cell::Text(if lang == Lang::En && !i.name_en.is_empty() {
                        i.name_en.clone()
                    } else {
                        i.name.clone()
                    }),
                    point(r.base),
                    year(r.base),
                    point(r.latest),
                    year(r.latest),
                    i.target(2025).map_or(Cell::Empty, Cell::Number),
                    i.target(2030).map_or(Cell::Empty, Cell::Number),
                    Cell::Text(lang.pick(r.progress.label_vi(), r.progress.label_en()).to_owned()),
                ]
            })
            .collect(),
    };
    let provinces = Sheet {
        title: t.dx_province.to_owned(),
        caption: vec![format!("{} {}", t.dash_completeness, o.period)],
        headers: vec![t.dx_province.to_owned(), t.report_col_received.to_owned(), t.completeness.to_owned()],
        rows: o
            .provinces
            .iter()
            .map(|a| {
                vec![
                    Cell::Text(a.unit_name.clone()),
                    Cell::Text(format!("{}/{}", a.counts.received, a.counts.expected)),
                    Cell::Number((a.rate * 1000.0).round() / 10.0),
                ]
            })
            .collect(),
    };
    vec![indicators, provinces]
}

/// `GET /dashboard/export.xlsx`: the overview's tables.
pub async fn export(State(state): State<AppState>, page: Page, CurrentUser(user): CurrentUser) -> PageResult<Response> {
    let o = binhdang_app::dashboard::overview(&state, &user).await?;
    compare::xlsx(&state, sheets(page.lang, &o), &format!("tong-quan-{}.xlsx", o.period)).await
}
