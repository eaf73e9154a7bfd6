//! Data exchange: reported values read and written in the shapes other systems speak (DHIS2's
//! data value sets, ADX, SDMX). Every format is decoded into [`DataValueSetInput`] and goes
//! through [`import`]; every export comes from [`export`]. Both resolve identifiers as codes
//! (binhdang has no DHIS2 UIDs: `idScheme=CODE` is the only scheme): a form is a data set, an
//! element a data element, an option combination a category option combo (`default` when not
//! disaggregated), and a unit code is resolved on the period's last day, as the entry grid does.
//!
//! Writes follow the grid's rules exactly: the same rights (an officer whose scope covers the
//! area), the same lock (a report sent, approved or waived takes no values), the same checks
//! (`reports::check_entries`: value types, option combinations, the form's rules on the report as
//! it would stand, a reason to override what activities yield). An import is all or nothing: every
//! value is checked first, each problem becomes a [`Conflict`] naming the value's index, element
//! and unit, and only a body without conflicts is written, in one transaction, each report at
//! the version read.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use binhdang_core::access::{Action, Record};
use binhdang_core::reporting::{self, FORMS, Form, Period, PeriodType, Regime, Status};
use binhdang_core::units::{Unit, UnitId};
use binhdang_core::users::User;
use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::reports::{Key, ReportHead, ReportWrite};

use crate::reports::{EntryInput, Target, check_entries, descendants};

pub mod adx;
pub mod bulk;
mod csv_rows;
pub mod sdmx;
use crate::units::{actor, by_code, scope_of};
use crate::{Error, Services};

/// The most values one import may carry.
pub const MAX_IMPORT_VALUES: usize = 1_000_000;

/// One data value as DHIS2 sends it. Fields a value leaves out are taken from its set.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataValueInput {
    /// Element code.
    #[serde(default)]
    pub data_element: String,
    /// Period code.
    #[serde(default)]
    pub period: Option<String>,
    /// Unit code.
    #[serde(default)]
    pub org_unit: Option<String>,
    /// Option combination code (`default` when left out).
    #[serde(default)]
    pub category_option_combo: Option<String>,
    /// Attribute option combination: only `default` (binhdang has no attribute categories).
    #[serde(default)]
    pub attribute_option_combo: Option<String>,
    /// The value; empty or absent deletes it.
    #[serde(default, deserialize_with = "text_or_number")]
    pub value: Option<String>,
    /// Comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// Marks the value deleted.
    #[serde(default)]
    pub deleted: Option<bool>,
    /// The form, when the value's group names one (ADX); else the set's.
    #[serde(skip)]
    pub data_set: Option<String>,
    /// The disaggregation spelled out, category code → option code (ADX), when no option
    /// combination is named.
    #[serde(skip)]
    pub category_options: BTreeMap<String, String>,
    /// ADX's annotation: the value of an element that is not a number, else a comment.
    #[serde(skip)]
    pub annotation: Option<String>,
}

fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::de::Error as _;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        serde_json::Value::Bool(b) => Ok(Some(b.to_string())),
        serde_json::Value::Null => Ok(None),
        _ => Err(D::Error::custom("value must be a string or a number")),
    }
}

/// A data value set as DHIS2 sends it: defaults for its values, and the values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataValueSetInput {
    /// Form code for every value.
    #[serde(default)]
    pub data_set: Option<String>,
    /// Period for values that name none.
    #[serde(default)]
    pub period: Option<String>,
    /// Unit for values that name none.
    #[serde(default)]
    pub org_unit: Option<String>,
    /// Attribute option combination for values that name none.
    #[serde(default)]
    pub attribute_option_combo: Option<String>,
    /// The values.
    #[serde(default)]
    pub data_values: Vec<DataValueInput>,
}

/// What an import does with each value, as DHIS2's `importStrategy` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// New values are added and stored ones changed (an empty value deletes).
    #[default]
    CreateAndUpdate,
    /// Only new values; stored ones are ignored.
    Create,
    /// Only stored values are changed; new ones are ignored.
    Update,
    /// Stored values are deleted; the others are ignored.
    Delete,
}

impl Strategy {
    /// Reads DHIS2's names (and their older spellings).
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text.trim().to_ascii_uppercase().as_str() {
            "" | "CREATE_AND_UPDATE" | "NEW_AND_UPDATES" => Ok(Self::CreateAndUpdate),
            "CREATE" | "NEW" => Ok(Self::Create),
            "UPDATE" | "UPDATES" => Ok(Self::Update),
            "DELETE" | "DELETES" => Ok(Self::Delete),
            other => Err(DomainError::invalid(
                "importStrategy",
                format!("importStrategy \"{other}\" is not one of CREATE_AND_UPDATE, CREATE, UPDATE, DELETE"),
            )
            .into()),
        }
    }

    /// DHIS2's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreateAndUpdate => "CREATE_AND_UPDATE",
            Self::Create => "CREATE",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
        }
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// What to do with each value.
    pub strategy: Strategy,
    /// Check and count, write nothing.
    pub dry_run: bool,
    /// The form of every value (overrides the set's `dataSet`).
    pub data_set: Option<String>,
}

/// A problem with one or more values of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The values' positions in the body, from 0.
    pub indexes: Vec<usize>,
    /// DHIS2's error code for this kind of problem (`E7610`…).
    pub error_code: &'static str,
    /// The property at fault (`dataElement`, `orgUnit`, `value`…).
    pub property: &'static str,
    /// The element's code as sent.
    pub element: String,
    /// The unit's code as sent.
    pub unit: String,
    /// The period as sent.
    pub period: String,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

/// Values counted by what happened to them, as DHIS2 counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportCount {
    /// Added.
    pub imported: usize,
    /// Changed.
    pub updated: usize,
    /// Not written: the same as stored, left out by the strategy, or refused with the body.
    pub ignored: usize,
    /// Deleted.
    pub deleted: usize,
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportResult {
    /// The counts; with conflicts, every value is ignored.
    pub count: ImportCount,
    /// Every problem; none means the values were written.
    pub conflicts: Vec<Conflict>,
}

/// A value decoded: where it goes and what it asks.
#[derive(Debug, Clone)]
struct Decoded {
    index: usize,
    element: String,
    option: String,
    /// Canonical value; `None` asks to delete.
    value: Option<String>,
    comment: String,
}

struct Group {
    target: Target,
    unit_code: String,
    items: Vec<Decoded>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Import,
    Update,
    Delete,
    Ignore,
}

/// The act a strategy makes of a value, given what is stored.
fn act(strategy: Strategy, stored: Option<(&str, &str)>, value: Option<&str>, comment: &str) -> Act {
    use Strategy::{Create, CreateAndUpdate, Delete, Update};
    match (strategy, stored, value) {
        (Delete, Some(_), _) | (CreateAndUpdate | Update, Some(_), None) => Act::Delete,
        (Delete | Update, None, _) | (_, None, None) | (Create, Some(_), _) => Act::Ignore,
        (CreateAndUpdate | Create, None, Some(_)) => Act::Import,
        (CreateAndUpdate | Update, Some((v, c)), Some(new)) => {
            if v == new && c == comment {
                Act::Ignore
            } else {
                Act::Update
            }
        }
    }
}

fn conflict(
    index: usize,
    v: &DataValueInput,
    set: &DataValueSetInput,
    error_code: &'static str,
    property: &'static str,
    message: String,
) -> Conflict {
    Conflict {
        indexes: vec![index],
        error_code,
        property,
        element: v.data_element.trim().to_owned(),
        unit: v.org_unit.as_deref().or(set.org_unit.as_deref()).unwrap_or_default().trim().to_owned(),
        period: v.period.as_deref().or(set.period.as_deref()).unwrap_or_default().trim().to_owned(),
        message,
    }
}

/// The form a value belongs to: the one named, or the only form with the element and the
/// period's type.
fn form_of(
    element: &str,
    period: Period,
    named: Option<&'static Form>,
) -> Result<&'static Form, (&'static str, String)> {
    if let Some(form) = named {
        if !form.has_element(element) {
            return Err(("E7633", format!("biểu {} không có chỉ tiêu {element}", form.code)));
        }
        if form.period_type != period.kind {
            return Err((
                "E7632",
                format!(
                    "biểu {} báo cáo theo kỳ {}, không theo kỳ {}",
                    form.code,
                    form.period_type.as_str(),
                    period.code()
                ),
            ));
        }
        return Ok(form);
    }
    let forms: Vec<&'static Form> =
        FORMS.iter().filter(|f| f.has_element(element) && f.period_type == period.kind).collect();
    match forms.as_slice() {
        [form] => Ok(form),
        [] => Err(("E7632", format!("không biểu mẫu nào thu chỉ tiêu {element} theo kỳ {}", period.code()))),
        many => Err((
            "E7633",
            format!(
                "chỉ tiêu {element} có trong nhiều biểu ({}); hãy ghi dataSet",
                many.iter().map(|f| f.code).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// Imports a data value set; see the module documentation. Refusals of the whole request (an
/// unknown `dataSet`, too many values) are errors; problems with values are conflicts in the
/// result, and then nothing is written.
#[allow(clippy::too_many_lines, reason = "one pass of decoding, one of checking per report, then the write")]
pub async fn import(
    state: &Services,
    user: &User,
    set: &DataValueSetInput,
    options: &ImportOptions,
) -> Result<ImportResult, Error> {
    if set.data_values.len() > MAX_IMPORT_VALUES {
        return Err(
            DomainError::invalid("dataValues", format!("một lần nhập tối đa {MAX_IMPORT_VALUES} giá trị")).into()
        );
    }
    let set_form = match options.data_set.as_deref().or(set.data_set.as_deref()).filter(|s| !s.trim().is_empty()) {
        Some(code) => Some(reporting::form(code).map_err(|_| {
            DomainError::invalid("dataSet", format!("không có biểu mẫu (dataSet) \"{}\"", code.trim()))
        })?),
        None => None,
    };
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut units: HashMap<(String, NaiveDate), Result<Unit, String>> = HashMap::new();
    let mut groups: BTreeMap<(&'static str, String, UnitId), Group> = BTreeMap::new();
    for (index, v) in set.data_values.iter().enumerate() {
        let fail = |code, property, message| conflict(index, v, set, code, property, message);
        let code = v.data_element.trim();
        let Some(element) = reporting::element(code) else {
            conflicts.push(fail("E7610", "dataElement", format!("không có chỉ tiêu (dataElement) \"{code}\"")));
            continue;
        };
        let period_text = v.period.as_deref().or(set.period.as_deref()).unwrap_or_default().trim();
        let Ok(period) = Period::parse(period_text) else {
            conflicts.push(fail(
                "E7611",
                "period",
                format!("kỳ \"{period_text}\" không đúng dạng (2025, 2025S1, 2025Q3, 202503, 2025N9)"),
            ));
            continue;
        };
        let named = match v.data_set.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(code) if options.data_set.is_none() => {
                if let Ok(f) = reporting::form(code) {
                    Some(f)
                } else {
                    conflicts.push(fail("E7600", "dataSet", format!("không có biểu mẫu (dataSet) \"{code}\"")));
                    continue;
                }
            }
            _ => set_form,
        };
        let option = match spelled_out(element, v) {
            Ok(Some(code)) => code,
            Ok(None) => v
                .category_option_combo
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .unwrap_or("default")
                .to_owned(),
            Err(message) => {
                conflicts.push(fail("E7634", "categoryOptionCombo", message));
                continue;
            }
        };
        let option = option.as_str();
        if !element.combo.has(option) {
            let options = element.combo.option_combos().into_iter().map(|o| o.code).collect::<Vec<_>>().join(", ");
            conflicts.push(fail(
                "E7634",
                "categoryOptionCombo",
                format!("chỉ tiêu {code} không có phân tổ (categoryOptionCombo) \"{option}\" (có: {options})"),
            ));
            continue;
        }
        let attribute = v.attribute_option_combo.as_deref().or(set.attribute_option_combo.as_deref()).map(str::trim);
        if attribute.is_some_and(|a| !a.is_empty() && a != "default") {
            conflicts.push(fail(
                "E7615",
                "attributeOptionCombo",
                format!("attributeOptionCombo \"{}\" không có; chỉ dùng \"default\"", attribute.unwrap_or_default()),
            ));
            continue;
        }
        let form = match form_of(code, period, named) {
            Ok(f) => f,
            Err((code, message)) => {
                conflicts.push(fail(code, "period", message));
                continue;
            }
        };
        let dates = period.dates(form.regime);
        let unit_code = v.org_unit.as_deref().or(set.org_unit.as_deref()).unwrap_or_default().trim().to_owned();
        let key = (unit_code.clone(), dates.1);
        if !units.contains_key(&key) {
            let found = match by_code(state, &unit_code, dates.1).await {
                Ok(u) if u.kind.is_area() => Ok(u),
                Ok(u) => Err(format!("{} là cơ quan, không phải địa bàn báo cáo", u.name)),
                Err(Error::NotFound(m)) => Err(m),
                Err(Error::Invalid(f)) => Err(f.into_iter().map(|f| f.message).collect::<Vec<_>>().join("; ")),
                Err(e) => return Err(e),
            };
            units.insert(key.clone(), found);
        }
        let unit = match units.get(&key) {
            Some(Ok(u)) => u.clone(),
            Some(Err(m)) => {
                conflicts.push(fail("E7612", "orgUnit", format!("orgUnit \"{unit_code}\": {m}")));
                continue;
            }
            None => continue,
        };
        let (text, comment) = match &v.annotation {
            Some(a) if !element.value_type.is_numeric() => (Some(a.as_str()), v.comment.as_deref()),
            Some(a) => (v.value.as_deref(), v.comment.as_deref().or(Some(a.as_str()))),
            None => (v.value.as_deref(), v.comment.as_deref()),
        };
        let value = match text.map(str::trim).filter(|t| !t.is_empty() && v.deleted != Some(true)) {
            Some(text) => match element.value_type.canonical(text) {
                Ok(c) => Some(c),
                Err(m) => {
                    conflicts.push(fail("E7619", "value", format!("{} ({code}): {m}", element.name_vi)));
                    continue;
                }
            },
            None => None,
        };
        let group = groups.entry((form.code, period.code(), unit.id)).or_insert_with(|| Group {
            target: Target { form, period, dates, unit },
            unit_code: unit_code.clone(),
            items: Vec::new(),
        });
        group.items.push(Decoded {
            index,
            element: code.to_owned(),
            option: option.to_owned(),
            value,
            comment: comment.unwrap_or_default().trim().to_owned(),
        });
    }

    let mut count = ImportCount::default();
    let mut writes = Vec::new();
    let scope = scope_of(state, user).await?;
    let who = crate::units::subject(state, user).await?;
    // Every report's head and stored values, read once for the whole body.
    let mut heads: HashMap<(&'static str, String), HashMap<UnitId, ReportHead>> = HashMap::new();
    for (form, period, _) in groups.keys() {
        if let std::collections::hash_map::Entry::Vacant(e) = heads.entry((*form, period.clone())) {
            e.insert(state.store.report_heads(form, period).await?.into_iter().map(|h| (h.unit, h)).collect());
        }
    }
    let ids: Vec<i64> = groups
        .keys()
        .filter_map(|(f, p, u)| heads.get(&(*f, p.clone())).and_then(|h| h.get(u)).map(|h| h.id))
        .collect();
    let mut stored_of = state.store.stored_values_of_reports(&ids).await?;
    for group in groups.values() {
        let t = &group.target;
        let indexes: Vec<usize> = group.items.iter().map(|d| d.index).collect();
        let whole = |error_code, property, message: String| Conflict {
            indexes: indexes.clone(),
            error_code,
            property,
            element: group.items.first().map(|d| d.element.clone()).unwrap_or_default(),
            unit: group.unit_code.clone(),
            period: t.period.code(),
            message,
        };
        let reach = state.store.reach(&t.unit).await?;
        if !scope.covers(&reach) || binhdang_core::access::decide(&who, Record::Report, Action::Write, &reach).is_err()
        {
            conflicts.push(whole(
                "E7617",
                "orgUnit",
                format!("bạn không được nhập số liệu cho {} (ngoài phạm vi hoặc không có quyền nhập)", t.unit.name),
            ));
            continue;
        }
        let head = heads.get(&(t.form.code, t.period.code())).and_then(|h| h.get(&t.unit.id)).cloned();
        if let Some(h) = head.as_ref().filter(|h| !h.status.editable()) {
            conflicts.push(whole(
                "E7642",
                "period",
                format!(
                    "báo cáo {} {} của {} đang ở trạng thái {}: không nhận số liệu{}",
                    t.form.code,
                    t.period.code(),
                    t.unit.name,
                    h.status.label_vi(),
                    if h.status == Status::DaDuyet { " (đã duyệt, đã khóa)" } else { "" }
                ),
            ));
            continue;
        }
        let stored: BTreeMap<Key, (String, String)> =
            head.as_ref().and_then(|h| stored_of.remove(&h.id)).unwrap_or_default();
        let mut entries = Vec::new();
        let mut acts = Vec::new();
        for d in &group.items {
            let key: Key = (d.element.clone(), d.option.clone());
            let old = stored.get(&key).map(|(v, c)| (v.as_str(), c.as_str()));
            let a = act(options.strategy, old, d.value.as_deref(), &d.comment);
            acts.push(a);
            if a != Act::Ignore {
                entries.push(EntryInput {
                    element: d.element.clone(),
                    option: d.option.clone(),
                    value: if a == Act::Delete { String::new() } else { d.value.clone().unwrap_or_default() },
                    comment: if a == Act::Delete { String::new() } else { d.comment.clone() },
                    override_reason: String::new(),
                });
            }
        }
        let standing: BTreeMap<Key, String> = stored.iter().map(|(k, (v, _))| (k.clone(), v.clone())).collect();
        match check_entries(state, t, &standing, &entries).await {
            Ok(values) => {
                for a in acts {
                    match a {
                        Act::Import => count.imported += 1,
                        Act::Update => count.updated += 1,
                        Act::Delete => count.deleted += 1,
                        Act::Ignore => count.ignored += 1,
                    }
                }
                if !values.is_empty() {
                    writes.push(ReportWrite {
                        form: t.form.code.to_owned(),
                        period: t.period.code(),
                        unit: t.unit.id,
                        version: head.as_ref().map_or(0, |h| h.version),
                        before: standing,
                        values,
                    });
                }
            }
            Err(Error::Invalid(fields)) => {
                for f in fields {
                    conflicts.push(field_conflict(group, &f));
                }
            }
            Err(e) => return Err(e),
        }
    }
    if !conflicts.is_empty() {
        conflicts.sort_by_key(|c| c.indexes.first().copied().unwrap_or(usize::MAX));
        let count = ImportCount { ignored: set.data_values.len(), ..ImportCount::default() };
        return Ok(ImportResult { count, conflicts });
    }
    if !options.dry_run && !writes.is_empty() {
        state.store.write_reports(&writes, actor(state, user)).await?;
    }
    Ok(ImportResult { count, conflicts })
}

/// The option combination a value spells out category by category (ADX), or `None` when it
/// spells out none.
fn spelled_out(element: &reporting::DataElement, v: &DataValueInput) -> Result<Option<String>, String> {
    if v.category_options.is_empty() {
        return Ok(None);
    }
    let mut left = v.category_options.clone();
    let mut codes = Vec::new();
    for cat in element.combo.categories {
        let Some(option) = left.remove(cat.code) else {
            return Err(format!("chỉ tiêu {} cần phân tổ {} ({})", element.code, cat.code, cat.name_vi));
        };
        if !cat.options.iter().any(|(o, _, _)| *o == option) {
            let known = cat.options.iter().map(|(o, _, _)| *o).collect::<Vec<_>>().join(", ");
            return Err(format!("{}=\"{option}\" không có (có: {known})", cat.code));
        }
        codes.push(option);
    }
    if let Some((k, _)) = left.iter().next() {
        return Err(format!("chỉ tiêu {} không phân tổ theo {k}", element.code));
    }
    Ok(Some(codes.join("_")))
}

/// A grid check's complaint (`element.option`, or `element.*` for a rule) as a conflict of the
/// values it names.
fn field_conflict(group: &Group, f: &FieldError) -> Conflict {
    let (element, option) = f.field.split_once('.').unwrap_or((f.field.as_str(), "*"));
    let mut indexes: Vec<usize> = group
        .items
        .iter()
        .filter(|d| d.element == element && (option == "*" || d.option == option))
        .map(|d| d.index)
        .collect();
    if indexes.is_empty() {
        indexes = group.items.iter().filter(|d| d.element == element).map(|d| d.index).collect();
    }
    if indexes.is_empty() {
        indexes = group.items.iter().map(|d| d.index).collect();
    }
    Conflict {
        indexes,
        error_code: "E7619",
        property: "value",
        element: element.to_owned(),
        unit: group.unit_code.clone(),
        period: group.target.period.code(),
        message: f.message.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Export

/// What to export, as DHIS2's `GET /api/dataValueSets` asks it.
#[derive(Debug, Clone, Default)]
pub struct ExportQuery {
    /// Form codes.
    pub data_sets: Vec<String>,
    /// Period codes.
    pub periods: Vec<String>,
    /// Periods starting on or after this day…
    pub start_date: Option<NaiveDate>,
    /// …and ending on or before this one (calendar dates of the period's name).
    pub end_date: Option<NaiveDate>,
    /// Unit codes.
    pub org_units: Vec<String>,
    /// Include every area below them.
    pub children: bool,
    /// Only values entered at or after this instant (RFC 3339, or a day).
    pub last_updated: Option<String>,
    /// Only values of approved reports.
    pub approved_only: bool,
}

/// One exported value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    /// Form code.
    pub form: &'static str,
    /// The period.
    #[serde(skip)]
    pub period: Period,
    /// Period code.
    pub period_code: String,
    /// Unit code (the unit's code on the period's last day).
    pub unit_code: String,
    /// Element code.
    pub element: String,
    /// Option combination code.
    pub option: String,
    /// The value in stored form.
    pub value: String,
    /// Comment.
    pub comment: String,
    /// Who entered it.
    pub stored_by: Option<String>,
    /// When (RFC 3339).
    pub last_updated: String,
    /// The report's status.
    pub status: Status,
}

/// The periods of a form in a year.
#[must_use]
pub fn periods_in(kind: PeriodType, year: i32) -> Vec<Period> {
    let n = match kind {
        PeriodType::Year | PeriodType::NineMonths => 1,
        PeriodType::HalfYear => 2,
        PeriodType::Quarter => 4,
        PeriodType::Month => 12,
    };
    (1..=n).map(|index| Period { year, kind, index }).collect()
}

fn missing(field: &str, message: &str) -> Error {
    DomainError::invalid(field, message).into()
}

/// Reads a `lastUpdated` (a day or an instant) as stored-instant text.
pub fn instant_text(text: &str) -> Result<String, Error> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(format!("{}T00:00:00Z", d.format("%Y-%m-%d")));
    }
    if let Ok(i) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(i.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string());
    }
    if let Ok(i) = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f") {
        return Ok(i.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string());
    }
    Err(missing("lastUpdated", "lastUpdated phải là ngày (2025-01-31) hoặc thời điểm ISO 8601"))
}

/// Exports the values the user may read, sorted by form, period, unit code, element, option.
/// The parameters are checked as DHIS2 checks them: at least one form, at least one of periods,
/// start and end dates or `lastUpdated` (periods and dates not both), at least one unit.
#[allow(clippy::too_many_lines, reason = "DHIS2's parameter checks, then one pass per form and period")]
pub async fn export(state: &Services, user: &User, q: &ExportQuery) -> Result<Vec<ExportRow>, Error> {
    if q.data_sets.is_empty() {
        return Err(missing("dataSet", "At least one data element, data set or data element group must be specified"));
    }
    let dated = q.start_date.is_some() || q.end_date.is_some();
    if q.periods.is_empty() && !dated && q.last_updated.is_none() {
        return Err(missing(
            "period",
            "At least one period, start/end dates, last updated or last updated duration must be specified",
        ));
    }
    if !q.periods.is_empty() && dated {
        return Err(missing("startDate", "Both periods and start/end date cannot be specified"));
    }
    if dated && (q.start_date.is_none() || q.end_date.is_none()) {
        return Err(missing("endDate", "Start date and end date must both be specified"));
    }
    if let (Some(s), Some(e)) = (q.start_date, q.end_date)
        && s > e
    {
        return Err(missing("startDate", "Start date must be before end date"));
    }
    if q.org_units.is_empty() {
        return Err(missing("orgUnit", "At least one organisation unit or organisation unit group must be specified"));
    }
    let since = q.last_updated.as_deref().map(instant_text).transpose()?;
    let forms = q.data_sets.iter().map(|c| reporting::form(c)).collect::<Result<Vec<_>, _>>()?;
    let scope = scope_of(state, user).await?;

    // (form, period or none) → the day codes are resolved on.
    let mut slices: Vec<(&'static Form, Option<Period>, NaiveDate)> = Vec::new();
    for form in &forms {
        if !q.periods.is_empty() {
            for p in &q.periods {
                let period = form.period(p)?;
                slices.push((form, Some(period), period.dates(form.regime).1));
            }
        } else if let (Some(start), Some(end)) = (q.start_date, q.end_date) {
            if end.year() - start.year() > 50 {
                return Err(missing("endDate", "khoảng ngày dài quá 50 năm"));
            }
            for year in start.year()..=end.year() {
                for period in periods_in(form.period_type, year) {
                    let (first, last) = period.dates(Regime::Statistical);
                    if first >= start && last <= end {
                        slices.push((form, Some(period), period.dates(form.regime).1));
                    }
                }
            }
        } else {
            slices.push((form, None, state.clock.today()));
        }
    }

    let mut trees: HashMap<NaiveDate, Vec<(UnitId, Option<UnitId>, binhdang_core::units::UnitKind)>> = HashMap::new();
    let mut rows = Vec::new();
    for (form, period, day) in slices {
        let mut ids: BTreeSet<UnitId> = BTreeSet::new();
        for code in &q.org_units {
            let unit = by_code(state, code.trim(), day).await.map_err(|_| {
                DomainError::invalid(
                    "orgUnit",
                    format!("không có địa bàn (orgUnit) mã \"{}\" vào ngày {day}", code.trim()),
                )
            })?;
            if !scope.covers(&state.store.reach(&unit).await?) {
                return Err(Error::Forbidden(format!("{} nằm ngoài phạm vi của cơ quan bạn", unit.name)));
            }
            ids.insert(unit.id);
            if q.children {
                if let std::collections::hash_map::Entry::Vacant(e) = trees.entry(day) {
                    e.insert(state.store.area_tree(day).await?);
                }
                let tree = trees.get(&day).map(Vec::as_slice).unwrap_or_default();
                ids.extend(descendants(tree, unit.id).into_iter().map(|(u, _)| u));
            }
        }
        let ids: Vec<UnitId> = ids.into_iter().collect();
        let periods: Vec<String> = period.iter().map(Period::code).collect();
        let values = if periods.is_empty() {
            let all: Vec<String> = state.store.periods_of_form(form.code).await?;
            state.store.exported_values(&[form.code], &all, &ids, since.as_deref()).await?
        } else {
            state.store.exported_values(&[form.code], &periods, &ids, since.as_deref()).await?
        };
        let codes = state.store.codes_of(&values.iter().map(|v| v.unit).collect::<Vec<_>>()).await?;
        for v in values {
            if q.approved_only && v.status != Status::DaDuyet {
                continue;
            }
            let Ok(period) = Period::parse(&v.period) else { continue };
            rows.push(ExportRow {
                form: form.code,
                period,
                period_code: v.period,
                unit_code: codes.get(&v.unit).cloned().unwrap_or_default(),
                element: v.element,
                option: v.option,
                value: v.value,
                comment: v.comment,
                stored_by: v.entered_by,
                last_updated: v.entered_at,
                status: v.status,
            });
        }
    }
    rows.sort_by(|a, b| {
        (a.form, a.period, &a.unit_code, &a.element, &a.option).cmp(&(
            b.form,
            b.period,
            &b.unit_code,
            &b.element,
            &b.option,
        ))
    });
    rows.dedup_by(|a, b| {
        (a.form, a.period, &a.unit_code, &a.element, &a.option)
            == (b.form, b.period, &b.unit_code, &b.element, &b.option)
    });
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_act_as_dhis2_counts_them() {
        use Act::{Delete, Ignore, Import, Update};
        let stored = Some(("5", ""));
        let cases = [
            (Strategy::CreateAndUpdate, None, Some("5"), Import),
            (Strategy::CreateAndUpdate, stored, Some("5"), Ignore),
            (Strategy::CreateAndUpdate, stored, Some("6"), Update),
            (Strategy::CreateAndUpdate, stored, None, Delete),
            (Strategy::CreateAndUpdate, None, None, Ignore),
            (Strategy::Create, stored, Some("6"), Ignore),
            (Strategy::Create, None, Some("6"), Import),
            (Strategy::Update, None, Some("6"), Ignore),
            (Strategy::Update, stored, Some("6"), Update),
            (Strategy::Delete, stored, Some("6"), Delete),
            (Strategy::Delete, None, Some("6"), Ignore),
        ];
        for (s, old, new, want) in cases {
            assert_eq!(act(s, old, new, ""), want, "{s:?} {old:?} {new:?}");
        }
        assert_eq!(Strategy::parse("new_and_updates").ok(), Some(Strategy::CreateAndUpdate));
        assert!(Strategy::parse("SYNC").is_err());
    }

    #[test]
    fn a_set_reads_dhis2_json_with_numbers_and_defaults() {
        let set: DataValueSetInput = serde_json::from_str(
            r#"{"dataSet":"CLQG_NAM","period":"2024","orgUnit":"91","completeDate":"2025-01-10",
                "dataValues":[{"dataElement":"DN_CHU","categoryOptionCombo":"nu","value":12,"comment":"x"},
                              {"dataElement":"CQ_TONG","period":"2023","value":"7","followup":false}]}"#,
        )
        .expect("parses");
        assert_eq!(set.data_values.len(), 2);
        assert_eq!(set.data_values[0].value.as_deref(), Some("12"));
        assert_eq!(set.data_values[1].period.as_deref(), Some("2023"));
        assert!(instant_text("2025-01-31").is_ok_and(|t| t == "2025-01-31T00:00:00Z"));
    }
}
