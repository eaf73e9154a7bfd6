//! Loading the reference data: the shipped files load and reload without change; malformed files
//! are refused with the file, line and column named in Vietnamese, and a failed load changes
//! nothing.

use binhdang_core::units::{UnitBatch, UnitKind, UnitRef};
use binhdang_core::{Clock, units::NewUnit, units::Validity};
use binhdang_office::{UnitFiles, load_units};
use binhdang_store::{Actor, Backend};

use crate::support::{TestDb, clock, on_both_backends};

fn shipped() -> UnitFiles {
    binhdang::data::embedded_units()
}

fn problems(files: &UnitFiles) -> Vec<String> {
    load_units(files).expect_err("must be refused").problems.iter().map(ToString::to_string).collect()
}

#[test]
fn a_wrong_header_is_named() {
    let mut files = shipped();
    files.units_2025 = files.units_2025.replacen("commune_code", "ma_xa", 1);
    let p = problems(&files);
    assert!(p[0].starts_with("admin-units-2025.csv, dòng 1: tiêu đề cột không đúng"), "{p:?}");
    assert!(p[0].contains("gặp \"province_code,province_name,province_type,ma_xa,"), "{p:?}");
    assert!(p.len() <= binhdang_office::units::MAX_PROBLEMS, "reading stops after a bounded number of problems");
}

#[test]
fn a_bad_code_names_file_line_and_column() {
    let mut files = shipped();
    let mut lines: Vec<String> = files.legacy_units.lines().map(str::to_owned).collect();
    lines[4] = lines[4].replacen(",00007,", ",0007x,", 1);
    files.legacy_units = lines.join("\n");
    let p = problems(&files);
    assert!(
        p.iter()
            .any(|m| m
                == "admin-units-legacy.csv, dòng 5, cột commune_code: mã \"0007x\" không hợp lệ: cần đúng 5 chữ số"),
        "{p:?}"
    );
}

#[test]
fn a_duplicate_code_names_both_lines() {
    let mut files = shipped();
    let second = files.units_2025.lines().nth(2).expect("a data line").to_owned();
    files.units_2025.push_str(&second);
    files.units_2025.push('\n');
    let p = problems(&files);
    assert!(
        p.iter().any(|m| m.contains("admin-units-2025.csv, dòng 3323, cột commune_code: mã xã 00008 trùng với dòng 3")),
        "{p:?}"
    );
}

#[test]
fn lineage_to_a_unit_that_does_not_exist_is_named() {
    let mut files = shipped();
    files.commune_lineage.push_str("01,001,99999,Xã Không Có,01,00004,Phường Ba Đình,merged,1\n");
    files.province_lineage.push_str("99,Tỉnh Không Có,01,Thành phố Hà Nội\n");
    let p = problems(&files);
    assert!(
        p.iter().any(|m| m.contains("admin-lineage-2025.csv, dòng 10604, cột old_commune_code: không có xã mã 99999")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|m| m.contains("province-lineage-2025.csv, dòng 65, cột old_province_code: không có tỉnh mã 99")),
        "{p:?}"
    );
}

#[test]
fn an_agency_with_an_unknown_parent_is_named() {
    let mut files = shipped();
    files.central_agencies.push_str("BXX,Bộ Mới,ministry,KHONGCO,,,\n");
    let p = problems(&files);
    assert!(
        p.iter().any(|m| m.starts_with("central.csv, dòng 16, cột parent_code: cơ quan cấp trên KHONGCO")),
        "{p:?}"
    );
}

#[test]
fn missing_files_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = UnitFiles::from_dir(dir.path()).expect_err("no files");
    assert!(err.to_string().contains("admin-units-legacy.csv"), "{err}");
}

#[test]
fn the_repository_data_folder_matches_the_embedded_copy() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let files = UnitFiles::from_dir(&dir).expect("data folder");
    assert_eq!(load_units(&files).expect("valid"), load_units(&shipped()).expect("valid"));
}

async fn reimporting_changes_nothing_and_updates_what_changed(backend: Backend) {
    let db = TestDb::seeded(backend).await;
    let actor = Actor { user: None, at: clock().now() };
    let batch = load_units(&shipped()).expect("valid");
    let s = db.store.import_units(&batch, actor).await.expect("import");
    assert_eq!((s.inserted, s.updated, s.lineage_added), (0, 0, 0));
    assert_eq!(s.unchanged, batch.units.len());
    // A corrected name in the files updates that unit only.
    let mut changed = batch.clone();
    let i = changed.units.iter().position(|u| u.code == "30742" && u.validity.from.is_some()).expect("Phường Rạch Giá");
    changed.units[i].name = "Phường Rạch Giá (sửa)".into();
    let s = db.store.import_units(&changed, actor).await.expect("import");
    assert_eq!((s.inserted, s.updated), (0, 1));
    let unit = db.store.unit_by_code("30742", clock().today()).await.expect("query").expect("unit");
    assert_eq!(unit.name, "Phường Rạch Giá (sửa)");
}

async fn a_load_that_fails_midway_changes_nothing(backend: Backend) {
    let db = TestDb::seeded(backend).await;
    let actor = Actor { user: None, at: clock().now() };
    let today = clock().today();
    let before = db.store.count_by_kind(today).await.expect("counts");
    // The first unit is fine; the second points at a parent that does not exist, which only the
    // database notices (a foreign key), after the first was written.
    let unit = |key: &str, code: &str, parent: Option<UnitRef>| NewUnit {
        source_key: key.into(),
        code: code.into(),
        name: format!("Xã thử {code}"),
        kind: UnitKind::Commune,
        parent,
        area: None,
        validity: Validity { from: Some(today), to: None },
    };
    let batch = UnitBatch {
        units: vec![
            unit("test:1", "88881", None),
            unit("test:2", "88882", Some(UnitRef::Stored(binhdang_core::units::UnitId(987_654_321)))),
        ],
        lineage: Vec::new(),
        points: Vec::new(),
    };
    db.store.import_units(&batch, actor).await.expect_err("foreign key");
    assert_eq!(db.store.count_by_kind(today).await.expect("counts"), before);
    assert!(db.store.unit_by_code("88881", today).await.expect("query").is_none());
}

on_both_backends!(reimporting_changes_nothing_and_updates_what_changed, a_load_that_fails_midway_changes_nothing);
