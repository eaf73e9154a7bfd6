//! The English interface over HTTP: after switching to English, every page route of
//! `routes.rs` answers 200 in English, and no Vietnamese word of the word table is left on it.

use reqwest::{Method, StatusCode};
use serde_json::json;

use binhdang_core::activities::{ActivityType, FieldKind};
use binhdang_core::documents::Urgency;
use binhdang_core::tasks::TaskStatus;
use binhdang_store::Backend;
use binhdang_web::i18n::{EN, VI};

use crate::support::{TestApp, on_both_backends, send};

/// Routes that answer with a file rather than a page (left out: there is nothing to read).
fn is_download(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    last == "events"
        || last.starts_with("export.")
        || last.rsplit_once('.').is_some_and(|(_, e)| ["xlsx", "docx", "csv"].iter().any(|x| e.eq_ignore_ascii_case(x)))
        || last == "file"
        || last == "{file}"
}

/// Pages htmx swaps into another page: no `<html>` of their own.
fn is_fragment(path: &str) -> bool {
    path.ends_with("/children") || path.starts_with("/pick/")
}

/// The word table as (Vietnamese, English) pairs, from its `Debug` form.
fn word_pairs() -> Vec<(String, String)> {
    let fields = |t: String| -> Vec<String> {
        t.split("\", ")
            .filter_map(|e| e.split_once(": \""))
            .map(|(_, v)| v.trim_end_matches("\" }").to_owned())
            .collect()
    };
    let mut pairs: Vec<(String, String)> =
        fields(format!("{VI:?}")).into_iter().zip(fields(format!("{EN:?}"))).collect();
    assert!(pairs.len() > 200, "read the word table");
    // The labels declared with the enums and the activity types' fields.
    let mut add = |vi: &str, en: &str| pairs.push((vi.to_owned(), en.to_owned()));
    for t in ActivityType::ALL {
        add(t.label_vi(), t.label_en());
        for f in t.fields() {
            add(f.label, f.label_en);
            if let FieldKind::Choice(options) | FieldKind::Multi(options) = f.kind {
                for (_, vi, en) in options {
                    add(vi, en);
                }
            }
        }
    }
    for s in TaskStatus::ALL {
        add(s.label_vi(), s.label_en());
    }
    for u in Urgency::ALL {
        add(u.label_vi(), u.label_en());
    }
    pairs
}

/// The texts of a page a user reads: the text between tags, and the values of the attributes
/// shown to people, each trimmed.
fn visible_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push(rest[..start].trim().to_owned());
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        for attribute in ["placeholder=\"", "title=\"", "aria-label=\"", "data-confirm=\"", "data-label=\""] {
            if let Some(i) = tag.find(attribute) {
                let value = &tag[i + attribute.len()..];
                out.push(value[..value.find('"').unwrap_or(value.len())].trim().to_owned());
            }
        }
        rest = &rest[end..];
    }
    out.push(rest.trim().to_owned());
    out.retain(|t| !t.is_empty());
    out
}

/// The Vietnamese words of the table found on a page: a text that is one of them, or one of them
/// followed by a count in brackets ("Nhiệm vụ (3)"). Data that merely starts with such a word
/// ("Năm 2021 …", "Lưu: VT") is not counted.
fn vietnamese_left(html: &str, pairs: &[(String, String)]) -> Vec<String> {
    let texts = visible_texts(html);
    let mut left = Vec::new();
    for (vi, _) in pairs {
        // Words English keeps as they are (a document type given as an example) may stay.
        if pairs.iter().any(|(_, en)| en == vi) || vi.is_ascii() {
            continue;
        }
        let found =
            texts.iter().any(|t| t.strip_prefix(vi.as_str()).is_some_and(|r| r.is_empty() || r.starts_with(" (")));
        if found {
            left.push(vi.clone());
        }
    }
    left
}

async fn every_page_reads_in_english(backend: Backend) {
    let app = TestApp::new(backend).await;
    let token = app.token("angiang.snv").await;
    let (guidance, _) = crate::documents::register_seed(&app, &token).await;
    let document = guidance["id"].as_i64().expect("document id");
    let (status, task) = send(
        &app,
        Method::POST,
        "/api/v1/tasks",
        &token,
        Some(json!({"document_id": document, "lead_code": "91-SNV", "description": "Xây dựng kế hoạch năm 2021", "deadline_kind": "working_days", "deadline_days": "10"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let (status, activity) = send(&app, Method::POST, "/api/v1/activities", &token, Some(json!({"type": "communication_event", "area_code": "30733", "date_from": "2021-03-10", "title": "Hội nghị tuyên truyền", "data": {"form": "hoi_nghi", "topic": "bau_cu", "participants": 120, "women": 70}}))).await;
    assert_eq!(status, StatusCode::CREATED, "{activity}");
    let (status, plan) = send(
        &app,
        Method::POST,
        "/api/v1/plans",
        &token,
        Some(json!({"title": "Kế hoạch bình đẳng giới năm 2026", "year_from": 2026, "year_to": 2026})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let (status, difficulty) = send(
        &app,
        Method::POST,
        &format!("/api/v1/documents/{document}/difficulties"),
        &token,
        Some(json!({"subject": "Kinh phí tập huấn", "text": "Đề nghị Bộ hướng dẫn nguồn kinh phí."})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{difficulty}");
    let (_, indicators) = send(&app, Method::GET, "/api/v1/indicators", &token, None).await;
    let indicator = indicators["items"][0]["code"].as_str().expect("an indicator");
    let (_, unit) = send(&app, Method::GET, "/api/v1/units/91", &token, None).await;
    let (_, me) = send(&app, Method::GET, "/api/v1/me", &token, None).await;

    let id_for = |path: &str, name: &str| -> String {
        let section = path.split('/').nth(1).unwrap_or("");
        match (section, name) {
            ("documents", "id") => document.to_string(),
            ("tasks", "id") => task["id"].to_string(),
            ("activities", "id") => activity["id"].to_string(),
            ("plans", "id") => plan["id"].to_string(),
            ("indicators" | "public", "code") => indicator.to_owned(),
            ("units", "id") => unit["id"].to_string(),
            ("users", "id") => me["id"].to_string(),
            ("difficulties", "id") => difficulty["id"].to_string(),
            ("reports", "form") => "BDG_NAM".to_owned(),
            ("reports", "period" | "year") => "2025".to_owned(),
            ("reports", "unit") | ("dashboard", "code") => "91".to_owned(),
            ("pick", "kind") => "task".to_owned(),
            _ => panic!("no record for {{{name}}} in {path}"),
        }
    };

    let mut b = app.login("admin").await;
    let pairs = word_pairs();
    let task_page = format!("/tasks/{}", task["id"]);
    let vietnamese = vietnamese_left(&b.page(&task_page).await, &pairs);
    assert!(vietnamese.len() > 10, "the check sees the Vietnamese page: {vietnamese:?}");
    let r = b.post_form("/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The raise form is offered to the agencies the letter concerns, not to the ministry's
    // administrator: the province's officer reads it.
    let mut province = app.login("angiang.snv").await;
    let r = province.post_form("/lang", &[("lang", "en"), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let routes = include_str!("../../../web/src/routes.rs");
    let section = &routes[routes.find("let pages = Router::new()").expect("page routes")..];
    let section = &section[..section.find(';').expect("end of page routes")];
    let mut checked = 0;
    for line in section.lines().filter(|l| l.trim_start().starts_with(".route(\"") && l.contains("get(")) {
        let pattern = line.split('"').nth(1).expect("path");
        if is_download(pattern) {
            continue;
        }
        let path = pattern
            .split('/')
            .map(|part| match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => id_for(pattern, name),
                None => part.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        // The form of each activity type, with the fields it declares.
        let paths = if pattern == "/activities/new" {
            ActivityType::ALL.iter().map(|t| format!("{path}?type={}", t.as_str())).collect()
        } else {
            vec![path]
        };
        for path in paths {
            let r = if pattern.starts_with("/documents/{id}/difficulties") {
                province.get(&path).await
            } else {
                b.get(&path).await
            };
            assert_eq!(r.status(), StatusCode::OK, "GET {path}");
            let html = r.text().await.expect("body");
            if !is_fragment(pattern) {
                assert!(html.contains("<html lang=\"en\">"), "GET {path} is not in English");
            }
            let left = vietnamese_left(&html, &pairs);
            assert!(left.is_empty(), "GET {path} still shows {left:?}");
            checked += 1;
        }
    }
    assert!(checked >= 25, "checked {checked} pages");
}

#[test]
fn words_of_the_table_are_found_as_texts_not_inside_data() {
    let pairs = vec![("Tên".to_owned(), "Name".to_owned()), ("Năm".to_owned(), "Year".to_owned())];
    let html = "<label>Tên <input name=\"x\"></label><td>Năm 2021 quy định</td><h2>Năm (3)</h2><p>Tên: A</p>";
    assert_eq!(vietnamese_left(html, &pairs), ["Tên", "Năm"]);
    assert!(vietnamese_left("<td>Năm 2021 quy định</td>", &pairs).is_empty());
    assert!(vietnamese_left("<td>Tênx</td><td>Họ Tên</td>", &pairs).is_empty());
}

on_both_backends!(every_page_reads_in_english);
