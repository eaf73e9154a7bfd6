//! `binhdang-web`: the web interface (server-rendered Vietnamese pages with htmx) and the JSON API
//! under `/api/v1`. Handlers are thin: parse the input, call the domain and the store, render.
//! Every route is listed in [`routes`].
#![deny(missing_docs)]

pub mod account;
pub mod activities;
pub mod analytics;
pub mod assets;
pub mod auth;
pub mod dashboard;
pub mod difficulties;
pub mod documents;
pub mod error;
pub mod exchange;
pub mod extract;
pub mod health;
pub mod home;
pub mod i18n;
pub mod indicators;
pub mod metrics;
pub mod openapi;
pub mod page;
pub mod pick;
pub mod plans;
pub mod public;
pub mod reports;
pub mod routes;
pub mod security;
pub mod serve;
pub mod tasks;
pub mod units;
pub mod uploads;
pub mod users;
pub mod yearly;

use std::sync::Arc;

use binhdang_core::Clock;
use binhdang_store::Store;

pub use routes::router;
pub use serve::serve;

/// Settings of the web layer, from the server's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// How long a login lasts.
    pub session_hours: i64,
    /// Failed logins per user name within the window before logins are refused.
    pub login_max_failures: i64,
    /// Failed logins per client address within the window before logins are refused.
    pub login_max_failures_per_address: i64,
    /// The throttling window.
    pub login_window_minutes: i64,
    /// Working days meant by a deadline of "ngay" (at once).
    pub task_at_once_days: u32,
    /// The working-day calendar, with the year's adjustments.
    pub calendar: vanban::date::Calendar,
    /// Days an API token lasts from its creation.
    pub token_days: i64,
    /// Files read (or exports made) at once, each on a blocking thread; 0: one per core but one
    /// (at least one).
    pub heavy_workers: usize,
    /// Seconds a request waits for a free worker before a 503.
    pub heavy_wait_secs: u64,
    /// Seconds a client has to send a request's headers (also closes idle kept-alive
    /// connections).
    pub header_read_timeout_secs: u64,
    /// Seconds a whole request may take, reading its body included.
    pub request_timeout_secs: u64,
    /// Bearer token that `/metrics` requires; without one `/metrics` is not served.
    pub metrics_token: Option<String>,
    /// Pages of a scanned letter read by OCR at most.
    pub ocr_max_pages: usize,
    /// Seconds one page of a scan may take (rasterising and OCR); past it the program is killed.
    pub ocr_page_timeout_secs: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_hours: 12,
            login_max_failures: 5,
            login_max_failures_per_address: 50,
            login_window_minutes: 15,
            task_at_once_days: 5,
            calendar: vanban::date::Calendar::new(),
            token_days: 90,
            heavy_workers: 0,
            heavy_wait_secs: 20,
            header_read_timeout_secs: 15,
            request_timeout_secs: 120,
            metrics_token: None,
            ocr_max_pages: binhdang_office::ocr::MAX_OCR_PAGES,
            ocr_page_timeout_secs: binhdang_office::ocr::MAX_OCR_PAGE_TIME.as_secs(),
        }
    }
}

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts.
#[derive(Debug)]
pub struct Inner {
    /// The use cases' services: the database, the clock and their settings (`state.store`,
    /// `state.clock` reach them through `Deref`).
    pub services: binhdang_app::Services,
    /// Settings.
    pub settings: Settings,
    /// Request metrics.
    pub metrics: metrics::Metrics,
    /// A hash to verify against when the user name is unknown, so that the time a failed login
    /// takes does not tell whether the name exists.
    pub dummy_hash: String,
    /// The registry's counts of the day, reused for up to a second (see `home`).
    pub unit_counts: home::CountsCache,
    /// Workers for CPU-heavy work (see [`uploads::heavy`]).
    pub heavy: tokio::sync::Semaphore,
}

impl AppState {
    /// Builds the state.
    #[must_use]
    pub fn new(store: Store, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        let app_settings = binhdang_app::Settings {
            task_at_once_days: settings.task_at_once_days,
            calendar: settings.calendar.clone(),
        };
        Self(Arc::new(Inner {
            services: binhdang_app::Services::new(store, clock, app_settings),
            metrics: metrics::Metrics::default(),
            dummy_hash: binhdang_core::passwords::hash("binhdang-dummy-password"),
            unit_counts: home::CountsCache::default(),
            heavy: tokio::sync::Semaphore::new(match settings.heavy_workers {
                // One core stays free for the executor that answers everyone else.
                0 => std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1)),
                n => n,
            }),
            settings,
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl std::ops::Deref for Inner {
    type Target = binhdang_app::Services;

    fn deref(&self) -> &binhdang_app::Services {
        &self.services
    }
}
