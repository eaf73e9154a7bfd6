//! Demo data: the registry and one account per kind of user, all with the password
//! [`DEMO_PASSWORD`], then the 2021 guidance and its tasks, two plans and activities.

// The records are written out as they read: amounts in đồng, one loader per domain.
#![allow(clippy::unreadable_literal, clippy::too_many_lines)]

use anyhow::Context;

use binhdang_core::Clock;
use binhdang_core::units::Contact;
use binhdang_core::users::Role;
use binhdang_store::{Actor, Store};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "binhdang-demo";

/// A demo account: login, name, agency code (as of today), role, what it shows.
pub const ACCOUNTS: &[(&str, &str, &str, Role, &str)] = &[
    ("admin", "Quản trị hệ thống", "BNV", Role::Admin, "quản trị toàn quốc (Bộ Nội vụ)"),
    ("bo.chuyenvien", "Nguyễn Thị Lan", "BNV", Role::Officer, "chuyên viên Bộ Nội vụ, phạm vi toàn quốc"),
    ("bo.lanhdao", "Trần Văn Minh", "BNV", Role::Leader, "lãnh đạo Vụ, duyệt báo cáo"),
    ("angiang.snv", "Lê Thị Hoa", "91-SNV", Role::Officer, "chuyên viên Sở Nội vụ tỉnh An Giang (gồm Kiên Giang cũ)"),
    ("angiang.ubnd", "Đỗ Minh Khoa", "91-UBND", Role::Officer, "chuyên viên UBND tỉnh An Giang"),
    ("angiang.lanhdao", "Võ Thanh Bình", "91-SNV", Role::Leader, "lãnh đạo Sở Nội vụ tỉnh An Giang, ban hành kế hoạch"),
    ("hanoi.ubnd", "Hoàng Văn Nam", "01-UBND", Role::Officer, "chuyên viên UBND thành phố Hà Nội"),
    ("xa.rachgia", "Phạm Văn Tâm", "30742-UBND", Role::Officer, "chuyên viên UBND phường Rạch Giá"),
    ("xa.lanhdao", "Nguyễn Thị Thu", "30742-UBND", Role::Leader, "lãnh đạo UBND phường Rạch Giá"),
    ("xem", "Người xem", "BNV", Role::Viewer, "chỉ xem"),
];

/// The letters that started the project: Kiên Giang's provincial office forwarding the
/// ministry's 2021 guidance on gender equality (kept with the parser's test corpus).
pub const SEED_LETTERS: &str = include_str!("../../vanban/tests/corpus/seed-1152-356.txt");

/// A use case's refusal for the loader, with its field messages.
#[allow(clippy::needless_pass_by_value, reason = "the shape map_err needs")]
fn refused(e: binhdang_app::Error) -> anyhow::Error {
    match &e {
        binhdang_app::Error::Invalid(fields) => anyhow::anyhow!("{e}: {fields:?}"),
        _ => anyhow::anyhow!("{e}"),
    }
}

/// The services the loader works through, on the demo's clock.
fn services(store: &Store, clock: &dyn Clock) -> binhdang_app::Services {
    binhdang_app::Services::new(
        store.clone(),
        std::sync::Arc::new(binhdang_core::FixedClock(clock.now())),
        binhdang_app::Settings::default(),
    )
}

/// Registers the 2021 guidance as the ministry and the province handled it: the ministry's
/// 356/LĐTBXH-BĐG in its outgoing register, fanned out to the 63 provinces of the time (with a
/// progress report from Kiên Giang); in Kiên Giang, 356 arriving at the provincial office, the
/// leader's direction, the office's 1152/VP-KGVX forwarding it, the task for the labour
/// department with the other departments, and the part it passed down. Returns that task.
pub async fn load_letters(store: &Store, clock: &dyn Clock) -> anyhow::Result<binhdang_core::tasks::TaskId> {
    use binhdang_app::documents::{add_direction, input_from_parsed, register};
    use binhdang_app::tasks::{FanOutInput, ProgressInput, TaskInput, add_progress, create, fan_out};
    use binhdang_core::documents::Direction;
    let state = services(store, clock);
    let user = async |name: &str| -> anyhow::Result<binhdang_core::users::User> {
        Ok(store.user_for_login(name).await?.context("demo account")?.0)
    };
    let (ministry, province, committee) =
        (user("bo.chuyenvien").await?, user("angiang.snv").await?, user("angiang.ubnd").await?);
    let letters = vanban::parse(SEED_LETTERS);
    let [covering, guidance] = letters.as_slice() else { anyhow::bail!("the seed holds two letters") };
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").context("date");

    // The ministry.
    let input = input_from_parsed(guidance, Direction::Outgoing, "BLDTBXH", None);
    let sent = register(&state, &ministry, &input).await.map_err(refused)?;
    let provinces = FanOutInput {
        kind: "provincial_committee".into(),
        deadline_kind: "date".into(),
        deadline_date: Some("2021-12-15".into()),
        ..FanOutInput::default()
    };
    let ids = fan_out(&state, &ministry, sent.id, &provinces).await.map_err(refused)?;
    let kien_giang = store.unit_by_code("91-UBND", day("2021-02-19")?).await?.context("Kiên Giang 2021")?;
    for id in ids {
        if store.task(id).await?.lead == kien_giang.id {
            let progress = ProgressInput {
                date: Some("2021-04-20".into()),
                text:
                    "UBND tỉnh đã ban hành Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030"
                        .into(),
                percent: Some("100".into()),
                upload_token: None,
            };
            add_progress(&state, &committee, id, &progress, None).await.map_err(refused)?;
            break;
        }
    }

    // The province.
    let incoming = input_from_parsed(guidance, Direction::Incoming, "91-VP", Some(day("2021-02-22")?));
    let received = register(&state, &province, &incoming).await.map_err(refused)?;
    add_direction(
        &state,
        &province,
        received.id,
        "Phó Chủ tịch UBND tỉnh",
        "2021-02-24",
        "Giao Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp các sở, ngành triển khai; Văn phòng có văn bản chỉ đạo.",
    )
    .await
    .map_err(refused)?;
    let mut outgoing = input_from_parsed(covering, Direction::Outgoing, "91-VP", None);
    outgoing.forwards_id = Some(received.id.0);
    let letter = register(&state, &province, &outgoing).await.map_err(refused)?;
    let task = create(
        &state,
        &province,
        &TaskInput {
            document_id: Some(letter.id.0),
            lead_code: "91-SLDTBXH".into(),
            coordinator_codes: ["91-SYT", "91-SGDDT", "91-SVHTTDL", "91-STP", "91-HLHPN"].map(String::from).to_vec(),
            description: covering.assignments.first().map(|a| a.action.clone()).unwrap_or_default(),
            deadline_kind: "at_once".into(),
            ..TaskInput::default()
        },
    )
    .await
    .map_err(refused)?;
    create(
        &state,
        &province,
        &TaskInput {
            document_id: Some(letter.id.0),
            parent_id: Some(task.id.0),
            lead_code: "30733-UBND".into(),
            description: "Tuyên truyền Luật Bình đẳng giới và bầu cử đại biểu nữ tại phường".into(),
            deadline_kind: "date".into(),
            deadline_date: Some("2021-05-15".into()),
            start_date: Some("2021-03-01".into()),
            ..TaskInput::default()
        },
    )
    .await
    .map_err(refused)?;
    let progress = ProgressInput {
        date: Some("2021-03-03".into()),
        text: "Đã tham mưu UBND tỉnh ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2021".into(),
        percent: Some("40".into()),
        upload_token: None,
    };
    add_progress(&state, &province, task.id, &progress, None).await.map_err(refused)?;
    load_difficulties(store, (sent.id, received.id), task.id).await?;
    Ok(task.id)
}

/// Services on a fixed day of the past, so that a record carries the date it had.
fn services_on(store: &Store, day: &str) -> anyhow::Result<binhdang_app::Services> {
    let at = chrono::DateTime::parse_from_rfc3339(&format!("{day}T02:00:00Z"))?.with_timezone(&chrono::Utc);
    Ok(services(store, &binhdang_core::FixedClock(at)))
}

/// Difficulties raised on the 2021 guidance: Kiên Giang's labour department asks about funding
/// the training of women candidates (on the province's copy, from its task) and the ministry
/// answers for every province; Hà Nội's People's Committee asks about the reporting form (on the
/// ministry's copy, from its task), still waiting for the answer.
async fn load_difficulties(
    store: &Store,
    (sent, received): (binhdang_core::documents::DocumentId, binhdang_core::documents::DocumentId),
    task: binhdang_core::tasks::TaskId,
) -> anyhow::Result<()> {
    use binhdang_app::difficulties::{AnswerInput, DifficultyInput, answer, raise};
    let user = async |name: &str| -> anyhow::Result<binhdang_core::users::User> {
        Ok(store.user_for_login(name).await?.context("demo account")?.0)
    };
    let (ministry, province, hanoi) =
        (user("bo.chuyenvien").await?, user("angiang.snv").await?, user("hanoi.ubnd").await?);
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").context("date");
    let labour =
        store.unit_by_code("91-SLDTBXH", day("2021-03-05")?).await?.context("Kiên Giang's labour department")?;
    let raised = raise(
        &services_on(store, "2021-03-05")?,
        &province,
        &DifficultyInput {
            document_id: received.0,
            task_id: Some(task.0),
            agency_id: Some(labour.id.0),
            subject: "Kinh phí tập huấn cho người ứng cử là nữ".into(),
            text: "Mục 2a của Công văn đề nghị tổ chức tập huấn cho người ứng cử là nữ trước ngày bầu cử 23/5/2021. \
                   Dự toán năm 2021 của tỉnh chưa bố trí nội dung này. Đề nghị Bộ hướng dẫn nguồn kinh phí \
                   và mức chi được áp dụng."
                .into(),
            ..DifficultyInput::default()
        },
        Vec::new(),
    )
    .await
    .map_err(refused)?;
    answer(
        &services_on(store, "2021-03-15")?,
        &ministry,
        raised.id,
        &AnswerInput {
            text:
                "Các địa phương sử dụng kinh phí thực hiện Chiến lược quốc gia về bình đẳng giới bố trí trong dự toán \
                   năm 2021 và kinh phí bầu cử của địa phương; mức chi áp dụng theo quy định hiện hành về chi tổ chức \
                   hội nghị, tập huấn."
                    .into(),
            shared: true,
            version: raised.version,
        },
    )
    .await
    .map_err(refused)?;
    let committee = store.unit_by_code("01-UBND", day("2021-02-19")?).await?.context("Hà Nội 2021")?;
    let hanoi_task = store.tasks_of_document(sent).await?.into_iter().find(|t| t.lead == committee.id).map(|t| t.id.0);
    raise(
        &services_on(store, "2021-04-02")?,
        &hanoi,
        &DifficultyInput {
            document_id: sent.0,
            task_id: hanoi_task,
            subject: "Biểu mẫu báo cáo kết quả thực hiện năm 2021".into(),
            text: "Đề nghị Bộ cho biết báo cáo kết quả công tác bình đẳng giới năm 2021 thực hiện theo biểu mẫu nào \
                   và số liệu tính đến ngày nào, để các sở, ngành và quận, huyện thống nhất thực hiện."
                .into(),
            ..DifficultyInput::default()
        },
        Vec::new(),
    )
    .await
    .map_err(refused)?;
    Ok(())
}

/// Kiên Giang's 2021 plan (its items carrying out the task from 1152) and the new An Giang's
/// 2025–2026 plan, with targets and budget.
pub async fn load_plans(store: &Store, clock: &dyn Clock, task: binhdang_core::tasks::TaskId) -> anyhow::Result<()> {
    use binhdang_app::plans::{BudgetInput, ItemInput, PlanInput, add_budget, add_item, create, set_target_list};
    use binhdang_core::plans::{LocalTarget, PlanId};
    let state = services(store, clock);
    let (officer, _) = store.user_for_login("angiang.snv").await?.context("demo account")?;
    let mut issued = None;
    let target = |indicator: &str, year: i32, value: f64| LocalTarget { indicator: indicator.into(), year, value };
    let item = |group: u8, title: &str, lead: &str, outputs: &str| ItemInput {
        group,
        title: title.into(),
        lead_code: Some(lead.into()),
        outputs: outputs.into(),
        ..ItemInput::default()
    };
    for (agency, title, from, to, items, targets, budget) in [
        (
            "91-SLDTBXH",
            "Kế hoạch thực hiện công tác bình đẳng giới năm 2021",
            2021,
            2021,
            vec![
                ItemInput {
                    task_id: Some(task.0),
                    ..item(
                        1,
                        "Tham mưu UBND tỉnh ban hành Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới 2021-2030",
                        "91-SLDTBXH",
                        "Kế hoạch của UBND tỉnh",
                    )
                },
                ItemInput {
                    task_id: Some(task.0),
                    start: Some("2021-03-01".into()),
                    end: Some("2021-05-23".into()),
                    coordinator_codes: vec!["91-SVHTTDL".into(), "91-HLHPN".into()],
                    ..item(
                        2,
                        "Tuyên truyền về bầu cử đại biểu Quốc hội và HĐND các cấp, tập huấn nữ ứng cử viên",
                        "91-SLDTBXH",
                        "15 hội nghị, 2 lớp tập huấn",
                    )
                },
                item(
                    2,
                    "Hưởng ứng Tháng hành động vì bình đẳng giới",
                    "91-SLDTBXH",
                    "Mít tinh, tờ rơi song ngữ Việt - Khmer",
                ),
                item(
                    3,
                    "Duy trì, nhân rộng mô hình câu lạc bộ phòng chống bạo lực gia đình",
                    "91-HLHPN",
                    "5 câu lạc bộ mới",
                ),
                item(
                    4,
                    "Kiểm tra việc thực hiện pháp luật về bình đẳng giới tại doanh nghiệp",
                    "91-SLDTBXH",
                    "2 cuộc kiểm tra",
                ),
            ],
            vec![
                target("MT1.CT1", 2021, 55.0),
                target("MT3.CT2a", 2021, 80.0),
                target("MT4.CT1", 2021, 110.0),
                target("MT6.CT1", 2021, 60.0),
            ],
            vec![
                (Some(1), "ngan_sach_dia_phuong", 150_000_000),
                (Some(3), "ngan_sach_trung_uong", 80_000_000),
                (Some(3), "xa_hoi_hoa", 20_000_000),
            ],
        ),
        (
            "91-SNV",
            "Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2025-2026",
            2025,
            2026,
            vec![
                item(1, "Rà soát chỉ tiêu bình đẳng giới sau sắp xếp đơn vị hành chính", "91-SNV", "Báo cáo rà soát"),
                item(2, "Truyền thông về bình đẳng giới trên nền tảng số", "91-SVHTTDL", "Chuyên trang, video"),
                item(3, "Nhân rộng địa chỉ tin cậy tại các xã, phường mới", "91-HLHPN", "102 địa chỉ tin cậy"),
            ],
            vec![target("MT1.CT1", 2025, 60.0), target("MT1.CT1", 2026, 65.0), target("MT3.CT4", 2026, 75.0)],
            vec![(Some(2), "ngan_sach_dia_phuong", 200_000_000), (Some(3), "quoc_te", 120_000_000)],
        ),
    ] {
        let plan = create(
            &state,
            &officer,
            &PlanInput {
                agency_code: Some(agency.into()),
                title: title.into(),
                year_from: from,
                year_to: to,
                document_id: None,
            },
        )
        .await
        .map_err(refused)?;
        let mut ids = Vec::new();
        for i in &items {
            ids.push(add_item(&state, &officer, plan.id, i).await.map_err(refused)?);
        }
        set_target_list(&state, &officer, plan.id, &targets).await.map_err(refused)?;
        for (item, source, amount) in budget {
            let line = BudgetInput {
                item_id: item.and_then(|n: usize| ids.get(n - 1).copied()),
                source: source.into(),
                year: from,
                amount,
            };
            add_budget(&state, &officer, PlanId(plan.id.0), &line).await.map_err(refused)?;
        }
        issued.get_or_insert(plan.id);
    }
    // The province's leader issued the 2021 plan; the 2025–2026 one is still a draft.
    if let Some(id) = issued {
        let (leader, _) = store.user_for_login("angiang.lanhdao").await?.context("demo account")?;
        let version = store.plan(id).await?.version;
        binhdang_app::plans::set_status(&state, &leader, id, "issued", None, version).await.map_err(refused)?;
    }
    Ok(())
}

/// Activities of 2021 across several districts of Kiên Giang, one of 2026 in the new An Giang,
/// and the 2021 National Assembly election (women 151 of 499 deputies).
pub async fn load_activities(store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    use binhdang_app::activities::{ActivityInput, record};
    use serde_json::json;
    let state = services(store, clock);
    let (province, _) = store.user_for_login("angiang.snv").await?.context("demo account")?;
    let (ministry, _) = store.user_for_login("bo.chuyenvien").await?.context("demo account")?;
    let (commune, _) = store.user_for_login("xa.rachgia").await?.context("demo account")?;
    let a = |kind: &str, area: &str, date: &str, title: &str, data: serde_json::Value| ActivityInput {
        kind: kind.into(),
        area_code: area.into(),
        date_from: date.into(),
        title: title.into(),
        data: data.as_object().cloned().unwrap_or_default(),
        ..ActivityInput::default()
    };
    // Kiên Giang 2021: Rạch Giá (30733), Hà Tiên (30766), Phú Quốc (31078), Kiên Lương (30790).
    for input in [
        a(
            "communication_event",
            "30733",
            "2021-03-15",
            "Hội nghị tuyên truyền bầu cử đại biểu Quốc hội, HĐND các cấp",
            json!({"form": "hoi_nghi", "topic": "bau_cu", "participants": 180, "women": 110, "ethnic_minority": 25, "budget": 18000000, "budget_source": "ngan_sach_dia_phuong"}),
        ),
        a(
            "training_course",
            "30733",
            "2021-03-22",
            "Tập huấn kỹ năng cho nữ ứng cử viên",
            json!({"target_group": "nu_ung_cu_vien", "days": 2, "participants": 45, "women": 45, "budget": 40000000, "budget_source": "ngan_sach_trung_uong"}),
        ),
        a(
            "communication_product",
            "30766",
            "2021-11-20",
            "Tờ rơi song ngữ Việt - Khmer về phòng chống bạo lực gia đình",
            json!({"kind": "to_roi", "languages": ["vi", "km"], "copies": 3000, "budget": 9000000, "budget_source": "ngan_sach_dia_phuong"}),
        ),
        a(
            "model",
            "31078",
            "2021-06-01",
            "Câu lạc bộ phòng chống bạo lực gia đình ấp Suối Đá",
            json!({"model_type": "cau_lac_bo", "status": "dang_hoat_dong", "members": 30, "women": 24, "funding_local": 6000000}),
        ),
        a(
            "inspection",
            "30790",
            "2021-09-14",
            "Kiểm tra thực hiện pháp luật về bình đẳng giới tại doanh nghiệp",
            json!({"mode": "kiem_tra", "subject": "3 doanh nghiệp may mặc", "violations_found": 2, "violations_handled": 2}),
        ),
        a(
            "action_month",
            "91",
            "2021-11-15",
            "Tháng hành động vì bình đẳng giới năm 2021",
            json!({"year": 2021, "plan_document": "Kế hoạch của UBND tỉnh", "result_summary": "Mít tinh hưởng ứng, 3.000 tờ rơi song ngữ"}),
        ),
    ] {
        record(&state, &province, &input).await.map_err(refused)?;
    }
    record(
        &state,
        &commune,
        &a(
            "communication_event",
            "30742",
            "2026-03-08",
            "Tọa đàm kỷ niệm Ngày Quốc tế Phụ nữ",
            json!({"form": "toa_dam", "topic": "luat_bdg", "participants": 60, "women": 48}),
        ),
    )
    .await
    .map_err(refused)?;
    record(
        &state,
        &ministry,
        &a(
            "election_result",
            "VN",
            "2021-05-23",
            "Bầu cử đại biểu Quốc hội khóa XV",
            json!({"body": "quoc_hoi", "term": "2021-2026", "seats": 499, "elected": 499, "elected_women": 151}),
        ),
    )
    .await
    .map_err(refused)?;
    Ok(())
}

/// Loads the registry and the indicator catalog and creates the demo accounts (what tests
/// start from).
pub async fn load_reference(store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    let actor = Actor { user: None, at: clock.now() };
    let batch = binhdang_office::load_units(&crate::data::embedded_units())?;
    let summary = store.import_units(&batch, actor).await?;
    tracing::info!(?summary, "units loaded");
    let indicators = binhdang_office::indicators::load_indicators(crate::data::INDICATORS)?;
    store.import_indicators(&indicators, actor).await?;
    let today = clock.today();
    let hash = binhdang_core::passwords::hash(DEMO_PASSWORD);
    for (username, name, agency_code, role, _) in ACCOUNTS {
        let agency = store
            .unit_by_code(agency_code, today)
            .await?
            .with_context(|| format!("demo agency {agency_code} not found"))?;
        store.create_user(username, name, agency.id, *role, &hash, actor).await?;
    }
    if let Some(snv) = store.unit_by_code("91-SNV", today).await? {
        let contact = Contact {
            focal_person: "Lê Thị Hoa".into(),
            position: "Chuyên viên phòng Công tác thanh niên và Bình đẳng giới".into(),
            phone: "0297 3862 000".into(),
            email: "binhdanggioi@snv.angiang.gov.vn".into(),
        };
        store.set_contact(snv.id, &contact, 0, actor).await?;
    }
    Ok(())
}

/// The services on a given day and hour (Vietnam's time), for records that happened then.
fn services_at(store: &Store, y: i32, m: u32, d: u32, h: u32) -> anyhow::Result<binhdang_app::Services> {
    use chrono::TimeZone;
    let at = chrono::Utc.with_ymd_and_hms(y, m, d, h.saturating_sub(7), 0, 0).single().context("demo date")?;
    let clock = binhdang_core::FixedClock(at);
    Ok(services(store, &clock))
}

/// Difficulties and proposals two communes wrote into their 2025 reports.
const COMMUNE_DIFFICULTIES: [&str; 2] = [
    "Khó khăn: Sau khi sắp xếp chính quyền địa phương hai cấp, công chức phụ trách bình đẳng giới của phường mới \
     được phân công, chưa được tập huấn nghiệp vụ. Kiến nghị: Sở Nội vụ tổ chức tập huấn về báo cáo thống kê bình \
     đẳng giới cho công chức cấp xã trong quý I năm 2026.",
    "Khó khăn: Địa bàn rộng, nhiều ấp xa trung tâm nên tỷ lệ nam giới tham dự các buổi truyền thông còn thấp. \
     Đề xuất: Hỗ trợ tài liệu truyền thông song ngữ Việt - Khmer.",
];

/// The 2025 yearly reports (`BDG_NAM`) of the new An Giang's communes, in every state, sent and
/// decided in December 2025: Rạch Giá's pre-filled from its activities, others typed, one
/// imported from the `.xlsx` template; approved, returned (one fixed and approved, one still
/// returned), waived, awaiting, in progress, not started; and the province's own report sent to
/// the ministry.
pub async fn load_reports(store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    use binhdang_app::activities::{ActivityInput, record};
    use binhdang_app::reports::{EntryInput, entries_from_workbook, open, save, step, target, template_sheet};
    use binhdang_core::reporting::Step;
    use serde_json::json;
    let user = |login: &'static str| async move {
        store.user_for_login(login).await?.map(|(u, _)| u).with_context(|| format!("demo account {login}"))
    };
    let (officer, leader, ward) =
        (user("angiang.snv").await?, user("angiang.lanhdao").await?, user("xa.rachgia").await?);
    // What Rạch Giá did in 2025, recorded as it happened.
    let state = services(store, clock);
    for (date, kind, title, data) in [
        (
            "2025-09-12",
            "training_course",
            "Tập huấn kiến thức về bình đẳng giới cho cán bộ khu phố",
            json!({"target_group": "can_bo_bdg", "days": 1, "participants": 60, "women": 38, "budget": 15000000, "budget_source": "ngan_sach_dia_phuong"}),
        ),
        (
            "2025-11-20",
            "communication_event",
            "Mít tinh hưởng ứng Tháng hành động vì bình đẳng giới năm 2025",
            json!({"form": "mit_tinh", "topic": "thang_hanh_dong", "participants": 250, "women": 140, "ethnic_minority": 30, "budget": 12000000, "budget_source": "ngan_sach_dia_phuong"}),
        ),
    ] {
        let input = ActivityInput {
            kind: kind.into(),
            area_code: "30742".into(),
            date_from: date.into(),
            title: title.into(),
            data: data.as_object().cloned().unwrap_or_default(),
            ..ActivityInput::default()
        };
        record(&state, &ward, &input).await.map_err(refused)?;
    }
    let typed = |values: &[(&str, &str, &str)]| -> Vec<EntryInput> {
        values
            .iter()
            .map(|(e, o, v)| EntryInput {
                element: (*e).into(),
                option: (*o).into(),
                value: (*v).into(),
                ..EntryInput::default()
            })
            .collect()
    };
    let commune = |events: u32, men: u32, women: u32, courses: u32, budget: u32| {
        vec![
            ("KH_BAN_HANH", "default", "1".to_owned()),
            ("TT_SU_KIEN", "default", events.to_string()),
            ("TT_NGUOI_THAM_DU", "nam", men.to_string()),
            ("TT_NGUOI_THAM_DU", "nu", women.to_string()),
            ("DT_LOP", "default", courses.to_string()),
            ("DT_HOC_VIEN", "nam", (courses * 12).to_string()),
            ("DT_HOC_VIEN", "nu", (courses * 18).to_string()),
            ("THANG_HANH_DONG", "default", "1".to_owned()),
            ("KINH_PHI", "ngan_sach_dia_phuong", (budget * 1_000_000).to_string()),
        ]
    };
    let owned = |v: Vec<(&str, &str, String)>| -> Vec<EntryInput> {
        v.into_iter()
            .map(|(e, o, value)| EntryInput { element: e.into(), option: o.into(), value, ..EntryInput::default() })
            .collect()
    };
    let day = |d: u32, h: u32| services_at(store, 2025, 12, d, h);
    let target_of = |code: &'static str| async move {
        let on = services(store, clock);
        target(&on, "BDG_NAM", "2025", code, None).await.map_err(refused)
    };
    // Rạch Giá: the activities fill the report; the ward types the rest and sends it.
    let rg = target_of("30742").await?;
    let on = day(15, 9)?;
    let view = open(&on, &ward, &rg).await.map_err(refused)?;
    let read = save(
        &on,
        &ward,
        &rg,
        view.version,
        &typed(&[("KH_BAN_HANH", "default", "2"), ("THANG_HANH_DONG", "default", "1")]),
    )
    .await
    .map_err(refused)?;
    step(&on, &ward, &rg, Step::Submit, read.version, "").await.map_err(refused)?;
    // Communes that type their figures and send them (Châu Đốc a week late).
    for (code, figures, sent) in [
        ("30292", commune(4, 120, 180, 1, 20), 15),
        ("30301", commune(2, 60, 95, 1, 12), 16),
        ("30307", commune(6, 210, 300, 2, 35), 16),
        ("30316", commune(3, 90, 130, 1, 18), 22),
        ("30325", commune(2, 40, 70, 1, 0), 16),
        ("30337", commune(3, 85, 120, 1, 10), 16),
        ("30341", commune(1, 30, 45, 0, 5), 17),
    ] {
        let report = target_of(code).await?;
        let on = day(sent, 10)?;
        let mut figures: Vec<_> = figures.into_iter().filter(|(_, _, v)| v != "0").collect();
        // What some communes add: their models, inspections, commendations and difficulties.
        figures.extend(match code {
            "30292" => vec![
                ("MH_HOAT_DONG", "default", "2".to_owned()),
                ("MH_MOI", "default", "1".to_owned()),
                ("LONG_GHEP", "default", "3".to_owned()),
                ("KHO_KHAN", "default", COMMUNE_DIFFICULTIES[0].to_owned()),
            ],
            "30307" => vec![
                ("MH_HOAT_DONG", "default", "3".to_owned()),
                ("MH_NHAN_RONG", "default", "1".to_owned()),
                ("TTKT_CUOC", "default", "1".to_owned()),
                ("TTKT_VI_PHAM", "default", "2".to_owned()),
                ("TTKT_XU_LY", "default", "2".to_owned()),
                ("KHEN_THUONG", "tap_the", "2".to_owned()),
                ("KHEN_THUONG", "ca_nhan", "5".to_owned()),
                ("KHO_KHAN", "default", COMMUNE_DIFFICULTIES[1].to_owned()),
            ],
            _ => Vec::new(),
        });
        let mut entries = owned(figures);
        if code == "30307"
            && let Some(course) = entries.iter_mut().find(|e| e.element == "DT_LOP")
        {
            course.comment = "Hai lớp tập huấn kỹ năng phòng, chống bạo lực gia đình cho tổ hòa giải ở cơ sở".into();
        }
        let read = save(&on, &officer, &report, 0, &entries).await.map_err(refused)?;
        step(&on, &officer, &report, Step::Submit, read.version, "").await.map_err(refused)?;
    }
    // Mỹ Hòa Hưng fills in the Excel template and imports it.
    let report = target_of("30313").await?;
    let on = day(16, 14)?;
    let view = open(&on, &officer, &report).await.map_err(refused)?;
    let mut sheet = template_sheet(&report, &view);
    for row in &mut sheet.rows {
        let key = match (&row[0], &row[2]) {
            (binhdang_office::xlsx::Cell::Text(e), binhdang_office::xlsx::Cell::Text(o)) => (e.clone(), o.clone()),
            _ => continue,
        };
        let value = match (key.0.as_str(), key.1.as_str()) {
            ("KH_BAN_HANH" | "THANG_HANH_DONG", _) => 1.0,
            ("TT_SU_KIEN", _) => 2.0,
            ("TT_NGUOI_THAM_DU", "nam") => 70.0,
            ("TT_NGUOI_THAM_DU", "nu") => 110.0,
            ("KINH_PHI", "ngan_sach_dia_phuong") => 8_500_000.0,
            _ => continue,
        };
        row[4] = binhdang_office::xlsx::Cell::Number(value);
    }
    let bytes = binhdang_office::xlsx::write(&[sheet])?;
    let entries: Vec<EntryInput> =
        entries_from_workbook(&bytes).map_err(|e| anyhow::anyhow!("{e}"))?.into_iter().map(|(_, e)| e).collect();
    let read = save(&on, &officer, &report, view.version, &entries).await.map_err(refused)?;
    step(&on, &officer, &report, Step::Submit, read.version, "").await.map_err(refused)?;
    // Nhơn Hội has begun typing, not sent.
    let report = target_of("30346").await?;
    save(
        &day(17, 15)?,
        &officer,
        &report,
        0,
        &typed(&[("KH_BAN_HANH", "default", "1"), ("TT_SU_KIEN", "default", "1")]),
    )
    .await
    .map_err(refused)?;
    // The province's leader decides: approves, returns two, waives the new island zone.
    let on = day(18, 9)?;
    for code in ["30742", "30292", "30301", "30307", "30313", "30316"] {
        let report = target_of(code).await?;
        let read = open(&on, &leader, &report).await.map_err(refused)?;
        step(&on, &leader, &report, Step::Approve, read.version, "").await.map_err(refused)?;
    }
    for (code, reason) in [
        ("30325", "Chưa báo cáo kinh phí thực hiện theo nguồn; đề nghị bổ sung rồi gửi lại."),
        (
            "30337",
            "Số người tham dự các sự kiện truyền thông chưa khớp với báo cáo Tháng hành động đã gửi; đề nghị rà soát lại.",
        ),
    ] {
        let report = target_of(code).await?;
        let read = open(&on, &leader, &report).await.map_err(refused)?;
        step(&on, &leader, &report, Step::Return, read.version, reason).await.map_err(refused)?;
    }
    let report = target_of("31105").await?;
    step(
        &on,
        &leader,
        &report,
        Step::Waive,
        0,
        "Đặc khu Thổ Châu mới thành lập, chưa bố trí công chức phụ trách; số liệu do tỉnh tổng hợp.",
    )
    .await
    .map_err(refused)?;
    // Vĩnh Tế adds its budget, sends again, and is approved.
    let report = target_of("30325").await?;
    let on = day(19, 8)?;
    let read = open(&on, &officer, &report).await.map_err(refused)?;
    let read = save(&on, &officer, &report, read.version, &typed(&[("KINH_PHI", "ngan_sach_dia_phuong", "6000000")]))
        .await
        .map_err(refused)?;
    step(&on, &officer, &report, Step::Submit, read.version, "").await.map_err(refused)?;
    let on = day(19, 15)?;
    let read = open(&on, &leader, &report).await.map_err(refused)?;
    step(&on, &leader, &report, Step::Approve, read.version, "").await.map_err(refused)?;
    // The province sends its own report to the ministry.
    let report = target_of("91").await?;
    let on = day(22, 10)?;
    // Its totals are compiled from the communes' reports, more than the activities recorded in
    // binhdang so far; the reason says so where they differ.
    let compiled = |v: Vec<EntryInput>| -> Vec<EntryInput> {
        v.into_iter()
            .map(|e| EntryInput {
                override_reason: "Tổng hợp từ báo cáo của các xã, phường".into(), ..e
            })
            .collect()
    };
    let read = save(
        &on,
        &officer,
        &report,
        0,
        &compiled(owned(vec![
            ("KH_BAN_HANH", "default", "3".to_owned()),
            ("TT_SU_KIEN", "default", "48".to_owned()),
            ("TT_NGUOI_THAM_DU", "nam", "2150".to_owned()),
            ("TT_NGUOI_THAM_DU", "nu", "3240".to_owned()),
            ("DT_LOP", "default", "14".to_owned()),
            ("DT_HOC_VIEN", "nam", "190".to_owned()),
            ("DT_HOC_VIEN", "nu", "310".to_owned()),
            ("TTKT_CUOC", "default", "4".to_owned()),
            ("TTKT_VI_PHAM", "default", "3".to_owned()),
            ("TTKT_XU_LY", "default", "3".to_owned()),
            ("THANG_HANH_DONG", "default", "1".to_owned()),
            ("KINH_PHI", "ngan_sach_dia_phuong", "640000000".to_owned()),
            ("KINH_PHI", "ngan_sach_trung_uong", "150000000".to_owned()),
        ])),
    )
    .await
    .map_err(refused)?;
    step(&on, &officer, &report, Step::Submit, read.version, "").await.map_err(refused)?;
    Ok(())
}

/// Three provinces' yearly collections for the Strategy's indicators (`CLQG_NAM`) from 2022 to
/// 2025, typed at the ministry and approved, so that the national overview has series to measure
/// progress on. The figures are illustrative, not official statistics.
pub async fn load_indicator_data(store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    use binhdang_app::reports::{EntryInput, save, step, target};
    use binhdang_core::reporting::Step;
    let state = services(store, clock);
    let (officer, _) = store.user_for_login("bo.chuyenvien").await?.context("demo account")?;
    let (leader, _) = store.user_for_login("bo.lanhdao").await?.context("demo account")?;
    // (province, scale): the same shape of trend, at each province's size.
    for (code, scale) in [("01", 3.0), ("79", 3.4), ("91", 1.6)] {
        for (i, year) in (2022..=2025).enumerate() {
            let k = i as f64;
            let n = |v: f64| format!("{:.0}", v * scale);
            let values: Vec<(&str, &str, String)> = vec![
                ("CQ_TONG", "default", n(100.0)),
                ("CQ_LANH_DAO_NU", "default", n(48.0 + 4.0 * k)),
                ("DN_CHU", "nam", n(7_600.0 - 120.0 * k)),
                ("DN_CHU", "nu", n(2_400.0 + 150.0 * k)),
                ("QH_CAN_BO", "nam", n(700.0 - 15.0 * k)),
                ("QH_CAN_BO", "nu", n(300.0 + 15.0 * k)),
                ("SINH_SONG", "nam", n(11_230.0 - 40.0 * k)),
                ("SINH_SONG", "nu", n(10_000.0 + 10.0 * k)),
                ("TU_VONG_ME", "default", n(9.0 - k)),
                ("BL_NAN_NHAN_PHAT_HIEN", "nu", n(400.0)),
                ("BL_NAN_NHAN_HO_TRO", "nu", n(260.0 + 20.0 * k)),
                ("CSTG_TONG", "default", n(10.0)),
                ("CSTG_BLG", "default", n(5.0 + k)),
                ("THAC_SI", "nam", n(2_000.0)),
                ("THAC_SI", "nu", n(2_050.0 + 40.0 * k)),
                ("TIEN_SI", "nam", n(700.0 - 10.0 * k)),
                ("TIEN_SI", "nu", n(260.0 + 8.0 * k)),
                ("LD_CO_VIEC_LAM", "nu_thanh_thi", n(4_000.0)),
                ("LD_CO_VIEC_LAM", "nu_nong_thon", n(6_000.0)),
                ("LD_HUONG_LUONG", "nu", n(4_300.0 + 150.0 * k)),
                ("LD_NONG_NGHIEP", "nu", n(3_600.0 - 200.0 * k)),
            ];
            let entries: Vec<EntryInput> = values
                .into_iter()
                .map(|(e, o, value)| EntryInput { element: e.into(), option: o.into(), value, ..EntryInput::default() })
                .collect();
            let report = target(&state, "CLQG_NAM", &year.to_string(), code, None).await.map_err(refused)?;
            let saved = save(&state, &officer, &report, 0, &entries).await.map_err(refused)?;
            let sent = step(&state, &officer, &report, Step::Submit, saved.version, "").await.map_err(refused)?;
            step(&state, &leader, &report, Step::Approve, sent.version, "").await.map_err(refused)?;
        }
    }
    Ok(())
}

/// Difficulties and proposals the districts wrote into their yearly reports, in turn.
const DISTRICT_DIFFICULTIES: [&str; 3] = [
    "Khó khăn: Cán bộ làm công tác bình đẳng giới ở cấp xã đều kiêm nhiệm, thay đổi thường xuyên nên việc \
     tổng hợp số liệu còn chậm. Kiến nghị: Tỉnh tổ chức tập huấn nghiệp vụ hằng năm cho cán bộ cấp xã.",
    "Khó khăn: Kinh phí bố trí cho công tác bình đẳng giới còn thấp, chủ yếu lồng ghép vào các chương trình khác. \
     Kiến nghị: Bố trí kinh phí riêng cho hoạt động truyền thông tại các xã vùng đồng bào dân tộc Khmer.",
    "Khó khăn: Một số mô hình câu lạc bộ hoạt động chưa thường xuyên do thiếu kinh phí duy trì. Đề xuất: Hỗ trợ \
     tài liệu và kinh phí duy trì sinh hoạt định kỳ của các câu lạc bộ.",
];

/// Notes some districts attached to their number of training courses.
const DISTRICT_NOTES: [&str; 3] = [
    "Lớp tập huấn phối hợp với Hội Liên hiệp Phụ nữ huyện, học viên là cán bộ ấp, khóm và chi hội trưởng phụ nữ",
    "Một lớp tổ chức bằng tiếng Khmer tại chùa cho đồng bào dân tộc Khmer",
    "Lớp bồi dưỡng kỹ năng lồng ghép giới cho công chức văn phòng Hội đồng nhân dân và Ủy ban nhân dân các xã",
];

/// One district's yearly figures: deterministic from its place in the list and the year.
fn district_figures(i: usize, year: i32) -> Vec<(&'static str, &'static str, String)> {
    let (i, k) = (u32::try_from(i).unwrap_or(0), u32::try_from(year - 2020).unwrap_or(0));
    let mut v = vec![
        ("KH_BAN_HANH", "default", (1 + i % 2).to_string()),
        ("TT_SU_KIEN", "default", (3 + i % 4 + k).to_string()),
        ("TT_NGUOI_THAM_DU", "nam", (80 + 10 * i + 4 * k).to_string()),
        ("TT_NGUOI_THAM_DU", "nu", (120 + 12 * i + 6 * k).to_string()),
        ("DT_LOP", "default", (1 + i % 3).to_string()),
        ("DT_HOC_VIEN", "nam", (15 + i + k).to_string()),
        ("DT_HOC_VIEN", "nu", (25 + 2 * i + 2 * k).to_string()),
        ("MH_HOAT_DONG", "default", (1 + i % 2).to_string()),
        ("LONG_GHEP", "default", (2 + i % 3).to_string()),
        ("THANG_HANH_DONG", "default", "1".to_owned()),
        ("KINH_PHI", "ngan_sach_dia_phuong", ((20 + 3 * i + 2 * k) * 1_000_000).to_string()),
    ];
    if i % 3 == 0 {
        v.push(("MH_MOI", "default", "1".to_owned()));
    }
    if i % 4 == 0 {
        v.extend([
            ("TTKT_CUOC", "default", "1".to_owned()),
            ("TTKT_VI_PHAM", "default", "1".to_owned()),
            ("TTKT_XU_LY", "default", "1".to_owned()),
        ]);
    }
    if i % 5 == 0 {
        v.extend([("KHEN_THUONG", "tap_the", "1".to_owned()), ("KHEN_THUONG", "ca_nhan", "2".to_owned())]);
    }
    v
}

/// The yearly reports before the 2025 reform that the yearly report document compares and
/// compiles: Kiên Giang's districts in 2020, 2021 and 2024 and the old An Giang's in 2024, typed
/// at the province, sent and approved by its leader in December; and Kiên Giang's own 2021
/// report, compiled from its districts' with the province's own work, approved by the ministry.
/// Some districts wrote difficulties and proposals, and notes on their figures. The districts'
/// reports go in through the store in one transaction per province and year (a few dozen reports
/// through the use cases would each read the whole area tree again).
pub async fn load_yearly_history(store: &Store) -> anyhow::Result<()> {
    use binhdang_app::reports::{EntryInput, open, save, step, target};
    use binhdang_core::reporting::{Status, Step};
    use binhdang_store::reports::{ReportWrite, ValueWrite};
    use chrono::TimeZone;
    let user = |login: &'static str| async move {
        store.user_for_login(login).await?.map(|(u, _)| u).with_context(|| format!("demo account {login}"))
    };
    let (officer, leader, ministry) =
        (user("angiang.snv").await?, user("angiang.lanhdao").await?, user("bo.lanhdao").await?);
    let at = |year: i32, d: u32, h: u32| {
        chrono::Utc.with_ymd_and_hms(year, 12, d, h.saturating_sub(7), 0, 0).single().context("demo date")
    };
    let typed = |v: &str, comment: &str| ValueWrite {
        value: Some(v.to_owned()),
        comment: comment.to_owned(),
        source: binhdang_app::reports::TYPED.into(),
        override_reason: String::new(),
    };
    let mut kien_giang_2021: std::collections::BTreeMap<(&str, &str), u64> = std::collections::BTreeMap::new();
    for (province, year) in [("91", 2020), ("91", 2021), ("91", 2024), ("89", 2024)] {
        let on = services_at(store, year, 12, 16, 9)?;
        let area = target(&on, "BDG_NAM", &year.to_string(), province, None).await.map_err(refused)?;
        let mut districts: Vec<_> = store
            .children(area.unit.id, area.dates.1)
            .await?
            .into_iter()
            .filter(|u| u.kind == binhdang_core::units::UnitKind::District)
            .collect();
        districts.sort_by(|a, b| a.code.cmp(&b.code));
        let mut writes = Vec::new();
        for (i, district) in districts.iter().enumerate() {
            let figures = district_figures(i, year);
            let mut values = std::collections::BTreeMap::new();
            for (e, o, v) in &figures {
                if (province, year) == ("91", 2021) {
                    *kien_giang_2021.entry((e, o)).or_default() += v.parse::<u64>().unwrap_or(0);
                }
                let comment = if i % 6 == 0 && *e == "DT_LOP" { DISTRICT_NOTES[i / 6 % 3] } else { "" };
                values.insert(((*e).to_owned(), (*o).to_owned()), typed(v, comment));
            }
            if i % 5 == 1 {
                let text = DISTRICT_DIFFICULTIES[(i / 5 + usize::try_from(year).unwrap_or(0)) % 3];
                values.insert(("KHO_KHAN".into(), "default".into()), typed(text, ""));
            }
            let unit = district.id;
            writes.push(ReportWrite {
                form: "BDG_NAM".into(),
                period: year.to_string(),
                unit,
                version: 0,
                before: std::collections::BTreeMap::new(),
                values,
            });
        }
        let typed_at = Actor { user: Some(officer.id), at: at(year, 15, 10)? };
        store.write_reports(&writes, typed_at).await?;
        for (i, w) in writes.iter().enumerate() {
            let sent = Actor { user: Some(officer.id), at: at(year, 16 + u32::try_from(i % 3).unwrap_or(0), 10)? };
            let approved = Actor { user: Some(leader.id), at: at(year, 22, 9)? };
            let head =
                store.move_report("BDG_NAM", &w.period, w.unit, 1, Status::DangNhap, Status::DaGui, "", sent).await?;
            store
                .move_report("BDG_NAM", &w.period, w.unit, head.version, Status::DaGui, Status::DaDuyet, "", approved)
                .await?;
        }
    }
    // Kiên Giang compiles its districts' reports with the province's own events and courses.
    let own = [("TT_SU_KIEN", 6), ("TT_NGUOI_THAM_DU", 0), ("DT_LOP", 4), ("TTKT_CUOC", 2), ("TTKT_VI_PHAM", 1)];
    let compiled: Vec<(&str, &str, String)> = kien_giang_2021
        .iter()
        .map(|((e, o), v)| {
            let extra = own.iter().find(|(c, _)| c == e).map_or(0, |(_, x)| *x);
            (*e, *o, (v + extra).to_string())
        })
        .collect();
    let mut values: Vec<EntryInput> = compiled
        .iter()
        .map(|(e, o, value)| EntryInput {
            element: (*e).into(),
            option: (*o).into(),
            value: value.clone(),
            override_reason: "Tổng hợp từ báo cáo của các huyện, thị xã, thành phố".into(),
            ..EntryInput::default()
        })
        .collect();
    values.push(EntryInput {
        element: "KHO_KHAN".into(),
        option: "default".into(),
        value: "Khó khăn: Dịch COVID-19 kéo dài làm nhiều hoạt động truyền thông trực tiếp phải hoãn hoặc chuyển \
                sang hình thức trực tuyến. Kiến nghị: Bộ hướng dẫn thống nhất chỉ tiêu thống kê về bình đẳng giới \
                cấp huyện, xã."
            .into(),
        ..EntryInput::default()
    });
    let on = services_at(store, 2021, 12, 24, 10)?;
    let report = target(&on, "BDG_NAM", "2021", "91", None).await.map_err(refused)?;
    let read = save(&on, &officer, &report, 0, &values).await.map_err(refused)?;
    step(&on, &officer, &report, Step::Submit, read.version, "").await.map_err(refused)?;
    let on = services_at(store, 2021, 12, 28, 15)?;
    let read = open(&on, &ministry, &report).await.map_err(refused)?;
    step(&on, &ministry, &report, Step::Approve, read.version, "").await.map_err(refused)?;
    Ok(())
}

/// Everything `binhdang demo` shows: the registry, the catalog, the accounts, the 2021 guidance
/// and its tasks, two plans, activities, the 2025 yearly reports, the yearly reports of Kiên
/// Giang and the old An Giang before the reform, and three provinces' data for the Strategy's
/// indicators.
pub async fn load(store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    load_reference(store, clock).await?;
    let task = load_letters(store, clock).await?;
    load_plans(store, clock, task).await?;
    load_activities(store, clock).await?;
    load_reports(store, clock).await?;
    load_yearly_history(store).await?;
    load_indicator_data(store, clock).await
}
