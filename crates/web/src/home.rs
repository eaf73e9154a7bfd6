//! The home page: "my work" for a logged-in user (see `binhdang_app::work`), the registry as of
//! today for a visitor. The counts of the registry scan every unit, so each server keeps them for at most a second: a change made anywhere is on
//! every home page within a second, and a busy server runs the count once a second, not once a
//! request.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

use binhdang_app::work::{MyWork, Oversight, OversightFilter, ProvinceLine, my_work};
use binhdang_core::documents::DocumentId;
use binhdang_core::reporting::Status;
use binhdang_core::tasks::{Bucket, Task, TaskStatus};
use binhdang_core::units::{UnitId, vn_date};

use crate::AppState;
use crate::error::PageResult;
use crate::i18n::Lang;
use crate::page::{Page, vn_int};

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    page: Page,
    today: String,
    counts: Vec<(&'static str, String)>,
    agency: Option<String>,
    work: Option<WorkView>,
    /// Difficulties waiting for the user's body to answer, and the agency's answered ones.
    difficulties: binhdang_app::difficulties::WorkBuckets,
}

type Counts = Vec<(binhdang_core::units::UnitKind, i64)>;

/// The counts of a day and when they were read. When they are stale, one request reads them
/// again while the others keep answering with the stale ones, so expiry does not send every
/// waiting request to the database at once.
#[derive(Debug, Default)]
pub struct CountsCache {
    entry: Mutex<Option<(chrono::NaiveDate, Instant, Counts)>>,
    refreshing: AtomicBool,
}

/// How long counts are reused.
const FRESH: Duration = Duration::from_secs(1);

impl CountsCache {
    /// The counts to show (none: read them), and whether this request took the refresher's
    /// turn (it then releases it through [`Refreshing`]).
    fn get(&self, day: chrono::NaiveDate) -> (Option<Counts>, bool) {
        let Ok(guard) = self.entry.lock() else { return (None, false) };
        match guard.as_ref().filter(|(d, _, _)| *d == day) {
            Some((_, at, counts)) if at.elapsed() < FRESH => (Some(counts.clone()), false),
            Some((_, _, counts)) => {
                let mine = !self.refreshing.swap(true, Ordering::AcqRel);
                (if mine { None } else { Some(counts.clone()) }, mine)
            }
            None => (None, false),
        }
    }

    fn put(&self, day: chrono::NaiveDate, counts: &Counts) {
        if let Ok(mut guard) = self.entry.lock() {
            *guard = Some((day, Instant::now(), counts.clone()));
        }
    }
}

/// Held by the request that reads the counts again; lets the next one try when it is dropped,
/// also when the request is cancelled half-way (a client that goes away must not leave the
/// stale counts in place for the rest of the day).
struct Refreshing<'a>(&'a CountsCache);

impl Drop for Refreshing<'_> {
    fn drop(&mut self) {
        self.0.refreshing.store(false, Ordering::Release);
    }
}

/// `GET /`: my work for a logged-in user, the registry's counts for a visitor.
pub async fn show(State(state): State<AppState>, page: Page, Query(q): Query<HomeQuery>) -> PageResult<Html<String>> {
    let today = state.clock.today();
    if let Some(user) = page.user.clone() {
        let filter = OversightFilter {
            province: q.province.as_deref().and_then(|p| p.parse().ok()).filter(|p| *p > 0).map(UnitId),
            status: q.status.clone().filter(|s| !s.is_empty()),
            document: q.letter.as_deref().and_then(|d| d.parse().ok()).filter(|d| *d > 0).map(DocumentId),
            page: q.page.unwrap_or(1),
        };
        let work = my_work(&state, &user, filter).await?;
        let view = work_view(&page, &work, today);
        let difficulties =
            binhdang_app::difficulties::work_buckets(&state, &user, binhdang_app::work::LIST_ROWS).await?;
        return Ok(Html(
            Home {
                today: vn_date(today),
                counts: Vec::new(),
                agency: Some(work.agency.name.clone()),
                work: Some(view),
                difficulties,
                page,
            }
            .render()?,
        ));
    }
    let counts = match state.unit_counts.get(today) {
        (Some(c), _) => c,
        (None, mine) => {
            let _refreshing = mine.then(|| Refreshing(&state.unit_counts));
            let counts = state.store.count_by_kind(today).await?;
            state.unit_counts.put(today, &counts);
            counts
        }
    };
    let counts = counts.into_iter().map(|(k, n)| (page.kind_label(k), vn_int(n))).collect();
    Ok(Html(
        Home {
            today: vn_date(today),
            counts,
            agency: None,
            work: None,
            difficulties: binhdang_app::difficulties::WorkBuckets::default(),
            page,
        }
        .render()?,
    ))
}

/// Query of the home page: the leader's filters of the work given to others.
#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    province: Option<String>,
    status: Option<String>,
    letter: Option<String>,
    page: Option<usize>,
}

/// A letter waiting.
pub struct LetterRow {
    id: i64,
    title: String,
    subject: String,
    issuer: String,
    arrival: String,
    register: String,
}

/// A task in a list of the page.
pub struct TaskLine {
    id: i64,
    description: String,
    lead: String,
    province: String,
    deadline: String,
    status: TaskStatus,
    overdue: bool,
    percent: u8,
}

/// A bucket of the agency's tasks.
pub struct BucketView {
    code: &'static str,
    label: &'static str,
    count: usize,
    rows: Vec<TaskLine>,
}

/// A form's reports due.
pub struct ReportLine {
    form: &'static str,
    period: String,
    link: String,
    own_status: String,
    own_deadline: String,
    own_late: bool,
    below: String,
    below_late: usize,
    below_deadline: String,
}

/// A progress entry.
pub struct RecentLine {
    task_id: i64,
    task: String,
    text: String,
    date: String,
    percent: String,
    unit: String,
}

/// A province's line of the roll-up.
pub struct LineView {
    link: String,
    name: String,
    total: usize,
    cells: Vec<usize>,
    overdue: usize,
    mean: u8,
    selected: bool,
}

/// The leader's part.
pub struct OversightView {
    statuses: Vec<(&'static str, &'static str)>,
    status: String,
    letters: Vec<(i64, String, usize)>,
    letter: i64,
    provinces: Vec<(i64, String)>,
    province: i64,
    lines: Vec<LineView>,
    total: LineView,
    tasks: Vec<TaskLine>,
    matching: usize,
    filtered: bool,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// Everything "my work" shows.
pub struct WorkView {
    letters: Vec<LetterRow>,
    letters_total: u64,
    buckets: Vec<BucketView>,
    reports: Vec<ReportLine>,
    recent: Vec<RecentLine>,
    oversight: Option<OversightView>,
}

fn work_view(page: &Page, w: &MyWork, today: chrono::NaiveDate) -> WorkView {
    let name = |id: &UnitId| w.names.get(id).cloned().unwrap_or_default();
    let line = |t: &Task, province: String| TaskLine {
        id: t.id.0,
        description: t.description.clone(),
        lead: name(&t.lead),
        province,
        deadline: t.deadline.map(vn_date).unwrap_or_default(),
        status: t.shown_status(),
        overdue: t.is_overdue(today),
        percent: t.percent,
    };
    let t = page.t;
    WorkView {
        letters: w
            .letters
            .iter()
            .map(|d| LetterRow {
                id: d.id.0,
                title: d.title(),
                subject: d.subject.clone(),
                issuer: d.issuer_name.clone(),
                arrival: d.arrival_date.or(d.date).map(vn_date).unwrap_or_default(),
                register: name(&d.register_agency),
            })
            .collect(),
        letters_total: w.letters_total,
        buckets: w
            .buckets
            .iter()
            .map(|(b, tasks, n)| BucketView {
                code: b.as_str(),
                label: if *b == Bucket::Todo { t.home_in_progress } else { page.label(b) },
                count: *n,
                rows: tasks.iter().map(|x| line(x, String::new())).collect(),
            })
            .collect(),
        reports: w
            .reports
            .iter()
            .map(|r| ReportLine {
                form: page.lang.pick(r.form.name_vi, r.form.name_en),
                period: match page.lang {
                    Lang::Vi => r.period.label_vi(),
                    Lang::En => r.period.label_en(),
                },
                link: format!("/reports?form={}&period={}&area={}", r.form.code, r.period.code(), r.area_code),
                own_status: r
                    .own
                    .map(|(s, _)| page.lang.pick(s.label_vi(), s.label_en()).to_owned())
                    .unwrap_or_default(),
                own_deadline: r.own.map(|(_, d)| vn_date(d)).unwrap_or_default(),
                own_late: r
                    .own
                    .is_some_and(|(s, d)| !matches!(s, Status::DaGui | Status::DaDuyet | Status::MienNop) && today > d),
                below: if r.below_expected == 0 {
                    String::new()
                } else {
                    format!(
                        "{}/{} {}",
                        vn_int(r.below_received as i64),
                        vn_int(r.below_expected as i64),
                        t.home_reports_received
                    )
                },
                below_late: r.below_late,
                below_deadline: r.below_deadline.map(vn_date).unwrap_or_default(),
            })
            .collect(),
        recent: w
            .recent
            .iter()
            .map(|p| RecentLine {
                task_id: p.task.0,
                task: p.task_description.clone(),
                text: p.text.clone(),
                date: vn_date(p.date),
                percent: p.percent.map(|v| format!("{v} %")).unwrap_or_default(),
                unit: p.unit.map(|u| name(&u)).unwrap_or_default(),
            })
            .collect(),
        oversight: w.oversight.as_ref().map(|o| oversight_view(page, w, o, &line)),
    }
}

fn oversight_view(page: &Page, w: &MyWork, o: &Oversight, line: &dyn Fn(&Task, String) -> TaskLine) -> OversightView {
    let f = &o.filter;
    let status = f.status.clone().unwrap_or_default();
    let letter = f.document.map_or(0, |d| d.0);
    let province = f.province.map_or(0, |p| p.0);
    let href = |province: i64, page_no: usize| {
        let mut q = vec![format!("status={status}"), format!("letter={letter}")];
        if province != 0 {
            q.push(format!("province={province}"));
        }
        if page_no > 1 {
            q.push(format!("page={page_no}"));
        }
        format!("/?{}#oversight", q.join("&"))
    };
    let view = |l: &ProvinceLine| LineView {
        link: href(l.province.map_or(0, |p| p.0), 1),
        name: if l.province.is_none() { page.t.home_central.to_owned() } else { l.name.clone() },
        total: l.total,
        cells: l.by_status.clone(),
        overdue: l.overdue,
        mean: l.mean_percent,
        selected: l.province.is_some() && l.province == f.province,
    };
    let pages = o.matching.div_ceil(binhdang_app::work::PAGE_ROWS).max(1);
    let mut statuses: Vec<(&'static str, &'static str)> =
        TaskStatus::ALL.iter().map(|s| (s.as_str(), page.label(s))).collect();
    statuses.push(("overdue", page.t.overdue));
    OversightView {
        statuses,
        status: status.clone(),
        letters: o.letters.iter().map(|(id, title, n)| (id.0, title.clone(), *n)).collect(),
        letter,
        provinces: o.lines.iter().filter_map(|l| l.province.map(|p| (p.0, l.name.clone()))).collect(),
        province,
        lines: o.lines.iter().map(view).collect(),
        total: LineView { name: page.t.home_total.to_owned(), ..view(&o.total) },
        tasks: o
            .tasks
            .iter()
            .map(|t| {
                let p = o.province_of.get(&t.lead).and_then(|p| w.names.get(p)).cloned().unwrap_or_default();
                line(t, p)
            })
            .collect(),
        matching: o.matching,
        filtered: f.province.is_some() || f.document.is_some() || f.status.is_some(),
        page: f.page,
        pages,
        prev: (f.page > 1).then(|| href(province, f.page - 1)),
        next: (f.page < pages).then(|| href(province, f.page + 1)),
    }
}

#[cfg(test)]
mod tests {
    use binhdang_core::units::UnitKind;

    use super::*;

    fn day(d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn stale_counts_are_read_again_by_one_request_at_a_time() {
        let cache = CountsCache::default();
        assert_eq!(cache.get(day(27)), (None, false), "nothing kept yet: read");
        let counts = vec![(UnitKind::Province, 34)];
        cache.put(day(27), &counts);
        assert_eq!(cache.get(day(27)), (Some(counts.clone()), false), "fresh: reused");
        assert_eq!(cache.get(day(28)), (None, false), "another day: read");

        cache.entry.lock().unwrap().as_mut().unwrap().1 -= FRESH;
        let (first, mine) = cache.get(day(27));
        assert_eq!((first, mine), (None, true), "stale: the first request reads");
        let turn = Refreshing(&cache);
        assert_eq!(cache.get(day(27)), (Some(counts.clone()), false), "the others answer stale");
        drop(turn); // the reader went away without putting anything
        assert_eq!(cache.get(day(27)), (None, true), "the turn passes on");
    }
}
