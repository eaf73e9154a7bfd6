//! Configuration: defaults, then a TOML file (`--config FILE`), then `BINHDANG_*` environment
//! variables (`BINHDANG_LISTEN=0.0.0.0:8080`). Unknown keys are refused wherever they come from,
//! so a typo never silently falls back to a default. `binhdang config` prints [`EXAMPLE`].

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// The server's configuration.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Folder for the `SQLite` database.
    pub data_dir: PathBuf,
    /// Database URL; default `sqlite://<data_dir>/binhdang.db`.
    pub database_url: Option<String>,
    /// Address to listen on.
    pub listen: String,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Hours a login lasts.
    pub session_hours: i64,
    /// Failed logins per user name within the window before logins are refused.
    pub login_max_failures: i64,
    /// Failed logins per client address within the window.
    pub login_max_failures_per_address: i64,
    /// The throttling window in minutes.
    pub login_window_minutes: i64,
    /// Log filter (`info`, `debug`, `binhdang_web=debug`…).
    pub log: String,
    /// Working days meant by a task deadline of "ngay" (at once).
    pub task_at_once_days: u32,
    /// Days off the government adds for the year (days swapped next to Tết or 02/09), `YYYY-MM-DD`.
    pub extra_holidays: Vec<chrono::NaiveDate>,
    /// Make-up working days (Saturdays worked in exchange), `YYYY-MM-DD`.
    pub extra_working_days: Vec<chrono::NaiveDate>,
    /// Days an API token lasts.
    pub token_days: i64,
    /// Files read or exports made at once (0: one per core but one, at least one).
    pub heavy_workers: usize,
    /// Seconds a request waits for a free worker before it is told to retry.
    pub heavy_wait_secs: u64,
    /// Seconds a client has to send a request's headers.
    pub header_read_timeout_secs: u64,
    /// Seconds a whole request may take.
    pub request_timeout_secs: u64,
    /// Bearer token required by `/metrics`; without it `/metrics` is not served.
    pub metrics_token: Option<String>,
    /// Pages of a scanned letter read by OCR at most.
    pub ocr_max_pages: usize,
    /// Seconds one page of a scan may take to be read by OCR.
    pub ocr_page_timeout_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        let web = binhdang_web::Settings::default();
        Self {
            data_dir: PathBuf::from("data"),
            database_url: None,
            listen: "127.0.0.1:8080".into(),
            secure_cookies: web.secure_cookies,
            session_hours: web.session_hours,
            login_max_failures: web.login_max_failures,
            login_max_failures_per_address: web.login_max_failures_per_address,
            login_window_minutes: web.login_window_minutes,
            log: "info".into(),
            task_at_once_days: web.task_at_once_days,
            extra_holidays: Vec::new(),
            extra_working_days: Vec::new(),
            token_days: web.token_days,
            heavy_workers: web.heavy_workers,
            heavy_wait_secs: web.heavy_wait_secs,
            header_read_timeout_secs: web.header_read_timeout_secs,
            request_timeout_secs: web.request_timeout_secs,
            metrics_token: web.metrics_token,
            ocr_max_pages: web.ocr_max_pages,
            ocr_page_timeout_secs: web.ocr_page_timeout_secs,
        }
    }
}

/// Hides a URL's password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(redact))
            .field("listen", &self.listen)
            .field("secure_cookies", &self.secure_cookies)
            .field("session_hours", &self.session_hours)
            .field("login_max_failures", &self.login_max_failures)
            .field("login_max_failures_per_address", &self.login_max_failures_per_address)
            .field("login_window_minutes", &self.login_window_minutes)
            .field("log", &self.log)
            .field("task_at_once_days", &self.task_at_once_days)
            .field("extra_holidays", &self.extra_holidays)
            .field("extra_working_days", &self.extra_working_days)
            .field("token_days", &self.token_days)
            .field("heavy_workers", &self.heavy_workers)
            .field("heavy_wait_secs", &self.heavy_wait_secs)
            .field("header_read_timeout_secs", &self.header_read_timeout_secs)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("ocr_max_pages", &self.ocr_max_pages)
            .field("ocr_page_timeout_secs", &self.ocr_page_timeout_secs)
            .finish()
    }
}

/// Environment prefix.
const PREFIX: &str = "BINHDANG_";

impl Config {
    /// Loads the configuration from an optional file and the given environment.
    pub fn load(file: Option<&Path>, env: impl IntoIterator<Item = (String, String)>) -> anyhow::Result<Self> {
        let mut table = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("không đọc được tệp cấu hình {}", path.display()))?;
                text.parse::<toml::Table>()
                    .with_context(|| format!("tệp cấu hình {} không đúng cú pháp TOML", path.display()))?
            }
            None => toml::Table::new(),
        };
        for (name, value) in env {
            let Some(key) = name.strip_prefix(PREFIX) else {
                continue;
            };
            let key = key.to_ascii_lowercase();
            // A value that parses as TOML keeps its type (numbers, booleans); anything else is text.
            let parsed = format!("v = {value}").parse::<toml::Table>().ok().and_then(|mut t| t.remove("v"));
            table.insert(key, parsed.unwrap_or(toml::Value::String(value)));
        }
        let config = Self::deserialize(table).map_err(|e| {
            anyhow::anyhow!("cấu hình không hợp lệ: {e}(khóa lấy từ tệp cấu hình hoặc biến môi trường {PREFIX}*; xem `binhdang config`)")
        })?;
        if config.session_hours <= 0 || config.login_max_failures <= 0 || config.login_window_minutes <= 0 {
            bail!("cấu hình không hợp lệ: session_hours, login_max_failures và login_window_minutes phải lớn hơn 0");
        }
        if config.task_at_once_days == 0 || config.task_at_once_days > 60 {
            bail!("cấu hình không hợp lệ: task_at_once_days phải từ 1 đến 60");
        }
        if !(1..=3650).contains(&config.token_days) {
            bail!("cấu hình không hợp lệ: token_days phải từ 1 đến 3650");
        }
        if config.header_read_timeout_secs == 0 || config.request_timeout_secs == 0 || config.heavy_wait_secs == 0 {
            bail!(
                "cấu hình không hợp lệ: header_read_timeout_secs, request_timeout_secs và heavy_wait_secs phải lớn hơn 0"
            );
        }
        if !(1..=100).contains(&config.ocr_max_pages) || !(1..=600).contains(&config.ocr_page_timeout_secs) {
            bail!("cấu hình không hợp lệ: ocr_max_pages phải từ 1 đến 100 và ocr_page_timeout_secs từ 1 đến 600");
        }
        if config.metrics_token.as_deref().is_some_and(|t| t.len() < 16) {
            bail!("cấu hình không hợp lệ: metrics_token phải dài ít nhất 16 ký tự");
        }
        Ok(config)
    }

    /// The database URL in effect.
    #[must_use]
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}/binhdang.db", self.data_dir.display()))
    }

    /// The web layer's settings.
    #[must_use]
    pub fn web_settings(&self) -> binhdang_web::Settings {
        binhdang_web::Settings {
            secure_cookies: self.secure_cookies,
            session_hours: self.session_hours,
            login_max_failures: self.login_max_failures,
            login_max_failures_per_address: self.login_max_failures_per_address,
            login_window_minutes: self.login_window_minutes,
            task_at_once_days: self.task_at_once_days,
            token_days: self.token_days,
            heavy_workers: self.heavy_workers,
            heavy_wait_secs: self.heavy_wait_secs,
            header_read_timeout_secs: self.header_read_timeout_secs,
            request_timeout_secs: self.request_timeout_secs,
            metrics_token: self.metrics_token.clone(),
            ocr_max_pages: self.ocr_max_pages,
            ocr_page_timeout_secs: self.ocr_page_timeout_secs,
            calendar: self.extra_working_days.iter().fold(
                self.extra_holidays.iter().fold(vanban::date::Calendar::new(), |c, d| c.with_extra_holiday(*d)),
                |c, d| c.with_extra_working_day(*d),
            ),
        }
    }
}

/// An example configuration with a comment for every key.
pub const EXAMPLE: &str = r#"# binhdang configuration (TOML). Every key can also be set in the environment as
# BINHDANG_<KEY in capitals>, e.g. BINHDANG_LISTEN=0.0.0.0:8080, which wins over this file.
# Unknown keys are refused.

# Folder for the SQLite database (binhdang.db) when database_url is not set.
data_dir = "data"

# Database: sqlite://path/to/file.db (embedded, the default) or
# postgres://user:password@host:5432/database for several servers on one PostgreSQL.
# database_url = "postgres://binhdang:secret@localhost/binhdang"

# Address and port to listen on.
listen = "127.0.0.1:8080"

# Mark cookies Secure; set to true when the server is reached over HTTPS.
secure_cookies = false

# How many hours a login lasts.
session_hours = 12

# After this many failed logins for one user name within login_window_minutes,
# further logins for that name are refused until the window passes.
login_max_failures = 5

# The same for one client address (all user names together).
login_max_failures_per_address = 50

# The throttling window, in minutes.
login_window_minutes = 15

# Log filter: error, warn, info, debug, or per module (binhdang_web=debug,info).
log = "info"

# A task whose deadline is "ngay" (at once) is due after this many working days.
task_at_once_days = 5

# The working-day calendar counts weekends and the statutory holidays (Tết and Hùng Kings' day
# from the lunar calendar) as days off. Add the government's yearly adjustments here:
# extra days off, and Saturdays worked in exchange. In the environment: a TOML array,
# BINHDANG_EXTRA_HOLIDAYS='["2025-05-02"]'.
extra_holidays = []     # quoted dates, e.g. ["2025-05-02"]
extra_working_days = []

# How many days an API token lasts. Changing or resetting a password revokes the user's tokens.
token_days = 90

# Uploaded files (letters as .pdf/.docx, workbooks) are read on worker threads, this many at
# once (0: one per processor core but one, so that a core stays free for every other request;
# at least one); a request waits up to heavy_wait_secs for a free worker,
# then is asked to retry (503).
heavy_workers = 0
heavy_wait_secs = 20

# Seconds a client has to send the headers of a request (idle kept-alive connections are
# closed after the same time), and seconds a whole request may take, its body included.
header_read_timeout_secs = 15
request_timeout_secs = 120

# Letters that arrive as scans (a PDF without text, a .jpg or .png photo) are read by optical
# character recognition with Tesseract (Debian packages tesseract-ocr, tesseract-ocr-vie and
# poppler-utils; without them such files are refused with a message saying so). At most
# ocr_max_pages pages are read, each within ocr_page_timeout_secs seconds (the program is
# stopped past it); one page takes about 3 seconds of one core.
ocr_max_pages = 5
ocr_page_timeout_secs = 30

# Prometheus metrics at /metrics require "Authorization: Bearer <metrics_token>" (at least 16
# characters). Without a token /metrics is not served.
# metrics_token = "a-long-random-secret"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn the_example_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("binhdang.toml");
        std::fs::write(&path, EXAMPLE).unwrap();
        assert_eq!(Config::load(Some(&path), env(&[])).unwrap(), Config::default());
    }

    #[test]
    fn environment_overrides_file_and_keeps_types() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "listen = \"0.0.0.0:9000\"\nsession_hours = 4\n").unwrap();
        let c = Config::load(
            Some(&path),
            env(&[("BINHDANG_SESSION_HOURS", "8"), ("BINHDANG_SECURE_COOKIES", "true"), ("PATH", "/bin")]),
        )
        .unwrap();
        assert_eq!(c.listen, "0.0.0.0:9000");
        assert_eq!(c.session_hours, 8);
        assert!(c.secure_cookies);
        assert_eq!(c.database_url(), "sqlite://data/binhdang.db");
    }

    #[test]
    fn unknown_keys_are_refused_from_file_and_environment() {
        let err = Config::load(None, env(&[("BINHDANG_LISTN", "x")])).unwrap_err().to_string();
        assert!(err.contains("listn"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "databse_url = \"x\"\n").unwrap();
        let err = Config::load(Some(&path), env(&[])).unwrap_err().to_string();
        assert!(err.contains("databse_url"), "{err}");
    }

    #[test]
    fn debug_hides_the_database_password() {
        let c = Config { database_url: Some("postgres://bd:secret@db/bd".into()), ..Config::default() };
        let shown = format!("{c:?}");
        assert!(!shown.contains("secret") && shown.contains("bd:***@db"), "{shown}");
    }
}
