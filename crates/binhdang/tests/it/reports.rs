//! Periodic reporting over HTTP: the forms, a commune's 2025 yearly report pre-filled from its
//! activities, typed, refused whole on one bad value, sent, returned with a reason, fixed,
//! approved and locked; who may do which step; the province's report waiting for its communes;
//! completeness on the map of each period (Kiên Giang's 15 districts in 2021, the new An Giang's
//! 102 communes in 2025); the `.xlsx` template round trip and the grid page keeping what was typed.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_office::xlsx::{Cell, Sheet, write};
use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

const RG: &str = "/api/v1/reports/BDG_NAM/2025/30742";

fn cell<'a>(report: &'a Value, element: &str, option: &str) -> &'a Value {
    report["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|c| c["element"] == element && c["option"] == option)
        .unwrap_or_else(|| panic!("no cell {element}.{option}"))
}

/// Rạch Giá's 2025 training course: 60 trainees, 38 of them women.
async fn record_course(app: &TestApp, token: &str) {
    let (s, body) = send(
        app,
        Method::POST,
        "/api/v1/activities",
        token,
        Some(json!({"type": "training_course", "area_code": "30742", "date_from": "2025-09-12",
            "title": "Tập huấn kiến thức bình đẳng giới cho cán bộ khu phố",
            "data": {"target_group": "can_bo_bdg", "days": 1, "participants": 60, "women": 38}})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

async fn a_commune_report_goes_up_and_back_and_is_approved(backend: Backend) {
    let app = TestApp::new(backend).await;
    let ward = app.token("xa.rachgia").await;
    let province = app.token("angiang.lanhdao").await;
    let province_officer = app.token("angiang.snv").await;
    let ward_leader = app.token("xa.lanhdao").await;
    let viewer = app.token("xem").await;

    // The forms state their periods' dates (Decree 09: 15/12 to 14/12).
    let forms = send(&app, Method::GET, "/api/v1/forms?year=2025", &ward, None).await.1;
    let bdg = forms["items"].as_array().expect("present").iter().find(|f| f["code"] == "BDG_NAM").expect("BDG_NAM");
    assert_eq!(
        bdg["periods"][0],
        json!({"code": "2025", "name": "năm 2025", "start": "2024-12-15", "end": "2025-12-14"})
    );
    assert!(
        bdg["elements"].as_array().expect("present").iter().any(|e| e["code"] == "DT_HOC_VIEN"
            && e["options"].as_array().expect("present").iter().any(|o| o["code"] == "nu"))
    );

    // Pre-filled from the activity: men = total − women.
    record_course(&app, &ward).await;
    let (s, report) = send(&app, Method::GET, RG, &ward, None).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["status"], "chua_nhap");
    assert_eq!(report["version"], 0);
    assert_eq!(report["unit_name"], "Phường Rạch Giá");
    assert_eq!(cell(&report, "DT_HOC_VIEN", "nu")["value"], "38");
    assert_eq!(cell(&report, "DT_HOC_VIEN", "nam")["value"], "22");
    assert_eq!(cell(&report, "DT_HOC_VIEN", "nam")["source"], "activities");
    assert_eq!(cell(&report, "DT_LOP", "default")["from_activities"], "1");

    // One bad value refuses the whole body, naming each problem; nothing changes.
    let put = |version: i64, values: Value| json!({"version": version, "values": values});
    let (s, body) = send(
        &app,
        Method::PUT,
        &format!("{RG}/values"),
        &ward,
        Some(put(
            0,
            json!([
                {"element": "KH_BAN_HANH", "option": "default", "value": "2"},
                {"element": "TT_SU_KIEN", "option": "default", "value": "ba"},
                {"element": "DT_HOC_VIEN", "option": "khac", "value": "1"},
                {"element": "XYZ", "value": "1"}
            ]),
        )),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .expect("present")
        .iter()
        .map(|f| f["field"].as_str().expect("present"))
        .collect();
    assert_eq!(fields, ["DT_HOC_VIEN.khac", "TT_SU_KIEN.default", "XYZ.default"], "{body}");
    assert!(body.to_string().contains("không phải là một số"), "{body}");
    assert_eq!(send(&app, Method::GET, RG, &ward, None).await.1["version"], 0);

    // Overriding an activity's figure needs a reason; a rule is checked on the whole report.
    let (s, body) = send(
        &app,
        Method::PUT,
        &format!("{RG}/values"),
        &ward,
        Some(put(0, json!([{"element": "DT_HOC_VIEN", "option": "nu", "value": "40"}]))),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("lý do"), "{body}");
    let (s, body) = send(
        &app,
        Method::PUT,
        &format!("{RG}/values"),
        &ward,
        Some(put(0, json!([{"element": "TTKT_VI_PHAM", "value": 2}, {"element": "TTKT_XU_LY", "value": 3}]))),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("vi phạm đã xử lý"), "{body}");
    let (s, saved) = send(
        &app,
        Method::PUT,
        &format!("{RG}/values"),
        &ward,
        Some(put(
            0,
            json!([
                {"element": "KH_BAN_HANH", "value": "2", "comment": "Kế hoạch năm và kế hoạch Tháng hành động"},
                {"element": "DT_HOC_VIEN", "option": "nu", "value": "40", "override_reason": "2 học viên nữ dự bổ sung ngày thứ hai"},
                {"element": "KINH_PHI", "option": "ngan_sach_dia_phuong", "value": "1.500.000"}
            ]),
        )),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["status"], "dang_nhap");
    assert_eq!(cell(&saved, "DT_HOC_VIEN", "nu")["source"], "typed");
    assert_eq!(cell(&saved, "DT_HOC_VIEN", "nu")["override_reason"], "2 học viên nữ dự bổ sung ngày thứ hai");
    assert_eq!(cell(&saved, "KINH_PHI", "ngan_sach_dia_phuong")["value"], "1500000");
    assert_eq!(cell(&saved, "KH_BAN_HANH", "default")["comment"], "Kế hoạch năm và kế hoạch Tháng hành động");
    // A second officer saving from the same version gets a conflict, never a silent overwrite.
    let (s, body) = send(
        &app,
        Method::PUT,
        &format!("{RG}/values"),
        &province_officer,
        Some(put(0, json!([{"element": "KH_BAN_HANH", "value": "5"}]))),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");

    // Who may take which step.
    let step = |name: &str, version: i64, reason: &str| {
        (format!("{RG}/{name}"), json!({"version": version, "reason": reason}))
    };
    let (path, b) = step("submit", 1, "");
    assert_eq!(send(&app, Method::POST, &path, &viewer, Some(b.clone())).await.0, StatusCode::FORBIDDEN);
    let (s, sent) = send(&app, Method::POST, &path, &ward, Some(b)).await;
    assert_eq!(s, StatusCode::OK, "{sent}");
    assert_eq!(sent["status"], "da_gui");
    // Sending stores what the activities yield and nobody typed, as it was shown.
    assert_eq!(cell(&sent, "DT_LOP", "default")["value"], "1");
    let v = sent["version"].as_i64().expect("present");
    let (s, _) = send(
        &app,
        Method::PUT,
        &format!("{RG}/values"),
        &ward,
        Some(put(v, json!([{"element": "KH_BAN_HANH", "value": "3"}]))),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "a sent report is not editable");
    let (path, b) = step("approve", v, "");
    assert_eq!(send(&app, Method::POST, &path, &province_officer, Some(b.clone())).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, Method::POST, &path, &ward_leader, Some(b)).await.0, StatusCode::FORBIDDEN);
    let (path, b) = step("return", v, " ");
    assert_eq!(send(&app, Method::POST, &path, &province, Some(b)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (path, b) = step("return", v, "Thiếu số liệu kinh phí xã hội hóa");
    let (s, returned) = send(&app, Method::POST, &path, &province, Some(b)).await;
    assert_eq!(s, StatusCode::OK, "{returned}");
    assert_eq!(returned["status"], "tra_lai");
    assert_eq!(returned["reason"], "Thiếu số liệu kinh phí xã hội hóa");

    // Fixed, sent again, approved, locked.
    let v = returned["version"].as_i64().expect("present");
    let (s, fixed) = send(
        &app,
        Method::PUT,
        &format!("{RG}/values"),
        &ward,
        Some(put(v, json!([{"element": "KINH_PHI", "option": "xa_hoi_hoa", "value": "3000000"}]))),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{fixed}");
    assert_eq!(fixed["status"], "tra_lai", "a returned report stays returned until it is sent again");
    let (path, b) = step("submit", fixed["version"].as_i64().expect("present"), "");
    let (s, again) = send(&app, Method::POST, &path, &ward, Some(b)).await;
    assert_eq!(s, StatusCode::OK, "{again}");
    let (path, b) = step("approve", again["version"].as_i64().expect("present"), "");
    let (s, approved) = send(&app, Method::POST, &path, &province, Some(b)).await;
    assert_eq!(s, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "da_duyet");
    let v = approved["version"].as_i64().expect("present");
    let (s, body) = send(
        &app,
        Method::PUT,
        &format!("{RG}/values"),
        &ward,
        Some(put(v, json!([{"element": "KH_BAN_HANH", "value": "4"}]))),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert!(body.to_string().contains("Đã duyệt"), "{body}");

    // Every change is in the audit log, old → new.
    let id = app
        .db
        .store
        .report_head("BDG_NAM", "2025", binhdang_core::units::UnitId(cell_unit(&app, "30742").await))
        .await
        .expect("present")
        .expect("stored")
        .id;
    let audit = app.db.store.audit_of("report", &id.to_string(), 50).await.expect("present");
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    for expected in ["report.values", "report.da_gui", "report.tra_lai", "report.da_duyet"] {
        assert!(actions.contains(&expected), "{actions:?}");
    }
    assert!(
        audit.iter().any(|a| a.detail.contains("\"old\":\"38\"") || a.detail.contains("\"new\":\"40\"")),
        "{audit:?}"
    );

    // The province's own report: its officer sends it; the ministry cannot approve it while
    // communes are still open.
    let (s, p) = send(&app, Method::GET, "/api/v1/reports/BDG_NAM/2025/91", &province_officer, None).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(cell(&p, "DT_HOC_VIEN", "nu")["from_children"], "40", "approved communes sum up");
    let (s, p) = send(
        &app,
        Method::POST,
        "/api/v1/reports/BDG_NAM/2025/91/submit",
        &province_officer,
        Some(json!({"version": 0})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let ministry = app.token("bo.lanhdao").await;
    let (s, body) = send(
        &app,
        Method::POST,
        "/api/v1/reports/BDG_NAM/2025/91/approve",
        &ministry,
        Some(json!({"version": p["version"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert!(body.to_string().contains("101 địa bàn cấp dưới"), "{body}");

    // The overview lists the 102 communes; completeness counts the one approved.
    let (s, list) = send(&app, Method::GET, "/api/v1/reports?form=BDG_NAM&period=2025&area=91", &province, None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["items"].as_array().expect("present").len(), 102);
    let rg = list["items"].as_array().expect("present").iter().find(|r| r["unit_code"] == "30742").expect("present");
    assert_eq!(rg["status"], "da_duyet");

    // Survives a restart.
    let app = app.restart().await;
    let (s, report) = send(&app, Method::GET, RG, &ward, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(report["status"], "da_duyet");
    assert_eq!(cell(&report, "DT_HOC_VIEN", "nu")["value"], "40");
}

/// The id of the unit a code names on 14/12/2025.
async fn cell_unit(app: &TestApp, code: &str) -> i64 {
    let day = chrono::NaiveDate::from_ymd_opt(2025, 12, 14).expect("present");
    app.db.store.unit_by_code(code, day).await.expect("present").expect("unit").id.0
}

async fn completeness_follows_the_map_and_the_obligations_of_each_period(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.token("admin").await;
    let ministry = app.token("bo.lanhdao").await;
    let c2021 = "/api/v1/completeness?form=BDG_NAM&period=2021&area=91";
    // 2021: code 91 is Kiên Giang, which reported through its 15 districts.
    let (s, c) = send(&app, Method::GET, c2021, &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["expected"], 15, "{c}");
    assert_eq!(c["received"], 0);
    assert_eq!(c["missing"].as_array().expect("present").len(), 15);
    assert_eq!(c["rate"], 0.0);
    // 2025: the new An Giang's 102 communes.
    let (s, c) =
        send(&app, Method::GET, "/api/v1/completeness?form=BDG_NAM&period=2025&area=91", &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["expected"], 102, "{c}");
    // A waived commune counts neither for nor against.
    let leader = app.token("angiang.lanhdao").await;
    let (s, body) = send(
        &app,
        Method::POST,
        "/api/v1/reports/BDG_NAM/2025/31105/waive",
        &leader,
        Some(json!({"version": 0, "reason": "Đặc khu mới thành lập"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let ward = app.token("xa.rachgia").await;
    let (s, body) =
        send(&app, Method::POST, "/api/v1/reports/BDG_NAM/2025/30742/submit", &ward, Some(json!({"version": 0}))).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (_, c) =
        send(&app, Method::GET, "/api/v1/completeness?form=BDG_NAM&period=2025&area=91", &ministry, None).await;
    assert_eq!((c["expected"].as_u64(), c["received"].as_u64()), (Some(102), Some(1)), "{c}");
    assert_eq!(c["waived"], json!(["31105"]));
    assert!((c["rate"].as_f64().expect("present") - 1.0 / 101.0).abs() < 1e-9, "{c}");
    assert!(c["received"].as_u64() <= c["expected"].as_u64());
    // Every area at once agrees with one area at a time.
    let (s, all) =
        send(&app, Method::GET, "/api/v1/completeness/areas?form=BDG_NAM&period=2025", &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{all}");
    let items = all["items"].as_array().expect("items");
    assert_eq!(items[0]["unit_code"], "VN");
    assert_eq!(items[0]["expected"], 34 + 3321, "every province and commune of the new map");
    let ag = items.iter().find(|i| i["unit_code"] == "91").expect("An Giang");
    assert_eq!(
        (ag["expected"].as_u64(), ag["received"].as_u64(), ag["waived"].as_u64()),
        (Some(102), Some(1), Some(1))
    );
    // The database's own recursive query counts the same.
    let by_sql = app
        .db
        .store
        .completeness_by_sql(
            "BDG_NAM",
            "2025",
            chrono::NaiveDate::from_ymd_opt(2025, 12, 14).expect("date"),
            &[binhdang_core::units::UnitKind::Province, binhdang_core::units::UnitKind::Commune],
        )
        .await
        .expect("query");
    let codes = app.db.store.codes_of(&by_sql.iter().map(|(u, _, _)| *u).collect::<Vec<_>>()).await.expect("codes");
    for (unit, expected, received) in &by_sql {
        let code = &codes[unit];
        let item = items.iter().find(|i| i["unit_code"] == code.as_str()).expect("the same areas");
        assert_eq!(
            (item["expected"].as_i64(), item["received"].as_i64()),
            (Some(*expected), Some(*received)),
            "{code}"
        );
    }
    assert!(by_sql.len() >= 35);
    let (_, province_only) =
        send(&app, Method::GET, "/api/v1/completeness/areas?form=BDG_NAM&period=2025", &leader, None).await;
    assert_eq!(province_only["items"].as_array().expect("items").len(), 103, "a province sees itself and its communes");
    // New obligations from 2025 on leave 2021 as it was; only a national administrator adds them.
    let o = json!({"form": "BDG_NAM", "kind": "commune", "valid_from": "2026-01-01", "note": "thử"});
    assert_eq!(
        send(&app, Method::POST, "/api/v1/obligations", &leader, Some(o.clone())).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, body) = send(&app, Method::POST, "/api/v1/obligations", &admin, Some(o)).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = send(
        &app,
        Method::POST,
        "/api/v1/obligations",
        &admin,
        Some(json!({"form": "BDG_NAM", "kind": "district", "valid_from": "2025-07-01"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (_, c) = send(&app, Method::GET, c2021, &ministry, None).await;
    assert_eq!(c["expected"], 15, "{c}");
    // The same area on today's map instead of the period's.
    let (_, c) = send(
        &app,
        Method::GET,
        "/api/v1/completeness?form=BDG_NAM&period=2021&area=91&as_of=2021-06-30",
        &ministry,
        None,
    )
    .await;
    assert_eq!(c["expected"], 15, "{c}");
    // Bad parameters are refused with the field named.
    let (s, body) =
        send(&app, Method::GET, "/api/v1/completeness?form=BDG_NAM&period=2021Q5&area=91", &ministry, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("period"), "{body}");
    let (s, _) = send(&app, Method::GET, "/api/v1/completeness?form=NOPE&period=2021&area=91", &ministry, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Outside one's scope.
    let (s, _) = send(&app, Method::GET, "/api/v1/completeness?form=BDG_NAM&period=2025&area=01", &leader, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn the_template_round_trips_and_the_grid_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("xa.rachgia").await;
    record_course(&app, &token).await;
    let mut browser = app.login("xa.rachgia").await;
    let page = browser.page("/reports/BDG_NAM/2025/30742").await;
    assert!(page.contains("Phường Rạch Giá") && page.contains("Số học viên tập huấn"), "{page}");
    assert!(page.contains("name=\"v:DT_HOC_VIEN:nu\" value=\"38\""), "pre-filled");

    // A refused grid comes back with everything typed and the message beside the cell.
    let r = browser
        .post_form(
            "/reports/BDG_NAM/2025/30742/values",
            &[
                ("version", "0"),
                ("v:KH_BAN_HANH:default", "2"),
                ("v:TT_SU_KIEN:default", "mười hai"),
                ("c:TT_SU_KIEN:default", "ghi chú của tôi"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("present");
    assert!(page.contains("value=\"mười hai\"") && page.contains("value=\"ghi chú của tôi\""), "typed input kept");
    assert!(page.contains("không phải là một số"), "message shown");
    let r = browser
        .post_form("/reports/BDG_NAM/2025/30742/values", &[("version", "0"), ("v:KH_BAN_HANH:default", "2")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The template carries the stored and pre-filled values; uploading it unchanged changes
    // nothing, a filled row is imported, and a bad row is named.
    let r = browser.get("/reports/BDG_NAM/2025/30742/template.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.expect("present").to_vec();
    let sheets = binhdang_office::xlsx::read_text(&bytes).expect("present");
    let rows = &sheets[0].1;
    assert_eq!(rows[0][0], "Mã chỉ tiêu");
    let row_of = |e: &str, o: &str| rows.iter().position(|r| r[0] == e && r[2] == o).expect("present");
    assert_eq!(rows[row_of("KH_BAN_HANH", "default")][4], "2");
    assert_eq!(rows[row_of("DT_HOC_VIEN", "nam")][4], "22");
    let before = send(&app, Method::GET, RG, &token, None).await.1;
    let upload = |bytes: Vec<u8>, version: i64| {
        let csrf = browser.cookie("bd_csrf").expect("present").to_owned();
        let cookie = browser.cookie_header_value();
        let form = reqwest::multipart::Form::new()
            .text("version", version.to_string())
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name("BDG_NAM-2025-30742.xlsx"));
        app.client
            .post(app.url(&format!("/reports/BDG_NAM/2025/30742/upload?_csrf={csrf}")))
            .header("cookie", cookie)
            .multipart(form)
    };
    let v = before["version"].as_i64().expect("present");
    let r = upload(bytes.clone(), v).send().await.expect("present");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = send(&app, Method::GET, RG, &token, None).await.1;
    let values = |r: &Value| -> Vec<(Value, Value, Value)> {
        r["values"]
            .as_array()
            .expect("present")
            .iter()
            .map(|c| (c["element"].clone(), c["option"].clone(), c["value"].clone()))
            .collect()
    };
    assert_eq!(values(&before), values(&after), "the template round-trips exactly");
    // A filled workbook: one good row, one bad.
    let sheet = |rows: Vec<Vec<Cell>>| Sheet {
        caption: Vec::new(),
        title: "BDG_NAM".into(),
        headers: binhdang_app::reports::TEMPLATE_HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    };
    let row = |e: &str, o: &str, v: Cell| vec![Cell::Text(e.into()), Cell::Empty, Cell::Text(o.into()), Cell::Empty, v];
    let good = write(&[sheet(vec![row("TT_SU_KIEN", "default", Cell::Integer(5))])]).expect("present");
    let bad = write(&[sheet(vec![
        row("TT_SU_KIEN", "default", Cell::Integer(6)),
        row("DT_LOP", "default", Cell::Text("hai".into())),
    ])])
    .expect("present");
    let v = after["version"].as_i64().expect("present");
    let r = upload(bad, v).send().await.expect("present");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("present");
    assert!(page.contains("dòng 3"), "the bad row is named: {page}");
    assert_eq!(send(&app, Method::GET, RG, &token, None).await.1["version"], v, "nothing changed");
    let r = upload(good, v).send().await.expect("present");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(cell(&send(&app, Method::GET, RG, &token, None).await.1, "TT_SU_KIEN", "default")["value"], "5");

    // The workflow from the page: the officer sends, the province's leader returns with a reason.
    let v = send(&app, Method::GET, RG, &token, None).await.1["version"].as_i64().expect("present").to_string();
    let r = browser.post_form("/reports/BDG_NAM/2025/30742/steps/submit", &[("version", &v)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut leader = app.login("angiang.lanhdao").await;
    let page = leader.page("/reports/BDG_NAM/2025/30742").await;
    assert!(page.contains("id=\"approve-report\"") && page.contains("id=\"return-report\""));
    assert!(!page.contains("id=\"save-report\""), "a sent report offers no saving");
    let v = send(&app, Method::GET, RG, &token, None).await.1["version"].as_i64().expect("present").to_string();
    let r = leader.post_form("/reports/BDG_NAM/2025/30742/steps/return", &[("version", &v), ("reason", "")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = leader
        .post_form("/reports/BDG_NAM/2025/30742/steps/return", &[("version", &v), ("reason", "Bổ sung kinh phí")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = browser.page("/reports/BDG_NAM/2025/30742").await;
    assert!(page.contains("Bổ sung kinh phí") && page.contains("id=\"save-report\""));
    let overview = leader.page("/reports?form=BDG_NAM&period=2025&area=91").await;
    assert!(overview.contains("Phường Rạch Giá") && overview.contains("Trả lại"), "{overview}");
}

async fn an_indicator_is_computed_from_reported_values(backend: Backend) {
    let app = TestApp::new(backend).await;
    let province = app.token("angiang.snv").await;
    // An Giang reports the directors of enterprises by sex for 2025 (CLQG_NAM, statistical).
    let (s, body) = send(
        &app,
        Method::PUT,
        "/api/v1/reports/CLQG_NAM/2025/91/values",
        &province,
        Some(json!({"version": 0, "values": [
            {"element": "DN_CHU", "option": "nam", "value": "7.300"},
            {"element": "DN_CHU", "option": "nu", "value": "2.700"},
            {"element": "CQ_TONG", "value": 120},
            {"element": "CQ_LANH_DAO_NU", "value": 130}
        ]})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a rule of the form: {body}");
    let (s, body) = send(
        &app,
        Method::PUT,
        "/api/v1/reports/CLQG_NAM/2025/91/values",
        &province,
        Some(json!({"version": 0, "values": [
            {"element": "DN_CHU", "option": "nam", "value": "7.300"},
            {"element": "DN_CHU", "option": "nu", "value": "2.700"}
        ]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["period_start"], "2025-01-01", "a statistical form's year is the calendar year");
    // By hand: 2 700 / (7 300 + 2 700) × 100 = 27 %, against the national 27 % for 2025.
    let (s, v) = send(&app, Method::GET, "/api/v1/indicators/MT2.CT3/value?area=91&period=2025", &province, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["area_name"], "Tỉnh An Giang");
    assert_eq!((v["numerator"].as_f64(), v["denominator"].as_f64()), (Some(2_700.0), Some(10_000.0)));
    assert!((v["value"].as_f64().expect("a value") - 27.0).abs() < 1e-9, "{v}");
    assert_eq!(v["national_target"], 27.0);
    // An indicator whose elements were not reported has no value rather than zero.
    let (_, v) = send(&app, Method::GET, "/api/v1/indicators/MT1.CT1/value?area=91&period=2025", &province, None).await;
    assert_eq!(v["value"], Value::Null, "{v}");
}

async fn a_value_far_from_last_year_is_flagged_and_the_history_is_shown(backend: Backend) {
    let app = TestApp::new(backend).await;
    let ward = app.token("xa.rachgia").await;
    let put = |period: &str, value: &str| {
        (
            format!("/api/v1/reports/BDG_NAM/{period}/30742/values"),
            json!({"version": 0, "values": [{"element": "TT_SU_KIEN", "value": value}]}),
        )
    };
    let (path, body) = put("2025", "4");
    assert_eq!(send(&app, Method::PUT, &path, &ward, Some(body)).await.0, StatusCode::OK);
    let (path, body) = put("2026", "40");
    let (s, report) = send(&app, Method::PUT, &path, &ward, Some(body)).await;
    assert_eq!(s, StatusCode::OK, "saving is not refused for it: {report}");
    let warning = cell(&report, "TT_SU_KIEN", "default")["warning"].as_str().expect("a warning").to_owned();
    assert!(warning.contains("kỳ trước (4)"), "{warning}");
    assert_eq!(report["history"][0]["action"], "values");
    assert_eq!(report["history"][0]["by"], "Phạm Văn Tâm");
    let mut browser = app.login("xa.rachgia").await;
    let page = browser.page("/reports/BDG_NAM/2026/30742").await;
    assert!(page.contains("khác nhiều so với kỳ trước") && page.contains("id=\"report-history\""), "{page}");
}

on_both_backends!(
    a_value_far_from_last_year_is_flagged_and_the_history_is_shown,
    an_indicator_is_computed_from_reported_values,
    a_commune_report_goes_up_and_back_and_is_approved,
    completeness_follows_the_map_and_the_obligations_of_each_period,
    the_template_round_trips_and_the_grid_keeps_what_was_typed,
);
