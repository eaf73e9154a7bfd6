//! Data exchange over HTTP as DHIS2 clients speak it: `POST /api/dataValueSets` answering
//! DHIS2's import summary (imported, updated, ignored, deleted; all or nothing, each conflict
//! with its value's index, element and unit; `dryRun`; `importStrategy`), `GET
//! /api/dataValueSets` with DHIS2's parameters, unit codes resolved on the period's last day
//! (91 is Kiên Giang in 2024), the grid's rights and locks (an approved report takes no value).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

const DVS: &str = "/api/dataValueSets";

fn counts(summary: &Value) -> (i64, i64, i64, i64) {
    let c = &summary["response"]["importCount"];
    let n = |k: &str| c[k].as_i64().unwrap_or(-1);
    (n("imported"), n("updated"), n("ignored"), n("deleted"))
}

fn values(set: &Value) -> Vec<(String, String, String, String, String)> {
    let mut out: Vec<_> = set["dataValues"]
        .as_array()
        .expect("dataValues")
        .iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            (s("dataElement"), s("categoryOptionCombo"), s("period"), s("orgUnit"), s("value"))
        })
        .collect();
    out.sort();
    out
}

async fn a_province_sends_values_as_a_dhis2_client_does(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;
    let body = json!({
        "dataSet": "CLQG_NAM", "period": "2024", "orgUnit": "91", "completeDate": "2025-01-20",
        "dataValues": [
            {"dataElement": "DN_CHU", "categoryOptionCombo": "nam", "value": "100"},
            {"dataElement": "DN_CHU", "categoryOptionCombo": "nu", "value": 30, "comment": "Cục Thống kê"},
            {"dataElement": "CQ_TONG", "value": "20"}
        ]
    });
    let (s, summary) = send(&app, Method::POST, DVS, &officer, Some(body.clone())).await;
    assert_eq!(s, StatusCode::OK, "{summary}");
    assert_eq!(summary["status"], "OK");
    assert_eq!(summary["httpStatusCode"], 200);
    assert_eq!(summary["response"]["responseType"], "ImportSummary");
    assert_eq!(summary["response"]["status"], "SUCCESS");
    assert_eq!(counts(&summary), (3, 0, 0, 0));

    // 91 in 2024 is Kiên Giang: the values are Kiên Giang's, reported under its code.
    let (s, set) =
        send(&app, Method::GET, &format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=91"), &officer, None).await;
    assert_eq!(s, StatusCode::OK, "{set}");
    assert_eq!(
        values(&set),
        [
            ("CQ_TONG".into(), "default".into(), "2024".into(), "91".into(), "20".into()),
            ("DN_CHU".into(), "nam".into(), "2024".into(), "91".into(), "100".into()),
            ("DN_CHU".into(), "nu".into(), "2024".into(), "91".into(), "30".into()),
        ]
    );
    let nu =
        set["dataValues"].as_array().expect("values").iter().find(|v| v["categoryOptionCombo"] == "nu").expect("nu");
    assert_eq!(nu["comment"], "Cục Thống kê");
    assert_eq!(nu["storedBy"], "angiang.snv");
    assert_eq!(nu["attributeOptionCombo"], "default");
    let report = send(&app, Method::GET, "/api/v1/reports/CLQG_NAM/2024/91", &officer, None).await.1;
    assert_eq!(report["unit_name"], "Tỉnh Kiên Giang", "{report}");
    assert_eq!(report["status"], "dang_nhap");

    // Again, with one value changed: one update, two ignored (the same as stored).
    let mut again = body.clone();
    again["dataValues"][2]["value"] = json!("21");
    let (s, summary) = send(&app, Method::POST, DVS, &officer, Some(again)).await;
    assert_eq!(s, StatusCode::OK, "{summary}");
    assert_eq!(counts(&summary), (0, 1, 2, 0));

    // One bad value refuses the whole body; each conflict names index, element and unit.
    let bad = json!({"dataValues": [
        {"dataElement": "CQ_TONG", "period": "2024", "orgUnit": "91", "value": "22"},
        {"dataElement": "KHONG_CO", "period": "2024", "orgUnit": "91", "value": "1"},
        {"dataElement": "CQ_TONG", "period": "2024", "orgUnit": "99999", "value": "1"},
        {"dataElement": "DN_CHU", "categoryOptionCombo": "nu", "period": "2024", "orgUnit": "91", "value": "ba mươi"},
        {"dataElement": "CQ_TONG", "period": "2024Q1", "orgUnit": "91", "value": "1"}
    ]});
    let (s, summary) = send(&app, Method::POST, DVS, &officer, Some(bad)).await;
    assert_eq!(s, StatusCode::CONFLICT, "{summary}");
    assert_eq!(summary["status"], "ERROR");
    assert_eq!(summary["httpStatus"], "Conflict");
    assert_eq!(summary["response"]["status"], "ERROR");
    assert_eq!(counts(&summary), (0, 0, 5, 0));
    let conflicts = summary["response"]["conflicts"].as_array().expect("conflicts");
    let seen: Vec<(i64, &str, &str, &str)> = conflicts
        .iter()
        .map(|c| {
            (
                c["indexes"][0].as_i64().expect("index"),
                c["errorCode"].as_str().expect("code"),
                c["objects"]["dataElement"].as_str().expect("element"),
                c["objects"]["organisationUnit"].as_str().expect("unit"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (1, "E7610", "KHONG_CO", "91"),
            (2, "E7612", "CQ_TONG", "99999"),
            (3, "E7619", "DN_CHU", "91"),
            (4, "E7632", "CQ_TONG", "91")
        ],
        "{summary}"
    );
    assert!(conflicts.iter().all(|c| c["value"].as_str().is_some_and(|m| !m.is_empty())));
    assert_eq!(summary["response"]["rejectedIndexes"], json!([1, 2, 3, 4]));
    let set =
        send(&app, Method::GET, &format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=91"), &officer, None).await.1;
    assert!(values(&set).iter().any(|v| v.0 == "CQ_TONG" && v.4 == "21"), "nothing changed: {set}");

    // A dry run counts and writes nothing; DELETE deletes what is stored and ignores the rest.
    let one = |v: &str| {
        json!({"dataSet": "CLQG_NAM", "period": "2024", "orgUnit": "91",
            "dataValues": [{"dataElement": "CQ_TONG", "value": v}, {"dataElement": "DN_CHU", "categoryOptionCombo": "nam", "value": "100"}]})
    };
    let (s, summary) = send(&app, Method::POST, &format!("{DVS}?dryRun=true"), &officer, Some(one("40"))).await;
    assert_eq!(s, StatusCode::OK, "{summary}");
    assert_eq!(counts(&summary), (0, 1, 1, 0));
    assert_eq!(summary["response"]["importOptions"]["dryRun"], true);
    let set =
        send(&app, Method::GET, &format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=91"), &officer, None).await.1;
    assert!(values(&set).iter().any(|v| v.0 == "CQ_TONG" && v.4 == "21"), "{set}");
    let (s, summary) =
        send(&app, Method::POST, &format!("{DVS}?importStrategy=CREATE"), &officer, Some(one("40"))).await;
    assert_eq!((s, counts(&summary)), (StatusCode::OK, (0, 0, 2, 0)), "{summary}");
    let (s, summary) =
        send(&app, Method::POST, &format!("{DVS}?importStrategy=DELETE"), &officer, Some(one("40"))).await;
    assert_eq!((s, counts(&summary)), (StatusCode::OK, (0, 0, 0, 2)), "{summary}");
    let set =
        send(&app, Method::GET, &format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=91"), &officer, None).await.1;
    assert_eq!(values(&set).len(), 1, "{set}");

    // Periods by dates, children, lastUpdated.
    let (s, set) = send(
        &app,
        Method::GET,
        &format!("{DVS}?dataSet=CLQG_NAM&startDate=2024-01-01&endDate=2024-12-31&orgUnit=VN&children=true"),
        &app.token("bo.lanhdao").await,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{set}");
    assert_eq!(values(&set).len(), 1, "{set}");
    let set = send(
        &app,
        Method::GET,
        &format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=91&lastUpdated=2099-01-01"),
        &officer,
        None,
    )
    .await
    .1;
    assert_eq!(values(&set).len(), 0, "{set}");
}

async fn refusals_answer_as_dhis2_does(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;
    let cases = [
        ("?period=2024&orgUnit=91", "E2001"),
        ("?dataSet=CLQG_NAM&orgUnit=91", "E2002"),
        ("?dataSet=CLQG_NAM&period=2024", "E2006"),
        ("?dataSet=CLQG_NAM&period=2024&startDate=2024-01-01&endDate=2024-12-31&orgUnit=91", "E2003"),
        ("?dataSet=CLQG_NAM&period=2024&orgUnit=91&idScheme=UID", "E2000"),
    ];
    for (q, code) in cases {
        let (s, body) = send(&app, Method::GET, &format!("{DVS}{q}"), &officer, None).await;
        assert_eq!(s, StatusCode::CONFLICT, "{q}: {body}");
        assert_eq!(body["errorCode"], code, "{q}: {body}");
        assert_eq!(body["httpStatusCode"], 409);
        assert_eq!(body["status"], "ERROR");
    }
    let r = app.get(&format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=91")).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (s, body) =
        send(&app, Method::GET, &format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=01"), &officer, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "Hà Nội is outside An Giang's scope: {body}");
    let r = app
        .api(Method::POST, DVS, &officer)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Rights: a viewer, and an officer outside the area, get a conflict per report.
    let body = json!({"dataSet": "CLQG_NAM", "period": "2024", "orgUnit": "91",
        "dataValues": [{"dataElement": "CQ_TONG", "value": "20"}, {"dataElement": "CQ_LANH_DAO_NU", "value": "5"}]});
    for who in ["angiang.xem", "hanoi.snv"] {
        let (s, summary) = send(&app, Method::POST, DVS, &app.token(who).await, Some(body.clone())).await;
        assert_eq!(s, StatusCode::CONFLICT, "{who}: {summary}");
        assert_eq!(summary["response"]["conflicts"][0]["errorCode"], "E7617", "{summary}");
        assert_eq!(summary["response"]["conflicts"][0]["indexes"], json!([0, 1]), "{summary}");
    }
}

async fn an_approved_report_takes_no_value(backend: Backend) {
    let app = TestApp::new(backend).await;
    let ward = app.token("xa.rachgia").await;
    let province = app.token("angiang.lanhdao").await;
    let body = json!({"dataSet": "BDG_NAM", "period": "2025", "orgUnit": "30742",
        "dataValues": [{"dataElement": "KH_BAN_HANH", "value": "2"}]});
    let (s, summary) = send(&app, Method::POST, DVS, &ward, Some(body.clone())).await;
    assert_eq!(s, StatusCode::OK, "{summary}");
    // The form's rules hold on the report as it would stand: the conflict names the value.
    let (s, summary) = send(
        &app,
        Method::POST,
        DVS,
        &ward,
        Some(json!({"dataSet": "BDG_NAM", "period": "2025", "orgUnit": "30742",
            "dataValues": [{"dataElement": "TTKT_VI_PHAM", "value": "2"}, {"dataElement": "TTKT_XU_LY", "value": "3"}]})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{summary}");
    assert_eq!(summary["response"]["conflicts"][0]["indexes"], json!([1]), "{summary}");
    assert_eq!(summary["response"]["conflicts"][0]["objects"]["dataElement"], "TTKT_XU_LY");
    let (s, sent) =
        send(&app, Method::POST, "/api/v1/reports/BDG_NAM/2025/30742/submit", &ward, Some(json!({"version": 1}))).await;
    assert_eq!(s, StatusCode::OK, "{sent}");
    let (s, approved) = send(
        &app,
        Method::POST,
        "/api/v1/reports/BDG_NAM/2025/30742/approve",
        &province,
        Some(json!({"version": sent["version"]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{approved}");
    let mut change = body.clone();
    change["dataValues"][0]["value"] = json!("3");
    let (s, summary) = send(&app, Method::POST, DVS, &ward, Some(change)).await;
    assert_eq!(s, StatusCode::CONFLICT, "{summary}");
    let c = &summary["response"]["conflicts"][0];
    assert_eq!(c["errorCode"], "E7642", "{summary}");
    assert_eq!(c["objects"]["organisationUnit"], "30742");
    assert!(c["value"].as_str().is_some_and(|m| m.contains("Đã duyệt")), "{summary}");
    // Approved, it is published as SDMX-CSV 2.0; what is not approved is not.
    let r = app.api(Method::GET, "/api/v1/sdmx/data/BDG_NAM?area=91&period=2025", &ward).send().await.expect("sent");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "the province is outside the ward's scope");
    let r = app.api(Method::GET, "/api/v1/sdmx/data/BDG_NAM?area=30742&period=2025", &ward).send().await.expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("application/vnd.sdmx.data+csv; version=2.0.0"))
    );
    let csv = r.text().await.expect("text");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[..5], ["STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "INDICATOR"], "{csv}");
    assert_eq!(header[header.len() - 4..], ["TIME_PERIOD", "OBS_VALUE", "COMMENT", "UPDATED"], "{csv}");
    assert!(header.contains(&"GIOI_TINH") && header.contains(&"NGUON_KINH_PHI"), "{csv}");
    let row = lines.iter().find(|l| l.contains(",KH_BAN_HANH,")).expect("the typed value");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells.len(), header.len(), "{row}");
    assert_eq!(cells[..5], ["dataflow", "BINHDANG:BDG_NAM(1.0)", "I", "30742", "KH_BAN_HANH"], "{row}");
    let at = |name: &str| cells[header.iter().position(|h| *h == name).expect("column")];
    assert_eq!((at("GIOI_TINH"), at("TIME_PERIOD"), at("OBS_VALUE")), ("_Z", "2025", "2"), "{row}");
    let r = app.api(Method::GET, "/api/v1/sdmx/data/BDG_NAM?area=30742", &ward).send().await.expect("sent");
    assert_eq!(r.status(), StatusCode::OK, "every year by default");
    assert!(r.text().await.expect("text").contains(",KH_BAN_HANH,"));
    let pending = app
        .api(Method::GET, "/api/v1/sdmx/data/CLQG_NAM?area=30742&startPeriod=2024&endPeriod=2025", &ward)
        .send()
        .await
        .expect("sent");
    assert_eq!(pending.text().await.expect("text").lines().count(), 1, "header only: nothing approved");

    let stored =
        send(&app, Method::GET, &format!("{DVS}?dataSet=BDG_NAM&period=2025&orgUnit=30742"), &ward, None).await.1;
    assert_eq!(values(&stored), [("KH_BAN_HANH".into(), "default".into(), "2025".into(), "30742".into(), "2".into())]);
}

/// DHIS2 clients authenticate with HTTP Basic or `ApiToken`, need no CSRF token, and meet the
/// login form's throttle when they guess.
async fn dhis2_clients_log_in_as_dhis2_clients_do(backend: Backend) {
    let app = TestApp::new(backend).await;
    let client = reqwest::Client::new();
    let body = json!({"dataSet": "CLQG_NAM", "period": "2024", "orgUnit": "91",
        "dataValues": [{"dataElement": "CQ_TONG", "value": "20"}]});
    let r = client
        .post(app.url(DVS))
        .basic_auth("angiang.snv", Some(crate::support::PASSWORD))
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap_or_default());
    let token = app.token("angiang.snv").await;
    let r = client
        .get(app.url(&format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=91")))
        .header("authorization", format!("ApiToken {token}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    let set: Value = r.json().await.expect("json");
    assert_eq!(values(&set).len(), 1, "{set}");
    let info: Value = client
        .get(app.url("/api/system/info"))
        .header("authorization", format!("ApiToken {token}"))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(info["version"], "2.41.0", "{info}");
    assert!(info["serverDate"].as_str().is_some_and(|d| d.starts_with("2026-03-15")), "{info}");

    // A client sending the right password on every request, as DHIS2 clients do, is never
    // throttled: past the address's limit of attempts (50) it still gets in.
    for i in 0..55 {
        let r = client
            .get(app.url("/api/system/info"))
            .basic_auth("angiang.snv", Some(crate::support::PASSWORD))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::OK, "request {i}");
    }

    // Wrong passwords: 401 five times, then 429, as at the login form.
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let r =
            client.get(app.url("/api/system/info")).basic_auth("angiang.snv", Some("sai")).send().await.expect("sent");
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429]);
    let r = client
        .get(app.url("/api/system/info"))
        .header("authorization", "ApiToken bd_khong_co")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = client.get(app.url("/api/system/info")).header("authorization", "Basic !!!").send().await.expect("sent");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Basic is for the API only: a page ignores it.
    let pages = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let r = pages
        .get(app.url("/tasks"))
        .basic_auth("xa.rachgia", Some(crate::support::PASSWORD))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "to the login form");
}

const ADX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015" exported="2025-01-20T08:00:00Z">
  <group dataSet="CLQG_NAM" period="2024-01-01/P1Y" orgUnit="91">
    <dataValue dataElement="DN_CHU" gioi_tinh="nam" value="100"/>
    <dataValue dataElement="DN_CHU" gioi_tinh="nu" value="30"/>
    <dataValue dataElement="CQ_TONG" value="20"/>
  </group>
</adx>
"#;

async fn post_adx(app: &TestApp, token: &str, body: &str) -> (StatusCode, Value) {
    let r = app
        .api(Method::POST, DVS, token)
        .header("content-type", "application/adx+xml")
        .body(body.to_owned())
        .send()
        .await
        .expect("sent");
    let status = r.status();
    (status, r.json().await.expect("json"))
}

/// ADX in and out: ISO 8601 periods, the disaggregation spelled out per category, and the
/// export read back as it was written.
async fn adx_goes_in_and_comes_back_the_same(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;
    let (s, summary) = post_adx(&app, &officer, ADX).await;
    assert_eq!(s, StatusCode::OK, "{summary}");
    assert_eq!(counts(&summary), (3, 0, 0, 0));
    let r = app
        .api(Method::GET, &format!("{DVS}?dataSet=CLQG_NAM&period=2024&orgUnit=91"), &officer)
        .header("accept", "application/adx+xml")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().is_ok_and(|t| t.starts_with("application/adx+xml")));
    let exported = r.text().await.expect("text");
    assert!(exported.contains(r#"<adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-03-15T02:00:00Z">"#), "{exported}");
    assert!(exported.contains(r#"<group dataSet="CLQG_NAM" period="2024-01-01/P1Y" orgUnit="91">"#), "{exported}");
    assert!(exported.contains(r#"<dataValue dataElement="DN_CHU" gioi_tinh="nu" value="30"/>"#), "{exported}");
    assert!(exported.contains(r#"<dataValue dataElement="CQ_TONG" value="20"/>"#), "{exported}");
    let (s, summary) = post_adx(&app, &officer, &exported).await;
    assert_eq!((s, counts(&summary)), (StatusCode::OK, (0, 0, 3, 0)), "the export reads back unchanged: {summary}");

    // A wrong option, a missing category, a period that is no period: conflicts, nothing written.
    let bad = ADX
        .replace(r#"gioi_tinh="nam" value="100""#, r#"gioi_tinh="khac" value="100""#)
        .replace(r#"gioi_tinh="nu" value="30""#, r#"value="31""#)
        .replace(
            r#"<dataValue dataElement="CQ_TONG" value="20"/>"#,
            r#"<dataValue dataElement="CQ_TONG" value="21" period="2024-02-01/P1Y"/>"#,
        );
    let (s, summary) = post_adx(&app, &officer, &bad).await;
    assert_eq!(s, StatusCode::CONFLICT, "{summary}");
    let codes: Vec<&str> = summary["response"]["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .map(|c| c["errorCode"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["E7634", "E7634", "E7611"], "{summary}");
    let (s, body) = post_adx(&app, &officer, "<adx><group><dataValue/></group>").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
}

/// The Python the test script installed the client libraries into (`BD_TEST_PYTHON`), when it can
/// import `module`; `None` (the test is skipped) otherwise, unless the script requires the
/// libraries (`BD_TEST_REQUIRE_DHIS2_CLIENT=1`).
fn python_with(module: &str) -> Option<String> {
    let python = std::env::var("BD_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let import = format!("import {module}");
    if std::process::Command::new(&python).args(["-c", &import]).output().is_ok_and(|o| o.status.success()) {
        return Some(python);
    }
    assert!(
        std::env::var("BD_TEST_REQUIRE_DHIS2_CLIENT").as_deref() != Ok("1"),
        "{module} is required but {python} cannot import it"
    );
    eprintln!("skipped: no {module} (scripts/test.sh installs it)");
    None
}

/// Runs a client script of `tests/clients/` with `args`, off the executor; fails the test with
/// its output unless it succeeds, and returns what it printed.
async fn run_client(python: String, script: &'static str, args: Vec<String>) -> String {
    let path = format!("{}/../../tests/clients/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python).arg(path).args(args).output().expect("python runs")
    })
    .await
    .expect("joined");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    stdout.into_owned()
}

/// A DHIS2 client library others wrote (`dhis2.py`, from `PyPI`) works unchanged: it reads the
/// version, writes a set, reads it back and is told of a conflict (`tests/clients/`). The test
/// script installs it and names its Python in `BD_TEST_PYTHON`; without it the test is skipped,
/// unless `BD_TEST_REQUIRE_DHIS2_CLIENT=1`.
async fn a_dhis2_client_library_works_unchanged(backend: Backend) {
    let Some(python) = python_with("dhis2") else { return };
    let app = TestApp::new(backend).await;
    let args = vec![app.url(""), "angiang.snv".into(), crate::support::PASSWORD.into()];
    let stdout = run_client(python, "dhis2_client.py", args).await;
    assert!(stdout.contains("conflict E7612 [2]"), "{stdout}");
}

/// An SDMX library from the package registry (sdmx1) reads the structure message and, against
/// it, the SDMX-CSV export: every approved value comes back with its dimensions.
async fn an_sdmx_library_reads_the_export(backend: Backend) {
    let Some(python) = python_with("sdmx") else { return };
    let app = TestApp::new(backend).await;
    let services = binhdang_app::Services::new(
        app.db.store.clone(),
        std::sync::Arc::new(crate::support::clock()),
        binhdang_app::Settings::default(),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("approved.csv");
    std::fs::write(
        &file,
        "form,element,option_combo,period,unit_code,value,status,comment\n\
         BDG_NAM,DT_LOP,default,2025,30742,3,da_duyet,\n\
         BDG_NAM,DT_HOC_VIEN,nam,2025,30742,40,da_duyet,\n\
         BDG_NAM,DT_HOC_VIEN,nu,2025,30742,61,da_duyet,\"lớp ở ấp, xã\"\n",
    )
    .expect("write");
    let quiet: std::sync::Arc<binhdang_app::exchange::bulk::ProgressFn> = std::sync::Arc::new(|_, _| {});
    let outcome = binhdang_app::exchange::bulk::import_file(
        &services,
        &file,
        binhdang_app::exchange::bulk::Format::Csv,
        false,
        quiet,
    )
    .await
    .expect("import");
    assert_eq!(outcome.imported, 3, "{:?}", outcome.refused);
    let args =
        vec![app.url(""), "xa.rachgia".into(), crate::support::PASSWORD.into(), "BDG_NAM".into(), "30742".into()];
    let stdout = run_client(python, "sdmx_client.py", args).await;
    assert!(stdout.contains("read 3 observations"), "{stdout}");
    assert!(stdout.contains("30742 DT_HOC_VIEN 2025 61"), "{stdout}");
    assert!(stdout.contains("dimensions REF_AREA,INDICATOR,GIOI_TINH"), "{stdout}");
}

on_both_backends!(
    an_sdmx_library_reads_the_export,
    a_province_sends_values_as_a_dhis2_client_does,
    refusals_answer_as_dhis2_does,
    an_approved_report_takes_no_value,
    dhis2_clients_log_in_as_dhis2_clients_do,
    adx_goes_in_and_comes_back_the_same,
    a_dhis2_client_library_works_unchanged,
);
