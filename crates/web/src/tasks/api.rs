//! `/api/v1/tasks`: create, list an agency's tasks, read, change status, add progress.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use binhdang_core::tasks::{Bucket, Progress, Task, TaskId, TaskStatus};

use super::{ProgressInput, TaskInput, agency_or_own, inbox, may_contribute, may_update, require_read};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::openapi::{ReadRefusals, WriteRefusals};

/// A task with whether it is overdue today.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskJson {
    #[serde(flatten)]
    task: Task,
    overdue: bool,
}

fn json(state: &AppState, task: Task) -> TaskJson {
    TaskJson { overdue: task.is_overdue(state.clock.today()), task }
}

/// Create a task (or a sub-task with `parent_id`).
#[utoipa::path(post, path = "/api/v1/tasks", tag = "tasks", request_body = TaskInput,
    responses((status = 201, description = "Created", body = TaskJson), WriteRefusals))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<TaskInput>,
) -> Result<(StatusCode, Json<TaskJson>), ApiError> {
    let task = super::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(json(&state, task))))
}

/// Query of a listing.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The agency's code; default: the caller's agency.
    agency: Option<String>,
    /// YYYY-MM-DD: the day the agency's code is read on; default today.
    #[param(format = Date)]
    as_of: Option<String>,
    /// The bucket listed (default `todo`).
    #[param(value_type = Option<Bucket>)]
    bucket: Option<String>,
    /// Tasks the agency leads (default), coordinates, or assigned.
    #[param(value_type = Option<View>)]
    view: Option<String>,
}

/// Which side of a task an inbox lists.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code, reason = "documents the values `view` takes")]
pub enum View {
    /// Tasks the agency leads.
    Lead,
    /// Tasks the agency coordinates.
    Coordinate,
    /// Tasks the agency assigned.
    Assigned,
}

/// An agency's inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct Inbox {
    /// The agency's code.
    agency: String,
    /// The tasks of the bucket asked.
    items: Vec<TaskJson>,
    /// How many.
    total: usize,
    /// How many tasks each bucket holds.
    counts: std::collections::BTreeMap<String, usize>,
}

/// An agency's tasks in one bucket, with every bucket's count.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "tasks", params(ListQuery),
    responses((status = 200, description = "The inbox", body = Inbox), ReadRefusals))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Inbox> {
    let agency = agency_or_own(&state, &user, q.agency.as_deref(), q.as_of.as_deref()).await?;
    let bucket =
        q.bucket.as_deref().filter(|b| !b.is_empty()).map(str::parse::<Bucket>).transpose()?.unwrap_or(Bucket::Todo);
    let (tasks, counts) = inbox(&state, &user, &agency, q.view.as_deref().unwrap_or("lead"), bucket).await?;
    let counts = counts.into_iter().map(|(b, n)| (b.as_str().to_owned(), n)).collect();
    let items: Vec<TaskJson> = tasks.into_iter().map(|t| json(&state, t)).collect();
    Ok(Json(Inbox { agency: agency.code, total: items.len(), items, counts }))
}

/// A task with its chain and progress.
#[derive(Debug, Serialize, ToSchema)]
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

/// A task with its ancestors, sub-tasks and progress.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "tasks", params(("id" = i64, Path, description = "The record's id")),
    responses((status = 200, description = "The task", body = TaskDetail), ReadRefusals))]
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
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = TaskStatusInput)]
pub struct StatusInput {
    /// The new status.
    #[schema(value_type = TaskStatus)]
    status: String,
    /// The version read.
    version: i64,
}

/// Change the status (409 on a stale version).
#[utoipa::path(patch, path = "/api/v1/tasks/{id}", tag = "tasks", params(("id" = i64, Path, description = "The record's id")), request_body = StatusInput,
    responses((status = 200, description = "The task as saved", body = TaskJson), WriteRefusals))]
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
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProgressJson {
    /// YYYY-MM-DD; default today.
    #[serde(default)]
    #[schema(format = Date)]
    date: Option<String>,
    /// What was done.
    text: String,
    /// Percent complete (the lead only).
    #[serde(default)]
    #[schema(maximum = 100)]
    percent: Option<u8>,
    /// The attachment's file name.
    #[serde(default)]
    attachment_name: Option<String>,
    /// The attachment's bytes in base64.
    #[serde(default)]
    #[schema(content_encoding = "base64")]
    attachment_base64: Option<String>,
    /// Instead of the two fields above: the token of a file sent to `POST /api/v1/uploads`.
    #[serde(default)]
    upload_token: Option<String>,
}

/// A progress report (lead side, with percent) or a contribution (coordinators).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/progress", tag = "tasks", params(("id" = i64, Path, description = "The record's id")), request_body = ProgressJson,
    responses((status = 201, description = "Recorded", body = Progress), WriteRefusals))]
pub async fn add_progress(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(p): Json<ProgressJson>,
) -> Result<(StatusCode, Json<Progress>), ApiError> {
    let input = ProgressInput {
        date: p.date,
        text: p.text,
        percent: p.percent.map(|v| v.to_string()),
        upload_token: p.upload_token,
    };
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
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResultInput {
    /// The registered document.
    document_id: i64,
}

/// Record a registered document as a result of the task (lead side).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/results", tag = "tasks", params(("id" = i64, Path, description = "The record's id")), request_body = ResultInput,
    responses((status = 201, description = "Recorded"), WriteRefusals))]
pub async fn add_result(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(r): Json<ResultInput>,
) -> Result<StatusCode, ApiError> {
    super::add_result(&state, &user, TaskId(id), &r.document_id.to_string()).await?;
    Ok(StatusCode::CREATED)
}
