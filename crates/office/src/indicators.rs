//! The indicator catalog's seed file (`data/indicators.csv`): one row per indicator with its
//! programme, objective, names, unit, direction, baseline, 2025 and 2030 targets, source act, a
//! confirmed flag, the formula over reported data elements (numerator, denominator, factor) with
//! its source or the reason there is none, and the baseline's source. Checked as a whole; a
//! problem names the file, the line and the column.

use std::collections::HashMap;

use binhdang_core::indicators::{Formula, Indicator, Measure, Target, TargetDirection};

use crate::units::{ImportError, Problem, Row, Sheet};

/// The file's name, as in the repository's `data/`.
pub const INDICATORS: &str = "indicators.csv";

const HEADER: [&str; 18] = [
    "code",
    "programme",
    "objective",
    "name_vi",
    "name_en",
    "unit",
    "direction",
    "baseline_year",
    "baseline_value",
    "target_2025",
    "target_2030",
    "source",
    "confirmed",
    "numerator",
    "denominator",
    "factor",
    "formula_note",
    "baseline_source",
];

/// A non-negative number, or nothing for an empty cell; `Err` (the problem recorded) otherwise.
fn number(sheet: &mut Sheet<'_>, line: u64, column: &str, text: &str) -> Result<Option<f64>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => {
            sheet.problem(Some(line), Some(column), format!("\"{text}\" không phải là số không âm"));
            Err(())
        }
    }
}

/// A year, or nothing for an empty cell; `Err` (the problem recorded) otherwise.
fn year(sheet: &mut Sheet<'_>, line: u64, text: &str) -> Result<Option<i32>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i32>().map(Some).map_err(|_| {
        sheet.problem(Some(line), Some("baseline_year"), format!("năm \"{text}\" không hợp lệ"));
    })
}

/// The formula a row states (none when the numerator is empty; a missing factor is 1).
fn formula_of(row: &Row, factor: Option<f64>) -> Option<Formula> {
    let numerator = row.get("numerator");
    (!numerator.is_empty()).then(|| Formula {
        numerator: numerator.to_owned(),
        denominator: Some(row.get("denominator").to_owned()).filter(|d| !d.is_empty()),
        factor: factor.unwrap_or(1.0),
    })
}

/// Reads and checks the catalog; any problem fails the whole file.
pub fn load_indicators(text: &str) -> Result<Vec<Indicator>, ImportError> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut sheet = Sheet { name: INDICATORS, problems: &mut problems };
    let mut out: Vec<Indicator> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in sheet.rows(text, &HEADER) {
        let line = row.line;
        let (Some(code), Some(name)) = (sheet.text(&row, "code"), sheet.text(&row, "name_vi")) else { continue };
        if let Some(first) = seen.insert(code.clone(), line) {
            sheet.problem(Some(line), Some("code"), format!("mã {code} trùng với dòng {first}"));
            continue;
        }
        let unit = match row.get("unit").parse::<Measure>() {
            Ok(u) => Some(u),
            Err(e) => {
                sheet.problem(Some(line), Some("unit"), e.to_string());
                None
            }
        };
        let direction = match row.get("direction").parse::<TargetDirection>() {
            Ok(d) => Some(d),
            Err(e) => {
                sheet.problem(Some(line), Some("direction"), e.to_string());
                None
            }
        };
        let objective = row.get("objective").parse::<u8>().ok();
        if objective.is_none() {
            sheet.problem(
                Some(line),
                Some("objective"),
                format!("mục tiêu \"{}\" phải là một số", row.get("objective")),
            );
        }
        let confirmed = match row.get("confirmed") {
            "1" => Some(true),
            "0" => Some(false),
            other => {
                sheet.problem(Some(line), Some("confirmed"), format!("\"{other}\" phải là 0 hoặc 1"));
                None
            }
        };
        let baseline_value = number(&mut sheet, line, "baseline_value", row.get("baseline_value")).ok();
        let factor = number(&mut sheet, line, "factor", row.get("factor")).ok();
        let t2025 = number(&mut sheet, line, "target_2025", row.get("target_2025")).ok();
        let t2030 = number(&mut sheet, line, "target_2030", row.get("target_2030")).ok();
        let baseline_year = year(&mut sheet, line, row.get("baseline_year")).ok();
        let (
            Some(unit),
            Some(direction),
            Some(objective),
            Some(confirmed),
            Some(bv),
            Some(t2025),
            Some(t2030),
            Some(by),
            Some(factor),
        ) = (unit, direction, objective, confirmed, baseline_value, t2025, t2030, baseline_year, factor)
        else {
            continue;
        };
        let formula = formula_of(&row, factor);
        if formula.is_none() && row.get("formula_note").is_empty() {
            sheet.problem(Some(line), Some("formula_note"), "chỉ tiêu chưa có công thức phải ghi lý do".to_owned());
            continue;
        }
        let mut targets = Vec::new();
        if let Some(v) = t2025 {
            targets.push(Target { year: 2025, value: v });
        }
        if let Some(v) = t2030 {
            targets.push(Target { year: 2030, value: v });
        }
        let indicator = Indicator {
            code,
            programme: row.get("programme").to_owned(),
            objective,
            name,
            name_en: row.get("name_en").to_owned(),
            unit,
            direction,
            baseline: by.zip(bv).map(|(year, value)| Target { year, value }),
            targets,
            source: row.get("source").to_owned(),
            confirmed,
            formula,
            formula_note: row.get("formula_note").to_owned(),
            baseline_source: row.get("baseline_source").to_owned(),
            retired: false,
        };
        if let Err(binhdang_core::Error::Invalid(errors)) = indicator.validate() {
            for e in errors {
                sheet.problem(Some(line), Some(&e.field), e.message);
            }
            continue;
        }
        out.push(indicator);
    }
    if problems.is_empty() { Ok(out) } else { Err(ImportError { problems }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "code,programme,objective,name_vi,name_en,unit,direction,baseline_year,baseline_value,target_2025,target_2030,source,confirmed,numerator,denominator,factor,formula_note,baseline_source\n\
        MT1.CT1,Chiến lược,1,Tỷ lệ nữ lãnh đạo,Women leaders,percent,at_least,2020,38,60,75,NQ 28,1,CQ_LANH_DAO_NU,CQ_TONG,100,theo NQ 28,Điều tra\n";

    #[test]
    fn a_good_row_becomes_an_indicator() {
        let list = load_indicators(GOOD).unwrap();
        assert_eq!(list[0].code, "MT1.CT1");
        assert_eq!(list[0].target(2030), Some(75.0));
        assert_eq!(list[0].baseline, Some(Target { year: 2020, value: 38.0 }));
        assert_eq!(list[0].formula.as_ref().map(|f| f.factor), Some(100.0));
        assert_eq!(list[0].baseline_source, "Điều tra");
    }

    #[test]
    fn every_indicator_of_the_catalog_has_a_formula_or_the_reason_it_has_none() {
        let list = load_indicators(include_str!("../../../data/indicators.csv")).unwrap();
        assert!(list.len() >= 20);
        for i in &list {
            assert!(i.formula.is_some() || !i.formula_note.is_empty(), "{}", i.code);
            assert!(!i.formula_note.is_empty(), "{}: the formula's source", i.code);
            assert!(i.baseline.is_none() || !i.baseline_source.is_empty(), "{}: the baseline's source", i.code);
        }
        assert!(list.iter().filter(|i| i.formula.is_some()).count() >= 20);
    }

    #[test]
    fn an_indicator_is_computed_from_reported_values_as_by_hand() {
        let list = load_indicators(include_str!("../../../data/indicators.csv")).unwrap();
        let formula = |code: &str| list.iter().find(|i| i.code == code).and_then(|i| i.formula.clone()).unwrap();
        let v = |e: &str, o: &str, x: f64| ((e.to_owned(), o.to_owned()), x);
        let values: std::collections::BTreeMap<_, _> = [
            v("DN_CHU", "nam", 7_300.0),
            v("DN_CHU", "nu", 2_700.0),
            v("LD_CO_VIEC_LAM", "nu_thanh_thi", 400.0),
            v("LD_CO_VIEC_LAM", "nu_nong_thon", 600.0),
            v("LD_CO_VIEC_LAM", "nam_nong_thon", 900.0),
            v("LD_NONG_NGHIEP", "nu", 280.0),
            v("SINH_SONG", "nam", 1_115.0),
            v("SINH_SONG", "nu", 1_000.0),
        ]
        .into_iter()
        .collect();
        // Women among directors: 2 700 / (7 300 + 2 700) × 100 = 27 %.
        let close = |got: Option<f64>, want: f64| got.is_some_and(|g| (g - want).abs() < 1e-9);
        assert!(close(formula("MT2.CT3").compute(&values), 27.0));
        // Women in agriculture among employed women: 280 / (400 + 600) × 100 = 28 %.
        assert!(close(formula("MT2.CT2").compute(&values), 28.0));
        // Boys per 100 girls: 1 115 / 1 000 × 100.
        assert!(close(formula("MT4.CT1").compute(&values), 111.5));
        // No value, no figure (not zero).
        assert_eq!(formula("MT1.CT1").compute(&values), None);
    }

    #[test]
    fn long_fields_and_too_many_rows_are_refused() {
        use crate::units::{MAX_CSV_FIELD_BYTES, MAX_CSV_ROWS};

        let long =
            format!("{GOOD}MT2,{},1,Tên,,percent,at_least,,,1,2,,1,,,,lý do,\n", "x".repeat(MAX_CSV_FIELD_BYTES + 1));
        let text: Vec<String> = load_indicators(&long).unwrap_err().problems.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["indicators.csv, dòng 3, cột programme: ô dài 4097 byte, vượt quá giới hạn 4096 byte"]);

        let row = GOOD.lines().nth(1).unwrap();
        let many = format!("{}\n{}", GOOD.lines().next().unwrap(), format!("{row}\n").repeat(MAX_CSV_ROWS + 1));
        let err = load_indicators(&many).unwrap_err();
        assert_eq!(err.problems[0].to_string(), "indicators.csv, dòng 100002: vượt quá giới hạn 100000 dòng dữ liệu");
    }

    #[test]
    fn problems_name_the_line_and_column() {
        let bad = format!(
            "{GOOD}MT1.CT1,X,1,Trùng,,percent,at_least,,,1,2,,1,,,,lý do,\nMT9,X,x,Tên,,phan_tram,tang,,,-5,,,2,,,,,\nMT8,X,1,Tên,,percent,at_least,,,1,2,,1,KHONG_CO,,100,nguồn,\n"
        );
        let err = load_indicators(&bad).unwrap_err();
        let text: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|p| p.starts_with("indicators.csv, dòng 3, cột code: mã MT1.CT1 trùng với dòng 2")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|p| p.starts_with("indicators.csv, dòng 5, cột formula: không có chỉ tiêu dữ liệu")),
            "{text:?}"
        );
        for column in ["unit", "direction", "objective", "confirmed", "target_2025"] {
            assert!(
                text.iter().any(|p| p.starts_with(&format!("indicators.csv, dòng 4, cột {column}"))),
                "{column}: {text:?}"
            );
        }
    }
}
