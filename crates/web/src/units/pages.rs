//! The unit browser and unit pages. The browser is a tree opened level by level (htmx fetches
//! each level when it is opened) with an "as of" date, and a search by name with or without
//! diacritics; a unit that has ceased to exist on the chosen date is offered with what it became.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use binhdang_core::units::{Contact, Unit, UnitFilter, UnitId, UnitKind};
use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::audit::AuditEntry;
use binhdang_store::units::StoredContact;

use super::{SuccessorInput, UnitInput, as_of, natural_day, require_admin, require_write};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::page::{Page, UnitView, after_save, field_error, see_other, vn_int};

const PAGE_SIZE: u32 = 50;

/// Query of the browser.
#[derive(Debug, Default, Deserialize)]
pub struct BrowseQuery {
    as_of: Option<String>,
    q: Option<String>,
    kind: Option<String>,
    page: Option<u32>,
}

/// An ended unit and what it became.
pub struct Former {
    unit: UnitView,
    now: Vec<UnitView>,
}

#[derive(Template)]
#[template(path = "units/browse.html")]
struct Browse {
    page: Page,
    as_of: String,
    q: String,
    kinds: Vec<(&'static str, &'static str, bool)>,
    results: Results,
}

/// The part htmx swaps in place.
#[derive(Template)]
#[template(path = "units/results.html")]
struct Results {
    page: Page,
    as_of: String,
    searching: bool,
    items: Vec<UnitView>,
    total: String,
    former: Vec<Former>,
    roots: Vec<UnitView>,
    prev: Option<String>,
    next: Option<String>,
}

fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-history-restore-request")
}

fn page_link(as_of: &str, q: &str, kind: &str, page: u32) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect::<String>()
    };
    format!("/units?as_of={as_of}&q={}&kind={}&page={page}", enc(q), enc(kind))
}

/// `GET /units`.
pub async fn browse(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Query(query): Query<BrowseQuery>,
) -> PageResult<Response> {
    let day = as_of(&state, query.as_of.as_deref())?;
    let q = query.q.unwrap_or_default().trim().to_owned();
    let kind_text = query.kind.unwrap_or_default();
    let kind = if kind_text.is_empty() { None } else { Some(kind_text.parse::<UnitKind>()?) };
    let day_text = day.format("%Y-%m-%d").to_string();
    let searching = !q.is_empty() || kind.is_some();
    let page_no = query.page.unwrap_or(0);
    let offset = binhdang_core::search::page_offset(page_no, PAGE_SIZE)?;
    binhdang_core::search::check_query("q", Some(&q))?;
    let mut results = Results {
        page: page.clone(),
        as_of: day_text.clone(),
        searching,
        items: Vec::new(),
        total: String::new(),
        former: Vec::new(),
        roots: Vec::new(),
        prev: None,
        next: None,
    };
    if searching {
        let filter = UnitFilter { as_of: day, q: Some(q.clone()), kind, parent: None, limit: PAGE_SIZE, offset };
        let (units, total) = state.store.list_units(&filter).await?;
        results.items = units.iter().map(|u| page.unit_view(u)).collect();
        results.total = vn_int(total as i64);
        if page_no > 0 {
            results.prev = Some(page_link(&day_text, &q, &kind_text, page_no - 1));
        }
        if u64::from(offset) + u64::from(PAGE_SIZE) < total {
            results.next = Some(page_link(&day_text, &q, &kind_text, page_no + 1));
        }
        if page_no == 0 {
            for (unit, now) in state.store.former_units(&q, kind, day, 10).await? {
                results
                    .former
                    .push(Former { unit: page.unit_view(&unit), now: now.iter().map(|u| page.unit_view(u)).collect() });
            }
        }
    } else {
        results.roots = state.store.roots(day).await?.iter().map(|u| page.unit_view(u)).collect();
    }
    if is_htmx(&headers) {
        return Ok(Html(results.render()?).into_response());
    }
    let kinds = UnitKind::ALL.iter().map(|k| (k.as_str(), page.kind_label(*k), k.as_str() == kind_text)).collect();
    Ok(Html(Browse { page, as_of: day_text, q, kinds, results }.render()?).into_response())
}

#[derive(Template)]
#[template(path = "units/children.html")]
struct Children {
    as_of: String,
    items: Vec<UnitView>,
    none: &'static str,
}

/// Query with a date.
#[derive(Debug, Default, Deserialize)]
pub struct AsOfQuery {
    as_of: Option<String>,
}

/// `GET /units/{id}/children?as_of=`: one level of the tree (htmx).
pub async fn children(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(q): Query<AsOfQuery>,
) -> PageResult<Html<String>> {
    let day = as_of(&state, q.as_of.as_deref())?;
    let items = state.store.children(UnitId(id), day).await?.iter().map(|u| page.unit_view(u)).collect();
    Ok(Html(Children { as_of: day.format("%Y-%m-%d").to_string(), items, none: page.t.none }.render()?))
}

/// A lineage neighbour on the page.
pub struct LinkedView {
    unit: UnitView,
    kind: &'static str,
    weight: String,
    is_main: bool,
}

#[derive(Template)]
#[template(path = "units/show.html")]
struct Show {
    page: Page,
    unit: UnitView,
    unit_kind: &'static str,
    as_of: String,
    parent: Option<UnitView>,
    children: Vec<UnitView>,
    predecessors: Vec<LinkedView>,
    successors: Vec<LinkedView>,
    agencies: Vec<UnitView>,
    is_agency: bool,
    contact: Option<StoredContact>,
    contact_form: Contact,
    contact_version: i64,
    symbols: Option<binhdang_core::documents::SymbolTemplates>,
    symbol_form: binhdang_core::documents::SymbolTemplates,
    can_edit_contact: bool,
    can_admin: bool,
    errors: Vec<FieldError>,
    history: Vec<AuditEntry>,
}

impl Show {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn render_show(
    state: &AppState,
    page: Page,
    unit: &Unit,
    day: NaiveDate,
    errors: Vec<FieldError>,
    form: Option<Contact>,
) -> PageResult<Html<String>> {
    render_show_with(state, page, unit, day, errors, form, None).await
}

async fn render_show_with(
    state: &AppState,
    page: Page,
    unit: &Unit,
    day: NaiveDate,
    errors: Vec<FieldError>,
    form: Option<Contact>,
    symbol_form: Option<binhdang_core::documents::SymbolTemplates>,
) -> PageResult<Html<String>> {
    let parent = match unit.parent_id {
        Some(p) => Some(page.unit_view(&state.store.unit(p).await?)),
        None => None,
    };
    let children = state.store.children(unit.id, day).await?.iter().map(|u| page.unit_view(u)).collect();
    let (preds, succs) = state.store.lineage(unit.id).await?;
    let view_linked = |l: &binhdang_store::units::Linked| LinkedView {
        unit: page.unit_view(&l.unit),
        kind: match l.lineage.kind {
            binhdang_core::units::LineageKind::Merged => page.t.merged,
            binhdang_core::units::LineageKind::Divided => page.t.divided,
        },
        weight: format!("{:.2}", l.lineage.weight).replace('.', ","),
        is_main: l.lineage.is_main,
    };
    let predecessors = preds.iter().map(view_linked).collect();
    let successors = succs.iter().map(view_linked).collect();
    let is_agency = !unit.kind.is_area();
    let agencies = if is_agency {
        Vec::new()
    } else {
        state.store.agencies_serving(unit.id, day).await?.iter().map(|u| page.unit_view(u)).collect()
    };
    // Focal-point contacts are for logged-in users, as in the API.
    let contact = if is_agency && page.user.is_some() { state.store.contact(unit.id).await? } else { None };
    let symbols = if is_agency { state.store.symbol_templates(unit.id).await? } else { None };
    let symbol_form = symbol_form.or_else(|| symbols.clone()).unwrap_or(binhdang_core::documents::SymbolTemplates {
        symbol_template: String::new(),
        letter_symbol: String::new(),
    });
    let (can_edit_contact, can_admin) = match &page.user {
        Some(user) => (
            is_agency && require_write(state, user, unit).await.is_ok(),
            require_admin(state, user, unit).await.is_ok(),
        ),
        None => (false, false),
    };
    let history =
        if page.user.is_some() { state.store.audit_of("unit", &unit.id.to_string(), 20).await? } else { Vec::new() };
    let contact_form = form.unwrap_or_else(|| contact.as_ref().map(|c| c.contact.clone()).unwrap_or_default());
    let show = Show {
        unit: page.unit_view(unit),
        unit_kind: page.kind_label(unit.kind),
        as_of: day.format("%Y-%m-%d").to_string(),
        parent,
        children,
        predecessors,
        successors,
        agencies,
        is_agency,
        contact_version: contact.as_ref().map_or(0, |c| c.version),
        symbols,
        symbol_form,
        contact,
        contact_form,
        can_edit_contact,
        can_admin,
        errors,
        history,
        page,
    };
    Ok(Html(show.render()?))
}

/// `GET /units/{id}?as_of=`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(q): Query<AsOfQuery>,
) -> PageResult<Html<String>> {
    let unit = state.store.unit(UnitId(id)).await?;
    let day = match q.as_of.as_deref().filter(|s| !s.is_empty()) {
        Some(_) => as_of(&state, q.as_of.as_deref())?,
        None => natural_day(&state, &unit),
    };
    render_show(&state, page, &unit, day, Vec::new(), None).await
}

/// The contact form.
#[derive(Debug, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    focal_person: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    version: i64,
    as_of: Option<String>,
}

/// `POST /units/{id}/contact`.
pub async fn set_contact(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<ContactForm>,
) -> PageResult<Response> {
    let unit = state.store.unit(UnitId(id)).await?;
    let day = as_of(&state, form.as_of.as_deref())?;
    let contact =
        Contact { focal_person: form.focal_person, position: form.position, phone: form.phone, email: form.email };
    let result = super::set_contact(&state, &user, &unit, &contact, form.version).await.map_err(AppError::from);
    after_save(
        result,
        |_| see_other(&format!("/units/{id}?as_of={day}")),
        Some("version"),
        async |errors| render_show(&state, page, &unit, day, errors, Some(contact)).await,
    )
    .await
}

#[derive(Template)]
#[template(path = "units/form.html")]
struct UnitForm {
    page: Page,
    action: String,
    title: String,
    input: UnitInput,
    kinds: Vec<(&'static str, &'static str, bool)>,
    errors: Vec<FieldError>,
}

impl UnitForm {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }

    fn value(v: Option<&String>) -> &str {
        v.map_or("", String::as_str)
    }
}

fn form_page(page: Page, action: String, title: String, input: UnitInput, errors: Vec<FieldError>) -> UnitForm {
    let kinds = UnitKind::ALL.iter().map(|k| (k.as_str(), page.kind_label(*k), k.as_str() == input.kind)).collect();
    UnitForm { page, action, title, input, kinds, errors }
}

/// `GET /units/new`.
pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
) -> PageResult<Html<String>> {
    super::require_registry_admin(&state, &user).await?;
    let title = page.t.new_unit.to_owned();
    Ok(Html(form_page(page, "/units".into(), title, UnitInput::default(), Vec::new()).render()?))
}

/// `POST /units`.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    axum::Form(input): axum::Form<UnitInput>,
) -> PageResult<Response> {
    super::require_registry_admin(&state, &user).await?;
    let result = super::create(&state, &user, &input).await;
    after_save(
        result.map_err(AppError::from),
        |unit| see_other(&format!("/units/{}", unit.id)),
        Some("code"),
        async |errors| {
            let title = page.t.new_unit.to_owned();
            Ok(Html(form_page(page, "/units".into(), title, input, errors).render()?))
        },
    )
    .await
}

fn input_of(unit: &Unit, parent_code: Option<String>, area_code: Option<String>) -> UnitInput {
    UnitInput {
        code: unit.code.clone(),
        name: unit.name.clone(),
        kind: unit.kind.as_str().to_owned(),
        parent_code,
        area_code,
        valid_from: unit.validity.from.map(|d| d.to_string()),
        valid_to: unit.validity.to.map(|d| d.to_string()),
        version: Some(unit.version),
    }
}

/// `GET /units/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    let unit = state.store.unit(UnitId(id)).await?;
    require_admin(&state, &user, &unit).await?;
    let codes = state.store.codes_of(&[unit.parent_id, unit.area_id].into_iter().flatten().collect::<Vec<_>>()).await?;
    let input = input_of(
        &unit,
        unit.parent_id.and_then(|p| codes.get(&p).cloned()),
        unit.area_id.and_then(|a| codes.get(&a).cloned()),
    );
    let title = format!("{}: {}", page.t.edit, unit.name);
    Ok(Html(form_page(page, format!("/units/{id}/edit"), title, input, Vec::new()).render()?))
}

/// `POST /units/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(input): axum::Form<UnitInput>,
) -> PageResult<Response> {
    let unit = state.store.unit(UnitId(id)).await?;
    require_admin(&state, &user, &unit).await?;
    let result = super::update(&state, &user, &unit, &input).await;
    let title = format!("{}: {}", page.t.edit, unit.name);
    after_save(
        result.map_err(AppError::from),
        |u| see_other(&format!("/units/{}", u.id)),
        Some("version"),
        async |errors| Ok(Html(form_page(page, format!("/units/{id}/edit"), title, input, errors).render()?)),
    )
    .await
}

/// The successor form.
#[derive(Debug, Deserialize)]
pub struct SuccessorForm {
    successor_code: String,
    successor_as_of: Option<String>,
    kind: String,
    weight: Option<String>,
    is_main: Option<String>,
}

/// `POST /units/{id}/successors`.
pub async fn add_successor(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<SuccessorForm>,
) -> PageResult<Response> {
    let unit = state.store.unit(UnitId(id)).await?;
    let weight = match form.weight.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        Some(w) => Some(
            w.replace(',', ".")
                .parse::<f64>()
                .map_err(|_| DomainError::invalid("weight", format!("tỷ lệ \"{w}\" không phải là số")))?,
        ),
        None => None,
    };
    let input = SuccessorInput {
        successor_code: form.successor_code,
        successor_as_of: form.successor_as_of,
        kind: form.kind,
        weight,
        is_main: Some(form.is_main.is_some()),
    };
    let result = super::add_successor(&state, &user, &unit, &input).await.map_err(AppError::from);
    after_save(
        result,
        |()| see_other(&format!("/units/{id}")),
        None,
        async |errors| render_show(&state, page, &unit, natural_day(&state, &unit), errors, None).await,
    )
    .await
}

/// The symbol-templates form.
#[derive(Debug, Deserialize)]
pub struct SymbolsForm {
    #[serde(default)]
    symbol_template: String,
    #[serde(default)]
    letter_symbol: String,
}

/// `POST /units/{id}/symbols`: the agency's outgoing-symbol templates.
pub async fn set_symbols(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<SymbolsForm>,
) -> PageResult<Response> {
    let unit = state.store.unit(UnitId(id)).await?;
    let t = binhdang_core::documents::SymbolTemplates {
        symbol_template: f.symbol_template.trim().to_owned(),
        letter_symbol: f.letter_symbol.trim().to_owned(),
    };
    let result = super::set_symbols(&state, &user, &unit, &t).await.map_err(AppError::from);
    after_save(
        result,
        |()| see_other(&format!("/units/{id}#symbols")),
        None,
        async |errors| render_show_with(&state, page, &unit, natural_day(&state, &unit), errors, None, Some(t)).await,
    )
    .await
}
