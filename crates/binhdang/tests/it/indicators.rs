//! The indicator catalog over HTTP: the seeded Strategy indicators in the documented shape,
//! national administrators' edits with history and conflicts, retiring, and who may not.

use reqwest::{Method, StatusCode};
use serde_json::json;

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

async fn the_catalog_holds_the_strategy_targets(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("xa.rachgia").await;
    let (status, list) = send(&app, Method::GET, "/api/v1/indicators", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 22);
    let mt1 = items.iter().find(|i| i["code"] == "MT1.CT1").expect("MT1.CT1");
    assert_eq!(mt1["objective"], 1);
    assert_eq!(mt1["unit"], "percent");
    assert_eq!(mt1["direction"], "at_least");
    assert_eq!(mt1["targets"], json!([{"year": 2025, "value": 60.0}, {"year": 2030, "value": 75.0}]));
    assert_eq!(mt1["confirmed"], true);
    let srb = items.iter().find(|i| i["code"] == "MT4.CT1").expect("sex ratio at birth");
    assert_eq!((srb["unit"].as_str(), srb["direction"].as_str()), (Some("ratio"), Some("at_most")));
    let unconfirmed: Vec<&str> =
        items.iter().filter(|i| i["confirmed"] == false).map(|i| i["code"].as_str().expect("code")).collect();
    assert!(unconfirmed.contains(&"MT4.CT3") && unconfirmed.contains(&"MT5.CT1"), "{unconfirmed:?}");
    // The page lists them too, with the unconfirmed flag.
    let mut b = app.login("xa.rachgia").await;
    let page = b.page("/indicators").await;
    assert!(page.contains("MT1.CT1") && page.contains("≥ 60%") && page.contains("chưa xác nhận"), "{page}");
}

async fn administrators_edit_the_catalog_with_history(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.token("admin").await;
    // The Strategy's missing communication indicators can be added.
    let new = json!({"code": "MT6.CT2", "programme": "Chiến lược BĐG 2021-2030", "objective": 6, "name": "Tỷ lệ cơ quan báo chí có chuyên mục về bình đẳng giới", "unit": "percent", "direction": "at_least", "targets": [{"year": 2025, "value": 50}], "source": "chưa xác nhận", "confirmed": false});
    let (status, created) = send(&app, Method::POST, "/api/v1/indicators", &admin, Some(new.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(send(&app, Method::POST, "/api/v1/indicators", &admin, Some(new)).await.0, StatusCode::CONFLICT);
    // An edit keeps the previous version; a stale one conflicts.
    let (_, current) = send(&app, Method::GET, "/api/v1/indicators/MT6.CT2", &admin, None).await;
    let mut edited = current["indicator"].clone();
    edited["targets"] = json!([{"year": 2025, "value": 55}, {"year": 2030, "value": 70}]);
    edited["confirmed"] = json!(true);
    edited["version"] = json!(1);
    let (status, saved) = send(&app, Method::PUT, "/api/v1/indicators/MT6.CT2", &admin, Some(edited.clone())).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    assert_eq!(
        send(&app, Method::PUT, "/api/v1/indicators/MT6.CT2", &admin, Some(edited)).await.0,
        StatusCode::CONFLICT
    );
    let (_, detail) = send(&app, Method::GET, "/api/v1/indicators/MT6.CT2", &admin, None).await;
    assert_eq!(detail["history"][0]["version"], 1);
    assert_eq!(detail["history"][0]["indicator"]["targets"], json!([{"year": 2025, "value": 50.0}]));
    // Bad values are named.
    let (status, err) = send(
        &app,
        Method::POST,
        "/api/v1/indicators",
        &admin,
        Some(json!({"code": "X 1", "objective": 12, "name": "", "unit": "percent", "direction": "at_least", "targets": [{"year": 2025, "value": 140}]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        err["error"]["fields"].as_array().expect("fields").iter().map(|f| f["field"].as_str().expect("f")).collect();
    for f in ["code", "name", "objective", "targets"] {
        assert!(fields.contains(&f), "{fields:?}");
    }
    // Retiring keeps it, out of the default list.
    let (status, _) =
        send(&app, Method::POST, "/api/v1/indicators/MT6.CT2/retire", &admin, Some(json!({"version": 2}))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = send(&app, Method::GET, "/api/v1/indicators", &admin, None).await;
    assert!(!list["items"].as_array().expect("items").iter().any(|i| i["code"] == "MT6.CT2"));
    let (_, list) = send(&app, Method::GET, "/api/v1/indicators?retired=true", &admin, None).await;
    assert!(list["items"].as_array().expect("items").iter().any(|i| i["code"] == "MT6.CT2" && i["retired"] == true));
    // Only a national administrator changes the catalog.
    for who in ["angiang.admin", "bo.chuyenvien"] {
        let token = app.token(who).await;
        let (status, _) =
            send(&app, Method::POST, "/api/v1/indicators/MT1.CT1/retire", &token, Some(json!({"version": 1}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
}

async fn the_catalog_is_edited_in_the_browser(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.login("admin").await;
    let page = b.page("/indicators/MT2.CT3").await;
    assert!(page.contains("id=\"indicator-form\""));
    let fields = [
        ("code", "MT2.CT3"),
        ("programme", "Chiến lược BĐG 2021-2030"),
        ("objective", "2"),
        ("name", "Tỷ lệ nữ giám đốc, chủ doanh nghiệp, hợp tác xã"),
        ("name_en", "Women among directors and owners"),
        ("unit", "percent"),
        ("direction", "at_least"),
        ("targets", "2025=27; 2030=30"),
        ("baseline", "2020=26,5"),
        ("source", "Nghị quyết 28/NQ-CP"),
        ("confirmed", "1"),
        ("numerator", "DN_CHU.nu"),
        ("denominator", "DN_CHU"),
        ("factor", "100"),
        ("version", "1"),
    ];
    let r = b.post_form("/indicators/MT2.CT3", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let token = app.token("admin").await;
    let (_, detail) = send(&app, Method::GET, "/api/v1/indicators/MT2.CT3", &token, None).await;
    assert_eq!(detail["indicator"]["baseline"], json!({"year": 2020, "value": 26.5}));
    assert_eq!(
        detail["indicator"]["formula"],
        json!({"numerator": "DN_CHU.nu", "denominator": "DN_CHU", "factor": 100.0})
    );
    // A malformed target line comes back next to its field, the input kept.
    let mut bad = fields;
    bad[7] = ("targets", "2025:27");
    bad[14] = ("version", "2");
    let r = b.post_form("/indicators/MT2.CT3", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(page.contains("phải có dạng năm=giá trị") && page.contains("2025:27"), "{page}");
    // A viewer sees the catalog but no form.
    let mut viewer = app.login("xem").await;
    assert!(!viewer.page("/indicators/MT2.CT3").await.contains("id=\"indicator-form\""));
    assert_eq!(viewer.get("/indicators/new").await.status(), StatusCode::FORBIDDEN);
}

on_both_backends!(
    the_catalog_holds_the_strategy_targets,
    administrators_edit_the_catalog_with_history,
    the_catalog_is_edited_in_the_browser,
);
