//! Plans: an agency's plan with items under the four task groups, local targets checked against
//! the indicator catalog (weaker ones flagged with the gap; a workbook of targets all or
//! nothing), budget lines with totals, issuing by a leader (an issued plan is locked), and the
//! plan as its pages and exports show it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use binhdang_core::plans::{
    BudgetLine, GROUPS, LocalTarget, PlanHeader, PlanId, PlanItem, PlanStatus, SOURCES, Totals, check_target, totals,
};
use binhdang_core::tasks::TaskId;
use binhdang_core::units::Unit;
use binhdang_core::users::User;
use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::plans::Plan;

use crate::Error;
use crate::Services;
use crate::fields::{Expect, Fields};
use binhdang_core::access::{Action, Record};

use crate::units::{actor, require, scope_of};

pub mod document;

/// A plan's header as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanInput {
    /// The agency's code (default: the user's agency).
    #[serde(default)]
    pub agency_code: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// First year.
    #[serde(default)]
    pub year_from: i32,
    /// Last year.
    #[serde(default)]
    pub year_to: i32,
    /// The approving document's id.
    #[serde(default)]
    pub document_id: Option<i64>,
}

/// Sets targets given as a list (the API's JSON, a loader), naming each by its indicator in the
/// errors; returns the warnings.
pub async fn set_target_list(
    state: &Services,
    user: &User,
    id: PlanId,
    targets: &[LocalTarget],
) -> Result<Vec<String>, Error> {
    let rows: Vec<(String, LocalTarget)> = targets.iter().map(|t| (t.indicator.clone(), t.clone())).collect();
    set_targets(state, user, id, &rows).await
}

/// Creates a plan after the checks.
pub async fn create(state: &Services, user: &User, input: &PlanInput) -> Result<Plan, Error> {
    // The code names the agency as the picker showed it, today's; a code that no longer exists
    // names the former agency whose plan it was, at the start of its period (codes are reused
    // across the 2025 reform: 91-SNV was Kiên Giang's department before, An Giang's after).
    let today = state.clock.today();
    let start = NaiveDate::from_ymd_opt(input.year_from, 1, 1).unwrap_or(today);
    let agency = match input.agency_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => {
            let mut fields = Fields::new();
            let agency = fields.unit(state, "agency_code", code, &[today, start], Expect::Agency).await?;
            match agency {
                Some(a) => a,
                None => return Err(Error::Invalid(fields.into_errors())),
            }
        }
        None => state.store.unit(user.agency_id).await?,
    };
    let header = PlanHeader {
        agency: agency.id,
        title: input.title.trim().to_owned(),
        year_from: input.year_from,
        year_to: input.year_to,
        document: input.document_id,
        status: PlanStatus::Draft,
    };
    header.validate()?;
    if let Some(d) = input.document_id {
        state.store.document(binhdang_core::documents::DocumentId(d)).await?;
    }
    require(state, user, Record::Plan, Action::Write, &agency).await?;
    let path = state.store.scope_path(&agency).await?;
    Ok(state.store.create_plan(&header, &path, actor(state, user)).await?)
}

/// Refuses reading a plan outside the user's scope.
pub async fn require_read(state: &Services, user: &User, plan: &Plan) -> Result<(), Error> {
    let scope = scope_of(state, user).await?;
    if state.store.plan_readable_from(plan.id, scope.area).await? {
        Ok(())
    } else {
        Err(Error::Forbidden("kế hoạch này của cơ quan ngoài phạm vi của bạn".into()))
    }
}

/// Refuses changing a plan unless the user may write for its agency.
pub async fn require_change(state: &Services, user: &User, plan: &Plan) -> Result<Unit, Error> {
    let agency = state.store.unit(plan.header.agency).await?;
    require(state, user, Record::Plan, Action::Write, &agency).await?;
    Ok(agency)
}

/// Issues a plan (or sets it back to draft) with the version read: a leader of the plan's agency
/// (or above) only; `document` is the registered approving document.
pub async fn set_status(
    state: &Services,
    user: &User,
    id: PlanId,
    status: &str,
    document: Option<i64>,
    version: i64,
) -> Result<Plan, Error> {
    let plan = state.store.plan(id).await?;
    require_issuer(state, user, &plan).await?;
    let status: PlanStatus = status.parse()?;
    if let Some(d) = document {
        let doc = state.store.document(binhdang_core::documents::DocumentId(d)).await?;
        crate::documents::require_read(state, user, &doc).await?;
    }
    Ok(state.store.set_plan_status(plan.id, status, document, version, actor(state, user)).await?)
}

/// Refuses issuing a plan (or setting it back to draft) unless the user is a leader: an issued
/// plan is the agency's decision, and it is locked against edits (see `Store::set_plan_status`).
pub async fn require_issuer(state: &Services, user: &User, plan: &Plan) -> Result<(), Error> {
    let agency = state.store.unit(plan.header.agency).await?;
    require(state, user, Record::Plan, Action::Issue, &agency).await.map_err(|e| match e {
        Error::Forbidden(_) if !user.role.can_approve() => {
            Error::Forbidden("chỉ lãnh đạo được ban hành kế hoạch hoặc chuyển kế hoạch về dự thảo".into())
        }
        other => other,
    })
}

/// An item as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemInput {
    /// Task group 1–4.
    #[serde(default)]
    pub group: u8,
    /// The item it belongs under.
    #[serde(default)]
    pub parent_id: Option<i64>,
    /// What.
    #[serde(default)]
    pub title: String,
    /// Responsible agency's code.
    #[serde(default)]
    pub lead_code: Option<String>,
    /// Coordinating agencies' codes.
    #[serde(default)]
    pub coordinator_codes: Vec<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub start: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub end: Option<String>,
    /// Expected outputs.
    #[serde(default)]
    pub outputs: String,
    /// The task that carries it out.
    #[serde(default)]
    pub task_id: Option<i64>,
}

/// Adds an item after the checks.
pub async fn add_item(state: &Services, user: &User, id: PlanId, input: &ItemInput) -> Result<i64, Error> {
    let plan = state.store.plan(id).await?;
    require_change(state, user, &plan).await?;
    // As for the plan's agency: today's holder of a code, else the one of the plan's start.
    let today = state.clock.today();
    let days = [today, NaiveDate::from_ymd_opt(plan.header.year_from, 1, 1).unwrap_or(today)];
    let mut fields = Fields::new();
    let lead = match &input.lead_code {
        Some(c) => fields.unit(state, "lead_code", c, &days, Expect::Agency).await?,
        None => None,
    };
    let mut coordinators = Vec::new();
    for c in &input.coordinator_codes {
        if let Some(u) = fields.unit(state, "coordinator_codes", c, &days, Expect::Agency).await? {
            coordinators.push(u.id);
        }
    }
    let start = fields.optional_date("start", input.start.as_deref());
    let end = fields.optional_date("end", input.end.as_deref());
    if let Some(t) = input.task_id
        && state.store.task(TaskId(t)).await.is_err()
    {
        fields.push("task_id", format!("không có nhiệm vụ số {t}"));
    }
    let items = state.store.plan_items(id).await?;
    if let Some(p) = input.parent_id.filter(|p| !items.iter().any(|i| i.id == *p)) {
        fields.push("parent_id", format!("kế hoạch không có mục số {p}"));
    }
    let item = PlanItem {
        id: 0,
        group: input.group,
        parent: input.parent_id,
        title: input.title.trim().to_owned(),
        lead: lead.map(|u| u.id),
        coordinators,
        start,
        end,
        outputs: input.outputs.trim().to_owned(),
        task: input.task_id.map(TaskId),
    };
    fields.take(item.validate())?;
    fields.finish()?;
    Ok(state.store.add_plan_item(id, &item, actor(state, user)).await?)
}

/// Sets local targets, all or nothing; returns the warnings for targets weaker than the
/// national ones. `row` names where each target came from in the errors.
pub async fn set_targets(
    state: &Services,
    user: &User,
    id: PlanId,
    targets: &[(String, LocalTarget)],
) -> Result<Vec<String>, Error> {
    let plan = state.store.plan(id).await?;
    require_change(state, user, &plan).await?;
    let catalog = state.store.indicators(true).await?;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (row, t) in targets {
        let indicator = catalog.iter().find(|i| i.indicator.code == t.indicator).map(|i| &i.indicator);
        match check_target(t, indicator, &plan.header) {
            Ok(Some(w)) => warnings.push(w),
            Ok(None) => {}
            Err(DomainError::Invalid(e)) => {
                errors.extend(e.into_iter().map(|f| FieldError::new(f.field, format!("{row}: {}", f.message))));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let list: Vec<LocalTarget> = targets.iter().map(|(_, t)| t.clone()).collect();
    state.store.set_plan_targets(id, &list, actor(state, user)).await?;
    Ok(warnings)
}

/// Reads targets from a workbook: first sheet, a header row, then indicator code, year, value.
pub fn targets_from_xlsx(file: &str, bytes: &[u8]) -> Result<Vec<(String, LocalTarget)>, Error> {
    let sheets = binhdang_office::xlsx::read_text(bytes)
        .map_err(|e| DomainError::invalid("file", format!("tệp {file}: {e}")))?;
    let Some((sheet, rows)) = sheets.first() else {
        return Err(DomainError::invalid("file", format!("tệp {file} không có trang tính nào")).into());
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let cell = |c: usize| row.get(c).map_or("", |s| s.trim());
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let place = format!("tệp {file}, trang {sheet}, dòng {}", i + 1);
        let year = cell(1).parse::<i32>();
        let value = cell(2).replace(',', ".").parse::<f64>();
        match (year, value) {
            (Ok(year), Ok(value)) => out.push((place, LocalTarget { indicator: cell(0).to_owned(), year, value })),
            (Err(_), _) => {
                errors
                    .push(FieldError::new("file", format!("{place}, cột B (năm): \"{}\" không phải là năm", cell(1))));
            }
            (_, Err(_)) => errors
                .push(FieldError::new("file", format!("{place}, cột C (giá trị): \"{}\" không phải là số", cell(2)))),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(Error::Invalid(errors)) }
}

/// A budget line as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetInput {
    /// The item it funds.
    #[serde(default)]
    pub item_id: Option<i64>,
    /// Source code.
    #[serde(default)]
    pub source: String,
    /// Year.
    #[serde(default)]
    pub year: i32,
    /// Amount in đồng.
    #[serde(default)]
    pub amount: i64,
}

/// Adds a budget line after the checks.
pub async fn add_budget(state: &Services, user: &User, id: PlanId, input: &BudgetInput) -> Result<i64, Error> {
    let plan = state.store.plan(id).await?;
    require_change(state, user, &plan).await?;
    let line =
        BudgetLine { id: 0, item: input.item_id, source: input.source.clone(), year: input.year, amount: input.amount };
    line.validate(&plan.header)?;
    if let Some(item) = input.item_id
        && !state.store.plan_items(id).await?.iter().any(|i| i.id == item)
    {
        return Err(DomainError::invalid("item_id", format!("kế hoạch không có mục số {item}")).into());
    }
    Ok(state.store.add_budget_line(id, &line, actor(state, user)).await?)
}

/// Everything about a plan, for its page, the API and the exports.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanView {
    /// The plan.
    #[serde(flatten)]
    pub plan: Plan,
    /// The agency's name.
    pub agency_name: String,
    /// Items.
    pub items: Vec<PlanItem>,
    /// Targets, each with the national target of its milestone and the warning when weaker.
    pub targets: Vec<TargetView>,
    /// Budget lines.
    pub budget: Vec<BudgetLine>,
    /// Totals.
    pub totals: Totals,
}

/// A target with the national targets of the catalog beside it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetView {
    /// The target.
    #[serde(flatten)]
    pub target: LocalTarget,
    /// The indicator's name.
    pub name: String,
    /// The symbol after a value (`%`, `‰`, `/100.000`; empty for a ratio or a count).
    pub unit: String,
    /// Which way the national targets point (`≥`, `≤`, `=`).
    pub sign: String,
    /// The national target of the same year, when the year is a milestone (2025, 2030); a target
    /// of another year is compared with nothing.
    pub national: Option<f64>,
    /// The national milestones of the indicator (year and value), for reference.
    pub milestones: Vec<binhdang_core::indicators::Target>,
    /// The act that sets the national targets (`Nghị quyết 28/NQ-CP`).
    pub source: String,
    /// The warning, when weaker than the national target of the same year.
    pub warning: Option<String>,
}

/// Loads a plan's view.
pub async fn view(state: &Services, id: PlanId) -> Result<PlanView, Error> {
    let plan = state.store.plan(id).await?;
    let agency_name = state.store.unit(plan.header.agency).await?.name;
    let items = state.store.plan_items(id).await?;
    let catalog = state.store.indicators(true).await?;
    let targets = state
        .store
        .plan_targets(id)
        .await?
        .into_iter()
        .map(|t| {
            let indicator = catalog.iter().find(|i| i.indicator.code == t.indicator).map(|i| &i.indicator);
            let warning = check_target(&t, indicator, &plan.header).ok().flatten();
            TargetView {
                name: indicator.map(|i| i.name.clone()).unwrap_or_default(),
                unit: indicator.map(|i| i.unit.suffix().to_owned()).unwrap_or_default(),
                sign: indicator.map(|i| i.direction.sign().to_owned()).unwrap_or_default(),
                national: indicator.and_then(|i| i.target(t.year)),
                milestones: indicator.map(|i| i.targets.clone()).unwrap_or_default(),
                source: indicator.map(|i| i.source.clone()).unwrap_or_default(),
                warning,
                target: t,
            }
        })
        .collect();
    let budget = state.store.plan_budget(id).await?;
    let totals = totals(&items, &budget);
    Ok(PlanView { plan, agency_name, items, targets, budget, totals })
}

/// The label of a source code.
#[must_use]
pub fn source_label(code: &str) -> &'static str {
    SOURCES.iter().find(|(c, _)| *c == code).map_or("", |(_, l)| *l)
}

/// The title of a task group.
#[must_use]
pub fn group_title(group: u8) -> &'static str {
    GROUPS.iter().find(|(g, _)| *g == group).map_or("", |(_, t)| *t)
}
