//! The analytics use cases: keeping the in-memory engine (`binhdang-analytics`) in step with the
//! database, and answering DHIS2-style analytics queries from it.
//!
//! **Freshness.** Every committed change of a report appends to `report_changes` in its own
//! transaction. Before it answers, [`fresh`] reads the changes after the last one this server
//! applied (one indexed query) and puts those reports back into the engine; a server that missed
//! changes (restarted, disconnected) catches up from where it stopped. The first call loads
//! everything. The change log is read when this server committed a change since the last look
//! (so a user always sees their own save at once) or when the last look is older than
//! [`POLL`]: another server's commit is in every aggregate within that time, and a busy server
//! does not ask the database on every request.

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Serialize;

use binhdang_analytics::{AreaUnit, Edge, Engine, Query, Registry, Value};
use binhdang_core::access::{Action, Record};
use binhdang_core::reporting::{Period, Status};
use binhdang_core::units::{Unit, UnitId, UnitKind};
use binhdang_core::users::User;
use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::packed::Figures;
use binhdang_store::reports::ReportHead;

use crate::units::{require_role, scope_of};
use crate::{Error, Services};

/// The engine and how far it has followed the change log.
pub struct Analytics {
    /// The engine.
    pub engine: Engine,
    /// The last change applied; `None` until the first load.
    seen: tokio::sync::Mutex<Option<i64>>,
    /// Answers computed at a point of the change log (the pages every visitor asks for: the
    /// national series of each indicator, its series by province), reused until the next change
    /// or the next day. Bounded: cleared when it grows past [`MEMO_ENTRIES`].
    memo: std::sync::Mutex<HashMap<String, Memo>>,
    /// The last change applied, readable without waiting for `seen` (`-1` until the first load).
    mark: AtomicI64,
    /// Whole answers (a page's data) computed at a point of the change log; see [`answer`].
    answers: std::sync::Mutex<HashMap<String, Answer>>,
    /// Held while an answer is computed.
    computing: tokio::sync::Mutex<()>,
    /// The store's count of local changes at the last look at the change log (`u64::MAX`: never).
    looked_changes: AtomicU64,
    /// When that look was, in microseconds since `started`.
    looked_at: AtomicU64,
    started: Instant,
}

/// How long the change log is not read again while this server committed nothing: the most an
/// aggregate lags behind another server's commit (the issue asks for a second at most).
pub const POLL: Duration = Duration::from_millis(250);

impl Analytics {
    /// Records a look at the change log that began when the store counted `local` changes.
    fn looked(&self, local: u64, at: u64) {
        self.looked_at.store(at, Ordering::Release);
        self.looked_changes.store(local, Ordering::Release);
    }
}

impl std::fmt::Debug for Analytics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analytics")
            .field("engine", &self.engine)
            .field("mark", &self.mark.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Default for Analytics {
    fn default() -> Self {
        Self {
            engine: Engine::default(),
            seen: tokio::sync::Mutex::default(),
            memo: std::sync::Mutex::default(),
            mark: AtomicI64::new(-1),
            answers: std::sync::Mutex::default(),
            computing: tokio::sync::Mutex::const_new(()),
            looked_changes: AtomicU64::new(u64::MAX),
            looked_at: AtomicU64::new(0),
            started: Instant::now(),
        }
    }
}

/// An answer, with the change-log point, the day and the moment it was computed at.
type Answer = (i64, NaiveDate, Instant, Arc<dyn Any + Send + Sync>);

/// How long an answer is kept at most although no report changed: what the change log does not
/// record (the registry, the reporting obligations, the catalog, edited by administrators) shows
/// within this time.
pub const ANSWER_TTL: Duration = Duration::from_secs(30);

/// The most answers kept.
const ANSWER_ENTRIES: usize = 2_000;

/// The answer named `key`, computed by `make` once per change of the reports (on any server),
/// per day and per [`ANSWER_TTL`]: the pages every visitor asks for (the overview, the public
/// indicator pages) are computed once and served from memory until a report changes. The key
/// must name everything the answer depends on besides the data (the visitor's scope, the
/// language). Bounded: cleared when it grows past a few thousand answers. One answer is computed
/// at a time (the others wait for it, or take the kept one while it is only past its age), so
/// `make` must not itself ask for an answer.
pub async fn answer<T, E, F, Fut>(state: &Services, key: String, make: F) -> Result<Arc<T>, E>
where
    T: Send + Sync + 'static,
    E: From<Error>,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let (_, mark) = fresh_marked(state).await?;
    let today = state.clock.today();
    let poisoned = || Error::Internal("bộ nhớ đệm của bộ máy phân tích bị hỏng".into());
    // The kept answer, and whether it is young enough.
    let kept = |answers: &HashMap<String, Answer>| {
        answers.get(&key).and_then(|(m, day, at, value)| {
            let value = value.clone().downcast::<T>().ok()?;
            (*m == mark && *day == today).then_some((value, at.elapsed() < ANSWER_TTL))
        })
    };
    let found = {
        let answers = state.analytics.answers.lock().map_err(|_| poisoned())?;
        kept(&answers)
    };
    // One computation at a time: the many requests that find an answer missing wait for the one
    // that computes it instead of all computing it; an answer only past its age is served while
    // another request renews it.
    let _computing = match found {
        Some((value, true)) => return Ok(value),
        Some((value, false)) => match state.analytics.computing.try_lock() {
            Ok(guard) => guard,
            Err(_) => return Ok(value),
        },
        None => {
            let guard = state.analytics.computing.lock().await;
            let renewed = {
                let answers = state.analytics.answers.lock().map_err(|_| poisoned())?;
                kept(&answers)
            };
            if let Some((value, true)) = renewed {
                return Ok(value);
            }
            guard
        }
    };
    let value = Arc::new(make().await?);
    let mut answers = state.analytics.answers.lock().map_err(|_| poisoned())?;
    if answers.len() >= ANSWER_ENTRIES {
        answers.clear();
    }
    answers.insert(key, (mark, today, Instant::now(), value.clone()));
    Ok(value)
}

/// An indicator's cells as [`Engine::indicator`] gives them, with the change-log point and the day
/// they were computed at.
type Memo = (i64, NaiveDate, Arc<BTreeMap<(usize, usize), f64>>);

/// The most answers kept.
const MEMO_ENTRIES: usize = 1_000;

/// An indicator's values over `pe` × `ou` on today's map, approved data only, computed once per
/// change of the data (and per day): the dashboards and the public portal ask the same questions
/// on every visit. `key` names the question's areas (`nation`, `provinces`).
pub async fn indicator_memo(
    state: &Services,
    key: &str,
    formula: &binhdang_core::indicators::Formula,
    pe: &[Period],
    ou: &[binhdang_core::units::UnitId],
) -> Result<Arc<BTreeMap<(usize, usize), f64>>, Error> {
    let (engine, mark) = fresh_marked(state).await?;
    let today = state.clock.today();
    let key = format!("{key}|{}|{formula:?}", pe.len());
    let poisoned = || Error::Internal("bộ nhớ đệm của bộ máy phân tích bị hỏng".into());
    if let Some((m, day, cells)) = state.analytics.memo.lock().map_err(|_| poisoned())?.get(&key)
        && *m == mark
        && *day == today
    {
        return Ok(cells.clone());
    }
    let cells = Arc::new(engine.indicator(formula, pe, ou, today, false));
    let mut memo = state.analytics.memo.lock().map_err(|_| poisoned())?;
    if memo.len() >= MEMO_ENTRIES {
        memo.clear();
    }
    memo.insert(key, (mark, today, cells.clone()));
    Ok(cells)
}

async fn registry(state: &Services) -> Result<Registry, Error> {
    let (units, edges) = state.store.area_registry().await?;
    Ok(Registry::new(
        units.into_iter().map(|(id, parent, kind, from, to)| AreaUnit { id, parent, kind, from, to }).collect(),
        edges
            .into_iter()
            .map(|(predecessor, successor, weight, main)| Edge { predecessor, successor, weight, main })
            .collect(),
    ))
}

/// A stored value as the engine counts it: numbers as they are, yes as 1 and no as 0; text is
/// not counted.
fn number(text: &str) -> Option<f64> {
    match text {
        "true" => Some(1.0),
        "false" => Some(0.0),
        t => t.parse::<f64>().ok().filter(|v| v.is_finite()),
    }
}

fn key(h: &ReportHead) -> Option<binhdang_analytics::ReportKey> {
    Some((h.form.clone(), Period::parse(&h.period).ok()?, h.unit))
}

/// Reports loaded at a time when the engine starts.
const LOAD_BATCH: usize = 2_000;

/// Brings the engine up to the last committed change and returns it.
pub async fn fresh(state: &Services) -> Result<&Engine, Error> {
    Ok(fresh_marked(state).await?.0)
}

/// [`fresh`], with the point of the change log the engine has reached.
pub async fn fresh_marked(state: &Services) -> Result<(&Engine, i64), Error> {
    let analytics = &state.analytics;
    // Nothing committed here since a look less than `POLL` ago (the usual case under load): no
    // database read at all.
    let local = state.store.local_changes();
    let applied = analytics.mark.load(Ordering::Acquire);
    let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
    let now = micros(analytics.started.elapsed());
    if applied >= 0
        && analytics.looked_changes.load(Ordering::Acquire) == local
        && now.saturating_sub(analytics.looked_at.load(Ordering::Acquire)) < micros(POLL)
    {
        return Ok((&analytics.engine, applied));
    }
    // Nothing changed since the last look: one indexed read, and no waiting on the others'
    // requests.
    if applied >= 0 && state.store.last_report_change().await? == applied {
        analytics.looked(local, now);
        return Ok((&analytics.engine, applied));
    }
    let mut seen = analytics.seen.lock().await;
    match *seen {
        None => {
            // The watermark first: a change committed while loading is applied again next time,
            // which is harmless (a report is replaced whole).
            let last = state.store.last_report_change().await?;
            analytics.engine.set_registry(registry(state).await?);
            // Report by report, a few thousand at a time: memory holds the engine's columns and
            // one batch of rows, never every row at once.
            // The next batch is read while this one goes into the engine.
            let mut heads = state.store.all_report_heads().await?;
            heads.sort_by_key(|h| h.id);
            let batches: Vec<Vec<i64>> = heads.chunks(LOAD_BATCH).map(|b| b.iter().map(|h| h.id).collect()).collect();
            let read = |ids: &Vec<i64>| {
                let (store, ids) = (state.store.clone(), ids.clone());
                tokio::spawn(async move { store.packed_values::<Figures, 3>(&ids).await })
            };
            let mut next = batches.first().map(read);
            for (n, batch) in heads.chunks(LOAD_BATCH).enumerate() {
                let Some(pending) = next.take() else { break };
                let reports = pending.await.map_err(|e| Error::Internal(format!("engine load: {e}")))??;
                next = batches.get(n + 1).map(read);
                let mut reports = reports.into_iter().peekable();
                for h in batch {
                    let mut values = Vec::new();
                    if let Some(packed) = reports.next_if(|r| r.report == h.id) {
                        for [element, option, value] in packed.rows() {
                            if let Some(n) = number(value) {
                                values.push(Value { element: element.to_owned(), option: option.to_owned(), value: n });
                            }
                        }
                    }
                    if let Some(k) = key(h) {
                        analytics.engine.set_report(k, &values, h.status == Status::DaDuyet);
                    }
                }
            }
            analytics.engine.compact();
            *seen = Some(last);
        }
        Some(from) => {
            let (changed, last) = state.store.report_changes_since(from).await?;
            let registry = analytics.engine.registry();
            if changed
                .iter()
                .any(|h| registry.expand(h.unit, state.clock.today()).is_empty() && !registry.knows(h.unit))
            {
                analytics.engine.set_registry(self::registry(state).await?);
            }
            for h in &changed {
                let values: Vec<Value> = state
                    .store
                    .report_values(h.id)
                    .await?
                    .into_iter()
                    .filter_map(|((element, option), v)| number(&v.value).map(|value| Value { element, option, value }))
                    .collect();
                if let Some(k) = key(h) {
                    analytics.engine.set_report(k, &values, h.status == Status::DaDuyet);
                }
            }
            if !changed.is_empty() {
                analytics.engine.compact();
            }
            *seen = Some(last);
        }
    }
    let mark = seen.unwrap_or_default();
    analytics.mark.store(mark, Ordering::Release);
    analytics.looked(local, now);
    drop(seen);
    Ok((&analytics.engine, mark))
}

/// The most cells one answer may hold.
pub const MAX_CELLS: usize = 50_000;

/// A parsed analytics request.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `dimension=` parameters, as given.
    pub dimensions: Vec<String>,
    /// `filter=` parameters, as given.
    pub filters: Vec<String>,
    /// The map (`asOf`, default today).
    pub as_of: Option<NaiveDate>,
    /// Count reports not yet approved.
    pub include_unapproved: bool,
}

/// An answer in DHIS2's analytics shape: headers, rows, metadata, width, height.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grid {
    /// The columns.
    pub headers: Vec<Header>,
    /// Names and dimension items.
    #[serde(rename = "metaData")]
    pub meta_data: MetaData,
    /// One row per aggregate: the dimension items, then the value as text.
    pub rows: Vec<Vec<String>>,
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Columns (DHIS2 2.3x repeats it).
    #[serde(rename = "headerWidth")]
    pub header_width: usize,
}

/// A column of the answer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Header {
    /// `dx`, `pe`, `ou` or `value`.
    pub name: String,
    /// Its title.
    pub column: String,
    /// `TEXT` or `NUMBER`.
    #[serde(rename = "valueType")]
    pub value_type: String,
    /// The Java type DHIS2 names.
    #[serde(rename = "type")]
    pub java_type: String,
    /// Never hidden.
    pub hidden: bool,
    /// A dimension (true) or the measure (false).
    pub meta: bool,
}

/// Names and items.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MetaData {
    /// Every identifier with its name.
    pub items: BTreeMap<String, Item>,
    /// The items of each dimension.
    pub dimensions: BTreeMap<String, Vec<String>>,
    /// Every identifier with its name (the older shape).
    pub names: BTreeMap<String, String>,
}

/// A named item.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    /// Its name.
    pub name: String,
}

fn header(name: &str, column: &str, meta: bool) -> Header {
    Header {
        name: name.into(),
        column: column.into(),
        value_type: if meta { "TEXT" } else { "NUMBER" }.into(),
        java_type: if meta { "java.lang.String" } else { "java.lang.Double" }.into(),
        hidden: false,
        meta,
    }
}

/// A `dx` item resolved: an indicator (by its formula) or data values.
#[derive(Debug, Clone)]
enum DataItem {
    Indicator(binhdang_core::indicators::Formula),
    Values(String),
}

fn bad(parameter: &str, message: impl Into<String>) -> Error {
    Error::Invalid(vec![FieldError::new(parameter, message)])
}

/// Splits `dx:A;B` into (`dx`, [A, B]).
fn split(parameter: &str, text: &str) -> Result<(String, Vec<String>), Error> {
    let (dim, items) = text.split_once(':').unwrap_or((text, ""));
    let items: Vec<String> = items.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    if !matches!(dim, "dx" | "pe" | "ou") {
        return Err(bad(parameter, format!("chiều \"{dim}\" không có (dùng dx, pe, ou)")));
    }
    if items.is_empty() {
        return Err(bad(parameter, format!("chiều {dim} cần ít nhất một mục")));
    }
    if items.len() > 500 {
        return Err(bad(parameter, format!("chiều {dim} có quá 500 mục")));
    }
    Ok((dim.to_owned(), items))
}

/// Resolves organisation-unit items on the map: codes, `LEVEL-n` (n counts from the nation),
/// `LEVEL-province`, `LEVEL-commune`, `LEVEL-n-CODE`, and `CODE;CHILDREN`-style `CHILDREN`
/// (the areas directly under the listed codes), bounded by the listed codes when a level is asked.
async fn org_units(state: &Services, items: &[String], as_of: NaiveDate, parameter: &str) -> Result<Vec<Unit>, Error> {
    let engine = &state.analytics.engine;
    let registry = engine.registry();
    let mut boundaries = Vec::new();
    let mut levels: Vec<(UnitKind, Option<String>)> = Vec::new();
    let mut children = false;
    for item in items {
        let level = item.strip_prefix("LEVEL-");
        match level {
            Some(rest) => {
                let (what, boundary) = rest.split_once('-').map_or((rest, None), |(l, b)| (l, Some(b.to_owned())));
                let kind = match what {
                    "1" | "nation" => UnitKind::Nation,
                    "2" | "province" => UnitKind::Province,
                    "3" | "commune" if as_of >= NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or(NaiveDate::MIN) => {
                        UnitKind::Commune
                    }
                    "3" | "district" => UnitKind::District,
                    "4" | "commune" => UnitKind::Commune,
                    _ => {
                        return Err(bad(
                            parameter,
                            format!("cấp \"{item}\" không có (LEVEL-1…4, LEVEL-province, LEVEL-commune)"),
                        ));
                    }
                };
                levels.push((kind, boundary));
            }
            None if item == "CHILDREN" => children = true,
            None => boundaries.push(item.clone()),
        }
    }
    let resolve = async |code: &str| -> Result<Unit, Error> {
        match state.store.unit_by_code(code, as_of).await? {
            Some(u) if u.kind.is_area() => Ok(u),
            _ => Err(bad(parameter, crate::units::missing_code(state, code, as_of).await?)),
        }
    };
    let mut out = Vec::new();
    let mut bounds = Vec::new();
    for code in &boundaries {
        bounds.push(resolve(code).await?);
    }
    if levels.is_empty() && !children {
        return Ok(bounds);
    }
    let mut ids: Vec<UnitId> = Vec::new();
    for (kind, boundary) in &levels {
        let roots: Vec<Option<UnitId>> = match boundary {
            Some(code) => vec![Some(resolve(code).await?.id)],
            None if bounds.is_empty() => vec![None],
            None => bounds.iter().map(|b| Some(b.id)).collect(),
        };
        for root in roots {
            ids.extend(registry.areas(*kind, root, as_of));
        }
    }
    if children {
        for b in &bounds {
            ids.extend(registry.children(b.id, as_of));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > 5_000 {
        return Err(bad(parameter, "quá 5.000 địa bàn; hãy chọn một cấp hẹp hơn"));
    }
    for id in ids {
        out.push(state.store.unit(id).await?);
    }
    Ok(out)
}

/// Data items: an indicator code of the catalog (computed by its formula), else an element or
/// `ELEMENT.OPTION`; their names go into `names`.
async fn data_items(
    state: &Services,
    items: &[String],
    names: &mut BTreeMap<String, String>,
) -> Result<Vec<DataItem>, Error> {
    let mut data = Vec::new();
    for item in items {
        if let Ok(stored) = state.store.indicator(item).await {
            let Some(f) = stored.indicator.formula.clone() else {
                return Err(bad(
                    "dimension",
                    format!("chỉ tiêu {item} chưa có công thức: {}", stored.indicator.formula_note),
                ));
            };
            names.insert(item.clone(), stored.indicator.name.clone());
            data.push(DataItem::Indicator(f));
        } else {
            binhdang_core::reporting::check_selector(item).map_err(|m| bad("dimension", format!("dx {item}: {m}")))?;
            let code = item.split('.').next().unwrap_or(item);
            let name = binhdang_core::reporting::element(code).map_or(code, |e| e.name_vi);
            names.insert(item.clone(), name.to_owned());
            data.push(DataItem::Values(item.clone()));
        }
    }
    Ok(data)
}

/// Answers an analytics request from the engine, as DHIS2 answers `/api/analytics`.
pub async fn query(state: &Services, user: &User, request: &Request) -> Result<Grid, Error> {
    require_role(state, user, Record::Report, Action::Read).await?;
    if request.include_unapproved {
        require_role(state, user, Record::Report, Action::Write)
            .await
            .map_err(|_| Error::Forbidden("chỉ chuyên viên trở lên được xem số liệu chưa duyệt".into()))?;
    }
    let as_of = request.as_of.unwrap_or_else(|| state.clock.today());
    let engine = fresh(state).await?;
    let mut dims: Vec<(String, Vec<String>)> = Vec::new();
    let mut filters: Vec<(String, Vec<String>)> = Vec::new();
    for d in &request.dimensions {
        dims.push(split("dimension", d)?);
    }
    for f in &request.filters {
        filters.push(split("filter", f)?);
    }
    let all: Vec<&str> = dims.iter().chain(&filters).map(|(d, _)| d.as_str()).collect();
    for d in ["dx", "pe", "ou"] {
        if all.iter().filter(|x| **x == d).count() > 1 {
            return Err(bad("dimension", format!("chiều {d} chỉ được nêu một lần")));
        }
    }
    let find = |name: &str| dims.iter().chain(&filters).find(|(d, _)| d == name).map(|(_, i)| i.clone());
    let Some(dx_items) = find("dx") else { return Err(bad("dimension", "cần chiều dx (chỉ tiêu)")) };
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let Some(pe_items) = find("pe") else { return Err(bad("dimension", "cần chiều pe (kỳ)")) };
    let ou_items = find("ou").unwrap_or_else(|| vec!["VN".to_owned()]);
    let data = data_items(state, &dx_items, &mut names).await?;
    let mut periods = Vec::new();
    for p in &pe_items {
        let period = Period::parse(p).map_err(|_| {
            bad("dimension", format!("kỳ \"{p}\" không đúng dạng (2025, 2025S1, 2025Q3, 202503, 2025N9)"))
        })?;
        names.insert(p.clone(), period.label_vi());
        periods.push(period);
    }
    let units = org_units(state, &ou_items, as_of, "dimension").await?;
    // Only areas in the user's scope.
    let scope = scope_of(state, user).await?;
    for u in &units {
        if !scope.covers(&state.store.reach(u).await?) {
            return Err(Error::Forbidden(format!("{} nằm ngoài phạm vi của bạn", u.name)));
        }
        names.insert(u.code.clone(), u.name.clone());
    }
    let ou_ids: Vec<UnitId> = units.iter().map(|u| u.id).collect();
    if data.len() * periods.len() * ou_ids.len() > MAX_CELLS {
        return Err(bad("dimension", format!("câu hỏi có quá {MAX_CELLS} ô; hãy thu hẹp")));
    }
    // Values per (dx, pe, ou).
    let mut cells: BTreeMap<(usize, usize, usize), f64> = BTreeMap::new();
    let values: Vec<(usize, String)> = data
        .iter()
        .enumerate()
        .filter_map(|(i, d)| if let DataItem::Values(s) = d { Some((i, s.clone())) } else { None })
        .collect();
    if !values.is_empty() {
        let q = Query {
            dx: values.iter().map(|(_, s)| s.clone()).collect(),
            pe: periods.clone(),
            ou: ou_ids.clone(),
            as_of,
            include_unapproved: request.include_unapproved,
        };
        for c in engine.aggregate(&q) {
            cells.insert((values[c.dx].0, c.pe, c.ou), c.value);
        }
    }
    for (i, d) in data.iter().enumerate() {
        if let DataItem::Indicator(f) = d {
            for ((p, o), v) in engine.indicator(f, &periods, &ou_ids, as_of, request.include_unapproved) {
                cells.insert((i, p, o), v);
            }
        }
    }
    Ok(grid(&dims, &dx_items, &pe_items, &units, cells, names))
}

/// The answer in DHIS2's shape; filter dimensions are collapsed (their items added up).
fn grid(
    dims: &[(String, Vec<String>)],
    dx_items: &[String],
    pe_items: &[String],
    units: &[Unit],
    cells: BTreeMap<(usize, usize, usize), f64>,
    names: BTreeMap<String, String>,
) -> Grid {
    // Filters collapse their dimension: the values of its items are added up.
    let shown: Vec<&str> = dims.iter().map(|(d, _)| d.as_str()).collect();
    let mut collapsed: BTreeMap<Vec<String>, f64> = BTreeMap::new();
    for ((d, p, o), v) in cells {
        let mut row = Vec::new();
        for dim in &shown {
            row.push(match *dim {
                "dx" => dx_items[d].clone(),
                "pe" => pe_items[p].clone(),
                _ => units[o].code.clone(),
            });
        }
        *collapsed.entry(row).or_default() += v;
    }
    let mut headers: Vec<Header> = shown
        .iter()
        .map(|d| match *d {
            "dx" => header("dx", "Data", true),
            "pe" => header("pe", "Period", true),
            _ => header("ou", "Organisation unit", true),
        })
        .collect();
    headers.push(header("value", "Value", false));
    let rows: Vec<Vec<String>> = collapsed
        .into_iter()
        .map(|(mut row, v)| {
            row.push(binhdang_core::reporting::format_number((v * 100.0).round() / 100.0));
            row
        })
        .collect();
    let mut dimensions = BTreeMap::new();
    dimensions.insert("dx".to_owned(), dx_items.to_vec());
    dimensions.insert("pe".to_owned(), pe_items.to_vec());
    dimensions.insert("ou".to_owned(), units.iter().map(|u| u.code.clone()).collect());
    dimensions.insert("co".to_owned(), Vec::new());
    let width = headers.len();
    Grid {
        height: rows.len(),
        width,
        header_width: width,
        headers,
        meta_data: MetaData {
            items: names.iter().map(|(k, v)| (k.clone(), Item { name: v.clone() })).collect(),
            dimensions,
            names,
        },
        rows,
    }
}

/// One value behind an aggregate, named.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explained {
    /// The reporting unit's code.
    pub unit_code: String,
    /// Its name.
    pub unit_name: String,
    /// What it reported.
    #[serde(flatten)]
    pub contribution: binhdang_analytics::Contribution,
}

/// The values behind one aggregate (element or `ELEMENT.OPTION`, period, area on the map).
pub async fn explain(
    state: &Services,
    user: &User,
    item: &str,
    period: &str,
    area: &str,
    as_of: Option<NaiveDate>,
    include_unapproved: bool,
) -> Result<Vec<Explained>, Error> {
    let as_of = as_of.unwrap_or_else(|| state.clock.today());
    let grid_request = Request {
        dimensions: vec![format!("dx:{item}"), format!("pe:{period}"), format!("ou:{area}")],
        filters: Vec::new(),
        as_of: Some(as_of),
        include_unapproved,
    };
    // The same checks as a query (rights, parameters).
    query(state, user, &grid_request).await?;
    let period = Period::parse(period)?;
    let unit = state.store.unit_by_code(area, as_of).await?.ok_or_else(|| DomainError::NotFound(area.to_owned()))?;
    let engine = fresh(state).await?;
    let found = engine.explain(item, period, unit.id, as_of, include_unapproved);
    let ids: Vec<UnitId> = found.iter().map(|c| c.unit).collect();
    let names = state.store.names_of(&ids).await?;
    let codes = state.store.codes_of(&ids).await?;
    Ok(found
        .into_iter()
        .map(|c| Explained {
            unit_code: codes.get(&c.unit).cloned().unwrap_or_default(),
            unit_name: names.get(&c.unit).cloned().unwrap_or_default(),
            contribution: c,
        })
        .collect())
}
