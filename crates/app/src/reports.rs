//! Periodic reporting: opening an area's report for a form and period (its typed values, what its
//! activities yield, what its approved children sum to), saving values with the version read,
//! the workflow (submit, approve, return, waive, reopen), the obliged areas below an area with
//! their status, and completeness.
//!
//! Rights: reading follows the reporting area's reach; typing and sending need an officer whose
//! scope covers the area; approving, returning and waiving are the level above's leaders' (the
//! parent area's reach); reopening an approved report is an administrator's exception. A unit
//! code is resolved on the period's last day, so `91` in 2021 is Kiên Giang and in 2025 An Giang.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use binhdang_core::access::{Action, Record};
use binhdang_core::reporting::{
    self, Completeness, Expected, Form, Obligation, Period, Status, Step, completeness, obliged_kinds,
    values_from_figures,
};
use binhdang_core::units::{Unit, UnitId, UnitKind};
use binhdang_core::users::User;
use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::reports::{Key, ReportHead, StoredValue, ValueWrite};

use crate::units::{actor, by_code, require, scope_of};
use crate::{Error, Services};

/// Where values come from.
pub const FROM_ACTIVITIES: &str = "activities";
/// Typed by an officer.
pub const TYPED: &str = "typed";

/// What a request names: a form, a period and an area.
#[derive(Debug, Clone)]
pub struct Target {
    /// The form.
    pub form: &'static Form,
    /// The period.
    pub period: Period,
    /// The period's first and last day.
    pub dates: (NaiveDate, NaiveDate),
    /// The reporting area, as of the period's last day.
    pub unit: Unit,
}

/// Resolves a form, a period and an area code (on the period's last day, or `as_of`).
pub async fn target(
    state: &Services,
    form: &str,
    period: &str,
    unit_code: &str,
    as_of: Option<NaiveDate>,
) -> Result<Target, Error> {
    let form = reporting::form(form)?;
    let period = form.period(period)?;
    let dates = period.dates(form.regime);
    let unit = by_code(state, unit_code.trim(), as_of.unwrap_or(dates.1)).await?;
    if !unit.kind.is_area() {
        return Err(DomainError::invalid(
            "unit_code",
            format!("{} là cơ quan; báo cáo định kỳ là của một địa bàn (xã, tỉnh, toàn quốc)", unit.name),
        )
        .into());
    }
    Ok(Target { form, period, dates, unit })
}

/// One cell of a report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cell {
    /// Element code.
    pub element: String,
    /// Option combination code.
    pub option: String,
    /// The stored value, if typed or saved.
    pub value: Option<String>,
    /// `activities` or `typed` (for a stored value); `activities` for a value only pre-filled.
    pub source: Option<String>,
    /// Comment.
    pub comment: String,
    /// Why an activity-derived value was overridden.
    pub override_reason: String,
    /// What the area's activities yield for it.
    pub from_activities: Option<String>,
    /// What the approved reports of the obliged areas below sum to.
    pub from_children: Option<String>,
    /// Who entered it.
    pub entered_by: Option<i64>,
    /// When.
    pub entered_at: Option<String>,
    /// A warning: the value is far from the area's value for the period before.
    pub warning: Option<String>,
}

/// What a user may do with a report now.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[allow(clippy::struct_excessive_bools, reason = "independent permissions, each a yes or no in the API")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Allowed {
    /// Type values.
    pub edit: bool,
    /// Send to the level above.
    pub submit: bool,
    /// Approve or return (a leader of the level above).
    pub decide: bool,
    /// Waive (a leader of the level above).
    pub waive: bool,
    /// Reopen (an administrator).
    pub reopen: bool,
}

/// A report as shown and served.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    /// Form code.
    pub form: String,
    /// Period code.
    pub period: String,
    /// First day of data.
    pub period_start: NaiveDate,
    /// Last day of data.
    pub period_end: NaiveDate,
    /// The area's code on the period's last day.
    pub unit_code: String,
    /// Its name.
    pub unit_name: String,
    /// Status.
    pub status: Status,
    /// Version to send back with a change (0: never saved).
    pub version: i64,
    /// The day it is due.
    pub deadline: NaiveDate,
    /// The reason of the last return, waiver or reopening.
    pub reason: String,
    /// When it was first sent.
    pub first_submitted_at: Option<String>,
    /// Every cell of the form, section by section.
    pub values: Vec<Cell>,
    /// What the user may do.
    pub allowed: Allowed,
    /// Obliged areas below it and how many of them are approved or waived.
    pub children: (usize, usize),
    /// What happened to it, newest first.
    pub history: Vec<Event>,
}

/// A step in a report's history, from the audit log.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// When (UTC instant).
    pub at: String,
    /// Who (display name).
    pub by: String,
    /// `values` (values saved), or the status it moved to (`da_gui`, `tra_lai`…).
    pub action: String,
    /// The reason given, or how many values changed.
    pub detail: String,
}

/// A report's history: the newest 30 entries of the audit log.
async fn events(state: &Services, report: i64) -> Result<Vec<Event>, Error> {
    if report == 0 {
        return Ok(Vec::new());
    }
    let entries = state.store.audit_of("report", &report.to_string(), 30).await?;
    let mut names: HashMap<i64, String> = HashMap::new();
    for id in entries.iter().filter_map(|e| e.user_id) {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(id) {
            let user = state.store.user(binhdang_core::users::UserId(id)).await;
            slot.insert(user.map(|u| u.display_name).unwrap_or_default());
        }
    }
    Ok(entries
        .into_iter()
        .map(|e| {
            let detail: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or_default();
            let action = e.action.strip_prefix("report.").unwrap_or(&e.action).to_owned();
            let detail = match &detail {
                serde_json::Value::Array(changes) => changes.len().to_string(),
                other => other.get("reason").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned(),
            };
            Event { at: e.at, by: e.user_id.and_then(|u| names.get(&u).cloned()).unwrap_or_default(), action, detail }
        })
        .collect())
}

fn not_started(t: &Target) -> ReportHead {
    ReportHead {
        id: 0,
        form: t.form.code.to_owned(),
        period: t.period.code(),
        unit: t.unit.id,
        status: Status::ChuaNhap,
        version: 0,
        first_submitted_at: None,
        submitted_at: None,
        decided_at: None,
        decided_by: None,
        reason: String::new(),
    }
}

async fn require_read(state: &Services, user: &User, unit: &Unit) -> Result<(), Error> {
    let scope = scope_of(state, user).await?;
    if scope.covers(&state.store.reach(unit).await?) {
        Ok(())
    } else {
        Err(Error::Forbidden(format!("báo cáo của {} nằm ngoài phạm vi của cơ quan bạn", unit.name)))
    }
}

/// Refuses a decision of the level above unless the user is a leader there.
async fn require_above(state: &Services, user: &User, unit: &Unit) -> Result<(), Error> {
    let Some(parent) = unit.parent_id else {
        return Err(Error::Forbidden(format!("{} không có cấp trên để duyệt báo cáo", unit.name)));
    };
    let parent = state.store.unit(parent).await?;
    if crate::units::subject(state, user).await?.area == unit.id {
        return Err(Error::Forbidden("không tự duyệt báo cáo của địa bàn mình; cấp trên duyệt".into()));
    }
    require(state, user, Record::Report, Action::Issue, &parent).await
}

/// The values an area's activities yield for a form and period.
pub async fn activity_values(state: &Services, t: &Target) -> Result<BTreeMap<Key, f64>, Error> {
    // A form none of whose elements activities yield needs no look at the activities.
    let yields = |code: &str| {
        code == "TT_NGUOI_THAM_DU_DT" || binhdang_core::activities::FIGURE_CODES.iter().any(|(c, _, _)| *c == code)
    };
    if !t.form.elements().any(|e| yields(e.code)) {
        return Ok(BTreeMap::new());
    }
    let figures = crate::activities::figures_between(state, &t.unit, t.dates.0, t.dates.1).await?;
    Ok(values_from_figures(t.form, &figures))
}

/// The obliged areas below `area` (as of `as_of`) for a form and period.
pub async fn expected_below(
    state: &Services,
    t: &Target,
    obligations: &[Obligation],
    as_of: NaiveDate,
) -> Result<Vec<(UnitId, UnitKind)>, Error> {
    let kinds = obliged_kinds(obligations, t.form.code, t.dates.1);
    let tree = state.store.area_tree(as_of).await?;
    Ok(descendants(&tree, t.unit.id).into_iter().filter(|(_, k)| kinds.contains(k)).collect())
}

/// Every unit below `root` in a tree of (id, parent, kind), breadth first.
#[must_use]
pub fn descendants(tree: &[(UnitId, Option<UnitId>, UnitKind)], root: UnitId) -> Vec<(UnitId, UnitKind)> {
    let mut below: HashMap<UnitId, Vec<(UnitId, UnitKind)>> = HashMap::new();
    for (id, parent, kind) in tree {
        if let Some(p) = parent {
            below.entry(*p).or_default().push((*id, *kind));
        }
    }
    let mut out = Vec::new();
    let mut queue = vec![root];
    let mut seen = BTreeSet::new();
    while let Some(id) = queue.pop() {
        for (child, kind) in below.get(&id).map(Vec::as_slice).unwrap_or_default() {
            if seen.insert(*child) {
                out.push((*child, *kind));
                queue.push(*child);
            }
        }
    }
    out
}

/// Opens an area's report: stored values, what activities yield (pre-filled where nothing is
/// stored), the approved children's sums, and what the user may do.
pub async fn open(state: &Services, user: &User, t: &Target) -> Result<ReportView, Error> {
    require_read(state, user, &t.unit).await?;
    let code = t.period.code();
    let head = state.store.report_head(t.form.code, &code, t.unit.id).await?.unwrap_or_else(|| not_started(t));
    let stored = if head.id > 0 { state.store.report_values(head.id).await? } else { BTreeMap::new() };
    let from_activities = activity_values(state, t).await?;
    let obligations = state.store.obligations().await?;
    let below = expected_below(state, t, &obligations, t.dates.1).await?;
    let heads: HashMap<UnitId, ReportHead> =
        state.store.report_heads(t.form.code, &code).await?.into_iter().map(|h| (h.unit, h)).collect();
    let approved: Vec<i64> =
        below.iter().filter_map(|(u, _)| heads.get(u)).filter(|h| h.status == Status::DaDuyet).map(|h| h.id).collect();
    let settled = below
        .iter()
        .filter(|(u, _)| heads.get(u).is_some_and(|h| matches!(h.status, Status::DaDuyet | Status::MienNop)))
        .count();
    let mut report_ids = approved.clone();
    let previous = state.store.report_head(t.form.code, &t.period.previous().code(), t.unit.id).await?;
    if let Some(p) = &previous {
        report_ids.push(p.id);
    }
    let mut children_values = state.store.values_of_reports(&report_ids).await?;
    let last_period = previous.and_then(|p| children_values.remove(&p.id)).unwrap_or_default();
    let mut sums: BTreeMap<Key, (f64, usize)> = BTreeMap::new();
    for values in children_values.values() {
        for (key, v) in values {
            if let Ok(n) = v.parse::<f64>() {
                let e = sums.entry(key.clone()).or_default();
                e.0 += n;
                e.1 += 1;
            }
        }
    }
    let mut cells = Vec::new();
    for el in t.form.elements() {
        for option in el.combo.option_combos() {
            let key = (el.code.to_owned(), option.code.clone());
            let s: Option<&StoredValue> = stored.get(&key);
            let act = from_activities.get(&key).map(|v| reporting::format_number(*v));
            let child = sums.get(&key).map(|(sum, n)| match el.aggregation {
                reporting::Aggregation::Average => reporting::format_number(sum / *n as f64),
                _ => reporting::format_number(*sum),
            });
            let value = s.map(|s| s.value.clone()).or_else(|| head.status.editable().then(|| act.clone()).flatten());
            let warning = value
                .as_deref()
                .and_then(|v| v.parse::<f64>().ok())
                .zip(last_period.get(&key).and_then(|p| p.parse::<f64>().ok()))
                .and_then(|(v, p)| reporting::far_from_history(v, p));
            cells.push(Cell {
                element: el.code.to_owned(),
                option: option.code,
                value,
                source: s.map(|s| s.source.clone()).or_else(|| act.as_ref().map(|_| FROM_ACTIVITIES.to_owned())),
                comment: s.map(|s| s.comment.clone()).unwrap_or_default(),
                override_reason: s.map(|s| s.override_reason.clone()).unwrap_or_default(),
                from_activities: act,
                from_children: child,
                entered_by: s.and_then(|s| s.entered_by),
                entered_at: s.map(|s| s.entered_at.clone()),
                warning,
            });
        }
    }
    let allowed = allowed(state, user, &t.unit, head.status).await?;
    let history = events(state, head.id).await?;
    Ok(ReportView {
        form: t.form.code.to_owned(),
        period: code,
        period_start: t.dates.0,
        period_end: t.dates.1,
        unit_code: t.unit.code.clone(),
        unit_name: t.unit.name.clone(),
        status: head.status,
        version: head.version,
        deadline: t.form.deadline(&t.period, t.unit.kind, &state.settings.calendar),
        reason: head.reason,
        first_submitted_at: head.first_submitted_at,
        values: cells,
        allowed,
        children: (below.len(), settled),
        history,
    })
}

async fn allowed(state: &Services, user: &User, unit: &Unit, status: Status) -> Result<Allowed, Error> {
    let write = require(state, user, Record::Report, Action::Write, unit).await.is_ok();
    let above = require_above(state, user, unit).await.is_ok();
    let admin = require(state, user, Record::Report, Action::Administer, unit).await.is_ok();
    Ok(Allowed {
        edit: write && status.editable(),
        submit: write && Step::Submit.after(status).is_ok(),
        decide: above && status == Status::DaGui,
        waive: above && Step::Waive.after(status).is_ok(),
        reopen: admin && Step::Reopen.after(status).is_ok(),
    })
}

/// A value as sent by the grid, the API or a workbook row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryInput {
    /// Element code.
    #[serde(alias = "dataElement")]
    pub element: String,
    /// Option combination code (`default` when not disaggregated).
    #[serde(default = "default_option", alias = "categoryOptionCombo")]
    pub option: String,
    /// The value as typed; empty clears the cell.
    #[serde(default, deserialize_with = "text_or_number")]
    pub value: String,
    /// Comment.
    #[serde(default)]
    pub comment: String,
    /// Why a value the activities yield is overridden.
    #[serde(default)]
    pub override_reason: String,
}

fn default_option() -> String {
    "default".into()
}

fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error as _;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        serde_json::Value::Null => Ok(String::new()),
        _ => Err(D::Error::custom("giá trị phải là số hoặc chữ")),
    }
}

/// The most values one save may carry.
pub const MAX_ENTRIES: usize = 5_000;

/// Saves values of a report read at `version`. Every value is checked before anything is
/// written: an unknown element or option, a value of the wrong type, a rule broken by the
/// report as it would stand, an override of an activity-derived value without a reason — each
/// named by element and option, and nothing changes.
pub async fn save(
    state: &Services,
    user: &User,
    t: &Target,
    version: i64,
    entries: &[EntryInput],
) -> Result<ReportView, Error> {
    require_read(state, user, &t.unit).await?;
    require(state, user, Record::Report, Action::Write, &t.unit).await?;
    if entries.len() > MAX_ENTRIES {
        return Err(DomainError::invalid("values", format!("một lần lưu tối đa {MAX_ENTRIES} giá trị")).into());
    }
    let code = t.period.code();
    let head = state.store.report_head(t.form.code, &code, t.unit.id).await?;
    if let Some(h) = &head
        && !h.status.editable()
    {
        return Err(Error::Conflict(format!(
            "báo cáo {} đang ở trạng thái {}: không sửa được số liệu{}",
            t.unit.name,
            h.status.label_vi(),
            if h.status == Status::DaDuyet { " (quản trị viên có thể mở lại)" } else { "" }
        )));
    }
    let stored: BTreeMap<Key, String> = match &head {
        Some(h) => state.store.report_values(h.id).await?.into_iter().map(|(k, v)| (k, v.value)).collect(),
        None => BTreeMap::new(),
    };
    let writes = check_entries(state, t, &stored, entries).await?;
    state.store.save_report_values(t.form.code, &code, t.unit.id, version, &writes, actor(state, user)).await?;
    open(state, user, t).await
}

/// Checks entries against the form, the rules (on the report as it would stand) and the
/// activity-derived values; returns the writes.
pub(crate) async fn check_entries(
    state: &Services,
    t: &Target,
    stored: &BTreeMap<Key, String>,
    entries: &[EntryInput],
) -> Result<BTreeMap<Key, ValueWrite>, Error> {
    let mut typed: BTreeMap<Key, String> = BTreeMap::new();
    let mut errors: Vec<FieldError> = Vec::new();
    for e in entries {
        let key = (e.element.trim().to_owned(), e.option.trim().to_owned());
        if typed.insert(key.clone(), e.value.clone()).is_some() {
            errors.push(FieldError::new(format!("{}.{}", key.0, key.1), "giá trị này được gửi hai lần"));
        }
    }
    let checked = match t.form.check_values(&typed) {
        Ok(v) => v,
        Err(DomainError::Invalid(mut e)) => {
            errors.append(&mut e);
            BTreeMap::new()
        }
        Err(e) => return Err(e.into()),
    };
    let from_activities = activity_values(state, t).await?;
    let mut writes = BTreeMap::new();
    for e in entries {
        let key = (e.element.trim().to_owned(), e.option.trim().to_owned());
        let field = format!("{}.{}", key.0, key.1);
        if e.comment.chars().count() > reporting::MAX_TEXT || e.override_reason.chars().count() > reporting::MAX_TEXT {
            errors.push(FieldError::new(field.clone(), format!("ghi chú dài quá {} ký tự", reporting::MAX_TEXT)));
        }
        let value = checked.get(&key).cloned();
        if e.value.trim().is_empty() && !e.comment.trim().is_empty() {
            errors.push(FieldError::new(field.clone(), "ghi chú phải đi kèm một giá trị"));
        }
        let act = from_activities.get(&key).map(|v| reporting::format_number(*v));
        let source = match (&value, &act) {
            (Some(v), Some(a)) if v == a => FROM_ACTIVITIES,
            (Some(_), Some(a)) => {
                if e.override_reason.trim().is_empty() {
                    errors.push(FieldError::new(
                        field,
                        format!(
                            "hoạt động đã ghi nhận {a}; muốn nhập số khác phải ghi lý do (người duyệt sẽ thấy lý do này)"
                        ),
                    ));
                }
                TYPED
            }
            _ => TYPED,
        };
        writes.insert(
            key,
            ValueWrite {
                value,
                comment: e.comment.trim().to_owned(),
                source: source.to_owned(),
                override_reason: if source == TYPED { e.override_reason.trim().to_owned() } else { String::new() },
            },
        );
    }
    if errors.is_empty() {
        // The rules hold for the report as it would stand after the save.
        let mut standing = stored.clone();
        for (k, w) in &writes {
            match &w.value {
                Some(v) => standing.insert(k.clone(), v.clone()),
                None => standing.remove(k),
            };
        }
        errors.extend(t.form.broken_rules(&standing));
    }
    if errors.is_empty() { Ok(writes) } else { Err(Error::Invalid(errors)) }
}

/// Takes a workflow step on a report read at `version`.
pub async fn step(
    state: &Services,
    user: &User,
    t: &Target,
    step: Step,
    version: i64,
    reason: &str,
) -> Result<ReportView, Error> {
    require_read(state, user, &t.unit).await?;
    match step {
        Step::Submit => require(state, user, Record::Report, Action::Write, &t.unit).await?,
        Step::Approve | Step::Return | Step::Waive => require_above(state, user, &t.unit).await?,
        Step::Reopen => require(state, user, Record::Report, Action::Administer, &t.unit).await?,
    }
    let reason = reason.trim();
    if step.needs_reason() && reason.is_empty() {
        return Err(DomainError::invalid("reason", "hãy ghi lý do").into());
    }
    if reason.chars().count() > reporting::MAX_TEXT {
        return Err(DomainError::invalid("reason", format!("lý do dài quá {} ký tự", reporting::MAX_TEXT)).into());
    }
    let code = t.period.code();
    let head = state.store.report_head(t.form.code, &code, t.unit.id).await?.unwrap_or_else(|| not_started(t));
    if head.version != version {
        return Err(Error::Conflict(format!(
            "báo cáo đã thay đổi (phiên bản {}, bạn đang xem phiên bản {version}); hãy tải lại trang",
            head.version
        )));
    }
    let to = step.after(head.status)?;
    let mut version = version;
    if step == Step::Submit {
        // What the activities yield and nobody typed is sent as it was shown, pre-filled.
        let stored = if head.id > 0 { state.store.report_values(head.id).await? } else { BTreeMap::new() };
        let missing: BTreeMap<Key, ValueWrite> = activity_values(state, t)
            .await?
            .into_iter()
            .filter(|(k, _)| !stored.contains_key(k))
            .map(|(k, v)| {
                let w = ValueWrite {
                    value: Some(reporting::format_number(v)),
                    comment: String::new(),
                    source: FROM_ACTIVITIES.into(),
                    override_reason: String::new(),
                };
                (k, w)
            })
            .collect();
        if !missing.is_empty() {
            let saved = state
                .store
                .save_report_values(t.form.code, &code, t.unit.id, version, &missing, actor(state, user))
                .await?;
            version = saved.version;
        }
    }
    if step == Step::Approve {
        let obligations = state.store.obligations().await?;
        let below = expected_below(state, t, &obligations, t.dates.1).await?;
        let heads: HashMap<UnitId, Status> =
            state.store.report_heads(t.form.code, &code).await?.into_iter().map(|h| (h.unit, h.status)).collect();
        let open: Vec<UnitId> = below
            .iter()
            .filter(|(u, _)| !matches!(heads.get(u), Some(Status::DaDuyet | Status::MienNop)))
            .map(|(u, _)| *u)
            .collect();
        if !open.is_empty() {
            let names = state.store.names_of(&open).await?;
            let mut list: Vec<&str> = open.iter().filter_map(|u| names.get(u).map(String::as_str)).take(5).collect();
            list.sort_unstable();
            return Err(Error::Conflict(format!(
                "còn {} địa bàn cấp dưới chưa được duyệt hoặc miễn nộp (ví dụ: {}); duyệt hoặc miễn nộp các báo cáo đó trước",
                open.len(),
                list.join(", ")
            )));
        }
    }
    let current = if version == head.version {
        head
    } else {
        state.store.report_head(t.form.code, &code, t.unit.id).await?.unwrap_or_else(|| not_started(t))
    };
    state
        .store
        .move_report(t.form.code, &code, t.unit.id, current.version, current.status, to, reason, actor(state, user))
        .await?;
    open(state, user, t).await
}

/// An obliged area below and its report's state.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Row {
    /// Code on the map date.
    pub unit_code: String,
    /// Name.
    pub unit_name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Status.
    pub status: Status,
    /// Version.
    pub version: i64,
    /// Deadline.
    pub deadline: NaiveDate,
    /// When it first reached the level above.
    pub first_submitted_at: Option<String>,
    /// Sent after the deadline (or not sent and the deadline passed).
    pub late: bool,
    /// The reason of the last return or waiver.
    pub reason: String,
}

/// The obliged areas below an area (on `as_of`, default the period's last day) with their
/// reports' states, and completeness.
pub async fn overview(
    state: &Services,
    user: &User,
    t: &Target,
    as_of: Option<NaiveDate>,
) -> Result<(Vec<Row>, Completeness), Error> {
    require_read(state, user, &t.unit).await?;
    let as_of = as_of.unwrap_or(t.dates.1);
    let obligations = state.store.obligations().await?;
    let below = expected_below(state, t, &obligations, as_of).await?;
    let code = t.period.code();
    let heads: HashMap<UnitId, ReportHead> =
        state.store.report_heads(t.form.code, &code).await?.into_iter().map(|h| (h.unit, h)).collect();
    let ids: Vec<UnitId> = below.iter().map(|(u, _)| *u).collect();
    let names = state.store.names_of(&ids).await?;
    let codes = state.store.codes_of(&ids).await?;
    let today = state.clock.today();
    let mut expected = Vec::new();
    let mut rows = Vec::new();
    let mut deadlines: HashMap<UnitKind, NaiveDate> = HashMap::new();
    for (unit, kind) in &below {
        let head = heads.get(unit);
        let deadline =
            *deadlines.entry(*kind).or_insert_with(|| t.form.deadline(&t.period, *kind, &state.settings.calendar));
        let status = head.map_or(Status::ChuaNhap, |h| h.status);
        let submitted_on = head.and_then(|h| h.first_submitted_at.as_deref()).and_then(day_of);
        let late = match submitted_on {
            Some(d) => d > deadline,
            None => status != Status::MienNop && today > deadline,
        };
        expected.push((Expected { unit: *unit, kind: *kind, status, submitted_on }, deadline));
        rows.push(Row {
            unit_code: codes.get(unit).cloned().unwrap_or_default(),
            unit_name: names.get(unit).cloned().unwrap_or_default(),
            kind: *kind,
            status,
            version: head.map_or(0, |h| h.version),
            deadline,
            first_submitted_at: head.and_then(|h| h.first_submitted_at.clone()),
            late,
            reason: head.map(|h| h.reason.clone()).unwrap_or_default(),
        });
    }
    rows.sort_by(|a, b| a.unit_name.cmp(&b.unit_name));
    Ok((rows, completeness(&expected)))
}

/// The date of a stored instant (`2025-12-15T…`).
fn day_of(instant: &str) -> Option<NaiveDate> {
    instant.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Adds an obligation. Obligations belong to the national catalog (the forms and who reports
/// on them), so the catalog's administrators add them.
pub async fn add_obligation(
    state: &Services,
    user: &User,
    form: &str,
    kind: UnitKind,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    note: &str,
) -> Result<Obligation, Error> {
    let form = reporting::form(form)?;
    crate::units::require_role(state, user, Record::Indicator, Action::Administer).await?;
    if !kind.is_area() {
        return Err(DomainError::invalid("kind", "nghĩa vụ báo cáo gắn với một cấp địa bàn (xã, huyện, tỉnh)").into());
    }
    if valid_to.is_some_and(|to| to < valid_from) {
        return Err(DomainError::invalid("valid_to", "ngày kết thúc trước ngày bắt đầu").into());
    }
    Ok(state.store.add_obligation(form.code, kind, valid_from, valid_to, note.trim(), actor(state, user)).await?)
}

/// The template's header row.
pub const TEMPLATE_HEADERS: [&str; 7] =
    ["Mã chỉ tiêu", "Chỉ tiêu", "Mã phân tổ", "Phân tổ", "Giá trị", "Ghi chú", "Lý do khác số từ hoạt động"];

/// A report as a worksheet to fill: one row per value with the codes that identify it, filled
/// with the report's current values (numbers as number cells).
#[must_use]
pub fn template_sheet(t: &Target, view: &ReportView) -> binhdang_office::xlsx::Sheet {
    use binhdang_office::xlsx::{Cell as XCell, Sheet};
    let rows: Vec<Vec<XCell>> = view
        .values
        .iter()
        .filter_map(|c| {
            let el = reporting::element(&c.element)?;
            let option = el.combo.option_combos().into_iter().find(|o| o.code == c.option)?;
            let value = match (&c.value, el.value_type) {
                (Some(v), vt) if vt.is_numeric() => {
                    v.parse::<f64>().map_or_else(|_| XCell::Text(v.clone()), XCell::Number)
                }
                (Some(v), reporting::ValueType::YesNo) => XCell::Text(if v == "true" { "Có" } else { "Không" }.into()),
                (Some(v), _) => XCell::Text(v.clone()),
                (None, _) => XCell::Empty,
            };
            Some(vec![
                XCell::Text(el.code.to_owned()),
                XCell::Text(el.name_vi.to_owned()),
                XCell::Text(option.code),
                XCell::Text(option.name_vi),
                value,
                XCell::Text(c.comment.clone()),
                XCell::Text(c.override_reason.clone()),
            ])
        })
        .collect();
    Sheet {
        caption: Vec::new(),
        title: format!("{} {}", t.form.code, t.period.code()),
        headers: TEMPLATE_HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

/// Reads a filled template: one entry per row with an element code, each with its row number
/// (Excel's, from 2). A number cell comes back as machine text and is read as such (`2.5` is two
/// and a half, not a group of thousands), so the template round-trips exactly.
pub fn entries_from_workbook(bytes: &[u8]) -> std::result::Result<Vec<(usize, EntryInput)>, FieldError> {
    let sheets = binhdang_office::xlsx::read_text(bytes).map_err(|e| FieldError::new("file", e.to_string()))?;
    let Some((_, rows)) = sheets.first() else {
        return Err(FieldError::new("file", "tệp không có trang tính nào"));
    };
    let header = rows.first().cloned().unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(code), Some(option), Some(value)) =
        (col(TEMPLATE_HEADERS[0]), col(TEMPLATE_HEADERS[2]), col(TEMPLATE_HEADERS[4]))
    else {
        return Err(FieldError::new(
            "file",
            format!(
                "dòng 1 phải có các cột \"{}\", \"{}\", \"{}\" như tệp mẫu tải về",
                TEMPLATE_HEADERS[0], TEMPLATE_HEADERS[2], TEMPLATE_HEADERS[4]
            ),
        ));
    };
    let (comment, reason) = (col(TEMPLATE_HEADERS[5]), col(TEMPLATE_HEADERS[6]));
    let get =
        |row: &[String], i: Option<usize>| i.and_then(|i| row.get(i)).map(|s| s.trim().to_owned()).unwrap_or_default();
    Ok(rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, row)| !get(row, Some(code)).is_empty())
        .map(|(i, row)| {
            let raw = get(row, Some(value));
            let value = raw.parse::<f64>().map_or(raw, reporting::format_number);
            let entry = EntryInput {
                element: get(row, Some(code)),
                option: get(row, Some(option)),
                value,
                comment: get(row, comment),
                override_reason: get(row, reason),
            };
            (i + 1, entry)
        })
        .collect())
}

/// An indicator's value for an area and period, computed from its formula over the area's
/// `CLQG_NAM` report (its own values; where it has none, what its approved areas below sum to).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorValue {
    /// The indicator's code.
    pub indicator: String,
    /// The area's code on the period's last day.
    pub area_code: String,
    /// Its name.
    pub area_name: String,
    /// The period.
    pub period: String,
    /// The value (`None` while a side of the formula has no value or the denominator is zero).
    pub value: Option<f64>,
    /// The numerator's value.
    pub numerator: Option<f64>,
    /// The denominator's value.
    pub denominator: Option<f64>,
    /// The national target of the same year, when there is one.
    pub national_target: Option<f64>,
    /// Why there is no formula, or where it comes from.
    pub note: String,
}

/// Computes an indicator for an area and a year from reported values.
pub async fn indicator_value(
    state: &Services,
    user: &User,
    indicator: &binhdang_core::indicators::Indicator,
    area_code: &str,
    period: &str,
) -> Result<IndicatorValue, Error> {
    let t = target(state, "CLQG_NAM", period, area_code, None).await?;
    let view = open(state, user, &t).await?;
    let values: BTreeMap<Key, f64> = view
        .values
        .iter()
        .filter_map(|c| {
            let v = c.value.as_deref().or(c.from_children.as_deref())?;
            let n = if v == "true" {
                1.0
            } else if v == "false" {
                0.0
            } else {
                v.parse::<f64>().ok()?
            };
            Some(((c.element.clone(), c.option.clone()), n))
        })
        .collect();
    let f = indicator.formula.as_ref();
    Ok(IndicatorValue {
        indicator: indicator.code.clone(),
        area_code: t.unit.code.clone(),
        area_name: t.unit.name.clone(),
        period: t.period.code(),
        value: f.and_then(|f| f.compute(&values)),
        numerator: f.and_then(|f| reporting::select(&values, &f.numerator)),
        denominator: f.and_then(|f| f.denominator.as_deref()).and_then(|d| reporting::select(&values, d)),
        national_target: indicator.target(t.period.year),
        note: indicator.formula_note.clone(),
    })
}

/// Completeness of one area, as listed for every area at once.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaCompleteness {
    /// The area's code on the map date.
    pub unit_code: String,
    /// Its name.
    pub unit_name: String,
    /// Its kind.
    pub kind: UnitKind,
    /// Counts of the obliged areas below it.
    #[serde(flatten)]
    pub counts: reporting::Counts,
    /// `received ÷ (expected − waived)`.
    pub rate: f64,
}

/// Completeness of every area in the user's scope for a form and period, on the map of `as_of`
/// (default: the period's last day), computed in one pass over the area tree: a fixed number of
/// queries whatever the number of areas.
pub async fn completeness_everywhere(
    state: &Services,
    user: &User,
    form: &str,
    period: &str,
    as_of: Option<NaiveDate>,
) -> Result<Vec<AreaCompleteness>, Error> {
    let form = reporting::form(form)?;
    let period = form.period(period)?;
    let dates = period.dates(form.regime);
    let as_of = as_of.unwrap_or(dates.1);
    let scope = scope_of(state, user).await?;
    let home = state.store.unit(scope.area).await?;
    let Some(root) = state.store.unit_by_code(&home.code, as_of).await? else {
        return Ok(Vec::new());
    };
    let nodes = state.store.area_nodes(as_of).await?;
    let tree: Vec<(UnitId, Option<UnitId>, UnitKind)> = nodes.iter().map(|n| (n.id, n.parent, n.kind)).collect();
    let obligations = state.store.obligations().await?;
    let kinds = obliged_kinds(&obligations, form.code, dates.1);
    let reports: HashMap<UnitId, (Status, Option<NaiveDate>)> = state
        .store
        .report_heads(form.code, &period.code())
        .await?
        .into_iter()
        .map(|h| (h.unit, (h.status, h.first_submitted_at.as_deref().and_then(day_of))))
        .collect();
    // One deadline per kind of area (the calendar's holidays are computed, not looked up).
    let deadlines: HashMap<UnitKind, NaiveDate> =
        kinds.iter().map(|k| (*k, form.deadline(&period, *k, &state.settings.calendar))).collect();
    let counts = reporting::completeness_tree(&tree, &kinds, &reports, |k| deadlines[&k]);
    let by_id: HashMap<UnitId, &binhdang_store::reports::AreaNode> = nodes.iter().map(|n| (n.id, n)).collect();
    let mut ids: Vec<(UnitId, UnitKind)> = vec![(root.id, root.kind)];
    ids.extend(descendants(&tree, root.id));
    Ok(ids
        .into_iter()
        .map(|(u, kind)| {
            let c = counts.get(&u).copied().unwrap_or_default();
            AreaCompleteness {
                unit_code: by_id.get(&u).map(|n| n.code.clone()).unwrap_or_default(),
                unit_name: by_id.get(&u).map(|n| n.name.clone()).unwrap_or_default(),
                kind,
                counts: c,
                rate: c.rate(),
            }
        })
        .collect())
}
