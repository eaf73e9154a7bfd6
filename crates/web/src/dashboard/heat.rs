//! `/dashboard/completeness`: the completeness heat map (an area's child areas × a form's
//! periods); `export.xlsx` gives the same table.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use serde::Deserialize;

use binhdang_app::dashboard::{HeatInput, HeatMap, HeatState, MapChoice, heat_map};
use binhdang_core::reporting::FORMS;
use binhdang_core::users::User;
use binhdang_office::xlsx::{Cell, Sheet};

use super::compare::{xlsx, year_of};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::extract::Query;
use crate::i18n::Lang;
use crate::page::Page;

/// What the heat map takes.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HeatQuery {
    /// The form's code (default `BDG_NAM`).
    pub form: Option<String>,
    /// The area's code (default: the caller's scope).
    pub area: Option<String>,
    /// First year (default: four years before the last).
    pub from: Option<String>,
    /// Last year (default: the last year whose reports are due).
    pub to: Option<String>,
    /// `2021` or `today` (the default).
    pub map: Option<String>,
}

/// Runs the heat map the query asks for.
pub(crate) async fn run(state: &AppState, user: &User, q: &HeatQuery) -> Result<HeatMap, AppError> {
    let input = HeatInput {
        form: q.form.clone(),
        area: q.area.clone(),
        from: year_of(q.from.as_deref()).map_err(|_| field("from", q.from.as_deref()))?,
        to: year_of(q.to.as_deref()).map_err(|_| field("to", q.to.as_deref()))?,
        map: MapChoice::parse(q.map.as_deref())?,
    };
    Ok(heat_map(state, user, &input).await?)
}

fn field(name: &str, value: Option<&str>) -> AppError {
    AppError::Invalid(vec![binhdang_core::FieldError::new(
        name,
        format!("năm \"{}\" không phải một số năm", value.unwrap_or_default()),
    )])
}

fn class(s: HeatState) -> &'static str {
    match s {
        HeatState::Approved => "heat-approved",
        HeatState::Submitted => "heat-submitted",
        HeatState::Waived => "heat-waived",
        HeatState::Missing => "heat-missing",
        HeatState::Overdue => "heat-overdue",
        HeatState::NotExpected => "heat-none",
    }
}

fn label(lang: Lang, s: HeatState) -> &'static str {
    lang.pick(s.label_vi(), s.label_en())
}

struct Row {
    code: String,
    name: String,
    /// (label, class, report link or empty).
    cells: Vec<(&'static str, &'static str, String)>,
}

#[derive(Template)]
#[template(path = "dashboard/heat.html")]
struct HeatPage {
    page: Page,
    forms: Vec<(&'static str, &'static str)>,
    form: String,
    areas: Vec<(String, String)>,
    area: String,
    area_name: String,
    form_name: String,
    from: i32,
    to: i32,
    years: Vec<i32>,
    map: &'static str,
    periods: Vec<String>,
    rows: Vec<Row>,
    legend: Vec<(&'static str, &'static str, usize)>,
    export: String,
    today_map: bool,
}

/// The areas to choose from: the caller's own and those directly under it (on the map), and
/// the one shown.
async fn area_choices(
    state: &AppState,
    user: &User,
    h: &HeatMap,
    map: MapChoice,
) -> Result<Vec<(String, String)>, AppError> {
    let as_of = map.day(state.clock.today());
    let agency = state.store.unit(user.agency_id).await?;
    let home = state.store.unit(agency.scope_area()).await?;
    let mut areas = Vec::new();
    if let Some(home) = state.store.unit_by_code(&home.code, as_of).await? {
        areas.push((home.code.clone(), home.name.clone()));
        for child in state.store.children(home.id, as_of).await? {
            if child.kind.is_area() {
                areas.push((child.code, child.name));
            }
        }
    }
    if !areas.iter().any(|(c, _)| *c == h.area_code) {
        areas.push((h.area_code.clone(), h.area_name.clone()));
    }
    Ok(areas)
}

/// `GET /dashboard/completeness`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<HeatQuery>,
) -> PageResult<Html<String>> {
    let lang = page.lang;
    let h = run(&state, &user, &q).await?;
    let areas = area_choices(&state, &user, &h, h.map).await?;
    let today_map = h.map == MapChoice::Today;
    let rows = h
        .rows
        .iter()
        .map(|r| Row {
            code: r.code.clone(),
            name: r.name.clone(),
            cells: r
                .cells
                .iter()
                .map(|c| {
                    let link = if c.state == HeatState::NotExpected || !today_map {
                        String::new()
                    } else {
                        format!("/reports/{}/{}/{}", h.form, c.period, r.code)
                    };
                    (label(lang, c.state), class(c.state), link)
                })
                .collect(),
        })
        .collect();
    let from = h.periods.first().and_then(|p| p.get(..4)).and_then(|y| y.parse().ok()).unwrap_or_default();
    let to = h.periods.last().and_then(|p| p.get(..4)).and_then(|y| y.parse().ok()).unwrap_or_default();
    let this_year = chrono::Datelike::year(&state.clock.today());
    let export = format!(
        "/dashboard/completeness/export.xlsx?form={}&area={}&from={from}&to={to}&map={}",
        h.form,
        h.area_code,
        h.map.as_str()
    );
    Ok(Html(
        HeatPage {
            forms: FORMS.iter().map(|f| (f.code, lang.pick(f.name_vi, f.name_en))).collect(),
            form: h.form.clone(),
            areas,
            area: h.area_code.clone(),
            area_name: h.area_name.clone(),
            form_name: lang.pick(&h.form_name, &h.form_name_en).to_owned(),
            from,
            to,
            years: (2015..=this_year).rev().collect(),
            map: h.map.as_str(),
            periods: h.periods.clone(),
            rows,
            legend: h.totals.iter().map(|(s, n)| (label(lang, *s), class(*s), *n)).collect(),
            export,
            today_map,
            page,
        }
        .render()?,
    ))
}

/// The heat map as a sheet: one row per area, one column per period, the state's word in each
/// cell.
pub(crate) fn sheet(lang: Lang, h: &HeatMap) -> Sheet {
    let t = lang.tr();
    Sheet {
        title: t.dx_heat_title.chars().take(31).collect(),
        caption: vec![format!("{} · {}", lang.pick(&h.form_name, &h.form_name_en), h.area_name)],
        headers: std::iter::once(t.dx_area.to_owned()).chain(h.periods.iter().cloned()).collect(),
        rows: h
            .rows
            .iter()
            .map(|r| {
                std::iter::once(Cell::Text(r.name.clone()))
                    .chain(r.cells.iter().map(|c| Cell::Text(label(lang, c.state).to_owned())))
                    .collect()
            })
            .collect(),
    }
}

/// `GET /dashboard/completeness/export.xlsx`.
pub async fn export(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<HeatQuery>,
) -> PageResult<Response> {
    let h = run(&state, &user, &q).await?;
    let file = format!("nop-bao-cao-{}-{}.xlsx", h.form, h.area_code);
    xlsx(&state, vec![sheet(page.lang, &h)], &file).await
}
