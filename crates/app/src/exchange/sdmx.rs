//! SDMX-CSV 2.0 (the data message of SDMX 3.0, `application/vnd.sdmx.data+csv; version=2.0.0`):
//! one header row, then one row per observation. The first three columns are fixed by the
//! format: `STRUCTURE` (`dataflow`), `STRUCTURE_ID` (`BINHDANG:<form>(1.0)`) and `ACTION`
//! (`I`, information). Then the form's dimensions: `REF_AREA` (the area's code on the period's
//! last day), `INDICATOR` (the element), one column per category any element of the form is
//! disaggregated by (its code in capitals; `_Z`, SDMX's "not applicable", where the element is
//! not disaggregated by it) and `TIME_PERIOD` (`2024`, `2024-S1`, `2024-Q3`, `2024-03`; nine
//! months as the time range `2024-01-01/P9M`); the measure `OBS_VALUE`; the attribute `COMMENT`;
//! and a custom column `UPDATED`. Fields are quoted as RFC 4180 says.

use std::fmt::Write as _;

use binhdang_core::reporting::{self, Category, Form, Period, PeriodType};

use super::ExportRow;
use super::adx::options_of;

/// The media type.
pub const MEDIA_TYPE: &str = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8";
/// The maintenance agency of binhdang's structures.
pub const AGENCY: &str = "BINHDANG";
/// SDMX's code for "not applicable".
pub const NOT_APPLICABLE: &str = "_Z";

/// A period as SDMX writes it.
#[must_use]
pub fn time_period(p: Period) -> String {
    match p.kind {
        PeriodType::Year => p.year.to_string(),
        PeriodType::HalfYear => format!("{}-S{}", p.year, p.index),
        PeriodType::Quarter => format!("{}-Q{}", p.year, p.index),
        PeriodType::Month => format!("{}-{:02}", p.year, p.index),
        PeriodType::NineMonths => format!("{}-01-01/P9M", p.year),
    }
}

/// The categories a form's elements are disaggregated by, in the order they first appear.
#[must_use]
pub fn categories(form: &Form) -> Vec<&'static Category> {
    let mut out: Vec<&'static Category> = Vec::new();
    for el in form.elements() {
        for cat in el.combo.categories {
            if !out.iter().any(|c| c.code == cat.code) {
                out.push(cat);
            }
        }
    }
    out
}

/// The dimension columns of a form, in order.
#[must_use]
pub fn dimensions(form: &Form) -> Vec<String> {
    let mut out = vec!["REF_AREA".to_owned(), "INDICATOR".to_owned()];
    out.extend(categories(form).iter().map(|c| c.code.to_ascii_uppercase()));
    out.push("TIME_PERIOD".to_owned());
    out
}

fn field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// Writes a form's values as SDMX-CSV 2.0.
#[must_use]
pub fn write(form: &Form, rows: &[ExportRow]) -> String {
    let mut out = header(form);
    out.push_str(&self::rows(form, rows));
    out
}

/// The header line of a form's SDMX-CSV.
#[must_use]
pub fn header(form: &Form) -> String {
    format!("STRUCTURE,STRUCTURE_ID,ACTION,{},OBS_VALUE,COMMENT,UPDATED\r\n", dimensions(form).join(","))
}

/// The lines of a form's values (rows of other forms are left out).
#[must_use]
pub fn rows(form: &Form, rows: &[ExportRow]) -> String {
    let cats = categories(form);
    let mut out = String::with_capacity(rows.len() * 80);
    let id = format!("{AGENCY}:{}(1.0)", form.code);
    for r in rows.iter().filter(|r| r.form == form.code) {
        let options = reporting::element(&r.element).and_then(|e| options_of(&e.combo, &r.option)).unwrap_or_default();
        let _ = write!(out, "dataflow,{id},I,");
        field(&mut out, &r.unit_code);
        out.push(',');
        field(&mut out, &r.element);
        for cat in &cats {
            out.push(',');
            let option = options.iter().find(|(c, _)| *c == cat.code).map_or(NOT_APPLICABLE, |(_, o)| *o);
            field(&mut out, option);
        }
        out.push(',');
        out.push_str(&time_period(r.period));
        out.push(',');
        field(&mut out, &r.value);
        out.push(',');
        field(&mut out, &r.comment);
        out.push(',');
        field(&mut out, &r.last_updated);
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_written_as_sdmx_writes_them() {
        let p = |c: &str| time_period(Period::parse(c).expect("period"));
        assert_eq!(
            [p("2024"), p("2024S2"), p("2024Q3"), p("202403"), p("2024N9")],
            ["2024", "2024-S2", "2024-Q3", "2024-03", "2024-01-01/P9M"]
        );
    }

    #[test]
    fn a_form_has_one_column_per_category() {
        let form = reporting::form("CLQG_NAM").expect("form");
        let dims = dimensions(form);
        assert_eq!(dims.first().map(String::as_str), Some("REF_AREA"));
        assert_eq!(dims.last().map(String::as_str), Some("TIME_PERIOD"));
        assert!(dims.contains(&"GIOI_TINH".to_owned()));
        let mut line = String::new();
        field(&mut line, "a, \"b\"");
        assert_eq!(line, "\"a, \"\"b\"\"\"");
    }
}
