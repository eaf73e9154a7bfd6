//! The yearly report as a document, over the demo's reports: the new An Giang's 2025 (its
//! communes' approved reports, the year before from Kiên Giang's and the old An Giang's districts
//! through the lineage) and Kiên Giang's 2021 (the province's own approved report, which replaces
//! its districts'); the figures checked against the reports and the analytics API, the unapproved
//! draft marked, the message for an area without an approved report, rights and bad input, the
//! page and its downloads; and the `.docx` converted by `LibreOffice`, read back and parsed.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use binhdang_store::Backend;

use crate::support::{TestApp, clock, on_both_backends, send};

/// The demo's reports: the 2025 yearly reports, the years before the reform, the Strategy's data.
async fn demo_reports(app: &TestApp) {
    let clock = clock();
    binhdang::demo::load_letters(&app.db.store, &clock).await.expect("the letters and their difficulties");
    binhdang::demo::load_reports(&app.db.store, &clock).await.expect("the 2025 reports");
    binhdang::demo::load_yearly_history(&app.db.store).await.expect("the reports before the reform");
    binhdang::demo::load_indicator_data(&app.db.store, &clock).await.expect("the Strategy's data");
}

/// A number as the report writes it: `2.315`, `61,2`.
fn vn(v: f64) -> String {
    binhdang_core::indicators::trim_number(v)
}

/// The line of an element (its total, or an option) in the report's groups.
fn line<'a>(report: &'a Value, element: &str, option: &str) -> &'a Value {
    report["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["lines"].as_array().expect("lines"))
        .find(|l| l["element"] == element && l["option"] == option)
        .unwrap_or_else(|| panic!("no line {element}.{option} in {report}"))
}

/// The sum of a value over the approved reports of the areas below `area`, read from the
/// reports API.
async fn approved_sum(app: &TestApp, token: &str, year: &str, area: &str, element: &str, option: Option<&str>) -> f64 {
    let (s, list) =
        send(app, Method::GET, &format!("/api/v1/reports?form=BDG_NAM&period={year}&area={area}"), token, None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let mut sum = 0.0;
    for row in list["items"].as_array().expect("items").iter().filter(|r| r["status"] == "da_duyet") {
        let code = row["unit_code"].as_str().expect("code");
        let (_, report) = send(app, Method::GET, &format!("/api/v1/reports/BDG_NAM/{year}/{code}"), token, None).await;
        for cell in report["values"].as_array().expect("values") {
            if cell["element"] == element && option.is_none_or(|o| cell["option"] == o) {
                sum += cell["value"].as_str().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            }
        }
    }
    sum
}

/// An approved aggregate from the analytics API, on a map date.
async fn analytics(app: &TestApp, token: &str, item: &str, year: i32, area: &str, as_of: &str) -> Option<f64> {
    let path = format!("/api/analytics?dimension=dx:{item}&dimension=pe:{year}&dimension=ou:{area}&asOf={as_of}");
    let (s, grid) = send(app, Method::GET, &path, token, None).await;
    assert_eq!(s, StatusCode::OK, "{grid}");
    grid["rows"].as_array().and_then(|rows| rows.first()).and_then(|r| r[3].as_str()).and_then(|v| v.parse().ok())
}

async fn the_yearly_report_tells_the_approved_figures(backend: Backend) {
    let app = TestApp::new(backend).await;
    demo_reports(&app).await;
    let officer = app.token("angiang.snv").await;
    let ministry = app.token("bo.lanhdao").await;

    // An Giang 2025: the approved communes' reports, the previous year through the lineage.
    let (s, ag) = send(&app, Method::GET, "/api/v1/yearly-reports/91/2025", &officer, None).await;
    assert_eq!(s, StatusCode::OK, "{ag}");
    assert_eq!(ag["unit_name"], "Tỉnh An Giang");
    assert_eq!(ag["unapproved"], 0);
    assert!(ag["reports"].as_array().expect("reports").iter().all(|r| r["status"] == "da_duyet"), "{ag}");
    let courses = approved_sum(&app, &officer, "2025", "91", "DT_LOP", None).await;
    let trainees = approved_sum(&app, &officer, "2025", "91", "DT_HOC_VIEN", None).await;
    let women = approved_sum(&app, &officer, "2025", "91", "DT_HOC_VIEN", Some("nu")).await;
    assert!(courses > 0.0 && trainees > 0.0);
    assert_eq!(line(&ag, "DT_LOP", "")["current"].as_f64(), Some(courses));
    assert_eq!(line(&ag, "DT_HOC_VIEN", "")["current"].as_f64(), Some(trainees));
    assert_eq!(line(&ag, "DT_HOC_VIEN", "nu")["current"].as_f64(), Some(women));
    // Kiên Giang's and the old An Giang's 2024 (their districts', on the 2024 map) count for
    // the new An Giang.
    let before = analytics(&app, &officer, "DT_LOP", 2024, "91", "2024-12-14")
        .await
        .zip(analytics(&app, &officer, "DT_LOP", 2024, "89", "2024-12-14").await)
        .map(|(kien_giang, an_giang)| kien_giang + an_giang);
    assert!(before.is_some_and(|b| b > 0.0));
    assert_eq!(line(&ag, "DT_LOP", "")["previous"].as_f64(), before);
    let share = (women / trainees * 1000.0).round() / 10.0;
    let sentence = format!(
        "Trong năm 2025, toàn tỉnh tổ chức {} sự kiện truyền thông cho {} lượt người tham dự",
        vn(approved_sum(&app, &officer, "2025", "91", "TT_SU_KIEN", None).await),
        vn(approved_sum(&app, &officer, "2025", "91", "TT_NGUOI_THAM_DU", None).await),
    );
    let group = &ag["groups"][1]["summary_vi"];
    assert!(group.as_str().is_some_and(|s| s.starts_with(&sentence)), "{group}");
    let training = format!(
        "tổ chức {} lớp tập huấn, bồi dưỡng cho {} lượt người, trong đó nữ chiếm {} %",
        vn(courses),
        vn(trainees),
        vn(share)
    );
    assert!(group.as_str().is_some_and(|s| s.contains(&training)), "{group} lacks {training}");
    assert_eq!(ag["header"]["issuer"], "Sở Nội vụ tỉnh An Giang");
    assert_eq!(ag["header"]["superior"], "Ủy ban nhân dân tỉnh An Giang");
    assert_eq!(ag["header"]["symbol"], "BC-SNV");
    assert!(ag["header"]["addressee"].as_str().is_some_and(|a| a.starts_with("Bộ Nội vụ")), "{ag}");
    assert!(!ag["indicators"].as_array().expect("indicators").is_empty(), "An Giang's 2025 CLQG data");
    let difficulties = ag["difficulties"].as_array().expect("difficulties");
    assert!(difficulties.iter().any(|d| d["text"].as_str().is_some_and(|t| t.contains("công chức phụ trách"))), "{ag}");
    assert!(
        ag["proposals"]
            .as_array()
            .expect("proposals")
            .iter()
            .any(|p| p["text"].as_str().is_some_and(|t| t.contains("song ngữ")))
    );

    // A ward's report: its people's committee heads its own header and reports to the province.
    let (s, ward) = send(&app, Method::GET, "/api/v1/yearly-reports/30742/2025", &officer, None).await;
    assert_eq!(s, StatusCode::OK, "{ward}");
    assert_eq!(ward["header"]["issuer"], "Ủy ban nhân dân phường Rạch Giá");
    assert_eq!(ward["header"]["superior"], Value::Null);
    assert_eq!(ward["header"]["addressee"], "Sở Nội vụ tỉnh An Giang");

    // Kiên Giang 2021, on the 2021 map: the province's own approved report replaces its districts'.
    let (s, kg) = send(&app, Method::GET, "/api/v1/yearly-reports/91/2021", &officer, None).await;
    assert_eq!(s, StatusCode::OK, "{kg}");
    assert_eq!(kg["unit_name"], "Tỉnh Kiên Giang");
    assert_eq!(kg["reports"].as_array().map(Vec::len), Some(1), "{kg}");
    let (_, own) = send(&app, Method::GET, "/api/v1/reports/BDG_NAM/2021/91", &ministry, None).await;
    assert_eq!(own["status"], "da_duyet");
    for (element, option) in [("DT_LOP", "default"), ("TT_SU_KIEN", "default"), ("DT_HOC_VIEN", "nu")] {
        let cell =
            own["values"].as_array().expect("values").iter().find(|c| c["element"] == element && c["option"] == option);
        let reported = cell.and_then(|c| c["value"].as_str()).and_then(|v| v.parse::<f64>().ok());
        let shown = if option == "default" { "" } else { option };
        assert_eq!(line(&kg, element, shown)["current"].as_f64(), reported, "{element}.{option}");
    }
    assert_eq!(
        line(&kg, "DT_LOP", "")["previous"].as_f64(),
        analytics(&app, &officer, "DT_LOP", 2020, "91", "2021-12-14").await,
        "2020 from the districts on the 2021 map"
    );
    // The difficulty Kiên Giang's labour department raised on 356 in 2021 is among the year's.
    let raised = kg["difficulties"].as_array().expect("difficulties");
    assert!(
        raised
            .iter()
            .any(|d| d["text"].as_str().is_some_and(|t| t.starts_with("Kinh phí tập huấn cho người ứng cử là nữ"))
                && d["source"].as_str().is_some_and(|l| l.contains("356"))),
        "{raised:?}"
    );
    assert_eq!(kg["header"]["issuer"], "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang");
    assert!(kg["header"]["addressee"].as_str().is_some_and(|a| a.starts_with("Bộ Lao động - Thương binh")), "{kg}");
    // The districts' difficulties reach the province's report with who wrote them.
    let from: Vec<&str> =
        kg["difficulties"].as_array().expect("list").iter().filter_map(|d| d["from"].as_str()).collect();
    assert!(from.contains(&"Tỉnh Kiên Giang") && from.len() > 1, "{from:?}");

    // The draft with the unapproved reports says so; a viewer may not ask for it.
    let (s, draft) =
        send(&app, Method::GET, "/api/v1/yearly-reports/91/2025?include_unapproved=true", &officer, None).await;
    assert_eq!(s, StatusCode::OK, "{draft}");
    assert!(draft["unapproved"].as_u64().is_some_and(|n| n > 0), "{draft}");
    assert!(
        draft["reports"].as_array().expect("reports").iter().any(|r| r["unit_code"] == "91" && r["status"] == "da_gui")
    );
    let docx = app
        .api(Method::GET, "/reports/yearly/91/2025/bao-cao.docx?unapproved=1", &officer)
        .send()
        .await
        .expect("request");
    assert_eq!(docx.status(), StatusCode::OK);
    let text = binhdang_office::text::extract("bao-cao.docx", &docx.bytes().await.expect("body")).expect("text");
    assert!(text.contains("DỰ THẢO - CÓ SỐ LIỆU CHƯA ĐƯỢC CẤP TRÊN DUYỆT"), "{text}");
    let approved =
        app.api(Method::GET, "/reports/yearly/91/2025/bao-cao.docx", &officer).send().await.expect("request");
    let text = binhdang_office::text::extract("bao-cao.docx", &approved.bytes().await.expect("body")).expect("text");
    assert!(!text.contains("DỰ THẢO") && text.contains("BÁO CÁO"), "{text}");
    let viewer = app.token("angiang.xem").await;
    let (s, _) = send(&app, Method::GET, "/api/v1/yearly-reports/91/2025?include_unapproved=true", &viewer, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let mut browser = app.login("angiang.xem").await;
    let page = browser.page("/reports/yearly/91/2025").await;
    assert!(!page.contains("name=\"unapproved\"") && page.contains("id=\"yearly-report\""));

    // An area without an approved report gets the message, not an empty document.
    let (s, none) = send(&app, Method::GET, "/api/v1/yearly-reports/01/2025", &ministry, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{none}");
    let message = none["error"]["message"].as_str().expect("message");
    assert!(message.contains("Chưa có báo cáo năm 2025 nào đã được duyệt của Thành phố Hà Nội"), "{message}");
    let r = app.api(Method::GET, "/reports/yearly/01/2025/bao-cao.docx", &ministry).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let mut browser = app.login("bo.chuyenvien").await;
    let page = browser.page("/reports/yearly/01/2025").await;
    assert!(page.contains("id=\"yearly-message\"") && page.contains("Thành phố Hà Nội"), "{page}");
    assert!(!page.contains("id=\"yearly-report\""));

    // Another province's officer may not read it; bad input is named.
    let hanoi = app.token("hanoi.snv").await;
    let (s, _) = send(&app, Method::GET, "/api/v1/yearly-reports/91/2025", &hanoi, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, bad) = send(&app, Method::GET, "/api/v1/yearly-reports/91/20x5", &officer, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert_eq!(bad["error"]["fields"][0]["field"], "year");
    let mut browser = app.login("angiang.snv").await;
    let r = browser.get("/reports/yearly/91/2025?number=12a&date=31/02/2025").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("page");
    assert!(
        page.contains("id=\"number-error\"") && page.contains("id=\"date-error\"") && page.contains("value=\"12a\""),
        "{page}"
    );

    // The page and its links: from the reports overview, the sentence, the downloads.
    let overview = browser.page("/reports?form=BDG_NAM&period=2025&area=91").await;
    assert!(overview.contains("href=\"/reports/yearly/91/2025\""));
    let r = browser.get("/reports/yearly?unit=91&year=2021").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = browser.page("/reports/yearly/91/2025").await;
    assert!(page.contains(&sentence) && page.contains("/reports/yearly/91/2025/so-lieu.xlsx"), "{page}");
    let xlsx = browser.get("/reports/yearly/91/2025/so-lieu.xlsx").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let sheets = binhdang_office::xlsx::read_text(&xlsx.bytes().await.expect("body")).expect("workbook");
    let figures = &sheets.first().expect("a sheet").1;
    let row = figures.iter().find(|r| r.get(1).is_some_and(|c| c == "DT_LOP")).expect("the courses' row");
    assert_eq!(row.get(4).and_then(|v| v.parse::<f64>().ok()), Some(courses), "{row:?}");

    // The same after a restart.
    let app = app.restart().await;
    let officer = app.token("angiang.snv").await;
    let (_, again) = send(&app, Method::GET, "/api/v1/yearly-reports/91/2025", &officer, None).await;
    assert_eq!(again["groups"], ag["groups"]);
}

on_both_backends!(the_yearly_report_tells_the_approved_figures);

/// The PDF's text with every run of spaces read as one.
fn pdf_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = binhdang_office::text::extract("bao-cao.pdf", &bytes).expect("the PDF has a text layer");
    text.lines()
        .map(|l| l.split([' ', '\u{a0}']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that every needle occurs in `text`, each after the previous one.
fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match text[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{needle:?} not found after byte {from} in:\n{text}"),
        }
    }
}

/// The demo's An Giang 2025 and Kiên Giang 2021 yearly reports, numbered and dated, print as a
/// Báo cáo per Decree 30: `LibreOffice` converts each `.docx` to PDF, whose text holds every part
/// with the right values, and `vanban::parse` reads issuer, number, symbol, date and subject back.
/// Runs where `LibreOffice` is installed (`BD_TEST_REQUIRE_LIBREOFFICE=1` makes its absence a
/// failure).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_yearly_report_prints_per_decree_30() {
    let installed =
        std::process::Command::new("libreoffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var("BD_TEST_REQUIRE_LIBREOFFICE").is_err(),
            "BD_TEST_REQUIRE_LIBREOFFICE=1 but LibreOffice is missing"
        );
        eprintln!("skipped: LibreOffice is not installed");
        return;
    }
    let app = TestApp::new(Backend::Sqlite).await;
    demo_reports(&app).await;
    let token = app.token("angiang.snv").await;
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [("2025", "45", "2025-12-20"), ("2021", "112", "27/12/2021")];
    let mut files = Vec::new();
    for (year, number, date) in cases {
        let path = format!("/reports/yearly/91/{year}/bao-cao.docx?number={number}&date={date}");
        let r = app.api(Method::GET, &path, &token).send().await.expect("request");
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let file = dir.path().join(format!("bao-cao-{year}.docx"));
        std::fs::write(&file, r.bytes().await.expect("body")).expect("write");
        files.push(file);
    }
    let out = std::process::Command::new("timeout")
        .arg("180")
        .arg("libreoffice")
        .arg(format!("-env:UserInstallation=file://{}", dir.path().join("profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(&files)
        .output()
        .expect("libreoffice runs");
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));

    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    for (year, issuer_lines, code, place_date, addressee, date, symbol) in [
        (
            2025,
            &["UBND TỈNH AN GIANG", "SỞ NỘI VỤ"][..],
            "Số: 45/BC-SNV",
            "An Giang, ngày 20 tháng 12 năm 2025",
            "Kính gửi: Bộ Nội vụ",
            day(2025, 12, 20),
            "BC-SNV",
        ),
        (
            2021,
            &["UBND TỈNH KIÊN GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH"][..],
            "Số: 112/BC-SLĐTBXH",
            "Kiên Giang, ngày 27 tháng 12 năm 2021",
            "Kính gửi: Bộ Lao động - Thương binh và Xã hội",
            day(2021, 12, 27),
            "BC-SLĐTBXH",
        ),
    ] {
        let text = pdf_text(&dir.path().join(format!("bao-cao-{year}.pdf")));
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for line in issuer_lines {
            assert!(text.lines().any(|l| l.trim() == *line), "{year}: no line {line:?} in:\n{text}");
        }
        let title = format!("Kết quả thực hiện công tác bình đẳng giới năm {year}");
        assert_in_order(
            &flat,
            &[
                code,
                place_date,
                "BÁO CÁO",
                &title,
                addressee,
                "I. KẾT QUẢ THỰC HIỆN",
                "1. Xây dựng và triển khai kế hoạch",
                "2. Truyền thông, nâng cao nhận thức",
                &format!("Trong năm {year}, toàn tỉnh"),
                "Số lớp tập huấn, bồi dưỡng",
                "3. Duy trì, nhân rộng các mô hình",
                "4. Nâng cao năng lực, hiệu quả quản lý nhà nước",
                "II. THỰC HIỆN CÁC CHỈ TIÊU",
                "III. KHÓ KHĂN, VƯỚNG MẮC",
                "IV. KIẾN NGHỊ, ĐỀ XUẤT",
                "Nơi nhận",
                "Như trên",
                "Lưu: VT",
                "GIÁM ĐỐC",
            ],
        );
        // The courses' row of the second table: the year before and the year, as the JSON API
        // (checked against the reports above) gives them.
        let (_, json) = send(&app, Method::GET, &format!("/api/v1/yearly-reports/91/{year}"), &token, None).await;
        let courses = line(&json, "DT_LOP", "");
        let row = format!(
            "Số lớp tập huấn, bồi dưỡng {} {}",
            courses["previous"].as_f64().map_or_else(|| "-".to_owned(), vn),
            courses["current"].as_f64().map(vn).expect("courses this year")
        );
        assert!(flat.contains(&row), "{year}: no row {row:?} in:\n{text}");
        let letter = vanban::parse(&text).into_iter().next().expect("a document");
        assert_eq!(letter.number.as_deref(), Some(if year == 2025 { "45" } else { "112" }), "{letter:#?}");
        assert_eq!(letter.symbol.as_deref(), Some(symbol), "{letter:#?}");
        assert_eq!(letter.date, date, "{letter:#?}");
        assert_eq!(letter.doc_type.as_deref(), Some("Báo cáo"), "{letter:#?}");
        assert!(letter.subject.as_deref().is_some_and(|s| s.contains(&title)), "{letter:#?}");
        let issuer = letter.issuer.as_deref().unwrap_or_default().to_lowercase();
        assert!(issuer.contains(&issuer_lines[1].to_lowercase()), "{letter:#?}");
    }
}
