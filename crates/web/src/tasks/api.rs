//! `/api/v1/tasks`: create, list an agency's tasks, read, change status, add progress.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use binhdang_core::tasks::{Bucket, Progress, Task, TaskId};

use super::{ProgressInput, TaskInput, agency_or_own, inbox, may_contribute, may_update, require_read};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};

/// A task with whether it is overdue today.
#[derive(Debug, Serialize)]
pub struct TaskJson {
    #[serde(flatten)]
    task: Task,
    overdue: bool,
}

fn json(state: &AppState, task: Task) -> TaskJson {
    TaskJson { overdue: task.is_overdue(state.clock.today()), task }
}

/// `POST /api/v1/tasks`.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<TaskInput>,
) -> Result<(StatusCode, Json<TaskJson>), ApiError> {
    let task = super::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(json(&state, task))))
}

/// Query of a listing.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    agency: Option<String>,
    as_of: Option<String>,
    bucket: Option<String>,
    view: Option<String>,
}

/// `GET /api/v1/tasks?agency=CODE&bucket=todo|overdue|due_this_week|done&view=lead|coordinate|assigned`.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<serde_json::Value> {
    let agency = agency_or_own(&state, &user, q.agency.as_deref(), q.as_of.as_deref()).await?;
    let bucket =
        q.bucket.as_deref().filter(|b| !b.is_empty()).map(str::parse::<Bucket>).transpose()?.unwrap_or(Bucket::Todo);
    let (tasks, counts) = inbox(&state, &user, &agency, q.view.as_deref().unwrap_or("lead"), bucket).await?;
    let counts: serde_json::Map<String, serde_json::Value> =
        counts.into_iter().map(|(b, n)| (b.as_str().to_owned(), n.into())).collect();
    let items: Vec<TaskJson> = tasks.into_iter().map(|t| json(&state, t)).collect();
    Ok(Json(serde_json::json!({ "agency": agency.code, "items": items, "total": items.len(), "counts": counts })))
}

/// A task with its chain and progress.
#[derive(Debug, Serialize)]
pub struct TaskDetail {
    #[serde(flatten)]
    task: TaskJson,
    ancestors: Vec<Task>,
    subtasks: Vec<Task>,
    progress: Vec<Progress>,
    results: Vec<binhdang_core::documents::Document>,
    can_update: bool,
    can_contribute: bool,
}

/// `GET /api/v1/tasks/{id}`.
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> ApiResult<TaskDetail> {
    let task = state.store.task(TaskId(id)).await?;
    require_read(&state, &user, &task).await?;
    Ok(Json(TaskDetail {
        ancestors: state.store.task_ancestors(&task).await?,
        subtasks: state.store.subtasks(task.id).await?,
        progress: state.store.progress_of(task.id).await?,
        results: {
            let mut docs = Vec::new();
            for d in state.store.task_results(task.id).await? {
                docs.push(state.store.document(d).await?);
            }
            docs
        },
        can_update: may_update(&state, &user, &task).await?,
        can_contribute: may_contribute(&state, &user, &task).await?,
        task: json(&state, task),
    }))
}

/// Body of a status change.
#[derive(Debug, Deserialize)]
pub struct StatusInput {
    status: String,
    version: i64,
}

/// `PATCH /api/v1/tasks/{id}`: `{"status": "...", "version": N}`.
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<StatusInput>,
) -> ApiResult<TaskJson> {
    let task = super::set_status(&state, &user, TaskId(id), &input.status, input.version).await?;
    Ok(Json(json(&state, task)))
}

/// Body of a progress report (the percent as a number; an attachment as base64).
#[derive(Debug, Deserialize)]
pub struct ProgressJson {
    #[serde(default)]
    date: Option<String>,
    text: String,
    #[serde(default)]
    percent: Option<u8>,
    #[serde(default)]
    attachment_name: Option<String>,
    #[serde(default)]
    attachment_base64: Option<String>,
}

/// `POST /api/v1/tasks/{id}/progress`.
pub async fn add_progress(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(p): Json<ProgressJson>,
) -> Result<(StatusCode, Json<Progress>), ApiError> {
    let input = ProgressInput { date: p.date, text: p.text, percent: p.percent.map(|v| v.to_string()) };
    let attachment = match (p.attachment_name, p.attachment_base64) {
        (Some(name), Some(b64)) if !name.is_empty() => {
            let bytes = crate::documents::decode_base64(&b64).ok_or_else(|| {
                binhdang_core::Error::invalid("attachment_base64", "tệp đính kèm không phải base64 hợp lệ")
            })?;
            Some(binhdang_store::documents::StoredFile {
                mime: crate::documents::mime_of(&name).to_owned(),
                name,
                bytes,
            })
        }
        _ => None,
    };
    Ok((StatusCode::CREATED, Json(super::add_progress(&state, &user, TaskId(id), &input, attachment.as_ref()).await?)))
}

/// Body of a result document.
#[derive(Debug, Deserialize)]
pub struct ResultInput {
    document_id: i64,
}

/// `POST /api/v1/tasks/{id}/results`: a registered document as a result of the task.
pub async fn add_result(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(r): Json<ResultInput>,
) -> Result<StatusCode, ApiError> {
    super::add_result(&state, &user, TaskId(id), &r.document_id.to_string()).await?;
    Ok(StatusCode::CREATED)
}
