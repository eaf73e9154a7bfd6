//! Activities over HTTP: every type recorded, read, edited and deleted through the API; the
//! checks (women ≤ total, counts ≥ 0, a place that existed on the date); scope; the generic
//! form and list in the pages with Excel export; and the figures of an area across the reform.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

/// A valid example of every type, at a place and date.
fn examples(area: &str, date: &str) -> Vec<Value> {
    let a = |kind: &str, title: &str, data: Value| json!({"type": kind, "area_code": area, "date_from": date, "title": title, "data": data});
    vec![
        a(
            "communication_event",
            "Hội nghị tuyên truyền bầu cử",
            json!({"form": "hoi_nghi", "topic": "bau_cu", "participants": 120, "women": 70, "ethnic_minority": 30, "budget": 15000000, "budget_source": "ngan_sach_dia_phuong"}),
        ),
        a(
            "communication_product",
            "Tờ rơi song ngữ",
            json!({"kind": "to_roi", "languages": ["vi", "km"], "copies": 2000}),
        ),
        a(
            "training_course",
            "Tập huấn nữ ứng cử viên",
            json!({"target_group": "nu_ung_cu_vien", "days": 2, "participants": 40, "women": 38, "budget": 20000000, "budget_source": "ngan_sach_trung_uong"}),
        ),
        a(
            "model",
            "Câu lạc bộ phòng chống bạo lực gia đình",
            json!({"model_type": "cau_lac_bo", "status": "dang_hoat_dong", "members": 25, "women": 20, "funding_local": 5000000}),
        ),
        a(
            "inspection",
            "Kiểm tra thực hiện Luật Bình đẳng giới",
            json!({"mode": "kiem_tra", "subject": "Doanh nghiệp", "violations_found": 3, "violations_handled": 2}),
        ),
        a(
            "incident",
            "Vụ bạo lực gia đình",
            json!({"summary": "Tóm tắt", "reported_to": "UBND huyện", "reported_on": date, "status": "da_xu_ly"}),
        ),
        a(
            "commendation",
            "Khen thưởng tập thể",
            json!({"recipient": "Hội LHPN phường", "recipient_kind": "tap_the", "form": "giay_khen", "level": "tinh"}),
        ),
        a(
            "mainstreaming_review",
            "Lồng ghép giới dự thảo nghị quyết",
            json!({"draft": "Dự thảo Nghị quyết HĐND", "outcome": "da_long_ghep"}),
        ),
        a("action_month", "Tháng hành động 2021", json!({"year": 2021, "result_summary": "Đã tổ chức"})),
        a(
            "election_result",
            "Bầu cử HĐND tỉnh 2021",
            json!({"body": "hdnd_tinh", "term": "2021-2026", "seats": 50, "candidates": 85, "candidates_women": 40, "elected": 50, "elected_women": 15}),
        ),
    ]
}

async fn every_type_is_recorded_edited_and_deleted_through_the_api(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let mut ids = Vec::new();
    for body in examples("30733", "2021-03-10") {
        let (status, created) = send(&app, Method::POST, "/api/v1/activities", &token, Some(body.clone())).await;
        assert_eq!(status, StatusCode::CREATED, "{body}: {created}");
        assert_eq!(created["type"], body["type"]);
        ids.push(created["id"].as_i64().expect("id"));
    }
    let (_, list) = send(&app, Method::GET, "/api/v1/activities?area=91&as_of=2021-03-10", &token, None).await;
    assert_eq!(list["total"], 10);
    let (_, list) =
        send(&app, Method::GET, "/api/v1/activities?type=training_course&q=nu%20ung%20cu%20vien", &token, None).await;
    assert_eq!(list["total"], 1, "search without diacritics");
    let (_, list) = send(&app, Method::GET, "/api/v1/activities?from=2022-01-01", &token, None).await;
    assert_eq!(list["total"], 0);
    // Edit with the version read; the stale version conflicts.
    let id = ids[2];
    let (_, course) = send(&app, Method::GET, &format!("/api/v1/activities/{id}"), &token, None).await;
    let mut edit = examples("30733", "2021-03-10").remove(2);
    edit["data"]["participants"] = json!(45);
    edit["version"] = course["version"].clone();
    let (status, saved) =
        send(&app, Method::PUT, &format!("/api/v1/activities/{id}"), &token, Some(edit.clone())).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["data"]["participants"], 45);
    assert_eq!(
        send(&app, Method::PUT, &format!("/api/v1/activities/{id}"), &token, Some(edit)).await.0,
        StatusCode::CONFLICT
    );
    // Delete with the version read; the audit log keeps it.
    let (_, doomed) = send(&app, Method::GET, &format!("/api/v1/activities/{}", ids[5]), &token, None).await;
    assert_eq!(
        send(
            &app,
            Method::DELETE,
            &format!("/api/v1/activities/{}?version={}", ids[5], doomed["version"]),
            &token,
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        send(&app, Method::GET, &format!("/api/v1/activities/{}", ids[5]), &token, None).await.0,
        StatusCode::NOT_FOUND
    );
    let audit = app.db.store.audit_of("activity", &ids[5].to_string(), 5).await.expect("audit");
    assert_eq!(audit[0].action, "activity.delete");
    assert!(audit[0].detail.contains("Vụ bạo lực gia đình"));
}

async fn bad_activities_are_refused_with_every_reason_and_nothing_saved(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let mut bad = examples("30733", "2021-03-10").remove(2);
    bad["data"]["women"] = json!(41);
    bad["data"]["days"] = json!(-1);
    bad["date_to"] = json!("2021-03-01");
    let (status, err) = send(&app, Method::POST, "/api/v1/activities", &token, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        err["error"]["fields"].as_array().expect("fields").iter().map(|f| f["field"].as_str().expect("f")).collect();
    for f in ["women", "days", "date_to"] {
        assert!(fields.contains(&f), "{fields:?}");
    }
    // Phường Vĩnh Thanh (30733) ended on 30/06/2025: it is no place for a 2026 activity.
    let (status, err) =
        send(&app, Method::POST, "/api/v1/activities", &token, Some(examples("30733", "2026-01-10").remove(0))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["error"]["fields"][0]["message"]
            .as_str()
            .expect("message")
            .contains("không có địa bàn mã \"30733\" vào ngày 10/01/2026"),
        "{err}"
    );
    let (status, _) = send(&app, Method::POST, "/api/v1/activities", &token, Some(json!({"type": "picnic"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, list) = send(&app, Method::GET, "/api/v1/activities", &token, None).await;
    assert_eq!(list["total"], 0, "nothing was saved");
}

async fn activities_stay_within_scope(backend: Backend) {
    let app = TestApp::new(backend).await;
    let commune = app.token("xa.rachgia").await;
    let province = app.token("angiang.snv").await;
    let hanoi = app.token("hanoi.snv").await;
    // The commune officer records in the commune, not next door or in another province.
    let (status, own) =
        send(&app, Method::POST, "/api/v1/activities", &commune, Some(examples("30742", "2026-02-10").remove(2))).await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    let other = app.get_json("/api/v1/units?parent=91&kind=commune&limit=2", StatusCode::OK).await;
    let neighbour = other["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["code"] != "30742")
        .expect("another commune")["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let (status, _) =
        send(&app, Method::POST, "/api/v1/activities", &commune, Some(examples(&neighbour, "2026-02-10").remove(2)))
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) =
        send(&app, Method::POST, "/api/v1/activities", &hanoi, Some(examples("30742", "2026-02-10").remove(2))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The province records anywhere in An Giang; the commune sees only its own records.
    let (status, _) =
        send(&app, Method::POST, "/api/v1/activities", &province, Some(examples(&neighbour, "2026-02-11").remove(0)))
            .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, mine) = send(&app, Method::GET, "/api/v1/activities", &commune, None).await;
    assert_eq!(mine["total"], 1);
    let (_, all) = send(&app, Method::GET, "/api/v1/activities", &province, None).await;
    assert_eq!(all["total"], 2);
    let (_, none) = send(&app, Method::GET, "/api/v1/activities", &hanoi, None).await;
    assert_eq!(none["total"], 0);
    let ministry = app.token("bo.chuyenvien").await;
    let (_, both) = send(&app, Method::GET, "/api/v1/activities", &ministry, None).await;
    assert_eq!(both["total"], 2, "a ministry user sees every province");
    // Another province can neither read nor change it; a viewer changes nothing.
    let id = own["id"].as_i64().expect("id");
    assert_eq!(
        send(&app, Method::GET, &format!("/api/v1/activities/{id}"), &hanoi, None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, Method::DELETE, &format!("/api/v1/activities/{id}"), &hanoi, None).await.0,
        StatusCode::FORBIDDEN
    );
    let viewer = app.token("angiang.xem").await;
    assert_eq!(
        send(&app, Method::DELETE, &format!("/api/v1/activities/{id}"), &viewer, None).await.0,
        StatusCode::FORBIDDEN
    );
}

async fn figures_count_activities_under_an_area_then_and_now(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    for body in examples("30733", "2021-03-10") {
        assert_eq!(send(&app, Method::POST, "/api/v1/activities", &token, Some(body)).await.0, StatusCode::CREATED);
    }
    // Late December belongs to the next annual report.
    let late = examples("30733", "2020-12-20").remove(2);
    assert_eq!(send(&app, Method::POST, "/api/v1/activities", &token, Some(late)).await.0, StatusCode::CREATED);
    let get = |figures: &Value, code: &str, dims: Value| -> Option<f64> {
        figures["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|f| f["code"] == code && f["disaggregation"] == dims)
            .and_then(|f| f["value"].as_f64())
    };
    // Kiên Giang as it was in 2021, and today's An Giang, count the same commune's activities.
    for (area, as_of) in [("91", "2021-03-10"), ("91", "2026-01-01"), ("30733", "2021-03-10")] {
        let (status, figures) =
            send(&app, Method::GET, &format!("/api/v1/figures?area={area}&period=2021&as_of={as_of}"), &token, None)
                .await;
        assert_eq!(status, StatusCode::OK, "{figures}");
        assert_eq!(get(&figures, "DT_LOP", json!({})), Some(2.0), "{area} {as_of}: {figures}");
        assert_eq!(get(&figures, "DT_HOC_VIEN", json!({"sex": "nu"})), Some(76.0));
        assert_eq!(get(&figures, "TT_NGUOI_THAM_DU", json!({"sex": "nu"})), Some(70.0));
        assert_eq!(get(&figures, "TT_SAN_PHAM", json!({"language": "km"})), Some(1.0));
        assert_eq!(get(&figures, "TTKT_VI_PHAM", json!({})), Some(3.0));
        assert_eq!(get(&figures, "BAU_CU_TRUNG_CU", json!({"body": "hdnd_tinh", "sex": "nu"})), Some(15.0));
        assert_eq!(get(&figures, "KINH_PHI", json!({"source": "ngan_sach_trung_uong"})), Some(40_000_000.0));
    }
    let (_, other_year) = send(&app, Method::GET, "/api/v1/figures?area=91&period=2022", &token, None).await;
    assert_eq!(other_year["items"], json!([]));
    let (status, _) = send(&app, Method::GET, "/api/v1/figures?area=01", &token, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another province's figures are not An Giang's to see");
    let (status, _) = send(&app, Method::GET, "/api/v1/figures?area=91&period=21", &token, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn activities_are_recorded_in_the_pages(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.login("xa.rachgia").await;
    let form = b.page("/activities/new?type=communication_product").await;
    assert!(form.contains("name=\"f.languages\" value=\"km\""), "languages as checkboxes");
    let fields = [
        ("title", "Tờ rơi tiếng Khmer về phòng chống bạo lực"),
        ("area_code", "30742"),
        ("date_from", "2026-02-01"),
        ("f.kind", "to_roi"),
        ("f.languages", "vi"),
        ("f.languages", "km"),
        ("f.copies", "500"),
    ];
    let r = b.post_form("/activities?type=communication_product", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().expect("ascii").to_owned();
    let page = b.page(&location).await;
    assert!(page.contains("Tiếng Việt, Tiếng Khmer") && page.contains("TT_SAN_PHAM"), "{page}");
    // A bad form comes back with the messages and the input.
    let bad = [
        ("title", "Lớp tập huấn"),
        ("area_code", "30742"),
        ("date_from", "2026-02-01"),
        ("f.target_group", "phong_vien"),
        ("f.days", "1"),
        ("f.participants", "10"),
        ("f.women", "12"),
    ];
    let r = b.post_form("/activities?type=training_course", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(
        page.contains("số học viên nữ không thể lớn hơn tổng số học viên (12 &#62; 10)")
            && page.contains("value=\"Lớp tập huấn\""),
        "{page}"
    );
    // A file is attached and read back.
    let csrf = b.cookie("bd_csrf").expect("csrf").to_owned();
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"anh-to-roi".to_vec()).file_name("to-roi.jpg"));
    let r = app
        .client
        .post(app.url(&format!("{location}/files?_csrf={csrf}")))
        .header(
            reqwest::header::COOKIE,
            format!("bd_csrf={csrf}; bd_session={}", b.cookie("bd_session").expect("session")),
        )
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = b.page(&location).await;
    let at = page.find("/files/").expect("a link to the file");
    let link = &page[page[..at].rfind('"').expect("href") + 1..at + page[at..].find('"').expect("end")];
    assert_eq!(b.get(link).await.bytes().await.expect("body").as_ref(), b"anh-to-roi");
    // Listed, exported, deleted (with its files).
    let list = b.page("/activities?q=khmer").await;
    assert!(list.contains("Tờ rơi tiếng Khmer"), "{list}");
    let r = b.get("/activities/export.xlsx?type=communication_product").await;
    let sheets = binhdang_office::xlsx::read_text(&r.bytes().await.expect("body")).expect("workbook");
    assert_eq!(sheets[0].1[1][3], "Tờ rơi tiếng Khmer về phòng chống bạo lực");
    assert!(sheets[0].1[1].iter().any(|c| c == "Tiếng Việt, Tiếng Khmer"));
    // The delete form carries the version shown on the page.
    let shown = b.page(&location).await;
    let at = shown.find("name=\"version\" value=\"").expect("the delete form's version") + 22;
    let version = shown[at..at + shown[at..].find('"').expect("end")].to_owned();
    let r = b.post_form(&format!("{location}/delete"), &[("version", &version)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "version {version}: {}", r.text().await.unwrap_or_default());
    assert_eq!(b.get(&location).await.status(), StatusCode::NOT_FOUND);
    let figures = b.page("/figures?area=30742&period=2026").await;
    assert!(!figures.contains("TT_SAN_PHAM"));
}

/// Files go on an activity through the API too, and come back from the address it answers.
async fn files_are_attached_through_the_api(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let body = examples("30733", "2021-03-10").remove(0);
    let (status, created) = send(&app, Method::POST, "/api/v1/activities", &token, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let files = format!("/api/v1/activities/{}/files", created["id"]);
    // "bien-ban" in base64.
    let file = json!({"name": "bien-ban.pdf", "content_base64": "Ymllbi1iYW4="});
    let (status, attached) = send(&app, Method::POST, &files, &token, Some(file.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{attached}");
    let (status, bad) =
        send(&app, Method::POST, &files, &token, Some(json!({"name": "x.pdf", "content_base64": "%%%"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["fields"][0]["field"], "content_base64", "{bad}");
    let (status, bad) = send(&app, Method::POST, &files, &token, Some(json!({"name": "", "content_base64": ""}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    // Outside the caller's scope nothing is attached or listed.
    let hanoi = app.token("hanoi.snv").await;
    assert_eq!(send(&app, Method::POST, &files, &hanoi, Some(file)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, Method::GET, &files, &hanoi, None).await.0, StatusCode::FORBIDDEN);
    let (_, listed) = send(&app, Method::GET, &files, &token, None).await;
    assert_eq!(listed["items"], json!([attached]), "one file");
    let url = attached["url"].as_str().expect("url");
    let r = app.api(Method::GET, url, &token).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.expect("body").as_ref(), b"bien-ban");

    // A larger file goes as multipart to /api/v1/uploads, then by its token: the activity keeps
    // exactly the bytes that arrived, and the token is used once.
    let photo: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let part = reqwest::multipart::Part::bytes(photo.clone()).file_name("anh-hoi-nghi.jpg");
    let r = app
        .api(Method::POST, "/api/v1/uploads", &token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::CREATED);
    let staged: Value = r.json().await.expect("json");
    assert_eq!(staged["sha256"], binhdang_app::documents::sha256_hex(&photo), "{staged}");
    assert_eq!(staged["size"], 300_000, "{staged}");
    let by_token = json!({"upload_token": staged["token"]});
    let (status, other) = send(&app, Method::POST, &files, &hanoi, Some(by_token.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{other}");
    let (status, attached) = send(&app, Method::POST, &files, &token, Some(by_token.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{attached}");
    assert_eq!(attached["name"], "anh-hoi-nghi.jpg");
    let r = app.api(Method::GET, attached["url"].as_str().expect("url"), &token).send().await.expect("request");
    assert_eq!(
        binhdang_app::documents::sha256_hex(&r.bytes().await.expect("body")),
        staged["sha256"].as_str().expect("hash")
    );
    let (status, again) = send(&app, Method::POST, &files, &token, Some(by_token)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    assert_eq!(again["error"]["fields"][0]["field"], "upload_token", "{again}");
    // A body that is not multipart is refused in the API's JSON error format.
    let r = app.api(Method::POST, "/api/v1/uploads", &token).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let refused: Value = r.json().await.expect("a JSON error");
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("multipart")), "{refused}");
    // A request without a file part is named.
    let r = app
        .api(Method::POST, "/api/v1/uploads", &token)
        .multipart(reqwest::multipart::Form::new().text("name", "x"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_backends!(
    every_type_is_recorded_edited_and_deleted_through_the_api,
    bad_activities_are_refused_with_every_reason_and_nothing_saved,
    activities_stay_within_scope,
    figures_count_activities_under_an_area_then_and_now,
    activities_are_recorded_in_the_pages,
    files_are_attached_through_the_api,
);
