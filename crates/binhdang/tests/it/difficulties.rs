//! Difficulties raised on the 2021 guidance: An Giang's Sở Nội vụ raises one on Kiên Giang's copy
//! of 356/LĐTBXH-BĐG (its labour department was assigned the work), the Ministry of Home Affairs
//! finds it by letter and province and answers it, first only to the province, then to every
//! province; strangers are refused, stale versions conflict, files are bounded, a closed one takes
//! no answer until reopened, and everything survives a restart.

use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_core::Clock;
use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

/// Kiên Giang's incoming copy of 356, as the An Giang officer finds it.
async fn kien_giang_copy(app: &TestApp, token: &str) -> i64 {
    let (status, found) = send(app, Method::GET, "/api/v1/documents?q=356&direction=incoming", token, None).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    found["items"][0]["id"].as_i64().expect("Kiên Giang's 356")
}

fn field_names(answer: &Value) -> Vec<String> {
    answer["error"]["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn a_province_raises_and_the_ministry_answers(backend: Backend) {
    let app = TestApp::new(backend).await;
    let clock = crate::support::clock();
    binhdang::demo::load_letters(&app.db.store, &clock).await.expect("demo letters");
    let province = app.token("angiang.snv").await;
    let ministry = app.token("bo.chuyenvien").await;
    let hanoi = app.token("hanoi.ubnd").await;
    let letter = kien_giang_copy(&app, &province).await;
    let raise_path = format!("/api/v1/documents/{letter}/difficulties");

    // The demo's: Kiên Giang's 2021 question answered for every province is on the letter's
    // record; Hà Nội's open question, not answered yet, is not shown to An Giang.
    let (_, listed) =
        send(&app, Method::GET, &format!("/api/v1/difficulties?document_id={letter}"), &province, None).await;
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{listed}");
    assert_eq!(items[0]["raised_by_name"], "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang");
    assert_eq!(
        (items[0]["status"].as_str(), items[0]["answers"][0]["shared"].as_bool()),
        (Some("answered"), Some(true))
    );

    // Refused: a stranger to the letter, a viewer, bad input named by field, too many or too
    // large files.
    let good = json!({"subject": "Chỉ tiêu tỷ lệ nữ lãnh đạo", "text": "Đề nghị Bộ hướng dẫn cách tính chỉ tiêu.",
                      "files": [{"name": "bang-tinh.pdf", "content_base64": base64(b"%PDF-1.4 so lieu")}]});
    let (status, _) = send(&app, Method::POST, &raise_path, &app.token("hanoi.snv").await, Some(good.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "Hà Nội's Sở Nội vụ was not given this letter");
    let (status, _) = send(&app, Method::POST, &raise_path, &app.token("angiang.xem").await, Some(good.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a viewer raises nothing");
    let (status, bad) =
        send(&app, Method::POST, &raise_path, &province, Some(json!({"subject": " ", "text": ""}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_names(&bad), ["subject", "text"], "{bad}");
    let six: Vec<Value> = (0..6).map(|i| json!({"name": format!("{i}.pdf"), "content_base64": base64(b"x")})).collect();
    let (status, bad) =
        send(&app, Method::POST, &raise_path, &province, Some(json!({"subject": "a", "text": "b", "files": six})))
            .await;
    assert_eq!((status, field_names(&bad)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["files".to_owned()]), "{bad}");
    let big = vec![b'x'; binhdang_core::difficulties::MAX_FILE_BYTES + 1];
    let (status, bad) = send(
        &app,
        Method::POST,
        &raise_path,
        &province,
        Some(json!({"subject": "a", "text": "b", "files": [{"name": "lon.pdf", "content_base64": base64(&big)}]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad["error"]["fields"][0]["message"].as_str().is_some_and(|m| m.contains("lon.pdf")), "{bad}");

    // Raised, with its file, as Kiên Giang's labour department (the agency the letter concerns,
    // whose work An Giang's Sở Nội vụ carries on), to the ministry that issued the letter.
    let (status, raised) = send(&app, Method::POST, &raise_path, &province, Some(good)).await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    let id = raised["id"].as_i64().expect("id");
    assert_eq!(raised["status"], "open");
    let (_, shown) = send(&app, Method::GET, &format!("/api/v1/difficulties/{id}"), &province, None).await;
    assert_eq!(shown["raised_by_name"], "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang", "{shown}");
    assert_eq!(shown["addressed_to_name"], "Bộ Lao động - Thương binh và Xã hội");
    assert_eq!(shown["files"][0]["name"], "bang-tinh.pdf");

    // The ministry of today finds it among the open ones, by letter and by province.
    let (_, inbox) = send(&app, Method::GET, "/api/v1/difficulties", &ministry, None).await;
    let subjects: Vec<&str> =
        inbox["items"].as_array().expect("items").iter().filter_map(|d| d["subject"].as_str()).collect();
    assert!(
        subjects.contains(&"Chỉ tiêu tỷ lệ nữ lãnh đạo")
            && subjects.contains(&"Biểu mẫu báo cáo kết quả thực hiện năm 2021"),
        "{inbox}"
    );
    assert!(!subjects.contains(&"Kinh phí tập huấn cho người ứng cử là nữ"), "answered ones are not open");
    let kien_giang = inbox["provinces"]
        .as_array()
        .expect("provinces")
        .iter()
        .find(|p| p["name"] == "Tỉnh Kiên Giang")
        .and_then(|p| p["id"].as_i64())
        .expect("Kiên Giang among the provinces");
    let (_, only) =
        send(&app, Method::GET, &format!("/api/v1/difficulties?province={kien_giang}"), &ministry, None).await;
    assert_eq!(only["items"].as_array().map(Vec::len), Some(1), "{only}");
    assert_eq!(only["items"][0]["id"], id);

    // Only the issuing body answers; an answer not shared is read by the raiser, not by Hà Nội.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/difficulties/{id}/answers"),
        &province,
        Some(json!({"text": "x", "version": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, answered) = send(
        &app,
        Method::POST,
        &format!("/api/v1/difficulties/{id}/answers"),
        &ministry,
        Some(json!({"text": "Tỉnh tính theo hướng dẫn tại Phụ lục kèm theo.", "shared": false, "version": 1})),
    )
    .await;
    assert_eq!((status, answered["status"].as_str()), (StatusCode::OK, Some("answered")), "{answered}");
    let (status, _) = send(&app, Method::GET, &format!("/api/v1/difficulties/{id}"), &hanoi, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not shared");
    let (status, stale) = send(
        &app,
        Method::POST,
        &format!("/api/v1/difficulties/{id}/answers"),
        &ministry,
        Some(json!({"text": "Trả lời khác", "version": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");

    // Shared: Hà Nội reads the shared answer, and only that one.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/difficulties/{id}/answers"),
        &ministry,
        Some(json!({"text": "Các tỉnh thống nhất tính theo Phụ lục 2.", "shared": true, "version": 2})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, seen) = send(&app, Method::GET, &format!("/api/v1/difficulties/{id}"), &hanoi, None).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    let texts: Vec<&str> =
        seen["answers"].as_array().expect("answers").iter().filter_map(|a| a["text"].as_str()).collect();
    assert_eq!(texts, ["Các tỉnh thống nhất tính theo Phụ lục 2."]);
    let (_, mine) = send(&app, Method::GET, &format!("/api/v1/difficulties/{id}"), &province, None).await;
    assert_eq!(mine["answers"].as_array().map(Vec::len), Some(2), "the raiser reads both");

    // Closed by the ministry (not by the province); a closed one takes no answer until reopened.
    let (status, _) =
        send(&app, Method::POST, &format!("/api/v1/difficulties/{id}/close"), &province, Some(json!({"version": 3})))
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, closed) =
        send(&app, Method::POST, &format!("/api/v1/difficulties/{id}/close"), &ministry, Some(json!({"version": 3})))
            .await;
    assert_eq!((status, closed["status"].as_str()), (StatusCode::OK, Some("closed")), "{closed}");
    let (status, refused) = send(
        &app,
        Method::POST,
        &format!("/api/v1/difficulties/{id}/answers"),
        &ministry,
        Some(json!({"text": "Bổ sung", "version": 4})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("đã đóng")), "{refused}");

    // Kept across a restart; reopened, it is answered again (it has answers).
    let app = app.restart().await;
    let ministry = app.token("bo.chuyenvien").await;
    let (_, after) = send(&app, Method::GET, &format!("/api/v1/difficulties/{id}"), &ministry, None).await;
    assert_eq!(
        (after["status"].as_str(), after["answers"].as_array().map(Vec::len)),
        (Some("closed"), Some(2)),
        "{after}"
    );
    let (status, reopened) =
        send(&app, Method::POST, &format!("/api/v1/difficulties/{id}/reopen"), &ministry, Some(json!({"version": 4})))
            .await;
    assert_eq!((status, reopened["status"].as_str()), (StatusCode::OK, Some("answered")), "{reopened}");

    // The yearly report's list: An Giang's Sở Nội vụ raised one in 2026, Kiên Giang's labour
    // department one in 2021 (with its answer); the province as an area finds both years' own.
    let services = binhdang_app::Services::new(
        app.db.store.clone(),
        std::sync::Arc::new(clock),
        binhdang_app::Settings::default(),
    );
    let agency = app.db.store.unit_by_code("91-SNV", clock.today()).await.expect("query").expect("91-SNV");
    let this_year = binhdang_app::difficulties::raised_in_year(&services, agency.id, 2026).await.expect("2026");
    assert_eq!(this_year.iter().map(|d| d.subject.as_str()).collect::<Vec<_>>(), ["Chỉ tiêu tỷ lệ nữ lãnh đạo"]);
    assert_eq!(this_year[0].answer.as_deref().map(|a| a.contains("Phụ lục 2")), Some(true));
    let area = app.db.store.unit_by_code("91", clock.today()).await.expect("query").expect("An Giang");
    let then = binhdang_app::difficulties::raised_in_year(&services, area.id, 2021).await.expect("2021");
    assert_eq!(then.len(), 1, "{then:?}");
    assert_eq!(then[0].raised_by_name, "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang");
    assert!(then[0].answer.as_deref().is_some_and(|a| a.contains("kinh phí")), "{then:?}");
}

async fn the_pages_raise_keep_what_was_typed_and_answer(backend: Backend) {
    let app = TestApp::new(backend).await;
    let clock = crate::support::clock();
    binhdang::demo::load_letters(&app.db.store, &clock).await.expect("demo letters");
    let letter = kien_giang_copy(&app, &app.token("angiang.snv").await).await;

    // The letter's record shows its difficulties and offers the form to the agency concerned.
    let mut province = app.login("angiang.snv").await;
    let page = province.page(&format!("/documents/{letter}")).await;
    assert!(
        page.contains("Vướng mắc, kiến nghị") && page.contains("Kinh phí tập huấn cho người ứng cử là nữ"),
        "{page}"
    );
    assert!(page.contains(&format!("/documents/{letter}/difficulties/new")), "the form is offered");
    let form = province.page(&format!("/documents/{letter}/difficulties/new")).await;
    assert!(form.contains("Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang"), "chosen by name: {form}");
    let mut stranger = app.login("hanoi.snv").await;
    assert_eq!(stranger.get(&format!("/documents/{letter}/difficulties/new")).await.status(), StatusCode::FORBIDDEN);

    // A form without a subject comes back with the text typed and the file kept on the server.
    let csrf = province.cookie("bd_csrf").expect("csrf").to_owned();
    let post = |form: reqwest::multipart::Form| {
        app.client
            .post(app.url(&format!("/documents/{letter}/difficulties?_csrf={csrf}")))
            .header(reqwest::header::COOKIE, province.cookie_header_value())
            .multipart(form)
            .send()
    };
    let text = "Địa phương chưa rõ cách tổng hợp số liệu của các huyện đã giải thể.";
    let r = post(
        reqwest::multipart::Form::new()
            .text("subject", "")
            .text("text", text)
            .part("files", reqwest::multipart::Part::bytes(b"so lieu".to_vec()).file_name("so-lieu.docx")),
    )
    .await
    .expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = r.text().await.expect("body");
    assert!(again.contains(text) && again.contains("hãy ghi nội dung vướng mắc"), "{again}");
    let at = again.find("name=\"upload_token\" value=\"").expect("the file is kept")
        + "name=\"upload_token\" value=\"".len();
    let kept = &again[at..at + again[at..].find('"').expect("end")];
    assert!(kept.ends_with("|so-lieu.docx"), "{kept}");
    let r = post(
        reqwest::multipart::Form::new()
            .text("subject", "Số liệu của các huyện đã giải thể")
            .text("text", text)
            .text("upload_token", kept.to_owned()),
    )
    .await
    .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()[reqwest::header::LOCATION].to_str().expect("location").to_owned();
    let shown = province.page(&location).await;
    assert!(shown.contains("Số liệu của các huyện đã giải thể") && shown.contains("so-lieu.docx"), "{shown}");
    assert!(!shown.contains("id=\"answer-form\""), "the province does not answer");

    // The ministry's officer sees it waiting on her home page and on the list, and answers it.
    let mut ministry = app.login("bo.chuyenvien").await;
    let home = ministry.page("/").await;
    assert!(home.contains("Vướng mắc chờ trả lời") && home.contains("Số liệu của các huyện đã giải thể"), "{home}");
    let list = ministry.page("/difficulties").await;
    assert!(
        list.contains("Tỉnh Kiên Giang") && list.contains("Thành phố Hà Nội") && list.contains("356/LĐTBXH-BĐG"),
        "{list}"
    );
    let page = ministry.page(&location).await;
    assert!(page.contains("id=\"answer-form\""), "{page}");
    let r = ministry.post_form(&format!("{location}/answers"), &[("answer", " "), ("version", "1")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = ministry
        .post_form(
            &format!("{location}/answers"),
            &[("answer", "Tổng hợp theo đơn vị hành chính mới."), ("shared", "1"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = ministry.post_form(&format!("{location}/close"), &[("version", "1")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "a stale version");

    // The province reads the answer on the letter's record and among its answered ones.
    let page = province.page(&format!("/documents/{letter}")).await;
    assert!(page.contains("Tổng hợp theo đơn vị hành chính mới.") && page.contains("Trả lời chung"), "{page}");
    let home = province.page("/").await;
    assert!(home.contains("Vướng mắc đã được trả lời") && home.contains("Số liệu của các huyện đã giải thể"), "{home}");
    let at = shown.find(&format!("{location}/files/")).expect("a link to the file");
    let link = &shown[at..at + shown[at..].find('"').expect("end")];
    assert_eq!(province.get(link).await.bytes().await.expect("body").as_ref(), b"so lieu");
    assert_eq!(stranger.get(link).await.status(), StatusCode::FORBIDDEN, "files are read as the difficulty is");
}

on_both_backends!(a_province_raises_and_the_ministry_answers, the_pages_raise_keep_what_was_typed_and_answer);
