//! Activities: recording, editing and deleting them (with the version read; deleted ones stay
//! restorable by an administrator), attached files, and the figures of an area over an annual
//! period. Recording needs an editing role whose scope covers both the recording agency and the
//! place; reading follows the place's reach.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use binhdang_core::Error as DomainError;
use binhdang_core::activities::{Activity, ActivityId, ActivityType, Figure, NewActivity, annual_period, sum_figures};
use binhdang_core::tasks::TaskId;
use binhdang_core::units::{Unit, parse_date};
use binhdang_core::users::User;
use binhdang_store::activities::{ActivityFilter, DeletedActivity};

use crate::Error;
use crate::Services;
use crate::fields::{Expect, Fields};
use binhdang_core::access::{Action, Record};

use crate::units::{require, require_role, scope_of};

/// An activity as submitted (JSON, or the form converted).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityInput {
    /// Type (API name).
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = binhdang_core::activities::ActivityType))]
    pub kind: String,
    /// The recording agency's code (default: the user's agency).
    #[serde(default)]
    pub agency_code: Option<String>,
    /// The place's code, as of `date_from`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub area_code: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub date_from: String,
    /// `YYYY-MM-DD`, for a range.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub date_to: Option<String>,
    /// Title.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub title: String,
    /// The plan item it carries out.
    #[serde(default)]
    pub plan_item: Option<i64>,
    /// The task it carries out.
    #[serde(default)]
    pub task_id: Option<i64>,
    /// The type's fields.
    #[serde(default)]
    pub data: Map<String, Value>,
    /// The version edited (updates).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Records an activity after every check of the form and the API.
pub async fn record(state: &Services, user: &User, input: &ActivityInput) -> Result<Activity, Error> {
    let (activity, scope_path) = resolve(state, user, input).await?;
    Ok(state.store.create_activity(&activity, &scope_path, crate::units::actor(state, user)).await?)
}

/// Checks an input and resolves its codes; every problem is reported at once. Returns the
/// activity and the place's reach as a scope path.
pub async fn resolve(state: &Services, user: &User, input: &ActivityInput) -> Result<(NewActivity, String), Error> {
    let mut fields = Fields::new();
    let kind = fields.take(input.kind.parse::<ActivityType>())?;
    let date_from = fields.take(parse_date("date_from", &input.date_from))?;
    let date_to = fields.optional_date("date_to", input.date_to.as_deref());
    let on = date_from.unwrap_or_else(|| state.clock.today());
    let area = fields.unit(state, "area_code", &input.area_code, &[on], Expect::Area).await?;
    if input.area_code.trim().is_empty() {
        fields.push("area_code", "cần chọn địa bàn diễn ra hoạt động");
    }
    // The agency as of the activity's day, or today's holder of the code (the picker's).
    let agency = match input.agency_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => fields.unit(state, "agency_code", code, &[on, state.clock.today()], Expect::Agency).await?,
        None => Some(state.store.unit(user.agency_id).await?),
    };
    if let Some(id) = input.task_id
        && state.store.task(TaskId(id)).await.is_err()
    {
        fields.push("task_id", format!("không có nhiệm vụ số {id}"));
    }
    if let Some(item) = input.plan_item
        && !state.store.plan_item_exists(item).await?
    {
        fields.push("plan_item", format!("không có mục kế hoạch số {item}"));
    }
    let (Some(kind), Some(date_from), Some(area), Some(agency)) = (kind, date_from, area, agency) else {
        return Err(Error::Invalid(fields.into_errors()));
    };
    let mut activity = NewActivity {
        kind,
        agency: agency.id,
        area: area.id,
        date_from,
        date_to,
        title: input.title.trim().to_owned(),
        plan_item: input.plan_item,
        task: input.task_id.map(TaskId),
        data: input.data.clone(),
    };
    fields.take(activity.validate())?;
    fields.finish()?;
    require(state, user, Record::Activity, Action::Write, &agency).await?;
    require(state, user, Record::Activity, Action::Write, &area).await?;
    Ok((activity, state.store.scope_path(&area).await?))
}

/// Refuses reading an activity whose place is outside the user's scope.
pub async fn require_read(state: &Services, user: &User, a: &Activity) -> Result<(), Error> {
    let scope = scope_of(state, user).await?;
    if state.store.activity_readable_from(a.id, scope.area).await? {
        Ok(())
    } else {
        Err(Error::Forbidden("hoạt động này diễn ra ngoài phạm vi của cơ quan bạn".into()))
    }
}

/// Refuses changing an activity the user could not record today.
pub async fn require_change(state: &Services, user: &User, a: &Activity) -> Result<(), Error> {
    require_read(state, user, a).await?;
    let agency = state.store.unit(a.agency).await?;
    let area = state.store.unit(a.area).await?;
    require(state, user, Record::Activity, Action::Write, &agency).await?;
    require(state, user, Record::Activity, Action::Write, &area).await
}

/// The version a form or request carried; a missing or malformed one is refused rather than
/// replaced by the current version (which would let a stale form overwrite a newer edit).
pub fn required_version(version: Option<i64>) -> Result<i64, Error> {
    version.ok_or_else(|| {
        DomainError::invalid("version", "thiếu phiên bản của bản đã đọc; hãy tải lại trang rồi làm lại").into()
    })
}

/// Deletes an activity the user may change, with the version they read.
pub async fn delete(state: &Services, user: &User, id: ActivityId, version: Option<i64>) -> Result<(), Error> {
    let current = state.store.activity(id).await?;
    require_change(state, user, &current).await?;
    let version = required_version(version)?;
    Ok(state.store.delete_activity(current.id, version, crate::units::actor(state, user)).await?)
}

/// Deleted activities in an administrator's scope.
pub async fn deleted(state: &Services, user: &User) -> Result<Vec<DeletedActivity>, Error> {
    require_role(state, user, Record::Activity, Action::Administer).await?;
    let scope = scope_of(state, user).await?;
    Ok(state.store.deleted_activities(scope.area).await?)
}

/// Restores a deleted activity in an administrator's scope.
pub async fn restore(state: &Services, user: &User, id: ActivityId) -> Result<Activity, Error> {
    require_role(state, user, Record::Activity, Action::Administer).await?;
    let scope = scope_of(state, user).await?;
    if !state.store.deleted_activity_readable_from(id, scope.area).await? {
        return Err(Error::NotFound(format!("không có hoạt động đã xóa số {} trong phạm vi của bạn", id.0)));
    }
    Ok(state.store.restore_activity(id, crate::units::actor(state, user)).await?)
}

/// Attaches a file to an activity the user may change; returns the file's id.
pub async fn attach(state: &Services, user: &User, a: &Activity, name: String, bytes: Vec<u8>) -> Result<i64, Error> {
    require_change(state, user, a).await?;
    if name.trim().is_empty() || bytes.is_empty() {
        return Err(DomainError::invalid("file", "hãy chọn một tệp").into());
    }
    if bytes.len() > crate::documents::MAX_FILE_BYTES {
        let mb = crate::documents::MAX_FILE_BYTES / 1024 / 1024;
        return Err(DomainError::invalid("file", format!("tệp {name} lớn hơn {mb} MB")).into());
    }
    let file = binhdang_store::documents::StoredFile { mime: crate::documents::mime_of(&name).to_owned(), name, bytes };
    Ok(state.store.add_activity_file(a.id, &file, crate::units::actor(state, user)).await?)
}

/// Attaches a file kept on the server (see [`crate::uploads`]) to an activity the user may
/// change; returns the file's id and name.
pub async fn attach_upload(state: &Services, user: &User, a: &Activity, token: &str) -> Result<(i64, String), Error> {
    require_change(state, user, a).await?;
    let kept = crate::uploads::take(state, user, token, "upload_token").await?;
    let id = state.store.add_activity_file(a.id, &kept.file, crate::units::actor(state, user)).await?;
    state.store.remove_pending_upload(kept.id).await?;
    Ok((id, kept.file.name))
}

/// The figures of an area (and everything under it, then and now) for an annual period.
pub async fn figures(state: &Services, user: &User, area: &Unit, year: i32) -> Result<Vec<Figure>, Error> {
    let scope = scope_of(state, user).await?;
    if !scope.covers(&state.store.reach(area).await?) {
        return Err(Error::Forbidden("địa bàn này nằm ngoài phạm vi của bạn".into()));
    }
    let (start, end) = annual_period(year);
    figures_between(state, area, start, end).await
}

/// The figures of the activities that began from `start` to `end` in an area or under it (then
/// or now); the caller has checked the reader's rights.
pub async fn figures_between(
    state: &Services,
    area: &Unit,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<Figure>, Error> {
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let filter = ActivityFilter {
            area: Some(area.id),
            from: Some(start),
            to: Some(end),
            limit: 5_000,
            offset,
            ..ActivityFilter::default()
        };
        let (page, total) = state.store.list_activities(&filter).await?;
        let n = page.len();
        all.extend(page.into_iter().filter(|a| a.date_from >= start && a.date_from <= end));
        offset += n as u32;
        if n == 0 || u64::from(offset) >= total {
            break;
        }
    }
    Ok(sum_figures(all.iter().flat_map(|a| a.figures(start))))
}

/// The period's year from a `period` parameter (`YYYY`).
pub fn period(text: Option<&str>, today: NaiveDate) -> Result<i32, DomainError> {
    use chrono::Datelike;
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today.year()),
        Some(t) => t.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| {
            DomainError::invalid(
                "period",
                format!("kỳ \"{t}\" phải là một năm, ví dụ 2021 (kỳ báo cáo năm: 15/12 năm trước đến 14/12)"),
            )
        }),
    }
}
