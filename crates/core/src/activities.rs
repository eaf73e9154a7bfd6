//! Activities: the typed records of what agencies do — communication events and products,
//! training courses, models, inspections, urgent incidents, commendations, gender-mainstreaming
//! reviews, the Action Month, election results. Every type shares the same frame (recording
//! agency, place as of the date, date or range, title, optional plan item and task) and declares
//! its own fields, the checks between them (women ≤ total…), and the figures it contributes to
//! reporting, so a number is typed once and counted everywhere.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::tasks::TaskId;
use crate::units::UnitId;
use crate::{Error, FieldError};

/// The identity of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityId(pub i64);

crate::named_enum! {
    /// The kinds of activity.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ActivityType: "type", "loại hoạt động" {
        /// Hội nghị, tọa đàm, mít tinh, chiến dịch, sân khấu hóa, hội thi…
        CommunicationEvent = "communication_event", "Sự kiện truyền thông", "Communication event";
        /// Tờ rơi, pano, phóng sự, video, bài viết, chương trình phát thanh…
        CommunicationProduct = "communication_product", "Sản phẩm truyền thông", "Communication product";
        /// Lớp tập huấn, bồi dưỡng.
        TrainingCourse = "training_course", "Lớp tập huấn", "Training course";
        /// Mô hình: câu lạc bộ, địa chỉ tin cậy, nhà tạm lánh, đường dây nóng…
        Model = "model", "Mô hình", "Model";
        /// Thanh tra, kiểm tra.
        Inspection = "inspection", "Thanh tra, kiểm tra", "Inspection";
        /// Vụ việc đột xuất.
        Incident = "incident", "Vụ việc đột xuất", "Urgent incident";
        /// Khen thưởng.
        Commendation = "commendation", "Khen thưởng", "Commendation";
        /// Lồng ghép giới in a draft legal document or plan.
        MainstreamingReview = "mainstreaming_review", "Lồng ghép giới", "Gender mainstreaming review";
        /// Tháng hành động vì bình đẳng giới (15/11–15/12).
        ActionMonth = "action_month", "Tháng hành động", "Action Month";
        /// Kết quả bầu cử.
        ElectionResult = "election_result", "Kết quả bầu cử", "Election result";
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines.
    LongText,
    /// A whole number ≥ 0.
    Count,
    /// An amount in đồng ≥ 0.
    Money,
    /// A date.
    Date,
    /// One of the listed values (code, Vietnamese label, English label).
    Choice(&'static [(&'static str, &'static str, &'static str)]),
    /// Any of the listed values.
    Multi(&'static [(&'static str, &'static str, &'static str)]),
}

/// A field of an activity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// Name in the form, the JSON and the database.
    pub name: &'static str,
    /// Vietnamese label.
    pub label: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// Must be given.
    pub required: bool,
}

const fn f(
    name: &'static str,
    label: &'static str,
    label_en: &'static str,
    kind: FieldKind,
    required: bool,
) -> FieldDef {
    FieldDef { name, label, label_en, kind, required }
}

const EVENT_FORMS: &[(&str, &str, &str)] = &[
    ("hoi_nghi", "Hội nghị", "Conference"),
    ("toa_dam", "Tọa đàm", "Seminar"),
    ("mit_tinh", "Mít tinh", "Rally"),
    ("chien_dich", "Chiến dịch", "Campaign"),
    ("san_khau_hoa", "Sân khấu hóa", "Staged performance"),
    ("hoi_thi", "Hội thi", "Contest"),
    ("khac", "Khác", "Other"),
];
const TOPICS: &[(&str, &str, &str)] = &[
    ("bau_cu", "Bầu cử, phụ nữ tham gia chính trị", "Elections, women in politics"),
    ("luat_bdg", "Luật Bình đẳng giới", "Law on Gender Equality"),
    ("chien_luoc", "Chiến lược quốc gia về bình đẳng giới", "National Strategy on Gender Equality"),
    ("blg", "Phòng ngừa, ứng phó bạo lực trên cơ sở giới", "Preventing and responding to gender-based violence"),
    ("bo_luat_lao_dong", "Bộ luật Lao động 2019", "Labour Code 2019"),
    ("thang_hanh_dong", "Tháng hành động vì bình đẳng giới", "Action Month for Gender Equality"),
    ("khac", "Khác", "Other"),
];
const SOURCES: &[(&str, &str, &str)] = &[
    ("ngan_sach_trung_uong", "Ngân sách trung ương", "Central budget"),
    ("ngan_sach_dia_phuong", "Ngân sách địa phương", "Local budget"),
    ("xa_hoi_hoa", "Xã hội hóa", "Private contributions"),
    ("quoc_te", "Quốc tế, viện trợ", "International aid"),
];
const PRODUCT_KINDS: &[(&str, &str, &str)] = &[
    ("to_roi", "Tờ rơi", "Leaflet"),
    ("pano", "Pano, áp phích", "Billboard, poster"),
    ("phong_su", "Phóng sự", "Report (broadcast)"),
    ("video", "Video", "Video"),
    ("bai_viet", "Bài viết", "Article"),
    ("phat_thanh", "Chương trình phát thanh", "Radio programme"),
    ("khac", "Khác", "Other"),
];
const LANGUAGES: &[(&str, &str, &str)] = &[
    ("vi", "Tiếng Việt", "Vietnamese"),
    ("km", "Tiếng Khmer", "Khmer"),
    ("hmn", "Tiếng H'Mông", "Hmong"),
    ("th", "Tiếng Thái", "Thai"),
    ("ede", "Tiếng Ê Đê", "Ede"),
    ("khac", "Tiếng dân tộc khác", "Other ethnic language"),
];
const TARGET_GROUPS: &[(&str, &str, &str)] = &[
    ("nu_ung_cu_vien", "Nữ ứng cử viên, cán bộ nữ tiềm năng", "Women candidates and potential women officials"),
    ("phong_vien", "Phóng viên, biên tập viên", "Reporters and editors"),
    ("phap_che", "Cán bộ pháp chế", "Legal officers"),
    ("thanh_tra", "Thanh tra viên", "Inspectors"),
    ("tu_phap", "Cán bộ tư pháp", "Justice officers"),
    ("ban_vstbpn", "Ban vì sự tiến bộ phụ nữ", "Committees for the Advancement of Women"),
    ("can_bo_bdg", "Cán bộ làm công tác bình đẳng giới", "Gender-equality officers"),
    ("khac", "Khác", "Other"),
];
const MODEL_TYPES: &[(&str, &str, &str)] = &[
    ("cau_lac_bo", "Câu lạc bộ", "Club"),
    ("dia_chi_tin_cay", "Địa chỉ tin cậy", "Trusted address"),
    ("nha_tam_lanh", "Nhà tạm lánh", "Shelter"),
    ("duong_day_nong", "Đường dây nóng", "Hotline"),
    ("khac", "Khác", "Other"),
];
const MODEL_STATUS: &[(&str, &str, &str)] = &[
    ("dang_hoat_dong", "Đang hoạt động", "Operating"),
    ("da_danh_gia", "Đã đánh giá", "Evaluated"),
    ("da_nhan_rong", "Đã nhân rộng", "Replicated"),
    ("ngung", "Ngừng hoạt động", "Discontinued"),
];
const INSPECTION_MODES: &[(&str, &str, &str)] =
    &[("thanh_tra", "Thanh tra", "Inspection"), ("kiem_tra", "Kiểm tra", "Check")];
const INCIDENT_STATUS: &[(&str, &str, &str)] =
    &[("dang_xu_ly", "Đang xử lý", "Being handled"), ("da_xu_ly", "Đã xử lý", "Handled")];
const RECIPIENT_KINDS: &[(&str, &str, &str)] =
    &[("ca_nhan", "Cá nhân", "Individual"), ("tap_the", "Tập thể", "Collective")];
const COMMENDATION_FORMS: &[(&str, &str, &str)] = &[
    ("bang_khen", "Bằng khen", "Certificate of merit"),
    ("giay_khen", "Giấy khen", "Letter of commendation"),
    ("co_thi_dua", "Cờ thi đua", "Emulation flag"),
    ("khac", "Khác", "Other"),
];
const LEVELS: &[(&str, &str, &str)] = &[
    ("trung_uong", "Trung ương", "Central"),
    ("tinh", "Tỉnh", "Provincial"),
    ("huyen", "Huyện", "District"),
    ("xa", "Xã", "Commune"),
];
const REVIEW_OUTCOMES: &[(&str, &str, &str)] = &[
    ("da_long_ghep", "Đã lồng ghép vấn đề giới", "Gender issues mainstreamed"),
    ("chua_long_ghep", "Chưa lồng ghép, đã kiến nghị", "Not mainstreamed; recommendations made"),
    ("khong_can", "Không có vấn đề giới", "No gender issue"),
];
const BODIES: &[(&str, &str, &str)] = &[
    ("quoc_hoi", "Quốc hội", "National Assembly"),
    ("hdnd_tinh", "HĐND tỉnh", "Provincial People's Council"),
    ("hdnd_huyen", "HĐND huyện", "District People's Council"),
    ("hdnd_xa", "HĐND xã", "Commune People's Council"),
];

use FieldKind::{Choice, Count, Date, LongText, Money, Multi, Text};

const EVENT: &[FieldDef] = &[
    f("form", "Hình thức", "Form", Choice(EVENT_FORMS), true),
    f("topic", "Chủ đề", "Topic", Choice(TOPICS), true),
    f("channel", "Kênh, địa điểm", "Channel or venue", Text, false),
    f("participants", "Số người tham dự", "Participants", Count, true),
    f("women", "Trong đó nữ", "of whom women", Count, true),
    f("ethnic_minority", "Trong đó người dân tộc thiểu số", "of whom ethnic minorities", Count, false),
    f("budget", "Kinh phí (đồng)", "Budget (VND)", Money, false),
    f("budget_source", "Nguồn kinh phí", "Source of funds", Choice(SOURCES), false),
];
const PRODUCT: &[FieldDef] = &[
    f("kind", "Loại sản phẩm", "Kind of product", Choice(PRODUCT_KINDS), true),
    f("languages", "Ngôn ngữ", "Languages", Multi(LANGUAGES), true),
    f("copies", "Số bản in, phát hành", "Copies printed or issued", Count, false),
    f("broadcasts", "Số lượt phát sóng, đăng tải", "Broadcasts or postings", Count, false),
    f("channel", "Kênh", "Channel", Text, false),
    f("budget", "Kinh phí (đồng)", "Budget (VND)", Money, false),
    f("budget_source", "Nguồn kinh phí", "Source of funds", Choice(SOURCES), false),
];
const TRAINING: &[FieldDef] = &[
    f("target_group", "Đối tượng", "Target group", Choice(TARGET_GROUPS), true),
    f("days", "Số ngày", "Days", Count, true),
    f("participants", "Số học viên", "Trainees", Count, true),
    f("women", "Trong đó nữ", "of whom women", Count, true),
    f("budget", "Kinh phí (đồng)", "Budget (VND)", Money, false),
    f("budget_source", "Nguồn kinh phí", "Source of funds", Choice(SOURCES), false),
];
const MODEL: &[FieldDef] = &[
    f("model_type", "Loại mô hình", "Kind of model", Choice(MODEL_TYPES), true),
    f("status", "Tình trạng", "Status", Choice(MODEL_STATUS), true),
    f("members", "Số thành viên, người được hỗ trợ", "Members or people supported", Count, false),
    f("women", "Trong đó nữ", "of whom women", Count, false),
    f("replicated_from", "Nhân rộng từ mô hình (số)", "Replicated from model (no.)", Count, false),
    f("evaluations", "Đánh giá", "Evaluations", LongText, false),
    f("funding_central", "Kinh phí ngân sách trung ương", "Central budget funds (VND)", Money, false),
    f("funding_local", "Kinh phí ngân sách địa phương", "Local budget funds (VND)", Money, false),
    f("funding_social", "Kinh phí xã hội hóa", "Private contributions (VND)", Money, false),
    f("funding_international", "Kinh phí quốc tế, viện trợ", "International aid (VND)", Money, false),
];
const INSPECTION: &[FieldDef] = &[
    f("mode", "Hình thức", "Form", Choice(INSPECTION_MODES), true),
    f("subject", "Đối tượng thanh tra, kiểm tra", "Subject of the inspection", Text, true),
    f("findings", "Kết quả", "Results", LongText, false),
    f("violations_found", "Số vi phạm phát hiện", "Violations found", Count, true),
    f("violations_handled", "Số vi phạm đã xử lý", "Violations dealt with", Count, true),
    f("sanctions", "Tiền phạt (đồng)", "Fines (VND)", Money, false),
];
const INCIDENT: &[FieldDef] = &[
    f("summary", "Tóm tắt vụ việc", "Summary of the incident", LongText, true),
    f("reported_to", "Báo cáo đến", "Reported to", Text, true),
    f("reported_on", "Ngày báo cáo", "Date reported", Date, true),
    f("status", "Tình trạng", "Status", Choice(INCIDENT_STATUS), true),
];
const COMMENDATION: &[FieldDef] = &[
    f("recipient", "Người, đơn vị được khen", "Person or unit commended", Text, true),
    f("recipient_kind", "Cá nhân hay tập thể", "Individual or collective", Choice(RECIPIENT_KINDS), true),
    f("form", "Hình thức", "Form", Choice(COMMENDATION_FORMS), true),
    f("level", "Cấp khen", "Level", Choice(LEVELS), true),
    f("decision", "Quyết định khen thưởng (số, ký hiệu)", "Commendation decision (number and symbol)", Text, false),
];
const REVIEW: &[FieldDef] = &[
    f("draft", "Dự thảo văn bản, kế hoạch", "Draft document or plan", Text, true),
    f("findings", "Nội dung góp ý", "Comments made", LongText, false),
    f("outcome", "Kết quả", "Results", Choice(REVIEW_OUTCOMES), true),
];
const ACTION_MONTH: &[FieldDef] = &[
    f("year", "Năm", "Year", Count, true),
    f("plan_document", "Kế hoạch (số, ký hiệu)", "Plan (number and symbol)", Text, false),
    f(
        "activities",
        "Các hoạt động trong tháng (số, cách nhau bởi dấu phẩy)",
        "Activities during the month (numbers, separated by commas)",
        Text,
        false,
    ),
    f("result_summary", "Kết quả", "Results", LongText, false),
];
const ELECTION: &[FieldDef] = &[
    f("body", "Cơ quan dân cử", "Elected body", Choice(BODIES), true),
    f("term", "Nhiệm kỳ", "Term", Text, true),
    f("seats", "Số đại biểu được bầu", "Seats", Count, true),
    f("candidates", "Số người ứng cử", "Candidates", Count, false),
    f("candidates_women", "Trong đó nữ", "of whom women", Count, false),
    f("elected", "Số người trúng cử", "Elected", Count, true),
    f("elected_women", "Trong đó nữ", "of whom women", Count, true),
];

impl ActivityType {
    /// The type's own fields.
    #[must_use]
    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Self::CommunicationEvent => EVENT,
            Self::CommunicationProduct => PRODUCT,
            Self::TrainingCourse => TRAINING,
            Self::Model => MODEL,
            Self::Inspection => INSPECTION,
            Self::Incident => INCIDENT,
            Self::Commendation => COMMENDATION,
            Self::MainstreamingReview => REVIEW,
            Self::ActionMonth => ACTION_MONTH,
            Self::ElectionResult => ELECTION,
        }
    }

    /// Parts that cannot exceed their whole: (part, whole, message).
    #[must_use]
    pub fn limits(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            Self::CommunicationEvent => &[
                ("women", "participants", "số nữ không thể lớn hơn tổng số người tham dự"),
                (
                    "ethnic_minority",
                    "participants",
                    "số người dân tộc thiểu số không thể lớn hơn tổng số người tham dự",
                ),
            ],
            Self::TrainingCourse => &[("women", "participants", "số học viên nữ không thể lớn hơn tổng số học viên")],
            Self::Model => &[("women", "members", "số nữ không thể lớn hơn tổng số thành viên")],
            Self::Inspection => {
                &[("violations_handled", "violations_found", "số vi phạm đã xử lý không thể lớn hơn số phát hiện")]
            }
            Self::ElectionResult => &[
                ("candidates_women", "candidates", "số ứng cử viên nữ không thể lớn hơn tổng số ứng cử viên"),
                ("elected_women", "elected", "số nữ trúng cử không thể lớn hơn tổng số trúng cử"),
                ("elected", "candidates", "số trúng cử không thể lớn hơn số ứng cử"),
                ("elected", "seats", "số trúng cử không thể lớn hơn số đại biểu được bầu"),
            ],
            _ => &[],
        }
    }
}

/// An activity to record (or the new state of one).
#[derive(Debug, Clone, PartialEq)]
pub struct NewActivity {
    /// Its type.
    pub kind: ActivityType,
    /// The recording agency.
    pub agency: UnitId,
    /// Where it took place (an area valid on `date_from`).
    pub area: UnitId,
    /// First (or only) day.
    pub date_from: NaiveDate,
    /// Last day of a range.
    pub date_to: Option<NaiveDate>,
    /// A short title.
    pub title: String,
    /// The plan item it carries out.
    pub plan_item: Option<i64>,
    /// The task it carries out.
    pub task: Option<TaskId>,
    /// The type's fields, checked and normalised by [`NewActivity::validate`].
    pub data: Map<String, Value>,
}

/// The largest count an activity records (people, copies, days): a billion.
pub const MAX_COUNT: i64 = 1_000_000_000;
/// The largest amount of money an activity records, in đồng (a million billion).
pub const MAX_MONEY: i64 = 1_000_000_000_000_000;

/// A whole number written as a JSON number or text ("1.250" with thousands dots). A float is
/// taken only when it is whole and exactly representable, so 1e300 is not a count.
fn as_count(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0).map(|f| f as i64)
        }),
        Value::String(s) => s.trim().replace('.', "").parse().ok(),
        _ => None,
    }
}

fn as_date(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(crate::units::read_date)
}

impl NewActivity {
    /// Checks the frame and every field of the type, reporting all problems at once; on success
    /// `data` holds only the type's fields, counts as numbers, choices as their codes.
    pub fn validate(&mut self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push(FieldError::new("title", "tên hoạt động không được để trống"));
        }
        if self.date_to.is_some_and(|to| to < self.date_from) {
            errors.push(FieldError::new("date_to", "ngày kết thúc không thể trước ngày bắt đầu"));
        }
        let mut clean = Map::new();
        for def in self.kind.fields() {
            let value =
                self.data.get(def.name).filter(|v| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()));
            let Some(value) = value else {
                if def.required {
                    errors.push(FieldError::new(def.name, format!("{} không được để trống", def.label.to_lowercase())));
                }
                continue;
            };
            let checked = match def.kind {
                Text | LongText => value.as_str().map(|s| Value::String(s.trim().to_owned())),
                Count | Money => match as_count(value) {
                    Some(n) if n < 0 => {
                        errors.push(FieldError::new(def.name, format!("{} không được âm", def.label.to_lowercase())));
                        continue;
                    }
                    Some(n) if n > if def.kind == Money { MAX_MONEY } else { MAX_COUNT } => {
                        let max = if def.kind == Money { "1 triệu tỷ đồng" } else { "1 tỷ" };
                        errors.push(FieldError::new(
                            def.name,
                            format!("{} quá lớn (tối đa {max})", def.label.to_lowercase()),
                        ));
                        continue;
                    }
                    Some(n) => Some(Value::from(n)),
                    None => None,
                },
                Date => as_date(value).map(|d| Value::String(d.to_string())),
                Choice(options) => value
                    .as_str()
                    .filter(|s| options.iter().any(|(c, _, _)| c == s))
                    .map(|s| Value::String(s.to_owned())),
                Multi(options) => {
                    let items: Vec<&str> = match value {
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        Value::String(s) => s.split(',').map(str::trim).filter(|s| !s.is_empty()).collect(),
                        _ => Vec::new(),
                    };
                    if items.is_empty() || items.iter().any(|i| !options.iter().any(|(c, _, _)| c == i)) {
                        None
                    } else {
                        Some(Value::from(items.into_iter().map(str::to_owned).collect::<Vec<_>>()))
                    }
                }
            };
            match checked {
                Some(v) => {
                    clean.insert(def.name.to_owned(), v);
                }
                None => errors.push(FieldError::new(
                    def.name,
                    format!("giá trị \"{}\" không hợp lệ cho {}", display(value), def.label.to_lowercase()),
                )),
            }
        }
        for (part, whole, message) in self.kind.limits() {
            if let (Some(p), Some(w)) =
                (clean.get(*part).and_then(Value::as_i64), clean.get(*whole).and_then(Value::as_i64))
                && p > w
            {
                errors.push(FieldError::new(*part, format!("{message} ({p} > {w})")));
            }
        }
        if errors.is_empty() {
            self.data = clean;
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    /// Identity.
    pub id: ActivityId,
    /// Type.
    #[serde(rename = "type")]
    pub kind: ActivityType,
    /// Recording agency.
    pub agency: UnitId,
    /// Place.
    pub area: UnitId,
    /// First day.
    pub date_from: NaiveDate,
    /// Last day.
    pub date_to: Option<NaiveDate>,
    /// Title.
    pub title: String,
    /// Plan item.
    pub plan_item: Option<i64>,
    /// Task.
    pub task: Option<TaskId>,
    /// The type's fields.
    pub data: Map<String, Value>,
    /// Version, for conflict detection.
    pub version: i64,
}

/// An aggregate figure: a code, its disaggregation, its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// Figure code (see [`FIGURE_CODES`]).
    pub code: &'static str,
    /// Disaggregation ("sex": "nu"…); empty for totals.
    pub disaggregation: BTreeMap<&'static str, String>,
    /// The value.
    pub value: f64,
}

/// The figure codes activities produce, with their meaning in Vietnamese and English (documented in the API).
pub const FIGURE_CODES: &[(&str, &str, &str)] = &[
    ("TT_SU_KIEN", "Số sự kiện truyền thông", "Communication events"),
    (
        "TT_NGUOI_THAM_DU",
        "Số người tham dự sự kiện truyền thông (sex: tong, nu; dan_toc: thieu_so)",
        "People attending communication events (sex: tong, nu; dan_toc: thieu_so)",
    ),
    (
        "TT_SAN_PHAM",
        "Số sản phẩm truyền thông (language: mã ngôn ngữ)",
        "Communication products (language: language code)",
    ),
    (
        "TT_BAN_PHAT_HANH",
        "Số bản in, phát hành và lượt phát sóng của sản phẩm truyền thông",
        "Copies issued and broadcasts of communication products",
    ),
    ("DT_LOP", "Số lớp tập huấn", "Training courses"),
    ("DT_HOC_VIEN", "Số học viên tập huấn (sex: tong, nu)", "Trainees (sex: tong, nu)"),
    ("MH_HOAT_DONG", "Số mô hình đang hoạt động hoặc đã nhân rộng", "Models operating or replicated"),
    ("MH_MOI", "Số mô hình mới trong kỳ", "New models in the period"),
    ("MH_NHAN_RONG", "Số mô hình nhân rộng từ mô hình khác", "Models replicated from another"),
    ("TTKT_CUOC", "Số cuộc thanh tra, kiểm tra", "Inspections and checks"),
    ("TTKT_VI_PHAM", "Số vi phạm phát hiện", "Violations found"),
    ("TTKT_XU_LY", "Số vi phạm đã xử lý", "Violations dealt with"),
    ("VU_VIEC", "Số vụ việc đột xuất", "Urgent incidents"),
    ("KHEN_THUONG", "Số khen thưởng (recipient: ca_nhan, tap_the)", "Commendations (recipient: ca_nhan, tap_the)"),
    ("LONG_GHEP", "Số văn bản được rà soát lồng ghép giới", "Documents reviewed for gender mainstreaming"),
    ("THANG_HANH_DONG", "Số cơ quan tổ chức Tháng hành động", "Agencies holding the Action Month"),
    (
        "BAU_CU_TRUNG_CU",
        "Số người trúng cử (body: cơ quan dân cử; sex: tong, nu)",
        "People elected (body: elected body; sex: tong, nu)",
    ),
    ("KINH_PHI", "Kinh phí (source: nguồn)", "Funds (source: source of funds)"),
];

/// The values of a choice: code, Vietnamese label, English label.
type Options = &'static [(&'static str, &'static str, &'static str)];

/// The disaggregations of the figures: each dimension's name and its values' names, in Vietnamese
/// and English (what the figures pages show instead of `sex=nu`).
const DIMENSIONS: &[(&str, &str, &str, Options)] = &[
    ("sex", "Giới tính", "Sex", &[("tong", "Tổng số", "Total"), ("nu", "Nữ", "Women")]),
    ("dan_toc", "Dân tộc", "Ethnicity", &[("thieu_so", "Người dân tộc thiểu số", "Ethnic minority people")]),
    ("language", "Ngôn ngữ", "Language", LANGUAGES),
    ("source", "Nguồn kinh phí", "Source of funds", SOURCES),
    ("recipient", "Đối tượng khen thưởng", "Recipient", RECIPIENT_KINDS),
    ("body", "Cơ quan dân cử", "Elected body", BODIES),
];

/// The name of a source of funds that was not given.
const UNKNOWN_SOURCE: (&str, &str) = ("Không rõ nguồn", "Source not given");

/// A figure's meaning in Vietnamese and English, without the note on its disaggregation;
/// `None` for a code that is not a figure.
#[must_use]
pub fn figure_meaning(code: &str) -> Option<(&'static str, &'static str)> {
    FIGURE_CODES.iter().find(|(c, _, _)| *c == code).map(|(_, vi, en)| {
        let cut = |s: &'static str| s.split_once(" (").map_or(s, |(head, _)| head);
        (cut(vi), cut(en))
    })
}

/// A disaggregation spelled out in Vietnamese and English: "Giới tính: Nữ" for `sex=nu`. A value
/// without a label (an old code) is shown as stored.
#[must_use]
pub fn disaggregation_label(key: &str, value: &str) -> (String, String) {
    let Some((_, key_vi, key_en, values)) = DIMENSIONS.iter().find(|(k, _, _, _)| *k == key) else {
        return (format!("{key}: {value}"), format!("{key}: {value}"));
    };
    let (vi, en) = match values.iter().find(|(c, _, _)| *c == value) {
        Some((_, vi, en)) => (*vi, *en),
        None if key == "source" && value == "khong_ro" => UNKNOWN_SOURCE,
        None => (value, value),
    };
    (format!("{key_vi}: {vi}"), format!("{key_en}: {en}"))
}

fn figure(code: &'static str, dims: &[(&'static str, &str)], value: f64) -> Figure {
    Figure { code, disaggregation: dims.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(), value }
}

impl Activity {
    fn count(&self, field: &str) -> f64 {
        self.data.get(field).and_then(Value::as_i64).map_or(0.0, |v| v as f64)
    }

    fn text(&self, field: &str) -> &str {
        self.data.get(field).and_then(Value::as_str).unwrap_or("")
    }

    /// The figures this activity contributes for a period starting on `period_start`.
    #[must_use]
    pub fn figures(&self, period_start: NaiveDate) -> Vec<Figure> {
        let mut out = Vec::new();
        let budget = |out: &mut Vec<Figure>, amount: f64, source: &str| {
            if amount > 0.0 {
                out.push(figure(
                    "KINH_PHI",
                    &[("source", if source.is_empty() { "khong_ro" } else { source })],
                    amount,
                ));
            }
        };
        match self.kind {
            ActivityType::CommunicationEvent => {
                out.push(figure("TT_SU_KIEN", &[], 1.0));
                out.push(figure("TT_NGUOI_THAM_DU", &[("sex", "tong")], self.count("participants")));
                out.push(figure("TT_NGUOI_THAM_DU", &[("sex", "nu")], self.count("women")));
                out.push(figure("TT_NGUOI_THAM_DU", &[("dan_toc", "thieu_so")], self.count("ethnic_minority")));
                budget(&mut out, self.count("budget"), self.text("budget_source"));
            }
            ActivityType::CommunicationProduct => {
                for lang in
                    self.data.get("languages").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
                {
                    out.push(figure("TT_SAN_PHAM", &[("language", lang)], 1.0));
                }
                out.push(figure("TT_BAN_PHAT_HANH", &[], self.count("copies") + self.count("broadcasts")));
                budget(&mut out, self.count("budget"), self.text("budget_source"));
            }
            ActivityType::TrainingCourse => {
                out.push(figure("DT_LOP", &[], 1.0));
                out.push(figure("DT_HOC_VIEN", &[("sex", "tong")], self.count("participants")));
                out.push(figure("DT_HOC_VIEN", &[("sex", "nu")], self.count("women")));
                budget(&mut out, self.count("budget"), self.text("budget_source"));
            }
            ActivityType::Model => {
                if matches!(self.text("status"), "dang_hoat_dong" | "da_danh_gia" | "da_nhan_rong") {
                    out.push(figure("MH_HOAT_DONG", &[], 1.0));
                }
                if self.date_from >= period_start {
                    out.push(figure("MH_MOI", &[], 1.0));
                }
                if self.data.contains_key("replicated_from") {
                    out.push(figure("MH_NHAN_RONG", &[], 1.0));
                }
                for (field, source) in [
                    ("funding_central", "ngan_sach_trung_uong"),
                    ("funding_local", "ngan_sach_dia_phuong"),
                    ("funding_social", "xa_hoi_hoa"),
                    ("funding_international", "quoc_te"),
                ] {
                    budget(&mut out, self.count(field), source);
                }
            }
            ActivityType::Inspection => {
                out.push(figure("TTKT_CUOC", &[], 1.0));
                out.push(figure("TTKT_VI_PHAM", &[], self.count("violations_found")));
                out.push(figure("TTKT_XU_LY", &[], self.count("violations_handled")));
            }
            ActivityType::Incident => out.push(figure("VU_VIEC", &[], 1.0)),
            ActivityType::Commendation => {
                out.push(figure("KHEN_THUONG", &[("recipient", self.text("recipient_kind"))], 1.0));
            }
            ActivityType::MainstreamingReview => out.push(figure("LONG_GHEP", &[], 1.0)),
            ActivityType::ActionMonth => out.push(figure("THANG_HANH_DONG", &[], 1.0)),
            ActivityType::ElectionResult => {
                let body = self.text("body");
                out.push(figure("BAU_CU_TRUNG_CU", &[("body", body), ("sex", "tong")], self.count("elected")));
                out.push(figure("BAU_CU_TRUNG_CU", &[("body", body), ("sex", "nu")], self.count("elected_women")));
            }
        }
        out
    }
}

/// The annual reporting period of Nghị định 09/2019/NĐ-CP: 15/12 of the year before to 14/12.
#[must_use]
pub fn annual_period(year: i32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(year - 1, 12, 15).unwrap_or(NaiveDate::MIN);
    let end = NaiveDate::from_ymd_opt(year, 12, 14).unwrap_or(NaiveDate::MAX);
    (start, end)
}

/// Sums figures with the same code and disaggregation.
#[must_use]
pub fn sum_figures(figures: impl IntoIterator<Item = Figure>) -> Vec<Figure> {
    let mut sums: BTreeMap<(&'static str, BTreeMap<&'static str, String>), f64> = BTreeMap::new();
    for f in figures {
        *sums.entry((f.code, f.disaggregation)).or_default() += f.value;
    }
    sums.into_iter().map(|((code, disaggregation), value)| Figure { code, disaggregation, value }).collect()
}

/// The year of a date's annual period (a day after 14/12 belongs to the next year's report).
#[must_use]
pub fn period_year(day: NaiveDate) -> i32 {
    if (day.month(), day.day()) >= (12, 15) { day.year() + 1 } else { day.year() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Activities of a type with every option of each choice field in turn, counts and amounts 5.
    fn samples(kind: ActivityType) -> Vec<Activity> {
        let base: Map<String, Value> = (kind.fields().iter())
            .map(|d| match d.kind {
                FieldKind::Multi(o) => (d.name.to_owned(), Value::from(o.iter().map(|x| x.0).collect::<Vec<_>>())),
                FieldKind::Choice(o) => (d.name.to_owned(), Value::from(o[0].0)),
                _ => (d.name.to_owned(), Value::from(5)),
            })
            .collect();
        let mut all = vec![base.clone()];
        for d in kind.fields() {
            if let FieldKind::Choice(o) = d.kind {
                for x in o {
                    let mut data = base.clone();
                    data.insert(d.name.to_owned(), Value::from(x.0));
                    all.push(data);
                }
            }
        }
        let day = NaiveDate::from_ymd_opt(2021, 3, 10).unwrap_or_default();
        (all.into_iter())
            .map(|data| Activity {
                id: ActivityId(1),
                kind,
                agency: UnitId(1),
                area: UnitId(2),
                date_from: day,
                date_to: None,
                title: String::new(),
                plan_item: None,
                task: None,
                data,
                version: 1,
            })
            .collect()
    }

    #[test]
    fn every_disaggregation_a_figure_produces_has_words_in_both_languages() {
        for kind in ActivityType::ALL {
            for f in samples(kind).iter().flat_map(|a| a.figures(NaiveDate::MIN)) {
                let (vi, en) = figure_meaning(f.code).expect("a figure's meaning");
                assert!(!vi.contains('(') && !en.contains('('), "{vi} / {en}");
                for (k, v) in &f.disaggregation {
                    let (vi, en) = disaggregation_label(k, v);
                    assert!(!vi.contains('_') && !en.contains('_') && !vi.contains('='), "{k}={v}: {vi} / {en}");
                }
            }
        }
        assert_eq!(disaggregation_label("sex", "nu").0, "Giới tính: Nữ");
        assert_eq!(disaggregation_label("source", "ngan_sach_dia_phuong").1, "Source of funds: Local budget");
    }

    fn course(participants: i64, women: i64) -> NewActivity {
        let mut data = Map::new();
        data.insert("target_group".into(), Value::from("nu_ung_cu_vien"));
        data.insert("days".into(), Value::from(2));
        data.insert("participants".into(), Value::from(participants));
        data.insert("women".into(), Value::from(women));
        data.insert("unknown".into(), Value::from("dropped"));
        NewActivity {
            kind: ActivityType::TrainingCourse,
            agency: UnitId(1),
            area: UnitId(2),
            date_from: NaiveDate::from_ymd_opt(2021, 3, 10).unwrap(),
            date_to: NaiveDate::from_ymd_opt(2021, 3, 11),
            title: "Tập huấn nữ ứng cử viên".into(),
            plan_item: None,
            task: None,
            data,
        }
    }

    #[test]
    fn women_cannot_outnumber_the_total_and_counts_are_not_negative() {
        let mut ok = course(40, 31);
        ok.validate().unwrap();
        assert!(!ok.data.contains_key("unknown"), "only the type's fields are kept");
        let Err(Error::Invalid(e)) = course(40, 41).validate() else { panic!() };
        assert_eq!(e[0].field, "women");
        assert!(e[0].message.contains("41 > 40"));
        let Err(Error::Invalid(e)) = course(-1, 0).validate() else { panic!() };
        assert!(e.iter().any(|f| f.field == "participants" && f.message.contains("không được âm")));
        let mut reversed = course(10, 5);
        reversed.date_to = NaiveDate::from_ymd_opt(2021, 3, 1);
        assert!(matches!(reversed.validate(), Err(Error::Invalid(e)) if e[0].field == "date_to"));
    }

    #[test]
    fn a_course_counts_once_with_its_trainees_by_sex() {
        let mut c = course(40, 31);
        c.validate().unwrap();
        let a = Activity {
            id: ActivityId(1),
            kind: c.kind,
            agency: c.agency,
            area: c.area,
            date_from: c.date_from,
            date_to: c.date_to,
            title: c.title,
            plan_item: None,
            task: None,
            data: c.data,
            version: 1,
        };
        let figures = sum_figures(a.figures(annual_period(2021).0).into_iter().chain(a.figures(annual_period(2021).0)));
        let get = |code: &str, sex: Option<&str>| {
            figures
                .iter()
                .find(|f| f.code == code && f.disaggregation.get("sex").map(String::as_str) == sex)
                .map(|f| f.value)
        };
        assert_eq!(get("DT_LOP", None), Some(2.0));
        assert_eq!(get("DT_HOC_VIEN", Some("nu")), Some(62.0));
        assert_eq!(get("DT_HOC_VIEN", Some("tong")), Some(80.0));
    }

    #[test]
    fn the_annual_period_runs_from_15_december() {
        assert_eq!(
            annual_period(2021),
            (NaiveDate::from_ymd_opt(2020, 12, 15).unwrap(), NaiveDate::from_ymd_opt(2021, 12, 14).unwrap())
        );
        assert_eq!(period_year(NaiveDate::from_ymd_opt(2021, 12, 20).unwrap()), 2022);
        assert_eq!(period_year(NaiveDate::from_ymd_opt(2021, 12, 14).unwrap()), 2021);
    }

    #[test]
    fn choices_and_languages_are_checked() {
        let mut p = NewActivity { kind: ActivityType::CommunicationProduct, ..course(1, 0) };
        p.data = Map::new();
        p.data.insert("kind".into(), Value::from("to_roi"));
        p.data.insert("languages".into(), Value::from("vi, km"));
        p.validate().unwrap();
        assert_eq!(p.data["languages"], Value::from(vec!["vi", "km"]));
        p.data.insert("languages".into(), Value::from("vi, xx"));
        assert!(p.validate().is_err());
    }
}
