//! Demo data: the registry and one account per kind of user, all with the password
//! [`DEMO_PASSWORD`].

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
    ("xa.rachgia", "Phạm Văn Tâm", "30742-UBND", Role::Officer, "chuyên viên UBND phường Rạch Giá"),
    ("xem", "Người xem", "BNV", Role::Viewer, "chỉ xem"),
];

/// The letters that started the project: Kiên Giang's provincial office forwarding the
/// ministry's 2021 guidance on gender equality (kept with the parser's test corpus).
pub const SEED_LETTERS: &str = include_str!("../../vanban/tests/corpus/seed-1152-356.txt");

/// Registers the ministry's 2021 guidance (356/LĐTBXH-BĐG) in its outgoing register and fans
/// its four task groups out to the 63 provinces of the time, with a progress report from
/// Kiên Giang; the province's side (the office's 1152/VP-KGVX forwarding it) is left for the user
/// to paste in "Vào sổ văn bản".
pub async fn load_letters(store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    use binhdang_core::documents::Direction;
    use binhdang_web::AppState;
    let state = AppState::new(
        store.clone(),
        std::sync::Arc::new(binhdang_core::FixedClock(clock.now())),
        binhdang_web::Settings::default(),
    );
    let (ministry, _) = store.user_for_login("bo.chuyenvien").await?.context("demo ministry officer")?;
    let letters = vanban::parse(SEED_LETTERS);
    let guidance = letters.get(1).context("the seed holds the ministry's letter second")?;
    let input = binhdang_web::documents::input_from_parsed(guidance, Direction::Outgoing, "BLDTBXH", None);
    let doc = binhdang_web::documents::register_document(&state, &ministry, &input)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let fan_out = binhdang_web::tasks::FanOutInput {
        kind: "provincial_committee".into(),
        deadline_kind: "date".into(),
        deadline_date: Some("2021-12-15".into()),
        ..binhdang_web::tasks::FanOutInput::default()
    };
    let ids = binhdang_web::tasks::fan_out_tasks(&state, &ministry, doc.id, &fan_out)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (officer, _) = store.user_for_login("angiang.ubnd").await?.context("demo provincial officer")?;
    let kien_giang =
        store.unit_by_code("91-UBND", doc.date.unwrap_or_else(|| clock.today())).await?.context("Kiên Giang 2021")?;
    // Kiên Giang reports its first task (the plan) done to 100%.
    for id in ids {
        let task = store.task(id).await?;
        if task.lead == kien_giang.id {
            let progress = binhdang_web::tasks::ProgressInput {
                date: Some("2021-04-20".into()),
                text:
                    "UBND tỉnh đã ban hành Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030"
                        .into(),
                percent: Some("100".into()),
            };
            binhdang_web::tasks::report_progress(&state, &officer, id, &progress)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            break;
        }
    }
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

/// Everything `binhdang demo` shows: the registry, the accounts and the 2021 guidance.
pub async fn load(store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    load_reference(store, clock).await?;
    load_letters(store, clock).await
}
