//! A unit's page: an area's indicators (approved, computed by the analytics engine on today's
//! map) against the targets of its own agencies' plans, its reports' status with the
//! completeness of the areas below it, and its agencies' tasks (with those of the agencies whose
//! work they carry on). An agency's code opens the page of the area it serves.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use binhdang_core::access::{Action, Record};
use binhdang_core::activities::period_year;
use binhdang_core::progress::{Progress, progress};
use binhdang_core::reporting::{self, Period, Status};
use binhdang_core::tasks::TaskStatus;
use binhdang_core::units::{Unit, UnitId, UnitKind};
use binhdang_core::users::User;

use crate::units::{by_code, require};
use crate::{Error, Services};

/// An indicator of the area.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UnitIndicator))]
pub struct UnitIndicator {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// What is written after a value.
    pub suffix: String,
    /// `≥`, `≤`, `=`.
    pub sign: String,
    /// Approved values by year, on today's map.
    pub series: Vec<(i32, f64)>,
    /// The latest of them.
    pub latest: Option<(i32, f64)>,
    /// The area's own target (its agencies' plans): the year at or after the latest value,
    /// else the last.
    pub local_target: Option<(i32, f64)>,
    /// The national target for 2030 (else 2025).
    pub national_target: Option<(i32, f64)>,
    /// Progress towards the local target (the national one without it).
    pub progress: Progress,
}

/// A report of the area.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UnitReport))]
pub struct UnitReport {
    /// Form code.
    pub form: String,
    /// Form name.
    pub form_name: String,
    /// English form name.
    pub form_name_en: String,
    /// Period code.
    pub period: String,
    /// Its own report's status.
    pub status: Status,
    /// Reports received from the areas below (sent or approved).
    pub received: usize,
    /// Reports expected from them (waived ones included).
    pub expected: usize,
}

/// Tasks of one status.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UnitTaskCount))]
pub struct TaskCount {
    /// The status.
    pub status: TaskStatus,
    /// How many.
    pub count: usize,
}

/// A plan of the area's agencies.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UnitPlan))]
pub struct UnitPlan {
    /// Identity.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Issued (else a draft).
    pub issued: bool,
}

/// The page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UnitDashboard))]
pub struct UnitPage {
    /// The area's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: UnitKind,
    /// The area above it (name).
    pub parent: Option<String>,
    /// Indicators with a value or a local target.
    pub indicators: Vec<UnitIndicator>,
    /// The plans of its agencies, newest first.
    pub plans: Vec<UnitPlan>,
    /// Its reports of the last periods due.
    pub reports: Vec<UnitReport>,
    /// Tasks its agencies (and those whose work they carry on) lead, by status.
    pub tasks: Vec<TaskCount>,
    /// Of those, open and past their deadline.
    pub overdue: usize,
}

/// Years of reports shown.
const REPORT_YEARS: i32 = 3;

/// The area's indicators on today's map, each against its local target (else the national).
async fn indicators(
    state: &Services,
    area: &Unit,
    local: &BTreeMap<String, BTreeMap<i32, f64>>,
) -> Result<Vec<UnitIndicator>, Error> {
    let today = state.clock.today();
    let engine = crate::analytics::fresh(state).await?;
    let years: Vec<Period> = (2015..=today.year()).map(Period::year).collect();
    let mut indicators = Vec::new();
    for stored in state.store.indicators(false).await? {
        let i = stored.indicator;
        let series: Vec<(i32, f64)> = match &i.formula {
            Some(f) => engine
                .indicator(f, &years, &[area.id], today, false)
                .iter()
                .map(|((p, _), v)| (years[*p].year, *v))
                .collect(),
            None => Vec::new(),
        };
        let targets = local.get(&i.code);
        if series.is_empty() && targets.is_none() {
            continue;
        }
        let latest = series.last().copied();
        let from = latest.map_or(today.year(), |l| l.0);
        let local_target =
            targets.and_then(|t| t.range(from..).next().or_else(|| t.iter().next_back()).map(|(y, v)| (*y, *v)));
        let national_target = i.target(2030).map(|v| (2030, v)).or_else(|| i.target(2025).map(|v| (2025, v)));
        let base = i.baseline.map(|b| (b.year, b.value)).or_else(|| series.first().copied());
        let latest_after_base = latest.filter(|l| base.is_some_and(|b| l.0 > b.0));
        let status = progress(base, latest_after_base, local_target.or(national_target), i.direction);
        indicators.push(UnitIndicator {
            code: i.code.clone(),
            name: i.name.clone(),
            name_en: i.name_en.clone(),
            suffix: i.unit.suffix().to_owned(),
            sign: i.direction.sign().to_owned(),
            series,
            latest,
            local_target,
            national_target,
            progress: status,
        });
    }
    Ok(indicators)
}

/// The area's own reports of the last periods due, with what it received from below.
async fn reports(state: &Services, user: &User, area: &Unit) -> Result<Vec<UnitReport>, Error> {
    let today = state.clock.today();
    // Reports: the last periods due of every form the area's kind reports on.
    let obligations = state.store.obligations().await?;
    let last = period_year(today) - 1;
    let mut reports = Vec::new();
    for year in (last - REPORT_YEARS + 1..=last).rev() {
        for form in reporting::FORMS {
            for period in super::heatmap::periods_of(form.period_type, year) {
                let dates = period.dates(form.regime);
                if !area.validity.contains(dates.1) {
                    continue;
                }
                let kinds = reporting::obliged_kinds(&obligations, form.code, dates.1);
                if !kinds.contains(&area.kind) {
                    continue;
                }
                let code = period.code();
                let heads = state.store.report_heads(form.code, &code).await?;
                let status = heads.iter().find(|h| h.unit == area.id).map_or(Status::ChuaNhap, |h| h.status);
                let target = crate::reports::Target { form, period, dates, unit: area.clone() };
                let (_, c) = crate::reports::overview(state, user, &target, None).await?;
                reports.push(UnitReport {
                    form: form.code.to_owned(),
                    form_name: form.name_vi.to_owned(),
                    form_name_en: form.name_en.to_owned(),
                    period: code,
                    status,
                    received: c.received,
                    expected: c.expected,
                });
            }
        }
    }
    Ok(reports)
}

/// The page of an area (or of the area an agency serves), within the user's scope.
pub async fn unit_page(state: &Services, user: &User, code: &str) -> Result<UnitPage, Error> {
    let today = state.clock.today();
    let found = by_code(state, code.trim(), today).await?;
    let area = if found.kind.is_area() { found } else { state.store.unit(found.scope_area()).await? };
    require(state, user, Record::Report, Action::Read, &area).await?;
    // Its agencies, and those whose work they carry on (Kiên Giang's for today's An Giang).
    let current: Vec<UnitId> = state.store.agencies_serving(area.id, today).await?.iter().map(|u| u.id).collect();
    let agencies = state.store.predecessors_of_all(&current).await?;

    // Plans and their targets, newest first; a newer plan's target wins.
    let plans: Vec<_> =
        state.store.plans(area.id).await?.into_iter().filter(|p| agencies.contains(&p.header.agency)).collect();
    let mut local: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for p in &plans {
        for t in state.store.plan_targets(p.id).await? {
            local.entry(t.indicator).or_default().entry(t.year).or_insert(t.value);
        }
    }

    let indicators = indicators(state, &area, &local).await?;

    let reports = reports(state, user, &area).await?;

    // Tasks its agencies lead.
    let tasks = state.store.tasks_led_by(&agencies).await?;
    let counts = TaskStatus::ALL
        .into_iter()
        .map(|s| TaskCount { status: s, count: tasks.iter().filter(|t| t.shown_status() == s).count() })
        .collect();
    let overdue = tasks.iter().filter(|t| t.is_overdue(today)).count();

    let parent = match area.parent_id {
        Some(p) => Some(state.store.unit(p).await?.name),
        None => None,
    };
    Ok(UnitPage {
        code: area.code.clone(),
        name: area.name.clone(),
        kind: area.kind,
        parent,
        indicators,
        plans: plans
            .iter()
            .map(|p| UnitPlan {
                id: p.id.0,
                title: p.header.title.clone(),
                issued: p.header.status == binhdang_core::plans::PlanStatus::Issued,
            })
            .collect(),
        reports,
        tasks: counts,
        overdue,
    })
}
