//! Bulk import and export of reported values, for the command line: files of millions of values
//! in CSV, DHIS2's data value set JSON, ADX or SDMX-CSV, read and written as streams in bounded
//! memory (what is kept grows with the number of reports, never with the number of values).
//!
//! An import reads its file once. Each value is checked as it is read — form, element, option
//! combination, period of the form's type, area code on the period's last day, value type, the
//! report not locked, no value given twice — and goes, in its report's stored form, to one
//! transaction of the store's bulk path (`binhdang_store::bulk`); the parsing runs on a thread of
//! its own while the database writes, so both cores work. At the end the form's rules are
//! checked on each report as it would stand. The first bad value stops the reading, and any
//! refusal rolls the transaction back, so nothing is written unless the whole file passes. A dry
//! run only checks, and lists up to a thousand problems.
//!
//! The CSV has one row per value: `form, element, option_combo, period, unit_code, unit_name,
//! province_code, level, value, status, source, last_updated, comment` (level and province as of
//! the period's last day). An import reads the columns by name: `form`, `element`, `period`,
//! `unit_code` and `value` are needed, `option_combo` (default `default`), `status` (the status a
//! new report gets, `dang_nhap` when absent) and `comment` are read when present; the others are
//! for the reader and ignored.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};

use binhdang_core::reporting::{self, DataElement, FORMS, Form, Period, Status, ValueType};
use binhdang_core::units::{UnitId, UnitKind};
use binhdang_store::audit::Actor;
use binhdang_store::bulk::{AreaEntry, BulkBatch, BulkReport};
use binhdang_store::packed::Exported;

use super::{DataValueInput, ExportRow, adx, sdmx, spelled_out};
use crate::{Error, Services};

/// The source stored with every imported value.
pub const SOURCE: &str = "import";
/// Reports read from the database at a time by an export.
const EXPORT_REPORTS: usize = 1_000;
/// The most problems a dry run lists.
const MAX_LISTED: usize = 1_000;

/// A file format of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One row per value (see the module documentation).
    Csv,
    /// DHIS2's data value set, JSON.
    Dhis2Json,
    /// ADX (ISO 8601 periods, disaggregations spelled out).
    Adx,
    /// SDMX-CSV 2.0 of one form (export only).
    SdmxCsv,
}

impl Format {
    /// Every format, as the command line names them.
    pub const ALL: [Self; 4] = [Self::Csv, Self::Dhis2Json, Self::Adx, Self::SdmxCsv];

    /// The command line's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Dhis2Json => "dhis2-json",
            Self::Adx => "adx",
            Self::SdmxCsv => "sdmx-csv",
        }
    }

    /// Reads the command line's name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Self::ALL.into_iter().find(|f| f.as_str() == text.trim()).ok_or_else(|| {
            let known = Self::ALL.map(Self::as_str).join(", ");
            binhdang_core::Error::invalid("format", format!("không có định dạng \"{text}\" (có: {known})")).into()
        })
    }
}

/// One value as a file gives it, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawValue {
    /// Where it is: the line of a CSV file, the value's number (from 1) in JSON and ADX.
    pub position: u64,
    /// Form code, when the file names one.
    pub form: Option<String>,
    /// Element code.
    pub element: String,
    /// Option combination code, or the disaggregation spelled out.
    pub option: Option<String>,
    /// Disaggregation as category → option (ADX).
    pub options: BTreeMap<String, String>,
    /// Period code.
    pub period: String,
    /// Area code.
    pub unit: String,
    /// The value as written.
    pub value: String,
    /// Comment.
    pub comment: String,
    /// Status for a new report.
    pub status: Option<String>,
}

impl RawValue {
    /// The value's fields, borrowed.
    #[must_use]
    pub fn view(&self) -> RawRef<'_> {
        RawRef {
            position: self.position,
            form: self.form.as_deref(),
            element: &self.element,
            option: self.option.as_deref(),
            options: Some(&self.options).filter(|o| !o.is_empty()),
            period: &self.period,
            unit: &self.unit,
            value: &self.value,
            comment: &self.comment,
            status: self.status.as_deref(),
        }
    }
}

/// One value as a file gives it, borrowed from the reader's buffer (a CSV row is never copied).
#[derive(Debug, Clone, Copy, Default)]
pub struct RawRef<'a> {
    /// See [`RawValue`].
    pub position: u64,
    /// Form code, when the file names one.
    pub form: Option<&'a str>,
    /// Element code.
    pub element: &'a str,
    /// Option combination code.
    pub option: Option<&'a str>,
    /// Disaggregation as category → option (ADX), when given.
    pub options: Option<&'a BTreeMap<String, String>>,
    /// Period code.
    pub period: &'a str,
    /// Area code.
    pub unit: &'a str,
    /// The value as written.
    pub value: &'a str,
    /// Comment.
    pub comment: &'a str,
    /// Status for a new report.
    pub status: Option<&'a str>,
}

/// A value refused, with where it is and why, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Line (CSV) or value number (JSON, ADX); 0 for the file as a whole.
    pub position: u64,
    /// The column or field.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl Refusal {
    fn new(position: u64, field: &str, message: impl Into<String>) -> Self {
        Self { position, field: field.to_owned(), message: message.into() }
    }

    /// "dòng 12, cột value: …" (or "giá trị thứ 12" for JSON and ADX).
    #[must_use]
    pub fn describe(&self, format: Format) -> String {
        let place = match (format, self.position) {
            (_, 0) => "tệp".to_owned(),
            (Format::Csv | Format::SdmxCsv, n) => format!("dòng {n}"),
            (_, n) => format!("giá trị thứ {n}"),
        };
        format!(
            "{place}, {} \"{}\": {}",
            if format == Format::Csv { "cột" } else { "trường" },
            self.field,
            self.message
        )
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Values read.
    pub read: u64,
    /// Values written (0 on a dry run or a refusal).
    pub imported: u64,
    /// The values refused: the first, or up to 1,000 on a dry run.
    pub refused: Vec<Refusal>,
    /// Reports written into.
    pub reports: usize,
    /// Whether nothing was to be written.
    pub dry_run: bool,
}

/// Progress of a long run: bytes of the file read (imports) and values handled.
pub type ProgressFn = dyn Fn(u64, u64) + Send + Sync;

/// The registry's areas by code, each code with its units over time.
struct Directory {
    by_code: HashMap<String, Vec<usize>>,
    areas: Vec<AreaEntry>,
    index: HashMap<UnitId, usize>,
}

impl Directory {
    fn new(areas: Vec<AreaEntry>) -> Self {
        let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
        let mut index = HashMap::new();
        for (i, a) in areas.iter().enumerate() {
            by_code.entry(a.code.clone()).or_default().push(i);
            index.insert(a.id, i);
        }
        Self { by_code, areas, index }
    }

    fn valid(a: &AreaEntry, day: NaiveDate) -> bool {
        a.from.is_none_or(|f| f <= day) && a.to.is_none_or(|t| day <= t)
    }

    /// The area a code names on `day`.
    fn resolve(&self, code: &str, day: NaiveDate) -> Result<&AreaEntry, String> {
        let all = self.by_code.get(code).map(Vec::as_slice).unwrap_or_default();
        all.iter().map(|&i| &self.areas[i]).find(|a| Self::valid(a, day)).ok_or_else(|| {
            if all.is_empty() {
                format!("không có địa bàn mã \"{code}\"")
            } else {
                format!("mã \"{code}\" không chỉ địa bàn nào vào ngày {}", day.format("%d/%m/%Y"))
            }
        })
    }

    fn get(&self, id: UnitId) -> Option<&AreaEntry> {
        self.index.get(&id).map(|&i| &self.areas[i])
    }

    /// The province an area belongs to (itself for a province).
    fn province_of(&self, id: UnitId) -> Option<&AreaEntry> {
        let mut at = self.get(id)?;
        for _ in 0..8 {
            if at.kind == UnitKind::Province {
                return Some(at);
            }
            at = self.get(at.parent?)?;
        }
        None
    }

    /// Whether `id` is `root` or lies under it.
    fn under(&self, id: UnitId, root: UnitId) -> bool {
        let mut at = Some(id);
        for _ in 0..8 {
            match at {
                Some(x) if x == root => return true,
                Some(x) => at = self.get(x).and_then(|a| a.parent),
                None => return false,
            }
        }
        false
    }
}

/// A map from catalog codes, looked up once or twice per value of a bulk file: hashed with
/// FNV-1a, which for codes of a few bytes costs a fraction of the default hasher (the keys are
/// the catalog's, never the file's, so nothing can be made to collide).
type CodeMap<V> = HashMap<&'static str, V, std::hash::BuildHasherDefault<Fnv>>;

/// FNV-1a, 64 bits.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// An element of a form with its option combinations and their slots.
type ElementSlots = (&'static DataElement, Vec<(String, u32)>);

/// Slots of a form's (element, option combination) pairs, to notice a value given twice and to
/// sum the sides of the form's rules per report.
struct FormSlots {
    /// Per element, the element and its option combinations with their slots.
    slots: CodeMap<ElementSlots>,
    /// How many slots there are.
    len: usize,
    /// The rule elements' slots.
    ruled: Vec<bool>,
    /// Each slot's element and option combination.
    names: Vec<(&'static str, String)>,
}

impl FormSlots {
    fn new(form: &Form) -> Self {
        let mut slots: CodeMap<ElementSlots> = CodeMap::default();
        let mut ruled = Vec::new();
        let mut names = Vec::new();
        for e in form.elements() {
            for o in e.combo.option_combos() {
                let n = u32::try_from(ruled.len()).unwrap_or(u32::MAX);
                names.push((e.code, o.code.clone()));
                slots.entry(e.code).or_insert_with(|| (e, Vec::new())).1.push((o.code, n));
                ruled.push(form.rules.iter().any(|r| r.left.0 == e.code || r.right.0 == e.code));
            }
        }
        Self { slots, len: ruled.len(), ruled, names }
    }

    fn slot(&self, element: &str, option: &str) -> Option<u32> {
        self.element_slot(element, option).map(|(_, n)| n)
    }

    fn element_slot(&self, element: &str, option: &str) -> Option<(&'static DataElement, u32)> {
        let (e, options) = self.slots.get(element)?;
        options.iter().find(|(o, _)| o == option).map(|(_, n)| (*e, *n))
    }

    fn is_ruled(&self, slot: u32) -> bool {
        self.ruled.get(slot as usize).copied().unwrap_or(false)
    }
}

/// The report the previous value went into, by the row's own words: files come sorted by
/// report, so a run of values of one report resolves its form, period, area and status once.
#[derive(Default)]
struct Cursor {
    form: String,
    period: String,
    unit: String,
    status: String,
    at: Option<(&'static Form, usize)>,
}

impl Cursor {
    /// The previous value's form and report, when this value names the same ones.
    fn hit(&self, raw: &RawRef<'_>) -> Option<(&'static Form, usize)> {
        let at = self.at?;
        let same = raw.form.map(str::trim) == Some(self.form.as_str())
            && raw.period.trim() == self.period
            && raw.unit.trim() == self.unit
            && raw.status.map_or("", str::trim) == self.status;
        same.then_some(at)
    }

    /// Remembers the report of a value that named its form (without it, the form depends on
    /// the element and nothing is remembered).
    fn set(&mut self, raw: &RawRef<'_>, form: &'static Form, report: usize) {
        self.at = None;
        let Some(named) = raw.form.map(str::trim).filter(|f| !f.is_empty()) else { return };
        for (to, from) in [
            (&mut self.form, named),
            (&mut self.period, raw.period.trim()),
            (&mut self.unit, raw.unit.trim()),
            (&mut self.status, raw.status.map_or("", str::trim)),
        ] {
            to.clear();
            to.push_str(from);
        }
        self.at = Some((form, report));
    }
}

/// A value of the cursor's report that passed every check on the quick path.
struct Quick<'a> {
    report: usize,
    slot: u32,
    value: Cow<'a, str>,
}

/// Whether `text` is already a count in stored form (digits, no leading zero, below the largest
/// value), as nearly every value of a bulk file is: then it is stored as written.
fn plain_count(kind: ValueType, text: &str) -> bool {
    matches!(kind, ValueType::Integer | ValueType::Number)
        && (1..=15).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

/// A value that passed the full check: its report's key and the value in stored form.
struct Checked {
    form: &'static Form,
    period: String,
    unit: UnitId,
    status: Status,
    slot: u32,
    value: String,
}

/// What an import knows while it checks: the registry, the stored reports, and per report of
/// the file its slots seen and its rule values.
struct Checker {
    dir: Directory,
    stored: HashMap<(String, String, UnitId), (i64, Status)>,
    slots: CodeMap<FormSlots>,
    reports: Vec<BulkReport>,
    index: HashMap<(&'static str, String, UnitId), usize>,
    seen: Vec<Vec<u64>>,
    /// Per report, the numbers the file gives for the slots of its form's rules (what a rule
    /// reads of a value; 16 bytes each, as reports may be counted in hundreds of thousands).
    ruled: Vec<Vec<(u32, f64)>>,
    forms: Vec<&'static Form>,
    /// How many of `reports` were handed to the load's batches.
    announced: usize,
}

impl Checker {
    fn new(dir: Directory, stored: HashMap<(String, String, UnitId), (i64, Status)>) -> Self {
        let slots = FORMS.iter().map(|f| (f.code, FormSlots::new(f))).collect();
        Self {
            dir,
            stored,
            slots,
            reports: Vec::new(),
            index: HashMap::new(),
            seen: Vec::new(),
            ruled: Vec::new(),
            forms: Vec::new(),
            announced: 0,
        }
    }

    /// Checks one value on its own (everything but "given twice" and the rules).
    fn check(&self, raw: &RawRef<'_>) -> Result<Checked, Refusal> {
        let at = raw.position;
        let code = raw.element.trim();
        let element = reporting::element(code)
            .ok_or_else(|| Refusal::new(at, "element", format!("không có chỉ tiêu \"{code}\"")))?;
        let period = Period::parse(raw.period.trim()).map_err(|_| {
            Refusal::new(
                at,
                "period",
                format!("kỳ \"{}\" không đúng dạng (2025, 2025S1, 2025Q3, 202503, 2025N9)", raw.period.trim()),
            )
        })?;
        let named = match raw.form.map(str::trim).filter(|f| !f.is_empty()) {
            Some(f) => {
                Some(reporting::form(f).map_err(|_| Refusal::new(at, "form", format!("không có biểu mẫu \"{f}\"")))?)
            }
            None => None,
        };
        let form = super::form_of(code, period, named).map_err(|(_, m)| Refusal::new(at, "period", m))?;
        let option = if let Some(options) = raw.options {
            let probe = DataValueInput { category_options: options.clone(), ..DataValueInput::default() };
            spelled_out(element, &probe).map_err(|m| Refusal::new(at, "option_combo", m))?.unwrap_or_default()
        } else {
            raw.option.map(str::trim).filter(|o| !o.is_empty()).unwrap_or("default").to_owned()
        };
        let slot = self.slots.get(form.code).and_then(|s| s.slot(code, &option));
        let Some(slot) = slot else {
            let known = element.combo.option_combos().into_iter().map(|o| o.code).collect::<Vec<_>>().join(", ");
            return Err(Refusal::new(
                at,
                "option_combo",
                format!("chỉ tiêu {code} không có phân tổ \"{option}\" (có: {known})"),
            ));
        };
        let day = period.dates(form.regime).1;
        let area = self.dir.resolve(raw.unit.trim(), day).map_err(|m| Refusal::new(at, "unit_code", m))?;
        if raw.value.trim().is_empty() {
            return Err(Refusal::new(at, "value", format!("{} ({code}): thiếu giá trị", element.name_vi)));
        }
        let value = element
            .value_type
            .canonical(raw.value.trim())
            .map_err(|m| Refusal::new(at, "value", format!("{} ({code}): {m}", element.name_vi)))?;
        let status = match raw.status.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Status::parse(s).map_err(|_| {
                let known = Status::ALL.map(Status::as_str).join(", ");
                Refusal::new(at, "status", format!("trạng thái \"{s}\" không có (có: {known})"))
            })?,
            None => Status::DangNhap,
        };
        if status == Status::ChuaNhap {
            return Err(Refusal::new(at, "status", "báo cáo có số liệu không thể ở trạng thái chua_nhap"));
        }
        let period_code = period.code();
        if let Some((_, s)) = self.stored.get(&(form.code.to_owned(), period_code.clone(), area.id))
            && !s.editable()
        {
            return Err(Refusal::new(
                at,
                "period",
                format!(
                    "báo cáo {} kỳ {period_code} của {} đang ở trạng thái \"{}\": không nhận số liệu",
                    form.code,
                    area.name,
                    s.label_vi()
                ),
            ));
        }
        Ok(Checked { form, period: period_code, unit: area.id, status, slot, value })
    }

    /// The report a checked value goes into, created in the list on first sight.
    fn report_of(&mut self, c: &Checked, at: u64) -> Result<usize, Refusal> {
        let key = (c.form.code, c.period.clone(), c.unit);
        if let Some(&i) = self.index.get(&key) {
            if self.reports[i].status != c.status
                && !self.stored.contains_key(&(c.form.code.to_owned(), c.period.clone(), c.unit))
            {
                return Err(Refusal::new(
                    at,
                    "status",
                    format!(
                        "các giá trị của cùng một báo cáo phải cùng trạng thái (đã gặp \"{}\")",
                        self.reports[i].status.as_str()
                    ),
                ));
            }
            return Ok(i);
        }
        let i = self.reports.len();
        self.reports.push(BulkReport {
            form: c.form.code.to_owned(),
            period: c.period.clone(),
            unit: c.unit,
            status: c.status,
        });
        let slots = self.slots.get(c.form.code).map_or(0, |s| s.len);
        self.seen.push(vec![0; slots.div_ceil(64)]);
        self.ruled.push(Vec::new());
        self.forms.push(c.form);
        self.index.insert(key, i);
        Ok(i)
    }

    /// A value of the cursor's report checked on the quick path: its element and option in the
    /// form, a value given, a count as written or the type's stored form. Anything else (another
    /// report, a value to refuse) takes the full check, which words the refusal.
    fn quick<'a>(&self, cursor: &Cursor, raw: &RawRef<'a>) -> Option<Quick<'a>> {
        let (form, report) = cursor.hit(raw)?;
        if raw.options.is_some() {
            return None;
        }
        let option = raw.option.map(str::trim).filter(|o| !o.is_empty()).unwrap_or("default");
        let (element, slot) = self.slots.get(form.code)?.element_slot(raw.element.trim(), option)?;
        let text = raw.value.trim();
        if text.is_empty() {
            return None;
        }
        let value = if plain_count(element.value_type, text) {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(element.value_type.canonical(text).ok()?)
        };
        Some(Quick { report, slot, value })
    }

    /// Checks one value — on its own, then not given twice — keeps its rule value, and hands
    /// it to the load's batch when there is one (with any report seen for the first time).
    fn take(&mut self, cursor: &mut Cursor, raw: &RawRef<'_>, batch: Option<&mut BulkBatch>) -> Result<(), Refusal> {
        let (form, report, slot, value) = if let Some(q) = self.quick(cursor, raw) {
            (self.forms[q.report], q.report, q.slot, q.value)
        } else {
            let c = self.check(raw)?;
            let report = self.report_of(&c, raw.position)?;
            cursor.set(raw, c.form, report);
            (c.form, report, c.slot, Cow::Owned(c.value))
        };
        let Some(slots) = self.slots.get(form.code) else { return Ok(()) };
        let (element, option) = slots.names.get(slot as usize).map_or(("", ""), |(e, o)| (*e, o.as_str()));
        let (word, bit) = ((slot / 64) as usize, 1u64 << (slot % 64));
        if self.seen[report][word] & bit != 0 {
            return Err(Refusal::new(
                raw.position,
                "element",
                format!("giá trị {element} / {option} của báo cáo này đã có ở một dòng trước"),
            ));
        }
        self.seen[report][word] |= bit;
        if slots.is_ruled(slot)
            && let Ok(n) = value.parse::<f64>()
        {
            self.ruled[report].push((slot, n));
        }
        if let Some(batch) = batch {
            while self.announced < self.reports.len() {
                batch.add_report(self.announced, self.reports[self.announced].clone());
                self.announced += 1;
            }
            batch.push(report, element, option, &value, raw.comment.trim());
        }
        Ok(())
    }
}

/// Reads a file's values one by one, handing each to `each` (which stops the read by returning
/// `false`); `progress` learns the bytes read. A malformed file is a refusal at position 0 or
/// at the line where it breaks.
fn read_values(
    path: &Path,
    format: Format,
    progress: &ProgressFn,
    mut each: impl FnMut(Result<RawRef<'_>, Refusal>) -> bool,
) -> Result<(), Refusal> {
    let file = std::fs::File::open(path)
        .map_err(|e| Refusal::new(0, "input", format!("không mở được {}: {e}", path.display())))?;
    let counted = Counted { inner: BufReader::with_capacity(1 << 20, file), read: 0, progress, values: 0 };
    match format {
        Format::Csv => read_csv(counted, &mut each),
        Format::Dhis2Json => {
            // The set's own fields may follow its values (JSON objects have no order): a quick
            // first read skips the values to learn them.
            let file = std::fs::File::open(path)
                .map_err(|e| Refusal::new(0, "input", format!("không mở được {}: {e}", path.display())))?;
            let defaults = read_json(
                BufReader::with_capacity(1 << 20, file),
                DataValueInput::default(),
                None::<&mut fn(Result<RawRef<'_>, Refusal>) -> bool>,
            )?;
            read_json(counted, defaults, Some(&mut each)).map(|_| ())
        }
        Format::Adx => {
            let mut n = 0;
            let mut stopped = false;
            adx::read_each(counted, |v| {
                n += 1;
                if !stopped && !each(Ok(raw_of(n, v).view())) {
                    stopped = true;
                }
                Ok(())
            })
            .map(|_| ())
            .map_err(|m| Refusal::new(n + 1, "adx", m))
        }
        Format::SdmxCsv => {
            Err(Refusal::new(0, "format", "sdmx-csv chỉ dùng để xuất; hãy nhập bằng csv, dhis2-json hoặc adx"))
        }
    }
}

/// A reader that tells `progress` how far it got.
struct Counted<'a, R> {
    inner: R,
    read: u64,
    progress: &'a ProgressFn,
    values: u64,
}

impl<R: BufRead> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.tick(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<'_, R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.tick(amt);
    }
}

impl<R> Counted<'_, R> {
    fn tick(&mut self, n: usize) {
        let before = self.read >> 22;
        self.read += n as u64;
        if self.read >> 22 != before {
            (self.progress)(self.read, self.values);
        }
    }
}

fn raw_of(position: u64, v: DataValueInput) -> RawValue {
    let (value, comment) = match v.annotation {
        Some(a)
            if v.data_element.is_empty()
                || reporting::element(&v.data_element).is_some_and(|e| !e.value_type.is_numeric()) =>
        {
            (a, v.comment.unwrap_or_default())
        }
        Some(a) => (v.value.unwrap_or_default(), v.comment.unwrap_or(a)),
        None => (v.value.unwrap_or_default(), v.comment.unwrap_or_default()),
    };
    RawValue {
        position,
        form: v.data_set,
        element: v.data_element,
        option: v.category_option_combo,
        options: v.category_options,
        period: v.period.unwrap_or_default(),
        unit: v.org_unit.unwrap_or_default(),
        value,
        comment,
        status: None,
    }
}

fn read_csv<R: BufRead>(input: R, each: &mut impl FnMut(Result<RawRef<'_>, Refusal>) -> bool) -> Result<(), Refusal> {
    let mut rows = super::csv_rows::CsvRows::new(input);
    let broken = |(line, e): (u64, String)| Refusal::new(line, "csv", format!("dòng không đọc được: {e}"));
    if rows.next_record().map_err(broken)?.is_none() {
        return Err(Refusal::new(1, "header", "tệp trống: thiếu dòng tiêu đề"));
    }
    let headers: Vec<String> = (0..rows.len())
        .map(|i| {
            std::str::from_utf8(rows.get(i))
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
                .map_err(|_| Refusal::new(1, "header", "dòng tiêu đề không ở dạng UTF-8"))
        })
        .collect::<Result<_, _>>()?;
    let column = |name: &str| headers.iter().position(|h| h == name);
    let need = |name: &'static str| column(name).ok_or_else(|| Refusal::new(1, name, format!("thiếu cột \"{name}\"")));
    let (form, element, period, unit, value) =
        (need("form")?, need("element")?, need("period")?, need("unit_code")?, need("value")?);
    let (option, status, comment) = (column("option_combo"), column("status"), column("comment"));
    // Rows are read as bytes and only the columns used are checked as UTF-8, in place.
    while let Some(position) = rows.next_record().map_err(broken)? {
        if rows.len() != headers.len() {
            let refusal = Refusal::new(
                position,
                "csv",
                format!("dòng có {} cột, dòng tiêu đề có {} cột", rows.len(), headers.len()),
            );
            each(Err(refusal));
            return Ok(());
        }
        let text = |i: usize, name: &str| {
            std::str::from_utf8(rows.get(i)).map_err(|_| Refusal::new(position, name, "chữ không ở dạng UTF-8"))
        };
        let raw = (|| {
            Ok(RawRef {
                position,
                form: Some(text(form, "form")?),
                element: text(element, "element")?,
                option: option.map(|i| text(i, "option_combo")).transpose()?,
                options: None,
                period: text(period, "period")?,
                unit: text(unit, "unit_code")?,
                value: text(value, "value")?,
                comment: comment.map(|i| text(i, "comment")).transpose()?.unwrap_or_default(),
                status: status.map(|i| text(i, "status")).transpose()?,
            })
        })();
        match raw {
            Ok(raw) => {
                if !each(Ok(raw)) {
                    return Ok(());
                }
            }
            Err(r) => {
                each(Err(r));
                return Ok(());
            }
        }
    }
    Ok(())
}

/// DHIS2's data value set read as a stream: each value of `dataValues` is handed on as soon as
/// it is read, with the set's `dataSet`, `period` and `orgUnit` (from `defaults`, or read before
/// it) for the fields it leaves out. Without `each`, the values are skipped. Returns the set's
/// own fields.
fn read_json<R: Read, F: FnMut(Result<RawRef<'_>, Refusal>) -> bool>(
    input: R,
    defaults: DataValueInput,
    each: Option<&mut F>,
) -> Result<DataValueInput, Refusal> {
    struct Set<'a, F> {
        each: Option<&'a mut F>,
        defaults: DataValueInput,
        n: u64,
        stopped: bool,
    }
    impl<'de, F: FnMut(Result<RawRef<'_>, Refusal>) -> bool> Visitor<'de> for &mut Set<'_, F> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a DHIS2 data value set")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "dataSet" => self.defaults.data_set = map.next_value()?,
                    "period" => self.defaults.period = map.next_value()?,
                    "orgUnit" => self.defaults.org_unit = map.next_value()?,
                    "dataValues" if self.each.is_some() => map.next_value_seed(&mut *self)?,
                    _ => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while let Some(v) = seq.next_element::<DataValueInput>()? {
                self.n += 1;
                let Some(each) = self.each.as_mut().filter(|_| !self.stopped) else { continue };
                let mut raw = raw_of(self.n, v);
                if raw.period.is_empty() {
                    raw.period = self.defaults.period.clone().unwrap_or_default();
                }
                if raw.unit.is_empty() {
                    raw.unit = self.defaults.org_unit.clone().unwrap_or_default();
                }
                if raw.form.as_deref().is_none_or(str::is_empty) {
                    raw.form.clone_from(&self.defaults.data_set);
                }
                if !each(Ok(raw.view())) {
                    self.stopped = true;
                }
            }
            Ok(())
        }
    }
    impl<'de, F: FnMut(Result<RawRef<'_>, Refusal>) -> bool> DeserializeSeed<'de> for &mut Set<'_, F> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    let mut set = Set { each, defaults, n: 0, stopped: false };
    let mut de = serde_json::Deserializer::from_reader(input);
    serde::Deserializer::deserialize_map(&mut de, &mut set).and_then(|()| de.end()).map_err(|e| {
        Refusal::new(set.n + 1, "json", format!("JSON không đọc được (dòng {}, cột {}): {e}", e.line(), e.column()))
    })?;
    Ok(set.defaults)
}

/// The stored reports by (form, period, unit), with their status.
async fn stored_reports(services: &Services) -> Result<HashMap<(String, String, UnitId), (i64, Status)>, Error> {
    Ok(services
        .store
        .all_report_heads()
        .await?
        .into_iter()
        .map(|h| ((h.form, h.period, h.unit), (h.id, h.status)))
        .collect())
}

/// Imports a file of values; see the module documentation. Nothing is written unless every
/// value passes; a dry run checks and lists up to 1,000 problems, writing nothing.
pub async fn import_file(
    services: &Services,
    path: &Path,
    format: Format,
    dry_run: bool,
    progress: std::sync::Arc<ProgressFn>,
) -> Result<ImportOutcome, Error> {
    let dir = Directory::new(services.store.area_directory().await?);
    let checker = Checker::new(dir, stored_reports(services).await?);
    if dry_run {
        let path = path.to_owned();
        let (checker, mut outcome) =
            tokio::task::spawn_blocking(move || read_all(checker, &path, format, None, &*progress))
                .await
                .map_err(|e| Error::Internal(format!("lượt kiểm tra dừng: {e}")))?;
        outcome.dry_run = true;
        outcome.refused.extend(broken_rules(services, &checker).await?);
        return Ok(outcome);
    }
    let actor = Actor { user: None, at: services.clock.now() };
    let mut load = services.store.bulk_load(SOURCE, actor).await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<BulkBatch>(4);
    let reader = {
        let (path, progress, batch) = (path.to_owned(), progress.clone(), load.batch());
        tokio::task::spawn_blocking(move || read_all(checker, &path, format, Some((batch, tx)), &*progress))
    };
    while let Some(batch) = rx.recv().await {
        load.write(batch).await?;
    }
    let (checker, mut outcome) = reader.await.map_err(|e| Error::Internal(format!("lượt nhập dừng: {e}")))?;
    if outcome.refused.is_empty() {
        outcome.refused.extend(broken_rules(services, &checker).await?);
    }
    if !outcome.refused.is_empty() {
        // Dropping the load rolls its transaction back: nothing is written.
        drop(load);
        return Ok(outcome);
    }
    outcome.reports = checker.reports.len();
    outcome.imported = load.commit().await?;
    progress(u64::MAX, outcome.imported);
    Ok(outcome)
}

/// The one pass over a file (on a blocking thread): every value checked and, for an import,
/// handed to the load in batches through `load`; the reading stops at the first refusal (a
/// dry run goes on, listing up to [`MAX_LISTED`]).
fn read_all(
    mut checker: Checker,
    path: &Path,
    format: Format,
    mut load: Option<(BulkBatch, tokio::sync::mpsc::Sender<BulkBatch>)>,
    progress: &ProgressFn,
) -> (Checker, ImportOutcome) {
    let mut outcome = ImportOutcome::default();
    let mut cursor = Cursor::default();
    let dry_run = load.is_none();
    let read = read_values(path, format, progress, |raw| {
        outcome.read += 1;
        if outcome.read.is_multiple_of(1 << 16) {
            progress(0, outcome.read);
        }
        let batch = load.as_mut().map(|(b, _)| b);
        if let Err(r) = raw.and_then(|r| checker.take(&mut cursor, &r, batch)) {
            outcome.refused.push(r);
            return dry_run && outcome.refused.len() < MAX_LISTED;
        }
        match &mut load {
            Some((batch, tx)) if batch.is_full() => tx.blocking_send(batch.take()).is_ok(),
            _ => true,
        }
    });
    if let Err(r) = read {
        outcome.refused.push(r);
    }
    if let Some((batch, tx)) = load
        && outcome.refused.is_empty()
    {
        let _ = tx.blocking_send(batch.finish());
    }
    (checker, outcome)
}

/// The form rules each report of the file would break, standing as it would after the import:
/// the file's values over the stored ones of the rules' elements.
async fn broken_rules(services: &Services, checker: &Checker) -> Result<Vec<Refusal>, Error> {
    let mut out = Vec::new();
    let stored: Vec<(usize, i64)> = checker
        .reports
        .iter()
        .enumerate()
        .filter(|(i, _)| checker.forms.get(*i).is_some_and(|f| !f.rules.is_empty()))
        .filter_map(|(i, r)| checker.stored.get(&(r.form.clone(), r.period.clone(), r.unit)).map(|(id, _)| (i, *id)))
        .collect();
    let mut before = HashMap::new();
    for chunk in stored.chunks(500) {
        let ids: Vec<i64> = chunk.iter().map(|(_, id)| *id).collect();
        before.extend(services.store.values_of_reports(&ids).await?);
    }
    let by_report: HashMap<usize, i64> = stored.into_iter().collect();
    for (i, form) in checker.forms.iter().enumerate() {
        if form.rules.is_empty() {
            continue;
        }
        let mut values = by_report.get(&i).and_then(|id| before.remove(id)).unwrap_or_default();
        if values.is_empty() && checker.ruled[i].is_empty() {
            continue;
        }
        if let Some(slots) = checker.slots.get(form.code) {
            for (slot, n) in &checker.ruled[i] {
                if let Some((element, option)) = slots.names.get(*slot as usize) {
                    values.insert(((*element).to_owned(), option.clone()), reporting::format_number(*n));
                }
            }
        }
        for broken in form.broken_rules(&values) {
            let r = &checker.reports[i];
            let name = checker.dir.get(r.unit).map_or_else(|| r.unit.0.to_string(), |a| a.name.clone());
            out.push(Refusal::new(
                0,
                &broken.field,
                format!("báo cáo {} kỳ {} của {name}: {}", r.form, r.period, broken.message),
            ));
        }
    }
    Ok(out)
}

/// What to export: all values, or those of a form, a period, an area and what lies under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportFilter {
    /// Form code.
    pub form: Option<String>,
    /// Period code.
    pub period: Option<String>,
    /// Area code (with the areas under it).
    pub area: Option<String>,
}

/// Exports stored values to `out`, sorted by form, period, area code, element and option, a
/// thousand reports at a time. Returns the number of values written.
#[allow(clippy::too_many_lines, reason = "one streaming loop: the filters, then each batch of reports in the format")]
pub async fn export_to(
    services: &Services,
    out: &mut (dyn Write + Send),
    format: Format,
    filter: &ExportFilter,
    progress: &ProgressFn,
) -> Result<u64, Error> {
    let form = filter.form.as_deref().map(reporting::form).transpose()?;
    if format == Format::SdmxCsv && form.is_none() {
        return Err(binhdang_core::Error::invalid("form", "SDMX-CSV xuất từng biểu: hãy ghi --form").into());
    }
    let period = match (form, filter.period.as_deref()) {
        (Some(f), Some(p)) => Some(f.period(p)?.code()),
        (None, Some(p)) => Some(Period::parse(p)?.code()),
        _ => None,
    };
    let dir = Directory::new(services.store.area_directory().await?);
    let roots: Vec<UnitId> = match filter.area.as_deref().map(str::trim) {
        Some(code) => {
            let ids: Vec<UnitId> =
                dir.by_code.get(code).map(|v| v.iter().map(|&i| dir.areas[i].id).collect()).unwrap_or_default();
            if ids.is_empty() {
                return Err(binhdang_core::Error::invalid("area", format!("không có địa bàn mã \"{code}\"")).into());
            }
            ids
        }
        None => Vec::new(),
    };
    let mut heads: Vec<_> = services
        .store
        .all_report_heads()
        .await?
        .into_iter()
        .filter(|h| form.is_none_or(|f| f.code == h.form) && period.as_ref().is_none_or(|p| *p == h.period))
        .filter(|h| roots.is_empty() || roots.iter().any(|r| dir.under(h.unit, *r)))
        .collect();
    let code_of = |id: UnitId| dir.get(id).map_or_else(String::new, |a| a.code.clone());
    heads.sort_by(|a, b| (&a.form, &a.period, code_of(a.unit)).cmp(&(&b.form, &b.period, code_of(b.unit))));
    let io = |e: std::io::Error| Error::Internal(format!("không ghi được tệp xuất: {e}"));
    let head_text = match format {
        Format::Csv => "form,element,option_combo,period,unit_code,unit_name,province_code,level,value,status,source,last_updated,comment\n".to_owned(),
        Format::Dhis2Json => "{\"dataValues\":[".to_owned(),
        Format::Adx => adx::header(services.clock.now()),
        Format::SdmxCsv => form.map(sdmx::header).unwrap_or_default(),
    };
    out.write_all(head_text.as_bytes()).map_err(io)?;
    // The next batch of reports is read while this one is written.
    let batches: Vec<Vec<i64>> = heads.chunks(EXPORT_REPORTS).map(|c| c.iter().map(|h| h.id).collect()).collect();
    let read = |ids: &Vec<i64>| {
        let (store, ids) = (services.store.clone(), ids.clone());
        tokio::spawn(async move { store.packed_values::<Exported, 6>(&ids).await })
    };
    let mut next = batches.first().map(read);
    let mut written = 0u64;
    let mut first_value = true;
    let mut text = String::new();
    for (n, chunk) in heads.chunks(EXPORT_REPORTS).enumerate() {
        let Some(pending) = next.take() else { break };
        let reports = pending.await.map_err(|e| Error::Internal(format!("đọc số liệu để xuất dừng: {e}")))??;
        next = batches.get(n + 1).map(read);
        let by_id: HashMap<i64, &binhdang_store::reports::ReportHead> = chunk.iter().map(|h| (h.id, h)).collect();
        text.clear();
        let mut exported = Vec::new();
        for packed in &reports {
            let Some(h) = by_id.get(&packed.report) else { continue };
            let Ok(p) = Period::parse(&h.period) else { continue };
            let Ok(f) = reporting::form(&h.form) else { continue };
            let area = dir.get(h.unit);
            let unit_code = area.map_or("", |a| a.code.as_str());
            let rows = packed.rows();
            written += rows.len() as u64;
            match format {
                Format::Csv => {
                    let province = dir.province_of(h.unit).map_or("", |a| a.code.as_str());
                    let (name, level) = area.map_or(("", ""), |a| (a.name.as_str(), a.kind.as_str()));
                    for [element, option, value, comment, source, entered_at] in rows {
                        csv_line(
                            &mut text,
                            &[
                                &h.form,
                                element,
                                option,
                                &h.period,
                                unit_code,
                                name,
                                province,
                                level,
                                value,
                                h.status.as_str(),
                                source,
                                entered_at,
                                comment,
                            ],
                        );
                    }
                }
                Format::Dhis2Json => {
                    for [element, option, value, comment, _, entered_at] in rows {
                        if !first_value {
                            text.push(',');
                        }
                        first_value = false;
                        let v = Dhis2Value {
                            data_set: &h.form,
                            data_element: element,
                            period: &h.period,
                            org_unit: unit_code,
                            category_option_combo: option,
                            attribute_option_combo: "default",
                            value,
                            comment,
                            last_updated: entered_at,
                        };
                        text.push_str(&serde_json::to_string(&v).map_err(|e| Error::Internal(e.to_string()))?);
                    }
                }
                Format::Adx | Format::SdmxCsv => {
                    for [element, option, value, comment, _, entered_at] in rows {
                        exported.push(ExportRow {
                            form: f.code,
                            period: p,
                            period_code: h.period.clone(),
                            unit_code: unit_code.to_owned(),
                            element: element.to_owned(),
                            option: option.to_owned(),
                            value: value.to_owned(),
                            comment: comment.to_owned(),
                            stored_by: None,
                            last_updated: entered_at.to_owned(),
                            status: h.status,
                        });
                    }
                }
            }
        }
        match format {
            Format::Adx => text.push_str(&adx::groups(&exported)),
            Format::SdmxCsv => {
                if let Some(f) = form {
                    text.push_str(&sdmx::rows(f, &exported));
                }
            }
            Format::Csv | Format::Dhis2Json => {}
        }
        out.write_all(text.as_bytes()).map_err(io)?;
        progress(0, written);
    }
    let tail = match format {
        Format::Dhis2Json => "]}\n",
        Format::Adx => adx::FOOTER,
        Format::Csv | Format::SdmxCsv => "",
    };
    out.write_all(tail.as_bytes()).map_err(io)?;
    out.flush().map_err(io)?;
    Ok(written)
}

/// A value as DHIS2's `dataValueSets` JSON writes it.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Dhis2Value<'a> {
    data_set: &'a str,
    data_element: &'a str,
    period: &'a str,
    org_unit: &'a str,
    category_option_combo: &'a str,
    attribute_option_combo: &'a str,
    value: &'a str,
    comment: &'a str,
    last_updated: &'a str,
}

/// Appends one CSV line, quoting the fields that need it.
fn csv_line(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}
