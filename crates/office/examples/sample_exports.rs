//! Writes a sample Kế hoạch (`ke-hoach.docx`) and the matching plan workbook (`nhiem-vu.xlsx`)
//! into the directory given as the only argument, to open them in Word, `LibreOffice` or Excel.
//!
//! ```text
//! cargo run -p binhdang-office --example sample_exports -- OUTDIR
//! ```

use std::error::Error;
use std::path::PathBuf;

use binhdang_office::docx::{OfficialDocument, Section, Signature, Table};
use binhdang_office::xlsx::{self, Cell, Sheet};
use chrono::NaiveDate;

/// One task of the plan.
struct Task {
    content: &'static str,
    lead: &'static str,
    partners: &'static str,
    period: &'static str,
    /// Deadline for the report, as (year, month, day).
    deadline: (i32, u32, u32),
    /// Budget in million đồng (0: none).
    budget: i64,
}

const TASKS: [Task; 4] = [
    Task {
        content: "Tổ chức lễ phát động Tháng hành động vì bình đẳng giới cấp tỉnh",
        lead: "Sở Lao động - Thương binh và Xã hội",
        partners: "Hội Liên hiệp Phụ nữ tỉnh; UBND các huyện",
        period: "Tháng 11/2025",
        deadline: (2025, 11, 15),
        budget: 120,
    },
    Task {
        content: "Tập huấn kỹ năng lồng ghép giới cho cán bộ làm công tác bình đẳng giới cấp huyện, xã",
        lead: "Sở Lao động - Thương binh và Xã hội",
        partners: "Sở Nội vụ",
        period: "Tháng 11 - 12/2025",
        deadline: (2025, 12, 10),
        budget: 85,
    },
    Task {
        content: "Truyền thông về phòng, chống bạo lực trên cơ sở giới trên báo, đài và mạng xã hội",
        lead: "Sở Văn hóa, Thể thao và Du lịch",
        partners: "Báo Kiên Giang; Đài Phát thanh và Truyền hình tỉnh",
        period: "15/11 - 15/12/2025",
        deadline: (2025, 12, 15),
        budget: 60,
    },
    Task {
        content: "Tổng hợp, báo cáo kết quả Tháng hành động",
        lead: "Sở Lao động - Thương binh và Xã hội",
        partners: "Các sở, ngành; UBND các huyện, thành phố",
        period: "Trước 25/12/2025",
        deadline: (2025, 12, 25),
        budget: 0,
    },
];

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args_os().nth(1).map(PathBuf::from).ok_or("cách dùng: sample_exports THƯ_MỤC_ĐẦU_RA")?;
    std::fs::create_dir_all(&dir)?;

    let docx_path = dir.join("ke-hoach.docx");
    std::fs::write(&docx_path, binhdang_office::docx::write_document(&plan_document()?)?)?;
    println!("{}", docx_path.display());

    let xlsx_path = dir.join("nhiem-vu.xlsx");
    std::fs::write(&xlsx_path, xlsx::write(&[plan_sheet()?])?)?;
    println!("{}", xlsx_path.display());
    Ok(())
}

fn date((y, m, d): (i32, u32, u32)) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("ngày không hợp lệ: {d}/{m}/{y}"))
}

fn plan_document() -> Result<OfficialDocument, String> {
    let rows = TASKS
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                (i + 1).to_string(),
                t.content.to_owned(),
                t.lead.to_owned(),
                t.partners.to_owned(),
                t.period.to_owned(),
            ]
        })
        .collect();
    Ok(OfficialDocument {
        mark: None,
        parent_issuer: Some("UBND tỉnh Kiên Giang".into()),
        issuer: "Sở Lao động - Thương binh và Xã hội".into(),
        number: Some("215".into()),
        symbol: "KH-SLĐTBXH".into(),
        place: "Kiên Giang".into(),
        date: Some(date((2025, 10, 20))?),
        draft_year: None,
        doc_type: "Kế hoạch".into(),
        title: "Tổ chức các hoạt động hưởng ứng Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với \
                bạo lực trên cơ sở giới năm 2025"
            .into(),
        addressees: Vec::new(),
        preamble: vec![
            "Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;".into(),
            "Căn cứ Kế hoạch số 180/KH-UBND ngày 02 tháng 10 năm 2025 của Ủy ban nhân dân tỉnh về thực hiện \
             Chiến lược quốc gia về bình đẳng giới năm 2025,"
                .into(),
            "Sở Lao động - Thương binh và Xã hội xây dựng Kế hoạch như sau:".into(),
        ],
        sections: vec![
            Section {
                heading: "I. MỤC ĐÍCH, YÊU CẦU".into(),
                paragraphs: vec![
                    "1. Nâng cao nhận thức, thay đổi hành vi của cán bộ, công chức và người dân về bình đẳng \
                     giới; phòng ngừa, ứng phó với bạo lực trên cơ sở giới."
                        .into(),
                    "2. Các hoạt động được tổ chức thiết thực, hiệu quả, tiết kiệm, phù hợp với điều kiện của \
                     địa phương & lồng ghép với các chương trình, kế hoạch khác."
                        .into(),
                ],
                table: None,
            },
            Section {
                heading: "II. NỘI DUNG HOẠT ĐỘNG".into(),
                paragraphs: vec!["Chủ đề: \"Chung tay hành động vì bình đẳng giới\".".into()],
                table: Some(Table {
                    headers: vec![
                        "STT".into(),
                        "Nội dung".into(),
                        "Đơn vị chủ trì".into(),
                        "Đơn vị phối hợp".into(),
                        "Thời gian".into(),
                    ],
                    rows,
                    widths: Some(vec![8, 34, 20, 22, 16]),
                }),
            },
            Section {
                heading: "III. TỔ CHỨC THỰC HIỆN".into(),
                paragraphs: vec![
                    "Các cơ quan, đơn vị căn cứ Kế hoạch này triển khai thực hiện và báo cáo kết quả về Sở Lao \
                     động - Thương binh và Xã hội trước ngày 25 tháng 12 năm 2025 để tổng hợp, báo cáo Ủy ban \
                     nhân dân tỉnh."
                        .into(),
                ],
                table: None,
            },
        ],
        signature: Signature {
            authority_prefix: Some("KT. Giám đốc".into()),
            title: "Phó Giám đốc".into(),
            name: "Trần Thị Minh Hạnh".into(),
        },
        recipients: vec![
            "UBND tỉnh (b/c)".into(),
            "Các sở, ban, ngành tỉnh".into(),
            "UBND các huyện, thành phố".into(),
            "Lưu: VT, BĐG".into(),
        ],
    })
}

fn plan_sheet() -> Result<Sheet, String> {
    let mut rows = Vec::new();
    for (i, t) in TASKS.iter().enumerate() {
        rows.push(vec![
            Cell::Integer(i as i64 + 1),
            t.content.into(),
            t.lead.into(),
            t.partners.into(),
            t.period.into(),
            date(t.deadline)?.into(),
            if t.budget > 0 { Cell::Integer(t.budget) } else { Cell::Empty },
        ]);
    }
    Ok(Sheet {
        caption: Vec::new(),
        title: "Kế hoạch Tháng hành động 2025".into(),
        headers: [
            "STT",
            "Nội dung",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời gian",
            "Hạn báo cáo",
            "Kinh phí (triệu đồng)",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    })
}
