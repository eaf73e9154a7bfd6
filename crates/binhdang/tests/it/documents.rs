//! Letters to tasks over HTTP: the seed pair (the province office's 1152/VP-KGVX forwarding the
//! ministry's 356/LĐTBXH-BĐG) parsed, registered, directed, turned into a task and a sub-task,
//! searched; duplicates, scope and the fan-out of a guidance letter to every province.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

/// The seed text, as kept in the parser's corpus.
pub const SEED: &str = include_str!("../../../vanban/tests/corpus/seed-1152-356.txt");
const SEED_EXPECTED: &str = include_str!("../../../vanban/tests/corpus/seed-1152-356.json");

/// Turns a parsed letter into a register request.
pub fn register_body(letter: &Value, direction: &str, agency: &str, arrival: Option<&str>) -> Value {
    json!({
        "direction": direction,
        "register_agency_code": agency,
        "arrival_date": arrival,
        "issuer_name": letter["issuer"],
        "parent_issuer": letter["parent_issuer"],
        "number": letter["number"],
        "symbol": letter["symbol"],
        "doc_type": letter["doc_type"],
        "place": letter["place"],
        "date": letter["date"],
        "subject": letter["subject"],
        "recipients": letter["recipients"],
        "cc": letter["cc"],
        "signer_name": letter["signer_name"],
        "signer_title": letter["signer_title"],
        "signing_authority_prefix": letter["signing_authority_prefix"],
        "references": letter["references"],
        "assignments": letter["assignments"],
        "body": "",
    })
}

/// Parses the seed and registers 356 (incoming) and 1152 (outgoing, forwarding 356) at the
/// Kiên Giang provincial office; returns (356, 1152).
pub async fn register_seed(app: &TestApp, token: &str) -> (Value, Value) {
    let (status, letters) =
        send(app, Method::POST, "/api/v1/documents/parse", token, Some(json!({"text": SEED}))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, guidance) = send(
        app,
        Method::POST,
        "/api/v1/documents",
        token,
        Some(register_body(&letters[1], "incoming", "91-VP", Some("2021-02-22"))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{guidance}");
    let mut body = register_body(&letters[0], "outgoing", "91-VP", None);
    body["forwards_id"] = guidance["id"].clone();
    let (status, letter) = send(app, Method::POST, "/api/v1/documents", token, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{letter}");
    (guidance, letter)
}

async fn the_seed_parses_to_its_two_documents(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let (status, letters) =
        send(&app, Method::POST, "/api/v1/documents/parse", &token, Some(json!({"text": SEED}))).await;
    assert_eq!(status, StatusCode::OK);
    let expected: Value = serde_json::from_str(SEED_EXPECTED).expect("expected JSON");
    assert_eq!(letters.as_array().expect("array").len(), 2);
    for (got, want) in letters.as_array().expect("array").iter().zip(expected.as_array().expect("array")) {
        for field in [
            "issuer",
            "parent_issuer",
            "number",
            "symbol",
            "full_code",
            "doc_type",
            "place",
            "date",
            "subject",
            "recipients",
            "cc",
            "signer_name",
            "signer_title",
            "signing_authority_prefix",
        ] {
            assert_eq!(got[field], want[field], "{field}");
        }
        let codes = |v: &Value| {
            v["references"].as_array().expect("refs").iter().map(|r| r["full_code"].clone()).collect::<Vec<_>>()
        };
        assert_eq!(codes(got), codes(want));
    }
    assert_eq!(letters[0]["forwards"], "356/LĐTBXH-BĐG");
}

async fn the_seed_goes_from_letters_to_tasks(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let (guidance, letter) = register_seed(&app, &token).await;

    // The ministry's letter in the 2021 incoming register of the Kiên Giang provincial office.
    assert_eq!(guidance["direction"], "incoming");
    assert_eq!(guidance["register_year"], 2021);
    assert_eq!(guidance["register_number"], 1);
    let molisa = app.get_json("/api/v1/units/BLDTBXH?as_of=2021-02-19", StatusCode::OK).await;
    assert_eq!(guidance["issuer_id"], molisa["id"], "the issuer is matched as of the letter's date");
    let office_2021 = app.get_json("/api/v1/units/91-VP?as_of=2021-02-25", StatusCode::OK).await;
    assert_eq!(guidance["register_agency"], office_2021["id"], "Kiên Giang's office, not today's An Giang");
    // The office's own letter in its outgoing register under its printed number, forwarding 356.
    assert_eq!(letter["direction"], "outgoing");
    assert_eq!(letter["register_number"], 1152);
    assert_eq!(letter["forwards"], guidance["id"]);
    assert_eq!(letter["issuer_id"], office_2021["id"]);

    // The damaged citation "356/LĐTĐBXH-BĐG" resolves to the registered 356/LĐTBXH-BĐG.
    let (_, detail) = send(&app, Method::GET, &format!("/api/v1/documents/{}", letter["id"]), &token, None).await;
    assert_eq!(detail["references"][0]["full_code"], "356/LĐTĐBXH-BĐG");
    assert_eq!(detail["references"][0]["registered"][0]["id"], guidance["id"]);
    let recipients = &detail["recipients"];
    let dept_2021 = app.get_json("/api/v1/units/91-SLDTBXH?as_of=2021-02-25", StatusCode::OK).await;
    assert_eq!(recipients[0]["unit_id"], dept_2021["id"]);
    let (_, detail) = send(&app, Method::GET, &format!("/api/v1/documents/{}", guidance["id"]), &token, None).await;
    assert_eq!(detail["cited_by"][0]["id"], letter["id"]);
    assert_eq!(detail["forwarded_by"][0]["id"], letter["id"]);
    // 356's own citations stay placeholders until those letters are registered.
    assert!(detail["references"].as_array().expect("refs").iter().all(|r| r["registered"] == json!([])));

    // The leader's direction on the incoming letter.
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/documents/{}/directions", guidance["id"]),
        &token,
        Some(json!({"leader": "Phó Chủ tịch UBND tỉnh", "date": "2021-02-24", "text": "Giao Sở LĐTBXH chủ trì tham mưu triển khai."})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, err) = send(
        &app,
        Method::POST,
        &format!("/api/v1/documents/{}/directions", guidance["id"]),
        &token,
        Some(json!({"leader": "X", "date": "2021-02-01", "text": "Trước khi văn bản đến"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");

    // The task of 1152: Sở LĐTBXH leads, the departments coordinate, "ngay" = 5 working days.
    let (status, task) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &token,
        Some(json!({
            "document_id": letter["id"],
            "lead_code": "91-SLDTBXH",
            "coordinator_codes": ["91-SYT", "91-SGDDT", "91-SVHTTDL", "91-STP"],
            "description": letter["assignments"][0]["action"],
            "deadline_kind": "at_once",
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    assert_eq!(task["lead"], dept_2021["id"]);
    assert_eq!(task["start"], "2021-02-25");
    assert_eq!(task["deadline"], "2021-03-04");
    assert_eq!(task["coordinators"].as_array().expect("coordinators").len(), 4);
    assert_eq!(task["overdue"], true, "open and past its deadline on the test's today");

    // The department passes part of it down to a commune of 2021, and reports progress.
    let (status, sub) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &token,
        Some(json!({"parent_id": task["id"], "lead_code": "30733-UBND", "description": "Tuyên truyền Luật Bình đẳng giới tại phường", "deadline_kind": "date", "deadline_date": "2021-03-31", "start_date": "2021-03-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{sub}");
    assert_eq!(sub["parent"], task["id"]);
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{}/progress", task["id"]),
        &token,
        Some(json!({"date": "2021-03-03", "text": "Đã xây dựng kế hoạch", "percent": 40})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    // A coordinator contributes; it does not change the percent.
    let syt = app.token("angiang.syt").await;
    let (status, p) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{}/progress", task["id"]),
        &syt,
        Some(json!({"text": "Lồng ghép truyền thông trong ngành y tế", "percent": 90})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(p["kind"], "contribution");
    // A coordinator may not change the status or pass it down.
    let (status, _) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/tasks/{}", task["id"]),
        &syt,
        Some(json!({"status": "done", "version": 2})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, detail) = send(&app, Method::GET, &format!("/api/v1/tasks/{}", task["id"]), &token, None).await;
    assert_eq!(detail["percent"], 40);
    assert_eq!(detail["status"], "in_progress");
    assert_eq!(detail["subtasks"][0]["id"], sub["id"]);
    assert_eq!(detail["progress"].as_array().expect("progress").len(), 2);
    let (_, sub_detail) = send(&app, Method::GET, &format!("/api/v1/tasks/{}", sub["id"]), &token, None).await;
    assert_eq!(sub_detail["ancestors"][0]["id"], task["id"], "the chain goes up to the task from the letter");

    // The inbox of the 2021 department shows it overdue; done, it leaves the overdue bucket.
    let (_, inbox) =
        send(&app, Method::GET, "/api/v1/tasks?agency=91-SLDTBXH&as_of=2021-03-01&bucket=overdue", &token, None).await;
    assert_eq!(inbox["total"], 1, "{inbox}");
    assert_eq!(inbox["items"][0]["id"], task["id"]);
    assert_eq!(inbox["counts"]["todo"], 1);
    // The code names nothing today: Sở LĐTBXH ended on 28/02/2025.
    let (status, _) = send(&app, Method::GET, "/api/v1/tasks?agency=91-SLDTBXH", &token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(&app, Method::GET, "/api/v1/tasks?agency=99-XX", &token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let version = detail["version"].as_i64().expect("version");
    let (status, done) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/tasks/{}", task["id"]),
        &token,
        Some(json!({"status": "done", "version": version})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["overdue"], false);
    let (status, _) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/tasks/{}", task["id"]),
        &token,
        Some(json!({"status": "in_progress", "version": version})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version conflicts");

    // Another province can neither read nor change any of it.
    let hanoi = app.token("hanoi.snv").await;
    let (status, _) = send(&app, Method::GET, &format!("/api/v1/documents/{}", letter["id"]), &hanoi, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) =
        send(&app, Method::POST, &format!("/api/v1/tasks/{}/progress", sub["id"]), &hanoi, Some(json!({"text": "x"})))
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, found) = send(&app, Method::GET, "/api/v1/documents?q=binh%20dang%20gioi", &hanoi, None).await;
    assert_eq!(found["total"], 0);
}

async fn documents_are_found_with_or_without_diacritics(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let (guidance, letter) = register_seed(&app, &token).await;
    for q in ["binh%20dang%20gioi%202021", "B%C3%8CNH%20%C4%90%E1%BA%B2NG%20GI%E1%BB%9AI", "1152"] {
        let (_, found) = send(&app, Method::GET, &format!("/api/v1/documents?q={q}"), &token, None).await;
        let ids: Vec<&Value> = found["items"].as_array().expect("items").iter().map(|d| &d["id"]).collect();
        assert!(ids.contains(&&letter["id"]), "q={q}: {found}");
        if q != "1152" {
            assert!(ids.contains(&&guidance["id"]), "q={q}");
        }
    }
    let (_, found) = send(
        &app,
        Method::GET,
        "/api/v1/documents?q=binh%20dang&direction=incoming&year=2021&issuer=lao%20dong",
        &token,
        None,
    )
    .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["id"], guidance["id"]);
    let (_, found) = send(&app, Method::GET, "/api/v1/documents?q=binh%20dang&year=2020", &token, None).await;
    assert_eq!(found["total"], 0);
    // The web list finds it too.
    let mut b = app.login("angiang.snv").await;
    let page = b.page("/documents?q=binh+dang+gioi+2021").await;
    assert!(page.contains("1152/VP-KGVX") && page.contains("356/LĐTBXH-BĐG"), "{page}");
}

async fn a_duplicate_is_refused_unless_confirmed(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let (status, letters) =
        send(&app, Method::POST, "/api/v1/documents/parse", &token, Some(json!({"text": SEED}))).await;
    assert_eq!(status, StatusCode::OK);
    let body = register_body(&letters[1], "incoming", "91-VP", Some("2021-02-22"));
    assert_eq!(send(&app, Method::POST, "/api/v1/documents", &token, Some(body.clone())).await.0, StatusCode::CREATED);
    let (status, err) = send(&app, Method::POST, "/api/v1/documents", &token, Some(body.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(err["error"]["message"].as_str().expect("message").contains("đã vào sổ"), "{err}");
    let mut again = body;
    again["allow_duplicate"] = json!(true);
    let (status, second) = send(&app, Method::POST, "/api/v1/documents", &token, Some(again)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(second["register_number"], 2, "arrival numbers are consecutive");
    // Bad input is named field by field.
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/documents",
        &token,
        Some(json!({"direction": "incoming", "register_agency_code": "91-VP", "issuer_name": "", "doc_type": "", "subject": "", "date": "2021-02-30"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        err["error"]["fields"].as_array().expect("fields").iter().map(|f| f["field"].as_str().expect("f")).collect();
    assert!(fields.contains(&"date"), "{fields:?}");
}

async fn a_guidance_letter_fans_out_to_every_province(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("bo.chuyenvien").await;
    let (_, letters) = send(&app, Method::POST, "/api/v1/documents/parse", &token, Some(json!({"text": SEED}))).await;
    let (status, guidance) = send(
        &app,
        Method::POST,
        "/api/v1/documents",
        &token,
        Some(register_body(&letters[1], "outgoing", "BLDTBXH", None)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{guidance}");
    assert_eq!(guidance["register_number"], 356);
    let (status, created) = send(
        &app,
        Method::POST,
        &format!("/api/v1/documents/{}/fan-out", guidance["id"]),
        &token,
        Some(json!({"kind": "provincial_committee", "deadline_kind": "date", "deadline_date": "2021-12-15"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["created"], 4 * 63, "four task groups for each of the 63 provinces of 2021");
    let (_, detail) = send(&app, Method::GET, &format!("/api/v1/documents/{}", guidance["id"]), &token, None).await;
    let tasks = detail["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 252);
    assert!(tasks.iter().all(|t| t["deadline"] == "2021-12-15"));
    // Kiên Giang's committee has its four; today's An Giang officer sees them as history.
    let kg = app.get_json("/api/v1/units/91-UBND?as_of=2021-02-19", StatusCode::OK).await;
    assert_eq!(tasks.iter().filter(|t| t["lead"] == kg["id"]).count(), 4);
    // A provincial officer cannot fan out a ministry's letter.
    let provincial = app.token("angiang.snv").await;
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/documents/{}/fan-out", guidance["id"]),
        &provincial,
        Some(json!({"kind": "provincial_committee"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn outgoing_documents_take_the_next_number_and_the_agency_symbol(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let outgoing = |doc_type: &str, subject: &str| json!({"direction": "outgoing", "register_agency_code": "91-SNV", "issuer_name": "Sở Nội vụ tỉnh An Giang", "doc_type": doc_type, "subject": subject, "date": "2026-03-10"});
    // Without templates the symbol stays empty; an officer of another province may not set them.
    let hanoi = app.token("hanoi.snv").await;
    let templates = json!({"symbol_template": "{loai}-SNV", "letter_symbol": "SNV-CTTN&BĐG"});
    assert_eq!(
        send(&app, Method::PUT, "/api/v1/units/91-SNV/symbols", &hanoi, Some(templates.clone())).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, err) = send(
        &app,
        Method::PUT,
        "/api/v1/units/91-SNV/symbols",
        &token,
        Some(json!({"symbol_template": "SNV", "letter_symbol": ""})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(
        send(&app, Method::PUT, "/api/v1/units/91-SNV/symbols", &token, Some(templates)).await.0,
        StatusCode::OK
    );
    let (status, plan) = send(
        &app,
        Method::POST,
        "/api/v1/documents",
        &token,
        Some(outgoing("Kế hoạch", "Kế hoạch thực hiện Tháng hành động 2026")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    assert_eq!(
        (plan["register_number"].as_i64(), plan["number"].as_str(), plan["symbol"].as_str()),
        (Some(1), Some("1"), Some("KH-SNV"))
    );
    let (_, letter) =
        send(&app, Method::POST, "/api/v1/documents", &token, Some(outgoing("Công văn", "V/v báo cáo kết quả"))).await;
    assert_eq!((letter["register_number"].as_i64(), letter["symbol"].as_str()), (Some(2), Some("SNV-CTTN&BĐG")));
    // The document can be named by its code as a task's result.
    let (_, task) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &token,
        Some(json!({"lead_code": "91-SNV", "description": "Xây dựng kế hoạch", "deadline_kind": "none"})),
    )
    .await;
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/tasks/{}/results", task["id"]),
        &token,
        Some(json!({"document_id": plan["id"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, detail) = send(&app, Method::GET, &format!("/api/v1/tasks/{}", task["id"]), &token, None).await;
    assert_eq!(detail["results"][0]["symbol"], "KH-SNV");
}

async fn the_demo_data_loads(backend: Backend) {
    let app = TestApp::new(backend).await;
    let clock = crate::support::clock();
    let task = binhdang::demo::load_letters(&app.db.store, &clock).await.expect("demo letters");
    binhdang::demo::load_plans(&app.db.store, &clock, task).await.expect("demo plans");
    binhdang::demo::load_activities(&app.db.store, &clock).await.expect("demo activities");
    // The ministry's register holds its 356, fanned out to the 63 provinces.
    let ministry = app.token("bo.chuyenvien").await;
    let (_, found) =
        send(&app, Method::GET, "/api/v1/documents?q=356&direction=outgoing&issuer=lao%20dong", &ministry, None).await;
    assert_eq!(found["total"], 1, "{found}");
    let (_, detail) =
        send(&app, Method::GET, &format!("/api/v1/documents/{}", found["items"][0]["id"]), &ministry, None).await;
    assert_eq!(detail["tasks"].as_array().expect("tasks").len(), 252);
    // Kiên Giang's committee of 2021 got four tasks past their deadline; the one reported at
    // 100 % is done, the three others are open and overdue.
    let province = app.token("angiang.snv").await;
    let (_, inbox) =
        send(&app, Method::GET, "/api/v1/tasks?agency=91-UBND&as_of=2021-03-01&bucket=overdue", &province, None).await;
    let counts = &inbox["counts"];
    assert_eq!(
        (counts["todo"].as_u64(), counts["overdue"].as_u64(), counts["done"].as_u64()),
        (Some(3), Some(3), Some(1)),
        "{inbox}"
    );
    assert!(inbox["items"].as_array().expect("items").iter().all(|t| t["percent"] != 100));
    // The province's own flow: 356 in, 1152 out forwarding it, the department's task.
    let (_, task_detail) = send(&app, Method::GET, &format!("/api/v1/tasks/{}", task.0), &province, None).await;
    assert_eq!(task_detail["deadline"], "2021-03-04");
    assert_eq!(task_detail["subtasks"].as_array().expect("subtasks").len(), 1);
    // Two plans: Kiên Giang 2021 (items carrying out the task, MT1 a step towards the 2025 target) and An Giang 2025-2026.
    let (_, plans) = send(&app, Method::GET, "/api/v1/plans", &ministry, None).await;
    assert_eq!(plans["total"], 2);
    let kg = plans["items"].as_array().expect("plans").iter().find(|p| p["year_from"] == 2021).expect("2021 plan");
    let (_, plan) = send(&app, Method::GET, &format!("/api/v1/plans/{}", kg["id"]), &ministry, None).await;
    assert!(plan["items"].as_array().expect("items").iter().any(|i| i["task"] == json!(task.0)));
    assert!(
        plan["targets"]
            .as_array()
            .expect("targets")
            .iter()
            .any(|t| t["indicator"] == "MT1.CT1" && t["warning"].is_null() && t["milestones"][0]["year"] == 2025)
    );
    let commune = app.token("xa.rachgia").await;
    assert_eq!(
        send(&app, Method::GET, "/api/v1/plans", &commune, None).await.1["total"],
        0,
        "a commune sees no provincial plan"
    );
    // Activities across Kiên Giang's districts count in today's An Giang; the commune sees its own only.
    let (_, figures) = send(&app, Method::GET, "/api/v1/figures?area=91&period=2021", &province, None).await;
    let value = |code: &str| {
        figures["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|f| f["code"] == code)
            .map(|f| f["value"].as_f64().unwrap_or(0.0))
            .sum::<f64>()
    };
    assert_eq!(value("DT_LOP"), 1.0, "{figures}");
    assert_eq!(value("TTKT_CUOC"), 1.0);
    let (_, national) = send(&app, Method::GET, "/api/v1/figures?area=VN&period=2021", &ministry, None).await;
    assert!(
        national["items"].as_array().expect("items").iter().any(|f| f["code"] == "BAU_CU_TRUNG_CU"
            && f["disaggregation"] == json!({"body": "quoc_hoi", "sex": "nu"})
            && f["value"] == 151.0),
        "{national}"
    );
    // Phường Rạch Giá sees its own record and the 2021 ones of Phường Vĩnh Thanh, which became
    // part of it; nothing of the rest of the province.
    let (_, own) = send(&app, Method::GET, "/api/v1/activities", &commune, None).await;
    let titles: Vec<&str> =
        own["items"].as_array().expect("items").iter().map(|a| a["title"].as_str().expect("title")).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(
        titles.contains(&"Tọa đàm kỷ niệm Ngày Quốc tế Phụ nữ") && !titles.iter().any(|t| t.contains("Khmer")),
        "{titles:?}"
    );
}

async fn a_retired_code_says_what_it_became(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    // The README's first journey, with the arrival date left at today: the labour department's
    // register ended with the reform, and the refusal says where its work went.
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/documents",
        &token,
        Some(json!({"direction": "incoming", "register_agency_code": "91-SLDTBXH", "arrival_date": "2026-03-02", "issuer_name": "Bộ Nội vụ", "number": "5", "symbol": "BNV-BĐG", "doc_type": "Công văn", "date": "2026-02-27", "subject": "V/v thử"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = err["error"]["fields"][0]["message"].as_str().expect("message").to_owned();
    assert!(message.contains("91-SLDTBXH") && message.contains("Sở Nội vụ tỉnh An Giang — mã 91-SNV"), "{message}");
    // The unit API says the same.
    let (status, err) = send(&app, Method::GET, "/api/v1/units/91-SLDTBXH", &token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(err["error"]["message"].as_str().expect("message").contains("mã 91-SNV"), "{err}");
}

/// A letter older than the agency named as its register is explained, not just refused: the
/// answer names the agencies whose work the new one carries on and that existed on the day.
async fn a_letter_older_than_its_agency_names_the_agency_of_the_day(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.token("admin").await;
    let (status, unit) = send(
        &app,
        Method::POST,
        "/api/v1/units",
        &admin,
        Some(json!({"code": "91-SGDBD", "name": "Sở Gia đình và Bình đẳng giới tỉnh An Giang", "kind": "department", "parent_code": "91-UBND", "area_code": "91", "valid_from": "2026-01-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{unit}");
    let (status, lineage) = send(
        &app,
        Method::POST,
        "/api/v1/units/91-SLDTBXH/successors?as_of=2021-02-22",
        &admin,
        Some(json!({"successor_code": "91-SGDBD", "successor_as_of": "2026-01-01", "kind": "divided", "weight": 0.5})),
    )
    .await;
    assert!(status.is_success(), "{lineage}");
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/documents",
        &admin,
        Some(json!({"direction": "incoming", "register_agency_code": "91-SGDBD", "arrival_date": "2021-02-22", "issuer_name": "Bộ Lao động - Thương binh và Xã hội", "number": "356", "symbol": "LĐTBXH-BĐG", "doc_type": "Công văn", "date": "2021-02-19", "subject": "V/v thử"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = err["error"]["fields"][0]["message"].as_str().expect("message").to_owned();
    assert!(
        message.contains("vào ngày đó chưa có đơn vị này")
            && message.contains("Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang — mã 91-SLDTBXH"),
        "{message}"
    );
}

/// The same letter registered by two agencies reads as two registrations in the list: each row
/// names the agency whose register holds it.
async fn two_registrations_of_a_letter_are_told_apart_in_lists(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let (status, letters) =
        send(&app, Method::POST, "/api/v1/documents/parse", &token, Some(json!({"text": SEED}))).await;
    assert_eq!(status, StatusCode::OK);
    for agency in ["91-SNV", "91-SYT"] {
        let body = register_body(&letters[1], "incoming", agency, Some("2025-08-04"));
        let (status, doc) = send(&app, Method::POST, "/api/v1/documents", &token, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{agency}: {doc}");
    }
    let mut b = app.login("angiang.snv").await;
    let list = b.page("/documents?q=356").await;
    let rows: Vec<&str> = list.split("<tr>").filter(|r| r.contains("356/LĐTBXH-BĐG")).collect();
    assert!(rows.iter().any(|r| r.contains("Sở Nội vụ tỉnh An Giang")), "{list}");
    assert!(rows.iter().any(|r| r.contains("Sở Y tế tỉnh An Giang")), "{list}");
}

on_both_backends!(
    two_registrations_of_a_letter_are_told_apart_in_lists,
    the_demo_data_loads,
    outgoing_documents_take_the_next_number_and_the_agency_symbol,
    the_seed_parses_to_its_two_documents,
    the_seed_goes_from_letters_to_tasks,
    documents_are_found_with_or_without_diacritics,
    a_duplicate_is_refused_unless_confirmed,
    a_guidance_letter_fans_out_to_every_province,
    a_retired_code_says_what_it_became,
    a_letter_older_than_its_agency_names_the_agency_of_the_day,
);
