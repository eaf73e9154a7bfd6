//! The plan pages and exports.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use binhdang_core::FieldError;
use binhdang_core::indicators::trim_number;
use binhdang_core::plans::{PlanId, PlanStatus};
use binhdang_core::units::vn_date;
use binhdang_office::xlsx::{Cell, Sheet};

use super::{
    BudgetInput, ItemInput, PlanInput, PlanView, group_title, require_change, require_read, source_label, view,
};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::page::{Page, after_save, field_error, refused, see_other, vn_int};
use crate::units::scope_of;

#[derive(Template)]
#[template(path = "plans/list.html")]
struct List {
    page: Page,
    rows: Vec<(i64, String, String, String, PlanStatus)>,
    errors: Vec<FieldError>,
    form: PlanInput,
    /// The user may draft plans.
    can_create: bool,
}

impl List {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn render_list(
    state: &AppState,
    page: Page,
    user: &binhdang_core::users::User,
    form: PlanInput,
    errors: Vec<FieldError>,
) -> PageResult<Html<String>> {
    let scope = scope_of(state, user).await?;
    let plans = state.store.plans(scope.area).await?;
    let ids: Vec<_> = plans.iter().map(|p| p.header.agency).collect();
    let names = crate::tasks::unit_names(state, ids).await?;
    let rows = plans
        .iter()
        .map(|p| {
            let span = if p.header.year_from == p.header.year_to {
                p.header.year_from.to_string()
            } else {
                format!("{}–{}", p.header.year_from, p.header.year_to)
            };
            (
                p.id.0,
                p.header.title.clone(),
                names.get(&p.header.agency).cloned().unwrap_or_default(),
                span,
                p.header.status,
            )
        })
        .collect();
    let can_create = binhdang_app::units::may(
        state,
        user,
        binhdang_core::access::Record::Plan,
        binhdang_core::access::Action::Write,
    )
    .await?;
    Ok(Html(List { page, rows, errors, form, can_create }.render()?))
}

/// `GET /plans`.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
) -> PageResult<Html<String>> {
    let year = chrono::Datelike::year(&state.clock.today());
    render_list(&state, page, &user, PlanInput { year_from: year, year_to: year, ..PlanInput::default() }, Vec::new())
        .await
}

/// `POST /plans`.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    axum::Form(form): axum::Form<PlanInput>,
) -> PageResult<Response> {
    let result = super::create(&state, &user, &form).await.map_err(AppError::from);
    after_save(
        result,
        |plan| see_other(&format!("/plans/{}", plan.id.0)),
        None,
        async |errors| render_list(&state, page, &user, form, errors).await,
    )
    .await
}

/// An item on the page.
pub struct ItemRow {
    id: i64,
    number: String,
    title: String,
    lead: String,
    time: String,
    outputs: String,
    /// The linked task: its number and description.
    task: Option<(i64, String)>,
    budget: String,
    sub: bool,
}

/// A local target on the page, beside the national target of the same year.
pub struct TargetRow {
    code: String,
    name: String,
    year: i32,
    /// The local value with its unit (`55%`).
    local: String,
    /// The national target of the same year (`≥ 60%`); empty when the year is not a milestone,
    /// and then nothing is compared.
    national: String,
    /// The indicator's national milestones, for reference (`2025: ≥ 60% · 2030: ≥ 75%`).
    milestones: String,
    warning: Option<String>,
}

impl TargetRow {
    fn from_view(t: &super::TargetView) -> Self {
        let value = |v: f64| format!("{}{}", trim_number(v), t.unit);
        Self {
            code: t.target.indicator.clone(),
            name: if t.name.is_empty() { t.target.indicator.clone() } else { t.name.clone() },
            year: t.target.year,
            local: value(t.target.value),
            national: t.national.map(|v| format!("{} {}", t.sign, value(v))).unwrap_or_default(),
            milestones: t
                .milestones
                .iter()
                .map(|m| format!("{}: {} {}", m.year, t.sign, value(m.value)))
                .collect::<Vec<_>>()
                .join(" · "),
            warning: t.warning.clone(),
        }
    }
}

/// A task group on the page.
pub struct GroupView {
    number: u8,
    title: &'static str,
    items: Vec<ItemRow>,
    budget: String,
}

#[derive(Template)]
#[template(path = "plans/show.html")]
struct Show {
    page: Page,
    v: PlanView,
    groups: Vec<GroupView>,
    targets: Vec<TargetRow>,
    budget: Vec<(String, String, i32, String)>,
    by_source: Vec<(&'static str, String)>,
    total: String,
    can_change: bool,
    can_issue: bool,
    errors: Vec<FieldError>,
    warnings: Vec<String>,
    group_options: Vec<(u8, &'static str)>,
    source_options: Vec<(&'static str, &'static str)>,
}

impl Show {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn groups(state: &AppState, v: &PlanView, page: &Page) -> Result<Vec<GroupView>, AppError> {
    let ids: Vec<_> = v.items.iter().filter_map(|i| i.lead).collect();
    let names = crate::tasks::unit_names(state, ids).await?;
    let mut tasks = std::collections::HashMap::new();
    for t in v.items.iter().filter_map(|i| i.task) {
        if let std::collections::hash_map::Entry::Vacant(e) = tasks.entry(t) {
            e.insert(state.store.task(t).await?.description);
        }
    }
    Ok(page
        .lang
        .plan_groups()
        .into_iter()
        .map(|(g, title)| {
            let g = &g;
            let mut items = Vec::new();
            let top: Vec<_> = v.items.iter().filter(|i| i.group == *g && i.parent.is_none()).collect();
            for (n, item) in top.iter().enumerate() {
                let row = |i: &binhdang_core::plans::PlanItem, number: String, sub: bool| ItemRow {
                    id: i.id,
                    number,
                    title: i.title.clone(),
                    lead: i.lead.and_then(|l| names.get(&l).cloned()).unwrap_or_default(),
                    time: match (i.start, i.end) {
                        (Some(s), Some(e)) => format!("{} – {}", vn_date(s), vn_date(e)),
                        (Some(s), None) => format!("{} {}", page.t.from, vn_date(s)),
                        (None, Some(e)) => format!("{} {}", page.t.until, vn_date(e)),
                        (None, None) => String::new(),
                    },
                    outputs: i.outputs.clone(),
                    task: i.task.map(|t| (t.0, tasks.get(&t).cloned().unwrap_or_default())),
                    budget: v.totals.by_item.get(&i.id).map(|a| vn_int(*a)).unwrap_or_default(),
                    sub,
                };
                items.push(row(item, format!("{g}.{}", n + 1), false));
                for (m, s) in v.items.iter().filter(|s| s.parent == Some(item.id)).enumerate() {
                    items.push(row(s, format!("{g}.{}.{}", n + 1, m + 1), true));
                }
            }
            GroupView {
                number: *g,
                title,
                items,
                budget: v.totals.by_group.get(g).map(|a| vn_int(*a)).unwrap_or_default(),
            }
        })
        .collect())
}

async fn render(
    state: &AppState,
    page: Page,
    user: &binhdang_core::users::User,
    id: PlanId,
    errors: Vec<FieldError>,
    warnings: Vec<String>,
) -> PageResult<Html<String>> {
    let plan = state.store.plan(id).await?;
    require_read(state, user, &plan).await?;
    let may_write = require_change(state, user, &plan).await.is_ok();
    let can_change = may_write && plan.header.status == PlanStatus::Draft;
    let can_issue = super::require_issuer(state, user, &plan).await.is_ok();
    let v = view(state, id).await?;
    let groups = groups(state, &v, &page).await?;
    let targets = v.targets.iter().map(TargetRow::from_view).collect();
    let items: std::collections::HashMap<i64, String> = v.items.iter().map(|i| (i.id, i.title.clone())).collect();
    let budget = v
        .budget
        .iter()
        .map(|b| {
            (
                b.item.and_then(|i| items.get(&i).cloned()).unwrap_or_else(|| page.t.general.into()),
                page.lang.fund_source(&b.source).to_owned(),
                b.year,
                vn_int(b.amount),
            )
        })
        .collect();
    let by_source = (page.lang.fund_sources().into_iter())
        .map(|(c, l)| (l, vn_int(v.totals.by_source.get(c).copied().unwrap_or(0))))
        .collect();
    let total = vn_int(v.totals.total);
    Ok(Html(
        Show {
            v,
            groups,
            targets,
            budget,
            by_source,
            total,
            can_change,
            can_issue,
            errors,
            warnings,
            group_options: page.lang.plan_groups(),
            source_options: page.lang.fund_sources(),
            page,
        }
        .render()?,
    ))
}

/// `GET /plans/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    render(&state, page, &user, PlanId(id), Vec::new(), Vec::new()).await
}

/// The item form.
#[derive(Debug, Deserialize)]
pub struct ItemForm {
    group: u8,
    #[serde(default)]
    parent_id: String,
    title: String,
    #[serde(default)]
    lead_code: String,
    #[serde(default)]
    coordinator_codes: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    outputs: String,
    #[serde(default)]
    task_id: String,
}

fn some(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// `POST /plans/{id}/items`.
pub async fn add_item(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<ItemForm>,
) -> PageResult<Response> {
    let input = ItemInput {
        group: f.group,
        parent_id: f.parent_id.trim().parse().ok(),
        title: f.title,
        lead_code: some(&f.lead_code),
        coordinator_codes: f.coordinator_codes.split([',', ';']).filter_map(some).collect(),
        start: some(&f.start),
        end: some(&f.end),
        outputs: f.outputs,
        task_id: f.task_id.trim().parse().ok(),
    };
    let result = super::add_item(&state, &user, PlanId(id), &input).await.map_err(AppError::from);
    after_save(
        result,
        |_| see_other(&format!("/plans/{id}#items")),
        None,
        async |errors| render(&state, page, &user, PlanId(id), errors, Vec::new()).await,
    )
    .await
}

/// `POST /plans/{id}/targets` (multipart: one target typed in, or a workbook of them).
pub async fn set_targets(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    // The right to change the plan is checked before the upload is read.
    let plan = state.store.plan(PlanId(id)).await?;
    require_change(&state, &user, &plan).await?;
    let (mut indicator, mut year, mut value) = (String::new(), String::new(), String::new());
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| AppError::BadRequest(e.to_string()))? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let bytes = crate::uploads::read_field(field, binhdang_office::text::MAX_UPLOAD_BYTES).await?;
            if !file_name.is_empty() && !bytes.is_empty() {
                file = Some((file_name, bytes));
            }
            continue;
        }
        let text = field.text().await.map_err(|e| AppError::BadRequest(e.to_string()))?;
        match name.as_str() {
            "indicator" => indicator = text,
            "year" => year = text,
            "value" => value = text,
            _ => {}
        }
    }
    let targets = match file {
        Some((name, bytes)) => crate::uploads::heavy(&state, move || super::targets_from_xlsx(&name, &bytes))
            .await
            .and_then(|r| r.map_err(AppError::from)),
        None => match (year.trim().parse::<i32>(), value.trim().replace(',', ".").parse::<f64>()) {
            (Ok(year), Ok(value)) => Ok(vec![(
                "chỉ tiêu".to_owned(),
                binhdang_core::plans::LocalTarget { indicator: indicator.trim().to_owned(), year, value },
            )]),
            _ => Err(AppError::Invalid(vec![FieldError::new("value", "cần năm và giá trị là số")])),
        },
    };
    let result = match targets {
        Ok(t) => super::set_targets(&state, &user, PlanId(id), &t).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(warnings) => Ok(render(&state, page, &user, PlanId(id), Vec::new(), warnings).await?.into_response()),
        Err(e) => {
            refused(e, None, async |errors| render(&state, page, &user, PlanId(id), errors, Vec::new()).await).await
        }
    }
}

/// The budget form.
#[derive(Debug, Deserialize)]
pub struct BudgetForm {
    #[serde(default)]
    item_id: String,
    source: String,
    year: i32,
    amount: String,
}

/// `POST /plans/{id}/budget`.
pub async fn add_budget(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<BudgetForm>,
) -> PageResult<Response> {
    let amount = f.amount.trim().replace(['.', ' '], "").parse::<i64>();
    let result = match amount {
        Ok(amount) => super::add_budget(
            &state,
            &user,
            PlanId(id),
            &BudgetInput { item_id: f.item_id.trim().parse().ok(), source: f.source, year: f.year, amount },
        )
        .await
        .map_err(AppError::from),
        Err(_) => Err(AppError::Invalid(vec![FieldError::new(
            "amount",
            format!("kinh phí \"{}\" không phải là số", f.amount),
        )])),
    };
    after_save(
        result,
        |_| see_other(&format!("/plans/{id}#budget")),
        None,
        async |errors| render(&state, page, &user, PlanId(id), errors, Vec::new()).await,
    )
    .await
}

/// The status form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    status: String,
    version: i64,
    /// The approving document's code ("15/KH-UBND"), as registered.
    #[serde(default)]
    document: String,
}

/// `POST /plans/{id}/status`.
pub async fn set_status(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<StatusForm>,
) -> PageResult<Response> {
    let document = match f.document.trim() {
        "" => None,
        code => {
            let doc = crate::documents::find_for(&state, &user, code).await?.ok_or_else(|| {
                binhdang_core::Error::invalid(
                    "document",
                    format!("văn bản {code} chưa có trong sổ mà bạn được xem; hãy vào sổ trước"),
                )
            })?;
            Some(doc.id.0)
        }
    };
    super::set_status(&state, &user, PlanId(id), &f.status, document, f.version).await?;
    Ok(see_other(&format!("/plans/{id}")))
}

/// `GET /plans/{id}/export.docx`: the plan as a Kế hoạch ready to issue
/// (`binhdang_app::plans::document`).
pub async fn export_docx(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let bytes = super::document::docx(&state, &user, PlanId(id)).await?;
    Ok((
        [
            (CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"ke-hoach-{id}.docx\"")),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /plans/{id}/export.xlsx`: items, targets and budget.
pub async fn export_xlsx(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let plan = state.store.plan(PlanId(id)).await?;
    require_read(&state, &user, &plan).await?;
    let v = view(&state, plan.id).await?;
    let ids: Vec<_> = v.items.iter().filter_map(|i| i.lead).collect();
    let names = crate::tasks::unit_names(&state, ids).await?;
    let items = Sheet {
        caption: Vec::new(),
        title: "Nhiệm vụ".into(),
        headers: ["Nhóm", "Nội dung", "Chủ trì", "Từ", "Đến", "Sản phẩm", "Kinh phí (đồng)"].map(String::from).to_vec(),
        rows: v
            .items
            .iter()
            .map(|i| {
                vec![
                    Cell::Text(group_title(i.group).to_owned()),
                    Cell::Text(i.title.clone()),
                    Cell::Text(i.lead.and_then(|l| names.get(&l).cloned()).unwrap_or_default()),
                    i.start.map_or(Cell::Empty, Cell::Date),
                    i.end.map_or(Cell::Empty, Cell::Date),
                    Cell::Text(i.outputs.clone()),
                    Cell::Integer(v.totals.by_item.get(&i.id).copied().unwrap_or(0)),
                ]
            })
            .collect(),
    };
    let targets = Sheet {
        caption: Vec::new(),
        title: "Chỉ tiêu".into(),
        headers: ["Mã", "Chỉ tiêu", "Năm", "Giá trị", "Cảnh báo"].map(String::from).to_vec(),
        rows: v
            .targets
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.target.indicator.clone()),
                    Cell::Text(t.name.clone()),
                    Cell::Integer(i64::from(t.target.year)),
                    Cell::Number(t.target.value),
                    Cell::Text(t.warning.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    };
    let budget = Sheet {
        caption: Vec::new(),
        title: "Kinh phí".into(),
        headers: ["Nội dung", "Nguồn", "Năm", "Kinh phí (đồng)"].map(String::from).to_vec(),
        rows: v
            .budget
            .iter()
            .map(|b| {
                let item = b
                    .item
                    .and_then(|i| v.items.iter().find(|x| x.id == i))
                    .map_or_else(|| "Chung".to_owned(), |i| i.title.clone());
                vec![
                    Cell::Text(item),
                    Cell::Text(source_label(&b.source).to_owned()),
                    Cell::Integer(i64::from(b.year)),
                    Cell::Integer(b.amount),
                ]
            })
            .chain(std::iter::once(vec![
                Cell::Text("Tổng cộng".into()),
                Cell::Empty,
                Cell::Empty,
                Cell::Integer(v.totals.total),
            ]))
            .collect(),
    };
    let bytes =
        binhdang_office::xlsx::write(&[items, targets, budget]).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"ke-hoach-{id}.xlsx\"")),
        ],
        bytes,
    )
        .into_response())
}
