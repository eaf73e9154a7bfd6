//! Pickers: agencies, areas, tasks, plan items and indicators chosen by name (with or without
//! diacritics) or code, as of the record's date, within the user's scope, a bounded number; what
//! a form's picker offers, the save takes. Saved records and the figures read in words.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

/// The values and names a picker answers through the API.
async fn picked(app: &TestApp, token: &str, path: &str) -> Vec<(String, String)> {
    let (status, body) = send(app, Method::GET, path, token, None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    let items = body["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|c| {
            (c["value"].as_str().unwrap_or_default().to_owned(), c["name"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

fn values(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(v, _)| v.as_str()).collect()
}

async fn units_are_picked_by_name_or_code_as_of_a_date_within_scope(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;

    // With or without diacritics, in any case, and by code: the same ward.
    for q in ["rach%20gia", "R%E1%BA%A1ch%20Gi%C3%A1", "RACH%20GIA", "30742"] {
        let found = picked(&app, &officer, &format!("/api/v1/pick/area?q={q}")).await;
        assert_eq!(found.first().map(|(v, n)| (v.as_str(), n.as_str())), Some(("30742", "Phường Rạch Giá")), "{q}");
    }
    // As of the record's date: code 91 is Kiên Giang in 2021 (either date spelling), An Giang today.
    for as_of in ["2021-03-01", "01/03/2021"] {
        let in_2021 = picked(&app, &officer, &format!("/api/v1/pick/area?q=91&as_of={as_of}")).await;
        assert_eq!(in_2021.first().map(|(_, n)| n.as_str()), Some("Tỉnh Kiên Giang"), "{as_of}");
    }
    let today = picked(&app, &officer, "/api/v1/pick/area?q=91").await;
    assert_eq!(today.first().map(|(_, n)| n.as_str()), Some("Tỉnh An Giang"));
    assert!(
        picked(&app, &officer, "/api/v1/pick/area?q=kien%20giang").await.iter().all(|(_, n)| n != "Tỉnh Kiên Giang")
    );

    // Within scope: An Giang's officer is offered neither Hà Nội nor its departments; the
    // ministry is offered both.
    assert!(picked(&app, &officer, "/api/v1/pick/area?q=ha%20noi").await.is_empty());
    assert!(picked(&app, &officer, "/api/v1/pick/agency?q=01-").await.is_empty());
    let ministry = app.token("bo.chuyenvien").await;
    assert!(picked(&app, &ministry, "/api/v1/pick/area?q=ha%20noi").await.iter().any(|(v, _)| v == "01"));
    assert!(picked(&app, &ministry, "/api/v1/pick/agency?q=01-snv").await.iter().any(|(v, _)| v == "01-SNV"));

    // What the form offers, the save takes: every Kiên Giang department offered for a 2021 task
    // can lead one, and every offered commune can hold an activity.
    let departments = picked(&app, &officer, "/api/v1/pick/agency?q=91-s&as_of=2021-03-01").await;
    assert!(values(&departments).contains(&"91-SLDTBXH"), "{departments:?}");
    for (code, name) in &departments {
        assert!(name.contains("Kiên Giang"), "{code} is {name} in 2021");
        let (status, body) = send(
            &app,
            Method::POST,
            "/api/v1/tasks",
            &officer,
            Some(json!({"lead_code": code, "start_date": "2021-03-01", "description": "Rà soát số liệu",
                        "deadline_kind": "none"})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{code}: {body}");
    }
    let communes = picked(&app, &officer, "/api/v1/pick/area?q=phuong&as_of=2021-03-10&limit=5").await;
    assert_eq!(communes.len(), 5, "{communes:?}");
    for (code, _) in &communes {
        let body = json!({"type": "training_course", "area_code": code, "date_from": "2021-03-10",
                          "title": "Tập huấn", "data": {"target_group": "nu_ung_cu_vien", "days": 1,
                          "participants": 10, "women": 5}});
        let (status, created) = send(&app, Method::POST, "/api/v1/activities", &officer, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{code}: {created}");
    }

    // A viewer's form offers nothing (the save would refuse), a viewer's filter reads.
    let viewer = app.token("xem").await;
    assert!(picked(&app, &viewer, "/api/v1/pick/area?q=an%20giang").await.is_empty());
    assert!(!picked(&app, &viewer, "/api/v1/pick/area?q=an%20giang&for=read").await.is_empty());

    // Bounded: ten by default, thirty at most, a query of twelve words at most.
    assert_eq!(picked(&app, &ministry, "/api/v1/pick/area?q=xa").await.len(), 10);
    assert_eq!(picked(&app, &ministry, "/api/v1/pick/area?q=xa&limit=30").await.len(), 30);
    let (status, _) = send(&app, Method::GET, "/api/v1/pick/area?q=xa&limit=31", &ministry, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let long = vec!["xa"; 13].join("%20");
    let (status, err) = send(&app, Method::GET, &format!("/api/v1/pick/area?q={long}"), &ministry, None).await;
    assert_eq!((status, err["error"]["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("q")));
    let (status, _) = send(&app, Method::GET, "/api/v1/pick/area?as_of=31/02/2021", &ministry, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = send(&app, Method::GET, "/api/v1/pick/colour", &ministry, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(&app, Method::GET, "/api/v1/pick/area", "", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn tasks_plan_items_and_indicators_are_picked_and_shown_by_name(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;

    // A task by a word of its description, by its number, or by its lead agency.
    let (status, given) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &app.token("bo.chuyenvien").await,
        Some(json!({"lead_code": "91-SLDTBXH", "start_date": "2021-03-01", "deadline_kind": "date",
                    "deadline_date": "2021-12-15",
                    "description": "Tham mưu UBND tỉnh ban hành Kế hoạch thực hiện bình đẳng giới năm 2021"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{given}");
    let tasks = picked(&app, &officer, "/api/v1/pick/task?q=tham%20muu").await;
    let (task, description) = tasks.first().cloned().unwrap_or_default();
    assert!(vanban::fold(&description).contains("tham muu"), "{tasks:?}");
    assert_eq!(
        values(&picked(&app, &officer, &format!("/api/v1/pick/task?q={task}")).await).first(),
        Some(&task.as_str())
    );
    assert!(values(&picked(&app, &officer, "/api/v1/pick/task?q=lao%20dong").await).contains(&task.as_str()));
    let hanoi = app.token("hanoi.snv").await;
    assert!(!values(&picked(&app, &hanoi, "/api/v1/pick/task?q=").await).contains(&task.as_str()), "not Hà Nội's");

    // A plan item of a plan the officer reads; an indicator by name in either language or code.
    let (status, plan) = send(
        &app,
        Method::POST,
        "/api/v1/plans",
        &officer,
        Some(json!({"agency_code": "91-SNV", "title": "Kế hoạch bình đẳng giới năm 2026", "year_from": 2026,
                    "year_to": 2026})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let (status, added) = send(
        &app,
        Method::POST,
        &format!("/api/v1/plans/{}/items", plan["id"]),
        &officer,
        Some(json!({"group": 2, "title": "Truyền thông về bình đẳng giới trên nền tảng số"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert!(picked(&app, &hanoi, "/api/v1/pick/plan_item?q=truyen%20thong").await.is_empty(), "not Hà Nội's");
    let items = picked(&app, &officer, "/api/v1/pick/plan_item?q=truyen%20thong").await;
    let (item, title) = items.first().cloned().unwrap_or_default();
    assert!(vanban::fold(&title).contains("truyen thong"), "{items:?}");
    let indicators = picked(&app, &officer, "/api/v1/pick/indicator?q=lanh%20dao").await;
    assert!(values(&indicators).contains(&"LĐN.1"), "{indicators:?}");
    assert!(values(&picked(&app, &officer, "/api/v1/pick/indicator?q=leadership").await).contains(&"LĐN.1"));

    // An activity linked through the pickers' values shows the task and the plan item by name,
    // with links, and its figures in words.
    let body = json!({"type": "training_course", "area_code": "30742", "date_from": "2026-03-10",
        "title": "Tập huấn cho cán bộ phường", "task_id": task.parse::<i64>().unwrap_or_default(),
        "plan_item": item.parse::<i64>().unwrap_or_default(),
        "data": {"target_group": "nu_ung_cu_vien", "days": 2, "participants": 40, "women": 31,
                 "budget": 20000000, "budget_source": "ngan_sach_dia_phuong"}});
    let (status, created) = send(&app, Method::POST, "/api/v1/activities", &officer, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let mut b = app.login("angiang.snv").await;
    let shown = b.page(&format!("/activities/{}", created["id"])).await;
    let first_line = description.trim_end_matches('…');
    assert!(shown.contains(&format!("href=\"/tasks/{task}\" id=\"activity-task\">")), "{shown}");
    assert!(shown.contains(first_line.split_whitespace().take(6).collect::<Vec<_>>().join(" ").as_str()), "{shown}");
    assert!(shown.contains(&format!("#item-{item}\" id=\"activity-plan-item\">{title}</a>")), "{shown}");
    for words in ["Số học viên tập huấn", "Giới tính: Nữ", "Nguồn kinh phí: Ngân sách địa phương"]
    {
        assert!(shown.contains(words), "{words}: {shown}");
    }
    for code in ["sex=nu", "ngan_sach_dia_phuong", "Nhiệm vụ: số"] {
        assert!(!shown.contains(code), "{code} shown: {shown}");
    }
    let figures = b.page("/figures?area=91").await;
    assert!(figures.contains("Giới tính: Nữ") && !figures.contains("sex=nu"), "{figures}");

    // The list the widget shows: names, the code as a hint, in the page's language.
    let list = b.page("/pick/indicator?q=LĐN.1").await;
    assert!(list.contains("data-value=\"LĐN.1\"") && list.contains("Tỷ lệ nữ trong quy hoạch"), "{list}");
    let list = b.page("/pick/task?q=tham%20muu").await;
    assert!(list.contains(&format!("data-value=\"{task}\"")) && list.contains(&format!("số {task}")), "{list}");
    let list = b.page("/pick/area?q=ha%20noi").await;
    assert!(list.contains("Không có mục nào khớp trong phạm vi của bạn"), "{list}");
    let r = b.post_form("/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let list = b.page("/pick/indicator?q=LĐN.1").await;
    assert!(list.contains("Women in the leadership planning pool"), "{list}");
    let figures = b.page("/figures?area=91").await;
    assert!(figures.contains("Sex: Women") && figures.contains("Source of funds: Local budget"), "{figures}");
    let shown: Value = Value::String(b.page(&format!("/activities/{}", created["id"])).await);
    assert!(shown.as_str().is_some_and(|s| s.contains("Trainees")), "{shown}");
}

on_both_backends!(
    units_are_picked_by_name_or_code_as_of_a_date_within_scope,
    tasks_plan_items_and_indicators_are_picked_and_shown_by_name
);
