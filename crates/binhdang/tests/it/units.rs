//! The org registry over HTTP: dated reads, code reuse, lineage, search without diacritics,
//! the unit browser, bad input, and administrators' dated changes.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends};

fn names(body: &Value) -> Vec<String> {
    body["items"].as_array().expect("items").iter().map(|i| i["name"].as_str().expect("name").to_owned()).collect()
}

async fn total(app: &TestApp, kind: &str, as_of: &str) -> u64 {
    let body = app.get_json(&format!("/api/v1/units?kind={kind}&as_of={as_of}&limit=1"), StatusCode::OK).await;
    body["total"].as_u64().expect("total")
}

async fn kien_giang_is_a_province_in_2021_with_15_districts(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = app.get_json("/api/v1/units?q=kien%20giang&kind=province&as_of=2021-02-25", StatusCode::OK).await;
    assert_eq!(body["total"], 1);
    let item = &body["items"][0];
    assert_eq!(item["code"], "91");
    assert_eq!(item["name"], "Tỉnh Kiên Giang");
    assert_eq!(item["kind"], "province");
    assert_eq!(item["parent_code"], "VN");
    assert_eq!(item["valid_to"], "2025-06-30");
    let unit = app.get_json("/api/v1/units/91?as_of=2021-02-25", StatusCode::OK).await;
    let children = unit["children"].as_array().expect("children");
    assert_eq!(children.len(), 15);
    assert!(children.iter().all(|c| c["kind"] == "district"), "{children:?}");
    assert!(children.iter().any(|c| c["name"] == "Thành phố Rạch Giá"));
    assert_eq!(unit["successors"][0]["name"], "Tỉnh An Giang");
    assert_eq!(unit["successors"][0]["lineage_kind"], "merged");
}

async fn after_the_reform_kien_giang_is_part_of_an_giang(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = app.get_json("/api/v1/units?q=kien%20giang&kind=province&as_of=2025-07-01", StatusCode::OK).await;
    assert_eq!(body["total"], 0);
    assert_eq!(body["items"], json!([]));

    let an_giang = app.get_json("/api/v1/units/91?as_of=2025-07-01", StatusCode::OK).await;
    assert_eq!(an_giang["name"], "Tỉnh An Giang");
    assert_eq!(an_giang["valid_from"], "2025-07-01");
    let predecessors: Vec<&str> = an_giang["predecessors"]
        .as_array()
        .expect("predecessors")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert!(predecessors.contains(&"Tỉnh Kiên Giang") && predecessors.contains(&"Tỉnh An Giang"), "{predecessors:?}");
    let communes = an_giang["children"].as_array().expect("children");
    assert_eq!(communes.len(), 102);
    assert!(communes.iter().all(|c| c["kind"] == "commune"));
    let agencies: Vec<&str> =
        an_giang["agencies"].as_array().expect("agencies").iter().map(|a| a["code"].as_str().expect("code")).collect();
    assert!(
        agencies.contains(&"91-SNV") && agencies.contains(&"91-UBND") && !agencies.contains(&"91-SLDTBXH"),
        "{agencies:?}"
    );

    // The browser offers what the former province became.
    let mut b = app.browser().await;
    let page = b.page("/units?q=kien+giang&as_of=2025-07-01").await;
    assert!(page.contains("Kiên Giang") && page.contains("đến 30/06/2025") && page.contains("nay thuộc"), "{page}");
    assert!(page.contains("Tỉnh An Giang"));
}

async fn the_map_has_the_right_size_on_each_side_of_the_reform(backend: Backend) {
    let app = TestApp::new(backend).await;
    assert_eq!(total(&app, "province", "2025-06-30").await, 63);
    assert_eq!(total(&app, "district", "2025-06-30").await, 696);
    assert_eq!(total(&app, "commune", "2025-06-30").await, 10_035);
    assert_eq!(total(&app, "province", "2025-07-01").await, 34);
    assert_eq!(total(&app, "district", "2025-07-01").await, 0);
    assert_eq!(total(&app, "commune", "2025-07-01").await, 3_321);
    assert_eq!(total(&app, "commune_committee", "2025-07-01").await, 3_321);
    // MOLISA hands over to the Ministry of Home Affairs on 01/03/2025.
    let molisa = app.get_json("/api/v1/units/BLDTBXH?as_of=2021-02-25", StatusCode::OK).await;
    assert_eq!(molisa["valid_to"], "2025-02-28");
    assert_eq!(molisa["successors"][0]["code"], "BNV");
    app.get_json("/api/v1/units/BLDTBXH?as_of=2025-03-01", StatusCode::NOT_FOUND).await;
    let dept = app.get_json("/api/v1/units/91-SLDTBXH?as_of=2021-02-25", StatusCode::OK).await;
    assert_eq!(dept["name"], "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang");
    assert_eq!(dept["successors"][0]["name"], "Sở Nội vụ tỉnh Kiên Giang");
}

async fn a_reused_code_means_what_it_meant_on_the_day(backend: Backend) {
    let app = TestApp::new(backend).await;
    let before = app.get_json("/api/v1/units/00004?as_of=2025-06-30", StatusCode::OK).await;
    assert_eq!(before["name"], "Phường Trúc Bạch");
    let after = app.get_json("/api/v1/units/00004?as_of=2025-07-01", StatusCode::OK).await;
    assert_eq!(after["name"], "Phường Ba Đình");
    assert_ne!(before["id"], after["id"]);
    // A code unknown on the day says what it meant at other times.
    let err = app.get_json("/api/v1/units/89?as_of=2025-07-01", StatusCode::NOT_FOUND).await;
    let message = err["error"]["message"].as_str().expect("message");
    assert!(message.contains("Tỉnh An Giang") && message.contains("đến 30/06/2025"), "{message}");
}

async fn search_ignores_case_and_diacritics(backend: Backend) {
    let app = TestApp::new(backend).await;
    for q in ["kien%20giang", "Ki%C3%AAn%20Giang", "KI%C3%8AN%20GIANG", "  kien   giang "] {
        let body = app.get_json(&format!("/api/v1/units?q={q}&kind=province&as_of=2021-02-25"), StatusCode::OK).await;
        assert_eq!(names(&body), ["Tỉnh Kiên Giang"], "q={q}");
    }
    // "đ" folds to "d".
    let body = app.get_json("/api/v1/units?q=da%20nang&kind=province&as_of=2021-02-25", StatusCode::OK).await;
    assert_eq!(names(&body), ["Thành phố Đà Nẵng"]);
    let body = app
        .get_json("/api/v1/units?q=%C4%90%C3%A0%20N%E1%BA%B5ng&kind=province&as_of=2021-02-25", StatusCode::OK)
        .await;
    assert_eq!(names(&body), ["Thành phố Đà Nẵng"]);
    // LIKE wildcards in the query are literal.
    let body = app.get_json("/api/v1/units?q=%25&as_of=2021-02-25", StatusCode::OK).await;
    assert_eq!(body["total"], 0);
}

async fn listings_page_and_filter_by_parent(backend: Backend) {
    let app = TestApp::new(backend).await;
    let first = app.get_json("/api/v1/units?parent=91&as_of=2025-07-01&limit=40", StatusCode::OK).await;
    assert_eq!(first["total"], 102);
    assert_eq!(first["items"].as_array().expect("items").len(), 40);
    let last = app.get_json("/api/v1/units?parent=91&as_of=2025-07-01&limit=40&offset=80", StatusCode::OK).await;
    assert_eq!(last["items"].as_array().expect("items").len(), 22);
    assert!(last["items"].as_array().expect("items").iter().all(|i| i["parent_code"] == "91"));
}

async fn bad_input_gets_a_vietnamese_error_naming_the_field(backend: Backend) {
    let app = TestApp::new(backend).await;
    let err = app.get_json("/api/v1/units?as_of=02/25/2021", StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(err["error"]["fields"][0]["field"], "as_of");
    assert!(err["error"]["fields"][0]["message"].as_str().expect("message").contains("ngày/tháng/năm"));
    // A date is read day first, as written in Vietnam, or as ISO.
    let day_first = app.get_json("/api/v1/units?q=kien%20giang&kind=province&as_of=25/02/2021", StatusCode::OK).await;
    assert_eq!(day_first["total"], 1, "{day_first}");
    let err = app.get_json("/api/v1/units?kind=tinh", StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(err["error"]["fields"][0]["field"], "kind");
    let err = app.get_json("/api/v1/units?limit=5000", StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(err["error"]["fields"][0]["field"], "limit");
    let err = app.get_json("/api/v1/units?parent=99999&as_of=2021-01-01", StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(err["error"]["fields"][0]["field"], "parent");
    // The web page says it in Vietnamese too.
    let r = app.get("/units?as_of=2021-13-45").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(page.contains("as_of") && page.contains("không đúng dạng ngày/tháng/năm"), "{page}");
}

async fn the_browser_tree_opens_level_by_level(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.browser().await;
    let page = b.page("/units?as_of=2021-02-25").await;
    assert!(page.contains("Việt Nam") && page.contains("Chính phủ"), "{page}");
    let nation = app.get_json("/api/v1/units/VN?as_of=2021-02-25", StatusCode::OK).await;
    let id = nation["id"].as_i64().expect("id");
    let level = b.page(&format!("/units/{id}/children?as_of=2021-02-25")).await;
    assert_eq!(level.matches("<li>").count(), 63, "{level}");
    assert!(level.contains("Tỉnh Kiên Giang"));
    let level = b.page(&format!("/units/{id}/children?as_of=2025-07-01")).await;
    assert_eq!(level.matches("<li>").count(), 34);
    // An htmx search returns only the results fragment.
    let r = app
        .client
        .get(app.url("/units?q=kien+giang&as_of=2021-02-25"))
        .header("HX-Request", "true")
        .send()
        .await
        .expect("request");
    let fragment = r.text().await.expect("body");
    assert!(fragment.starts_with("<div id=\"unit-results\">") && fragment.contains("Tỉnh Kiên Giang"), "{fragment}");
    // The unit page shows lineage and agencies.
    let kg = app.get_json("/api/v1/units/91?as_of=2021-02-25", StatusCode::OK).await;
    let page = b.page(&format!("/units/{}", kg["id"])).await;
    assert!(
        page.contains("Tỉnh An Giang")
            && page.contains("Sở Nội vụ tỉnh Kiên Giang")
            && page.contains("Thành phố Phú Quốc"),
        "{page}"
    );
}

async fn an_administrator_records_a_dated_change(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("admin").await;
    // A commune created on 01/01/2026 out of Phường Rạch Giá.
    let r = app
        .api(Method::POST, "/api/v1/units", &token)
        .json(&json!({"code": "99901", "name": "Phường Rạch Giá Mới", "kind": "commune", "parent_code": "91", "valid_from": "2026-01-01"}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = app
        .api(Method::POST, "/api/v1/units/30742/successors?as_of=2025-12-01", &token)
        .json(&json!({"successor_code": "99901", "successor_as_of": "2026-01-01", "kind": "divided", "weight": 0.5, "is_main": false}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::CREATED);
    app.get_json("/api/v1/units/99901?as_of=2025-12-31", StatusCode::NOT_FOUND).await;
    let created = app.get_json("/api/v1/units/99901?as_of=2026-01-01", StatusCode::OK).await;
    assert_eq!(created["predecessors"][0]["code"], "30742");
    assert_eq!(created["predecessors"][0]["weight"], 0.5);

    // Renaming with the version read works once; the stale version is a conflict.
    let version = created["version"].as_i64().expect("version");
    let edit = json!({"code": "99901", "name": "Phường Rạch Sỏi", "kind": "commune", "parent_code": "91", "valid_from": "2026-01-01", "version": version});
    let r =
        app.api(Method::PUT, "/api/v1/units/99901?as_of=2026-01-01", &token).json(&edit).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    let r =
        app.api(Method::PUT, "/api/v1/units/99901?as_of=2026-01-01", &token).json(&edit).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A code already used in the same period is refused.
    let r = app
        .api(Method::POST, "/api/v1/units", &token)
        .json(&json!({"code": "30742", "name": "Trùng mã", "kind": "commune", "parent_code": "91", "valid_from": "2026-01-01"}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // Bad fields are all named at once.
    let r = app
        .api(Method::POST, "/api/v1/units", &token)
        .json(&json!({"code": "", "name": "", "kind": "tinh", "valid_from": "2026-02-30"}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.expect("JSON");
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().expect("fields").iter().map(|f| f["field"].as_str().expect("f")).collect();
    for f in ["kind", "valid_from", "code", "name"] {
        assert!(fields.contains(&f), "{fields:?}");
    }
    // An officer may not change the registry.
    let officer = app.token("bo.chuyenvien").await;
    let r = app
        .api(Method::POST, "/api/v1/units", &officer)
        .json(&json!({"code": "99902", "name": "X", "kind": "commune", "parent_code": "91"}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

async fn an_administrator_edits_a_unit_in_the_browser(backend: Backend) {
    let app = TestApp::new(backend).await;
    let unit = app.get_json("/api/v1/units/30742-UBND?as_of=2026-01-01", StatusCode::OK).await;
    let id = unit["id"].as_i64().expect("id");
    let mut b = app.login("admin").await;
    let form = b.page(&format!("/units/{id}/edit")).await;
    assert!(form.contains("Ủy ban nhân dân phường Rạch Giá"));
    let version = unit["version"].to_string();
    let fields = [
        ("code", "30742-UBND"),
        ("name", "UBND phường Rạch Giá"),
        ("kind", "commune_committee"),
        ("parent_code", "91-UBND"),
        ("area_code", "30742"),
        ("valid_from", "2025-07-01"),
        ("valid_to", ""),
        ("version", version.as_str()),
    ];
    let r = b.post_form(&format!("/units/{id}/edit"), &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = app.get_json("/api/v1/units/30742-UBND?as_of=2026-01-01", StatusCode::OK).await;
    assert_eq!(after["name"], "UBND phường Rạch Giá");
    // Submitting the same old version again is refused and the input is kept.
    let r = b.post_form(&format!("/units/{id}/edit"), &fields).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.expect("body");
    assert!(page.contains("người khác sửa") && page.contains("UBND phường Rạch Giá"), "{page}");
    // The change is in the unit's history.
    let page = b.page(&format!("/units/{id}")).await;
    assert!(page.contains("unit.update"), "{page}");
}

on_both_backends!(
    kien_giang_is_a_province_in_2021_with_15_districts,
    after_the_reform_kien_giang_is_part_of_an_giang,
    the_map_has_the_right_size_on_each_side_of_the_reform,
    a_reused_code_means_what_it_meant_on_the_day,
    search_ignores_case_and_diacritics,
    listings_page_and_filter_by_parent,
    bad_input_gets_a_vietnamese_error_naming_the_field,
    the_browser_tree_opens_level_by_level,
    an_administrator_records_a_dated_change,
    an_administrator_edits_a_unit_in_the_browser,
);
