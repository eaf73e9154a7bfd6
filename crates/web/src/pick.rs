//! Pickers: `GET /pick/{kind}` answers the choices matching what was typed as a list for the
//! form's widget (`app.js`), `GET /api/v1/pick/{kind}` the same choices as JSON. What matches, as
//! of which date and within whose scope is decided in `binhdang_app::pick`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};

use binhdang_app::pick::{Choice, Kind, Purpose, Question, pick};
use binhdang_core::units::vn_date;

use crate::AppState;
use crate::auth::{ApiUser, CurrentUser};
use crate::error::{ApiResult, PageResult};
use crate::extract::Json;
use crate::page::Page;

/// What a picker is asked.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PickQuery {
    /// What was typed: words of a name (diacritics optional) or a code or number; at most 200
    /// characters and 12 words.
    #[serde(default)]
    #[param(max_length = 200)]
    q: String,
    /// The record's date (YYYY-MM-DD or dd/mm/yyyy; today by default).
    as_of: Option<String>,
    /// `read` for a list's filter (what the caller may read); a form's field otherwise (what the
    /// caller may write for).
    #[serde(rename = "for")]
    #[param(rename = "for", pattern = "^(read|write)$")]
    purpose: Option<String>,
    /// Only this plan's items (`plan_item`).
    plan: Option<i64>,
    /// How many at most (10 by default, 30 at most).
    #[param(minimum = 1, maximum = 30)]
    limit: Option<u32>,
}

impl PickQuery {
    fn question(self) -> Question {
        let purpose = if self.purpose.as_deref() == Some("read") { Purpose::Read } else { Purpose::Write };
        Question { q: self.q, as_of: self.as_of, purpose, plan: self.plan, limit: self.limit }
    }
}

/// One choice as the list shows it.
pub struct Shown {
    value: String,
    name: String,
    /// The code (units, indicators) or the number (tasks, plan items), as a hint.
    code: String,
    context: String,
    deadline: String,
}

#[derive(Template)]
#[template(path = "pick/list.html")]
struct List {
    page: Page,
    choices: Vec<Shown>,
}

/// `GET /pick/{kind}?q=&as_of=&for=&plan=&limit=`: the choices, as a list the widget shows.
pub async fn choices(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    page: Page,
    Path(kind): Path<String>,
    Query(query): Query<PickQuery>,
) -> PageResult<Response> {
    let kind: Kind = kind.parse()?;
    let found = pick(&state, &user, kind, &query.question()).await?;
    let numbered = matches!(kind, Kind::Task | Kind::PlanItem);
    let choices = found
        .into_iter()
        .map(|c| Shown {
            code: if numbered { format!("{} {}", page.t.number_abbr, c.value) } else { c.value.clone() },
            name: match (page.lang, c.name_en) {
                (crate::i18n::Lang::En, Some(en)) if !en.is_empty() => en,
                _ => c.name,
            },
            context: c.context.unwrap_or_default(),
            deadline: c.deadline.map(vn_date).unwrap_or_default(),
            value: c.value,
        })
        .collect();
    Ok(Html(List { page, choices }.render()?).into_response())
}

/// The answer of the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChoiceList {
    /// The choices, best matches first.
    items: Vec<Choice>,
}

/// The choices of a form field matching what was typed: agencies, areas, tasks, plan items or
/// indicators, as of the record's date, limited to what the caller may use.
#[utoipa::path(get, path = "/api/v1/pick/{kind}", tag = "units",
    params(("kind" = String, Path, description = "agency, area, task, plan_item or indicator",
        pattern = "^(agency|area|task|plan_item|indicator)$"), PickQuery),
    responses((status = 200, description = "The choices", body = ChoiceList), crate::openapi::ReadRefusals))]
pub async fn api_choices(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    crate::extract::Path(kind): crate::extract::Path<String>,
    crate::extract::Query(query): crate::extract::Query<PickQuery>,
) -> ApiResult<ChoiceList> {
    let kind: Kind = kind.parse()?;
    Ok(Json(ChoiceList { items: pick(&state, &user, kind, &query.question()).await? }))
}
