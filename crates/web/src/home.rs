//! The home page: who you are and the registry as of today.

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

/// `GET /`.
pub async fn show(State(state): State<AppState>, page: Page) -> PageResult<Html<String>> {
    let today = state.clock.today();
    let counts = state.store.count_by_kind(today).await?;
    let agency = match &page.user {
        Some(u) => Some(state.store.unit(u.agency_id).await?.name),
        None => None,
    };
    let counts = counts.into_iter().map(|(k, n)| (page.kind_label(k), vn_int(n))).collect();
    Ok(Html(Home { today: binhdang_core::units::vn_date(today), counts, agency, page }.render()?))
}
