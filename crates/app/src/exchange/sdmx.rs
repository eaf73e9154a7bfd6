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

/// SDMX-ML 2.1 namespaces of a structure message.
const MESSAGE_NS: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message";
const STRUCTURE_NS: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
const COMMON_NS: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";
/// binhdang's concept scheme.
const CONCEPTS: &str = "CS_BINHDANG";

fn xml(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

fn names(out: &mut String, vi: &str, en: &str) {
    let _ = write!(out, "<com:Name xml:lang=\"vi\">{}</com:Name>", xml(vi));
    if !en.is_empty() {
        let _ = write!(out, "<com:Name xml:lang=\"en\">{}</com:Name>", xml(en));
    }
}

fn codelist(out: &mut String, id: &str, name_vi: &str, name_en: &str, codes: &[(&str, &str, &str)]) {
    let _ = write!(out, "<str:Codelist id=\"{id}\" agencyID=\"{AGENCY}\" version=\"1.0\">");
    names(out, name_vi, name_en);
    for (code, vi, en) in codes {
        let _ = write!(out, "<str:Code id=\"{}\">", xml(code));
        names(out, vi, en);
        out.push_str("</str:Code>");
    }
    out.push_str("</str:Codelist>\n");
}

fn concept_ref(out: &mut String, id: &str) {
    let _ = write!(
        out,
        "<str:ConceptIdentity><Ref id=\"{id}\" maintainableParentID=\"{CONCEPTS}\" maintainableParentVersion=\"1.0\" \
         agencyID=\"{AGENCY}\" class=\"Concept\" package=\"conceptscheme\"/></str:ConceptIdentity>"
    );
}

fn enumeration(out: &mut String, codelist: &str) {
    let _ = write!(
        out,
        "<str:LocalRepresentation><str:Enumeration><Ref id=\"{codelist}\" version=\"1.0\" agencyID=\"{AGENCY}\" \
         class=\"Codelist\" package=\"codelist\"/></str:Enumeration></str:LocalRepresentation>"
    );
}

/// The structure of a form's SDMX-CSV as an SDMX-ML 2.1 structure message, so that SDMX tools can
/// read the data: the dataflow `BINHDANG:<form>(1.0)`, its data structure (the dimensions of
/// [`dimensions`], coded; the time dimension; the measure `OBS_VALUE`; the attributes `COMMENT`
/// and `UPDATED`), the codelists (areas from `areas` as (code, name), the form's elements, each
/// category's options with `_Z` for "not applicable") and the concepts.
#[must_use]
pub fn structure(form: &Form, areas: &[(String, String)], prepared: &str) -> String {
    let cats = categories(form);
    let mut out = String::with_capacity(areas.len() * 90 + 8_000);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mes:Structure xmlns:mes=\"{MESSAGE_NS}\" \
         xmlns:str=\"{STRUCTURE_NS}\" xmlns:com=\"{COMMON_NS}\">\n<mes:Header><mes:ID>{AGENCY}_{code}</mes:ID>\
         <mes:Test>false</mes:Test><mes:Prepared>{prepared}</mes:Prepared><mes:Sender id=\"{AGENCY}\"/></mes:Header>\n\
         <mes:Structures>\n<str:Dataflows><str:Dataflow id=\"{code}\" agencyID=\"{AGENCY}\" version=\"1.0\">",
        code = form.code
    );
    names(&mut out, form.name_vi, form.name_en);
    let _ = write!(
        out,
        "<str:Structure><Ref id=\"DSD_{}\" version=\"1.0\" agencyID=\"{AGENCY}\" class=\"DataStructure\" \
         package=\"datastructure\"/></str:Structure></str:Dataflow></str:Dataflows>\n<str:Codelists>\n",
        form.code
    );
    let area_codes: Vec<(&str, &str, &str)> = areas.iter().map(|(c, n)| (c.as_str(), n.as_str(), "")).collect();
    codelist(&mut out, "CL_REF_AREA", "Địa bàn", "Area", &area_codes);
    let elements: Vec<(&str, &str, &str)> = form.elements().map(|e| (e.code, e.name_vi, e.name_en)).collect();
    codelist(&mut out, "CL_INDICATOR", "Chỉ tiêu", "Indicator", &elements);
    for cat in &cats {
        let mut codes: Vec<(&str, &str, &str)> = cat.options.to_vec();
        codes.push((NOT_APPLICABLE, "Không áp dụng", "Not applicable"));
        codelist(&mut out, &format!("CL_{}", cat.code.to_ascii_uppercase()), cat.name_vi, cat.name_en, &codes);
    }
    let _ = write!(
        out,
        "</str:Codelists>\n<str:Concepts><str:ConceptScheme id=\"{CONCEPTS}\" agencyID=\"{AGENCY}\" version=\"1.0\">"
    );
    names(&mut out, "Khái niệm của binhdang", "binhdang concepts");
    let mut concepts: Vec<(String, &str, &str)> =
        vec![("REF_AREA".into(), "Địa bàn", "Area"), ("INDICATOR".into(), "Chỉ tiêu", "Indicator")];
    concepts.extend(cats.iter().map(|c| (c.code.to_ascii_uppercase(), c.name_vi, c.name_en)));
    concepts.extend([
        ("TIME_PERIOD".to_owned(), "Kỳ", "Time period"),
        ("OBS_VALUE".to_owned(), "Giá trị", "Observation value"),
        ("COMMENT".to_owned(), "Ghi chú", "Comment"),
        ("UPDATED".to_owned(), "Cập nhật lúc", "Last updated"),
    ]);
    for (id, vi, en) in &concepts {
        let _ = write!(out, "<str:Concept id=\"{id}\">");
        names(&mut out, vi, en);
        out.push_str("</str:Concept>");
    }
    let _ = write!(
        out,
        "</str:ConceptScheme></str:Concepts>\n<str:DataStructures><str:DataStructure id=\"DSD_{}\" agencyID=\"{AGENCY}\" version=\"1.0\">",
        form.code
    );
    names(&mut out, form.name_vi, form.name_en);
    out.push_str("<str:DataStructureComponents><str:DimensionList id=\"DimensionDescriptor\">");
    let coded = dimensions(form);
    let time = coded.len();
    for (i, id) in coded.iter().take(time - 1).enumerate() {
        let _ = write!(out, "<str:Dimension id=\"{id}\" position=\"{}\">", i + 1);
        concept_ref(&mut out, id);
        enumeration(&mut out, &format!("CL_{id}"));
        out.push_str("</str:Dimension>");
    }
    let _ = write!(out, "<str:TimeDimension id=\"TIME_PERIOD\" position=\"{time}\">");
    concept_ref(&mut out, "TIME_PERIOD");
    out.push_str(
        "<str:LocalRepresentation><str:TextFormat textType=\"ObservationalTimePeriod\"/></str:LocalRepresentation>\
         </str:TimeDimension></str:DimensionList><str:AttributeList id=\"AttributeDescriptor\">",
    );
    for id in ["COMMENT", "UPDATED"] {
        let _ = write!(out, "<str:Attribute id=\"{id}\" assignmentStatus=\"Conditional\">");
        concept_ref(&mut out, id);
        out.push_str("<str:AttributeRelationship><str:PrimaryMeasure><Ref id=\"OBS_VALUE\"/></str:PrimaryMeasure></str:AttributeRelationship></str:Attribute>");
    }
    out.push_str("</str:AttributeList><str:MeasureList id=\"MeasureDescriptor\"><str:PrimaryMeasure id=\"OBS_VALUE\">");
    concept_ref(&mut out, "OBS_VALUE");
    out.push_str(
        "</str:PrimaryMeasure></str:MeasureList></str:DataStructureComponents></str:DataStructure></str:DataStructures>\n\
         </mes:Structures>\n</mes:Structure>\n",
    );
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
