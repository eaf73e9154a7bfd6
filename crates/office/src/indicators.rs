//! The indicator catalog's seed file (`data/indicators.csv`): one row per indicator with its
//! programme, objective, names, unit, direction, baseline, 2025 and 2030 targets, source act and
//! a confirmed flag. Checked as a whole; a problem names the file, the line and the column.

use std::collections::HashMap;

use binhdang_core::indicators::{Indicator, Measure, Target, TargetDirection};

use crate::units::{ImportError, Problem, Sheet};

/// The file's name, as in the repository's `data/`.
pub const INDICATORS: &str = "indicators.csv";

const HEADER: [&str; 13] = [
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
        let t2025 = number(&mut sheet, line, "target_2025", row.get("target_2025")).ok();
        let t2030 = number(&mut sheet, line, "target_2030", row.get("target_2030")).ok();
        let baseline_year = match row.get("baseline_year") {
            "" => Some(None),
            y => {
                if let Ok(y) = y.parse::<i32>() {
                    Some(Some(y))
                } else {
                    sheet.problem(Some(line), Some("baseline_year"), format!("năm \"{y}\" không hợp lệ"));
                    None
                }
            }
        };
        let (
            Some(unit),
            Some(direction),
            Some(objective),
            Some(confirmed),
            Some(bv),
            Some(t2025),
            Some(t2030),
            Some(by),
        ) = (unit, direction, objective, confirmed, baseline_value, t2025, t2030, baseline_year)
        else {
            continue;
        };
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
            formula: None,
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

    const GOOD: &str = "code,programme,objective,name_vi,name_en,unit,direction,baseline_year,baseline_value,target_2025,target_2030,source,confirmed\n\
        MT1.CT1,Chiến lược,1,Tỷ lệ nữ lãnh đạo,Women leaders,percent,at_least,2020,38,60,75,NQ 28,1\n";

    #[test]
    fn a_good_row_becomes_an_indicator() {
        let list = load_indicators(GOOD).unwrap();
        assert_eq!(list[0].code, "MT1.CT1");
        assert_eq!(list[0].target(2030), Some(75.0));
        assert_eq!(list[0].baseline, Some(Target { year: 2020, value: 38.0 }));
    }

    #[test]
    fn long_fields_and_too_many_rows_are_refused() {
        use crate::units::{MAX_CSV_FIELD_BYTES, MAX_CSV_ROWS};

        let long = format!("{GOOD}MT2,{},1,Tên,,percent,at_least,,,1,2,,1\n", "x".repeat(MAX_CSV_FIELD_BYTES + 1));
        let text: Vec<String> = load_indicators(&long).unwrap_err().problems.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["indicators.csv, dòng 3, cột programme: ô dài 4097 byte, vượt quá giới hạn 4096 byte"]);

        let row = GOOD.lines().nth(1).unwrap();
        let many = format!("{}\n{}", GOOD.lines().next().unwrap(), format!("{row}\n").repeat(MAX_CSV_ROWS + 1));
        let err = load_indicators(&many).unwrap_err();
        assert_eq!(err.problems[0].to_string(), "indicators.csv, dòng 100002: vượt quá giới hạn 100000 dòng dữ liệu");
    }

    #[test]
    fn problems_name_the_line_and_column() {
        let bad = format!("{GOOD}MT1.CT1,X,1,Trùng,,percent,at_least,,,1,2,,1\nMT9,X,x,Tên,,phan_tram,tang,,,-5,,,2\n");
        let err = load_indicators(&bad).unwrap_err();
        let text: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|p| p.starts_with("indicators.csv, dòng 3, cột code: mã MT1.CT1 trùng với dòng 2")),
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
