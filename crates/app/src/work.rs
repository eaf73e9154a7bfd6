//! "My work", the home page of everyone who works: the letters waiting in the agency's registers,
//! its tasks by bucket (overdue, due this week, in progress), the periodic reports due for its
//! area and the areas under it, and the latest progress on its work. A leader also sees the
//! work the agency gave to others rolled up by province and status, with filters and paging,
//! which for one fanned-out letter is that letter's per-province summary.
//!
//! The agency's work includes what its predecessors left (An Giang's Sở Nội vụ carries on
//! Kiên Giang's labour department's 2021 tasks), found through lineage, never through codes or
//! dates typed by the user. The page costs a bounded number of statements: none is issued per
//! task, letter or report.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use binhdang_core::documents::{Document, DocumentId};
use binhdang_core::reporting::{FORMS, Form, Period, Status, obliged_kinds};
use binhdang_core::tasks::{Bucket, Task, TaskStatus};
use binhdang_core::units::{Unit, UnitId};
use binhdang_core::users::{Role, User};
use binhdang_store::work::RecentProgress;

use crate::reports::descendants;
use crate::{Error, Services};

/// How many rows each list of the page shows (the full lists are one link away).
pub const LIST_ROWS: usize = 10;

/// How many tasks a page of the leader's list shows.
pub const PAGE_ROWS: usize = 25;

/// The reports of one form due for the user's area.
#[derive(Debug, Clone)]
pub struct ReportDue {
    /// The form.
    pub form: &'static Form,
    /// The period.
    pub period: Period,
    /// The area's code on the period's map (for links).
    pub area_code: String,
    /// The area's own report, when the area is obliged: its status and deadline.
    pub own: Option<(Status, NaiveDate)>,
    /// The areas below obliged to report.
    pub below_expected: usize,
    /// Of those, how many sent (or were approved or waived).
    pub below_received: usize,
    /// Of those, how many are late (deadline passed, not sent).
    pub below_late: usize,
    /// The earliest deadline of the areas below.
    pub below_deadline: Option<NaiveDate>,
}

/// A leader's filters of the work given to others.
#[derive(Debug, Clone, Default)]
pub struct OversightFilter {
    /// Only tasks led in this province.
    pub province: Option<UnitId>,
    /// Only tasks with this status (`overdue` for overdue ones).
    pub status: Option<String>,
    /// Only tasks from this letter.
    pub document: Option<DocumentId>,
    /// The page of the task list (from 1).
    pub page: usize,
}

/// One province's line of the roll-up.
#[derive(Debug, Clone, Default)]
pub struct ProvinceLine {
    /// The province (none: agencies of the nation).
    pub province: Option<UnitId>,
    /// Its name.
    pub name: String,
    /// Tasks in all.
    pub total: usize,
    /// By status, in the order of [`TaskStatus::ALL`].
    pub by_status: Vec<usize>,
    /// Overdue.
    pub overdue: usize,
    /// Mean percent complete.
    pub mean_percent: u8,
}

/// The work an agency gave to others, rolled up.
#[derive(Debug, Clone, Default)]
pub struct Oversight {
    /// Lines by province, the filters of status and letter applied.
    pub lines: Vec<ProvinceLine>,
    /// The sum of the lines.
    pub total: ProvinceLine,
    /// The page of tasks matching every filter.
    pub tasks: Vec<Task>,
    /// How many match every filter.
    pub matching: usize,
    /// The letters that gave the work: (id, title, how many tasks), most tasks first.
    pub letters: Vec<(DocumentId, String, usize)>,
    /// The filters applied.
    pub filter: OversightFilter,
    /// The province of each task's lead agency.
    pub province_of: HashMap<UnitId, UnitId>,
}

/// Everything on the page.
#[derive(Debug, Clone)]
pub struct MyWork {
    /// The user's agency.
    pub agency: Unit,
    /// The agency and those it carries on from.
    pub agencies: Vec<UnitId>,
    /// Letters waiting to be handled (the first [`LIST_ROWS`]).
    pub letters: Vec<Document>,
    /// How many letters wait.
    pub letters_total: u64,
    /// Tasks the agency leads, by bucket: overdue, due this week, in progress (the rest of the
    /// open ones); each the first [`LIST_ROWS`], with its count.
    pub buckets: Vec<(Bucket, Vec<Task>, usize)>,
    /// Reports due.
    pub reports: Vec<ReportDue>,
    /// The latest progress on the agency's work.
    pub recent: Vec<RecentProgress>,
    /// For a leader: the work given to others.
    pub oversight: Option<Oversight>,
    /// Names of the units the page mentions.
    pub names: HashMap<UnitId, String>,
}

/// Whether the user sees the roll-up of the work given to others.
#[must_use]
pub fn leads(user: &User) -> bool {
    user.role == Role::Leader
}

/// The page of a user.
pub async fn my_work(state: &Services, user: &User, filter: OversightFilter) -> Result<MyWork, Error> {
    let today = state.clock.today();
    let agency = state.store.unit(user.agency_id).await?;
    let agencies = state.store.predecessors_from(agency.id).await?;

    let waiting = state.store.letters_waiting(&agencies, LIST_ROWS as u32).await?;

    let led = state.store.tasks_led_by(&agencies).await?;
    let open: Vec<&Task> = led.iter().filter(|t| t.in_bucket(Bucket::Todo, today)).collect();
    let overdue: Vec<Task> =
        open.iter().filter(|t| t.in_bucket(Bucket::Overdue, today)).map(|t| (*t).clone()).collect();
    let this_week: Vec<Task> =
        open.iter().filter(|t| t.in_bucket(Bucket::DueThisWeek, today)).map(|t| (*t).clone()).collect();
    let rest: Vec<Task> = open
        .iter()
        .filter(|t| !t.in_bucket(Bucket::Overdue, today) && !t.in_bucket(Bucket::DueThisWeek, today))
        .map(|t| (*t).clone())
        .collect();
    let buckets = vec![(Bucket::Overdue, overdue), (Bucket::DueThisWeek, this_week), (Bucket::Todo, rest)]
        .into_iter()
        .map(|(b, tasks)| {
            let n = tasks.len();
            (b, tasks.into_iter().take(LIST_ROWS).collect(), n)
        })
        .collect();

    let reports = reports_due(state, &agency, today).await?;
    let recent = state.store.recent_progress(&agencies, LIST_ROWS as u32).await?;
    let oversight = if leads(user) { Some(oversight(state, &agencies, filter, today).await?) } else { None };

    let mut ids: BTreeSet<UnitId> = led.iter().map(|t| t.lead).collect();
    ids.extend(recent.iter().filter_map(|p| p.unit));
    ids.extend(waiting.documents.iter().map(|d| d.register_agency));
    if let Some(o) = &oversight {
        ids.extend(o.tasks.iter().map(|t| t.lead));
        ids.extend(o.province_of.values().copied());
    }
    let names = state.store.names_of(&ids.into_iter().collect::<Vec<_>>()).await?;
    Ok(MyWork {
        agency,
        agencies,
        letters: waiting.documents,
        letters_total: waiting.total,
        buckets,
        reports,
        recent,
        oversight,
        names,
    })
}

/// The reports of the current reporting year for the agency's area and the areas below it.
async fn reports_due(state: &Services, agency: &Unit, today: NaiveDate) -> Result<Vec<ReportDue>, Error> {
    let period = Period::year(binhdang_core::activities::period_year(today));
    let obligations = state.store.obligations().await?;
    let area = state.store.unit(agency.scope_area()).await?;
    // The area as it is on the period's map (a retired area's successor).
    let mut tree = None;
    let mut out = Vec::new();
    for form in FORMS {
        let (_, last) = period.dates(form.regime);
        let kinds = obliged_kinds(&obligations, form.code, last);
        if kinds.is_empty() {
            continue;
        }
        let tree = match &tree {
            Some(t) => t,
            None => tree.insert(state.store.area_tree(last).await?),
        };
        let below = descendants(tree, area.id);
        let own_obliged = kinds.contains(&area.kind);
        let below: Vec<_> = below.into_iter().filter(|(_, k)| kinds.contains(k)).collect();
        if !own_obliged && below.is_empty() {
            continue;
        }
        let heads: HashMap<UnitId, Status> = state
            .store
            .report_heads(form.code, &period.code())
            .await?
            .into_iter()
            .map(|h| (h.unit, h.status))
            .collect();
        let status = |u: UnitId| heads.get(&u).copied().unwrap_or(Status::ChuaNhap);
        let received = |s: Status| matches!(s, Status::DaGui | Status::DaDuyet | Status::MienNop);
        let own = own_obliged.then(|| (status(area.id), form.deadline(&period, area.kind, &state.settings.calendar)));
        let mut below_received = 0;
        let mut below_late = 0;
        let mut below_deadline: Option<NaiveDate> = None;
        for (unit, kind) in &below {
            let deadline = form.deadline(&period, *kind, &state.settings.calendar);
            below_deadline = Some(below_deadline.map_or(deadline, |d| d.min(deadline)));
            if received(status(*unit)) {
                below_received += 1;
            } else if today > deadline {
                below_late += 1;
            }
        }
        out.push(ReportDue {
            form,
            period,
            area_code: area.code.clone(),
            own,
            below_expected: below.len(),
            below_received,
            below_late,
            below_deadline,
        });
    }
    Ok(out)
}

/// The tasks the agencies gave (not sub-tasks), rolled up by the lead's province and status.
async fn oversight(
    state: &Services,
    agencies: &[UnitId],
    mut filter: OversightFilter,
    today: NaiveDate,
) -> Result<Oversight, Error> {
    let given: Vec<Task> =
        state.store.tasks_assigned_by(agencies).await?.into_iter().filter(|t| !agencies.contains(&t.lead)).collect();
    let leads: Vec<UnitId> = given.iter().map(|t| t.lead).collect::<BTreeSet<_>>().into_iter().collect();
    let province_of = state.store.provinces_of(&leads).await?;

    let mut letters: BTreeMap<DocumentId, usize> = BTreeMap::new();
    for t in &given {
        if let Some(d) = t.document {
            *letters.entry(d).or_default() += 1;
        }
    }
    if filter.document.is_some_and(|d| !letters.contains_key(&d)) {
        filter.document = None;
    }
    let status_matches = |t: &Task| match filter.status.as_deref() {
        None | Some("") => true,
        Some("overdue") => t.is_overdue(today),
        Some(s) => t.shown_status().as_str() == s,
    };
    let by_letter: Vec<&Task> =
        given.iter().filter(|t| filter.document.is_none_or(|d| t.document == Some(d))).collect();

    let mut lines: BTreeMap<Option<UnitId>, ProvinceLine> = BTreeMap::new();
    let mut percents: BTreeMap<Option<UnitId>, u32> = BTreeMap::new();
    for t in by_letter.iter().filter(|t| status_matches(t)) {
        let province = province_of.get(&t.lead).copied();
        let line = lines.entry(province).or_insert_with(|| ProvinceLine {
            province,
            by_status: vec![0; TaskStatus::ALL.len()],
            ..ProvinceLine::default()
        });
        line.total += 1;
        if let Some(i) = TaskStatus::ALL.iter().position(|s| *s == t.shown_status()) {
            line.by_status[i] += 1;
        }
        if t.is_overdue(today) {
            line.overdue += 1;
        }
        *percents.entry(province).or_default() += u32::from(t.percent);
    }
    let mut total = ProvinceLine { by_status: vec![0; TaskStatus::ALL.len()], ..ProvinceLine::default() };
    let mut percent_sum = 0;
    for (p, line) in &mut lines {
        let sum = percents.get(p).copied().unwrap_or(0);
        percent_sum += sum;
        line.mean_percent = mean(sum, line.total);
        total.total += line.total;
        total.overdue += line.overdue;
        for (i, n) in line.by_status.iter().enumerate() {
            total.by_status[i] += n;
        }
    }
    total.mean_percent = mean(percent_sum, total.total);

    let matching: Vec<&Task> = by_letter
        .iter()
        .copied()
        .filter(|t| status_matches(t))
        .filter(|t| filter.province.is_none_or(|p| province_of.get(&t.lead) == Some(&p)))
        .collect();
    let pages = matching.len().div_ceil(PAGE_ROWS).max(1);
    filter.page = filter.page.clamp(1, pages);
    let tasks = matching.iter().skip((filter.page - 1) * PAGE_ROWS).take(PAGE_ROWS).map(|t| (*t).clone()).collect();

    let mut letter_list = Vec::new();
    let mut counted: Vec<(DocumentId, usize)> = letters.into_iter().collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.0.cmp(&b.0.0)));
    for (id, n) in counted.into_iter().take(LIST_ROWS) {
        letter_list.push((id, state.store.document(id).await?.title(), n));
    }

    let mut lines: Vec<ProvinceLine> = lines.into_values().collect();
    let names = state.store.names_of(&lines.iter().filter_map(|l| l.province).collect::<Vec<_>>()).await?;
    for l in &mut lines {
        l.name = l.province.and_then(|p| names.get(&p).cloned()).unwrap_or_default();
    }
    // By the province's own name: "Thành phố Cần Thơ" between "Tỉnh Cà Mau" and "Tỉnh Cao Bằng".
    let key = |l: &ProvinceLine| {
        let bare = l.name.trim_start_matches("Thành phố ").trim_start_matches("Tỉnh ");
        (l.province.is_none(), vanban::fold(bare))
    };
    lines.sort_by_key(key);
    Ok(Oversight { lines, total, matching: matching.len(), tasks, letters: letter_list, filter, province_of })
}

fn mean(sum: u32, n: usize) -> u8 {
    if n == 0 { 0 } else { u8::try_from(sum / u32::try_from(n).unwrap_or(u32::MAX)).unwrap_or(100) }
}
