//! `/api/v1/forms`, `/api/v1/reports`, `/api/v1/completeness`, `/api/v1/obligations`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use binhdang_core::reporting::{self, Completeness, FORMS, Obligation, Step};
use binhdang_core::units::{UnitKind, parse_date};

use super::{AreaCompleteness, EntryInput, ReportView, Row, Target, overview, target};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::openapi::{Items, ReadRefusals, WriteRefusals};

/// An element as the form lists it.
#[derive(Debug, Serialize, ToSchema)]
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
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionJson {
    name: &'static str,
    name_en: &'static str,
    elements: Vec<&'static str>,
}

/// A form with its periods' dates.
#[derive(Debug, Serialize, ToSchema)]
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
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodJson {
    code: String,
    name: String,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
}

/// A level's deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineJson {
    level: UnitKind,
    working_days: u32,
}

/// Query of the forms.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormsQuery {
    /// Year whose periods are listed (default: this year).
    #[param(minimum = 2000, maximum = 2100)]
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

/// The reporting forms.
///
/// Sections, data elements (value type, aggregation, option combinations), rules, deadlines per
/// level and the dates of a year's periods.
#[utoipa::path(get, path = "/api/v1/forms", tag = "reports", params(FormsQuery),
    responses((status = 200, description = "The forms", body = Items<FormJson>), ReadRefusals))]
pub async fn forms(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    Query(q): Query<FormsQuery>,
) -> ApiResult<Items<FormJson>> {
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
    Ok(Json(Items { items }))
}

/// Query naming a form, a period and an area.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverviewQuery {
    /// Form code.
    #[param(example = "BDG_NAM")]
    form: String,
    /// Period (2025, 2025S1, 2025Q3, 202503, 2025N9).
    #[param(pattern = "^[0-9]{4}([SQ][1-4]|N9|0[1-9]|1[0-2])?$", example = "2025")]
    period: String,
    /// The area's code, resolved on the period's last day (or on `as_of`).
    #[param(example = "91")]
    area: String,
    /// YYYY-MM-DD: the map's date (default: the period's last day).
    #[param(format = Date)]
    as_of: Option<String>,
}

async fn overview_target(state: &AppState, q: &OverviewQuery) -> Result<(Target, Option<chrono::NaiveDate>), ApiError> {
    let as_of = q.as_of.as_deref().filter(|s| !s.trim().is_empty()).map(|s| parse_date("as_of", s)).transpose()?;
    Ok((target(state, &q.form, &q.period, &q.area, as_of).await?, as_of))
}

/// The obliged areas below an area.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewJson {
    items: Vec<Row>,
    completeness: Completeness,
}

/// The obliged areas below an area with their reports' status, and completeness.
#[utoipa::path(get, path = "/api/v1/reports", tag = "reports", params(OverviewQuery),
    responses((status = 200, description = "The overview", body = OverviewJson), ReadRefusals))]
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
#[derive(Debug, Serialize, ToSchema)]
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

/// Reports received ÷ expected by the obligations valid for the period, on the map of `as_of`.
///
/// The map of `as_of` defaults to the period's last day; the late, missing and waived areas are
/// listed by code.
#[utoipa::path(get, path = "/api/v1/completeness", tag = "reports", params(OverviewQuery),
    responses((status = 200, description = "Completeness", body = CompletenessJson), ReadRefusals))]
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

/// An area's report: values with their source, comments, what the activities yield and the
/// approved areas below sum to, status and version.
#[utoipa::path(get, path = "/api/v1/reports/{form}/{period}/{unit}", tag = "reports", params(("form" = String, Path, description = "Form code", example = "BDG_NAM"),
        ("period" = String, Path, description = "Period, named as DHIS2 names it (nine months: 2025N9)", pattern = "^[0-9]{4}([SQ][1-4]|N9|0[1-9]|1[0-2])?$", example = "2025"),
        ("unit" = String, Path, description = "The reporting area's code, resolved on the period's last day", example = "91")),
    responses((status = 200, description = "The report", body = ReportView), ReadRefusals))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((form, period, unit)): Path<(String, String, String)>,
) -> ApiResult<ReportView> {
    let t = target(&state, &form, &period, &unit, None).await?;
    Ok(Json(super::open(&state, &user, &t).await?))
}

/// Values sent to a report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ValuesInput {
    /// The version read.
    version: i64,
    /// The values (also read as `dataValues`).
    #[serde(alias = "dataValues")]
    #[schema(max_items = 5000)]
    values: Vec<EntryInput>,
}

/// Save values with the version read; all or nothing.
///
/// 422 naming each bad value by element and option; 409 on a stale version or a report that is
/// sent or approved.
#[utoipa::path(put, path = "/api/v1/reports/{form}/{period}/{unit}/values", tag = "reports", params(("form" = String, Path, description = "Form code", example = "BDG_NAM"),
        ("period" = String, Path, description = "Period, named as DHIS2 names it (nine months: 2025N9)", pattern = "^[0-9]{4}([SQ][1-4]|N9|0[1-9]|1[0-2])?$", example = "2025"),
        ("unit" = String, Path, description = "The reporting area's code, resolved on the period's last day", example = "91")),
    request_body = ValuesInput,
    responses((status = 200, description = "The report as saved", body = ReportView), WriteRefusals))]
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
#[derive(Debug, Deserialize, ToSchema)]
pub struct StepInput {
    /// The version read.
    version: i64,
    /// Why (return, waive and reopen need one).
    #[serde(default)]
    reason: String,
}

/// The workflow's steps, as a path names them.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code, reason = "documents the values the `step` path parameter takes")]
pub enum StepName {
    /// The officer of the area sends the report.
    Submit,
    /// The leader of the level above approves it.
    Approve,
    /// The leader of the level above returns it, with a reason.
    Return,
    /// The leader of the level above waives it, with a reason.
    Waive,
    /// An administrator reopens it, with a reason.
    Reopen,
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

/// A workflow step.
///
/// Submit (officer of the area), approve, return or waive (leader of the level above; return
/// and waive need a reason), reopen (administrator, with a reason).
#[utoipa::path(post, path = "/api/v1/reports/{form}/{period}/{unit}/{step}", tag = "reports",
    params(("form" = String, Path, description = "Form code", example = "BDG_NAM"),
        ("period" = String, Path, description = "Period, named as DHIS2 names it (nine months: 2025N9)", pattern = "^[0-9]{4}([SQ][1-4]|N9|0[1-9]|1[0-2])?$", example = "2025"),
        ("unit" = String, Path, description = "The reporting area's code, resolved on the period's last day", example = "91"), ("step" = StepName, Path, description = "The step")),
    request_body = StepInput,
    responses((status = 200, description = "The report after the step", body = ReportView), WriteRefusals))]
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

/// Who reports on which form, from when to when.
#[utoipa::path(get, path = "/api/v1/obligations", tag = "reports",
    responses((status = 200, description = "The obligations", body = Items<Obligation>), ReadRefusals))]
pub async fn obligations(State(state): State<AppState>, ApiUser(_user): ApiUser) -> ApiResult<Items<Obligation>> {
    Ok(Json(Items { items: state.store.obligations().await? }))
}

/// An obligation to add.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ObligationInput {
    /// Form code.
    form: String,
    /// The kind of unit that reports.
    #[schema(value_type = UnitKind)]
    kind: String,
    /// YYYY-MM-DD.
    #[schema(format = Date)]
    valid_from: String,
    /// YYYY-MM-DD, or empty.
    #[serde(default)]
    valid_to: Option<String>,
    /// Why (the decision that sets it).
    #[serde(default)]
    note: String,
}

/// Add an obligation (administrators of the national catalog).
#[utoipa::path(post, path = "/api/v1/obligations", tag = "reports", request_body = ObligationInput,
    responses((status = 201, description = "Added", body = Obligation), WriteRefusals))]
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
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EverywhereQuery {
    /// Form code.
    #[param(example = "BDG_NAM")]
    form: String,
    /// Period (2025, 2025S1, 2025Q3, 202503, 2025N9).
    #[param(pattern = "^[0-9]{4}([SQ][1-4]|N9|0[1-9]|1[0-2])?$", example = "2025")]
    period: String,
    /// YYYY-MM-DD: the map's date (default: the period's last day).
    #[param(format = Date)]
    as_of: Option<String>,
}

/// Completeness of every area in the caller's scope at once (one pass over the area tree).
#[utoipa::path(get, path = "/api/v1/completeness/areas", tag = "reports", params(EverywhereQuery),
    responses((status = 200, description = "Completeness by area", body = Items<AreaCompleteness>), ReadRefusals))]
pub async fn completeness_areas(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<EverywhereQuery>,
) -> ApiResult<Items<AreaCompleteness>> {
    let as_of = q.as_of.as_deref().filter(|s| !s.trim().is_empty()).map(|s| parse_date("as_of", s)).transpose()?;
    let items = super::completeness_everywhere(&state, &user, &q.form, &q.period, as_of).await?;
    Ok(Json(Items { items }))
}
