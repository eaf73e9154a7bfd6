//! Regression tests of the security and reliability review, one per finding, named after what
//! they pin: hostile uploads, the citation graph across scopes, administrators widening their
//! own scope, assignments outside the assigner's reach, approval of plans, login throttling,
//! tokens, bounded input (search words, numbers, page numbers, bodies), versions on every write,
//! open redirects, what anonymous callers see, and registers under concurrent writes.

use std::io::Write;
use std::time::{Duration, Instant};

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{PASSWORD, TestApp, on_both_backends, send};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook of 1–2 KB with one cell at A1 and one at XFD1048576: a reader that allocates the
/// dense range between them asks for half a terabyte.
pub fn dense_range_workbook() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let files: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Chỉ tiêu" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>MT1.CT1</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#,
        ),
    ];
    for (name, content) in files {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A plan of An Giang's Department of Home Affairs, created by its officer.
async fn a_plan(app: &TestApp, token: &str) -> Value {
    let (status, plan) = send(
        app,
        Method::POST,
        "/api/v1/plans",
        token,
        Some(json!({"agency_code": "91-SNV", "title": "Kế hoạch bình đẳng giới năm 2026", "year_from": 2026, "year_to": 2026})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    plan
}

async fn a_dense_range_workbook_is_refused_and_the_server_lives(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;
    let plan = a_plan(&app, &officer).await;
    let path = format!("/api/v1/plans/{}/targets?file=chi-tieu.xlsx", plan["id"]);
    let workbook = dense_range_workbook();
    assert!(workbook.len() < 4096, "a small file: {} bytes", workbook.len());
    // The viewer is refused before the body is read.
    let viewer = app.token("xem").await;
    let r = app
        .api(Method::PUT, &path, &viewer)
        .header(CONTENT_TYPE, XLSX)
        .body(workbook.clone())
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The officer who may change the plan gets a clear refusal naming the cell.
    let started = Instant::now();
    let r = app
        .api(Method::PUT, &path, &officer)
        .header(CONTENT_TYPE, XLSX)
        .body(workbook.clone())
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = r.json().await.expect("JSON");
    let message = err["error"]["fields"][0]["message"].as_str().expect("message").to_owned();
    assert!(message.contains("chi-tieu.xlsx") && message.contains("XFD1048576"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // The plan page's upload too; and the server still answers.
    let mut b = app.login("angiang.snv").await;
    let csrf = b.cookie("bd_csrf").expect("csrf").to_owned();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(workbook).file_name("chi-tieu.xlsx").mime_str(XLSX).expect("mime"),
    );
    let r = app
        .client
        .post(app.url(&format!("/plans/{}/targets?_csrf={csrf}", plan["id"])))
        .header(reqwest::header::COOKIE, b.cookie_header_value())
        .multipart(form)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.expect("page").contains("XFD1048576"));
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let _ = b.page("/").await;
}

/// Registers a letter (incoming) into `register` with `body` text; returns its JSON.
async fn register_letter(
    app: &TestApp,
    token: &str,
    register: &str,
    code: (i64, &str),
    cites: &[&str],
    body: &str,
) -> Value {
    let references: Vec<Value> =
        cites.iter().map(|c| json!({"doc_type": "Công văn", "full_code": c, "date": "2026-01-05"})).collect();
    let (status, doc) = send(
        app,
        Method::POST,
        "/api/v1/documents",
        token,
        Some(json!({
            "direction": "incoming",
            "register_agency_code": register,
            "arrival_date": "2026-03-02",
            "issuer_name": "Bộ Nội vụ",
            "number": code.0.to_string(),
            "symbol": code.1,
            "doc_type": "Công văn",
            "date": "2026-01-05",
            "subject": "V/v triển khai công tác bình đẳng giới",
            "references": references,
            "body": body,
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    doc
}

async fn related_letters_pass_the_same_read_check(backend: Backend) {
    let app = TestApp::new(backend).await;
    let hanoi = app.token("hanoi.snv").await;
    let angiang = app.token("angiang.snv").await;
    let secret = "NỘI DUNG CHỈ HÀ NỘI ĐƯỢC ĐỌC";
    let theirs = register_letter(&app, &hanoi, "01-SNV", (71, "BNV-BĐG"), &[], secret).await;
    let mine = register_letter(&app, &angiang, "91-SNV", (88, "SNV-BĐG"), &["71/BNV-BĐG"], "").await;
    // An Giang reads its own letter: the citation says that a letter with that code is
    // registered elsewhere, and nothing of it.
    let (status, detail) = send(&app, Method::GET, &format!("/api/v1/documents/{}", mine["id"]), &angiang, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!detail.to_string().contains(secret), "{detail}");
    assert_eq!(detail["references"][0]["registered"], json!([]));
    assert_eq!(detail["references"][0]["registered_elsewhere"], 1);
    // Hà Nội reads its letter: An Giang's citing letter is not listed.
    let (_, detail) = send(&app, Method::GET, &format!("/api/v1/documents/{}", theirs["id"]), &hanoi, None).await;
    assert_eq!(detail["cited_by"], json!([]));
    // The page shows no link to the Hà Nội letter either.
    let mut b = app.login("angiang.snv").await;
    let page = b.page(&format!("/documents/{}", mine["id"])).await;
    assert!(!page.contains(&format!("/documents/{}\"", theirs["id"])), "no link to a letter out of scope");
    // Forwarding and tasks refuse a letter the user cannot read.
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/documents",
        &angiang,
        Some(json!({
            "direction": "outgoing", "register_agency_code": "91-SNV", "number": "5", "symbol": "SNV-VP",
            "doc_type": "Công văn", "date": "2026-03-03", "subject": "V/v chuyển văn bản", "issuer_name": "Sở Nội vụ tỉnh An Giang",
            "forwards_id": theirs["id"],
        })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &angiang,
        Some(json!({"document_id": theirs["id"], "lead_code": "91-SNV", "description": "Thực hiện", "deadline_kind": "none"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn an_administrator_cannot_widen_their_own_scope(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.token("angiang.admin").await;
    let unit = app.get_json("/api/v1/units/91-SNV", StatusCode::OK).await;
    // Moving their own agency to serve the nation is refused, whichever field moves it.
    for (field, value) in [("area_code", "VN"), ("parent_code", "BNV")] {
        let mut body = json!({"code": "91-SNV", "name": unit["name"], "kind": unit["kind"], "parent_code": unit["parent_code"], "valid_from": unit["valid_from"], "version": unit["version"]});
        body[field] = json!(value);
        let (status, err) = send(&app, Method::PUT, "/api/v1/units/91-SNV", &admin, Some(body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{field}: {err}");
    }
    // Nothing moved: the admin still cannot touch a national indicator.
    let (status, _) =
        send(&app, Method::POST, "/api/v1/indicators/MT1.CT1/retire", &admin, Some(json!({"version": 1}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A successor outside their scope is refused too (both ends of a lineage edge are checked).
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/units/91-SNV/successors",
        &admin,
        Some(json!({"successor_code": "01-SNV", "kind": "merged"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The form does the same.
    let mut b = app.login("angiang.admin").await;
    let version = unit["version"].to_string();
    let r = b
        .post_form(
            &format!("/units/{}/edit", unit["id"]),
            &[
                ("code", "91-SNV"),
                ("name", unit["name"].as_str().expect("name")),
                ("kind", unit["kind"].as_str().expect("kind")),
                ("parent_code", unit["parent_code"].as_str().expect("parent")),
                ("area_code", "VN"),
                ("valid_from", unit["valid_from"].as_str().unwrap_or("")),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

async fn assigning_needs_the_assignees_within_reach(backend: Backend) {
    let app = TestApp::new(backend).await;
    let commune = app.token("xa.rachgia").await;
    // A commune officer cannot put a task in a Hà Nội department's inbox…
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &commune,
        Some(json!({"lead_code": "01-SNV", "description": "Báo cáo ngay", "deadline_kind": "none"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{err}");
    // …nor name one as coordinator…
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &commune,
        Some(json!({"lead_code": "30742-UBND", "coordinator_codes": ["01-SNV"], "description": "Phối hợp", "deadline_kind": "none"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // …nor fan a letter out to every province.
    let letter = register_letter(&app, &commune, "30742-UBND", (3, "UBND-VX"), &[], "").await;
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/documents/{}/fan-out", letter["id"]),
        &commune,
        Some(json!({"kind": "provincial_committee", "descriptions": ["Báo cáo"], "deadline_kind": "none"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Within reach it works: the province assigns to its own department and to a commune of it.
    let province = app.token("angiang.ubnd").await;
    let (status, task) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &province,
        Some(json!({"lead_code": "91-SNV", "coordinator_codes": ["30742-UBND"], "description": "Chủ trì", "deadline_kind": "none"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
}

async fn only_leaders_issue_plans_and_issued_plans_are_locked(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;
    let leader = app.token("angiang.lanhdao").await;
    let plan = a_plan(&app, &officer).await;
    let id = plan["id"].clone();
    let (status, _) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/plans/{id}"),
        &officer,
        Some(json!({"status": "issued", "version": plan["version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an officer does not issue");
    let (status, issued) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/plans/{id}"),
        &leader,
        Some(json!({"status": "issued", "version": plan["version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    // Issued is locked: items, targets, budget and the header stay as issued.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/plans/{id}/items"),
        &officer,
        Some(json!({"group": 1, "title": "Thêm"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/plans/{id}/targets"),
        &officer,
        Some(json!([{"indicator": "MT1.CT1", "year": 2026, "value": 70}])),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/plans/{id}/budget"),
        &officer,
        Some(json!({"source": "ngan_sach_dia_phuong", "year": 2026, "amount": 1000})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/plans/{id}"),
        &officer,
        Some(json!({"status": "draft", "version": issued["version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an officer does not reopen it either");
    // The page offers the officer no edit forms and no status button on an issued plan.
    let mut b = app.login("angiang.snv").await;
    let page = b.page(&format!("/plans/{id}")).await;
    assert!(!page.contains(&format!("/plans/{id}/items\"")) && !page.contains(&format!("/plans/{id}/status\"")));
    // The leader reopens it, and the officer edits again.
    let (status, reopened) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/plans/{id}"),
        &leader,
        Some(json!({"status": "draft", "version": issued["version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reopened}");
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/plans/{id}/items"),
        &officer,
        Some(json!({"group": 1, "title": "Thêm"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

async fn login_throttling_counts_atomically_and_by_user_and_address(backend: Backend) {
    let app = TestApp::new(backend).await;
    // Thirty wrong passwords at once: at most the limit are checked, the rest are 429.
    let attempts = (0..30).map(|_| {
        let client = app.client.clone();
        let url = app.url("/api/v1/auth/token");
        async move {
            client
                .post(url)
                .json(&json!({"username": "angiang.snv", "password": "wrong-password"}))
                .send()
                .await
                .expect("request")
                .status()
        }
    });
    let statuses = futures_join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::FORBIDDEN).count();
    let throttled = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(checked + throttled, 30, "{statuses:?}");
    assert!(checked <= 5, "{checked} wrong passwords were checked past the limit of 5");
    // The owner, from another address, still logs in: a stranger cannot lock them out.
    let other =
        reqwest::Client::builder().local_address(std::net::IpAddr::from([127, 0, 0, 2])).build().expect("client");
    let r = other
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"username": "angiang.snv", "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    // The current-password check of the password form is throttled too.
    let mut b = app.login("bo.chuyenvien").await;
    let mut last = StatusCode::OK;
    for _ in 0..8 {
        let r = b
            .post_form(
                "/account/password",
                &[("current_password", "wrong-password"), ("new_password", "mat-khau-moi-2026")],
            )
            .await;
        last = r.status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

/// Runs futures concurrently and collects their outputs in order.
async fn futures_join_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

async fn tokens_expire_and_die_with_the_password(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let (status, me) = send(&app, Method::GET, "/api/v1/me", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    // Every token carries its expiry.
    let (_, tokens) = send(&app, Method::GET, "/api/v1/tokens", &token, None).await;
    assert!(tokens["items"][0]["expires_at"].is_string(), "{tokens}");
    let expires: chrono::DateTime<chrono::Utc> =
        tokens["items"][0]["expires_at"].as_str().expect("expiry").parse().expect("RFC 3339");
    let hash = binhdang_web::auth::hash_secret(&token);
    assert!(app.db.store.token_user(&hash, expires - chrono::Duration::minutes(1)).await.expect("query").is_some());
    assert!(app.db.store.token_user(&hash, expires).await.expect("query").is_none(), "expired");
    // An administrator's reset revokes the user's tokens.
    let admin = app.token("angiang.admin").await;
    let (status, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/users/{}/password", me["id"]),
        &admin,
        Some(json!({"password": "mat-khau-moi-2026"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(send(&app, Method::GET, "/api/v1/me", &token, None).await.0, StatusCode::UNAUTHORIZED);
    // So does the user's own change.
    let token = app.token_for("angiang.snv", "mat-khau-moi-2026").await.expect("new password works");
    let mut b = app.browser().await;
    let r = b.post_form("/login", &[("username", "angiang.snv"), ("password", "mat-khau-moi-2026")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b
        .post_form(
            "/account/password",
            &[("current_password", "mat-khau-moi-2026"), ("new_password", "mat-khau-thu-ba-2026")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(send(&app, Method::GET, "/api/v1/me", &token, None).await.0, StatusCode::UNAUTHORIZED);
}

async fn input_is_bounded_with_clear_messages(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    // A search of a thousand words.
    let q = vec!["binh"; 1000].join("%20");
    let (status, err) = send(&app, Method::GET, &format!("/api/v1/documents?q={q}"), &token, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(err["error"]["fields"][0]["field"] == "q", "{err}");
    let mut b = app.login("angiang.snv").await;
    let r = b.get(&format!("/documents?q={q}")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Money: two budget lines of i64::MAX cannot wrap a total; each is refused at input.
    let plan = a_plan(&app, &token).await;
    let (status, err) = send(
        &app,
        Method::POST,
        &format!("/api/v1/plans/{}/budget", plan["id"]),
        &token,
        Some(json!({"source": "ngan_sach_dia_phuong", "year": 2026, "amount": i64::MAX})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    // Counts: 1e300 people is not a count.
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/activities",
        &token,
        Some(json!({"type": "training_course", "area_code": "91", "date_from": "2026-02-10", "title": "Tập huấn", "data": {"target_group": "nu_ung_cu_vien", "days": 2, "participants": 1e300, "women": 1}})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    // Register numbers: a printed number beyond any register is refused, not wrapped.
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/documents",
        &token,
        Some(json!({"direction": "outgoing", "register_agency_code": "91-SNV", "number": i64::MAX.to_string(), "symbol": "SNV-VP", "doc_type": "Công văn", "date": "2026-03-03", "subject": "V/v thử", "issuer_name": "Sở Nội vụ tỉnh An Giang"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    // Page numbers far past the end are refused, not wrapped.
    let r = b.get("/units?q=a&page=4294967295").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = b.get("/documents?page=4294967295").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = send(&app, Method::GET, "/api/v1/documents?offset=4294967295", &token, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn an_administrator_cannot_deactivate_themselves(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.token("angiang.admin").await;
    let (_, me) = send(&app, Method::GET, "/api/v1/me", &admin, None).await;
    let (status, _) =
        send(&app, Method::PATCH, &format!("/api/v1/users/{}", me["id"]), &admin, Some(json!({"active": false}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(send(&app, Method::GET, "/api/v1/me", &admin, None).await.0, StatusCode::OK);
}

async fn login_redirects_only_to_local_paths(backend: Backend) {
    let app = TestApp::new(backend).await;
    // The finding's URL: the tab arrives decoded in the login page's hidden field.
    let page = app.get("/login?next=/%09/evil.example/x").await.text().await.expect("page");
    assert!(page.contains("name=\"next\" value=\"/\""), "the login form carries only a local path");
    for next in [
        "/\t/evil.example/x",
        "/\n/evil.example",
        "/ /evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "evil.example",
    ] {
        let mut b = app.browser().await;
        let r = b.post_form("/login", &[("username", "angiang.snv"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/", "next={next:?}");
    }
    let mut b = app.browser().await;
    let r = b
        .post_form("/login", &[("username", "angiang.snv"), ("password", PASSWORD), ("next", "/tasks?bucket=overdue")])
        .await;
    assert_eq!(r.headers()["location"], "/tasks?bucket=overdue");
}

async fn writes_carry_the_version_and_deletes_are_recoverable(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let (status, created) = send(
        &app,
        Method::POST,
        "/api/v1/activities",
        &token,
        Some(json!({"type": "training_course", "area_code": "91", "date_from": "2026-02-10", "title": "Tập huấn", "data": {"target_group": "nu_ung_cu_vien", "days": 2, "participants": 30, "women": 20}})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].clone();
    // A form without a valid version is refused, not applied over the newest.
    let mut b = app.login("angiang.snv").await;
    for version in [None, Some("abc")] {
        let mut fields = vec![
            ("area_code", "91"),
            ("date_from", "2026-02-10"),
            ("title", "Tập huấn (sửa)"),
            ("target_group", "nu_ung_cu_vien"),
            ("days", "2"),
            ("participants", "30"),
            ("women", "20"),
        ];
        if let Some(v) = version {
            fields.push(("version", v));
        }
        let r = b.post_form(&format!("/activities/{id}/edit"), &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "version {version:?}");
    }
    let unit = app.get_json("/api/v1/units/91-SNV", StatusCode::OK).await;
    let mut admin = app.login("angiang.admin").await;
    let r = admin
        .post_form(
            &format!("/units/{}/edit", unit["id"]),
            &[
                ("code", "91-SNV"),
                ("name", "Sở Nội vụ"),
                ("kind", unit["kind"].as_str().expect("kind")),
                ("parent_code", unit["parent_code"].as_str().expect("p")),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a unit form without its version");
    // A delete carries the version read.
    let (status, _) = send(&app, Method::DELETE, &format!("/api/v1/activities/{id}"), &token, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = send(&app, Method::DELETE, &format!("/api/v1/activities/{id}?version=99"), &token, None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) =
        send(&app, Method::DELETE, &format!("/api/v1/activities/{id}?version={}", created["version"]), &token, None)
            .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        send(&app, Method::GET, &format!("/api/v1/activities/{id}"), &token, None).await.0,
        StatusCode::NOT_FOUND
    );
    // An administrator sees it among the deleted and restores it, files and all.
    let national = app.token("admin").await;
    let (status, deleted) = send(&app, Method::GET, "/api/v1/activities/deleted", &national, None).await;
    assert_eq!(status, StatusCode::OK, "{deleted}");
    assert!(deleted["items"].as_array().expect("items").iter().any(|d| d["id"] == id), "{deleted}");
    assert_eq!(send(&app, Method::GET, "/api/v1/activities/deleted", &token, None).await.0, StatusCode::FORBIDDEN);
    let (status, restored) =
        send(&app, Method::POST, &format!("/api/v1/activities/{id}/restore"), &national, None).await;
    assert_eq!(status, StatusCode::OK, "{restored}");
    let (status, back) = send(&app, Method::GET, &format!("/api/v1/activities/{id}"), &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(back["title"], "Tập huấn");
}

async fn bodies_are_limited_before_authentication(backend: Backend) {
    let app = TestApp::new(backend).await;
    // 31 MB to the login form: refused without reading it all.
    let b = app.browser().await;
    let csrf = b.cookie("bd_csrf").expect("csrf").to_owned();
    let big = format!("_csrf={csrf}&username=x&password={}", "a".repeat(31 * 1024 * 1024));
    let started = Instant::now();
    let r = app
        .client
        .post(app.url("/login"))
        .header(reqwest::header::COOKIE, b.cookie_header_value())
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await;
    assert_refused_as_too_large(r);
    assert!(started.elapsed() < Duration::from_secs(10));
    // An anonymous JSON body to the token endpoint is small too.
    let r = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header(CONTENT_TYPE, "application/json")
        .body(format!("{{\"username\":\"{}\",\"password\":\"x\"}}", "a".repeat(2 * 1024 * 1024)))
        .send()
        .await;
    assert_refused_as_too_large(r);
}

/// A body over the limit is answered 413, or — when the server answers and closes before the client
/// has finished writing — the client's write fails. Either way the server stopped reading: a server
/// that read the whole body would answer 400 or 401 and the write would succeed.
fn assert_refused_as_too_large(r: Result<reqwest::Response, reqwest::Error>) {
    match r {
        Ok(r) => assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => assert!(e.is_request() && !e.is_timeout(), "the request failed otherwise: {e:?}"),
    }
}

async fn contacts_and_metrics_need_login(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let unit = app.get_json("/api/v1/units/91-SNV", StatusCode::OK).await;
    let (_, contact) = send(&app, Method::GET, "/api/v1/units/91-SNV/contact", &token, None).await;
    let contact_version = contact["version"].as_i64().unwrap_or(0);
    let (status, _) = send(
        &app,
        Method::PUT,
        "/api/v1/units/91-SNV/contact",
        &token,
        Some(json!({"focal_person": "Nguyễn Thị Đầu Mối", "position": "Chuyên viên", "phone": "0297 3861 234", "email": "daumoi@angiang.gov.vn", "version": contact_version})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let anonymous = app.get(&format!("/units/{}", unit["id"])).await.text().await.expect("page");
    assert!(
        !anonymous.contains("daumoi@angiang.gov.vn") && !anonymous.contains("3861 234"),
        "contact shown without login"
    );
    let mut b = app.login("xem").await;
    assert!(b.page(&format!("/units/{}", unit["id"])).await.contains("daumoi@angiang.gov.vn"));
    // Metrics are not for anyone who asks.
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
}

async fn thirty_two_letters_at_once_get_numbers_one_to_thirty_two(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let requests = (1..=32).map(|n| {
        let client = app.client.clone();
        let url = app.url("/api/v1/documents");
        let token = token.clone();
        async move {
            let r = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({
                    "direction": "incoming", "register_agency_code": "91-SNV", "arrival_date": "2026-03-02",
                    "issuer_name": "Bộ Nội vụ", "number": n.to_string(), "symbol": "BNV-BĐG", "doc_type": "Công văn",
                    "date": "2026-02-27", "subject": format!("V/v văn bản thứ {n}"),
                }))
                .send()
                .await
                .expect("request");
            let status = r.status();
            (status, r.json::<Value>().await.expect("JSON"))
        }
    });
    let answers = futures_join_all(requests).await;
    let mut numbers: Vec<i64> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, StatusCode::CREATED, "{body}");
            body["register_number"].as_i64().expect("number")
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=32).collect::<Vec<_>>());
}

async fn slow_or_idle_clients_are_cut_off(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::new(backend).await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    // Headers that never finish: the connection is closed after the header timeout (2 s here).
    let mut slow = tokio::net::TcpStream::connect(&addr).await.expect("connect");
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.expect("write");
    let started = Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), slow.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the server closed the connection");
    assert!(started.elapsed() < Duration::from_secs(8));
    // An idle kept-alive connection is closed the same way.
    let mut idle = tokio::net::TcpStream::connect(&addr).await.expect("connect");
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("write");
    let mut buf = vec![0u8; 4096];
    let n = idle.read(&mut buf).await.expect("answer");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let started = Instant::now();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), idle.read_to_end(&mut rest)).await;
    assert!(read.is_ok() && started.elapsed() < Duration::from_secs(8), "the idle connection was closed");
}

/// A PDF of `pages` pages that all draw one content stream inflating to `size` bytes of spaces.
fn shared_stream_pdf(pages: usize, size: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![b' '; size]).expect("deflate");
    let stream = z.finish().expect("deflate");
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 4)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes(),
        [format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", stream.len()).as_bytes(), &stream, b"\nendstream"]
            .concat(),
    ];
    objects.extend(
        (0..pages).map(|_| b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>".to_vec()),
    );
    binhdang_office::fixtures::pdf(&objects)
}

async fn small_hostile_letters_do_not_stall_the_server(backend: Backend) {
    let app = TestApp::new(backend).await;
    let pdf = shared_stream_pdf(200, 50 << 20);
    assert!(pdf.len() < 200 * 1024, "a small file: {} bytes", pdf.len());
    let b = app.login("angiang.snv").await;
    let csrf = b.cookie("bd_csrf").expect("csrf").to_owned();
    let cookie = b.cookie_header_value();
    let uploads: Vec<_> = (0..2)
        .map(|i| {
            let (client, url, cookie, pdf) =
                (app.client.clone(), app.url(&format!("/documents/parse?_csrf={csrf}")), cookie.clone(), pdf.clone());
            tokio::spawn(async move {
                let form = reqwest::multipart::Form::new()
                    .part("file", reqwest::multipart::Part::bytes(pdf).file_name(format!("chung-{i}.pdf")));
                let r = client
                    .post(url)
                    .header(reqwest::header::COOKIE, cookie)
                    .multipart(form)
                    .send()
                    .await
                    .expect("request");
                (r.status(), r.text().await.expect("page"))
            })
        })
        .collect();
    // While they are read, the server keeps answering.
    let mut slowest = Duration::ZERO;
    while !uploads.iter().all(tokio::task::JoinHandle::is_finished) {
        let started = Instant::now();
        assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(slowest < Duration::from_secs(1), "/healthz waited {slowest:?} behind the uploads");
    for u in uploads {
        let (status, page) = u.await.expect("upload");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("chung-") && page.contains("MiB"), "the refusal names the file and the limit");
    }
}

on_both_backends!(
    small_hostile_letters_do_not_stall_the_server,
    slow_or_idle_clients_are_cut_off,
    a_dense_range_workbook_is_refused_and_the_server_lives,
    related_letters_pass_the_same_read_check,
    an_administrator_cannot_widen_their_own_scope,
    assigning_needs_the_assignees_within_reach,
    only_leaders_issue_plans_and_issued_plans_are_locked,
    login_throttling_counts_atomically_and_by_user_and_address,
    tokens_expire_and_die_with_the_password,
    input_is_bounded_with_clear_messages,
    an_administrator_cannot_deactivate_themselves,
    login_redirects_only_to_local_paths,
    writes_carry_the_version_and_deletes_are_recoverable,
    bodies_are_limited_before_authentication,
    contacts_and_metrics_need_login,
    thirty_two_letters_at_once_get_numbers_one_to_thirty_two,
);

/// `binhdang backup` while a writer registers letters, then `binhdang restore` into a new folder:
/// the restored database passes its integrity check and holds every letter whose registration
/// had answered before the backup began.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_every_committed_record() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let app = TestApp::new(Backend::Sqlite).await;
    let token = app.token("angiang.snv").await;
    let stop = Arc::new(AtomicBool::new(false));
    let committed = Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let writer = {
        let (client, url, token, stop, committed) =
            (app.client.clone(), app.url("/api/v1/documents"), token.clone(), stop.clone(), committed.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let r = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({
                        "direction": "incoming", "register_agency_code": "91-SNV", "arrival_date": "2026-03-02",
                        "issuer_name": "Bộ Nội vụ", "number": n.to_string(), "symbol": "BNV-BĐG", "doc_type": "Công văn",
                        "date": "2026-02-27", "subject": format!("V/v văn bản thứ {n}"), "body": "x".repeat(20_000),
                    }))
                    .send()
                    .await
                    .expect("request");
                assert_eq!(r.status(), StatusCode::CREATED);
                let id = r.json::<Value>().await.expect("JSON")["id"].as_i64().expect("id");
                committed.lock().expect("lock").push(id);
            }
        })
    };
    // Let some letters in, then back up while the writer goes on.
    while committed.lock().expect("lock").len() < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before: Vec<i64> = committed.lock().expect("lock").clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let backup = dir.path().join("sao-luu.db");
    let run = |args: Vec<String>, url: String| {
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_binhdang"))
                .args(&args)
                .env("BINHDANG_DATABASE_URL", url)
                .env("BINHDANG_LOG", "warn")
                .output()
                .expect("binhdang runs")
        })
    };
    let out = run(vec!["backup".into(), "--output".into(), backup.display().to_string()], app.db.url.clone())
        .await
        .expect("backup");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    let total = committed.lock().expect("lock").len();
    assert!(total > before.len(), "the writer kept writing during the backup");
    // Restore into a new folder and serve it.
    let restored_url = format!("sqlite://{}/restored/binhdang.db", dir.path().display());
    let out = run(vec!["restore".into(), "--input".into(), backup.display().to_string()], restored_url.clone())
        .await
        .expect("restore");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let restored = TestApp::with_db(crate::support::TestDb::open(&restored_url).await).await;
    assert_eq!(restored.db.store.integrity_problems().await.expect("check"), Vec::<String>::new());
    let token = restored.token("angiang.snv").await;
    for id in &before {
        let (status, _) = send(&restored, Method::GET, &format!("/api/v1/documents/{id}"), &token, None).await;
        assert_eq!(status, StatusCode::OK, "letter {id} was committed before the backup began");
    }
}
