//! The reporting pages: the overview of an area's reports for a form and period (its own report,
//! the obliged areas below with their states, completeness), the entry grid of one report with
//! its workflow, and the `.xlsx` template to download, fill and upload.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use binhdang_core::FieldError;
use binhdang_core::reporting::{self, FORMS, Status, ValueType};
use binhdang_core::units::vn_date;

use super::api::step_of;
use super::{EntryInput, ReportView, Target, overview, target};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use crate::page::{Page, after_save, see_other};

/// The status's label in a language.
fn status_label(lang: Lang, s: Status) -> &'static str {
    lang.pick(s.label_vi(), s.label_en())
}

/// A number in the Vietnamese way (`1.234,5`); text as it is.
fn vn_number(text: &str) -> String {
    let Ok(n) = text.parse::<f64>() else { return text.to_owned() };
    let whole = n.trunc() as i64;
    let mut out = crate::page::vn_int(whole);
    let fraction = reporting::format_number(n.fract().abs());
    if let Some(digits) = fraction.strip_prefix("0.") {
        out.push(',');
        out.push_str(digits);
    }
    out
}

/// Query of the overview.
#[derive(Debug, Default, Deserialize)]
pub struct IndexQuery {
    form: Option<String>,
    period: Option<String>,
    area: Option<String>,
    status: Option<String>,
}

/// The most rows of areas below the overview lists; past it, the areas directly below say
/// where to look.
const MAX_ROWS: usize = 300;

/// Completeness of an area directly below.
pub struct ChildView {
    code: String,
    name: String,
    own: Option<(&'static str, &'static str)>,
    expected: usize,
    received: usize,
    on_time: usize,
    rate: String,
}

/// A row of the overview.
pub struct RowView {
    code: String,
    name: String,
    status: &'static str,
    status_class: &'static str,
    deadline: String,
    sent_on: String,
    late: bool,
    reason: String,
}

#[derive(Template)]
#[template(path = "reports/index.html")]
struct Index {
    page: Page,
    forms: Vec<(&'static str, &'static str)>,
    form: &'static str,
    form_name: &'static str,
    period: String,
    periods: Vec<(String, String)>,
    period_label: String,
    dates: String,
    area_code: String,
    area_name: String,
    areas: Vec<(String, String)>,
    counts: Vec<(&'static str, &'static str, &'static str, usize)>,
    status: String,
    total: usize,
    shown_limit: Option<usize>,
    waived: usize,
    by_child: Vec<ChildView>,
    own_status: &'static str,
    own_status_class: &'static str,
    own_deadline: String,
    rows: Vec<RowView>,
    expected: usize,
    received: usize,
    on_time: usize,
    rate: String,
    yearly_link: String,
}

/// The yearly report document of an area and a period of a yearly form (empty for other forms).
fn yearly_link(t: &Target) -> String {
    if binhdang_app::yearly::FORMS.contains(&t.form.code) {
        format!("/reports/yearly/{}/{}", t.unit.code, t.period.year)
    } else {
        String::new()
    }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::ChuaNhap => "st-none",
        Status::DangNhap => "st-draft",
        Status::DaGui => "st-sent",
        Status::DaDuyet => "st-ok",
        Status::TraLai => "st-returned",
        Status::MienNop => "st-waived",
    }
}

fn percent(rate: f64) -> String {
    format!("{} %", crate::page::vn_tenths(rate * 100.0))
}

/// The areas to choose from: the user's own (on the period's map) and those directly under it,
/// and the one shown if it lies deeper.
async fn area_choices(
    state: &AppState,
    user: &binhdang_core::users::User,
    form: &reporting::Form,
    t: &Target,
) -> Result<Vec<(String, String)>, AppError> {
    let agency = state.store.unit(user.agency_id).await?;
    let home_code = state.store.unit(agency.scope_area()).await?.code;
    let mut areas = Vec::new();
    if let Ok(home) = target(state, form.code, &t.period.code(), &home_code, None).await {
        areas.push((home.unit.code.clone(), home.unit.name.clone()));
        for child in state.store.children(home.unit.id, t.dates.1).await? {
            if child.kind.is_area() {
                areas.push((child.code, child.name));
            }
        }
    }
    if !areas.iter().any(|(c, _)| *c == t.unit.code) {
        areas.push((t.unit.code.clone(), t.unit.name.clone()));
    }
    Ok(areas)
}

/// The areas directly below, each with its own report's state and the completeness of the
/// areas under it (when they are not themselves the ones reporting).
async fn children_summary(
    state: &AppState,
    user: &binhdang_core::users::User,
    t: &Target,
    rows: &[super::Row],
    lang: Lang,
) -> Result<Vec<ChildView>, AppError> {
    let child_codes: Vec<String> = state
        .store
        .children(t.unit.id, t.dates.1)
        .await?
        .into_iter()
        .filter(|c| c.kind.is_area())
        .map(|c| c.code)
        .collect();
    if child_codes.len() >= rows.len() {
        return Ok(Vec::new());
    }
    let own_status: HashMap<&str, Status> = rows.iter().map(|r| (r.unit_code.as_str(), r.status)).collect();
    let all = super::completeness_everywhere(state, user, t.form.code, &t.period.code(), None).await?;
    Ok(all
        .into_iter()
        .filter(|a| child_codes.contains(&a.unit_code) && a.counts.expected > 0)
        .map(|a| ChildView {
            own: own_status.get(a.unit_code.as_str()).map(|s| (status_label(lang, *s), status_class(*s))),
            code: a.unit_code,
            name: a.unit_name,
            expected: a.counts.expected,
            received: a.counts.received,
            on_time: a.counts.on_time,
            rate: percent(a.rate),
        })
        .collect())
}

/// `GET /reports?form=&period=&area=`.
pub async fn index(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<IndexQuery>,
) -> PageResult<Html<String>> {
    let form = reporting::form(q.form.as_deref().unwrap_or("BDG_NAM"))?;
    let period = match q.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => form.period(p)?,
        None => reporting::Period::year(binhdang_core::activities::period_year(state.clock.today())),
    };
    let area_code = if let Some(a) = q.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        a.to_owned()
    } else {
        let agency = state.store.unit(user.agency_id).await?;
        state.store.unit(agency.scope_area()).await?.code
    };
    let t = target(&state, form.code, &period.code(), &area_code, None).await?;
    let (rows, c) = overview(&state, &user, &t, None).await?;
    let own = super::open(&state, &user, &t).await?;
    let lang = page.lang;
    let areas = area_choices(&state, &user, form, &t).await?;
    let this_year = binhdang_core::activities::period_year(state.clock.today());
    let periods = (2021..=this_year)
        .rev()
        .flat_map(|y| super::api::periods_of(form, y).into_iter().rev())
        .map(|p| (p.code(), if lang == Lang::Vi { p.label_vi() } else { p.label_en() }))
        .collect();
    let counts = Status::ALL
        .iter()
        .map(|s| (s.as_str(), status_label(lang, *s), status_class(*s), rows.iter().filter(|r| r.status == *s).count()))
        .filter(|(_, _, _, n)| *n > 0)
        .collect();
    let status = q.status.as_deref().and_then(|s| Status::parse(s).ok());
    let total = rows.len();
    let by_child = children_summary(&state, &user, &t, &rows, lang).await?;
    let matching = rows.iter().filter(|r| status.is_none_or(|s| r.status == s)).count();
    let shown_limit = (matching > MAX_ROWS).then_some(MAX_ROWS);
    let rows = rows
        .into_iter()
        .filter(|r| status.is_none_or(|s| r.status == s))
        .take(MAX_ROWS)
        .map(|r| RowView {
            code: r.unit_code,
            name: r.unit_name,
            status: status_label(lang, r.status),
            status_class: status_class(r.status),
            deadline: vn_date(r.deadline),
            sent_on: r.first_submitted_at.as_deref().and_then(|s| s.get(..10)).map(vn_iso).unwrap_or_default(),
            late: r.late,
            reason: r.reason,
        })
        .collect();
    Ok(Html(
        Index {
            forms: FORMS.iter().map(|f| (f.code, lang.pick(f.name_vi, f.name_en))).collect(),
            form: form.code,
            form_name: lang.pick(form.name_vi, form.name_en),
            period: t.period.code(),
            periods,
            period_label: if lang == Lang::Vi { t.period.label_vi() } else { t.period.label_en() },
            dates: format!("{} – {}", vn_date(t.dates.0), vn_date(t.dates.1)),
            area_code: t.unit.code.clone(),
            area_name: t.unit.name.clone(),
            areas,
            counts,
            status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            total,
            shown_limit,
            waived: c.waived.len(),
            by_child,
            own_status: status_label(lang, own.status),
            own_status_class: status_class(own.status),
            own_deadline: vn_date(own.deadline),
            rows,
            expected: c.expected,
            received: c.received,
            on_time: c.on_time,
            rate: percent(c.rate),
            yearly_link: yearly_link(&t),
            page,
        }
        .render()?,
    ))
}

/// A stored UTC instant as Vietnam's local time, `15/12/2025 09:00`.
fn local_time(instant: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(instant.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S%.f")
        .map_or_else(|_| instant.to_owned(), |t| (t + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M").to_string())
}

/// `2025-12-15` as `15/12/2025`.
fn vn_iso(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_or_else(|_| day.to_owned(), vn_date)
}

/// A cell of the grid.
pub struct CellView {
    key: String,
    element: String,
    first: bool,
    option: String,
    value: String,
    prefilled: bool,
    from_activities: String,
    from_children: String,
    differs_from_children: bool,
    comment: String,
    reason: String,
    error: String,
    warning: String,
    kind: &'static str,
}

/// A section of the grid.
pub struct SectionView {
    title: &'static str,
    cells: Vec<CellView>,
}

#[derive(Template)]
#[template(path = "reports/show.html")]
struct Show {
    page: Page,
    base: String,
    form: &'static str,
    form_name: &'static str,
    period: String,
    period_label: String,
    dates: String,
    unit_code: String,
    unit_name: String,
    status: &'static str,
    status_code: &'static str,
    status_class: &'static str,
    reason: String,
    deadline: String,
    version: i64,
    sections: Vec<SectionView>,
    allowed: super::Allowed,
    children: (usize, usize),
    activities_link: String,
    errors: Vec<String>,
    step_reason: String,
    history: Vec<(String, String, String, String)>,
    yearly_link: String,
}

/// What the officer typed, kept when a save is refused: value, comment, reason by key.
type Typed = BTreeMap<String, (String, String, String)>;

fn render_show(
    page: Page,
    t: &Target,
    view: &ReportView,
    typed: Option<&Typed>,
    errors: &[FieldError],
    step_reason: &str,
) -> Result<String, AppError> {
    let lang = page.lang;
    let by_field: HashMap<String, String> =
        errors.iter().map(|e| (e.field.replace('.', ":"), e.message.clone())).fold(HashMap::new(), |mut m, (k, v)| {
            m.entry(k)
                .and_modify(|s: &mut String| {
                    s.push_str("; ");
                    s.push_str(&v);
                })
                .or_insert(v);
            m
        });
    let cells: HashMap<(String, String), &super::Cell> =
        view.values.iter().map(|c| ((c.element.clone(), c.option.clone()), c)).collect();
    let mut sections = Vec::new();
    let mut placed = std::collections::HashSet::new();
    for s in t.form.sections {
        let mut out = Vec::new();
        for code in s.elements {
            let Some(el) = reporting::element(code) else { continue };
            for (i, option) in el.combo.option_combos().into_iter().enumerate() {
                let key = format!("{}:{}", el.code, option.code);
                let Some(cell) = cells.get(&(el.code.to_owned(), option.code.clone())) else { continue };
                let (value, comment, reason) = match typed.and_then(|t| t.get(&key)) {
                    Some((v, c, r)) => (v.clone(), c.clone(), r.clone()),
                    None => (
                        cell.value.as_deref().map(|v| display_value(el.value_type, v)).unwrap_or_default(),
                        cell.comment.clone(),
                        cell.override_reason.clone(),
                    ),
                };
                let mut error = by_field.get(&key).cloned().unwrap_or_default();
                placed.insert(key.clone());
                if let Some(e) = by_field.get(&format!("{}:*", el.code)) {
                    placed.insert(format!("{}:*", el.code));
                    if i == 0 {
                        error = if error.is_empty() { e.clone() } else { format!("{error}; {e}") };
                    }
                }
                out.push(CellView {
                    key,
                    element: lang.pick(el.name_vi, el.name_en).to_owned(),
                    first: i == 0,
                    option: lang.pick(&option.name_vi, &option.name_en).to_owned(),
                    prefilled: cell.source.as_deref() == Some(super::FROM_ACTIVITIES),
                    from_activities: cell.from_activities.as_deref().map(vn_number).unwrap_or_default(),
                    differs_from_children: cell
                        .from_children
                        .as_deref()
                        .is_some_and(|c| cell.value.as_deref().is_some_and(|v| v != c)),
                    from_children: cell.from_children.as_deref().map(vn_number).unwrap_or_default(),
                    value,
                    comment,
                    reason,
                    error,
                    warning: cell.warning.clone().unwrap_or_default(),
                    kind: match el.value_type {
                        ValueType::Text => "text",
                        ValueType::YesNo => "yesno",
                        _ => "number",
                    },
                });
            }
        }
        sections.push(SectionView { title: lang.pick(s.title_vi, s.title_en), cells: out });
    }
    // Messages that belong to no cell (the version, the reason) go on top.
    let errors: Vec<String> = errors
        .iter()
        .filter(|e| !placed.contains(&e.field.replace('.', ":")))
        .map(|e| if e.field.is_empty() { e.message.clone() } else { format!("{}: {}", e.field, e.message) })
        .collect();
    let base = format!("/reports/{}/{}/{}", t.form.code, t.period.code(), t.unit.code);
    Ok(Show {
        base,
        form: t.form.code,
        form_name: lang.pick(t.form.name_vi, t.form.name_en),
        period: t.period.code(),
        period_label: if lang == Lang::Vi { t.period.label_vi() } else { t.period.label_en() },
        dates: format!("{} – {}", vn_date(t.dates.0), vn_date(t.dates.1)),
        unit_code: view.unit_code.clone(),
        unit_name: view.unit_name.clone(),
        status: status_label(lang, view.status),
        status_code: view.status.as_str(),
        status_class: status_class(view.status),
        reason: view.reason.clone(),
        deadline: vn_date(view.deadline),
        version: view.version,
        sections,
        allowed: view.allowed,
        children: view.children,
        activities_link: format!("/activities?area={}&from={}&to={}", t.unit.code, t.dates.0, t.dates.1),
        errors,
        step_reason: step_reason.to_owned(),
        history: history_rows(lang, view),
        yearly_link: yearly_link(t),
        page,
    }
    .render()?)
}

/// The report's history as rows: when, who, what, detail.
fn history_rows(lang: Lang, view: &ReportView) -> Vec<(String, String, String, String)> {
    view.history
        .iter()
        .map(|e| {
            let what = match Status::parse(&e.action) {
                Ok(s) => status_label(lang, s).to_owned(),
                Err(_) => lang.tr().report_values_saved.to_owned(),
            };
            let detail = if e.action == "values" {
                format!("{} {}", e.detail, lang.tr().report_values_count)
            } else {
                e.detail.clone()
            };
            (local_time(&e.at), e.by.clone(), what, detail)
        })
        .collect()
}

/// A stored value as the grid shows it.
fn display_value(value_type: ValueType, v: &str) -> String {
    match value_type {
        ValueType::Text => v.to_owned(),
        ValueType::YesNo => if v == "true" { "Có" } else { "Không" }.to_owned(),
        _ => vn_number(v),
    }
}

/// `GET /reports/{form}/{period}/{unit}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path((form, period, unit)): Path<(String, String, String)>,
) -> PageResult<Html<String>> {
    let t = target(&state, &form, &period, &unit, None).await?;
    let view = super::open(&state, &user, &t).await?;
    Ok(Html(render_show(page, &t, &view, None, &[], "")?))
}

/// The grid's fields: `version`, and per cell `v:EL:OPT`, `c:EL:OPT`, `r:EL:OPT`.
fn entries_of(pairs: &[(String, String)]) -> (Option<i64>, Vec<EntryInput>, Typed) {
    let mut version = None;
    let mut typed: Typed = BTreeMap::new();
    for (name, value) in pairs {
        if name == "version" {
            version = value.trim().parse().ok();
            continue;
        }
        let Some((slot, key)) = name.split_once(':') else { continue };
        let entry = typed.entry(key.to_owned()).or_default();
        match slot {
            "v" => entry.0.clone_from(value),
            "c" => entry.1.clone_from(value),
            "r" => entry.2.clone_from(value),
            _ => {}
        }
    }
    let entries = typed
        .iter()
        .filter_map(|(key, (v, c, r))| {
            let (element, option) = key.split_once(':')?;
            Some(EntryInput {
                element: element.to_owned(),
                option: option.to_owned(),
                value: v.clone(),
                comment: c.clone(),
                override_reason: r.clone(),
            })
        })
        .collect();
    (version, entries, typed)
}

/// `POST /reports/{form}/{period}/{unit}/values`: saves the grid; a refusal comes back with
/// everything typed and each message beside its cell.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path((form, period, unit)): Path<(String, String, String)>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> PageResult<Response> {
    let t = target(&state, &form, &period, &unit, None).await?;
    let (version, entries, typed) = entries_of(&pairs);
    let result = match version {
        Some(v) => super::save(&state, &user, &t, v, &entries).await.map_err(AppError::from),
        None => Err(AppError::from(binhdang_core::Error::invalid(
            "version",
            "thiếu phiên bản của bản đã đọc; hãy tải lại trang rồi làm lại",
        ))),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/reports/{}/{}/{}#saved", t.form.code, t.period.code(), t.unit.code))),
        Err(AppError::Invalid(errors)) => {
            let view = super::open(&state, &user, &t).await?;
            let mut view = view;
            if let Some(v) = version {
                view.version = v;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render_show(page, &t, &view, Some(&typed), &errors, "")?))
                .into_response())
        }
        Err(AppError::Conflict(message)) => {
            // Keep what was typed; the form now carries the current version, so saving again is
            // a deliberate choice made after reading the message.
            let view = super::open(&state, &user, &t).await?;
            let note = FieldError::new(
                "",
                format!("{message}. Số liệu bạn vừa nhập vẫn còn trong các ô; bấm Lưu lần nữa sẽ ghi đè bản vừa lưu."),
            );
            Ok((StatusCode::CONFLICT, Html(render_show(page, &t, &view, Some(&typed), &[note], "")?)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// A workflow step from the page.
#[derive(Debug, Deserialize)]
pub struct StepForm {
    version: Option<i64>,
    #[serde(default)]
    reason: String,
}

/// `POST /reports/{form}/{period}/{unit}/steps/{step}`.
pub async fn take_step(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path((form, period, unit, step)): Path<(String, String, String, String)>,
    axum::Form(input): axum::Form<StepForm>,
) -> PageResult<Response> {
    let step = step_of(&step)?;
    let t = target(&state, &form, &period, &unit, None).await?;
    let version = input.version.unwrap_or(-1);
    let result = super::step(&state, &user, &t, step, version, &input.reason).await.map_err(AppError::from);
    let done = |_| see_other(&format!("/reports/{}/{}/{}", t.form.code, t.period.code(), t.unit.code));
    after_save(result, done, Some(""), async |errors| {
        let view = super::open(&state, &user, &t).await?;
        Ok(Html(render_show(page, &t, &view, None, &errors, &input.reason)?))
    })
    .await
}

/// `GET /reports/{form}/{period}/{unit}/template.xlsx`: the form as a workbook, one row per
/// value with the codes that identify it, filled with the report's current values.
pub async fn template(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((form, period, unit)): Path<(String, String, String)>,
) -> PageResult<Response> {
    let t = target(&state, &form, &period, &unit, None).await?;
    let view = super::open(&state, &user, &t).await?;
    let sheets = vec![super::template_sheet(&t, &view)];
    let bytes = crate::uploads::heavy(&state, move || binhdang_office::xlsx::write(&sheets))
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!("{}-{}-{}.xlsx", t.form.code, t.period.code(), t.unit.code);
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// `POST /reports/{form}/{period}/{unit}/upload` (multipart: `file`, `version`; the CSRF token
/// in the query): imports a filled template, all or nothing; refusals name the row.
pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path((form, period, unit)): Path<(String, String, String)>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let t = target(&state, &form, &period, &unit, None).await?;
    // Rights first: nothing of the body is read for a user who may not write here.
    let view = super::open(&state, &user, &t).await?;
    if !view.allowed.edit {
        return Err(AppError::Forbidden("bạn không được nhập số liệu cho báo cáo này ở trạng thái hiện tại".into()));
    }
    let mut version = None;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| AppError::BadRequest(e.to_string()))? {
        match field.name() {
            Some("version") => version = field.text().await.ok().and_then(|v| v.trim().parse::<i64>().ok()),
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_owned();
                let bytes =
                    field.bytes().await.map_err(|e| AppError::BadRequest(format!("tệp gửi lên bị lỗi: {e}")))?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let refuse = |errors: Vec<FieldError>, view: &ReportView, page: Page| -> PageResult<Response> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render_show(page, &t, view, None, &errors, "")?)).into_response())
    };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(vec![FieldError::new("file", "hãy chọn tệp Excel đã điền")], &view, page);
    };
    let rows = crate::uploads::heavy(&state, move || super::entries_from_workbook(&bytes)).await?;
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) => return refuse(vec![FieldError::new(format!("Tệp {name}"), e.message)], &view, page),
    };
    let entries: Vec<EntryInput> = rows.iter().map(|(_, e)| e.clone()).collect();
    match super::save(&state, &user, &t, version.unwrap_or(-1), &entries).await.map_err(AppError::from) {
        Ok(_) => Ok(see_other(&format!("/reports/{}/{}/{}#saved", t.form.code, t.period.code(), t.unit.code))),
        Err(AppError::Invalid(errors)) => {
            let by_key: HashMap<String, usize> =
                rows.iter().map(|(row, e)| (format!("{}.{}", e.element.trim(), e.option.trim()), *row)).collect();
            let errors = errors
                .into_iter()
                .map(|e| match by_key.get(&e.field) {
                    Some(row) => FieldError::new(format!("Tệp {name}, dòng {row} ({})", e.field), e.message),
                    None => FieldError::new(format!("Tệp {name}"), format!("{}: {}", e.field, e.message)),
                })
                .collect();
            refuse(errors, &view, page)
        }
        Err(AppError::Conflict(message)) => refuse(vec![FieldError::new("", message)], &view, page),
        Err(e) => Err(e),
    }
}
