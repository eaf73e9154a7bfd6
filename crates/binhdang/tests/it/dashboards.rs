//! The dashboards beyond the overview: the registry's points (a province's is the mean of its
//! communes', on both maps), provinces ranked on an indicator on the 2021 map and today's, an
//! area's page, the completeness heat map, and the Excel exports read back.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

/// The mean point of a province's communes in one of the shipped unit lists.
fn mean_point(file: &str, province: &str) -> (f64, f64) {
    let text = std::fs::read_to_string(format!("{}/../../data/units/{file}", env!("CARGO_MANIFEST_DIR"))).expect("csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (p, lat, lon) = (col("province_code"), col("lat"), col("lon"));
    let (mut sum_lat, mut sum_lon, mut n) = (0.0, 0.0, 0.0);
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f[p] == province && !f[lat].is_empty() {
            sum_lat += f[lat].parse::<f64>().expect("lat");
            sum_lon += f[lon].parse::<f64>().expect("lon");
            n += 1.0;
        }
    }
    assert!(n > 0.0, "communes of {province} in {file}");
    (sum_lat / n, sum_lon / n)
}

/// A province's yearly indicator values, sent by the ministry's officer and approved by its leader.
async fn approve_directors(app: &TestApp, year: i32, province: &str, women: i32) {
    let officer = app.token("bo.chuyenvien").await;
    let leader = app.token("bo.lanhdao").await;
    let path = format!("/api/v1/reports/CLQG_NAM/{year}/{province}");
    let body = json!({"version": 0, "values": [
        {"element": "DN_CHU", "option": "nam", "value": 10_000 - women},
        {"element": "DN_CHU", "option": "nu", "value": women}
    ]});
    let (s, r) = send(app, Method::PUT, &format!("{path}/values"), &officer, Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (s, r) =
        send(app, Method::POST, &format!("{path}/submit"), &officer, Some(json!({"version": r["version"]}))).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (s, r) =
        send(app, Method::POST, &format!("{path}/approve"), &leader, Some(json!({"version": r["version"]}))).await;
    assert_eq!(s, StatusCode::OK, "{r}");
}

fn row<'a>(c: &'a Value, code: &str) -> &'a Value {
    c["rows"].as_array().expect("rows").iter().find(|r| r["code"] == code).unwrap_or_else(|| panic!("{code} in {c}"))
}

async fn provinces_are_ranked_and_placed_on_both_maps(backend: Backend) {
    let app = TestApp::new(backend).await;
    // The registry keeps every commune's point: Trúc Bạch (00004 then) and Ba Đình (00004 now).
    let points = app.db.store.unit_points().await.expect("points");
    assert!(points.len() > 13_000, "{} points", points.len());
    let on = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let old = app.db.store.unit_by_code("00004", on(2022, 1, 1)).await.expect("query").expect("Trúc Bạch");
    let new = app.db.store.unit_by_code("00004", on(2026, 1, 1)).await.expect("query").expect("Ba Đình");
    assert_eq!(points[&old.id], (21.044395, 105.843174));
    assert_eq!(points[&new.id], (21.0386, 105.838));
    // Importing again sets nothing.
    let batch = binhdang_office::load_units(&binhdang::data::embedded_units()).expect("units");
    let actor = binhdang_store::Actor { user: None, at: binhdang_core::Clock::now(&crate::support::clock()) };
    assert_eq!(app.db.store.import_units(&batch, actor).await.expect("import").points_set, 0);

    // Hà Nội 30 % of directors in 2022; Kiên Giang 24 % (91 then), which is An Giang's today.
    approve_directors(&app, 2022, "01", 3_000).await;
    approve_directors(&app, 2022, "91", 2_400).await;
    let ministry = app.token("bo.lanhdao").await;
    let (s, today) = send(&app, Method::GET, "/api/v1/dashboard/provinces?indicator=MT2.CT3", &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{today}");
    assert_eq!(today["map"], "today");
    assert_eq!(today["rows"].as_array().expect("rows").len(), 34);
    let (s, old_map) =
        send(&app, Method::GET, "/api/v1/dashboard/provinces?indicator=MT2.CT3&map=2021", &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{old_map}");
    assert_eq!(old_map["rows"].as_array().expect("rows").len(), 63);
    // Ranked in the indicator's direction (more women is better), with the year.
    assert_eq!((&row(&today, "01")["rank"], &row(&today, "01")["value"]), (&json!(1), &json!(30.0)));
    assert_eq!(row(&today, "91")["name"], "Tỉnh An Giang");
    assert_eq!((&row(&today, "91")["rank"], &row(&today, "91")["year"]), (&json!(2), &json!(2022)));
    assert_eq!(row(&old_map, "91")["name"], "Tỉnh Kiên Giang");
    assert_eq!((&row(&old_map, "91")["rank"], &row(&old_map, "91")["value"]), (&json!(2), &json!(24.0)));
    assert!(row(&old_map, "89")["rank"].is_null(), "old An Giang has no value");
    assert_eq!(old_map["rows"][0]["code"], "01");
    // A province's point is the mean of its communes', on each map.
    for (c, file, code) in [(&today, "admin-units-2025.csv", "91"), (&old_map, "admin-units-legacy.csv", "91")] {
        let (lat, lon) = mean_point(file, code);
        let r = row(c, code);
        assert!((r["lat"].as_f64().expect("lat") - lat).abs() < 1e-9, "{file}: {r} vs {lat}");
        assert!((r["lon"].as_f64().expect("lon") - lon).abs() < 1e-9, "{file}: {r} vs {lon}");
    }
    // A province user sees every province's published figure, opens only its own.
    let province = app.token("angiang.snv").await;
    let (_, theirs) = send(&app, Method::GET, "/api/v1/dashboard/provinces?indicator=MT2.CT3", &province, None).await;
    assert_eq!(row(&theirs, "91")["readable"], true);
    assert_eq!(row(&theirs, "01")["readable"], false);
    // Bad input is named.
    let (s, err) =
        send(&app, Method::GET, "/api/v1/dashboard/provinces?indicator=MT2.CT3&map=1990", &ministry, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["fields"][0]["field"], "map", "{err}");
    let (s, err) = send(&app, Method::GET, "/api/v1/dashboard/provinces?indicator=XX.9", &ministry, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["fields"][0]["field"], "indicator", "{err}");

    // The page switches maps and its table exports with the same rows.
    let mut browser = app.login("bo.lanhdao").await;
    let page = browser.page("/dashboard/provinces?indicator=MT2.CT3&map=2021").await;
    assert!(page.contains("Tỉnh Kiên Giang") && page.contains("data-map=\"2021\""), "{page}");
    let page = browser.page("/dashboard/provinces?indicator=MT2.CT3").await;
    assert!(!page.contains("Tỉnh Kiên Giang") && page.contains("href=\"/dashboard/units/91\""), "{page}");
    let r = browser.get("/dashboard/provinces/export.xlsx?indicator=MT2.CT3&map=2021").await;
    assert_eq!(r.status(), StatusCode::OK);
    let sheets = binhdang_office::xlsx::read_text(&r.bytes().await.expect("body")).expect("workbook");
    let rows = &sheets[0].1;
    let header = rows.iter().position(|r| r.first().is_some_and(|c| c == "Hạng")).expect("header row");
    assert_eq!(rows[header + 1], ["1", "Thành phố Hà Nội", "30", "2022"]);
    assert_eq!(rows[header + 2], ["2", "Tỉnh Kiên Giang", "24", "2022"]);
    assert_eq!(rows.len() - header - 1, 63);
    // The overview's tables too.
    let r = browser.get("/dashboard/export.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let sheets = binhdang_office::xlsx::read_text(&r.bytes().await.expect("body")).expect("workbook");
    assert_eq!(sheets.len(), 2);
    assert!(sheets[0].1.iter().any(|r| r.first().is_some_and(|c| c.contains("giám đốc"))), "{:?}", sheets[0]);
    assert!(sheets[1].1.iter().any(|r| r.first().is_some_and(|c| c == "Tỉnh An Giang")), "{:?}", sheets[1]);
}

async fn the_heat_map_shows_each_areas_report_by_period(backend: Backend) {
    let app = TestApp::new(backend).await;
    let officer = app.token("bo.chuyenvien").await;
    let leader = app.token("bo.lanhdao").await;
    // 2023: Kiên Giang's report sent, old An Giang's never; 2025: Hà Nội's sent.
    let put = |path: String| {
        let officer = officer.clone();
        let app = &app;
        async move {
            let body = json!({"version": 0, "values": [{"element": "DT_LOP", "value": 3}]});
            let (s, r) = send(app, Method::PUT, &format!("{path}/values"), &officer, Some(body)).await;
            assert_eq!(s, StatusCode::OK, "{r}");
            let (s, r) =
                send(app, Method::POST, &format!("{path}/submit"), &officer, Some(json!({"version": r["version"]})))
                    .await;
            assert_eq!(s, StatusCode::OK, "{r}");
            r
        }
    };
    put("/api/v1/reports/BDG_NAM/2023/91".into()).await;
    put("/api/v1/reports/BDG_NAM/2025/01".into()).await;

    let (s, heat) =
        send(&app, Method::GET, "/api/v1/dashboard/completeness?form=BDG_NAM&from=2023&to=2025", &leader, None).await;
    assert_eq!(s, StatusCode::OK, "{heat}");
    assert_eq!(heat["area_name"], "Việt Nam");
    assert_eq!(heat["periods"], json!(["2023", "2024", "2025"]));
    assert_eq!(heat["rows"].as_array().expect("rows").len(), 34);
    let cells = |h: &Value, code: &str| -> Vec<String> {
        row(h, code)["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .map(|c| c["state"].as_str().expect("state").to_owned())
            .collect()
    };
    // Hà Nội: nothing sent for 2023 and 2024, past their deadlines; 2025 sent.
    assert_eq!(cells(&heat, "01"), ["overdue", "overdue", "submitted"]);
    // Today's An Giang answers for Kiên Giang and the old An Giang before it existed: the least
    // advanced of the two (old An Giang's is missing).
    assert_eq!(cells(&heat, "91")[0], "overdue");
    // On the 2021 map, Kiên Giang's own report is sent.
    let (_, old) =
        send(&app, Method::GET, "/api/v1/dashboard/completeness?from=2023&to=2023&map=2021", &leader, None).await;
    assert_eq!(old["rows"].as_array().expect("rows").len(), 63);
    assert_eq!(row(&old, "91")["name"], "Tỉnh Kiên Giang");
    assert_eq!(cells(&old, "91"), ["submitted"]);
    // A province user sees its communes, not another province.
    let province = app.token("angiang.snv").await;
    let (s, own) = send(&app, Method::GET, "/api/v1/dashboard/completeness?from=2025&to=2025", &province, None).await;
    assert_eq!(s, StatusCode::OK, "{own}");
    assert_eq!(own["area_code"], "91");
    assert!(own["rows"].as_array().expect("rows").len() > 50, "communes of An Giang");
    let (s, _) = send(&app, Method::GET, "/api/v1/dashboard/completeness?area=01", &province, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, err) = send(&app, Method::GET, "/api/v1/dashboard/completeness?from=2025&to=2021", &province, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    // The page colours the cells; its export has one row per area with the states' words.
    let mut browser = app.login("bo.lanhdao").await;
    let page = browser.page("/dashboard/completeness?from=2023&to=2025").await;
    assert!(page.contains("id=\"heat-table\"") && page.contains("class=\"heat-submitted\""), "{page}");
    let r = browser.get("/dashboard/completeness/export.xlsx?from=2023&to=2025").await;
    assert_eq!(r.status(), StatusCode::OK);
    let sheets = binhdang_office::xlsx::read_text(&r.bytes().await.expect("body")).expect("workbook");
    let rows = &sheets[0].1;
    let header = rows.iter().position(|r| r.first().is_some_and(|c| c == "Địa bàn")).expect("header row");
    assert_eq!(rows[header], ["Địa bàn", "2023", "2024", "2025"]);
    assert_eq!(rows.len() - header - 1, 34);
    let hanoi = rows.iter().find(|r| r.first().is_some_and(|c| c == "Thành phố Hà Nội")).expect("Hà Nội");
    assert_eq!(hanoi, &["Thành phố Hà Nội", "Quá hạn", "Quá hạn", "Đã gửi"]);
}

async fn an_areas_page_has_its_targets_reports_and_tasks(backend: Backend) {
    let app = TestApp::new(backend).await;
    approve_directors(&app, 2022, "91", 2_400).await;
    // An Giang's plan sets 35 % for 2030.
    let officer = app.token("angiang.snv").await;
    let (s, plan) = send(
        &app,
        Method::POST,
        "/api/v1/plans",
        &officer,
        Some(json!({"agency_code": "91-SNV", "title": "Kế hoạch bình đẳng giới giai đoạn 2026-2030", "year_from": 2026, "year_to": 2030})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    let id = plan["id"].as_i64().expect("id");
    let (s, r) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/plans/{id}/targets"),
        &officer,
        Some(json!([{"indicator": "MT2.CT3", "year": 2030, "value": 35}])),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let ministry = app.token("bo.lanhdao").await;
    let (s, page) = send(&app, Method::GET, "/api/v1/dashboard/units/91", &ministry, None).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(page["name"], "Tỉnh An Giang");
    let mt =
        page["indicators"].as_array().expect("indicators").iter().find(|i| i["code"] == "MT2.CT3").expect("MT2.CT3");
    assert_eq!(mt["latest"], json!([2022, 24.0]), "{mt}");
    assert_eq!(mt["local_target"], json!([2030, 35.0]), "{mt}");
    assert_eq!(mt["national_target"], json!([2030, 30.0]), "{mt}");
    assert_eq!(page["plans"][0]["id"], id);
    assert!(
        page["reports"].as_array().expect("reports").iter().any(|r| r["form"] == "BDG_NAM" && r["period"] == "2025")
    );
    assert!(page["tasks"].as_array().expect("tasks").len() == 5);
    // An agency's code opens its area's page.
    let (_, same) = send(&app, Method::GET, "/api/v1/dashboard/units/91-SNV", &ministry, None).await;
    assert_eq!(same["code"], "91");
    // Within the scope only.
    let hanoi = app.token("hanoi.snv").await;
    let (s, _) = send(&app, Method::GET, "/api/v1/dashboard/units/91", &hanoi, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = send(&app, Method::GET, "/api/v1/dashboard/units/99999", &ministry, None).await;
    assert!(s == StatusCode::NOT_FOUND || s == StatusCode::UNPROCESSABLE_ENTITY, "{s}");
    // The page names, not codes.
    let mut browser = app.login("bo.lanhdao").await;
    let html = browser.page("/dashboard/units/91").await;
    assert!(html.contains("Tỉnh An Giang") && html.contains("Kế hoạch bình đẳng giới giai đoạn 2026-2030"), "{html}");
    assert!(html.contains("≥35% (2030)") && html.contains("24% (2022)"), "{html}");
    assert!(!html.contains("91-SNV"), "no agency codes: {html}");
}

on_both_backends!(
    provinces_are_ranked_and_placed_on_both_maps,
    the_heat_map_shows_each_areas_report_by_period,
    an_areas_page_has_its_targets_reports_and_tasks,
);
