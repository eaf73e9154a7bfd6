//! The analytics engine over HTTP: `/api/analytics` in DHIS2's shape, on the map of any date
//! (a 2022 value of a Kiên Giang commune counts for Kiên Giang on the 2022 map and for the new
//! An Giang on today's), approved data by default, answers equal to a plain SQL sum for random
//! queries, a second server on the same database seeing a write within a second, bad parameters named.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, TestDb, on_both_backends, send};

async fn put_and_approve(app: &TestApp, officer: &str, leader: &str, period: &str, unit: &str, values: Value) {
    let path = format!("/api/v1/reports/BDG_NAM/{period}/{unit}");
    let (s, r) =
        send(app, Method::PUT, &format!("{path}/values"), officer, Some(json!({"version": 0, "values": values}))).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (s, r) =
        send(app, Method::POST, &format!("{path}/submit"), officer, Some(json!({"version": r["version"]}))).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (s, r) =
        send(app, Method::POST, &format!("{path}/approve"), leader, Some(json!({"version": r["version"]}))).await;
    assert_eq!(s, StatusCode::OK, "{r}");
}

fn value_of(grid: &Value, dx: &str, ou: &str) -> Option<f64> {
    grid["rows"].as_array()?.iter().find(|r| r[0] == dx && r[2] == ou).and_then(|r| r[3].as_str()?.parse().ok())
}

async fn aggregates_follow_the_map_of_the_date_asked(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;
    let leader = app.token("angiang.lanhdao").await;
    let ministry = app.token("bo.lanhdao").await;
    // 2022: a ward of Kiên Giang (Vĩnh Thanh Vân, 30742 then) trains 25 women.
    put_and_approve(
        &app,
        &officer,
        &leader,
        "2022",
        "30742",
        json!([{"element": "DT_HOC_VIEN", "option": "nu", "value": 25}]),
    )
    .await;
    // 2025: the new Rạch Giá ward (30742 now) sends 40 without approval yet.
    let (s, _) = send(
        &app,
        Method::PUT,
        "/api/v1/reports/BDG_NAM/2025/30742/values",
        &officer,
        Some(json!({"version": 0, "values": [{"element": "DT_HOC_VIEN", "option": "nu", "value": 40}]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let q = |as_of: &str, pe: &str, extra: &str| {
        format!(
            "/api/analytics?dimension=dx:DT_HOC_VIEN;DT_HOC_VIEN.nu&dimension=pe:{pe}&dimension=ou:VN;91&asOf={as_of}{extra}"
        )
    };
    // Today's map: 91 is An Giang, which Kiên Giang passed into.
    let (s, grid) = send(&app, Method::GET, &q("2026-03-15", "2022", ""), &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{grid}");
    assert_eq!(grid["headers"][3]["name"], "value");
    assert_eq!(grid["width"], 4);
    assert_eq!(grid["metaData"]["items"]["91"]["name"], "Tỉnh An Giang");
    assert_eq!(value_of(&grid, "DT_HOC_VIEN.nu", "91"), Some(25.0));
    assert_eq!(value_of(&grid, "DT_HOC_VIEN", "VN"), Some(25.0));
    // The 2022 map: 91 is Kiên Giang.
    let (_, grid) = send(&app, Method::GET, &q("2022-06-01", "2022", ""), &ministry, None).await;
    assert_eq!(grid["metaData"]["items"]["91"]["name"], "Tỉnh Kiên Giang");
    assert_eq!(value_of(&grid, "DT_HOC_VIEN.nu", "91"), Some(25.0));
    // Approved data by default; the draft only when asked, by a role that may see it.
    let (_, grid) = send(&app, Method::GET, &q("2026-03-15", "2025", ""), &ministry, None).await;
    assert_eq!(value_of(&grid, "DT_HOC_VIEN.nu", "91"), None);
    let (_, grid) = send(&app, Method::GET, &q("2026-03-15", "2025", "&includeUnapproved=true"), &ministry, None).await;
    assert_eq!(value_of(&grid, "DT_HOC_VIEN.nu", "91"), Some(40.0));
    let viewer = app.token("xem").await;
    let (s, _) = send(&app, Method::GET, &q("2026-03-15", "2025", "&includeUnapproved=true"), &viewer, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Levels: the communes of An Giang on today's map.
    let (s, grid) = send(
        &app,
        Method::GET,
        "/api/analytics?dimension=dx:DT_HOC_VIEN&dimension=pe:2022&dimension=ou:91;LEVEL-commune&asOf=2026-03-15",
        &ministry,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{grid}");
    assert_eq!(grid["metaData"]["dimensions"]["ou"].as_array().map(Vec::len), Some(102));
    assert_eq!(value_of(&grid, "DT_HOC_VIEN", "30742"), Some(25.0), "{grid}");
    // An indicator of the catalog by its code, and a filter collapsing the periods.
    let (s, grid) = send(
        &app,
        Method::GET,
        "/api/analytics?dimension=dx:DT_HOC_VIEN.nu&filter=pe:2022;2025&dimension=ou:91&includeUnapproved=true",
        &ministry,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{grid}");
    assert_eq!(grid["width"], 3);
    assert_eq!(grid["rows"][0], json!(["DT_HOC_VIEN.nu", "91", "65"]));
    // Every figure explains itself.
    let (s, why) =
        send(&app, Method::GET, "/api/v1/analytics/explain?dx=DT_HOC_VIEN.nu&pe=2022&ou=91", &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{why}");
    assert_eq!(why["items"][0]["unit_name"], "Phường Vĩnh Thanh Vân");
    assert_eq!(why["items"][0]["rule"], "merged");
    // Bad parameters are named; scope is enforced.
    for (path, word) in [
        ("/api/analytics?dimension=dx:NOPE&dimension=pe:2025", "NOPE"),
        ("/api/analytics?dimension=dx:DT_LOP&dimension=pe:2025X", "2025X"),
        ("/api/analytics?dimension=dx:DT_LOP&dimension=pe:2025&dimension=ou:LEVEL-9", "LEVEL-9"),
        ("/api/analytics?dimension=pe:2025", "dx"),
        ("/api/analytics?dimension=dx:DT_LOP&dimension=pe:2025&bogus=1", "bogus"),
    ] {
        let (s, body) = send(&app, Method::GET, path, &ministry, None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(body["httpStatusCode"], 400);
        assert!(body["message"].as_str().is_some_and(|m| m.contains(word)), "{path}: {body}");
    }
    let (s, _) =
        send(&app, Method::GET, "/api/analytics?dimension=dx:DT_LOP&dimension=pe:2025&dimension=ou:01", &officer, None)
            .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn a_second_server_sees_a_write_within_a_second(backend: Backend) {
    let first = TestApp::new(backend).await;
    let second = TestApp::with_db(TestDb::open(&first.db.url).await).await;
    let officer = first.token("angiang.snv").await;
    let leader = first.token("angiang.lanhdao").await;
    let ministry = second.token("bo.lanhdao").await;
    let path = "/api/analytics?dimension=dx:TT_SU_KIEN&dimension=pe:2025&dimension=ou:91&asOf=2026-03-15";
    // The second server loads its engine before the write.
    let (s, grid) = send(&second, Method::GET, path, &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{grid}");
    assert_eq!(grid["height"], 0);
    // So does the first, which then makes the write: it must see its own write at once.
    assert_eq!(send(&first, Method::GET, path, &ministry, None).await.1["height"], 0);
    put_and_approve(&first, &officer, &leader, "2025", "30742", json!([{"element": "TT_SU_KIEN", "value": 7}])).await;
    let (_, grid) = send(&first, Method::GET, path, &ministry, None).await;
    assert_eq!(value_of(&grid, "TT_SU_KIEN", "91"), Some(7.0), "{grid}");
    // The second server reads the change log at most `POLL` after its last look: the write is in
    // its aggregates within a second.
    let started = std::time::Instant::now();
    loop {
        let (_, grid) = send(&second, Method::GET, path, &ministry, None).await;
        if value_of(&grid, "TT_SU_KIEN", "91") == Some(7.0) {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(1), "still not seen after a second: {grid}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn the_engine_agrees_with_a_plain_sql_sum(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;
    let leader = app.token("angiang.lanhdao").await;
    let ministry = app.token("bo.lanhdao").await;
    let day = chrono::NaiveDate::from_ymd_opt(2025, 12, 14).expect("date");
    let an_giang = app.db.store.unit_by_code("91", day).await.expect("query").expect("An Giang").id;
    let communes: Vec<_> = app
        .db
        .store
        .area_nodes(day)
        .await
        .expect("areas")
        .into_iter()
        .filter(|n| n.kind == binhdang_core::units::UnitKind::Commune && n.parent == Some(an_giang))
        .take(60)
        .collect();
    // Deterministic pseudo-random values (a linear congruential generator).
    let mut seed: u64 = 20_251_214;
    let mut next = |below: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % below
    };
    let values: Vec<(u64, u64, u64, bool)> =
        communes.iter().map(|_| (next(500), next(500), next(20), next(3) > 0)).collect();
    for (n, (nam, nu, events, approve)) in communes.iter().zip(&values) {
        let body = json!([
            {"element": "DT_HOC_VIEN", "option": "nam", "value": nam},
            {"element": "DT_HOC_VIEN", "option": "nu", "value": nu},
            {"element": "TT_SU_KIEN", "value": events}
        ]);
        if *approve {
            put_and_approve(&app, &officer, &leader, "2025", &n.code, body).await;
        } else {
            let path = format!("/api/v1/reports/BDG_NAM/2025/{}/values", n.code);
            assert_eq!(
                send(&app, Method::PUT, &path, &officer, Some(json!({"version": 0, "values": body}))).await.0,
                StatusCode::OK
            );
        }
    }
    // Random subsets of communes, elements and options, approved only or not.
    for round in 0..12 {
        let pick: Vec<_> =
            communes.iter().enumerate().filter(|(i, _)| (i * 7 + round * 3) % 5 < 2).map(|(_, n)| n).collect();
        let (element, option) = [("DT_HOC_VIEN", None), ("DT_HOC_VIEN", Some("nu")), ("TT_SU_KIEN", None)][round % 3];
        let include = round % 2 == 0;
        let dx = option.map_or(element.to_owned(), |o| format!("{element}.{o}"));
        let ou = pick.iter().map(|n| n.code.as_str()).collect::<Vec<_>>().join(";");
        let path = format!(
            "/api/analytics?dimension=dx:{dx}&filter=ou:{ou}&dimension=pe:2025&asOf=2026-03-15&includeUnapproved={include}"
        );
        let (s, grid) = send(&app, Method::GET, &path, &ministry, None).await;
        assert_eq!(s, StatusCode::OK, "{grid}");
        let engine = grid["rows"][0][2].as_str().map_or(0.0, |v| v.parse::<f64>().expect("number"));
        let ids: Vec<_> = pick.iter().map(|n| n.id).collect();
        let sql = app.db.store.sum_by_sql("2025", element, option, &ids, !include).await.expect("sql");
        assert!((engine - sql).abs() < 1e-6, "round {round}: engine {engine}, SQL {sql}");
    }
}

on_both_backends!(
    aggregates_follow_the_map_of_the_date_asked,
    a_second_server_sees_a_write_within_a_second,
    the_engine_agrees_with_a_plain_sql_sum,
    the_overview_measures_progress_and_announces_changes,
    values_imported_as_dhis2_data_value_sets_are_in_the_aggregates,
    the_public_portal_shows_approved_figures_only,
);

async fn values_imported_as_dhis2_data_value_sets_are_in_the_aggregates(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("angiang.snv").await;
    let ministry = app.token("bo.lanhdao").await;
    let query = "/api/analytics?dimension=dx:DN_CHU.nu&dimension=pe:2024&dimension=ou:VN&asOf=2026-03-15&includeUnapproved=true";
    // The engine is loaded before the import, so the import must reach it through the change log.
    let (s, grid) = send(&app, Method::GET, query, &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{grid}");
    assert_eq!(grid["height"], 0);
    let body = json!({
        "dataSet": "CLQG_NAM", "period": "2024", "orgUnit": "91",
        "dataValues": [{"dataElement": "DN_CHU", "categoryOptionCombo": "nu", "value": "30"}]
    });
    let (s, summary) = send(&app, Method::POST, "/api/dataValueSets", &officer, Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{summary}");
    let (_, grid) = send(&app, Method::GET, query, &ministry, None).await;
    assert_eq!(value_of(&grid, "DN_CHU.nu", "VN"), Some(30.0), "{grid}");
}

async fn the_overview_measures_progress_and_announces_changes(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("bo.chuyenvien").await;
    let leader = app.token("bo.lanhdao").await;
    // An Giang's directors of enterprises: 24 % women in 2022, 28 % in 2024 (target ≥ 27 % in 2025).
    for (year, women) in [(2022, 2_400), (2024, 2_800)] {
        let path = format!("/api/v1/reports/CLQG_NAM/{year}/91");
        let body = json!({"version": 0, "values": [
            {"element": "DN_CHU", "option": "nam", "value": 10_000 - women},
            {"element": "DN_CHU", "option": "nu", "value": women}
        ]});
        let (s, r) = send(&app, Method::PUT, &format!("{path}/values"), &officer, Some(body)).await;
        assert_eq!(s, StatusCode::OK, "{r}");
        let (s, r) =
            send(&app, Method::POST, &format!("{path}/submit"), &officer, Some(json!({"version": r["version"]}))).await;
        assert_eq!(s, StatusCode::OK, "{r}");
        let (s, r) =
            send(&app, Method::POST, &format!("{path}/approve"), &leader, Some(json!({"version": r["version"]}))).await;
        assert_eq!(s, StatusCode::OK, "{r}");
    }
    let mut browser = app.login("bo.lanhdao").await;
    let page = browser.page("/dashboard").await;
    assert!(page.contains("id=\"indicator-progress\"") && page.contains("data-live=\"/dashboard/events\""), "{page}");
    let start = page.find("/indicators/MT2.CT3").expect("the directors' indicator");
    let row = &page[start..];
    let row = &row[..row.find("</tr>").unwrap_or(row.len().min(2_000))];
    assert!(row.contains("24% (2022)") && row.contains("28% (2024)") && row.contains("Đã đạt mục tiêu"), "{row}");
    let body = browser.page("/dashboard?part=body").await;
    assert!(!body.contains("<html"), "the live part is a fragment");
    let r = browser.get("/dashboard/events").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().is_ok_and(|c| c.starts_with("text/event-stream")));
}

async fn the_public_portal_shows_approved_figures_only(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("bo.chuyenvien").await;
    let leader = app.token("bo.lanhdao").await;
    let put = |year: i32, women: i32| {
        (
            format!("/api/v1/reports/CLQG_NAM/{year}/91"),
            json!({"version": 0, "values": [
                {"element": "DN_CHU", "option": "nam", "value": 10_000 - women},
                {"element": "DN_CHU", "option": "nu", "value": women}
            ]}),
        )
    };
    // 2022 approved; 2023 only sent.
    let (path, body) = put(2022, 2_400);
    let (_, r) = send(&app, Method::PUT, &format!("{path}/values"), &officer, Some(body)).await;
    let (_, r) =
        send(&app, Method::POST, &format!("{path}/submit"), &officer, Some(json!({"version": r["version"]}))).await;
    let (s, _) =
        send(&app, Method::POST, &format!("{path}/approve"), &leader, Some(json!({"version": r["version"]}))).await;
    assert_eq!(s, StatusCode::OK);
    let (path, body) = put(2023, 3_100);
    let (_, r) = send(&app, Method::PUT, &format!("{path}/values"), &officer, Some(body)).await;
    let (s, _) =
        send(&app, Method::POST, &format!("{path}/submit"), &officer, Some(json!({"version": r["version"]}))).await;
    assert_eq!(s, StatusCode::OK);
    // No login needed; approved only.
    let r = app.client.get(app.url("/public/indicators/MT2.CT3")).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].to_str().expect("etag").to_owned();
    assert!(r.headers()["cache-control"].to_str().is_ok_and(|c| c.contains("max-age")));
    let page = r.text().await.expect("body");
    assert!(page.contains("24%") && !page.contains("31%"), "approved only: {page}");
    let r = app
        .client
        .get(app.url("/public/indicators/MT2.CT3"))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    let csv = app.client.get(app.url("/public/indicators/MT2.CT3/data.csv")).send().await.expect("request");
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.expect("body");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Year,Province,Value");
    assert!(lines.contains(&"2022,,24") && lines.contains(&"2022,Tỉnh An Giang,24"), "{text}");
    assert!(!text.contains("2023"), "{text}");
    let list = app.client.get(app.url("/public")).send().await.expect("request");
    assert_eq!(list.status(), StatusCode::OK);
    let list = list.text().await.expect("body");
    assert!(list.contains("/public/indicators/MT2.CT3") && !list.contains("href=\"/documents\""), "{list}");
}
