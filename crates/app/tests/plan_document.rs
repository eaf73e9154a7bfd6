//! The plan's Kế hoạch as it prints: composed by `plans::document::compose`, written as `.docx`,
//! converted to PDF by `LibreOffice`, and read back from the PDF's text — the values a clerk checks
//! before issuing, and `vanban::parse` reading issuer, number, symbol and date back.
//!
//! Runs where `LibreOffice` is installed; `scripts/test.sh` installs it and sets
//! `BD_TEST_REQUIRE_LIBREOFFICE=1`, which makes a missing `LibreOffice` a failure instead of a skip.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use binhdang_app::plans::TargetView;
use binhdang_app::plans::document::{Issuer, PlanDocument, compose};
use binhdang_core::indicators::Target;
use binhdang_core::plans::{GROUPS, LocalTarget, PlanHeader, PlanItem, PlanStatus, totals};
use binhdang_core::units::{UnitId, UnitKind};
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn item(id: i64, group: u8, title: &str, lead: i64, coordinators: &[i64], outputs: &str) -> PlanItem {
    PlanItem {
        id,
        group,
        parent: None,
        title: title.into(),
        lead: Some(UnitId(lead)),
        coordinators: coordinators.iter().map(|c| UnitId(*c)).collect(),
        start: None,
        end: None,
        outputs: outputs.into(),
        task: None,
    }
}

fn target(code: &str, name: &str, year: i32, value: f64, national: &[(i32, f64)]) -> TargetView {
    TargetView {
        target: LocalTarget { indicator: code.into(), year, value },
        name: name.into(),
        unit: "%".into(),
        sign: "≥".into(),
        national: national.iter().find(|(y, _)| *y == year).map(|(_, v)| *v),
        milestones: national.iter().map(|&(year, value)| Target { year, value }).collect(),
        source: "Nghị quyết 28/NQ-CP".into(),
        warning: None,
    }
}

/// Kiên Giang's labour department's 2021 plan, issued as 12/KH-SLĐTBXH of 05/03/2021.
fn kien_giang_2021() -> PlanDocument {
    let names: HashMap<UnitId, String> = [
        (1, "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang"),
        (2, "Sở Văn hóa, Thể thao và Du lịch tỉnh Kiên Giang"),
        (3, "Hội Liên hiệp Phụ nữ tỉnh Kiên Giang"),
        (4, "Sở Nội vụ tỉnh Kiên Giang"),
    ]
    .into_iter()
    .map(|(id, n)| (UnitId(id), n.to_owned()))
    .collect();
    let items = vec![
        item(
            11,
            1,
            "Tham mưu UBND tỉnh ban hành Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới",
            1,
            &[4],
            "Kế hoạch của UBND tỉnh",
        ),
        PlanItem {
            start: Some(day(2021, 3, 1)),
            end: Some(day(2021, 5, 23)),
            ..item(12, 2, "Tuyên truyền về bầu cử, tập huấn nữ ứng cử viên", 1, &[2, 3], "15 hội nghị")
        },
        item(13, 3, "Nhân rộng mô hình câu lạc bộ phòng chống bạo lực gia đình", 3, &[1], "5 câu lạc bộ"),
        PlanItem {
            end: Some(day(2021, 11, 30)),
            ..item(14, 4, "Kiểm tra việc thực hiện pháp luật về bình đẳng giới tại doanh nghiệp", 1, &[], "")
        },
    ];
    let totals = totals(&items, &[]);
    PlanDocument {
        header: PlanHeader {
            agency: UnitId(1),
            title: "Kế hoạch thực hiện công tác bình đẳng giới năm 2021".into(),
            year_from: 2021,
            year_to: 2021,
            document: Some(7),
            status: PlanStatus::Issued,
        },
        issuer: Issuer {
            name: "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang".into(),
            kind: UnitKind::Department,
            parent: Some("Ủy ban nhân dân tỉnh Kiên Giang".into()),
            place: "Kiên Giang".into(),
        },
        symbol: "KH-SLĐTBXH".into(),
        number: Some("12".into()),
        date: Some(day(2021, 3, 5)),
        items,
        names,
        targets: vec![target(
            "MT1.CT1",
            "Tỷ lệ cơ quan quản lý nhà nước, chính quyền địa phương các cấp có lãnh đạo chủ chốt là nữ",
            2021,
            55.0,
            &[(2025, 60.0), (2030, 75.0)],
        )],
        totals,
    }
}

/// The new An Giang's 2025–2026 plan of its home-affairs department, still a draft.
fn an_giang_2025_2026() -> PlanDocument {
    let mut p = kien_giang_2021();
    p.header.title = "Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2025-2026".into();
    p.header.year_from = 2025;
    p.header.year_to = 2026;
    p.header.document = None;
    p.issuer = Issuer {
        name: "Sở Nội vụ tỉnh An Giang".into(),
        kind: UnitKind::Department,
        parent: Some("Ủy ban nhân dân tỉnh An Giang".into()),
        place: "An Giang".into(),
    };
    p.names = [
        (1, "Sở Nội vụ tỉnh An Giang"),
        (2, "Sở Văn hóa và Thể thao tỉnh An Giang"),
        (3, "Hội Liên hiệp Phụ nữ tỉnh An Giang"),
        (4, "Sở Y tế tỉnh An Giang"),
    ]
    .into_iter()
    .map(|(id, n)| (UnitId(id), n.to_owned()))
    .collect();
    p.symbol = "KH-SNV".into();
    (p.number, p.date) = (None, None);
    p
}

/// Converts the `.docx` files to PDF in `dir` with one `LibreOffice` run.
fn convert(dir: &Path, files: &[&Path]) {
    let out = Command::new("timeout")
        .arg("180")
        .arg("soffice")
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "soffice failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The PDF's text with every run of spaces (non-breaking ones too) read as one space.
fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = binhdang_office::text::extract("ke-hoach.pdf", &bytes).expect("the PDF has a text layer");
    text.lines()
        .map(|l| l.split([' ', '\u{a0}']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn libreoffice_installed() -> bool {
    let installed = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var("BD_TEST_REQUIRE_LIBREOFFICE").is_err(),
            "BD_TEST_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is missing: install libreoffice-writer-nogui"
        );
        eprintln!("skipped: LibreOffice is not installed");
    }
    installed
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

#[test]
fn the_plan_prints_ready_to_issue() {
    if !libreoffice_installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let dated = dir.path().join("ke-hoach-2021.docx");
    let draft = dir.path().join("ke-hoach-2025.docx");
    for (path, plan) in [(&dated, kien_giang_2021()), (&draft, an_giang_2025_2026())] {
        let bytes = binhdang_office::docx::write_document(&compose(&plan)).expect("docx");
        std::fs::write(path, bytes).expect("write");
    }
    convert(dir.path(), &[&dated, &draft]);

    let text = pdf_text(&dir.path().join("ke-hoach-2021.pdf"));
    // The text with the lines that cells and paragraphs wrap joined again.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Header: each name whole on its line, number with the issuer's symbol, the plan's own date.
    for line in ["UBND TỈNH KIÊN GIANG", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"] {
        assert!(text.lines().any(|l| l.trim() == line), "no line {line:?} in:\n{text}");
    }
    assert!(!text.lines().any(|l| l.trim_end().ends_with("KIÊN")), "a name broken across lines:\n{text}");
    assert!(flat.contains("Số: 12/KH-SLĐTBXH"), "{text}");
    assert!(flat.contains("Kiên Giang, ngày 05 tháng 3 năm 2021"), "{text}");
    // The title once, under the type name; the period as the plan states it.
    assert_eq!(text.lines().filter(|l| l.trim() == "KẾ HOẠCH").count(), 1, "{text}");
    assert_eq!(flat.matches("Thực hiện công tác bình đẳng giới năm 2021").count(), 1, "{text}");
    assert!(!flat.contains("Kế hoạch thực hiện công tác bình đẳng giới năm 2021"), "the title repeated:\n{text}");
    assert!(flat.contains("các nhiệm vụ về bình đẳng giới năm 2021"), "{text}");
    assert!(!flat.contains("2021–2021") && !flat.contains("2026"), "{text}");
    // Indicators by name, with the unit, beside the national milestones.
    assert_in_order(&flat, &["CHỈ TIÊU", "lãnh đạo chủ chốt là nữ", "55%", "năm 2025: ≥ 60%"]);
    // The four task groups, each a table with the three columns, then the organisation.
    let mut needles = vec!["NHIỆM VỤ VÀ GIẢI PHÁP"];
    for (g, title) in &GROUPS {
        let heading = format!("{g}. {}", title.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
        needles.push(Box::leak(heading.into_boxed_str()));
        needles.extend(["Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]);
    }
    needles.extend(["KINH PHÍ THỰC HIỆN", "TỔ CHỨC THỰC HIỆN", "Nơi nhận"]);
    assert_in_order(&flat, &needles);
    assert_in_order(
        &flat,
        &["Tuyên truyền về bầu cử", "Sở Lao động - Thương binh", "Sở Văn hóa, Thể thao", "01/03/2021"],
    );
    // Nơi nhận names its recipients; no Kính gửi, so no "Như trên".
    assert!(!flat.contains("Như trên") && !flat.contains("Kính gửi"), "{text}");
    assert_in_order(
        &flat,
        &["Nơi nhận", "UBND tỉnh Kiên Giang (để báo cáo)", "Bộ Lao động - Thương binh và Xã hội", "Lưu: VT."],
    );
    // The parser reads the document back.
    let letters = vanban::parse(&text);
    let letter = letters.first().expect("a document");
    assert_eq!(letter.number.as_deref(), Some("12"), "{letter:#?}");
    assert_eq!(letter.symbol.as_deref(), Some("KH-SLĐTBXH"), "{letter:#?}");
    assert_eq!(letter.date, Some(day(2021, 3, 5)), "{letter:#?}");
    assert_eq!(letter.doc_type.as_deref(), Some("Kế hoạch"), "{letter:#?}");
    let issuer = letter.issuer.as_deref().unwrap_or_default().to_lowercase();
    assert!(issuer.contains("sở lao động - thương binh và xã hội"), "{letter:#?}");

    // A draft of a two-year plan: no number yet, the plan's first year, the period as a range.
    let text = pdf_text(&dir.path().join("ke-hoach-2025.pdf"));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Số: /KH-SNV"), "{text}");
    assert!(flat.contains("An Giang, ngày tháng năm 2025"), "{text}");
    assert_eq!(
        flat.matches("Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2025-2026").count(),
        1,
        "{text}"
    );
    assert!(flat.contains("bình đẳng giới giai đoạn 2025–2026"), "{text}");
    assert!(flat.contains("Bộ Nội vụ (Vụ Công tác thanh niên và Bình đẳng giới) (để báo cáo)"), "{text}");
    let letter = vanban::parse(&text).into_iter().next().expect("a document");
    assert_eq!(letter.symbol.as_deref(), Some("KH-SNV"), "{letter:#?}");
}
