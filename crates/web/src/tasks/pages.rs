//! The task pages: the agency inbox with its buckets, the task page (chain, status, progress,
//! contributions, sub-tasks), and the form that creates a task from a document's assignment.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use binhdang_core::FieldError;
use binhdang_core::documents::DocumentId;
use binhdang_core::tasks::{Bucket, Progress, Task, TaskId, TaskStatus};
use binhdang_core::units::vn_date;

use super::{ProgressInput, TaskInput, agency_or_own, inbox, may_contribute, may_update, require_read, unit_names};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::documents::pages::{TaskRow, task_rows};
use crate::error::{AppError, PageResult};
use crate::i18n::Lang;
use crate::page::{Page, after_save, field_error, see_other};

#[derive(Template)]
#[template(path = "tasks/inbox.html")]
struct Inbox {
    page: Page,
    as_of: String,
    agency_code: String,
    agency_name: String,
    view: String,
    bucket: &'static str,
    tabs: Vec<(&'static str, Bucket, usize)>,
    rows: Vec<TaskRow>,
}

/// Query of the inbox.
#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    agency: Option<String>,
    as_of: Option<String>,
    bucket: Option<String>,
    view: Option<String>,
}

/// `GET /tasks`.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<InboxQuery>,
) -> PageResult<Html<String>> {
    let agency = agency_or_own(&state, &user, q.agency.as_deref(), q.as_of.as_deref()).await?;
    let bucket =
        q.bucket.as_deref().filter(|b| !b.is_empty()).map(str::parse::<Bucket>).transpose()?.unwrap_or(Bucket::Todo);
    let view = match q.view.as_deref() {
        Some(v @ ("coordinate" | "assigned")) => v.to_owned(),
        _ => "lead".to_owned(),
    };
    let (tasks, counts) = inbox(&state, &user, &agency, &view, bucket).await?;
    Ok(Html(
        Inbox {
            page,
            as_of: q.as_of.clone().unwrap_or_default(),
            agency_code: agency.code,
            agency_name: agency.name,
            view,
            bucket: bucket.as_str(),
            tabs: counts.iter().map(|(b, n)| (b.as_str(), *b, *n)).collect(),
            rows: task_rows(&state, &tasks).await?,
        }
        .render()?,
    ))
}

/// A task on the page.
pub struct TaskView {
    id: i64,
    description: String,
    assigner: String,
    lead: String,
    lead_id: i64,
    coordinators: Vec<String>,
    start: String,
    rule: String,
    deadline: String,
    status: TaskStatus,
    overdue: bool,
    percent: u8,
    version: i64,
    /// The assigning document and the documents it forwards, up to the original guidance.
    documents: Vec<(i64, String, String)>,
}

/// A progress entry on the page.
pub struct ProgressView {
    id: i64,
    attachment: Option<String>,
    date: String,
    text: String,
    percent: String,
    unit: String,
    contribution: bool,
}

#[derive(Template)]
#[template(path = "tasks/show.html")]
struct Show {
    page: Page,
    task: TaskView,
    ancestors: Vec<TaskRow>,
    subtasks: Vec<TaskRow>,
    results: Vec<(i64, String, String)>,
    progress: Vec<ProgressView>,
    statuses: Vec<(&'static str, TaskStatus, bool)>,
    can_update: bool,
    can_contribute: bool,
    today: String,
    errors: Vec<FieldError>,
    /// What was typed in the form that failed, by field.
    typed: Vec<(&'static str, String)>,
    /// Letters behind the task the user may raise a difficulty about: (id, number and symbol,
    /// issuer).
    raise_about: Vec<(i64, String, String)>,
}

impl Show {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }

    fn typed(&self, field: &str) -> &str {
        self.typed.iter().find(|(f, _)| *f == field).map_or("", |(_, v)| v.as_str())
    }
}

async fn view_of(state: &AppState, t: &Task, lang: Lang) -> Result<TaskView, AppError> {
    let ids: Vec<_> = [t.assigner, t.lead].into_iter().chain(t.coordinators.iter().copied()).collect();
    let names = unit_names(state, ids).await?;
    let name = |id| names.get(&id).cloned().unwrap_or_default();
    let mut documents = Vec::new();
    let mut next = t.document;
    while let Some(id) = next.filter(|id| !documents.iter().any(|(d, _, _)| *d == id.0)) {
        let doc = state.store.document(id).await?;
        documents.push((doc.id.0, doc.title(), doc.issuer_name.clone()));
        next = doc.forwards;
    }
    Ok(TaskView {
        id: t.id.0,
        description: t.description.clone(),
        assigner: name(t.assigner),
        lead: name(t.lead),
        lead_id: t.lead.0,
        coordinators: t.coordinators.iter().map(|c| name(*c)).collect(),
        start: vn_date(t.start),
        rule: match lang {
            Lang::Vi => t.rule.describe(state.settings.task_at_once_days),
            Lang::En => t.rule.describe_en(state.settings.task_at_once_days),
        },
        deadline: t.deadline.map(vn_date).unwrap_or_default(),
        status: t.shown_status(),
        overdue: t.is_overdue(state.clock.today()),
        percent: t.percent,
        version: t.version,
        documents,
    })
}

async fn render_show(
    state: &AppState,
    page: Page,
    user: &binhdang_core::users::User,
    id: TaskId,
    errors: Vec<FieldError>,
    typed: Vec<(&'static str, String)>,
) -> PageResult<Html<String>> {
    let task = state.store.task(id).await?;
    require_read(state, user, &task).await?;
    let progress: Vec<Progress> = state.store.progress_of(id).await?;
    let ids: Vec<_> = progress.iter().filter_map(|p| p.unit).collect();
    let names = unit_names(state, ids).await?;
    let raise_about = raise_about(state, user, &task).await?;
    let show = Show {
        raise_about,
        task: view_of(state, &task, page.lang).await?,
        ancestors: task_rows(state, &state.store.task_ancestors(&task).await?).await?,
        subtasks: task_rows(state, &state.store.subtasks(id).await?).await?,
        results: {
            let mut out = Vec::new();
            for d in state.store.task_results(id).await? {
                let doc = state.store.document(d).await?;
                out.push((doc.id.0, doc.title(), doc.subject));
            }
            out
        },
        progress: progress
            .iter()
            .map(|p| ProgressView {
                id: p.id,
                attachment: p.attachment_name.clone(),
                date: vn_date(p.date),
                text: p.text.clone(),
                percent: p.percent.map(|v| format!("{v}%")).unwrap_or_default(),
                unit: p.unit.and_then(|u| names.get(&u).cloned()).unwrap_or_default(),
                contribution: p.kind == binhdang_core::tasks::ProgressKind::Contribution,
            })
            .collect(),
        statuses: TaskStatus::ALL.iter().map(|s| (s.as_str(), *s, *s == task.status)).collect(),
        can_update: may_update(state, user, &task).await?,
        can_contribute: may_contribute(state, user, &task).await?,
        today: state.clock.today().to_string(),
        errors,
        typed,
        page,
    };
    Ok(Html(show.render()?))
}

/// The task's letter and the letter it forwards, those the user may raise a difficulty about.
async fn raise_about(
    state: &AppState,
    user: &binhdang_core::users::User,
    task: &Task,
) -> Result<Vec<(i64, String, String)>, AppError> {
    let mut out = Vec::new();
    let mut next = task.document;
    // The letter and what it forwards (a covering letter forwarding the ministry's guidance).
    for _ in 0..2 {
        let Some(id) = next else { break };
        let doc = state.store.document(id).await?;
        if !crate::difficulties::raise_options(state, user, &doc).await?.is_empty() {
            out.push((doc.id.0, doc.title(), doc.issuer_name.clone()));
        }
        next = doc.forwards;
    }
    Ok(out)
}

/// `GET /tasks/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    render_show(&state, page, &user, TaskId(id), Vec::new(), Vec::new()).await
}

/// The status form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    status: String,
    version: i64,
}

/// `POST /tasks/{id}/status`.
pub async fn set_status(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<StatusForm>,
) -> PageResult<Response> {
    let result = super::set_status(&state, &user, TaskId(id), &f.status, f.version).await.map_err(AppError::from);
    after_save(
        result,
        |_| see_other(&format!("/tasks/{id}")),
        Some("status"),
        async |errors| render_show(&state, page, &user, TaskId(id), errors, Vec::new()).await,
    )
    .await
}

/// `POST /tasks/{id}/progress` (multipart: date, text, percent, file, and `upload_token` for a
/// file kept since a failed attempt). The user's right to write into the task is checked before
/// the body is read; a chosen file is kept on the server at once, so that a form that fails keeps
/// it and the report stores exactly the bytes that arrived.
pub async fn add_progress(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let task = state.store.task(TaskId(id)).await?;
    binhdang_app::tasks::progress_kind(&state, &user, &task).await?;
    let mut input = ProgressInput::default();
    let mut kept_name = String::new();
    let mut file = None;
    while let Some(field) =
        multipart.next_field().await.map_err(|e| AppError::BadRequest(format!("biểu mẫu gửi lên bị lỗi: {e}")))?
    {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").trim().to_owned();
            let bytes = crate::uploads::read_field(field, binhdang_app::documents::MAX_FILE_BYTES).await?;
            if !file_name.is_empty() && !bytes.is_empty() {
                let mime = crate::documents::mime_of(&file_name).to_owned();
                file = Some(binhdang_store::documents::StoredFile { name: file_name, mime, bytes });
            }
            continue;
        }
        let value = field.text().await.map_err(|e| AppError::BadRequest(e.to_string()))?;
        match name.as_str() {
            "date" => input.date = Some(value),
            "text" => input.text = value,
            "percent" => input.percent = Some(value),
            // A file kept since the last attempt ("token|name"); a new file chosen goes first.
            "upload_token" => {
                if let Some((token, file_name)) = value.split_once('|') {
                    input.upload_token = Some(token.to_owned());
                    file_name.clone_into(&mut kept_name);
                }
            }
            _ => {}
        }
    }
    let result = super::add_progress(&state, &user, TaskId(id), &input, file.as_ref()).await.map_err(AppError::from);
    after_save(
        result,
        |_| see_other(&format!("/tasks/{id}#progress")),
        None,
        async |errors| {
            // Only a refused report keeps its new file on the server, for the next attempt.
            let mut token = input.upload_token.clone();
            if let Some(f) = file {
                let staged = binhdang_app::uploads::stage(&state, &user, &f.name, f.bytes).await?;
                token = Some(staged.token);
                kept_name = staged.name;
            }
            let kept = token.map(|t| format!("{t}|{kept_name}")).unwrap_or_default();
            let typed = vec![
                ("date", input.date.clone().unwrap_or_default()),
                ("text", input.text.clone()),
                ("percent", input.percent.clone().unwrap_or_default()),
                ("upload_token", kept),
                ("upload_name", kept_name),
            ];
            render_show(&state, page, &user, TaskId(id), errors, typed).await
        },
    )
    .await
}

/// `GET /tasks/{id}/progress/{pid}/file`: a progress report's attachment.
pub async fn progress_file(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, pid)): Path<(i64, i64)>,
) -> PageResult<Response> {
    let task = state.store.task(TaskId(id)).await?;
    require_read(&state, &user, &task).await?;
    let file = state
        .store
        .progress_attachment(TaskId(id), pid)
        .await?
        .ok_or_else(|| AppError::NotFound("Không có tệp đính kèm này.".into()))?;
    Ok(crate::documents::pages::download(file))
}

/// The result form.
#[derive(Debug, Deserialize)]
pub struct ResultForm {
    document: String,
}

/// `POST /tasks/{id}/results`: a registered document (by number or code) as a result.
pub async fn add_result(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<ResultForm>,
) -> PageResult<Response> {
    let result = super::add_result(&state, &user, TaskId(id), &f.document).await.map_err(AppError::from);
    after_save(
        result,
        |()| see_other(&format!("/tasks/{id}#results")),
        Some("document"),
        async |errors| {
            render_show(&state, page, &user, TaskId(id), errors, vec![("document", f.document.clone())]).await
        },
    )
    .await
}

/// The task form (a sub-task, or a task from a document).
#[derive(Debug, Default, Deserialize)]
pub struct TaskForm {
    #[serde(default)]
    lead_code: String,
    #[serde(default)]
    coordinator_codes: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    deadline_kind: String,
    #[serde(default)]
    deadline_date: Option<String>,
    #[serde(default)]
    deadline_days: Option<String>,
    #[serde(default)]
    start_date: Option<String>,
    /// "Vẫn giao thêm": the same lead already has this work from this document.
    #[serde(default)]
    allow_duplicate: Option<String>,
}

impl TaskForm {
    fn input(&self, document: Option<i64>, parent: Option<i64>) -> TaskInput {
        TaskInput {
            document_id: document,
            parent_id: parent,
            assigner_code: None,
            lead_code: self.lead_code.clone(),
            coordinator_codes: self
                .coordinator_codes
                .split([',', '\n', ';'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            description: self.description.clone(),
            deadline_kind: self.deadline_kind.clone(),
            deadline_date: self.deadline_date.clone(),
            deadline_days: self.deadline_days.clone(),
            start_date: self.start_date.clone(),
            allow_duplicate: self.allow_duplicate.is_some(),
        }
    }
}

/// `POST /tasks/{id}/subtasks`: the lead agency passes part of the work down.
pub async fn add_subtask(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<TaskForm>,
) -> PageResult<Response> {
    let parent = state.store.task(TaskId(id)).await?;
    let mut input = f.input(parent.document.map(|d| d.0), Some(id));
    if input.start_date.is_none() {
        input.start_date = Some(state.clock.today().to_string());
    }
    let result = super::create(&state, &user, &input).await.map_err(AppError::from);
    after_save(
        result,
        |t| see_other(&format!("/tasks/{}", t.id)),
        None,
        async |errors| {
            let typed = vec![
                ("lead_code", f.lead_code.clone()),
                ("coordinator_codes", f.coordinator_codes.clone()),
                ("description", f.description.clone()),
                ("deadline_kind", f.deadline_kind.clone()),
                ("deadline_days", f.deadline_days.clone().unwrap_or_default()),
                ("deadline_date", f.deadline_date.clone().unwrap_or_default()),
            ];
            render_show(&state, page, &user, TaskId(id), errors, typed).await
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "tasks/new.html")]
struct NewForm {
    page: Page,
    document_id: i64,
    document_title: String,
    form: TaskForm,
    suggestion: String,
    fan_out_kinds: Vec<(&'static str, &'static str, &'static str)>,
    errors: Vec<FieldError>,
}

impl NewForm {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }

    fn value(v: Option<&String>) -> &str {
        v.map_or("", String::as_str)
    }
}

/// Query of the new-task form.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    /// Index of the document's assignment to start from.
    a: Option<usize>,
}

fn fan_out_kinds() -> Vec<(&'static str, &'static str, &'static str)> {
    crate::documents::pages::FAN_OUT_KINDS.iter().map(|(k, vi, en)| (k.as_str(), *vi, *en)).collect()
}

/// `GET /documents/{id}/tasks/new?a=N`: the form pre-filled from the document's assignment N:
/// the lead and coordinators matched to agencies as of the document's date, the "ngay" rule when
/// the text says "ngay".
pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NewQuery>,
) -> PageResult<Html<String>> {
    let doc = state.store.document(DocumentId(id)).await?;
    crate::documents::require_read(&state, &user, &doc).await?;
    let on = doc.date.unwrap_or_else(|| state.clock.today());
    let context = state.store.unit(doc.issuer_id.unwrap_or(doc.register_agency)).await?;
    let mut form = TaskForm {
        deadline_kind: "at_once".into(),
        start_date: doc.date.map(|d| d.to_string()),
        ..TaskForm::default()
    };
    let mut suggestion = String::new();
    if let Some(a) = q.a.and_then(|i| doc.assignments.get(i)) {
        form.description = a.action.clone();
        if let Some(u) = crate::documents::match_agency(&state, &a.lead, Some(&context), on).await? {
            form.lead_code = u.code;
        }
        let mut codes = Vec::new();
        for c in &a.coordinators {
            match crate::documents::match_agency(&state, c, Some(&context), on).await? {
                Some(u) => codes.push(u.code),
                None => {
                    suggestion = format!("{} {c}", page.t.unmatched_coordinator);
                }
            }
        }
        form.coordinator_codes = codes.join(", ");
        match (a.deadline, a.at_once) {
            (Some(d), _) => {
                form.deadline_kind = "date".into();
                form.deadline_date = Some(d.to_string());
            }
            (None, true) => form.deadline_kind = "at_once".into(),
            (None, false) => form.deadline_kind = "none".into(),
        }
    }
    Ok(Html(
        NewForm {
            page,
            document_id: id,
            document_title: doc.title(),
            form,
            suggestion,
            fan_out_kinds: fan_out_kinds(),
            errors: Vec::new(),
        }
        .render()?,
    ))
}

/// `POST /documents/{id}/tasks`.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<TaskForm>,
) -> PageResult<Response> {
    let result = super::create(&state, &user, &f.input(Some(id), None)).await.map_err(AppError::from);
    // A second task for the same assignment comes back asking for confirmation.
    after_save(
        result,
        |t| see_other(&format!("/tasks/{}", t.id)),
        Some("allow_duplicate"),
        async |errors| {
            let doc = state.store.document(DocumentId(id)).await?;
            let html = NewForm {
                page,
                document_id: id,
                document_title: doc.title(),
                form: f,
                suggestion: String::new(),
                fan_out_kinds: fan_out_kinds(),
                errors,
            }
            .render()?;
            Ok(Html(html))
        },
    )
    .await
}

/// The fan-out form.
#[derive(Debug, Default, Deserialize)]
pub struct FanOutForm {
    kind: String,
    #[serde(default)]
    parent_code: Option<String>,
    #[serde(default)]
    descriptions: String,
    #[serde(default)]
    deadline_kind: String,
    #[serde(default)]
    deadline_date: Option<String>,
    #[serde(default)]
    deadline_days: Option<String>,
}

/// `POST /documents/{id}/fan-out`.
pub async fn fan_out(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<FanOutForm>,
) -> PageResult<Response> {
    let input = super::FanOutInput {
        kind: f.kind,
        parent_code: f.parent_code,
        descriptions: f.descriptions.lines().map(str::to_owned).collect(),
        deadline_kind: f.deadline_kind,
        deadline_date: f.deadline_date,
        deadline_days: f.deadline_days,
    };
    let result = super::fan_out(&state, &user, DocumentId(id), &input).await.map_err(AppError::from);
    after_save(
        result,
        |_| see_other(&format!("/documents/{id}#tasks")),
        None,
        async |errors| {
            let doc = state.store.document(DocumentId(id)).await?;
            let html = NewForm {
                page,
                document_id: id,
                document_title: doc.title(),
                form: TaskForm::default(),
                suggestion: String::new(),
                fan_out_kinds: fan_out_kinds(),
                errors,
            }
            .render()?;
            Ok(Html(html))
        },
    )
    .await
}

/// `GET /tasks/export.xlsx?agency=&view=&bucket=`: the inbox list as an Excel workbook.
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<InboxQuery>,
) -> PageResult<Response> {
    use binhdang_office::xlsx::{Cell, Sheet, write};
    let agency = agency_or_own(&state, &user, q.agency.as_deref(), q.as_of.as_deref()).await?;
    let bucket =
        q.bucket.as_deref().filter(|b| !b.is_empty()).map(str::parse::<Bucket>).transpose()?.unwrap_or(Bucket::Todo);
    let (tasks, _) = inbox(&state, &user, &agency, q.view.as_deref().unwrap_or("lead"), bucket).await?;
    let ids: Vec<_> = tasks.iter().flat_map(|t| [t.lead, t.assigner]).collect();
    let names = unit_names(&state, ids).await?;
    let today = state.clock.today();
    let mut rows = Vec::with_capacity(tasks.len());
    for (n, t) in tasks.iter().enumerate() {
        let document = match t.document {
            Some(d) => state.store.document(d).await?.title(),
            None => String::new(),
        };
        rows.push(vec![
            Cell::Integer(n as i64 + 1),
            Cell::Text(t.description.clone()),
            Cell::Text(document),
            Cell::Text(names.get(&t.assigner).cloned().unwrap_or_default()),
            Cell::Text(names.get(&t.lead).cloned().unwrap_or_default()),
            t.deadline.map_or(Cell::Empty, Cell::Date),
            Cell::Text(t.shown_status().label_vi().to_owned()),
            Cell::Text(if t.is_overdue(today) { Bucket::Overdue.label_vi().to_owned() } else { String::new() }),
            Cell::Integer(i64::from(t.percent)),
        ]);
    }
    let headers =
        ["STT", "Nội dung", "Văn bản", "Cơ quan giao", "Chủ trì", "Hạn", "Trạng thái", "Quá hạn", "Hoàn thành (%)"];
    let view = match q.view.as_deref() {
        Some("coordinate") => "phối hợp",
        Some("assigned") => "đã giao",
        _ => "chủ trì",
    };
    let sheet = Sheet {
        title: format!("Nhiệm vụ {}", agency.code),
        caption: vec![
            format!("DANH SÁCH NHIỆM VỤ {} — {}", view.to_uppercase(), agency.name.to_uppercase()),
            format!("{}: {} nhiệm vụ; số liệu đến ngày {}", bucket.label_vi(), tasks.len(), vn_date(today)),
        ],
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    };
    let bytes = write(&[sheet]).map_err(|e| AppError::Internal(e.to_string()))?;
    let file = format!("nhiem-vu-{}-{}.xlsx", agency.code, bucket.as_str());
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response())
}
