//! The store's contract, run on `SQLite` and `PostgreSQL` alike: migrations, the registry's dated
//! reads and reach, accounts, sessions, tokens, throttling and the audit log.

use chrono::Duration;

use binhdang_core::Clock;
use binhdang_core::units::{Contact, UnitFilter, UnitKind};
use binhdang_core::users::Role;
use binhdang_store::{Actor, Backend, Store, StoreError};

use crate::support::{TestDb, clock, on_both_backends};

fn day(text: &str) -> chrono::NaiveDate {
    binhdang_core::units::parse_date("as_of", text).expect("date")
}

async fn migrations_apply_once(backend: Backend) {
    let db = binhdang_store::testing::TestDb::new(backend).await.expect("database");
    assert_eq!(db.store.migrate(clock().now()).await.expect("migrate"), 15);
    assert_eq!(db.store.migrate(clock().now()).await.expect("migrate again"), 0);
    assert_eq!(db.store.backend(), backend);
    db.store.ping().await.expect("ping");
}

/// Values stored one row per value (before migration 15) move to one row per report, every field
/// kept, whatever the text holds.
async fn values_move_to_one_row_per_report(backend: Backend) {
    use binhdang_store::testing::execute;
    let db = TestDb::seeded(backend).await;
    let unit = db.store.unit_by_code("30742", day("2024-12-01")).await.expect("query").expect("unit").id;
    let actor = Actor { user: None, at: clock().now() };
    let head = db
        .store
        .move_report(
            "BDG_NAM",
            "2024",
            unit,
            0,
            binhdang_core::reporting::Status::ChuaNhap,
            binhdang_core::reporting::Status::DangNhap,
            "",
            actor,
        )
        .await
        .expect("report");
    // The database as migration 14 left it, with three values of one report.
    let old = format!(
        "DROP TABLE report_data; DELETE FROM schema_migrations WHERE version = 15; \
         CREATE INDEX reports_period ON reports (form, period); \
         CREATE TABLE report_values (report_id BIGINT NOT NULL REFERENCES reports (id), element TEXT NOT NULL, \
         option_combo TEXT NOT NULL, value TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, \
         override_reason TEXT NOT NULL DEFAULT '', entered_by BIGINT, entered_at TEXT NOT NULL, \
         PRIMARY KEY (report_id, element, option_combo)); \
         INSERT INTO report_values VALUES ({id}, 'DT_LOP', 'default', '3', 'a' || {sep} || 'b', 'typed', '', NULL, 't1'), \
         ({id}, 'DT_HOC_VIEN', 'nu', '5', '', 'activities', 'lý do', NULL, 't2'), \
         ({id}, 'DT_HOC_VIEN', 'nam', '4', '', 'activities', 'lý do', NULL, 't2')",
        id = head.id,
        sep = if backend == Backend::Sqlite { "char(31)" } else { "chr(31)" },
    );
    execute(&db.store, &old).await.expect("old shape");
    assert_eq!(db.store.migrate(clock().now()).await.expect("migrate"), 1);
    let values: Vec<String> = db
        .store
        .report_values(head.id)
        .await
        .expect("values")
        .into_iter()
        .map(|((e, o), v)| {
            format!("{e}/{o}={} [{}] {} {} {}", v.value, v.comment, v.source, v.override_reason, v.entered_at)
        })
        .collect();
    assert_eq!(
        values,
        [
            "DT_HOC_VIEN/nam=4 [] activities lý do t2",
            "DT_HOC_VIEN/nu=5 [] activities lý do t2",
            "DT_LOP/default=3 [a\u{1f}b] typed  t1"
        ]
    );
}

async fn the_registry_is_read_as_of_a_date(backend: Backend) {
    let db = TestDb::seeded(backend).await;
    let s = &db.store;
    let counts = |d: &'static str| async move { s.count_by_kind(day(d)).await.expect("counts") };
    let before = counts("2025-06-30").await;
    let after = counts("2025-07-01").await;
    let n = |c: &[(UnitKind, i64)], k: UnitKind| c.iter().find(|(x, _)| *x == k).map_or(0, |(_, n)| *n);
    assert_eq!(
        (n(&before, UnitKind::Province), n(&before, UnitKind::District), n(&before, UnitKind::Commune)),
        (63, 696, 10_035)
    );
    assert_eq!(
        (n(&after, UnitKind::Province), n(&after, UnitKind::District), n(&after, UnitKind::Commune)),
        (34, 0, 3_321)
    );
    // Every old province has agencies on both sides of the labour department's end.
    assert_eq!(n(&counts("2025-02-28").await, UnitKind::Department), 63 * 7);
    assert_eq!(n(&before, UnitKind::Department), 63 * 6);
    assert_eq!(n(&after, UnitKind::Department), 34 * 6);

    let kg = s.unit_by_code("91", day("2021-02-25")).await.expect("query").expect("Kiên Giang");
    let ag = s.unit_by_code("91", day("2025-07-01")).await.expect("query").expect("An Giang");
    assert_eq!((kg.name.as_str(), ag.name.as_str()), ("Tỉnh Kiên Giang", "Tỉnh An Giang"));
    assert_eq!(s.units_with_code("91").await.expect("query").len(), 2);
    let (_, successors) = s.lineage(kg.id).await.expect("lineage");
    assert_eq!(successors[0].unit.id, ag.id);
    assert!(successors[0].lineage.is_main);
    assert_eq!(s.successors_on(kg.id, day("2026-01-01")).await.expect("successors")[0].id, ag.id);

    // Reach: a Kiên Giang commune of 2021 reaches today's An Giang through its province.
    let (communes, total) = s
        .list_units(&UnitFilter {
            as_of: day("2021-02-25"),
            q: Some("vinh thanh".into()),
            kind: Some(UnitKind::Commune),
            parent: None,
            limit: 50,
            offset: 0,
        })
        .await
        .expect("list");
    assert!(total >= 1);
    let vinh_thanh = communes.iter().find(|c| c.code == "30733").expect("Phường Vĩnh Thanh, Rạch Giá");
    let reach = s.reach(vinh_thanh).await.expect("reach");
    assert!(reach.contains(&kg.id) && reach.contains(&ag.id), "{reach:?}");
    let hanoi = s.unit_by_code("01", day("2026-01-01")).await.expect("query").expect("Hà Nội");
    assert!(!reach.contains(&hanoi.id));
    // Search folds diacritics and counts every match, not just the page.
    let search = |q: &'static str| async move {
        s.list_units(&UnitFilter {
            as_of: day("2026-01-01"),
            q: Some(q.into()),
            kind: Some(UnitKind::Commune),
            parent: None,
            limit: 1,
            offset: 0,
        })
        .await
        .expect("list")
    };
    let (found, total) = search("PHƯỜNG").await;
    assert_eq!(found.len(), 1);
    assert!(total > 672, "672 phường and the xã named Phương…: {total}");
    assert_eq!(search("phuong").await.1, total);
    let former = s.former_units("kien giang", Some(UnitKind::Province), day("2025-07-01"), 10).await.expect("former");
    assert_eq!(former.len(), 1);
    assert_eq!(former[0].1[0].name, "Tỉnh An Giang");
}

async fn accounts_sessions_and_tokens(backend: Backend) {
    let db = TestDb::seeded(backend).await;
    let s = &db.store;
    let now = clock().now();
    let actor = Actor { user: None, at: now };
    let agency = s.unit_by_code("BNV", clock().today()).await.expect("query").expect("BNV");
    let user = s.create_user("kiem.thu", "Kiểm Thử", agency.id, Role::Leader, "hash", actor).await.expect("create");
    assert_eq!(user.role, Role::Leader);
    let err = s.create_user("kiem.thu", "Khác", agency.id, Role::Viewer, "hash", actor).await.expect_err("duplicate");
    assert!(matches!(err, StoreError::Conflict(ref m) if m.contains("kiem.thu")), "{err:?}");

    s.create_session("h1", user.id, now, now + Duration::hours(1)).await.expect("session");
    assert_eq!(s.session_user("h1", now).await.expect("lookup").map(|u| u.id), Some(user.id));
    assert!(s.session_user("h1", now + Duration::hours(2)).await.expect("lookup").is_none(), "expired");
    assert!(s.session_user("nope", now).await.expect("lookup").is_none());
    assert_eq!(s.purge_expired(now + Duration::hours(2), now).await.expect("purge"), 1);

    let token = s.create_token(user.id, "máy", "t1", now + Duration::days(90), actor).await.expect("token");
    assert_eq!(s.token_user("t1", now).await.expect("lookup").map(|u| u.id), Some(user.id));
    assert!(s.list_tokens(user.id).await.expect("list")[0].last_used_at.is_some());
    s.revoke_token(user.id, token.id, actor).await.expect("revoke");
    assert!(s.token_user("t1", now).await.expect("lookup").is_none());
    assert!(matches!(s.revoke_token(user.id, token.id, actor).await, Err(StoreError::NotFound(_))));

    // Disabling ends sessions; a password change ends them too.
    s.create_session("h2", user.id, now, now + Duration::hours(1)).await.expect("session");
    let change = binhdang_store::users::UserChange { active: Some(false), ..Default::default() };
    s.update_user(user.id, &change, actor).await.expect("disable");
    assert!(s.session_user("h2", now).await.expect("lookup").is_none());
    let change = binhdang_store::users::UserChange { active: Some(true), ..Default::default() };
    s.update_user(user.id, &change, actor).await.expect("enable");
    s.create_session("h3", user.id, now, now + Duration::hours(1)).await.expect("session");
    s.create_token(user.id, "máy 2", "t2", now + Duration::days(90), actor).await.expect("token");
    assert!(s.token_user("t2", now).await.expect("lookup").is_some());
    assert!(s.token_user("t2", now + Duration::days(90)).await.expect("lookup").is_none(), "expired");
    s.set_password(user.id, "new-hash", actor).await.expect("password");
    assert!(s.session_user("h3", now).await.expect("lookup").is_none());
    assert!(s.token_user("t2", now).await.expect("lookup").is_none(), "a new password revokes the tokens");
    assert_eq!(s.user_for_login("kiem.thu").await.expect("lookup").expect("user").1, "new-hash");
}

async fn login_attempts_are_claimed_atomically_and_back_off(backend: Backend) {
    use binhdang_store::sessions::Claim;
    let db = TestDb::seeded(backend).await;
    let s = &db.store;
    let now = clock().now();
    let window = Duration::minutes(15);
    let keys = [("login:a@1.2.3.4", 3_i64)];
    // Three attempts are granted, the fourth is not, and a failure at the limit starts the wait.
    for _ in 0..3 {
        assert_eq!(s.claim_login_attempt(&keys, now, window).await.expect("claim"), Claim::Granted);
        s.login_failed(&keys, now, window).await.expect("failed");
    }
    assert_eq!(s.claim_login_attempt(&keys, now, window).await.expect("claim"), Claim::Throttled(now + window));
    // Other keys are not affected.
    assert_eq!(s.claim_login_attempt(&[("login:a@5.6.7.8", 3)], now, window).await.expect("claim"), Claim::Granted);
    // After the wait, attempts are granted again; reaching the limit again waits twice as long.
    let later = now + window;
    for _ in 0..3 {
        assert_eq!(s.claim_login_attempt(&keys, later, window).await.expect("claim"), Claim::Granted);
        s.login_failed(&keys, later, window).await.expect("failed");
    }
    assert_eq!(s.claim_login_attempt(&keys, later, window).await.expect("claim"), Claim::Throttled(later + window * 2));
    // Success forgets the key.
    s.login_succeeded("login:a@1.2.3.4").await.expect("clear");
    assert_eq!(s.claim_login_attempt(&keys, later, window).await.expect("claim"), Claim::Granted);
    // Many claims at once never grant more than the limit.
    let claims = (0..20).map(|_| {
        let s = s.clone();
        tokio::spawn(async move { s.claim_login_attempt(&[("login:b@1.2.3.4", 5)], now, window).await.expect("claim") })
    });
    let mut granted = 0;
    for c in claims {
        if c.await.expect("task") == Claim::Granted {
            granted += 1;
        }
    }
    assert_eq!(granted, 5);
}

async fn contacts_are_versioned_and_audited(backend: Backend) {
    let db = TestDb::seeded(backend).await;
    let s: &Store = &db.store;
    let actor = Actor { user: None, at: clock().now() };
    let unit = s.unit_by_code("01-SNV", clock().today()).await.expect("query").expect("unit");
    assert!(s.contact(unit.id).await.expect("read").is_none());
    let c = Contact { focal_person: "Hoàng Thị Mai".into(), ..Contact::default() };
    assert_eq!(s.set_contact(unit.id, &c, 0, actor).await.expect("first").version, 1);
    assert!(
        matches!(s.set_contact(unit.id, &c, 0, actor).await, Err(StoreError::Conflict(_))),
        "a second first write conflicts"
    );
    assert_eq!(s.set_contact(unit.id, &c, 1, actor).await.expect("second").version, 2);
    assert!(matches!(s.set_contact(unit.id, &c, 1, actor).await, Err(StoreError::Conflict(_))));
    let audit = s.audit_of("unit", &unit.id.to_string(), 10).await.expect("audit");
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|a| a.action == "unit.contact" && a.detail.contains("Hoàng Thị Mai")));
}

on_both_backends!(
    values_move_to_one_row_per_report,
    migrations_apply_once,
    the_registry_is_read_as_of_a_date,
    accounts_sessions_and_tokens,
    login_attempts_are_claimed_atomically_and_back_off,
    contacts_are_versioned_and_audited,
);
