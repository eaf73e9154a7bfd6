//! Every reader of uploaded or imported files, fed arbitrary and damaged bytes: it answers (text
//! or a refusal) without panicking, and quickly. The damaged files start from valid ones built
//! here, cut short or with bytes flipped.

use std::time::{Duration, Instant};

use binhdang_office::indicators::load_indicators;
use binhdang_office::text::{self, Limits};
use binhdang_office::xlsx::{self, Cell, Sheet};
use binhdang_office::{UnitFiles, load_units};
use proptest::prelude::*;

/// Generous for a debug build on a busy machine.
const MAX_TIME: Duration = Duration::from_secs(5);

fn quickly<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < MAX_TIME, "took {:?}", start.elapsed());
    out
}

fn workbook() -> Vec<u8> {
    let sheet = Sheet {
        caption: Vec::new(),
        title: "Chỉ tiêu".into(),
        headers: vec!["Mã".into(), "Năm".into(), "Giá trị".into()],
        rows: vec![
            vec!["MT1.CT1".into(), Cell::Integer(2030), Cell::Number(60.5)],
            vec!["MT2".into(), Cell::Date(chrono::NaiveDate::from_ymd_opt(2025, 7, 1).expect("a date")), Cell::Empty],
        ],
    };
    xlsx::write(&[sheet]).expect("a workbook")
}

fn letter() -> Vec<u8> {
    use std::io::Write;

    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", opts).expect("a zip entry");
    zip.write_all(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>SỞ Y TẾ</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Số: 12/SYT</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t xml:space="preserve">Kế hoạch bình đẳng giới &amp; </w:t><w:tab/><w:br/></w:r></w:p></w:body></w:document>"#
            .as_bytes(),
    )
    .expect("written");
    zip.finish().expect("a zip");
    buf.into_inner()
}

fn pdf() -> Vec<u8> {
    let objects: [&[u8]; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello PDF) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];
    binhdang_office::fixtures::pdf(&objects.map(<[u8]>::to_vec))
}

const INDICATORS: &str = "code,programme,objective,name_vi,name_en,unit,direction,baseline_year,baseline_value,target_2025,target_2030,source,confirmed,numerator,denominator,factor,formula_note,baseline_source\n\
    MT1.CT1,Chiến lược,1,Tỷ lệ nữ lãnh đạo,Women leaders,percent,at_least,2020,38,60,75,NQ 28,1,CQ_LANH_DAO_NU,CQ_TONG,100,NQ 28,Điều tra\n";

/// A valid file damaged: cut at `cut` (a fraction) and with `flips` bytes xored.
fn damage(valid: &[u8], cut: f64, flips: &[(usize, u8)]) -> Vec<u8> {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
    let len = ((valid.len() as f64) * cut) as usize;
    let mut out = valid[..len.max(1).min(valid.len())].to_vec();
    for &(at, bits) in flips {
        let i = at % out.len();
        out[i] ^= bits.max(1);
    }
    out
}

fn damage_strategy() -> impl Strategy<Value = (f64, Vec<(usize, u8)>)> {
    (0.0f64..=1.0, prop::collection::vec((any::<usize>(), any::<u8>()), 0..8))
}

/// Small limits, so that the limits are crossed on small inputs too.
fn small() -> Limits {
    Limits { part_bytes: 64 * 1024, total_bytes: 128 * 1024, pages: 4, text_bytes: 16 * 1024, time: MAX_TIME }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn xlsx_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = quickly(|| xlsx::read_text(&bytes));
    }

    #[test]
    fn xlsx_damaged((cut, flips) in damage_strategy()) {
        let _ = quickly(|| xlsx::read_text(&damage(&workbook(), cut, &flips)));
    }

    #[test]
    fn docx_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = quickly(|| text::extract("a.docx", &bytes));
    }

    #[test]
    fn docx_damaged((cut, flips) in damage_strategy()) {
        let bytes = damage(&letter(), cut, &flips);
        let _ = quickly(|| text::extract("a.docx", &bytes));
        let _ = quickly(|| text::extract_with("a.docx", &bytes, &small()));
    }

    #[test]
    fn pdf_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = quickly(|| text::extract("a.pdf", &bytes));
        let with_header = [b"%PDF-1.4\n".as_slice(), &bytes].concat();
        let _ = quickly(|| text::extract("a.pdf", &with_header));
    }

    #[test]
    fn pdf_damaged((cut, flips) in damage_strategy()) {
        let bytes = damage(&pdf(), cut, &flips);
        let _ = quickly(|| text::extract("a.pdf", &bytes));
        let _ = quickly(|| text::extract_with("a.pdf", &bytes, &small()));
    }

    #[test]
    fn txt_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = quickly(|| text::extract("a.txt", &bytes));
        prop_assert_eq!(text.is_err(), bytes.is_empty());
    }

    #[test]
    fn indicators_any_text(text in ".{0,512}") {
        let _ = quickly(|| load_indicators(&text));
    }

    #[test]
    fn indicators_damaged((cut, flips) in damage_strategy()) {
        let bytes = damage(INDICATORS.as_bytes(), cut, &flips);
        let _ = quickly(|| load_indicators(&String::from_utf8_lossy(&bytes)));
    }

    #[test]
    fn units_any_text(text in ".{0,512}", which in 0usize..6) {
        let mut files = UnitFiles {
            legacy_units: String::new(),
            units_2025: String::new(),
            province_lineage: String::new(),
            commune_lineage: String::new(),
            central_agencies: String::new(),
            provincial_agencies: String::new(),
        };
        let slot = [
            &mut files.legacy_units,
            &mut files.units_2025,
            &mut files.province_lineage,
            &mut files.commune_lineage,
            &mut files.central_agencies,
            &mut files.provincial_agencies,
        ];
        for (i, s) in slot.into_iter().enumerate() {
            if i == which {
                s.clone_from(&text);
            }
        }
        prop_assert!(quickly(|| load_units(&files)).is_err());
    }
}

#[test]
fn the_valid_seeds_read() {
    assert_eq!(xlsx::read_text(&workbook()).unwrap()[0].1[1], ["MT1.CT1", "2030", "60.5"]);
    assert!(text::extract("a.docx", &letter()).unwrap().contains("bình đẳng giới"));
    assert_eq!(text::extract("a.pdf", &pdf()).unwrap(), "Hello PDF");
    assert_eq!(load_indicators(INDICATORS).unwrap().len(), 1);
}
