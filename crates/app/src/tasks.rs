//! Tasks from letters: creating one, or one per agency of a group at once, passing work down,
//! status, progress and contributions, results, and the inboxes. Who may do what is decided
//! here, once:
//! - the lead agency, the agency that assigned the task, their superiors and their successors
//!   (Sở LĐTBXH's work passed to Sở Nội vụ) update a task and pass it down;
//! - coordinating agencies (and theirs) add contributions;
//! - anyone whose scope covers the lead agency reads it;
//! - work is assigned only to agencies under the assigner's area or what it became.

use serde::{Deserialize, Serialize};

use binhdang_core::documents::{Direction, Document, DocumentId};
use binhdang_core::tasks::{Bucket, DeadlineRule, NewProgress, NewTask, ProgressKind, Task, TaskId, TaskStatus};
use binhdang_core::units::{Unit, UnitFilter, UnitId, UnitKind, parse_date, vn_date};
use binhdang_core::users::User;
use binhdang_core::{Error as DomainError, FieldError};

use crate::Error;
use crate::Services;
use crate::fields::{Expect, Fields};
use binhdang_core::access::{Action, Record};

use crate::units::{actor, require, scope_of};

/// A task as submitted (JSON, or a form converted).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskInput {
    /// The assigning document.
    #[serde(default)]
    pub document_id: Option<i64>,
    /// The task this passes down.
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// Assigning agency's code (default: the document's register agency, the parent's lead, or
    /// the user's agency).
    #[serde(default)]
    pub assigner_code: Option<String>,
    /// Lead agency's code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub lead_code: String,
    /// Coordinating agencies' codes.
    #[serde(default)]
    pub coordinator_codes: Vec<String>,
    /// What to do.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub description: String,
    /// `date`, `working_days`, `at_once` or `none`.
    #[serde(default)]
    pub deadline_kind: String,
    /// For `date`: `YYYY-MM-DD`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub deadline_date: Option<String>,
    /// For `working_days`: how many.
    #[serde(default)]
    pub deadline_days: Option<String>,
    /// Start for working days (default: the document's date, else today).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub start_date: Option<String>,
    /// Give it even when the same lead already has the same work from the same document (the
    /// officer confirmed it is another task).
    #[serde(default)]
    pub allow_duplicate: bool,
}

/// Whether the user may update a task (see the module documentation).
pub async fn may_update(state: &Services, user: &User, task: &Task) -> Result<bool, Error> {
    if !user.role.can_edit() {
        return Ok(false);
    }
    for unit in [task.lead, task.assigner] {
        if state.store.reach_from(unit).await?.contains(&user.agency_id) {
            return Ok(true);
        }
    }
    if user.role.is_admin() {
        let lead = state.store.unit(task.lead).await?;
        return Ok(require(state, user, Record::Task, Action::Administer, &lead).await.is_ok());
    }
    Ok(false)
}

/// Whether the user speaks for one of the task's coordinating agencies.
pub async fn may_contribute(state: &Services, user: &User, task: &Task) -> Result<bool, Error> {
    if !user.role.can_edit() {
        return Ok(false);
    }
    for c in &task.coordinators {
        if state.store.reach_from(*c).await?.contains(&user.agency_id) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Refuses reading a task whose lead agency is outside the user's scope (unless the user's
/// agency takes part in it).
pub async fn require_read(state: &Services, user: &User, task: &Task) -> Result<(), Error> {
    let lead = state.store.unit(task.lead).await?;
    let scope = scope_of(state, user).await?;
    if scope.covers(&state.store.reach(&lead).await?)
        || may_update(state, user, task).await?
        || may_contribute(state, user, task).await?
    {
        Ok(())
    } else {
        Err(Error::Forbidden("nhiệm vụ này thuộc cơ quan ngoài phạm vi của bạn".into()))
    }
}

/// The deadline rule of a task's or a fan-out's fields; a refusal is recorded in `fields`.
fn deadline_rule(
    fields: &mut Fields,
    kind: &str,
    date: Option<&str>,
    days: Option<&str>,
) -> Result<DeadlineRule, Error> {
    Ok(fields.take(DeadlineRule::from_fields(kind, date, days))?.unwrap_or(DeadlineRule::None))
}

/// Checks and creates one task.
pub async fn create(state: &Services, user: &User, input: &TaskInput) -> Result<Task, Error> {
    let today = state.clock.today();
    let mut fields = Fields::new();
    let document = match input.document_id {
        Some(id) => {
            let d = state.store.document(DocumentId(id)).await?;
            crate::documents::require_read(state, user, &d).await?;
            Some(d)
        }
        None => None,
    };
    let parent = match input.parent_id {
        Some(id) => {
            let t = state.store.task(TaskId(id)).await?;
            require_read(state, user, &t).await?;
            Some(t)
        }
        None => None,
    };
    let start = match input.start_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(_) => fields.optional_date("start_date", input.start_date.as_deref()).unwrap_or(today),
        None => document.as_ref().and_then(|d| d.date).unwrap_or(today),
    };
    let rule = deadline_rule(
        &mut fields,
        &input.deadline_kind,
        input.deadline_date.as_deref(),
        input.deadline_days.as_deref(),
    )?;
    let lead = fields.unit(state, "lead_code", &input.lead_code, &[start], Expect::Agency).await?;
    if input.lead_code.trim().is_empty() {
        fields.push("lead_code", "cần chọn cơ quan chủ trì");
    }
    let mut coordinators = Vec::new();
    for code in &input.coordinator_codes {
        if let Some(u) = fields.unit(state, "coordinator_codes", code, &[start], Expect::Agency).await?
            && !coordinators.contains(&u.id)
        {
            coordinators.push(u.id);
        }
    }
    // Who records the task: the lead of the task passed down, the agency in whose register the
    // letter is, or the user's agency. Rights and reach are theirs.
    let recorder = match (&parent, &document) {
        (Some(p), _) => p.lead,
        (None, Some(d)) => d.register_agency,
        (None, None) => user.agency_id,
    };
    let assigner = match input.assigner_code.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(code) => fields.unit(state, "assigner_code", code, &[start], Expect::Agency).await?.map(|u| u.id),
        None => Some(match (&parent, &document) {
            (None, Some(d)) => direction_giver(state, d).await?.unwrap_or(recorder),
            _ => recorder,
        }),
    };
    let (Some(lead), Some(assigner)) = (lead, assigner) else {
        return Err(Error::Invalid(fields.into_errors()));
    };
    let deadline = rule.due(start, &state.settings.calendar, state.settings.task_at_once_days);
    let new = NewTask {
        document: document.as_ref().map(|d| d.id),
        parent: parent.as_ref().map(|p| p.id),
        assigner,
        lead: lead.id,
        coordinators,
        description: input.description.trim().to_owned(),
        start,
        rule,
        deadline,
    };
    fields.take(new.validate())?;
    fields.finish()?;
    // Passing work down needs the right to update the parent; assigning needs the assigner's scope.
    match &parent {
        Some(p) if !may_update(state, user, p).await? => {
            return Err(Error::Forbidden(
                "chỉ cơ quan chủ trì nhiệm vụ (và cấp trên) được giao tiếp nhiệm vụ con".into(),
            ));
        }
        Some(_) => {}
        None => {
            require(state, user, Record::Task, Action::Write, &state.store.unit(recorder).await?).await?;
            if assigner != recorder && input.assigner_code.is_some() {
                require(state, user, Record::Task, Action::Write, &state.store.unit(assigner).await?).await?;
            }
        }
    }
    // Work goes only to agencies within the reach of whoever records it, whoever gave the
    // direction (a ministry's letter does not let a department assign across the country).
    let assignees: Vec<UnitId> = std::iter::once(new.lead).chain(new.coordinators.iter().copied()).collect();
    require_assignable(state, &state.store.unit(recorder).await?, &assignees).await?;
    if !input.allow_duplicate {
        require_not_given(state, &new).await?;
    }
    let ids = state.store.create_tasks(&[new], actor(state, user)).await?;
    let id = ids.first().copied().ok_or_else(|| Error::Internal("no task created".into()))?;
    Ok(state.store.task(id).await?)
}

/// The agency that gave the direction a letter carries: for a letter received, its issuer when
/// the registry holds it; for a letter sent, the agency that sent it. An office of a people's
/// committee speaks for its committee (its letter conveys the chairman's direction: "Chủ tịch
/// UBND tỉnh có ý kiến chỉ đạo …"), so the committee is the one that gave it. `None` when the
/// issuer of a received letter is not an agency of the registry.
async fn direction_giver(state: &Services, document: &Document) -> Result<Option<UnitId>, Error> {
    let giver = match document.direction {
        Direction::Incoming => match document.issuer_id {
            Some(issuer) => issuer,
            None => return Ok(None),
        },
        Direction::Outgoing => document.register_agency,
    };
    let giver = state.store.unit(giver).await?;
    if giver.kind.is_area() {
        return Ok(None);
    }
    if giver.kind == UnitKind::ProvincialOffice
        && let Some(parent) = giver.parent_id
    {
        let committee = state.store.unit(parent).await?;
        if committee.kind == UnitKind::ProvincialCommittee {
            return Ok(Some(committee.id));
        }
    }
    Ok(Some(giver.id))
}

/// Refuses a second task for the same assignment (the same document, the same lead, the same
/// work, at the same level) unless the officer confirms it: a form sent twice, or the same line
/// of a letter given again, would otherwise count twice in every inbox and roll-up.
async fn require_not_given(state: &Services, new: &NewTask) -> Result<(), Error> {
    let Some(document) = new.document else { return Ok(()) };
    let work = vanban::fold(&new.description);
    let earlier = match new.parent {
        Some(p) => state.store.subtasks(p).await?,
        None => state.store.tasks_of_document(document).await?,
    };
    if let Some(t) = earlier.iter().find(|t| t.lead == new.lead && vanban::fold(&t.description) == work) {
        let lead = state.store.unit(t.lead).await?.name;
        return Err(Error::Conflict(format!(
            "{lead} đã được giao nhiệm vụ này theo văn bản này (giao ngày {}); nếu đây là một nhiệm vụ khác, \
             hãy đánh dấu \"Vẫn giao thêm\" rồi gửi lại",
            vn_date(t.start)
        )));
    }
    Ok(())
}

/// Refuses assigning work to an agency outside the assigner's reach: every lead and coordinator
/// must serve an area under the assigning agency's area, or under what that area became (Kiên
/// Giang's 2021 department passes work to a ward of today's An Giang). A province's committee
/// assigns to its departments and communes, the ministry to anyone, a commune to no one above it.
async fn require_assignable(state: &Services, assigner: &Unit, assignees: &[UnitId]) -> Result<(), Error> {
    let areas = state.store.successors_from(assigner.scope_area()).await?;
    for area in &areas {
        if state.store.unit(*area).await?.kind == UnitKind::Nation {
            return Ok(());
        }
    }
    for id in assignees {
        let unit = state.store.unit(*id).await?;
        let reach = state.store.reach(&unit).await?;
        if !areas.iter().any(|a| binhdang_core::users::Scope { area: *a }.covers(&reach)) {
            return Err(Error::Forbidden(format!(
                "{} không thuộc phạm vi của {}: chỉ giao việc cho cơ quan thuộc phạm vi của cơ quan giao việc",
                unit.name, assigner.name
            )));
        }
    }
    Ok(())
}

/// One task per agency of a group, for each line of work, at once.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FanOutInput {
    /// The kind of agency (`provincial_committee`, `ministry`, `department`, `commune_committee`).
    #[cfg_attr(feature = "openapi", schema(value_type = binhdang_core::units::UnitKind))]
    pub kind: String,
    /// Only agencies under this parent (e.g. `91-UBND` for a province's departments).
    #[serde(default)]
    pub parent_code: Option<String>,
    /// One task per line of work per agency; default: the document's assignments.
    #[serde(default)]
    pub descriptions: Vec<String>,
    /// Deadline, as for a task.
    #[serde(default)]
    pub deadline_kind: String,
    /// See [`TaskInput::deadline_date`].
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub deadline_date: Option<String>,
    /// See [`TaskInput::deadline_days`].
    #[serde(default)]
    pub deadline_days: Option<String>,
}

/// Creates the tasks of a fan-out in one transaction; returns their ids.
pub async fn fan_out(state: &Services, user: &User, id: DocumentId, input: &FanOutInput) -> Result<Vec<TaskId>, Error> {
    let doc = state.store.document(id).await?;
    let assigner = state.store.unit(doc.register_agency).await?;
    require(state, user, Record::Task, Action::Write, &assigner).await?;
    let start = doc.date.unwrap_or_else(|| state.clock.today());
    let mut fields = Fields::new();
    let kind = match fields.take(input.kind.parse::<UnitKind>())? {
        Some(k) if k.is_area() => {
            fields.push("kind", "chỉ giao nhiệm vụ cho cơ quan, không cho địa bàn");
            None
        }
        kind => kind,
    };
    let parent = match input.parent_code.as_deref() {
        Some(code) => fields.unit(state, "parent_code", code, &[start], Expect::Agency).await?,
        None => None,
    };
    let rule = deadline_rule(
        &mut fields,
        &input.deadline_kind,
        input.deadline_date.as_deref(),
        input.deadline_days.as_deref(),
    )?;
    let descriptions: Vec<String> = if input.descriptions.iter().any(|d| !d.trim().is_empty()) {
        input.descriptions.iter().map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()).collect()
    } else {
        doc.assignments.iter().map(|a| a.action.clone()).collect()
    };
    if descriptions.is_empty() {
        fields.push("descriptions", "văn bản không có nội dung giao việc; hãy ghi nội dung nhiệm vụ");
    }
    let Some(kind) = kind.filter(|_| fields.is_empty()) else {
        return Err(Error::Invalid(fields.into_errors()));
    };
    let (targets, _) = state
        .store
        .list_units(&UnitFilter {
            as_of: start,
            q: None,
            kind: Some(kind),
            parent: parent.map(|p| p.id),
            limit: 20_000,
            offset: 0,
        })
        .await?;
    if targets.is_empty() {
        return Err(DomainError::invalid(
            "kind",
            format!("không có cơ quan nào thuộc nhóm này vào ngày {}", vn_date(start)),
        )
        .into());
    }
    let assignees: Vec<UnitId> = targets.iter().map(|t| t.id).filter(|t| *t != assigner.id).collect();
    require_assignable(state, &assigner, &assignees).await?;
    let deadline = rule.due(start, &state.settings.calendar, state.settings.task_at_once_days);
    let tasks: Vec<NewTask> = targets
        .iter()
        .filter(|t| t.id != assigner.id)
        .flat_map(|t| {
            descriptions.iter().map(move |d| NewTask {
                document: Some(doc.id),
                parent: None,
                assigner: assigner.id,
                lead: t.id,
                coordinators: Vec::new(),
                description: d.clone(),
                start,
                rule,
                deadline,
            })
        })
        .collect();
    Ok(state.store.create_tasks(&tasks, actor(state, user)).await?)
}

/// Changes a task's status after the checks.
pub async fn set_status(state: &Services, user: &User, id: TaskId, status: &str, version: i64) -> Result<Task, Error> {
    let task = state.store.task(id).await?;
    if !may_update(state, user, &task).await? {
        return Err(Error::Forbidden(
            "chỉ cơ quan chủ trì, cơ quan giao việc và cấp trên được cập nhật nhiệm vụ".into(),
        ));
    }
    let status: TaskStatus = status.parse()?;
    Ok(state.store.set_task_status(id, status, version, actor(state, user)).await?)
}

/// A progress report as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProgressInput {
    /// `YYYY-MM-DD`; default today.
    #[serde(default)]
    pub date: Option<String>,
    /// What was done.
    #[serde(default)]
    pub text: String,
    /// Percent complete (lead only).
    #[serde(default)]
    pub percent: Option<String>,
    /// The token of a file kept on the server (`POST /api/v1/uploads`, or a form that failed) to
    /// attach instead of a file sent with the request.
    #[serde(default)]
    pub upload_token: Option<String>,
}

/// What the user may write into a task: a report (lead side) or a contribution (coordinators);
/// refused otherwise. Checked before a request's files are read.
pub async fn progress_kind(state: &Services, user: &User, task: &Task) -> Result<ProgressKind, Error> {
    if may_update(state, user, task).await? {
        Ok(ProgressKind::Progress)
    } else if may_contribute(state, user, task).await? {
        Ok(ProgressKind::Contribution)
    } else {
        Err(Error::Forbidden(
            "chỉ cơ quan chủ trì (báo cáo tiến độ) và cơ quan phối hợp (đóng góp) được ghi vào nhiệm vụ này".into(),
        ))
    }
}

/// Adds a report (lead side) or a contribution (coordinator side) after the checks.
pub async fn add_progress(
    state: &Services,
    user: &User,
    id: TaskId,
    input: &ProgressInput,
    attachment: Option<&binhdang_store::documents::StoredFile>,
) -> Result<binhdang_core::tasks::Progress, Error> {
    let task = state.store.task(id).await?;
    let kind = progress_kind(state, user, &task).await?;
    let mut errors = Vec::new();
    let date = match input.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(t) => match parse_date("date", t) {
            Ok(d) => d,
            Err(DomainError::Invalid(mut e)) => {
                errors.append(&mut e);
                state.clock.today()
            }
            Err(e) => return Err(e.into()),
        },
        None => state.clock.today(),
    };
    let percent = match input.percent.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => {
            if let Ok(v) = p.trim_end_matches('%').parse::<u8>() {
                Some(v)
            } else {
                errors.push(FieldError::new("percent", format!("tỷ lệ \"{p}\" phải là số từ 0 đến 100")));
                None
            }
        }
        None => None,
    };
    let progress = NewProgress {
        date,
        text: input.text.trim().to_owned(),
        percent: if kind == ProgressKind::Progress { percent } else { None },
    };
    if let Err(DomainError::Invalid(mut e)) = progress.validate(state.clock.today()) {
        errors.append(&mut e);
    }
    // A file kept on the server since an earlier attempt (or sent to `/api/v1/uploads`).
    let kept = match input.upload_token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) if attachment.is_none() => {
            let found = crate::uploads::find(state, user, token).await?;
            if found.is_none() {
                errors.push(FieldError::new("file", crate::uploads::GONE));
            }
            found
        }
        _ => None,
    };
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let attachment = attachment.or(kept.as_ref().map(|k| &k.file));
    // The agency that writes it: the lead itself, or one that carries on from it (a successor
    // after a merger), the assigning body or a superior reporting on its behalf.
    let unit = user.agency_id;
    if attachment.is_some_and(|a| a.bytes.len() > crate::documents::MAX_FILE_BYTES) {
        return Err(DomainError::invalid(
            "file",
            format!("tệp đính kèm lớn hơn {} MB", crate::documents::MAX_FILE_BYTES / 1024 / 1024),
        )
        .into());
    }
    let added = state.store.add_progress(id, kind, unit, &progress, attachment, actor(state, user)).await?;
    if let Some(k) = kept {
        state.store.remove_pending_upload(k.id).await?;
    }
    Ok(added)
}

/// The tasks an agency leads, in one bucket, with each bucket's count.
pub async fn inbox(
    state: &Services,
    user: &User,
    agency: &Unit,
    view: &str,
    bucket: Bucket,
) -> Result<(Vec<Task>, Vec<(Bucket, usize)>), Error> {
    let scope = scope_of(state, user).await?;
    if !scope.covers(&state.store.reach(agency).await?) {
        return Err(Error::Forbidden("cơ quan này nằm ngoài phạm vi của bạn".into()));
    }
    // An agency's inbox holds the work of the agencies it carries on from: after the 2025
    // reform, An Giang's Sở Nội vụ finds Kiên Giang's labour department's 2021 tasks.
    let agencies = state.store.predecessors_from(agency.id).await?;
    let all = match view {
        "coordinate" => state.store.tasks_coordinated_by(&agencies).await?,
        "assigned" => state.store.tasks_assigned_by(&agencies).await?,
        _ => state.store.tasks_led_by(&agencies).await?,
    };
    let today = state.clock.today();
    let counts = Bucket::ALL.iter().map(|b| (*b, all.iter().filter(|t| t.in_bucket(*b, today)).count())).collect();
    let tasks = all.into_iter().filter(|t| t.in_bucket(bucket, today)).collect();
    Ok((tasks, counts))
}

/// The unit an optional code names on a day (default today), or the user's agency.
pub async fn agency_or_own(
    state: &Services,
    user: &User,
    code: Option<&str>,
    as_of: Option<&str>,
) -> Result<Unit, Error> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Ok(crate::units::by_code(state, c, crate::units::as_of(state, as_of)?).await?),
        None => Ok(state.store.unit(user.agency_id).await?),
    }
}

/// Names of units by id, for lists.
pub async fn unit_names(
    state: &Services,
    ids: Vec<UnitId>,
) -> Result<std::collections::HashMap<UnitId, String>, Error> {
    Ok(state.store.names_of(&ids).await?)
}

/// Records a registered document as a result of a task (lead side), by id or by code.
pub async fn add_result(state: &Services, user: &User, id: TaskId, document: &str) -> Result<(), Error> {
    let task = state.store.task(id).await?;
    if !may_update(state, user, &task).await? {
        return Err(Error::Forbidden("chỉ cơ quan chủ trì và cấp trên được ghi văn bản kết quả".into()));
    }
    let doc = crate::documents::find_for(state, user, document).await?.ok_or_else(|| {
        DomainError::invalid("document", format!("không có văn bản \"{}\" trong sổ mà bạn được xem", document.trim()))
    })?;
    Ok(state.store.add_task_result(id, doc.id, actor(state, user)).await?)
}
