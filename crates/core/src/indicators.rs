//! The indicator catalog: the objectives and indicators of the National Strategy on Gender
//! Equality 2021–2030 (Nghị quyết 28/NQ-CP) and the related programmes, with national targets by
//! year, the acts they come from, a flag on entries whose wording or numbering is unconfirmed,
//! and the formula over data elements that reporting will compute them with. Local targets are
//! compared with the national ones: a weaker target is allowed but the shortfall is said.

use serde::{Deserialize, Serialize};

use crate::{Error, FieldError};

crate::named_enum! {
    /// How an indicator is measured.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Measure: "unit", "đơn vị" {
        /// A percentage.
        Percent = "percent";
        /// A ratio (boys per 100 girls, hours of women per hour of men).
        Ratio = "ratio";
        /// Per 1,000.
        #[serde(rename = "per_1000")]
        Per1000 = "per_1000";
        /// Per 100,000.
        #[serde(rename = "per_100000")]
        Per100000 = "per_100000";
        /// A count.
        Count = "count";
    }
}

impl Measure {
    /// The symbol after a value ("60%", "42/100.000").
    #[must_use]
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Percent => "%",
            Self::Ratio | Self::Count => "",
            Self::Per1000 => "‰",
            Self::Per100000 => "/100.000",
        }
    }
}

crate::named_enum! {
    /// Which way a target points.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum TargetDirection: "direction", "chiều chỉ tiêu" {
        /// The value must reach the target (≥).
        AtLeast = "at_least";
        /// The value must stay under the target (≤).
        AtMost = "at_most";
        /// The value must equal the target.
        Exactly = "exactly";
    }
}

impl TargetDirection {
    /// "≥", "≤", "=".
    #[must_use]
    pub fn sign(self) -> &'static str {
        match self {
            Self::AtLeast => "≥",
            Self::AtMost => "≤",
            Self::Exactly => "=",
        }
    }

    /// How much weaker `local` is than `national`, or `None` when it is as strong or stronger.
    #[must_use]
    pub fn shortfall(self, national: f64, local: f64) -> Option<f64> {
        let gap = match self {
            Self::AtLeast => national - local,
            Self::AtMost => local - national,
            Self::Exactly => (local - national).abs(),
        };
        (gap > 1e-9).then_some(gap)
    }
}

/// A target value for a year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Target {
    /// The year.
    pub year: i32,
    /// The value.
    pub value: f64,
}

/// How an indicator is computed from data elements: numerator / denominator × factor. Each side
/// is a selector of reported values (see [`crate::reporting::check_selector`]): `DN_CHU.nu`, the
/// women among directors; `DN_CHU`, all of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Formula {
    /// Selector of the numerator.
    pub numerator: String,
    /// Selector of the denominator (none for counts).
    #[serde(default)]
    pub denominator: Option<String>,
    /// 100 for percentages, 1000, 100000…
    pub factor: f64,
}

impl Formula {
    /// The indicator's value from reported values keyed by (element, option combination); `None`
    /// when a side has no value or the denominator is zero.
    #[must_use]
    pub fn compute(&self, values: &std::collections::BTreeMap<(String, String), f64>) -> Option<f64> {
        let numerator = crate::reporting::select(values, &self.numerator)?;
        let denominator = match &self.denominator {
            Some(d) => crate::reporting::select(values, d).filter(|d| *d != 0.0)?,
            None => 1.0,
        };
        Some(numerator / denominator * self.factor)
    }
}

/// An indicator of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    /// Code ("MT1.CT1").
    pub code: String,
    /// The programme it belongs to.
    #[serde(default)]
    pub programme: String,
    /// The objective's number within the Strategy (1–6).
    pub objective: u8,
    /// Name in Vietnamese.
    pub name: String,
    /// Name in English.
    #[serde(default)]
    pub name_en: String,
    /// How it is measured.
    pub unit: Measure,
    /// Which way its targets point.
    pub direction: TargetDirection,
    /// The baseline, when known.
    #[serde(default)]
    pub baseline: Option<Target>,
    /// National targets by year.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// The acts it comes from.
    #[serde(default)]
    pub source: String,
    /// False for entries whose wording or numbering is awaiting confirmation.
    #[serde(default)]
    pub confirmed: bool,
    /// How reporting computes it.
    #[serde(default)]
    pub formula: Option<Formula>,
    /// Where the formula comes from, or why there is none.
    #[serde(default)]
    pub formula_note: String,
    /// Where the baseline comes from.
    #[serde(default)]
    pub baseline_source: String,
    /// No longer tracked (kept for history).
    #[serde(default)]
    pub retired: bool,
}

impl Indicator {
    /// The national target of a year.
    #[must_use]
    pub fn target(&self, year: i32) -> Option<f64> {
        self.targets.iter().find(|t| t.year == year).map(|t| t.value)
    }

    /// Checks every field, reporting all problems at once.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        let code_ok =
            !self.code.is_empty() && self.code.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !code_ok {
            errors
                .push(FieldError::new("code", "mã chỉ tiêu không để trống, chỉ gồm chữ, số và . - _ (ví dụ MT1.CT1)"));
        }
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "tên chỉ tiêu không được để trống"));
        }
        if !(1..=9).contains(&self.objective) {
            errors.push(FieldError::new("objective", "mục tiêu là một số từ 1 đến 9"));
        }
        let mut years: Vec<i32> = self.targets.iter().map(|t| t.year).collect();
        years.sort_unstable();
        years.dedup();
        if years.len() != self.targets.len() {
            errors.push(FieldError::new("targets", "mỗi năm chỉ có một chỉ tiêu"));
        }
        for t in self.targets.iter().chain(self.baseline.iter()) {
            if !(2000..=2100).contains(&t.year) || !t.value.is_finite() || t.value < 0.0 {
                errors.push(FieldError::new(
                    "targets",
                    format!("năm {} giá trị {}: năm từ 2000 đến 2100, giá trị không âm", t.year, t.value),
                ));
            }
            if self.unit == Measure::Percent && t.value > 100.0 {
                errors.push(FieldError::new("targets", format!("năm {}: tỷ lệ {} vượt 100%", t.year, t.value)));
            }
        }
        if let Some(f) =
            self.formula.as_ref().filter(|f| f.numerator.trim().is_empty() || !f.factor.is_finite() || f.factor <= 0.0)
        {
            errors.push(FieldError::new(
                "formula",
                format!("công thức \"{}\" cần tử số và hệ số lớn hơn 0", f.numerator),
            ));
        }
        if let Some(f) = &self.formula {
            for side in std::iter::once(&f.numerator).chain(f.denominator.iter()).filter(|s| !s.trim().is_empty()) {
                if let Err(m) = crate::reporting::check_selector(side) {
                    errors.push(FieldError::new("formula", m));
                }
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
    }

    /// The warning for a local target weaker than the national one of the same year, saying by
    /// how much ("thấp hơn chỉ tiêu quốc gia 60% là 5 điểm %").
    #[must_use]
    pub fn weaker_target_warning(&self, year: i32, local: f64) -> Option<String> {
        let national = self.target(year)?;
        let gap = self.direction.shortfall(national, local)?;
        let unit = if self.unit == Measure::Percent { " điểm %".to_owned() } else { self.unit.suffix().to_owned() };
        let how = match self.direction {
            TargetDirection::AtLeast => "thấp hơn",
            TargetDirection::AtMost => "cao hơn",
            TargetDirection::Exactly => "khác",
        };
        Some(format!(
            "Chỉ tiêu {} năm {year}: {} {how} chỉ tiêu quốc gia {}{} là {}{unit}",
            self.code,
            trim_number(local),
            trim_number(national),
            self.unit.suffix(),
            trim_number(gap)
        ))
    }
}

/// Parses targets written "2025=60; 2030=75" (decimal comma or point).
pub fn parse_targets(text: &str) -> Result<Vec<Target>, FieldError> {
    let mut out = Vec::new();
    for part in text.split([';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = part.split_once('=').and_then(|(y, v)| {
            Some(Target { year: y.trim().parse().ok()?, value: v.trim().replace(',', ".").parse().ok()? })
        });
        match parsed {
            Some(t) => out.push(t),
            None => {
                return Err(FieldError::new("targets", format!("\"{part}\" phải có dạng năm=giá trị, ví dụ 2025=60")));
            }
        }
    }
    Ok(out)
}

/// A number as typed back into a form: a decimal comma, no separator between thousands
/// (`1234,5`), so that reading it again gives the same number.
#[must_use]
pub fn plain_number(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').replace('.', ",")
}

/// 60 → "60", 1.7 → "1,7", 1234.5 → "1.234,5": the Vietnamese way, a dot between thousands and
/// a decimal comma.
#[must_use]
pub fn trim_number(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (whole, fraction) = text.split_once('.').map_or((text, None), |(w, f)| (w, Some(f)));
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push(',');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_vietnamese_way() {
        assert_eq!(trim_number(1234.5), "1.234,5");
        assert_eq!(trim_number(1.7), "1,7");
        assert_eq!(trim_number(-1_000_000.0), "-1.000.000");
        assert_eq!(trim_number(60.0), "60");
    }

    fn mt1() -> Indicator {
        Indicator {
            code: "MT1.CT1".into(),
            programme: "Chiến lược".into(),
            objective: 1,
            name: "Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ".into(),
            name_en: String::new(),
            unit: Measure::Percent,
            direction: TargetDirection::AtLeast,
            baseline: None,
            targets: vec![Target { year: 2025, value: 60.0 }, Target { year: 2030, value: 75.0 }],
            source: "Nghị quyết 28/NQ-CP".into(),
            confirmed: true,
            formula: None,
            formula_note: String::new(),
            baseline_source: String::new(),
            retired: false,
        }
    }

    #[test]
    fn a_weaker_local_target_is_flagged_with_the_gap() {
        let i = mt1();
        assert_eq!(
            i.weaker_target_warning(2025, 55.0).unwrap(),
            "Chỉ tiêu MT1.CT1 năm 2025: 55 thấp hơn chỉ tiêu quốc gia 60% là 5 điểm %"
        );
        assert!(i.weaker_target_warning(2025, 65.0).is_none());
        assert!(i.weaker_target_warning(2024, 10.0).is_none(), "no national target that year");
        let mut srb = mt1();
        srb.unit = Measure::Ratio;
        srb.direction = TargetDirection::AtMost;
        srb.targets = vec![Target { year: 2025, value: 111.0 }];
        assert_eq!(
            srb.weaker_target_warning(2025, 112.5).unwrap(),
            "Chỉ tiêu MT1.CT1 năm 2025: 112,5 cao hơn chỉ tiêu quốc gia 111 là 1,5"
        );
    }

    #[test]
    fn targets_are_read_from_text() {
        assert_eq!(
            parse_targets("2025=60; 2030 = 1,7").unwrap(),
            vec![Target { year: 2025, value: 60.0 }, Target { year: 2030, value: 1.7 }]
        );
        assert_eq!(parse_targets("2025:60").unwrap_err().field, "targets");
        assert!(parse_targets("").unwrap().is_empty());
    }

    #[test]
    fn bad_indicators_are_named_field_by_field() {
        let mut i = mt1();
        i.code = "MT 1".into();
        i.targets.push(Target { year: 2025, value: 120.0 });
        let Err(Error::Invalid(e)) = i.validate() else { panic!() };
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert!(fields.contains(&"code") && fields.contains(&"targets"), "{fields:?}");
        assert!(mt1().validate().is_ok());
    }
}
