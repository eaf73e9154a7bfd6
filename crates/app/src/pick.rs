//! Pickers: what a form field offers when an officer types a few letters of an agency, an area,
//! a task, a plan item or an indicator. Matching is diacritic-insensitive (`vanban::fold`) over
//! names and codes, as of the record's date, and limited to what the user may use — the same
//! scope the save checks through `core::access::decide`, so a picker never offers what the save
//! would refuse. Results are bounded.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use binhdang_core::Error as DomainError;
use binhdang_core::access::{Action, Record};
use binhdang_core::tasks::Task;
use binhdang_core::units::{Unit, UnitId};
use binhdang_core::users::User;

use crate::units::{as_of, may, subject};
use crate::{Error, Services};

/// Results a picker answers when the caller asks for no number.
pub const DEFAULT_LIMIT: u32 = 10;
/// Most results a picker answers.
pub const MAX_LIMIT: u32 = 30;
/// Plans whose items are searched at most (the newest first).
const MAX_PLANS: usize = 50;
/// Characters of a task's description shown as its name.
const NAME_CHARS: usize = 140;

/// What a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An agency (a ministry, a department, a people's committee…), by code.
    Agency,
    /// An area (a province, a commune…), by code.
    Area,
    /// A task, by number.
    Task,
    /// An item of a plan, by number.
    PlanItem,
    /// A Strategy indicator, by code.
    Indicator,
}

impl FromStr for Kind {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "agency" => Ok(Self::Agency),
            "area" => Ok(Self::Area),
            "task" => Ok(Self::Task),
            "plan_item" => Ok(Self::PlanItem),
            "indicator" => Ok(Self::Indicator),
            other => Err(DomainError::NotFound(format!(
                "không có danh sách chọn \"{other}\" (có: agency, area, task, plan_item, indicator)"
            ))),
        }
    }
}

/// What the chosen record is used for: a record to write (a form), or a list to read (a filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Purpose {
    /// A form that saves a record: only what the user may write for.
    #[default]
    Write,
    /// A filter of a list: what the user may read.
    Read,
}

/// A picker's question.
#[derive(Debug, Clone, Default)]
pub struct Question {
    /// What the user typed (a part of a name, or a code or number).
    pub q: String,
    /// The record's date (`dd/mm/yyyy` or `yyyy-mm-dd`); empty: today.
    pub as_of: Option<String>,
    /// Form or filter.
    pub purpose: Purpose,
    /// Only the items of this plan (for a plan's own budget lines).
    pub plan: Option<i64>,
    /// How many at most (default [`DEFAULT_LIMIT`], at most [`MAX_LIMIT`]).
    pub limit: Option<u32>,
}

/// One offered choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    /// What the form posts: a unit's or an indicator's code, a task's or a plan item's number.
    pub value: String,
    /// The name the user reads.
    pub name: String,
    /// The English name, where the record has one (indicators).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Where it belongs, shown beside the code: the province of a commune, the area an agency
    /// serves, a task's lead agency, a plan item's plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// A task's deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// The record's page.
    pub href: String,
}

/// The choices matching a question, best first.
///
/// # Errors
/// Invalid when the query is too long or the date unreadable; a viewer asking for a form's
/// choices gets none, since the save would refuse them.
pub async fn pick(state: &Services, user: &User, kind: Kind, question: &Question) -> Result<Vec<Choice>, Error> {
    binhdang_core::search::check_query("q", Some(&question.q))?;
    let limit = question.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(DomainError::invalid("limit", format!("số kết quả phải từ 1 đến {MAX_LIMIT}")).into());
    }
    let day = as_of(state, question.as_of.as_deref())?;
    let action = match question.purpose {
        Purpose::Write => Action::Write,
        Purpose::Read => Action::Read,
    };
    match kind {
        Kind::Agency | Kind::Area => {
            let record = if kind == Kind::Area { Record::Activity } else { Record::Task };
            if !may(state, user, record, action).await? {
                return Ok(Vec::new());
            }
            units(state, user, kind == Kind::Area, &question.q, day, limit).await
        }
        Kind::Task => {
            if !may(state, user, Record::Task, Action::Read).await? {
                return Ok(Vec::new());
            }
            tasks(state, user, &question.q, limit).await
        }
        Kind::PlanItem => {
            if !may(state, user, Record::Plan, Action::Read).await? {
                return Ok(Vec::new());
            }
            plan_items(state, user, &question.q, question.plan, limit).await
        }
        Kind::Indicator => indicators(state, &question.q, limit).await,
    }
}

async fn units(
    state: &Services,
    user: &User,
    areas: bool,
    q: &str,
    day: NaiveDate,
    limit: u32,
) -> Result<Vec<Choice>, Error> {
    let who = subject(state, user).await?;
    let within = if who.national { None } else { Some(who.area) };
    let found: Vec<Unit> = state.store.pick_units(q, day, areas, within, limit).await?;
    let parents: Vec<UnitId> = found.iter().filter_map(|u| if areas { u.parent_id } else { u.area_id }).collect();
    let names = state.store.names_of(&parents).await?;
    Ok(found
        .into_iter()
        .map(|u| {
            let above = if areas { u.parent_id } else { u.area_id };
            let context = above.and_then(|p| names.get(&p)).filter(|n| **n != u.name).cloned();
            Choice {
                value: u.code.clone(),
                href: format!("/units/{}", u.id),
                name: u.name,
                name_en: None,
                context,
                deadline: None,
            }
        })
        .collect())
}

/// Whether a folded query matches a record's folded text or its number.
fn matches(folded_q: &str, text: &str, number: &str) -> bool {
    folded_q.is_empty() || number == folded_q.trim_start_matches('#') || vanban::fold(text).contains(folded_q)
}

fn shortened(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= NAME_CHARS {
        return line.to_owned();
    }
    let cut: String = line.chars().take(NAME_CHARS).collect();
    format!("{}…", cut.trim_end())
}

/// The tasks of the user's agency and of those it carries on from: led, coordinated or
/// assigned by them — the tasks an activity or a plan item can be linked to — matched by
/// description, number or lead agency.
async fn tasks(state: &Services, user: &User, q: &str, limit: u32) -> Result<Vec<Choice>, Error> {
    let agencies = state.store.predecessors_from(user.agency_id).await?;
    let mut all: Vec<Task> = state.store.tasks_led_by(&agencies).await?;
    all.extend(state.store.tasks_coordinated_by(&agencies).await?);
    all.extend(state.store.tasks_assigned_by(&agencies).await?);
    let mut seen = std::collections::HashSet::new();
    all.retain(|t| seen.insert(t.id));
    let folded = vanban::fold(q.trim());
    let names = state.store.names_of(&all.iter().map(|t| t.lead).collect::<Vec<_>>()).await?;
    let lead_matches = |t: &Task| names.get(&t.lead).is_some_and(|n| vanban::fold(n).contains(&folded));
    let mut found: Vec<Task> =
        all.into_iter().filter(|t| matches(&folded, &t.description, &t.id.0.to_string()) || lead_matches(t)).collect();
    found.sort_by_key(|t| (t.id.0.to_string() != folded, t.deadline.is_none(), t.deadline, t.id.0));
    found.truncate(limit as usize);
    Ok(found
        .into_iter()
        .map(|t| Choice {
            value: t.id.0.to_string(),
            name: shortened(&t.description),
            name_en: None,
            context: names.get(&t.lead).cloned(),
            deadline: t.deadline,
            href: format!("/tasks/{}", t.id),
        })
        .collect())
}

/// The items of the plans the user may read (or of one of them).
async fn plan_items(
    state: &Services,
    user: &User,
    q: &str,
    only: Option<i64>,
    limit: u32,
) -> Result<Vec<Choice>, Error> {
    let scope = crate::units::scope_of(state, user).await?;
    let folded = vanban::fold(q.trim());
    let mut out = Vec::new();
    let plans = state.store.plans(scope.area).await?;
    for plan in plans.iter().filter(|p| only.is_none_or(|id| p.id.0 == id)).take(MAX_PLANS) {
        for item in state.store.plan_items(plan.id).await? {
            if matches(&folded, &item.title, &item.id.to_string()) {
                out.push(Choice {
                    value: item.id.to_string(),
                    name: shortened(&item.title),
                    name_en: None,
                    context: Some(plan.header.title.clone()),
                    deadline: item.end,
                    href: format!("/plans/{}#item-{}", plan.id.0, item.id),
                });
                if out.len() >= limit as usize {
                    return Ok(out);
                }
            }
        }
    }
    Ok(out)
}

/// The indicators in force (the catalog is national: everyone may read it).
async fn indicators(state: &Services, q: &str, limit: u32) -> Result<Vec<Choice>, Error> {
    let folded = vanban::fold(q.trim());
    let mut found: Vec<_> = state
        .store
        .indicators(false)
        .await?
        .into_iter()
        .map(|s| s.indicator)
        .filter(|i| {
            folded.is_empty()
                || vanban::fold(&i.code).starts_with(&folded)
                || vanban::fold(&i.name).contains(&folded)
                || vanban::fold(&i.name_en).contains(&folded)
        })
        .collect();
    found.sort_by_key(|i| vanban::fold(&i.code) != folded);
    found.truncate(limit as usize);
    Ok(found
        .into_iter()
        .map(|i| Choice {
            href: format!("/indicators/{}", i.code),
            context: None,
            deadline: None,
            value: i.code,
            name: i.name,
            name_en: Some(i.name_en),
        })
        .collect())
}
