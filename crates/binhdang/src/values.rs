//! `binhdang import values`, `binhdang export values` and the national data set of
//! `binhdang demo --scale national`: the command-line side of bulk exchange, with a progress bar
//! on standard error.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::NaiveDate;

use binhdang_app::Services;
use binhdang_app::exchange::bulk::{self, ExportFilter, Format, ImportOutcome, ProgressFn};
use binhdang_core::reporting::{self, Form, Period};
use binhdang_core::units::UnitKind;
use binhdang_store::Store;

/// A progress bar on standard error: bytes of the file (imports) or values (exports), redrawn at
/// most ten times a second on a terminal, one line per ten seconds otherwise.
struct Bar {
    what: &'static str,
    total_bytes: u64,
    bytes: AtomicU64,
    values: AtomicU64,
    started: Instant,
    last: AtomicU64,
    tty: bool,
}

impl Bar {
    fn new(what: &'static str, total_bytes: u64) -> Arc<Self> {
        Arc::new(Self {
            what,
            total_bytes,
            bytes: AtomicU64::new(0),
            values: AtomicU64::new(0),
            started: Instant::now(),
            last: AtomicU64::new(0),
            tty: std::io::stderr().is_terminal(),
        })
    }

    fn update(&self, bytes: u64, values: u64) {
        if bytes > 0 && bytes != u64::MAX {
            self.bytes.fetch_max(bytes, Ordering::Relaxed);
        }
        self.values.fetch_max(values, Ordering::Relaxed);
        let ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let gap = if self.tty { 100 } else { 10_000 };
        let last = self.last.load(Ordering::Relaxed);
        if ms < last + gap || self.last.compare_exchange(last, ms, Ordering::Relaxed, Ordering::Relaxed).is_err() {
            return;
        }
        self.draw(false);
    }

    fn draw(&self, done: bool) {
        if done {
            self.bytes.store(self.total_bytes, Ordering::Relaxed);
        }
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let values = self.values.load(Ordering::Relaxed);
        let bar = if self.total_bytes > 0 {
            let share = (self.bytes.load(Ordering::Relaxed) as f64 / self.total_bytes as f64).min(1.0);
            let filled = (share * 30.0).round() as usize;
            format!("[{}{}] {:>3.0} % ", "#".repeat(filled), ".".repeat(30 - filled), share * 100.0)
        } else {
            String::new()
        };
        let line = format!(
            "{} {bar}{} giá trị, {} giá trị/giây",
            self.what,
            group(values),
            group((values as f64 / secs) as u64)
        );
        let mut err = std::io::stderr().lock();
        let _ = if self.tty { write!(err, "\r{line}\x1b[K") } else { writeln!(err, "{line}") };
        if done && self.tty {
            let _ = writeln!(err);
        }
    }
}

/// 1234567 → "1.234.567".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn progress_of(bar: &Arc<Bar>) -> Arc<ProgressFn> {
    let bar = bar.clone();
    Arc::new(move |bytes, values| bar.update(bytes, values))
}

/// `binhdang import values`: prints what was read, imported and refused; fails (exit status 1)
/// when anything was refused.
pub async fn import(services: &Services, input: &Path, format: &str, dry_run: bool) -> anyhow::Result<ImportOutcome> {
    let format = Format::parse(format).map_err(|e| anyhow::anyhow!("--format: {e}"))?;
    let size = std::fs::metadata(input).with_context(|| format!("không đọc được tệp {}", input.display()))?.len();
    let bar = Bar::new(if dry_run { "Kiểm tra" } else { "Nhập" }, size);
    let started = Instant::now();
    let outcome = bulk::import_file(services, input, format, dry_run, progress_of(&bar))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.draw(true);
    let secs = started.elapsed().as_secs_f64();
    for r in &outcome.refused {
        eprintln!("{}: {}", input.display(), r.describe(format));
    }
    println!(
        "Đã đọc {} giá trị, nhập {} vào {} báo cáo, từ chối {}{} ({secs:.1} giây).",
        group(outcome.read),
        group(outcome.imported),
        group(outcome.reports as u64),
        group(outcome.refused.len() as u64),
        if dry_run { " — chạy thử, không ghi gì" } else { "" },
    );
    if !outcome.refused.is_empty() {
        if !dry_run {
            bail!("tệp có giá trị không hợp lệ: không ghi giá trị nào (dùng --dry-run để xem mọi lỗi)");
        }
        bail!("tệp có {} giá trị không hợp lệ", outcome.refused.len());
    }
    Ok(outcome)
}

/// `binhdang export values`: to a file, or to standard output when `output` is `-`.
pub async fn export(services: &Services, output: &Path, format: &str, filter: &ExportFilter) -> anyhow::Result<u64> {
    let format = Format::parse(format).map_err(|e| anyhow::anyhow!("--format: {e}"))?;
    let bar = Bar::new("Xuất", 0);
    let started = Instant::now();
    let written = if output == Path::new("-") {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout());
        bulk::export_to(services, &mut out, format, filter, &*progress_of(&bar)).await
    } else {
        if output.exists() {
            bail!("{} đã có; không ghi đè", output.display());
        }
        let file = std::fs::File::create(output).with_context(|| format!("không tạo được {}", output.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        bulk::export_to(services, &mut out, format, filter, &*progress_of(&bar)).await
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.draw(true);
    eprintln!("Đã xuất {} giá trị ({:.1} giây).", group(written), started.elapsed().as_secs_f64());
    Ok(written)
}

/// The yearly forms and the numeric elements the national data set fills for every commune.
const NATIONAL_FORMS: [&str; 3] = ["BDG_NAM", "THD_NAM", "CLQG_NAM"];

/// What the national data set holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalSet {
    /// Values written to the file.
    pub values: u64,
    /// The sum of the values.
    pub sum: u64,
    /// FNV-1a of the file's lines, to compare two generations.
    pub checksum: u64,
}

/// A small deterministic generator (a 64-bit linear congruential one; good enough for figures).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

/// The years of the national data set: the last five of the 2011–2020 Strategy and the first five
/// of the 2021–2030 one, so that the set lands near ten million values.
pub const NATIONAL_YEARS: std::ops::RangeInclusive<i32> = 2016..=2025;

/// Writes the national data set as a CSV of `binhdang import values` (approved values of the
/// yearly forms' numeric elements, every option combination, 2016–2025) by the communes of each
/// year's map: the 2021 map's until 2024, today's for 2025. The same seed gives the same file. A report the database already
/// holds (the demo's own) is left out. The values keep each form's rules (a part never exceeds
/// its whole).
pub async fn write_national(store: &Store, path: &Path, seed: u64) -> anyhow::Result<NationalSet> {
    let areas = store.area_directory().await?;
    let held: std::collections::HashSet<(String, String, i64)> =
        store.all_report_heads().await?.into_iter().map(|h| (h.form, h.period, h.unit.0)).collect();
    let file = std::fs::File::create(path).with_context(|| format!("không tạo được {}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(out, "form,element,option_combo,period,unit_code,value,status")?;
    let mut set = NationalSet { values: 0, sum: 0, checksum: 0xcbf2_9ce4_8422_2325 };
    let mut rng = Lcg(seed);
    let mut line = String::new();
    for year in NATIONAL_YEARS {
        for code in NATIONAL_FORMS {
            let form = reporting::form(code).map_err(|e| anyhow::anyhow!("{e}"))?;
            let period = Period::year(year);
            let day = period.dates(form.regime).1;
            let mut communes: Vec<_> = areas.iter().filter(|a| a.kind == UnitKind::Commune && valid(a, day)).collect();
            communes.sort_by(|a, b| a.code.cmp(&b.code));
            for commune in communes {
                if held.contains(&(code.to_owned(), period.code(), commune.id.0)) {
                    continue;
                }
                for (element, option, value) in report_values(form, &mut rng) {
                    line.clear();
                    let _ =
                        writeln!(line, "{code},{element},{option},{},{},{value},da_duyet", period.code(), commune.code);
                    for b in line.bytes() {
                        set.checksum = (set.checksum ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                    }
                    out.write_all(line.as_bytes())?;
                    set.values += 1;
                    set.sum += value;
                }
            }
        }
    }
    out.flush()?;
    Ok(set)
}

fn valid(a: &binhdang_store::bulk::AreaEntry, day: NaiveDate) -> bool {
    a.from.is_none_or(|f| f <= day) && a.to.is_none_or(|t| day <= t)
}

/// One commune's values for a form: every numeric element in every option combination, drawn
/// small (a commune's counts), then each rule's left side brought under its right side.
fn report_values(form: &Form, rng: &mut Lcg) -> Vec<(&'static str, String, u64)> {
    let mut values: Vec<(&'static str, String, u64)> = Vec::new();
    for e in form.elements().filter(|e| e.value_type.is_numeric()) {
        for o in e.combo.option_combos() {
            let top = if e.value_type == reporting::ValueType::Percent { 101 } else { 200 };
            values.push((e.code, o.code, rng.next(top)));
        }
    }
    for _ in 0..2 {
        for rule in form.rules {
            let side = |vals: &[(&str, String, u64)], (code, options): (&str, &[&str])| -> u64 {
                vals.iter()
                    .filter(|(c, o, _)| *c == code && (options.is_empty() || options.contains(&o.as_str())))
                    .map(|(_, _, v)| v)
                    .sum()
            };
            let (left, right) = (side(&values, rule.left), side(&values, rule.right));
            if left > right {
                for (c, o, v) in &mut values {
                    if *c == rule.left.0 && (rule.left.1.is_empty() || rule.left.1.contains(&o.as_str())) {
                        *v = *v * right / left;
                    }
                }
            }
        }
    }
    values
}
