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
    ("xa.rachgia", "Phạm Văn Tâm", "30742-UBND", Role::Officer, "chuyên viên UBND phường Rạch Giá"),
    ("xem", "Người xem", "BNV", Role::Viewer, "chỉ xem"),
];

/// Loads the registry and creates the demo accounts.
pub async fn load(store: &Store, clock: &dyn Clock) -> anyhow::Result<()> {
    let actor = Actor { user: None, at: clock.now() };
    let batch = binhdang_office::load_units(&crate::data::embedded_units())?;
    let summary = store.import_units(&batch, actor).await?;
    tracing::info!(?summary, "units loaded");
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
