//! The yearly report as a document: for an area and a year, the "Báo cáo kết quả thực hiện công
//! tác bình đẳng giới năm N" that every level writes at the end of its year, drafted from the
//! periodic reports already approved in binhdang.
//!
//! **Which reports count.** The reports of the yearly forms ([`FORMS`]) of the year whose area
//! lies in the asked area on the year's map (the period's last day: Kiên Giang's on the 2021 map,
//! the new An Giang's on the map after the 2025 reform), approved ones only unless the caller asks
//! for the unapproved too (a role that may see them). A report of an area replaces the reports of
//! the areas below it (the level's own report is its compilation of theirs), so no value counts
//! twice. The year before is read the same way on this year's map, through the lineage the
//! analytics engine holds: the new An Giang's 2024 is the 2024 reports of Kiên Giang and the old
//! An Giang; a report of an area that ended without a successor (a district dissolved in 2025)
//! counts for what the area above it became. Each report counts with its lineage share (a
//! divided area's weight). An area with no report that counts gets a message, never an empty
//! document.
//!
//! **What it says.** A section per task group of the guidance (plans; communication and
//! training; models; state management), each opening with a sentence built from the figures, the
//! notes the units attached to their values, and a table of the year beside the year before and
//! the change; the Strategy's indicators for the area with their 2025 and 2030 targets (those
//! with a value); the difficulties and the proposals, as [`Item`]s (who, when, text) from the
//! reports' `KHO_KHAN` answers and its comments — any other source of items adds to the same
//! lists. [`document`] lays it out as a Báo cáo per Decree 30 and as `.xlsx` tables.
//!
//! Bounds: the texts of at most [`MAX_TEXT_REPORTS`] reports are read (the highest levels first)
//! and each list keeps at most [`MAX_ITEMS`] items.

pub mod document;

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use binhdang_analytics::{Engine, Registry};
use binhdang_core::access::{Action, Record};
use binhdang_core::documents::SymbolTemplates;
use binhdang_core::indicators::trim_number;
use binhdang_core::progress::Progress;
use binhdang_core::reporting::{self, Period, Status};
use binhdang_core::units::{Unit, UnitId, UnitKind};
use binhdang_core::users::User;
use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::reports::ReportHead;

use crate::plans::document::{Issuer, abbreviate_committee, ministry_in_charge, place_name};
use crate::units::{require_role, scope_of};
use crate::{Error, Services};

/// The forms whose figures and texts the report tells.
pub const FORMS: [&str; 2] = ["BDG_NAM", "THD_NAM"];

/// The elements each task group's table shows, in the order of `core::plans::GROUPS`.
pub const GROUP_ELEMENTS: [&[&str]; 4] = [
    &["KH_BAN_HANH", "KINH_PHI"],
    &[
        "TT_SU_KIEN",
        "TT_NGUOI_THAM_DU",
        "TT_NGUOI_THAM_DU_DT",
        "TT_SAN_PHAM",
        "TT_BAN_PHAT_HANH",
        "DT_LOP",
        "DT_HOC_VIEN",
        "THANG_HANH_DONG",
        "THD_SU_KIEN",
        "THD_NGUOI_THAM_DU",
        "THD_KINH_PHI",
    ],
    &["MH_HOAT_DONG", "MH_MOI", "MH_NHAN_RONG"],
    &["TTKT_CUOC", "TTKT_VI_PHAM", "TTKT_XU_LY", "VU_VIEC", "LONG_GHEP", "KHEN_THUONG"],
];

/// The element whose answer holds the difficulties and proposals.
pub const DIFFICULTIES: &str = "KHO_KHAN";

/// The most reports whose texts (notes, difficulties) are read.
pub const MAX_TEXT_REPORTS: usize = 500;

/// The most items a list (a group's notes, the difficulties, the proposals) keeps.
pub const MAX_ITEMS: usize = 100;

/// What the caller asks for besides the area and the year.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Count reports not yet approved too (a role that may see them).
    pub include_unapproved: bool,
    /// The number the document will carry, when the clerk has it.
    pub number: Option<String>,
    /// Its date, when known.
    pub date: Option<NaiveDate>,
}

impl Options {
    /// Checks the options as submitted: a number of digits only, a date as people type it.
    pub fn parse(include_unapproved: bool, number: Option<&str>, date: Option<&str>) -> Result<Self, Error> {
        let mut errors = Vec::new();
        let number = number.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        if let Some(n) = &number
            && (n.len() > 7 || !n.chars().all(|c| c.is_ascii_digit()) || n.trim_start_matches('0').is_empty())
        {
            errors.push(FieldError::new("number", format!("số văn bản \"{n}\" phải là số từ 1 đến 9.999.999")));
        }
        let date = date.map(str::trim).filter(|d| !d.is_empty()).and_then(|d| {
            let day = binhdang_core::units::read_date(d);
            if day.is_none() {
                errors.push(FieldError::new(
                    "date",
                    format!("ngày ban hành \"{d}\" không đúng dạng ngày/tháng/năm (ví dụ 20/12/2025)"),
                ));
            }
            day
        });
        if errors.is_empty() { Ok(Self { include_unapproved, number, date }) } else { Err(Error::Invalid(errors)) }
    }
}

/// One line of a group's table: an element's total, or one of its disaggregations.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    /// Element code.
    pub element: String,
    /// Option combination code; empty for the element's total.
    pub option: String,
    /// What the line counts, in Vietnamese.
    pub name_vi: String,
    /// In English.
    pub name_en: String,
    /// The year's value.
    pub current: Option<f64>,
    /// The previous year's value, on the same map.
    pub previous: Option<f64>,
}

impl Line {
    /// Whether it is a disaggregation under a total.
    #[must_use]
    pub fn is_part(&self) -> bool {
        !self.option.is_empty()
    }
}

/// Something a unit wrote: a note on a value, a difficulty, a proposal.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = YearlyItem))]
pub struct Item {
    /// Who wrote it (the reporting area's name).
    pub from: String,
    /// When it reached the level above (or was last saved).
    pub on: Option<NaiveDate>,
    /// The text.
    pub text: String,
    /// Where it comes from (`BDG_NAM`, `THD_NAM`…).
    pub source: String,
}

/// A task group of the guidance.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    /// Its number (1–4).
    pub number: u8,
    /// Its title in Vietnamese.
    pub title_vi: &'static str,
    /// In English.
    pub title_en: &'static str,
    /// The opening sentence built from the figures, in Vietnamese.
    pub summary_vi: String,
    /// In English.
    pub summary_en: String,
    /// The table.
    pub lines: Vec<Line>,
    /// The notes the units attached to the group's values.
    pub notes: Vec<Item>,
}

/// A Strategy indicator with a value for the area in the year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorLine {
    /// Its code.
    pub code: String,
    /// Its name in Vietnamese.
    pub name_vi: String,
    /// In English.
    pub name_en: String,
    /// The unit after a value (`%`, empty for counts).
    pub suffix: String,
    /// `≥`, `≤` or `=`.
    pub sign: String,
    /// The year's value.
    pub value: f64,
    /// The previous year's value.
    pub previous: Option<f64>,
    /// The national target for 2025.
    pub target_2025: Option<f64>,
    /// For 2030.
    pub target_2030: Option<f64>,
    /// Progress towards the milestone (Statistics Canada's method, as on the overview).
    pub progress: Progress,
}

/// A report the figures come from.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counted {
    /// The form.
    pub form: String,
    /// The reporting area's code.
    pub unit_code: String,
    /// Its name.
    pub unit_name: String,
    /// Its status.
    pub status: Status,
}

/// The document's header: who issues it, to whom, under which number.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = YearlyHeader))]
pub struct Header {
    /// The issuing agency (`Sở Nội vụ tỉnh An Giang`).
    pub issuer: String,
    /// Its kind (decides the signature block).
    pub issuer_kind: UnitKind,
    /// The superior body printed above it (`Ủy ban nhân dân tỉnh An Giang`), if any.
    pub superior: Option<String>,
    /// The place before the date.
    pub place: String,
    /// The symbol after the number (`BC-SNV`).
    pub symbol: String,
    /// The number, when given.
    pub number: Option<String>,
    /// The date, when given.
    pub date: Option<NaiveDate>,
    /// The level above (`Kính gửi`).
    pub addressee: String,
}

/// The yearly report of an area.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearlyReport {
    /// The area's code on the year's map.
    pub unit_code: String,
    /// Its name.
    pub unit_name: String,
    /// Its kind.
    pub unit_kind: UnitKind,
    /// The year.
    pub year: i32,
    /// The map the areas are read on (the period's last day).
    pub map_date: NaiveDate,
    /// Whether unapproved reports were asked for.
    pub include_unapproved: bool,
    /// How many of the counted reports are not approved (the draft says so when any is).
    pub unapproved: usize,
    /// The reports of the year the figures come from.
    pub reports: Vec<Counted>,
    /// The four task groups.
    pub groups: Vec<Group>,
    /// The Strategy's indicators with a value.
    pub indicators: Vec<IndicatorLine>,
    /// Difficulties raised during the year.
    pub difficulties: Vec<Item>,
    /// Proposals to the level above.
    pub proposals: Vec<Item>,
    /// The header.
    pub header: Header,
}

/// The values counted for one year: (element, option) → value.
type Values = BTreeMap<(String, String), f64>;

/// The share of a report of `unit` (on its own year's map, `own_map`) that counts for `area` on
/// `map_date`: its area, or the nearest area above it that still exists or passed into another,
/// followed through the lineage; `None` when it counts elsewhere. So a 2024 report of a district
/// dissolved in 2025 counts for what its province became.
fn share(registry: &Registry, unit: UnitId, own_map: NaiveDate, area: UnitId, map_date: NaiveDate) -> Option<f64> {
    for (above, _, _) in registry.expand(unit, own_map) {
        let forward = registry.expand(above, map_date);
        if !forward.is_empty() {
            return forward.iter().find(|(u, _, _)| *u == area).map(|(_, w, _)| *w);
        }
    }
    None
}

/// The reports of a year that count for `area` on `map_date` (see the module documentation)
/// with their share, highest level first, and every report in the area that could count (whose
/// texts the report reads).
fn counted(
    registry: &Registry,
    heads: Vec<ReportHead>,
    year: i32,
    area: UnitId,
    map_date: NaiveDate,
    include_unapproved: bool,
) -> (Vec<(ReportHead, f64)>, Vec<ReportHead>) {
    let counts = |s: Status| {
        s == Status::DaDuyet || (include_unapproved && matches!(s, Status::DangNhap | Status::DaGui | Status::TraLai))
    };
    // Its own year's map: the areas above it then.
    let own_map = NaiveDate::from_ymd_opt(year, 12, 14).unwrap_or(map_date);
    let mut candidates: Vec<(ReportHead, f64)> = heads
        .into_iter()
        .filter(|h| counts(h.status))
        .filter_map(|h| share(registry, h.unit, own_map, area, map_date).map(|w| (h, w)))
        .collect();
    candidates.sort_by_key(|(h, _)| (registry.level(h.unit), h.form.clone(), h.unit));
    let units: HashSet<(String, UnitId)> = candidates.iter().map(|(h, _)| (h.form.clone(), h.unit)).collect();
    let kept = candidates
        .iter()
        .filter(|(h, _)| {
            !registry
                .expand(h.unit, own_map)
                .iter()
                .any(|(u, _, _)| *u != h.unit && units.contains(&(h.form.clone(), *u)))
        })
        .cloned()
        .collect();
    (kept, candidates.into_iter().map(|(h, _)| h).collect())
}

/// The numbers of the counted reports for the groups' elements, each times its share.
async fn values(state: &Services, counted: &[(ReportHead, f64)]) -> Result<Values, Error> {
    let ids: Vec<i64> = counted.iter().map(|(h, _)| h.id).collect();
    let stored = state.store.values_of_reports(&ids).await?;
    let wanted: HashSet<&str> = GROUP_ELEMENTS.iter().flat_map(|g| g.iter().copied()).collect();
    let mut out = Values::new();
    for (h, w) in counted {
        for ((element, option), value) in stored.get(&h.id).into_iter().flatten() {
            if let (true, Ok(v)) = (wanted.contains(element.as_str()), value.parse::<f64>()) {
                *out.entry((element.clone(), option.clone())).or_default() += v * w;
            }
        }
    }
    Ok(out)
}

/// The total of an element, when any of its values is there.
fn total(values: &Values, element: &str) -> Option<f64> {
    let picked: Vec<f64> = values.iter().filter(|((e, _), _)| e == element).map(|(_, v)| *v).collect();
    (!picked.is_empty()).then(|| picked.iter().sum())
}

/// The lines of a group's table: each element with a value in either year, its total, then the
/// women among a count by sex, or each option with a value.
fn lines(elements: &[&str], now: &Values, before: &Values) -> Vec<Line> {
    let mut out = Vec::new();
    for code in elements {
        let Some(el) = reporting::element(code) else { continue };
        let (current, previous) = (total(now, code), total(before, code));
        if current.is_none() && previous.is_none() {
            continue;
        }
        out.push(Line {
            element: (*code).to_owned(),
            option: String::new(),
            name_vi: el.name_vi.to_owned(),
            name_en: el.name_en.to_owned(),
            current,
            previous,
        });
        if el.combo.categories.is_empty() {
            continue;
        }
        let by_sex = el.combo.code == reporting::BY_SEX.code;
        for option in el.combo.option_combos() {
            if by_sex && option.code != "nu" {
                continue;
            }
            let key = ((*code).to_owned(), option.code.clone());
            let (current, previous) = (now.get(&key).copied(), before.get(&key).copied());
            if current.is_none() && previous.is_none() {
                continue;
            }
            let (name_vi, name_en) = if by_sex {
                ("Trong đó: nữ".to_owned(), "Of whom women".to_owned())
            } else {
                (format!("- {}", option.name_vi), format!("- {}", option.name_en))
            };
            out.push(Line { element: (*code).to_owned(), option: option.code, name_vi, name_en, current, previous });
        }
    }
    out
}

/// A count the Vietnamese way (`2.315`); a measure with at most two decimals (`1.234,5`).
#[must_use]
pub fn number(v: f64) -> String {
    trim_number(v)
}

/// A share to a tenth, the Vietnamese way: `61,2 %`.
#[must_use]
pub fn percent(v: f64) -> String {
    format!("{} %", trim_number((v * 10.0).round() / 10.0 + 0.0))
}

/// "toàn tỉnh", "toàn phường", "toàn quốc"… and the English words.
fn area_words(unit: &Unit) -> (String, String) {
    if unit.kind == UnitKind::Nation {
        return ("toàn quốc".into(), "nationwide".into());
    }
    let name = unit.name.trim();
    let level = ["Thành phố", "Tỉnh", "Đặc khu", "Thị xã", "Thị trấn", "Huyện", "Quận", "Phường", "Xã"]
        .iter()
        .find(|l| name.starts_with(*l))
        .map_or("địa bàn", |l| l);
    (format!("toàn {}", level.to_lowercase()), format!("across {name}"))
}

/// A share of women in a count by sex, when both are there.
fn women(values: &Values, element: &str) -> Option<f64> {
    let all = total(values, element).filter(|t| *t > 0.0)?;
    let women = values.get(&(element.to_owned(), "nu".to_owned()))?;
    Some(women / all * 100.0)
}

/// The clauses of a group's opening sentence, Vietnamese and English.
fn clauses(number_of_group: u8, v: &Values) -> Vec<(String, String)> {
    let n = |code: &str| total(v, code).map(number);
    let with_women = |code: &str| {
        women(v, code).map_or((String::new(), String::new()), |p| {
            (format!(", trong đó nữ chiếm {}", percent(p)), format!(", {} of them women", percent(p)))
        })
    };
    let mut out = Vec::new();
    match number_of_group {
        1 => {
            if let Some(k) = n("KH_BAN_HANH") {
                out.push((
                    format!("ban hành {k} kế hoạch, văn bản chỉ đạo, hướng dẫn về công tác bình đẳng giới"),
                    format!("issued {k} plans and directions on gender equality"),
                ));
            }
            if let Some(f) = n("KINH_PHI") {
                out.push((
                    format!("bố trí {f} đồng kinh phí thực hiện công tác bình đẳng giới"),
                    format!("spent VND {f} on gender-equality work"),
                ));
            }
        }
        2 => {
            if let (Some(e), Some(p)) = (n("TT_SU_KIEN"), n("TT_NGUOI_THAM_DU")) {
                let (wv, we) = with_women("TT_NGUOI_THAM_DU");
                out.push((
                    format!("tổ chức {e} sự kiện truyền thông cho {p} lượt người tham dự{wv}"),
                    format!("held {e} communication events attended by {p} people{we}"),
                ));
            } else if let Some(e) = n("TT_SU_KIEN") {
                out.push((format!("tổ chức {e} sự kiện truyền thông"), format!("held {e} communication events")));
            }
            if let Some(p) = n("TT_SAN_PHAM") {
                out.push((
                    format!("xây dựng {p} sản phẩm truyền thông"),
                    format!("produced {p} communication products"),
                ));
            }
            if let (Some(c), Some(t)) = (n("DT_LOP"), n("DT_HOC_VIEN")) {
                let (wv, we) = with_women("DT_HOC_VIEN");
                out.push((
                    format!("tổ chức {c} lớp tập huấn, bồi dưỡng cho {t} lượt người{wv}"),
                    format!("ran {c} training courses for {t} trainees{we}"),
                ));
            }
            if let Some(a) = n("THANG_HANH_DONG") {
                out.push((
                    format!(
                        "có {a} cơ quan, đơn vị tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với \
                         bạo lực trên cơ sở giới"
                    ),
                    format!("{a} agencies held the Action Month for gender equality and against gender-based violence"),
                ));
            }
        }
        3 => {
            if let Some(m) = n("MH_HOAT_DONG") {
                out.push((
                    format!("duy trì {m} mô hình về bình đẳng giới đang hoạt động"),
                    format!("kept {m} gender-equality models running"),
                ));
            }
            if let Some(m) = n("MH_MOI") {
                out.push((format!("xây dựng mới {m} mô hình"), format!("set up {m} new models")));
            }
            if let Some(m) = n("MH_NHAN_RONG") {
                out.push((format!("nhân rộng {m} mô hình"), format!("replicated {m} models")));
            }
        }
        _ => state_management(v, &mut out),
    }
    out
}

/// The clauses of the fourth group: inspections, incidents, mainstreaming, commendations.
fn state_management(v: &Values, out: &mut Vec<(String, String)>) {
    let n = |code: &str| total(v, code).map(number);
    if let Some(c) = n("TTKT_CUOC") {
        let found = n("TTKT_VI_PHAM").unwrap_or_else(|| "0".into());
        let dealt = n("TTKT_XU_LY").unwrap_or_else(|| "0".into());
        out.push((
            format!(
                "tiến hành {c} cuộc thanh tra, kiểm tra việc thực hiện pháp luật về bình đẳng giới, phát hiện {found} \
                 vi phạm, đã xử lý {dealt} vi phạm"
            ),
            format!("carried out {c} inspections and checks, found {found} violations and dealt with {dealt}"),
        ));
    }
    if let Some(i) = n("VU_VIEC") {
        out.push((format!("giải quyết {i} vụ việc đột xuất"), format!("handled {i} urgent incidents")));
    }
    if let Some(d) = n("LONG_GHEP") {
        out.push((
            format!("rà soát lồng ghép vấn đề bình đẳng giới trong {d} văn bản"),
            format!("reviewed {d} documents for gender mainstreaming"),
        ));
    }
    if let Some(k) = n("KHEN_THUONG") {
        out.push((
            format!("khen thưởng {k} tập thể, cá nhân có thành tích trong công tác bình đẳng giới"),
            format!("commended {k} groups and people for their gender-equality work"),
        ));
    }
}

/// A group's opening sentence from its clauses.
fn summary(year: i32, area: &(String, String), clauses: &[(String, String)]) -> (String, String) {
    if clauses.is_empty() {
        return (
            format!("Các báo cáo năm {year} được tổng hợp chưa có số liệu về nội dung này."),
            format!("The {year} reports compiled hold no figures on this."),
        );
    }
    let vi: Vec<&str> = clauses.iter().map(|(v, _)| v.as_str()).collect();
    let en: Vec<&str> = clauses.iter().map(|(_, e)| e.as_str()).collect();
    (format!("Trong năm {year}, {} {}.", area.0, vi.join("; ")), format!("In {year}, {}: {}.", area.1, en.join("; ")))
}

/// Refuses an area the user may not read.
async fn require_read(state: &Services, user: &User, unit: &Unit) -> Result<(), Error> {
    let scope = scope_of(state, user).await?;
    if scope.covers(&state.store.reach(unit).await?) {
        Ok(())
    } else {
        Err(Error::Forbidden(format!("báo cáo của {} nằm ngoài phạm vi của cơ quan bạn", unit.name)))
    }
}

/// Whether the user's role may see reports not yet approved (the rule of the analytics API).
pub async fn may_see_unapproved(state: &Services, user: &User) -> bool {
    require_role(state, user, Record::Report, Action::Write).await.is_ok()
}

/// The message for an area without a report that counts.
fn nothing_counted(unit: &Unit, year: i32, include_unapproved: bool) -> Error {
    let which = if include_unapproved { "nào (kể cả chưa duyệt)" } else { "nào đã được duyệt" };
    Error::NotFound(format!(
        "Chưa có báo cáo năm {year} {which} của {} hoặc các địa bàn trực thuộc (báo cáo kết quả công tác bình đẳng \
         giới, báo cáo Tháng hành động), nên chưa thể lập dự thảo báo cáo năm. Báo cáo được tính khi cấp trên đã \
         duyệt.",
        unit.name
    ))
}

/// Drafts the yearly report of the area `unit_code` (as of the year's map) for `year`.
pub async fn load(
    state: &Services,
    user: &User,
    unit_code: &str,
    year: i32,
    options: &Options,
) -> Result<YearlyReport, Error> {
    if !reporting::YEARS.contains(&year) {
        return Err(DomainError::invalid("year", format!("năm {year} nằm ngoài khoảng 2000–2100")).into());
    }
    let t = crate::reports::target(state, FORMS[0], &year.to_string(), unit_code, None).await?;
    require_read(state, user, &t.unit).await?;
    if options.include_unapproved && !may_see_unapproved(state, user).await {
        return Err(Error::Forbidden("chỉ chuyên viên trở lên được lập báo cáo có số liệu chưa duyệt".into()));
    }
    let map_date = t.dates.1;
    let engine = crate::analytics::fresh(state).await?;
    let registry = engine.registry();
    let (mut now, mut before, mut written) = (Vec::new(), Vec::new(), Vec::new());
    for form in FORMS {
        for y in [year, year - 1] {
            let heads = state.store.report_heads(form, &y.to_string()).await?;
            let (kept, all) = counted(&registry, heads, y, t.unit.id, map_date, options.include_unapproved);
            if y == year {
                now.extend(kept);
                written.extend(all);
            } else {
                before.extend(kept);
            }
        }
    }
    if now.is_empty() {
        return Err(nothing_counted(&t.unit, year, options.include_unapproved));
    }
    let incl = options.include_unapproved;
    let now_heads: Vec<ReportHead> = now.iter().map(|(h, _)| h.clone()).collect();
    let (now, before) = (values(state, &now).await?, values(state, &before).await?);
    written.sort_by_key(|h| (registry.level(h.unit), h.unit));
    let texts = texts(state, &written).await?;
    let area = area_words(&t.unit);
    let groups = binhdang_core::plans::GROUPS
        .iter()
        .zip(binhdang_core::plans::GROUPS_EN)
        .zip(GROUP_ELEMENTS)
        .map(|(((g, title_vi), title_en), elements)| {
            let (summary_vi, summary_en) = summary(year, &area, &clauses(*g, &now));
            let notes = texts.notes.iter().filter(|(e, _)| elements.contains(&e.as_str())).map(|(_, i)| i.clone());
            Group {
                number: *g,
                title_vi,
                title_en,
                summary_vi,
                summary_en,
                lines: lines(elements, &now, &before),
                notes: notes.take(MAX_ITEMS).collect(),
            }
        })
        .collect();
    let indicators = indicators(state, engine, &t.unit, year, map_date, incl).await?;
    let names = state.store.names_of(&now_heads.iter().map(|h| h.unit).collect::<Vec<_>>()).await?;
    let codes = state.store.codes_of(&now_heads.iter().map(|h| h.unit).collect::<Vec<_>>()).await?;
    let header = header(state, &t.unit, map_date, options).await?;
    // The difficulties the area's agencies raised on letters during the year come first, then
    // those written into the reports.
    let mut difficulties: Vec<Item> = crate::difficulties::raised_in_year(state, t.unit.id, year)
        .await?
        .into_iter()
        .map(|d| Item {
            from: d.raised_by_name,
            on: Some(d.raised_on),
            text: format!("{}: {}", d.subject.trim_end_matches(['.', ':']), d.text),
            source: d.letter,
        })
        .collect();
    difficulties.extend(texts.difficulties);
    difficulties.truncate(MAX_ITEMS);
    Ok(YearlyReport {
        unit_code: t.unit.code.clone(),
        unit_name: t.unit.name.clone(),
        unit_kind: t.unit.kind,
        year,
        map_date,
        include_unapproved: incl,
        unapproved: now_heads.iter().filter(|h| h.status != Status::DaDuyet).count(),
        reports: now_heads
            .iter()
            .map(|h| Counted {
                form: h.form.clone(),
                unit_code: codes.get(&h.unit).cloned().unwrap_or_default(),
                unit_name: names.get(&h.unit).cloned().unwrap_or_default(),
                status: h.status,
            })
            .collect(),
        groups,
        indicators,
        difficulties,
        proposals: texts.proposals,
        header,
    })
}

/// What the counted reports wrote: notes by element, difficulties, proposals.
#[derive(Debug, Default)]
struct Texts {
    notes: Vec<(String, Item)>,
    difficulties: Vec<Item>,
    proposals: Vec<Item>,
}

/// Where an answer to `KHO_KHAN` turns to proposals: `Kiến nghị:`, `Đề xuất:`, `Đề nghị:`.
const PROPOSAL_MARKS: [&str; 9] =
    ["Kiến nghị:", "kiến nghị:", "KIẾN NGHỊ:", "Đề xuất:", "đề xuất:", "ĐỀ XUẤT:", "Đề nghị:", "đề nghị:", "ĐỀ NGHỊ:"];

/// Splits an answer to `KHO_KHAN` into its difficulties and its proposals. A text that opens
/// with a proposal word is all proposal; a leading `Khó khăn:` label is dropped.
#[must_use]
pub fn split_difficulties(text: &str) -> (String, String) {
    let text = text.trim();
    let opens = ["Kiến nghị", "Đề xuất", "Đề nghị", "Kiến nghi"].iter().any(|w| text.starts_with(w));
    if opens {
        let rest = PROPOSAL_MARKS.iter().find_map(|m| text.strip_prefix(m)).unwrap_or(text);
        return (String::new(), rest.trim().to_owned());
    }
    let cut = PROPOSAL_MARKS.iter().filter_map(|m| text.find(m).map(|at| (at, m.len()))).min();
    let (difficulties, proposals) = match cut {
        Some((at, len)) => (&text[..at], &text[at + len..]),
        None => (text, ""),
    };
    let difficulties = ["Khó khăn, vướng mắc:", "Khó khăn:", "KHÓ KHĂN:"]
        .iter()
        .find_map(|l| difficulties.trim().strip_prefix(l))
        .unwrap_or(difficulties);
    (difficulties.trim().to_owned(), proposals.trim().to_owned())
}

/// Reads the counted reports' texts.
async fn texts(state: &Services, heads: &[ReportHead]) -> Result<Texts, Error> {
    let heads: Vec<&ReportHead> = heads.iter().take(MAX_TEXT_REPORTS).collect();
    let ids: Vec<i64> = heads.iter().map(|h| h.id).collect();
    let stored = state.store.stored_values_of_reports(&ids).await?;
    let names = state.store.names_of(&heads.iter().map(|h| h.unit).collect::<Vec<_>>()).await?;
    let mut out = Texts::default();
    for h in heads {
        let from = names.get(&h.unit).cloned().unwrap_or_default();
        let on = h
            .first_submitted_at
            .as_deref()
            .or(h.submitted_at.as_deref())
            .and_then(|s| s.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()));
        let item = |text: &str| Item { from: from.clone(), on, text: text.trim().to_owned(), source: h.form.clone() };
        for ((element, _), (value, comment)) in stored.get(&h.id).into_iter().flatten() {
            if element == DIFFICULTIES {
                for text in [value, comment] {
                    let (d, p) = split_difficulties(text);
                    if !d.is_empty() {
                        out.difficulties.push(item(&d));
                    }
                    if !p.is_empty() {
                        out.proposals.push(item(&p));
                    }
                }
            } else if !comment.trim().is_empty() {
                out.notes.push((element.clone(), item(comment)));
            }
        }
    }
    out.difficulties.truncate(MAX_ITEMS);
    out.proposals.truncate(MAX_ITEMS);
    Ok(out)
}

/// The Strategy's indicators with a value for the area in the year, from the same counted data
/// the overview uses (the engine, on the year's map), with their progress.
async fn indicators(
    state: &Services,
    engine: &Engine,
    unit: &Unit,
    year: i32,
    map_date: NaiveDate,
    include_unapproved: bool,
) -> Result<Vec<IndicatorLine>, Error> {
    let years: Vec<Period> = (2021.min(year)..=year).map(Period::year).collect();
    let mut out = Vec::new();
    for stored in state.store.indicators(false).await? {
        let indicator = stored.indicator;
        let Some(formula) = &indicator.formula else { continue };
        let series: Vec<(i32, f64)> = engine
            .indicator(formula, &years, &[unit.id], map_date, include_unapproved)
            .into_iter()
            .map(|((p, _), v)| (years[p].year, v))
            .collect();
        let Some(&(_, value)) = series.iter().find(|(y, _)| *y == year) else { continue };
        let previous = series.iter().find(|(y, _)| *y == year - 1).map(|(_, v)| *v);
        let series: Vec<(i32, f64)> = series.into_iter().filter(|(y, _)| *y <= year).collect();
        let row = crate::dashboard::row(indicator, series);
        let i = row.indicator;
        out.push(IndicatorLine {
            suffix: i.unit.suffix().to_owned(),
            sign: i.direction.sign().to_owned(),
            target_2025: i.target(2025),
            target_2030: i.target(2030),
            code: i.code,
            name_vi: i.name,
            name_en: i.name_en,
            value,
            previous,
            progress: row.progress,
        });
    }
    Ok(out)
}

/// Whether an agency is the one in charge of gender equality in a province or the nation (the
/// labour ministry and its departments until the 2025 reform, home affairs after).
fn in_charge(name: &str) -> u8 {
    let name = name.trim();
    if name.starts_with("Sở Lao động - Thương binh") || name.starts_with("Bộ Lao động - Thương binh") {
        2
    } else {
        u8::from(name.starts_with("Sở Nội vụ") || name.starts_with("Bộ Nội vụ"))
    }
}

/// The agency of an area that writes the report: the department (ministry) in charge for a
/// province (the nation), the people's committee for a district or commune.
async fn issuing_agency(state: &Services, area: &Unit, on: NaiveDate) -> Result<Option<Unit>, Error> {
    let agencies = state.store.agencies_serving(area.id, on).await?;
    Ok(match area.kind {
        UnitKind::Province | UnitKind::Nation => {
            agencies.into_iter().filter(|a| in_charge(&a.name) > 0).max_by_key(|a| in_charge(&a.name))
        }
        _ => {
            agencies.into_iter().find(|a| matches!(a.kind, UnitKind::CommuneCommittee | UnitKind::ProvincialCommittee))
        }
    })
}

/// "Ủy ban nhân dân huyện Kiên Lương" from "Huyện Kiên Lương".
fn committee_of(area: &Unit) -> String {
    let mut chars = area.name.trim().chars();
    let lowered: String = chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
    format!("Ủy ban nhân dân {lowered}")
}

/// The header: the issuing agency and its superior, the symbol, the place, the level above.
async fn header(state: &Services, area: &Unit, on: NaiveDate, options: &Options) -> Result<Header, Error> {
    let agency = issuing_agency(state, area, on).await?;
    let (name, kind) = match &agency {
        Some(a) => (a.name.clone(), a.kind),
        None if area.kind == UnitKind::Nation => ("Bộ Nội vụ".to_owned(), UnitKind::Ministry),
        None => (committee_of(area), UnitKind::CommuneCommittee),
    };
    // A people's committee heads its own header (`ỦY BAN NHÂN DÂN PHƯỜNG RẠCH GIÁ`).
    let committee = matches!(kind, UnitKind::ProvincialCommittee | UnitKind::CommuneCommittee);
    let superior = match agency.as_ref().and_then(|a| a.parent_id).filter(|_| !committee) {
        Some(p) => {
            let parent = state.store.unit(p).await?;
            (!parent.kind.is_area() && parent.kind != UnitKind::CentralBody).then_some(parent.name)
        }
        None => None,
    };
    let symbol = match &agency {
        Some(a) => state.store.symbol_templates(a.id).await?,
        None => None,
    }
    .unwrap_or_else(|| SymbolTemplates::derived(&name))
    .symbol_for("Báo cáo");
    let place = if area.kind == UnitKind::Nation { "Hà Nội".to_owned() } else { place_name(&area.name) };
    let issuer = Issuer { name: name.clone(), kind, parent: superior.clone(), place: place.clone() };
    let addressee = match area.kind {
        UnitKind::Nation => "Chính phủ".to_owned(),
        UnitKind::Province => ministry_in_charge(&issuer, Some(on))
            .map_or_else(|| superior.as_deref().map(abbreviate_committee).unwrap_or_default(), str::to_owned),
        _ => match area.parent_id {
            Some(p) => {
                let parent = state.store.unit(p).await?;
                issuing_agency(state, &parent, on).await?.map_or_else(|| committee_of(&parent), |a| a.name)
            }
            None => String::new(),
        },
    };
    Ok(Header {
        issuer: name,
        issuer_kind: kind,
        superior,
        place,
        symbol,
        number: options.number.clone(),
        date: options.date,
        addressee,
    })
}

#[cfg(test)]
mod tests {
    use super::{Options, percent, split_difficulties};

    #[test]
    fn an_answer_splits_into_difficulties_and_proposals() {
        let (d, p) = split_difficulties("Khó khăn: Cán bộ kiêm nhiệm. Kiến nghị: Tập huấn hằng năm.");
        assert_eq!((d.as_str(), p.as_str()), ("Cán bộ kiêm nhiệm.", "Tập huấn hằng năm."));
        let (d, p) = split_difficulties("Đề nghị bố trí kinh phí riêng.");
        assert_eq!((d.as_str(), p.as_str()), ("", "Đề nghị bố trí kinh phí riêng."));
        let (d, p) = split_difficulties("Địa bàn rộng. Đề xuất: Tài liệu song ngữ.");
        assert_eq!((d.as_str(), p.as_str()), ("Địa bàn rộng.", "Tài liệu song ngữ."));
        assert_eq!(split_difficulties("  "), (String::new(), String::new()));
    }

    #[test]
    fn options_name_the_bad_field() {
        let Err(crate::Error::Invalid(errors)) = Options::parse(false, Some("12a"), Some("31/02/2025")) else {
            panic!("refused")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["number", "date"]);
        let ok = Options::parse(true, Some(" 45 "), Some("20/12/2025")).map_err(|e| e.to_string());
        assert_eq!(
            ok.map(|o| (o.number, o.date.map(|d| d.to_string()))),
            Ok((Some("45".into()), Some("2025-12-20".into())))
        );
    }

    #[test]
    fn shares_read_the_vietnamese_way() {
        assert_eq!(percent(61.234), "61,2 %");
        assert_eq!(percent(60.0), "60 %");
    }
}
