//! `/dashboard/units/{code}`: an area's page — its indicators against its own plans' targets,
//! its periodic reports, its agencies' tasks.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use binhdang_app::dashboard::{UnitPage, unit_page};
use binhdang_core::reporting::Status;

use super::status_class;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::PageResult;
use crate::extract::Path;
use crate::i18n::Lang;
use crate::page::{Page, vn_tenths};

struct IndicatorRow {
    code: String,
    name: String,
    latest: String,
    local: String,
    national: String,
    status: &'static str,
    status_class: &'static str,
}

struct ReportRow {
    form: String,
    form_name: String,
    period: String,
    status: &'static str,
    status_class: &'static str,
    below: String,
}

#[derive(Template)]
#[template(path = "dashboard/unit.html")]
struct UnitTemplate {
    page: Page,
    code: String,
    name: String,
    kind: &'static str,
    parent: String,
    indicators: Vec<IndicatorRow>,
    plans: Vec<(i64, String, &'static str)>,
    reports: Vec<ReportRow>,
    tasks: Vec<(&'static str, usize)>,
    total: usize,
    overdue: usize,
    chart: String,
}

pub(crate) fn report_class(s: Status) -> &'static str {
    match s {
        Status::ChuaNhap => "st-none",
        Status::DangNhap => "st-draft",
        Status::DaGui => "st-sent",
        Status::DaDuyet => "st-ok",
        Status::TraLai => "st-returned",
        Status::MienNop => "st-waived",
    }
}

fn render(page: Page, u: &UnitPage) -> Result<String, askama::Error> {
    let lang = page.lang;
    let t = lang.tr();
    let point = |p: Option<(i32, f64)>, suffix: &str, sign: &str| {
        p.map(|(y, v)| format!("{sign}{}{suffix} ({y})", vn_tenths(v))).unwrap_or_default()
    };
    let indicators = u
        .indicators
        .iter()
        .map(|i| IndicatorRow {
            code: i.code.clone(),
            name: if lang == Lang::En && !i.name_en.is_empty() { i.name_en.clone() } else { i.name.clone() },
            latest: point(i.latest, &i.suffix, ""),
            local: point(i.local_target, &i.suffix, &i.sign),
            national: point(i.national_target, &i.suffix, &i.sign),
            status: lang.pick(i.progress.label_vi(), i.progress.label_en()),
            status_class: status_class(i.progress),
        })
        .collect();
    let reports = u
        .reports
        .iter()
        .map(|r| ReportRow {
            form: r.form.clone(),
            form_name: lang.pick(&r.form_name, &r.form_name_en).to_owned(),
            period: r.period.clone(),
            status: lang.pick(r.status.label_vi(), r.status.label_en()),
            status_class: report_class(r.status),
            below: if r.expected == 0 { String::new() } else { format!("{}/{}", r.received, r.expected) },
        })
        .collect();
    let tasks: Vec<(&'static str, usize)> =
        u.tasks.iter().map(|c| (lang.pick(c.status.label_vi(), c.status.label_en()), c.count)).collect();
    let chart = serde_json::json!({
        "kind": "bar",
        "title": format!("{} · {}", t.dx_tasks_chart, u.name),
        "labels": tasks.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        "values": tasks.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
        "unit": "",
        "png": t.dx_png,
        "file": format!("nhiem-vu-{}", u.code),
    })
    .to_string();
    UnitTemplate {
        code: u.code.clone(),
        name: u.name.clone(),
        kind: lang.pick(u.kind.label_vi(), u.kind.label_en()),
        parent: u.parent.clone().unwrap_or_default(),
        indicators,
        plans: u
            .plans
            .iter()
            .map(|p| (p.id, p.title.clone(), if p.issued { t.dx_issued } else { t.dx_draft }))
            .collect(),
        reports,
        total: u.tasks.iter().map(|c| c.count).sum(),
        tasks,
        overdue: u.overdue,
        chart,
        page,
    }
    .render()
}

/// `GET /dashboard/units/{code}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(code): Path<String>,
) -> PageResult<Html<String>> {
    let u = unit_page(&state, &user, &code).await?;
    Ok(Html(render(page, &u)?))
}
