//! Who may change what, over HTTP: a user writes only within their agency's area (and what has
//! since become part of it); a viewer writes nothing; administrators manage users in scope.
//! Exercised through agencies' gender-equality focal points and user management.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use binhdang_store::Backend;

use crate::support::{TestApp, on_both_backends, send};

async fn put_contact(app: &TestApp, token: &str, code: &str, as_of: &str, version: i64) -> StatusCode {
    app.api(Method::PUT, &format!("/api/v1/units/{code}/contact?as_of={as_of}"), token)
        .json(&json!({"focal_person": "Nguyễn Văn A", "position": "Chuyên viên", "phone": "0901 234 567", "email": "a@example.vn", "version": version}))
        .send()
        .await
        .expect("request")
        .status()
}

async fn a_commune_officer_changes_only_their_commune(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("xa.rachgia").await;
    assert_eq!(put_contact(&app, &token, "30742-UBND", "2026-01-01", 0).await, StatusCode::OK);
    // Another commune of the same province, the province's department, another province.
    let other_commune =
        app.get_json("/api/v1/units?parent=91&kind=commune&as_of=2026-01-01&limit=2", StatusCode::OK).await;
    let other = other_commune["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["code"] != "30742")
        .expect("another commune");
    let other_code = format!("{}-UBND", other["code"].as_str().expect("code"));
    assert_eq!(put_contact(&app, &token, &other_code, "2026-01-01", 0).await, StatusCode::FORBIDDEN);
    assert_eq!(put_contact(&app, &token, "91-SNV", "2026-01-01", 1).await, StatusCode::FORBIDDEN);
    assert_eq!(put_contact(&app, &token, "01-SNV", "2026-01-01", 0).await, StatusCode::FORBIDDEN);
    // The same in the browser: the form is not offered and a forged post is refused.
    let mut b = app.login("xa.rachgia").await;
    let dept = app.get_json("/api/v1/units/91-SNV?as_of=2026-01-01", StatusCode::OK).await;
    let page = b.page(&format!("/units/{}", dept["id"])).await;
    assert!(!page.contains("name=\"focal_person\""), "no edit form outside the scope");
    let fields = [("focal_person", "X"), ("position", ""), ("phone", ""), ("email", ""), ("version", "1")];
    let r = b.post_form(&format!("/units/{}/contact", dept["id"]), &fields).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.expect("body").contains("ngoài phạm vi"));
}

async fn a_province_officer_cannot_change_another_province(backend: Backend) {
    let app = TestApp::new(backend).await;
    let an_giang = app.token("angiang.snv").await;
    let ha_noi = app.token("hanoi.snv").await;
    assert_eq!(put_contact(&app, &an_giang, "30742-UBND", "2026-01-01", 0).await, StatusCode::OK);
    assert_eq!(put_contact(&app, &an_giang, "01-SNV", "2026-01-01", 0).await, StatusCode::FORBIDDEN);
    assert_eq!(put_contact(&app, &ha_noi, "91-SNV", "2026-01-01", 1).await, StatusCode::FORBIDDEN);
    assert_eq!(put_contact(&app, &ha_noi, "01-SNV", "2026-01-01", 0).await, StatusCode::OK);
    // History belongs to today's province: Kiên Giang's former department is An Giang's to keep.
    assert_eq!(put_contact(&app, &an_giang, "91-SLDTBXH", "2021-02-25", 0).await, StatusCode::OK);
    assert_eq!(put_contact(&app, &ha_noi, "91-SLDTBXH", "2021-02-25", 1).await, StatusCode::FORBIDDEN);
    // A ministry officer works nationwide.
    let ministry = app.token("bo.chuyenvien").await;
    assert_eq!(put_contact(&app, &ministry, "01-SNV", "2026-01-01", 1).await, StatusCode::OK);
}

async fn a_viewer_changes_nothing(backend: Backend) {
    let app = TestApp::new(backend).await;
    for viewer in ["xem", "angiang.xem"] {
        let token = app.token(viewer).await;
        assert_eq!(put_contact(&app, &token, "91-SNV", "2026-01-01", 1).await, StatusCode::FORBIDDEN, "{viewer}");
        let r = app
            .api(Method::POST, "/api/v1/users", &token)
            .json(&json!({"username": "moi", "display_name": "Mới", "agency_code": "91-SNV", "role": "viewer", "password": "mat-khau-dai-du"}))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{viewer}");
    }
    let mut b = app.login("xem").await;
    let dept = app.get_json("/api/v1/units/91-SNV?as_of=2026-01-01", StatusCode::OK).await;
    let r = b.post_form(&format!("/units/{}/contact", dept["id"]), &[("focal_person", "X"), ("version", "1")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.expect("body").contains("chỉ được đọc"));
}

async fn concurrent_contact_edits_conflict_instead_of_overwriting(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let current: Value = app
        .api(Method::GET, "/api/v1/units/91-SNV/contact", &token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    let version = current["version"].as_i64().expect("version");
    assert_eq!(put_contact(&app, &token, "91-SNV", "2026-01-01", version).await, StatusCode::OK);
    assert_eq!(put_contact(&app, &token, "91-SNV", "2026-01-01", version).await, StatusCode::CONFLICT);
    // In the browser, the stale form comes back with the user's input and a message.
    let mut b = app.login("angiang.snv").await;
    let dept = app.get_json("/api/v1/units/91-SNV?as_of=2026-01-01", StatusCode::OK).await;
    let fields = [("focal_person", "Trần Thị B"), ("position", ""), ("phone", ""), ("email", ""), ("version", "1")];
    let r = b.post_form(&format!("/units/{}/contact", dept["id"]), &fields).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.expect("body");
    assert!(page.contains("người khác sửa") && page.contains("Trần Thị B"), "{page}");
    // Invalid input is named field by field and kept.
    let fields =
        [("focal_person", ""), ("position", ""), ("phone", "abc"), ("email", "khong-phai-thu"), ("version", "2")];
    let r = b.post_form(&format!("/units/{}/contact", dept["id"]), &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(
        page.contains("số điện thoại") && page.contains("khong-phai-thu") && page.contains("không được để trống"),
        "{page}"
    );
    // Each accepted change is audited.
    let page = b.page(&format!("/units/{}", dept["id"])).await;
    assert!(page.matches("unit.contact").count() >= 2, "{page}");
}

async fn administrators_manage_users_within_their_scope(backend: Backend) {
    let app = TestApp::new(backend).await;
    let national = app.token("admin").await;
    let provincial = app.token("angiang.admin").await;
    let new_user = |username: &str, agency: &str| json!({"username": username, "display_name": "Cán bộ mới", "agency_code": agency, "role": "officer", "password": "mat-khau-dai-du"});
    let (status, created) =
        send(&app, Method::POST, "/api/v1/users", &provincial, Some(new_user("ag.moi", "30742-UBND"))).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = send(&app, Method::POST, "/api/v1/users", &provincial, Some(new_user("hn.moi", "01-SNV"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send(&app, Method::POST, "/api/v1/users", &national, Some(new_user("hn.moi", "01-SNV"))).await;
    assert_eq!(status, StatusCode::CREATED);
    // A duplicate name and bad fields are named.
    let (status, body) = send(&app, Method::POST, "/api/v1/users", &national, Some(new_user("hn.moi", "01-SNV"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"][0]["field"], "username");
    let bad = json!({"username": "X Y", "display_name": "", "agency_code": "91", "role": "boss", "password": "ngan"});
    let (_, body) = send(&app, Method::POST, "/api/v1/users", &national, Some(bad)).await;
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().expect("fields").iter().map(|f| f["field"].as_str().expect("f")).collect();
    for f in ["role", "agency_code", "username", "display_name", "password"] {
        assert!(fields.contains(&f), "{fields:?}");
    }
    // The provincial administrator sees only their province's users.
    let (_, listed) = send(&app, Method::GET, "/api/v1/users", &provincial, None).await;
    let usernames: Vec<&str> =
        listed["items"].as_array().expect("items").iter().map(|u| u["username"].as_str().expect("u")).collect();
    assert!(
        usernames.contains(&"ag.moi")
            && usernames.contains(&"xa.rachgia")
            && !usernames.contains(&"hn.moi")
            && !usernames.contains(&"admin"),
        "{usernames:?}"
    );
    // Disabling an account ends its access; a reset password works.
    let id = created["id"].as_i64().expect("id");
    let ag_token = app.token_for("ag.moi", "mat-khau-dai-du").await.expect("token");
    let user_path = format!("/api/v1/users/{id}");
    let (status, _) = send(&app, Method::PATCH, &user_path, &provincial, Some(json!({"active": false}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(send(&app, Method::GET, "/api/v1/me", &ag_token, None).await.0, StatusCode::UNAUTHORIZED);
    let (status, _) = send(&app, Method::PATCH, &user_path, &provincial, Some(json!({"active": true}))).await;
    assert_eq!(status, StatusCode::OK);
    let password = json!({"password": "mat-khau-moi-123"});
    let (status, _) = send(&app, Method::PUT, &format!("{user_path}/password"), &provincial, Some(password)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(app.token_for("ag.moi", "mat-khau-moi-123").await.is_some());
    // Officers cannot manage users.
    let officer = app.token("angiang.snv").await;
    assert_eq!(send(&app, Method::GET, "/api/v1/users", &officer, None).await.0, StatusCode::FORBIDDEN);
}

async fn users_are_managed_in_the_browser(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.login("angiang.admin").await;
    let list = b.page("/users").await;
    assert!(list.contains("xa.rachgia") && !list.contains("hanoi.snv"), "{list}");
    let r = b
        .post_form(
            "/users",
            &[
                ("username", "ag.web"),
                ("display_name", "Cán bộ web"),
                ("agency_code", "91-SYT"),
                ("role", "leader"),
                ("password", "mat-khau-dai-du"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().expect("ascii").to_owned();
    let page = b.page(&location).await;
    assert!(page.contains("ag.web") && page.contains("Cán bộ web"));
    // A bad form comes back with messages next to the fields and the input kept (not the password).
    let r = b
        .post_form(
            "/users",
            &[
                ("username", "ag.web"),
                ("display_name", "Trùng tên"),
                ("agency_code", "01-SNV"),
                ("role", "officer"),
                ("password", "x"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "another province's agency");
    let r = b
        .post_form(
            "/users",
            &[
                ("username", "ag.web"),
                ("display_name", "Trùng tên"),
                ("agency_code", "91-SYT"),
                ("role", "officer"),
                ("password", "mat-khau-dai-du"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(page.contains("đã có người dùng") && page.contains("Trùng tên"), "{page}");
    // Non-administrators do not see user management.
    let mut officer = app.login("angiang.snv").await;
    assert_eq!(officer.get("/users").await.status(), StatusCode::FORBIDDEN);
}

on_both_backends!(
    a_commune_officer_changes_only_their_commune,
    a_province_officer_cannot_change_another_province,
    a_viewer_changes_nothing,
    concurrent_contact_edits_conflict_instead_of_overwriting,
    administrators_manage_users_within_their_scope,
    users_are_managed_in_the_browser,
);
