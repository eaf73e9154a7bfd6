//! Periodic reporting: data elements and the categories that disaggregate them, the forms
//! (data sets) with their sections, periods, deadlines and validation rules, dated obligations,
//! the workflow of a report, and completeness. Everything here is plain data and pure functions;
//! the store keeps reports and values, the application layer runs the workflow.
//!
//! Identifiers are codes, as DHIS2 clients address them with `idScheme=CODE`: an element
//! (`DT_HOC_VIEN`), an option combination built from its options (`nu`, `quoc_hoi_nu`, `default`
//! where an element is not disaggregated), a period as DHIS2 names it (`2021`, `2021S1`,
//! `2021Q3`, `202103`, and `2021N9` for nine months).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::activities::Figure;
use crate::units::{UnitId, UnitKind};
use crate::{Error, FieldError};

// ---------------------------------------------------------------------------------------------
// Periods

/// Which rules a form's periods follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Regime {
    /// An administrative report under Nghị định 09/2019/NĐ-CP: data cut off on the 14th (the
    /// year runs from 15/12 of the year before to 14/12).
    Administrative,
    /// A statistical report (Luật Thống kê and the sector's circulars): calendar periods.
    Statistical,
}

impl Regime {
    /// Vietnamese label.
    #[must_use]
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Administrative => "Báo cáo hành chính (Nghị định 09/2019/NĐ-CP)",
            Self::Statistical => "Báo cáo thống kê",
        }
    }

    /// English label.
    #[must_use]
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Administrative => "Administrative report (Decree 09/2019/ND-CP)",
            Self::Statistical => "Statistical report",
        }
    }
}

crate::named_enum! {
    /// The length of a period.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum PeriodType: "period_type", "loại kỳ" {
        /// Tháng: `202103`.
        Month = "month";
        /// Quý: `2021Q3`.
        Quarter = "quarter";
        /// Sáu tháng: `2021S1`, `2021S2`.
        HalfYear = "half_year";
        /// Chín tháng: `2021N9`.
        NineMonths = "nine_months";
        /// Năm: `2021`.
        Year = "year";
    }
}

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// Its length.
    pub kind: PeriodType,
    /// Month 1–12, quarter 1–4, half 1–2; 1 for a year and nine months.
    pub index: u8,
}

/// The years a period may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl Period {
    /// A year.
    #[must_use]
    pub fn year(year: i32) -> Self {
        Self { year, kind: PeriodType::Year, index: 1 }
    }

    /// Reads a period as DHIS2 names it (`2021`, `2021S1`, `2021Q3`, `202103`) or nine months
    /// (`2021N9`).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let t = text.trim();
        let bad = || {
            Error::invalid(
                "period",
                format!(
                    "kỳ \"{t}\" không đúng dạng: năm 2021, sáu tháng 2021S1 hoặc 2021S2, chín tháng 2021N9, \
                     quý 2021Q3, tháng 202103"
                ),
            )
        };
        if !t.is_ascii() || t.len() < 4 {
            return Err(bad());
        }
        let year: i32 = t[..4].parse().map_err(|_| bad())?;
        if !YEARS.contains(&year) {
            return Err(bad());
        }
        let rest = &t[4..];
        let (kind, index) = match rest.as_bytes() {
            [] => (PeriodType::Year, 1),
            [b'S', d @ (b'1' | b'2')] => (PeriodType::HalfYear, d - b'0'),
            [b'Q', d @ b'1'..=b'4'] => (PeriodType::Quarter, d - b'0'),
            [b'N', b'9'] => (PeriodType::NineMonths, 1),
            [a @ b'0'..=b'1', b @ b'0'..=b'9'] => {
                let m = (a - b'0') * 10 + (b - b'0');
                if !(1..=12).contains(&m) {
                    return Err(bad());
                }
                (PeriodType::Month, m)
            }
            _ => return Err(bad()),
        };
        Ok(Self { year, kind, index })
    }

    /// The period before, of the same length.
    #[must_use]
    pub fn previous(&self) -> Self {
        let last = match self.kind {
            PeriodType::Year | PeriodType::NineMonths => 1,
            PeriodType::HalfYear => 2,
            PeriodType::Quarter => 4,
            PeriodType::Month => 12,
        };
        if self.index > 1 {
            Self { index: self.index - 1, ..*self }
        } else {
            Self { year: self.year - 1, index: last, ..*self }
        }
    }

    /// Its code.
    #[must_use]
    pub fn code(&self) -> String {
        match self.kind {
            PeriodType::Year => format!("{}", self.year),
            PeriodType::HalfYear => format!("{}S{}", self.year, self.index),
            PeriodType::Quarter => format!("{}Q{}", self.year, self.index),
            PeriodType::NineMonths => format!("{}N9", self.year),
            PeriodType::Month => format!("{}{:02}", self.year, self.index),
        }
    }

    /// The first and last day of data under a regime.
    #[must_use]
    pub fn dates(&self, regime: Regime) -> (NaiveDate, NaiveDate) {
        let (first_month, last_month) = match self.kind {
            PeriodType::Year => (1, 12),
            PeriodType::HalfYear => (u32::from(self.index) * 6 - 5, u32::from(self.index) * 6),
            PeriodType::Quarter => (u32::from(self.index) * 3 - 2, u32::from(self.index) * 3),
            PeriodType::NineMonths => (1, 9),
            PeriodType::Month => (u32::from(self.index), u32::from(self.index)),
        };
        let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        match regime {
            // From the 15th of the month before the first month to the 14th of the last.
            Regime::Administrative => {
                let start =
                    if first_month == 1 { ymd(self.year - 1, 12, 15) } else { ymd(self.year, first_month - 1, 15) };
                (start, ymd(self.year, last_month, 14))
            }
            Regime::Statistical => {
                let end = if last_month == 12 {
                    ymd(self.year, 12, 31)
                } else {
                    ymd(self.year, last_month + 1, 1).pred_opt().unwrap_or(NaiveDate::MIN)
                };
                (ymd(self.year, first_month, 1), end)
            }
        }
    }

    /// The Vietnamese name: "năm 2021", "6 tháng đầu năm 2021", "quý III/2021", "tháng 3/2021".
    #[must_use]
    pub fn label_vi(&self) -> String {
        match self.kind {
            PeriodType::Year => format!("năm {}", self.year),
            PeriodType::HalfYear if self.index == 1 => format!("6 tháng đầu năm {}", self.year),
            PeriodType::HalfYear => format!("6 tháng cuối năm {}", self.year),
            PeriodType::NineMonths => format!("9 tháng năm {}", self.year),
            PeriodType::Quarter => {
                format!("quý {}/{}", ["I", "II", "III", "IV"][usize::from(self.index - 1)], self.year)
            }
            PeriodType::Month => format!("tháng {}/{}", self.index, self.year),
        }
    }

    /// The English name.
    #[must_use]
    pub fn label_en(&self) -> String {
        match self.kind {
            PeriodType::Year => format!("year {}", self.year),
            PeriodType::HalfYear if self.index == 1 => format!("first half of {}", self.year),
            PeriodType::HalfYear => format!("second half of {}", self.year),
            PeriodType::NineMonths => format!("nine months of {}", self.year),
            PeriodType::Quarter => format!("Q{} {}", self.index, self.year),
            PeriodType::Month => format!("{}/{}", self.index, self.year),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

// ---------------------------------------------------------------------------------------------
// Data elements and categories

/// What a value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ValueType {
    /// A whole number ≥ 0 (people, events, đồng).
    Integer,
    /// A number ≥ 0.
    Number,
    /// A percentage from 0 to 100.
    Percent,
    /// Text.
    Text,
    /// Có / không.
    YesNo,
}

/// How values combine over units and periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Aggregation {
    /// Added up.
    Sum,
    /// Averaged.
    Average,
    /// The last value of the period (a stock: models operating at the end).
    Last,
}

/// The largest number a value may hold (đồng included).
pub const MAX_VALUE: f64 = 1e15;
/// The longest text value, in characters.
pub const MAX_TEXT: usize = 2_000;

impl ValueType {
    /// Checks a typed value and gives its stored form: numbers written the Vietnamese way
    /// (`1.234,5`) or the machine way (`1234.5`) are both read; text is trimmed; yes/no is
    /// `true`/`false`. The error says what was expected, in Vietnamese.
    pub fn canonical(self, text: &str) -> Result<String, String> {
        let t = text.trim();
        match self {
            Self::Text => {
                if t.chars().count() > MAX_TEXT {
                    Err(format!("dài quá {MAX_TEXT} ký tự"))
                } else {
                    Ok(t.to_owned())
                }
            }
            Self::YesNo => match vanban::fold(t).as_str() {
                "true" | "co" | "1" | "yes" => Ok("true".into()),
                "false" | "khong" | "0" | "no" => Ok("false".into()),
                _ => Err(format!("\"{t}\" phải là Có hoặc Không")),
            },
            Self::Integer | Self::Number | Self::Percent => {
                let n = read_number(t).ok_or_else(|| format!("\"{t}\" không phải là một số"))?;
                if n < 0.0 {
                    return Err(format!("{t} nhỏ hơn 0"));
                }
                if self == Self::Integer && n.fract() != 0.0 {
                    return Err(format!("{t} phải là số nguyên"));
                }
                if self == Self::Percent && n > 100.0 {
                    return Err(format!("{t} lớn hơn 100 %"));
                }
                if n > MAX_VALUE {
                    return Err(format!("{t} lớn quá mức cho phép"));
                }
                Ok(format_number(n))
            }
        }
    }

    /// Whether values are numbers.
    #[must_use]
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Integer | Self::Number | Self::Percent)
    }
}

/// Reads `1.234,5`, `1 234,5`, `1234.5`, `1.234` (a thousands group) or `12,5`.
#[must_use]
pub fn read_number(text: &str) -> Option<f64> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let normal = if t.contains(',') {
        // Vietnamese: dots group thousands, the comma is the decimal mark.
        if t.matches(',').count() > 1 {
            return None;
        }
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() > 1 || is_thousands_grouping(&t) {
        t.replace('.', "")
    } else {
        t
    };
    if !normal.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return None;
    }
    normal.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `1.234` or `12.345.678`: groups of three after the first.
fn is_thousands_grouping(t: &str) -> bool {
    let mut parts = t.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first != "0"
        && rest.iter().all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A number's stored form: no exponent, no trailing zeros.
#[must_use]
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        // An integral float below 1e16 is exactly an i64, which prints far faster than the float.
        #[allow(clippy::cast_possible_truncation, reason = "integral and below 1e16")]
        let whole = n as i64;
        whole.to_string()
    } else {
        let s = format!("{n:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A category that disaggregates values, with its options (code, Vietnamese, English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// Code.
    pub code: &'static str,
    /// Vietnamese name.
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// The options.
    pub options: &'static [(&'static str, &'static str, &'static str)],
}

/// Giới tính.
pub const SEX: Category = Category {
    code: "gioi_tinh",
    name_vi: "Giới tính",
    name_en: "Sex",
    options: &[("nam", "Nam", "Men"), ("nu", "Nữ", "Women")],
};
/// Nhóm tuổi (the age groups of the national gender statistics).
pub const AGE: Category = Category {
    code: "nhom_tuoi",
    name_vi: "Nhóm tuổi",
    name_en: "Age group",
    options: &[
        ("duoi_15", "Dưới 15 tuổi", "Under 15"),
        ("15_24", "15–24 tuổi", "15–24"),
        ("25_59", "25–59 tuổi", "25–59"),
        ("60_tro_len", "60 tuổi trở lên", "60 and over"),
    ],
};
/// Dân tộc.
pub const ETHNICITY: Category = Category {
    code: "dan_toc",
    name_vi: "Dân tộc",
    name_en: "Ethnicity",
    options: &[("kinh", "Kinh", "Kinh"), ("thieu_so", "Dân tộc thiểu số", "Ethnic minorities")],
};
/// Thành thị / nông thôn.
pub const RESIDENCE: Category = Category {
    code: "khu_vuc",
    name_vi: "Khu vực",
    name_en: "Urban/rural",
    options: &[("thanh_thi", "Thành thị", "Urban"), ("nong_thon", "Nông thôn", "Rural")],
};
/// Nguồn kinh phí.
pub const FUNDING: Category = Category {
    code: "nguon_kinh_phi",
    name_vi: "Nguồn kinh phí",
    name_en: "Source of funds",
    options: &[
        ("ngan_sach_trung_uong", "Ngân sách trung ương", "Central budget"),
        ("ngan_sach_dia_phuong", "Ngân sách địa phương", "Local budget"),
        ("xa_hoi_hoa", "Xã hội hóa", "Private contributions"),
        ("quoc_te", "Quốc tế, viện trợ", "International aid"),
        ("khong_ro", "Chưa rõ nguồn", "Source not stated"),
    ],
};
/// Ngôn ngữ.
pub const LANGUAGE: Category = Category {
    code: "ngon_ngu",
    name_vi: "Ngôn ngữ",
    name_en: "Language",
    options: &[
        ("vi", "Tiếng Việt", "Vietnamese"),
        ("km", "Tiếng Khmer", "Khmer"),
        ("hmn", "Tiếng H'Mông", "Hmong"),
        ("th", "Tiếng Thái", "Thai"),
        ("ede", "Tiếng Ê Đê", "Ede"),
        ("khac", "Tiếng dân tộc khác", "Other ethnic language"),
    ],
};
/// Cơ quan dân cử.
pub const ELECTED_BODY: Category = Category {
    code: "co_quan_dan_cu",
    name_vi: "Cơ quan dân cử",
    name_en: "Elected body",
    options: &[
        ("quoc_hoi", "Quốc hội", "National Assembly"),
        ("hdnd_tinh", "HĐND tỉnh", "Provincial People's Council"),
        ("hdnd_huyen", "HĐND huyện", "District People's Council"),
        ("hdnd_xa", "HĐND xã", "Commune People's Council"),
    ],
};
/// Đối tượng khen thưởng.
pub const RECIPIENT: Category = Category {
    code: "doi_tuong",
    name_vi: "Đối tượng",
    name_en: "Recipient",
    options: &[("ca_nhan", "Cá nhân", "Individual"), ("tap_the", "Tập thể", "Collective")],
};

/// Every category.
pub const CATEGORIES: [Category; 8] = [SEX, AGE, ETHNICITY, RESIDENCE, FUNDING, LANGUAGE, ELECTED_BODY, RECIPIENT];

/// A combination of categories; its option combinations are the cross product of the options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryCombo {
    /// Code (`default`: not disaggregated).
    pub code: &'static str,
    /// The categories, outermost first.
    pub categories: &'static [Category],
}

/// Not disaggregated: one option combination, `default`.
pub const DEFAULT_COMBO: CategoryCombo = CategoryCombo { code: "default", categories: &[] };

/// One option combination of a combo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionCombo {
    /// Code: the options' codes joined by `_` (`quoc_hoi_nu`), or `default`.
    pub code: String,
    /// Vietnamese name (`Quốc hội, Nữ`).
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// The options it is made of, one per category (none for `default`).
    #[serde(skip)]
    pub parts: Vec<&'static str>,
}

impl CategoryCombo {
    /// The option combinations, in order.
    #[must_use]
    pub fn option_combos(&self) -> Vec<OptionCombo> {
        let mut out = vec![OptionCombo {
            code: String::new(),
            name_vi: String::new(),
            name_en: String::new(),
            parts: Vec::new(),
        }];
        for cat in self.categories {
            out = out
                .iter()
                .flat_map(|o| {
                    cat.options.iter().map(move |(code, vi, en)| {
                        let join = |a: &str, b: &str, sep: &str| {
                            if a.is_empty() { b.to_owned() } else { format!("{a}{sep}{b}") }
                        };
                        let mut parts = o.parts.clone();
                        parts.push(*code);
                        OptionCombo {
                            code: join(&o.code, code, "_"),
                            name_vi: join(&o.name_vi, vi, ", "),
                            name_en: join(&o.name_en, en, ", "),
                            parts,
                        }
                    })
                })
                .collect();
        }
        if self.categories.is_empty() {
            return vec![OptionCombo {
                code: "default".into(),
                name_vi: String::new(),
                name_en: String::new(),
                parts: Vec::new(),
            }];
        }
        out
    }

    /// Whether `code` is one of its option combinations.
    #[must_use]
    pub fn has(&self, code: &str) -> bool {
        self.option_combos().iter().any(|o| o.code == code)
    }
}

const fn combo(code: &'static str, categories: &'static [Category]) -> CategoryCombo {
    CategoryCombo { code, categories }
}

/// By sex.
pub const BY_SEX: CategoryCombo = combo("gioi_tinh", &[SEX]);
/// By ethnicity.
pub const BY_ETHNICITY: CategoryCombo = combo("dan_toc", &[ETHNICITY]);
/// By source of funds.
pub const BY_FUNDING: CategoryCombo = combo("nguon_kinh_phi", &[FUNDING]);
/// By language.
pub const BY_LANGUAGE: CategoryCombo = combo("ngon_ngu", &[LANGUAGE]);
/// By elected body and sex.
pub const BY_BODY_SEX: CategoryCombo = combo("co_quan_dan_cu_gioi_tinh", &[ELECTED_BODY, SEX]);
/// By recipient.
pub const BY_RECIPIENT: CategoryCombo = combo("doi_tuong", &[RECIPIENT]);
/// By sex and urban/rural.
pub const BY_SEX_RESIDENCE: CategoryCombo = combo("gioi_tinh_khu_vuc", &[SEX, RESIDENCE]);
/// By sex and age group.
pub const BY_SEX_AGE: CategoryCombo = combo("gioi_tinh_nhom_tuoi", &[SEX, AGE]);

/// A data element: what is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataElement {
    /// Code.
    pub code: &'static str,
    /// Vietnamese name.
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// What a value holds.
    pub value_type: ValueType,
    /// How values combine.
    pub aggregation: Aggregation,
    /// How it is disaggregated.
    pub combo: CategoryCombo,
}

const fn el(
    code: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    value_type: ValueType,
    aggregation: Aggregation,
    combo: CategoryCombo,
) -> DataElement {
    DataElement { code, name_vi, name_en, value_type, aggregation, combo }
}

use Aggregation::{Last, Sum};
use ValueType::{Integer, Text, YesNo};

/// Every data element. The first block is what activities yield (the codes of
/// [`crate::activities::FIGURE_CODES`]); the others are typed into reports.
pub const ELEMENTS: &[DataElement] = &[
    el("TT_SU_KIEN", "Số sự kiện truyền thông", "Communication events", Integer, Sum, DEFAULT_COMBO),
    el(
        "TT_NGUOI_THAM_DU",
        "Số người tham dự sự kiện truyền thông",
        "People attending communication events",
        Integer,
        Sum,
        BY_SEX,
    ),
    el(
        "TT_NGUOI_THAM_DU_DT",
        "Người tham dự sự kiện truyền thông theo dân tộc",
        "People attending communication events by ethnicity",
        Integer,
        Sum,
        BY_ETHNICITY,
    ),
    el("TT_SAN_PHAM", "Số sản phẩm truyền thông", "Communication products", Integer, Sum, BY_LANGUAGE),
    el(
        "TT_BAN_PHAT_HANH",
        "Số bản in, phát hành và lượt phát sóng",
        "Copies issued and broadcasts",
        Integer,
        Sum,
        DEFAULT_COMBO,
    ),
    el("DT_LOP", "Số lớp tập huấn, bồi dưỡng", "Training courses", Integer, Sum, DEFAULT_COMBO),
    el("DT_HOC_VIEN", "Số học viên tập huấn, bồi dưỡng", "Trainees", Integer, Sum, BY_SEX),
    el("MH_HOAT_DONG", "Số mô hình đang hoạt động", "Models operating", Integer, Last, DEFAULT_COMBO),
    el("MH_MOI", "Số mô hình mới trong kỳ", "New models in the period", Integer, Sum, DEFAULT_COMBO),
    el("MH_NHAN_RONG", "Số mô hình được nhân rộng", "Models replicated", Integer, Sum, DEFAULT_COMBO),
    el("TTKT_CUOC", "Số cuộc thanh tra, kiểm tra", "Inspections and checks", Integer, Sum, DEFAULT_COMBO),
    el("TTKT_VI_PHAM", "Số vi phạm phát hiện", "Violations found", Integer, Sum, DEFAULT_COMBO),
    el("TTKT_XU_LY", "Số vi phạm đã xử lý", "Violations dealt with", Integer, Sum, DEFAULT_COMBO),
    el("VU_VIEC", "Số vụ việc đột xuất", "Urgent incidents", Integer, Sum, DEFAULT_COMBO),
    el("KHEN_THUONG", "Số khen thưởng", "Commendations", Integer, Sum, BY_RECIPIENT),
    el(
        "LONG_GHEP",
        "Số văn bản được rà soát lồng ghép giới",
        "Documents reviewed for gender mainstreaming",
        Integer,
        Sum,
        DEFAULT_COMBO,
    ),
    el(
        "THANG_HANH_DONG",
        "Số cơ quan, đơn vị tổ chức Tháng hành động",
        "Agencies holding the Action Month",
        Integer,
        Sum,
        DEFAULT_COMBO,
    ),
    el("BAU_CU_TRUNG_CU", "Số người trúng cử", "People elected", Integer, Sum, BY_BODY_SEX),
    el("KINH_PHI", "Kinh phí (đồng)", "Funds (VND)", Integer, Sum, BY_FUNDING),
    // Typed into the yearly report.
    el(
        "KH_BAN_HANH",
        "Số kế hoạch, văn bản chỉ đạo về bình đẳng giới đã ban hành",
        "Plans and directions on gender equality issued",
        Integer,
        Sum,
        DEFAULT_COMBO,
    ),
    el("THD_DA_TO_CHUC", "Đã tổ chức Tháng hành động", "Held the Action Month", YesNo, Last, DEFAULT_COMBO),
    el("THD_SU_KIEN", "Số sự kiện trong Tháng hành động", "Events of the Action Month", Integer, Sum, DEFAULT_COMBO),
    el(
        "THD_NGUOI_THAM_DU",
        "Số người tham dự các sự kiện của Tháng hành động",
        "People attending Action Month events",
        Integer,
        Sum,
        BY_SEX,
    ),
    el("THD_KINH_PHI", "Kinh phí Tháng hành động (đồng)", "Action Month funds (VND)", Integer, Sum, BY_FUNDING),
    el("KHO_KHAN", "Khó khăn, vướng mắc và kiến nghị", "Difficulties and recommendations", Text, Last, DEFAULT_COMBO),
    // The elements behind the Strategy's indicators (CLQG_NAM).
    el(
        "CQ_TONG",
        "Số cơ quan quản lý nhà nước, chính quyền địa phương",
        "State agencies and local governments",
        Integer,
        Last,
        DEFAULT_COMBO,
    ),
    el(
        "CQ_LANH_DAO_NU",
        "Số cơ quan có lãnh đạo chủ chốt là nữ",
        "Agencies with a woman among key leaders",
        Integer,
        Last,
        DEFAULT_COMBO,
    ),
    el("LD_CO_VIEC_LAM", "Số lao động có việc làm", "Employed workers", Integer, Last, BY_SEX_RESIDENCE),
    el("LD_HUONG_LUONG", "Số lao động làm công việc có hưởng lương", "Wage employees", Integer, Last, BY_SEX),
    el("LD_NONG_NGHIEP", "Số lao động có việc làm trong nông nghiệp", "Employed in agriculture", Integer, Last, BY_SEX),
    el(
        "DN_CHU",
        "Số giám đốc, chủ doanh nghiệp, hợp tác xã",
        "Directors and owners of enterprises and cooperatives",
        Integer,
        Last,
        BY_SEX,
    ),
    el(
        "GIO_VIEC_NHA",
        "Số giờ làm việc nhà, chăm sóc không được trả công bình quân một ngày",
        "Average daily hours of unpaid housework and care",
        ValueType::Number,
        Aggregation::Average,
        BY_SEX,
    ),
    el(
        "BL_NAN_NHAN_PHAT_HIEN",
        "Số nạn nhân bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện",
        "Detected victims of domestic violence and GBV",
        Integer,
        Sum,
        BY_SEX,
    ),
    el(
        "BL_NAN_NHAN_HO_TRO",
        "Số nạn nhân được tiếp cận ít nhất một dịch vụ hỗ trợ cơ bản",
        "Victims reaching at least one basic support service",
        Integer,
        Sum,
        BY_SEX,
    ),
    el(
        "BL_NAN_NHAN_TIM_HO_TRO",
        "Số nạn nhân tìm kiếm sự giúp đỡ từ cơ sở cung cấp dịch vụ",
        "Victims seeking help from service providers",
        Integer,
        Sum,
        BY_SEX,
    ),
    el(
        "BL_VU_CAN_HO_TRO",
        "Số vụ bạo lực trên cơ sở giới cần hỗ trợ",
        "GBV cases needing help",
        Integer,
        Sum,
        DEFAULT_COMBO,
    ),
    el(
        "BL_VU_DUOC_HO_TRO",
        "Số vụ bạo lực trên cơ sở giới được hỗ trợ",
        "GBV cases helped",
        Integer,
        Sum,
        DEFAULT_COMBO,
    ),
    el(
        "BL_NGUOI_GAY_BL",
        "Số người gây bạo lực được phát hiện (chưa đến mức truy cứu hình sự)",
        "Detected perpetrators not criminally prosecuted",
        Integer,
        Sum,
        BY_SEX,
    ),
    el("BL_NGUOI_GAY_BL_TU_VAN", "Số người gây bạo lực được tư vấn", "Perpetrators counselled", Integer, Sum, BY_SEX),
    el(
        "MBN_CAN_HO_TRO",
        "Số nạn nhân mua bán người trở về có nhu cầu hỗ trợ",
        "Returning trafficking victims needing support",
        Integer,
        Sum,
        BY_SEX,
    ),
    el(
        "MBN_DUOC_HO_TRO",
        "Số nạn nhân mua bán người trở về được hỗ trợ",
        "Returning trafficking victims supported",
        Integer,
        Sum,
        BY_SEX,
    ),
    el(
        "CSTG_TONG",
        "Số cơ sở trợ giúp xã hội công lập",
        "Public social-assistance establishments",
        Integer,
        Last,
        DEFAULT_COMBO,
    ),
    el(
        "CSTG_BLG",
        "Số cơ sở trợ giúp xã hội công lập có hỗ trợ, ứng phó bạo lực trên cơ sở giới",
        "Public establishments supporting GBV response",
        Integer,
        Last,
        DEFAULT_COMBO,
    ),
    el("SINH_SONG", "Số trẻ sinh sống", "Live births", Integer, Sum, BY_SEX),
    el("TU_VONG_ME", "Số ca tử vong mẹ", "Maternal deaths", Integer, Sum, DEFAULT_COMBO),
    el(
        "SINH_VI_THANH_NIEN",
        "Số trẻ sinh sống của phụ nữ 15–19 tuổi",
        "Live births to women aged 15–19",
        Integer,
        Sum,
        DEFAULT_COMBO,
    ),
    el("PHU_NU_15_19", "Số phụ nữ 15–19 tuổi", "Women aged 15–19", Integer, Last, DEFAULT_COMBO),
    el(
        "CS_YTE_LGBT",
        "Có cơ sở y tế thí điểm dịch vụ cho người đồng tính, song tính, chuyển giới",
        "Has a facility piloting health services for gay, bisexual and transgender people",
        YesNo,
        Last,
        DEFAULT_COMBO,
    ),
    el(
        "HS_DTTS_DUNG_TUOI",
        "Số trẻ em dân tộc thiểu số trong độ tuổi tiểu học",
        "Ethnic-minority children of primary-school age",
        Integer,
        Last,
        BY_SEX,
    ),
    el(
        "HS_DTTS_HOAN_THANH_TH",
        "Số trẻ em dân tộc thiểu số hoàn thành tiểu học",
        "Ethnic-minority children completing primary school",
        Integer,
        Sum,
        BY_SEX,
    ),
    el("THAC_SI", "Số người có trình độ thạc sĩ", "Master's degree holders", Integer, Last, BY_SEX),
    el("TIEN_SI", "Số người có trình độ tiến sĩ", "Doctorate holders", Integer, Last, BY_SEX),
    el(
        "DAN_SO_TIEP_CAN",
        "Số người được tiếp cận kiến thức cơ bản về bình đẳng giới",
        "People reached by basic knowledge on gender equality",
        Integer,
        Sum,
        DEFAULT_COMBO,
    ),
    el("DAN_SO", "Dân số", "Population", Integer, Last, BY_SEX_AGE),
    el(
        "QH_CAN_BO",
        "Số cán bộ trong quy hoạch lãnh đạo",
        "Officials in the leadership planning pool",
        Integer,
        Last,
        BY_SEX,
    ),
    el(
        "CQ_THD",
        "Số bộ, ngành, địa phương xây dựng kế hoạch và tổ chức Tháng hành động",
        "Ministries, sectors and localities planning and holding the Action Month",
        Integer,
        Last,
        DEFAULT_COMBO,
    ),
    el(
        "CQ_BO_NGANH_DP",
        "Số bộ, ngành, địa phương",
        "Ministries, sectors and localities",
        Integer,
        Last,
        DEFAULT_COMBO,
    ),
    el(
        "CQ_BAO_CHI_THI_DIEM",
        "Số cơ quan báo chí thí điểm bộ chỉ số giới trong truyền thông",
        "Media agencies piloting the gender index in media",
        Integer,
        Last,
        DEFAULT_COMBO,
    ),
    el("CQ_BAO_CHI", "Số cơ quan báo chí", "Media agencies", Integer, Last, DEFAULT_COMBO),
];

/// An element by code.
#[must_use]
pub fn element(code: &str) -> Option<&'static DataElement> {
    ELEMENTS.iter().find(|e| e.code == code)
}

/// Checks a selector of values used by an indicator's formula: `ELEMENT` (all its values) or
/// `ELEMENT.option` (the option combinations made with that option: `LD_CO_VIEC_LAM.nu` is
/// `nu_thanh_thi` + `nu_nong_thon`; an option combination's own code works too).
pub fn check_selector(selector: &str) -> Result<(), String> {
    let (code, option) = selector.trim().split_once('.').map_or((selector.trim(), None), |(c, o)| (c, Some(o)));
    let Some(el) = element(code) else { return Err(format!("không có chỉ tiêu dữ liệu \"{code}\"")) };
    if !el.value_type.is_numeric() && el.value_type != ValueType::YesNo {
        return Err(format!("{code} không phải là số"));
    }
    match option {
        Some(o) if !el.combo.option_combos().iter().any(|c| c.code == o || c.parts.contains(&o)) => {
            Err(format!("chỉ tiêu {code} không có phân tổ \"{o}\""))
        }
        _ => Ok(()),
    }
}

/// The sum of the values a selector picks (see [`check_selector`]); `None` when none is there.
#[must_use]
pub fn select(values: &BTreeMap<(String, String), f64>, selector: &str) -> Option<f64> {
    let (code, option) = selector.trim().split_once('.').map_or((selector.trim(), None), |(c, o)| (c, Some(o)));
    let el = element(code)?;
    let combos = el.combo.option_combos();
    let picked: Vec<f64> = values
        .iter()
        .filter(|((c, o), _)| {
            c == code
                && option.is_none_or(|want| {
                    o == want || combos.iter().any(|combo| combo.code == *o && combo.parts.contains(&want))
                })
        })
        .map(|(_, v)| *v)
        .collect();
    (!picked.is_empty()).then(|| picked.iter().sum())
}

// ---------------------------------------------------------------------------------------------
// Forms

/// A section of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Vietnamese title.
    pub title_vi: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// Its elements' codes.
    pub elements: &'static [&'static str],
}

/// "The left side must not exceed the right": each side the sum of an element's values, over
/// the listed option combinations (all of them when the list is empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Left element and option combinations.
    pub left: (&'static str, &'static [&'static str]),
    /// Right element and option combinations.
    pub right: (&'static str, &'static [&'static str]),
    /// What the rule says, in Vietnamese.
    pub message: &'static str,
}

/// A form (data set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    /// Code.
    pub code: &'static str,
    /// Vietnamese name, without the period (the title adds "năm 2025").
    pub name_vi: &'static str,
    /// English name, without the period.
    pub name_en: &'static str,
    /// The length of its periods.
    pub period_type: PeriodType,
    /// The rules its periods follow.
    pub regime: Regime,
    /// Its sections.
    pub sections: &'static [Section],
    /// Working days after the period's last day by which each level sends: (kind of the
    /// reporting area, days).
    pub deadlines: &'static [(UnitKind, u32)],
    /// Its validation rules.
    pub rules: &'static [Rule],
}

const ADMIN_DEADLINES: &[(UnitKind, u32)] =
    &[(UnitKind::Commune, 2), (UnitKind::District, 3), (UnitKind::Province, 6), (UnitKind::Nation, 12)];

const ACTIVITY_RULES: &[Rule] = &[
    Rule {
        left: ("TTKT_XU_LY", &[]),
        right: ("TTKT_VI_PHAM", &[]),
        message: "số vi phạm đã xử lý không được lớn hơn số vi phạm phát hiện",
    },
    Rule {
        left: ("MH_NHAN_RONG", &[]),
        right: ("MH_HOAT_DONG", &[]),
        message: "số mô hình nhân rộng không được lớn hơn số mô hình đang hoạt động",
    },
    Rule {
        left: ("TT_NGUOI_THAM_DU_DT", &["thieu_so"]),
        right: ("TT_NGUOI_THAM_DU", &[]),
        message: "người dân tộc thiểu số không được nhiều hơn tổng số người tham dự",
    },
];

/// Every form.
pub const FORMS: &[Form] = &[
    Form {
        code: "BDG_NAM",
        name_vi: "Báo cáo kết quả thực hiện công tác bình đẳng giới",
        name_en: "Report on gender-equality work",
        period_type: PeriodType::Year,
        regime: Regime::Administrative,
        sections: &[
            Section {
                title_vi: "I. Ban hành văn bản, kế hoạch",
                title_en: "I. Plans and directions",
                elements: &["KH_BAN_HANH"],
            },
            Section {
                title_vi: "II. Truyền thông, nâng cao nhận thức",
                title_en: "II. Communication and awareness",
                elements: &["TT_SU_KIEN", "TT_NGUOI_THAM_DU", "TT_NGUOI_THAM_DU_DT", "TT_SAN_PHAM", "TT_BAN_PHAT_HANH"],
            },
            Section {
                title_vi: "III. Tập huấn, bồi dưỡng và mô hình",
                title_en: "III. Training and models",
                elements: &["DT_LOP", "DT_HOC_VIEN", "MH_HOAT_DONG", "MH_MOI", "MH_NHAN_RONG"],
            },
            Section {
                title_vi: "IV. Thanh tra, kiểm tra, vụ việc, khen thưởng, lồng ghép giới",
                title_en: "IV. Inspections, incidents, commendations, mainstreaming",
                elements: &["TTKT_CUOC", "TTKT_VI_PHAM", "TTKT_XU_LY", "VU_VIEC", "KHEN_THUONG", "LONG_GHEP"],
            },
            Section {
                title_vi: "V. Tháng hành động và kinh phí",
                title_en: "V. Action Month and funds",
                elements: &["THANG_HANH_DONG", "KINH_PHI", "KHO_KHAN"],
            },
        ],
        deadlines: ADMIN_DEADLINES,
        rules: ACTIVITY_RULES,
    },
    Form {
        code: "THD_NAM",
        name_vi: "Báo cáo kết quả Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
        name_en: "Report on the Action Month for gender equality and GBV prevention",
        period_type: PeriodType::Year,
        regime: Regime::Administrative,
        sections: &[Section {
            title_vi: "Kết quả Tháng hành động",
            title_en: "Results of the Action Month",
            elements: &["THD_DA_TO_CHUC", "THD_SU_KIEN", "THD_NGUOI_THAM_DU", "THD_KINH_PHI", "KHO_KHAN"],
        }],
        deadlines: ADMIN_DEADLINES,
        rules: &[],
    },
    Form {
        code: "CLQG_NAM",
        name_vi: "Số liệu các chỉ tiêu của Chiến lược quốc gia về bình đẳng giới",
        name_en: "Data for the National Strategy's indicators",
        period_type: PeriodType::Year,
        regime: Regime::Statistical,
        sections: &[
            Section {
                title_vi: "Mục tiêu 1 – 2: Lãnh đạo, quản lý và kinh tế, lao động",
                title_en: "Objectives 1–2: leadership and economy",
                elements: &[
                    "CQ_TONG",
                    "CQ_LANH_DAO_NU",
                    "QH_CAN_BO",
                    "LD_CO_VIEC_LAM",
                    "LD_HUONG_LUONG",
                    "LD_NONG_NGHIEP",
                    "DN_CHU",
                ],
            },
            Section {
                title_vi: "Mục tiêu 3: Đời sống gia đình và bạo lực trên cơ sở giới",
                title_en: "Objective 3: family life and GBV",
                elements: &[
                    "GIO_VIEC_NHA",
                    "BL_NAN_NHAN_PHAT_HIEN",
                    "BL_NAN_NHAN_HO_TRO",
                    "BL_NAN_NHAN_TIM_HO_TRO",
                    "BL_VU_CAN_HO_TRO",
                    "BL_VU_DUOC_HO_TRO",
                    "BL_NGUOI_GAY_BL",
                    "BL_NGUOI_GAY_BL_TU_VAN",
                    "MBN_CAN_HO_TRO",
                    "MBN_DUOC_HO_TRO",
                    "CSTG_TONG",
                    "CSTG_BLG",
                ],
            },
            Section {
                title_vi: "Mục tiêu 4 – 5: Y tế, giáo dục",
                title_en: "Objectives 4–5: health and education",
                elements: &[
                    "SINH_SONG",
                    "TU_VONG_ME",
                    "SINH_VI_THANH_NIEN",
                    "PHU_NU_15_19",
                    "CS_YTE_LGBT",
                    "HS_DTTS_DUNG_TUOI",
                    "HS_DTTS_HOAN_THANH_TH",
                    "THAC_SI",
                    "TIEN_SI",
                ],
            },
            Section {
                title_vi: "Mục tiêu 6: Thông tin, truyền thông",
                title_en: "Objective 6: information and communication",
                elements: &[
                    "DAN_SO",
                    "DAN_SO_TIEP_CAN",
                    "CQ_BO_NGANH_DP",
                    "CQ_THD",
                    "CQ_BAO_CHI",
                    "CQ_BAO_CHI_THI_DIEM",
                ],
            },
        ],
        deadlines: &[
            (UnitKind::Commune, 10),
            (UnitKind::District, 15),
            (UnitKind::Province, 30),
            (UnitKind::Nation, 60),
        ],
        rules: &[
            Rule {
                left: ("CQ_LANH_DAO_NU", &[]),
                right: ("CQ_TONG", &[]),
                message: "số cơ quan có lãnh đạo chủ chốt là nữ không được lớn hơn tổng số cơ quan",
            },
            Rule {
                left: ("BL_NAN_NHAN_HO_TRO", &[]),
                right: ("BL_NAN_NHAN_PHAT_HIEN", &[]),
                message: "số nạn nhân được hỗ trợ không được lớn hơn số nạn nhân được phát hiện",
            },
            Rule {
                left: ("BL_VU_DUOC_HO_TRO", &[]),
                right: ("BL_VU_CAN_HO_TRO", &[]),
                message: "số vụ được hỗ trợ không được lớn hơn số vụ cần hỗ trợ",
            },
            Rule {
                left: ("BL_NGUOI_GAY_BL_TU_VAN", &[]),
                right: ("BL_NGUOI_GAY_BL", &[]),
                message: "số người gây bạo lực được tư vấn không được lớn hơn số được phát hiện",
            },
            Rule {
                left: ("MBN_DUOC_HO_TRO", &[]),
                right: ("MBN_CAN_HO_TRO", &[]),
                message: "số nạn nhân mua bán người được hỗ trợ không được lớn hơn số có nhu cầu",
            },
            Rule {
                left: ("CSTG_BLG", &[]),
                right: ("CSTG_TONG", &[]),
                message: "số cơ sở có hỗ trợ bạo lực giới không được lớn hơn tổng số cơ sở",
            },
            Rule {
                left: ("HS_DTTS_HOAN_THANH_TH", &[]),
                right: ("HS_DTTS_DUNG_TUOI", &[]),
                message: "số trẻ hoàn thành tiểu học không được lớn hơn số trẻ trong độ tuổi",
            },
        ],
    },
    Form {
        code: "BAU_CU",
        name_vi: "Kết quả bầu cử theo giới tính",
        name_en: "Election results by sex",
        period_type: PeriodType::Year,
        regime: Regime::Statistical,
        sections: &[Section {
            title_vi: "Người trúng cử", title_en: "People elected", elements: &["BAU_CU_TRUNG_CU"]
        }],
        deadlines: &[
            (UnitKind::Commune, 10),
            (UnitKind::District, 15),
            (UnitKind::Province, 20),
            (UnitKind::Nation, 30),
        ],
        rules: &[],
    },
];

/// A form by code.
pub fn form(code: &str) -> Result<&'static Form, Error> {
    FORMS.iter().find(|f| f.code == code.trim()).ok_or_else(|| {
        let known = FORMS.iter().map(|f| f.code).collect::<Vec<_>>().join(", ");
        Error::invalid("form", format!("không có biểu mẫu \"{}\" (có: {known})", code.trim()))
    })
}

impl Form {
    /// Its elements, section by section.
    pub fn elements(&self) -> impl Iterator<Item = &'static DataElement> + '_ {
        self.sections.iter().flat_map(|s| s.elements.iter()).filter_map(|c| element(c))
    }

    /// Whether it collects `element`.
    #[must_use]
    pub fn has_element(&self, code: &str) -> bool {
        self.sections.iter().any(|s| s.elements.contains(&code))
    }

    /// Reads a period of this form's type.
    pub fn period(&self, text: &str) -> Result<Period, Error> {
        let p = Period::parse(text)?;
        if p.kind != self.period_type {
            return Err(Error::invalid(
                "period",
                format!("biểu {} báo cáo theo kỳ {}, không theo kỳ {}", self.code, self.period_type.as_str(), p.code()),
            ));
        }
        Ok(p)
    }

    /// The day by which a report of an area of `kind` for `period` is due.
    #[must_use]
    pub fn deadline(&self, period: &Period, kind: UnitKind, calendar: &vanban::date::Calendar) -> NaiveDate {
        let (_, end) = period.dates(self.regime);
        let days = self.deadlines.iter().find(|(k, _)| *k == kind).map_or(5, |(_, d)| *d);
        calendar.add_working_days(end, i64::from(days)).unwrap_or(end)
    }

    /// Checks a report's values against the form: each key must be an element of the form with
    /// one of its option combinations, each value of the element's type; then the rules. Returns
    /// the values in stored form, or every problem at once, each named by element and option.
    pub fn check_values(
        &self,
        values: &BTreeMap<(String, String), String>,
    ) -> Result<BTreeMap<(String, String), String>, Error> {
        let mut errors = Vec::new();
        let mut out = BTreeMap::new();
        for ((code, option), text) in values {
            let field = format!("{code}.{option}");
            let Some(el) = element(code).filter(|_| self.has_element(code)) else {
                errors.push(FieldError::new(field, format!("biểu {} không có chỉ tiêu \"{code}\"", self.code)));
                continue;
            };
            if !el.combo.has(option) {
                let options = el.combo.option_combos().into_iter().map(|o| o.code).collect::<Vec<_>>().join(", ");
                errors.push(FieldError::new(
                    field,
                    format!("chỉ tiêu {code} ({}) không có phân tổ \"{option}\" (có: {options})", el.name_vi),
                ));
                continue;
            }
            if text.trim().is_empty() {
                continue;
            }
            match el.value_type.canonical(text) {
                Ok(v) => {
                    out.insert((code.clone(), option.clone()), v);
                }
                Err(m) => errors.push(FieldError::new(field, format!("{}: {m}", el.name_vi))),
            }
        }
        if errors.is_empty() {
            errors.extend(self.broken_rules(&out));
        }
        if errors.is_empty() { Ok(out) } else { Err(Error::Invalid(errors)) }
    }

    /// The rules these values break.
    #[must_use]
    pub fn broken_rules(&self, values: &BTreeMap<(String, String), String>) -> Vec<FieldError> {
        let side = |(code, options): (&str, &[&str])| -> Option<f64> {
            let mut any = false;
            let mut sum = 0.0;
            for ((c, o), v) in values {
                if c == code
                    && (options.is_empty() || options.contains(&o.as_str()))
                    && let Ok(n) = v.parse::<f64>()
                {
                    sum += n;
                    any = true;
                }
            }
            any.then_some(sum)
        };
        self.rules
            .iter()
            .filter_map(|r| {
                let (l, rt) = (side(r.left)?, side(r.right)?);
                (l > rt).then(|| {
                    FieldError::new(
                        format!("{}.{}", r.left.0, r.left.1.first().copied().unwrap_or("*")),
                        format!("{} ({} > {})", r.message, format_number(l), format_number(rt)),
                    )
                })
            })
            .collect()
    }
}

/// A warning when a value is far from the area's value for the period before: more than three
/// times it or less than a third of it, and by more than ten (small counts vary a lot without
/// meaning anything). Saving is never refused for it; the officer and the approver see it.
#[must_use]
pub fn far_from_history(value: f64, previous: f64) -> Option<String> {
    if previous <= 0.0 || (value - previous).abs() <= 10.0 {
        return None;
    }
    (value > previous * 3.0 || value < previous / 3.0)
        .then(|| format!("khác nhiều so với kỳ trước ({})", format_number(previous)))
}

// ---------------------------------------------------------------------------------------------
// Values from activities

/// The values a set of activity figures yields for a form, keyed by (element, option combo):
/// totals and the women among them become `nam` = total − women and `nu`; the ethnic minorities
/// among participants become `thieu_so` and `kinh` = total − minorities.
#[must_use]
pub fn values_from_figures(form: &Form, figures: &[Figure]) -> BTreeMap<(String, String), f64> {
    let mut out: BTreeMap<(String, String), f64> = BTreeMap::new();
    let mut add = |code: &str, option: &str, v: f64| {
        if form.has_element(code) && element(code).is_some_and(|e| e.combo.has(option)) {
            *out.entry((code.to_owned(), option.to_owned())).or_default() += v;
        }
    };
    let dim = |f: &Figure, k: &str| f.disaggregation.get(k).cloned().unwrap_or_default();
    // Totals by (code, body) so that the men are the total less the women.
    let mut totals: BTreeMap<(&str, String), (f64, f64)> = BTreeMap::new();
    for f in figures {
        match f.code {
            "TT_NGUOI_THAM_DU" if f.disaggregation.contains_key("dan_toc") => {
                add("TT_NGUOI_THAM_DU_DT", "thieu_so", f.value);
                totals.entry(("TT_NGUOI_THAM_DU_DT", String::new())).or_default().1 += f.value;
            }
            "TT_NGUOI_THAM_DU" | "DT_HOC_VIEN" | "BAU_CU_TRUNG_CU" => {
                let entry = totals.entry((f.code, dim(f, "body"))).or_default();
                if dim(f, "sex") == "nu" {
                    entry.1 += f.value;
                } else {
                    entry.0 += f.value;
                }
                if f.code == "TT_NGUOI_THAM_DU" && dim(f, "sex") != "nu" {
                    totals.entry(("TT_NGUOI_THAM_DU_DT", String::new())).or_default().0 += f.value;
                }
            }
            "TT_SAN_PHAM" => add(f.code, &dim(f, "language"), f.value),
            "KINH_PHI" => add(f.code, &dim(f, "source"), f.value),
            "KHEN_THUONG" => add(f.code, &dim(f, "recipient"), f.value),
            code => add(code, "default", f.value),
        }
    }
    for ((code, body), (total, part)) in totals {
        let prefix = if body.is_empty() { String::new() } else { format!("{body}_") };
        if code == "TT_NGUOI_THAM_DU_DT" {
            add(code, "kinh", (total - part).max(0.0));
        } else {
            add(code, &format!("{prefix}nam"), (total - part).max(0.0));
            add(code, &format!("{prefix}nu"), part);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Obligations, workflow, completeness

/// Which areas report on a form, from when to when: every area of `kind` (below the area asked
/// about) while the obligation is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Obligation {
    /// Identity.
    pub id: i64,
    /// The form.
    pub form: String,
    /// The kind of area that reports.
    pub kind: UnitKind,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day (`None`: open).
    pub valid_to: Option<NaiveDate>,
}

impl Obligation {
    /// Whether it binds on `day`.
    #[must_use]
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }
}

/// The kinds of area obliged to report on `form` for a period ending on `last_day`.
#[must_use]
pub fn obliged_kinds(obligations: &[Obligation], form: &str, last_day: NaiveDate) -> BTreeSet<UnitKind> {
    obligations.iter().filter(|o| o.form == form && o.valid_on(last_day)).map(|o| o.kind).collect()
}

crate::named_enum! {
    /// Where a report stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Status: "status", "trạng thái" {
        /// Chưa nhập: nothing saved yet.
        ChuaNhap = "chua_nhap", "Chưa nhập", "Not started";
        /// Đang nhập: values saved, not sent.
        DangNhap = "dang_nhap", "Đang nhập", "In progress";
        /// Đã gửi: sent to the level above.
        DaGui = "da_gui", "Đã gửi", "Submitted";
        /// Đã duyệt: approved; locked.
        DaDuyet = "da_duyet", "Đã duyệt", "Approved";
        /// Trả lại: returned with a reason; editable, to be sent again.
        TraLai = "tra_lai", "Trả lại", "Returned";
        /// Miễn nộp: waived by the level above, with a reason.
        MienNop = "mien_nop", "Miễn nộp", "Waived";
    }
}

impl Status {
    /// Reads the API name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        text.parse()
    }

    /// Whether values may be typed.
    #[must_use]
    pub fn editable(self) -> bool {
        matches!(self, Self::ChuaNhap | Self::DangNhap | Self::TraLai)
    }

    /// Whether the level above has it (sent, approved, or waived).
    #[must_use]
    pub fn received(self) -> bool {
        matches!(self, Self::DaGui | Self::DaDuyet)
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Send to the level above.
    Submit,
    /// Approve.
    Approve,
    /// Return with a reason.
    Return,
    /// Waive (the level above releases an area from reporting this period).
    Waive,
    /// Reopen an approved report (an administrator's exception, with a reason).
    Reopen,
}

impl Step {
    /// The status after the step, or why it cannot be taken from `from`.
    pub fn after(self, from: Status) -> Result<Status, Error> {
        let refuse =
            |what: &str| Err(Error::Conflict(format!("{what} (báo cáo đang ở trạng thái {})", from.label_vi())));
        match (self, from) {
            (Self::Submit, Status::DangNhap | Status::TraLai | Status::ChuaNhap) => Ok(Status::DaGui),
            (Self::Submit, _) => refuse("chỉ gửi được báo cáo đang nhập hoặc bị trả lại"),
            (Self::Approve, Status::DaGui) => Ok(Status::DaDuyet),
            (Self::Approve, _) => refuse("chỉ duyệt được báo cáo đã gửi"),
            (Self::Return, Status::DaGui) => Ok(Status::TraLai),
            (Self::Return, _) => refuse("chỉ trả lại được báo cáo đã gửi"),
            (Self::Waive, Status::ChuaNhap | Status::DangNhap | Status::TraLai) => Ok(Status::MienNop),
            (Self::Waive, _) => refuse("chỉ miễn nộp được báo cáo chưa gửi"),
            (Self::Reopen, Status::DaDuyet | Status::MienNop) => Ok(Status::DangNhap),
            (Self::Reopen, _) => refuse("chỉ mở lại được báo cáo đã duyệt hoặc đã miễn nộp"),
        }
    }

    /// Whether the step needs a reason.
    #[must_use]
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Return | Self::Waive | Self::Reopen)
    }
}

/// An expected report as completeness sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// The reporting area.
    pub unit: UnitId,
    /// Its kind (its deadline depends on it).
    pub kind: UnitKind,
    /// Its status.
    pub status: Status,
    /// When it was sent (the first time it reached the level above), if it was.
    pub submitted_on: Option<NaiveDate>,
}

/// Reports received against reports expected.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completeness {
    /// Reports the obligations of the period expect (waived ones included).
    pub expected: usize,
    /// Of those, received (sent or approved).
    pub received: usize,
    /// Of those, received by the deadline.
    pub on_time: usize,
    /// `received ÷ (expected − waived)`, from 0 to 1 (1 when nothing is left expected): a waiver
    /// releases an area from the period, so it counts neither for nor against.
    pub rate: f64,
    /// `on_time ÷ (expected − waived)`.
    pub timeliness: f64,
    /// Received after the deadline.
    pub late: Vec<UnitId>,
    /// Not received.
    pub missing: Vec<UnitId>,
    /// Waived by the level above.
    pub waived: Vec<UnitId>,
}

/// Completeness of the expected reports, each with its deadline.
#[must_use]
pub fn completeness(expected: &[(Expected, NaiveDate)]) -> Completeness {
    let mut c = Completeness {
        expected: expected.len(),
        received: 0,
        on_time: 0,
        rate: 1.0,
        timeliness: 1.0,
        late: Vec::new(),
        missing: Vec::new(),
        waived: Vec::new(),
    };
    for (e, deadline) in expected {
        if e.status == Status::MienNop {
            c.waived.push(e.unit);
        } else if e.status.received() {
            c.received += 1;
            if e.submitted_on.is_some_and(|d| d <= *deadline) {
                c.on_time += 1;
            } else {
                c.late.push(e.unit);
            }
        } else {
            c.missing.push(e.unit);
        }
    }
    let owed = c.expected - c.waived.len();
    if owed > 0 {
        c.rate = c.received as f64 / owed as f64;
        c.timeliness = c.on_time as f64 / owed as f64;
    }
    c
}

/// Completeness counts of one area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// Reports the obligations expect below the area (waived ones included).
    pub expected: usize,
    /// Received.
    pub received: usize,
    /// Received by the deadline.
    pub on_time: usize,
    /// Waived.
    pub waived: usize,
}

impl Counts {
    /// `received ÷ (expected − waived)`, 1 when nothing is owed.
    #[must_use]
    pub fn rate(&self) -> f64 {
        let owed = self.expected - self.waived;
        if owed == 0 { 1.0 } else { self.received as f64 / owed as f64 }
    }
}

/// Completeness of every area of a tree at once, in one pass from the leaves up: each area
/// counts the obliged areas below it. `tree` is (id, parent, kind) of the areas on the map;
/// `reports` gives a report's status and the day it was first sent; `deadline` a kind's due day.
#[must_use]
pub fn completeness_tree<S: std::hash::BuildHasher>(
    tree: &[(UnitId, Option<UnitId>, UnitKind)],
    obliged: &BTreeSet<UnitKind>,
    reports: &std::collections::HashMap<UnitId, (Status, Option<NaiveDate>), S>,
    deadline: impl Fn(UnitKind) -> NaiveDate,
) -> std::collections::HashMap<UnitId, Counts> {
    use std::collections::HashMap;
    let index: HashMap<UnitId, usize> = tree.iter().enumerate().map(|(i, (id, _, _))| (*id, i)).collect();
    let parent: Vec<Option<usize>> = tree.iter().map(|(_, p, _)| p.and_then(|p| index.get(&p).copied())).collect();
    // Depth of each node, so that children are added to parents deepest first.
    let mut depth = vec![usize::MAX; tree.len()];
    for start in 0..tree.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            if depth[i] != usize::MAX || path.len() > tree.len() {
                break;
            }
            path.push(i);
            at = parent[i];
        }
        let first = at.map_or(0, |i| depth[i].saturating_add(1));
        for (d, i) in (first..).zip(path.into_iter().rev()) {
            depth[i] = d;
        }
    }
    let mut order: Vec<usize> = (0..tree.len()).collect();
    order.sort_unstable_by_key(|i| std::cmp::Reverse(depth[*i]));
    let mut counts = vec![Counts::default(); tree.len()];
    let mut own = vec![Counts::default(); tree.len()];
    for (i, (id, _, kind)) in tree.iter().enumerate() {
        if obliged.contains(kind) {
            let (status, sent) = reports.get(id).copied().unwrap_or((Status::ChuaNhap, None));
            own[i].expected = 1;
            if status == Status::MienNop {
                own[i].waived = 1;
            } else if status.received() {
                own[i].received = 1;
                own[i].on_time = usize::from(sent.is_some_and(|d| d <= deadline(*kind)));
            }
        }
    }
    for i in order {
        if let Some(p) = parent[i] {
            let add = Counts {
                expected: counts[i].expected + own[i].expected,
                received: counts[i].received + own[i].received,
                on_time: counts[i].on_time + own[i].on_time,
                waived: counts[i].waived + own[i].waived,
            };
            let c = &mut counts[p];
            c.expected += add.expected;
            c.received += add.received;
            c.on_time += add.on_time;
            c.waived += add.waived;
        }
    }
    tree.iter().enumerate().map(|(i, (id, _, _))| (*id, counts[i])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_read_and_write_as_dhis2_names_them() {
        for code in ["2021", "2021S1", "2021S2", "2021Q3", "202103", "202112", "2021N9"] {
            assert_eq!(Period::parse(code).unwrap().code(), code);
        }
        for bad in ["21", "2021Q5", "202113", "202100", "2021S3", "2021N6", "1999", "2021-03", "２０２１", ""] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_period_before_has_the_same_length() {
        let p = |c: &str| Period::parse(c).unwrap();
        assert_eq!(p("2025").previous(), p("2024"));
        assert_eq!(p("2025Q1").previous(), p("2024Q4"));
        assert_eq!(p("202501").previous(), p("202412"));
        assert_eq!(p("2025S2").previous(), p("2025S1"));
        assert_eq!(p("2025N9").previous(), p("2024N9"));
    }

    #[test]
    fn a_value_far_from_the_last_period_is_flagged() {
        assert!(far_from_history(400.0, 100.0).is_some());
        assert!(far_from_history(20.0, 100.0).is_some());
        assert!(far_from_history(150.0, 100.0).is_none());
        assert!(far_from_history(9.0, 2.0).is_none(), "small numbers vary a lot without meaning anything");
        assert!(far_from_history(5.0, 0.0).is_none());
    }

    #[test]
    fn administrative_periods_cut_off_on_the_fourteenth() {
        let a = Regime::Administrative;
        assert_eq!(Period::parse("2021").unwrap().dates(a), (d(2020, 12, 15), d(2021, 12, 14)));
        assert_eq!(Period::parse("2021S1").unwrap().dates(a), (d(2020, 12, 15), d(2021, 6, 14)));
        assert_eq!(Period::parse("2021S2").unwrap().dates(a), (d(2021, 6, 15), d(2021, 12, 14)));
        assert_eq!(Period::parse("2021N9").unwrap().dates(a), (d(2020, 12, 15), d(2021, 9, 14)));
        assert_eq!(Period::parse("2021Q3").unwrap().dates(a), (d(2021, 6, 15), d(2021, 9, 14)));
        assert_eq!(Period::parse("202101").unwrap().dates(a), (d(2020, 12, 15), d(2021, 1, 14)));
        let s = Regime::Statistical;
        assert_eq!(Period::parse("2024").unwrap().dates(s), (d(2024, 1, 1), d(2024, 12, 31)));
        assert_eq!(Period::parse("202402").unwrap().dates(s), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(Period::parse("2024Q4").unwrap().dates(s), (d(2024, 10, 1), d(2024, 12, 31)));
    }

    #[test]
    fn values_are_read_the_vietnamese_way_and_checked_by_type() {
        assert_eq!(ValueType::Integer.canonical("1.234").unwrap(), "1234");
        assert_eq!(ValueType::Integer.canonical(" 12 500 ").unwrap(), "12500");
        assert_eq!(ValueType::Number.canonical("1.234,5").unwrap(), "1234.5");
        assert_eq!(ValueType::Number.canonical("2.5").unwrap(), "2.5");
        assert_eq!(ValueType::Percent.canonical("45,5").unwrap(), "45.5");
        assert!(ValueType::Percent.canonical("120").is_err());
        assert!(ValueType::Integer.canonical("2,5").is_err());
        assert!(ValueType::Integer.canonical("-3").is_err());
        assert!(ValueType::Integer.canonical("mười").unwrap_err().contains("không phải là một số"));
        assert_eq!(ValueType::YesNo.canonical("Có").unwrap(), "true");
        assert!(ValueType::Integer.canonical("1e300").is_err());
    }

    #[test]
    fn option_combinations_are_built_from_their_options() {
        let codes: Vec<String> = BY_BODY_SEX.option_combos().into_iter().map(|o| o.code).collect();
        assert_eq!(codes.len(), 8);
        assert!(codes.contains(&"quoc_hoi_nu".to_owned()));
        assert_eq!(DEFAULT_COMBO.option_combos()[0].code, "default");
        assert_eq!(BY_SEX.option_combos()[1].name_vi, "Nữ");
    }

    #[test]
    fn every_form_names_known_elements_and_every_figure_is_an_element() {
        for f in FORMS {
            for s in f.sections {
                for e in s.elements {
                    assert!(element(e).is_some(), "{}: {e}", f.code);
                }
            }
            for r in f.rules {
                assert!(f.has_element(r.left.0) && f.has_element(r.right.0), "{}: {r:?}", f.code);
            }
        }
        for (code, _, _) in crate::activities::FIGURE_CODES {
            assert!(element(code).is_some(), "figure {code} is not a data element");
        }
    }

    #[test]
    fn a_bad_value_is_named_by_element_and_option_and_rules_are_checked() {
        let bdg = form("BDG_NAM").unwrap();
        let mut v = BTreeMap::new();
        v.insert(("DT_HOC_VIEN".to_owned(), "nu".to_owned()), "abc".to_owned());
        v.insert(("XYZ".to_owned(), "default".to_owned()), "1".to_owned());
        v.insert(("DT_LOP".to_owned(), "nu".to_owned()), "1".to_owned());
        let Err(Error::Invalid(errors)) = bdg.check_values(&v) else { panic!("accepted") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["DT_HOC_VIEN.nu", "DT_LOP.nu", "XYZ.default"]);
        let mut v = BTreeMap::new();
        v.insert(("TTKT_VI_PHAM".to_owned(), "default".to_owned()), "2".to_owned());
        v.insert(("TTKT_XU_LY".to_owned(), "default".to_owned()), "3".to_owned());
        let Err(Error::Invalid(errors)) = bdg.check_values(&v) else { panic!("accepted") };
        assert!(errors[0].message.contains("vi phạm đã xử lý"), "{errors:?}");
    }

    #[test]
    fn activity_totals_become_men_and_women() {
        let bdg = form("BDG_NAM").unwrap();
        let fig = |code: &'static str, dims: &[(&'static str, &str)], value: f64| Figure {
            code,
            disaggregation: dims.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            value,
        };
        let values = values_from_figures(
            bdg,
            &[
                fig("DT_LOP", &[], 1.0),
                fig("DT_HOC_VIEN", &[("sex", "tong")], 45.0),
                fig("DT_HOC_VIEN", &[("sex", "nu")], 30.0),
                fig("TT_NGUOI_THAM_DU", &[("sex", "tong")], 100.0),
                fig("TT_NGUOI_THAM_DU", &[("sex", "nu")], 60.0),
                fig("TT_NGUOI_THAM_DU", &[("dan_toc", "thieu_so")], 25.0),
                fig("KINH_PHI", &[("source", "quoc_te")], 5.0),
                fig("BAU_CU_TRUNG_CU", &[("body", "quoc_hoi"), ("sex", "tong")], 499.0),
            ],
        );
        let get = |e: &str, o: &str| values.get(&(e.to_owned(), o.to_owned())).copied();
        assert_eq!(get("DT_LOP", "default"), Some(1.0));
        assert_eq!(get("DT_HOC_VIEN", "nam"), Some(15.0));
        assert_eq!(get("DT_HOC_VIEN", "nu"), Some(30.0));
        assert_eq!(get("TT_NGUOI_THAM_DU", "nam"), Some(40.0));
        assert_eq!(get("TT_NGUOI_THAM_DU_DT", "kinh"), Some(75.0));
        assert_eq!(get("TT_NGUOI_THAM_DU_DT", "thieu_so"), Some(25.0));
        assert_eq!(get("KINH_PHI", "quoc_te"), Some(5.0));
        // The election is not on this form.
        assert_eq!(get("BAU_CU_TRUNG_CU", "quoc_hoi_nam"), None);
    }

    #[test]
    fn the_workflow_moves_only_forward_or_back_with_a_reason() {
        assert_eq!(Step::Submit.after(Status::DangNhap).unwrap(), Status::DaGui);
        assert_eq!(Step::Approve.after(Status::DaGui).unwrap(), Status::DaDuyet);
        assert_eq!(Step::Return.after(Status::DaGui).unwrap(), Status::TraLai);
        assert_eq!(Step::Submit.after(Status::TraLai).unwrap(), Status::DaGui);
        assert!(Step::Approve.after(Status::DangNhap).is_err());
        assert!(Step::Submit.after(Status::DaDuyet).is_err());
        assert!(!Status::DaDuyet.editable() && !Status::DaGui.editable() && Status::TraLai.editable());
        assert!(Step::Return.needs_reason() && !Step::Approve.needs_reason());
    }

    #[test]
    fn completeness_never_passes_one_and_counts_lateness() {
        let e = |unit: i64, status: Status, on: Option<NaiveDate>| {
            (Expected { unit: UnitId(unit), kind: UnitKind::Commune, status, submitted_on: on }, d(2025, 12, 16))
        };
        let c = completeness(&[
            e(1, Status::DaDuyet, Some(d(2025, 12, 15))),
            e(2, Status::DaGui, Some(d(2025, 12, 20))),
            e(3, Status::DangNhap, None),
            e(4, Status::MienNop, None),
        ]);
        assert_eq!((c.expected, c.received, c.on_time), (4, 2, 1));
        assert_eq!(c.waived, vec![UnitId(4)]);
        assert_eq!(c.late, vec![UnitId(2)]);
        assert_eq!(c.missing, vec![UnitId(3)]);
        assert!((c.rate - 2.0 / 3.0).abs() < 1e-9);
        assert!(completeness(&[]).rate <= 1.0);
    }

    #[test]
    fn completeness_of_every_area_matches_one_area_at_a_time() {
        use std::collections::HashMap;
        // A nation, two provinces, five communes.
        let n = |i: i64| UnitId(i);
        let tree = vec![
            (n(1), None, UnitKind::Nation),
            (n(10), Some(n(1)), UnitKind::Province),
            (n(20), Some(n(1)), UnitKind::Province),
            (n(11), Some(n(10)), UnitKind::Commune),
            (n(12), Some(n(10)), UnitKind::Commune),
            (n(13), Some(n(10)), UnitKind::Commune),
            (n(21), Some(n(20)), UnitKind::Commune),
            (n(22), Some(n(20)), UnitKind::Commune),
        ];
        let reports: HashMap<UnitId, (Status, Option<NaiveDate>)> = [
            (n(11), (Status::DaDuyet, Some(d(2025, 12, 15)))),
            (n(12), (Status::DaGui, Some(d(2025, 12, 30)))),
            (n(13), (Status::MienNop, None)),
            (n(21), (Status::DangNhap, None)),
            (n(10), (Status::DaGui, Some(d(2025, 12, 18)))),
        ]
        .into_iter()
        .collect();
        let obliged: BTreeSet<UnitKind> = [UnitKind::Province, UnitKind::Commune].into_iter().collect();
        let all = completeness_tree(&tree, &obliged, &reports, |k| {
            if k == UnitKind::Commune { d(2025, 12, 16) } else { d(2025, 12, 22) }
        });
        assert_eq!(all[&n(10)], Counts { expected: 3, received: 2, on_time: 1, waived: 1 });
        assert_eq!(all[&n(20)], Counts { expected: 2, received: 0, on_time: 0, waived: 0 });
        assert_eq!(all[&n(1)], Counts { expected: 7, received: 3, on_time: 2, waived: 1 });
        assert!((all[&n(10)].rate() - 1.0).abs() < 1e-9);
        assert_eq!(all[&n(11)], Counts::default());
    }

    #[test]
    fn a_deadline_counts_working_days_after_the_cut_off() {
        let bdg = form("BDG_NAM").unwrap();
        let cal = vanban::date::Calendar::new();
        // 14/12/2025 is a Sunday: two working days later is Tuesday 16/12.
        assert_eq!(bdg.deadline(&Period::year(2025), UnitKind::Commune, &cal), d(2025, 12, 16));
    }

    #[test]
    fn obligations_are_dated() {
        let o = |kind, from, to| Obligation { id: 0, form: "BDG_NAM".into(), kind, valid_from: from, valid_to: to };
        let all = [
            o(UnitKind::District, d(2000, 1, 1), Some(d(2025, 6, 30))),
            o(UnitKind::Commune, d(2025, 7, 1), None),
            o(UnitKind::Province, d(2000, 1, 1), None),
        ];
        assert_eq!(
            obliged_kinds(&all, "BDG_NAM", d(2021, 12, 14)),
            [UnitKind::Province, UnitKind::District].into_iter().collect()
        );
        assert_eq!(
            obliged_kinds(&all, "BDG_NAM", d(2025, 12, 14)),
            [UnitKind::Province, UnitKind::Commune].into_iter().collect()
        );
    }
}
