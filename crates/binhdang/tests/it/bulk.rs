//! Bulk exchange of values (`binhdang import values`, `binhdang export values`): round trips
//! of 100,000 values through DHIS2 JSON, ADX and CSV on both databases, a bad row that imports
//! nothing and is named, a locked report, and the command line as a process.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use binhdang_app::exchange::bulk::{self, ExportFilter, Format, ImportOutcome, ProgressFn};
use binhdang_app::{Services, Settings};
use binhdang_core::units::UnitKind;
use binhdang_store::Backend;
use binhdang_store::testing::{execute, unique_name};
use chrono::NaiveDate;

use crate::support::{TestDb, clock, on_both_backends};

fn quiet() -> Arc<ProgressFn> {
    Arc::new(|_, _| {})
}

async fn services(backend: Backend) -> (TestDb, Services) {
    let db = TestDb::seeded(backend).await;
    let services = Services::new(db.store.clone(), Arc::new(clock()), Settings::default());
    (db, services)
}

async fn import(services: &Services, path: &Path, format: Format, dry_run: bool) -> ImportOutcome {
    bulk::import_file(services, path, format, dry_run, quiet()).await.expect("import runs")
}

async fn export(services: &Services, format: Format, filter: &ExportFilter) -> String {
    let mut out = Vec::new();
    bulk::export_to(services, &mut out, format, filter, &*quiet()).await.expect("export runs");
    String::from_utf8(out).expect("UTF-8")
}

/// The communes of the 2024 map (on the last day of its reporting year), by code.
async fn communes_of_2024(store: &binhdang_store::Store) -> Vec<binhdang_store::bulk::AreaEntry> {
    let day = NaiveDate::from_ymd_opt(2024, 12, 14).expect("day");
    let mut communes: Vec<_> = store
        .area_directory()
        .await
        .expect("directory")
        .into_iter()
        .filter(|a| a.kind == UnitKind::Commune && a.from.is_none_or(|f| f <= day) && a.to.is_none_or(|t| day <= t))
        .collect();
    communes.sort_by(|a, b| a.code.cmp(&b.code));
    communes
}

/// A DHIS2 data value set of `count` values of `BDG_NAM` 2024: every numeric element in every
/// option combination for one commune after another of the 2024 map, the same value within a
/// report so that the form's rules hold.
async fn value_set(services: &Services, count: usize) -> serde_json::Value {
    let communes: Vec<String> = communes_of_2024(&services.store).await.into_iter().map(|a| a.code).collect();
    let form = binhdang_core::reporting::form("BDG_NAM").expect("form");
    let keys: Vec<(&str, String)> = form
        .elements()
        .filter(|e| e.value_type.is_numeric())
        .flat_map(|e| e.combo.option_combos().into_iter().map(move |o| (e.code, o.code)))
        .collect();
    let mut values = Vec::with_capacity(count);
    'outer: for (n, commune) in communes.iter().enumerate() {
        for (element, option) in &keys {
            if values.len() == count {
                break 'outer;
            }
            values.push(serde_json::json!({
                "dataElement": element, "categoryOptionCombo": option, "orgUnit": commune, "value": (n % 90 + 1).to_string(),
            }));
        }
    }
    assert_eq!(values.len(), count, "enough communes for {count} values");
    serde_json::json!({"dataSet": "BDG_NAM", "period": "2024", "dataValues": values})
}

/// The values of a DHIS2 JSON export as comparable tuples.
fn tuples(json: &str) -> BTreeSet<(String, String, String, String, String, String)> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("JSON");
    doc["dataValues"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            (s("dataSet"), s("period"), s("orgUnit"), s("dataElement"), s("categoryOptionCombo"), s("value"))
        })
        .collect()
}

async fn a_hundred_thousand_values_go_round_in_every_format(backend: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_db, first) = services(backend).await;
    let set = value_set(&first, 100_000).await;
    let posted = dir.path().join("sent.json");
    std::fs::write(&posted, set.to_string()).expect("write");
    let outcome = import(&first, &posted, Format::Dhis2Json, false).await;
    assert!(outcome.refused.is_empty(), "{:?}", outcome.refused.first());
    assert_eq!((outcome.read, outcome.imported), (100_000, 100_000));
    let all = ExportFilter::default();
    let json = export(&first, Format::Dhis2Json, &all).await;
    let expected = tuples(&json);
    assert_eq!(expected.len(), 100_000);
    let given: BTreeSet<_> = set["dataValues"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            (
                "BDG_NAM".to_owned(),
                "2024".to_owned(),
                s("orgUnit"),
                s("dataElement"),
                s("categoryOptionCombo"),
                s("value"),
            )
        })
        .collect();
    assert_eq!(expected, given, "the export holds exactly what was sent");

    // CSV and ADX: exported from the first database, imported into fresh ones, exported again.
    for format in [Format::Csv, Format::Adx] {
        let file = dir.path().join(format!("values.{}", format.as_str()));
        std::fs::write(&file, export(&first, format, &all).await).expect("write");
        let (_db, other) = services(backend).await;
        let outcome = import(&other, &file, format, false).await;
        assert!(outcome.refused.is_empty(), "{format:?}: {:?}", outcome.refused.first());
        assert_eq!(outcome.imported, 100_000, "{format:?}");
        assert_eq!(tuples(&export(&other, Format::Dhis2Json, &all).await), expected, "{format:?} round trip");
        if format == Format::Csv {
            let again = export(&other, Format::Csv, &all).await;
            let original = std::fs::read_to_string(&file).expect("read");
            assert_eq!(again, original, "a CSV export imported and exported again is the same file");
        }
    }

    // Filters: one commune's values, and SDMX-CSV of the form.
    let one =
        ExportFilter { area: Some(set["dataValues"][0]["orgUnit"].as_str().expect("code").to_owned()), ..all.clone() };
    let csv = export(&first, Format::Csv, &one).await;
    assert!(csv.lines().count() > 10 && csv.lines().count() < 200, "{}", csv.lines().count());
    let sdmx = export(&first, Format::SdmxCsv, &ExportFilter { form: Some("BDG_NAM".into()), ..all }).await;
    assert_eq!(sdmx.lines().count(), 100_001);
    assert!(sdmx.starts_with("STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA"), "{}", &sdmx[..80]);
}

const GOOD: &str = "form,element,option_combo,period,unit_code,value\n\
    BDG_NAM,DT_LOP,default,2024,30742,3\n\
    BDG_NAM,DT_HOC_VIEN,nam,2024,30742,40\n";

async fn a_bad_row_imports_nothing_and_is_named(backend: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, services) = services(backend).await;
    let before = db.store.all_report_heads().await.expect("heads").len();
    let cases = [
        ("BDG_NAM,DT_HOC_VIEN,nu,2024,99999,5", "unit_code", "không có địa bàn mã \"99999\""),
        ("BDG_NAM,KHONG_CO,default,2024,30742,5", "element", "không có chỉ tiêu \"KHONG_CO\""),
        ("BDG_NAM,DT_HOC_VIEN,nu,2024Q1,30742,5", "period", "theo kỳ"),
        ("BDG_NAM,DT_HOC_VIEN,nu,2024,30742,mười", "value", "không phải là một số"),
        ("BDG_NAM,DT_HOC_VIEN,nu,2024,30742,", "value", "thiếu giá trị"),
        ("BDG_NAM,DT_HOC_VIEN,nam,2024,30742,7", "element", "đã có ở một dòng trước"),
    ];
    for (row, field, message) in cases {
        let file = dir.path().join("bad.csv");
        std::fs::write(&file, format!("{GOOD}{row}\nBDG_NAM,DT_LOP,default,2024,30743,1\n")).expect("write");
        let outcome = import(&services, &file, Format::Csv, false).await;
        assert_eq!(outcome.imported, 0, "{row}");
        let refusal = outcome.refused.first().expect("refused");
        assert_eq!((refusal.position, refusal.field.as_str()), (4, field), "{row}: {refusal:?}");
        assert!(refusal.message.contains(message), "{row}: {}", refusal.message);
        assert!(refusal.describe(Format::Csv).starts_with("dòng 4, cột"), "{}", refusal.describe(Format::Csv));
        assert_eq!(db.store.all_report_heads().await.expect("heads").len(), before, "{row}: nothing written");
    }
    // A value given twice is noticed when its report's rows are not together too.
    let file = dir.path().join("apart.csv");
    std::fs::write(&file, format!("{GOOD}BDG_NAM,DT_LOP,default,2024,30745,1\nBDG_NAM,DT_HOC_VIEN,nam,2024,30742,7\n"))
        .expect("write");
    let outcome = import(&services, &file, Format::Csv, false).await;
    let refusal = outcome.refused.first().expect("refused");
    assert_eq!((refusal.position, refusal.field.as_str()), (5, "element"), "{refusal:?}");
    assert!(refusal.message.contains("DT_HOC_VIEN / nam"), "{}", refusal.message);
    // A dry run lists every problem and writes nothing; the good file then imports.
    let file = dir.path().join("two.csv");
    std::fs::write(&file, format!("{GOOD}BDG_NAM,X,default,2024,30742,1\nBDG_NAM,DT_LOP,default,2024,1,1\n"))
        .expect("write");
    let outcome = import(&services, &file, Format::Csv, true).await;
    assert_eq!(outcome.refused.iter().map(|r| r.position).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(outcome.imported, 0);
    // A rule of the form broken across rows: more models replicated than operating.
    let ruled = dir.path().join("rule.csv");
    std::fs::write(
        &ruled,
        format!("{GOOD}BDG_NAM,MH_HOAT_DONG,default,2024,30742,2\nBDG_NAM,MH_NHAN_RONG,default,2024,30742,5\n"),
    )
    .expect("write");
    let outcome = import(&services, &ruled, Format::Csv, false).await;
    assert!(outcome.refused.iter().any(|r| r.message.contains("nhân rộng")), "{:?}", outcome.refused);
    assert_eq!(outcome.imported, 0);
    let good = dir.path().join("good.csv");
    std::fs::write(&good, GOOD).expect("write");
    let outcome = import(&services, &good, Format::Csv, false).await;
    assert_eq!((outcome.imported, outcome.reports, outcome.refused.len()), (2, 1, 0));
    // Again: the values replace themselves, nothing is added twice.
    let outcome = import(&services, &good, Format::Csv, false).await;
    assert_eq!(outcome.imported, 2);
    let csv =
        export(&services, Format::Csv, &ExportFilter { area: Some("30742".into()), ..ExportFilter::default() }).await;
    assert_eq!(csv.lines().filter(|l| l.contains(",2024,30742,")).count(), 2, "{csv}");
    assert!(
        csv.contains("BDG_NAM,DT_HOC_VIEN,nam,2024,30742,Phường Vĩnh Thanh Vân,91,commune,40,dang_nhap,import,"),
        "{csv}"
    );
}

async fn a_locked_report_takes_no_value(backend: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, services) = services(backend).await;
    // The engine is loaded before the import: the load's logged changes must reach it.
    binhdang_app::analytics::fresh(&services).await.expect("engine");
    let file = dir.path().join("approved.csv");
    std::fs::write(&file, "form,element,period,unit_code,value,status\nBDG_NAM,DT_LOP,2024,30742,3,da_duyet\n")
        .expect("write");
    assert_eq!(import(&services, &file, Format::Csv, false).await.imported, 1);
    let heads = db.store.all_report_heads().await.expect("heads");
    assert!(heads.iter().any(|h| h.period == "2024" && h.status == binhdang_core::reporting::Status::DaDuyet));
    std::fs::write(&file, "form,element,period,unit_code,value\nBDG_NAM,DT_LOP,2024,30742,4\n").expect("write");
    let outcome = import(&services, &file, Format::Csv, false).await;
    assert_eq!(outcome.imported, 0);
    assert!(outcome.refused[0].message.contains("Đã duyệt"), "{:?}", outcome.refused);
    // The analytics engine sees the approved value (the load logged its change).
    let day = NaiveDate::from_ymd_opt(2024, 12, 1).expect("day");
    let unit = db.store.unit_by_code("30742", day).await.expect("query").expect("unit").id;
    let engine = binhdang_app::analytics::fresh(&services).await.expect("engine");
    let cells = engine.aggregate(&binhdang_analytics::Query {
        dx: vec!["DT_LOP".into()],
        pe: vec![binhdang_core::reporting::Period::year(2024)],
        ou: vec![unit],
        as_of: day,
        include_unapproved: false,
    });
    assert_eq!(cells.iter().map(|c| c.value).sum::<f64>(), 3.0);
}

/// A report's values are stored as one text; a comment holding the characters that separate
/// them is still stored and exported exactly, and so is the report beside it.
async fn a_comment_holding_a_separator_is_exported_exactly(backend: Backend) {
    use binhdang_store::reports::ValueWrite;
    let (db, services) = services(backend).await;
    let communes = communes_of_2024(&db.store).await;
    let form = binhdang_core::reporting::form("BDG_NAM").expect("form");
    let keys: Vec<(String, String)> = form
        .elements()
        .filter(|e| e.value_type.is_numeric())
        .flat_map(|e| e.combo.option_combos().into_iter().map(move |o| (e.code.to_owned(), o.code)))
        .take(3)
        .collect();
    let tricky = "dòng một\u{1e}dòng hai\u{1f}cột, \"trích\"";
    let actor = binhdang_store::Actor { user: None, at: binhdang_core::Clock::now(&clock()) };
    let mut expected = BTreeSet::new();
    for (commune, comment) in communes.iter().take(2).zip(["ghi chú thường", tricky]) {
        let mut values = std::collections::BTreeMap::new();
        for (i, key) in keys.iter().enumerate() {
            let text = if i == 0 { comment } else { "" };
            let write = ValueWrite {
                value: Some(format!("{}", i + 3)),
                comment: text.to_owned(),
                source: "typed".into(),
                override_reason: String::new(),
            };
            values.insert(key.clone(), write);
            expected.insert((
                commune.code.clone(),
                key.0.clone(),
                key.1.clone(),
                format!("{}", i + 3),
                text.to_owned(),
            ));
        }
        db.store.save_report_values("BDG_NAM", "2024", commune.id, 0, &values, actor).await.expect("saved");
    }
    let filter = ExportFilter { form: Some("BDG_NAM".into()), period: Some("2024".into()), area: None };
    let exported: serde_json::Value =
        serde_json::from_str(&export(&services, Format::Dhis2Json, &filter).await).expect("JSON");
    let got: BTreeSet<(String, String, String, String, String)> = exported["dataValues"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            let text = |k: &str| v[k].as_str().expect(k).to_owned();
            (text("orgUnit"), text("dataElement"), text("categoryOptionCombo"), text("value"), text("comment"))
        })
        .collect();
    assert_eq!(got, expected);
    // The CSV export quotes the comment and keeps it whole.
    let csv = export(&services, Format::Csv, &filter).await;
    assert!(csv.contains("\"dòng một\u{1e}dòng hai\u{1f}cột, \"\"trích\"\"\"\n"), "{csv}");
    assert_eq!(csv.lines().count(), 7, "a header and six values: {csv}");
}

/// The URL `url` with `user` and `password` in place of its user.
fn as_user(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("URL with a scheme");
    let host = rest.split_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}:{password}@{host}")
}

/// On `PostgreSQL` a bulk load skips the row-by-row checks of its foreign keys where the role may
/// set `session_replication_role`; a role that may not (no superuser) loads all the same, with
/// the checks, and the foreign key still stands for every other writer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_that_may_not_skip_key_checks_still_loads() {
    if !crate::support::postgres_available() {
        eprintln!("skipped: no PostgreSQL (set BD_TEST_POSTGRES_URL)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = TestDb::seeded(Backend::Postgres).await;
    let role = unique_name("bd_plain");
    execute(
        &db.store,
        &format!(
            "CREATE ROLE {role} LOGIN NOSUPERUSER PASSWORD 'plain'; \
             GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role};"
        ),
    )
    .await
    .expect("role");
    let plain = binhdang_store::Store::connect(&as_user(&db.url, &role, "plain")).await.expect("connect as the role");
    let plain_services = Services::new(plain.clone(), Arc::new(clock()), Settings::default());
    let file = dir.path().join("values.csv");
    std::fs::write(
        &file,
        "form,element,period,unit_code,value\nBDG_NAM,DT_LOP,2024,30742,3\nBDG_NAM,DT_LOP,2024,30745,5\n",
    )
    .expect("write");
    let outcome = import(&plain_services, &file, Format::Csv, false).await;
    assert!(outcome.refused.is_empty(), "{:?}", outcome.refused);
    assert_eq!(outcome.imported, 2);
    // The superuser's load (the other path) goes in too, over the same reports.
    std::fs::write(&file, "form,element,period,unit_code,value\nBDG_NAM,DT_LOP,2024,30742,4\n").expect("write");
    let services = Services::new(db.store.clone(), Arc::new(clock()), Settings::default());
    assert_eq!(import(&services, &file, Format::Csv, false).await.imported, 1);
    let csv = export(&services, Format::Csv, &ExportFilter::default()).await;
    let values: Vec<(&str, &str)> = csv
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            (fields[4], fields[8])
        })
        .collect();
    assert_eq!(values, [("30742", "4"), ("30745", "5")], "{csv}");
    // The key still stands for every other writer: a value of no report is refused.
    let orphan = execute(&db.store, "INSERT INTO report_data (report_id, value_count, body) VALUES (-1, 0, '')").await;
    assert!(orphan.is_err(), "the foreign key is checked again");
    plain.close().await;
    execute(&db.store, &format!("DROP OWNED BY {role}; DROP ROLE {role};")).await.expect("drop role");
}

/// An import into a report holding typed values keeps them beside its own; a file whose values
/// of a report come apart and out of order stores each value once, in order.
async fn an_import_over_stored_values_keeps_them(backend: Backend) {
    use binhdang_store::reports::ValueWrite;
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, services) = services(backend).await;
    let day = NaiveDate::from_ymd_opt(2024, 12, 1).expect("day");
    let unit = |code: &'static str| {
        let store = db.store.clone();
        async move { store.unit_by_code(code, day).await.expect("query").expect("unit").id }
    };
    let (first, second) = (unit("30742").await, unit("30745").await);
    let actor = binhdang_store::Actor { user: None, at: binhdang_core::Clock::now(&clock()) };
    let typed = ValueWrite {
        value: Some("9".into()),
        comment: "gõ tay".into(),
        source: "typed".into(),
        override_reason: String::new(),
    };
    let values = std::collections::BTreeMap::from([(("DT_LOP".to_owned(), "default".to_owned()), typed)]);
    db.store.save_report_values("BDG_NAM", "2024", first, 0, &values, actor).await.expect("saved");
    let file = dir.path().join("apart.csv");
    std::fs::write(
        &file,
        "form,element,option_combo,period,unit_code,value,comment\n\
         BDG_NAM,DT_HOC_VIEN,nu,2024,30742,5,\n\
         BDG_NAM,DT_LOP,default,2024,30745,2,\n\
         BDG_NAM,DT_HOC_VIEN,nam,2024,30742,4,\n\
         BDG_NAM,DT_HOC_VIEN,nu,2024,30745,1,sau\n\
         BDG_NAM,DT_HOC_VIEN,nam,2024,30745,3,\n",
    )
    .expect("write");
    let outcome = import(&services, &file, Format::Csv, false).await;
    assert!(outcome.refused.is_empty(), "{:?}", outcome.refused);
    assert_eq!((outcome.imported, outcome.reports), (5, 2));
    let stored = |unit| {
        let store = db.store.clone();
        async move {
            let head = store.report_head("BDG_NAM", "2024", unit).await.expect("query").expect("report");
            store
                .report_values(head.id)
                .await
                .expect("values")
                .into_iter()
                .map(|((e, o), v)| format!("{e}/{o}={} {} {}", v.value, v.source, v.comment))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        stored(first).await,
        ["DT_HOC_VIEN/nam=4 import ", "DT_HOC_VIEN/nu=5 import ", "DT_LOP/default=9 typed gõ tay"]
    );
    assert_eq!(
        stored(second).await,
        ["DT_HOC_VIEN/nam=3 import ", "DT_HOC_VIEN/nu=1 import sau", "DT_LOP/default=2 import "]
    );
    // The export reads each report's values in order.
    let csv =
        export(&services, Format::Csv, &ExportFilter { area: Some("30745".into()), ..ExportFilter::default() }).await;
    let order: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(1).unwrap_or_default()).collect();
    assert_eq!(order, ["DT_HOC_VIEN", "DT_HOC_VIEN", "DT_LOP"], "{csv}");
}

on_both_backends!(
    an_import_over_stored_values_keeps_them,
    a_comment_holding_a_separator_is_exported_exactly,
    a_hundred_thousand_values_go_round_in_every_format,
    a_bad_row_imports_nothing_and_is_named,
    a_locked_report_takes_no_value,
);

/// `binhdang import values` and `export values` as processes: a bad line is named with the file,
/// the exit status fails and nothing is written; the good file then goes in and comes out.
#[test]
fn the_command_line_names_the_bad_line_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_binhdang"))
            .args(args)
            .env("BINHDANG_DATA_DIR", dir.path().join("data"))
            .env("BINHDANG_LOG", "warn")
            .env_remove("BINHDANG_DATABASE_URL")
            .output()
            .expect("binhdang runs")
    };
    assert!(run(&["import", "units"]).status.success());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{GOOD}BDG_NAM,DT_LOP,default,2024,30742,ba\n")).expect("write");
    let out = run(&["import", "values", "--input", bad.to_str().expect("path")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("bad.csv: dòng 4, cột \"value\""), "{stderr}");
    assert!(stderr.contains("không ghi giá trị nào"), "{stderr}");
    let out = run(&["import", "values", "--input", "/nonexistent/values.csv"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("không đọc được tệp"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let good = dir.path().join("good.csv");
    std::fs::write(&good, GOOD).expect("write");
    let out = run(&["import", "values", "--input", good.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nhập 2 vào 1 báo cáo"));
    let exported = dir.path().join("out.csv");
    let out = run(&["export", "values", "--output", exported.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&exported).expect("read");
    assert_eq!(text.lines().count(), 3, "{text}");
    // An existing file is never overwritten.
    let out = run(&["export", "values", "--output", exported.to_str().expect("path")]);
    assert!(!out.status.success());
}
