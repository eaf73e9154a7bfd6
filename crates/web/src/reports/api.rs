//! `/api/v1/forms`, `/api/v1/reports`, `/api/v1/completeness`, `/api/v1/obligations`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use binhdang_core::reporting::{self, Completeness, FORMS, Obligation, Step};
use binhdang_core::units::{UnitKind, parse_date};

use super::{EntryInput, ReportView, Row, Target, overview, target};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};

/// An element as the form lists it.
#[derive(Debug, Serialize)]
pub struct ElementJson {
    code: &'static str,
    name: &'static str,
    name_en: &'static str,
    value_type: reporting::ValueType,
    aggregation: reporting::Aggregation,
    category_combo: &'static str,
    options: Vec<reporting::OptionCombo>,
}

/// A section of a form.
#[derive(Debug, Serialize)]
pub struct SectionJson {
    name: &'static str,
    name_en: &'static str,
    elements: Vec<&'static str>,
}

/// A form with its periods' dates.
#[derive(Debug, Serialize)]
pub struct FormJson {
    code: &'static str,
    name: &'static str,
    name_en: &'static str,
    period_type: reporting::PeriodType,
    regime: reporting::Regime,
    /// The dates of the periods of the year asked (default: this year).
    periods: Vec<PeriodJson>,
    /// Working days after the period's end by which each level sends.
    deadlines: Vec<DeadlineJson>,
    sections: Vec<SectionJson>,
    elements: Vec<ElementJson>,
    rules: Vec<&'static str>,
}

/// A period and its dates.
#[derive(Debug, Serialize)]
pub struct PeriodJson {
    code: String,
    name: String,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
}

/// A level's deadline.
#[derive(Debug, Serialize)]
pub struct DeadlineJson {
    level: UnitKind,
    working_days: u32,
}

/// Query of the forms.
#[derive(Debug, Default, Deserialize)]
pub struct FormsQuery {
    year: Option<i32>,
}

/// The periods of a form in a year.
#[must_use]
pub fn periods_of(form: &reporting::Form, year: i32) -> Vec<reporting::Period> {
    use reporting::{Period, PeriodType};
    let n = match form.period_type {
        PeriodType::Year | PeriodType::NineMonths => 1,
        PeriodType::HalfYear => 2,
        PeriodType::Quarter => 4,
        PeriodType::Month => 12,
    };
    (1..=n).map(|index| Period { year, kind: form.period_type, index }).collect()
}

/// `GET /api/v1/forms?year=`: every form with its sections, elements (value type, aggregation,
/// option combinations), rules, deadlines and the dates of the year's periods.
pub async fn forms(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    Query(q): Query<FormsQuery>,
) -> ApiResult<serde_json::Value> {
    use chrono::Datelike;
    let year = q.year.unwrap_or_else(|| state.clock.today().year());
    if !reporting::YEARS.contains(&year) {
        return Err(binhdang_core::Error::invalid("year", "năm phải từ 2000 đến 2100").into());
    }
    let items: Vec<FormJson> = FORMS
        .iter()
        .map(|f| FormJson {
            code: f.code,
            name: f.name_vi,
            name_en: f.name_en,
            period_type: f.period_type,
            regime: f.regime,
            periods: periods_of(f, year)
                .into_iter()
                .map(|p| {
                    let (start, end) = p.dates(f.regime);
                    PeriodJson { code: p.code(), name: p.label_vi(), start, end }
                })
                .collect(),
            deadlines: f
                .deadlines
                .iter()
                .map(|(level, days)| DeadlineJson { level: *level, working_days: *days })
                .collect(),
            sections: f
                .sections
                .iter()
                .map(|s| SectionJson { name: s.title_vi, name_en: s.title_en, elements: s.elements.to_vec() })
                .collect(),
            elements: f
                .elements()
                .map(|e| ElementJson {
                    code: e.code,
                    name: e.name_vi,
                    name_en: e.name_en,
                    value_type: e.value_type,
                    aggregation: e.aggregation,
                    category_combo: e.combo.code,
                    options: e.combo.option_combos(),
                })
                .collect(),
            rules: f.rules.iter().map(|r| r.message).collect(),
        })
        .collect();
    Ok(Json(serde_json::json!({ "items": items })))
}

/// Query naming a form, a period and an area.
#[derive(Debug, Default, Deserialize)]
pub struct OverviewQuery {
    form: String,
    period: String,
    area: String,
    as_of: Option<String>,
}

async fn overview_target(state: &AppState, q: &OverviewQuery) -> Result<(Target, Option<chrono::NaiveDate>), ApiError> {
    let as_of = q.as_of.as_deref().filter(|s| !s.trim().is_empty()).map(|s| parse_date("as_of", s)).transpose()?;
    Ok((target(state, &q.form, &q.period, &q.area, as_of).await?, as_of))
}

/// The obliged areas below an area.
#[derive(Debug, Serialize)]
pub struct OverviewJson {
    items: Vec<Row>,
    completeness: Completeness,
}

/// `GET /api/v1/reports?form=&period=&area=&as_of=`: the obliged areas below the area with
/// their reports' status, and completeness.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<OverviewQuery>,
) -> ApiResult<OverviewJson> {
    let (t, as_of) = overview_target(&state, &q).await?;
    let (items, completeness) = overview(&state, &user, &t, as_of).await?;
    Ok(Json(OverviewJson { items, completeness }))
}

/// Completeness as the API gives it.
#[derive(Debug, Serialize)]
pub struct CompletenessJson {
    expected: usize,
    received: usize,
    on_time: usize,
    rate: f64,
    timeliness: f64,
    late: Vec<String>,
    missing: Vec<String>,
    waived: Vec<String>,
}

/// `GET /api/v1/completeness?form=&period=&area=&as_of=`: reports received ÷ expected by the
/// obligations of the period, on the map of `as_of` (default: the period's last day); the late,
/// missing and waived areas by code.
pub async fn completeness(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<OverviewQuery>,
) -> ApiResult<CompletenessJson> {
    let (t, as_of) = overview_target(&state, &q).await?;
    let (_, c) = overview(&state, &user, &t, as_of).await?;
    let codes: std::collections::HashMap<_, _> =
        state.store.codes_of(&c.late.iter().chain(&c.missing).chain(&c.waived).copied().collect::<Vec<_>>()).await?;
    let by_code = |ids: &[binhdang_core::units::UnitId]| -> Vec<String> {
        let mut v: Vec<String> = ids.iter().filter_map(|i| codes.get(i).cloned()).collect();
        v.sort();
        v
    };
    Ok(Json(CompletenessJson {
        expected: c.expected,
        received: c.received,
        on_time: c.on_time,
        rate: c.rate,
        timeliness: c.timeliness,
        late: by_code(&c.late),
        missing: by_code(&c.missing),
        waived: by_code(&c.waived),
    }))
}

/// `GET /api/v1/reports/{form}/{period}/{unit_code}`: the values with their source, comments,
/// what the activities yield and the approved areas below sum to, and the `version`.
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((form, period, unit)): Path<(String, String, String)>,
) -> ApiResult<ReportView> {
    let t = target(&state, &form, &period, &unit, None).await?;
    Ok(Json(super::open(&state, &user, &t).await?))
}

/// Values sent to a report.
#[derive(Debug, Deserialize)]
pub struct ValuesInput {
    version: i64,
    #[serde(alias = "dataValues")]
    values: Vec<EntryInput>,
}

/// `PUT /api/v1/reports/{form}/{period}/{unit_code}/values`: `{version, values: [{element,
/// option, value, comment, override_reason}]}`; all or nothing (422 naming each bad value, 409
/// on a stale version or a locked report).
pub async fn put_values(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((form, period, unit)): Path<(String, String, String)>,
    Json(input): Json<ValuesInput>,
) -> ApiResult<ReportView> {
    let t = target(&state, &form, &period, &unit, None).await?;
    Ok(Json(super::save(&state, &user, &t, input.version, &input.values).await?))
}

/// A workflow step.
#[derive(Debug, Deserialize)]
pub struct StepInput {
    version: i64,
    #[serde(default)]
    reason: String,
}

/// The step a path names.
pub fn step_of(name: &str) -> Result<Step, binhdang_core::Error> {
    match name {
        "submit" => Ok(Step::Submit),
        "approve" => Ok(Step::Approve),
        "return" => Ok(Step::Return),
        "waive" => Ok(Step::Waive),
        "reopen" => Ok(Step::Reopen),
        other => Err(binhdang_core::Error::NotFound(format!(
            "không có bước \"{other}\" (submit, approve, return, waive, reopen)"
        ))),
    }
}

/// `POST /api/v1/reports/{form}/{period}/{unit_code}/{step}` with `{version, reason}`: submit,
/// approve, return, waive or reopen.
pub async fn take_step(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((form, period, unit, step)): Path<(String, String, String, String)>,
    Json(input): Json<StepInput>,
) -> ApiResult<ReportView> {
    let step = step_of(&step)?;
    let t = target(&state, &form, &period, &unit, None).await?;
    Ok(Json(super::step(&state, &user, &t, step, input.version, &input.reason).await?))
}

/// `GET /api/v1/obligations`.
pub async fn obligations(State(state): State<AppState>, ApiUser(_user): ApiUser) -> ApiResult<serde_json::Value> {
    Ok(Json(serde_json::json!({ "items": state.store.obligations().await? })))
}

/// An obligation to add.
#[derive(Debug, Deserialize)]
pub struct ObligationInput {
    form: String,
    kind: String,
    valid_from: String,
    #[serde(default)]
    valid_to: Option<String>,
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/obligations` (administrators of the catalog).
pub async fn add_obligation(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<ObligationInput>,
) -> Result<(StatusCode, Json<Obligation>), ApiError> {
    let kind: UnitKind = input.kind.parse()?;
    let from = parse_date("valid_from", &input.valid_from)?;
    let to = input.valid_to.as_deref().filter(|s| !s.is_empty()).map(|s| parse_date("valid_to", s)).transpose()?;
    let o = super::add_obligation(&state, &user, &input.form, kind, from, to, &input.note).await?;
    Ok((StatusCode::CREATED, Json(o)))
}

/// Query of completeness everywhere.
#[derive(Debug, Default, Deserialize)]
pub struct EverywhereQuery {
    form: String,
    period: String,
    as_of: Option<String>,
}

/// `GET /api/v1/completeness/areas?form=&period=&as_of=`: completeness of every area in the
/// caller's scope (the nation, provinces, communes…) at once.
pub async fn completeness_areas(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<EverywhereQuery>,
) -> ApiResult<serde_json::Value> {
    let as_of = q.as_of.as_deref().filter(|s| !s.trim().is_empty()).map(|s| parse_date("as_of", s)).transpose()?;
    let items = super::completeness_everywhere(&state, &user, &q.form, &q.period, as_of).await?;
    Ok(Json(serde_json::json!({ "items": items })))
}
