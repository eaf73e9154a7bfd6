//! The document and task pages: pasting and uploading letters, the pre-filled register form,
//! registering both letters of the seed at once, the document page, creating the task from the
//! letter's assignment, progress, sub-tasks, the inbox and its Excel export.

use reqwest::header::COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::json;

use binhdang_store::Backend;

use crate::documents::SEED;
use crate::support::{Browser, TestApp, on_both_backends, send};

/// Pulls the value of `name="…" value="…"` out of a page.
fn input_value(page: &str, name: &str) -> String {
    let at = page.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no input {name}"));
    let rest = &page[at + name.len() + 15..];
    html_unescape(&rest[..rest.find('"').expect("closing quote")])
}

/// Pulls the content of `<textarea name="…">` out of a page.
fn textarea(page: &str, name: &str) -> String {
    let at = page.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no textarea {name}"));
    let rest = &page[at..];
    let start = rest.find('>').expect("tag end") + 1;
    html_unescape(&rest[start..rest.find("</textarea>").expect("textarea end")])
}

fn html_unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn paste(b: &mut Browser<'_>, app: &TestApp, text: &str, file: Option<(&str, Vec<u8>)>) -> reqwest::Response {
    let csrf = b.cookie("bd_csrf").expect("csrf").to_owned();
    let mut form = reqwest::multipart::Form::new().text("text", text.to_owned());
    if let Some((name, bytes)) = file {
        form = form.part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    }
    let cookies = format!("bd_csrf={csrf}; bd_session={}", b.cookie("bd_session").unwrap_or(""));
    app.client
        .post(app.url(&format!("/documents/parse?_csrf={csrf}")))
        .header(COOKIE, cookies)
        .multipart(form)
        .send()
        .await
        .expect("request")
}

/// Posts a multipart form with the CSRF token in the query, as the progress form does.
async fn post_multipart(
    b: &Browser<'_>,
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let csrf = b.cookie("bd_csrf").expect("csrf").to_owned();
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    if let Some((name, bytes)) = file {
        form = form.part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    }
    let cookies = format!("bd_csrf={csrf}; bd_session={}", b.cookie("bd_session").unwrap_or(""));
    let sep = if path.contains('?') { '&' } else { '?' };
    app.client
        .post(app.url(&format!("{path}{sep}_csrf={csrf}")))
        .header(COOKIE, cookies)
        .multipart(form)
        .send()
        .await
        .expect("request")
}

/// Every field of the register form as the page filled it.
fn form_fields(page: &str, count: usize) -> Vec<(String, String)> {
    let mut out = vec![("count".to_owned(), count.to_string())];
    for i in 0..count {
        for f in [
            "register_agency_code",
            "arrival_date",
            "receiving_unit",
            "issuer_name",
            "parent_issuer",
            "number",
            "symbol",
            "doc_type",
            "place",
            "date",
            "signing_authority_prefix",
            "signer_title",
            "signer_name",
            "file_name",
            "upload_token",
        ] {
            out.push((format!("d{i}.{f}"), input_value(page, &format!("d{i}.{f}"))));
        }
        for f in ["subject", "recipients", "cc", "references", "body"] {
            out.push((format!("d{i}.{f}"), textarea(page, &format!("d{i}.{f}"))));
        }
        // The assignments found, each kept as shown.
        let rows: usize = input_value(page, &format!("d{i}.assignment_count")).parse().expect("assignment rows");
        out.push((format!("d{i}.assignment_count"), rows.to_string()));
        for k in 0..rows {
            for f in ["lead", "deadline"] {
                out.push((format!("d{i}.a{k}.{f}"), input_value(page, &format!("d{i}.a{k}.{f}"))));
            }
            for f in ["action", "coordinators"] {
                out.push((format!("d{i}.a{k}.{f}"), textarea(page, &format!("d{i}.a{k}.{f}"))));
            }
            out.push((format!("d{i}.a{k}.keep"), "1".into()));
            if page.contains(&format!("name=\"d{i}.a{k}.at_once\" value=\"1\" checked")) {
                out.push((format!("d{i}.a{k}.at_once"), "1".into()));
            }
        }
        out.push((format!("d{i}.include"), "1".into()));
        out.push((format!("d{i}.urgency"), "normal".into()));
    }
    out
}

async fn the_seed_is_registered_through_the_pages(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.login("angiang.snv").await;
    let r = paste(&mut b, &app, SEED, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("body");
    assert_eq!(input_value(&page, "d0.number"), "1152");
    assert_eq!(input_value(&page, "d0.symbol"), "VP-KGVX");
    assert_eq!(input_value(&page, "d1.symbol"), "LĐTBXH-BĐG");
    // Dates are shown day first whatever the browser's language.
    assert_eq!(input_value(&page, "d0.date"), "25/02/2021");
    assert!(textarea(&page, "d0.recipients").contains("Sở Lao động - Thương binh và Xã hội"));
    assert!(
        page.contains("name=\"d0.forwards_next\" value=\"1\" checked"),
        "the covering letter forwards the next one"
    );
    // The officer chooses the registers: 1152 is the office's own letter, 356 arrived there.
    let mut fields = form_fields(&page, 2);
    for (k, v) in &mut fields {
        match k.as_str() {
            "d0.register_agency_code" | "d1.register_agency_code" => *v = "91-VP".into(),
            "d1.arrival_date" => *v = "22/02/2021".into(),
            "d0.arrival_date" => v.clear(),
            _ => {}
        }
    }
    fields.push(("d0.direction".into(), "outgoing".into()));
    fields.push(("d1.direction".into(), "incoming".into()));
    fields.push(("d0.forwards_next".into(), "1".into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // Switching the language on the review page shows the same form in English with what was
    // typed, and registers nothing.
    let mut relang = pairs.clone();
    relang.push(("_lang", "en"));
    let r = b.post_form("/documents/register", &relang).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap_or("").starts_with("bd_lang=en")));
    let english = r.text().await.expect("body");
    assert!(english.contains("<html lang=\"en\">"), "{english}");
    assert_eq!(input_value(&english, "d1.arrival_date"), "22/02/2021");
    assert_eq!(input_value(&english, "d0.number"), "1152");
    let r = b.post_form("/lang", &[("lang", "vi"), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b.post_form("/documents/register", &pairs).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let location = r.headers()["location"].to_str().expect("ascii").to_owned();
    let doc_page = b.page(&location).await;
    assert!(doc_page.contains("1152/VP-KGVX") && doc_page.contains("Văn bản đi số"), "{doc_page}");
    assert!(doc_page.contains("chuyển kèm"), "the forwarding link is shown");
    assert!(
        doc_page.contains("356/LĐTĐBXH-BĐG") && doc_page.contains("356/LĐTBXH-BĐG — sổ đến"),
        "the damaged citation resolves"
    );

    // Registering the same letters again is refused as a duplicate, and the form comes back.
    let r = b.post_form("/documents/register", &pairs).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.expect("body").contains("đã vào sổ"));

    // The task from the letter's assignment: the form is pre-filled as of the letter's date.
    let id: i64 = location.trim_start_matches("/documents/").parse().expect("id");
    let form = b.page(&format!("/documents/{id}/tasks/new?a=0")).await;
    assert_eq!(input_value(&form, "lead_code"), "91-SLDTBXH");
    assert!(form.contains("value=\"at_once\" selected"), "\"ngay\" means at once");
    let r = b
        .post_form(
            &format!("/documents/{id}/tasks"),
            &[
                ("lead_code", "91-SLDTBXH"),
                ("coordinator_codes", "91-SYT, 91-SGDDT, 91-SVHTTDL"),
                ("description", &textarea(&form, "description")),
                ("deadline_kind", "at_once"),
                ("start_date", "2021-02-25"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let task_url = r.headers()["location"].to_str().expect("ascii").to_owned();
    // The same assignment given again asks first; confirmed, it is a second task.
    let again = [
        ("lead_code", "91-SLDTBXH"),
        ("description", &textarea(&form, "description")),
        ("deadline_kind", "at_once"),
        ("start_date", "2021-02-25"),
    ];
    let r = b.post_form(&format!("/documents/{id}/tasks"), &again).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let asked = r.text().await.expect("body");
    assert!(asked.contains("id=\"duplicate-task\"") && asked.contains("name=\"allow_duplicate\""), "{asked}");
    assert!(asked.contains("đã được giao nhiệm vụ này theo văn bản này (giao ngày 25/02/2021)"), "{asked}");
    let confirmed = [again.as_slice(), &[("allow_duplicate", "1")]].concat();
    let r = b.post_form(&format!("/documents/{id}/tasks"), &confirmed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_ne!(r.headers()["location"].to_str().expect("ascii"), task_url);
    let task_page = b.page(&task_url).await;
    assert!(
        task_page.contains("04/03/2021")
            && task_page.contains("Quá hạn")
            && task_page.contains("ngay (5 ngày làm việc)"),
        "{task_page}"
    );
    assert!(task_page.contains("1152/VP-KGVX"), "the chain goes up to the letter");
    let chain = &task_page[task_page.find("id=\"chain\"").expect("chain")..];
    assert!(
        chain.find("356/LĐTBXH-BĐG") < chain.find("1152/VP-KGVX"),
        "…and on to the ministry's guidance it forwards"
    );

    // Progress, a bad percent, an attachment, and a sub-task passed down.
    let fields = [("date", "2021-03-02"), ("text", "Đã ban hành kế hoạch"), ("percent", "150")];
    let plan = "KẾ HOẠCH triển khai công tác bình đẳng giới năm 2021".as_bytes().to_vec();
    let r =
        post_multipart(&b, &app, &format!("{task_url}/progress"), &fields, Some(("ke-hoach.txt", plan.clone()))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = r.text().await.expect("body");
    assert!(again.contains("tỷ lệ hoàn thành từ 0 đến 100"));
    // Nothing typed is lost: the form comes back with the text, the date and the percent, and
    // the chosen file is kept on the server, named by a token (never sent back as bytes).
    assert_eq!(textarea(&again, "text"), "Đã ban hành kế hoạch");
    assert!(again.contains("name=\"percent\" inputmode=\"numeric\" size=\"4\" value=\"150\""), "{again}");
    let kept = input_value(&again, "upload_token");
    assert!(kept.starts_with("up_") && kept.ends_with("|ke-hoach.txt"), "{again}");
    assert!(again.contains("Tệp đã tải lên, giữ lại"), "{again}");
    // Another officer cannot attach it.
    let other = app.login("angiang.ubnd").await;
    let stolen = [("date", "2021-03-02"), ("text", "x"), ("upload_token", kept.as_str())];
    let r = post_multipart(&other, &app, &format!("{task_url}/progress"), &stolen, None).await;
    assert!(matches!(r.status(), StatusCode::UNPROCESSABLE_ENTITY | StatusCode::FORBIDDEN), "{}", r.status());
    let fields =
        [("date", "2021-03-02"), ("text", "Đã ban hành kế hoạch"), ("percent", "60"), ("upload_token", kept.as_str())];
    let r = post_multipart(&b, &app, &format!("{task_url}/progress"), &fields, None).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page_with_file = b.page(&task_url).await;
    let at = page_with_file.find("/progress/").expect("attachment link");
    let link = &page_with_file
        [page_with_file[..at].rfind('"').expect("href") + 1..at + page_with_file[at..].find('"').expect("end")];
    let r = b.get(link).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.expect("body").as_ref(), plan.as_slice());
    // Without the CSRF token in the query, a multipart post is refused.
    let r = app
        .client
        .post(app.url(&format!("{task_url}/progress")))
        .header(
            COOKIE,
            format!(
                "bd_csrf={}; bd_session={}",
                b.cookie("bd_csrf").expect("csrf"),
                b.cookie("bd_session").expect("session")
            ),
        )
        .multipart(reqwest::multipart::Form::new().text("text", "x"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The incoming 356 is recorded as a result document; an unknown code is named.
    let r = b.post_form(&format!("{task_url}/results"), &[("document", "999/XX-YY")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = b.post_form(&format!("{task_url}/results"), &[("document", "356/LĐTBXH-BĐG")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b.post_form(&format!("{task_url}/results"), &[("document", "356/LĐTBXH-BĐG")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = b
        .post_form(
            &format!("{task_url}/subtasks"),
            &[
                ("lead_code", "30742-UBND"),
                ("description", "Tổ chức tuyên truyền tại phường"),
                ("deadline_kind", "working_days"),
                ("deadline_days", "10"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let task_page = b.page(&task_url).await;
    assert!(
        task_page.contains("Đã ban hành kế hoạch")
            && task_page.contains("60%")
            && task_page.contains("Tổ chức tuyên truyền tại phường"),
        "{task_page}"
    );

    // The department's inbox, as of 2021, and its Excel export.
    let inbox = b.page("/tasks?agency=91-SLDTBXH&as_of=2021-03-01&bucket=overdue").await;
    assert!(
        inbox.contains("Quá hạn (2)") && inbox.contains("Tổ chức thực hiện"),
        "the task and the confirmed second: {inbox}"
    );
    let r = b.get("/tasks/export.xlsx?agency=91-SLDTBXH&as_of=2021-03-01&bucket=todo").await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.expect("body");
    let sheets = binhdang_office::xlsx::read_text(&bytes).expect("a workbook");
    let rows = &sheets[0].1;
    // A title row, what the list covers, then the table with its rows numbered from 1.
    assert!(rows[0][0].starts_with("DANH SÁCH NHIỆM VỤ CHỦ TRÌ — SỞ LAO ĐỘNG"), "{rows:?}");
    assert!(rows[1][0].starts_with("Cần làm: "), "{rows:?}");
    assert_eq!(rows[2][0], "STT");
    assert_eq!(rows[2][1], "Nội dung");
    assert_eq!(rows[3][0], "1");
    assert!(rows[3][1].starts_with("Tổ chức thực hiện"), "{rows:?}");
    assert_eq!(rows[3][5], "04/03/2021");
    assert_eq!(rows[3][7], "Quá hạn");
}

async fn an_uploaded_file_is_read_and_kept(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.login("angiang.snv").await;
    let r = paste(&mut b, &app, "", Some(("cv-1152.txt", SEED.as_bytes().to_vec()))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("body");
    assert_eq!(input_value(&page, "d0.file_name"), "cv-1152.txt");
    let mut fields = form_fields(&page, 1);
    for (k, v) in &mut fields {
        if k == "d0.register_agency_code" {
            *v = "91-VP".into();
        }
        if k == "d0.arrival_date" {
            v.clear();
        }
    }
    fields.push(("d0.direction".into(), "outgoing".into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // The form carries a token, never the file; bytes slipped into the form are not taken, and
    // another user's token opens nothing.
    let token = input_value(&page, "d0.upload_token");
    assert!(token.starts_with("up_") && !page.contains("file_base64"), "the original stays on the server");
    let mut tampered = pairs.clone();
    tampered.push(("d0.file_base64", "QmFkIGJ5dGVz"));
    let mut other = app.login("angiang.ubnd").await;
    let r = other.post_form("/documents/register", &tampered).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "another user's token");
    let r = b.post_form("/documents/register", &tampered).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().expect("ascii").to_owned();
    let r = b.get(&format!("{location}/file")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let kept = r.bytes().await.expect("body");
    assert_eq!(kept.as_ref(), SEED.as_bytes(), "the original is kept as uploaded");
    assert_eq!(
        binhdang_app::documents::sha256_hex(&kept),
        binhdang_app::documents::sha256_hex(SEED.as_bytes()),
        "the register keeps the SHA-256 of what arrived"
    );
    // The upload was taken: the same token registers nothing twice.
    let r = b.post_form("/documents/register", &pairs).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A format that cannot be read is named.
    let r = paste(&mut b, &app, "", Some(("cong-van.doc", b"\xd0\xcf\x11\xe0".to_vec()))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.expect("body").contains("cong-van.doc"));
    // A photo larger than OCR reads is refused by its header, before any program runs.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&100_000u32.to_be_bytes());
    png.extend_from_slice(&100_000u32.to_be_bytes());
    let r = paste(&mut b, &app, "", Some(("anh-chup.png", png))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.expect("body");
    assert!(body.contains("Tệp anh-chup.png: ảnh 100000 × 100000 điểm ảnh"), "{body}");
    // Without the CSRF token the upload is refused.
    let r = app
        .client
        .post(app.url("/documents/parse"))
        .multipart(reqwest::multipart::Form::new().text("text", "x"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

async fn an_inbox_holds_the_work_of_the_agencies_it_carries_on_from(backend: Backend) {
    let app = TestApp::new(backend).await;
    let ministry = app.token("bo.chuyenvien").await;
    // A 2021 task for Kiên Giang's labour department, which passed into Kiên Giang's Sở Nội vụ
    // (02/2025) and then into An Giang's (07/2025).
    let (status, task) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/tasks",
        &ministry,
        Some(serde_json::json!({"lead_code": "91-SLDTBXH", "start_date": "2021-03-01", "description": "Triển khai Kế hoạch bình đẳng giới năm 2021", "deadline_kind": "date", "deadline_date": "2021-12-15"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    // Today's An Giang officer finds it in her own inbox, with no code or date to type.
    let mut b = app.login("angiang.snv").await;
    let inbox = b.page("/tasks?bucket=overdue").await;
    assert!(inbox.contains("Triển khai Kế hoạch bình đẳng giới năm 2021"), "{inbox}");
    let (_, list) =
        send(&app, reqwest::Method::GET, "/api/v1/tasks?bucket=overdue", &app.token("angiang.snv").await, None).await;
    assert!(list.to_string().contains("Triển khai Kế hoạch bình đẳng giới năm 2021"), "{list}");
    // Hà Nội's department does not.
    let mut hanoi = app.login("hanoi.snv").await;
    assert!(!hanoi.page("/tasks?bucket=overdue").await.contains("Triển khai Kế hoạch bình đẳng giới năm 2021"));
    // She reports on it; the report is her department's, not the old department's.
    let (status, progress) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/tasks/{}/progress", task["id"]),
        &app.token("angiang.snv").await,
        Some(serde_json::json!({"text": "Đã tổng hợp kết quả năm 2021 của tỉnh Kiên Giang cũ", "percent": 100})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{progress}");
    assert_eq!(progress["kind"], "progress");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 15).expect("day");
    let agency = app.db.store.unit_by_code("91-SNV", day).await.expect("query").expect("An Giang's department");
    assert_eq!(progress["unit"], agency.id.0, "{progress}");
    let page = b.page(&format!("/tasks/{}", task["id"])).await;
    let report = page.split("Đã tổng hợp kết quả năm 2021").next().expect("page");
    let last_row = report.rsplit("<li").next().expect("row");
    assert!(last_row.contains(&agency.name), "{last_row}");
}

/// Sets `key` in a form's fields, adding it when absent.
fn set(fields: &mut Vec<(String, String)>, key: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => value.clone_into(v),
        None => fields.push((key.to_owned(), value.to_owned())),
    }
}

/// The review form shows the assignments the parser found; the officer corrects one, leaves one
/// out and adds one. A bad deadline brings the form back with what was typed; the document keeps
/// the assignments as corrected, and its tasks are given by the committee whose office sent the
/// letter.
async fn the_officer_corrects_the_assignments_found(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.login("angiang.snv").await;
    let r = paste(&mut b, &app, SEED, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("body");
    // 1152's assignment, shown to be checked (lead as printed, the work, at once).
    let lead = input_value(&page, "d0.a0.lead");
    assert!(lead.contains("Sở Lao động - Thương binh và Xã hội"), "{lead}");
    assert!(textarea(&page, "d0.a0.action").len() > 20);
    assert!(page.contains("name=\"d0.a0.at_once\" value=\"1\" checked"), "\"ngay\" is read as at once");
    let rows_356: usize = input_value(&page, "d1.assignment_count").parse().expect("rows");
    assert!(rows_356 >= 2, "356's assignments and an empty row");

    let mut fields = form_fields(&page, 2);
    set(&mut fields, "d0.register_agency_code", "91-VP");
    set(&mut fields, "d1.register_agency_code", "91-VP");
    set(&mut fields, "d1.arrival_date", "22/02/2021");
    set(&mut fields, "d0.arrival_date", "");
    set(&mut fields, "d0.direction", "outgoing");
    set(&mut fields, "d1.direction", "incoming");
    set(&mut fields, "d0.forwards_next", "1");
    // The officer shortens the work, drops 356's first assignment and adds one with a bad date.
    set(&mut fields, "d0.a0.action", "Xây dựng kế hoạch thực hiện công tác bình đẳng giới năm 2021");
    fields.retain(|(k, _)| k != "d1.a0.keep");
    let new_row = input_value(&page, "d0.assignment_count").parse::<usize>().expect("rows") - 1;
    set(&mut fields, &format!("d0.a{new_row}.lead"), "Sở Y tế");
    set(&mut fields, &format!("d0.a{new_row}.action"), "Lồng ghép bình đẳng giới trong chăm sóc sức khỏe");
    set(&mut fields, &format!("d0.a{new_row}.deadline"), "31/13/2021");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = b.post_form("/documents/register", &pairs).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = r.text().await.expect("body");
    assert!(again.contains("thời hạn &#34;31/13/2021&#34; không đúng dạng ngày/tháng/năm"), "{again}");
    // Nothing typed is lost: the corrected work, the added row, the row left out.
    assert_eq!(textarea(&again, "d0.a0.action"), "Xây dựng kế hoạch thực hiện công tác bình đẳng giới năm 2021");
    assert_eq!(input_value(&again, &format!("d0.a{new_row}.lead")), "Sở Y tế");
    assert_eq!(input_value(&again, &format!("d0.a{new_row}.deadline")), "31/13/2021");
    assert!(!again.contains("name=\"d1.a0.keep\" value=\"1\" checked"), "the row left out stays left out");

    // 356 passed and is registered: the form says so and sends it no more, and the covering
    // letter registered now still points at it.
    assert!(again.contains("Đã vào sổ: Văn bản đến số 1."), "{again}");
    assert!(!again.contains("name=\"d1.include\" value=\"1\" checked"), "{again}");
    fields.retain(|(k, _)| k != "d1.include");
    set(&mut fields, "d1.registered_id", &input_value(&again, "d1.registered_id"));
    set(&mut fields, &format!("d0.a{new_row}.deadline"), "15/12/2021");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = b.post_form("/documents/register", &pairs).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let location = r.headers()["location"].to_str().expect("ascii").to_owned();
    let id: i64 = location.trim_start_matches("/documents/").parse().expect("id");
    let token = app.token("angiang.snv").await;
    let (_, doc) = send(&app, Method::GET, &format!("/api/v1/documents/{id}"), &token, None).await;
    let assignments = doc["assignments"].as_array().expect("assignments");
    assert_eq!(assignments.len(), 2, "{doc}");
    assert_eq!(assignments[0]["action"], "Xây dựng kế hoạch thực hiện công tác bình đẳng giới năm 2021");
    assert_eq!(assignments[1]["lead"], "Sở Y tế");
    assert_eq!(assignments[1]["deadline"], "2021-12-15");
    let forwarded = doc["forwards"].as_i64().expect("356 registered with it");
    let (_, guidance) = send(&app, Method::GET, &format!("/api/v1/documents/{forwarded}"), &token, None).await;
    assert_eq!(guidance["assignments"].as_array().expect("assignments").len(), rows_356 - 2, "{guidance}");

    // The task from 1152 is given by the province's committee, for which its office wrote.
    let (status, task) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &token,
        Some(json!({"document_id": id, "lead_code": "91-SLDTBXH", "description": "Xây dựng kế hoạch", "deadline_kind": "none", "start_date": "2021-02-25"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let (_, committee) = send(&app, Method::GET, "/api/v1/units/91-UBND?as_of=2021-02-25", &token, None).await;
    assert_eq!(task["assigner"], committee["id"], "{task} {committee}");
}

on_both_backends!(
    the_officer_corrects_the_assignments_found,
    the_seed_is_registered_through_the_pages,
    an_uploaded_file_is_read_and_kept,
    an_inbox_holds_the_work_of_the_agencies_it_carries_on_from,
);
