//! The difficulty pages: the raise form (multipart, the files kept on the server between
//! attempts so nothing chosen is lost), a difficulty with its answers and the answer form, the
//! issuing body's list by letter and province with the difficulties the user's agency raised,
//! and the files.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{Html, Response};
use serde::Deserialize;

use binhdang_core::FieldError;
use binhdang_core::difficulties::{DifficultyId, DifficultyStatus, MAX_FILE_BYTES, MAX_FILES};
use binhdang_core::documents::{Document, DocumentId};
use binhdang_core::users::User;

use super::{AnswerInput, DifficultyInput, DifficultyView, InboxFilter};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::page::{Page, after_save, field_error, see_other};

/// What the letter page shows of its difficulties.
#[derive(Debug, Clone, Default)]
pub struct LetterSection {
    /// The difficulties the user may read, oldest first.
    pub items: Vec<DifficultyView>,
    /// The user may raise one.
    pub can_raise: bool,
}

/// The letter page's section (the caller has checked the user may read the letter).
pub async fn letter_section(state: &AppState, user: &User, doc: &Document) -> Result<LetterSection, AppError> {
    Ok(LetterSection {
        items: super::for_letter(state, user, doc).await?,
        can_raise: !super::raise_options(state, user, doc).await?.is_empty(),
    })
}

#[derive(Template)]
#[template(path = "difficulties/new.html")]
struct NewPage {
    page: Page,
    doc_id: i64,
    letter: String,
    letter_subject: String,
    issuer: String,
    /// (id, name) of the agencies the user may raise it as.
    options: Vec<(i64, String)>,
    agency: i64,
    task: Option<(i64, String)>,
    subject: String,
    text: String,
    /// Files kept since an earlier attempt: (token, name).
    kept: Vec<(String, String)>,
    errors: Vec<FieldError>,
}

impl NewPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

/// Query of the form.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    task: Option<i64>,
}

async fn render_new(
    state: &AppState,
    page: Page,
    user: &User,
    doc: &Document,
    input: &DifficultyInput,
    kept: Vec<(String, String)>,
    errors: Vec<FieldError>,
) -> Result<String, AppError> {
    let options = super::require_raise(state, user, doc).await?;
    let task = match input.task_id {
        Some(t) => Some((t, state.store.task(binhdang_core::tasks::TaskId(t)).await?.description)),
        None => None,
    };
    let issuer = match doc.issuer_id {
        Some(i) => state.store.unit(i).await?.name,
        None => doc.issuer_name.clone(),
    };
    Ok(NewPage {
        page,
        doc_id: doc.id.0,
        letter: doc.title(),
        letter_subject: doc.subject.clone(),
        issuer,
        agency: input.agency_id.unwrap_or_else(|| options.first().map_or(0, |u| u.id.0)),
        options: options.into_iter().map(|u| (u.id.0, u.name)).collect(),
        task,
        subject: input.subject.clone(),
        text: input.text.clone(),
        kept,
        errors,
    }
    .render()?)
}

/// `GET /documents/{id}/difficulties/new?task=`.
pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<NewQuery>,
) -> PageResult<Html<String>> {
    let doc = state.store.document(DocumentId(id)).await?;
    let input = DifficultyInput { document_id: id, task_id: q.task, ..DifficultyInput::default() };
    Ok(Html(render_new(&state, page, &user, &doc, &input, Vec::new(), Vec::new()).await?))
}

/// Reads the raise form after the right to raise was checked: the fields, the new files (each
/// bounded, at most [`MAX_FILES`]), and the tokens of files kept from an earlier attempt.
async fn read_raise_form(
    multipart: &mut Multipart,
    input: &mut DifficultyInput,
    errors: &mut Vec<FieldError>,
) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let mut files = Vec::new();
    let bad =
        |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("biểu mẫu gửi lên bị lỗi: {e}"));
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "files" {
            let file_name = field.file_name().unwrap_or("").trim().to_owned();
            if file_name.is_empty() {
                continue;
            }
            if files.len() >= MAX_FILES {
                errors.push(FieldError::new("files", format!("chỉ đính kèm được tối đa {MAX_FILES} tệp")));
                continue;
            }
            match crate::uploads::read_field(field, MAX_FILE_BYTES).await {
                Ok(bytes) if !bytes.is_empty() => files.push((file_name, bytes)),
                Ok(_) => errors.push(FieldError::new("files", format!("tệp {file_name} rỗng"))),
                Err(AppError::TooLarge(_)) => errors.push(FieldError::new(
                    "files",
                    format!("tệp {file_name} lớn hơn {} MB", MAX_FILE_BYTES / 1024 / 1024),
                )),
                Err(e) => return Err(e),
            }
            continue;
        }
        let value = field.text().await.map_err(bad)?;
        match name.as_str() {
            "subject" => input.subject = value,
            "text" => input.text = value,
            "agency_id" => input.agency_id = value.trim().parse().ok(),
            "task_id" => input.task_id = value.trim().parse().ok(),
            "upload_token" => input.upload_tokens.push(value),
            _ => {}
        }
    }
    Ok(files)
}

/// `POST /documents/{id}/difficulties` (multipart, the CSRF token in the query).
pub async fn raise(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let doc = state.store.document(DocumentId(id)).await?;
    super::require_raise(&state, &user, &doc).await?;
    let mut input = DifficultyInput { document_id: id, ..DifficultyInput::default() };
    let mut errors = Vec::new();
    let files = read_raise_form(&mut multipart, &mut input, &mut errors).await?;
    // Kept files are named by "token|name" pairs; unticked ones are not sent at all.
    let mut kept: Vec<(String, String)> = input
        .upload_tokens
        .iter()
        .map(|v| v.split_once('|').map_or((v.clone(), String::new()), |(t, n)| (t.to_owned(), n.to_owned())))
        .collect();
    for (name, bytes) in files {
        let staged = binhdang_app::uploads::stage(&state, &user, &name, bytes).await?;
        kept.push((staged.token, staged.name));
    }
    input.upload_tokens = kept.iter().map(|(t, _)| t.clone()).collect();
    let result = if errors.is_empty() {
        super::raise(&state, &user, &input, Vec::new()).await.map_err(AppError::from)
    } else {
        Err(AppError::Invalid(errors))
    };
    after_save(
        result,
        |d| see_other(&format!("/difficulties/{}", d.id)),
        None,
        async |errors| Ok(Html(render_new(&state, page, &user, &doc, &input, kept, errors).await?)),
    )
    .await
}

#[derive(Template)]
#[template(path = "difficulties/show.html")]
struct ShowPage {
    page: Page,
    d: DifficultyView,
    /// The user may read the letter (link it).
    letter_link: bool,
    /// The task it arose in: (id, what it asks).
    task: Option<(i64, String)>,
    answer: String,
    shared: bool,
    errors: Vec<FieldError>,
}

impl ShowPage {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }
}

async fn render_show(
    state: &AppState,
    page: Page,
    user: &User,
    id: DifficultyId,
    typed: (String, bool),
    errors: Vec<FieldError>,
) -> Result<String, AppError> {
    let d = super::show(state, user, id).await?;
    let doc = state.store.document(d.difficulty.document).await?;
    let letter_link = crate::documents::require_read(state, user, &doc).await.is_ok();
    let task = match d.difficulty.task {
        Some(t) => Some((t.0, state.store.task(t).await?.description)),
        None => None,
    };
    Ok(ShowPage { page, d, letter_link, task, answer: typed.0, shared: typed.1, errors }.render()?)
}

/// `GET /difficulties/{id}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> PageResult<Html<String>> {
    Ok(Html(render_show(&state, page, &user, DifficultyId(id), (String::new(), false), Vec::new()).await?))
}

/// The answer form.
#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    answer: String,
    #[serde(default)]
    shared: Option<String>,
    version: i64,
}

/// `POST /difficulties/{id}/answers`.
pub async fn answer(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> PageResult<Response> {
    let input = AnswerInput { text: f.answer.clone(), shared: f.shared.is_some(), version: f.version };
    let typed = (f.answer.clone(), input.shared);
    let result = super::answer(&state, &user, DifficultyId(id), &input).await.map_err(AppError::from);
    after_save(
        result,
        |_| see_other(&format!("/difficulties/{id}")),
        Some("answer"),
        async |errors| Ok(Html(render_show(&state, page, &user, DifficultyId(id), typed, errors).await?)),
    )
    .await
}

/// The close and reopen forms.
#[derive(Debug, Deserialize)]
pub struct VersionForm {
    version: i64,
}

async fn set_status(
    state: &AppState,
    page: Page,
    user: &User,
    id: i64,
    version: i64,
    status: DifficultyStatus,
) -> PageResult<Response> {
    let done = if status == DifficultyStatus::Closed {
        super::close(state, user, DifficultyId(id), version).await
    } else {
        super::reopen(state, user, DifficultyId(id), version).await
    };
    after_save(
        done.map_err(AppError::from),
        |_| see_other(&format!("/difficulties/{id}")),
        Some("status"),
        async |errors| {
            Ok(Html(render_show(state, page, user, DifficultyId(id), (String::new(), false), errors).await?))
        },
    )
    .await
}

/// `POST /difficulties/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<VersionForm>,
) -> PageResult<Response> {
    set_status(&state, page, &user, id, f.version, DifficultyStatus::Closed).await
}

/// `POST /difficulties/{id}/reopen`.
pub async fn reopen(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<VersionForm>,
) -> PageResult<Response> {
    set_status(&state, page, &user, id, f.version, DifficultyStatus::Open).await
}

/// `GET /difficulties/{id}/files/{file}`.
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, file)): Path<(i64, i64)>,
) -> PageResult<Response> {
    let f = super::file(&state, &user, DifficultyId(id), file).await?;
    Ok(crate::documents::pages::download(f))
}

/// One letter's difficulties in the list, by province.
struct LetterGroup {
    letter: String,
    subject: String,
    provinces: Vec<(String, Vec<DifficultyView>)>,
}

#[derive(Template)]
#[template(path = "difficulties/list.html")]
struct ListPage {
    page: Page,
    groups: Vec<LetterGroup>,
    total: usize,
    letters: Vec<(String, String, usize)>,
    provinces: Vec<(i64, String, usize)>,
    statuses: Vec<(&'static str, &'static str)>,
    status: String,
    letter: String,
    province: i64,
    mine: Vec<DifficultyView>,
}

/// `GET /difficulties?status=&letter=&province=`: the difficulties addressed to the user's body,
/// by letter and province, and those the user's agency raised.
pub async fn index(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(filter): Query<InboxFilter>,
) -> PageResult<Html<String>> {
    let inbox = super::inbox(&state, &user, &filter).await?;
    let total = inbox.items.len();
    let mut groups: Vec<LetterGroup> = Vec::new();
    for v in inbox.items {
        if groups.last().is_none_or(|g| g.letter != v.letter) {
            groups.push(LetterGroup {
                letter: v.letter.clone(),
                subject: v.letter_subject.clone(),
                provinces: Vec::new(),
            });
        }
        let Some(g) = groups.last_mut() else { continue };
        match g.provinces.last_mut() {
            Some((p, items)) if *p == v.province_name => items.push(v),
            _ => g.provinces.push((v.province_name.clone(), vec![v])),
        }
    }
    let mine = super::raised_by_mine(&state, &user, Vec::new()).await?;
    let statuses = std::iter::once(("all", page.t.dif_status_all))
        .chain(DifficultyStatus::ALL.into_iter().map(|s| (s.as_str(), page.label(s))))
        .collect();
    Ok(Html(
        ListPage {
            groups,
            total,
            letters: inbox.letters.into_iter().map(|(k, code, _, n)| (k, code, n)).collect(),
            provinces: inbox.provinces,
            statuses,
            status: filter.status.unwrap_or_else(|| "open".into()),
            letter: filter.letter.unwrap_or_default(),
            province: filter.province.unwrap_or_default(),
            mine,
            page,
        }
        .render()?,
    ))
}
