//! The home page: who you are and the registry as of today. The counts of the registry scan
//! every unit, so each server keeps them for at most a second: a change made anywhere is on
//! every home page within a second, and a busy server runs the count once a second, not once a
//! request.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::AppState;
use crate::error::PageResult;
use crate::page::{Page, vn_int};

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    page: Page,
    today: String,
    counts: Vec<(&'static str, String)>,
    agency: Option<String>,
}

type Counts = Vec<(binhdang_core::units::UnitKind, i64)>;

/// The counts of a day and when they were read. When they are stale, one request reads them
/// again while the others keep answering with the stale ones, so expiry does not send every
/// waiting request to the database at once.
#[derive(Debug, Default)]
pub struct CountsCache {
    entry: Mutex<Option<(chrono::NaiveDate, Instant, Counts)>>,
    refreshing: AtomicBool,
}

/// How long counts are reused.
const FRESH: Duration = Duration::from_secs(1);

impl CountsCache {
    /// The counts to show, and whether this request should read them again.
    fn get(&self, day: chrono::NaiveDate) -> (Option<Counts>, bool) {
        let Ok(guard) = self.entry.lock() else { return (None, true) };
        match guard.as_ref().filter(|(d, _, _)| *d == day) {
            Some((_, at, counts)) if at.elapsed() < FRESH => (Some(counts.clone()), false),
            Some((_, _, counts)) => {
                let mine = !self.refreshing.swap(true, Ordering::AcqRel);
                (if mine { None } else { Some(counts.clone()) }, mine)
            }
            None => (None, true),
        }
    }

    fn put(&self, day: chrono::NaiveDate, counts: Option<&Counts>) {
        if let (Ok(mut guard), Some(counts)) = (self.entry.lock(), counts) {
            *guard = Some((day, Instant::now(), counts.clone()));
        }
        self.refreshing.store(false, Ordering::Release);
    }
}

/// `GET /`.
pub async fn show(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let today = state.clock.today();
    let counts = match state.unit_counts.get(today) {
        (Some(c), _) => c,
        (None, _) => {
            let read = state.store.count_by_kind(today).await;
            state.unit_counts.put(today, read.as_ref().ok());
            read?
        }
    };
    let agency = match &page.user {
        Some(u) => Some(state.store.unit(u.agency_id).await?.name),
        None => None,
    };
    let counts = counts.into_iter().map(|(k, n)| (page.kind_label(k), vn_int(n))).collect();
    Ok(Html(Home { today: binhdang_core::units::vn_date(today), counts, agency, page }.render()?))
}
