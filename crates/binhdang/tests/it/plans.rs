//! Plans over HTTP: items under the task groups linked to tasks, local targets against the
//! catalog (weaker ones flagged with the gap, unknown indicators refusing the whole set), budget
//! lines and totals, scope, the pages, the target workbook import, and the exports read back as
//! text.

use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

/// Kiên Giang's 2021 plan by its labour department, with two items, targets and budget.
async fn kien_giang_plan(app: &TestApp, token: &str) -> i64 {
    let (status, plan) = send(app, Method::POST, "/api/v1/plans", token, Some(json!({"agency_code": "91-SLDTBXH", "title": "Kế hoạch thực hiện công tác bình đẳng giới năm 2021", "year_from": 2021, "year_to": 2021}))).await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let id = plan["id"].as_i64().expect("id");
    let (status, item) = send(app, Method::POST, &format!("/api/v1/plans/{id}/items"), token, Some(json!({"group": 2, "title": "Tuyên truyền bầu cử đại biểu Quốc hội và HĐND", "lead_code": "91-SLDTBXH", "coordinator_codes": ["91-SVHTTDL"], "start": "2021-03-01", "end": "2021-05-23", "outputs": "20 hội nghị"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    let (_, sub) = send(
        app,
        Method::POST,
        &format!("/api/v1/plans/{id}/items"),
        token,
        Some(json!({"group": 2, "parent_id": item["id"], "title": "Tập huấn nữ ứng cử viên", "outputs": "2 lớp"})),
    )
    .await;
    let (status, _) = send(
        app,
        Method::POST,
        &format!("/api/v1/plans/{id}/items"),
        token,
        Some(json!({"group": 3, "title": "Nhân rộng câu lạc bộ phòng chống bạo lực gia đình"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    for (item_id, source, amount) in [
        (&item["id"], "ngan_sach_dia_phuong", 120_000_000),
        (&sub["id"], "ngan_sach_trung_uong", 40_000_000),
        (&Value::Null, "xa_hoi_hoa", 15_000_000),
    ] {
        let (status, line) = send(
            app,
            Method::POST,
            &format!("/api/v1/plans/{id}/budget"),
            token,
            Some(json!({"item_id": item_id, "source": source, "year": 2021, "amount": amount})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{line}");
    }
    id
}

async fn a_plan_carries_items_targets_and_budget(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let id = kien_giang_plan(&app, &token).await;
    // 2021 values are steps towards the 2025 targets, never compared with them.
    let (status, answer) = send(&app, Method::PUT, &format!("/api/v1/plans/{id}/targets"), &token, Some(json!([{"indicator": "MT1.CT1", "year": 2021, "value": 55}, {"indicator": "MT4.CT1", "year": 2021, "value": 110}]))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["warnings"], json!([]), "{answer}");
    // An unknown indicator refuses the whole set; nothing changes.
    let (status, err) = send(&app, Method::PUT, &format!("/api/v1/plans/{id}/targets"), &token, Some(json!([{"indicator": "MT1.CT1", "year": 2021, "value": 70}, {"indicator": "MT9.CT9", "year": 2021, "value": 1}]))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["error"]["fields"][0]["message"]
            .as_str()
            .expect("m")
            .contains("chỉ tiêu thứ 2: không có chỉ tiêu mã \"MT9.CT9\""),
        "{err}"
    );
    let (_, plan) = send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &token, None).await;
    let mt1 = plan["targets"].as_array().expect("targets").iter().find(|t| t["indicator"] == "MT1.CT1").expect("MT1");
    assert_eq!(mt1["value"], 55.0);
    assert!(mt1["warning"].is_null() && mt1["national"].is_null(), "{mt1}");
    assert_eq!(mt1["milestones"], json!([{"year": 2025, "value": 60.0}, {"year": 2030, "value": 75.0}]), "{mt1}");
    assert_eq!(mt1["unit"], "%");
    assert_eq!(plan["totals"]["total"], 175_000_000);
    assert_eq!(plan["totals"]["by_group"]["2"], 160_000_000);
    assert_eq!(plan["totals"]["by_source"]["xa_hoi_hoa"], 15_000_000);
    assert_eq!(plan["items"].as_array().expect("items").len(), 3);
    // Bad input is named.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/plans/{id}/budget"),
        &token,
        Some(json!({"source": "xo_so", "year": 2030, "amount": -5})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/plans",
        &token,
        Some(json!({"title": "", "year_from": 2030, "year_to": 2021})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Issued by a leader, with the version read.
    let leader = app.token("angiang.lanhdao").await;
    let (status, issued) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/plans/{id}"),
        &leader,
        Some(json!({"status": "issued", "version": plan["version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    assert_eq!(
        send(
            &app,
            Method::PATCH,
            &format!("/api/v1/plans/{id}"),
            &leader,
            Some(json!({"status": "draft", "version": plan["version"]}))
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    // Scope: the ministry reads it, Hà Nội and a commune of An Giang do not; a commune cannot plan for the province.
    let ministry = app.token("bo.chuyenvien").await;
    assert_eq!(send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &ministry, None).await.0, StatusCode::OK);
    let hanoi = app.token("hanoi.snv").await;
    assert_eq!(send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &hanoi, None).await.0, StatusCode::FORBIDDEN);
    let commune = app.token("xa.rachgia").await;
    assert_eq!(send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &commune, None).await.0, StatusCode::FORBIDDEN);
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/plans",
        &commune,
        Some(json!({"agency_code": "91-SNV", "title": "X", "year_from": 2026, "year_to": 2026})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

fn xlsx(rows: &[(&str, &str, &str)]) -> Vec<u8> {
    use binhdang_office::xlsx::{Cell, Sheet, write};
    let rows = rows
        .iter()
        .map(|(a, b, c)| vec![Cell::Text((*a).into()), Cell::Text((*b).into()), Cell::Text((*c).into())])
        .collect();
    write(&[Sheet {
        caption: Vec::new(),
        title: "Chỉ tiêu".into(),
        headers: vec!["Mã".into(), "Năm".into(), "Giá trị".into()],
        rows,
    }])
    .expect("workbook")
}

async fn plans_in_the_pages_with_imports_and_exports(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let id = kien_giang_plan(&app, &token).await;
    let mut b = app.login("angiang.snv").await;
    let page = b.page(&format!("/plans/{id}")).await;
    assert!(page.contains("Tuyên truyền bầu cử") && page.contains("175.000.000"), "{page}");
    // A workbook of targets with an unknown code is refused whole, naming the row.
    let csrf = b.cookie("bd_csrf").expect("csrf").to_owned();
    let upload = |bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name("chi-tieu.xlsx"));
        app.client
            .post(app.url(&format!("/plans/{id}/targets?_csrf={csrf}")))
            .header(COOKIE, format!("bd_csrf={csrf}; bd_session={}", b.cookie("bd_session").expect("session")))
            .multipart(form)
            .send()
    };
    let r = upload(xlsx(&[("MT1.CT1", "2021", "62"), ("XX.9", "2021", "5")])).await.expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text().await.expect("body");
    assert!(text.contains("tệp chi-tieu.xlsx, trang Chỉ tiêu, dòng 3: không có chỉ tiêu mã &#34;XX.9&#34;"), "{text}");
    let (_, plan) = send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &token, None).await;
    assert_eq!(plan["targets"], json!([]), "nothing was saved");
    let r = upload(xlsx(&[("MT1.CT1", "2021", "62"), ("MT3.CT2a", "2021", "75")])).await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    // Each target beside the national one of the same year, with units; 2021 is compared with nothing.
    let page = r.text().await.expect("body");
    assert!(!page.contains("thấp hơn chỉ tiêu quốc gia"), "2021 is not compared with 2025");
    for part in [
        "Chỉ tiêu quốc gia cùng năm",
        "62%",
        "Mốc quốc gia: 2025: ≥ 60% · 2030: ≥ 75%",
        "năm này không phải mốc quốc gia",
    ] {
        assert!(page.contains(part), "{part} missing from:\n{page}");
    }
    // The Word export reads as a Kế hoạch; the workbook has items, targets and budget.
    let r = b.get(&format!("/plans/{id}/export.docx")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = binhdang_office::text::extract("ke-hoach.docx", &r.bytes().await.expect("body"))
        .expect("a readable .docx")
        .replace('\u{a0}', " ");
    for part in [
        "UBND TỈNH KIÊN GIANG",
        "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số:       /KH-SLĐTBXH",
        "Kiên Giang, ngày    tháng    năm 2021",
        "KẾ HOẠCH",
        "Thực hiện công tác bình đẳng giới năm 2021",
        "2. Truyền thông",
        "Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện",
        "Tập huấn nữ ứng cử viên",
        "Tỷ lệ cơ quan quản lý nhà nước",
        "Tổng kinh phí: 175.000.000 đồng",
        "TỔ CHỨC THỰC HIỆN",
        "Nơi nhận",
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }
    let r = b.get(&format!("/plans/{id}/export.xlsx")).await;
    let sheets = binhdang_office::xlsx::read_text(&r.bytes().await.expect("body")).expect("workbook");
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Nhiệm vụ", "Chỉ tiêu", "Kinh phí"]);
    assert!(sheets[2].1.last().expect("total row").contains(&"175000000".to_owned()), "{:?}", sheets[2].1);
    // Issued in the page, naming its registered approving document; an unknown one is refused.
    let (status, doc) = send(
        &app,
        Method::POST,
        "/api/v1/documents",
        &token,
        Some(json!({"direction": "outgoing", "register_agency_code": "91-SLDTBXH", "issuer_name": "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang", "number": "12", "symbol": "KH-SLĐTBXH", "doc_type": "Kế hoạch", "date": "2021-03-05", "subject": "Kế hoạch thực hiện công tác bình đẳng giới năm 2021"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let (_, plan) = send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &token, None).await;
    let version = plan["version"].to_string();
    // The officer is not offered the status button; the leader issues.
    assert!(!b.page(&format!("/plans/{id}")).await.contains(&format!("/plans/{id}/status")));
    let mut leader = app.login("angiang.lanhdao").await;
    assert!(leader.page(&format!("/plans/{id}")).await.contains(&format!("/plans/{id}/status")));
    let r = leader
        .post_form(
            &format!("/plans/{id}/status"),
            &[("status", "issued"), ("version", &version), ("document", "99/KH-XX")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = leader
        .post_form(
            &format!("/plans/{id}/status"),
            &[("status", "issued"), ("version", &version), ("document", "12/KH-SLĐTBXH")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, plan) = send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &token, None).await;
    assert_eq!((plan["status"].as_str(), plan["document"].as_i64()), (Some("issued"), doc["id"].as_i64()));
    // An activity carries out one of its items; an unknown item is named.
    let item = plan["items"][0]["id"].as_i64().expect("item");
    let activity = |plan_item: i64| json!({"type": "training_course", "area_code": "30733", "date_from": "2021-03-22", "title": "Tập huấn", "plan_item": plan_item, "data": {"target_group": "nu_ung_cu_vien", "days": 1, "participants": 10, "women": 9}});
    assert_eq!(
        send(&app, Method::POST, "/api/v1/activities", &token, Some(activity(item))).await.0,
        StatusCode::CREATED
    );
    let (status, err) = send(&app, Method::POST, "/api/v1/activities", &token, Some(activity(987_654))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["fields"][0]["field"], "plan_item");
    // A new plan through the form.
    let r = b
        .post_form(
            "/plans",
            &[
                ("title", "Kế hoạch bình đẳng giới 2025-2026"),
                ("agency_code", "91-SNV"),
                ("year_from", "2025"),
                ("year_to", "2026"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // It is the plan of the agency the picker offered, today's An Giang department, not of
    // Kiên Giang's department that held the code on 01/01/2025.
    let new_plan = r.headers()["location"].to_str().expect("ascii").trim_start_matches("/plans/").to_owned();
    let (_, new_plan) = send(&app, Method::GET, &format!("/api/v1/plans/{new_plan}"), &token, None).await;
    let (_, today_snv) = send(&app, Method::GET, "/api/v1/units/91-SNV", &token, None).await;
    assert_eq!(today_snv["name"], "Sở Nội vụ tỉnh An Giang");
    assert_eq!(new_plan["agency_name"], today_snv["name"], "{new_plan}");
    let r = b.post_form("/plans", &[("title", ""), ("year_from", "2026"), ("year_to", "2025")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// The API takes the workbook the plan page takes, with the same all-or-nothing check.
async fn the_api_takes_a_workbook_of_targets(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let id = kien_giang_plan(&app, &token).await;
    let upload = |bytes: Vec<u8>| {
        app.api(Method::PUT, &format!("/api/v1/plans/{id}/targets?file=chi-tieu.xlsx"), &token)
            .header(CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .body(bytes)
            .send()
    };
    let r = upload(xlsx(&[("MT1.CT1", "2021", "62"), ("XX.9", "2021", "5")])).await.expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.expect("JSON");
    assert!(
        body.to_string().contains("tệp chi-tieu.xlsx, trang Chỉ tiêu, dòng 3: không có chỉ tiêu mã \\\"XX.9\\\""),
        "{body}"
    );
    let (_, plan) = send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &token, None).await;
    assert_eq!(plan["targets"], json!([]), "nothing was saved");
    let r = upload(xlsx(&[("MT1.CT1", "2021", "62"), ("MT3.CT2a", "2021", "75")])).await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.expect("JSON");
    assert_eq!(body["warnings"], json!([]), "2021 is not compared with 2025: {body}");
    let (_, plan) = send(&app, Method::GET, &format!("/api/v1/plans/{id}"), &token, None).await;
    assert_eq!(plan["targets"].as_array().expect("targets").len(), 2, "{plan}");
    // A JSON body that is not a list of targets is named.
    let (status, body) =
        send(&app, Method::PUT, &format!("/api/v1/plans/{id}/targets"), &token, Some(json!({"x": 1}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("danh sách chỉ tiêu không đọc được"), "{body}");
}

on_both_backends!(
    a_plan_carries_items_targets_and_budget,
    plans_in_the_pages_with_imports_and_exports,
    the_api_takes_a_workbook_of_targets
);

/// The plan's exports open in `LibreOffice`: each converts to a PDF that holds the plan's title.
/// Runs where `LibreOffice` is installed (the test script installs it and sets
/// `BD_TEST_REQUIRE_LIBREOFFICE=1`, which makes a missing `LibreOffice` a failure).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exports_open_in_libreoffice() {
    let installed =
        std::process::Command::new("libreoffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var("BD_TEST_REQUIRE_LIBREOFFICE").is_err(),
            "BD_TEST_REQUIRE_LIBREOFFICE=1 but LibreOffice is missing"
        );
        eprintln!("skipped: LibreOffice is not installed");
        return;
    }
    let app = TestApp::new(Backend::Sqlite).await;
    let token = app.token("angiang.snv").await;
    let id = kien_giang_plan(&app, &token).await;
    let dir = tempfile::tempdir().expect("tempdir");
    for ext in ["docx", "xlsx"] {
        let bytes = app
            .api(Method::GET, &format!("/plans/{id}/export.{ext}"), &token)
            .send()
            .await
            .expect("request")
            .bytes()
            .await
            .expect("body");
        let file = dir.path().join(format!("ke-hoach.{ext}"));
        std::fs::write(&file, &bytes).expect("write");
        let profile = dir.path().join(format!("profile-{ext}"));
        let out = std::process::Command::new("timeout")
            .arg("180")
            .arg("libreoffice")
            .arg(format!("-env:UserInstallation=file://{}", profile.display()))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&file)
            .output()
            .expect("libreoffice runs");
        let pdf = dir.path().join("ke-hoach.pdf");
        assert!(
            out.status.success() && pdf.exists(),
            "{ext}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = binhdang_office::text::extract("ke-hoach.pdf", &std::fs::read(&pdf).expect("pdf"))
            .expect("the PDF has a text layer");
        let wanted = if ext == "docx" { "KẾ HOẠCH" } else { "Tuyên truyền bầu cử" };
        assert!(text.contains(wanted), "{ext}: {wanted} not in the PDF:\n{text}");
        std::fs::remove_file(&pdf).expect("remove");
    }
}
