//! Letters as scans: the test renders corpus letters (`crates/vanban/tests/corpus/`) to paper
//! itself — their text in Liberation Serif 13 pt on A4 through `LibreOffice`, each page
//! rasterised by `pdftoppm` at 200 dpi to a grey JPEG, the pages put together as a PDF without
//! a text layer — then reads the scan through [`binhdang_office::read_letter`] (Tesseract),
//! parses it with `vanban::parse` and counts the 16 corpus fields it got right.
//!
//! By default it reads one letter of one page (CI reads at most three pages of scans in all: this
//! one, the photo `binhdang parse` reads and the one the browser test uploads), and asserts at least 12 of 16 fields right. With
//! `BD_OCR_CORPUS=all` it reads every corpus letter of at most three pages and prints the
//! accuracy per field and the OCR time per page (the figures in `docs/benchmarks.md`); with
//! `BD_OCR_CORPUS=036,092` it reads those letters:
//!
//! ```text
//! BD_OCR_CORPUS=all cargo test -p binhdang-office --test scans -- --nocapture
//! ```
//!
//! Runs where `LibreOffice`, `pdftoppm` and Tesseract with its Vietnamese model are installed;
//! `BD_TEST_REQUIRE_OCR=1` (set by `scripts/test.sh`) makes their absence a failure instead of a
//! skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use binhdang_office::fixtures::{letter_fodt, scan_pdf};
use binhdang_office::{Limits, OcrLimits, read_letter};
use serde_json::Value;

/// The letter CI reads: a complete công văn of one page once rendered.
const CI_LETTER: &str = "093";

/// The fields of the corpus, as `crates/vanban/tests/corpus.rs` compares them.
const FIELDS: [&str; 16] = [
    "issuer",
    "parent_issuer",
    "number",
    "symbol",
    "full_code",
    "doc_type",
    "place",
    "date",
    "subject",
    "recipients",
    "cc",
    "signer_name",
    "signer_title",
    "signing_authority_prefix",
    "references",
    "assignments",
];

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vanban/tests/corpus")
}

fn tools_installed() -> bool {
    let soffice = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    let ocr = binhdang_office::ocr::check_installed();
    if soffice && ocr.is_ok() {
        return true;
    }
    let missing = ocr.err().filter(|_| soffice).unwrap_or_else(|| "LibreOffice (soffice)".to_owned());
    assert!(
        std::env::var("BD_TEST_REQUIRE_OCR").is_err(),
        "BD_TEST_REQUIRE_OCR=1 but {missing} is missing: install tesseract-ocr tesseract-ocr-vie poppler-utils \
         libreoffice-writer-nogui"
    );
    eprintln!("skipped: {missing} is not installed");
    false
}

/// Renders the letters to PDF with one `LibreOffice` run; the PDFs are `<name>.pdf` in `dir`.
fn render(dir: &Path, names: &[String]) {
    let mut files = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(corpus().join(format!("{name}.txt"))).expect("corpus text");
        let path = dir.join(format!("{name}.fodt"));
        std::fs::write(&path, letter_fodt(&text)).expect("write fodt");
        files.push(path);
    }
    let out = Command::new("timeout")
        .arg("600")
        .arg("soffice")
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(&files)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// The pages of a rendered PDF as grey JPEGs at 200 dpi, as an office scanner makes them.
fn photograph(dir: &Path, name: &str) -> Vec<Vec<u8>> {
    let prefix = dir.join(format!("{name}-page"));
    let out = Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-jpeg"])
        .arg(dir.join(format!("{name}.pdf")))
        .arg(&prefix)
        .output()
        .expect("pdftoppm runs");
    assert!(out.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&format!("{name}-page-"))
                    && Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg"))
            })
        })
        .collect();
    pages.sort();
    pages.iter().map(|p| std::fs::read(p).expect("page")).collect()
}

fn references_match(expected: &Value, actual: &Value) -> bool {
    let (Some(exp), Some(act)) = (expected.as_array(), actual.as_array()) else {
        return false;
    };
    if exp.len() != act.len() {
        return false;
    }
    let mut used = vec![false; act.len()];
    exp.iter().all(|e| {
        let mut codes: Vec<&Value> = e.get("full_code").into_iter().collect();
        codes.extend(e.get("aliases").and_then(Value::as_array).into_iter().flatten());
        let found = act.iter().enumerate().position(|(i, a)| {
            !used[i]
                && a.get("doc_type") == e.get("doc_type")
                && a.get("date").unwrap_or(&Value::Null) == e.get("date").unwrap_or(&Value::Null)
                && a.get("full_code").is_some_and(|c| codes.contains(&c))
        });
        found.is_some_and(|i| {
            used[i] = true;
            true
        })
    })
}

fn assignment_keys(list: &Value) -> Option<Vec<String>> {
    let mut keys: Vec<String> = list
        .as_array()?
        .iter()
        .map(|a| format!("{}|{}|{}", a["lead"], a["coordinators"], a.get("deadline").unwrap_or(&Value::Null)))
        .collect();
    keys.sort();
    Some(keys)
}

/// Whether a field is right, compared as the corpus test compares it.
fn field_right(field: &str, expected: &Value, actual: &Value) -> bool {
    match field {
        "subject" => match (expected.as_str(), actual.as_str()) {
            (Some(e), Some(a)) => e.to_lowercase() == a.to_lowercase(),
            _ => expected.is_null() && actual.is_null(),
        },
        "references" => references_match(expected, actual),
        "assignments" => assignment_keys(expected).is_some_and(|e| Some(e) == assignment_keys(actual)),
        _ => expected == actual,
    }
}

/// The first letter of a corpus entry: its ground truth.
fn truth(name: &str) -> Value {
    let text = std::fs::read_to_string(corpus().join(format!("{name}.json"))).expect("corpus json");
    match serde_json::from_str(&text).expect("valid json") {
        Value::Array(mut items) => items.remove(0),
        single => single,
    }
}

/// What one scan gave.
struct Scan {
    name: String,
    pages: usize,
    time: Duration,
    /// Per field, whether it is right.
    right: Vec<(&'static str, bool)>,
}

fn read_scan(name: &str, pages: &[Vec<u8>]) -> Scan {
    let pdf = scan_pdf(pages);
    let ocr = OcrLimits { pages: 3, page_time: Duration::from_mins(2) };
    let reading = read_letter(&format!("{name}.pdf"), &pdf, &Limits::default(), &ocr).expect("the scan is read");
    assert_eq!(reading.ocr_pages, pages.len(), "{name}: every page went through OCR");
    let letters = vanban::parse(&reading.text);
    let actual = letters.first().map_or(Value::Null, |l| serde_json::to_value(l).expect("letter serialises"));
    let expected = truth(name);
    let right = FIELDS
        .iter()
        .map(|f| (*f, field_right(f, expected.get(*f).unwrap_or(&Value::Null), actual.get(*f).unwrap_or(&Value::Null))))
        .collect();
    Scan { name: name.to_owned(), pages: pages.len(), time: reading.ocr_time, right }
}

#[test]
fn a_rendered_scan_reads_like_its_text() {
    if !tools_installed() {
        return;
    }
    let chosen = std::env::var("BD_OCR_CORPUS").unwrap_or_default();
    let all = !chosen.is_empty();
    let names: Vec<String> = if all && chosen != "all" {
        chosen.split(',').map(|n| n.trim().to_owned()).collect()
    } else if all {
        let mut names: Vec<String> = std::fs::read_dir(corpus())
            .expect("corpus")
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".txt")).map(str::to_owned))
            .collect();
        names.sort();
        names
    } else {
        vec![CI_LETTER.to_owned()]
    };
    let dir = tempfile::tempdir().expect("tempdir");
    render(dir.path(), &names);
    let mut scans = Vec::new();
    for name in &names {
        let pages = photograph(dir.path(), name);
        if pages.len() > 3 {
            continue;
        }
        scans.push(read_scan(name, &pages));
    }
    let mut per_field: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for scan in &scans {
        for (field, right) in &scan.right {
            let e = per_field.entry(field).or_default();
            e.0 += usize::from(*right);
            e.1 += 1;
        }
        let right = scan.right.iter().filter(|(_, r)| *r).count();
        let wrong: Vec<&str> = scan.right.iter().filter(|(_, r)| !*r).map(|(f, _)| *f).collect();
        println!(
            "{:<16} {} page(s) {:>6.2} s/page {right:>2}/16  wrong: {}",
            scan.name,
            scan.pages,
            scan.time.as_secs_f64() / scan.pages as f64,
            wrong.join(", ")
        );
    }
    let (right, total) = per_field.values().fold((0, 0), |(r, t), (a, b)| (r + a, t + b));
    for field in FIELDS {
        let (r, t) = per_field.get(field).copied().unwrap_or_default();
        println!("{field:<26} {r:>3}/{t:<3}");
    }
    let pages: usize = scans.iter().map(|s| s.pages).sum();
    let time: f64 = scans.iter().map(|s| s.time.as_secs_f64()).sum();
    println!(
        "{} letters, {pages} pages: {right}/{total} fields right ({:.1} %), OCR {:.2} s per page",
        scans.len(),
        100.0 * right as f64 / total.max(1) as f64,
        time / pages.max(1) as f64
    );
    if !all {
        let scan = &scans[0];
        assert_eq!(scan.pages, 1, "{CI_LETTER} renders to one page");
        let right = scan.right.iter().filter(|(_, r)| *r).count();
        assert!(right >= 12, "{CI_LETTER} read from its scan: {right}/16 fields right");
    }
}
