//! `binhdang-analytics`: the in-memory analytics engine. Reported data values live here in
//! compact columns, one block per (element, option combination) — units and periods
//! dictionary-encoded, values in a flat `f64` array — so that a query touches only the blocks
//! it asks for. [`Engine::compact`] orders each block by period, then by unit province by
//! province on today's map: a query reads only its periods' rows and, in them, only the stretches
//! of its areas' units, and sums each stretch that counts for one area at once (by the sums of
//! its chunks of sixteen rows where the values are whole numbers, as counts are: exact in any
//! order). Aggregates roll up the area tree **as of any date**: on the 2025 map a 2022 value
//! of a commune that no longer exists counts for what it became (merged: whole; divided: by the
//! lineage weight, or wholly to the main successor where the weights do not add up to one); on
//! the 2021 map the units of 2021 appear as they were, and a unit that did not yet exist is not
//! on that map. Periods roll up (months and quarters into years…) by each element's
//! aggregation type. Every figure can explain itself.
//!
//! No HTTP, no SQL: the application layer loads the engine from the store at start-up and hands
//! it every committed change of a report ([`Engine::set_report`]).

#![deny(missing_docs)]

mod map;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use serde::Serialize;

use binhdang_core::reporting::{self, Aggregation, Period};
use binhdang_core::units::{UnitId, UnitKind};

pub use map::{AreaUnit, Edge, Registry, Rule};

/// Where each unit of the dictionary counts on one map: (area, share, rule) per unit.
type Expansion = Arc<Vec<Vec<(UnitId, f64, Rule)>>>;

/// A report's identity: form, period, reporting area.
pub type ReportKey = (String, Period, UnitId);

/// One value handed to the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Element code.
    pub element: String,
    /// Option combination code.
    pub option: String,
    /// The number.
    pub value: f64,
}

/// The rows of one (element, option combination).
#[derive(Debug, Default, Clone)]
struct Block {
    unit: Vec<u32>,
    period: Vec<u16>,
    value: Vec<f64>,
    /// Bit 0: approved; bit 1: deleted (a row replaced by a later save).
    flags: Vec<u8>,
    /// Rows before this one are ordered by period, then by their unit's place on the map
    /// ([`Data::rank`]); the rows after it were added since ([`Engine::compact`] orders them).
    sorted: usize,
    /// The ordered rows of each period.
    runs: Vec<Run>,
    /// The sums of the values of each run's successive whole chunks of [`CHUNK`] rows.
    chunks: Vec<f64>,
}

/// The ordered rows of one period in a block.
#[derive(Debug, Clone, Copy)]
struct Run {
    period: u16,
    start: u32,
    end: u32,
    /// Every row approved and none replaced since: the rows' flags need not be read.
    clean: bool,
    /// Every value a whole number, and their magnitudes add up to less than 2⁵³: any sum of
    /// them is exact, in any order, so [`Block::chunks`] may stand for the rows.
    whole: bool,
    /// Where this run's chunk sums begin in [`Block::chunks`].
    chunk: u32,
}

/// The rows of a run are also summed in chunks of this many (two in the tests, whose runs are
/// short).
const CHUNK: usize = if cfg!(test) { 2 } else { 16 };

const APPROVED: u8 = 1;
const DELETED: u8 = 2;

/// The data, behind the engine's lock.
#[derive(Debug, Default)]
struct Data {
    units: Vec<UnitId>,
    unit_index: HashMap<UnitId, u32>,
    periods: Vec<Period>,
    period_index: HashMap<Period, u16>,
    /// element → option → block (two levels, so that a lookup borrows the codes: the load asks
    /// once per value).
    dx_index: HashMap<String, HashMap<String, u32>>,
    dx: Vec<(String, String)>,
    blocks: Vec<Block>,
    /// Where each report's rows are.
    reports: HashMap<ReportKey, u32>,
    /// The rows of each report (by its number in `reports`): (block, row). Empty for a report
    /// that has no value any more; its number stays.
    report_rows: Vec<Box<[(u32, u32)]>>,
    /// The reports of each unit (by dictionary index), so that a query about a few areas reads
    /// their rows only.
    unit_reports: HashMap<u32, Vec<u32>>,
    /// Live (not deleted) rows.
    live: usize,
    /// Expansions per map date, built on demand, dropped when units are added.
    maps: HashMap<NaiveDate, Expansion>,
    /// Per unit (by dictionary index, as of the last ordering of the blocks): its place in the
    /// order of today's map, province by province, by which the ordered rows of a period run.
    rank: Vec<u32>,
}

impl Data {
    fn unit(&mut self, id: UnitId) -> u32 {
        if let Some(i) = self.unit_index.get(&id) {
            return *i;
        }
        let i = u32::try_from(self.units.len()).unwrap_or(u32::MAX);
        self.units.push(id);
        self.unit_index.insert(id, i);
        self.maps.clear();
        i
    }

    fn period(&mut self, p: Period) -> u16 {
        if let Some(i) = self.period_index.get(&p) {
            return *i;
        }
        let i = u16::try_from(self.periods.len()).unwrap_or(u16::MAX);
        self.periods.push(p);
        self.period_index.insert(p, i);
        i
    }

    fn block(&mut self, element: &str, option: &str) -> u32 {
        if let Some(i) = self.dx_index.get(element).and_then(|o| o.get(option)) {
            return *i;
        }
        let i = u32::try_from(self.blocks.len()).unwrap_or(u32::MAX);
        self.blocks.push(Block::default());
        self.dx.push((element.to_owned(), option.to_owned()));
        self.dx_index.entry(element.to_owned()).or_default().insert(option.to_owned(), i);
        i
    }
}

/// What a query asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Data items: `ELEMENT` (all its option combinations) or `ELEMENT.OPTION` (an option
    /// combination's code, or one option: `LD_CO_VIEC_LAM.nu`).
    pub dx: Vec<String>,
    /// Periods.
    pub pe: Vec<Period>,
    /// Areas (valid on `as_of`).
    pub ou: Vec<UnitId>,
    /// The map.
    pub as_of: NaiveDate,
    /// Count values of reports not yet approved too.
    pub include_unapproved: bool,
}

/// One aggregate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Index into the query's `dx`.
    pub dx: usize,
    /// Index into the query's `pe`.
    pub pe: usize,
    /// Index into the query's `ou`.
    pub ou: usize,
    /// The value.
    pub value: f64,
}

/// One value behind an aggregate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contribution {
    /// The unit that reported it.
    pub unit: UnitId,
    /// Element code.
    pub element: String,
    /// Option combination code.
    pub option: String,
    /// Its period.
    pub period: String,
    /// The value as reported.
    pub value: f64,
    /// The share of it counted (lineage weight).
    pub weight: f64,
    /// How it reached the area on the map.
    pub rule: Rule,
    /// Whether its report is approved.
    pub approved: bool,
}

/// The engine: the values and the registry, shared by every request.
#[derive(Debug, Default)]
pub struct Engine {
    data: RwLock<Data>,
    registry: RwLock<Arc<Registry>>,
}

/// Which option combinations of an element a data item selects, by block.
fn selects(item: &str, element: &str, option: &str) -> bool {
    let (code, wanted) = item.split_once('.').map_or((item, None), |(c, o)| (c, Some(o)));
    if code != element {
        return false;
    }
    match wanted {
        None => true,
        Some(w) if w == option => true,
        Some(w) => reporting::element(element)
            .is_some_and(|el| el.combo.option_combos().iter().any(|c| c.code == option && c.parts.contains(&w))),
    }
}

/// What one aggregation reads, fixed for the whole scan.
struct Scan<'a> {
    q: &'a Query,
    /// Unit `u`'s asked areas, with the share: `flat[first[u]..first[u + 1]]`.
    first: &'a [u32],
    flat: &'a [(u32, f64)],
    pe_slots: &'a [Vec<usize>],
    periods: &'a [Period],
    npe: usize,
    nou: usize,
}

/// Adds one row to the accumulators of every asked (period, area) it counts for.
#[inline]
#[allow(clippy::too_many_arguments, reason = "the innermost loop's state, passed apart so that it stays in registers")]
fn visit(
    sum: &mut [f64],
    count: &mut [u32],
    latest: &mut HashMap<(usize, u32), (Period, f64)>,
    scan: &Scan<'_>,
    block: &Block,
    last: bool,
    dxi: usize,
    r: usize,
) {
    let flags = block.flags[r];
    if flags & DELETED != 0 || (!scan.q.include_unapproved && flags & APPROVED == 0) {
        return;
    }
    let unit = block.unit[r];
    let (from, until) = (scan.first[unit as usize] as usize, scan.first[unit as usize + 1] as usize);
    if from == until {
        return;
    }
    let to = &scan.flat[from..until];
    let value = block.value[r];
    for &pe in &scan.pe_slots[block.period[r] as usize] {
        let base = (dxi * scan.npe + pe) * scan.nou;
        for &(ou, w) in to {
            let slot = base + ou as usize;
            if last {
                let period = scan.periods[block.period[r] as usize];
                let e = latest.entry((slot, unit)).or_insert((period, 0.0));
                if period > e.0 {
                    *e = (period, value * w);
                } else if period == e.0 {
                    e.1 += value * w;
                }
            } else {
                sum[slot] += value * w;
                count[slot] += 1;
            }
        }
    }
}

/// In [`Accumulators::one`]: the unit counts for no asked area.
const NONE: u32 = u32::MAX;
/// In [`Accumulators::one`]: the unit counts for several asked areas (see `first` and `flat`).
const MANY: u32 = u32::MAX - 1;

/// The sums and counts of one aggregation, with what the tight loop over ordered rows needs.
struct Accumulators<'a> {
    sum: &'a mut [f64],
    count: &'a mut [u32],
    /// Per unit: the one asked area it counts for, with the share; or [`NONE`], or [`MANY`].
    one: &'a [(u32, f64)],
    /// Unit `u`'s asked areas are `flat[first[u]..first[u + 1]]`.
    first: &'a [u32],
    flat: &'a [(u32, f64)],
    /// Per unit: its place in the order of the rows ([`Data::rank`]).
    rank: &'a [u32],
    /// Per unit with one asked area or none: the place where the stretch of units that count for
    /// the same area with the same share (or for none) ends (exclusive).
    until: &'a [u32],
    /// The flag bits of rows not counted, with the approval bit inverted.
    skip: u8,
}

impl Accumulators<'_> {
    /// Adds the ordered rows of the asked periods of the asked sum- and average-type blocks.
    fn ordered(
        &mut self,
        d: &Data,
        block_items: &[Vec<usize>],
        block_last: &[bool],
        pe_slots: &[Vec<usize>],
        (npe, nou): (usize, usize),
    ) {
        for (b, items) in block_items.iter().enumerate() {
            if items.is_empty() || block_last[b] {
                continue;
            }
            let block = &d.blocks[b];
            for run in &block.runs {
                let (start, end) = (run.start as usize, run.end as usize);
                let pes = &pe_slots[run.period as usize];
                if pes.is_empty() {
                    continue;
                }
                for &pe in pes {
                    for &dxi in items {
                        self.add((dxi * npe + pe) * nou, block, run, start..end);
                    }
                }
            }
        }
    }

    /// Adds the ordered rows `rows` of a block to the slots from `base` (one data item, one
    /// period). Rows run province by province, so long stretches of them count for the same
    /// area with the same share, or for no asked area: each stretch is found by a galloping search
    /// on the units' places, and skipped or its values summed at once (without reading their flags
    /// when the run is `clean`).
    fn add(&mut self, base: usize, block: &Block, run: &Run, rows: std::ops::Range<usize>) {
        let (unit, value, flags) = (&block.unit, &block.value, &block.flags);
        let counted = |f: u8| (f ^ APPROVED) & self.skip == 0;
        let mut row = rows.start;
        while row < rows.end {
            let this = unit[row] as usize;
            let (ou, share) = self.one[this];
            if ou == MANY {
                if counted(flags[row]) {
                    for &(ou, share) in &self.flat[self.first[this] as usize..self.first[this + 1] as usize] {
                        let slot = base + ou as usize;
                        self.sum[slot] += value[row] * share;
                        self.count[slot] += 1;
                    }
                }
                row += 1;
                continue;
            }
            // The stretch: rows `row..end`, every unit's place below `limit`.
            let limit = self.until[this];
            let before = |i: usize| self.rank[unit[i] as usize] < limit;
            let (mut lo, mut step) = (row, 1);
            while lo + step < rows.end && before(lo + step) {
                lo += step;
                step *= 2;
            }
            let hi = (lo + step).min(rows.end);
            let end = lo + 1 + unit[lo + 1..hi].partition_point(|x| self.rank[*x as usize] < limit);
            if ou == NONE {
                row = end;
                continue;
            }
            let slot = base + ou as usize;
            // Exactly one: a share of it would round differently summed as a whole.
            if run.clean && run.whole && share.to_bits() == 1.0f64.to_bits() {
                self.sum[slot] += chunked_sum(block, run, row..end);
                self.count[slot] += u32::try_from(end - row).unwrap_or(u32::MAX);
            } else if run.clean {
                self.sum[slot] += weighted_sum(&value[row..end], share);
                self.count[slot] += u32::try_from(end - row).unwrap_or(u32::MAX);
            } else {
                for i in row..end {
                    if counted(flags[i]) {
                        self.sum[slot] += value[i] * share;
                        self.count[slot] += 1;
                    }
                }
            }
            row = end;
        }
    }
}

/// The sum of the values of rows `rows` of a `whole` run: the whole chunks inside by their sums,
/// the rows before and after them one by one (exact, as every partial sum is a whole number below
/// 2⁵³).
fn chunked_sum(block: &Block, run: &Run, rows: std::ops::Range<usize>) -> f64 {
    let start = run.start as usize;
    let first = (rows.start - start).div_ceil(CHUNK);
    let last = (rows.end - start) / CHUNK;
    if first >= last {
        return weighted_sum(&block.value[rows], 1.0);
    }
    let (a, z) = (start + first * CHUNK, start + last * CHUNK);
    let chunks = &block.chunks[run.chunk as usize + first..run.chunk as usize + last];
    weighted_sum(&block.value[rows.start..a], 1.0)
        + chunks.iter().sum::<f64>()
        + weighted_sum(&block.value[z..rows.end], 1.0)
}

/// The sum of `values × w`, in four lanes.
fn weighted_sum(values: &[f64], w: f64) -> f64 {
    let mut lanes = [0.0f64; 4];
    let chunks = values.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for (lane, v) in lanes.iter_mut().zip(c) {
            *lane += v * w;
        }
    }
    let mut sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for v in rest {
        sum += v * w;
    }
    sum
}

/// Per unit of the dictionary, the asked areas it counts for, with the share.
struct Targets {
    /// Unit `u`'s asked areas are `flat[first[u]..first[u + 1]]`.
    first: Vec<u32>,
    flat: Vec<(u32, f64)>,
    /// Its one area, or [`NONE`] or [`MANY`].
    one: Vec<(u32, f64)>,
}

/// [`Targets`] from a map's expansion, for the first `units` units (the asked areas found by a
/// binary search; of equal ones, the last, as a map built from them would).
fn targets(expansion: &[Vec<(UnitId, f64, Rule)>], units: usize, ou: &[UnitId]) -> Targets {
    let mut sorted: Vec<(UnitId, usize)> = ou.iter().enumerate().map(|(i, u)| (*u, i)).collect();
    sorted.sort_unstable();
    let slot_of = |u: &UnitId| {
        let end = sorted.partition_point(|(x, _)| x <= u);
        sorted[..end].last().filter(|(x, _)| x == u).map(|(_, i)| *i)
    };
    let mut first: Vec<u32> = Vec::with_capacity(units + 1);
    let mut flat: Vec<(u32, f64)> = Vec::new();
    let mut one: Vec<(u32, f64)> = Vec::with_capacity(units);
    first.push(0);
    for u in 0..units {
        let from = flat.len();
        for (unit, share, _) in expansion.get(u).map(Vec::as_slice).unwrap_or_default() {
            if let Some(slot) = slot_of(unit) {
                flat.push((u32::try_from(slot).unwrap_or(NONE), *share));
            }
        }
        one.push(match &flat[from..] {
            [] => (NONE, 0.0),
            [only] => *only,
            _ => (MANY, 0.0),
        });
        first.push(u32::try_from(flat.len()).unwrap_or(u32::MAX));
    }
    Targets { first, flat, one }
}

/// Per unit of the ordered rows: where the stretch of units in order (by `rank`) that count for
/// the same one area with the same share, or for none, ends.
fn stretch_ends(rank: &[u32], one: &[(u32, f64)]) -> Vec<u32> {
    let mut order = vec![0u32; rank.len()];
    for (unit, place) in rank.iter().enumerate() {
        order[*place as usize] = u32::try_from(unit).unwrap_or(u32::MAX);
    }
    let mut until = vec![0u32; rank.len()];
    for place in (0..order.len()).rev() {
        let unit = order[place] as usize;
        until[unit] = match order.get(place + 1).map(|next| *next as usize) {
            Some(next) if one[unit].0 != MANY && one[next] == one[unit] => until[next],
            _ => u32::try_from(place + 1).unwrap_or(u32::MAX),
        };
    }
    until
}

/// Whether a stored period lies within a query period: the same, or a shorter one inside it
/// (a month of the year, a quarter of the half-year…).
fn within(stored: Period, query: Period) -> bool {
    use binhdang_core::reporting::PeriodType;
    if stored == query {
        return true;
    }
    if stored.year != query.year || stored.kind >= query.kind {
        return false;
    }
    let months = |p: Period| -> (u8, u8) {
        match p.kind {
            PeriodType::Month => (p.index, p.index),
            PeriodType::Quarter => (p.index * 3 - 2, p.index * 3),
            PeriodType::HalfYear => (p.index * 6 - 5, p.index * 6),
            PeriodType::NineMonths => (1, 9),
            PeriodType::Year => (1, 12),
        }
    };
    let (s0, s1) = months(stored);
    let (q0, q1) = months(query);
    q0 <= s0 && s1 <= q1
}

impl Engine {
    /// An empty engine over a registry.
    #[must_use]
    pub fn new(registry: Registry) -> Self {
        Self { data: RwLock::new(Data::default()), registry: RwLock::new(Arc::new(registry)) }
    }

    /// Replaces the registry (units added or moved); the maps are rebuilt on demand.
    pub fn set_registry(&self, registry: Registry) {
        *self.registry.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(registry);
        self.data.write().unwrap_or_else(std::sync::PoisonError::into_inner).maps.clear();
    }

    /// The registry.
    #[must_use]
    pub fn registry(&self) -> Arc<Registry> {
        self.registry.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Number of live values.
    #[must_use]
    pub fn len(&self) -> usize {
        self.data.read().unwrap_or_else(std::sync::PoisonError::into_inner).live
    }

    /// Whether it holds no value.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts a report's values in place of what it held (a save, a step of the workflow, a
    /// value imported): numbers only; `approved` marks every value of the report.
    pub fn set_report(&self, key: ReportKey, values: &[Value], approved: bool) {
        let mut d = self.data.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let old = d.reports.get(&key).copied().map(|n| std::mem::take(&mut d.report_rows[n as usize]));
        if let Some(rows) = old {
            for &(b, r) in &rows {
                let block = &mut d.blocks[b as usize];
                if block.flags[r as usize] & DELETED == 0 {
                    block.flags[r as usize] |= DELETED;
                    let at = block.runs.partition_point(|x| x.end <= r);
                    if let Some(run) = block.runs.get_mut(at) {
                        run.clean = false;
                    }
                    d.live -= 1;
                }
            }
        }
        let unit = d.unit(key.2);
        let period = d.period(key.1);
        let mut rows = Vec::with_capacity(values.len());
        for v in values.iter().filter(|v| v.value.is_finite()) {
            let b = d.block(&v.element, &v.option);
            let block = &mut d.blocks[b as usize];
            let r = u32::try_from(block.value.len()).unwrap_or(u32::MAX);
            block.unit.push(unit);
            block.period.push(period);
            block.value.push(v.value);
            block.flags.push(if approved { APPROVED } else { 0 });
            rows.push((b, r));
        }
        d.live += rows.len();
        let number = match d.reports.get(&key) {
            Some(n) => *n,
            None if rows.is_empty() => return,
            None => {
                let n = u32::try_from(d.report_rows.len()).unwrap_or(u32::MAX);
                d.report_rows.push(Box::default());
                d.reports.insert(key, n);
                d.unit_reports.entry(unit).or_default().push(n);
                n
            }
        };
        d.report_rows[number as usize] = rows.into_boxed_slice();
    }

    /// Compacts the blocks (drops replaced rows) when they make up more than a quarter, and
    /// orders their rows by period, then by unit province by province, when more than an eighth
    /// came since the last ordering — so that a question reads only its periods' rows, and only
    /// its areas' part of them.
    pub fn compact(&self) {
        let registry = self.registry();
        let mut d = self.data.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let total: usize = d.blocks.iter().map(|b| b.value.len()).sum();
        let unordered: usize = d.blocks.iter().map(|b| b.value.len() - b.sorted).sum();
        if total == 0 || ((total - d.live) * 4 < total && unordered * 8 < total) {
            return;
        }
        // Units in the order of today's map: by the path from the nation down to where they count,
        // a province's former units before its present ones.
        let today = registry.latest_map();
        let places: Vec<_> = d.units.iter().map(|u| registry.place(*u, today)).collect();
        let mut order: Vec<u32> = (0..d.units.len()).map(|u| u32::try_from(u).unwrap_or(u32::MAX)).collect();
        order.sort_by(|a, b| places[*a as usize].cmp(&places[*b as usize]).then(a.cmp(b)));
        let mut rank = vec![0u32; order.len()];
        for (i, u) in order.iter().enumerate() {
            rank[*u as usize] = u32::try_from(i).unwrap_or(u32::MAX);
        }
        let mut moved: Vec<Vec<u32>> = Vec::with_capacity(d.blocks.len());
        for block in &mut d.blocks {
            let mut rows: Vec<u32> = (0..block.value.len())
                .filter(|r| block.flags[*r] & DELETED == 0)
                .map(|r| u32::try_from(r).unwrap_or(u32::MAX))
                .collect();
            rows.sort_unstable_by_key(|r| (block.period[*r as usize], rank[block.unit[*r as usize] as usize], *r));
            let mut to = vec![u32::MAX; block.value.len()];
            let mut kept = Block {
                unit: Vec::with_capacity(rows.len()),
                period: Vec::with_capacity(rows.len()),
                value: Vec::with_capacity(rows.len()),
                flags: Vec::with_capacity(rows.len()),
                sorted: rows.len(),
                runs: Vec::new(),
                chunks: Vec::new(),
            };
            for (new, r) in rows.iter().enumerate() {
                let (r, new) = (*r as usize, u32::try_from(new).unwrap_or(u32::MAX));
                to[r] = new;
                let period = block.period[r];
                let clean = block.flags[r] == APPROVED;
                match kept.runs.last_mut() {
                    Some(run) if run.period == period => {
                        run.end = new + 1;
                        run.clean &= clean;
                    }
                    _ => kept.runs.push(Run { period, start: new, end: new + 1, clean, whole: false, chunk: 0 }),
                }
                kept.unit.push(block.unit[r]);
                kept.period.push(period);
                kept.value.push(block.value[r]);
                kept.flags.push(block.flags[r]);
            }
            for run in &mut kept.runs {
                let values = &kept.value[run.start as usize..run.end as usize];
                let magnitude: f64 = values.iter().map(|v| v.abs()).sum();
                run.whole = values.iter().all(|v| v.fract() == 0.0) && magnitude < 9_007_199_254_740_992.0;
                run.chunk = u32::try_from(kept.chunks.len()).unwrap_or(u32::MAX);
                kept.chunks.extend(values.chunks_exact(CHUNK).map(|c| c.iter().sum::<f64>()));
            }
            *block = kept;
            moved.push(to);
        }
        for rows in &mut d.report_rows {
            for (b, r) in rows.iter_mut() {
                *r = moved[*b as usize][*r as usize];
            }
        }
        d.rank = rank;
    }

    /// The expansion of every known unit onto the map of `as_of`: the areas (itself or what it
    /// became, and every area above) it counts for, with the share and the rule.
    fn expansion(&self, as_of: NaiveDate) -> Expansion {
        if let Some(m) = self.data.read().unwrap_or_else(std::sync::PoisonError::into_inner).maps.get(&as_of) {
            return m.clone();
        }
        let registry = self.registry();
        let units = self.data.read().unwrap_or_else(std::sync::PoisonError::into_inner).units.clone();
        let built: Arc<Vec<_>> = Arc::new(units.iter().map(|u| registry.expand(*u, as_of)).collect());
        let mut d = self.data.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if d.units.len() == units.len() {
            if d.maps.len() > 16 {
                d.maps.clear();
            }
            d.maps.insert(as_of, built.clone());
        }
        built
    }

    /// Aggregates: one cell per (data item, period, area) that has a value. Sum-type elements
    /// add up; average-type ones average the values; last-value ones take, per reporting unit,
    /// the latest period inside the asked one.
    #[must_use]
    pub fn aggregate(&self, q: &Query) -> Vec<Cell> {
        self.aggregate_by(q, None)
    }

    /// [`Engine::aggregate`], reading either the asked units' own rows (`Some(true)`), every row
    /// of the asked blocks (`Some(false)`), or whichever is cheaper (`None`).
    fn aggregate_by(&self, q: &Query, own_rows: Option<bool>) -> Vec<Cell> {
        let expansion = self.expansion(q.as_of);
        let d = self.data.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let units = expansion.len().max(d.units.len());
        let Targets { first, flat, one } = targets(&expansion, units, &q.ou);
        let until = stretch_ends(&d.rank, &one);
        // Per period of the dictionary: the asked periods it lies in.
        let pe_slots: Vec<Vec<usize>> = d
            .periods
            .iter()
            .map(|p| q.pe.iter().enumerate().filter(|(_, qp)| within(*p, **qp)).map(|(i, _)| i).collect())
            .collect();
        // Dense accumulators, one slot per (data item, period, area).
        let (npe, nou) = (q.pe.len(), q.ou.len());
        let slots = q.dx.len() * npe * nou;
        let mut sum = vec![0.0f64; slots];
        let mut count = vec![0u32; slots];
        // For last-value elements: (slot, unit) → (latest period, value × share).
        let mut latest: HashMap<(usize, u32), (Period, f64)> = HashMap::new();
        // Per block: the asked items that select it, and its aggregation.
        let block_items: Vec<Vec<usize>> =
            d.dx.iter()
                .map(|(e, o)| q.dx.iter().enumerate().filter(|(_, item)| selects(item, e, o)).map(|(i, _)| i).collect())
                .collect();
        let block_last: Vec<bool> =
            d.dx.iter()
                .map(|(e, _)| reporting::element(e).is_some_and(|el| el.aggregation == Aggregation::Last))
                .collect();
        let active: Vec<u32> =
            (0..units).filter(|u| first[*u] < first[*u + 1]).map(|u| u32::try_from(u).unwrap_or(u32::MAX)).collect();
        // The ordered rows of sum- and average-type blocks: per asked period's run, by stretches
        // of units that count for the same asked area (the asked areas' units lie together).
        Accumulators {
            sum: &mut sum,
            count: &mut count,
            one: &one,
            first: &first,
            flat: &flat,
            rank: &d.rank,
            until: &until,
            skip: DELETED | if q.include_unapproved { 0 } else { APPROVED },
        }
        .ordered(&d, &block_items, &block_last, &pe_slots, (npe, nou));
        // The rest: rows added since the blocks were last ordered, and last-value blocks.
        let rest = |b: usize| if block_last[b] { 0 } else { d.blocks[b].sorted };
        let mut add = |dxi: usize, b: usize, r: usize| {
            let block = &d.blocks[b];
            visit(
                &mut sum,
                &mut count,
                &mut latest,
                &Scan { q, first: &first, flat: &flat, pe_slots: &pe_slots, periods: &d.periods, npe, nou },
                block,
                block_last[b],
                dxi,
                r,
            );
        };
        // A few areas asked (a province, some communes) and many rows to read: read the rows of
        // the units that count for them. Else scan the rest of the asked blocks.
        let rest_rows: usize = (0..d.blocks.len())
            .filter(|b| !block_items[*b].is_empty())
            .map(|b| d.blocks[b].value.len() - rest(b))
            .sum();
        let reports_per_unit = d.reports.len() / d.units.len().max(1);
        if own_rows.unwrap_or(active.len() * 8 < units && active.len() * reports_per_unit * 16 < rest_rows) {
            for u in active {
                for n in d.unit_reports.get(&u).into_iter().flatten() {
                    for &(b, r) in &d.report_rows[*n as usize] {
                        if (r as usize) < rest(b as usize) {
                            continue;
                        }
                        for &dxi in &block_items[b as usize] {
                            add(dxi, b as usize, r as usize);
                        }
                    }
                }
            }
        } else {
            let scan = Scan { q, first: &first, flat: &flat, pe_slots: &pe_slots, periods: &d.periods, npe, nou };
            for (b, items) in block_items.iter().enumerate() {
                let block = &d.blocks[b];
                for &dxi in items {
                    for r in rest(b)..block.value.len() {
                        visit(&mut sum, &mut count, &mut latest, &scan, block, block_last[b], dxi, r);
                    }
                }
            }
        }
        for ((slot, _), (_, v)) in latest {
            sum[slot] += v;
            count[slot] += 1;
        }
        let average: Vec<bool> =
            q.dx.iter()
                .map(|item| {
                    let code = item.split('.').next().unwrap_or("");
                    reporting::element(code).is_some_and(|e| e.aggregation == Aggregation::Average)
                })
                .collect();
        (0..slots)
            .filter(|s| count[*s] > 0)
            .map(|s| {
                let (dx, rest) = (s / (npe * nou), s % (npe * nou));
                let (pe, ou) = (rest / nou, rest % nou);
                let value = if average[dx] { sum[s] / f64::from(count[s]) } else { sum[s] };
                Cell { dx, pe, ou, value }
            })
            .collect()
    }

    /// The values behind one aggregate, with how each reached the area.
    #[must_use]
    pub fn explain(
        &self,
        item: &str,
        pe: Period,
        ou: UnitId,
        as_of: NaiveDate,
        include_unapproved: bool,
    ) -> Vec<Contribution> {
        let expansion = self.expansion(as_of);
        let d = self.data.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = Vec::new();
        for (b, (element, option)) in d.dx.iter().enumerate() {
            if !selects(item, element, option) {
                continue;
            }
            let block = &d.blocks[b];
            for r in 0..block.value.len() {
                let flags = block.flags[r];
                if flags & DELETED != 0 || (!include_unapproved && flags & APPROVED == 0) {
                    continue;
                }
                let period = d.periods[block.period[r] as usize];
                if !within(period, pe) {
                    continue;
                }
                let unit = block.unit[r];
                for (to, w, rule) in expansion.get(unit as usize).map(Vec::as_slice).unwrap_or_default() {
                    if *to == ou {
                        out.push(Contribution {
                            unit: d.units[unit as usize],
                            element: element.clone(),
                            option: option.clone(),
                            period: period.code(),
                            value: block.value[r],
                            weight: *w,
                            rule: *rule,
                            approved: flags & APPROVED != 0,
                        });
                    }
                }
            }
        }
        out
    }

    /// The areas of a kind on a map, under an area (or everywhere).
    #[must_use]
    pub fn areas(&self, kind: UnitKind, under: Option<UnitId>, as_of: NaiveDate) -> Vec<UnitId> {
        self.registry().areas(kind, under, as_of)
    }

    /// An indicator's value per cell, from its formula: numerator ÷ denominator × factor, each
    /// side aggregated over the same period and area.
    #[must_use]
    pub fn indicator(
        &self,
        formula: &binhdang_core::indicators::Formula,
        pe: &[Period],
        ou: &[UnitId],
        as_of: NaiveDate,
        include_unapproved: bool,
    ) -> BTreeMap<(usize, usize), f64> {
        let mut dx = vec![formula.numerator.clone()];
        dx.extend(formula.denominator.clone());
        let q = Query { dx, pe: pe.to_vec(), ou: ou.to_vec(), as_of, include_unapproved };
        let cells = self.aggregate(&q);
        let side =
            |i: usize, p: usize, o: usize| cells.iter().find(|c| c.dx == i && c.pe == p && c.ou == o).map(|c| c.value);
        let mut out = BTreeMap::new();
        for p in 0..pe.len() {
            for o in 0..ou.len() {
                let Some(n) = side(0, p, o) else { continue };
                let d = if formula.denominator.is_some() { side(1, p, o) } else { Some(1.0) };
                if let Some(d) = d.filter(|d| *d != 0.0) {
                    out.insert((p, o), n / d * formula.factor);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
