//! The test harness: `TestApp` starts the real router on port 0 over a fresh database that
//! already holds the full registry and the test accounts. The registry is loaded once per test
//! process into a template (a `SQLite` file, or a `PostgreSQL` template database) and copied for each
//! test, so every test starts from the same state in milliseconds.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};

use binhdang_core::users::Role;
use binhdang_core::{Clock, FixedClock};
use binhdang_store::testing::{create_postgres_database, postgres_url, unique_name};
use binhdang_store::{Actor, Backend, Store};
use binhdang_web::{AppState, Settings};

/// The token `/metrics` asks for in the tests.
pub const METRICS_TOKEN: &str = "metrics-token-for-the-tests";

/// The password of every test account.
pub const PASSWORD: &str = "binhdang-demo";

/// Test accounts: the demo ones plus a few to test scopes.
pub const EXTRA_ACCOUNTS: &[(&str, &str, &str, Role)] = &[
    ("hanoi.snv", "Cán bộ Hà Nội", "01-SNV", Role::Officer),
    ("angiang.admin", "Quản trị An Giang", "91-SNV", Role::Admin),
    ("angiang.xem", "Xem An Giang", "91-SNV", Role::Viewer),
    ("angiang.syt", "Cán bộ Sở Y tế An Giang", "91-SYT", Role::Officer),
];

/// The fixed "now" of every test: 15/03/2026, 09:00 in Vietnam.
pub fn clock() -> FixedClock {
    FixedClock(Utc.with_ymd_and_hms(2026, 3, 15, 2, 0, 0).single().expect("valid instant"))
}

/// Whether the `PostgreSQL` half runs (else it is skipped, unless `BD_TEST_REQUIRE_POSTGRES=1`).
pub fn postgres_available() -> bool {
    postgres_url().is_some()
}

/// Loads the registry and accounts of `binhdang demo` (not its letters), plus the extra test
/// accounts.
async fn seed(store: &Store) {
    let clock = clock();
    store.migrate(clock.now()).await.expect("migrate");
    binhdang::demo::load_reference(store, &clock).await.expect("demo data");
    let actor = Actor { user: None, at: clock.now() };
    let hash = binhdang_core::passwords::hash(PASSWORD);
    for (username, name, agency, role) in EXTRA_ACCOUNTS {
        let agency = store.unit_by_code(agency, clock.today()).await.expect("query").expect("agency exists");
        store.create_user(username, name, agency.id, *role, &hash, actor).await.expect("create user");
    }
}

/// Runs the future `make` builds to completion on a thread and runtime of its own (one-time
/// setup shared by tests that each run on their own runtime).
fn block_on_own_runtime<T, F, Fut>(make: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T>,
{
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(make())
    })
    .join()
    .expect("setup thread")
}

static SQLITE_TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
static POSTGRES_TEMPLATE: OnceLock<String> = OnceLock::new();

fn sqlite_template() -> &'static Path {
    &SQLITE_TEMPLATE
        .get_or_init(|| {
            block_on_own_runtime(|| async {
                let dir = tempfile::tempdir().expect("tempdir");
                let store =
                    Store::connect(&format!("sqlite://{}/seed.db", dir.path().display())).await.expect("connect");
                seed(&store).await;
                // A self-contained file: closing does not promise the WAL is folded back in yet.
                let path = dir.path().join("template.db");
                store.backup_sqlite(&path).await.expect("copy the seeded database");
                store.close().await;
                (dir, path)
            })
        })
        .1
}

fn postgres_template() -> &'static str {
    POSTGRES_TEMPLATE.get_or_init(|| {
        block_on_own_runtime(|| async {
            let name = unique_name("bd_tpl");
            let store = create_postgres_database(&name, None).await;
            seed(&store).await;
            store.close().await;
            name
        })
    })
}

/// A fresh database holding the registry and accounts.
pub struct TestDb {
    /// The store.
    pub store: Store,
    /// Its URL (to reconnect, as after a restart).
    pub url: String,
    dir: Option<Arc<tempfile::TempDir>>,
}

impl TestDb {
    /// An existing database (a restored backup, say); the caller keeps its folder.
    pub async fn open(url: &str) -> Self {
        let store = Store::connect(url).await.expect("connect");
        Self { store, url: url.to_owned(), dir: None }
    }

    /// A copy of the template on `backend`.
    pub async fn seeded(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let template = tokio::task::block_in_place(sqlite_template);
                let dir = tempfile::tempdir().expect("tempdir");
                let path = dir.path().join("test.db");
                std::fs::copy(template, &path).expect("copy template");
                let url = format!("sqlite://{}", path.display());
                let store = Store::connect(&url).await.expect("connect");
                Self { store, url, dir: Some(Arc::new(dir)) }
            }
            Backend::Postgres => {
                let template = tokio::task::block_in_place(postgres_template);
                let name = unique_name("bd_test");
                let store = create_postgres_database(&name, Some(template)).await;
                let admin = postgres_url().expect("postgres");
                let (base, _) = admin.rsplit_once('/').expect("db name");
                Self { store, url: format!("{base}/{name}"), dir: None }
            }
        }
    }
}

/// The real application on a port of its own.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The database.
    pub db: TestDb,
    /// A client that does not follow redirects.
    pub client: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Test settings: the defaults, with a short header timeout so that its test is quick.
pub fn settings() -> Settings {
    Settings { header_read_timeout_secs: 2, metrics_token: Some(METRICS_TOKEN.to_owned()), ..Settings::default() }
}

impl TestApp {
    /// Starts the application over a fresh seeded database.
    pub async fn new(backend: Backend) -> Self {
        Self::with_db(TestDb::seeded(backend).await).await
    }

    /// Starts the application over a given database (for restarts).
    pub async fn with_db(db: TestDb) -> Self {
        let state = AppState::new(db.store.clone(), Arc::new(clock()), settings());
        let app = binhdang_web::router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let header_timeout = std::time::Duration::from_secs(settings().header_read_timeout_secs);
        let server = tokio::spawn(async move {
            binhdang_web::serve(listener, app, header_timeout, std::future::pending()).await.expect("serve");
        });
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        Self { base: format!("http://{addr}"), db, client, server }
    }

    /// Stops this server and starts a new one on the same database, with a new connection pool,
    /// as a restart of the process would.
    pub async fn restart(self) -> Self {
        self.server.abort();
        let store = Store::connect(&self.db.url).await.expect("reconnect");
        let db = TestDb { store, url: self.db.url.clone(), dir: self.db.dir.clone() };
        self.db.store.close().await;
        drop(self);
        Self::with_db(db).await
    }

    /// An absolute URL.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET` without credentials.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// `GET` JSON without credentials, asserting the status.
    pub async fn get_json(&self, path: &str, status: StatusCode) -> serde_json::Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), status, "GET {path}");
        r.json().await.expect("JSON body")
    }

    /// An API token for a test account.
    pub async fn token(&self, username: &str) -> String {
        self.token_for(username, PASSWORD).await.unwrap_or_else(|| panic!("no token for {username}"))
    }

    /// An API token for a name and password; `None` when the server refuses them.
    pub async fn token_for(&self, username: &str, password: &str) -> Option<String> {
        let r = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .expect("request");
        let status = r.status();
        let body: serde_json::Value = r.json().await.expect("JSON");
        (status == StatusCode::OK).then(|| body["token"].as_str().expect("token").to_owned())
    }

    /// A request with a bearer token.
    pub fn api(&self, method: reqwest::Method, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path)).bearer_auth(token)
    }

    /// A browser without a session: just the CSRF cookie from the login page.
    pub async fn browser(&self) -> Browser<'_> {
        let r = self.get("/login").await;
        assert_eq!(r.status(), StatusCode::OK);
        let mut b = Browser { app: self, cookies: Vec::new() };
        b.absorb(&r);
        b
    }

    /// A browser logged in as a test account.
    pub async fn login(&self, username: &str) -> Browser<'_> {
        let mut b = self.browser().await;
        let r = b.post_form("/login", &[("username", username), ("password", PASSWORD)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login as {username}");
        b
    }
}

/// Sends an API request with a bearer token and an optional JSON body; returns the status and
/// the JSON answer (the text as a JSON string when the answer is not JSON).
pub async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut r = app.api(method, path, token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.expect("request");
    let status = r.status();
    let text = r.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
}

/// A cookie-carrying client, like a browser.
pub struct Browser<'a> {
    app: &'a TestApp,
    cookies: Vec<(String, String)>,
}

impl Browser<'_> {
    /// Keeps the cookies a response sets (and drops deleted ones).
    pub fn absorb(&mut self, r: &reqwest::Response) {
        for v in r.headers().get_all(SET_COOKIE) {
            let text = v.to_str().expect("ASCII cookie");
            let first = text.split(';').next().expect("pair");
            let (name, value) = first.split_once('=').expect("name=value");
            self.cookies.retain(|(n, _)| n != name);
            if !text.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    /// A cookie's value.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The `Cookie` header this browser sends.
    pub fn cookie_header_value(&self) -> String {
        self.cookie_header()
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// `GET` with the cookies.
    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        let r =
            self.app.client.get(self.app.url(path)).header(COOKIE, self.cookie_header()).send().await.expect("request");
        self.absorb(&r);
        r
    }

    /// `GET`, asserting 200, returning the page.
    pub async fn page(&mut self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.text().await.expect("body")
    }

    /// `POST` a form with the CSRF token added.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.cookie("bd_csrf").expect("CSRF cookie").to_owned();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("_csrf", &csrf));
        self.post_form_raw(path, &all).await
    }

    /// `POST` a form exactly as given (no CSRF token added).
    pub async fn post_form_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let r = self
            .app
            .client
            .post(self.app.url(path))
            .header(COOKIE, self.cookie_header())
            .form(fields)
            .send()
            .await
            .expect("request");
        self.absorb(&r);
        r
    }
}

/// Generates one test per backend for each named `async fn name(backend: Backend)`.
/// The `PostgreSQL` half is skipped when no server is configured (and fails if one is required).
macro_rules! on_both_backends {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {
        mod sqlite {
            $(
                $(#[$attr])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(binhdang_store::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                $(#[$attr])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if !crate::support::postgres_available() {
                        eprintln!("skipped: no PostgreSQL (set BD_TEST_POSTGRES_URL)");
                        return;
                    }
                    super::$name(binhdang_store::Backend::Postgres).await;
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;
