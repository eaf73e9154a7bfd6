//! ADX (IHE QRPH Aggregate Data Exchange, namespace `urn:ihe:qrph:adx:2015`): an `adx` root
//! with `exported`, `group`s naming `dataSet`, `orgUnit` and an ISO 8601 `period`
//! (`2024-01-01/P1Y`: the first day and the length), and `dataValue`s with `dataElement`,
//! `value` and one attribute per category of the element (`gioi_tinh="nu"`), the disaggregation
//! spelled out instead of an option combination's code. A value that is not a number travels as
//! DHIS2 sends it: `value="0"` and the text in `annotation`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use quick_xml::events::{BytesStart, Event};

use binhdang_core::reporting::{self, CategoryCombo, Period, PeriodType};

use super::{DataValueInput, DataValueSetInput, ExportRow};

/// ADX's namespace.
pub const NAMESPACE: &str = "urn:ihe:qrph:adx:2015";

/// The ISO 8601 duration of a period type.
fn duration(kind: PeriodType) -> &'static str {
    match kind {
        PeriodType::Month => "P1M",
        PeriodType::Quarter => "P3M",
        PeriodType::HalfYear => "P6M",
        PeriodType::NineMonths => "P9M",
        PeriodType::Year => "P1Y",
    }
}

/// A period as ADX writes it: its first calendar day and its length (`2025-07-01/P6M`).
#[must_use]
pub fn period_text(p: Period) -> String {
    let month = match p.kind {
        PeriodType::Month => u32::from(p.index),
        PeriodType::Quarter => u32::from(p.index) * 3 - 2,
        PeriodType::HalfYear => u32::from(p.index) * 6 - 5,
        PeriodType::NineMonths | PeriodType::Year => 1,
    };
    format!("{}-{month:02}-01/{}", p.year, duration(p.kind))
}

/// Reads an ADX period: a first day and a length that name one of binhdang's periods.
pub fn parse_period(text: &str) -> Result<Period, String> {
    let bad = || {
        format!(
            "kỳ ADX \"{text}\" phải là ngày đầu kỳ/độ dài (2025-01-01/P1Y, 2025-07-01/P6M, 2025-04-01/P3M, 2025-03-01/P1M)"
        )
    };
    let (start, length) = text.trim().split_once('/').ok_or_else(bad)?;
    let day = NaiveDate::parse_from_str(start, "%Y-%m-%d").map_err(|_| bad())?;
    if day.day() != 1 {
        return Err(bad());
    }
    let (kind, size) = match length {
        "P1M" => (PeriodType::Month, 1),
        "P3M" => (PeriodType::Quarter, 3),
        "P6M" => (PeriodType::HalfYear, 6),
        "P9M" => (PeriodType::NineMonths, 9),
        "P1Y" | "P12M" => (PeriodType::Year, 12),
        _ => return Err(bad()),
    };
    let m0 = day.month0();
    if m0 % size != 0 || (kind == PeriodType::NineMonths && m0 != 0) {
        return Err(bad());
    }
    let index = if kind == PeriodType::NineMonths { 1 } else { (m0 / size + 1) as u8 };
    let p = Period { year: day.year(), kind, index };
    if reporting::YEARS.contains(&p.year) { Ok(p) } else { Err(bad()) }
}

/// The options of an option combination, category by category (`quoc_hoi_nu` →
/// `co_quan_dan_cu=quoc_hoi`, `gioi_tinh=nu`).
#[must_use]
pub fn options_of(combo: &CategoryCombo, code: &str) -> Option<Vec<(&'static str, &'static str)>> {
    let mut all: Vec<Vec<(&'static str, &'static str)>> = vec![Vec::new()];
    for cat in combo.categories {
        all = all
            .into_iter()
            .flat_map(|prefix| {
                cat.options.iter().map(move |(o, _, _)| {
                    let mut next = prefix.clone();
                    next.push((cat.code, *o));
                    next
                })
            })
            .collect();
    }
    all.into_iter().find(|opts| opts.iter().map(|(_, o)| *o).collect::<Vec<_>>().join("_") == code)
}

fn attributes(e: &BytesStart<'_>) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = a.key.local_name().as_ref().to_owned();
        if a.key.as_ref().starts_with("xmlns") {
            continue;
        }
        let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| e.to_string())?;
        out.insert(key, value.into_owned());
    }
    Ok(out)
}

/// The attributes of a `dataValue` that are not disaggregations.
const VALUE_ATTRIBUTES: [&str; 7] =
    ["dataElement", "value", "categoryOptionCombo", "attributeOptionCombo", "period", "orgUnit", "comment"];

/// Reads an ADX message into a data value set: each group's `dataSet`, `period` and `orgUnit`
/// go into its values, the disaggregation attributes into `category_options`. A malformed
/// message is refused whole with where it went wrong.
pub fn read(xml: &[u8]) -> Result<DataValueSetInput, String> {
    let text = std::str::from_utf8(xml).map_err(|e| format!("ADX không phải UTF-8: {e}"))?;
    let mut set = DataValueSetInput::default();
    read_each(text.trim_start_matches('\u{feff}').as_bytes(), |v| {
        set.data_values.push(v);
        if set.data_values.len() > super::MAX_IMPORT_VALUES {
            return Err(format!("một lần nhập tối đa {} giá trị", super::MAX_IMPORT_VALUES));
        }
        Ok(())
    })?;
    Ok(set)
}

/// Reads an ADX message value by value, handing each to `each` as soon as it is complete, so
/// a file of millions of values is read in bounded memory. Returns how many bytes were read.
#[allow(clippy::too_many_lines, reason = "one event loop over ADX's few elements")]
pub fn read_each<R: std::io::BufRead>(
    input: R,
    mut each: impl FnMut(DataValueInput) -> Result<(), String>,
) -> Result<u64, String> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut group: Option<BTreeMap<String, String>> = None;
    let mut saw_root = false;
    let mut in_annotation = false;
    let mut current: Option<DataValueInput> = None;
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("ADX lỗi ở vị trí {}: {e}", reader.error_position()))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "adx" => saw_root = true,
                "group" if saw_root => {
                    let attrs = attributes(&e)?;
                    if !attrs.contains_key("period") || !attrs.contains_key("orgUnit") {
                        return Err("mỗi group của ADX phải có period và orgUnit".into());
                    }
                    group = Some(attrs);
                }
                "dataValue" => {
                    let Some(g) = group.as_ref() else { return Err("dataValue nằm ngoài group".into()) };
                    let v = value_of(&e, g)?;
                    if empty {
                        each(v)?;
                    } else {
                        current = Some(v);
                    }
                }
                "annotation" if current.is_some() && !empty => in_annotation = true,
                _ => {}
            },
            Event::Text(t) if in_annotation => {
                if let Some(v) = current.as_mut() {
                    v.annotation.get_or_insert_with(String::new).push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_annotation => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().map_err(|e| e.to_string())?.map(String::from)
                } else {
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(String::from)
                };
                if let Some(v) = current.as_mut() {
                    v.annotation.get_or_insert_with(String::new).push_str(&resolved.unwrap_or_default());
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "annotation" => in_annotation = false,
                "dataValue" => {
                    if let Some(v) = current.take() {
                        each(v)?;
                    }
                }
                "group" => group = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(format!("không phải ADX: thiếu phần tử gốc adx ({NAMESPACE})"));
    }
    Ok(reader.buffer_position())
}

/// A `dataValue` element of `group` as a value.
fn value_of(e: &BytesStart<'_>, g: &BTreeMap<String, String>) -> Result<DataValueInput, String> {
    let mut attrs = attributes(e)?;
    let take = |attrs: &mut BTreeMap<String, String>, k: &str| attrs.remove(k);
    let period = take(&mut attrs, "period").or_else(|| g.get("period").cloned()).unwrap_or_default();
    let period = match parse_period(&period) {
        Ok(p) => p.code(),
        Err(_) => period,
    };
    let mut v = DataValueInput {
        data_element: take(&mut attrs, "dataElement").unwrap_or_default(),
        period: Some(period),
        org_unit: take(&mut attrs, "orgUnit").or_else(|| g.get("orgUnit").cloned()),
        category_option_combo: take(&mut attrs, "categoryOptionCombo"),
        attribute_option_combo: take(&mut attrs, "attributeOptionCombo")
            .or_else(|| g.get("attributeOptionCombo").cloned()),
        value: take(&mut attrs, "value"),
        comment: take(&mut attrs, "comment"),
        data_set: g.get("dataSet").cloned(),
        ..DataValueInput::default()
    };
    for k in VALUE_ATTRIBUTES {
        attrs.remove(k);
    }
    v.category_options = attrs;
    Ok(v)
}

fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// The end of an ADX message.
pub const FOOTER: &str = "</adx>\n";

/// The start of an ADX message, up to its first group.
#[must_use]
pub fn header(exported: DateTime<Utc>) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<adx xmlns=\"{NAMESPACE}\" exported=\"{}\">\n",
        exported.format("%Y-%m-%dT%H:%M:%SZ")
    )
}

/// Writes exported values as ADX, one group per report (form, period, area).
#[must_use]
pub fn write(rows: &[ExportRow], exported: DateTime<Utc>) -> String {
    let mut out = header(exported);
    out.push_str(&groups(rows));
    out.push_str(FOOTER);
    out
}

/// The groups of exported values sorted by report: one group per report, so that an export can
/// write its reports a batch at a time.
#[must_use]
pub fn groups(rows: &[ExportRow]) -> String {
    let mut out = String::with_capacity(rows.len() * 120);
    let mut open: Option<(&str, &str, &str)> = None;
    for r in rows {
        let key = (r.form, r.period_code.as_str(), r.unit_code.as_str());
        if open != Some(key) {
            if open.is_some() {
                out.push_str("  </group>\n");
            }
            let _ = writeln!(
                out,
                "  <group dataSet=\"{}\" period=\"{}\" orgUnit=\"{}\">",
                escape(r.form),
                period_text(r.period),
                escape(&r.unit_code)
            );
            open = Some(key);
        }
        let element = reporting::element(&r.element);
        let _ = write!(out, "    <dataValue dataElement=\"{}\"", escape(&r.element));
        match element.and_then(|e| options_of(&e.combo, &r.option)) {
            Some(options) => {
                for (category, option) in options {
                    let _ = write!(out, " {category}=\"{}\"", escape(option));
                }
            }
            None if r.option != "default" => {
                let _ = write!(out, " categoryOptionCombo=\"{}\"", escape(&r.option));
            }
            None => {}
        }
        if element.is_none_or(|e| e.value_type.is_numeric()) {
            let _ = writeln!(out, " value=\"{}\"/>", escape(&r.value));
        } else {
            let _ =
                writeln!(out, " value=\"0\">\n      <annotation>{}</annotation>\n    </dataValue>", escape(&r.value));
        }
    }
    if open.is_some() {
        out.push_str("  </group>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_go_both_ways() {
        for code in ["2024", "2025S2", "2025Q3", "202503", "2025N9"] {
            let p = Period::parse(code).expect("period");
            assert_eq!(parse_period(&period_text(p)), Ok(p), "{code}");
        }
        assert_eq!(period_text(Period::parse("2025S2").expect("period")), "2025-07-01/P6M");
        assert!(parse_period("2025-02-01/P3M").is_err());
        assert!(parse_period("2025-01-15/P1M").is_err());
        assert!(parse_period("2025").is_err());
    }

    #[test]
    fn options_are_spelled_out_per_category() {
        let el = reporting::element("BAU_CU_TRUNG_CU").expect("element");
        assert_eq!(
            options_of(&el.combo, "quoc_hoi_nu"),
            Some(vec![("co_quan_dan_cu", "quoc_hoi"), ("gioi_tinh", "nu")])
        );
        assert_eq!(options_of(&el.combo, "nu"), None);
    }

    #[test]
    fn a_message_reads_into_values() {
        let xml = r#"<?xml version="1.0"?>
<adx xmlns="urn:ihe:qrph:adx:2015" exported="2025-01-20T08:00:00Z">
  <group dataSet="CLQG_NAM" period="2024-01-01/P1Y" orgUnit="91">
    <dataValue dataElement="DN_CHU" gioi_tinh="nu" value="30"/>
    <dataValue dataElement="KHO_KHAN" value="0"><annotation>Thiếu cán bộ &amp; kinh phí</annotation></dataValue>
  </group>
</adx>"#;
        let set = read(xml.as_bytes()).expect("reads");
        assert_eq!(set.data_values.len(), 2);
        let v = &set.data_values[0];
        assert_eq!(
            (v.period.as_deref(), v.org_unit.as_deref(), v.data_set.as_deref()),
            (Some("2024"), Some("91"), Some("CLQG_NAM"))
        );
        assert_eq!(v.category_options.get("gioi_tinh").map(String::as_str), Some("nu"));
        assert_eq!(set.data_values[1].annotation.as_deref(), Some("Thiếu cán bộ & kinh phí"));
        assert!(read(b"<other/>").is_err());
        assert!(
            read(b"<adx><group period=\"2024-01-01/P1Y\"><dataValue dataElement=\"X\" value=\"1\"/></group></adx>")
                .is_err()
        );
    }
}
