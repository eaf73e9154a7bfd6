//! The yearly report's pages: `/reports/yearly` (choose an area and a year) and
//! `/reports/yearly/{unit}/{year}` (the draft, printable, with its downloads); a year without a
//! report that counts shows the message in place of the draft.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use binhdang_core::FieldError;
use binhdang_core::users::User;

use super::document::{change, compose, item_line, sheets, sources_line, sources_line_en};
use super::{Options, YearlyReport, check_code, load, may_see_unapproved, number, parse_year};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use crate::page::{Page, see_other};

/// What the form sends.
#[derive(Debug, Default, Deserialize)]
pub struct YearlyQuery {
    unit: Option<String>,
    year: Option<String>,
    unapproved: Option<String>,
    number: Option<String>,
    date: Option<String>,
}

impl YearlyQuery {
    fn unapproved(&self) -> bool {
        self.unapproved.as_deref().is_some_and(|v| matches!(v, "1" | "on" | "true"))
    }

    /// The query that carries the options on to the downloads and the next form.
    fn options_query(&self) -> String {
        let mut parts = Vec::new();
        if self.unapproved() {
            parts.push("unapproved=1".to_owned());
        }
        for (name, value) in [("number", &self.number), ("date", &self.date)] {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                let encoded: String = v
                    .bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || b == b'-' {
                            char::from(b).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect();
                parts.push(format!("{name}={encoded}"));
            }
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

/// A line of a group's table, ready to show.
pub struct RowView {
    stt: String,
    name: String,
    previous: String,
    current: String,
    change: String,
    part: bool,
}

/// A task group, ready to show.
pub struct GroupView {
    heading: String,
    summary: String,
    notes: Vec<String>,
    rows: Vec<RowView>,
}

/// An indicator, ready to show.
pub struct IndicatorView {
    name: String,
    value: String,
    target_2025: String,
    target_2030: String,
    progress: &'static str,
    progress_class: &'static str,
}

/// The draft, ready to show.
pub struct ReportView {
    title: String,
    marked: bool,
    issuer: String,
    superior: String,
    addressee: String,
    code_line: String,
    sources: String,
    counted: Vec<(String, String, &'static str)>,
    groups: Vec<GroupView>,
    indicators: Vec<IndicatorView>,
    difficulties: Vec<String>,
    proposals: Vec<String>,
    docx: String,
    xlsx: String,
}

#[derive(Template)]
#[template(path = "yearly/show.html")]
struct Show {
    page: Page,
    areas: Vec<(String, String)>,
    years: Vec<i32>,
    unit: String,
    year: i32,
    unapproved: bool,
    may_unapproved: bool,
    number: String,
    date: String,
    errors: Vec<FieldError>,
    message: String,
    report: Option<ReportView>,
    area_name: String,
}

impl Show {
    fn error(&self, field: &str) -> String {
        crate::page::field_error(&self.errors, field)
    }
}

/// The year whose reports were last due: the administrative year before the current one.
fn last_year(state: &AppState) -> i32 {
    binhdang_core::activities::period_year(state.clock.today()) - 1
}

/// The areas to choose from on the year's map: the user's own area and the areas directly under
/// it, and the one asked for when it lies elsewhere in the user's reach.
async fn area_choices(
    state: &AppState,
    user: &User,
    year: i32,
    asked: &str,
) -> Result<Vec<(String, String)>, AppError> {
    let on = chrono::NaiveDate::from_ymd_opt(year, 12, 14).unwrap_or_else(|| state.clock.today());
    let agency = state.store.unit(user.agency_id).await?;
    let home_code = state.store.unit(agency.scope_area()).await?.code;
    let mut areas = Vec::new();
    if let Some(home) = state.store.unit_by_code(&home_code, on).await? {
        areas.push((home.code.clone(), home.name.clone()));
        for child in state.store.children(home.id, on).await? {
            if child.kind.is_area() {
                areas.push((child.code, child.name));
            }
        }
    }
    if !asked.is_empty()
        && !areas.iter().any(|(c, _)| c == asked)
        && let Some(u) = state.store.unit_by_code(asked, on).await?
    {
        areas.push((u.code, u.name));
    }
    Ok(areas)
}

/// The draft as the page shows it.
fn view(lang: Lang, r: &YearlyReport, options_query: &str) -> ReportView {
    let pick = |vi: &str, en: &str| lang.pick(vi, en).to_owned();
    let value = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), number);
    let groups = r
        .groups
        .iter()
        .map(|g| {
            let mut n = 0;
            GroupView {
                heading: format!("{}. {}", g.number, lang.pick(g.title_vi, g.title_en)),
                summary: pick(&g.summary_vi, &g.summary_en),
                notes: g.notes.iter().map(item_line).collect(),
                rows: g
                    .lines
                    .iter()
                    .map(|l| RowView {
                        stt: if l.is_part() {
                            String::new()
                        } else {
                            n += 1;
                            n.to_string()
                        },
                        name: pick(&l.name_vi, &l.name_en),
                        previous: value(l.previous),
                        current: value(l.current),
                        change: change(l),
                        part: l.is_part(),
                    })
                    .collect(),
            }
        })
        .collect();
    let target = |sign: &str, v: Option<f64>, suffix: &str| {
        v.map_or_else(|| "-".to_owned(), |v| format!("{sign} {}{suffix}", number(v)))
    };
    let indicators = r
        .indicators
        .iter()
        .map(|i| IndicatorView {
            name: pick(&i.name_vi, if i.name_en.is_empty() { &i.name_vi } else { &i.name_en }),
            value: format!("{}{}", number((i.value * 10.0).round() / 10.0), i.suffix),
            target_2025: target(&i.sign, i.target_2025, &i.suffix),
            target_2030: target(&i.sign, i.target_2030, &i.suffix),
            progress: lang.pick(i.progress.label_vi(), i.progress.label_en()),
            progress_class: i.progress.as_str(),
        })
        .collect();
    let h = &r.header;
    let base = format!("/reports/yearly/{}/{}", r.unit_code, r.year);
    ReportView {
        title: match lang {
            Lang::Vi => format!("Báo cáo {}", super::document::title(r.year).to_lowercase()),
            Lang::En => format!("Report on gender-equality work in {}", r.year),
        },
        marked: r.unapproved > 0,
        issuer: h.issuer.clone(),
        superior: h.superior.clone().unwrap_or_default(),
        addressee: h.addressee.clone(),
        code_line: binhdang_office::docx::number_line(h.number.as_deref(), &h.symbol),
        sources: if lang == Lang::En { sources_line_en(r) } else { sources_line(r) },
        counted: r
            .reports
            .iter()
            .map(|c| {
                let form = binhdang_core::reporting::form(&c.form)
                    .map_or_else(|_| c.form.clone(), |f| lang.pick(f.name_vi, f.name_en).to_owned());
                (c.unit_name.clone(), form, lang.pick(c.status.label_vi(), c.status.label_en()))
            })
            .collect(),
        groups,
        indicators,
        difficulties: r.difficulties.iter().map(item_line).collect(),
        proposals: r.proposals.iter().map(item_line).collect(),
        docx: format!("{base}/bao-cao.docx{options_query}"),
        xlsx: format!("{base}/so-lieu.xlsx{options_query}"),
    }
}

/// `GET /reports/yearly?unit=&year=`: the form; with an area and a year, on to the draft.
pub async fn choose(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<YearlyQuery>,
) -> PageResult<Response> {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    if let (Some(unit), Some(year)) = (given(&q.unit), given(&q.year)) {
        let (unit, year) = (check_code(&unit)?, parse_year(&year)?);
        return Ok(see_other(&format!("/reports/yearly/{unit}/{year}{}", q.options_query())));
    }
    let year = last_year(&state);
    render(&state, page, &user, &q, String::new(), year, Ok(None)).await
}

/// `GET /reports/yearly/{unit}/{year}`: the draft, or the message when nothing counts.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path((unit, year)): Path<(String, String)>,
    Query(q): Query<YearlyQuery>,
) -> PageResult<Response> {
    let (unit, year) = (check_code(&unit)?, parse_year(&year)?);
    let result = match Options::parse(q.unapproved(), q.number.as_deref(), q.date.as_deref()) {
        Ok(options) => load(&state, &user, &unit, year, &options).await.map(Some),
        Err(e) => Err(e),
    };
    render(&state, page, &user, &q, unit, year, result).await
}

/// Renders the form with the draft, the message of an area without reports, or the fields'
/// errors (the input kept).
async fn render(
    state: &AppState,
    page: Page,
    user: &User,
    q: &YearlyQuery,
    unit: String,
    year: i32,
    result: Result<Option<YearlyReport>, binhdang_app::Error>,
) -> PageResult<Response> {
    let (mut status, mut message, mut errors, mut report) = (StatusCode::OK, String::new(), Vec::new(), None);
    match result {
        Ok(r) => report = r,
        // The form is there; the message takes the draft's place.
        Err(binhdang_app::Error::NotFound(m)) => message = m,
        Err(binhdang_app::Error::Invalid(f)) => (status, errors) = (StatusCode::UNPROCESSABLE_ENTITY, f),
        Err(e) => return Err(e.into()),
    }
    let unit = if unit.is_empty() {
        let agency = state.store.unit(user.agency_id).await?;
        state.store.unit(agency.scope_area()).await?.code
    } else {
        unit
    };
    let areas = area_choices(state, user, year, &unit).await?;
    let area_name = areas.iter().find(|(c, _)| *c == unit).map(|(_, n)| n.clone()).unwrap_or_default();
    let this_year = binhdang_core::activities::period_year(state.clock.today());
    let lang = page.lang;
    let show = Show {
        areas,
        years: (2020..=this_year).rev().collect(),
        year,
        unapproved: q.unapproved(),
        may_unapproved: may_see_unapproved(state, user).await,
        number: q.number.clone().unwrap_or_default(),
        date: q.date.clone().unwrap_or_default(),
        errors,
        message,
        report: report.as_ref().map(|r| view(lang, r, &q.options_query())),
        area_name,
        unit,
        page,
    };
    Ok((status, Html(show.render()?)).into_response())
}

/// Reads the draft for a download; a year without a report that counts is the message page.
async fn draft(
    state: &AppState,
    user: &User,
    unit: &str,
    year: &str,
    q: &YearlyQuery,
) -> Result<YearlyReport, AppError> {
    let (unit, year) = (check_code(unit)?, parse_year(year)?);
    let options = Options::parse(q.unapproved(), q.number.as_deref(), q.date.as_deref())?;
    Ok(load(state, user, &unit, year, &options).await?)
}

/// `GET /reports/yearly/{unit}/{year}/bao-cao.docx`: the Báo cáo, laid out per Decree 30.
pub async fn docx(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((unit, year)): Path<(String, String)>,
    Query(q): Query<YearlyQuery>,
) -> PageResult<Response> {
    let r = draft(&state, &user, &unit, &year, &q).await?;
    let doc = compose(&r);
    let clock = state.clock.clone();
    let bytes =
        crate::uploads::heavy(&state, move || binhdang_office::docx::write_document_with_clock(&doc, clock.as_ref()))
            .await?
            .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"bao-cao-nam-{}-{}.docx\"", r.year, r.unit_code)),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /reports/yearly/{unit}/{year}/so-lieu.xlsx`: the tables.
pub async fn xlsx(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((unit, year)): Path<(String, String)>,
    Query(q): Query<YearlyQuery>,
) -> PageResult<Response> {
    let r = draft(&state, &user, &unit, &year, &q).await?;
    let sheets = sheets(&r);
    let bytes = crate::uploads::heavy(&state, move || binhdang_office::xlsx::write(&sheets))
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"so-lieu-nam-{}-{}.xlsx\"", r.year, r.unit_code)),
        ],
        bytes,
    )
        .into_response())
}
