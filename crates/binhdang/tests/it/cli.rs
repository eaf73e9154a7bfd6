//! The command line, run as a process: the example configuration, `parse`, importing units
//! (and a refused import that changes nothing), accounts, and a refused database URL.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn binhdang(data_dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_binhdang"));
    cmd.args(args)
        .env("BINHDANG_DATA_DIR", data_dir)
        .env("BINHDANG_LOG", "warn")
        .env_remove("BINHDANG_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("binhdang runs");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("binhdang ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn config_prints_the_commented_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = binhdang(dir.path(), &["config"], None);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), binhdang::config::EXAMPLE);
}

#[test]
fn parse_prints_one_object_per_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("cv-1152.txt");
    std::fs::write(&file, crate::documents::SEED).expect("write");
    let out = binhdang(dir.path(), &["parse", file.to_str().expect("utf-8 path")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let letters: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(letters[0]["full_code"], "1152/VP-KGVX");
    assert_eq!(letters[1]["full_code"], "356/LĐTBXH-BĐG");
    assert_eq!(letters[1]["date"], "2021-02-19");
    let out = binhdang(dir.path(), &["parse", "/nonexistent/letter.pdf"], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("không đọc được tệp"));
}

/// A letter copied from a web page, its header run into prose, is still a record holding its
/// code, never an empty array.
#[test]
fn parse_reads_a_flattened_letter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("cv-614.txt");
    std::fs::write(
        &file,
        "Công văn Số 614/BVHTTDL-GĐ ngày 28 tháng 02 năm 2013 Về việc phối hợp tổ chức các hoạt động \
         hưởng ứng Ngày Gia đình Việt Nam 28/6\nKính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc \
         Trung ương\nBộ Văn hóa, Thể thao và Du lịch đề nghị Ủy ban nhân dân các tỉnh chỉ đạo tổ chức các \
         hoạt động.\n",
    )
    .expect("write");
    let out = binhdang(dir.path(), &["parse", file.to_str().expect("utf-8 path")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let letters: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let first = &letters[0];
    assert!(first.is_object(), "a record, not an empty array: {letters}");
    assert!(first.to_string().contains("614/BVHTTDL-GĐ"), "the record holds the code: {letters}");
}

/// Where the OCR programs are missing, a photo is refused with what to install.
#[test]
fn parse_without_ocr_says_what_to_install() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("anh-chup.png");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&[0, 0, 4, 0, 0, 0, 3, 0, 8, 0, 0, 0, 0]);
    std::fs::write(&file, png).expect("write");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_binhdang"));
    let out = cmd
        .args(["parse", file.to_str().expect("utf-8 path")])
        .env("BINHDANG_DATA_DIR", dir.path())
        .env("PATH", dir.path())
        .output()
        .expect("binhdang runs");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("cần nhận dạng chữ (OCR) nhưng máy chủ chưa cài chương trình tesseract"), "{err}");
    assert!(err.contains("tesseract-ocr, tesseract-ocr-vie và poppler-utils"), "{err}");
}

/// A photo of a letter's first page (rendered by `LibreOffice`, rasterised to JPEG) is read by
/// OCR: one page, where Tesseract, `pdftoppm` and `LibreOffice` are installed
/// (`BD_TEST_REQUIRE_OCR=1` makes their absence a failure).
#[test]
fn parse_reads_a_photo_by_ocr() {
    let soffice = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if let Err(missing) =
        binhdang_office::ocr::check_installed().and(if soffice { Ok(()) } else { Err("soffice".into()) })
    {
        assert!(std::env::var("BD_TEST_REQUIRE_OCR").is_err(), "BD_TEST_REQUIRE_OCR=1 but {missing} is missing");
        eprintln!("skipped: {missing} is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let letter = dir.path().join("cv-1152.fodt");
    std::fs::write(&letter, binhdang_office::fixtures::letter_fodt(crate::documents::SEED)).expect("write");
    let out = Command::new("timeout")
        .arg("180")
        .arg("soffice")
        .arg(format!("-env:UserInstallation=file://{}", dir.path().join("profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&letter)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "soffice: {}", text(&out.stderr));
    let out = Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-jpeg", "-singlefile", "-f", "1", "-l", "1"])
        .arg(dir.path().join("cv-1152.pdf"))
        .arg(dir.path().join("anh-chup"))
        .output()
        .expect("pdftoppm runs");
    assert!(out.status.success(), "pdftoppm: {}", text(&out.stderr));
    let photo = dir.path().join("anh-chup.jpg");
    let out = binhdang(dir.path(), &["parse", photo.to_str().expect("utf-8 path")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("đã nhận dạng chữ (OCR) 1 trang"), "{}", text(&out.stderr));
    let letters: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(letters[0]["full_code"], "1152/VP-KGVX", "{letters}");
    assert_eq!(letters[0]["date"], "2021-02-25", "{letters}");
}

#[test]
fn a_refused_import_changes_nothing_and_a_good_one_loads_everything() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A copy of the data folder with a commune whose code is broken.
    let data = dir.path().join("reference");
    for sub in ["units", "agencies"] {
        std::fs::create_dir_all(data.join(sub)).expect("mkdir");
    }
    let files = binhdang::data::embedded_units();
    let legacy = files.legacy_units.replacen(",00004,", ",0004,", 1);
    std::fs::write(data.join("units/admin-units-legacy.csv"), legacy).expect("write");
    std::fs::write(data.join("units/admin-units-2025.csv"), &files.units_2025).expect("write");
    std::fs::write(data.join("units/province-lineage-2025.csv"), &files.province_lineage).expect("write");
    std::fs::write(data.join("units/admin-lineage-2025.csv"), &files.commune_lineage).expect("write");
    std::fs::write(data.join("agencies/central.csv"), &files.central_agencies).expect("write");
    std::fs::write(data.join("agencies/provincial.csv"), &files.provincial_agencies).expect("write");
    let out = binhdang(dir.path(), &["import", "units", "--dir", data.to_str().expect("utf-8")], None);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("admin-units-legacy.csv, dòng 3, cột commune_code: mã \"0004\" không hợp lệ"), "{err}");
    // Nothing was loaded: adding a user for an agency fails.
    let out = binhdang(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "quantri",
            "--display-name",
            "Quản trị",
            "--agency",
            "BNV",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("mat-khau-dai-du\n"),
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("không có cơ quan mã \"BNV\""), "{}", text(&out.stderr));

    let out = binhdang(dir.path(), &["import", "units"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("28456 thêm mới"), "{}", text(&out.stdout));
    let out = binhdang(dir.path(), &["import", "units"], None);
    assert!(
        text(&out.stdout).contains("0 thêm mới, 0 cập nhật, 28456 không đổi"),
        "importing again changes nothing: {}",
        text(&out.stdout)
    );
    let out = binhdang(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "quantri",
            "--display-name",
            "Quản trị",
            "--agency",
            "BNV",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("mat-khau-dai-du\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out =
        binhdang(dir.path(), &["user", "set-password", "--username", "quantri", "--password-stdin"], Some("ngan\n"));
    assert!(!out.status.success(), "a short password is refused");
    let out = binhdang(dir.path(), &["user", "list"], None);
    let list = text(&out.stdout);
    assert!(list.contains("quantri") && list.contains("admin") && list.contains("Bộ Nội vụ"), "{list}");
}

#[test]
fn an_unknown_database_is_refused_by_name() {
    let out = Command::new(env!("CARGO_BIN_EXE_binhdang"))
        .args(["migrate"])
        .env("BINHDANG_DATABASE_URL", "mysql://u@h/db")
        .output()
        .expect("binhdang runs");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("mysql://u@h/db") && text(&out.stderr).contains("không được hỗ trợ"),
        "{}",
        text(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_binhdang"))
        .args(["migrate"])
        .env("BINHDANG_LISTN", "x")
        .output()
        .expect("runs");
    assert!(text(&out.stderr).contains("listn"), "unknown configuration keys are refused");
}

#[test]
fn the_demo_keeps_to_its_own_folder_and_never_wipes_another_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A server's database (made by `migrate`) in a folder.
    let served = dir.path().join("served");
    let out = binhdang(&served, &["migrate"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let db = served.join("binhdang.db");
    let before = std::fs::metadata(&db).expect("database").len();
    // The demo pointed at it refuses, and leaves it as it was.
    let out = binhdang(dir.path(), &["demo", "--no-serve", "--data-dir", served.to_str().expect("utf-8")], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("không do binhdang demo tạo"), "{}", text(&out.stderr));
    assert_eq!(std::fs::metadata(&db).expect("still there").len(), before);
    // Its own folder is made, and made again.
    let own = dir.path().join("demo");
    for _ in 0..2 {
        let out = binhdang(dir.path(), &["demo", "--no-serve", "--data-dir", own.to_str().expect("utf-8")], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    assert!(own.join("binhdang.db").exists());
    // Without --data-dir the demo does not use the server's data folder.
    let help = text(&binhdang(dir.path(), &["demo", "--help"], None).stdout);
    assert!(help.contains("data-demo"), "{help}");
}

#[test]
fn a_backup_refuses_to_overwrite_and_a_restore_refuses_what_is_not_a_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(binhdang(dir.path(), &["migrate"], None).status.success());
    let existing = dir.path().join("old.db");
    std::fs::write(&existing, b"keep me").expect("write");
    let out = binhdang(dir.path(), &["backup", "--output", existing.to_str().expect("utf-8")], None);
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&existing).expect("kept"), b"keep me");
    // Not a database: refused, and the live database is untouched.
    let out = binhdang(dir.path(), &["restore", "--input", existing.to_str().expect("utf-8")], None);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert!(binhdang(dir.path(), &["user", "list"], None).status.success());
}
