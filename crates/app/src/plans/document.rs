//! The plan as a Kế hoạch ready to issue, laid out as Nghị định 30/2020/NĐ-CP prescribes and as
//! the provinces' own plans read.
//!
//! [`load`] gathers what the document says (the plan, its items, the names of the agencies, the
//! indicators' names and national targets, the number and date of the registered approving
//! document, the issuer's symbol); [`compose`] turns it into an
//! [`OfficialDocument`] without touching the store, so that the layout is testable on its own;
//! [`docx`] does both and writes the bytes. Top to bottom:
//!
//! - Header: the superior body (`UBND TỈNH KIÊN GIANG`) over the issuing body without its area
//!   (`SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI`); `Số:      /KH-SLĐTBXH` — the symbol of the
//!   approving document as registered, else the agency's own templates, else derived from its
//!   name ([`SymbolTemplates::derived`]); the place (the served province) and the date of the
//!   approving document, or a blank day and month in the plan's first year.
//! - `KẾ HOẠCH` and the summary once: the plan's title without its leading `Kế hoạch`.
//! - The grounds (the Law on Gender Equality, and the Strategy 2021–2030 for plans in its
//!   years), a line saying who draws up the plan, then: I. Mục đích, yêu cầu; II. Chỉ tiêu (each
//!   indicator by name, the local target with its unit beside the national target of the same
//!   year, or the national milestones when the year is none); III. Nhiệm vụ và giải pháp (the four
//!   task groups of the guidance, each a table: STT, Nội dung, Cơ quan chủ trì, Cơ quan phối hợp,
//!   Thời gian thực hiện); IV. Kinh phí thực hiện; V. Tổ chức thực hiện (the issuer's role, the
//!   agencies named in the tables, reporting).
//! - The period as the plan states it: `năm 2021` for one year, `giai đoạn 2021–2025` for more.
//! - No `Kính gửi` (a kế hoạch has none), so `Nơi nhận` names every recipient itself: the
//!   superior body and the ministry in charge on the plan's date (to report to), the agencies of
//!   the tables (to carry it out), `Lưu: VT`. Never `Như trên`.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use binhdang_core::documents::{DocumentId, SymbolTemplates, without_area};
use binhdang_core::indicators::trim_number;
use binhdang_core::plans::{GROUPS, PlanHeader, PlanId, PlanItem, SOURCES, Totals};
use binhdang_core::units::{UnitId, UnitKind, vn_date};
use binhdang_core::users::User;
use binhdang_office::docx::{OfficialDocument, Section, Signature, Table};

use super::{TargetView, require_read, view};
use crate::{Error, Services};

/// The day the Ministry of Home Affairs took over gender equality from MOLISA (Nghị định
/// 25/2025/NĐ-CP).
const HOME_AFFAIRS_FROM: (i32, u32, u32) = (2025, 3, 1);

/// The headings of the task tables.
pub const TASK_COLUMNS: [&str; 5] = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"];

/// The issuing agency as the document names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The agency's name in the registry (`Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang`).
    pub name: String,
    /// Its kind (decides the signature block and whom it reports to).
    pub kind: UnitKind,
    /// The superior body's name (`Ủy ban nhân dân tỉnh Kiên Giang`), when the header shows one.
    pub parent: Option<String>,
    /// The place before the date (`Kiên Giang`).
    pub place: String,
}

/// Everything the document says, looked up.
#[derive(Debug, Clone)]
pub struct PlanDocument {
    /// The plan's header.
    pub header: PlanHeader,
    /// The issuing agency.
    pub issuer: Issuer,
    /// The symbol after the number (`KH-SLĐTBXH`).
    pub symbol: String,
    /// The number of the approving document; `None` while the plan is not numbered.
    pub number: Option<String>,
    /// The date of the approving document; `None` while the plan is not signed.
    pub date: Option<NaiveDate>,
    /// The items under the four task groups.
    pub items: Vec<PlanItem>,
    /// The names of the agencies the items name (lead and coordinators).
    pub names: HashMap<UnitId, String>,
    /// The local targets with the indicators' names and national targets.
    pub targets: Vec<TargetView>,
    /// The budget totals.
    pub totals: Totals,
}

/// Loads what the document of plan `id` says, for a user who may read the plan.
pub async fn load(state: &Services, user: &User, id: PlanId) -> Result<PlanDocument, Error> {
    let plan = state.store.plan(id).await?;
    require_read(state, user, &plan).await?;
    let v = view(state, id).await?;
    let agency = state.store.unit(plan.header.agency).await?;
    let parent = match agency.parent_id {
        Some(p) => {
            let parent = state.store.unit(p).await?;
            // A ministry answers to the Government, which its header does not name.
            (!parent.kind.is_area() && parent.kind != UnitKind::CentralBody).then_some(parent.name)
        }
        None => None,
    };
    let area = state.store.unit(agency.scope_area()).await?;
    let place = if area.kind == UnitKind::Nation { "Hà Nội".to_owned() } else { place_name(&area.name) };
    let (mut number, mut date, mut symbol) = (None, None, None);
    if let Some(d) = plan.header.document {
        let doc = state.store.document(DocumentId(d)).await?;
        (number, date, symbol) = (doc.number.clone(), doc.date, doc.symbol.clone());
    }
    let symbol = match symbol.filter(|s| !s.trim().is_empty()) {
        Some(s) => s,
        None => state
            .store
            .symbol_templates(agency.id)
            .await?
            .unwrap_or_else(|| SymbolTemplates::derived(&agency.name))
            .symbol_for("Kế hoạch"),
    };
    let ids: Vec<UnitId> = v
        .items
        .iter()
        .flat_map(|i| i.lead.iter().chain(&i.coordinators))
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let names = crate::tasks::unit_names(state, ids).await?;
    Ok(PlanDocument {
        header: plan.header,
        issuer: Issuer { name: agency.name, kind: agency.kind, parent, place },
        symbol,
        number,
        date,
        items: v.items,
        names,
        targets: v.targets,
        totals: v.totals,
    })
}

/// The `.docx` of plan `id`, for a user who may read the plan.
pub async fn docx(state: &Services, user: &User, id: PlanId) -> Result<Vec<u8>, Error> {
    let doc = compose(&load(state, user, id).await?);
    binhdang_office::docx::write_document_with_clock(&doc, state.clock.as_ref())
        .map_err(|e| Error::Internal(e.to_string()))
}

/// The period as the plan states it: `năm 2021`, `giai đoạn 2021–2025`.
#[must_use]
pub fn period(header: &PlanHeader) -> String {
    if header.year_from == header.year_to {
        format!("năm {}", header.year_from)
    } else {
        format!("giai đoạn {}–{}", header.year_from, header.year_to)
    }
}

/// The summary under `KẾ HOẠCH`: the title without its leading `Kế hoạch`, with the period when
/// the title does not give its first year.
#[must_use]
pub fn summary(header: &PlanHeader) -> String {
    let title = header.title.trim();
    let rest = match title.char_indices().nth(8) {
        Some((end, _)) if title[..end].to_lowercase() == "kế hoạch" => title[end..].trim_start(),
        None if title.to_lowercase() == "kế hoạch" => "",
        _ => title,
    };
    let rest = if rest.is_empty() { title } else { rest };
    let mut chars = rest.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    if !out.contains(&header.year_from.to_string()) {
        out = format!("{out} {}", period(header));
    }
    out
}

/// Lays the plan out as a Kế hoạch (see the module documentation).
#[must_use]
pub fn compose(p: &PlanDocument) -> OfficialDocument {
    let header = &p.header;
    let period = period(header);
    let has_parent = p.issuer.parent.is_some();
    let issuer = if has_parent { without_area(&p.issuer.name).to_owned() } else { p.issuer.name.clone() };
    let area_tail = p.issuer.name.trim()[without_area(&p.issuer.name).len()..].trim().to_owned();
    // An agency of the same area is named as the area's own plans name it: `Sở Nội vụ`.
    let short = |name: &str| -> String {
        if has_parent && !area_tail.is_empty() && name.trim().ends_with(&area_tail) {
            without_area(name).to_owned()
        } else {
            name.trim().to_owned()
        }
    };
    let name_of = |id: &UnitId| p.names.get(id).map(|n| short(n)).unwrap_or_default();

    let mut preamble = vec!["Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;".to_owned()];
    if header.year_to >= 2021 && header.year_from <= 2030 {
        preamble.push(
            "Căn cứ Nghị quyết số 28/NQ-CP ngày 03 tháng 3 năm 2021 của Chính phủ ban hành Chiến lược quốc gia về \
             bình đẳng giới giai đoạn 2021 - 2030;"
                .to_owned(),
        );
    }
    let mut sections = vec![Section {
        heading: String::new(),
        paragraphs: vec![format!("{issuer} xây dựng Kế hoạch với các nội dung cụ thể như sau:")],
        table: None,
    }];
    sections.push(purpose(&period, &area_tail));

    // The parts after I: II, III… (the targets' part only when there are targets).
    let mut part = 1;
    let mut roman = || {
        let r = ["I", "II", "III", "IV", "V", "VI"][part];
        part += 1;
        r
    };
    if !p.targets.is_empty() {
        sections.push(Section {
            heading: format!("{}. CHỈ TIÊU", roman()),
            paragraphs: vec![format!("Phấn đấu {period} đạt các chỉ tiêu sau:")],
            table: Some(Table {
                headers: ["STT", "Chỉ tiêu", "Năm", "Chỉ tiêu của Kế hoạch", "Chỉ tiêu quốc gia"]
                    .map(String::from)
                    .to_vec(),
                rows: p.targets.iter().enumerate().map(|(n, t)| target_row(n + 1, t)).collect(),
                widths: Some(vec![3, 9, 2, 4, 6]),
            }),
        });
    }
    sections.push(Section {
        heading: format!("{}. NHIỆM VỤ VÀ GIẢI PHÁP", roman()),
        paragraphs: Vec::new(),
        table: None,
    });
    sections.extend(task_groups(p, &issuer, &name_of));
    sections.push(Section {
        heading: format!("{}. KINH PHÍ THỰC HIỆN", roman()),
        paragraphs: budget_paragraphs(&p.totals),
        table: None,
    });

    // The agencies the tables name, other than the issuer, in order of first mention.
    let mut agencies: Vec<String> = Vec::new();
    for item in &p.items {
        for id in item.lead.iter().chain(&item.coordinators) {
            let name = name_of(id);
            if !name.is_empty() && name != issuer && !agencies.contains(&name) {
                agencies.push(name);
            }
        }
    }
    let superior = p.issuer.parent.as_deref().map(abbreviate_committee);
    let organisation = organisation(&issuer, superior.as_deref(), &agencies);
    sections.push(Section {
        heading: format!("{}. TỔ CHỨC THỰC HIỆN", roman()),
        paragraphs: organisation,
        table: None,
    });

    let mut recipients = Vec::new();
    if let Some(s) = &superior {
        recipients.push(format!("{s} (để báo cáo)"));
    }
    // An undated draft reports to the ministry in charge while its first year runs.
    let on = p.date.or_else(|| NaiveDate::from_ymd_opt(header.year_from, 12, 31));
    if let Some(ministry) = ministry_in_charge(&p.issuer, on) {
        recipients.push(format!("{ministry} (để báo cáo)"));
    }
    recipients.extend(agencies.iter().map(|a| format!("{a} (để thực hiện)")));
    recipients.push("Lưu: VT".into());

    OfficialDocument {
        mark: None,
        parent_issuer: superior,
        issuer,
        number: p.number.clone(),
        symbol: p.symbol.clone(),
        place: p.issuer.place.clone(),
        date: p.date,
        draft_year: Some(p.date.map_or(header.year_from, |d| chrono::Datelike::year(&d))),
        doc_type: "KẾ HOẠCH".into(),
        title: summary(header),
        addressees: Vec::new(),
        preamble,
        sections,
        signature: signature(p.issuer.kind),
        recipients,
    }
}

/// I. Mục đích, yêu cầu.
fn purpose(period: &str, area_tail: &str) -> Section {
    let area = if area_tail.is_empty() { String::new() } else { format!(" trên địa bàn {area_tail}") };
    Section {
        heading: "I. MỤC ĐÍCH, YÊU CẦU".into(),
        paragraphs: vec![
            "1. Mục đích".into(),
            format!(
                "Triển khai thực hiện có hiệu quả Luật Bình đẳng giới, Chiến lược quốc gia về bình đẳng giới và \
                 các nhiệm vụ về bình đẳng giới {period}{area}; phấn đấu đạt các chỉ tiêu của Kế hoạch."
            ),
            "2. Yêu cầu".into(),
            "Xác định rõ nội dung, cơ quan chủ trì, cơ quan phối hợp và thời gian thực hiện của từng nhiệm vụ; \
             các cơ quan, đơn vị chủ động triển khai, bảo đảm tiến độ, chất lượng, lồng ghép với các chương trình, \
             kế hoạch khác và định kỳ báo cáo kết quả."
                .into(),
        ],
        table: None,
    }
}

/// The four task groups of the guidance, each a table (a group without items says so).
fn task_groups(p: &PlanDocument, issuer: &str, name_of: &dyn Fn(&UnitId) -> String) -> Vec<Section> {
    let mut sections = Vec::new();
    for (g, title) in GROUPS {
        let mut rows = Vec::new();
        let top = p.items.iter().filter(|i| i.group == g && i.parent.is_none());
        for (n, item) in top.enumerate() {
            rows.push(task_row(&format!("{}", n + 1), item, &p.header, issuer, name_of));
            for (m, sub) in p.items.iter().filter(|s| s.parent == Some(item.id)).enumerate() {
                rows.push(task_row(&format!("{}.{}", n + 1, m + 1), sub, &p.header, issuer, name_of));
            }
        }
        if rows.is_empty() {
            rows.push(vec![String::new(), "Không có nhiệm vụ riêng trong Kế hoạch này.".into()]);
        }
        sections.push(Section {
            heading: format!("{g}. {title}"),
            paragraphs: Vec::new(),
            table: Some(Table {
                headers: TASK_COLUMNS.map(String::from).to_vec(),
                rows,
                widths: Some(vec![3, 10, 6, 6, 5]),
            }),
        });
    }
    sections
}

/// V. Tổ chức thực hiện: the issuer's role, the agencies of the tables, difficulties.
fn organisation(issuer: &str, superior: Option<&str>, agencies: &[String]) -> Vec<String> {
    let mut organisation = vec![format!(
        "1. {issuer} chủ trì, hướng dẫn, theo dõi, đôn đốc các cơ quan, đơn vị triển khai Kế hoạch; tổng hợp, báo \
         cáo kết quả thực hiện{}.",
        superior.map(|s| format!(" về {s}")).unwrap_or_default()
    )];
    if !agencies.is_empty() {
        organisation.push(format!(
            "2. {}: căn cứ nhiệm vụ được giao tại Kế hoạch này, chủ động xây dựng kế hoạch, tổ chức thực hiện và \
             báo cáo kết quả về {issuer} để tổng hợp.",
            agencies.join(", ")
        ));
    }
    organisation.push(format!(
        "{}. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về {issuer} để \
         được hướng dẫn{}.",
        organisation.len() + 1,
        superior.map(|s| format!(" hoặc tổng hợp, báo cáo {s} xem xét, giải quyết")).unwrap_or_default()
    ));
    organisation
}

/// One row of a task table.
fn task_row(
    number: &str,
    item: &PlanItem,
    header: &PlanHeader,
    issuer: &str,
    name_of: &dyn Fn(&UnitId) -> String,
) -> Vec<String> {
    let content = if item.outputs.trim().is_empty() {
        item.title.trim().to_owned()
    } else {
        format!("{}\nSản phẩm: {}", item.title.trim(), item.outputs.trim())
    };
    let lead = item.lead.as_ref().map_or_else(|| issuer.to_owned(), name_of);
    let coordinators: Vec<String> = item.coordinators.iter().map(name_of).filter(|n| !n.is_empty()).collect();
    let time = match (item.start, item.end) {
        (Some(s), Some(e)) => format!("{} – {}", vn_date(s), vn_date(e)),
        (Some(s), None) => format!("Từ {}", vn_date(s)),
        (None, Some(e)) => format!("Trước {}", vn_date(e)),
        (None, None) if header.year_from == header.year_to => format!("Năm {}", header.year_from),
        (None, None) => format!("{}–{}", header.year_from, header.year_to),
    };
    vec![number.to_owned(), content, lead, coordinators.join("; "), time]
}

/// One row of the targets' table: the local target with its unit, the national target of the
/// same year, or the national milestones (for reference, not compared) when the year is none.
fn target_row(n: usize, t: &TargetView) -> Vec<String> {
    let value = |v: f64| format!("{}{}", trim_number(v), t.unit);
    let national = match t.national {
        Some(v) => format!("năm {}: {} {}", t.target.year, t.sign, value(v)),
        None => t
            .milestones
            .iter()
            .map(|m| format!("năm {}: {} {}", m.year, t.sign, value(m.value)))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let name = if t.name.trim().is_empty() { t.target.indicator.clone() } else { t.name.trim().to_owned() };
    vec![n.to_string(), name, t.target.year.to_string(), value(t.target.value), national]
}

fn budget_paragraphs(totals: &Totals) -> Vec<String> {
    if totals.total <= 0 {
        return vec![
            "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách hằng năm của các cơ quan, đơn vị theo \
             phân cấp ngân sách hiện hành và các nguồn hợp pháp khác."
                .into(),
        ];
    }
    std::iter::once(format!("Tổng kinh phí: {} đồng, gồm:", trim_number(totals.total as f64)))
        .chain(
            SOURCES.iter().filter_map(|(c, l)| {
                totals.by_source.get(*c).map(|a| format!("- {l}: {} đồng.", trim_number(*a as f64)))
            }),
        )
        .collect()
}

/// The signature block by the kind of the issuing agency; the signer signs in the name left
/// blank.
pub(crate) fn signature(kind: UnitKind) -> Signature {
    let (prefix, title) = match kind {
        UnitKind::ProvincialCommittee | UnitKind::CommuneCommittee => (Some("TM. ỦY BAN NHÂN DÂN"), "CHỦ TỊCH"),
        UnitKind::Department => (None, "GIÁM ĐỐC"),
        UnitKind::Ministry => (None, "BỘ TRƯỞNG"),
        UnitKind::ProvincialOffice => (None, "CHÁNH VĂN PHÒNG"),
        UnitKind::Organisation => (Some("TM. BAN THƯỜNG VỤ"), "CHỦ TỊCH"),
        _ => (None, "THỦ TRƯỞNG CƠ QUAN"),
    };
    Signature { authority_prefix: prefix.map(str::to_owned), title: title.into(), name: String::new() }
}

/// The ministry a provincial or communal agency reports its gender-equality work to on `day`.
pub(crate) fn ministry_in_charge(issuer: &Issuer, day: Option<NaiveDate>) -> Option<&'static str> {
    let local =
        matches!(issuer.kind, UnitKind::ProvincialCommittee | UnitKind::ProvincialOffice | UnitKind::Department);
    let (y, m, d) = HOME_AFFAIRS_FROM;
    let home_affairs = day.zip(NaiveDate::from_ymd_opt(y, m, d)).is_some_and(|(day, from)| day >= from);
    local.then_some(if home_affairs {
        "Bộ Nội vụ (Vụ Công tác thanh niên và Bình đẳng giới)"
    } else {
        "Bộ Lao động - Thương binh và Xã hội (Vụ Bình đẳng giới)"
    })
}

/// `Ủy ban nhân dân tỉnh Kiên Giang` → `UBND tỉnh Kiên Giang`, as the Decree lets the superior
/// body be written.
pub(crate) fn abbreviate_committee(name: &str) -> String {
    let name = name.trim();
    for long in ["Ủy ban nhân dân ", "Uỷ ban nhân dân "] {
        if let Some(rest) = name.strip_prefix(long) {
            return format!("UBND {rest}");
        }
    }
    name.to_owned()
}

/// The name of an area as the place before the date: `Tỉnh Kiên Giang` → `Kiên Giang`.
pub(crate) fn place_name(area: &str) -> String {
    let area = area.trim();
    ["Thành phố ", "Tỉnh ", "Thị xã ", "Thị trấn ", "Huyện ", "Quận ", "Phường ", "Xã ", "Đặc khu "]
        .iter()
        .find_map(|level| area.strip_prefix(level))
        .unwrap_or(area)
        .to_owned()
}
