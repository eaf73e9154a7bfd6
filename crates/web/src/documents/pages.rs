//! The document pages: the list with search, "vào sổ" (paste or upload → the parser's
//! pre-filled form → register), the document page, the original file, directions, and creating
//! tasks from a document (one task, or one per agency of a group at once).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use binhdang_core::access::{Action, Record};
use serde::Deserialize;

use binhdang_core::FieldError;
use binhdang_core::documents::{AssignmentDraft, Direction, Document, DocumentId, LeaderDirection, Urgency};
use binhdang_core::tasks::Task;
use binhdang_core::units::{UnitKind, vn_date};
use binhdang_store::documents::{DocumentFilter, ResolvedCitation};

use super::{CitationInput, DocumentInput, input_from_letter, register, require_read};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::page::{Page, after_save, see_other, vn_int};
use crate::units::{require_write, scope_of};

const PAGE_SIZE: u32 = 50;

/// A document row.
pub struct Row {
    id: i64,
    code: String,
    date: String,
    subject: String,
    issuer: String,
    incoming: bool,
    register: String,
    /// The agency whose register holds it: the same letter registered by two agencies reads as two.
    register_agency: String,
}

fn row(d: &Document, names: &std::collections::HashMap<binhdang_core::units::UnitId, String>) -> Row {
    Row {
        id: d.id.0,
        code: d.title(),
        date: d.date.map(vn_date).unwrap_or_default(),
        subject: d.subject.clone(),
        issuer: d.issuer_name.clone(),
        incoming: d.direction == Direction::Incoming,
        register: format!("{}/{}", d.register_number, d.register_year),
        register_agency: names.get(&d.register_agency).cloned().unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "documents/list.html")]
struct List {
    page: Page,
    q: String,
    year: String,
    doc_type: String,
    issuer: String,
    direction: String,
    rows: Vec<Row>,
    total: String,
    /// The user may register letters.
    can_register: bool,
}

/// Query of the list.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    year: Option<String>,
    doc_type: Option<String>,
    issuer: Option<String>,
    direction: Option<String>,
    page: Option<u32>,
}

/// `GET /documents`.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<ListQuery>,
) -> PageResult<Html<String>> {
    binhdang_core::search::check_query("q", q.q.as_deref())?;
    binhdang_core::search::check_query("issuer", q.issuer.as_deref())?;
    let offset = binhdang_core::search::page_offset(q.page.unwrap_or(0), PAGE_SIZE)?;
    let scope = scope_of(&state, &user).await?;
    let year = q.year.as_deref().map(str::trim).filter(|y| !y.is_empty());
    let year_num = year
        .map(|y| {
            y.parse::<i32>().map_err(|_| binhdang_core::Error::invalid("year", format!("năm \"{y}\" không phải là số")))
        })
        .transpose()?;
    let direction = q.direction.as_deref().filter(|d| !d.is_empty()).map(str::parse::<Direction>).transpose()?;
    let filter = DocumentFilter {
        q: q.q.clone(),
        year: year_num,
        doc_type: q.doc_type.clone().filter(|t| !t.trim().is_empty()),
        issuer: q.issuer.clone(),
        direction,
        scope_area: Some(scope.area),
        limit: PAGE_SIZE,
        offset,
    };
    let (docs, total) = state.store.search_documents(&filter).await?;
    let names = state.store.names_of(&docs.iter().map(|d| d.register_agency).collect::<Vec<_>>()).await?;
    let can_register = binhdang_app::units::may(&state, &user, Record::Document, Action::Write).await?;
    Ok(Html(
        List {
            can_register,
            page,
            q: q.q.unwrap_or_default(),
            year: year.unwrap_or_default().to_owned(),
            doc_type: q.doc_type.unwrap_or_default(),
            issuer: q.issuer.unwrap_or_default(),
            direction: q.direction.unwrap_or_default(),
            rows: docs.iter().map(|d| row(d, &names)).collect(),
            total: vn_int(total as i64),
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "documents/new.html")]
struct New {
    page: Page,
    text: String,
    error: Option<String>,
}

/// `GET /documents/new`.
pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
) -> PageResult<Html<String>> {
    binhdang_app::units::require_role(&state, &user, Record::Document, Action::Write).await?;
    Ok(Html(New { page, text: String::new(), error: None }.render()?))
}

/// One input of the register form.
pub struct Field {
    name: &'static str,
    label_vi: &'static str,
    label_en: &'static str,
    value: String,
    /// `text`, `date`, `number`, `area` (several lines), `agency` (a picker of agencies).
    kind: &'static str,
    uncertain: bool,
    error: String,
}

/// One document of the register form.
#[allow(clippy::struct_excessive_bools, reason = "the form's checkboxes")]
pub struct DocForm {
    index: usize,
    include: bool,
    direction: String,
    urgencies: Vec<(&'static str, Urgency, bool)>,
    forwards_next: bool,
    has_next: bool,
    fields: Vec<Field>,
    /// Registered already, by an earlier sending of the form: a covering letter sent now still
    /// points at it.
    registered_id: Option<i64>,
    /// The assignments found, as the officer edits them, then an empty row to add one.
    assignments: Vec<AssignmentRow>,
    file_name: String,
    upload_token: String,
    errors: Vec<String>,
    allow_duplicate: bool,
}

/// One assignment of the register form, as shown or as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentRow {
    lead: String,
    /// One agency per line.
    coordinators: String,
    action: String,
    /// `dd/mm/yyyy`, or what was typed.
    deadline: String,
    at_once: bool,
    keep: bool,
    /// The empty row offered for adding one.
    is_new: bool,
    /// The problems of this row, for the officer.
    error: String,
}

impl AssignmentRow {
    fn of(a: &AssignmentDraft) -> Self {
        Self {
            lead: a.lead.clone(),
            coordinators: a.coordinators.join("\n"),
            action: a.action.clone(),
            deadline: a.deadline.map(vn_date).unwrap_or_default(),
            at_once: a.at_once,
            keep: true,
            is_new: false,
            error: String::new(),
        }
    }

    fn is_blank(&self) -> bool {
        [&self.lead, &self.coordinators, &self.action, &self.deadline].iter().all(|t| t.trim().is_empty())
    }
}

/// The rows of document `i` as the form sent them (at most 200).
fn assignment_rows(form: &BTreeMap<String, String>, i: usize) -> Vec<AssignmentRow> {
    let count = form.get(&format!("d{i}.assignment_count")).and_then(|c| c.parse::<usize>().ok()).unwrap_or(0).min(200);
    (0..count)
        .map(|k| {
            let get = |f: &str| form.get(&format!("d{i}.a{k}.{f}")).cloned().unwrap_or_default();
            AssignmentRow {
                lead: get("lead"),
                coordinators: get("coordinators"),
                action: get("action"),
                deadline: get("deadline"),
                at_once: form.contains_key(&format!("d{i}.a{k}.at_once")),
                keep: form.contains_key(&format!("d{i}.a{k}.keep")),
                is_new: false,
                error: String::new(),
            }
        })
        .filter(|r| !r.is_blank())
        .collect()
}

/// The assignments to register from the rows kept, with the field errors of the deadlines typed
/// (`assignments.N.deadline`, N counting the assignments registered).
fn drafts_of(rows: &[AssignmentRow]) -> (Vec<AssignmentDraft>, Vec<FieldError>) {
    let mut drafts = Vec::new();
    let mut errors = Vec::new();
    for row in rows.iter().filter(|r| r.keep) {
        let deadline = match row.deadline.trim() {
            "" => None,
            typed => binhdang_core::units::read_date(typed).or_else(|| {
                errors.push(FieldError::new(
                    format!("assignments.{}.deadline", drafts.len()),
                    format!("thời hạn \"{typed}\" không đúng dạng ngày/tháng/năm (ví dụ 15/12/2021)"),
                ));
                None
            }),
        };
        drafts.push(AssignmentDraft {
            lead: row.lead.trim().to_owned(),
            coordinators: lines(&row.coordinators),
            action: row.action.trim().to_owned(),
            deadline,
            at_once: row.at_once,
        });
    }
    (drafts, errors)
}

/// The rows to show: each with its errors (`assignments.N.…` counts the rows kept), then an
/// empty row for adding one.
fn rows_to_show(mut rows: Vec<AssignmentRow>, errors: &[FieldError]) -> Vec<AssignmentRow> {
    let mut kept = 0;
    for row in &mut rows {
        if !row.keep {
            continue;
        }
        let prefix = format!("assignments.{kept}.");
        row.error = errors
            .iter()
            .filter(|e| e.field.starts_with(&prefix))
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join("; ");
        kept += 1;
    }
    rows.push(AssignmentRow { keep: true, is_new: true, ..AssignmentRow::default() });
    rows
}

#[derive(Template)]
#[template(path = "documents/register.html")]
struct RegisterForm {
    page: Page,
    docs: Vec<DocForm>,
    /// Pages read from a scan by OCR (0: the text was typed, pasted or in the file).
    ocr_pages: usize,
}

/// The register form's fields: name, Vietnamese label, English label, input kind.
const FIELDS: &[(&str, &str, &str, &str)] = &[
    ("register_agency_code", "Vào sổ của cơ quan", "Register of agency", "agency"),
    ("arrival_date", "Ngày đến (văn bản đến)", "Date received (incoming)", "date"),
    ("receiving_unit", "Đơn vị, người nhận (văn bản đến)", "Unit or person receiving it (incoming)", "text"),
    ("issuer_name", "Cơ quan ban hành", "Issuing body", "text"),
    ("parent_issuer", "Cơ quan cấp trên", "Superior body", "text"),
    ("number", "Số", "Number", "text"),
    ("symbol", "Ký hiệu", "Symbol", "text"),
    ("doc_type", "Loại văn bản", "Document type", "text"),
    ("place", "Địa danh", "Place", "text"),
    ("date", "Ngày ban hành", "Date issued", "date"),
    ("subject", "Trích yếu", "Subject", "area"),
    ("recipients", "Kính gửi (mỗi dòng một nơi)", "To (one per line)", "area"),
    ("cc", "Nơi nhận (mỗi dòng một nơi)", "Copies to (one per line)", "area"),
    ("signing_authority_prefix", "Quyền hạn ký (KT., TM. …)", "Signing authority (KT., TM. …)", "text"),
    ("signer_title", "Chức vụ người ký", "Title of the signatory", "text"),
    ("signer_name", "Người ký", "Signatory", "text"),
    (
        "references",
        "Văn bản được dẫn (loại | số ký hiệu | ngày)",
        "Documents cited (type | number and symbol | date)",
        "area",
    ),
    ("body", "Nội dung", "Text", "area"),
];

fn value_of(input: &DocumentInput, name: &str) -> String {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    match name {
        "register_agency_code" => input.register_agency_code.clone(),
        "arrival_date" => o(&input.arrival_date),
        "receiving_unit" => o(&input.receiving_unit),
        "issuer_name" => input.issuer_name.clone(),
        "parent_issuer" => o(&input.parent_issuer),
        "number" => o(&input.number),
        "symbol" => o(&input.symbol),
        "doc_type" => input.doc_type.clone(),
        "place" => o(&input.place),
        "date" => o(&input.date),
        "subject" => input.subject.clone(),
        "recipients" => input.recipients.join("\n"),
        "cc" => input.cc.join("\n"),
        "signing_authority_prefix" => o(&input.signing_authority_prefix),
        "signer_title" => o(&input.signer_title),
        "signer_name" => o(&input.signer_name),
        "references" => input
            .references
            .iter()
            .map(|r| format!("{} | {} | {}", r.doc_type, r.full_code, r.date.clone().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("\n"),
        "body" => input.body.clone(),
        _ => String::new(),
    }
}

#[allow(clippy::too_many_arguments, reason = "the form's parts, each from its own source")]
fn doc_form(
    index: usize,
    count: usize,
    input: &DocumentInput,
    rows: Vec<AssignmentRow>,
    uncertain: &[&str],
    errors: &[FieldError],
    include: bool,
    forwards_next: bool,
) -> DocForm {
    let fields = FIELDS
        .iter()
        .map(|(name, vi, en, kind)| Field {
            name,
            label_vi: vi,
            label_en: en,
            value: value_of(input, name),
            kind,
            uncertain: uncertain.contains(name),
            error: errors.iter().filter(|e| e.field == *name).map(|e| e.message.clone()).collect::<Vec<_>>().join("; "),
        })
        .collect();
    let known: Vec<&str> = FIELDS.iter().map(|(n, _, _, _)| *n).collect();
    DocForm {
        index,
        include,
        direction: input.direction.clone(),
        urgencies: Urgency::ALL
            .iter()
            .map(|u| (u.as_str(), *u, input.urgency.as_deref().unwrap_or("normal") == u.as_str()))
            .collect(),
        forwards_next,
        has_next: index + 1 < count,
        fields,
        registered_id: None,
        assignments: rows_to_show(rows, errors),
        file_name: input.file_name.clone().unwrap_or_default(),
        upload_token: input.upload_token.clone().unwrap_or_default(),
        errors: errors
            .iter()
            .filter(|e| !known.contains(&e.field.as_str()) && !e.field.starts_with("assignments."))
            .map(ToString::to_string)
            .collect(),
        allow_duplicate: input.allow_duplicate,
    }
}

/// `POST /documents/parse`: text pasted or a file uploaded (multipart) → the register form.
pub async fn parse(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let mut text = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) =
        multipart.next_field().await.map_err(|e| AppError::BadRequest(format!("biểu mẫu gửi lên bị lỗi: {e}")))?
    {
        match field.name() {
            Some("text") => text = field.text().await.map_err(|e| AppError::BadRequest(e.to_string()))?,
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_owned();
                let bytes = match crate::uploads::read_field(field, super::MAX_FILE_BYTES).await {
                    Ok(b) => b,
                    Err(AppError::TooLarge(_)) => {
                        let error = Some(format!("Tệp {name} lớn hơn {} MB.", super::MAX_FILE_BYTES / 1024 / 1024));
                        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(New { page, text, error }.render()?))
                            .into_response());
                    }
                    Err(e) => return Err(e),
                };
                if !name.is_empty() && !bytes.is_empty() {
                    file = Some((name, bytes));
                }
            }
            _ => {}
        }
    }
    let mut ocr_pages = 0;
    if let Some((name, bytes)) = &file {
        let (name, bytes) = (name.clone(), bytes.clone());
        let ocr = binhdang_office::OcrLimits {
            pages: state.settings.ocr_max_pages,
            page_time: std::time::Duration::from_secs(state.settings.ocr_page_timeout_secs),
        };
        let limits = binhdang_office::Limits::default();
        match crate::uploads::heavy(&state, move || binhdang_office::read_letter(&name, &bytes, &limits, &ocr)).await? {
            Ok(reading) => {
                if reading.ocr_pages > 0 {
                    tracing::info!(pages = reading.ocr_pages, ms = reading.ocr_time.as_millis(), "letter read by OCR");
                }
                ocr_pages = reading.ocr_pages;
                text = reading.text;
            }
            Err(e) => {
                let error = Some(e.to_string());
                return Ok(
                    (StatusCode::UNPROCESSABLE_ENTITY, Html(New { page, text, error }.render()?)).into_response()
                );
            }
        }
    }
    if text.trim().is_empty() {
        let error = Some(page.t.no_text.to_owned());
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(New { page, text, error }.render()?)).into_response());
    }
    // The original stays on the server; the form carries only its token.
    let staged = match file {
        Some((name, bytes)) => Some(binhdang_app::uploads::stage(&state, &user, &name, bytes).await?),
        None => None,
    };
    let letters = {
        let text = text.clone();
        crate::uploads::heavy(&state, move || vanban::parse(&text)).await?
    };
    let today = state.clock.today();
    let agency = state.store.unit(user.agency_id).await?;
    let count = letters.len();
    let mut docs = Vec::with_capacity(count);
    for (i, letter) in letters.iter().enumerate() {
        // A letter from the user's own agency goes in the outgoing register, others incoming.
        let own = letter.issuer.as_deref().is_some_and(|n| vanban::fold(n) == vanban::fold(&agency.name));
        let direction = if own { Direction::Outgoing } else { Direction::Incoming };
        let mut input = input_from_letter(letter, direction, &agency.code, today);
        if let (0, Some(s)) = (i, &staged) {
            input.file_name = Some(s.name.clone());
            input.upload_token = Some(s.token.clone());
        }
        let uncertain: Vec<&str> = letter.confidence.iter().filter(|(_, c)| **c < 0.75).map(|(f, _)| *f).collect();
        let rows = input.assignments.iter().map(AssignmentRow::of).collect();
        docs.push(doc_form(i, count, &input, rows, &uncertain, &[], true, letter.forwards.is_some()));
    }
    Ok(Html(RegisterForm { page, docs, ocr_pages }.render()?).into_response())
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Reads document `i` of the register form.
fn input_of_form(form: &BTreeMap<String, String>, i: usize) -> DocumentInput {
    let get = |f: &str| form.get(&format!("d{i}.{f}")).cloned().unwrap_or_default();
    let opt = |f: &str| Some(get(f)).filter(|v| !v.trim().is_empty());
    DocumentInput {
        direction: get("direction"),
        register_agency_code: get("register_agency_code"),
        arrival_date: opt("arrival_date"),
        outgoing_number: None,
        issuer_name: get("issuer_name"),
        parent_issuer: opt("parent_issuer"),
        number: opt("number"),
        symbol: opt("symbol"),
        doc_type: get("doc_type"),
        place: opt("place"),
        date: opt("date"),
        subject: get("subject"),
        recipients: lines(&get("recipients")),
        cc: lines(&get("cc")),
        signer_name: opt("signer_name"),
        signer_title: opt("signer_title"),
        signing_authority_prefix: opt("signing_authority_prefix"),
        urgency: opt("urgency"),
        receiving_unit: opt("receiving_unit"),
        body: get("body"),
        references: lines(&get("references"))
            .iter()
            .map(|l| {
                let mut parts = l.split('|').map(str::trim);
                CitationInput {
                    doc_type: parts.next().unwrap_or("").to_owned(),
                    full_code: parts.next().unwrap_or("").to_owned(),
                    date: parts.next().filter(|d| !d.is_empty()).map(str::to_owned),
                }
            })
            .collect(),
        // Filled from the assignment rows by the caller.
        assignments: Vec::new(),
        forwards_id: None,
        allow_duplicate: form.contains_key(&format!("d{i}.allow_duplicate")),
        file_name: opt("file_name"),
        // The original comes only from the server's copy of the upload: bytes in the form are
        // never taken.
        file_base64: None,
        upload_token: opt("upload_token"),
    }
}

/// `POST /documents/register`: registers every included document of the form at once; when a
/// document forwards the next one, the next is registered first and linked.
pub async fn register_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> PageResult<Response> {
    let form: BTreeMap<String, String> = pairs.into_iter().collect();
    let count = form.get("count").and_then(|c| c.parse::<usize>().ok()).unwrap_or(0).min(20);
    let rows: Vec<Vec<AssignmentRow>> = (0..count).map(|i| assignment_rows(&form, i)).collect();
    let mut typed_errors: Vec<Vec<FieldError>> = Vec::with_capacity(count);
    let inputs: Vec<DocumentInput> = (0..count)
        .map(|i| {
            let mut input = input_of_form(&form, i);
            let (drafts, errors) = drafts_of(&rows[i]);
            input.assignments = drafts;
            typed_errors.push(errors);
            input
        })
        .collect();
    let included: Vec<bool> = (0..count).map(|i| form.contains_key(&format!("d{i}.include"))).collect();
    let forwards: Vec<bool> = (0..count).map(|i| form.contains_key(&format!("d{i}.forwards_next"))).collect();
    // Documents of the form registered by an earlier sending that failed for another document.
    let earlier: Vec<Option<i64>> =
        (0..count).map(|i| form.get(&format!("d{i}.registered_id")).and_then(|v| v.trim().parse().ok())).collect();
    // The language switch of this page sends the form here with `_lang`: the same form comes
    // back in the other language with everything typed, and nothing is registered.
    if let Some(lang) = form.get("_lang").map(|l| crate::i18n::Lang::from_code(l)) {
        let page = page.in_language(lang);
        let docs = (0..count)
            .map(|i| {
                let mut form = doc_form(i, count, &inputs[i], rows[i].clone(), &[], &[], included[i], forwards[i]);
                form.registered_id = earlier[i];
                form
            })
            .collect();
        let mut response = Html(RegisterForm { page, docs, ocr_pages: 0 }.render()?).into_response();
        response.headers_mut().append(axum::http::header::SET_COOKIE, crate::account::language_cookie(&state, lang));
        return Ok(response);
    }
    // Register from the last to the first, so a covering letter can point at what it forwards.
    let mut registered: Vec<Option<Document>> = vec![None; count];
    let mut failures: Vec<(usize, AppError)> = Vec::new();
    for i in (0..count).rev().filter(|&i| included[i]) {
        let mut input = inputs[i].clone();
        if forwards[i] {
            input.forwards_id = registered
                .get(i + 1)
                .and_then(|d| d.as_ref())
                .map(|d| d.id.0)
                .or(earlier.get(i + 1).copied().flatten());
        }
        if !typed_errors[i].is_empty() {
            failures.push((i, AppError::Invalid(typed_errors[i].clone())));
            continue;
        }
        match register(&state, &user, &input).await.map_err(AppError::from) {
            Ok(doc) => registered[i] = Some(doc),
            Err(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::Forbidden(_))) => failures.push((i, e)),
            Err(e) => return Err(e),
        }
    }
    if failures.is_empty() {
        let first = registered
            .iter()
            .flatten()
            .next()
            .ok_or_else(|| AppError::BadRequest("Chưa chọn văn bản nào để vào sổ.".into()))?;
        return Ok(see_other(&format!("/documents/{}", first.id)));
    }
    // Show the form again: what was registered is unticked, the rest keeps its input and errors.
    let docs = (0..count)
        .map(|i| {
            let errors: Vec<FieldError> = failures
                .iter()
                .filter(|(j, _)| *j == i)
                .flat_map(|(_, e)| match e {
                    AppError::Invalid(f) => f.clone(),
                    other => vec![FieldError::new("document", other.to_string())],
                })
                .collect();
            let include = included[i] && registered[i].is_none();
            let mut form = doc_form(i, count, &inputs[i], rows[i].clone(), &[], &errors, include, forwards[i]);
            form.registered_id = registered[i].as_ref().map(|d| d.id.0).or(earlier[i]);
            if let Some(d) = &registered[i] {
                form.errors.insert(
                    0,
                    format!(
                        "{} {} {} {}.",
                        page.t.registered_as,
                        page.label(d.direction),
                        page.t.number_abbr,
                        d.register_number
                    ),
                );
            }
            form
        })
        .collect();
    let status = if failures.iter().any(|(_, e)| matches!(e, AppError::Conflict(_))) {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(RegisterForm { page, docs, ocr_pages: 0 }.render()?)).into_response())
}

/// A unit link.
pub struct UnitLink {
    id: Option<i64>,
    name: String,
}

/// A citation on the page.
pub struct CitationView {
    text: String,
    links: Vec<(i64, String)>,
    /// Registered in registers the reader may not open: only the count is shown.
    elsewhere: u64,
}

/// A task row.
pub struct TaskRow {
    pub(crate) id: i64,
    pub(crate) description: String,
    pub(crate) lead: String,
    pub(crate) deadline: String,
    pub(crate) status: binhdang_core::tasks::TaskStatus,
    pub(crate) overdue: bool,
}

pub(crate) async fn task_rows(state: &AppState, tasks: &[Task]) -> Result<Vec<TaskRow>, AppError> {
    let today = state.clock.today();
    let ids: Vec<_> = tasks.iter().map(|t| t.lead).collect();
    let names = crate::tasks::unit_names(state, ids).await?;
    Ok(tasks
        .iter()
        .map(|t| TaskRow {
            id: t.id.0,
            description: t.description.clone(),
            lead: names.get(&t.lead).cloned().unwrap_or_default(),
            deadline: t.deadline.map(vn_date).unwrap_or_default(),
            status: t.shown_status(),
            overdue: t.is_overdue(today),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "documents/show.html")]
struct Show {
    page: Page,
    doc: Document,
    code: String,
    date: String,
    arrival: String,
    register_agency: String,
    issuer: UnitLink,
    recipients: Vec<UnitLink>,
    citations: Vec<CitationView>,
    cited_by: Vec<Row>,
    forwards: Option<Row>,
    forwarded_by: Vec<Row>,
    directions: Vec<LeaderDirection>,
    tasks: Vec<TaskRow>,
    assignments: Vec<(usize, String, String)>,
    can_write: bool,
    today: String,
    errors: Vec<FieldError>,
    /// Difficulties raised on the letter.
    difficulties: crate::difficulties::pages::LetterSection,
}

async fn render_show(
    state: &AppState,
    page: Page,
    user: &binhdang_core::users::User,
    id: DocumentId,
    errors: Vec<FieldError>,
) -> PageResult<Html<String>> {
    let doc = state.store.document(id).await?;
    require_read(state, user, &doc).await?;
    let register_unit = state.store.unit(doc.register_agency).await?;
    let can_write = require_write(state, user, &register_unit).await.is_ok();
    let issuer = UnitLink { id: doc.issuer_id.map(|u| u.0), name: doc.issuer_name.clone() };
    let recipients = state
        .store
        .document_recipients(id)
        .await?
        .into_iter()
        .map(|r| UnitLink { id: r.unit_id.map(|u| u.0), name: r.name })
        .collect();
    // Every related letter passes the same read check as the letter itself.
    let reader = crate::units::scope_of(state, user).await?.area;
    let citations = state
        .store
        .document_citations(id, reader)
        .await?
        .into_iter()
        .map(|c: ResolvedCitation| CitationView {
            elsewhere: c.registered_elsewhere,
            text: format!(
                "{} {}{}",
                c.citation.doc_type,
                c.citation.full_code,
                c.citation.date.map(|d| format!(" {} {}", page.t.dated, vn_date(d))).unwrap_or_default()
            ),
            links: c
                .registered
                .iter()
                .map(|d| {
                    (
                        d.id.0,
                        format!(
                            "{} — {}",
                            d.title(),
                            if d.direction == Direction::Incoming {
                                page.t.in_register_incoming
                            } else {
                                page.t.in_register_outgoing
                            }
                        ),
                    )
                })
                .collect(),
        })
        .collect();
    let citing = state.store.documents_citing(&doc, reader).await?;
    let forwarding = state.store.documents_forwarding(id, reader).await?;
    let forwarded = match doc.forwards {
        Some(f) if state.store.document_readable_from(f, reader).await? => Some(state.store.document(f).await?),
        _ => None,
    };
    let agencies: Vec<_> = citing.iter().chain(&forwarding).chain(&forwarded).map(|d| d.register_agency).collect();
    let names = state.store.names_of(&agencies).await?;
    let cited_by = citing.iter().map(|d| row(d, &names)).collect();
    let forwards = forwarded.as_ref().map(|d| row(d, &names));
    let forwarded_by = forwarding.iter().map(|d| row(d, &names)).collect();
    let directions = state.store.directions(id).await?;
    let tasks = task_rows(state, &state.store.tasks_of_document(id).await?).await?;
    let assignments = doc.assignments.iter().enumerate().map(|(i, a)| (i, a.lead.clone(), a.action.clone())).collect();
    let difficulties = crate::difficulties::pages::letter_section(state, user, &doc).await?;
    let show = Show {
        difficulties,
        code: doc.title(),
        date: doc.date.map(vn_date).unwrap_or_default(),
        arrival: doc.arrival_date.map(vn_date).unwrap_or_default(),
        register_agency: register_unit.name,
        issuer,
        recipients,
        citations,
        cited_by,
        forwards,
        forwarded_by,
        directions,
        tasks,
        assignments,
        can_write,
        today: state.clock.today().to_string(),
        errors,
        doc,
        page,
    };
    Ok(Html(show.render()?))
}

/// `GET /documents/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    render_show(&state, page, &user, DocumentId(id), Vec::new()).await
}

/// `GET /documents/{id}/file`: the original.
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Response> {
    let doc = state.store.document(DocumentId(id)).await?;
    require_read(&state, &user, &doc).await?;
    let file = state
        .store
        .document_file(doc.id)
        .await?
        .ok_or_else(|| AppError::NotFound("Văn bản này không có tệp gốc.".into()))?;
    Ok(download(file))
}

/// A stored file as a download (the name reduced to ASCII for the header).
pub(crate) fn download(file: binhdang_store::documents::StoredFile) -> Response {
    let ascii: String =
        file.name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    (
        [(CONTENT_TYPE, file.mime.clone()), (CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii}\""))],
        file.bytes,
    )
        .into_response()
}

/// The direction form.
#[derive(Debug, Deserialize)]
pub struct DirectionForm {
    leader: String,
    date: String,
    text: String,
}

/// `POST /documents/{id}/directions`.
pub async fn add_direction(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<DirectionForm>,
) -> PageResult<Response> {
    let result =
        super::add_direction(&state, &user, DocumentId(id), &f.leader, &f.date, &f.text).await.map_err(AppError::from);
    after_save(
        result,
        |_| see_other(&format!("/documents/{id}#directions")),
        None,
        async |errors| render_show(&state, page, &user, DocumentId(id), errors).await,
    )
    .await
}

/// Kinds of agencies a document can fan out to.
pub const FAN_OUT_KINDS: &[(UnitKind, &str, &str)] = &[
    (UnitKind::ProvincialCommittee, "UBND các tỉnh, thành phố", "Provincial People's Committees"),
    (UnitKind::Ministry, "Các bộ, cơ quan ngang bộ", "Ministries and ministry-level agencies"),
    (UnitKind::Department, "Các sở, ngành (trong phạm vi)", "Provincial departments (within reach)"),
    (UnitKind::CommuneCommittee, "UBND các xã, phường (trong phạm vi)", "Commune People's Committees (within reach)"),
];
