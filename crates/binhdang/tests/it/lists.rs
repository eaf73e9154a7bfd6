//! Lists cost a fixed number of queries whatever their length: the names shown in a row are read
//! for the whole page at once, never one query per row.

use reqwest::{Method, StatusCode};
use serde_json::json;

use binhdang_core::Clock;
use binhdang_core::tasks::{DeadlineRule, NewTask};
use binhdang_core::units::{UnitFilter, UnitKind};
use binhdang_store::{Actor, Backend};

use crate::support::{TestApp, clock, on_both_backends, send};

/// Queries the server ran to answer `GET path` for a logged-in browser: the fewest of three loads
/// in a row. The session and the user's scope are kept for a second, so a load that comes after
/// a pause reads them again; the page's own queries are the same on every load.
async fn queries_for(app: &TestApp, b: &mut crate::support::Browser<'_>, path: &str) -> u64 {
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        let before = app.db.store.queries_run();
        let page = b.page(path).await;
        assert!(!page.is_empty());
        fewest = fewest.min(app.db.store.queries_run() - before);
    }
    fewest
}

async fn a_long_task_list_costs_what_a_short_one_costs(backend: Backend) {
    let app = TestApp::new(backend).await;
    let today = clock().today();
    let store = &app.db.store;
    let committee = store.unit_by_code("91-UBND", today).await.expect("query").expect("An Giang's committee");
    let (communes, _) = store
        .list_units(&UnitFilter {
            as_of: today,
            q: Some("phường".into()),
            kind: Some(UnitKind::CommuneCommittee),
            parent: None,
            limit: 200,
            offset: 0,
        })
        .await
        .expect("communes");
    assert_eq!(communes.len(), 200);
    let task = |lead: &binhdang_core::units::Unit| NewTask {
        document: None,
        parent: None,
        assigner: committee.id,
        lead: lead.id,
        coordinators: Vec::new(),
        description: format!("Báo cáo kết quả tại {}", lead.name),
        start: today,
        rule: DeadlineRule::None,
        deadline: None,
    };
    let actor = Actor { user: None, at: clock().now() };
    store.create_tasks(&communes[..2].iter().map(task).collect::<Vec<_>>(), actor).await.expect("two tasks");
    let mut b = app.login("angiang.ubnd").await;
    let path = "/tasks?agency=91-UBND&view=assigned";
    let _ = queries_for(&app, &mut b, path).await;
    let short = queries_for(&app, &mut b, path).await;
    store.create_tasks(&communes[2..].iter().map(task).collect::<Vec<_>>(), actor).await.expect("198 more");
    let page = b.page(path).await;
    assert!(page.contains(&communes[199].name), "the 200th row is on the page");
    let long = queries_for(&app, &mut b, path).await;
    assert_eq!(long, short, "200 rows cost {long} queries, 2 rows {short}");
}

async fn a_long_activity_list_costs_what_a_short_one_costs(backend: Backend) {
    let app = TestApp::new(backend).await;
    let today = clock().today();
    let (wards, _) = app
        .db
        .store
        .list_units(&UnitFilter {
            as_of: today,
            q: Some("phường".into()),
            kind: Some(UnitKind::Commune),
            parent: None,
            limit: 200,
            offset: 0,
        })
        .await
        .expect("wards");
    // Activities of the ministry's officer, each in a different ward of the country.
    let token = app.token("bo.chuyenvien").await;
    let record = |code: &str| json!({"type": "communication_event", "area_code": code, "date_from": "2026-03-01", "title": "Hội nghị tuyên truyền", "data": {"form": "hoi_nghi", "topic": "luat_bdg", "participants": 50, "women": 30}});
    for w in &wards[..2] {
        assert_eq!(
            send(&app, Method::POST, "/api/v1/activities", &token, Some(record(&w.code))).await.0,
            StatusCode::CREATED
        );
    }
    let mut b = app.login("bo.chuyenvien").await;
    let _ = queries_for(&app, &mut b, "/activities").await;
    let short = queries_for(&app, &mut b, "/activities").await;
    for w in &wards[2..] {
        assert_eq!(
            send(&app, Method::POST, "/api/v1/activities", &token, Some(record(&w.code))).await.0,
            StatusCode::CREATED
        );
    }
    let long = queries_for(&app, &mut b, "/activities").await;
    assert_eq!(long, short, "200 rows cost {long} queries, 2 rows {short}");
}

async fn a_long_user_list_costs_what_a_short_one_costs(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("admin").await;
    let mut b = app.login("admin").await;
    let _ = queries_for(&app, &mut b, "/users").await;
    let short = queries_for(&app, &mut b, "/users").await;
    // Twelve more accounts in An Giang's agencies: the reach is read once per area served, not
    // once per account.
    for (i, agency) in ["91-SNV", "91-UBND", "91-VP"].iter().cycle().take(12).enumerate() {
        let user = json!({"username": format!("angiang.canbo{i}"), "display_name": format!("Cán bộ {i}"), "agency_code": agency, "role": "officer", "password": "mat-khau-rat-dai-1"});
        let (status, body) = send(&app, Method::POST, "/api/v1/users", &token, Some(user)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let page = b.page("/users").await;
    assert!(page.contains("angiang.canbo11"), "the new accounts are listed");
    let long = queries_for(&app, &mut b, "/users").await;
    assert_eq!(long, short, "the longer list cost {long} queries, the shorter {short}");
}

async fn a_document_with_many_tasks_costs_what_one_with_two_costs(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("bo.chuyenvien").await;
    let letter = |n: &str| json!({"direction": "outgoing", "register_agency_code": "BNV", "issuer_name": "Bộ Nội vụ", "number": n, "symbol": "BNV-BĐG", "doc_type": "Công văn", "date": "2026-02-02", "subject": "V/v hướng dẫn công tác bình đẳng giới năm 2026", "assignments": [{"lead": "UBND các tỉnh", "coordinators": [], "action": "Báo cáo kết quả", "deadline": null, "at_once": false}]});
    let (status, many) = send(&app, Method::POST, "/api/v1/documents", &token, Some(letter("101"))).await;
    assert_eq!(status, StatusCode::CREATED, "{many}");
    let (status, fanned) = send(
        &app,
        Method::POST,
        &format!("/api/v1/documents/{}/fan-out", many["id"]),
        &token,
        Some(json!({"kind": "provincial_committee", "deadline_kind": "none"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{fanned}");
    assert_eq!(fanned["created"], 34, "one task per province of today");
    let (_, few) = send(&app, Method::POST, "/api/v1/documents", &token, Some(letter("102"))).await;
    for lead in ["91-UBND", "01-UBND"] {
        let (status, _) = send(
            &app,
            Method::POST,
            "/api/v1/tasks",
            &token,
            Some(json!({"document_id": few["id"], "lead_code": lead, "description": "Báo cáo kết quả", "deadline_kind": "none"})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let mut b = app.login("bo.chuyenvien").await;
    let _ = queries_for(&app, &mut b, &format!("/documents/{}", few["id"])).await;
    let short = queries_for(&app, &mut b, &format!("/documents/{}", few["id"])).await;
    let long = queries_for(&app, &mut b, &format!("/documents/{}", many["id"])).await;
    assert_eq!(long, short, "34 tasks cost {long} queries, 2 tasks {short}");
}

on_both_backends!(
    a_long_task_list_costs_what_a_short_one_costs,
    a_long_activity_list_costs_what_a_short_one_costs,
    a_document_with_many_tasks_costs_what_one_with_two_costs,
    a_long_user_list_costs_what_a_short_one_costs,
);
