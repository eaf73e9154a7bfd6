//! Logging in, sessions, API tokens, CSRF, throttling, security headers and the operational
//! endpoints, over HTTP.

use reqwest::header::SET_COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use binhdang_store::Backend;

use crate::support::{EXTRA_ACCOUNTS, PASSWORD, TestApp, on_both_backends};

async fn every_demo_account_can_log_in(backend: Backend) {
    let app = TestApp::new(backend).await;
    for (username, name, _, _, _) in binhdang::demo::ACCOUNTS {
        let mut b = app.login(username).await;
        let home = b.page("/").await;
        assert!(home.contains(name), "{username}: {home}");
        assert!(home.contains("Đăng xuất"));
    }
    let mut b = app.login(EXTRA_ACCOUNTS[0].0).await;
    assert!(b.page("/").await.contains("Sở Nội vụ thành phố Hà Nội"));
}

async fn session_cookies_are_http_only_and_same_site(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.browser().await;
    let csrf = b.cookie("bd_csrf").expect("csrf").to_owned();
    let r = b.post_form("/login", &[("username", "admin"), ("password", PASSWORD), ("next", "/units")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/units");
    let cookies: Vec<&str> = r.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().expect("ascii")).collect();
    let session = cookies.iter().find(|c| c.starts_with("bd_session=")).expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    // Logging in rotates the CSRF token.
    assert_ne!(b.cookie("bd_csrf").expect("csrf"), csrf);
    // An off-site "next" is not followed.
    let mut other = app.browser().await;
    let r =
        other.post_form("/login", &[("username", "admin"), ("password", PASSWORD), ("next", "//evil.example/")]).await;
    assert_eq!(r.headers()["location"], "/");
    // Logging out ends the session on the server.
    let old_session = b.cookie("bd_session").expect("session").to_owned();
    let r = b.post_form("/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .client
        .get(app.url("/account"))
        .header("cookie", format!("bd_session={old_session}"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the old session must be gone");
}

async fn state_changes_without_the_csrf_token_are_refused(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.login("angiang.snv").await;
    let snv = app.get_json("/api/v1/units/91-SNV?as_of=2026-01-01", StatusCode::OK).await;
    let path = format!("/units/{}/contact", snv["id"]);
    let fields = [("focal_person", "Kẻ giả mạo"), ("position", ""), ("phone", ""), ("email", ""), ("version", "1")];
    let r = b.post_form_raw(&path, &fields).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.expect("body").contains("CSRF"));
    let mut forged: Vec<(&str, &str)> = fields.to_vec();
    forged.push(("_csrf", "bd_0000000000000000000000000000000000000000000000000000000000000000"));
    let r = b.post_form_raw(&path, &forged).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Logging out and logging in are state changes too.
    assert_eq!(b.post_form_raw("/logout", &[]).await.status(), StatusCode::FORBIDDEN);
    let mut anon = app.browser().await;
    let r = anon.post_form_raw("/login", &[("username", "admin"), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Nothing changed; with the token the same edit goes through.
    let contact =
        app.db.store.contact(binhdang_core::units::UnitId(snv["id"].as_i64().expect("id"))).await.expect("contact");
    assert_eq!(contact.expect("demo contact").contact.focal_person, "Lê Thị Hoa");
    let r = b.post_form(&path, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // API clients with a bearer token carry no cookies and need no CSRF token.
    let token = app.token("angiang.snv").await;
    let r = app
        .api(Method::PUT, "/api/v1/units/91-SNV/contact", &token)
        .json(&serde_json::json!({"focal_person": "Lê Thị Hoa", "version": 2}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK);
}

async fn repeated_failures_lock_the_login(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.browser().await;
    for _ in 0..5 {
        let r = b.post_form("/login", &[("username", "bo.chuyenvien"), ("password", "sai-mat-khau")]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(r.text().await.expect("body").contains("không đúng"));
    }
    // Now even the right password is refused for a while, in the pages and the API.
    let r = b.post_form("/login", &[("username", "bo.chuyenvien"), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .json(&serde_json::json!({"username": "bo.chuyenvien", "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Other accounts are not affected.
    app.login("admin").await;
}

async fn api_tokens_are_created_used_and_revoked(backend: Backend) {
    let app = TestApp::new(backend).await;
    let r = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .json(&serde_json::json!({"username": "admin", "password": "wrong-password"}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let token = app.token("angiang.snv").await;
    let me: Value =
        app.api(Method::GET, "/api/v1/me", &token).send().await.expect("request").json().await.expect("JSON");
    assert_eq!(me["username"], "angiang.snv");
    assert_eq!(me["agency"]["code"], "91-SNV");
    assert_eq!(me["role"], "officer");
    let list: Value =
        app.api(Method::GET, "/api/v1/tokens", &token).send().await.expect("request").json().await.expect("JSON");
    let id = list["items"][0]["id"].as_i64().expect("id");
    assert!(list["items"][0].get("token").is_none(), "secrets are never listed");
    let r = app.api(Method::DELETE, &format!("/api/v1/tokens/{id}"), &token).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = app.api(Method::GET, "/api/v1/me", &token).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Without a token: 401 with a hint.
    let r = app.get("/api/v1/me").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Tokens are also made and revoked in the account page.
    let mut b = app.login("admin").await;
    let r = b.post_form("/account/tokens", &[("name", "Máy tổng hợp")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("body");
    let start = page.find("<code id=\"new-token\">").expect("token shown") + "<code id=\"new-token\">".len();
    let secret = &page[start..start + 67];
    let r = app.api(Method::GET, "/api/v1/me", secret).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
}

async fn sessions_survive_a_restart(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.login("bo.chuyenvien").await;
    let session = b.cookie("bd_session").expect("session").to_owned();
    assert!(b.page("/account").await.contains("bo.chuyenvien"));
    // Stop this server and start another on the same database.
    let again = app.restart().await;
    let r = again
        .client
        .get(again.url("/account"))
        .header("cookie", format!("bd_session={session}"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.expect("body").contains("bo.chuyenvien"));
}

async fn responses_carry_security_headers(backend: Backend) {
    let app = TestApp::new(backend).await;
    for path in ["/", "/login", "/units", "/api/v1/units?limit=1", "/nowhere"] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().expect("ascii");
        assert!(
            csp.contains("default-src 'self'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
    }
    let r = app.get("/nowhere").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.expect("body").contains("Không tìm thấy"));
    // The assets are embedded and served.
    for (file, marker) in [("htmx.min.js", "htmx"), ("echarts.min.js", "echarts")] {
        let r = app.get(&format!("/static/{file}")).await;
        assert_eq!(r.status(), StatusCode::OK, "{file}");
        assert!(r.text().await.expect("body").contains(marker), "{file}");
    }
}

async fn operations_endpoints_answer(backend: Backend) {
    let app = TestApp::new(backend).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    app.get("/units").await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND, "not without the token");
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(crate::support::METRICS_TOKEN)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(
        metrics.contains("binhdang_http_requests_total{method=\"GET\",route=\"/units\",status=\"200\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("binhdang_http_request_duration_seconds_bucket{route=\"/units\",le=\"+Inf\"} 1"));
}

async fn the_interface_speaks_english_on_request(backend: Backend) {
    let app = TestApp::new(backend).await;
    let mut b = app.browser().await;
    assert!(b.page("/units").await.contains("Đơn vị hành chính"));
    let r = b.post_form("/lang", &[("lang", "en"), ("next", "/units")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = b.page("/units").await;
    assert!(page.contains("Administrative units") && page.contains("lang=\"en\""), "{page}");
}

async fn the_openapi_document_lists_every_api_route(backend: Backend) {
    let app = TestApp::new(backend).await;
    let doc = app.get_json("/api/v1/openapi.json", StatusCode::OK).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let routes = include_str!("../../../web/src/routes.rs");
    // Each router's block of routes.rs, with the prefix it is nested under.
    let mut checked = 0;
    for (start, prefix) in [("let api = Router::new()", "/api/v1"), ("let dhis2 = Router::new()", "/api")] {
        let section = &routes[routes.find(start).expect("routes")..];
        let section = &section[..section.find(';').expect("end of the routes")];
        for route in section.split(".route(").skip(1) {
            let path = format!("{prefix}{}", route.split('"').nth(1).expect("path"));
            let item = &doc["paths"][&path];
            assert!(item.is_object(), "{path} is not documented");
            // Every method the route answers is documented.
            let handlers = &route[..route.find("))").unwrap_or(route.len())];
            for method in ["get", "post", "put", "patch", "delete"] {
                let answered = handlers.contains(&format!("{method}(")) || handlers.contains(&format!(".{method}("));
                assert_eq!(answered, item.get(method).is_some(), "{path}: {method} routed and documented differ");
            }
            checked += 1;
        }
    }
    assert!(checked >= 50, "{checked} routes");
    assert_the_document_is_well_formed(&doc);
    // A constraint written as a literal in an attribute follows the rule it states.
    for schema in ["NewUserInput", "PasswordInput"] {
        let documented = &doc["components"]["schemas"][schema]["properties"]["password"]["minLength"];
        assert_eq!(documented.as_u64(), Some(binhdang_core::users::MIN_PASSWORD_LEN as u64), "{schema}");
    }
}

/// A structural check of an `OpenAPI` 3.1 document (the fuzz run also validates it with a validator
/// from PyPI): every operation has answers and a unique id, every path parameter is declared,
/// every refusal of `/api/v1` is the one error schema, and every `$ref` resolves.
fn assert_the_document_is_well_formed(doc: &serde_json::Value) {
    let mut ids = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            assert!(
                ids.insert(op["operationId"].as_str().expect("operationId").to_owned()),
                "{method} {path}: id reused"
            );
            let answers = op["responses"].as_object().expect("responses");
            assert!(answers.keys().any(|s| s.starts_with('2')), "{method} {path}: no 2xx");
            let declared: Vec<&str> = op["parameters"]
                .as_array()
                .map(|ps| ps.iter().filter(|p| p["in"] == "path").filter_map(|p| p["name"].as_str()).collect())
                .unwrap_or_default();
            for name in path.split('{').skip(1).filter_map(|p| p.split('}').next()) {
                assert!(declared.contains(&name), "{method} {path}: {{{name}}} is not declared");
            }
            if path.starts_with("/api/v1/") {
                for (status, answer) in answers.iter().filter(|(s, _)| s.starts_with('4')) {
                    assert_eq!(
                        answer["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody",
                        "{method} {path}: {status} is not the API's error"
                    );
                }
            }
        }
    }
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"").skip(1).filter_map(|r| r.split('"').next()) {
        let name = reference.strip_prefix("#/components/schemas/").expect("a schema reference");
        assert!(doc["components"]["schemas"].get(name).is_some(), "{reference} does not resolve");
    }
}

async fn every_refusal_of_the_api_answers_in_its_json_format(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let cases: Vec<(reqwest::RequestBuilder, StatusCode, &str)> = vec![
        (
            app.api(reqwest::Method::POST, "/api/v1/activities", &token)
                .header("content-type", "application/json")
                .body("{not json"),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            app.api(reqwest::Method::POST, "/api/v1/plans/1/items", &token).json(&serde_json::json!({"group": "một"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        ),
        (
            app.api(reqwest::Method::POST, "/api/v1/tasks", &token).body("lead_code=91-SNV"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (app.api(reqwest::Method::GET, "/api/v1/tasks/abc", &token), StatusCode::BAD_REQUEST, "bad_request"),
        (
            app.api(reqwest::Method::GET, "/api/v1/documents?offset=-1", &token),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        ),
        (app.api(reqwest::Method::GET, "/api/v1/no-such-thing", &token), StatusCode::NOT_FOUND, "not_found"),
        (
            app.api(reqwest::Method::PATCH, "/api/v1/forms", &token),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
    ];
    for (request, status, code) in cases {
        let r = request.send().await.expect("request");
        assert_eq!(r.status(), status);
        assert!(r.headers()["content-type"].to_str().expect("ascii").starts_with("application/json"), "a JSON refusal");
        let body: serde_json::Value = r.json().await.expect("JSON");
        assert_eq!(body["error"]["code"], code, "{body}");
        assert!(!body["error"]["message"].as_str().expect("message").is_empty());
    }
}

on_both_backends!(
    every_demo_account_can_log_in,
    session_cookies_are_http_only_and_same_site,
    state_changes_without_the_csrf_token_are_refused,
    repeated_failures_lock_the_login,
    api_tokens_are_created_used_and_revoked,
    sessions_survive_a_restart,
    responses_carry_security_headers,
    operations_endpoints_answer,
    the_interface_speaks_english_on_request,
    the_openapi_document_lists_every_api_route,
    every_refusal_of_the_api_answers_in_its_json_format,
);
