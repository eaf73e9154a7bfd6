//! The activity pages: the list with filters and Excel export, one form for every type built
//! from its field definitions, the activity's page, deletion with confirmation, and the figures
//! page.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};

use binhdang_core::FieldError;
use binhdang_core::activities::{Activity, ActivityId, ActivityType, FieldKind};
use binhdang_core::units::vn_date;

use super::api::{ListQuery, filter_of};
use super::{ActivityInput, attach, figures, period, require_change, require_read, resolve};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use crate::page::{Page, after_save, field_error, see_other};
use crate::units::{actor, as_of, by_code};

/// An activity row.
pub struct Row {
    id: i64,
    date: String,
    kind: ActivityType,
    title: String,
    place: String,
}

async fn rows(state: &AppState, items: &[Activity]) -> Result<Vec<Row>, AppError> {
    let ids: Vec<_> = items.iter().map(|a| a.area).collect();
    let names = crate::tasks::unit_names(state, ids).await?;
    Ok(items
        .iter()
        .map(|a| Row {
            id: a.id.0,
            date: match a.date_to {
                Some(to) if to != a.date_from => format!("{} – {}", vn_date(a.date_from), vn_date(to)),
                _ => vn_date(a.date_from),
            },
            kind: a.kind,
            title: a.title.clone(),
            place: names.get(&a.area).cloned().unwrap_or_default(),
        })
        .collect())
}

fn types(selected: &str, lang: Lang) -> Vec<(&'static str, &'static str, bool)> {
    ActivityType::ALL.iter().map(|t| (t.as_str(), lang.label(*t), t.as_str() == selected)).collect()
}

#[derive(Template)]
#[template(path = "activities/list.html")]
struct List {
    page: Page,
    types: Vec<(&'static str, &'static str, bool)>,
    area: String,
    from: String,
    to: String,
    q: String,
    query: String,
    rows: Vec<Row>,
    total: u64,
    /// The user may record activities.
    can_record: bool,
}

/// Query of the list page.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    area: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
}

impl PageQuery {
    fn list_query(&self) -> ListQuery {
        serde_json::from_value(serde_json::json!({
            "type": self.kind, "area": self.area, "from": self.from, "to": self.to, "q": self.q, "limit": 500
        }))
        .unwrap_or_default()
    }
}

fn api_error(e: crate::error::ApiError) -> AppError {
    e.0
}

/// `GET /activities`.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<PageQuery>,
) -> PageResult<Html<String>> {
    let filter = filter_of(&state, &user, &q.list_query()).await.map_err(api_error)?;
    let (items, total) = state.store.list_activities(&filter).await?;
    let enc = |s: &Option<String>| {
        s.clone()
            .unwrap_or_default()
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect::<String>()
    };
    let query =
        format!("type={}&area={}&from={}&to={}&q={}", enc(&q.kind), enc(&q.area), enc(&q.from), enc(&q.to), enc(&q.q));
    let can_record = binhdang_app::units::may(
        &state,
        &user,
        binhdang_core::access::Record::Activity,
        binhdang_core::access::Action::Write,
    )
    .await?;
    Ok(Html(
        List {
            can_record,
            types: types(q.kind.as_deref().unwrap_or(""), page.lang),
            area: q.area.clone().unwrap_or_default(),
            from: q.from.clone().unwrap_or_default(),
            to: q.to.clone().unwrap_or_default(),
            q: q.q.clone().unwrap_or_default(),
            query,
            rows: rows(&state, &items).await?,
            total,
            page,
        }
        .render()?,
    ))
}

/// An input of the form.
pub struct FieldView {
    name: &'static str,
    label: &'static str,
    /// `text`, `long`, `number`, `date`, `choice`, `multi`.
    kind: &'static str,
    required: bool,
    value: String,
    options: Vec<(&'static str, &'static str, bool)>,
    error: String,
}

fn value_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(","),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn field_views(kind: ActivityType, data: &Map<String, Value>, errors: &[FieldError], lang: Lang) -> Vec<FieldView> {
    kind.fields()
        .iter()
        .map(|d| {
            let value = value_text(data.get(d.name));
            let (k, options) = match d.kind {
                FieldKind::Text => ("text", Vec::new()),
                FieldKind::LongText => ("long", Vec::new()),
                FieldKind::Count | FieldKind::Money => ("number", Vec::new()),
                FieldKind::Date => ("date", Vec::new()),
                FieldKind::Choice(o) => {
                    ("choice", o.iter().map(|x| (x.0, lang.option_label(x), value == x.0)).collect())
                }
                FieldKind::Multi(o) => (
                    "multi",
                    o.iter().map(|x| (x.0, lang.option_label(x), value.split(',').any(|v| v == x.0))).collect(),
                ),
            };
            FieldView {
                name: d.name,
                label: lang.field_label(d),
                kind: k,
                required: d.required,
                value,
                options,
                error: field_error(errors, d.name),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "activities/form.html")]
struct Form {
    page: Page,
    id: Option<i64>,
    kind: ActivityType,
    input: ActivityInput,
    fields: Vec<FieldView>,
    errors: Vec<FieldError>,
}

impl Form {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }

    fn opt(v: Option<&String>) -> &str {
        v.map_or("", String::as_str)
    }
}

fn form(page: Page, id: Option<i64>, kind: ActivityType, input: ActivityInput, errors: Vec<FieldError>) -> Form {
    let fields = field_views(kind, &input.data, &errors, page.lang);
    Form { page, id, kind, input, fields, errors }
}

/// Query of the new-activity form.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(rename = "type", default)]
    kind: String,
    task: Option<i64>,
}

/// `GET /activities/new?type=TYPE`.
pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<NewQuery>,
) -> PageResult<Html<String>> {
    binhdang_app::units::require_role(
        &state,
        &user,
        binhdang_core::access::Record::Activity,
        binhdang_core::access::Action::Write,
    )
    .await?;
    let kind: ActivityType = q.kind.parse()?;
    let agency = state.store.unit(user.agency_id).await?;
    let area = state.store.unit(agency.scope_area()).await?;
    let input = ActivityInput {
        kind: kind.as_str().to_owned(),
        agency_code: Some(agency.code),
        area_code: area.code,
        date_from: state.clock.today().to_string(),
        task_id: q.task,
        ..ActivityInput::default()
    };
    Ok(Html(form(page, None, kind, input, Vec::new()).render()?))
}

/// Reads the form: the frame's fields by name, the type's as `f.NAME` (repeated for a multiple
/// choice).
fn input_of(pairs: Vec<(String, String)>, kind: ActivityType) -> ActivityInput {
    let mut input = ActivityInput { kind: kind.as_str().to_owned(), ..ActivityInput::default() };
    let mut multi: std::collections::BTreeMap<String, Vec<Value>> = std::collections::BTreeMap::new();
    for (k, v) in pairs {
        match k.as_str() {
            "title" => input.title = v,
            "agency_code" => input.agency_code = Some(v),
            "area_code" => input.area_code = v,
            "date_from" => input.date_from = v,
            "date_to" => input.date_to = Some(v).filter(|d| !d.is_empty()),
            "task_id" => input.task_id = v.trim().parse().ok(),
            "plan_item" => input.plan_item = v.trim().parse().ok(),
            "version" => input.version = v.trim().parse().ok(),
            _ => {
                if let Some(name) = k.strip_prefix("f.") {
                    let is_multi =
                        kind.fields().iter().any(|d| d.name == name && matches!(d.kind, FieldKind::Multi(_)));
                    if is_multi {
                        multi.entry(name.to_owned()).or_default().push(Value::String(v));
                    } else {
                        input.data.insert(name.to_owned(), Value::String(v));
                    }
                }
            }
        }
    }
    for (k, v) in multi {
        input.data.insert(k, Value::Array(v));
    }
    input
}

/// `POST /activities?type=TYPE`.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<NewQuery>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> PageResult<Response> {
    let kind: ActivityType = q.kind.parse()?;
    let input = input_of(pairs, kind);
    let result = match resolve(&state, &user, &input).await {
        Ok((activity, scope_path)) => {
            state.store.create_activity(&activity, &scope_path, actor(&state, &user)).await.map_err(AppError::from)
        }
        Err(e) => Err(e.into()),
    };
    after_save(
        result,
        |a| see_other(&format!("/activities/{}", a.id.0)),
        None,
        async |errors| Ok(Html(form(page, None, kind, input, errors).render()?)),
    )
    .await
}

#[derive(Template)]
#[template(path = "activities/show.html")]
struct Show {
    page: Page,
    activity: Activity,
    kind: &'static str,
    date: String,
    place: String,
    agency: String,
    /// The linked task's description.
    task: Option<String>,
    /// The linked plan item's plan and title.
    plan_item: Option<(i64, String)>,
    fields: Vec<(&'static str, String)>,
    figures: Vec<(String, String, String, String)>,
    files: Vec<(i64, String)>,
    can_change: bool,
}

fn display(kind: FieldKind, v: Option<&Value>, lang: Lang) -> String {
    let text = value_text(v);
    match kind {
        FieldKind::Choice(o) => o.iter().find(|x| x.0 == text).map_or(text, |x| lang.option_label(x).to_owned()),
        FieldKind::Multi(o) => text
            .split(',')
            .map(|c| o.iter().find(|x| x.0 == c).map_or(c, |x| lang.option_label(x)))
            .collect::<Vec<_>>()
            .join(", "),
        FieldKind::Money | FieldKind::Count => v.and_then(Value::as_i64).map(crate::page::vn_int).unwrap_or_default(),
        _ => text,
    }
}

/// `GET /activities/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let activity = state.store.activity(ActivityId(id)).await?;
    require_read(&state, &user, &activity).await?;
    let place = state.store.unit(activity.area).await?.name;
    let agency = state.store.unit(activity.agency).await?.name;
    let task = match activity.task {
        Some(t) => Some(state.store.task(t).await?.description),
        None => None,
    };
    let plan_item = match activity.plan_item {
        Some(i) => state.store.plan_item_title(i).await?.map(|(plan, title)| (plan.0, title)),
        None => None,
    };
    let can_change = require_change(&state, &user, &activity).await.is_ok();
    let fields = (activity.kind.fields().iter())
        .map(|d| (page.lang.field_label(d), display(d.kind, activity.data.get(d.name), page.lang)))
        .collect();
    let start = binhdang_core::activities::annual_period(binhdang_core::activities::period_year(activity.date_from)).0;
    let figures = activity.figures(start).iter().map(|f| figure_row(f, page.lang)).collect();
    let date = match activity.date_to {
        Some(to) if to != activity.date_from => format!("{} – {}", vn_date(activity.date_from), vn_date(to)),
        _ => vn_date(activity.date_from),
    };
    let files = state.store.activity_files(activity.id).await?;
    Ok(Html(
        Show {
            kind: page.label(activity.kind),
            date,
            place,
            agency,
            task,
            plan_item,
            fields,
            figures,
            files,
            can_change,
            activity,
            page,
        }
        .render()?,
    ))
}

/// `GET /activities/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let a = state.store.activity(ActivityId(id)).await?;
    require_change(&state, &user, &a).await?;
    let input = ActivityInput {
        kind: a.kind.as_str().to_owned(),
        agency_code: Some(state.store.unit(a.agency).await?.code),
        area_code: state.store.unit(a.area).await?.code,
        date_from: a.date_from.to_string(),
        date_to: a.date_to.map(|d| d.to_string()),
        title: a.title.clone(),
        plan_item: a.plan_item,
        task_id: a.task.map(|t| t.0),
        data: a.data.clone(),
        version: Some(a.version),
    };
    Ok(Html(form(page, Some(id), a.kind, input, Vec::new()).render()?))
}

/// `POST /activities/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> PageResult<Response> {
    let current = state.store.activity(ActivityId(id)).await?;
    require_change(&state, &user, &current).await?;
    let input = input_of(pairs, current.kind);
    let result = match (resolve(&state, &user, &input).await, super::required_version(input.version)) {
        (Ok((activity, scope_path)), Ok(version)) => state
            .store
            .update_activity(current.id, &activity, &scope_path, version, actor(&state, &user))
            .await
            .map_err(AppError::from),
        (Err(e), _) | (_, Err(e)) => Err(AppError::from(e)),
    };
    after_save(
        result,
        |_| see_other(&format!("/activities/{id}")),
        Some("version"),
        async |errors| Ok(Html(form(page, Some(id), current.kind, input, errors).render()?)),
    )
    .await
}

/// The delete form: the version read.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    version: String,
}

/// `POST /activities/{id}/delete` (the form asks for confirmation first, and carries the version
/// read). An administrator can restore the activity for a while.
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<DeleteForm>,
) -> PageResult<Response> {
    super::delete(&state, &user, ActivityId(id), f.version.trim().parse().ok()).await?;
    Ok(see_other("/activities"))
}

/// The deleted activities of an administrator's scope, with a button to restore each.
#[derive(Template)]
#[template(path = "activities/deleted.html")]
struct Deleted {
    page: Page,
    rows: Vec<(i64, String, String, String)>,
}

/// `GET /activities/deleted` (administrators).
pub async fn deleted(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
) -> PageResult<Html<String>> {
    let rows = super::deleted(&state, &user)
        .await?
        .into_iter()
        .map(|d| {
            let label = d.kind.parse::<ActivityType>().map_or_else(|_| d.kind.clone(), |k| page.label(k).to_owned());
            let when = chrono::DateTime::parse_from_rfc3339(&d.deleted_at)
                .map(|t| {
                    t.with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap_or(*t.offset()))
                        .format("%d/%m/%Y %H:%M")
                        .to_string()
                })
                .unwrap_or(d.deleted_at);
            (d.id, label, d.title, when)
        })
        .collect();
    Ok(Html(Deleted { page, rows }.render()?))
}

/// `POST /activities/{id}/restore` (administrators).
pub async fn restore(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    super::restore(&state, &user, ActivityId(id)).await?;
    Ok(see_other(&format!("/activities/{id}")))
}

/// `GET /activities/export.xlsx?…`: the filtered list with every type's fields.
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<PageQuery>,
) -> PageResult<Response> {
    use binhdang_office::xlsx::{Cell, Sheet, write};
    let mut lq = q.list_query();
    let filter = filter_of(&state, &user, &{
        lq = serde_json::from_value(
            serde_json::json!({"type": q.kind, "area": q.area, "from": q.from, "to": q.to, "q": q.q, "limit": 1000}),
        )
        .unwrap_or(lq);
        lq
    })
    .await
    .map_err(api_error)?;
    let (items, _) = state.store.list_activities(&filter).await?;
    let names = crate::tasks::unit_names(&state, items.iter().flat_map(|a| [a.area, a.agency]).collect()).await?;
    let mut sheets = Vec::new();
    for kind in ActivityType::ALL {
        let of_kind: Vec<&Activity> = items.iter().filter(|a| a.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let mut headers = vec![
            "Số".to_owned(),
            "Từ ngày".into(),
            "Đến ngày".into(),
            "Tên hoạt động".into(),
            "Địa bàn".into(),
            "Cơ quan".into(),
        ];
        headers.extend(kind.fields().iter().map(|d| d.label.to_owned()));
        let rows = of_kind
            .iter()
            .map(|a| {
                let mut row = vec![
                    Cell::Integer(a.id.0),
                    Cell::Date(a.date_from),
                    a.date_to.map_or(Cell::Empty, Cell::Date),
                    Cell::Text(a.title.clone()),
                    Cell::Text(names.get(&a.area).cloned().unwrap_or_default()),
                    Cell::Text(names.get(&a.agency).cloned().unwrap_or_default()),
                ];
                row.extend(kind.fields().iter().map(|d| match (d.kind, a.data.get(d.name).and_then(Value::as_i64)) {
                    (FieldKind::Count | FieldKind::Money, Some(n)) => Cell::Integer(n),
                    _ => Cell::Text(display(d.kind, a.data.get(d.name), Lang::Vi)),
                }));
                row
            })
            .collect();
        sheets.push(Sheet { caption: Vec::new(), title: kind.label_vi().to_owned(), headers, rows });
    }
    if sheets.is_empty() {
        sheets.push(Sheet {
            caption: Vec::new(),
            title: "Hoạt động".into(),
            headers: vec!["Không có hoạt động nào".into()],
            rows: Vec::new(),
        });
    }
    let bytes = write(&sheets).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"hoat-dong.xlsx\""),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "activities/figures.html")]
struct Figures {
    page: Page,
    area: String,
    area_name: String,
    period: i32,
    as_of: String,
    rows: Vec<(String, String, String, String)>,
}

/// Query of the figures page.
#[derive(Debug, Default, Deserialize)]
pub struct FiguresQuery {
    area: Option<String>,
    period: Option<String>,
    as_of: Option<String>,
}

/// `GET /figures?area=&period=&as_of=`.
pub async fn figures_page(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<FiguresQuery>,
) -> PageResult<Html<String>> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let area = if let Some(code) = q.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        by_code(&state, code, day).await?
    } else {
        let agency = state.store.unit(user.agency_id).await?;
        state.store.unit(agency.scope_area()).await?
    };
    let year = period(q.period.as_deref(), state.clock.today())?;
    let items = figures(&state, &user, &area, year).await?;
    let rows = items.iter().map(|f| figure_row(f, page.lang)).collect();
    Ok(Html(
        Figures { area: area.code, area_name: area.name, period: year, as_of: day.to_string(), rows, page }.render()?,
    ))
}

/// A figure as its pages show it: the code (a hint), its meaning and its disaggregation in the
/// page's language ("Giới tính: Nữ", not `sex=nu`), and the value.
fn figure_row(f: &binhdang_core::activities::Figure, lang: Lang) -> (String, String, String, String) {
    let meaning = binhdang_core::activities::figure_meaning(f.code).map_or("", |(vi, en)| lang.pick(vi, en));
    let dims = (f.disaggregation.iter())
        .map(|(k, v)| {
            let (vi, en) = binhdang_core::activities::disaggregation_label(k, v);
            lang.pick(&vi, &en).to_owned()
        })
        .collect::<Vec<_>>()
        .join("; ");
    (f.code.to_owned(), meaning.to_owned(), dims, crate::page::vn_int(f.value as i64))
}

/// `POST /activities/{id}/files` (multipart, the CSRF token in the query): attaches a file.
pub async fn add_file(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let a = state.store.activity(ActivityId(id)).await?;
    // Rights first: nothing of the body is read for a user who may not change the activity.
    require_change(&state, &user, &a).await?;
    while let Some(field) = multipart.next_field().await.map_err(|e| AppError::BadRequest(e.to_string()))? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("").to_owned();
        let bytes = crate::uploads::read_field(field, binhdang_app::documents::MAX_FILE_BYTES).await?;
        attach(&state, &user, &a, name, bytes).await?;
    }
    Ok(see_other(&format!("/activities/{id}#files")))
}

/// `GET /activities/{id}/files/{file}`.
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, file)): Path<(i64, i64)>,
) -> PageResult<Response> {
    let a = state.store.activity(ActivityId(id)).await?;
    require_read(&state, &user, &a).await?;
    Ok(crate::documents::pages::download(state.store.activity_file(a.id, file).await?))
}
