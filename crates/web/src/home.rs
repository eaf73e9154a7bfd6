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
    /// The counts to show (none: read them), and whether this request took the refresher's
    /// turn (it then releases it through [`Refreshing`]).
    fn get(&self, day: chrono::NaiveDate) -> (Option<Counts>, bool) {
        let Ok(guard) = self.entry.lock() else { return (None, false) };
        match guard.as_ref().filter(|(d, _, _)| *d == day) {
            Some((_, at, counts)) if at.elapsed() < FRESH => (Some(counts.clone()), false),
            Some((_, _, counts)) => {
                let mine = !self.refreshing.swap(true, Ordering::AcqRel);
                (if mine { None } else { Some(counts.clone()) }, mine)
            }
            None => (None, false),
        }
    }

    fn put(&self, day: chrono::NaiveDate, counts: &Counts) {
        if let Ok(mut guard) = self.entry.lock() {
            *guard = Some((day, Instant::now(), counts.clone()));
        }
    }
}

/// Held by the request that reads the counts again; lets the next one try when it is dropped,
/// also when the request is cancelled half-way (a client that goes away must not leave the
/// stale counts in place for the rest of the day).
struct Refreshing<'a>(&'a CountsCache);

impl Drop for Refreshing<'_> {
    fn drop(&mut self) {
        self.0.refreshing.store(false, Ordering::Release);
    }
}

/// `GET /`.
pub async fn show(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let today = state.clock.today();
    let counts = match state.unit_counts.get(today) {
        (Some(c), _) => c,
        (None, mine) => {
            let _refreshing = mine.then(|| Refreshing(&state.unit_counts));
            let counts = state.store.count_by_kind(today).await?;
            state.unit_counts.put(today, &counts);
            counts
        }
    };
    let agency = match &page.user {
        Some(u) => Some(state.store.unit(u.agency_id).await?.name),
        None => None,
    };
    let counts = counts.into_iter().map(|(k, n)| (page.kind_label(k), vn_int(n))).collect();
    Ok(Html(Home { today: binhdang_core::units::vn_date(today), counts, agency, page }.render()?))
}

#[cfg(test)]
mod tests {
    use binhdang_core::units::UnitKind;

    use super::*;

    fn day(d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn stale_counts_are_read_again_by_one_request_at_a_time() {
        let cache = CountsCache::default();
        assert_eq!(cache.get(day(27)), (None, false), "nothing kept yet: read");
        let counts = vec![(UnitKind::Province, 34)];
        cache.put(day(27), &counts);
        assert_eq!(cache.get(day(27)), (Some(counts.clone()), false), "fresh: reused");
        assert_eq!(cache.get(day(28)), (None, false), "another day: read");

        cache.entry.lock().unwrap().as_mut().unwrap().1 -= FRESH;
        let (first, mine) = cache.get(day(27));
        assert_eq!((first, mine), (None, true), "stale: the first request reads");
        let turn = Refreshing(&cache);
        assert_eq!(cache.get(day(27)), (Some(counts.clone()), false), "the others answer stale");
        drop(turn); // the reader went away without putting anything
        assert_eq!(cache.get(day(27)), (None, true), "the turn passes on");
    }
}
