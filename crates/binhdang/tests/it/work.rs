//! "My work", the home page: an officer's tasks by bucket (her predecessors' included, with no
//! code or date typed), and a leader's roll-up of the work given to others by province and
//! status, filtered and paged.

use reqwest::{Method, StatusCode};
use serde_json::json;

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

async fn give(app: &TestApp, token: &str, lead: &str, description: &str) -> i64 {
    let (status, task) = send(
        app,
        Method::POST,
        "/api/v1/tasks",
        token,
        Some(json!({"lead_code": lead, "start_date": "2021-03-01", "description": description,
                    "deadline_kind": "date", "deadline_date": "2021-12-15"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    task["id"].as_i64().expect("id")
}

async fn the_home_page_holds_my_work_and_a_leaders_roll_up(backend: Backend) {
    let app = TestApp::new(backend).await;
    let ministry = app.token("bo.chuyenvien").await;
    give(&app, &ministry, "91-SLDTBXH", "Triển khai Kế hoạch bình đẳng giới năm 2021").await;
    let hanoi = give(&app, &ministry, "01-SLDTBXH", "Báo cáo kết quả Tháng hành động năm 2021").await;

    // The An Giang officer finds Kiên Giang's 2021 task among her overdue work on the home page.
    let mut b = app.login("angiang.snv").await;
    let home = b.page("/").await;
    let tasks = &home[home.find("id=\"my-tasks\"").expect("my tasks")..];
    assert!(tasks.contains("Triển khai Kế hoạch bình đẳng giới năm 2021"), "{home}");
    assert!(tasks.find("Quá hạn") < tasks.find("Triển khai"), "under overdue");
    assert!(!home.contains("Báo cáo kết quả Tháng hành động năm 2021"), "Hà Nội's is not hers");
    assert!(home.contains("id=\"reports-due\"") && home.contains("id=\"letters-waiting\""));
    assert!(!home.contains("id=\"oversight\""), "an officer has no roll-up");

    // Done is done: reported at 100 %, the task is done and no longer overdue, anywhere.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{hanoi}/progress"),
        &app.token("hanoi.snv").await,
        Some(json!({"date": "2021-12-01", "text": "Đã gửi báo cáo", "percent": 100})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, t) = send(&app, Method::GET, &format!("/api/v1/tasks/{hanoi}"), &ministry, None).await;
    assert_eq!((t["status"].as_str(), t["overdue"].as_bool()), (Some("done"), Some(false)), "{t}");
    let mut hanoi_officer = app.login("hanoi.snv").await;
    let task_page = hanoi_officer.page(&format!("/tasks/{hanoi}")).await;
    assert!(task_page.contains("Hoàn thành") && !task_page.contains("Quá hạn"), "{task_page}");
    assert!(!hanoi_officer.page("/tasks?bucket=overdue").await.contains("Báo cáo kết quả Tháng hành động"));

    // The ministry's leader sees the work the ministry gave, by province and status.
    let mut leader = app.login("bo.lanhdao").await;
    let home = leader.page("/").await;
    let rollup = &home[home.find("id=\"rollup\"").expect("roll-up")..];
    assert!(rollup.contains("Tỉnh Kiên Giang") && rollup.contains("Thành phố Hà Nội"), "{rollup}");
    // Filtered to one province, the list holds its task only.
    let kien_giang = rollup[..rollup.find("Tỉnh Kiên Giang").expect("row")]
        .rsplit("province=")
        .next()
        .and_then(|s| s.split(['#', '&', '"']).next())
        .expect("link")
        .to_owned();
    let filtered = leader.page(&format!("/?province={kien_giang}&status=overdue")).await;
    let list = &filtered[filtered.find("id=\"oversight-tasks\"").expect("task list")..];
    let list = &list[..list.find("</table>").expect("table end")];
    assert!(list.contains("Triển khai Kế hoạch bình đẳng giới năm 2021"), "{list}");
    assert!(!list.contains("Báo cáo kết quả Tháng hành động"), "{list}");
    let done = leader.page(&format!("/?province={kien_giang}&status=done")).await;
    assert!(!done.contains("id=\"oversight-tasks\""), "nothing done yet");

    // In English, the same page speaks English.
    let r = leader.post_form("/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let english = leader.page("/").await;
    assert!(english.contains("My work") && english.contains("Work given to other agencies"), "{english}");
}

async fn only_the_actions_a_user_may_take_are_offered(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut viewer = app.login("xem").await;
    let mut officer = app.login("angiang.snv").await;
    for (path, action) in [
        ("/documents", "href=\"/documents/new\""),
        ("/activities", "href=\"/activities/new?type="),
        ("/plans", "id=\"plan-form\""),
    ] {
        assert!(!viewer.page(path).await.contains(action), "a viewer is offered {action} on {path}");
        assert!(officer.page(path).await.contains(action), "an officer is not offered {action} on {path}");
    }
    // …and the forms themselves say so before anything is typed.
    assert_eq!(viewer.get("/documents/new").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(viewer.get("/activities/new?type=training_course").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(officer.get("/documents/new").await.status(), StatusCode::OK);
}

on_both_backends!(the_home_page_holds_my_work_and_a_leaders_roll_up, only_the_actions_a_user_may_take_are_offered);
