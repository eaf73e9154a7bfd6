//! Reading the org registry's reference data: the GSO unit lists before and after the 2025
//! reform, the lineage between them, and the agency lists. Everything is checked before anything
//! is loaded; a problem names the file, the line and the column, in Vietnamese.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use binhdang_core::units::{LineageKind, NewLineage, NewUnit, UnitBatch, UnitKind, UnitPoint, UnitRef, Validity};
use chrono::NaiveDate;

/// The files that make up the reference data, by name.
#[derive(Debug, Clone)]
pub struct UnitFiles {
    /// `admin-units-legacy.csv`.
    pub legacy_units: String,
    /// `admin-units-2025.csv`.
    pub units_2025: String,
    /// `province-lineage-2025.csv`.
    pub province_lineage: String,
    /// `admin-lineage-2025.csv`.
    pub commune_lineage: String,
    /// `central.csv`.
    pub central_agencies: String,
    /// `provincial.csv`.
    pub provincial_agencies: String,
}

/// File names, as in the repository's `data/` folder.
pub const LEGACY_UNITS: &str = "admin-units-legacy.csv";
/// See [`LEGACY_UNITS`].
pub const UNITS_2025: &str = "admin-units-2025.csv";
/// See [`LEGACY_UNITS`].
pub const PROVINCE_LINEAGE: &str = "province-lineage-2025.csv";
/// See [`LEGACY_UNITS`].
pub const COMMUNE_LINEAGE: &str = "admin-lineage-2025.csv";
/// See [`LEGACY_UNITS`].
pub const CENTRAL_AGENCIES: &str = "central.csv";
/// See [`LEGACY_UNITS`].
pub const PROVINCIAL_AGENCIES: &str = "provincial.csv";

impl UnitFiles {
    /// Reads the files from a data folder laid out like the repository's `data/`
    /// (`units/…csv`, `agencies/…csv`).
    pub fn from_dir(dir: &Path) -> Result<Self, ImportError> {
        let read = |sub: &str, name: &str| {
            let path = dir.join(sub).join(name);
            std::fs::read_to_string(&path).map_err(|e| {
                ImportError::one(Problem {
                    file: name.into(),
                    line: None,
                    field: None,
                    message: format!("không đọc được tệp {}: {e}", path.display()),
                })
            })
        };
        Ok(Self {
            legacy_units: read("units", LEGACY_UNITS)?,
            units_2025: read("units", UNITS_2025)?,
            province_lineage: read("units", PROVINCE_LINEAGE)?,
            commune_lineage: read("units", COMMUNE_LINEAGE)?,
            central_agencies: read("agencies", CENTRAL_AGENCIES)?,
            provincial_agencies: read("agencies", PROVINCIAL_AGENCIES)?,
        })
    }
}

/// One problem found in the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name.
    pub file: String,
    /// Line number (the header is line 1).
    pub line: Option<u64>,
    /// Column name.
    pub field: Option<String>,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", dòng {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", cột {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The reference data could not be loaded; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    /// Every problem found (at most [`MAX_PROBLEMS`]).
    pub problems: Vec<Problem>,
}

/// Reading stops after this many problems.
pub const MAX_PROBLEMS: usize = 50;

/// The largest CSV file read, in bytes.
pub const MAX_CSV_BYTES: usize = 32 * 1024 * 1024;
/// The most data rows read from one CSV file (the shipped files have about 10,600).
pub const MAX_CSV_ROWS: usize = 100_000;
/// The longest field of a CSV file, in bytes (the shipped files' longest is 140).
pub const MAX_CSV_FIELD_BYTES: usize = 4096;

impl ImportError {
    fn one(problem: Problem) -> Self {
        Self { problems: vec![problem] }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "nhập dữ liệu đơn vị thất bại, không có gì thay đổi ({} lỗi)", self.problems.len())?;
        for p in &self.problems {
            write!(f, "\n  - {p}")?;
        }
        Ok(())
    }
}

/// The last day of the pre-reform map.
fn reform_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).expect("valid date")
}

/// The first day of the 2025 map.
fn reform_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).expect("valid date")
}

/// A CSV file being read: its name, its header, the problems found so far.
pub(crate) struct Sheet<'a> {
    pub(crate) name: &'static str,
    pub(crate) problems: &'a mut Vec<Problem>,
}

/// One data row with its line number.
pub(crate) struct Row {
    pub(crate) line: u64,
    fields: csv::StringRecord,
    columns: std::rc::Rc<HashMap<String, usize>>,
}

impl Row {
    pub(crate) fn get(&self, column: &str) -> &str {
        self.columns.get(column).and_then(|&i| self.fields.get(i)).map_or("", str::trim)
    }
}

impl Sheet<'_> {
    pub(crate) fn problem(&mut self, line: Option<u64>, field: Option<&str>, message: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                file: self.name.into(),
                line,
                field: field.map(Into::into),
                message: message.into(),
            });
        }
    }

    /// Reads every row, checking the header names exactly and the file against
    /// [`MAX_CSV_BYTES`], [`MAX_CSV_ROWS`] and [`MAX_CSV_FIELD_BYTES`] (a row with a field too
    /// long is a problem; past the size or the rows, reading stops).
    pub(crate) fn rows(&mut self, text: &str, header: &[&str]) -> Vec<Row> {
        if text.len() > MAX_CSV_BYTES {
            self.problem(
                None,
                None,
                format!("tệp dài {} byte, vượt quá giới hạn {} MiB", text.len(), MAX_CSV_BYTES / (1024 * 1024)),
            );
            return Vec::new();
        }
        // The reader counts a CRLF line ending as part of the next record, so line numbers of
        // CRLF files would be one short; read them as LF.
        let text = text.replace("\r\n", "\n");
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
        let found = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().trim_start_matches('\u{feff}').to_owned()).collect::<Vec<_>>(),
            Err(e) => {
                self.problem(Some(1), None, format!("không đọc được dòng tiêu đề: {e}"));
                return Vec::new();
            }
        };
        if found != header {
            self.problem(
                Some(1),
                None,
                format!("tiêu đề cột không đúng: cần \"{}\", gặp \"{}\"", header.join(","), found.join(",")),
            );
            return Vec::new();
        }
        let columns: std::rc::Rc<HashMap<String, usize>> =
            std::rc::Rc::new(found.iter().enumerate().map(|(i, c)| (c.clone(), i)).collect());
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(fields) => {
                    let line = fields.position().map_or(0, csv::Position::line);
                    if rows.len() >= MAX_CSV_ROWS {
                        self.problem(Some(line), None, format!("vượt quá giới hạn {MAX_CSV_ROWS} dòng dữ liệu"));
                        break;
                    }
                    if let Some((i, field)) = fields.iter().enumerate().find(|(_, f)| f.len() > MAX_CSV_FIELD_BYTES) {
                        self.problem(
                            Some(line),
                            found.get(i).map(String::as_str),
                            format!("ô dài {} byte, vượt quá giới hạn {MAX_CSV_FIELD_BYTES} byte", field.len()),
                        );
                        continue;
                    }
                    rows.push(Row { line, fields, columns: columns.clone() });
                }
                Err(e) => {
                    let line = e.position().map(csv::Position::line);
                    self.problem(line, None, format!("dòng không đọc được: {e}"));
                }
            }
        }
        rows
    }

    /// A GSO code of `digits` digits.
    fn code(&mut self, row: &Row, column: &str, digits: usize) -> Option<String> {
        let value = row.get(column);
        if value.len() == digits && value.bytes().all(|b| b.is_ascii_digit()) {
            Some(value.to_owned())
        } else {
            self.problem(
                Some(row.line),
                Some(column),
                format!("mã \"{value}\" không hợp lệ: cần đúng {digits} chữ số"),
            );
            None
        }
    }

    pub(crate) fn text(&mut self, row: &Row, column: &str) -> Option<String> {
        let value = row.get(column);
        if value.is_empty() {
            self.problem(Some(row.line), Some(column), "không được để trống");
            None
        } else {
            Some(value.to_owned())
        }
    }

    /// A degree in `-limit..=limit` (latitude 90, longitude 180); empty is none.
    fn degree(&mut self, row: &Row, column: &str, limit: f64) -> Result<Option<f64>, ()> {
        let value = row.get(column);
        if value.is_empty() {
            return Ok(None);
        }
        match value.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Ok(Some(v)),
            _ => {
                self.problem(
                    Some(row.line),
                    Some(column),
                    format!("tọa độ \"{value}\" không hợp lệ: cần một số độ từ -{limit} đến {limit}"),
                );
                Err(())
            }
        }
    }

    /// The row's point (`lat`, `lon`): both or neither.
    fn point(&mut self, row: &Row) -> Result<Option<(f64, f64)>, ()> {
        let lat = self.degree(row, "lat", 90.0)?;
        let lon = self.degree(row, "lon", 180.0)?;
        match (lat, lon) {
            (Some(lat), Some(lon)) => Ok(Some((lat, lon))),
            (None, None) => Ok(None),
            (Some(_), None) => {
                self.problem(Some(row.line), Some("lon"), "có vĩ độ (lat) thì phải có kinh độ (lon)");
                Err(())
            }
            (None, Some(_)) => {
                self.problem(Some(row.line), Some("lat"), "có kinh độ (lon) thì phải có vĩ độ (lat)");
                Err(())
            }
        }
    }

    fn date(&mut self, row: &Row, column: &str) -> Result<Option<NaiveDate>, ()> {
        let value = row.get(column);
        if value.is_empty() {
            return Ok(None);
        }
        if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(Some(d))
        } else {
            self.problem(Some(row.line), Some(column), format!("ngày \"{value}\" không đúng định dạng YYYY-MM-DD"));
            Err(())
        }
    }

    fn kind(&mut self, row: &Row, column: &str) -> Option<UnitKind> {
        match row.get(column).parse::<UnitKind>() {
            Ok(k) if !k.is_area() => Some(k),
            Ok(k) => {
                self.problem(Some(row.line), Some(column), format!("\"{k}\" là loại địa bàn, không phải cơ quan"));
                None
            }
            Err(e) => {
                self.problem(Some(row.line), Some(column), e.to_string());
                None
            }
        }
    }
}

/// Builds the batch being loaded, remembering units by code per map.
#[derive(Default)]
struct Builder {
    batch: UnitBatch,
    /// (map, kind, code) → index, and the line that defined it.
    index: HashMap<(&'static str, UnitKind, String), (usize, u64)>,
}

impl Builder {
    fn push(&mut self, map: &'static str, unit: NewUnit, line: u64) -> usize {
        let i = self.batch.units.len();
        self.index.insert((map, unit.kind, unit.code.clone()), (i, line));
        self.batch.units.push(unit);
        i
    }

    fn find(&self, map: &'static str, kind: UnitKind, code: &str) -> Option<usize> {
        self.index.get(&(map, kind, code.to_owned())).map(|&(i, _)| i)
    }

    fn line_of(&self, map: &'static str, kind: UnitKind, code: &str) -> Option<u64> {
        self.index.get(&(map, kind, code.to_owned())).map(|&(_, l)| l)
    }

    fn point(&mut self, unit: usize, point: Option<(f64, f64)>) {
        if let Some((lat, lon)) = point {
            self.batch.points.push(UnitPoint { unit, lat, lon });
        }
    }

    fn lineage(&mut self, predecessor: usize, successor: usize, kind: LineageKind, weight: f64, is_main: bool) {
        self.batch.lineage.push(NewLineage { predecessor, successor, kind, weight, is_main });
    }
}

const LEGACY: &str = "legacy";
const NEW: &str = "2025";

/// "Tỉnh Kiên Giang" → "tỉnh Kiên Giang", for "Sở Nội vụ tỉnh Kiên Giang".
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// Reads and checks every file and returns the batch to load: the nation, both maps, the
/// lineage, and the agencies. Any problem fails the whole import.
pub fn load_units(files: &UnitFiles) -> Result<UnitBatch, ImportError> {
    let mut problems = Vec::new();
    let mut b = Builder::default();
    let nation = b.push(
        "nation",
        NewUnit {
            source_key: "area:nation:VN".into(),
            code: "VN".into(),
            name: "Việt Nam".into(),
            kind: UnitKind::Nation,
            parent: None,
            area: None,
            validity: Validity { from: None, to: None },
        },
        0,
    );
    let legacy = Validity { from: None, to: Some(reform_end()) };
    let current = Validity { from: Some(reform_start()), to: None };

    read_legacy(&files.legacy_units, &mut b, nation, legacy, &mut problems);
    read_2025(&files.units_2025, &mut b, nation, current, &mut problems);
    read_province_lineage(&files.province_lineage, &mut b, &mut problems);
    read_commune_lineage(&files.commune_lineage, &mut b, &mut problems);
    read_agencies(files, &mut b, nation, &mut problems);

    if problems.is_empty() { Ok(b.batch) } else { Err(ImportError { problems }) }
}

/// Adds a province, district or commune unless its code is already taken in this map.
#[allow(clippy::too_many_arguments)]
fn add_area(
    b: &mut Builder,
    sheet: &mut Sheet<'_>,
    map: &'static str,
    kind: UnitKind,
    code: String,
    name: String,
    parent: usize,
    validity: Validity,
    line: u64,
    column: &str,
) -> usize {
    if let Some(i) = b.find(map, kind, &code) {
        let existing = &b.batch.units[i];
        if existing.name != name || existing.parent != Some(UnitRef::New(parent)) {
            let first = b.line_of(map, kind, &code).unwrap_or(0);
            sheet.problem(
                Some(line),
                Some(column),
                format!("mã {code} trùng với dòng {first} (\"{}\") nhưng khác tên hoặc đơn vị cấp trên", existing.name),
            );
        }
        return i;
    }
    b.push(
        map,
        NewUnit {
            source_key: format!("area:{map}:{}:{code}", kind.as_str()),
            code,
            name,
            kind,
            parent: Some(UnitRef::New(parent)),
            area: None,
            validity,
        },
        line,
    )
}

fn read_legacy(text: &str, b: &mut Builder, nation: usize, validity: Validity, problems: &mut Vec<Problem>) {
    let mut sheet = Sheet { name: LEGACY_UNITS, problems };
    let header = [
        "province_code",
        "province_name",
        "province_type",
        "district_code",
        "district_name",
        "district_type",
        "commune_code",
        "commune_name",
        "commune_type",
        "lat",
        "lon",
    ];
    let mut seen_communes: HashMap<String, u64> = HashMap::new();
    for row in sheet.rows(text, &header) {
        let (Some(pc), Some(pn), Some(dc), Some(dn)) = (
            sheet.code(&row, "province_code", 2),
            sheet.text(&row, "province_name"),
            sheet.code(&row, "district_code", 3),
            sheet.text(&row, "district_name"),
        ) else {
            continue;
        };
        let p =
            add_area(b, &mut sheet, LEGACY, UnitKind::Province, pc, pn, nation, validity, row.line, "province_code");
        let d = add_area(b, &mut sheet, LEGACY, UnitKind::District, dc, dn, p, validity, row.line, "district_code");
        if row.get("commune_code").is_empty() && row.get("commune_name").is_empty() {
            continue; // island districts without communes
        }
        let (Some(cc), Some(cn)) = (sheet.code(&row, "commune_code", 5), sheet.text(&row, "commune_name")) else {
            continue;
        };
        if let Some(first) = seen_communes.get(&cc) {
            sheet.problem(Some(row.line), Some("commune_code"), format!("mã xã {cc} trùng với dòng {first}"));
            continue;
        }
        seen_communes.insert(cc.clone(), row.line);
        let Ok(point) = sheet.point(&row) else { continue };
        let c = add_area(b, &mut sheet, LEGACY, UnitKind::Commune, cc, cn, d, validity, row.line, "commune_code");
        b.point(c, point);
    }
}

fn read_2025(text: &str, b: &mut Builder, nation: usize, validity: Validity, problems: &mut Vec<Problem>) {
    let mut sheet = Sheet { name: UNITS_2025, problems };
    let header = [
        "province_code",
        "province_name",
        "province_type",
        "commune_code",
        "commune_name",
        "commune_type",
        "lat",
        "lon",
        "area_km2",
    ];
    let mut seen_communes: HashMap<String, u64> = HashMap::new();
    for row in sheet.rows(text, &header) {
        let (Some(pc), Some(pn), Some(cc), Some(cn)) = (
            sheet.code(&row, "province_code", 2),
            sheet.text(&row, "province_name"),
            sheet.code(&row, "commune_code", 5),
            sheet.text(&row, "commune_name"),
        ) else {
            continue;
        };
        let p = add_area(b, &mut sheet, NEW, UnitKind::Province, pc, pn, nation, validity, row.line, "province_code");
        if let Some(first) = seen_communes.get(&cc) {
            sheet.problem(Some(row.line), Some("commune_code"), format!("mã xã {cc} trùng với dòng {first}"));
            continue;
        }
        seen_communes.insert(cc.clone(), row.line);
        let Ok(point) = sheet.point(&row) else { continue };
        let c = add_area(b, &mut sheet, NEW, UnitKind::Commune, cc, cn, p, validity, row.line, "commune_code");
        b.point(c, point);
    }
}

fn read_province_lineage(text: &str, b: &mut Builder, problems: &mut Vec<Problem>) {
    let mut sheet = Sheet { name: PROVINCE_LINEAGE, problems };
    let header = ["old_province_code", "old_province_name", "new_province_code", "new_province_name"];
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in sheet.rows(text, &header) {
        let (Some(old), Some(new)) =
            (sheet.code(&row, "old_province_code", 2), sheet.code(&row, "new_province_code", 2))
        else {
            continue;
        };
        if let Some(first) = seen.insert(old.clone(), row.line) {
            sheet.problem(Some(row.line), Some("old_province_code"), format!("tỉnh {old} đã có ở dòng {first}"));
            continue;
        }
        let Some(p) = b.find(LEGACY, UnitKind::Province, &old) else {
            sheet.problem(
                Some(row.line),
                Some("old_province_code"),
                format!("không có tỉnh mã {old} trong {LEGACY_UNITS}"),
            );
            continue;
        };
        let Some(s) = b.find(NEW, UnitKind::Province, &new) else {
            sheet.problem(
                Some(row.line),
                Some("new_province_code"),
                format!("không có tỉnh mã {new} trong {UNITS_2025}"),
            );
            continue;
        };
        b.lineage(p, s, LineageKind::Merged, 1.0, true);
    }
}

fn read_commune_lineage(text: &str, b: &mut Builder, problems: &mut Vec<Problem>) {
    let mut sheet = Sheet { name: COMMUNE_LINEAGE, problems };
    let header = [
        "old_province_code",
        "old_district_code",
        "old_commune_code",
        "old_commune_name",
        "new_province_code",
        "new_commune_code",
        "new_commune_name",
        "kind",
        "is_main_successor",
    ];
    let rows = sheet.rows(text, &header);
    // Parts per old commune, for the weight of a division (split evenly; the data has no shares).
    let mut parts: HashMap<String, u32> = HashMap::new();
    for row in &rows {
        *parts.entry(row.get("old_commune_code").to_owned()).or_default() += 1;
    }
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for row in &rows {
        // Island districts without communes passed whole into a special zone (đặc khu): the
        // row names the district and leaves the commune empty.
        let whole_district = row.get("old_commune_code").is_empty() && row.get("old_commune_name").is_empty();
        let old = if whole_district {
            sheet.code(row, "old_district_code", 3)
        } else {
            sheet.code(row, "old_commune_code", 5)
        };
        let (Some(old), Some(new)) = (old, sheet.code(row, "new_commune_code", 5)) else {
            continue;
        };
        let kind = match row.get("kind").parse::<LineageKind>() {
            Ok(k) => k,
            Err(e) => {
                sheet.problem(Some(row.line), Some("kind"), e.to_string());
                continue;
            }
        };
        let is_main = match row.get("is_main_successor") {
            "1" => true,
            "0" => false,
            other => {
                sheet.problem(
                    Some(row.line),
                    Some("is_main_successor"),
                    format!("giá trị \"{other}\" phải là 0 hoặc 1"),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert((old.clone(), new.clone()), row.line) {
            sheet.problem(Some(row.line), Some("new_commune_code"), format!("cặp {old} → {new} đã có ở dòng {first}"));
            continue;
        }
        let found = if whole_district {
            b.find(LEGACY, UnitKind::District, &old)
        } else {
            b.find(LEGACY, UnitKind::Commune, &old)
        };
        let Some(p) = found else {
            let (column, what) =
                if whole_district { ("old_district_code", "huyện") } else { ("old_commune_code", "xã") };
            sheet.problem(Some(row.line), Some(column), format!("không có {what} mã {old} trong {LEGACY_UNITS}"));
            continue;
        };
        let Some(s) = b.find(NEW, UnitKind::Commune, &new) else {
            sheet.problem(Some(row.line), Some("new_commune_code"), format!("không có xã mã {new} trong {UNITS_2025}"));
            continue;
        };
        let weight = match kind {
            LineageKind::Merged => 1.0,
            LineageKind::Divided => 1.0 / f64::from(parts.get(&old).copied().unwrap_or(1).max(1)),
        };
        b.lineage(p, s, kind, weight, is_main);
    }
}

/// Clips a row's validity to its province's.
fn clip(row: Validity, to: Validity) -> Option<Validity> {
    let from = match (row.from, to.from) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let until = match (row.to, to.to) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let v = Validity { from, to: until };
    v.check().is_ok().then_some(v)
}

/// Reads the agencies: the central list, then the provincial template applied to each province.
fn read_agencies(files: &UnitFiles, b: &mut Builder, nation: usize, problems: &mut Vec<Problem>) {
    let central = read_central(files, b, nation, problems);
    if let Some(templates) = read_templates(files, problems) {
        apply_templates(b, &templates, central.get("CP").copied());
    }
}

/// The central agencies; returns their indexes by code.
fn read_central(
    files: &UnitFiles,
    b: &mut Builder,
    nation: usize,
    problems: &mut Vec<Problem>,
) -> HashMap<String, usize> {
    let mut sheet = Sheet { name: CENTRAL_AGENCIES, problems };
    let header = ["code", "name", "kind", "parent_code", "valid_from", "valid_to", "successor_code"];
    let rows = sheet.rows(&files.central_agencies, &header);
    let mut central: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        let (Some(code), Some(name), Some(kind), Some(from), Some(to)) = (
            sheet.text(row, "code"),
            sheet.text(row, "name"),
            sheet.kind(row, "kind"),
            sheet.date(row, "valid_from").ok(),
            sheet.date(row, "valid_to").ok(),
        ) else {
            continue;
        };
        if central.contains_key(&code) {
            sheet.problem(Some(row.line), Some("code"), format!("mã {code} bị trùng"));
            continue;
        }
        let parent_code = row.get("parent_code");
        let parent = if parent_code.is_empty() {
            None
        } else if let Some(&p) = central.get(parent_code) {
            Some(UnitRef::New(p))
        } else {
            sheet.problem(
                Some(row.line),
                Some("parent_code"),
                format!("cơ quan cấp trên {parent_code} không có ở các dòng phía trên"),
            );
            continue;
        };
        let validity = Validity { from, to };
        if let Err(e) = validity.check() {
            sheet.problem(Some(row.line), Some("valid_to"), e.message);
            continue;
        }
        let i = b.push(
            "central",
            NewUnit {
                source_key: format!("agency:central:{code}"),
                code: code.clone(),
                name,
                kind,
                parent,
                area: Some(UnitRef::New(nation)),
                validity,
            },
            row.line,
        );
        central.insert(code, i);
    }
    for row in &rows {
        let successor = row.get("successor_code");
        if successor.is_empty() {
            continue;
        }
        match (central.get(row.get("code")), central.get(successor)) {
            (Some(&p), Some(&s)) => b.lineage(p, s, LineageKind::Merged, 1.0, true),
            (Some(_), None) => {
                sheet.problem(Some(row.line), Some("successor_code"), format!("không có cơ quan mã {successor}"));
            }
            (None, _) => {}
        }
    }
    central
}

/// One row of the provincial agency template.
struct Template {
    suffix: String,
    name: String,
    kind: UnitKind,
    parent: String,
    validity: Validity,
    successor: String,
    line: u64,
}

/// The provincial agency template; `None` when it has problems.
fn read_templates(files: &UnitFiles, problems: &mut Vec<Problem>) -> Option<Vec<Template>> {
    let mut sheet = Sheet { name: PROVINCIAL_AGENCIES, problems };
    let header = ["suffix", "name", "kind", "parent_suffix", "valid_from", "valid_to", "successor_suffix"];
    let mut templates: Vec<Template> = Vec::new();
    for row in sheet.rows(&files.provincial_agencies, &header) {
        let (Some(suffix), Some(name), Some(kind), Some(from), Some(to)) = (
            sheet.text(&row, "suffix"),
            sheet.text(&row, "name"),
            sheet.kind(&row, "kind"),
            sheet.date(&row, "valid_from").ok(),
            sheet.date(&row, "valid_to").ok(),
        ) else {
            continue;
        };
        if templates.iter().any(|t| t.suffix == suffix) {
            sheet.problem(Some(row.line), Some("suffix"), format!("hậu tố {suffix} bị trùng"));
            continue;
        }
        let parent = row.get("parent_suffix").to_owned();
        if !parent.is_empty() && !templates.iter().any(|t| t.suffix == parent) {
            sheet.problem(
                Some(row.line),
                Some("parent_suffix"),
                format!("cơ quan cấp trên {parent} không có ở các dòng phía trên"),
            );
            continue;
        }
        let successor = row.get("successor_suffix").to_owned();
        templates.push(Template {
            suffix,
            name,
            kind,
            parent,
            validity: Validity { from, to },
            successor,
            line: row.line,
        });
    }
    for t in &templates {
        if !t.successor.is_empty() && !templates.iter().any(|o| o.suffix == t.successor) {
            sheet.problem(Some(t.line), Some("successor_suffix"), format!("không có hậu tố {}", t.successor));
        }
    }
    sheet.problems.is_empty().then_some(templates)
}

/// Applies the template to every province of both maps, adds each commune's People's Committee,
/// and links the agencies across the reform.
fn apply_templates(b: &mut Builder, templates: &[Template], government: Option<usize>) {
    let provinces: Vec<(&'static str, usize)> = b
        .batch
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.kind == UnitKind::Province)
        .map(|(i, u)| (if u.validity.to.is_some() { LEGACY } else { NEW }, i))
        .collect();
    // (map, province code, suffix) → index
    let mut made: HashMap<(&'static str, String, String), usize> = HashMap::new();
    for &(map, p) in &provinces {
        let province = b.batch.units[p].clone();
        for t in templates {
            let Some(validity) = clip(t.validity, province.validity) else {
                continue;
            };
            let parent = if t.parent.is_empty() {
                government.map(UnitRef::New)
            } else {
                made.get(&(map, province.code.clone(), t.parent.clone())).copied().map(UnitRef::New)
            };
            let code = format!("{}-{}", province.code, t.suffix);
            let i = b.push(
                map,
                NewUnit {
                    source_key: format!("agency:{map}:{code}"),
                    code,
                    name: format!("{} {}", t.name, lower_first(&province.name)),
                    kind: t.kind,
                    parent,
                    area: Some(UnitRef::New(p)),
                    validity,
                },
                t.line,
            );
            made.insert((map, province.code.clone(), t.suffix.clone()), i);
        }
        // Communes' People's Committees.
        let committee = made.get(&(map, province.code.clone(), "UBND".to_owned())).copied();
        let communes: Vec<usize> = b
            .batch
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.kind == UnitKind::Commune && commune_province(&b.batch, u) == Some(p))
            .map(|(i, _)| i)
            .collect();
        for c in communes {
            let commune = b.batch.units[c].clone();
            let code = format!("{}-UBND", commune.code);
            b.push(
                map,
                NewUnit {
                    source_key: format!("agency:{map}:{code}"),
                    code,
                    name: format!("Ủy ban nhân dân {}", lower_first(&commune.name)),
                    kind: UnitKind::CommuneCommittee,
                    parent: committee.map(UnitRef::New),
                    area: Some(UnitRef::New(c)),
                    validity: commune.validity,
                },
                0,
            );
        }
    }
    // Lineage: within a province the successor named by the template; across the reform the
    // same suffix in the province the old one became part of.
    let province_successor: HashMap<usize, usize> = b
        .batch
        .lineage
        .iter()
        .filter(|l| b.batch.units[l.predecessor].kind == UnitKind::Province)
        .map(|l| (l.predecessor, l.successor))
        .collect();
    let mut edges = Vec::new();
    for ((map, pcode, suffix), &i) in &made {
        let t = templates.iter().find(|t| &t.suffix == suffix);
        if let Some(t) = t.filter(|t| !t.successor.is_empty())
            && let Some(&s) = made.get(&(*map, pcode.clone(), t.successor.clone()))
        {
            edges.push((i, s));
            continue;
        }
        if *map == LEGACY {
            let Some(old_p) = b.find(LEGACY, UnitKind::Province, pcode) else {
                continue;
            };
            let Some(&new_p) = province_successor.get(&old_p) else {
                continue;
            };
            let new_code = b.batch.units[new_p].code.clone();
            if let Some(&s) = made.get(&(NEW, new_code, suffix.clone())) {
                edges.push((i, s));
            }
        }
    }
    edges.sort_unstable();
    for (p, s) in edges {
        b.lineage(p, s, LineageKind::Merged, 1.0, true);
    }
}

/// The province a commune lies in (legacy communes through their district).
fn commune_province(batch: &UnitBatch, commune: &NewUnit) -> Option<usize> {
    let mut parent = commune.parent;
    while let Some(UnitRef::New(i)) = parent {
        if batch.units[i].kind == UnitKind::Province {
            return Some(i);
        }
        parent = batch.units[i].parent;
    }
    None
}
