//! Plans: an agency's plan for the Strategy (a span of years or one year) with its approving
//! document, items under the guidance's four task groups, local targets per indicator and year
//! (a target weaker than the national one is allowed but flagged with the gap), and budget lines
//! by source and year with totals per item, group and plan.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::indicators::Indicator;
use crate::tasks::TaskId;
use crate::units::UnitId;
use crate::{Error, FieldError};

/// The identity of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanId(pub i64);

crate::named_enum! {
    /// A plan's state.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum PlanStatus: "status", "trạng thái" {
        /// Dự thảo.
        Draft = "draft", "Dự thảo", "Draft";
        /// Đã ban hành.
        Issued = "issued", "Đã ban hành", "Issued";
    }
}

/// The four task groups of the yearly guidance (356/LĐTBXH-BĐG and its successors).
pub const GROUPS: [(u8, &str); 4] = [
    (1, "Xây dựng và triển khai kế hoạch thực hiện Chiến lược, Chương trình"),
    (2, "Truyền thông, nâng cao nhận thức về bình đẳng giới"),
    (3, "Duy trì, nhân rộng các mô hình"),
    (4, "Nâng cao năng lực, hiệu quả quản lý nhà nước về bình đẳng giới"),
];

/// The task groups in English, in the order of [`GROUPS`].
pub const GROUPS_EN: [&str; 4] = [
    "Drawing up and carrying out plans to implement the Strategy and Programmes",
    "Communication and awareness-raising on gender equality",
    "Maintaining and replicating models",
    "Strengthening the capacity and effectiveness of state management of gender equality",
];

/// Budget sources.
pub const SOURCES: [(&str, &str); 4] = [
    ("ngan_sach_trung_uong", "Ngân sách trung ương"),
    ("ngan_sach_dia_phuong", "Ngân sách địa phương"),
    ("xa_hoi_hoa", "Xã hội hóa"),
    ("quoc_te", "Quốc tế, viện trợ"),
];

/// The sources of funds in English, in the order of [`SOURCES`].
pub const SOURCES_EN: [&str; 4] = ["Central budget", "Local budget", "Private contributions", "International aid"];

/// A plan's header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanHeader {
    /// The agency whose plan it is.
    pub agency: UnitId,
    /// Title ("Kế hoạch thực hiện công tác bình đẳng giới năm 2021").
    pub title: String,
    /// First year.
    pub year_from: i32,
    /// Last year.
    pub year_to: i32,
    /// The registered document that approved it.
    pub document: Option<i64>,
    /// Draft or issued.
    pub status: PlanStatus,
}

impl PlanHeader {
    /// Checks the header.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push(FieldError::new("title", "tên kế hoạch không được để trống"));
        }
        if !(2000..=2100).contains(&self.year_from)
            || self.year_to < self.year_from
            || self.year_to - self.year_from > 10
        {
            errors.push(FieldError::new(
                "year_to",
                "kế hoạch cho một năm hoặc một giai đoạn không quá 10 năm, năm cuối không trước năm đầu",
            ));
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
    }
}

/// An item of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItem {
    /// Identity (0 before it is stored).
    pub id: i64,
    /// Task group (1–4).
    pub group: u8,
    /// The item it is a sub-item of.
    pub parent: Option<i64>,
    /// What is to be done.
    pub title: String,
    /// Responsible agency.
    pub lead: Option<UnitId>,
    /// Coordinating agencies.
    pub coordinators: Vec<UnitId>,
    /// From.
    pub start: Option<NaiveDate>,
    /// Until.
    pub end: Option<NaiveDate>,
    /// Expected outputs.
    pub outputs: String,
    /// The task it is carried out by.
    pub task: Option<TaskId>,
}

impl PlanItem {
    /// Checks an item.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if !(1..=4).contains(&self.group) {
            errors.push(FieldError::new("group", "nhóm nhiệm vụ từ 1 đến 4"));
        }
        if self.title.trim().is_empty() {
            errors.push(FieldError::new("title", "nội dung không được để trống"));
        }
        if let (Some(s), Some(e)) = (self.start, self.end)
            && e < s
        {
            errors.push(FieldError::new("end", "thời gian kết thúc không thể trước thời gian bắt đầu"));
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
    }
}

/// A local target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalTarget {
    /// Indicator code.
    pub indicator: String,
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
}

/// Checks a local target against the catalog: the indicator must exist and the year be in the
/// plan; returns the warning when it is weaker than the national target of the same year (a
/// milestone: 2025, 2030). A target of another year is compared with nothing.
pub fn check_target(
    target: &LocalTarget,
    indicator: Option<&Indicator>,
    header: &PlanHeader,
) -> Result<Option<String>, Error> {
    let Some(indicator) = indicator else {
        return Err(Error::invalid(
            "indicator",
            format!("không có chỉ tiêu mã \"{}\" trong danh mục", target.indicator),
        ));
    };
    let mut errors = Vec::new();
    if target.year < header.year_from || target.year > header.year_to {
        errors.push(FieldError::new(
            "year",
            format!("năm {} nằm ngoài kế hoạch {}–{}", target.year, header.year_from, header.year_to),
        ));
    }
    if !target.value.is_finite()
        || target.value < 0.0
        || (indicator.unit == crate::indicators::Measure::Percent && target.value > 100.0)
    {
        errors.push(FieldError::new(
            "value",
            format!("giá trị {} không hợp lệ cho chỉ tiêu {}", target.value, indicator.code),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    // Only the national target of the same milestone compares: a 2021 value is a step towards
    // the 2025 target, not a target weaker than it.
    Ok(indicator.weaker_target_warning(target.year, target.value))
}

/// A budget line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetLine {
    /// Identity (0 before it is stored).
    pub id: i64,
    /// The item it funds (none: the plan as a whole).
    pub item: Option<i64>,
    /// Source code (see [`SOURCES`]).
    pub source: String,
    /// Year.
    pub year: i32,
    /// Amount in đồng.
    pub amount: i64,
}

impl BudgetLine {
    /// Checks a line.
    pub fn validate(&self, header: &PlanHeader) -> Result<(), Error> {
        let mut errors = Vec::new();
        if !SOURCES.iter().any(|(c, _)| *c == self.source) {
            errors.push(FieldError::new("source", format!("nguồn \"{}\" không tồn tại", self.source)));
        }
        if self.year < header.year_from || self.year > header.year_to {
            errors.push(FieldError::new("year", format!("năm {} nằm ngoài kế hoạch", self.year)));
        }
        if self.amount < 0 {
            errors.push(FieldError::new("amount", "kinh phí không được âm"));
        }
        if self.amount > MAX_AMOUNT {
            errors.push(FieldError::new("amount", "kinh phí quá lớn: một dòng kinh phí tối đa 1 triệu tỷ đồng"));
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
    }
}

/// The largest amount of one budget line, in đồng (10^15, a million billion): far above any
/// line of a gender-equality plan, and small enough that millions of lines add up in an `i64`.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Budget totals of a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// By item (lines funding an item and its sub-items count for the item itself).
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, i64>))]
    pub by_item: BTreeMap<i64, i64>,
    /// By task group.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, i64>))]
    pub by_group: BTreeMap<u8, i64>,
    /// By source.
    pub by_source: BTreeMap<String, i64>,
    /// By year.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, i64>))]
    pub by_year: BTreeMap<i32, i64>,
    /// The whole plan.
    pub total: i64,
}

/// Adds up a plan's budget. Sums saturate at `i64::MAX` instead of wrapping: with lines bounded by
/// [`MAX_AMOUNT`] that takes over nine thousand maximal lines, and a wrong sign is never shown.
#[must_use]
pub fn totals(items: &[PlanItem], lines: &[BudgetLine]) -> Totals {
    let add = |slot: &mut i64, amount: i64| *slot = slot.saturating_add(amount);
    let mut t = Totals::default();
    for line in lines {
        add(&mut t.total, line.amount);
        add(t.by_source.entry(line.source.clone()).or_default(), line.amount);
        add(t.by_year.entry(line.year).or_default(), line.amount);
        if let Some(item) = line.item.and_then(|id| items.iter().find(|i| i.id == id)) {
            add(t.by_item.entry(item.id).or_default(), line.amount);
            add(t.by_group.entry(item.group).or_default(), line.amount);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::{Measure, Target, TargetDirection};

    fn header() -> PlanHeader {
        PlanHeader {
            agency: UnitId(1),
            title: "Kế hoạch 2021".into(),
            year_from: 2021,
            year_to: 2021,
            document: None,
            status: PlanStatus::Draft,
        }
    }

    #[test]
    fn a_weaker_target_is_allowed_with_its_gap() {
        let mt1 = Indicator {
            code: "MT1.CT1".into(),
            programme: String::new(),
            objective: 1,
            name: "x".into(),
            name_en: String::new(),
            unit: Measure::Percent,
            direction: TargetDirection::AtLeast,
            baseline: None,
            targets: vec![Target { year: 2025, value: 60.0 }],
            source: String::new(),
            confirmed: true,
            formula: None,
            formula_note: String::new(),
            baseline_source: String::new(),
            retired: false,
        };
        let period = PlanHeader { year_from: 2021, year_to: 2025, ..header() };
        let t = LocalTarget { indicator: "MT1.CT1".into(), year: 2025, value: 50.0 };
        let warning = check_target(&t, Some(&mt1), &period).unwrap().unwrap();
        assert!(warning.contains("năm 2025: 50 thấp hơn chỉ tiêu quốc gia 60% là 10 điểm %"), "{warning}");
        assert!(check_target(&LocalTarget { value: 65.0, ..t.clone() }, Some(&mt1), &period).unwrap().is_none());
        // A 2021 value is a step towards 2025, never compared with the 2025 target.
        let early = LocalTarget { year: 2021, ..t.clone() };
        assert!(check_target(&early, Some(&mt1), &header()).unwrap().is_none());
        assert!(matches!(check_target(&t, None, &header()), Err(Error::Invalid(e)) if e[0].field == "indicator"));
        assert!(check_target(&LocalTarget { year: 2022, ..t }, Some(&mt1), &header()).is_err());
    }

    #[test]
    fn totals_add_up_by_item_group_source_and_year() {
        let item = |id, group| PlanItem {
            id,
            group,
            parent: None,
            title: "x".into(),
            lead: None,
            coordinators: vec![],
            start: None,
            end: None,
            outputs: String::new(),
            task: None,
        };
        let line = |item, source: &str, amount| BudgetLine { id: 0, item, source: source.into(), year: 2021, amount };
        let t = totals(
            &[item(1, 2), item(2, 3)],
            &[line(Some(1), "ngan_sach_dia_phuong", 100), line(Some(2), "xa_hoi_hoa", 50), line(None, "quoc_te", 7)],
        );
        assert_eq!(t.total, 157);
        assert_eq!(t.by_group[&2], 100);
        assert_eq!(t.by_item[&2], 50);
        assert_eq!(t.by_source["quoc_te"], 7);
        assert!(BudgetLine { amount: -1, ..line(None, "quoc_te", 0) }.validate(&header()).is_err());
        assert!(BudgetLine { amount: i64::MAX, ..line(None, "quoc_te", 0) }.validate(&header()).is_err());
        let huge = [line(None, "quoc_te", i64::MAX), line(None, "quoc_te", i64::MAX)];
        assert_eq!(totals(&[], &huge).total, i64::MAX, "saturates, never wraps");
    }
}
